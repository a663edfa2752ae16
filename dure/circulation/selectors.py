"""Read models for the circulation pages: each chart is a table (columns + rows) the page draws,
shows as a table and offers as CSV."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dure.circulation import measures
from dure.circulation.models import Flow, FlowKind, Party, PartyGroup
from dure.core.errors import DomainError
from dure.core.regions import region_name

# Public pages hide any cell with fewer distinct payers or payees than this.
MIN_PARTIES_PUBLIC = 3
DASHBOARD_ROUNDS = 7


def latest_year() -> int | None:
    """The last complete year with flows (the current year only when it is the only one)."""
    from django.utils import timezone

    last_complete = timezone.localdate().year - 1
    if Flow.objects.filter(occurred_on__year=last_complete).exists():
        return last_complete
    last = Flow.objects.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    return last.year if last else None


def year_period(year: int | None) -> tuple[dt.date | None, dt.date | None]:
    if year is None:
        return None, None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _place(code: str) -> str:
    if code == measures.OUTSIDE:
        return str(_("outside the region"))
    return region_name(code) or code


def _kind_label(kind: str) -> str:
    return str(FlowKind(kind).label) if kind in FlowKind.values else kind


def chart_rounds(result: measures.NetworkResult) -> dict[str, Any]:
    figures = result.as_dict()
    rows = [
        [k + 1, money, lm] for k, (money, lm) in enumerate(zip(figures["rounds"], figures["lm"], strict=True))
    ]
    return {
        "key": "rounds",
        "title": _("Money in each round of re-spending"),
        "type": "bar",
        "columns": [_("Round"), _("Money (won)"), _("LM_n (cumulative)")],
        "rows": rows,
    }


def chart_districts(rows: list[dict[str, Any]], *, public: bool = False) -> dict[str, Any]:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    payers: dict[tuple[str, str], int] = defaultdict(int)
    payees: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        key = (row["from"], row["to"])
        totals[key] += row["amount"]
        # Counts per kind overlap; the largest is a lower bound of the cell's distinct parties.
        payers[key] = max(payers[key], row.get("payers", MIN_PARTIES_PUBLIC))
        payees[key] = max(payees[key], row.get("payees", MIN_PARTIES_PUBLIC))

    def cell(key: tuple[str, str]) -> int | None:
        if key not in totals:
            return None
        if public and (payers[key] < MIN_PARTIES_PUBLIC or payees[key] < MIN_PARTIES_PUBLIC):
            return None
        return totals[key]

    places = sorted(
        {a for a, _b in totals} | {b for _a, b in totals}, key=lambda c: (c == measures.OUTSIDE, c)
    )
    ordered = sorted(totals, key=lambda k: (places.index(k[0]), places.index(k[1])))
    return {
        "key": "districts",
        "title": _("Flows between districts and the outside"),
        "type": "stacked",
        "columns": [pgettext("money flow", "From"), pgettext("money flow", "To"), _("Amount (won)")],
        "rows": [[_place(a), _place(b), cell((a, b))] for a, b in ordered],
        "places": [_place(p) for p in places],
        "matrix": [[_place(a)] + [cell((a, b)) for b in places] for a in places],
        "suppressed": sum(1 for key in totals if cell(key) is None),
    }


def chart_leakage(rows: list[dict[str, Any]], *, public: bool = False) -> dict[str, Any]:
    totals: dict[str, int] = defaultdict(int)
    payers: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["from"] != measures.OUTSIDE and row["to"] == measures.OUTSIDE:
            totals[row["kind"]] += row["amount"]
            payers[row["kind"]] += row.get("payers", MIN_PARTIES_PUBLIC)
    table: list[list[Any]] = []
    for kind in FlowKind.values:
        if kind in totals:
            hidden = public and payers[kind] < MIN_PARTIES_PUBLIC
            table.append([_kind_label(kind), None if hidden else totals[kind]])
    return {
        "key": "leakage",
        "title": _("Money leaving the region by kind"),
        "type": "bar",
        "columns": [_("Kind"), _("Amount (won)")],
        "rows": table,
    }


def chart_trend(boundary: str) -> dict[str, Any]:
    rows = [
        [item["year"], item["injection"], item["lm3"], item["full_multiplier"]]
        for item in measures.trend_by_year(boundary=boundary, rounds=3)
    ]
    return {
        "key": "trend",
        "title": _("Trend by year"),
        "type": "line",
        "columns": [_("Year"), _("Money entering (won)"), _("LM3 of the region"), _("Full multiplier")],
        "rows": rows,
    }


def chart_groups(start: dt.date | None, end: dt.date | None, boundary: str) -> dict[str, Any]:
    rows = []
    for group in PartyGroup.objects.prefetch_related("parties").order_by("name"):
        ids = [p.pk for p in group.parties.all()]
        if not ids:
            continue
        result = measures.lm3(ids, start=start, end=end, boundary=boundary).as_dict()
        rows.append([group.name, result["r1"], result["r2"], result["r3"], result["lm3"]])
    return {
        "key": "groups",
        "title": _("LM3 of projects and groups"),
        "type": "table",
        "columns": [pgettext("LM3 table", "Group"), "R1", "R2", "R3", "LM3"],
        "rows": rows,
    }


def dashboard_data(*, year: int | None, boundary: str | None = None) -> dict[str, Any]:
    prefix = measures.region_prefix(boundary)
    start, end = year_period(year)
    try:
        network = measures.network(start=start, end=end, boundary=prefix, rounds=DASHBOARD_ROUNDS)
        error = ""
    except DomainError as problem:
        network = measures.network_from_edges(measures.Edges.empty(), rounds=DASHBOARD_ROUNDS)
        error = problem.message
    rows = measures.district_flows(start=start, end=end, boundary=prefix)
    figures = network.as_dict()
    return {
        "year": year,
        "boundary": prefix,
        "boundary_name": region_name(prefix) or prefix,
        "error": error,
        "figures": figures,
        "purchasing": measures.local_purchasing_share(start=start, end=end, boundary=prefix),
        "leaky_parties": measures.party_leakage(network, limit=10),
        "charts": [
            chart_rounds(network),
            chart_districts(rows),
            chart_leakage(rows),
            chart_trend(prefix),
            chart_groups(start, end, prefix),
        ],
    }


def public_data(*, year: int | None) -> dict[str, Any]:
    """Region-level aggregates only; cells with fewer than MIN_PARTIES_PUBLIC parties are hidden."""
    prefix = measures.region_prefix(None)
    start, end = year_period(year)
    local_parties = (
        Flow.objects.filter(payer_region__startswith=prefix)
        .filter(**({"occurred_on__gte": start, "occurred_on__lte": end} if start else {}))
        .values("payer_id")
        .distinct()
        .count()
    )
    enough = local_parties >= MIN_PARTIES_PUBLIC
    try:
        network = measures.network(start=start, end=end, boundary=prefix, rounds=DASHBOARD_ROUNDS)
    except DomainError:
        network = measures.network_from_edges(measures.Edges.empty(), rounds=DASHBOARD_ROUNDS)
        enough = False
    rows = measures.district_flows(start=start, end=end, boundary=prefix, with_counts=True)
    charts = [chart_rounds(network), chart_districts(rows, public=True), chart_leakage(rows, public=True)]
    return {
        "year": year,
        "boundary_name": region_name(prefix) or prefix,
        "enough": enough,
        "parties": local_parties,
        "figures": network.as_dict() if enough else None,
        "purchasing": measures.local_purchasing_share(start=start, end=end, boundary=prefix)
        if enough
        else None,
        "charts": charts if enough else [],
        "min_parties": MIN_PARTIES_PUBLIC,
    }


def enterprise_figures(*, parties: list[Party], year: int | None) -> dict[str, Any]:
    start, end = year_period(year)
    ids = [p.pk for p in parties]
    if not ids:
        return {"lm3": None, "purchasing": None}
    return {
        "lm3": measures.lm3(ids, start=start, end=end).as_dict(),
        "purchasing": measures.local_purchasing_share(party_ids=ids, start=start, end=end),
    }
