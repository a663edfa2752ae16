"""`dure send_incubation_reminders [--days 30] [--days 7] [--queue]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

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
                raise CommandError(_("--days cannot be negative."))
            if options["queue"]:
                send_incubation_reminders.enqueue(days=days)
                self.stdout.write(_("Queued: reminders %(days)d days ahead.") % {"days": days})
                continue
            try:
                sent = services.tenancy_reminders_send(days=days)
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(_("%(days)d days: %(n)d reminders sent") % {"days": days, "n": len(sent)})
