"""CSV and XLSX files for sellers' sales reports and the public-purchasing report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dure.core.spreadsheets import xlsx_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]], title: str = ""
) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        if title:
            sheet.append(xlsx_row(sheet, [title]))
            sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(xlsx_row(sheet, header))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column) + 4
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sales_report_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    from dure.market.models import Channel

    header = [
        _("Enterprise"),
        _("Product"),
        _("Channel"),
        _("Orders"),
        _("Units"),
        _("Sales (won)"),
        _("VAT (won)"),
    ]
    body = [
        [
            r["enterprise"],
            r["product"],
            str(Channel(r["channel"]).label),
            r["orders"],
            r["units"],
            r["total"],
            r["vat"],
        ]
        for r in rows
    ]
    return header, body


def purchase_report_xlsx(report: dict[str, Any]) -> bytes:
    """The shape institutions submit: one row per institution, then per enterprise type."""
    from dure.market.models import InstitutionKind

    year = report["year"]
    institutions = [
        [
            r["name"],
            str(InstitutionKind(r["kind"]).label),
            year,
            r["target"],
            r["actual"],
            r["rate"] if r["rate"] is not None else "",
            r["on_dure"],
            r["imported"],
        ]
        for r in report["institutions"]
    ]
    institutions.append(
        [
            _("Total"),
            "",
            year,
            report["total"]["target"],
            report["total"]["actual"],
            report["total"]["rate"] or "",
            "",
            "",
        ]
    )
    types = [
        [r["label"], year, r["target"], r["actual"], r["rate"] if r["rate"] is not None else ""]
        for r in report["types"]
    ]
    return xlsx_bytes(
        [
            (
                _("By institution"),
                [
                    _("Institution"),
                    _("Kind"),
                    _("Year"),
                    _("Target (won)"),
                    _("Purchases (won)"),
                    _("Rate (%)"),
                    _("On Dure (won)"),
                    _("Elsewhere (won)"),
                ],
                institutions,
            ),
            (
                _("By enterprise type"),
                [_("Enterprise type"), _("Year"), _("Target (won)"), _("Purchases (won)"), _("Rate (%)")],
                types,
            ),
        ],
        title=_("Social economy products: priority purchases %(year)s") % {"year": year},
    )
