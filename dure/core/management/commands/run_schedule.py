"""`dure run_schedule [--once]`: run the apps' periodic jobs (see dure.core.schedule)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dure.core.schedule import periodic_jobs, run_job


class Command(BaseCommand):
    help = "Run the periodic jobs (closing sales windows, reminders, expired offers) on their schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and stop (for cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = periodic_jobs()
        stopping = {"now": False}

        def stop(*_args: Any) -> None:
            stopping["now"] = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        due = dict.fromkeys(jobs, 0.0)
        while not stopping["now"]:
            now = time.monotonic()
            for job in jobs:
                if due[job] > now or stopping["now"]:
                    continue
                ok, printed = run_job(job)
                stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
                line = f"{stamp} {job.command}: {printed or 'ok'}" if ok else f"{stamp} {job.command} FAILED"
                (self.stdout if ok else self.stderr).write(line)
                due[job] = time.monotonic() + job.every_seconds
            if options["once"]:
                return
            wait = max(1.0, min(due.values()) - time.monotonic())
            deadline = time.monotonic() + wait
            while not stopping["now"] and time.monotonic() < deadline:
                time.sleep(min(1.0, deadline - time.monotonic()))
