from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from dure.accounts.models import EnterpriseMembership
from dure.core.models import AuditLog
from dure.market.models import Booth, Order, Product

pytestmark = pytest.mark.django_db


def test_guest_buys_from_two_enterprises_and_each_seller_sees_only_its_part(
    make_product: Any,
    open_window: Any,
    make_enterprise: Any,
    make_user: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    bread = make_product(name="식빵", price=5000, stock=10)
    soap = make_product(make_enterprise(), name="비누", price=7000, stock=3)
    window = open_window([bread, soap], pickup_points=[{"name": "센터 1층", "times": "평일"}])
    guest = client_for(None)
    guest.post("/market/cart/add/", {"product": bread.pk, "quantity": 2})
    guest.post("/market/cart/add/", {"product": soap.pk, "quantity": 1})
    assert "17,000" in guest.get("/market/cart/").content.decode()
    refused = guest.post(
        "/market/checkout/",
        {"name": "홍길동", "email": "hong@example.org", "payment_method": "bank_transfer"},
    )
    assert refused.status_code == 200 and not Order.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = guest.post(
            "/market/checkout/",
            {
                "name": "홍길동",
                "email": "hong@example.org",
                "phone": "010-1234-5678",
                "region_code": "29170",
                "receive": f"pickup:{window.pickup_points.get().pk}",
                "payment_method": "local_currency",
                "consent": "on",
                "submission": "web:one",
            },
        )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/market/orders/{order.pk}/"
    assert (order.total, order.buyer_region_code, order.payment_method, order.window_id) == (
        17000,
        "29170",
        "local_currency",
        window.pk,
    )
    assert guest.get(response["Location"]).status_code == 200
    assert client_for(None).get(response["Location"]).status_code == 404
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hong@example.org"]

    baker = make_user("enterprise")
    EnterpriseMembership.objects.create(user=baker, enterprise=bread.enterprise, role="owner")
    page = client_for(baker).get("/market/seller/orders/").content.decode()
    assert "식빵" in page and "비누" not in page and "10,000" in page and "17,000" not in page
    assert "홍길동" in page  # active order: contact needed for the handover
    assert (
        AuditLog.objects.filter(action="market.orders.viewed", personal_data=True, actor=baker).count() == 1
    )
    stranger = make_user("enterprise")
    EnterpriseMembership.objects.create(user=stranger, enterprise=make_enterprise(), role="owner")
    assert order.number not in client_for(stranger).get("/market/seller/orders/").content.decode()


def test_seller_sees_masked_contact_after_handover(
    make_product: Any, open_window: Any, make_user: Any, client_for: Any
) -> None:
    from dure.market.services import order_place, order_transition

    bread = make_product(stock=5)
    open_window([bread])
    order = order_place(
        buyer={"name": "홍길동", "email": "hong@example.org", "phone": "010-1234-5678"},
        items=[{"product": bread.pk, "quantity": 1}],
        consent=True,
    )
    order_transition(actor=None, order=order, to_status="fulfilled")
    baker = make_user("enterprise")
    EnterpriseMembership.objects.create(user=baker, enterprise=bread.enterprise, role="owner")
    page = client_for(baker).get("/market/seller/orders/").content.decode()
    assert "홍*동" in page and "010-****-5678" in page and "홍길동" not in page


def test_booth_sale_resent_counts_once(make_product: Any, make_user: Any, client_for: Any) -> None:
    seller = make_user("enterprise")
    cake = make_product(name="케이크", price=20000, stock=4)
    today = timezone.localdate()
    booth = Booth.objects.create(
        name="부스", festival="충장축제", starts_on=today, ends_on=today + dt.timedelta(days=2)
    )
    booth.products.add(cake)
    booth.staff.add(seller)
    client = client_for(seller)
    body = json.dumps(
        {
            "sale_uuid": str(uuid.uuid4()),
            "items": [{"product": cake.pk, "quantity": 2}],
            "payment_method": "local_currency",
        }
    )
    first = client.post(f"/market/booths/{booth.pk}/sales/", body, content_type="application/json")
    again = client.post(f"/market/booths/{booth.pk}/sales/", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["pk"] == again.json()["pk"] and first.json()["status"] == "fulfilled"
    assert Order.objects.count() == 1 and Product.objects.get(pk=cake.pk).stock == 2
    totals = client.get(f"/market/booths/{booth.pk}/totals/").content.decode()
    assert "40,000" in totals
    bad = client.post(
        f"/market/booths/{booth.pk}/sales/",
        json.dumps({"sale_uuid": "x", "items": []}),
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_seller_report_csv_and_xlsx(
    make_product: Any, open_window: Any, make_user: Any, client_for: Any
) -> None:
    from dure.market.services import order_place, order_transition

    bread = make_product(stock=5, price=5000)
    open_window([bread])
    order = order_place(
        buyer={"name": "홍길동", "email": "h@example.org"},
        items=[{"product": bread.pk, "quantity": 3}],
        consent=True,
    )
    order_transition(actor=None, order=order, to_status="fulfilled")
    baker = make_user("enterprise")
    EnterpriseMembership.objects.create(user=baker, enterprise=bread.enterprise, role="owner")
    today = timezone.localdate()
    csv_body = (
        client_for(baker)
        .get(f"/market/seller/report/?start={today}&end={today}&format=csv")
        .content.decode("utf-8-sig")
    )
    assert csv_body.splitlines()[1].endswith(",1,3,15000,1364")
    xlsx = client_for(baker).get(f"/market/seller/report/?start={today}&end={today}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_staff_create_a_draft_window_add_products_publish_and_cancel(
    make_product: Any, make_enterprise: Any, make_user: Any, client_for: Any
) -> None:
    from dure.market.models import SalesWindow, WindowStatus

    bread = make_product(name="식빵", price=5000, stock=10)
    soap = make_product(make_enterprise(name="비누공방"), name="비누", price=7000, stock=3)
    staff = client_for(make_user("staff"))
    form = staff.get("/market/staff/windows/new/").content.decode()
    assert "식빵" in form and "비누공방 · 비누" in form

    start = timezone.localtime() + dt.timedelta(days=1)
    values = {
        "name": "겨울 장터",
        "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "200",
        "pickup_name": "센터 1층",
        "products": [bread.pk],
    }
    refused = staff.post("/market/staff/windows/new/", values)
    assert refused.status_code == 200 and not SalesWindow.objects.exists()
    assert "마감 시각은 시작 시각보다 뒤여야 합니다." in refused.content.decode()

    values["closes_at"] = (start + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    created = staff.post("/market/staff/windows/new/", values)
    window = SalesWindow.objects.get()
    assert created["Location"] == f"/market/staff/windows/{window.pk}/"
    assert (window.status, window.capacity, window.pickup_points.get().name) == (
        WindowStatus.DRAFT,
        200,
        "센터 1층",
    )
    assert list(window.products.all()) == [bread]
    assert AuditLog.objects.filter(action="market.window.created", target_pk=str(window.pk)).exists()

    page = staff.get(created["Location"]).content.decode()
    assert "비누" in page  # offered to add
    staff.post(created["Location"], {"products": [soap.pk]})
    assert set(window.products.all()) == {bread, soap}

    staff.post(f"/market/staff/windows/{window.pk}/open/", {"next": "detail"})
    window.refresh_from_db()
    assert window.status == WindowStatus.OPEN
    again = staff.post(f"/market/staff/windows/{window.pk}/open/", {"next": "detail"}, follow=True)
    assert again.status_code == 200 and window.status == WindowStatus.OPEN  # a second click is a message
    staff.post(f"/market/staff/windows/{window.pk}/cancel/")
    window.refresh_from_db()
    assert window.status == WindowStatus.CANCELLED


def test_only_staff_reach_the_window_pages(make_user: Any, client_for: Any) -> None:
    owner = client_for(make_user("enterprise"))
    assert owner.get("/market/staff/windows/new/").status_code == 403


GUEST_CHECKOUT = {
    "name": "홍길동",
    "email": "hong@example.org",
    "payment_method": "bank_transfer",
    "consent": "on",
}


def _guest_with_bread(make_product: Any, open_window: Any, client_for: Any, quantity: int) -> Any:
    """A guest's browser with `quantity` loaves (5,000원 each, 10 in stock) in the cart."""
    bread = make_product(name="식빵", price=5000, stock=10)
    open_window([bread])
    guest = client_for(None)
    guest.post("/market/cart/add/", {"product": bread.pk, "quantity": quantity})
    guest.bread = bread
    return guest


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"payment_method": "cash"}, "payment_method"),
        ({"payment_method": "invoice"}, "payment_method"),
        ({"name": "\u200b\u200b"}, "name"),
        ({"name": "\u3164"}, "name"),
    ],
)
def test_checkout_refuses_cash_invoice_and_invisible_names(
    make_product: Any, open_window: Any, client_for: Any, change: dict, field: str
) -> None:
    guest = _guest_with_bread(make_product, open_window, client_for, 2)
    response = guest.post("/market/checkout/", {**GUEST_CHECKOUT, "submission": "web:one", **change})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Order.objects.exists() and Product.objects.get(pk=guest.bread.pk).stock == 10


