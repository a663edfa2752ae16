"""Reads of the market: catalogue listings, seller order lists, sales figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dure.market.models import Order, OrderLine, Product, SalesWindow, WindowProduct, WindowStatus
from dure.market.services.catalogue import window_is_closed
from dure.market.services.orders import product_sales

__all__ = ["available_products", "open_windows", "product_sales", "window_is_closed"]


def open_windows(*, now: dt.datetime | None = None) -> QuerySet[SalesWindow]:
    now = now or timezone.now()
    return SalesWindow.objects.filter(status=WindowStatus.OPEN, opens_at__lte=now, closes_at__gt=now)


def available_products(*, now: dt.datetime | None = None) -> QuerySet[Product]:
    """What can be ordered now: on sale, in stock (or unlimited), and in an open window or sold directly."""
    now = now or timezone.now()
    in_open_window = WindowProduct.objects.filter(
        product=OuterRef("pk"),
        window__status=WindowStatus.OPEN,
        window__opens_at__lte=now,
        window__closes_at__gt=now,
    )
    return (
        Product.objects.filter(is_active=True)
        .filter(Q(stock__isnull=True) | Q(stock__gt=0))
        .filter(Q(direct_sale=True) | Exists(in_open_window))
    )


def product_list(
    *, available: bool | None = None, q: str = "", enterprise_pk: int | None = None, category: str = ""
) -> QuerySet[Product]:
    queryset = available_products() if available else Product.objects.all()
    if enterprise_pk is not None:
        queryset = queryset.filter(enterprise_id=enterprise_pk)
    if category:
        queryset = queryset.filter(category=category)
    if q.strip():
        queryset = product_search(queryset, q.strip())
    return queryset.select_related("enterprise").order_by("name", "pk")


def product_search(queryset: QuerySet[Product], q: str) -> QuerySet[Product]:
    """The portal's search when it is installed; a plain substring match otherwise."""
    try:
        from dure.portal import search as portal_search  # type: ignore[attr-defined]
    except ImportError:
        portal_search = None
    finder: Any = getattr(portal_search, "product_pks", None) if portal_search else None
    if callable(finder):
        return queryset.filter(pk__in=list(finder(q)))
    return queryset.filter(
        Q(name__icontains=q) | Q(description__icontains=q) | Q(enterprise__name__icontains=q)
    )


def seller_orders(*, enterprise_pks: set[int], status: str = "") -> QuerySet[Order]:
    queryset = Order.objects.filter(
        Exists(OrderLine.objects.filter(order=OuterRef("pk"), enterprise_id__in=enterprise_pks))
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-placed_at", "-pk")
