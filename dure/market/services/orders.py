"""Orders: placing them without ever selling what is not there, and moving them along the pipeline."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.text import has_control_character, has_visible_character
from dure.market.access import is_staff, user_enterprise_pks
from dure.market.models import (
    CHANNEL_PAYMENT_METHODS,
    Booth,
    Channel,
    Institution,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PickupPoint,
    Product,
    ProductVariant,
    SalesWindow,
    WindowProduct,
    WindowStatus,
)
from dure.market.payments import get_provider
from dure.market.pricing import line_price
from dure.market.services.catalogue import cart_windows, window_is_open

MAX_QUANTITY = 10_000
MAX_LINES = 100
DEFAULT_METHOD = {
    Channel.ONLINE: PaymentMethod.BANK_TRANSFER,
    Channel.BOOTH: PaymentMethod.CASH,
    Channel.INSTITUTION: PaymentMethod.INVOICE,
}
# SQLite serialises writers; a writer that still finds the database locked after its busy
# timeout retries a few times, then gets a clean 409 (never a 500).
SQLITE_LOCK_RETRIES = 8


@dataclass(frozen=True)
class ItemRequest:
    product_pk: int
    variant_pk: int | None
    quantity: int


def _ascii_digits(value: str) -> bool:
    # str.isdigit() also accepts "١٢٣" and "１２３", which int() then reads as numbers.
    return bool(value) and value.isascii() and value.isdigit()


def _positive_int(value: Any, *, field: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and _ascii_digits(value.strip()):
            value = int(value.strip())
        else:
            raise DomainError(_("Expected a whole number."), field=field)
    if value < 1 or value > maximum:
        raise DomainError(_("Must be between 1 and %(maximum)s.") % {"maximum": f"{maximum:,}"}, field=field)
    return value


def parse_items(items: Any) -> list[ItemRequest]:
    """Validate the requested items and merge repeats of the same product and variant."""
    if not isinstance(items, list | tuple) or not items:
        raise DomainError(_("An order needs at least one item."), field="items")
    if len(items) > MAX_LINES:
        raise DomainError(_("Too many items in one order."), field="items")
    merged: dict[tuple[int, int | None], int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise DomainError(_("Each item needs a product and a quantity."), field=f"items.{index}")
        product_pk = _positive_int(item.get("product"), field=f"items.{index}.product", maximum=2**62)
        variant = item.get("variant")
        variant_pk = (
            None
            if variant in (None, "")
            else _positive_int(variant, field=f"items.{index}.variant", maximum=2**62)
        )
        quantity = _positive_int(item.get("quantity"), field=f"items.{index}.quantity", maximum=MAX_QUANTITY)
        key = (product_pk, variant_pk)
        merged[key] = merged.get(key, 0) + quantity
        if merged[key] > MAX_QUANTITY:
            raise DomainError(_("Too many units of one product."), field=f"items.{index}.quantity")
    return [ItemRequest(product_pk=p, variant_pk=v, quantity=q) for (p, v), q in merged.items()]


def _typed_text(value: Any, *, field: str) -> str:
    """A buyer's text, stripped; no control characters, and not only invisible ones."""
    text = str(value or "").strip()
    if has_control_character(text):
        raise DomainError(
            _("This field contains control characters; please type it again."),
            field=field,
            code="invalid_characters",
        )
    if text and not has_visible_character(text):
        # Only zero-width or blank characters: as good as empty, but say so.
        raise DomainError(_("This field has no visible characters."), field=field, code="invalid_characters")
    return text


