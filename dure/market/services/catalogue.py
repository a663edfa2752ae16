"""Products and sales windows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action, model_changes, snapshot
from dure.core.db import insert_once
from dure.core.errors import Conflict, DomainError, NotFound, PermissionDeniedError
from dure.market.access import can_manage_enterprise_pk, is_staff
from dure.market.models import (
    PickupPoint,
    Product,
    ProductVariant,
    SalesWindow,
    VatMode,
    WindowProduct,
    WindowStatus,
)

# A minimum order for delivery above 100 million won is a typing slip (and the column is 32-bit).
DELIVERY_MINIMUM_MAX = 100_000_000

# Fields product_create / product_update accept besides the named arguments.
PRODUCT_FIELDS = (
    "name",
    "description",
    "category",
    "price",
    "vat_mode",
    "stock",
    "is_active",
    "photo",
    "unit",
    "direct_sale",
    "capacity_per_window",
    "local_ingredients",
    "vulnerable_workers",
    "eco_friendly",
    "collab_project_pk",
)
WINDOW_FIELDS = ("description", "delivery", "delivery_note", "delivery_minimum", "status")


def _reindex_on_commit(product_pk: int) -> None:
    """Keep the portal's search index current (the portal asks every writer to call it)."""
    try:
        from dure.portal.services import search_reindex_product  # type: ignore[attr-defined]
    except ImportError:
        return
    transaction.on_commit(lambda: search_reindex_product(product_pk=product_pk))


def _check_actor_for_enterprise(actor: Any, enterprise_pk: int) -> None:
    # actor None is the system itself (demo seeding, other apps' services acting on their rules).
    if actor is None:
        return
    if not can_manage_enterprise_pk(actor, enterprise_pk):
        raise PermissionDeniedError(_("You may only manage your own enterprise's products."))


def _validate_product_values(values: dict[str, Any]) -> None:
    if "name" in values and not str(values["name"] or "").strip():
        raise DomainError(_("A product needs a name."), field="name")
    if "price" in values:
        price = values["price"]
        if isinstance(price, bool) or not isinstance(price, int) or price < 0:
            raise DomainError(_("The price must be a whole number of won, zero or more."), field="price")
    if "stock" in values:
        stock = values["stock"]
        if stock is not None and (isinstance(stock, bool) or not isinstance(stock, int) or stock < 0):
            raise DomainError(
                _("Stock must be empty (unlimited) or a whole number, zero or more."), field="stock"
            )
    if "vat_mode" in values and values["vat_mode"] not in VatMode.values:
        raise DomainError(_("VAT must be 'included' or 'exempt'."), field="vat_mode")
    if "capacity_per_window" in values:
        capacity = values["capacity_per_window"]
        if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
            raise DomainError(_("Capacity must be empty or a whole number."), field="capacity_per_window")


@transaction.atomic
def product_create(
    *,
    actor: Any,
    enterprise: Any,
    name: str,
    price: int,
    stock: int | None = None,
    vat_mode: str = "included",
    **fields: Any,
) -> Product:
    variants = fields.pop("variants", None) or []
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown product fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _check_actor_for_enterprise(actor, enterprise.pk)
    values = {"name": name, "price": price, "stock": stock, "vat_mode": vat_mode, **fields}
    _validate_product_values(values)
    values["name"] = str(name).strip()
    product = Product.objects.create(enterprise=enterprise, **values)
    for spec in variants:
        variant_add(actor=actor, product=product, **spec)
    _reindex_on_commit(product.pk)
    log_action(
        "market.product.created",
        actor=actor,
        target=product,
        data={"enterprise": enterprise.pk, "price": price, "stock": stock},
    )
    return product


