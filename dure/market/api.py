"""The market API: what can be ordered now, and placing orders (idempotent, never oversold)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dure.core.api_helpers import page_window, require_user
from dure.core.errors import DomainError
from dure.market.access import access_order_for_seller, is_staff, user_enterprise_pks
from dure.market.models import Order, PickupPoint, Product, SalesWindow
from dure.market.presenters import order_dict, product_dict, window_dict
from dure.market.schemas import MAX_PK, FilterText, OrderIn, OrderOut, ProductOut, ProductPage, WindowOut
from dure.market.selectors import open_windows, product_list
from dure.market.services import order_place

router = Router(tags=["market"])


class ProductFilters(Schema):
    available: bool | None = None
    q: FilterText = ""
    enterprise: int | None = Field(None, ge=1, le=MAX_PK)
    category: FilterText = ""
    limit: int = 50
    offset: int = 0


@router.get("/products", response=ProductPage, summary="List products")
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> dict:
    """`available=true`: on sale, in stock (or unlimited), and in an open sales window or sold directly."""
    limit, offset = page_window(filters.limit, filters.offset, max_limit=500)
    queryset = product_list(
        available=filters.available, q=filters.q, enterprise_pk=filters.enterprise, category=filters.category
    )
    count = queryset.count()
    page = queryset.prefetch_related("variants")[offset : offset + limit]
    return {"count": count, "items": [product_dict(p) for p in page]}


@router.get("/products/{pk}", response=ProductOut, summary="One product")
def get_product(request: HttpRequest, pk: int) -> dict:
    product = Product.objects.select_related("enterprise").prefetch_related("variants").filter(pk=pk).first()
    if product is None:
        raise Http404
    return product_dict(product)


@router.get("/windows", response=list[WindowOut], summary="Open sales windows")
def list_windows(request: HttpRequest) -> list[dict]:
    return [
        window_dict(w)
        for w in open_windows().prefetch_related("entries", "pickup_points").order_by("closes_at", "pk")
    ]


def _body_fingerprint(payload: OrderIn) -> str:
    return hashlib.sha256(
        json.dumps(payload.dict(), sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


@router.post("/orders", response={200: OrderOut, 201: OrderOut}, summary="Place an order")
def create_order(request: HttpRequest, payload: OrderIn) -> Status:
    """201 with the new order; 200 with the first order when the same `Idempotency-Key` and body
    are sent again; 409 when stock or capacity is short (nothing reserved) or the key was used for
    a different body; 400/422 for bad input."""
    key = request.headers.get("Idempotency-Key")
    window = None
    if payload.window is not None:
        window = SalesWindow.objects.filter(pk=payload.window).first()
        if window is None:
            raise DomainError(_("That sales window does not exist."), field="window")
    pickup = None
    if payload.pickup_point is not None:
        pickup = PickupPoint.objects.filter(pk=payload.pickup_point).first()
        if pickup is None:
            raise DomainError(_("That pickup point does not exist."), field="pickup_point")
    user: Any = request.user if request.user.is_authenticated else None
    order = order_place(
        buyer=payload.buyer.dict(),
        items=[item.dict() for item in payload.items],
        consent=payload.consent,
        window=window,
        user=user,
        idempotency_key=key,
        request_hash=_body_fingerprint(payload) if key else None,
        pickup_point=pickup,
        delivery_address=payload.delivery_address,
        payment_method=payload.payment_method,
    )
    created = bool(getattr(order, "was_created", True))
    return Status(201 if created else 200, order_dict(order))


@router.get("/orders/{pk}", response=OrderOut, summary="One order (its buyer, its sellers or staff)")
def get_order(request: HttpRequest, pk: int) -> dict:
    user = require_user(request)
    order = Order.objects.filter(pk=pk, buyer_user=user).first()
    if order is not None or is_staff(user):
        order = order or Order.objects.filter(pk=pk).first()
        if order is None:
            raise Http404
        return order_dict(order)
    # A seller sees only its own lines of an order, and the sums of those lines only.
    order = access_order_for_seller(user, pk)
    return order_dict(order, enterprise_pks=user_enterprise_pks(user))
