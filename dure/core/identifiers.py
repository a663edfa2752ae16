"""사업자등록번호 (business registration number) and 법인등록번호 helpers.

python-stdnum compacts, formats and checks the form; it does not check the last digit, so the
check digit is computed here as DOMAIN.md gives it.
"""

from __future__ import annotations

import re

from stdnum.kr import brn as stdnum_brn

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) + (5 * digits[8]) // 10
    return (10 - total % 10) % 10


def brn_compact(value: str | None) -> str:
    if not value:
        return ""
    return stdnum_brn.compact(str(value))


def brn_is_valid(value: str | None) -> bool:
    compact = brn_compact(value)
    if not re.fullmatch(r"\d{10}", compact):
        return False
    try:
        stdnum_brn.validate(compact)
    except Exception:  # stdnum raises several ValidationError subclasses
        return False
    return brn_check_digit(compact[:9]) == int(compact[9])


def brn_error(value: str | None) -> str | None:
    """Why a 사업자등록번호 is invalid ('format' or 'check_digit'), or None when it is valid."""
    compact = brn_compact(value)
    if not re.fullmatch(r"\d{10}", compact):
        return "format"
    try:
        stdnum_brn.validate(compact)
    except Exception:
        return "format"
    if brn_check_digit(compact[:9]) != int(compact[9]):
        return "check_digit"
    return None


def brn_format(value: str | None) -> str:
    compact = brn_compact(value)
    if len(compact) != 10:
        return compact
    return f"{compact[:3]}-{compact[3:5]}-{compact[5:]}"


def brn_with_check_digit(first_nine: str) -> str:
    return first_nine + str(brn_check_digit(first_nine))


def crn_compact(value: str | None) -> str:
    """법인등록번호: 13 digits, hyphens dropped."""
    return re.sub(r"\D", "", value or "")
