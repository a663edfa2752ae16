"""`{% load dure_dates %}`: date labels for narrow calendar columns."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import translation
from django.utils.formats import date_format

register = template.Library()


@register.filter
def short_weekday(day: dt.date) -> str:
    """월, 화, 수… in Korean (the first syllable says it); Mon, Tue… otherwise."""
    label = date_format(day, "D")
    return label[:1] if (translation.get_language() or "").startswith("ko") else label
