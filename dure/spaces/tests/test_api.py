"""The /api/v1/spaces contract: rooms, availability, POST /bookings (201, 409, 401, 422)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dure.spaces.models import BlockedPeriod, Booking, BookingStatus, RoomPhoto
from dure.spaces.tests.factories import at, make_room, working_day, working_weeks

pytestmark = pytest.mark.django_db
BASE = "/api/v1/spaces"


def test_rooms_list_shape_and_query_count(client: Any) -> None:
    for index in range(3):
        room = make_room(f"방{index}", capacity=10 + index, equipment="빔프로젝터, 화이트보드")
        RoomPhoto.objects.create(room=room, image=f"spaces/rooms/{index}.jpg", caption="사진")
    with CaptureQueriesContext(connection) as queries:
        data = client.get(f"{BASE}/rooms").json()
    assert len(queries) == 3  # rooms, hours, photos
    assert data["count"] == 3
    first = data["items"][0]
    assert {k: first[k] for k in ("name", "kind", "capacity", "equipment", "is_bookable")} == {
        "name": "방0",
        "kind": "meeting",
        "capacity": 10,
        "equipment": ["빔프로젝터", "화이트보드"],
        "is_bookable": True,
    }
    assert first["policies"] == {"staff": "direct", "enterprise": "direct", "citizen": "none"}
    assert first["hours"][0] == {"weekday": 0, "opens": "09:00", "closes": "21:00"}
    assert first["photos"] == ["/media/spaces/rooms/0.jpg"]


def test_availability_splits_the_day_into_free_and_busy(client: Any, make_user: Any) -> None:
    room = make_room(opens=dt.time(9), closes=dt.time(18))
    day = working_day()
    user = make_user("enterprise")
    Booking.objects.create(
        room=room, booker=user, purpose="a", start=at(day, 10), end=at(day, 11), status="confirmed"
    )
    Booking.objects.create(
        room=room, booker=user, purpose="b", start=at(day, 14), end=at(day, 15), status="pending"
    )
    BlockedPeriod.objects.create(room=room, start=at(day, 16), end=at(day, 20), reason="점검")
    data = client.get(f"{BASE}/rooms/{room.pk}/availability?date={day}").json()
    assert data["open"] is True and (data["opens"], data["closes"]) == ("09:00", "18:00")
    slots = [(s["start"][11:16], s["end"][11:16], s["state"]) for s in data["slots"]]
    assert slots == [
        ("09:00", "10:00", "free"),
        ("10:00", "11:00", "booked"),
        ("11:00", "16:00", "free"),
        ("16:00", "18:00", "blocked"),
    ]
    assert [p["start"][11:16] for p in data["pending"]] == ["14:00"]


def test_availability_on_a_holiday_and_bad_dates(client: Any) -> None:
    room = make_room()
    data = client.get(f"{BASE}/rooms/{room.pk}/availability?date=2030-01-01").json()
    assert data["open"] is False and data["slots"] == []
    assert data["closed_reason"]
    assert client.get(f"{BASE}/rooms/{room.pk}/availability?date=2030-02-31").status_code == 422
    assert client.get(f"{BASE}/rooms/{room.pk}/availability").status_code == 422
    assert client.get(f"{BASE}/rooms/999999/availability?date=2030-01-02").status_code == 404


def _body(room: Any, day: dt.date, start: str = "10:00", end: str = "11:00", **extra: Any) -> dict[str, Any]:
    return {
        "room": room.pk,
        "start": f"{day}T{start}:00+09:00",
        "end": f"{day}T{end}:00+09:00",
        "purpose": "회의",
        **extra,
    }


def test_post_booking_201_then_409(api_client_for: Any, make_user: Any) -> None:
    room = make_room()
    day = working_day()
    client = api_client_for(make_user("enterprise"))
    response = client.post(f"{BASE}/bookings", _body(room, day), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert (data["room"], data["status"], data["start"]) == (room.pk, "confirmed", f"{day}T10:00:00+09:00")
    again = client.post(
        f"{BASE}/bookings", _body(room, day, "10:30", "11:30"), content_type="application/json"
    )
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    problem = again.json()
    assert (problem["status"], problem["code"], problem["field"]) == (409, "taken", "start")
    assert Booking.objects.count() == 1


def test_post_booking_pending_where_approval_is_needed(api_client_for: Any, make_user: Any) -> None:
    room = make_room(enterprise="approval")
    response = api_client_for(make_user("enterprise")).post(
        f"{BASE}/bookings", _body(room, working_day()), content_type="application/json"
    )
    assert (response.status_code, response.json()["status"]) == (201, BookingStatus.PENDING)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"end": "T09:00:00+09:00"}, 400),
        ({"start": "T07:00:00+09:00"}, 400),
        ({"attendees": 500}, 400),
        ({"purpose": ""}, 400),
        ({"room": 999999}, 404),
        ({"start": "not a time"}, 422),
    ],
)
def test_post_booking_bad_input(
    api_client_for: Any, make_user: Any, change: dict[str, Any], status: int
) -> None:
    room = make_room()
    day = working_day()
    body = _body(room, day)
    for key, value in change.items():
        body[key] = f"{day}{value}" if isinstance(value, str) and value.startswith("T") else value
    response = api_client_for(make_user("enterprise")).post(
        f"{BASE}/bookings", body, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["detail"]
    assert Booking.objects.count() == 0


def test_post_booking_needs_a_token(client: Any) -> None:
    room = make_room()
    response = client.post(f"{BASE}/bookings", _body(room, working_day()), content_type="application/json")
    assert response.status_code == 401
    assert Booking.objects.count() == 0


def test_series_endpoint_reports_skipped(api_client_for: Any, make_user: Any, staff_user: Any) -> None:
    room = make_room()
    day = working_weeks(3)
    Booking.objects.create(
        room=room,
        booker=staff_user,
        purpose="선약",
        start=at(day + dt.timedelta(days=7), 10),
        end=at(day + dt.timedelta(days=7), 11),
        status="confirmed",
    )
    response = api_client_for(make_user("enterprise")).post(
        f"{BASE}/series", {**_body(room, day), "count": 3}, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    assert len(data["bookings"]) + len(data["skipped"]) == 3
    assert data["skipped"][0]["code"] == "taken"


def test_my_bookings_and_cancel(api_client_for: Any, make_user: Any) -> None:
    room = make_room()
    user = make_user("enterprise")
    client = api_client_for(user)
    pk = client.post(f"{BASE}/bookings", _body(room, working_day()), content_type="application/json").json()[
        "pk"
    ]
    assert [b["pk"] for b in client.get(f"{BASE}/bookings").json()["items"]] == [pk]
    response = client.post(f"{BASE}/bookings/{pk}/cancel", {}, content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
