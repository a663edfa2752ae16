"""Sessions in a center room reserve it through the open-space booking service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dure.core.errors import DomainError
from dure.programs import services
from dure.programs.models import Session
from dure.programs.tests.factories import make_program
from dure.spaces.models import BookableHours, Booking, Room
from dure.spaces.services import holiday_name

pytestmark = pytest.mark.django_db


def _room() -> Room:
    room = Room.objects.create(name="테스트홀", kind="hall", capacity=50)
    for weekday in range(7):
        BookableHours.objects.create(room=room, weekday=weekday, opens=dt.time(9), closes=dt.time(22))
    return room


def _working_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while holiday_name(day):
        day += dt.timedelta(days=1)
    return day


def _slot(day: dt.date, hour: int) -> dict:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}


def test_session_books_the_room_and_removal_cancels_it(staff_user) -> None:
    room = _room()
    program = make_program(sessions=0, room=room, place="")
    day = _working_day()
    session = services.session_add(
        actor=staff_user, program=program, values=_slot(day, 10), reserve_room=True
    )
    booking = Booking.objects.get()
    assert session.booking == booking
    assert (booking.room, booking.status, booking.purpose) == (room, "confirmed", program.title)
    assert booking.start == session.starts_at
    services.session_remove(actor=staff_user, session=session)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Session.objects.count() == 0


def test_taken_room_refuses_the_session(staff_user) -> None:
    room = _room()
    program = make_program(sessions=0, room=room, place="")
    day = _working_day()
    services.session_add(actor=staff_user, program=program, values=_slot(day, 10), reserve_room=True)
    other = make_program(sessions=0, room=room, place="", title="겹치는 행사")
    with pytest.raises(DomainError):
        services.session_add(actor=staff_user, program=other, values=_slot(day, 11), reserve_room=True)
    assert other.sessions.count() == 0
    assert Booking.objects.count() == 1
    # Without reserving, the session is recorded with the room only.
    services.session_add(actor=staff_user, program=other, values=_slot(day, 11))
    assert other.sessions.get().booking is None
