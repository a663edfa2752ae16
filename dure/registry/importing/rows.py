"""One row → the values of an enterprise and its designation, or the reasons it is rejected."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.identifiers import brn_check_digit
from dure.core.regions import DISTRICTS, district_from_address
from dure.registry.importing.headers import Header
from dure.registry.importing.reader import cell_text
from dure.registry.models import DEFAULT_AUTHORITY, DesignationType, LegalForm
from dure.registry.normalize import normalize_name

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE = re.compile(
    r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR = re.compile(r"^(\d{4})\s*년?$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_KSIC = re.compile(r"^([A-Z]\d{0,5})\s+(.+)$")
_DISTRICT_NAMES = {d.name: d.code for d in DISTRICTS}

# Field lengths of Enterprise / Designation, so an overlong cell is refused, not a database error.
_MAX = {
    "name": 200,
    "representative": 100,
    "address": 300,
    "website": 300,
    "phone": 30,
    "industry": 100,
    "social_purpose": 100,
    "number": 50,
    "round": 30,
}


# Rows under a list that are not enterprises: 합계, 소계, 총계, 계, and notes (※ 자료: …, * 주석).
_FOOTER = re.compile(r"^(?:[합총소]\s*계|계|[※*].*)$")
# A row needs one of these besides its name to be an enterprise at all.
_IDENTIFYING = ("brn", "address", "representative", "crn", "start_date")
# Hyphens and dashes that word processors and the web put in numbers.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def phone_from_number(value: Any) -> str:
    """A phone number a spreadsheet stored as a number, which drops the leading 0: 627931234 is
    062-793-1234, 1012345678 is 010-1234-5678, 212345678 is 02-1234-5678."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
        return cell_text(value)
    digits = "0" + str(int(value))
    if digits.startswith("02"):
        area, rest = digits[:2], digits[2:]
    else:
        area, rest = digits[:3], digits[3:]
    if len(rest) not in (7, 8):
        return digits
    return f"{area}-{rest[:-4]}-{rest[-4:]}"


def _cell_value(value: Any) -> Any:
    """A cell as the row mapper reads it: text with its spaces folded, ="…" unwrapped."""
    if value.__class__ is not str:
        return value
    value = " ".join(value.split()) if ("  " in value or "\n" in value or "\t" in value) else value.strip()
    if value[:2] == '="' and value[-1:] == '"':
        # ="0627931234": how some exports keep Excel from turning a number into one.
        value = value[2:-1].strip()
    return value


@functools.lru_cache(maxsize=4096)
def _district_of_prefix(prefix: str) -> str:
    return district_from_address(prefix) or ""


def _district(address: str) -> str:
    """district_from_address looks at the first words only; cache on them (the hot path)."""
    if not address:
        return ""
    return _district_of_prefix(" ".join(address.split()[:3]))


