import pytest
from hypothesis import given
from hypothesis import strategies as st

from dure.core.masking import mask


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("홍길동", "name", "홍*동"),
        ("김철", "name", "김*"),
        ("남궁민수", "name", "남**수"),
        ("김", "name", "*"),
        ("010-1234-5678", "phone", "010-****-5678"),
        ("01012345678", "phone", "010-****-5678"),
        ("062-123-4567", "phone", "062-***-4567"),
        ("hong@example.org", "email", "ho**@example.org"),
        ("ab@example.org", "email", "a*@example.org"),
        ("광주광역시 북구 용봉로 77 101동 202호", "address", "광주광역시 북구 용봉로 77 ***"),
        ("광주광역시 북구 용봉로 77", "address", "광주광역시 북구 용봉로 77"),
        ("110-123-456789", "account", "**********6789"),
        ("", "name", ""),
        (None, "phone", ""),
    ],
)
def test_mask(value, kind, expected):
    assert mask(value, kind) == expected


@given(st.text(min_size=3, max_size=20).filter(lambda s: s.strip() == s and len(s) >= 3))
def test_mask_name_never_shows_the_middle(name):
    masked = mask(name, "name")
    assert len(masked) == len(name)
    assert masked[1:-1] == "*" * (len(name) - 2)


@given(st.from_regex(r"01[016789]-?\d{4}-?\d{4}", fullmatch=True))
def test_mask_phone_hides_the_middle_group(phone):
    masked = mask(phone, "phone")
    assert "****" in masked and masked.endswith(phone[-4:])
