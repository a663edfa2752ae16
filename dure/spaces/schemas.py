from __future__ import annotations

import datetime as dt

from ninja import Schema


class HoursOut(Schema):
    weekday: int
    opens: str
    closes: str


class RoomOut(Schema):
    pk: int
    name: str
    kind: str
    kind_label: str
    floor: str
    area_m2: int | None
    capacity: int
    equipment: list[str]
    description: str
    is_bookable: bool
    policies: dict[str, str]
    hours: list[HoursOut]
    photos: list[str]
    url: str


class RoomPage(Schema):
    count: int
    items: list[RoomOut]


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    state: str


class PendingOut(Schema):
    start: dt.datetime
    end: dt.datetime


class AvailabilityOut(Schema):
    room: int
    date: dt.date
    open: bool
    closed_reason: str
    opens: str | None
    closes: str | None
    slots: list[SlotOut]
    pending: list[PendingOut]


class BookingIn(Schema):
    room: int
    start: dt.datetime
    end: dt.datetime
    purpose: str
    attendees: int | None = None
    enterprise: int | None = None


class SeriesIn(BookingIn):
    count: int
    frequency: str = "weekly"
    interval: int = 1


class BookingOut(Schema):
    pk: int
    room: int
    room_name: str
    start: dt.datetime
    end: dt.datetime
    purpose: str
    attendees: int
    status: str
    enterprise: int | None
    series: int | None
    note: str


class BookingPage(Schema):
    count: int
    items: list[BookingOut]


class SkippedOut(Schema):
    start: dt.datetime
    end: dt.datetime
    reason: str
    code: str


class SeriesOut(Schema):
    pk: int
    room: int
    count: int
    bookings: list[BookingOut]
    skipped: list[SkippedOut]


class DecisionIn(Schema):
    note: str = ""