def _clean_buyer(buyer: Any, *, channel: str, user: Any) -> dict[str, str]:
    if buyer is None:
        buyer = {}
    if not isinstance(buyer, dict):
        raise DomainError(_("The buyer must be given as name, email and phone."), field="buyer")
    cleaned = {
        key: _typed_text(buyer.get(key), field=f"buyer.{key}")
        for key in ("name", "email", "phone", "region_code")
    }
    if user is not None and getattr(user, "is_authenticated", False):
        cleaned["name"] = cleaned["name"] or user.name or ""
        cleaned["email"] = cleaned["email"] or user.email
        cleaned["phone"] = cleaned["phone"] or user.phone
        cleaned["region_code"] = cleaned["region_code"] or user.region_code
    if len(cleaned["name"]) > 100 or len(cleaned["phone"]) > 30 or len(cleaned["region_code"]) > 10:
        raise DomainError(_("A buyer field is too long."), field="buyer")
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError as error:
            raise DomainError(_("Enter a valid email address."), field="buyer.email") from error
    if cleaned["region_code"] and not _ascii_digits(cleaned["region_code"]):
        raise DomainError(_("A region code has digits only."), field="buyer.region_code")
    if channel != Channel.BOOTH:
        if not cleaned["name"]:
            raise DomainError(_("Enter the buyer's name."), field="buyer.name")
        if not (cleaned["email"] or cleaned["phone"]):
            raise DomainError(_("Enter an email address or a phone number."), field="buyer.email")
    return cleaned


def request_fingerprint(
    *, buyer: Any, items: Any, consent: Any, window: Any = None, channel: str = "online"
) -> str:
    """A stable hash of what was asked for, to tell a resend from a different order with the same key."""
    body = {
        "buyer": buyer,
        "items": items,
        "consent": consent,
        "window": getattr(window, "pk", window),
        "channel": channel,
    }
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def idempotency_scope(*, user: Any, booth: Booth | None, buyer: dict[str, str]) -> str:
    """Whose Idempotency-Key this is: a key only ever finds orders of the same requester.

    A booth's sales share the booth's scope (any of its staff may resend a sale); a signed-in
    buyer has their own; an anonymous buyer is known only by the details they give, so the scope
    is a hash of name, email and phone — another person sending the same key does not get this
    order back (they place their own).
    """
    if booth is not None:
        return f"booth:{booth.pk}"
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    details = [buyer.get("name", ""), buyer.get("email", "").lower(), buyer.get("phone", "")]
    return "anonymous:" + hashlib.sha256(json.dumps(details, ensure_ascii=False).encode()).hexdigest()


def allowed_payment_methods(channel: str) -> tuple[str, ...]:
    return CHANNEL_PAYMENT_METHODS.get(channel, ())


def _existing_for_key(scope: str, key: str, fingerprint: str) -> Order | None:
    order = Order.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
    if order is None:
        return None
    if order.request_hash and fingerprint and order.request_hash != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was already used for a different order."), code="idempotency_key_reused"
        )
    order.was_created = False
    return order


