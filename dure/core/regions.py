"""Region codes: 행정표준코드 prefixes (2-digit 시·도, 5-digit 시·군·구).

"Local" means a region code that starts with the configured prefix (DURE_REGION_PREFIX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def english_active() -> bool:
    """Whether the active language is English: names (places, holidays, the center) are then
    written in their English form where one exists."""
    return (translation.get_language() or "").startswith("en")


SIDO: dict[str, str] = {
    "11": "서울특별시",
    "26": "부산광역시",
    "27": "대구광역시",
    "28": "인천광역시",
    "29": "광주광역시",
    "30": "대전광역시",
    "31": "울산광역시",
    "36": "세종특별자치시",
    "41": "경기도",
    "43": "충청북도",
    "44": "충청남도",
    "46": "전라남도",
    "47": "경상북도",
    "48": "경상남도",
    "50": "제주특별자치도",
    "51": "강원특별자치도",
    "52": "전북특별자치도",
}
SIDO_EN: dict[str, str] = {
    "11": "Seoul",
    "26": "Busan",
    "27": "Daegu",
    "28": "Incheon",
    "29": "Gwangju",
    "30": "Daejeon",
    "31": "Ulsan",
    "36": "Sejong",
    "41": "Gyeonggi-do",
    "43": "Chungcheongbuk-do",
    "44": "Chungcheongnam-do",
    "46": "Jeollanam-do",
    "47": "Gyeongsangbuk-do",
    "48": "Gyeongsangnam-do",
    "50": "Jeju",
    "51": "Gangwon",
    "52": "Jeonbuk",
}
# Short names as they appear at the start of addresses in the official lists.
SIDO_ALIASES: dict[str, str] = {
    "서울": "11",
    "부산": "26",
    "대구": "27",
    "인천": "28",
    "광주광역시": "29",
    "광주시": "29",
    "대전": "30",
    "울산": "31",
    "세종": "36",
    "경기": "41",
    "충북": "43",
    "충청북도": "43",
    "충남": "44",
    "충청남도": "44",
    "전남": "46",
    "전라남도": "46",
    "경북": "47",
    "경상북도": "47",
    "경남": "48",
    "경상남도": "48",
    "제주": "50",
    "강원": "51",
    "전북": "52",
    "전라북도": "52",
}


@dataclass(frozen=True)
class District:
    code: str
    name: str
    name_en: str
    # The district office: where an enterprise without coordinates is drawn on the map.
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        """The district's name in the active language (북구 / Buk-gu)."""
        return self.name_en if english_active() else self.name


GWANGJU_DISTRICTS: tuple[District, ...] = (
    District("29110", "동구", "Dong-gu", 35.1461, 126.9232),
    District("29140", "서구", "Seo-gu", 35.1520, 126.8903),
    District("29155", "남구", "Nam-gu", 35.1330, 126.9025),
    District("29170", "북구", "Buk-gu", 35.1741, 126.9120),
    District("29200", "광산구", "Gwangsan-gu", 35.1395, 126.7937),
)


