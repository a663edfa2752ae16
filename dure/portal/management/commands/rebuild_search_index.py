"""`dure rebuild_search_index`: build the portal search index again from every enterprise and product."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dure.portal.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the portal search index (enterprises and products)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = search_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                _("Indexed %(n)d documents in %(seconds).1f s.")
                % {"n": count, "seconds": time.monotonic() - started}
            )
        )
