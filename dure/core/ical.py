"""iCalendar (RFC 5545) text: escaped values and content lines folded at 75 octets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

LINE_OCTETS = 75


def text(value: str) -> str:
    """A TEXT value (§3.3.11): backslash, semicolon, comma escaped; any line break (CRLF, CR or
    LF, as a browser's textarea sends them) becomes the two characters \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form (§3.3.5)."""
    return f"{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def fold(line: str) -> str:
    """One content line folded (§3.1): no physical line longer than 75 octets of UTF-8, a
    continuation starting with one space, and never inside a character (Korean is 3 octets)."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space takes one octet
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def document(lines: Iterable[str]) -> str:
    """Content lines joined with CRLF, each folded, ending in CRLF."""
    return "".join(fold(line) + "\r\n" for line in lines)
