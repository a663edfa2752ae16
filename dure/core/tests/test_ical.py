"""iCalendar text: escaping and folding (RFC 5545 §3.1, §3.3.11)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dure.core import ical


def unfold(document: str) -> list[str]:
    return document.replace("\r\n ", "").split("\r\n")[:-1]


def test_text_escapes_and_turns_every_line_break_into_backslash_n() -> None:
    assert ical.text("회의; 1층, A\\B") == "회의\\; 1층\\, A\\\\B"
    assert ical.text("첫 줄\r\n둘째 줄\r셋째\n넷째") == "첫 줄\\n둘째 줄\\n셋째\\n넷째"
    assert "\r" not in ical.text("a\r\nb\rc")


def test_a_long_korean_line_is_folded_between_characters() -> None:
    line = "DESCRIPTION:" + "광주 사회적경제 협업 회의" * 10
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_a_short_line_is_left_alone() -> None:
    assert ical.fold("SUMMARY:월례 회의") == "SUMMARY:월례 회의"


# A content line starts with its property name, never with a space (that would be a fold).
content_lines = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=200
).map(lambda value: f"X-TEST:{value}")


@given(st.lists(content_lines))
def test_document_unfolds_to_its_lines(lines: list[str]) -> None:
    document = ical.document(lines)
    assert document.endswith("\r\n") or not lines
    assert all(len(p.encode()) <= 75 for p in document.split("\r\n"))
    assert unfold(document) == lines
