from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dure.accounts.models import Consent
from dure.core.models import AuditLog
from dure.market.models import Order, Payment, Product
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


# Found by fuzzing the API ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["cash", "invoice"])
def test_online_order_cannot_choose_cash_or_invoice(make_product: Any, open_window: Any, method: str) -> None:
    bread = make_product(stock=5, price=3000)
    open_window([bread])
    body = {
        "items": [{"product": bread.pk, "quantity": 3}],
        "consent": True,
        "buyer": {"name": "공짜", "email": "free@example.com"},
        "payment_method": method,
    }
    audited = AuditLog.objects.count()
    response = _post(Client(), body, key="free-1")
    assert response.status_code == 400
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("payment_method_not_allowed", "payment_method")
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert AuditLog.objects.count() == audited
    assert Product.objects.get(pk=bread.pk).stock == 5


@pytest.mark.parametrize("method", ["bank_transfer", "card_at_pickup", "local_currency"])
def test_online_order_takes_online_methods_and_nothing_is_paid_yet(
    make_product: Any, open_window: Any, method: str
) -> None:
    bread = make_product(stock=5, price=3000)
    open_window([bread])
    body = {"items": [{"product": bread.pk, "quantity": 1}], "consent": True, "buyer": BUYER}
    response = _post(Client(), {**body, "payment_method": method})
    assert response.status_code == 201 and response.json()["payment_method"] == method
    assert list(Payment.objects.values_list("method", "status")) == [(method, "pending")]


