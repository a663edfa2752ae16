import pytest

from dure.core.identifiers import brn_check_digit, brn_error, brn_format, brn_is_valid

VALID = [
    "214-87-98889",
    "617-86-11575",
    "114-86-00579",
    "221-83-01195",
    "129-81-16573",
    "134-86-72683",
    "409-86-33769",
]


@pytest.mark.parametrize("number", VALID)
def test_real_numbers_are_valid(number):
    assert brn_is_valid(number)
    assert brn_is_valid(number.replace("-", ""))
    assert brn_error(number) is None


def test_wrong_check_digit():
    assert not brn_is_valid("206-18-12345")
    assert brn_error("206-18-12345") == "check_digit"


@pytest.mark.parametrize("number", ["12345", "abc-de-fghij", "214-87-988890", ""])
def test_wrong_form(number):
    assert brn_error(number) == "format"


def test_check_digit_formula():
    # 214-87-9888?: S = 2+3+28+8+21+63+8+24+40 + floor(5*8/10) = 197 + 4 = 201 → (10 - 1) % 10 = 9
    assert brn_check_digit("214879888") == 9


def test_format():
    assert brn_format("2148798889") == "214-87-98889"
