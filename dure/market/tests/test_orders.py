from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from dure.accounts.models import Consent
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.models import AuditLog
from dure.market.models import (
    Booth,
    MoneyFlowOutbox,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    Product,
    SalesWindow,
)
from dure.market.pricing import line_price
from dure.market.services import (
    order_place,
    order_transition,
    product_sales,
    window_close,
    window_is_closed,
)
from dure.market.tests.conftest import BUYER

pytestmark = pytest.mark.django_db


def test_line_price_splits_vat_to_the_won() -> None:
    price = line_price(unit_price=5000, quantity=3, vat_mode="included")
    assert (price.total, price.supply_value, price.vat) == (15000, 13636, 1364)
    price = line_price(unit_price=1, quantity=1, vat_mode="included")
    assert (price.total, price.supply_value, price.vat) == (1, 1, 0)
    price = line_price(unit_price=11, quantity=1, vat_mode="included")
    assert (price.total, price.supply_value, price.vat) == (11, 10, 1)
    price = line_price(unit_price=7700, quantity=2, vat_mode="exempt")
    assert (price.total, price.supply_value, price.vat) == (15400, 15400, 0)


def test_order_in_open_window_reserves_stock_and_totals(
    make_product: Any, open_window: Any, make_enterprise: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bread = make_product(name="식빵", price=5000, stock=10)
    jam = make_product(make_enterprise(), name="잼", price=7700, stock=None, vat_mode="exempt")
    window = open_window([bread, jam])
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(
            buyer=BUYER,
            items=[{"product": bread.pk, "quantity": 3}, {"product": jam.pk, "quantity": 2}],
            consent=True,
        )
    assert order.was_created is True
    assert (order.status, order.total, order.vat, order.units, order.window_id) == (
        "placed",
        30400,
        1364,
        5,
        window.pk,
    )
    assert Product.objects.get(pk=bread.pk).stock == 7
    assert Product.objects.get(pk=jam.pk).stock is None
    assert sorted(window.entries.values_list("units_ordered", flat=True)) == [2, 3]
    assert SalesWindow.objects.get(pk=window.pk).units_ordered == 0  # uncapped: no window-wide counter
    lines = list(
        order.lines.order_by("product_id").values_list(
            "product_id", "enterprise_id", "quantity", "line_total", "vat"
        )
    )
    assert lines == [
        (bread.pk, bread.enterprise_id, 3, 15000, 1364),
        (jam.pk, jam.enterprise_id, 2, 15400, 0),
    ]
    consent = Consent.objects.get()
    assert (consent.purpose, consent.granted, consent.subject_email) == ("order", True, "hong@example.org")
    payment = Payment.objects.get(order=order)
    assert (payment.method, payment.amount, payment.status) == ("bank_transfer", 30400, "pending")
    assert len(mail.outbox) == 1 and order.number in mail.outbox[0].subject


def test_short_stock_refuses_whole_order_and_reserves_nothing(make_product: Any, open_window: Any) -> None:
    bread = make_product(name="식빵", stock=2)
    cake = make_product(name="케이크", stock=5)
    open_window([bread, cake])
    with pytest.raises(Conflict) as error:
        order_place(
            buyer=BUYER,
            items=[{"product": cake.pk, "quantity": 1}, {"product": bread.pk, "quantity": 3}],
            consent=True,
        )
    assert error.value.extra["available"] == 2
    assert Product.objects.get(pk=bread.pk).stock == 2 and Product.objects.get(pk=cake.pk).stock == 5
    assert not Order.objects.exists() and not OrderLine.objects.exists() and not Consent.objects.exists()


def test_not_in_open_window_is_refused(make_product: Any) -> None:
    bread = make_product(stock=2)
    with pytest.raises(Conflict):
        order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True)
    direct = make_product(name="직판", direct_sale=True)
    assert (
        order_place(buyer=BUYER, items=[{"product": direct.pk, "quantity": 1}], consent=True).window_id
        is None
    )


@pytest.mark.parametrize(
    ("items", "buyer", "consent", "field"),
    [
        ([], BUYER, True, "items"),
        ([{"product": 1, "quantity": 0}], BUYER, True, "items.0.quantity"),
        ([{"product": 1, "quantity": "x"}], BUYER, True, "items.0.quantity"),
        ([{"product": 1, "quantity": 1}], {"name": "", "email": "a@b.kr"}, True, "buyer.name"),
        ([{"product": 1, "quantity": 1}], {"name": "홍", "email": "not-an-email"}, True, "buyer.email"),
        ([{"product": 1, "quantity": 1}], BUYER, False, "consent"),
    ],
)
def test_bad_input_is_refused(items: Any, buyer: Any, consent: bool, field: str) -> None:
    with pytest.raises(DomainError) as error:
        order_place(buyer=buyer, items=items, consent=consent)
    assert error.value.field == field
    assert not Order.objects.exists()