@transaction.atomic
def product_update(*, actor: Any, product: Product, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown product fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _check_actor_for_enterprise(actor, product.enterprise_id)
    _validate_product_values(values)
    product = Product.objects.select_for_update().get(pk=product.pk)
    fields = list(values)
    before = snapshot(product, fields)
    for key, value in values.items():
        setattr(product, key, value)
    changes = model_changes(product, before, fields)
    if changes:
        product.save(update_fields=[*changes, "updated_at"])
        log_action("market.product.updated", actor=actor, target=product, data={"changes": changes})
        _reindex_on_commit(product.pk)
    return changes


@transaction.atomic
def variant_add(
    *, actor: Any, product: Product, name: str, price: int, stock: int | None = None, is_active: bool = True
) -> ProductVariant:
    _check_actor_for_enterprise(actor, product.enterprise_id)
    _validate_product_values({"name": name, "price": price, "stock": stock})
    taken = DomainError(_("This product already has a variant with that name."), field="name")
    if ProductVariant.objects.filter(product=product, name=name.strip()).exists():
        raise taken
    variant = insert_once(
        lambda: ProductVariant.objects.create(
            product=product, name=name.strip(), price=price, stock=stock, is_active=is_active
        ),
        taken,
    )
    log_action(
        "market.variant.created", actor=actor, target=variant, data={"product": product.pk, "price": price}
    )
    return variant


def _check_window_actor(actor: Any) -> None:
    # The center coordinates every window (OFN's coordinator is always the center here).
    if actor is not None and not is_staff(actor):
        raise PermissionDeniedError(_("Only center staff may manage sales windows."))


@transaction.atomic
def window_create(
    *,
    actor: Any,
    name: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    capacity: int | None = None,
    product_pks: Iterable[int] = (),
    **fields: Any,
) -> SalesWindow:
    pickup_points = fields.pop("pickup_points", None) or []
    unknown = set(fields) - set(WINDOW_FIELDS)
    if unknown:
        raise DomainError(_("Unknown sales window fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _check_window_actor(actor)
    if not str(name or "").strip():
        raise DomainError(_("A sales window needs a name."), field="name")
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise DomainError(_("The window must close after it opens."), field="closes_at")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1):
        raise DomainError(
            _("Capacity must be empty or a whole number of units, one or more."), field="capacity"
        )
    minimum = fields.get("delivery_minimum")
    if minimum is not None:
        if (
            isinstance(minimum, bool)
            or not isinstance(minimum, int)
            or not 0 <= minimum <= DELIVERY_MINIMUM_MAX
        ):
            raise DomainError(
                _("The minimum order for delivery must be empty or a whole number of won, at most %(max)s.")
                % {"max": f"{DELIVERY_MINIMUM_MAX:,}"},
                field="delivery_minimum",
            )
        if not fields.get("delivery"):
            raise DomainError(
                _("A minimum order for delivery needs delivery to be offered."), field="delivery_minimum"
            )
    status = fields.pop("status", WindowStatus.OPEN)
    if status not in (WindowStatus.DRAFT, WindowStatus.OPEN):
        raise DomainError(_("A new window is either a draft or open."), field="status")
    pks = sorted(set(product_pks))
    products = list(Product.objects.filter(pk__in=pks))
    if len(products) != len(pks):
        raise NotFound(_("Some of the products do not exist."), field="product_pks")
    window = SalesWindow.objects.create(
        name=str(name).strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        capacity=capacity,
        status=status,
        **fields,
    )
    WindowProduct.objects.bulk_create([WindowProduct(window=window, product=product) for product in products])
    for spec in pickup_points:
        PickupPoint.objects.create(window=window, **spec)
    log_action(
        "market.window.created",
        actor=actor,
        target=window,
        data={"products": pks, "capacity": capacity, "opens_at": opens_at, "closes_at": closes_at},
    )
    return window


@transaction.atomic
def window_products_add(*, actor: Any, window: SalesWindow, product_pks: Iterable[int]) -> int:
    _check_window_actor(actor)
    existing = set(WindowProduct.objects.filter(window=window).values_list("product_id", flat=True))
    new = [pk for pk in sorted(set(product_pks)) if pk not in existing]
    found = set(Product.objects.filter(pk__in=new).values_list("pk", flat=True))
    if len(found) != len(new):
        raise NotFound(_("Some of the products do not exist."), field="product_pks")
    WindowProduct.objects.bulk_create([WindowProduct(window=window, product_id=pk) for pk in new])
    log_action("market.window.products_added", actor=actor, target=window, data={"products": new})
    return len(new)


def _window_move(window: SalesWindow, to_status: str, *, reason: str = "") -> None:
    if to_status not in SalesWindow.TRANSITIONS[window.status]:
        raise Conflict(
            _("A %(status)s sales window cannot become %(to)s.")
            % {"status": window.get_status_display(), "to": WindowStatus(to_status).label},
            code="invalid_transition",
        )
    window.status = to_status
    if to_status in (WindowStatus.CLOSED, WindowStatus.CANCELLED):
        window.closed_at = timezone.now()
        window.close_reason = reason
    window.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])


