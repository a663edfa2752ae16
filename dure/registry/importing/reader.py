"""Reading the files as they come: CSV in UTF-8 (±BOM), CP949 or EUC-KR, XLSX, and the HTML tables
that many portals send with an .xls name.

`read_table` returns every non-empty row with the line number a person sees: the spreadsheet
row in an XLSX, the physical line in a CSV. Finding the header row is `headers.find_header`'s job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

# How many rows from the top may be titles, notes and blank lines before the header.
HEADER_SEARCH_ROWS = 30


class UnreadableFile(Exception):
    """The file cannot be read as an enterprise list at all; nothing was written."""

    def __init__(self, message: str, *, found: list[str] | None = None, expected: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.found = found or []
        self.expected = expected or []


@dataclass
class Table:
    """Raw rows: (line number, cells). Cells are str, or date/number for XLSX cells."""

    kind: str  # "csv" or "xlsx"
    encoding: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    sheet: str = ""


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM) or UTF-16 with its BOM first, then CP949 — a superset of EUC-KR, so
    an EUC-KR file decodes the same — and only then charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "유니코드 텍스트" (Unicode text): UTF-16 with its byte-order mark, tab-separated.
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UnreadableFile(_("The file's text encoding could not be recognised.")) from error
    if b"\x00" in data[:4096]:
        raise UnreadableFile(_("The file is not a text file or a spreadsheet."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableFile(_("The file's text encoding could not be recognised."))
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise UnreadableFile(_("The file's text encoding could not be recognised.")) from error


def _sniff_delimiter(text: str) -> str:
    sample = text[:8192]
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    delimiter = _sniff_delimiter(text)
    table = Table(kind="csv", encoding=encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            # A quoted field may span lines: the row starts on the line after the previous one ended.
            if any(c.strip() for c in cells):
                table.rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(_("The file is not a valid CSV file: %(error)s") % {"error": error}) from error
    return table


class _HtmlTableParser(HTMLParser):
    """The rows of the HTML tables in a page: what many portals send as an ".xls" download."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None:
            self.rows.append(self._row)
        self._row = None


def looks_like_html(data: bytes) -> bool:
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<table" in head


def read_html(data: bytes) -> Table:
    """An HTML table saved with an .xls name. Line numbers are the rows Excel shows it in."""
    text, encoding = decode_text(data)
    parser = _HtmlTableParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as error:  # html.parser gives up on some broken markup
        raise UnreadableFile(_("The file is not a valid HTML table: %(error)s") % {"error": error}) from error
    table = Table(kind="html", encoding=encoding)
    for number, cells in enumerate(parser.rows, start=1):
        if any(cell for cell in cells):
            table.rows.append((number, cells))
    return table


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return value  # datetime, date, int, float, bool


def read_xlsx(data: bytes) -> list[Table]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise UnreadableFile(
            _("The spreadsheet could not be opened: %(error)s") % {"error": error}
        ) from error
    tables = []
    try:
        for sheet in workbook.worksheets:
            table = Table(kind="xlsx", encoding="", sheet=sheet.title)
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any((c.strip() if isinstance(c, str) else True) for c in cells if c != ""):
                    table.rows.append((number, cells))
            tables.append(table)
    finally:
        workbook.close()
    return tables


def read_tables(data: bytes, filename: str = "") -> list[Table]:
    """All tables in the file (one per XLSX sheet, one for a CSV)."""
    if not data:
        raise UnreadableFile(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UnreadableFile(_("The spreadsheet could not be opened."))
        return read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(
            _(
                "This is an old Excel (.xls) file. Open it in Excel and save it as .xlsx or CSV, then upload that."
            )
        )
    if looks_like_html(data):
        return [read_html(data)]
    return [read_csv(data)]


def cell_text(value: Any) -> str:
    """A cell as text, the way it would look when typed (used for messages and the rejected file)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
