"""Text typed by people: what counts as "something was written".

`str.strip()` keeps control and invisible format characters (U+200F RIGHT-TO-LEFT MARK, U+202E,
U+200B, NUL...), so a purpose of "\\u200f" passed every "required" check. A NUL byte is also
refused by PostgreSQL (a server error instead of a message). Django's form fields already refuse
NUL; the JSON API and services call these helpers.
"""

from __future__ import annotations

import unicodedata

# Cc: control characters (NUL, ESC, DEL...); Cf: invisible format characters (bidi marks and
# overrides, zero-width space and joiners, BOM...).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})


class NulCharacterError(ValueError):
    """The text holds a NUL character (U+0000), which no text column can store on PostgreSQL."""


def has_visible_character(value: str) -> bool:
    """Whether `value` holds anything but whitespace and control or format characters."""
    return any(
        not character.isspace() and unicodedata.category(character) not in INVISIBLE_CATEGORIES
        for character in value
    )


def visible_text(value: str | None) -> str:
    """`value` without surrounding whitespace, or "" when nothing visible is left.

    Characters inside the text are kept (a zero-width joiner inside an emoji, newlines inside a
    note). Raises NulCharacterError when the text holds a NUL character.
    """
    value = value or ""
    if "\x00" in value:
        raise NulCharacterError("text contains a NUL character")
    value = value.strip()
    return value if has_visible_character(value) else ""
