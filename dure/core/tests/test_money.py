from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dure.core.money import split_by_weights, vat_included_split


def test_split_exact_and_largest_remainder():
    assert split_by_weights(100, [1, 1, 1]) == [34, 33, 33]
    assert split_by_weights(7, [1, 1]) == [4, 3]
    assert split_by_weights(1_000_003, [Fraction(1, 3)] * 3) == [333_335, 333_334, 333_334]
    assert split_by_weights(0, [1, 2]) == [0, 0]
    assert split_by_weights(-10, [1, 2]) == [-3, -7]


def test_split_refuses_all_zero_weights():
    with pytest.raises(ValueError):
        split_by_weights(10, [0, 0])


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
)
def test_split_never_creates_or_loses_a_won(total, weights):
    if sum(weights) == 0:
        return
    parts = split_by_weights(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(total * weight, sum(weights))
        assert abs(part - exact) < 1


@pytest.mark.parametrize(
    ("gross", "supply", "vat"), [(11000, 10000, 1000), (10000, 9091, 909), (1, 1, 0), (0, 0, 0)]
)
def test_vat_included_split(gross, supply, vat):
    assert vat_included_split(gross) == (supply, vat)