def _is_sqlite_lock(error: OperationalError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(error).lower()


def order_place(
    *,
    buyer: dict[str, Any],
    items: list[dict[str, Any]],
    consent: bool,
    window: SalesWindow | None = None,
    user: Any = None,
    channel: str = "online",
    idempotency_key: str | None = None,
    request_hash: str | None = None,
    booth: Booth | None = None,
    institution: Institution | None = None,
    payment_method: str | None = None,
    pickup_point: PickupPoint | None = None,
    delivery_address: str = "",
    notify: bool = True,
    actor: Any = None,
) -> Order:
    """Place one order atomically: all items are reserved, or nothing is (Conflict when short).

    The same `idempotency_key` with the same request gives back the first order (its
    `was_created` is False); with a different request it raises Conflict.
    """
    if channel not in Channel.values:
        raise DomainError(_("Unknown sales channel."), field="channel")
    requested = parse_items(items)
    cleaned_buyer = _clean_buyer(buyer, channel=channel, user=user)
    if channel == Channel.ONLINE and consent is not True:
        raise DomainError(
            _("Please agree to the use of your personal data for processing the order."), field="consent"
        )
    if channel == Channel.BOOTH and booth is None:
        raise DomainError(_("A booth sale needs its booth."), field="booth")
    if payment_method is None:
        payment_method = DEFAULT_METHOD[Channel(channel)]
    if channel == Channel.INSTITUTION and institution is None:
        raise DomainError(_("An institution order needs its institution."), field="institution")
    if payment_method not in PaymentMethod.values:
        raise DomainError(_("Unknown payment method."), field="payment_method")
    allowed = allowed_payment_methods(channel)
    if payment_method not in allowed:
        # Cash is booked as paid at once and invoices are for institutions: an online buyer
        # choosing either would get an order marked paid, or billed later, without paying.
        raise DomainError(
            _("%(method)s cannot be used for this order. Choose one of: %(allowed)s.")
            % {
                "method": PaymentMethod(payment_method).label,
                "allowed": ", ".join(str(PaymentMethod(method).label) for method in allowed),
            },
            field="payment_method",
            code="payment_method_not_allowed",
        )
    delivery_address = _clean_delivery_address(delivery_address)
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > 200:
        raise DomainError(
            _("The Idempotency-Key is too long (200 characters at most)."), field="Idempotency-Key"
        )
    if key is not None and not key.isprintable():
        raise DomainError(
            _("The Idempotency-Key may contain only printable characters."), field="Idempotency-Key"
        )
    scope = idempotency_scope(user=user, booth=booth, buyer=cleaned_buyer)
    fingerprint = request_hash or ""
    if key is not None and not fingerprint:
        fingerprint = request_fingerprint(
            buyer=buyer, items=items, consent=consent, window=window, channel=channel
        )
    arguments = {
        "buyer": cleaned_buyer,
        "requested": requested,
        "consent": bool(consent),
        "window": window,
        "user": user if getattr(user, "is_authenticated", False) else None,
        "channel": channel,
        "scope": scope,
        "key": key,
        "fingerprint": fingerprint,
        "booth": booth,
        "institution": institution,
        "payment_method": payment_method,
        "pickup_point": pickup_point,
        "delivery_address": delivery_address,
        "notify": notify,
        "actor": actor,
    }
    nested = connection.in_atomic_block
    attempt = 0
    while True:
        try:
            return _order_place_locked(**arguments)
        except IntegrityError:
            # Another request with the same key won the race; give back its order.
            if key is not None and not nested:
                existing = _existing_for_key(scope, key, fingerprint)
                if existing is not None:
                    return existing
            raise
        except OperationalError as error:
            if not _is_sqlite_lock(error) or nested:
                raise
            attempt += 1
            if attempt > SQLITE_LOCK_RETRIES:
                raise Conflict(
                    _("The shop is very busy; nothing was ordered. Please try again."), code="busy"
                ) from error
            time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311  (jitter, not security)


def windows_apart_message(windows: list[SalesWindow]) -> str:
    return _(
        "These products are sold in different sales windows (%(windows)s): "
        "order the products of each window separately."
    ) % {"windows": ", ".join(f"'{window.name}'" for window in windows)}


def _clean_delivery_address(value: Any) -> str:
    address = _typed_text(value, field="delivery_address")
    if len(address) > 300:
        raise DomainError(
            _("The delivery address is too long (300 characters at most)."), field="delivery_address"
        )
    return address


def _check_receiving(
    *, window: SalesWindow | None, pickup_point: PickupPoint | None, delivery_address: str, total: int
) -> None:
    """How the buyer receives the order must be one the window offers (docs/market.md, Receiving).

    Choosing is not required here (an API client may arrange it with the buyer); the checkout
    page asks for a choice whenever the window offers one.
    """
    if pickup_point is not None and delivery_address:
        raise DomainError(
            _("Choose either a pickup point or delivery, not both."), field="receive", code="receive_both"
        )
    if pickup_point is not None and (window is None or pickup_point.window_id != window.pk):
        raise DomainError(
            _("That pickup point does not belong to the sales window of this order."),
            field="pickup_point",
            code="pickup_point_elsewhere",
        )
    if not delivery_address or window is None:
        # A direct sale has no window: its seller delivers as agreed with the buyer.
        return
    if not window.delivery:
        raise DomainError(
            _("The sales window '%(name)s' does not deliver; choose one of its pickup points.")
            % {"name": window.name},
            field="delivery_address",
            code="no_delivery",
        )
    if window.delivery_minimum is not None and total < window.delivery_minimum:
        raise DomainError(
            _(
                "Delivery is for orders of %(minimum)s won or more and this order comes to %(total)s won. "
                "Choose a pickup point, or add to the order."
            )
            % {"minimum": f"{window.delivery_minimum:,}", "total": f"{total:,}"},
            field="delivery_address",
            code="below_delivery_minimum",
        )


@transaction.atomic
def _order_place_locked(
    *,
    buyer: dict[str, str],
    requested: list[ItemRequest],
    consent: bool,
    window: SalesWindow | None,
    user: Any,
    channel: str,
    scope: str,
    key: str | None,
    fingerprint: str,
    booth: Booth | None,
    institution: Institution | None,
    payment_method: str,
    pickup_point: PickupPoint | None,
    delivery_address: str,
    notify: bool,
    actor: Any,
) -> Order:
    now = timezone.now()
    if key is not None:
        existing = _existing_for_key(scope, key, fingerprint)
        if existing is not None:
            return existing
    if window is None and channel == Channel.ONLINE:
        found = cart_windows([i.product_pk for i in requested], now=now)
        if found.apart:
            # Each product is on sale, but not in one window together: say that, not "not on sale".
            raise Conflict(windows_apart_message(found.apart), code="windows_differ")
        window = found.shared
    # Lock order everywhere: window, then products by pk, then variants by pk (no deadlocks).
    if window is not None:
        # Only a window with a capacity is a scarce row; locking an uncapped one would
        # serialise every order of the window for nothing.
        windows = SalesWindow.objects.filter(pk=window.pk)
        window = (windows.select_for_update() if window.capacity is not None else windows).get()
    product_pks = sorted({i.product_pk for i in requested})
    products = {
        p.pk: p
        for p in Product.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .filter(pk__in=product_pks)
        .order_by("pk")
    }
    missing = [pk for pk in product_pks if pk not in products]
    if missing:
        raise DomainError(
            _("Product %(pk)s does not exist.") % {"pk": missing[0]}, field="items", code="unknown_product"
        )
    variant_pks = sorted({i.variant_pk for i in requested if i.variant_pk is not None})
    variants = {
        v.pk: v for v in ProductVariant.objects.select_for_update().filter(pk__in=variant_pks).order_by("pk")
    }
    for item in requested:
        if item.variant_pk is not None:
            variant = variants.get(item.variant_pk)
            if variant is None or variant.product_id != item.product_pk or not variant.is_active:
                raise DomainError(
                    _("That variant is not sold with this product."), field="items", code="unknown_variant"
                )
    entries: dict[int, WindowProduct] = {}
    if window is not None:
        if channel == Channel.ONLINE and not window_is_open(window, now=now):
            raise Conflict(
                _("The sales window '%(name)s' is not open.") % {"name": window.name}, code="window_closed"
            )
        needs_lock = any(p.capacity_per_window is not None for p in products.values())
        entry_rows = WindowProduct.objects.select_for_update() if needs_lock else WindowProduct.objects.all()
        entries = {
            e.product_id: e
            for e in entry_rows.filter(window=window, product_id__in=product_pks).order_by("pk")
        }
    booth_products: set[int] | None = None
    if booth is not None:
        booth_products = set(booth.products.values_list("pk", flat=True))

    # Check everything first: any shortage refuses the whole order with nothing reserved.
    product_units: dict[int, int] = defaultdict(int)
    for item in requested:
        product_units[item.product_pk] += item.quantity
    total_units = sum(product_units.values())
    for pk, units in product_units.items():
        product = products[pk]
        if not product.is_active:
            raise Conflict(
                _("'%(name)s' is not on sale.") % {"name": product.name}, code="not_on_sale", product=pk
            )
        if channel == Channel.ONLINE and not product.direct_sale and pk not in entries:
            raise Conflict(
                _("'%(name)s' is not on sale in an open sales window.") % {"name": product.name},
                code="not_on_sale",
                product=pk,
            )
        if booth_products is not None and booth_products and pk not in booth_products:
            raise Conflict(
                _("'%(name)s' is not sold at this booth.") % {"name": product.name},
                code="not_on_sale",
                product=pk,
            )
        if product.stock is not None and product.stock < units:
            raise Conflict(
                _("Only %(available)s of '%(name)s' left.")
                % {"available": product.stock, "name": product.name},
                code="out_of_stock",
                product=pk,
                available=product.stock,
            )
        entry = entries.get(pk)
        if entry is not None and product.capacity_per_window is not None:
            left = product.capacity_per_window - entry.units_ordered
            if left < units:
                raise Conflict(
                    _("Only %(available)s of '%(name)s' can still be made for this sales window.")
                    % {"available": max(left, 0), "name": product.name},
                    code="capacity_reached",
                    product=pk,
                    available=max(left, 0),
                )
    for item in requested:
        if item.variant_pk is not None:
            variant = variants[item.variant_pk]
            if variant.stock is not None and variant.stock < item.quantity:
                raise Conflict(
                    _("Only %(available)s of '%(name)s' left.")
                    % {"available": variant.stock, "name": str(variant)},
                    code="out_of_stock",
                    product=item.product_pk,
                    available=variant.stock,
                )
    if window is not None and window.capacity is not None:
        left = window.capacity - window.units_ordered
        if left < total_units:
            raise Conflict(
                _("The sales window '%(name)s' can take only %(available)s more units.")
                % {"name": window.name, "available": max(left, 0)},
                code="capacity_reached",
                available=max(left, 0),
            )

    lines = []
    for item in requested:
        product = products[item.product_pk]
        variant = variants.get(item.variant_pk) if item.variant_pk else None
        unit_price = variant.price if variant is not None else product.price
        price = line_price(unit_price=unit_price, quantity=item.quantity, vat_mode=product.vat_mode)
        lines.append(
            OrderLine(
                product=product,
                variant=variant,
                enterprise_id=product.enterprise_id,
                product_name=str(variant) if variant is not None else product.name,
                quantity=item.quantity,
                unit_price=unit_price,
                line_total=price.total,
                vat_mode=product.vat_mode,
                supply_value=price.supply_value,
                vat=price.vat,
            )
        )
    _check_receiving(
        window=window,
        pickup_point=pickup_point,
        delivery_address=delivery_address,
        total=sum(line.line_total for line in lines),
    )

    # Reserve.
    for pk, units in product_units.items():
        if products[pk].stock is not None:
            Product.objects.filter(pk=pk).update(stock=F("stock") - units)
        if pk in entries:
            WindowProduct.objects.filter(pk=entries[pk].pk).update(units_ordered=F("units_ordered") + units)
    for item in requested:
        if item.variant_pk is not None and variants[item.variant_pk].stock is not None:
            ProductVariant.objects.filter(pk=item.variant_pk).update(stock=F("stock") - item.quantity)
    if window is not None and window.capacity is not None:
        # The window-wide counter is kept for capped windows only (see docs/market.md);
        # per-product counts live on WindowProduct.
        window.units_ordered += total_units
        update = ["units_ordered", "updated_at"]
        if (
            window.capacity is not None
            and window.units_ordered >= window.capacity
            and window.status == WindowStatus.OPEN
        ):
            window.status = WindowStatus.CLOSED
            window.closed_at = now
            window.close_reason = "capacity"
            update += ["status", "closed_at", "close_reason"]
            log_action("market.window.closed", target=window, data={"reason": "capacity"})
        window.save(update_fields=update)

    consent_row = None
    if consent and (buyer["email"] or buyer["phone"]):
        from dure.accounts.services import consent_record

        consent_row = consent_record(
            purpose="order", granted=True, user=user, subject_email=buyer["email"], subject_name=buyer["name"]
        )
    region = (
        buyer["region_code"]
        or (institution.region_code if institution else "")
        or (booth.region_code if booth else "")
    )
    order = Order.objects.create(
        window=window,
        booth=booth,
        institution=institution,
        channel=channel,
        buyer_user=user,
        buyer_name=buyer["name"],
        buyer_email=buyer["email"],
        buyer_phone=buyer["phone"],
        buyer_region_code=region,
        is_institution=institution is not None or channel == Channel.INSTITUTION,
        pickup_point=pickup_point,
        delivery_address=delivery_address,
        payment_method=payment_method,
        idempotency_scope=scope if key is not None else "",
        idempotency_key=key,
        request_hash=fingerprint,
        consent=consent_row,
        placed_at=now,
        total=sum(line.line_total for line in lines),
        vat=sum(line.vat for line in lines),
        units=total_units,
    )
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    provider = get_provider()
    payment = Payment(order=order, method=payment_method, amount=order.total, provider=provider.name)
    result = provider.start(payment)
    payment.status = result.status
    payment.provider_reference = result.reference
    payment.paid_at = now if result.status == PaymentStatus.PAID else None
    payment.save()
    log_action(
        "market.order.placed",
        actor=actor if actor is not None else user,
        target=order,
        data={
            "channel": channel,
            "window": window.pk if window else None,
            "total": order.total,
            "units": total_units,
            "lines": [[line.product_id, line.quantity, line.line_total] for line in lines],
        },
        personal_data=bool(buyer["email"] or buyer["phone"] or buyer["name"]),
    )
    if notify and order.buyer_email:
        from dure.market.tasks import order_confirmation_send

        order_pk = order.pk
        transaction.on_commit(lambda: order_confirmation_send.enqueue(order_pk))
    order.was_created = True
    return order


def _check_transition_actor(actor: Any, order: Order, to_status: str) -> None:
    if actor is None or is_staff(actor):
        return
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("You may not change this order."))
    if (
        to_status == OrderStatus.CANCELLED
        and order.buyer_user_id == actor.pk
        and order.status == OrderStatus.PLACED
    ):
        return
    if order.booth is not None and order.booth.staff.filter(pk=actor.pk).exists():
        return
    # A seller moves an order only when every line is its own (a mixed order is the center's).
    own = user_enterprise_pks(actor)
    line_enterprises = set(order.lines.values_list("enterprise_id", flat=True))
    if own and line_enterprises <= own:
        return
    raise PermissionDeniedError(_("You may not change this order."))


