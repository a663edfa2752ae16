"""The periodic jobs: each app lists its own in its AppConfig as `periodic = [(command, seconds)]`.

`dure run_schedule` runs them — beside `db_worker` in `make demo`, as a service in production (or
`dure run_schedule --once` from cron). Every job is a management command that is safe to run again
(it does only what is due and remembers what it did), so a missed or doubled run does no harm.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command

logger = logging.getLogger("dure.schedule")


@dataclass(frozen=True)
class PeriodicJob:
    command: str
    every_seconds: int
    app: str


def periodic_jobs() -> list[PeriodicJob]:
    jobs = []
    for config in apps.get_app_configs():
        for command, seconds in getattr(config, "periodic", ()):
            jobs.append(PeriodicJob(command=command, every_seconds=int(seconds), app=config.label))
    return sorted(jobs, key=lambda job: (job.every_seconds, job.command))


def run_job(job: PeriodicJob) -> tuple[bool, str]:
    """Run one job; (succeeded, what it printed). A failing job is logged, never raised: the
    schedule goes on with the others."""
    out = io.StringIO()
    try:
        call_command(job.command, stdout=out, stderr=out)
    except Exception:  # one job's failure must not stop the schedule
        logger.exception("periodic job %s failed", job.command)
        return False, out.getvalue().strip()
    return True, out.getvalue().strip()
