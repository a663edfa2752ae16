"""`dure import_flows PATH [--json] [--dry-run]`: money flows from CSV or XLSX into the ledger."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dure.circulation.importing import import_flows
from dure.core.errors import DomainError


class Command(BaseCommand):
    help = "Import money flows (date,payer,payer_region,payee,payee_region,amount,kind) from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_flows(options["path"], actor="import_flows", dry_run=options["dry_run"])
        except DomainError as error:
            if options["json"]:
                self.stdout.write(json.dumps({"error": error.message}, ensure_ascii=False))
            raise CommandError(error.message) from error
        data = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            _("%(rows)d rows: %(created)d created, %(unchanged)d unchanged, %(rejected)d rejected")
            % {
                "rows": report.rows,
                "created": report.created,
                "unchanged": report.unchanged,
                "rejected": len({item["line"] for item in report.rejected}),
            }
        )
        for item in report.rejected:
            self.stdout.write(
                _("line %(line)s, column %(column)s: %(reason)s")
                % {"line": item["line"], "column": item["column"], "reason": item["reason"]}
            )