def test_idempotency_key_gives_back_the_same_order(make_product: Any, open_window: Any) -> None:
    bread = make_product(stock=5)
    open_window([bread])
    items = [{"product": bread.pk, "quantity": 2}]
    first = order_place(buyer=BUYER, items=items, consent=True, idempotency_key="k-1")
    again = order_place(buyer=BUYER, items=items, consent=True, idempotency_key="k-1")
    assert (first.pk, first.was_created, again.pk, again.was_created) == (first.pk, True, first.pk, False)
    assert Product.objects.get(pk=bread.pk).stock == 3 and Order.objects.count() == 1
    with pytest.raises(Conflict) as error:
        order_place(
            buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True, idempotency_key="k-1"
        )
    assert error.value.code == "idempotency_key_reused"
    assert Product.objects.get(pk=bread.pk).stock == 3 and Order.objects.count() == 1


def test_window_capacity_closes_the_window(make_product: Any, open_window: Any) -> None:
    bread = make_product(stock=None)
    window = open_window([bread], capacity=4)
    order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 3}], consent=True)
    with pytest.raises(Conflict) as error:
        order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 2}], consent=True)
    assert error.value.code == "capacity_reached"
    order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True)
    window.refresh_from_db()
    assert (window.status, window.units_ordered, window.close_reason) == ("closed", 4, "capacity")
    assert window_is_closed(window)


def test_product_capacity_per_window(make_product: Any, open_window: Any) -> None:
    cake = make_product(stock=None, capacity_per_window=2)
    open_window([cake])
    order_place(buyer=BUYER, items=[{"product": cake.pk, "quantity": 2}], consent=True)
    with pytest.raises(Conflict):
        order_place(buyer=BUYER, items=[{"product": cake.pk, "quantity": 1}], consent=True)


def test_pipeline_fulfil_records_flows_and_sales_then_refund(
    make_product: Any, open_window: Any, staff_user: Any
) -> None:
    bread = make_product(stock=10, price=5000)
    window = open_window([bread])
    order = order_place(
        buyer={**BUYER, "region_code": "29170"}, items=[{"product": bread.pk, "quantity": 2}], consent=True
    )
    for status in ("confirmed", "ready", "fulfilled"):
        order = order_transition(actor=staff_user, order=order, to_status=status)
    assert order.status == "fulfilled" and order.fulfilled_at is not None
    assert Payment.objects.get(order=order).status == "paid"
    assert product_sales(product_pks=[bread.pk], window_pk=window.pk) == {
        bread.pk: {"units": 2, "received": 10000}
    }
    flow = MoneyFlowOutbox.objects.get()
    assert (flow.amount, flow.payer_region, flow.payee_name, flow.reference) == (
        10000,
        "29170",
        bread.enterprise.name,
        f"market:order:{order.pk}:{bread.enterprise_id}",
    )
    order = order_transition(actor=staff_user, order=order, to_status="refunded")
    assert product_sales(product_pks=[bread.pk]) == {bread.pk: {"units": 0, "received": 0}}
    assert sorted(MoneyFlowOutbox.objects.values_list("amount", flat=True)) == [-10000, 10000]
    assert Payment.objects.get(order=order).status == "refunded"
    with pytest.raises(Conflict):
        order_transition(actor=staff_user, order=order, to_status="placed")


def test_cancel_releases_stock_and_capacity(make_product: Any, open_window: Any, staff_user: Any) -> None:
    bread = make_product(stock=3)
    window = open_window([bread], capacity=10)
    order = order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 3}], consent=True)
    assert Product.objects.get(pk=bread.pk).stock == 0
    order_transition(actor=staff_user, order=order, to_status="cancelled")
    assert Product.objects.get(pk=bread.pk).stock == 3
    assert SalesWindow.objects.get(pk=window.pk).units_ordered == 0
    assert Payment.objects.get(order=order).status == "cancelled"
    assert not MoneyFlowOutbox.objects.exists()