def test_an_optional_field_with_nothing_visible_is_read_as_empty(
    make_product: Any, open_window: Any, client_for: Any
) -> None:
    # Every form reads invisible-only text as empty (core.apps): an optional phone is no phone.
    guest = _guest_with_bread(make_product, open_window, client_for, 1)
    form = {**GUEST_CHECKOUT, "phone": "\u200b", "submission": "web:phone"}
    assert guest.post("/market/checkout/", form).status_code == 302
    assert Order.objects.get().buyer_phone == ""


def test_the_order_page_says_where_to_transfer_the_money(
    make_product: Any, open_window: Any, client_for: Any, settings: Any
) -> None:
    settings.DURE_MARKET_BANK_ACCOUNT = "광주은행 123-456-789 (예금주: 센터)"
    guest = _guest_with_bread(make_product, open_window, client_for, 2)
    form = {**GUEST_CHECKOUT, "submission": "web:bank"}
    page = guest.get(guest.post("/market/checkout/", form)["Location"]).content.decode()
    order = Order.objects.get()
    assert "광주은행 123-456-789 (예금주: 센터)" in page and order.number in page and "10,000" in page


def test_my_orders_name_what_was_bought_and_in_won(
    make_product: Any, open_window: Any, client_for: Any, make_user: Any
) -> None:
    bread = make_product(name="식빵", price=5000, stock=10)
    jam = make_product(name="딸기잼", price=8000, stock=10)
    open_window([bread, jam])
    citizen = make_user("citizen", name="김시민")
    buyer = client_for(citizen)
    for product in (bread, jam):
        buyer.post("/market/cart/add/", {"product": product.pk, "quantity": 1})
    form = {
        "payment_method": "bank_transfer",
        "consent": "on",
        "submission": "web:mine",
        "name": "김시민",
        "email": citizen.email,
    }
    assert buyer.post("/market/checkout/", form).status_code == 302
    page = buyer.get("/market/my-orders/").content.decode()
    assert ("식빵 외 1건 더" in page or "딸기잼 외 1건 더" in page) and "13,000원" in page


def test_a_new_booth_stands_in_the_region_the_center_serves(settings: Any) -> None:
    today = timezone.localdate()
    assert (
        Booth.objects.create(name="부스", festival="축제", starts_on=today, ends_on=today).region_code == "29"
    )
    settings.DURE_REGION_PREFIX = "26"  # another region's center
    assert (
        Booth.objects.create(name="부스", festival="축제", starts_on=today, ends_on=today).region_code == "26"
    )
