"""Name normalisation for matching enterprises that have no 사업자등록번호."""

from __future__ import annotations

import re
import unicodedata

_LEGAL_WORDS = re.compile(
    r"(주식회사|\(주\)|㈜|유한회사|\(유\)|사단법인|\(사\)|재단법인|\(재\)|농업회사법인|영농조합법인|"
    r"사회적협동조합|협동조합|\(사협\)|\(협\))"
)


def normalize_name(name: str | None) -> str:
    """'(주) 희망 세탁' and '희망세탁 주식회사' both become '희망세탁'."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _LEGAL_WORDS.sub("", text)
    text = re.sub(r"[\s\-_.,·ㆍ()\[\]{}'\"“”‘’]", "", text)
    return text.lower()
