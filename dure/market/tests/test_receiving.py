"""How a buyer receives an order: a pickup point of the window, or delivery where it is offered."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from dure.core.errors import DomainError
from dure.market.models import Order, Product, SalesWindow
from dure.market.services import order_place

pytestmark = pytest.mark.django_db

BUYER = {"name": "홍길동", "email": "hong@example.org", "phone": "010-1234-5678"}
CENTER = {"name": "센터 1층", "address": "광주광역시 서구 천변좌로 268", "times": "평일 10–18시"}


@pytest.fixture
def bread(make_product: Any) -> Product:
    return make_product(name="식빵", price=5000, stock=20)


@pytest.fixture
def window(open_window: Any, bread: Product) -> SalesWindow:
    return open_window(
        [bread], delivery=True, delivery_note="광주 시내", delivery_minimum=30_000, pickup_points=[CENTER]
    )


def place(bread: Product, quantity: int, **kwargs: Any) -> Order:
    return order_place(
        buyer=BUYER, items=[{"product": bread.pk, "quantity": quantity}], consent=True, notify=False, **kwargs
    )


def refused(code: str, bread: Product, quantity: int, **kwargs: Any) -> DomainError:
    stock = Product.objects.get(pk=bread.pk).stock
    with pytest.raises(DomainError) as caught:
        place(bread, quantity, **kwargs)
    assert caught.value.code == code
    assert not Order.objects.exists() and Product.objects.get(pk=bread.pk).stock == stock
    return caught.value


def test_delivery_from_the_minimum_and_pickup_below_it(bread: Product, window: SalesWindow) -> None:
    error = refused("below_delivery_minimum", bread, 5, delivery_address="광주광역시 북구 용봉로 77")
    assert "30,000" in error.message and "25,000" in error.message
    delivered = place(bread, 6, delivery_address="  광주광역시 북구 용봉로 77  ")
    assert (delivered.delivery_address, delivered.pickup_point_id, delivered.window_id) == (
        "광주광역시 북구 용봉로 77",
        None,
        window.pk,
    )
    picked = place(bread, 1, pickup_point=window.pickup_points.get())
    assert (picked.pickup_point_id, picked.delivery_address) == (window.pickup_points.get().pk, "")


def test_a_window_that_does_not_deliver_takes_no_address(open_window: Any, bread: Product) -> None:
    open_window([bread], pickup_points=[CENTER])
    refused("no_delivery", bread, 1, delivery_address="광주광역시 북구 용봉로 77")


def test_pickup_and_delivery_together_are_refused(bread: Product, window: SalesWindow) -> None:
    refused(
        "receive_both",
        bread,
        10,
        pickup_point=window.pickup_points.get(),
        delivery_address="광주광역시 북구 용봉로 77",
    )


def test_a_pickup_point_of_another_window_is_refused(
    bread: Product, window: SalesWindow, open_window: Any, make_product: Any
) -> None:
    other = open_window([make_product()], pickup_points=[{"name": "북구 마을카페"}])
    refused("pickup_point_elsewhere", bread, 1, pickup_point=other.pickup_points.get())


@pytest.mark.parametrize(
    ("address", "code"),
    [("\u200b\u3164", "invalid_characters"), ("용봉로\x0777", "invalid_characters"), ("가" * 301, "invalid")],
)
def test_an_unusable_address_is_refused(bread: Product, window: SalesWindow, address: str, code: Any) -> None:
    with pytest.raises(DomainError) as caught:
        place(bread, 10, delivery_address=address)
    assert caught.value.field == "delivery_address" and caught.value.code == code
    assert not Order.objects.exists()


def test_the_window_rule_is_kept_by_the_database(window: SalesWindow) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesWindow.objects.filter(pk=window.pk).update(delivery=False)


def test_window_create_refuses_a_minimum_without_delivery(open_window: Any, bread: Product) -> None:
    with pytest.raises(DomainError) as caught:
        open_window([bread], delivery_minimum=10_000)
    assert caught.value.field == "delivery_minimum"
    with pytest.raises(DomainError):
        open_window([bread], delivery=True, delivery_minimum=-1)
    assert not SalesWindow.objects.exists()


# The checkout page --------------------------------------------------------------------------


def checkout(client: Client, bread: Product, quantity: int, **fields: str) -> Any:
    client.post("/market/cart/add/", {"product": bread.pk, "quantity": quantity})
    body = {**BUYER, "payment_method": "bank_transfer", "consent": "on", "submission": "web:x", **fields}
    return client.post("/market/checkout/", body)


def test_checkout_offers_the_carts_window_only(
    client_for: Any, bread: Product, window: SalesWindow, open_window: Any, make_product: Any
) -> None:
    open_window([make_product()], pickup_points=[{"name": "다른 장터의 픽업 장소"}])
    client = client_for(None)
    client.post("/market/cart/add/", {"product": bread.pk, "quantity": 1})
    page = client.get("/market/checkout/").content.decode()
    assert "센터 1층" in page and "다른 장터의 픽업 장소" not in page
    assert "30,000" in page and 'value="delivery"' in page


def test_checkout_asks_how_to_receive(client_for: Any, bread: Product, window: SalesWindow) -> None:
    client = client_for(None)
    page = checkout(client, bread, 1).content.decode()
    assert "수령 방법" in page and not Order.objects.exists()
    page = checkout(client_for(None), bread, 6, receive="delivery").content.decode()
    assert "배송받을 주소" in page and not Order.objects.exists()


def test_checkout_below_the_minimum_says_so_and_keeps_the_cart(
    client_for: Any, bread: Product, window: SalesWindow
) -> None:
    client = client_for(None)
    response = checkout(client, bread, 2, receive="delivery", delivery_address="광주광역시 북구 용봉로 77")
    page = response.content.decode()
    assert response.status_code == 200 and "30,000" in page and "10,000" in page
    assert not Order.objects.exists() and "식빵" in client.get("/market/cart/").content.decode()


def test_checkout_pickup_ignores_an_address_typed_before(
    client_for: Any, bread: Product, window: SalesWindow
) -> None:
    point = window.pickup_points.get()
    response = checkout(client_for(None), bread, 1, receive=f"pickup:{point.pk}", delivery_address="어딘가")
    order = Order.objects.get()
    assert response.status_code == 302 and (order.pickup_point_id, order.delivery_address) == (point.pk, "")


def test_delivery_order_shows_the_address_to_buyer_and_seller(
    client_for: Any,
    bread: Product,
    window: SalesWindow,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from dure.accounts.models import EnterpriseMembership

    client = client_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(
            client, bread, 6, receive="delivery", delivery_address="광주광역시 북구 용봉로 77 2층"
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "용봉로 77 2층" in mail.outbox[0].body
    assert "용봉로 77 2층" in client.get(response["Location"]).content.decode()
    baker = make_user("enterprise")
    EnterpriseMembership.objects.create(user=baker, enterprise=bread.enterprise, role="owner")
    assert "용봉로 77 2층" in client_for(baker).get("/market/seller/orders/").content.decode()


def test_direct_sale_checkout_has_no_choice(client_for: Any, make_product: Any) -> None:
    direct = make_product(name="원두", price=12000, stock=5, direct_sale=True)
    client = client_for(None)
    client.post("/market/cart/add/", {"product": direct.pk, "quantity": 1})
    assert 'name="receive"' not in client.get("/market/checkout/").content.decode()
    body = {**BUYER, "payment_method": "bank_transfer", "consent": "on", "submission": "web:y"}
    response = client.post("/market/checkout/", body)
    order = Order.objects.get()
    assert response.status_code == 302 and order.window_id is None and order.pickup_point_id is None


# The API ------------------------------------------------------------------------------------


def test_api_windows_list_pickup_points_and_minimum(bread: Product, window: SalesWindow) -> None:
    (listed,) = Client().get("/api/v1/windows").json()
    assert listed["delivery_minimum"] == 30_000 and listed["delivery_note"] == "광주 시내"
    assert [point["name"] for point in listed["pickup_points"]] == ["센터 1층"]


def test_api_order_below_the_minimum_is_refused(bread: Product, window: SalesWindow) -> None:
    def post(quantity: int) -> Any:
        return Client().post(
            "/api/v1/orders",
            {
                "items": [{"product": bread.pk, "quantity": quantity}],
                "buyer": BUYER,
                "consent": True,
                "delivery_address": "광주광역시 북구 용봉로 77",
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ko",
        )

    response = post(1)
    assert response.status_code == 400 and "30,000" in response.json()["detail"]
    response = post(6)
    assert response.status_code == 201 and response.json()["delivery"] is True
    assert response.json()["pickup_point"] is None and "용봉로" not in response.content.decode()


def test_products_of_two_windows_are_refused_by_name(
    bread: Product, window: SalesWindow, open_window: Any, make_product: Any, client_for: Any
) -> None:
    soap = make_product(name="비누", price=7000, stock=5)
    open_window([soap], name="봄 장터")
    with pytest.raises(DomainError) as caught:
        order_place(
            buyer=BUYER,
            items=[{"product": bread.pk, "quantity": 1}, {"product": soap.pk, "quantity": 1}],
            consent=True,
            notify=False,
        )
    assert caught.value.code == "windows_differ" and caught.value.status == 409
    assert "'겨울 장터'" in caught.value.message and "'봄 장터'" in caught.value.message
    assert not Order.objects.exists() and Product.objects.get(pk=soap.pk).stock == 5


def test_the_cart_says_two_windows_cannot_be_one_order(
    bread: Product, window: SalesWindow, open_window: Any, make_product: Any, client_for: Any
) -> None:
    soap = make_product(name="비누", price=7000, stock=5)
    open_window([soap], name="봄 장터")
    client = client_for(None)
    client.post("/market/cart/add/", {"product": bread.pk, "quantity": 1})
    assert "/market/checkout/" in client.get("/market/cart/").content.decode()
    client.post("/market/cart/add/", {"product": soap.pk, "quantity": 1})
    page = client.get("/market/cart/").content.decode()
    assert "서로 다른 판매 기간" in page and "봄 장터" in page and 'href="/market/checkout/"' not in page
    assert client.get("/market/checkout/")["Location"] == "/market/cart/"
