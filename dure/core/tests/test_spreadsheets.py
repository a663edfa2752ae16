"""Text stays text in the files Dure writes (no formula from a typed value)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dure.core.spreadsheets import csv_cell, csv_row, xlsx_row

PAYLOAD = '=HYPERLINK("http://evil.example","보기")'


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_row_keeps_a_formula_like_string_as_text(write_only: bool) -> None:
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, [PAYLOAD, "=1+1", "-3", "햇살빵집", 1200, None]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[-1][1])
    assert [c.value for c in cells[:5]] == [PAYLOAD, "=1+1", "-3", "햇살빵집", 1200]
    assert [c.data_type for c in cells[:5]] == ["s", "s", "s", "s", "n"]


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe() -> None:
    assert csv_row([PAYLOAD, "+82", "-", "@sum", "\tx", "햇살", 5, None]) == [
        "'" + PAYLOAD,
        "'+82",
        "'-",
        "'@sum",
        "'\tx",
        "햇살",
        5,
        None,
    ]
    assert csv_cell("062-123-4567") == "062-123-4567"
