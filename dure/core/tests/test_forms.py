"""Money and count fields refuse what no database column holds, with a message in Korean."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from dure.core.forms import COUNT_MAX, WON_MAX, CountField, RecordNumberField, WonField


class _Form(forms.Form):
    price = WonField()
    people = CountField(min_value=1)
    record = RecordNumberField(required=False)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "-1", "people": "1"}, "price"),
        ({"price": str(WON_MAX + 1), "people": "1"}, "price"),
        ({"price": "9" * 20, "people": "1"}, "price"),
        ({"price": "0", "people": "0"}, "people"),
        ({"price": "0", "people": str(COUNT_MAX + 1)}, "people"),
        ({"price": "0", "people": "1", "record": "9" * 20}, "record"),
        ({"price": "0", "people": "1", "record": "0"}, "record"),
    ],
)
def test_out_of_range_values_are_form_errors(data: dict[str, str], field: str) -> None:
    with translation.override("ko"):
        form = _Form(data)
        assert not form.is_valid()
        assert list(form.errors) == [field]
        assert "값을 입력해 주세요" in form.errors[field][0]  # Django's Korean range message


def test_the_largest_values_pass() -> None:
    form = _Form({"price": str(WON_MAX), "people": str(COUNT_MAX), "record": str(2**63 - 1)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == WON_MAX


def test_range_messages_group_the_digits_of_the_limit() -> None:
    with translation.override("ko"):
        too_big = _Form({"price": str(WON_MAX + 1), "people": "1"})
        assert not too_big.is_valid()
        assert "999,999,999,999,999 이하" in too_big.errors["price"][0]
        too_few = _Form({"price": "0", "people": "0"})
        assert not too_few.is_valid()
        assert "1 이상" in too_few.errors["people"][0]
    with translation.override("en"):
        form = _Form({"price": "0", "people": str(COUNT_MAX + 1)})
        assert not form.is_valid()
        assert "1,000,000" in form.errors["people"][0]


def test_dates_outside_what_a_person_means_are_form_errors() -> None:
    import datetime as dt

    from dure.core.forms import PlausibleDateField

    class DateForm(forms.Form):
        day = PlausibleDateField()

    for typed in ("0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"):
        with translation.override("en"):
            form = DateForm({"day": typed})
            assert not form.is_valid()
            assert form.errors["day"] == ["Enter a date from 1900-01-01 to 2100-12-31."]
    assert DateForm({"day": "2026-12-04"}).is_valid()
    earliest = DateForm({"day": "1900-01-01"})
    assert earliest.is_valid() and earliest.cleaned_data["day"] == dt.date(1900, 1, 1)


@pytest.mark.django_db
def test_a_report_for_year_9999_is_not_a_server_error(client_for, staff_user) -> None:
    from django.test import Client

    client = client_for(staff_user)
    client.raise_request_exception = False
    assert isinstance(client, Client)
    response = client.get("/market/seller/report/", {"start": "9999-12-31", "end": "9999-12-31"})
    assert response.status_code == 200


def test_text_with_nothing_visible_is_empty_in_every_form() -> None:
    class TextForm(forms.Form):
        title = forms.CharField(max_length=100)
        note = forms.CharField(required=False)
        secret = forms.CharField(strip=False, required=False)

    with translation.override("en"):
        form = TextForm({"title": "\u200b\u202e ", "note": "\u200f", "secret": "\u200b"})
        assert not form.is_valid()
        assert form.errors["title"] == ["This field is required."]
    kept = TextForm({"title": "두레 \u200d마을", "note": "\u200f", "secret": "\u200b"})
    assert kept.is_valid()
    # Invisible characters inside visible text stay; a field that keeps its spaces keeps them too.
    assert kept.cleaned_data == {"title": "두레 \u200d마을", "note": "", "secret": "\u200b"}
