from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from dure.programs.services import reminders_send


class Command(BaseCommand):
    help = "Email confirmed participants of sessions starting soon (each person once per session)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=int, default=24, help="Remind of sessions starting within this many hours."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(hours=options["hours"])
        self.stdout.write(_("Reminders sent: %(n)d") % {"n": sent})
