"""Header names and their variants → fields; which list format a header row belongs to."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from dure.registry.importing.reader import HEADER_SEARCH_ROWS, Table, cell_text

FORMATS = ("moel", "coop", "village", "self_sufficiency")

# field → header variants seen in the ministries' and KoSEA's lists (compared without spaces,
# brackets' contents and punctuation; see `header_key`).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "기관명",
        "기업명",
        "법인명",
        "상호",
        "상호명",
        "업체명",
        "사업체명",
        "단체명",
        "협동조합명",
        "조합명",
        "마을기업명",
        "자활기업명",
        "사회적기업명",
        "기업체명",
        "명칭",
    ),
    "brn": ("사업자등록번호", "사업자번호", "사업자등록No", "사업자등록"),
    "crn": ("법인등록번호", "법인번호"),
    "representative": ("대표자", "대표자명", "대표", "대표자성명", "대표이사", "이사장"),
    "address": (
        "소재지",
        "주소",
        "사업장주소",
        "사업장소재지",
        "소재지주소",
        "도로명주소",
        "본점소재지",
        "주사무소소재지",
        "주사무소",
    ),
    "region": ("지역", "소재지역", "관할", "관할지역"),
    "sido": ("시도", "시·도", "광역시도", "광역"),
    "sigungu": ("시군구", "시·군·구", "기초", "관할시군구", "자치구"),
    "website": ("홈페이지", "웹사이트", "홈페이지주소", "url", "홈페이지url"),
    "phone": ("전화번호", "연락처", "대표전화", "전화", "대표번호"),
    "kind": ("구분", "유형", "조합유형", "법인유형", "조합구분", "인증구분", "기업구분"),
    "start_date": (
        "인증일자",
        "인증일",
        "지정일",
        "지정일자",
        "인정일",
        "인정일자",
        "설립일",
        "설립일자",
        "설립신고일",
        "설립신고수리일",
        "신고수리일",
        "인가일",
        "인가일자",
        "선정일",
        "선정일자",
    ),
    "end_date": ("인증만료일", "지정만료일", "만료일", "종료일", "지정종료일", "인증종료일"),
    "year": ("지정연도", "지정년도", "선정연도", "선정년도", "연도", "년도"),
    "number": ("인증번호", "지정번호", "인정번호", "신고번호", "등록번호"),
    "round": ("인증회차", "회차", "차수", "지정회차"),
    "industry": ("업종", "업태", "업종명", "주업종"),
    "description": ("사업내용", "주요사업", "주요사업내용", "사업분야", "주요생산품", "주요제품"),
    "social_purpose": ("사회적목적실현유형", "사회적목적유형", "실현유형", "목적유형"),
    "service_area": ("사회서비스분야", "서비스분야"),
    "support_center": ("지역자활센터", "자활센터", "소속자활센터"),
    "regional_center": ("광역자활센터",),
    "serial": ("연번", "번호", "순번", "no"),
}

# Headers that only one format's lists have.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "moel": (
        "인증번호",
        "인증일자",
        "인증일",
        "사회적목적실현유형",
        "사회적목적유형",
        "인증회차",
        "사회서비스분야",
        "사회적기업명",
    ),
    "coop": (
        "협동조합명",
        "조합명",
        "설립신고일",
        "설립신고수리일",
        "신고수리일",
        "조합유형",
        "조합구분",
        "인가일",
    ),
    "village": ("마을기업명", "지정연도", "지정년도", "선정연도", "선정년도"),
    "self_sufficiency": (
        "광역자활센터",
        "지역자활센터",
        "자활센터",
        "자활기업명",
        "인정일",
        "인정일자",
        "인정번호",
    ),
}

_BRACKETS = re.compile(r"[\(\[（【].*?[\)\]）】]")
_PUNCT = re.compile(r"[\s·ㆍ\.\-_/:*※#]")


def header_key(text: Any) -> str:
    value = unicodedata.normalize("NFKC", cell_text(text)).lower()
    value = _PUNCT.sub("", value)
    stripped = _BRACKETS.sub("", value)
    return stripped or value


_LOOKUP: dict[str, str] = {}
for _field, _variants in ALIASES.items():
    for _variant in _variants:
        _LOOKUP.setdefault(header_key(_variant), _field)

_SIGNATURE_KEYS = {fmt: {header_key(h) for h in heads} for fmt, heads in SIGNATURES.items()}

# Shown when no header is found: what the importer looks for.
EXPECTED_HEADERS = [
    "기관명/기업명/협동조합명/마을기업명",
    "사업자등록번호",
    "대표자",
    "소재지/주소",
    "인증일자/설립일/지정연도/인정일",
]


# Fields a list may give in more than one column, any of which will do: the road-name and the
# lot-number address, two phone columns. (Two date columns mean different dates: not these.)
FALLBACK_FIELDS = frozenset({"address", "phone"})


@dataclass
class Header:
    line: int
    labels: list[str]  # the header cells as written
    columns: dict[str, int]  # field → column index (first column wins)
    keys: set[str]
    # field → the other columns of the same field, read when the first is empty in a row
    # (소재지(도로명) then 소재지(지번); 전화번호 then 연락처).
    fallbacks: dict[str, list[int]] = field(default_factory=dict)


def field_for(label: Any) -> str | None:
    key = header_key(label)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    return None


def parse_header(line: int, cells: list[Any]) -> Header:
    labels = [cell_text(c) for c in cells]
    columns: dict[str, int] = {}
    fallbacks: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        name = field_for(label)
        if name and name not in columns:
            columns[name] = index
        elif name in FALLBACK_FIELDS:
            fallbacks.setdefault(name, []).append(index)
    return Header(
        line=line,
        labels=labels,
        columns=columns,
        keys={header_key(x) for x in labels if x},
        fallbacks=fallbacks,
    )


def find_header(table: Table) -> Header | None:
    """The first row near the top that names an enterprise column and at least two others."""
    for line, cells in table.rows[:HEADER_SEARCH_ROWS]:
        header = parse_header(line, cells)
        known = set(header.columns) - {"serial"}
        if "name" in known and len(known) >= 3:
            return header
    return None


def headers_seen(table: Table) -> list[str]:
    """What looks most like a header in a file without one: the fullest row near the top."""
    best: list[str] = []
    for _line, cells in table.rows[:HEADER_SEARCH_ROWS]:
        labels = [cell_text(c) for c in cells if cell_text(c)]
        if len(labels) > len(best):
            best = labels
    return [label[:40] for label in best[:20]]


def detect_format(header: Header, sample_kinds: list[str]) -> str | None:
    scores = {fmt: len(header.keys & keys) for fmt, keys in _SIGNATURE_KEYS.items()}
    if any("협동조합" in kind for kind in sample_kinds):
        scores["coop"] += 2
    best = max(scores.values())
    if best == 0:
        return None
    winners = [fmt for fmt, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None
