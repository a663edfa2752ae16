"""`dure send_incubation_reminders [--days 30] [--days 7] [--queue]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dure.core.errors import DomainError
from dure.spaces import services
from dure.spaces.tasks import send_incubation_reminders


class Command(BaseCommand):
    help = (
        "Email the tenants of incubation rooms whose contract ends within N days "
        "(once per contract and threshold; running it again sends nothing new)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, action="append", help="threshold in days (repeatable; default 30)"
        )
        parser.add_argument("--queue", action="store_true", help="queue the task for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        thresholds = options["days"] or [30]
        for days in thresholds:
            if days < 0:
                raise CommandError("--days cannot be negative")
            if options["queue"]:
                send_incubation_reminders.enqueue(days=days)
                self.stdout.write(f"queued: reminders {days} days ahead")
                continue
            try:
                sent = services.tenancy_reminders_send(days=days)
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"{days} days: {len(sent)} reminders sent")
