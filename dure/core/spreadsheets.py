"""Cells for the CSV and XLSX files Dure writes: text stays text.

openpyxl stores any string that starts with "=" as a formula, so a product name, a description
an enterprise typed or a cell of a rejected import row such as `=HYPERLINK(...)` would become a
live formula in the staff's or the public's Excel. In XLSX such a cell is written as a text cell
(the value is kept exactly; re-importing the file gives it back). CSV has no cell types: a value a
spreadsheet would evaluate (starting with = + - @, tab or CR) gets a leading apostrophe, the
usual guard against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV value a spreadsheet shows as text, never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def csv_text(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A CSV document (CRLF line ends, None as an empty cell) whose rows are guarded by `csv_row`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV download in UTF-8 with a BOM, so that Excel opens the Korean text correctly."""
    body = ("\ufeff" + csv_text(header, rows)).encode("utf-8")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Values for `sheet.append` (normal or write-only sheets): a string that openpyxl would
    take for a formula becomes a text cell with the same value."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
