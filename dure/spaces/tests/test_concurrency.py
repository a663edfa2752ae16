"""Real threads racing for one slot: exactly one confirmed booking, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from dure.core.errors import Conflict
from dure.spaces import services
from dure.spaces.models import Booking, BookingStatus
from dure.spaces.tests.factories import at, make_room, working_day

THREADS = 8


def _race(target: Any, count: int = THREADS) -> list[Any]:
    results: list[Any] = []
    barrier = threading.Barrier(count)
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcome: Any = target(index)
        except Exception as error:  # noqa: BLE001  (collected and asserted on below)
            outcome = error
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_threads_booking_the_same_slot_confirm_exactly_one(make_user: Any) -> None:
    users = [make_user("enterprise") for _ in range(THREADS)]
    room = make_room()
    day = working_day()

    def book(index: int) -> Booking:
        return services.booking_create(
            actor=users[index], room=room, start=at(day, 10 + index % 2), end=at(day, 12), purpose="경쟁"
        )

    results = _race(book)
    created = [r for r in results if isinstance(r, Booking)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(created) == 1, results
    assert len(conflicts) == THREADS - 1, results
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_threads_approving_overlapping_requests_confirm_exactly_one(make_user: Any, staff_user: Any) -> None:
    room = make_room(enterprise="approval")
    day = working_day()
    requests = [
        services.booking_create(
            actor=make_user("enterprise"),
            room=room,
            start=at(day, 10),
            end=at(day, 11 + i % 3),
            purpose="요청",
        )
        for i in range(4)
    ]

    def approve(index: int) -> Booking:
        return services.booking_approve(actor=staff_user, booking=requests[index])

    results = _race(approve, count=len(requests))
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1
    assert Booking.objects.filter(room=room, status=BookingStatus.REJECTED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_postgres_exclusion_constraint_is_the_last_guard(make_user: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    from django.db import IntegrityError

    user = make_user("enterprise")
    room = make_room()
    day = working_day()
    Booking.objects.create(
        room=room,
        booker=user,
        purpose="a",
        start=at(day, 10),
        end=at(day, 12),
        status=BookingStatus.CONFIRMED,
    )
    with pytest.raises(IntegrityError):
        Booking.objects.create(
            room=room,
            booker=user,
            purpose="b",
            start=at(day, 11),
            end=at(day, 13),
            status=BookingStatus.CONFIRMED,
        )
    # Pending and cancelled rows may overlap.
    Booking.objects.create(
        room=room, booker=user, purpose="c", start=at(day, 11), end=at(day, 13), status=BookingStatus.PENDING
    )


@pytest.mark.django_db(transaction=True)
def test_threads_sending_the_same_request_make_one_booking(make_user: Any) -> None:
    """A double click or a retry racing the first request: one pending booking, every thread
    answered with it (the room lock orders the lookup and the insert)."""
    user = make_user("enterprise")
    room = make_room(enterprise="approval")
    day = working_day()

    def book(index: int) -> Booking:
        return services.booking_create(
            actor=user, room=room, start=at(day, 14), end=at(day, 15), purpose="총회", attendees=5
        )

    results = _race(book)
    assert all(isinstance(r, Booking) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert sorted(r.was_created for r in results) == [False] * (THREADS - 1) + [True]
    assert Booking.objects.filter(room=room).count() == 1
