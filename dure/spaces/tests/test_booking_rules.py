"""Every rule of booking_create: what is refused, with which message, and that nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dure.accounts.models import EnterpriseMembership
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.models import AuditLog
from dure.spaces import services
from dure.spaces.models import BOOKING_TRANSITIONS, BlockedPeriod, Booking, BookingStatus
from dure.spaces.tests.factories import at, make_room, working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user: Any, make_enterprise: Any) -> Any:
    user = make_user("enterprise", name="대표")
    enterprise = make_enterprise()
    EnterpriseMembership.objects.create(user=user, enterprise=enterprise, role="owner")
    user.enterprise = enterprise
    return user


def _refused(exception: type[DomainError], **kwargs: Any) -> DomainError:
    bookings, audits = Booking.objects.count(), AuditLog.objects.count()
    with pytest.raises(exception) as caught:
        services.booking_create(**kwargs)
    assert Booking.objects.count() == bookings
    assert AuditLog.objects.count() == audits
    return caught.value


def test_direct_booking_is_confirmed_and_audited(member: Any) -> None:
    room = make_room()
    day = working_day()
    booking = services.booking_create(
        actor=member,
        room=room,
        start=at(day, 10),
        end=at(day, 12),
        purpose="이사회",
        enterprise=member.enterprise,
        attendees=6,
    )
    assert (booking.status, booking.attendees, booking.enterprise, booking.booker) == (
        BookingStatus.CONFIRMED,
        6,
        member.enterprise,
        member,
    )
    entry = AuditLog.objects.get(action="spaces.booking.created")
    assert entry.actor == member
    assert entry.target_pk == str(booking.pk)
    assert entry.data["status"] == "confirmed"


def test_room_that_needs_approval_gives_a_pending_booking(member: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    booking = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="행사"
    )
    assert booking.status == BookingStatus.PENDING


def test_naive_times_are_read_as_seoul_time(member: Any) -> None:
    room = make_room()
    day = working_day()
    booking = services.booking_create(
        actor=member,
        room=room,
        start=dt.datetime.combine(day, dt.time(10)),
        end=dt.datetime.combine(day, dt.time(11)),
        purpose="회의",
    )
    assert timezone.localtime(booking.start).hour == 10
    assert booking.start.utcoffset() is not None
    assert booking.start.astimezone(dt.UTC).hour == 1


def test_end_before_start_is_refused(member: Any) -> None:
    day = working_day()
    room = make_room()
    error = _refused(DomainError, actor=member, room=room, start=at(day, 11), end=at(day, 10), purpose="회의")
    assert (error.code, error.field) == ("invalid_period", "end")
    error = _refused(DomainError, actor=member, room=room, start=at(day, 11), end=at(day, 11), purpose="회의")
    assert error.code == "invalid_period"


def test_past_start_is_refused(member: Any) -> None:
    start = timezone.now() - dt.timedelta(hours=1)
    error = _refused(
        DomainError,
        actor=member,
        room=make_room(opens=dt.time(0), closes=dt.time(23, 59)),
        start=start,
        end=start + dt.timedelta(minutes=30),
        purpose="회의",
    )
    assert error.code == "past"


def test_outside_bookable_hours_is_refused(member: Any) -> None:
    room = make_room(opens=dt.time(9), closes=dt.time(18))
    day = working_day()
    error = _refused(DomainError, actor=member, room=room, start=at(day, 17), end=at(day, 19), purpose="회의")
    assert error.code == "outside_hours"
    assert "09:00" in error.message and "18:00" in error.message
    error = _refused(DomainError, actor=member, room=room, start=at(day, 8), end=at(day, 10), purpose="회의")
    assert error.code == "outside_hours"
    # Exactly the opening hours is fine.
    services.booking_create(actor=member, room=room, start=at(day, 9), end=at(day, 18), purpose="종일")


def test_closed_weekday_is_refused(member: Any) -> None:
    room = make_room(weekdays=(0, 1, 2, 3, 4))
    saturday = working_day(weekday=5)
    error = _refused(
        DomainError, actor=member, room=room, start=at(saturday, 10), end=at(saturday, 11), purpose="회의"
    )
    assert error.code == "closed"


def test_korean_public_holiday_is_refused(member: Any) -> None:
    room = make_room()
    today = timezone.localdate()
    year = today.year + 1
    christmas = dt.date(year, 12, 25)
    room.booking_horizon_days = (christmas - today).days + 1
    room.save()
    with timezone.override("Asia/Seoul"):
        error = _refused(
            DomainError,
            actor=member,
            room=room,
            start=at(christmas, 10),
            end=at(christmas, 11),
            purpose="회의",
        )
    assert error.code == "holiday"
    assert services.holiday_name(dt.date(year, 3, 1)) is not None  # 삼일절
    assert services.holiday_name(dt.date(year, 7, 10)) is None
    # Named in the page's language (the holidays package speaks English unless asked).
    from django.utils import translation

    with translation.override("ko"):
        assert services.holiday_name(dt.date(year, 12, 25)) == "기독탄신일"
    with translation.override("en"):
        assert services.holiday_name(dt.date(year, 12, 25)) == "Christmas Day"


def test_beyond_the_booking_horizon_is_refused(member: Any) -> None:
    room = make_room(booking_horizon_days=10)
    day = working_day(20)
    error = _refused(DomainError, actor=member, room=room, start=at(day, 10), end=at(day, 11), purpose="회의")
    assert error.code == "too_far"


def test_blocked_period_of_the_room_or_of_all_rooms_is_refused(member: Any, staff_user: Any) -> None:
    room = make_room()
    other = make_room("다른 방")
    day = working_day()
    BlockedPeriod.objects.create(room=room, start=at(day, 9), end=at(day, 12), reason="소독")
    error = _refused(DomainError, actor=member, room=room, start=at(day, 11), end=at(day, 13), purpose="회의")
    assert (error.code, "소독" in error.message) == ("blocked", True)
    services.booking_create(actor=member, room=other, start=at(day, 11), end=at(day, 13), purpose="회의")
    BlockedPeriod.objects.create(room=None, start=at(day, 15), end=at(day, 16), reason="전체 점검")
    error = _refused(
        DomainError, actor=member, room=other, start=at(day, 15), end=at(day, 17), purpose="회의"
    )
    assert error.code == "blocked"


def test_overlapping_a_confirmed_booking_is_a_conflict(member: Any, make_user: Any) -> None:
    room = make_room()
    day = working_day()
    services.booking_create(actor=member, room=room, start=at(day, 10), end=at(day, 12), purpose="회의")
    error = _refused(Conflict, actor=member, room=room, start=at(day, 11), end=at(day, 13), purpose="회의")
    assert (error.status, error.code) == (409, "taken")
    # Touching ends do not overlap.
    services.booking_create(actor=member, room=room, start=at(day, 12), end=at(day, 13), purpose="회의")
    services.booking_create(actor=member, room=room, start=at(day, 9), end=at(day, 10), purpose="회의")


def test_pending_request_overlapping_a_confirmed_booking_is_refused(member: Any, staff_user: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    services.booking_create(actor=staff_user, room=room, start=at(day, 10), end=at(day, 12), purpose="행사")
    _refused(Conflict, actor=member, room=room, start=at(day, 11), end=at(day, 12), purpose="요청")


def test_pending_requests_do_not_hold_the_time(member: Any, staff_user: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    first = services.booking_create(
        actor=member, room=room, start=at(day, 10), end=at(day, 12), purpose="요청"
    )
    second = services.booking_create(
        actor=member, room=room, start=at(day, 11), end=at(day, 12), purpose="요청"
    )
    assert first.status == second.status == BookingStatus.PENDING
    confirmed = services.booking_create(
        actor=staff_user, room=room, start=at(day, 10), end=at(day, 11), purpose="직원"
    )
    assert confirmed.status == BookingStatus.CONFIRMED


def test_beyond_capacity_is_refused(member: Any) -> None:
    day = working_day()
    error = _refused(
        DomainError,
        actor=member,
        room=make_room(capacity=8),
        start=at(day, 10),
        end=at(day, 11),
        purpose="회의",
        attendees=9,
    )
    assert (error.code, error.field) == ("capacity", "attendees")
    assert "8" in error.message


def test_citizens_only_where_the_room_allows(citizen_user: Any) -> None:
    day = working_day()
    closed = make_room("회의실", citizen="none")
    error = _refused(
        PermissionDeniedError,
        actor=citizen_user,
        room=closed,
        start=at(day, 10),
        end=at(day, 11),
        purpose="모임",
    )
    assert error.status == 403
    library = make_room("작은 도서관", citizen="direct")
    booking = services.booking_create(
        actor=citizen_user, room=library, start=at(day, 10), end=at(day, 11), purpose="독서 모임"
    )
    assert booking.status == BookingStatus.CONFIRMED


def test_booking_for_an_enterprise_one_is_not_a_member_of_is_refused(
    member: Any, make_enterprise: Any
) -> None:
    day = working_day()
    stranger = make_enterprise()
    error = _refused(
        PermissionDeniedError,
        actor=member,
        room=make_room(),
        start=at(day, 10),
        end=at(day, 11),
        purpose="회의",
        enterprise=stranger,
    )
    assert error.field == "enterprise"


def test_rooms_let_by_contract_and_empty_purpose_are_refused(member: Any) -> None:
    day = working_day()
    incubation = make_room("인큐베이팅실", kind="incubation", is_bookable=False)
    _refused(DomainError, actor=member, room=incubation, start=at(day, 10), end=at(day, 11), purpose="회의")
    error = _refused(
        DomainError, actor=member, room=make_room(), start=at(day, 10), end=at(day, 11), purpose="  "
    )
    assert error.field == "purpose"


def test_anonymous_cannot_book() -> None:
    from django.contrib.auth.models import AnonymousUser

    day = working_day()
    _refused(
        PermissionDeniedError,
        actor=AnonymousUser(),
        room=make_room(),
        start=at(day, 10),
        end=at(day, 11),
        purpose="회의",
    )


def test_status_moves_only_along_the_transition_table(member: Any) -> None:
    assert BOOKING_TRANSITIONS[BookingStatus.CANCELLED] == frozenset()
    booking = Booking(status=BookingStatus.CONFIRMED)
    booking.move_to(BookingStatus.CANCELLED)
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(DomainError):
        booking.move_to(BookingStatus.CONFIRMED)
    rejected = Booking(status=BookingStatus.REJECTED)
    with pytest.raises(DomainError):
        rejected.move_to(BookingStatus.PENDING)
