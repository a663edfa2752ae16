"""`dure import_enterprises PATH [--format …] [--dry-run] [--json]`: import an official list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from dure.registry.importing import UnreadableFile, import_file
from dure.registry.importing.headers import FORMATS


class Command(BaseCommand):
    help = "Import an official list of enterprises (CSV in UTF-8/CP949/EUC-KR, or XLSX)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--json", action="store_true", help="End with one JSON line of the counts.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("The file could not be read: %(error)s") % {"error": error}, returncode=2
            ) from error
        try:
            result = import_file(
                data,
                filename=path.name,
                fmt=options["format"],
                dry_run=options["dry_run"],
                actor="import_enterprises",
            )
        except UnreadableFile as error:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "error": error.message,
                            "headers_found": error.found,
                            "headers_expected": error.expected,
                        },
                        ensure_ascii=False,
                    )
                )
            raise CommandError(error.message, returncode=2) from error
        except DatabaseError as error:
            # The import is one transaction: it rolled back whole, so nothing was written.
            message = _("The database refused the import, so nothing was written: %(error)s") % {
                "error": str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            }
            if options["json"]:
                self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
            raise CommandError(message, returncode=1) from error
        for rejection in result.rejected:
            where = {"line": rejection.line, "column": rejection.column, "reason": rejection.reason}
            if rejection.sheet:
                self.stderr.write(
                    _("sheet %(sheet)s, line %(line)d, %(column)s: %(reason)s")
                    % {**where, "sheet": rejection.sheet}
                )
            else:
                self.stderr.write(_("line %(line)d, %(column)s: %(reason)s") % where)
        prefix = _("Dry run, nothing written. ") if result.dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "%(format)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(flagged)d flagged for review, %(rejected)d rejected."
            )
            % {
                "format": result.format,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "flagged": result.flagged,
                "rejected": len(result.rejected),
            }
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
