"""`dure destroy_expired_personal_data [--dry-run] [--today YYYY-MM-DD]`: destroy what has outlived its consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dure.accounts.retention import destroy_expired


class Command(BaseCommand):
    help = "Destroy personal data whose retention has ended (orders, registrations, consent records)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be destroyed; change nothing."
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(_("--today must be a date such as 2029-12-31.")) from error
        counts = destroy_expired(today=today, dry_run=options["dry_run"])
        summary = ", ".join(
            f"{apps.get_app_config(label).verbose_name} {count}" for label, count in counts.items()
        )
        if options["dry_run"]:
            self.stdout.write(
                _("Dry run, nothing destroyed. Would destroy: %(summary)s") % {"summary": summary}
            )
        else:
            self.stdout.write(_("Personal data destroyed: %(summary)s") % {"summary": summary})
