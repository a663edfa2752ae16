"""Form fields shared by the apps: money and counts with bounds a person can be told about.

A number field without a maximum let a 20-digit entry through validation; the database then
refused it (SQLite: OverflowError, PostgreSQL: "out of range") and the person saw a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# More than any price, grant, budget or rent a center handles (999조 원), and far inside the
# 64-bit integers every money column holds.
WON_MAX = 10**15 - 1
# More than any number of people, seats or units a form asks for, inside a 32-bit column.
COUNT_MAX = 1_000_000


def _grouped(limit: int) -> str:
    """A bound as people read it: 1,000,000, not 1000000 (the active language's separator)."""
    return number_format(limit, force_grouping=True)


class _MaxValue(validators.MaxValueValidator):
    """Django's own message, with the limit written with thousands separators."""

    def __call__(self, value: Any) -> None:
        if value > self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit_value": _grouped(self.limit_value)}
            )


class _MinValue(validators.MinValueValidator):
    def __call__(self, value: Any) -> None:
        if value < self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit_value": _grouped(self.limit_value)}
            )


class _BoundedIntegerField(forms.IntegerField):
    """An IntegerField whose range messages group the digits of the limit."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for i, validator in enumerate(self.validators):
            if type(validator) is validators.MaxValueValidator:
                self.validators[i] = _MaxValue(validator.limit_value)
            elif type(validator) is validators.MinValueValidator:
                self.validators[i] = _MinValue(validator.limit_value)


class WonField(_BoundedIntegerField):
    """An amount in integer won: zero or more unless `min_value` says otherwise, at most WON_MAX."""

    def __init__(self, *, min_value: int = 0, max_value: int = WON_MAX, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class CountField(_BoundedIntegerField):
    """A count of people, seats, units or stock: at most COUNT_MAX unless `max_value` is smaller."""

    def __init__(self, *, min_value: int = 0, max_value: int = COUNT_MAX, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class RecordNumberField(_BoundedIntegerField):
    """The number of a record (its primary key) typed by staff: 1 to the largest 64-bit integer."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


# The dates a person can mean in this work: founding dates, designations, meetings, reports. An
# entry outside them is a typing slip (0001-01-01, 9999-12-31), and date arithmetic past year
# 9999 overflows into a server error.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class PlausibleDateField(forms.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE, with a message saying so."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(
                _("Enter a date from %(earliest)s to %(latest)s."),
                code="implausible_date",
                params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            )
