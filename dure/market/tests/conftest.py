from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def make_product(make_enterprise: Callable[..., Any]) -> Callable[..., Any]:
    from dure.market.services import product_create

    state: dict[str, Any] = {}

    def make(
        enterprise: Any = None,
        *,
        name: str = "우리밀 식빵",
        price: int = 5000,
        stock: int | None = None,
        **fields: Any,
    ) -> Any:
        if enterprise is None:
            enterprise = state.get("enterprise") or make_enterprise()
            state["enterprise"] = enterprise
        return product_create(
            actor=None, enterprise=enterprise, name=name, price=price, stock=stock, **fields
        )

    return make


@pytest.fixture
def open_window() -> Callable[..., Any]:
    from dure.market.services import window_create

    def make(products: list[Any], *, capacity: int | None = None, **fields: Any) -> Any:
        now = timezone.now()
        return window_create(
            actor=None,
            name=fields.pop("name", "겨울 장터"),
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=3),
            capacity=capacity,
            product_pks=[p.pk for p in products],
            **fields,
        )

    return make


BUYER = {"name": "홍길동", "email": "hong@example.org", "phone": "010-1234-5678"}