def load_districts(path: str, *, prefix: str) -> tuple[District, ...]:
    """The districts of another region, from a UTF-8 CSV with the columns code, name, name_en,
    latitude, longitude (the district office, where an enterprise without coordinates is drawn):
    `DURE_DISTRICTS_FILE`. Every code is the 5-digit 시·군·구 code inside `prefix`."""
    import csv

    from django.core.exceptions import ImproperlyConfigured

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ImproperlyConfigured(f"DURE_DISTRICTS_FILE {path!r} cannot be read: {error}") from error
    districts = []
    for number, row in enumerate(rows, start=2):
        try:
            code = (row.get("code") or "").strip()
            name = (row.get("name") or "").strip()
            district = District(
                code,
                name,
                (row.get("name_en") or "").strip() or name,
                float(row["latitude"]),
                float(row["longitude"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ImproperlyConfigured(
                f"DURE_DISTRICTS_FILE line {number}: needs code, name, name_en, latitude, longitude ({error})"
            ) from error
        if not (len(code) == 5 and code.isdigit() and code.startswith(prefix[:2])) or not name:
            raise ImproperlyConfigured(
                f"DURE_DISTRICTS_FILE line {number}: {code!r} is not a 5-digit district code of region {prefix}"
            )
        districts.append(district)
    if not districts:
        raise ImproperlyConfigured(f"DURE_DISTRICTS_FILE {path!r} lists no district")
    return tuple(districts)


# The districts of the region this center serves: Gwangju's unless DURE_DISTRICTS_FILE lists
# another region's (docs/DECISIONS.md, "Another region's center").
DISTRICTS: tuple[District, ...] = (
    load_districts(settings.DURE_DISTRICTS_FILE, prefix=settings.DURE_REGION_PREFIX)
    if getattr(settings, "DURE_DISTRICTS_FILE", "")
    else GWANGJU_DISTRICTS
)
DISTRICTS_BY_CODE: dict[str, District] = {d.code: d for d in DISTRICTS}


def _district_label(code: str) -> str:
    return DISTRICTS_BY_CODE[code].label


# Labels follow the language of each request (forms build their choices once, at import).
DISTRICT_CHOICES = [(d.code, lazy(_district_label, str)(d.code)) for d in DISTRICTS]


def _home_sido() -> str:
    return str(settings.DURE_REGION_PREFIX)[:2]


def _region_names(sido: str) -> list[str]:
    """How addresses in the region start: 광주광역시, 광주시, 광주 (longest first)."""
    full = SIDO.get(sido, "")
    short = re.sub(r"(특별자치시|특별자치도|특별시|광역시|도)$", "", full)
    names = {full, short, short + "시", *(alias for alias, code in SIDO_ALIASES.items() if code == sido)}
    return sorted((name for name in names if name), key=len, reverse=True)


_REGION_PREFIX = re.compile(r"^\s*(?:" + "|".join(map(re.escape, _region_names(_home_sido()))) + r")\s+")
_DISTRICT_AT_START = [(d.code, re.compile(rf"^\s*{re.escape(d.name)}(\s|$|,)")) for d in DISTRICTS]


def region_name(code: str | None, *, english: bool | None = None) -> str:
    """A human name for a region code of any length ('' when unknown), in the active language
    unless `english` says which (records and files that must not change with the reader pass it)."""
    if not code:
        return ""
    if english is None:
        english = english_active()
    if code in DISTRICTS_BY_CODE:
        district = DISTRICTS_BY_CODE[code]
        sido = (SIDO_EN if english else SIDO).get(code[:2], "")
        return f"{sido} {district.name_en if english else district.name}"
    sido_names = SIDO_EN if english else SIDO
    return sido_names.get(code[:2], code)


def district_name(code: str | None) -> str:
    district = DISTRICTS_BY_CODE.get(code or "")
    return district.name if district else ""


def is_local(code: str | None, prefix: str | None = None) -> bool:
    """True when the region code lies inside the boundary (the configured region by default)."""
    boundary = prefix if prefix is not None else settings.DURE_REGION_PREFIX
    return bool(code) and str(code).startswith(boundary)


def district_from_address(address: str | None) -> str | None:
    """The 5-digit code of the region's district an address is in, or None.

    For Gwangju: '광주광역시 북구 …', '광주 북구 …', '광주시 광산구 …' and a bare '북구 …'; not
    경기도 광주시, which is a different city, nor another province's 북구.
    """
    if not address:
        return None
    rest = _REGION_PREFIX.sub("", address.strip(), count=1)
    for code, pattern in _DISTRICT_AT_START:
        if pattern.match(rest):
            return code
    return None


def sido_from_address(address: str | None) -> str | None:
    """The 2-digit 시·도 code an address starts with, or None."""
    if not address:
        return None
    text = address.strip()
    if district_from_address(text):
        return _home_sido()
    if text.startswith("경기도 광주시") or text.startswith("경기 광주시"):
        return "41"
    for code, name in SIDO.items():
        if text.startswith(name):
            return code
    for alias, code in SIDO_ALIASES.items():
        if text.startswith(alias):
            return code
    return None


def boundary_choices() -> list[tuple[str, object]]:
    prefix = settings.DURE_REGION_PREFIX
    return (
        [(prefix, settings.DURE_REGION_NAME)]
        + [(d.code, d.name) for d in DISTRICTS]
        + [("", _("whole country"))]
    )