def _release(order: Order) -> None:
    """Give an order's units back to stock and to its window (cancellation before hand-over)."""
    lines = list(order.lines.all())
    units: dict[int, int] = defaultdict(int)
    for line in lines:
        units[line.product_id] += line.quantity
    if order.window_id is not None:
        window = SalesWindow.objects.select_for_update().get(pk=order.window_id)
        if window.capacity is not None:
            window.units_ordered = max(window.units_ordered - order.units, 0)
            window.save(update_fields=["units_ordered", "updated_at"])
    locked = {
        p.pk: p for p in Product.objects.select_for_update().filter(pk__in=sorted(units)).order_by("pk")
    }
    for pk, quantity in units.items():
        if locked[pk].stock is not None:
            Product.objects.filter(pk=pk).update(stock=F("stock") + quantity)
        if order.window_id is not None:
            WindowProduct.objects.filter(
                window_id=order.window_id, product_id=pk, units_ordered__gte=quantity
            ).update(units_ordered=F("units_ordered") - quantity)
    variant_pks = sorted({line.variant_id for line in lines if line.variant_id})
    for variant in ProductVariant.objects.select_for_update().filter(pk__in=variant_pks).order_by("pk"):
        if variant.stock is not None:
            quantity = sum(line.quantity for line in lines if line.variant_id == variant.pk)
            ProductVariant.objects.filter(pk=variant.pk).update(stock=F("stock") + quantity)


