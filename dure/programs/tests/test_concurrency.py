"""Real threads: capacity is never oversold and a double submit makes one registration,
on SQLite (IMMEDIATE transactions) and PostgreSQL (row lock on the program)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from dure.core.errors import Conflict
from dure.programs import services
from dure.programs.models import Registration
from dure.programs.tests.factories import make_program


def _run_threads(count: int, work: Callable[[int], str]) -> Counter[str]:
    results: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def target(index: int) -> None:
        try:
            barrier.wait()
            outcome = work(index)
        except Exception as error:  # noqa: BLE001  (reported in the counter, asserted below)
            outcome = f"error:{type(error).__name__}:{error}"
        finally:
            connection.close()
        with lock:
            results[outcome] += 1

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# Three scenarios in one transactional test: each such test ends with a full flush of the database,
# which costs more than the scenarios themselves.
@pytest.mark.django_db(transaction=True)
def test_seats_under_concurrency() -> None:
    _capacity_never_oversold_under_concurrent_registrations()
    _concurrent_double_submit_makes_one_registration()
    _concurrent_cancellations_offer_each_seat_once()


def _capacity_never_oversold_under_concurrent_registrations() -> None:
    program = make_program(capacity=5, allow_groups=True)

    def work(index: int) -> str:
        try:
            registration, _created = services.registration_create(
                program=program,
                actor=None,
                name=f"참가자{index}",
                email=f"p{index}@example.org",
                consent=True,
                group_name="모임" if index % 3 == 0 else "",
                head_count=2 if index % 3 == 0 else 1,
            )
        except Conflict:
            return "refused"
        return registration.status

    results = _run_threads(12, work)
    assert set(results) <= {"confirmed", "refused"}, results
    rows = Registration.objects.filter(program=program)
    held = sum(rows.filter(status="confirmed").values_list("seats", flat=True))
    assert held <= 5
    assert results["confirmed"] == rows.count()
    # Nobody who fitted was refused: the refused ones came when too few seats were left.
    assert held >= 4


def _concurrent_double_submit_makes_one_registration() -> None:
    program = make_program(capacity=5)

    def work(index: int) -> str:
        registration, created = services.registration_create(
            program=program, actor=None, name="같은사람", email="same@example.org", consent=True
        )
        return f"{registration.pk}:{created}"

    results = _run_threads(8, work)
    assert Registration.objects.filter(program=program).count() == 1
    pk = Registration.objects.get(program=program).pk
    assert results == Counter({f"{pk}:True": 1, f"{pk}:False": 7})


def _concurrent_cancellations_offer_each_seat_once() -> None:
    program = make_program(capacity=3)
    holders = [
        services.registration_create(
            program=program, actor=None, name="가", email=f"h{i}@example.org", consent=True
        )[0]
        for i in range(3)
    ]
    for index in range(5):
        services.registration_create(
            program=program,
            actor=None,
            name="대기",
            email=f"w{index}@example.org",
            consent=True,
            join_waiting_list=True,
        )

    def work(index: int) -> str:
        services.registration_cancel(registration=holders[index], actor=None)
        return "cancelled"

    assert _run_threads(3, work) == Counter({"cancelled": 3})
    rows = Registration.objects.filter(program=program)
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses == Counter({"cancelled": 3, "offered": 3, "waiting": 2})
    offered = sorted(rows.filter(status="offered").values_list("email", flat=True))
    assert offered == ["w0@example.org", "w1@example.org", "w2@example.org"]
