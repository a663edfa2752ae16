"""Settings and WSGI entry for the benchmark server: the real project plus one floor view."""

from dure.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


def _application():  # noqa: ANN202
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def application(environ, start_response):  # noqa: ANN001, ANN201
    global _app
    try:
        app = _app
    except NameError:
        app = _app = _application()
    return app(environ, start_response)
