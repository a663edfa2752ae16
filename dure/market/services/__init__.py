"""Market services. Import from here: `from dure.market.services import order_place`."""

from dure.market.services.catalogue import (
    product_create,
    product_update,
    variant_add,
    window_cancel,
    window_close,
    window_create,
    window_is_closed,
    window_is_open,
    window_open,
    window_products_add,
    windows_close_expired,
)
from dure.market.services.flows import flows_deliver, order_flows_record
from dure.market.services.orders import (
    order_place,
    order_transition,
    parse_items,
    product_sales,
    request_fingerprint,
)
from dure.market.services.purchasing import purchase_record_from_order

__all__ = [
    "flows_deliver",
    "order_flows_record",
    "order_place",
    "order_transition",
    "parse_items",
    "product_create",
    "product_sales",
    "product_update",
    "purchase_record_from_order",
    "request_fingerprint",
    "variant_add",
    "window_cancel",
    "window_close",
    "window_create",
    "window_is_closed",
    "window_is_open",
    "window_open",
    "window_products_add",
    "windows_close_expired",
]
