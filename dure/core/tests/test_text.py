from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dure.core.text import NulCharacterError, has_visible_character, particles, visible_text


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


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("'식빵'은(는) 판매하지 않습니다.", "'식빵'은 판매하지 않습니다."),
        ("'케이크'은(는) 판매하지 않습니다.", "'케이크'는 판매하지 않습니다."),
        ("판매 기간 '겨울 장터'이(가) 열려 있습니다.", "판매 기간 '겨울 장터'가 열려 있습니다."),
        ("커뮤니티홀을(를) 예약", "커뮤니티홀을 예약"),
        ("소회의실과(와) 강당", "소회의실과 강당"),
        ("'취소'(으)로 바꿀", "'취소'로 바꿀"),
        ("'서울'(으)로", "'서울'로"),  # after ㄹ: 로
        ("'확정'(으)로", "'확정'으로"),
        ("12/10은(는) 공휴일", "12/10은 공휴일"),  # 십: a final consonant
        ("2026-12-25은(는) 공휴일", "2026-12-25는 공휴일"),  # 이십오: none
        ("Room A은(는) 쉽니다", "Room A은(는) 쉽니다"),  # a Latin letter: both forms stay
        ("두 번: 빵은(는), 떡은(는)", "두 번: 빵은, 떡은"),
    ],
)
def test_particles_follow_the_word_before_them(written: str, said: str) -> None:
    assert particles(written) == said


def test_a_domain_error_says_its_particles_right() -> None:
    from dure.core.errors import Conflict

    name = "케이크"
    assert Conflict(f"'{name}'은(는) 판매하지 않습니다.").message == "'케이크'는 판매하지 않습니다."


def test_page_messages_say_their_particles_right(rf: Any) -> None:
    from django.contrib.messages import get_messages, success
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from dure.core.messages import ParticleFallbackStorage

    request = rf.get("/")
    request.session = SessionStore()
    request._messages = ParticleFallbackStorage(request)
    status = "확정"
    success(request, f"사업 상태가 '{status}'(으)로 바뀌었습니다.")
    assert [str(m) for m in get_messages(request)] == ["사업 상태가 '확정'으로 바뀌었습니다."]


@given(st.text(max_size=200))
def test_particles_never_fail_and_touch_only_particles(text: str) -> None:
    said = particles(text)
    if "(" not in text:
        assert said == text
    assert particles(said) == said  # once chosen, nothing is left to choose
