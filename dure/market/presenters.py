"""Plain dicts for the API and pages (no personal data here)."""

from __future__ import annotations

from typing import Any

from dure.market.models import Order, Product, SalesWindow


def product_dict(product: Product) -> dict[str, Any]:
    return {
        "pk": product.pk,
        "name": product.name,
        "enterprise": {"pk": product.enterprise_id, "name": product.enterprise.name},
        "price": product.price,
        "vat_mode": product.vat_mode,
        "stock": product.stock,
        "category": product.category,
        "description": product.description,
        "unit": product.unit,
        "social_tags": product.social_tags,
        "photo": product.photo.url if product.photo else None,
        "direct_sale": product.direct_sale,
        "variants": [
            {"pk": v.pk, "name": v.name, "price": v.price, "stock": v.stock}
            for v in product.variants.all()
            if v.is_active
        ],
    }


def order_dict(order: Order, *, enterprise_pks: set[int] | None = None) -> dict[str, Any]:
    """The order; with `enterprise_pks` (a seller's view) only those enterprises' lines, and
    total, VAT and units of those lines — never the other sellers' figures."""
    lines = list(order.lines.all())
    total, vat, units = order.total, order.vat, order.units
    if enterprise_pks is not None:
        lines = [line for line in lines if line.enterprise_id in enterprise_pks]
        total = sum(line.line_total for line in lines)
        vat = sum(line.vat for line in lines)
        units = sum(line.quantity for line in lines)
    return {
        "pk": order.pk,
        "number": order.number,
        "status": order.status,
        "channel": order.channel,
        "total": total,
        "vat": vat,
        "units": units,
        "window": order.window_id,
        "pickup_point": order.pickup_point_id,
        "delivery": bool(order.delivery_address),
        "payment_method": order.payment_method,
        "placed_at": order.placed_at,
        "lines": [
            {
                "product": line.product_id,
                "product_name": line.product_name,
                "enterprise": line.enterprise_id,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.line_total,
                "vat": line.vat,
            }
            for line in lines
        ],
    }


def window_dict(window: SalesWindow) -> dict[str, Any]:
    return {
        "pk": window.pk,
        "name": window.name,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "status": window.status,
        "capacity": window.capacity,
        "units_ordered": window.units_ordered,
        "delivery": window.delivery,
        "delivery_note": window.delivery_note,
        "delivery_minimum": window.delivery_minimum,
        "pickup_points": [
            {"pk": point.pk, "name": point.name, "address": point.address, "times": point.times}
            for point in window.pickup_points.all()
        ],
        "products": [entry.product_id for entry in window.entries.all()],
    }
