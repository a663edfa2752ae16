"""The one personal-data masking function used by every screen and export (PIPA).

Rules follow the usual Korean public-sector practice (개인정보 표시제한 보호조치):
- name: keep the first and last character, mask the middle ('홍길동' → '홍*동', '김철' → '김*');
- phone: mask the middle group ('010-1234-5678' → '010-****-5678');
- email: keep the first two characters of the local part ('hong@example.org' → 'ho**@example.org');
- address: keep up to the road name and building number, drop the detail after it;
- account / any other: keep the last four characters.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["name", "phone", "email", "address", "account", "text"]

_PHONE = re.compile(r"^(\d{2,3})[-. )]?(\d{3,4})[-. ]?(\d{4})$")


def mask(value: str | None, kind: Kind) -> str:
    """Mask one personal value for display or export."""
    if value is None:
        return ""
    text = str(value).strip()
    if not text:
        return ""
    if kind == "name":
        if len(text) <= 1:
            return "*"
        if len(text) == 2:
            return text[0] + "*"
        return text[0] + "*" * (len(text) - 2) + text[-1]
    if kind == "phone":
        digits = re.sub(r"\D", "", text)
        match = _PHONE.match(digits)
        if match:
            return f"{match.group(1)}-{'*' * len(match.group(2))}-{match.group(3)}"
        return "*" * max(len(digits) - 4, 0) + digits[-4:]
    if kind == "email":
        local, _, domain = text.partition("@")
        if not domain:
            return mask(text, "text")
        keep = local[:2] if len(local) > 2 else local[:1]
        return keep + "*" * max(len(local) - len(keep), 1) + "@" + domain
    if kind == "address":
        # Road-name address: keep '… 로/길 123' and drop everything after the building number.
        match = re.match(r"^(.*?(?:로|길)\s*\d+(?:-\d+)?)", text)
        if match:
            return match.group(1) + (" ***" if len(match.group(1)) < len(text) else "")
        parts = text.split()
        return " ".join(parts[:3]) + (" ***" if len(parts) > 3 else "")
    # account and anything else: only the last four characters remain visible.
    return "*" * max(len(text) - 4, 0) + text[-4:]
