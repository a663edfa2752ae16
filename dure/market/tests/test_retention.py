"""Buyers' contacts are destroyed when the retention their consent gave has ended."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from dure.accounts.models import Consent, EnterpriseMembership
from dure.core.models import AuditLog
from dure.market.models import Order
from dure.market.services import order_place, order_transition

pytestmark = pytest.mark.django_db

BUYER = {"name": "홍길동", "email": "hong@example.org", "phone": "010-1234-5678", "region_code": "29170"}


@pytest.fixture
def orders(make_product: Any, open_window: Any) -> tuple[Order, Order]:
    bread = make_product(name="식빵", price=5000, stock=50)
    open_window([bread], delivery=True)

    def place() -> Order:
        return order_place(
            buyer=BUYER,
            items=[{"product": bread.pk, "quantity": 1}],
            consent=True,
            delivery_address="광주광역시 북구 용봉로 77",
            notify=False,
        )

    settled = order_transition(actor=None, order=place(), to_status="fulfilled")
    return settled, place()  # the second is still on its way


def last_day_kept() -> dt.date:
    consent = Consent.objects.filter(purpose="order").first()
    assert consent is not None and consent.retention_until is not None
    return consent.retention_until


def destroy(today: dt.date, *extra: str) -> str:
    out = io.StringIO()
    call_command("destroy_expired_personal_data", "--today", today.isoformat(), *extra, stdout=out)
    return out.getvalue()


def test_nothing_is_destroyed_while_the_retention_runs(orders: tuple[Order, Order]) -> None:
    last_day = last_day_kept()
    assert last_day == timezone.localdate() + dt.timedelta(days=365 * 3)
    destroy(last_day)
    assert Order.objects.filter(buyer_name="홍길동").count() == 2


def test_settled_orders_lose_the_contact_and_keep_the_books(
    orders: tuple[Order, Order], make_user: Any, client_for: Any
) -> None:
    settled, open_order = orders
    after = last_day_kept() + dt.timedelta(days=1)
    assert "장터 1" in destroy(after, "--dry-run")
    assert Order.objects.get(pk=settled.pk).buyer_name == "홍길동"  # a dry run changes nothing

    output = destroy(after)
    assert "장터 1" in output and "계정 2" in output
    settled.refresh_from_db()
    assert (settled.buyer_name, settled.buyer_email, settled.buyer_phone, settled.delivery_address) == (
        "",
    ) * 4
    assert settled.personal_data_destroyed_on == after
    assert (settled.total, settled.buyer_region_code, settled.lines.count()) == (5000, "29170", 1)
    # An order still to be handed over keeps what its seller needs.
    assert Order.objects.get(pk=open_order.pk).buyer_phone == "010-1234-5678"
    # The consent records keep what was agreed to and when, no longer by whom.
    assert not Consent.objects.exclude(subject_email="").filter(retention_until__lt=after).exists()
    assert Consent.objects.filter(purpose="order", granted=True).count() == 2
    entry = AuditLog.objects.get(action="market.orders.personal_data_destroyed")
    assert entry.data["records"] == [settled.pk] and "홍길동" not in str(entry.data)

    baker = make_user("enterprise")
    EnterpriseMembership.objects.create(user=baker, enterprise=settled.lines.get().enterprise, role="owner")
    page = client_for(baker).get("/market/seller/orders/").content.decode()
    assert "보관 기간이 끝나 파기" in page

    # Run again (the schedule does, every day): nothing more to do.
    assert "장터 0" in destroy(after + dt.timedelta(days=1))


def test_an_order_without_a_consent_row_is_kept_three_years(orders: tuple[Order, Order]) -> None:
    settled, _ = orders
    Order.objects.filter(pk=settled.pk).update(
        consent=None, placed_at=timezone.now() - dt.timedelta(days=365 * 3 + 2)
    )
    destroy(timezone.localdate())
    assert Order.objects.get(pk=settled.pk).personal_data_destroyed_on == timezone.localdate()


def test_a_bad_date_is_refused_in_words() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2029-12-31"):
        call_command("destroy_expired_personal_data", "--today", "next year")
