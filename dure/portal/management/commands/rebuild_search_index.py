"""`dure rebuild_search_index`: build the portal search index again from every enterprise and product."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from dure.portal.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the portal search index (enterprises and products)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = search_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} documents in {time.monotonic() - started:.1f} s.")
        )
