from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dure.programs.services import offers_expire


class Command(BaseCommand):
    help = "Expire waiting-list seat offers past their deadline and offer the seats to the next in line."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = offers_expire()
        self.stdout.write(_("Expired offers: %(n)d") % {"n": expired})
