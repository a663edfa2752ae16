"""Requests found by fuzzing the JSON API: each one used to be a 500, a duplicate or a booking
that should not exist. Every refusal is a 400/409 problem, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from dure.accounts.models import EnterpriseMembership
from dure.core.audit import AuditLog
from dure.core.errors import Conflict, DomainError
from dure.spaces import services
from dure.spaces.models import Booking, BookingSeries, BookingStatus
from dure.spaces.tests.factories import at, make_room, working_day, working_weeks

pytestmark = pytest.mark.django_db
BASE = "/api/v1/spaces"


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}/{path}", body, content_type="application/json")


def _nothing_written() -> None:
    assert Booking.objects.count() == 0
    assert BookingSeries.objects.count() == 0


# ---- 1. dates at the end of the calendar -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("bookings", {"start": "9999-12-31T23:00:00+00:00", "end": "9999-12-31T23:30:00+00:00"}),
        ("series", {"start": "9999-12-31T23:00:00+00:00", "end": "9999-12-31T23:30:00+00:00", "count": 2}),
        ("series", {"start": "9999-12-24T10:00:00", "end": "9999-12-24T11:00:00", "count": 3}),
        ("series", {"start": "9999-12-31T23:00:00", "end": "9999-12-31T23:30:00", "count": 1}),
    ],
)
def test_a_start_at_the_end_of_the_calendar_is_too_far(
    api_client_for: Any, citizen_user: Any, path: str, body: dict[str, Any]
) -> None:
    room = make_room(citizen="direct")
    response = _post(api_client_for(citizen_user), path, {"room": room.pk, "purpose": "x", **body})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("too_far", "start")
    assert problem["detail"] == "이 공간은 최대 90일 후까지만 예약할 수 있습니다."
    _nothing_written()


def test_an_end_at_the_end_of_the_calendar_is_refused(api_client_for: Any, citizen_user: Any) -> None:
    room = make_room(citizen="direct")
    day = working_day()
    for path, extra in (("bookings", {}), ("series", {"count": 2})):
        response = _post(
            api_client_for(citizen_user),
            path,
            {
                "room": room.pk,
                "purpose": "x",
                "start": f"{day}T10:00:00",
                "end": "9999-12-31T23:30:00",
                **extra,
            },
        )
        assert response.status_code == 400, (path, response.json())
    _nothing_written()


@pytest.mark.parametrize(
    "times",
    [
        {"start": "0001-01-01T00:00:00+14:00", "end": "0001-01-01T01:00:00+14:00"},
        {"start": "0001-01-01T00:00:00", "end": "9999-12-31T23:59:59.999999"},
        {"start": "9999-12-31T23:59:59.999999-12:00", "end": "9999-12-31T23:59:59.999999-12:00"},
        {"start": "9999-12-31T14:30:00Z", "end": "9999-12-31T14:59:00Z", "interval": 12, "count": 52},
    ],
)
@pytest.mark.parametrize("path", ["bookings", "series"])
def test_times_without_a_utc_value_are_a_400(
    api_client_for: Any, citizen_user: Any, times: dict[str, Any], path: str
) -> None:
    room = make_room(citizen="direct")
    body = {"room": room.pk, "purpose": "x", "count": 2, **times}
    response = _post(api_client_for(citizen_user), path, body)
    assert response.status_code == 400
    _nothing_written()


def test_a_huge_horizon_is_capped(member: Any) -> None:
    room = make_room(booking_horizon_days=2_000_000_000)
    far = dt.date(9999, 12, 20)
    with pytest.raises(DomainError) as caught:
        services.booking_series_create(
            actor=member, room=room, start=at(far, 10), end=at(far, 11), purpose="x", count=5
        )
    assert caught.value.code == "too_far"
    _nothing_written()


def test_the_series_form_refuses_a_start_at_the_end_of_the_calendar(client_for: Any, member: Any) -> None:
    room = make_room()
    response = client_for(member).post(
        reverse("spaces:booking_create", args=[room.pk]),
        {
            "date": "9999-12-24",
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "x",
            "attendees": 1,
            "repeat": "weekly",
            "count": 3,
        },
    )
    assert response.status_code == 200
    assert "이 공간은 최대 90일 후까지만 예약할 수 있습니다." in response.content.decode()
    _nothing_written()


# ---- 2. a repeat happens once ----------------------------------------------------------------


@pytest.fixture
def member(make_user: Any, make_enterprise: Any) -> Any:
    user = make_user("enterprise")
    EnterpriseMembership.objects.create(user=user, enterprise=make_enterprise(), role="owner")
    return user


def _hall_body(room: Any, day: dt.date) -> dict[str, Any]:
    return {
        "room": room.pk,
        "start": f"{day}T14:00:00",
        "end": f"{day}T15:00:00",
        "purpose": "총회",
        "attendees": 30,
    }


@pytest.mark.parametrize("policy", ["approval", "direct"])
def test_the_same_booking_sent_twice_is_made_once(api_client_for: Any, member: Any, policy: str) -> None:
    room = make_room("커뮤니티홀", capacity=80, enterprise=policy)
    client = api_client_for(member)
    body = _hall_body(room, working_day())
    first = _post(client, "bookings", body)
    again = _post(client, "bookings", body)
    # The contract: 201 with the booking, or 409 when the time is taken (here by the same person).
    assert (first.status_code, again.status_code) == (201, 409)
    assert (again.json()["code"], again.json()["booking"]) == ("already_booked", first.json()["pk"])
    assert Booking.objects.count() == 1
    assert AuditLog.objects.filter(action="spaces.booking.created").count() == 1


def test_a_repeat_with_other_details_is_a_conflict(api_client_for: Any, member: Any) -> None:
    room = make_room("커뮤니티홀", capacity=80, enterprise="approval")
    client = api_client_for(member)
    body = _hall_body(room, working_day())
    pk = _post(client, "bookings", body).json()["pk"]
    changed = _post(client, "bookings", {**body, "attendees": 40})
    assert changed.status_code == 409
    assert (changed.json()["code"], changed.json()["booking"]) == ("already_booked", pk)
    assert list(Booking.objects.values_list("attendees", flat=True)) == [30]


def test_after_cancelling_the_same_time_can_be_booked_again(api_client_for: Any, member: Any) -> None:
    room = make_room("커뮤니티홀", capacity=80, enterprise="approval")
    client = api_client_for(member)
    body = _hall_body(room, working_day())
    pk = _post(client, "bookings", body).json()["pk"]
    assert _post(client, f"bookings/{pk}/cancel", {}).status_code == 200
    again = _post(client, "bookings", body)
    assert again.status_code == 201 and again.json()["pk"] != pk
    assert Booking.objects.filter(status=BookingStatus.PENDING).count() == 1


def test_someone_else_asking_for_the_same_time_is_not_a_repeat(
    api_client_for: Any, member: Any, make_user: Any
) -> None:
    room = make_room("커뮤니티홀", capacity=80, enterprise="approval")
    body = _hall_body(room, working_day())
    assert _post(api_client_for(member), "bookings", body).status_code == 201
    assert _post(api_client_for(make_user("enterprise")), "bookings", body).status_code == 201
    assert Booking.objects.count() == 2


def test_the_booking_form_sent_twice_books_once(client_for: Any, member: Any) -> None:
    room = make_room("커뮤니티홀", capacity=80, enterprise="approval")
    form = {
        "date": working_day().isoformat(),
        "start_time": "14:00",
        "end_time": "15:00",
        "purpose": "총회",
        "attendees": 30,
    }
    client = client_for(member)
    url = reverse("spaces:booking_create", args=[room.pk])
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Booking.objects.count() == 1


def test_the_same_series_sent_twice_is_made_once(api_client_for: Any, member: Any) -> None:
    room = make_room(enterprise="approval")
    client = api_client_for(member)
    day = working_weeks(3)
    body = {
        "room": room.pk,
        "start": f"{day}T10:00:00",
        "end": f"{day}T11:00:00",
        "purpose": "주간 회의",
        "count": 3,
    }
    first = _post(client, "series", body)
    again = _post(client, "series", body)
    assert (first.status_code, again.status_code) == (201, 409)
    assert (again.json()["code"], again.json()["series"]) == ("already_booked", first.json()["pk"])
    assert (BookingSeries.objects.count(), Booking.objects.count()) == (1, 3)


def test_a_series_skips_times_the_booker_already_asked_for(member: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_weeks(3)
    single = services.booking_create(
        actor=member,
        room=room,
        start=at(day + dt.timedelta(days=7), 10),
        end=at(day + dt.timedelta(days=7), 11),
        purpose="단건",
    )
    result = services.booking_series_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="주간 회의", count=3
    )
    assert [s["code"] for s in result.skipped] == ["already_booked"]
    assert Booking.objects.filter(room=room, start=single.start).count() == 1


# ---- 3. text with nothing visible in it ------------------------------------------------------


@pytest.mark.parametrize("purpose", ["\x00", "총회\x00", "\u202e\u200f", "\u200b", " \t\u2066 "])
@pytest.mark.parametrize("path", ["bookings", "series"])
def test_purpose_with_nothing_visible_is_refused(
    api_client_for: Any, member: Any, purpose: str, path: str
) -> None:
    room = make_room()
    day = working_day()
    body = {"room": room.pk, "start": f"{day}T10:00:00", "end": f"{day}T11:00:00", "purpose": purpose}
    if path == "series":
        body["count"] = 2
    response = _post(api_client_for(member), path, body)
    assert response.status_code == 400
    assert response.json()["field"] == "purpose"
    assert response.json()["code"] == ("nul_character" if "\x00" in purpose else "required")
    _nothing_written()


@pytest.mark.parametrize("note", ["\u200f", "", "  ", "\x00"])
def test_rejecting_needs_a_visible_note(api_client_for: Any, member: Any, staff_user: Any, note: str) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    booking = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의"
    )
    response = _post(api_client_for(staff_user), f"bookings/{booking.pk}/reject", {"note": note})
    assert response.status_code == 400
    assert response.json()["field"] == "note"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


@pytest.mark.parametrize("action", ["cancel", "approve"])
def test_a_nul_in_an_optional_note_is_refused(
    api_client_for: Any, member: Any, staff_user: Any, action: str
) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    booking = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의"
    )
    response = _post(api_client_for(staff_user), f"bookings/{booking.pk}/{action}", {"note": "a\x00"})
    assert (response.status_code, response.json()["code"]) == (
        400,
        "nul_character",
    )  # refused by the API before the service
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_a_blocked_period_needs_a_visible_reason(staff_user: Any) -> None:
    day = working_day()
    with pytest.raises(DomainError) as caught:
        services.blocked_period_create(
            actor=staff_user, room=make_room(), start=at(day, 10), end=at(day, 11), reason="\u200f"
        )
    assert caught.value.field == "reason"


# ---- 4. the half-hour grid -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("10:00:00", "10:00:00.000001", "end"),
        ("10:00:00", "10:00:01", "end"),
        ("14:46:40", "15:30:00", "start"),
        ("10:00:00", "10:15:00", "end"),
        ("10:10:00", "11:10:00", "start"),
        ("10:00:00.5", "11:00:00", "start"),
    ],
)
def test_bookings_start_and_end_on_the_half_hour(
    api_client_for: Any, member: Any, start: str, end: str, field: str
) -> None:
    room = make_room()
    day = working_day()
    response = _post(
        api_client_for(member),
        "bookings",
        {"room": room.pk, "start": f"{day}T{start}+09:00", "end": f"{day}T{end}+09:00", "purpose": "회의"},
    )
    assert response.status_code == 400
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("off_grid", field)
    _nothing_written()


def test_the_grid_message_names_the_rule(member: Any) -> None:
    day = working_day()
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.booking_create(
            actor=member, room=make_room(), start=at(day, 10), end=at(day, 10, 15), purpose="회의"
        )
    assert caught.value.message == (
        "Bookings start and end on the hour or the half hour (for example 10:00 or 10:30), "
        "so they last at least 30 minutes."
    )


def test_half_hours_are_fine_and_one_slot_is_enough(member: Any) -> None:
    room = make_room()
    day = working_day()
    booking = services.booking_create(
        actor=member, room=room, start=at(day, 10, 30), end=at(day, 11), purpose="회의"
    )
    assert booking.end - booking.start == dt.timedelta(minutes=30)


def test_the_booking_form_refuses_seconds(client_for: Any, member: Any) -> None:
    room = make_room()
    response = client_for(member).post(
        reverse("spaces:booking_create", args=[room.pk]),
        {
            "date": working_day().isoformat(),
            "start_time": "14:46:40",
            "end_time": "15:30",
            "purpose": "회의",
            "attendees": 1,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_time"]
    _nothing_written()


# ---- 5. status codes and times ---------------------------------------------------------------


def test_cancelling_a_cancelled_booking_is_a_conflict(api_client_for: Any, member: Any) -> None:
    room = make_room()
    client = api_client_for(member)
    day = working_day()
    pk = _post(
        client,
        "bookings",
        {"room": room.pk, "start": f"{day}T10:00:00", "end": f"{day}T11:00:00", "purpose": "x"},
    ).json()["pk"]
    assert _post(client, f"bookings/{pk}/cancel", {}).status_code == 200
    again = _post(client, f"bookings/{pk}/cancel", {})
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    with pytest.raises(Conflict):
        services.booking_cancel(actor=member, booking=Booking.objects.get(pk=pk))


def test_booking_times_come_back_in_local_time_everywhere(api_client_for: Any, member: Any) -> None:
    room = make_room()
    client = api_client_for(member)
    day = working_day()
    created = _post(
        client,
        "bookings",
        {"room": room.pk, "start": f"{day}T01:00:00Z", "end": f"{day}T02:00:00Z", "purpose": "x"},
    ).json()
    listed = client.get(f"{BASE}/bookings").json()["items"][0]
    cancelled = _post(client, f"bookings/{created['pk']}/cancel", {}).json()
    expected = (f"{day}T10:00:00+09:00", f"{day}T11:00:00+09:00")
    for data in (created, listed, cancelled):
        assert (data["start"], data["end"]) == expected
