"""The pure rules: support rule, allocation within capacity, every split rule with awkward numbers."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from dure.collab import rules
from dure.core.errors import Conflict, DomainError


def ent(pk: int, district: str) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, district_code=district)


def test_support_rule_needs_three_enterprises_two_local() -> None:
    assert rules.support_check([ent(1, "29170"), ent(2, "29200"), ent(3, "11110")]).ok
    two = rules.support_check([ent(1, "29170"), ent(2, "29200")])
    assert not two.ok and two.members == 2 and len(two.problems()) == 1
    one_local = rules.support_check([ent(1, "29170"), ent(2, "11110"), ent(3, "41130")])
    assert not one_local.ok and one_local.local == 1
    # The same enterprise twice counts once.
    assert not rules.support_check([ent(1, "29170"), ent(1, "29170"), ent(2, "29200")]).ok


def test_support_rule_reads_settings(settings: object) -> None:
    settings.DURE_COLLAB_MIN_MEMBERS = 2  # type: ignore[attr-defined]
    settings.DURE_COLLAB_MIN_LOCAL = 1  # type: ignore[attr-defined]
    assert rules.support_check([ent(1, "29170"), ent(2, "11110")]).ok


def test_allocation_in_proportion_to_capacity_stays_within_capacity() -> None:
    # 1,600 over capacities 400, 300, 300, 250, 250, 200 (total 1,700).
    got = rules.allocate_units(1600, [400, 300, 300, 250, 250, 200])
    assert got == [377, 283, 282, 235, 235, 188]
    assert sum(got) == 1600
    # Prime total, ties to the earlier member.
    assert rules.allocate_units(7, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) == [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    assert rules.allocate_units(13, [5, 5, 5]) == [5, 4, 4]
    for units in range(0, 18):
        got = rules.allocate_units(units, [3, 7, 7])
        assert sum(got) == units and all(g <= c for g, c in zip(got, [3, 7, 7], strict=True))


def test_allocation_by_member_order() -> None:
    assert rules.allocate_units(11, [4, 4, 4], rule="order") == [4, 4, 3]


def test_allocation_beyond_capacity_is_refused() -> None:
    with pytest.raises(Conflict) as error:
        rules.allocate_units(18, [3, 7, 7])
    assert error.value.code == "over_capacity"
    with pytest.raises(Conflict):
        rules.check_allocation([4, 7, 6], [3, 7, 7], ["a", "b", "c"])


def members(units: list[int], costs: list[int] | None = None, percents: list[str] | None = None) -> list:
    costs = costs or [0] * len(units)
    percents = percents or ["0"] * len(units)
    return [
        rules.MemberInput(i + 1, f"m{i + 1}", u, c, Decimal(p))
        for i, (u, c, p) in enumerate(zip(units, costs, percents, strict=True))
    ]


def test_split_by_units_prime_total() -> None:
    result = rules.split_revenue(received=1_000_003, members=members([1, 1, 1]), rule="units")
    assert [line.amount for line in result.lines] == [333_335, 333_334, 333_334]
    assert sum(line.amount for line in result.lines) == 1_000_003


def test_split_by_units_one_won_remainder() -> None:
    result = rules.split_revenue(received=10, members=members([1, 2]), rule="units")
    # 3.33… and 6.66…: the one won left goes to the larger remainder (the second member).
    assert [line.amount for line in result.lines] == [3, 7]


def test_split_by_percent() -> None:
    result = rules.split_revenue(
        received=99_991,
        members=members([5, 5, 5], percents=["33.33", "33.33", "33.34"]),
        rule="percent",
        grant=7,
    )
    assert [line.amount for line in result.lines] == [33_327, 33_327, 33_337]
    assert [line.grant_share for line in result.lines] == [2, 2, 3]
    assert sum(line.amount for line in result.lines) == 99_991


def test_split_percent_not_100_is_refused() -> None:
    with pytest.raises(DomainError) as error:
        rules.split_revenue(received=100, members=members([1, 1], percents=["50", "49.99"]), rule="percent")
    assert error.value.code == "split_not_100"
    with pytest.raises(DomainError):
        rules.check_percentages(["60", "40.01"])
    rules.check_percentages(["60", "40.00"])


def test_split_cost_plus_pays_costs_first() -> None:
    # Costs 3×1,001 = 3,003 and 2×997 = 1,994 (4,997); remainder 5,000 − 4,997 = 3 by units 3:2.
    result = rules.split_revenue(
        received=5_000, members=members([3, 2], costs=[1_001, 997]), rule="cost_plus"
    )
    assert [line.cost for line in result.lines] == [3_003, 1_994]
    assert [line.amount for line in result.lines] == [3_003 + 2, 1_994 + 1]


def test_split_cost_plus_equal_remainder_and_shortfall() -> None:
    result = rules.split_revenue(
        received=10_007,
        members=members([1, 1, 1], costs=[1_000, 2_000, 3_000]),
        rule="cost_plus",
        remainder_rule="equal",
    )
    # Remainder 4,007 / 3 = 1,335.67: shares 1,336, 1,336, 1,335.
    assert [line.amount for line in result.lines] == [2_336, 3_336, 4_335]
    short = rules.split_revenue(received=601, members=members([1, 1], costs=[400, 800]), rule="cost_plus")
    # Revenue below costs: shared in proportion to costs (200.33…, 400.66…).
    assert [line.amount for line in short.lines] == [200, 401]


def test_split_with_no_weights_is_refused() -> None:
    with pytest.raises(DomainError):
        rules.split_revenue(received=100, members=members([0, 0]), rule="units")
