"""Market services. Import from here: `from dure.market.services import order_place`."""

from dure.market.services.booths import (
    booth_sale_record,
    can_sell_at_booth,
)
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
from dure.market.services.flows import (
    flows_deliver,
    order_flows_record,
)
from dure.market.services.orders import (
    order_place,
    order_transition,
    parse_items,
    product_sales,
    request_fingerprint,
)
from dure.market.services.purchasing import (
    fair_answer_create,
    fair_create,
    fair_meeting_schedule,
    fair_need_create,
    institution_create,
    purchase_import,
    purchase_record_from_order,
    purchase_report,
    target_set,
)

__all__ = [
    "booth_sale_record",
    "can_sell_at_booth",
    "fair_answer_create",
    "fair_create",
    "fair_meeting_schedule",
    "fair_need_create",
    "flows_deliver",
    "institution_create",
    "order_flows_record",
    "order_place",
    "order_transition",
    "parse_items",
    "product_create",
    "product_sales",
    "product_update",
    "purchase_import",
    "purchase_record_from_order",
    "purchase_report",
    "request_fingerprint",
    "target_set",
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
