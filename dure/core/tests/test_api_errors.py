"""Pydantic's error types, said in the active language (the API's 422 `errors[].message`)."""

import datetime as dt
import enum
import uuid
from typing import Any, Literal

import pydantic
import pytest
from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, Json, field_validator

from dure.core.api_errors import MESSAGES, validation_message


class Kind(enum.Enum):
    COOP = "coop"
    SOCIAL = "social"
    VILLAGE = "village"


class Inner(BaseModel):
    name: str = ""


class Everything(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required: int
    integer: int | None = None
    number: float | None = None
    flag: bool | None = None
    text: str | None = None
    short: str = Field("", max_length=100)
    long: str = Field("", min_length=2)
    at_least: int = Field(0, ge=1)
    at_most: int = Field(0, le=999_999_999_999_999)
    above: int = Field(1, gt=0)
    below: int = Field(0, lt=10)
    day: dt.date | None = None
    moment: dt.datetime | None = None
    blob: Json[Any] = None
    items: list[int] = []
    mapping: dict[str, int] = {}
    inner: Inner = Inner()
    kind: Kind = Kind.COOP
    literal: Literal["a", "b", "c"] = "a"
    key: uuid.UUID | None = None
    checked: str = ""

    @field_validator("checked")
    @classmethod
    def _checked(cls, value: str) -> str:
        if value == "bad":
            raise ValueError("무엇이 잘못되었는지 (a validator's own, translated message)")
        return value


BAD = {
    "integer": "abc",
    "number": "abc",
    "flag": "maybe",
    "text": 5,
    "short": "가" * 101,
    "long": "x",
    "at_least": 0,
    "at_most": 10**15,
    "above": 0,
    "below": 10,
    "day": "2026-02-30",
    "moment": "yesterday",
    "blob": "{not json",
    "items": "x",
    "mapping": "x",
    "inner": 5,
    "kind": "market",
    "literal": "z",
    "key": "not-a-uuid",
    "checked": "bad",
    "unexpected": 1,
}


def _errors(**values: Any) -> dict[str, dict[str, Any]]:
    with pytest.raises(pydantic.ValidationError) as raised:
        Everything.model_validate({**BAD, **values})
    return {str(e["loc"][0]): dict(e) for e in raised.value.errors(include_url=False)}


ENGLISH = {
    "required": ("missing", "This field is required."),
    "integer": ("int_parsing", "Enter a whole number."),
    "number": ("float_parsing", "Enter a number."),
    "flag": ("bool_parsing", "Enter true or false."),
    "text": ("string_type", "Enter text."),
    "short": ("string_too_long", "Enter at most 100 characters."),
    "long": ("string_too_short", "Enter at least 2 characters."),
    "at_least": ("greater_than_equal", "Ensure this value is greater than or equal to 1."),
    "at_most": ("less_than_equal", "Ensure this value is less than or equal to 999,999,999,999,999."),
    "above": ("greater_than", "Ensure this value is greater than 0."),
    "below": ("less_than", "Ensure this value is less than 10."),
    "day": ("date_from_datetime_parsing", "Enter a valid date (YYYY-MM-DD)."),
    "moment": (
        "datetime_from_date_parsing",
        "Enter a valid date and time (ISO 8601, for example 2026-03-01T09:00:00+09:00).",
    ),
    "blob": ("json_invalid", "Enter valid JSON."),
    "items": ("list_type", "Enter a list."),
    "mapping": ("dict_type", "Enter an object ({...})."),
    "inner": ("model_type", "Enter an object ({...})."),
    "kind": ("enum", "Choose one of: 'coop', 'social', 'village'."),
    "literal": ("literal_error", "Choose one of: 'a', 'b', 'c'."),
    "key": ("uuid_parsing", "Enter a valid UUID."),
    "checked": ("value_error", "무엇이 잘못되었는지 (a validator's own, translated message)"),
    "unexpected": ("extra_forbidden", "This field is not accepted."),
}


def test_each_common_pydantic_error_has_its_own_english_message() -> None:
    errors = _errors()
    with translation.override("en"):
        got = {field: (error["type"], validation_message(error)) for field, error in errors.items()}
    assert got == ENGLISH


@pytest.mark.parametrize(
    ("values", "field", "kind"),
    [
        ({"integer": 1.5}, "integer", "int_from_float"),
        ({"integer": [1]}, "integer", "int_type"),
        ({"integer": "9" * 5000}, "integer", "int_parsing_size"),
        ({"flag": 3}, "flag", "bool_parsing"),
        ({"flag": [True]}, "flag", "bool_type"),
        ({"day": "20260230"}, "day", "date_from_datetime_inexact"),
        ({"key": 5}, "key", "uuid_type"),
    ],
)
def test_the_other_spellings_of_a_type_error_say_the_same(values: dict, field: str, kind: str) -> None:
    error = _errors(**values)[field]
    assert error["type"] == kind
    with translation.override("en"):
        assert validation_message(error) != "Enter a valid value."


@pytest.mark.parametrize(
    ("kind", "english"),
    [
        (dt.date, "Enter a valid date (YYYY-MM-DD)."),
        (dt.datetime, "Enter a valid date and time (ISO 8601, for example 2026-03-01T09:00:00+09:00)."),
    ],
)
def test_strictly_parsed_dates_say_the_same(kind: type, english: str) -> None:
    with pytest.raises(pydantic.ValidationError) as raised:
        pydantic.TypeAdapter(kind).validate_json('"someday"', strict=True)
    (error,) = raised.value.errors(include_url=False)
    assert error["type"] in ("date_parsing", "datetime_parsing")
    with translation.override("en"):
        assert validation_message(dict(error)) == english


def test_korean_never_repeats_pydantics_english() -> None:
    errors = _errors()
    with translation.override("ko"):
        for field, error in errors.items():
            message = validation_message(error)
            assert message and message != error["msg"], field
            assert not message.startswith(("Field required", "Input should", "Value error")), field


def test_an_unknown_type_gets_the_general_message() -> None:
    with translation.override("en"):
        assert validation_message({"type": "something_new", "msg": "Something new"}) == "Enter a valid value."
    assert "missing" in MESSAGES and "extra_forbidden" in MESSAGES