def _payments_settle(order: Order, to_status: str) -> None:
    provider = get_provider()
    now = timezone.now()
    for payment in order.payments.select_for_update().order_by("pk"):
        if to_status == OrderStatus.FULFILLED and payment.status == PaymentStatus.PENDING:
            result = provider.capture(payment)
        elif to_status == OrderStatus.CANCELLED and payment.status == PaymentStatus.PENDING:
            payment.status = PaymentStatus.CANCELLED
            payment.save(update_fields=["status", "updated_at"])
            continue
        elif (
            to_status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED)
            and payment.status == PaymentStatus.PAID
        ):
            result = provider.refund(payment)
        else:
            continue
        payment.status = result.status
        payment.provider_reference = result.reference or payment.provider_reference
        if result.status == PaymentStatus.PAID:
            payment.paid_at = now
        payment.save(update_fields=["status", "provider_reference", "paid_at", "updated_at"])


@transaction.atomic
def order_transition(*, actor: Any, order: Order, to_status: str) -> Order:
    """The one function that moves an order along ORDER_TRANSITIONS.

    Moving an order to the status it already has changes nothing (a resent request).
    """
    if to_status not in OrderStatus.values:
        raise DomainError(_("Unknown order status."), field="status")
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("booth", "institution").get(pk=order.pk)
    )
    if order.status == to_status:
        return order
    if not order.can_move_to(to_status):
        raise Conflict(
            _("A %(status)s order cannot become %(to)s.")
            % {"status": order.get_status_display(), "to": OrderStatus(to_status).label},
            code="invalid_transition",
        )
    _check_transition_actor(actor, order, to_status)
    now = timezone.now()
    previous = order.status
    stamp = {
        OrderStatus.CONFIRMED: "confirmed_at",
        OrderStatus.READY: "ready_at",
        OrderStatus.FULFILLED: "fulfilled_at",
        OrderStatus.CANCELLED: "cancelled_at",
        OrderStatus.REFUNDED: "refunded_at",
    }[OrderStatus(to_status)]
    if to_status == OrderStatus.CANCELLED:
        _release(order)
    _payments_settle(order, to_status)
    order.status = to_status
    setattr(order, stamp, now)
    order.save(update_fields=["status", stamp, "updated_at"])
    if to_status in (OrderStatus.FULFILLED, OrderStatus.REFUNDED):
        from dure.market.services.flows import order_flows_record
        from dure.market.services.purchasing import purchase_record_from_order

        order_flows_record(order=order, refund=to_status == OrderStatus.REFUNDED)
        if order.institution_id is not None:
            purchase_record_from_order(order=order, refund=to_status == OrderStatus.REFUNDED)
    log_action(
        f"market.order.{to_status}",
        actor=actor,
        target=order,
        data={"from": previous, "to": to_status, "total": order.total},
    )
    return order


def product_sales(*, product_pks: Any, window_pk: int | None = None) -> dict[int, dict[str, int]]:
    """Units and won received per product from fulfilled orders (refunded orders drop out)."""
    pks = list(product_pks)
    result = {pk: {"units": 0, "received": 0} for pk in pks}
    queryset = OrderLine.objects.filter(product_id__in=pks, order__status=OrderStatus.FULFILLED)
    if window_pk is not None:
        queryset = queryset.filter(order__window_id=window_pk)
    for row in queryset.values("product_id").annotate(units=Sum("quantity"), received=Sum("line_total")):
        result[row["product_id"]] = {"units": int(row["units"] or 0), "received": int(row["received"] or 0)}
    return result
