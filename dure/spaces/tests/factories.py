"""Small builders for the spaces tests (rooms with hours, times that are always bookable)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dure.spaces.models import BookableHours, BookingPolicy, Room, RoomKind
from dure.spaces.services import holiday_name


def make_room(
    name: str = "회의실",
    *,
    capacity: int = 10,
    kind: str = RoomKind.MEETING,
    opens: dt.time = dt.time(9),
    closes: dt.time = dt.time(21),
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6),
    staff: str = BookingPolicy.DIRECT,
    enterprise: str = BookingPolicy.DIRECT,
    citizen: str = BookingPolicy.NONE,
    **extra: Any,
) -> Room:
    room = Room.objects.create(
        name=name,
        kind=kind,
        capacity=capacity,
        staff_policy=staff,
        enterprise_policy=enterprise,
        citizen_policy=citizen,
        **extra,
    )
    BookableHours.objects.bulk_create(
        [BookableHours(room=room, weekday=day, opens=opens, closes=closes) for day in weekdays]
    )
    return room


def working_day(days_ahead: int = 7, weekday: int | None = None) -> dt.date:
    """The first day at least `days_ahead` from today that is no public holiday (and on `weekday`)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while holiday_name(day) or (weekday is not None and day.weekday() != weekday):
        day += dt.timedelta(days=1)
    return day


def working_weeks(weeks: int, days_ahead: int = 7) -> dt.date:
    """The first day at least `days_ahead` from today such that it and the same weekday of the
    next `weeks - 1` weeks are no public holidays (a weekly series whose skips a test controls)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while any(holiday_name(day + dt.timedelta(days=7 * i)) for i in range(weeks)):
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
