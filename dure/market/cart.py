"""The session cart: {product pk: quantity}. Nothing is reserved until the order is placed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dure.market.models import Product
from dure.market.pricing import line_price

SESSION_KEY = "market_cart"
ORDERS_KEY = "market_orders"


def cart_items(request: HttpRequest) -> dict[int, int]:
    raw = request.session.get(SESSION_KEY, {})
    return {int(k): int(v) for k, v in raw.items() if str(k).isdigit() and int(v) > 0}


def cart_set(request: HttpRequest, product_pk: int, quantity: int) -> None:
    items = {str(k): v for k, v in cart_items(request).items()}
    if quantity > 0:
        items[str(product_pk)] = min(quantity, 999)
    else:
        items.pop(str(product_pk), None)
    request.session[SESSION_KEY] = items


def cart_clear(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = {}


def cart_lines(request: HttpRequest) -> tuple[list[dict[str, Any]], int]:
    items = cart_items(request)
    products = (
        Product.objects.select_related("enterprise").filter(pk__in=items).order_by("enterprise__name", "name")
    )
    lines: list[dict[str, Any]] = []
    for product in products:
        price = line_price(unit_price=product.price, quantity=items[product.pk], vat_mode=product.vat_mode)
        lines.append(
            {"product": product, "quantity": items[product.pk], "total": price.total, "vat": price.vat}
        )
    return lines, sum(line["total"] for line in lines)


def remember_order(request: HttpRequest, order_pk: int) -> None:
    placed = list(request.session.get(ORDERS_KEY, []))[-20:]
    placed.append(order_pk)
    request.session[ORDERS_KEY] = placed
