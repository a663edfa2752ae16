from __future__ import annotations

from typing import Any

from dure.core.testing import API_LOGIN, API_PUBLIC, API_STAFF, LOGIN, PUBLIC, ROLES, STAFF_ONLY, UrlAccess

OWNER_ONLY_POST = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "enterprise": 302, "staff": 302}
STAFF_POST = {**STAFF_ONLY, "staff": 302}


def _world(world: dict[str, Any]) -> None:
    """A room everyone may book, a confirmed booking of the enterprise member, pending requests,
    a blocked period, an open incubation call with an application."""
    import datetime as dt

    from django.utils import timezone

    from dure.spaces.models import BlockedPeriod, Booking, IncubationApplication, IncubationCall, RoomKind
    from dure.spaces.tests.factories import at, make_room, working_day

    users = world["users"]
    room = make_room("매트릭스 회의실", citizen="direct", opens=dt.time(0), closes=dt.time(23, 59))
    day = working_day(3)
    world["room"] = room
    world["day"] = day
    world["booking"] = Booking.objects.create(
        room=room,
        booker=users["enterprise"],
        purpose="회의",
        start=at(day, 10),
        end=at(day, 11),
        status="confirmed",
    )
    world["pending"] = Booking.objects.create(
        room=room,
        booker=users["enterprise"],
        purpose="요청",
        start=at(day, 13),
        end=at(day, 14),
        status="pending",
    )
    world["blocked"] = BlockedPeriod.objects.create(
        room=room, start=at(day, 20), end=at(day, 21), reason="점검", created_by=users["staff"]
    )
    incubation = make_room("매트릭스 인큐베이팅실", kind=RoomKind.INCUBATION, is_bookable=False)
    today = timezone.localdate()
    call = IncubationCall.objects.create(
        title="입주 모집", opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10)
    )
    call.rooms.set([incubation])
    world["call"] = call
    world["application"] = IncubationApplication.objects.create(
        call=call, enterprise=world["own_enterprise"], applicant=users["enterprise"], plan="계획"
    )


def _booking_body(world: dict[str, Any]) -> dict[str, Any]:
    day = world["day"]
    return {
        "room": world["room"].pk,
        "start": f"{day}T15:00:00+09:00",
        "end": f"{day}T16:00:00+09:00",
        "purpose": "matrix",
    }


FIRST_WINS = {**dict.fromkeys(ROLES, 409), "anonymous": 401, "citizen": 201}

URL_ACCESS = [
    UrlAccess("spaces:room_list", PUBLIC, setup=_world),
    UrlAccess("spaces:room_detail", PUBLIC, setup=_world, kwargs=lambda w: {"pk": w["room"].pk}),
    UrlAccess(
        "spaces:room_detail",
        PUBLIC,
        setup=_world,
        kwargs=lambda w: {"pk": w["room"].pk},
        query="view=month",
    ),
    UrlAccess("spaces:booking_create", LOGIN, setup=_world, kwargs=lambda w: {"pk": w["room"].pk}),
    UrlAccess("spaces:my_bookings", LOGIN, setup=_world),
    UrlAccess(
        "spaces:booking_cancel",
        OWNER_ONLY_POST,
        setup=_world,
        kwargs=lambda w: {"pk": w["booking"].pk},
        method="post",
        data=lambda w: {},
    ),
    UrlAccess("spaces:approval_queue", STAFF_ONLY, setup=_world),
    UrlAccess(
        "spaces:booking_decide",
        STAFF_POST,
        setup=_world,
        kwargs=lambda w: {"pk": w["pending"].pk},
        method="post",
        data=lambda w: {"decision": "approve"},
    ),
    UrlAccess("spaces:blocked_periods", STAFF_ONLY, setup=_world),
    UrlAccess(
        "spaces:blocked_period_delete",
        STAFF_POST,
        setup=_world,
        kwargs=lambda w: {"pk": w["blocked"].pk},
        method="post",
        data=lambda w: {},
    ),
    UrlAccess("spaces:incubation_calls", PUBLIC, setup=_world),
    UrlAccess("spaces:incubation_apply", LOGIN, setup=_world, kwargs=lambda w: {"pk": w["call"].pk}),
    UrlAccess("spaces:application_list", STAFF_ONLY, setup=_world),
    UrlAccess("spaces:staff_calls", STAFF_ONLY, setup=_world),
    UrlAccess(
        "spaces:application_decide",
        STAFF_POST,
        setup=_world,
        kwargs=lambda w: {"pk": w["application"].pk},
        method="post",
        data=lambda w: {"decision": "accept"},
    ),
    UrlAccess("spaces:occupancy", STAFF_ONLY, setup=_world),
    UrlAccess("api:list_rooms", API_PUBLIC, setup=_world),
    UrlAccess("api:get_room", API_PUBLIC, setup=_world, kwargs=lambda w: {"pk": w["room"].pk}),
    UrlAccess(
        "api:room_availability",
        API_PUBLIC,
        setup=_world,
        kwargs=lambda w: {"pk": w["room"].pk},
        query="date=2030-01-07",
    ),
    UrlAccess("api:list_my_bookings", API_LOGIN, setup=_world),
    UrlAccess(
        "api:create_booking",
        FIRST_WINS,
        setup=_world,
        method="post",
        data=_booking_body,
        content_type="application/json",
    ),
    UrlAccess(
        "api:create_series",
        FIRST_WINS,
        setup=_world,
        method="post",
        data=lambda w: {**_booking_body(w), "count": 1},
        content_type="application/json",
    ),
    UrlAccess(
        "api:cancel_booking",
        # staff cancel the booking the enterprise role has just cancelled: a state conflict (409)
        {**dict.fromkeys(ROLES, 404), "anonymous": 401, "enterprise": 200, "staff": 409},
        setup=_world,
        kwargs=lambda w: {"pk": w["booking"].pk},
        method="post",
        data=lambda w: {},
        content_type="application/json",
    ),
    UrlAccess(
        "api:approve_booking",
        API_STAFF,
        setup=_world,
        kwargs=lambda w: {"pk": w["pending"].pk},
        method="post",
        data=lambda w: {},
        content_type="application/json",
    ),
    UrlAccess(
        "api:reject_booking",
        API_STAFF,
        setup=_world,
        kwargs=lambda w: {"pk": w["pending"].pk},
        method="post",
        data=lambda w: {"note": "이미 행사가 있습니다"},
        content_type="application/json",
    ),
]
