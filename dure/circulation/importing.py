"""Reading money-flow files (CSV in UTF-8 / CP949 / EUC-KR, or XLSX) into the ledger.

Row-level reporting like the enterprise import: each rejected row names its line, column and
reason, and nothing of it is written. Idempotent: each row's reference is derived from the file's
content (a hash of the normalised row plus its occurrence index among identical rows), so
importing the same file again creates nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from dure.circulation.models import Flow, FlowKind, FlowSource
from dure.circulation.services import clean_region, flow_record, looks_like_brn
from dure.core.errors import DomainError
from dure.core.identifiers import brn_error

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "occurred_on", "일자", "날짜", "거래일", "거래일자"),
    "payer": ("payer", "지급자", "지출자", "보낸곳", "payer_name"),
    "payer_region": ("payer_region", "지급자지역", "지급자 지역", "지출자지역"),
    "payee": ("payee", "수취인", "수령자", "받는곳", "payee_name"),
    "payee_region": ("payee_region", "수취인지역", "수취인 지역", "수령자지역"),
    "amount": ("amount", "금액", "금액(원)"),
    "kind": ("kind", "종류", "구분", "유형"),
    "source": ("source", "출처"),
    "reference": ("reference", "참조", "참조번호"),
    "payer_brn": ("payer_brn", "지급자사업자등록번호"),
    "payee_brn": ("payee_brn", "수취인사업자등록번호"),
}
REQUIRED = ("date", "payer", "payer_region", "payee", "payee_region", "amount", "kind")
KIND_ALIASES = {
    "매출": "sale",
    "판매": "sale",
    "구매": "purchase",
    "매입": "purchase",
    "임금": "wage",
    "급여": "wage",
    "인건비": "wage",
    "보조금": "grant",
    "지원금": "grant",
    "세금": "tax",
    "조세": "tax",
    "대출": "loan",
    "융자": "loan",
    "기타": "other",
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class ImportReport:
    path: str
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    created_amount: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "rows": self.rows,
            "created": self.created,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "created_amount": self.created_amount,
            "dry_run": self.dry_run,
        }


class FileError(DomainError):
    pass


def _normalise_header(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or "")).lower()


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is neither UTF-8 nor CP949/EUC-KR text."))


def read_table(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number, cells) for every non-empty row, CSV or XLSX."""
    if not path.exists():
        raise FileError(_("No file at %(path)s.") % {"path": path})
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds for a damaged file
            raise FileError(_("The spreadsheet could not be read: %(error)s") % {"error": error}) from error
        sheet = workbook.worksheets[0]
        rows = [
            (index, list(row))
            for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(cell not in (None, "") for cell in row)
        ]
        workbook.close()
        return rows
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]


