"""The pages: an enterprise asks for the community hall, staff approve it, the booker cancels."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dure.accounts.models import EnterpriseMembership
from dure.spaces.models import Booking, BookingStatus
from dure.spaces.tests.factories import make_room, working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user: Any, make_enterprise: Any) -> Any:
    user = make_user("enterprise", name="정대표")
    user.enterprise = make_enterprise()
    EnterpriseMembership.objects.create(user=user, enterprise=user.enterprise, role="owner")
    return user


def test_enterprise_asks_for_the_hall_and_staff_approve(owner: Any, staff_user: Any, client_for: Any) -> None:
    hall = make_room("커뮤니티홀", kind="hall", capacity=80, enterprise="approval")
    day = working_day()
    client = client_for(owner)
    # The half-hour grid is said beside the time, and the help text is wired to the input.
    form_page = client.get(reverse("spaces:booking_create", args=[hall.pk])).content.decode()
    assert 'aria-describedby="id_start_time_helptext"' in form_page
    assert 'id="id_start_time_helptext"' in form_page
    response = client.post(
        reverse("spaces:booking_create", args=[hall.pk]),
        {
            "date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "17:00",
            "purpose": "케이크 시식회",
            "attendees": 50,
            "enterprise": owner.enterprise.pk,
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.status, booking.enterprise, booking.attendees) == (
        BookingStatus.PENDING,
        owner.enterprise,
        50,
    )
    staff = client_for(staff_user)
    queue = staff.get(reverse("spaces:approval_queue"))
    assert "케이크 시식회" in queue.content.decode()
    decided = staff.post(
        reverse("spaces:booking_decide", args=[booking.pk]), {"decision": "approve"}, follow=True
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    # The message names the booking's time as the center reads it (14:00), not UTC's 05:00.
    assert f"{day:%Y-%m-%d} 14:00" in decided.content.decode()
    page = client.get(reverse("spaces:my_bookings")).content.decode()
    assert "케이크 시식회" in page
    client.post(reverse("spaces:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_form_errors_are_shown_and_nothing_is_written(owner: Any, client_for: Any) -> None:
    room = make_room(capacity=4)
    day = working_day()
    response = client_for(owner).post(
        reverse("spaces:booking_create", args=[room.pk]),
        {
            "date": day.isoformat(),
            "start_time": "07:00",
            "end_time": "08:00",
            "purpose": "회의",
            "attendees": 2,
        },
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["start_time"]
    assert "09:00" in message and "21:00" in message
    assert Booking.objects.count() == 0


def test_repeating_booking_from_the_form(owner: Any, client_for: Any) -> None:
    room = make_room()
    day = working_day()
    client_for(owner).post(
        reverse("spaces:booking_create", args=[room.pk]),
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "주간 회의",
            "attendees": 3,
            "repeat": "weekly",
            "count": 3,
        },
    )
    series_bookings = Booking.objects.filter(series__isnull=False)
    booking = series_bookings.first()
    assert booking is not None and booking.series is not None
    assert series_bookings.count() + len(booking.series.skipped) == 3


def test_citizen_sees_no_form_for_a_room_closed_to_citizens(citizen_user: Any, client_for: Any) -> None:
    room = make_room(citizen="none")
    client = client_for(citizen_user)
    response = client.get(reverse("spaces:booking_create", args=[room.pk]))
    assert response.context["allowed"] is False
    response = client.post(
        reverse("spaces:booking_create", args=[room.pk]),
        {
            "date": working_day().isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "x",
            "attendees": 1,
        },
    )
    assert response.status_code == 200
    assert Booking.objects.count() == 0


def test_room_list_query_count(client: Any) -> None:
    for index in range(4):
        make_room(f"방{index}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("spaces:room_list"))
    assert response.status_code == 200
    assert len(queries) <= 4


def test_calendars_show_bookings(owner: Any, client: Any) -> None:
    room = make_room()
    day = working_day()
    from dure.spaces.services import booking_create
    from dure.spaces.tests.factories import at

    booking_create(actor=owner, room=room, start=at(day, 10), end=at(day, 11), purpose="회의")
    week = client.get(reverse("spaces:room_detail", args=[room.pk]) + f"?date={day}").content.decode()
    assert "10:00–11:00" in week
    month = client.get(reverse("spaces:room_detail", args=[room.pk]) + f"?view=month&date={day}")
    days = [d for row in month.context["month"] for d in row if d.date == day]
    assert len(days[0].bookings) == 1


@pytest.mark.parametrize("date", ["2026-02-30", "9999-12-31", "0001-01-01", "someday"])
@pytest.mark.parametrize("view", ["week", "month"])
def test_a_date_edited_in_the_address_opens_today_instead_of_an_error(
    client: Any, date: str, view: str
) -> None:
    room = make_room()
    response = client.get(reverse("spaces:room_detail", args=[room.pk]), {"date": date, "view": view})
    assert response.status_code == 200


def test_the_booking_form_starts_on_an_open_day_and_says_why_a_day_is_closed(
    owner: Any, client_for: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from dure.spaces import services

    weekdays_only = make_room("작은 도서관", weekdays=(0, 1, 2, 3, 4))
    client = client_for(owner)
    form = client.get(reverse("spaces:booking_create", args=[weekdays_only.pk])).context["form"]
    start = form.initial["date"]
    assert start > timezone.localdate() and start.weekday() < 5 and not services.holiday_name(start)
    sunday = timezone.localdate() + dt.timedelta(days=7)
    while sunday.weekday() != 6:
        sunday += dt.timedelta(days=1)
    response = client.post(
        reverse("spaces:booking_create", args=[weekdays_only.pk]),
        {
            "date": sunday.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "모임",
            "attendees": 1,
        },
    )
    errors = response.context["form"].errors
    assert "date" in errors and "start_time" not in errors
    assert "일요일" in errors["date"][0]
    assert not Booking.objects.exists()
