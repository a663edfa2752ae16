"""Festival booths: a sale is tapped in on a phone and counts once however often it is sent."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from dure.core.errors import DomainError, PermissionDeniedError
from dure.market.access import is_staff
from dure.market.models import CHANNEL_PAYMENT_METHODS, Booth, Channel, Order, OrderStatus, PaymentMethod
from dure.market.services.orders import order_place, order_transition, request_fingerprint

BOOTH_METHODS = CHANNEL_PAYMENT_METHODS[Channel.BOOTH]


def can_sell_at_booth(user: Any, booth: Booth) -> bool:
    if is_staff(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return booth.staff.filter(pk=user.pk).exists()


def booth_sale_record(
    *,
    actor: Any,
    booth: Booth,
    sale_uuid: str,
    items: list[dict[str, Any]],
    payment_method: str = PaymentMethod.CASH,
    buyer_region_code: str = "",
) -> Order:
    """Record one booth sale: placed and handed over at once.

    `sale_uuid` is generated on the phone per sale; a resend of the same sale returns the first
    order. Placing and fulfilling are two transactions (each atomic): if the connection drops in
    between, the resend finds the placed order and finishes it.
    """
    if actor is not None and not can_sell_at_booth(actor, booth):
        raise PermissionDeniedError(_("Only this booth's staff may record its sales."))
    if not booth.is_active:
        raise DomainError(_("This booth is closed."), field="booth")
    try:
        key = str(uuid.UUID(str(sale_uuid)))
    except ValueError as error:
        raise DomainError(_("The sale needs a valid identifier."), field="sale_uuid") from error
    if payment_method not in BOOTH_METHODS:
        raise DomainError(_("Unknown payment method."), field="payment_method")
    buyer = {"region_code": buyer_region_code} if buyer_region_code else {}
    order = order_place(
        buyer=buyer,
        items=items,
        consent=False,
        channel=Channel.BOOTH,
        booth=booth,
        idempotency_key=f"booth:{booth.pk}:{key}",
        request_hash=request_fingerprint(
            buyer=buyer, items=items, consent=False, window=None, channel=f"booth:{payment_method}"
        ),
        payment_method=payment_method,
        notify=False,
        actor=actor,
    )
    created = bool(getattr(order, "was_created", False))
    if order.status == OrderStatus.PLACED:
        order = order_transition(actor=actor, order=order, to_status=OrderStatus.FULFILLED)
    order.was_created = created
    return order
