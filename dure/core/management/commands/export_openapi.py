from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the /api/v1/ OpenAPI document (docs/openapi.json is this output, committed)."

    def handle(self, *args: Any, **options: Any) -> None:
        from dure.config.api import api

        self.stdout.write(
            json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2, sort_keys=True, default=str)
        )