def test_transition_permissions(
    make_product: Any, open_window: Any, make_user: Any, make_enterprise: Any
) -> None:
    from dure.accounts.models import EnterpriseMembership

    bread = make_product(stock=5)
    other = make_product(make_enterprise(), name="잼")
    open_window([bread, other])
    seller = make_user("enterprise")
    EnterpriseMembership.objects.create(user=seller, enterprise=bread.enterprise, role="owner")
    stranger = make_user("enterprise")
    own = order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True)
    mixed = order_place(
        buyer=BUYER,
        items=[{"product": bread.pk, "quantity": 1}, {"product": other.pk, "quantity": 1}],
        consent=True,
    )
    before = AuditLog.objects.count()
    with pytest.raises(PermissionDeniedError):
        order_transition(actor=stranger, order=own, to_status="confirmed")
    with pytest.raises(PermissionDeniedError):
        order_transition(actor=seller, order=mixed, to_status="confirmed")
    assert AuditLog.objects.count() == before
    assert Order.objects.get(pk=own.pk).status == "placed"
    assert order_transition(actor=seller, order=own, to_status="confirmed").status == "confirmed"


def test_window_close_then_orders_refused(make_product: Any, open_window: Any, staff_user: Any) -> None:
    bread = make_product(stock=5)
    window = open_window([bread])
    order = order_place(
        buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True, window=window
    )
    order_transition(actor=None, order=order, to_status=OrderStatus.FULFILLED)
    window = window_close(actor=staff_user, window=window)
    assert window.status == "closed" and window_is_closed(window)
    assert window_close(actor=staff_user, window=window).status == "closed"
    with pytest.raises(Conflict):
        order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 1}], consent=True, window=window)
    assert product_sales(product_pks=[bread.pk], window_pk=window.pk)[bread.pk] == {
        "units": 1,
        "received": 5000,
    }


def test_window_past_closing_time_counts_as_closed(make_product: Any, open_window: Any) -> None:
    bread = make_product()
    window = open_window([bread])
    assert not window_is_closed(window)
    assert window_is_closed(window, now=timezone.now() + dt.timedelta(days=4))


def test_fulfil_and_refund_write_circulation_flows(
    make_product: Any, open_window: Any, staff_user: Any
) -> None:
    from dure.circulation.models import Flow

    bread = make_product(stock=10, price=5000)
    open_window([bread])
    order = order_place(buyer=BUYER, items=[{"product": bread.pk, "quantity": 2}], consent=True)
    order_transition(actor=staff_user, order=order, to_status="fulfilled")
    flow = Flow.objects.get()
    assert (flow.amount, flow.payer_region, flow.payee_region, flow.kind, flow.source, flow.reference) == (
        10000,
        "29",  # no district given: counted in the center's region
        bread.enterprise.district_code or "29",
        "sale",
        "market",
        f"market:order:{order.pk}:{bread.enterprise_id}",
    )
    assert flow.payer.name == "개인 구매자"
    assert MoneyFlowOutbox.objects.get().delivered_at is not None
    order_transition(actor=staff_user, order=order, to_status="refunded")
    reversal = Flow.objects.exclude(pk=flow.pk).get()
    assert (reversal.amount, reversal.reverses_id) == (-10000, flow.pk)
    assert MoneyFlowOutbox.objects.filter(delivered_at__isnull=True).count() == 0


def test_expired_windows_are_closed_by_the_periodic_command(make_product: Any, open_window: Any) -> None:
    from django.core.management import call_command

    window = open_window([make_product()])
    call_command("market_close_windows")
    assert SalesWindow.objects.get(pk=window.pk).status == "open"
    SalesWindow.objects.filter(pk=window.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1), opens_at=timezone.now() - dt.timedelta(hours=2)
    )
    call_command("market_close_windows")
    window.refresh_from_db()
    assert (window.status, window.close_reason) == ("closed", "time")


