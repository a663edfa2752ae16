"""Files the collaboration pages hand out: settlement statements as XLSX (openpyxl) and a
network's shared calendar as iCalendar."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dure.collab import selectors
from dure.core import ical
from dure.core.spreadsheets import xlsx_row


def settlement_xlsx(project: Any, summary: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Settlement")[:31]
    sheet.append(xlsx_row(sheet, [project.name]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Received (won)"), summary["received"], _("Units sold"), summary["units"]])
    sheet.append([])
    header = [
        _("Enterprise"),
        _("Units made"),
        _("Revenue share (won)"),
        _("Costs (won)"),
        _("Grant share (won)"),
        _("Amount to pay (won)"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in summary["lines"]:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    line["name"],
                    line["units"],
                    line["revenue_share"],
                    line["cost"],
                    line["grant_share"],
                    line["amount"],
                ],
            )
        )
    sheet.append(
        [
            _("Total"),
            sum(line["units"] for line in summary["lines"]),
            sum(line["revenue_share"] for line in summary["lines"]),
            sum(line["cost"] for line in summary["lines"]),
            sum(line["grant_share"] for line in summary["lines"]),
            sum(line["amount"] for line in summary["lines"]),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=5, min_col=2, max_col=6):
        for cell in row:
            cell.number_format = "#,##0"
    sheet.column_dimensions["A"].width = 32
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 18
    runs = workbook.create_sheet(_("Sales windows")[:31])
    runs.append(
        [_("Product"), _("Sales window"), _("Version"), _("Split rule"), _("Received (won)"), _("Units")]
    )
    for run in summary["settlements"]:
        runs.append(
            xlsx_row(
                runs,
                [
                    run["product"],
                    run["window_name"],
                    run["version"],
                    run["rule"],
                    run["received"],
                    run["units"],
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def network_calendar_ics(network: Any) -> str:
    """The network's shared calendar as an iCalendar document (RFC 5545)."""
    stamp = ical.utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Dure//collab//KO",
        f"X-WR-CALNAME:{ical.text(network.name)}",
    ]
    for event in selectors.network_events(network):
        lines += [
            "BEGIN:VEVENT",
            f"UID:collab-event-{event.pk}@dure",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{ical.utc(event.starts_at)}",
            f"DTEND:{ical.utc(event.ends_at)}",
            f"SUMMARY:{ical.text(event.title)}",
            f"LOCATION:{ical.text(event.location)}",
            f"DESCRIPTION:{ical.text(event.description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ical.document(lines)
