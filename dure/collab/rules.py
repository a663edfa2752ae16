"""Pure rules of collaboration: the support rule, production allocation and the revenue split.

Nothing here touches the database, so every rule is tested with awkward numbers directly.
Rounding everywhere: `dure.core.money.split_by_weights` (largest remainder; ties go to the
earlier member in project order), so parts always add up to the whole, won for won.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dure.core.errors import Conflict, DomainError
from dure.core.money import split_by_weights
from dure.core.regions import is_local


def min_members() -> int:
    return int(getattr(settings, "DURE_COLLAB_MIN_MEMBERS", 3))


def min_local() -> int:
    return int(getattr(settings, "DURE_COLLAB_MIN_LOCAL", 2))


@dataclass(frozen=True)
class SupportCheck:
    members: int
    local: int
    required_members: int
    required_local: int

    @property
    def ok(self) -> bool:
        return self.members >= self.required_members and self.local >= self.required_local

    def problems(self) -> list[str]:
        found: list[str] = []
        if self.members < self.required_members:
            found.append(
                _("The team has %(n)d enterprises; the support rule needs at least %(m)d.")
                % {"n": self.members, "m": self.required_members}
            )
        if self.local < self.required_local:
            found.append(
                _("The team has %(n)d local enterprises; the support rule needs at least %(m)d.")
                % {"n": self.local, "m": self.required_local}
            )
        return found


def support_check(enterprises: Iterable[Any]) -> SupportCheck:
    """≥ DURE_COLLAB_MIN_MEMBERS distinct enterprises, ≥ DURE_COLLAB_MIN_LOCAL of them local."""
    seen: dict[int, Any] = {}
    for enterprise in enterprises:
        seen[enterprise.pk] = enterprise
    local = sum(1 for e in seen.values() if is_local(e.district_code))
    return SupportCheck(len(seen), local, min_members(), min_local())


# ---------------------------------------------------------------------------------------------
# Production allocation


def allocate_units(units: int, capacities: Sequence[int], *, rule: str = "capacity") -> list[int]:
    """Give `units` to members within their capacities.

    "capacity": in proportion to capacity, largest remainders, ties to the earlier member. An
    exact share never exceeds a capacity when units ≤ Σ capacity, and rounding up a share
    below an integer capacity keeps it within that capacity, so no member is over-allocated.
    "order": fill members in project order, each up to its capacity.
    Refuses (Conflict) when the units exceed the team's total capacity.
    """
    if units < 0:
        raise DomainError(_("The number of units cannot be negative."))
    total = sum(capacities)
    if units > total:
        raise Conflict(
            _("%(units)d units exceed the team's total capacity of %(capacity)d.")
            % {"units": units, "capacity": total},
            code="over_capacity",
        )
    if units == 0:
        return [0 for _c in capacities]
    if rule == "order":
        left = units
        result = []
        for capacity in capacities:
            take = min(capacity, left)
            result.append(take)
            left -= take
        return result
    return split_by_weights(units, list(capacities))


def check_allocation(units_by_member: Sequence[int], capacities: Sequence[int], names: Sequence[str]) -> None:
    """Refuse an explicit allocation that asks any member for more than its capacity."""
    for units, capacity, name in zip(units_by_member, capacities, names, strict=True):
        if units < 0:
            raise DomainError(_("The number of units cannot be negative."))
        if units > capacity:
            raise Conflict(
                _("%(name)s was asked for %(units)d units but can make only %(capacity)d.")
                % {"name": name, "units": units, "capacity": capacity},
                code="over_capacity",
            )


# ---------------------------------------------------------------------------------------------
# Revenue split


def check_percentages(percents: Sequence[Decimal | int | str]) -> None:
    total = sum((Decimal(str(p)) for p in percents), Decimal("0"))
    if total != Decimal("100"):
        raise DomainError(
            _("The percentages add up to %(total)s; they must add up to exactly 100.")
            % {"total": format(total.normalize(), "f")},
            field="percent",
            code="split_not_100",
        )


@dataclass
class MemberInput:
    enterprise_pk: int
    name: str
    units: int
    unit_cost: int = 0
    percent: Decimal = Decimal("0")


@dataclass
class Line:
    enterprise_pk: int
    name: str
    units: int
    cost: int
    revenue_share: int
    grant_share: int

    @property
    def amount(self) -> int:
        """What the lead pays this member out of the sales revenue."""
        return self.revenue_share


@dataclass
class SplitResult:
    received: int
    units: int
    grant: int
    lines: list[Line] = field(default_factory=list)


def _weights(members: Sequence[MemberInput], rule: str) -> list[Fraction]:
    if rule == "units":
        weights = [Fraction(m.units) for m in members]
    elif rule == "percent":
        weights = [Fraction(m.percent) for m in members]
    elif rule == "equal":
        weights = [Fraction(1) for _m in members]
    else:
        raise DomainError(_("Unknown split rule."))
    if sum(weights) == 0:
        raise DomainError(_("Nothing to split by: every member's weight is zero."), code="no_weights")
    return weights


def split_revenue(
    *, received: int, members: Sequence[MemberInput], rule: str, remainder_rule: str = "units", grant: int = 0
) -> SplitResult:
    """Each member's revenue share, costs and grant share; shares add up to `received` exactly.

    - units: received in proportion to units made.
    - percent: received by fixed percentages (which must add up to exactly 100).
    - cost_plus: each member's costs (units × input cost per unit) are paid back first; the
      remainder is shared by `remainder_rule` (units, percent or equal). When the revenue does
      not cover the costs, the revenue is shared in proportion to the costs.
    The grant is shared by the percentages under the percent rule (or a percent remainder
    rule), otherwise by units made.
    """
    if received < 0 or grant < 0:
        raise DomainError(_("Amounts cannot be negative."))
    if not members:
        raise DomainError(_("The joint product has no member parts."), code="no_members")
    costs = [m.units * m.unit_cost for m in members]
    if rule == "percent" or (rule == "cost_plus" and remainder_rule == "percent"):
        check_percentages([m.percent for m in members])
    if rule in ("units", "percent"):
        shares = split_by_weights(received, _weights(members, rule))
    elif rule == "cost_plus":
        total_cost = sum(costs)
        if received >= total_cost:
            remainder = received - total_cost
            extra = (
                split_by_weights(remainder, _weights(members, remainder_rule))
                if remainder
                else [0] * len(members)
            )
            shares = [c + e for c, e in zip(costs, extra, strict=True)]
        else:
            shares = split_by_weights(received, costs)
    else:
        raise DomainError(_("Unknown split rule."))
    grant_rule = (
        "percent" if rule == "percent" or (rule == "cost_plus" and remainder_rule == "percent") else "units"
    )
    grants = split_by_weights(grant, _weights(members, grant_rule)) if grant else [0] * len(members)
    result = SplitResult(received=received, units=sum(m.units for m in members), grant=grant)
    for member, cost, share, grant_share in zip(members, costs, shares, grants, strict=True):
        result.lines.append(
            Line(
                enterprise_pk=member.enterprise_pk,
                name=member.name,
                units=member.units,
                cost=cost,
                revenue_share=share,
                grant_share=grant_share,
            )
        )
    assert sum(line.revenue_share for line in result.lines) == received  # noqa: S101  (invariant)
    assert sum(line.grant_share for line in result.lines) == grant  # noqa: S101
    return result
