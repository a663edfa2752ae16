"""Destroying buyers' personal data once its retention has ended (see dure.accounts.retention)."""

from __future__ import annotations

import datetime as dt

from dure.accounts.retention import destroy_rows, expired
from dure.market.models import Order, OrderStatus

# An order still on its way keeps its buyer's contact until it is settled.
SETTLED = (OrderStatus.FULFILLED, OrderStatus.CANCELLED, OrderStatus.REFUNDED)


def orders_destroy_expired(*, today: dt.date, dry_run: bool = False) -> int:
    """Blank the buyer's name, email, phone and delivery address of settled orders whose consent
    has run out; totals, lines, district and payment stay (the books and the circulation measures
    need them, and they name no one)."""
    rows = (
        Order.objects.filter(personal_data_destroyed_on__isnull=True, status__in=SETTLED)
        .filter(expired("consent", "placed_at", today=today))
        .exclude(buyer_name="", buyer_email="", buyer_phone="", delivery_address="")
    )
    return destroy_rows(
        rows,
        blank={
            "buyer_name": "",
            "buyer_email": "",
            "buyer_phone": "",
            "delivery_address": "",
            "personal_data_destroyed_on": today,
        },
        action="market.orders.personal_data_destroyed",
        rule="consent retention passed, order settled",
        today=today,
        dry_run=dry_run,
    )