class BadValue(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse_date(value: Any, *, allow_year: bool = False) -> dt.date | None:
    """`2017-03-02`, `2017.03.02`, `2017. 3. 2.`, `20170302`, `2017/3/2`, `2017년 3월 2일`, a
    date cell, or an Excel serial number (days since 1899-12-30). None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue(_("This is not a date."))
    if isinstance(value, int | float):
        number = float(value)
        if allow_year and number.is_integer() and 1900 <= number <= 2100:
            return dt.date(int(number), 1, 1)
        if number.is_integer() and 1 <= number < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(number))
        raise BadValue(_("This is not a date."))
    text = str(value).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # full-width digits and dots: ２０１７．３．２
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as error:
            raise BadValue(_("There is no such date: %(value)s.") % {"value": text}) from error
    if allow_year and _YEAR.match(text):
        return dt.date(int(_YEAR.match(text).group(1)), 1, 1)  # type: ignore[union-attr]
    if _SERIAL.match(text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    raise BadValue(_("This is not a date: %(value)s.") % {"value": text[:40]})


def check_date(value: dt.date | None, *, today: dt.date | None = None) -> dt.date | None:
    if value is None:
        return None
    if value.year < 1900:
        raise BadValue(_("The date %(date)s is impossible (before 1900).") % {"date": value.isoformat()})
    if value > (today or timezone.localdate()) + dt.timedelta(days=366):
        raise BadValue(_("The date %(date)s is in the future.") % {"date": value.isoformat()})
    return value


def brn_problem(value: str) -> str | None:
    """Faster twin of dure.core.identifiers.brn_error for the hot path: 'format', 'check_digit' or None."""
    if len(value) != 10 or not value.isdigit():
        return "format"
    if value[3:5] == "00" or value[:3] == "000" or value[5:9] == "0000":
        return "format"
    if brn_check_digit(value[:9]) != int(value[9]):
        return "check_digit"
    return None


def legal_form_for(name: str, kind: str) -> str | None:
    text = f"{name} {kind}"
    if "사회적협동조합" in text:
        return LegalForm.SOCIAL_COOPERATIVE
    if "협동조합" in text:
        return LegalForm.COOPERATIVE
    if "주식회사" in name or "(주)" in name or "㈜" in name or "유한회사" in name:
        return LegalForm.COMPANY
    if "농업회사법인" in name or "영농조합법인" in name:
        return LegalForm.AGRICULTURAL
    if "사단법인" in name or "재단법인" in name or "(사)" in name or "(재)" in name:
        return LegalForm.NONPROFIT
    return None


_SOCIAL, _PRE_SOCIAL = str(DesignationType.SOCIAL.value), str(DesignationType.PRE_SOCIAL.value)
_COOP, _SOCIAL_COOP = str(DesignationType.COOP.value), str(DesignationType.SOCIAL_COOP.value)
_VILLAGE, _SELF = str(DesignationType.VILLAGE.value), str(DesignationType.SELF_SUFFICIENCY.value)
_AUTHORITY = {str(k): v for k, v in DEFAULT_AUTHORITY.items()}


def designation_type_for(fmt: str, kind: str, name: str) -> str:
    if fmt == "moel":
        return _PRE_SOCIAL if "예비" in kind else _SOCIAL
    if fmt == "coop":
        if "사회적" in kind or (not kind and "사회적협동조합" in name):
            return _SOCIAL_COOP
        return _COOP
    if fmt == "village":
        return _VILLAGE
    return _SELF


@dataclass
class Rejection:
    line: int
    column: str
    reason: str
    values: list[str] = field(default_factory=list)
    sheet: str = ""  # set when the file holds lists on several sheets

    def public(self) -> dict[str, Any]:
        data: dict[str, Any] = {"line": self.line, "column": self.column, "reason": self.reason}
        if self.sheet:
            data["sheet"] = self.sheet
        return data


@dataclass
class ImportRow:
    line: int
    brn: str
    district: str
    values: dict[str, Any]  # Enterprise fields the row gives (never empty strings)
    designation: dict[str, Any]  # Designation fields
    flagged: bool

    @functools.cached_property
    def name_key(self) -> str:
        """Normalised name (computed only when a row is matched by name: the hot path skips it)."""
        return normalize_name(self.values["name"])

    @property
    def key(self) -> tuple[str, str]:
        return ("brn", self.brn) if self.brn else ("name", f"{self.name_key}|{self.district}")


class RowMapper:
    """Maps and validates the rows of one table whose header and format are known."""

    def __init__(self, header: Header, fmt: str):
        self.header = header
        self.fmt = fmt
        self.columns = header.columns
        self.fallbacks = header.fallbacks
        self.labels = header.labels
        self.today = timezone.localdate()

    def _get(self, cells: dict[str, Any], name: str) -> Any:
        return cells.get(name, "")

    def _text(self, cells: dict[str, Any], name: str) -> str:
        value = cells.get(name, "")
        if value.__class__ is str:
            return value
        return cell_text(value)

    def label(self, name: str) -> str:
        index = self.columns.get(name)
        return self.labels[index] if index is not None else name

    def map(self, line: int, cells: list[Any]) -> ImportRow | Rejection:
        size = len(cells)
        values: dict[str, Any] = {}
        for name, index in self.columns.items():
            if index < size:
                value = _cell_value(cells[index])
                if value != "" and value is not None:
                    values[name] = value
        for name, others in self.fallbacks.items():
            if name not in values:
                for index in others:
                    value = _cell_value(cells[index]) if index < size else ""
                    if value != "" and value is not None:
                        values[name] = value
                        break
        try:
            return self._map(line, values)
        except _Reject as rejection:
            return Rejection(line, rejection.column, rejection.reason, [cell_text(c) for c in cells])

    def _fail(self, name: str, reason: str) -> _Reject:
        return _Reject(self.label(name), reason)

    def _map(self, line: int, cells: dict[str, Any]) -> ImportRow:
        name = self._text(cells, "name")
        if not name:
            raise self._fail("name", _("The enterprise name is missing."))
        if _FOOTER.match(name):
            raise self._fail("name", _("This is a total or a note below the list, not an enterprise."))
        if not any(key in cells for key in _IDENTIFYING):
            raise self._fail(
                "name",
                _(
                    "Only the name is filled in: an enterprise needs at least its business registration "
                    "number, address or representative."
                ),
            )
        values: dict[str, Any] = {"name": name}
        for key in ("representative", "address", "phone", "social_purpose"):
            text = self._text(cells, key)
            if text:
                values[key] = text
        if "phone" in values and cells["phone"].__class__ is not str:
            values["phone"] = phone_from_number(cells["phone"])
        for key in values:
            limit = _MAX.get(key, 0)
            if limit and len(values[key]) > limit:
                raise self._fail(key, _("The value is longer than %(limit)d characters.") % {"limit": limit})

        raw_brn = self._text(cells, "brn")
        brn = ""
        if raw_brn:
            if not raw_brn.isascii():
                # Full-width digits and the many dashes of word processors: ４０８－８６－９５１６０.
                raw_brn = _DASHES.sub("-", unicodedata.normalize("NFKC", raw_brn))
            brn = raw_brn.replace("-", "").replace(" ", "")
            if brn.endswith(".0"):
                brn = brn[:-2]
            problem = brn_problem(brn)
            if problem == "format":
                raise self._fail("brn", _("A business registration number has 10 digits (123-45-67890)."))
            if problem == "check_digit":
                raise self._fail("brn", _("The business registration number's check digit is wrong."))
            values["brn"] = brn

        crn = re.sub(r"\D", "", self._text(cells, "crn"))
        if crn:
            if len(crn) != 13:
                raise self._fail("crn", _("A corporate registration number has 13 digits."))
            values["crn"] = crn

        district = _district(values.get("address", ""))
        if not district:
            region = " ".join(x for x in (self._text(cells, "sido"), self._text(cells, "sigungu")) if x)
            region = region or self._text(cells, "region")
            district = district_from_address(region) or _DISTRICT_NAMES.get(region, "")
        if district:
            values["district_code"] = district

        website = self._text(cells, "website")
        if website and website not in ("-", "없음"):
            if not re.match(r"^https?://", website, re.I):
                website = "http://" + website
            if len(website) > 300 or " " in website or "." not in website:
                raise self._fail("website", _("This is not a web address."))
            values["website"] = website

        industry = self._text(cells, "industry")
        if industry:
            match = _KSIC.match(industry)
            if match:
                values["ksic_code"] = match.group(1)
            values["industry"] = industry[: _MAX["industry"]]
        description = self._text(cells, "description")
        if description:
            values["description"] = description

        kind = self._text(cells, "kind")
        legal_form = legal_form_for(name, kind)
        if legal_form:
            values["legal_form"] = legal_form
        dtype = designation_type_for(self.fmt, kind, name)
        designation: dict[str, Any] = {"type": dtype, "authority": _AUTHORITY.get(dtype, "")}

        try:
            start = check_date(parse_date(self._get(cells, "start_date")), today=self.today)
        except BadValue as error:
            raise self._fail("start_date", error.reason) from error
        try:
            end = check_date(parse_date(self._get(cells, "end_date")), today=self.today)
        except BadValue as error:
            raise self._fail("end_date", error.reason) from error
        if start and end and end < start:
            raise self._fail("end_date", _("A designation cannot end before it starts."))
        year_text = self._text(cells, "year")
        round_parts = []
        if year_text:
            match = re.match(r"^(\d{4})(?:\.0)?\s*년?$", year_text)
            if not match:
                raise self._fail("year", _("This is not a year: %(value)s.") % {"value": year_text[:20]})
            year = int(match.group(1))
            if year < 1900 or year > self.today.year + 1:
                raise self._fail("year", _("The year %(year)d is impossible.") % {"year": year})
            round_parts.append(str(year))
        if start:
            designation["start_date"] = start
            if self.fmt == "coop":
                values["founded_on"] = start
        if end:
            designation["end_date"] = end
            designation["is_active"] = end >= self.today
        number = self._text(cells, "number")
        if number:
            if len(number) > _MAX["number"]:
                raise self._fail(
                    "number", _("The value is longer than %(limit)d characters.") % {"limit": 50}
                )
            designation["number"] = number
        round_text = self._text(cells, "round")
        if round_text:
            round_parts.append(round_text)
        elif self.fmt == "village" and kind:
            round_parts.append(kind)  # 신규 / 재지정 / 고도화
        if round_parts:
            designation["round"] = " ".join(round_parts)[: _MAX["round"]]

        return ImportRow(
            line=line,
            brn=brn,
            district=district,
            values=values,
            designation=designation,
            flagged=not brn,
        )


class _Reject(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason
