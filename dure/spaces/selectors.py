"""Reads of the open space: room lists, availability, week and month calendars, queues, occupancy."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from dure.spaces.models import (
    ApplicationStatus,
    BlockedPeriod,
    Booking,
    BookingStatus,
    IncubationApplication,
    IncubationCall,
    Room,
    RoomKind,
    Tenancy,
)
from dure.spaces.services import holiday_name


def room_list(*, bookable_only: bool = False) -> QuerySet[Room]:
    rooms = Room.objects.filter(is_active=True).prefetch_related("bookable_hours", "photos")
    if bookable_only:
        rooms = rooms.filter(is_bookable=True)
    return rooms.order_by("pk")


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start, start + dt.timedelta(days=1)


@dataclass
class DayAvailability:
    room: Room
    date: dt.date
    open: bool
    closed_reason: str = ""
    opens: dt.time | None = None
    closes: dt.time | None = None
    slots: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)


def room_availability(room: Room, day: dt.date) -> DayAvailability:
    """Free and busy slots of `room` on `day` within its bookable hours.

    Busy means a confirmed booking or a blocked period; pending requests are listed apart since they
    do not hold the time until staff approve them.
    """
    from django.utils.translation import gettext as _

    hours = next((h for h in room.bookable_hours.all() if h.weekday == day.weekday()), None)
    holiday = holiday_name(day)
    if not room.is_bookable:
        return DayAvailability(room, day, False, _("This room is let by tenancy contract."))
    if holiday:
        return DayAvailability(room, day, False, _("Public holiday: %(name)s") % {"name": holiday})
    if hours is None:
        return DayAvailability(room, day, False, _("Closed on this weekday."))
    tz = timezone.get_current_timezone()
    opens = dt.datetime.combine(day, hours.opens, tzinfo=tz)
    closes = dt.datetime.combine(day, hours.closes, tzinfo=tz)
    busy: list[tuple[dt.datetime, dt.datetime, str, str]] = []
    bookings = Booking.objects.filter(
        room=room,
        status__in=[BookingStatus.CONFIRMED, BookingStatus.PENDING],
        start__lt=closes,
        end__gt=opens,
    ).order_by("start")
    pending = []
    for booking in bookings:
        if booking.status == BookingStatus.CONFIRMED:
            busy.append((booking.start, booking.end, "booked", booking.purpose))
        else:
            pending.append(
                {"start": timezone.localtime(booking.start), "end": timezone.localtime(booking.end)}
            )
    for period in BlockedPeriod.objects.filter(
        Q(room=room) | Q(room__isnull=True), start__lt=closes, end__gt=opens
    ):
        busy.append((period.start, period.end, "blocked", period.reason))
    busy.sort()
    slots: list[dict[str, Any]] = []
    cursor = opens
    for start, end, state, label in busy:
        start, end = max(start, opens), min(end, closes)
        if start > cursor:
            slots.append({"start": cursor, "end": start, "state": "free", "label": ""})
        if end <= cursor:
            continue
        slots.append({"start": max(start, cursor), "end": end, "state": state, "label": label})
        cursor = end
    if cursor < closes:
        slots.append({"start": cursor, "end": closes, "state": "free", "label": ""})
    now = timezone.now()
    for slot in slots:
        slot["start"], slot["end"] = timezone.localtime(slot["start"]), timezone.localtime(slot["end"])
        if slot["state"] == "free" and slot["end"] <= now:
            slot["state"] = "past"
    return DayAvailability(room, day, True, "", hours.opens, hours.closes, slots, pending)


@dataclass
class CalendarDay:
    date: dt.date
    bookings: list[Booking]
    blocked: list[BlockedPeriod]
    holiday: str | None
    closed: bool
    in_month: bool = True


def _days_with_bookings(room: Room, first: dt.date, last: dt.date) -> dict[dt.date, CalendarDay]:
    start, _end = _day_bounds(first)
    _start, end = _day_bounds(last)
    bookings = list(
        Booking.objects.filter(
            room=room,
            status__in=[BookingStatus.CONFIRMED, BookingStatus.PENDING],
            start__lt=end,
            end__gt=start,
        )
        .select_related("enterprise")
        .order_by("start")
    )
    blocked = list(
        BlockedPeriod.objects.filter(Q(room=room) | Q(room__isnull=True), start__lt=end, end__gt=start)
    )
    open_weekdays = {h.weekday for h in room.bookable_hours.all()}
    days: dict[dt.date, CalendarDay] = {}
    day = first
    while day <= last:
        day_start, day_end = _day_bounds(day)
        days[day] = CalendarDay(
            date=day,
            bookings=[b for b in bookings if b.start < day_end and b.end > day_start],
            blocked=[p for p in blocked if p.start < day_end and p.end > day_start],
            holiday=holiday_name(day),
            closed=day.weekday() not in open_weekdays,
        )
        day += dt.timedelta(days=1)
    return days


def room_week(room: Room, day: dt.date) -> list[CalendarDay]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return list(_days_with_bookings(room, monday, monday + dt.timedelta(days=6)).values())


def room_month(room: Room, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering the month; days of neighbouring months are marked."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = _days_with_bookings(room, weeks[0][0], weeks[-1][-1])
    grid = []
    for week in weeks:
        row = []
        for day in week:
            entry = days[day]
            entry.in_month = day.month == month
            row.append(entry)
        grid.append(row)
    return grid


def bookings_of(user: Any) -> QuerySet[Booking]:
    return Booking.objects.filter(booker=user).select_related("room", "enterprise").order_by("-start", "-pk")


def approval_queue() -> QuerySet[Booking]:
    return (
        Booking.objects.filter(status=BookingStatus.PENDING, start__gt=timezone.now())
        .select_related("room", "booker", "enterprise", "series")
        .order_by("start", "pk")
    )


def blocked_periods(*, upcoming_only: bool = True) -> QuerySet[BlockedPeriod]:
    periods = BlockedPeriod.objects.select_related("room", "created_by").order_by("start", "pk")
    if upcoming_only:
        periods = periods.filter(end__gt=timezone.now())
    return periods


def open_calls(today: dt.date | None = None) -> QuerySet[IncubationCall]:
    today = today or timezone.localdate()
    return IncubationCall.objects.filter(closes_on__gte=today).prefetch_related("rooms").order_by("closes_on")


def call_applications(call: IncubationCall) -> QuerySet[IncubationApplication]:
    return call.applications.select_related("enterprise", "applicant", "tenancy").order_by("created_at", "pk")


def pending_applications() -> QuerySet[IncubationApplication]:
    return (
        IncubationApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("call", "enterprise", "applicant")
        .order_by("created_at")
    )


@dataclass
class Occupancy:
    room: Room
    tenancy: Tenancy | None
    days_left: int | None
    next_tenancy: Tenancy | None = None


def occupancy(today: dt.date | None = None) -> tuple[list[Occupancy], int]:
    """Each incubation room with its current tenant (if any), and the percentage of rooms let today."""
    today = today or timezone.localdate()
    current = (
        Tenancy.objects.filter(start_date__lte=today, end_date__gte=today)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=today))
        .select_related("enterprise")
    )
    upcoming = Tenancy.objects.filter(start_date__gt=today, terminated_on__isnull=True).select_related(
        "enterprise"
    )
    rooms = Room.objects.filter(kind=RoomKind.INCUBATION, is_active=True).prefetch_related(
        Prefetch("tenancies", queryset=current, to_attr="current"),
        Prefetch("tenancies", queryset=upcoming.order_by("start_date"), to_attr="upcoming"),
    )
    rows = []
    for room in rooms.order_by("pk"):
        tenancy = room.current[0] if room.current else None
        last = tenancy.last_day if tenancy else None
        rows.append(
            Occupancy(
                room=room,
                tenancy=tenancy,
                days_left=(last - today).days if last else None,  # type: ignore[operator]
                next_tenancy=room.upcoming[0] if room.upcoming else None,
            )
        )
    let = sum(1 for row in rows if row.tenancy)
    return rows, (round(100 * let / len(rows)) if rows else 0)


def all_calls() -> QuerySet[IncubationCall]:
    """Every call, newest first, with its rooms and how many applications it has."""
    return (
        IncubationCall.objects.prefetch_related("rooms")
        .annotate(application_count=Count("applications"))
        .order_by("-opens_on", "-pk")
    )
