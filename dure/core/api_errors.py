"""The API's answers to input it cannot use: unreadable bodies, NUL characters, pydantic's errors.

Pydantic writes its messages in English ("Field required"); `validation_message` says the same
in the active language, from the error's `type` and `ctx`, so a 422 reads like the forms do.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.parser import Parser

from dure.core.errors import DomainError

NUL = "\x00"


class UnreadableBody(DomainError):
    code = "unreadable_body"


class NulCharacter(DomainError):
    code = "nul_character"


def _refuse_constant(name: str) -> float:
    # NaN and Infinity are not JSON; Python's json module reads them unless told not to.
    raise ValueError(f"{name} is not JSON")


def _nul_path(data: Any) -> str | None:
    """The dotted path of the first string (value or key) holding a NUL character, else None.

    Iterative: the parsed body can be as deep as the JSON parser allows.
    """
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                return ".".join(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                if NUL in key:
                    return ".".join(path)
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(value))
    return None


def _refuse_nul(path: str) -> NulCharacter:
    return NulCharacter(
        _("The request contains a NUL character (\\u0000), which cannot be stored. Remove it and try again."),
        field=path or None,
    )


class ProblemParser(Parser):
    """JSON bodies as UTF-8 JSON, nothing else, and no NUL character in any string.

    ninja turns any exception from `parse_body` into HttpError(400) with the parser's own text;
    the API's HttpError handler answers with the DomainError raised here instead (its `__cause__`).
    Query strings are checked for NUL too (PostgreSQL cannot compare text with one either).
    """

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            text = request.body.decode("utf-8")
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError, JSONDecodeError, too deep
            raise UnreadableBody(
                _("The request body cannot be read. Make sure it is valid JSON, encoded as UTF-8.")
            ) from error
        path = _nul_path(data)
        if path is not None:
            raise _refuse_nul(path)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        for key, values in data.lists():
            if NUL in key or any(isinstance(v, str) and NUL in v for v in values):
                raise _refuse_nul(key.replace(NUL, ""))
        return super().parse_querydict(data, list_fields, request)


# The error types pydantic raises for the schemas of this API, each with its message and the
# message's placeholders, filled from the error's `ctx` (placeholder: ctx key). Any other type
# says "Enter a valid value."; `type` and `loc` stay in the answer for clients that want more.
_INTEGER = gettext_lazy("Enter a whole number.")
_NUMBER = gettext_lazy("Enter a number.")
_BOOLEAN = gettext_lazy("Enter true or false.")
_DATE = gettext_lazy("Enter a valid date (YYYY-MM-DD).")
_DATETIME = gettext_lazy("Enter a valid date and time (ISO 8601, for example 2026-03-01T09:00:00+09:00).")
_TIME = gettext_lazy("Enter a valid time (HH:MM).")
_LIST = gettext_lazy("Enter a list.")
_OBJECT = gettext_lazy("Enter an object ({...}).")
_CHOICE = gettext_lazy("Choose one of: %(expected)s.")
_UUID = gettext_lazy("Enter a valid UUID.")
_URL = gettext_lazy("Enter a valid URL.")
_JSON = gettext_lazy("Enter valid JSON.")
_VALUE = gettext_lazy("Enter a valid value.")

MESSAGES: dict[str, tuple[Any, dict[str, str]]] = {
    "missing": (gettext_lazy("This field is required."), {}),
    "extra_forbidden": (gettext_lazy("This field is not accepted."), {}),
    "int_parsing": (_INTEGER, {}),
    "int_type": (_INTEGER, {}),
    "int_from_float": (_INTEGER, {}),
    "int_parsing_size": (gettext_lazy("The number is too large."), {}),
    "float_parsing": (_NUMBER, {}),
    "float_type": (_NUMBER, {}),
    "decimal_parsing": (_NUMBER, {}),
    "decimal_type": (_NUMBER, {}),
    "finite_number": (gettext_lazy("Enter a finite number."), {}),
    "bool_parsing": (_BOOLEAN, {}),
    "bool_type": (_BOOLEAN, {}),
    "string_type": (gettext_lazy("Enter text."), {}),
    "string_too_short": (
        gettext_lazy("Enter at least %(min_length)s characters."),
        {"min_length": "min_length"},
    ),
    "string_too_long": (
        gettext_lazy("Enter at most %(max_length)s characters."),
        {"max_length": "max_length"},
    ),
    "string_pattern_mismatch": (gettext_lazy("The text is not in the expected format."), {}),
    "too_short": (gettext_lazy("Enter at least %(min_length)s items."), {"min_length": "min_length"}),
    "too_long": (gettext_lazy("Enter at most %(max_length)s items."), {"max_length": "max_length"}),
    "greater_than_equal": (
        gettext_lazy("Ensure this value is greater than or equal to %(limit_value)s."),
        {"limit_value": "ge"},
    ),
    "less_than_equal": (
        gettext_lazy("Ensure this value is less than or equal to %(limit_value)s."),
        {"limit_value": "le"},
    ),
    "greater_than": (
        gettext_lazy("Ensure this value is greater than %(limit_value)s."),
        {"limit_value": "gt"},
    ),
    "less_than": (gettext_lazy("Ensure this value is less than %(limit_value)s."), {"limit_value": "lt"}),
    "multiple_of": (gettext_lazy("Enter a multiple of %(multiple_of)s."), {"multiple_of": "multiple_of"}),
    "date_parsing": (_DATE, {}),
    "date_from_datetime_parsing": (_DATE, {}),
    "date_from_datetime_inexact": (_DATE, {}),
    "date_type": (_DATE, {}),
    "datetime_parsing": (_DATETIME, {}),
    "datetime_from_date_parsing": (_DATETIME, {}),
    "datetime_object_invalid": (_DATETIME, {}),
    "datetime_type": (_DATETIME, {}),
    "time_parsing": (_TIME, {}),
    "time_type": (_TIME, {}),
    "timezone_aware": (gettext_lazy("Include a time zone (for example +09:00)."), {}),
    "timezone_naive": (gettext_lazy("Leave out the time zone."), {}),
    "json_invalid": (_JSON, {}),
    "json_type": (_JSON, {}),
    "list_type": (_LIST, {}),
    "tuple_type": (_LIST, {}),
    "set_type": (_LIST, {}),
    "frozen_set_type": (_LIST, {}),
    "iterable_type": (_LIST, {}),
    "dict_type": (_OBJECT, {}),
    "model_type": (_OBJECT, {}),
    "model_attributes_type": (_OBJECT, {}),
    "dataclass_type": (_OBJECT, {}),
    "enum": (_CHOICE, {"expected": "expected"}),
    "literal_error": (_CHOICE, {"expected": "expected"}),
    "uuid_parsing": (_UUID, {}),
    "uuid_type": (_UUID, {}),
    "uuid_version": (_UUID, {}),
    "url_parsing": (_URL, {}),
    "url_type": (_URL, {}),
    "url_scheme": (_URL, {}),
    "url_syntax_violation": (_URL, {}),
    "url_too_long": (_URL, {}),
}


def _param(key: str, value: Any) -> str:
    if key == "expected":
        # pydantic lists the choices as "'a', 'b' or 'c'": the "or" is English.
        return ", ".join(str(value).rsplit(" or ", 1))
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in the active language."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        # A validator's own message, translated where it was raised: ValueError(gettext(...)).
        return str(ctx.get("error") or "") or str(_VALUE)
    message, params = MESSAGES.get(kind, (_VALUE, {}))
    return str(message) % {name: _param(name, ctx.get(key, "")) for name, key in params.items()}