def test_each_channel_takes_only_its_payment_methods(make_product: Any, open_window: Any) -> None:
    from dure.market.services import institution_create

    bread = make_product(stock=50)
    open_window([bread])
    items = [{"product": bread.pk, "quantity": 1}]
    city = institution_create(actor=None, name="광주광역시청")
    booth = Booth.objects.create(
        name="부스", festival="축제", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    refused: list[dict[str, Any]] = [
        {"payment_method": "cash"},
        {"payment_method": "invoice"},
        {"channel": "institution", "institution": city, "payment_method": "cash"},
        {"channel": "institution", "institution": city, "payment_method": "local_currency"},
        {"channel": "booth", "booth": booth, "payment_method": "invoice"},
    ]
    for arguments in refused:
        with pytest.raises(DomainError) as error, translation.override("en"):
            order_place(buyer=BUYER, items=items, consent=True, **arguments)
        assert (error.value.code, error.value.field) == ("payment_method_not_allowed", "payment_method")
    assert error.value.message == (
        "invoice (institutions) cannot be used for this order. Choose one of: cash, card at pickup, "
        "광주상생카드 at pickup, bank transfer."
    )
    with pytest.raises(DomainError) as error:
        order_place(buyer=BUYER, items=items, consent=True, channel="institution")
    assert error.value.field == "institution"
    assert not Order.objects.exists() and Product.objects.get(pk=bread.pk).stock == 50
    invoiced = order_place(buyer=BUYER, items=items, consent=True, channel="institution", institution=city)
    cash = order_place(
        buyer={}, items=items, consent=False, channel="booth", booth=booth, payment_method="cash"
    )
    assert [(o.payment_method, o.payments.get().status) for o in (invoiced, cash)] == [
        ("invoice", "pending"),
        ("cash", "paid"),
    ]


def test_database_refuses_a_payment_method_outside_its_channel(make_product: Any) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(channel="online", payment_method="cash", placed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(channel="online", payment_method="invoice", placed_at=timezone.now())


def test_test_provider_books_cash_as_paid_only_at_a_booth() -> None:
    from dure.market.payments import TestProvider

    online = Payment(order=Order(pk=1, channel="online"), method="cash", amount=1000)
    booth = Payment(order=Order(pk=2, channel="booth"), method="cash", amount=1000)
    assert TestProvider().start(online).status == "pending"
    assert TestProvider().start(booth).status == "paid"


def test_idempotency_key_is_scoped_to_the_requester(
    make_product: Any, open_window: Any, make_user: Any
) -> None:
    from django.db import IntegrityError, transaction

    bread = make_product(stock=20)
    open_window([bread])
    items = [{"product": bread.pk, "quantity": 1}]
    alice, bob = make_user("citizen"), make_user("citizen")
    first = order_place(buyer=BUYER, items=items, consent=True, user=alice, idempotency_key="k")
    second = order_place(buyer=BUYER, items=items, consent=True, user=bob, idempotency_key="k")
    guest = order_place(buyer=BUYER, items=items, consent=True, idempotency_key="k")
    other_guest = order_place(
        buyer={**BUYER, "email": "other@example.org"}, items=items, consent=True, idempotency_key="k"
    )
    assert len({first.pk, second.pk, guest.pk, other_guest.pk}) == 4
    again = order_place(buyer=BUYER, items=items, consent=True, user=bob, idempotency_key="k")
    assert (again.pk, again.was_created) == (second.pk, False)
    assert order_place(buyer=BUYER, items=items, consent=True, idempotency_key="k").pk == guest.pk
    assert Order.objects.get(pk=first.pk).idempotency_scope == f"user:{alice.pk}"
    assert Order.objects.get(pk=guest.pk).idempotency_scope.startswith("anonymous:")
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(
            idempotency_scope=f"user:{alice.pk}", idempotency_key="k", placed_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("items", "buyer", "field"),
    [
        ([{"product": "P", "quantity": "٣"}], BUYER, "items.0.quantity"),
        ([{"product": "P", "quantity": "３"}], BUYER, "items.0.quantity"),
        ([{"product": "P", "quantity": 1}], {**BUYER, "region_code": "٢٩١٧٠"}, "buyer.region_code"),
        ([{"product": "P", "quantity": 1}], {**BUYER, "name": "\u200b\ufeff\u2800"}, "buyer.name"),
        ([{"product": "P", "quantity": 1}], {**BUYER, "name": "홍길\x00동"}, "buyer.name"),
        ([{"product": "P", "quantity": 1}], {**BUYER, "name": "\u0301\u0301"}, "buyer.name"),
    ],
)
def test_order_place_refuses_digits_and_text_that_only_look_right(
    make_product: Any, open_window: Any, items: list, buyer: dict, field: str
) -> None:
    bread = make_product(stock=5)
    open_window([bread])
    items = [{**item, "product": bread.pk} for item in items]
    with pytest.raises(DomainError) as error:
        order_place(buyer=buyer, items=items, consent=True)
    assert error.value.field == field
    assert not Order.objects.exists() and not Consent.objects.exists()
