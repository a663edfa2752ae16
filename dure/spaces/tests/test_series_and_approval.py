"""Repeating bookings (conflicts skipped, not fatal), approval, rejection, cancellation, blocking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.models import AuditLog
from dure.spaces import services
from dure.spaces.models import BlockedPeriod, Booking, BookingSeries, BookingStatus
from dure.spaces.tests.factories import at, make_room, working_day, working_weeks

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user: Any) -> Any:
    return make_user("enterprise", name="실무자")


def test_weekly_series_stores_each_occurrence_and_skips_conflicts(member: Any, staff_user: Any) -> None:
    room = make_room()
    first = working_weeks(4)
    weeks = [first + dt.timedelta(days=7 * i) for i in range(4)]
    # Week 2 is taken, week 3 is blocked.
    taken = services.booking_create(
        actor=staff_user, room=room, start=at(weeks[1], 10, 30), end=at(weeks[1], 11, 30), purpose="선약"
    )
    BlockedPeriod.objects.create(room=room, start=at(weeks[2], 0), end=at(weeks[2], 23), reason="공사")
    result = services.booking_series_create(
        actor=member, room=room, start=at(first, 10), end=at(first, 11), purpose="주간 회의", count=4
    )
    assert [timezone.localtime(b.start).date() for b in result.bookings] == [weeks[0], weeks[3]]
    assert all(b.series == result.series and b.status == BookingStatus.CONFIRMED for b in result.bookings)
    assert [s["code"] for s in result.skipped] == ["taken", "blocked"]
    assert result.skipped[0]["start"] == at(weeks[1], 10).isoformat()
    series = BookingSeries.objects.get()
    assert series.skipped == result.skipped
    assert Booking.objects.filter(room=room).count() == 3
    assert Booking.objects.get(pk=taken.pk).status == BookingStatus.CONFIRMED
    entry = AuditLog.objects.get(action="spaces.series.created")
    assert entry.data["booked"] == [b.pk for b in result.bookings]


def test_daily_series_skips_closed_days(member: Any) -> None:
    room = make_room(weekdays=(0, 1, 2, 3, 4))
    friday = working_day(7, weekday=4)
    result = services.booking_series_create(
        actor=member,
        room=room,
        start=at(friday, 10),
        end=at(friday, 11),
        purpose="매일 회의",
        count=4,
        frequency="daily",
    )
    skipped_codes = [s["code"] for s in result.skipped]
    assert skipped_codes.count("closed") == 2  # Saturday and Sunday
    assert len(result.bookings) + len(result.skipped) == 4


def test_series_with_every_occurrence_taken_is_refused_and_writes_nothing(
    member: Any, staff_user: Any
) -> None:
    room = make_room()
    day = working_day()
    services.booking_create(actor=staff_user, room=room, start=at(day, 9), end=at(day, 21), purpose="종일")
    before = (Booking.objects.count(), BookingSeries.objects.count())
    with pytest.raises(Conflict) as caught:
        services.booking_series_create(
            actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의", count=1
        )
    assert caught.value.extra["skipped"][0]["code"] == "taken"
    assert (Booking.objects.count(), BookingSeries.objects.count()) == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 53}, "count"),
        ({"attendees": 99}, "attendees"),
        ({"frequency": "yearly"}, "frequency"),
    ],
)
def test_request_level_rules_refuse_the_whole_series(member: Any, kwargs: dict[str, Any], field: str) -> None:
    room = make_room(capacity=10)
    day = working_day()
    values = {"count": 3, **kwargs}
    with pytest.raises(DomainError) as caught:
        services.booking_series_create(
            actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의", **values
        )
    assert caught.value.field == field
    assert Booking.objects.count() == 0 and BookingSeries.objects.count() == 0


def test_approval_confirms_and_rejects_the_overlapping_requests(
    member: Any, make_user: Any, staff_user: Any
) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    other = make_user("enterprise")
    chosen = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 12), purpose="시식회"
    )
    clashing = services.booking_create(
        actor=other, room=room, start=at(day, 11), end=at(day, 13), purpose="교육"
    )
    apart = services.booking_create(
        actor=other, room=room, start=at(day, 14), end=at(day, 15), purpose="회의"
    )
    approved = services.booking_approve(actor=staff_user, booking=chosen, note="승인")
    assert (approved.status, approved.decided_by, approved.note) == (
        BookingStatus.CONFIRMED,
        staff_user,
        "승인",
    )
    clashing.refresh_from_db()
    apart.refresh_from_db()
    assert clashing.status == BookingStatus.REJECTED
    assert apart.status == BookingStatus.PENDING
    actions = list(
        AuditLog.objects.filter(action__startswith="spaces.booking.").values_list("action", flat=True)
    )
    assert actions.count("spaces.booking.approved") == 1 and actions.count("spaces.booking.rejected") == 1


def test_approval_rechecks_the_time(member: Any, staff_user: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    request = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 12), purpose="요청"
    )
    BlockedPeriod.objects.create(room=room, start=at(day, 11), end=at(day, 12), reason="행사 준비")
    with pytest.raises(DomainError) as caught:
        services.booking_approve(actor=staff_user, booking=request)
    assert caught.value.code == "blocked"
    request.refresh_from_db()
    assert request.status == BookingStatus.PENDING


def test_only_staff_decide_and_only_pending_requests(member: Any, staff_user: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    request = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 12), purpose="요청"
    )
    with pytest.raises(PermissionDeniedError):
        services.booking_approve(actor=member, booking=request)
    services.booking_reject(actor=staff_user, booking=request, note="다른 행사")
    request.refresh_from_db()
    assert (request.status, request.note) == (BookingStatus.REJECTED, "다른 행사")
    with pytest.raises(DomainError) as caught:
        services.booking_approve(actor=staff_user, booking=request)
    assert caught.value.code == "invalid_transition"


def test_cancellation_rules(member: Any, make_user: Any, staff_user: Any) -> None:
    room = make_room(opens=dt.time(0), closes=dt.time(23, 59))
    day = working_day()
    booking = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의"
    )
    with pytest.raises(PermissionDeniedError):
        services.booking_cancel(actor=make_user("enterprise"), booking=booking)
    services.booking_cancel(actor=member, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(DomainError):
        services.booking_cancel(actor=member, booking=booking)
    # The freed time can be booked again.
    services.booking_create(actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="다시")
    # Once started, a booking cannot be cancelled (made directly: the service refuses the past).
    started = Booking.objects.create(
        room=room,
        booker=member,
        purpose="진행 중",
        start=timezone.now() - dt.timedelta(minutes=5),
        end=timezone.now() + dt.timedelta(minutes=55),
        status=BookingStatus.CONFIRMED,
    )
    with pytest.raises(DomainError) as caught:
        services.booking_cancel(actor=staff_user, booking=started)
    assert caught.value.code == "started"
    started.refresh_from_db()
    assert started.status == BookingStatus.CONFIRMED


def test_blocking_a_period_can_cancel_its_bookings(member: Any, staff_user: Any) -> None:
    room = make_room()
    day = working_day()
    inside = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의"
    )
    outside = services.booking_create(
        actor=member, room=room, start=at(day, 15), end=at(day, 16), purpose="회의"
    )
    with pytest.raises(PermissionDeniedError):
        services.blocked_period_create(
            actor=member, room=room, start=at(day, 9), end=at(day, 12), reason="점검"
        )
    period, affected = services.blocked_period_create(
        actor=staff_user, room=room, start=at(day, 9), end=at(day, 12), reason="점검", cancel_bookings=True
    )
    assert affected == [inside]
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert (inside.status, outside.status) == (BookingStatus.CANCELLED, BookingStatus.CONFIRMED)
    services.blocked_period_delete(actor=staff_user, period=period)
    assert not BlockedPeriod.objects.exists()
    with pytest.raises(DomainError):
        services.blocked_period_create(
            actor=staff_user, room=None, start=at(day, 12), end=at(day, 9), reason="x"
        )
