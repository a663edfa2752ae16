from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, StrictStr

# The largest primary key a database column holds (BigAutoField); a larger number is bad input,
# not a 500 from the driver.
MAX_PK = 2**63 - 1
# Strict: JSON true is not 1 and "5" is not 5 — an explicit check such as `consent is True`
# must see what the client sent.
RowPk = Annotated[StrictInt, Field(ge=1, le=MAX_PK)]
# A text filter: PostgreSQL cannot compare with a NUL character (a 500), so that is bad input.
FilterText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]


class EnterpriseRef(Schema):
    pk: int
    name: str


class VariantOut(Schema):
    pk: int
    name: str
    price: int
    stock: int | None


class ProductOut(Schema):
    pk: int
    name: str
    enterprise: EnterpriseRef
    price: int = Field(description="Price in won (VAT as vat_mode says).")
    vat_mode: str
    stock: int | None = Field(description="Units left; null when unlimited.")
    category: str
    description: str
    unit: str
    social_tags: list[str]
    photo: str | None
    direct_sale: bool
    variants: list[VariantOut]


class ProductPage(Schema):
    count: int
    items: list[ProductOut]


class OrderItemIn(Schema):
    product: RowPk
    quantity: StrictInt = Field(description="Units, 1–10,000 (checked by the order service).")
    variant: RowPk | None = None


class BuyerIn(Schema):
    name: StrictStr = ""
    email: StrictStr = ""
    phone: StrictStr = ""
    region_code: StrictStr = ""


class OrderIn(Schema):
    items: list[OrderItemIn]
    buyer: BuyerIn = BuyerIn()
    consent: StrictBool = False
    window: RowPk | None = None
    pickup_point: RowPk | None = Field(
        None, description="One of the order's sales window's pickup points (GET /windows)."
    )
    delivery_address: StrictStr = Field(
        "",
        max_length=300,
        description="Where to deliver, when the window delivers and the order reaches its "
        "delivery_minimum; not together with pickup_point. Without either, the seller arranges it.",
    )
    payment_method: StrictStr | None = Field(
        None,
        description="online: bank_transfer (default), card_at_pickup or local_currency; "
        "cash and invoice are not taken online.",
    )


class OrderLineOut(Schema):
    product: int
    product_name: str
    enterprise: int
    quantity: int
    unit_price: int
    line_total: int
    vat: int


class OrderOut(Schema):
    pk: int
    number: str
    status: str
    channel: str
    total: int
    vat: int
    units: int
    window: int | None
    pickup_point: int | None
    delivery: bool = Field(description="The buyer asked for delivery (the address is not shown here).")
    payment_method: str
    placed_at: dt.datetime
    lines: list[OrderLineOut]


class PickupPointOut(Schema):
    pk: int
    name: str
    address: str
    times: str


class WindowOut(Schema):
    pk: int
    name: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    capacity: int | None
    units_ordered: int
    delivery: bool
    delivery_note: str
    delivery_minimum: int | None = Field(description="Smallest order total (won) that is delivered.")
    pickup_points: list[PickupPointOut]
    products: list[int]
