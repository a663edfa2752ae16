"""The open-space part of the demo, seeded on a small registry."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from dure.spaces import demo
from dure.spaces.models import (
    BlockedPeriod,
    Booking,
    BookingSeries,
    BookingStatus,
    IncubationCall,
    Room,
    Tenancy,
)

pytestmark = pytest.mark.django_db


@dataclass
class Registry:
    enterprises: list[Any] = field(default_factory=list)
    by_key: dict[str, Any] = field(default_factory=dict)


def test_demo_seed(make_user: Any, make_enterprise: Any) -> None:
    registry = Registry()
    for index in range(1, 7):
        enterprise = make_enterprise(designation="coop")
        registry.by_key[f"bakery{index}"] = enterprise
        registry.enterprises.append(enterprise)
    registry.enterprises += [make_enterprise(designation="pre_social") for _ in range(6)]
    users = {
        "owner": make_user("enterprise", name="정대표"),
        "member": make_user("enterprise"),
        "planning": make_user("staff"),
        "education": make_user("staff"),
        "citizen": make_user("citizen"),
    }
    context: dict[str, Any] = {
        "rng": random.Random(2017),
        "today": timezone.localdate(),
        "now": timezone.now(),
        "registry": registry,
        "users": users,
    }
    demo.seed(context)
    assert list(context["rooms"]) == [spec["name"] for spec in demo.ROOMS]
    hall = Room.objects.get(name="커뮤니티홀")
    assert (hall.staff_policy, hall.enterprise_policy, hall.citizen_policy) == ("direct", "approval", "none")
    assert Room.objects.get(name="중회의실").enterprise_policy == "direct"
    assert Room.objects.get(name="작은 도서관").citizen_policy == "direct"
    assert Room.objects.get(name="미니 카페").citizen_policy == "direct"
    request = Booking.objects.get(status=BookingStatus.PENDING)
    assert (request.room, request.booker, request.enterprise) == (
        hall,
        users["owner"],
        registry.by_key["bakery1"],
    )
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() > 20
    assert BookingSeries.objects.get().bookings.count() >= 6
    assert BlockedPeriod.objects.count() == 1
    call = IncubationCall.objects.get()
    assert call.is_open_on(timezone.localdate()) and call.applications.count() == 3
    ends = sorted((t.end_date - timezone.localdate()).days for t in Tenancy.objects.all())
    assert len(ends) == 2 and 0 < ends[0] <= 30 < ends[1]
    # No two confirmed bookings of a room overlap.
    confirmed = list(Booking.objects.filter(status=BookingStatus.CONFIRMED).order_by("room_id", "start"))
    for previous, current in zip(confirmed, confirmed[1:], strict=False):
        assert previous.room_id != current.room_id or current.start >= previous.end

    # Every demo booking lies on the booking grid (:00 and :30, at least one slot).
    for booking in Booking.objects.all():
        for value in (timezone.localtime(booking.start), timezone.localtime(booking.end)):
            assert (value.minute % 30, value.second, value.microsecond) == (0, 0, 0), booking