@transaction.atomic
def window_open(*, actor: Any, window: SalesWindow) -> SalesWindow:
    _check_window_actor(actor)
    window = SalesWindow.objects.select_for_update().get(pk=window.pk)
    _window_move(window, WindowStatus.OPEN)
    log_action("market.window.opened", actor=actor, target=window)
    return window


@transaction.atomic
def window_close(*, actor: Any, window: SalesWindow) -> SalesWindow:
    """Close a window; closing a closed window again changes nothing and returns it."""
    _check_window_actor(actor)
    window = SalesWindow.objects.select_for_update().get(pk=window.pk)
    if window.status == WindowStatus.CLOSED:
        return window
    _window_move(window, WindowStatus.CLOSED, reason="manual")
    log_action("market.window.closed", actor=actor, target=window, data={"reason": "manual"})
    return window


@transaction.atomic
def window_cancel(*, actor: Any, window: SalesWindow) -> SalesWindow:
    _check_window_actor(actor)
    window = SalesWindow.objects.select_for_update().get(pk=window.pk)
    _window_move(window, WindowStatus.CANCELLED, reason="cancelled")
    log_action("market.window.cancelled", actor=actor, target=window)
    return window


@transaction.atomic
def windows_close_expired(*, now: dt.datetime | None = None) -> int:
    """Record the close of open windows whose closing time passed (run by a periodic task)."""
    now = now or timezone.now()
    closed = 0
    for window in SalesWindow.objects.select_for_update().filter(
        status=WindowStatus.OPEN, closes_at__lte=now
    ):
        _window_move(window, WindowStatus.CLOSED, reason="time")
        log_action("market.window.closed", target=window, data={"reason": "time"})
        closed += 1
    return closed


def window_is_open(window: SalesWindow, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return window.status == WindowStatus.OPEN and window.opens_at <= now < window.closes_at


@dataclass(frozen=True)
class CartWindows:
    """Where a set of products can be bought together now."""

    # The open window all window-bound products share (earliest closing); None when every
    # product is sold directly, or when they share none.
    shared: SalesWindow | None
    # When each window-bound product is on sale but no open window has them all: those windows
    # (earliest closing first), which one order cannot span. Otherwise empty.
    apart: list[SalesWindow]


def cart_windows(product_pks: Iterable[int], *, now: dt.datetime | None = None) -> CartWindows:
    now = now or timezone.now()
    bound = list(
        Product.objects.filter(pk__in=list(product_pks), direct_sale=False).values_list("pk", flat=True)
    )
    if not bound:
        return CartWindows(shared=None, apart=[])
    by_product: dict[int, set[int]] = {pk: set() for pk in bound}
    for product_pk, window_pk in WindowProduct.objects.filter(
        product_id__in=bound,
        window__status=WindowStatus.OPEN,
        window__opens_at__lte=now,
        window__closes_at__gt=now,
    ).values_list("product_id", "window_id"):
        by_product[product_pk].add(window_pk)
    common = set.intersection(*by_product.values())
    if common:
        shared = SalesWindow.objects.filter(pk__in=common).order_by("closes_at", "pk").first()
        return CartWindows(shared=shared, apart=[])
    if len(by_product) < 2 or not all(by_product.values()):
        return CartWindows(shared=None, apart=[])  # a product in no open window: not on sale
    apart = SalesWindow.objects.filter(pk__in=set().union(*by_product.values())).order_by("closes_at", "pk")
    return CartWindows(shared=None, apart=list(apart))


def window_is_closed(window: SalesWindow, *, now: dt.datetime | None = None) -> bool:
    """Closed for good: closed or cancelled, or past its closing time."""
    now = now or timezone.now()
    return window.status in (WindowStatus.CLOSED, WindowStatus.CANCELLED) or now >= window.closes_at
