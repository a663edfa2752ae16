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
