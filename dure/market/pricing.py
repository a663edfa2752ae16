"""Prices in integer won: line totals and their VAT split."""

from __future__ import annotations

from dataclasses import dataclass

from dure.core.money import vat_included_split
from dure.market.models import VatMode


@dataclass(frozen=True)
class LinePrice:
    total: int
    supply_value: int
    vat: int


def line_price(*, unit_price: int, quantity: int, vat_mode: str) -> LinePrice:
    """Total = unit price × quantity (no rounding needed in won); VAT split on the line total.

    Splitting the line total (not each unit) rounds once per line, so a line's supply value and
    VAT always add up to what the buyer pays for it.
    """
    total = unit_price * quantity
    if vat_mode == VatMode.EXEMPT:
        return LinePrice(total=total, supply_value=total, vat=0)
    supply, vat = vat_included_split(total)
    return LinePrice(total=total, supply_value=supply, vat=vat)
