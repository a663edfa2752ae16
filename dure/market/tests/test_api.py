from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dure.market.models import Order, Product
from dure.market.tests.conftest import BUYER

pytestmark = pytest.mark.django_db


def _post(client: Client, body: dict, key: str | None = None) -> Any:
    headers: dict[str, Any] = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/orders", json.dumps(body), content_type="application/json", **headers)


def test_available_products_lists_only_what_can_be_ordered_now(
    make_product: Any, open_window: Any, django_assert_max_num_queries: Any
) -> None:
    in_window = make_product(name="식빵", stock=3)
    sold_out = make_product(name="품절빵", stock=0)
    make_product(name="창고빵", stock=5)  # in no window
    direct = make_product(name="직판잼", direct_sale=True)
    make_product(name="중단빵", direct_sale=True, is_active=False)
    open_window([in_window, sold_out])
    with django_assert_max_num_queries(3):
        data = Client().get("/api/v1/products?available=true").json()
    assert data["count"] == 2
    assert [(i["pk"], i["stock"]) for i in data["items"]] == [(in_window.pk, 3), (direct.pk, None)]
    item = data["items"][0]
    assert item["enterprise"] == {"pk": in_window.enterprise_id, "name": in_window.enterprise.name}
    assert item["price"] == 5000
    assert Client().get("/api/v1/products").json()["count"] == 5
    assert [i["name"] for i in Client().get("/api/v1/products?available=true&q=잼").json()["items"]] == [
        "직판잼"
    ]


def test_post_order_201_then_same_key_200_then_409(make_product: Any, open_window: Any) -> None:
    cake = make_product(name="케이크", stock=2, price=30000)
    open_window([cake])
    body = {"items": [{"product": cake.pk, "quantity": 1}], "buyer": BUYER, "consent": True}
    first = _post(Client(), body, key="abc")
    assert first.status_code == 201
    assert (first.json()["status"], first.json()["total"]) == ("placed", 30000)
    again = _post(Client(), body, key="abc")
    assert again.status_code == 200 and again.json()["pk"] == first.json()["pk"]
    other = _post(Client(), {**body, "items": [{"product": cake.pk, "quantity": 2}]}, key="abc")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert _post(Client(), body).status_code == 201
    short = _post(Client(), body)
    assert short.status_code == 409 and short["Content-Type"] == "application/problem+json"
    assert short.json()["code"] == "out_of_stock"
    assert Product.objects.get(pk=cake.pk).stock == 0 and Order.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"items": "x", "buyer": BUYER, "consent": True}, 422),
        ({"items": [{"product": 1}], "buyer": BUYER, "consent": True}, 422),
        ({"items": [{"product": 999999, "quantity": 1}], "buyer": BUYER, "consent": True}, 400),
        ({"items": [{"product": 1, "quantity": -1}], "buyer": BUYER, "consent": True}, 400),
        ({"items": [{"product": 1, "quantity": 1}], "buyer": BUYER, "consent": False}, 400),
    ],
)
def test_bad_order_bodies(body: dict, status: int) -> None:
    response = _post(Client(), body)
    assert response.status_code == status
    assert not Order.objects.exists()


def test_malformed_json_is_400_not_500() -> None:
    response = Client().post("/api/v1/orders", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
