"""The measures of local circulation, as pure functions over the flow ledger (DOMAIN.md).

- LM3 (NEF, Sacks 2002) for a party or a group: R1 income, R2 spending with local payees,
  R3 = Σ_j paid_j × s_j with j's local share s_j from j's own recorded outlays in the period,
  else a declared survey share, else a configurable default.
- The network form: z_ij payments from local j to local i, X_j all outlays of j, A = z / X,
  f money entering the region; rounds 1ᵀAᵏf, LM_n, full multiplier 1ᵀ(I−A)⁻¹f / 1ᵀf solved
  sparse, leakage λ_j = 1 − Σ_i a_ij, and coverage (money that reached parties without outlays).

A boundary is a region-code prefix: the configured region (settings.DURE_REGION_PREFIX) by
default, a district (5 digits) or a province (2 digits). Periods are inclusive date ranges.
Both databases: only ORM aggregates are used; the arithmetic happens in numpy / scipy.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.circulation.models import DeclaredShare, Flow, FlowKind, Party
from dure.core.errors import DomainError

OUTSIDE = "outside"


# --------------------------------------------------------------------------- boundaries, periods


def region_prefix(boundary: str | None = None) -> str:
    """The boundary as a region-code prefix; the configured region when none is given."""
    prefix = re.sub(r"\s", "", boundary or getattr(settings, "DURE_REGION_PREFIX", "29") or "")
    if not re.fullmatch(r"\d{2,10}(,\d{2,10})*", prefix):
        raise DomainError(
            _("A boundary is a region code of 2 to 10 digits (e.g. 29 or 29200)."), field="boundary"
        )
    return prefix


def default_local_share() -> Fraction:
    """The share assumed for a payee with neither records nor a declaration (settings, default 0)."""
    value = getattr(settings, "DURE_CIRCULATION_DEFAULT_LOCAL_SHARE", "0")
    share = Fraction(str(value))
    if not 0 <= share <= 1:
        raise DomainError(_("The default local share must be between 0 and 1."))
    return share


def is_local(region: str, prefix: str) -> bool:
    return bool(region) and region.startswith(tuple(prefix.split(",")))


def local_q(field_name: str, prefix: str) -> Q:
    """The flows whose `field_name` region lies inside the boundary (one prefix or several)."""
    condition = Q()
    for part in prefix.split(","):
        condition |= Q(**{f"{field_name}__startswith": part})
    return condition


def flows_in_period(start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Flow]:
    if start and end and start > end:
        raise DomainError(_("The period starts after it ends."), field="start")
    queryset = Flow.objects.all()
    if start:
        queryset = queryset.filter(occurred_on__gte=start)
    if end:
        queryset = queryset.filter(occurred_on__lte=end)
    return queryset


def _local_case(field_name: str, prefix: str) -> Case:
    return Case(
        When(local_q(field_name, prefix), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _share_year(start: dt.date | None, end: dt.date | None) -> int:
    return (end or start or timezone.localdate()).year


# --------------------------------------------------------------------------------------- LM3


@dataclass
class ShareSource:
    party_id: int
    name: str
    paid: int
    share: Fraction
    source: str  # "records" | "declared" | "default"

    @property
    def contribution(self) -> Fraction:
        return self.paid * self.share

    def as_dict(self) -> dict[str, Any]:
        return {
            "party_id": self.party_id,
            "name": self.name,
            "paid": self.paid,
            "share": round(float(self.share), 6),
            "source": self.source,
            "r3": round_won(self.contribution),
        }


@dataclass
class Lm3Result:
    r1: int
    r2: int
    r3_exact: Fraction
    sources: list[ShareSource] = field(default_factory=list)

    @property
    def r3(self) -> int:
        return round_won(self.r3_exact)

    @property
    def lm3(self) -> float | None:
        if self.r1 <= 0:
            return None
        return float((self.r1 + self.r2 + self.r3_exact) / self.r1)

    def source_totals(self) -> dict[str, int]:
        totals: dict[str, Fraction] = defaultdict(Fraction)
        for item in self.sources:
            totals[item.source] += item.contribution
        return {key: round_won(totals.get(key, Fraction(0))) for key in ("records", "declared", "default")}

    def as_dict(self) -> dict[str, Any]:
        lm3 = self.lm3
        return {
            "r1": self.r1,
            "r2": self.r2,
            "r3": self.r3,
            "lm3": None if lm3 is None else round(lm3, 6),
            "r3_by_source": self.source_totals(),
            "sources": [item.as_dict() for item in self.sources],
        }


def round_won(value: Fraction | float) -> int:
    """Round half away from zero to whole won."""
    fraction = Fraction(value)
    sign = -1 if fraction < 0 else 1
    return sign * int(abs(fraction) + Fraction(1, 2))


def payee_local_shares(
    party_ids: Iterable[int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
) -> dict[int, tuple[Fraction, str]]:
    """Each party's local share of spending and where it came from (records, declared, default)."""
    prefix = region_prefix(boundary)
    ids = list(set(party_ids))
    if not ids:
        return {}
    rows = (
        flows_in_period(start, end)
        .filter(payer_id__in=ids)
        .values("payer_id")
        .annotate(
            total=Sum("amount"),
            local=Sum(
                Case(
                    When(local_q("payee_region", prefix), then="amount"),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    shares: dict[int, tuple[Fraction, str]] = {}
    for row in rows:
        total = int(row["total"] or 0)
        if total > 0:
            shares[row["payer_id"]] = (Fraction(int(row["local"] or 0), total), "records")
    missing = [pk for pk in ids if pk not in shares]
    if missing:
        year = _share_year(start, end)
        declared = (
            DeclaredShare.objects.filter(party_id__in=missing, year__lte=year)
            .order_by("party_id", "-year")
            .values_list("party_id", "share")
        )
        for party_id, share in declared:
            if party_id not in shares:
                shares[party_id] = (Fraction(str(share)), "declared")
        fallback = default_local_share()
        for pk in missing:
            shares.setdefault(pk, (fallback, "default"))
    return shares


def lm3(
    party_ids: Iterable[int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
) -> Lm3Result:
    """LM3 of one party or of a group treated as one organisation (flows inside it do not count).

    R1 = income from payers outside the group; R2 = spending with local payees outside the group;
    R3 = Σ_j paid_j × s_j over those payees.
    """
    prefix = region_prefix(boundary)
    group = sorted(set(party_ids))
    period = flows_in_period(start, end)
    r1 = (
        period.filter(payee_id__in=group).exclude(payer_id__in=group).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    paid_rows = (
        period.filter(local_q("payee_region", prefix), payer_id__in=group)
        .exclude(payee_id__in=group)
        .values("payee_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    paid = {row["payee_id"]: int(row["total"]) for row in paid_rows if row["total"]}
    shares = payee_local_shares(paid.keys(), start=start, end=end, boundary=prefix)
    names = dict(Party.objects.filter(pk__in=paid.keys()).values_list("pk", "name"))
    sources = [
        ShareSource(
            party_id=pk, name=names.get(pk, ""), paid=amount, share=shares[pk][0], source=shares[pk][1]
        )
        for pk, amount in sorted(paid.items(), key=lambda item: (-item[1], item[0]))
    ]
    r3 = sum((item.contribution for item in sources), Fraction(0))
    return Lm3Result(r1=int(r1), r2=sum(paid.values()), r3_exact=r3, sources=sources)


# ------------------------------------------------------------------------------ edge arrays


@dataclass
class Edges:
    """Flows summed per (payer, payee, payer local?, payee local?) as numpy arrays."""

    payer: np.ndarray
    payee: np.ndarray
    payer_local: np.ndarray
    payee_local: np.ndarray
    amount: np.ndarray

    @classmethod
    def empty(cls) -> Edges:
        return cls(
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, bool),
            np.zeros(0, bool),
            np.zeros(0, np.float64),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, bool, bool, float]]) -> Edges:
        data = list(rows)
        if not data:
            return cls.empty()
        payer, payee, payer_local, payee_local, amount = zip(*data, strict=True)
        return cls(
            np.asarray(payer, np.int64),
            np.asarray(payee, np.int64),
            np.asarray(payer_local, bool),
            np.asarray(payee_local, bool),
            np.asarray(amount, np.float64),
        )

    def concat(self, other: Edges) -> Edges:
        return Edges(
            np.concatenate([self.payer, other.payer]),
            np.concatenate([self.payee, other.payee]),
            np.concatenate([self.payer_local, other.payer_local]),
            np.concatenate([self.payee_local, other.payee_local]),
            np.concatenate([self.amount, other.amount]),
        )


def _tune_aggregate(cursor: Any) -> None:
    """PostgreSQL: no JIT (seconds of compile time for one query) and room for the hash aggregate."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")


def edge_sums(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
    touching_only: bool = False,
) -> QuerySet[Flow, tuple[int, int, str, str, int]]:
    """The flows summed per (payer, payee, payer region, payee region) as value tuples.

    On PostgreSQL the covering index circ_flow_pair_cover lists the grouping columns in this
    order, so the grouping is a streaming GroupAggregate over an index-only scan (no hash table,
    no sort, no heap reads once the table is vacuumed).
    """
    prefix = region_prefix(boundary)
    queryset = flows_in_period(start, end)
    if touching_only and "," not in prefix:
        # The network needs only flows with a local end; for one prefix the filter is cheap and
        # leaves far fewer rows to group (for many prefixes the LIKEs would cost more than they save).
        queryset = queryset.filter(local_q("payer_region", prefix) | local_q("payee_region", prefix))
    return (
        queryset.values("payer_id", "payee_id", "payer_region", "payee_region")
        # bigint, not numeric: PostgreSQL's SUM(bigint) would come back as 800,000 Decimals.
        .annotate(total=Cast(Sum("amount"), BigIntegerField()))
        .order_by()
        .values_list("payer_id", "payee_id", "payer_region", "payee_region", "total")
    )


def load_edges(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
    touching_only: bool = False,
) -> Edges:
    """One GROUP BY in the database (`edge_sums`); rows go straight into numpy (no model instances).

    Grouping by the region codes themselves (few distinct values) and deciding locality once per
    distinct code is cheaper than a LIKE per flow and per prefix.
    """
    prefix = region_prefix(boundary)
    queryset = edge_sums(start=start, end=end, boundary=prefix, touching_only=touching_only)
    sql, params = queryset.query.sql_with_params()
    payers: list[int] = []
    payees: list[int] = []
    payer_regions: list[str] = []
    payee_regions: list[str] = []
    amounts: list[int] = []
    with transaction.atomic(), connection.cursor() as cursor:
        _tune_aggregate(cursor)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(200_000):
            a, b, c, d, e = zip(*rows, strict=True)
            payers.extend(a)
            payees.extend(b)
            payer_regions.extend(c)
            payee_regions.extend(d)
            amounts.extend(e)
    if not payers:
        return Edges.empty()
    local_of = {code: is_local(code, prefix) for code in set(payer_regions) | set(payee_regions)}
    count = len(payers)
    edges = Edges(
        np.fromiter(payers, np.int64, count),
        np.fromiter(payees, np.int64, count),
        np.fromiter((local_of[code] for code in payer_regions), bool, count),
        np.fromiter((local_of[code] for code in payee_regions), bool, count),
        np.fromiter(amounts, np.float64, count),
    )
    keep = edges.amount != 0
    return Edges(
        edges.payer[keep],
        edges.payee[keep],
        edges.payer_local[keep],
        edges.payee_local[keep],
        edges.amount[keep],
    )


# ------------------------------------------------------------------------------- network


@dataclass
class NetworkResult:
    injection: float
    rounds: list[float]
    lm: list[float]
    full_multiplier: float | None
    party_ids: np.ndarray
    outlays: np.ndarray
    leakage: np.ndarray
    total_money: np.ndarray
    recorded_leakage: float
    unrecorded: float
    parties_without_outlays: int

    def as_dict(self) -> dict[str, Any]:
        injection = round_won(self.injection)
        return {
            "injection": injection,
            "rounds": [round_won(value) for value in self.rounds],
            "lm": [round(value, 6) for value in self.lm],
            "full_multiplier": None if self.full_multiplier is None else round(self.full_multiplier, 6),
            "leakage": {
                "recorded": round_won(self.recorded_leakage),
                "without_records": round_won(self.unrecorded),
            },
            "coverage": {
                "parties": len(self.party_ids),
                "parties_without_outlays": self.parties_without_outlays,
                "money_reached_without_outlays": round_won(self.unrecorded),
                "share_of_injection_without_outlays": round(self.unrecorded / self.injection, 6)
                if self.injection
                else None,
            },
        }


DIRECT_SOLVE_LIMIT = 1500


def solve_leontief(system: sp.csc_matrix, injection: np.ndarray) -> np.ndarray:
    """x with (I − A) x = f, never densely.

    Small systems: spsolve (a sparse LU). Large ones: BiCGSTAB to a relative residual of 1e-12,
    because an LU of a national trade graph (random-like, ~20 partners each) fills in almost
    completely; spsolve stays the fallback when the iteration does not converge.
    """
    size = system.shape[0]
    if size > DIRECT_SOLVE_LIMIT:
        solution, info = spla.bicgstab(system, injection, rtol=1e-12, atol=0.0, maxiter=20 * size)
        residual = np.linalg.norm(system @ solution - injection)
        if info == 0 and residual <= 1e-9 * max(1.0, float(np.linalg.norm(injection))):
            return np.asarray(solution).ravel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spla.MatrixRankWarning)
        return np.asarray(spla.spsolve(system, injection)).ravel()


def network_from_edges(edges: Edges, *, rounds: int = 4) -> NetworkResult:
    """The network measures from summed edges (pure numpy / scipy; no dense matrix)."""
    if rounds < 1 or rounds > 100:
        raise DomainError(_("Ask for between 1 and 100 rounds."), field="rounds")
    local_out = edges.payer_local
    inside = edges.payer_local & edges.payee_local
    entering = ~edges.payer_local & edges.payee_local
    nodes = np.unique(np.concatenate([edges.payer[local_out], edges.payee[edges.payee_local]]))
    size = len(nodes)
    if size == 0:
        return NetworkResult(
            0.0, [0.0] * rounds, [0.0] * rounds, None, nodes, *(np.zeros(0),) * 3, 0.0, 0.0, 0
        )
    # Ids outside `nodes` (non-local payers and payees) get a clipped index that the masks never use.
    payer_index = np.minimum(np.searchsorted(nodes, edges.payer), size - 1)
    payee_index = np.minimum(np.searchsorted(nodes, edges.payee), size - 1)
    outlays = np.bincount(payer_index[local_out], weights=edges.amount[local_out], minlength=size)
    injection_vector = np.bincount(payee_index[entering], weights=edges.amount[entering], minlength=size)
    has_outlays = outlays > 0
    usable = inside & has_outlays[payer_index]
    columns = payer_index[usable]
    coefficients = edges.amount[usable] / outlays[columns]
    matrix = sp.csr_matrix((coefficients, (payee_index[usable], columns)), shape=(size, size))
    matrix.sum_duplicates()
    column_sums = np.asarray(matrix.sum(axis=0)).ravel()
    leakage = np.where(has_outlays, 1.0 - column_sums, 1.0)
    injection = float(injection_vector.sum())
    round_money: list[float] = []
    vector = injection_vector.copy()
    for _round in range(rounds):
        round_money.append(float(vector.sum()))
        vector = matrix @ vector
    running = np.cumsum(round_money)
    lm = [float(value / injection) if injection else 0.0 for value in running]
    full: float | None = None
    total_money = np.zeros(size)
    if injection:
        system = (sp.identity(size, format="csc") - matrix.tocsc()).tocsc()
        total_money = solve_leontief(system, injection_vector)
        leaked = float(np.dot(leakage, total_money))
        if (
            not np.all(np.isfinite(total_money))
            or total_money.min() < -1e-6 * injection
            or abs(leaked - injection) > 1e-6 * injection
        ):
            raise DomainError(
                _("The money never leaves a closed loop of parties, so the multiplier does not converge.")
            )
        full = float(total_money.sum() / injection)
    unrecorded = float(total_money[~has_outlays].sum())
    recorded = float(np.dot(leakage[has_outlays], total_money[has_outlays]))
    return NetworkResult(
        injection=injection,
        rounds=round_money,
        lm=lm,
        full_multiplier=full,
        party_ids=nodes,
        outlays=outlays,
        leakage=leakage,
        total_money=total_money,
        recorded_leakage=recorded,
        unrecorded=unrecorded,
        parties_without_outlays=int((~has_outlays).sum()),
    )


def network(
    *, start: dt.date | None = None, end: dt.date | None = None, boundary: str | None = None, rounds: int = 4
) -> NetworkResult:
    edges = load_edges(start=start, end=end, boundary=boundary, touching_only=True)
    return network_from_edges(edges, rounds=rounds)


def party_leakage(result: NetworkResult, *, limit: int = 20) -> list[dict[str, Any]]:
    """The parties whose leakage lets the most money out (λ_j x_j), largest first."""
    if len(result.party_ids) == 0:
        return []
    leaked = result.leakage * result.total_money
    order = np.argsort(-leaked)[:limit]
    ids = [int(result.party_ids[i]) for i in order]
    names = dict(Party.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "party_id": int(result.party_ids[i]),
            "name": names.get(int(result.party_ids[i]), ""),
            "leakage": round(float(result.leakage[i]), 6),
            "money": round_won(float(result.total_money[i])),
            "leaked": round_won(float(leaked[i])),
            "has_outlays": bool(result.outlays[i] > 0),
        }
        for i in order
    ]


# ---------------------------------------------------------------------- LM3 for every party


def lm3_all_from_edges(
    edges: Edges, *, declared: dict[int, float] | None = None, default_share: float = 0.0
) -> dict[str, np.ndarray]:
    """LM3 of every party at once (vectorised); returns party ids and R1, R2, R3, LM3 arrays."""
    if len(edges.amount) == 0:
        empty = np.zeros(0)
        return {"party_id": np.zeros(0, np.int64), "r1": empty, "r2": empty, "r3": empty, "lm3": empty}
    nodes, inverse = np.unique(np.concatenate([edges.payer, edges.payee]), return_inverse=True)
    payer_index = inverse[: len(edges.payer)]
    payee_index = inverse[len(edges.payer) :]
    size = len(nodes)
    amount = edges.amount
    income = np.bincount(payee_index, weights=amount, minlength=size)
    outlays = np.bincount(payer_index, weights=amount, minlength=size)
    local_amount = np.where(edges.payee_local, amount, 0.0)
    local_outlays = np.bincount(payer_index, weights=local_amount, minlength=size)
    share = np.full(size, float(default_share))
    if declared:
        declared_ids = np.fromiter(declared.keys(), np.int64)
        declared_values = np.fromiter(declared.values(), np.float64)
        position = np.searchsorted(nodes, declared_ids)
        found = (position < size) & (nodes[np.minimum(position, size - 1)] == declared_ids)
        share[position[found]] = declared_values[found]
    recorded = outlays > 0
    share[recorded] = local_outlays[recorded] / outlays[recorded]
    r2 = local_outlays
    r3 = np.bincount(payer_index, weights=local_amount * share[payee_index], minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(income > 0, (income + r2 + r3) / income, np.nan)
    return {"party_id": nodes, "r1": income, "r2": r2, "r3": r3, "lm3": value}


def lm3_all(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
    kind: str | None = "enterprise",
) -> dict[int, dict[str, float]]:
    """LM3 for every party (by default every enterprise) with income in the period."""
    prefix = region_prefix(boundary)
    edges = load_edges(start=start, end=end, boundary=prefix)
    year = _share_year(start, end)
    declared: dict[int, float] = {}
    for party_id, share in (
        DeclaredShare.objects.filter(year__lte=year)
        .order_by("party_id", "year")
        .values_list("party_id", "share")
    ):
        declared[party_id] = float(share)  # the latest year wins
    result = lm3_all_from_edges(edges, declared=declared, default_share=float(default_local_share()))
    wanted: set[int] | None = None
    if kind:
        wanted = set(Party.objects.filter(kind=kind).values_list("pk", flat=True))
    figures: dict[int, dict[str, float]] = {}
    for i, party_id in enumerate(result["party_id"].tolist()):
        if wanted is not None and party_id not in wanted:
            continue
        if result["r1"][i] <= 0:
            continue
        figures[party_id] = {
            "r1": float(result["r1"][i]),
            "r2": float(result["r2"][i]),
            "r3": float(result["r3"][i]),
            "lm3": float(result["lm3"][i]),
        }
    return figures


# --------------------------------------------------------------------- shares and matrices


def local_purchasing_share(
    *,
    party_ids: Iterable[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
) -> dict[str, Any]:
    """Local procurement spend / all procurement spend (purchases only) of a group or the region."""
    prefix = region_prefix(boundary)
    queryset = flows_in_period(start, end).filter(kind=FlowKind.PURCHASE)
    if party_ids is None:
        queryset = queryset.filter(local_q("payer_region", prefix))
    else:
        queryset = queryset.filter(payer_id__in=list(party_ids))
    totals = queryset.aggregate(
        total=Sum("amount"),
        local=Sum(Case(When(local_q("payee_region", prefix), then="amount"), default=Value(0))),
    )
    total = int(totals["total"] or 0)
    local = int(totals["local"] or 0)
    return {"local": local, "total": total, "share": round(local / total, 6) if total else None}


def district_of(region: str, prefix: str) -> str:
    """The district (5-digit code) of a local region code, or 'outside'."""
    if not is_local(region, prefix):
        return OUTSIDE
    return region[:5] if len(region) >= 5 else region


def district_flows(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
    with_counts: bool = False,
) -> list[dict[str, Any]]:
    """Money between districts and between the region and the outside, by kind (won).

    With `with_counts`, each cell also says how many distinct payers and payees it holds, so
    that public pages can suppress cells that would show one enterprise's flows.
    """
    prefix = region_prefix(boundary)
    queryset = flows_in_period(start, end).filter(
        local_q("payer_region", prefix) | local_q("payee_region", prefix)
    )
    buckets: dict[tuple[str, str, str], int] = defaultdict(int)
    payers: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    payees: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    fields = ["payer_region", "payee_region", "kind"] + (["payer_id", "payee_id"] if with_counts else [])
    for row in queryset.values(*fields).annotate(total=Sum("amount")).order_by():
        key = (
            district_of(row["payer_region"], prefix),
            district_of(row["payee_region"], prefix),
            row["kind"],
        )
        buckets[key] += int(row["total"] or 0)
        if with_counts and row["total"]:
            payers[key].add(row["payer_id"])
            payees[key].add(row["payee_id"])
    result = []
    for (a, b, kind), amount in sorted(buckets.items()):
        if not amount:
            continue
        item: dict[str, Any] = {"from": a, "to": b, "kind": kind, "amount": amount}
        if with_counts:
            item["payers"] = len(payers[(a, b, kind)])
            item["payees"] = len(payees[(a, b, kind)])
        result.append(item)
    return result


def leakage_by_kind(
    *, start: dt.date | None = None, end: dt.date | None = None, boundary: str | None = None
) -> dict[str, int]:
    """Money leaving the region (local payer → outside payee) by kind."""
    prefix = region_prefix(boundary)
    rows = (
        flows_in_period(start, end)
        .filter(local_q("payer_region", prefix))
        .exclude(local_q("payee_region", prefix))
        .values("kind")
        .annotate(total=Sum("amount"))
        .order_by("kind")
    )
    return {row["kind"]: int(row["total"] or 0) for row in rows if row["total"]}


def trend_by_year(*, boundary: str | None = None, rounds: int = 4) -> list[dict[str, Any]]:
    years = sorted({date.year for date in Flow.objects.dates("occurred_on", "year")})
    trend = []
    for year in years:
        result = network(
            start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), boundary=boundary, rounds=rounds
        )
        figures = result.as_dict()
        trend.append(
            {
                "year": year,
                "injection": figures["injection"],
                "full_multiplier": figures["full_multiplier"],
                "lm3": figures["lm"][2] if len(figures["lm"]) >= 3 else None,
            }
        )
    return trend


# ------------------------------------------------------------------------------- what-if


def whatif_move_purchases(
    party_ids: Iterable[int],
    *,
    share: float | Decimal | str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    boundary: str | None = None,
    rounds: int = 4,
) -> dict[str, Any]:
    """Move `share` of the group's purchases from outside suppliers to local ones.

    The moved money goes to the group's existing local suppliers in proportion to what each
    party already buys from them (the group's mix when a party has none; a new local supplier
    with the default share and no outlays when the group has none). Outlays X_j stay the same.
    """
    prefix = region_prefix(boundary)
    moved_share = Fraction(str(share))
    if not 0 <= moved_share <= 1:
        raise DomainError(_("The share to move is between 0 and 1."), field="share")
    group = sorted(set(party_ids))
    if not group:
        raise DomainError(_("Choose at least one party."), field="party")
    period = (
        flows_in_period(start, end)
        .filter(payer_id__in=group, kind=FlowKind.PURCHASE)
        .exclude(payee_id__in=group)
    )
    outside = {
        row["payer_id"]: int(row["total"])
        for row in period.exclude(local_q("payee_region", prefix))
        .values("payer_id")
        .annotate(total=Sum("amount"))
        .order_by()
        if row["total"] and row["total"] > 0
    }
    local_rows = (
        period.filter(local_q("payee_region", prefix), local_q("payer_region", prefix))
        .values("payer_id", "payee_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    mix: dict[int, dict[int, int]] = defaultdict(dict)
    group_mix: dict[int, int] = defaultdict(int)
    for row in local_rows:
        if row["total"] and row["total"] > 0:
            mix[row["payer_id"]][row["payee_id"]] = int(row["total"])
            group_mix[row["payee_id"]] += int(row["total"])
    new_supplier = -1  # a hypothetical local supplier with no records
    moves: dict[tuple[int, int], Fraction] = defaultdict(Fraction)
    for payer_id, amount in outside.items():
        moved = amount * moved_share
        weights = mix.get(payer_id) or dict(group_mix) or {new_supplier: 1}
        total_weight = sum(weights.values())
        for payee_id, weight in weights.items():
            moves[(payer_id, payee_id)] += moved * Fraction(weight, total_weight)
    before = lm3(group, start=start, end=end, boundary=prefix)
    suppliers = {payee for _payer, payee in moves if payee != new_supplier}
    shares = payee_local_shares(suppliers, start=start, end=end, boundary=prefix)
    shares[new_supplier] = (default_local_share(), "default")
    moved_total = sum(moves.values(), Fraction(0))
    extra_r3 = sum((value * shares[payee][0] for (_payer, payee), value in moves.items()), Fraction(0))
    after = Lm3Result(
        r1=before.r1, r2=before.r2 + round_won(moved_total), r3_exact=before.r3_exact + extra_r3
    )
    edges = load_edges(start=start, end=end, boundary=prefix)
    network_before = network_from_edges(edges, rounds=rounds)
    if moves:
        payers = np.array([payer for payer, _payee in moves], np.int64)
        payees = np.array([payee for _payer, payee in moves], np.int64)
        amounts = np.array([float(value) for value in moves.values()])
        added = Edges(payers, payees, np.ones(len(moves), bool), np.ones(len(moves), bool), amounts)
        # The same money leaves the outside suppliers: X_j is unchanged.
        removed = Edges(
            payers,
            np.full(len(moves), -2, np.int64),
            np.ones(len(moves), bool),
            np.zeros(len(moves), bool),
            -amounts,
        )
        edges = edges.concat(added).concat(removed)
    network_after = network_from_edges(edges, rounds=rounds)
    return {
        "share": float(moved_share),
        "moved": round_won(moved_total),
        "lm3_before": before.as_dict(),
        "lm3_after": after.as_dict(),
        "multiplier_before": network_before.as_dict()["full_multiplier"],
        "multiplier_after": network_after.as_dict()["full_multiplier"],
    }