def test_idempotency_key_belongs_to_its_requester(
    make_product: Any, open_window: Any, make_user: Any, api_client_for: Any
) -> None:
    bread = make_product(stock=20, price=5000)
    open_window([bread])
    body = {"items": [{"product": bread.pk, "quantity": 1}], "consent": True, "buyer": BUYER}
    buyer, citizen = api_client_for(make_user("institution")), api_client_for(make_user("citizen"))
    first = _post(buyer, body, key="order-1")
    assert first.status_code == 201
    theirs = _post(citizen, body, key="order-1")
    assert theirs.status_code == 201 and theirs.json()["pk"] != first.json()["pk"]
    assert citizen.get(f"/api/v1/orders/{theirs.json()['pk']}").status_code == 200
    assert citizen.get(f"/api/v1/orders/{first.json()['pk']}").status_code == 404
    # Each requester's own resend still gives back their own order; another body is still 409.
    assert (
        _post(buyer, body, key="order-1").status_code,
        _post(buyer, body, key="order-1").json()["pk"],
    ) == (
        200,
        first.json()["pk"],
    )
    assert _post(citizen, body, key="order-1").json()["pk"] == theirs.json()["pk"]
    other = _post(citizen, {**body, "items": [{"product": bread.pk, "quantity": 2}]}, key="order-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    # Anonymous requests are told apart by the buyer's details.
    stranger = {**body, "buyer": {"name": "김철수", "email": "kim@example.org"}}
    anonymous = _post(Client(), stranger, key="order-1")
    assert anonymous.status_code == 201
    assert anonymous.json()["pk"] not in (first.json()["pk"], theirs.json()["pk"])
    assert _post(Client(), stranger, key="order-1").json()["pk"] == anonymous.json()["pk"]
    assert Order.objects.count() == 3 and Product.objects.get(pk=bread.pk).stock == 17


def test_seller_sees_totals_of_its_own_lines_only(
    make_product: Any, make_enterprise: Any, open_window: Any, make_user: Any, api_client_for: Any
) -> None:
    from dure.accounts.models import EnterpriseMembership

    bread = make_product(name="식빵", price=3000, stock=10, vat_mode="included")
    cake = make_product(make_enterprise(), name="케이크", price=16000, stock=10, vat_mode="included")
    open_window([bread, cake])
    body = {
        "items": [{"product": bread.pk, "quantity": 3}, {"product": cake.pk, "quantity": 1}],
        "consent": True,
        "buyer": BUYER,
    }
    order = _post(Client(), body).json()
    assert (order["total"], order["vat"], order["units"]) == (25000, 2273, 4)
    seller = make_user("enterprise")
    EnterpriseMembership.objects.create(user=seller, enterprise=bread.enterprise, role="owner")
    data = api_client_for(seller).get(f"/api/v1/orders/{order['pk']}").json()
    assert [line["product"] for line in data["lines"]] == [bread.pk]
    assert (data["total"], data["vat"], data["units"]) == (9000, 818, 3)
    staff = api_client_for(make_user("staff")).get(f"/api/v1/orders/{order['pk']}").json()
    assert (staff["total"], staff["vat"], staff["units"], len(staff["lines"])) == (25000, 2273, 4, 2)


@pytest.mark.parametrize(
    "query", ["enterprise=100000000000000000000", "enterprise=9223372036854775808", "enterprise=0"]
)
def test_product_filter_ids_out_of_range_are_422_not_500(query: str) -> None:
    response = Client(raise_request_exception=False).get(f"/api/v1/products?{query}")
    assert response.status_code == 422


def test_product_filter_largest_id_is_no_match() -> None:
    response = Client().get("/api/v1/products?enterprise=9223372036854775807")
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize(
    "change",
    [
        {"window": 10**20},
        {"pickup_point": 10**20},
        {"window": 0},
        {"items": [{"product": 10**20, "quantity": 1}]},
        {"items": [{"product": "BREAD", "quantity": 1, "variant": 10**20}]},
        # Loose types: pydantic would turn these into True / 1 before any explicit check.
        {"consent": 1},
        {"consent": "yes"},
        {"consent": "true"},
        {"items": [{"product": "BREAD", "quantity": True}]},
        {"items": [{"product": "BREAD", "quantity": "3"}]},
        {"items": [{"product": True, "quantity": 1}]},
        {"buyer": {"name": 1, "email": "hong@example.org"}},
    ],
)
def test_order_body_of_the_wrong_type_or_range_is_422(
    make_product: Any, open_window: Any, change: dict
) -> None:
    bread = make_product(stock=5)
    open_window([bread])
    body = {"items": [{"product": bread.pk, "quantity": 1}], "consent": True, "buyer": BUYER}
    if "items" in change:
        change = {
            "items": [
                {**item, "product": bread.pk if item["product"] == "BREAD" else item["product"]}
                for item in change["items"]
            ]
        }
    response = Client(raise_request_exception=False).post(
        "/api/v1/orders", json.dumps({**body, **change}), content_type="application/json"
    )
    assert response.status_code == 422
    assert not Order.objects.exists() and Product.objects.get(pk=bread.pk).stock == 5


@pytest.mark.parametrize(
    ("buyer", "field"),
    [
        ({**BUYER, "region_code": "١٢٣"}, "buyer.region_code"),
        ({**BUYER, "region_code": "２９１７０"}, "buyer.region_code"),
        ({**BUYER, "name": "\u200b\u200b"}, "buyer.name"),
        ({**BUYER, "name": "\u3164"}, "buyer.name"),
        ({**BUYER, "name": "\x01\x02"}, "buyer.name"),
        ({**BUYER, "name": "홍\x00길동"}, "buyer.name"),
        ({**BUYER, "name": "\x00"}, "buyer.name"),
        ({**BUYER, "phone": "010\x001234"}, "buyer.phone"),
        ({"name": "홍길동", "phone": "\u200b"}, "buyer.phone"),
        ({**BUYER, "email": "hong\x00@example.org"}, "buyer.email"),
    ],
)
def test_buyer_details_that_are_not_text_are_400(
    make_product: Any, open_window: Any, buyer: dict, field: str
) -> None:
    bread = make_product(stock=5)
    open_window([bread])
    body = {"items": [{"product": bread.pk, "quantity": 1}], "consent": True, "buyer": buyer}
    response = _post(Client(raise_request_exception=False), body, key="k\u00e9y")
    assert response.status_code == 400 and response.json()["field"] == field
    assert not Order.objects.exists() and not Consent.objects.exists()
    assert Product.objects.get(pk=bread.pk).stock == 5


def test_idempotency_key_with_control_characters_is_400(make_product: Any, open_window: Any) -> None:
    bread = make_product(stock=5)
    open_window([bread])
    body = {"items": [{"product": bread.pk, "quantity": 1}], "consent": True, "buyer": BUYER}
    response = _post(Client(raise_request_exception=False), body, key="order\x00-1")
    assert response.status_code == 400 and response.json()["field"] == "Idempotency-Key"
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("query", "status"), [("q=a%00b", 400), ("category=%00", 400), (f"q={'가' * 201}", 422)]
)
def test_product_text_filters_with_nul_or_too_long_are_refused_not_500(query: str, status: int) -> None:
    # A NUL is refused for every API query value (core.api_errors); a long filter by its schema.
    response = Client(raise_request_exception=False).get(f"/api/v1/products?{query}")
    assert response.status_code == status
