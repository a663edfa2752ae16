"""Real threads against the real database: stock and idempotency hold on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from dure.core.errors import Conflict
from dure.market.models import Order, Product
from dure.market.services import order_place
from dure.market.tests.conftest import BUYER


def _run(threads: int, work: Any) -> list[Any]:
    results: list[Any] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def target(index: int) -> None:
        barrier.wait()
        try:
            outcome: Any = work(index)
        except Conflict as error:
            outcome = error
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    workers = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_never_oversell(make_product: Any, open_window: Any) -> None:
    cake = make_product(name="케이크", stock=5)
    open_window([cake])
    results = _run(
        12,
        lambda i: order_place(
            buyer=BUYER, items=[{"product": cake.pk, "quantity": 1}], consent=True, notify=False
        ),
    )
    orders = [r for r in results if isinstance(r, Order)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert (len(orders), len(conflicts)) == (5, 7)
    assert Product.objects.get(pk=cake.pk).stock == 0
    assert Order.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_with_one_key_make_one_order(make_product: Any, open_window: Any) -> None:
    cake = make_product(name="케이크", stock=50)
    open_window([cake])
    items = [{"product": cake.pk, "quantity": 2}]
    results = _run(
        8,
        lambda i: order_place(
            buyer=BUYER, items=items, consent=True, idempotency_key="same-key", notify=False
        ),
    )
    assert {r.pk for r in results if isinstance(r, Order)} == {Order.objects.get().pk}
    assert sum(1 for r in results if isinstance(r, Order) and r.was_created) == 1
    assert Product.objects.get(pk=cake.pk).stock == 48
