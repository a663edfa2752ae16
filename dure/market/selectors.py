"""Reads of the market: catalogue listings, seller order lists, sales figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dure.market.models import Fair, Order, OrderLine, Product, SalesWindow, WindowProduct, WindowStatus
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
    """The portal's Korean search when it is installed (morphemes, n-grams), plus a plain
    substring match so that a product not yet indexed is still found."""
    plain = Q(name__icontains=q) | Q(description__icontains=q) | Q(enterprise__name__icontains=q)
    try:
        from dure.portal.models import DocumentKind  # type: ignore[attr-defined]
        from dure.portal.search.query import search  # type: ignore[import-not-found]
    except ImportError:
        return queryset.filter(plain)
    documents = search(q, kind=DocumentKind.PRODUCT).filter(product__isnull=False).values("product_id")
    return queryset.filter(plain | Q(pk__in=documents))


def orders_of_buyer(user: Any, *, limit: int = 100) -> QuerySet[Order]:
    """A signed-in buyer's own orders, newest first, with their lines."""
    return Order.objects.filter(buyer_user=user).prefetch_related("lines").order_by("-placed_at")[:limit]


def seller_orders(*, enterprise_pks: set[int], status: str = "") -> QuerySet[Order]:
    queryset = Order.objects.filter(
        Exists(OrderLine.objects.filter(order=OuterRef("pk"), enterprise_id__in=enterprise_pks))
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-placed_at", "-pk")


def sales_report(*, enterprise_pks: set[int] | None, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Fulfilled sales by enterprise, product and channel in [start, end] (by fulfilment date).

    Refunded orders drop out; enterprise_pks None means every enterprise (staff).
    """
    from django.db.models import Count, Sum

    from dure.market.models import OrderStatus

    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    queryset = OrderLine.objects.filter(
        order__status=OrderStatus.FULFILLED, order__fulfilled_at__gte=start_at, order__fulfilled_at__lt=end_at
    )
    if enterprise_pks is not None:
        queryset = queryset.filter(enterprise_id__in=enterprise_pks)
    rows = (
        queryset.values("enterprise__name", "product_id", "product_name", "order__channel")
        .annotate(
            units=Sum("quantity"),
            total=Sum("line_total"),
            vat=Sum("vat"),
            orders=Count("order", distinct=True),
        )
        .order_by("enterprise__name", "product_name", "order__channel")
    )
    return [
        {
            "enterprise": row["enterprise__name"],
            "product": row["product_name"],
            "channel": row["order__channel"],
            "orders": row["orders"],
            "units": int(row["units"] or 0),
            "total": int(row["total"] or 0),
            "vat": int(row["vat"] or 0),
        }
        for row in rows
    ]


def booth_day_totals(*, booth_pk: int, day: dt.date) -> dict[str, Any]:
    from django.db.models import Count, Sum

    from dure.market.models import OrderStatus

    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    orders = Order.objects.filter(
        booth_id=booth_pk, placed_at__gte=start_at, placed_at__lt=start_at + dt.timedelta(days=1)
    ).exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.REFUNDED])
    summary = orders.aggregate(count=Count("pk"), total=Sum("total"), units=Sum("units"))
    by_method = list(
        orders.values("payment_method")
        .annotate(count=Count("pk"), total=Sum("total"))
        .order_by("payment_method")
    )
    by_product = list(
        OrderLine.objects.filter(order__in=orders)
        .values("product_name")
        .annotate(units=Sum("quantity"), total=Sum("line_total"))
        .order_by("-units", "product_name")
    )
    return {
        "day": day,
        "count": summary["count"] or 0,
        "total": int(summary["total"] or 0),
        "units": int(summary["units"] or 0),
        "by_method": by_method,
        "by_product": by_product,
    }


def fairs_recent(*, today: dt.date | None = None, past_days: int = 365) -> Sequence[Fair]:
    """Consultation fairs to come (soonest first), then those of the past year (latest first)."""
    today = today or timezone.localdate()
    fairs = Fair.objects.filter(held_on__gte=today - dt.timedelta(days=past_days)).annotate(
        need_count=Count("needs", distinct=True), meeting_count=Count("meetings", distinct=True)
    )
    upcoming = sorted((f for f in fairs if f.held_on >= today), key=lambda f: (f.held_on, f.pk))
    past = sorted((f for f in fairs if f.held_on < today), key=lambda f: (f.held_on, f.pk), reverse=True)
    return upcoming + past


def window_entries(window: SalesWindow) -> QuerySet[WindowProduct]:
    """The products taking part in a window with their counters, by enterprise and name."""
    return window.entries.select_related("product__enterprise").order_by(
        "product__enterprise__name", "product__name"
    )