def _find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]]:
    """The first row (of the first ten) that names every required column; title rows above are skipped."""
    aliases = {_normalise_header(alias): key for key, names in COLUMNS.items() for alias in names}
    for position, (_line, cells) in enumerate(rows[:10]):
        mapping: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = aliases.get(_normalise_header(cell))
            if key and key not in mapping:
                mapping[key] = index
        if all(key in mapping for key in REQUIRED):
            return position, mapping
    raise FileError(
        _("No header row with the columns %(columns)s was found.") % {"columns": ", ".join(REQUIRED)}
    )


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 1 < value < 100_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = str(value or "").strip().rstrip(".")
    match = re.fullmatch(r"(\d{4})[-./\s]+(\d{1,2})[-./\s]+(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        raise ValueError(text)
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def _parse_amount(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = re.sub(r"[,\s원₩]", "", str(value or ""))
    number = Decimal(text)
    if number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


def _cell(cells: list[Any], mapping: dict[str, int], key: str) -> Any:
    index = mapping.get(key)
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def normalise_row(
    cells: list[Any], mapping: dict[str, int]
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """The row as flow_record arguments, or the problems found (column, reason)."""
    problems: list[dict[str, str]] = []
    values: dict[str, Any] = {}
    for key in REQUIRED:
        if _text(_cell(cells, mapping, key)) == "":
            problems.append({"column": key, "reason": _("empty")})
    if problems:
        return None, problems
    try:
        values["occurred_on"] = _parse_date(_cell(cells, mapping, "date"))
    except (ValueError, TypeError, OverflowError):
        problems.append({"column": "date", "reason": _("not a date (use YYYY-MM-DD)")})
    for key in ("payer", "payee"):
        name = _text(_cell(cells, mapping, key))
        if looks_like_brn(name) and brn_error(name):
            problems.append({"column": key, "reason": _("invalid business registration number")})
        values[f"{key}_name"] = name
        brn = _text(_cell(cells, mapping, f"{key}_brn"))
        if brn and brn_error(brn):
            problems.append({"column": f"{key}_brn", "reason": _("invalid business registration number")})
        values[f"{key}_brn"] = brn
        try:
            values[f"{key}_region"] = clean_region(_text(_cell(cells, mapping, f"{key}_region")), field=key)
        except DomainError:
            problems.append({"column": f"{key}_region", "reason": _("a region code is 2 to 10 digits")})
    try:
        amount = _parse_amount(_cell(cells, mapping, "amount"))
        if amount <= 0:
            problems.append({"column": "amount", "reason": _("must be more than zero")})
        values["amount"] = amount
    except (InvalidOperation, ValueError):
        problems.append({"column": "amount", "reason": _("not a whole number of won")})
    kind = _text(_cell(cells, mapping, "kind")).lower()
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in FlowKind.values:
        problems.append(
            {
                "column": "kind",
                "reason": _("unknown kind (one of %(kinds)s)") % {"kinds": ", ".join(FlowKind.values)},
            }
        )
    values["kind"] = kind
    source = _text(_cell(cells, mapping, "source")).lower() or FlowSource.IMPORT
    if source not in FlowSource.values:
        problems.append({"column": "source", "reason": _("unknown source")})
    values["source"] = source
    if values.get("payer_name") == values.get("payee_name") and values.get("payer_region") == values.get(
        "payee_region"
    ):
        problems.append({"column": "payee", "reason": _("payer and payee are the same party")})
    values["reference"] = _text(_cell(cells, mapping, "reference"))
    if len(values["reference"]) > 180:
        problems.append({"column": "reference", "reason": _("longer than 180 characters")})
    return (None, problems) if problems else (values, [])


def _row_key(values: dict[str, Any]) -> str:
    parts = [
        values["occurred_on"].isoformat(),
        values["payer_name"],
        values["payer_brn"],
        values["payer_region"],
        values["payee_name"],
        values["payee_brn"],
        values["payee_region"],
        str(values["amount"]),
        values["kind"],
        values["source"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def import_flows(path: str | Path, *, actor: Any = None, dry_run: bool = False) -> ImportReport:
    """Import a flows file; rows are independent (one bad row does not stop the others)."""
    path = Path(path)
    report = ImportReport(path=str(path), dry_run=dry_run)
    rows = read_table(path)
    if not rows:
        raise FileError(_("The file is empty."))
    header_position, mapping = _find_header(rows)
    seen: dict[str, int] = defaultdict(int)
    for line, cells in rows[header_position + 1 :]:
        report.rows += 1
        values, problems = normalise_row(cells, mapping)
        if values is None:
            for problem in problems:
                report.rejected.append({"line": line, **problem})
            continue
        if not values["reference"]:
            key = _row_key(values)
            seen[key] += 1
            values["reference"] = f"import:{key}:{seen[key]}"
        if Flow.objects.filter(reference=values["reference"]).exists():
            report.unchanged += 1
            continue
        if dry_run:
            report.created += 1
            report.created_amount += values["amount"]
            continue
        try:
            flow_record(actor=actor, **values)
        except DomainError as error:
            report.rejected.append({"line": line, "column": error.field or "", "reason": error.message})
            continue
        report.created += 1
        report.created_amount += values["amount"]
    return report
