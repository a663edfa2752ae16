"""Text typed by people: what counts as "something was written".

`str.strip()` keeps control and invisible format characters (U+200F RIGHT-TO-LEFT MARK, U+202E,
U+200B, NUL...), so a purpose of "\\u200f" passed every "required" check. A NUL byte is also
refused by PostgreSQL (a server error instead of a message). Django's form fields already refuse
NUL; the JSON API and services call these helpers.
"""

from __future__ import annotations

import re
import unicodedata

# Upper bounds for text people type (TextField max_length: the forms built on a model enforce it;
# the database does not). A field's bound says what it is for, not what a database could store.
TEXT_NOTE = 2_000  # a comment, what an enterprise offers or needs, a group's description
TEXT_DESCRIPTION = 5_000  # a description of a product, room, window, agenda item
TEXT_DOCUMENT = 10_000  # a project's or program's description, a business plan
TEXT_ARTICLE = 20_000  # a news post, a meeting's notes
PASSWORD_MAX = 1_024  # hashing a megabyte-long password would tie up a worker

# Cc: control characters (NUL, ESC, DEL...); Cf: invisible format characters (bidi marks and
# overrides, zero-width space and joiners, BOM...); separators; combining marks with nothing to
# sit on; surrogates, private-use and unassigned code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters that render as nothing: Hangul fillers and the braille blank (categories Lo/So, so the
# category test does not catch them).
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


class NulCharacterError(ValueError):
    """The text holds a NUL character (U+0000), which no text column can store on PostgreSQL."""


def has_visible_character(value: str) -> bool:
    """Whether `value` holds anything but whitespace and control or format characters."""
    return any(
        not character.isspace()
        and character not in INVISIBLE_LETTERS
        and unicodedata.category(character) not in INVISIBLE_CATEGORIES
        for character in value
    )


def has_control_character(value: str) -> bool:
    """NUL and the other C0/C1 controls: never part of a name, address or phone number."""
    return any(unicodedata.category(character) == "Cc" for character in value)


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


# Korean particles that depend on the word before them. A translation writes both forms,
# "%(name)s은(는)", because it cannot know the word; once the word is in, `particles` keeps the
# one that fits: 빵은, 케이크는, 회의실로, 강당으로. After a Latin letter or a symbol it cannot
# tell (English words are read many ways), so both forms stay.
_PARTICLES = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "아(야)": ("아", "야"),
    "(으)로": ("으로", "로"),
    "(이)라": ("이라", "라"),
}
_PARTICLE_RE = re.compile(
    r"([가-힣0-9])([’'\")\]」』]*)(" + "|".join(re.escape(p) for p in _PARTICLES) + r")"
)
# How each digit is read (영 일 이 삼 사 오 육 칠 팔 구): the final consonant, "" for none, "ㄹ".
_DIGIT_FINAL = {
    "0": "ㅇ",
    "1": "ㄹ",
    "2": "",
    "3": "ㅁ",
    "4": "",
    "5": "",
    "6": "ㄱ",
    "7": "ㄹ",
    "8": "ㄹ",
    "9": "",
}
_RIEUL = 8  # the index of ㄹ among the final consonants of a Hangul syllable


def _final(char: str) -> str:
    """The final consonant of how `char` is read: "" for none, "ㄹ", or "x" for another."""
    if char in _DIGIT_FINAL:
        return _DIGIT_FINAL[char]
    index = (ord(char) - 0xAC00) % 28
    return "" if index == 0 else "ㄹ" if index == _RIEUL else "x"


def particles(text: str) -> str:
    """Choose each "은(는)"-style particle by the syllable (or digit) before it."""

    def choose(match: re.Match[str]) -> str:
        char, closing, particle = match.groups()
        with_final, without_final = _PARTICLES[particle]
        final = _final(char)
        if particle == "(으)로":
            # 로 after a vowel and after ㄹ (서울로), 으로 after any other final consonant.
            chosen = without_final if final in ("", "ㄹ") else with_final
        else:
            chosen = without_final if final == "" else with_final
        return char + closing + chosen

    return _PARTICLE_RE.sub(choose, text)
