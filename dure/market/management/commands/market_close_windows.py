"""`dure market_close_windows`: record the close of windows past their closing time (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from dure.market.services import windows_close_expired


class Command(BaseCommand):
    help = str(_("Close sales windows whose closing time has passed."))

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("Windows closed: %(n)d") % {"n": windows_close_expired()})
