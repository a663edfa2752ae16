from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


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
    product: int
    quantity: int
    variant: int | None = None


class BuyerIn(Schema):
    name: str = ""
    email: str = ""
    phone: str = ""
    region_code: str = ""


class OrderIn(Schema):
    items: list[OrderItemIn]
    buyer: BuyerIn = BuyerIn()
    consent: bool = False
    window: int | None = None
    pickup_point: int | None = None
    payment_method: str | None = None


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
    payment_method: str
    placed_at: dt.datetime
    lines: list[OrderLineOut]


class WindowOut(Schema):
    pk: int
    name: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    capacity: int | None
    units_ordered: int
    delivery: bool
    products: list[int]
