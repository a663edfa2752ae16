import pytest

from dure.core.text import NulCharacterError, has_visible_character, visible_text


@pytest.mark.parametrize(
    "value",
    ["", None, "   ", "\u200f", "\u202e\u200f", " \u200b\t\n", "\ufeff", "\x1b\x7f", "\u2066\u2069"],
)
def test_nothing_visible_is_empty(value: str | None) -> None:
    assert visible_text(value) == ""


def test_visible_text_is_stripped_and_keeps_what_is_inside() -> None:
    assert visible_text("  총회 \n") == "총회"
    assert visible_text("회의\u200b실") == "회의\u200b실"
    assert visible_text("\u200f총회") == "\u200f총회"
    assert has_visible_character("👩\u200d👩\u200d👧")


@pytest.mark.parametrize("value", ["\x00", "총회\x00", "\x00 "])
def test_nul_is_refused(value: str) -> None:
    with pytest.raises(NulCharacterError):
        visible_text(value)
