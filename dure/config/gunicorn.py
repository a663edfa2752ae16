"""gunicorn settings for production: `gunicorn -c python:dure.config.gunicorn dure.config.wsgi`.

Each worker loads the Korean morphological analyser (kiwipiepy, a few seconds) when it starts,
not on the first visitor's search.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"


def post_worker_init(worker):  # noqa: ARG001  (gunicorn's hook signature)
    from dure.portal.search.analysis import kiwi

    kiwi().tokenize("두레")
