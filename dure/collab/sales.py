"""The one place this app reads the market: sales figures and sales windows.

The market app owns orders and windows; collab reads them only through the market's selectors
(`dure.market.services.product_sales`, `window_is_closed`) so that a change there is a change in one file here.
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
    from dure.market import services

    return bool(services.window_is_closed(window))


def product_sales(product_pk: int, window_pk: int | None) -> tuple[int, int]:
    """(units, won received) of fulfilled sales net of refunds."""
    from dure.market import services

    figures = services.product_sales(product_pks=[product_pk], window_pk=window_pk)
    row = figures.get(product_pk) or {"units": 0, "received": 0}
    return int(row["units"]), int(row["received"])


def windows_for_product(product_pk: int) -> list[Any]:
    """Sales windows that offered the product (newest first)."""
    window_model = apps.get_model("market", "SalesWindow")
    return list(window_model.objects.filter(entries__product_id=product_pk).order_by("-opens_at", "-pk"))


def units_ordered_in_open_windows(product_pk: int) -> int:
    """Units of the product ordered so far in windows that are still open (for live allocation)."""
    entry_model = apps.get_model("market", "WindowProduct")
    total = 0
    for entry in entry_model.objects.filter(product_id=product_pk).select_related("window"):
        if not window_is_closed(entry.window):
            total += entry.units_ordered
    return total


def buyer_count(product_pks: list[int]) -> int | None:
    """Distinct buyers (name, email, phone) of fulfilled orders for the products."""
    line_model = apps.get_model("market", "OrderLine")
    lines = line_model.objects.filter(product_id__in=product_pks, order__status="fulfilled")
    return lines.values("order__buyer_name", "order__buyer_email", "order__buyer_phone").distinct().count()


def spending_local_share(enterprises: list[Any]) -> dict[str, Any] | None:
    """Local share of the members' recorded purchases, from the circulation measures.

    None when none of the members has a party in the circulation ledger yet.
    """
    from dure.circulation import measures

    party_model = apps.get_model("circulation", "Party")
    party_ids = list(party_model.objects.filter(enterprise__in=enterprises).values_list("pk", flat=True))
    if not party_ids:
        return None
    result = measures.local_purchasing_share(party_ids=party_ids)
    return result if result.get("total") else None
