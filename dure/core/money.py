"""Money is integer won. Helpers for VAT and for splitting without creating or losing a won."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

VAT_RATE = Fraction(1, 10)


def vat_included_split(gross: int) -> tuple[int, int]:
    """(supply value, VAT) of a VAT-inclusive price in won.

    Supply value = gross × 10/11 rounded half up to the won; VAT is the rest, so the two always
    add up to the gross price (docs/DECISIONS.md, "Money").
    """
    supply = int((Fraction(gross * 10, 11) + Fraction(1, 2)).__floor__())
    return supply, gross - supply


def split_by_weights(total: int, weights: Sequence[int | Fraction]) -> list[int]:
    """Split `total` won in proportion to `weights` so that the parts add up to `total` exactly.

    Largest-remainder method: each part gets the floor of its exact share, then the won left over
    go one each to the largest fractional remainders, ties to the earlier position.
    """
    if total < 0:
        return [-part for part in split_by_weights(-total, weights)]
    weight_sum = sum(Fraction(w) for w in weights)
    if not weights:
        return []
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    exact = [Fraction(total) * Fraction(w) / weight_sum for w in weights]
    parts = [int(e.__floor__()) for e in exact]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts
