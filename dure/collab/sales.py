"""The one place this app reads the market: sales figures and sales windows.

The market app owns orders and windows; collab reads them only through the market's selectors
(`product_sales`, `window_is_closed`) so that a change there is a change in one file here.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from dure.core.errors import NotFound


def window_get(pk: int) -> Any:
    window_model = apps.get_model("market", "SalesWindow")
    try:
        return window_model.objects.get(pk=pk)
    except window_model.DoesNotExist as error:
        raise NotFound(_("No such sales window.")) from error


def window_is_closed(window: Any) -> bool:
    from dure.market import selectors

    return bool(selectors.window_is_closed(window))


def product_sales(product_pk: int, window_pk: int | None) -> tuple[int, int]:
    """(units, won received) of fulfilled sales net of refunds."""
    from dure.market import selectors

    figures = selectors.product_sales(product_pks=[product_pk], window_pk=window_pk)
    row = figures.get(product_pk) or {"units": 0, "received": 0}
    return int(row["units"]), int(row["received"])


def windows_for_product(product_pk: int) -> list[Any]:
    """Sales windows that offered the product (newest first)."""
    try:
        window_model = apps.get_model("market", "SalesWindow")
    except LookupError:
        return []
    relation = _window_product_relation(window_model)
    if relation is None:
        return []
    return list(window_model.objects.filter(**{relation: product_pk}).order_by("-opens_at", "-pk"))


def _window_product_relation(window_model: Any) -> str | None:
    for field in window_model._meta.get_fields():
        if (
            getattr(field, "related_model", None) is not None
            and field.related_model._meta.label == "market.Product"
        ):
            return f"{field.name}__pk"
    return None


def buyer_count(product_pks: list[int]) -> int | None:
    """Distinct buyers (by e-mail) of fulfilled orders for the products; None without the market."""
    try:
        line_model = apps.get_model("market", "OrderLine")
    except LookupError:
        return None
    lines = line_model.objects.filter(product_id__in=product_pks, order__status="fulfilled")
    return lines.values("order__buyer_email").distinct().count()


def spending_local_share(enterprises: list[Any]) -> float | None:
    """Local share of the members' recorded outlays, from the circulation measures (None until merged)."""
    try:
        from dure.circulation import selectors as circulation_selectors
    except ImportError:
        return None
    measure = getattr(circulation_selectors, "local_spending_share", None)
    if measure is None:
        return None
    return measure(enterprises=enterprises)
