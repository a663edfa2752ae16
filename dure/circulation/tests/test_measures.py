"""The published checks of DOMAIN.md, the sample file's figures and the network's invariants."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import TypedDict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dure.circulation import measures
from dure.circulation.importing import import_flows
from dure.circulation.measures import Edges, network_from_edges
from dure.circulation.models import Party
from dure.circulation.services import declared_share_set, flow_record, party_resolve

SAMPLE = Path(__file__).parent / "data" / "flows_sample.csv"  # a copy of ../shared/data/flows_sample.csv


class Period(TypedDict):
    start: dt.date
    end: dt.date


YEAR: Period = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}


def _pay(
    payer: str,
    payer_region: str,
    payee: str,
    payee_region: str,
    amount: int,
    ref: str,
    kind: str = "purchase",
):
    return flow_record(
        occurred_on=dt.date(2025, 6, 1),
        payer_name=payer,
        payer_region=payer_region,
        payee_name=payee,
        payee_region=payee_region,
        amount=amount,
        kind=kind,
        source="manual",
        reference=ref,
    )


def _edges(rows: list[tuple[int, int, bool, bool, float]]) -> Edges:
    return Edges.from_rows(rows)


# ----------------------------------------------------------------------------- published checks


@pytest.mark.django_db
def test_northumberland_local_supplier_worth_176_and_non_local_036() -> None:
    _pay("의회", "29110", "지역 공급자", "29140", 100, "n1")
    _pay("지역 공급자", "29140", "지역 가게", "29155", 76, "n2")
    _pay("지역 공급자", "29140", "서울 본사", "11", 24, "n3")
    council = party_resolve(name="의회", region="29110")
    result = measures.lm3([council.pk])
    assert result.r2 == 100
    assert result.r3_exact == 76
    assert Fraction(result.r2) + result.r3_exact == Fraction(176)  # £1 → £1.76
    # A non-local supplier that re-spends 36% in the region: £1 to it is worth £0.36 here.
    _pay("서울 공급자", "11", "지역 가게", "29155", 36, "n4")
    _pay("서울 공급자", "11", "서울 본사", "11", 64, "n5")
    outsider = party_resolve(name="서울 공급자", region="11")
    share, source = measures.payee_local_shares([outsider.pk])[outsider.pk]
    assert (share, source) == (Fraction(36, 100), "records")
    assert 1 * share == Fraction(36, 100)


def _two_party_loop(rate: float) -> Edges:
    # £10 enters party 1; each party re-spends `rate` with the other and the rest outside.
    return _edges(
        [
            (0, 1, False, True, 10.0),
            (1, 2, True, True, rate * 100),
            (1, 99, True, False, (1 - rate) * 100),
            (2, 1, True, True, rate * 100),
            (2, 99, True, False, (1 - rate) * 100),
        ]
    )


def test_rounds_at_80_and_20_percent() -> None:
    high = network_from_edges(_two_party_loop(0.8), rounds=4)
    assert [round(value, 10) for value in high.rounds] == [10, 8, 6.4, 5.12]
    low = network_from_edges(_two_party_loop(0.2), rounds=4)
    assert [round(value, 10) for value in low.rounds] == [10, 2, 0.4, 0.08]
    assert low.full_multiplier == pytest.approx(1.25)
    assert high.full_multiplier == pytest.approx(5.0)


def test_chiemgauer_pass_on_066_gives_294() -> None:
    result = network_from_edges(_two_party_loop(0.66), rounds=10)
    assert result.full_multiplier is not None
    assert result.full_multiplier == pytest.approx(1 / (1 - 0.66))
    assert round(result.full_multiplier, 2) == 2.94


def test_miller_blair_leontief_inverse_and_output_multipliers() -> None:
    # A = [[.15, .25], [.20, .05]] from outlays X_1 = X_2 = 1000 (the rest leaves the region).
    base = [
        (1, 1, True, True, 150.0),
        (1, 2, True, True, 200.0),
        (1, 99, True, False, 650.0),
        (2, 1, True, True, 250.0),
        (2, 2, True, True, 50.0),
        (2, 99, True, False, 700.0),
    ]
    columns = []
    for target in (1, 2):
        result = network_from_edges(_edges([*base, (0, target, False, True, 1.0)]), rounds=3)
        columns.append(result.total_money)
        assert result.injection == 1.0
    inverse = np.column_stack(columns)
    assert np.round(inverse, 3).tolist() == [[1.254, 0.330], [0.264, 1.122]]
    assert np.round(inverse.sum(axis=0), 3).tolist() == [1.518, 1.452]
    first = network_from_edges(_edges([*base, (0, 1, False, True, 1.0)]))
    second = network_from_edges(_edges([*base, (0, 2, False, True, 1.0)]))
    assert first.full_multiplier is not None and second.full_multiplier is not None
    assert round(first.full_multiplier, 3) == 1.518
    assert round(second.full_multiplier, 3) == 1.452


# -------------------------------------------------------------------------------- the sample


@pytest.mark.django_db
def test_sample_file_figures() -> None:
    report = import_flows(SAMPLE)
    assert (report.created, report.unchanged, report.rejected) == (9, 0, [])
    bakery = Party.objects.get(brn="4198187646")
    result = measures.lm3([bakery.pk], **YEAR)
    assert (result.r1, result.r2, result.r3) == (100_000_000, 50_000_000, 21_626_000)
    assert result.r3_exact == 21_626_000
    assert result.as_dict()["lm3"] == 1.71626
    assert result.source_totals() == {"records": 21_626_000, "declared": 0, "default": 0}
    network = measures.network(**YEAR, rounds=4).as_dict()
    assert network["injection"] == 100_000_000
    assert network["rounds"] == [100_000_000, 50_000_000, 21_626_000, 0]
    assert network["lm"] == [1.0, 1.5, 1.71626, 1.71626]
    assert network["full_multiplier"] == 1.71626
    assert network["coverage"]["money_reached_without_outlays"] == 21_626_000
    assert network["leakage"]["recorded"] + network["leakage"]["without_records"] == 100_000_000
    # Outside 2025 there is nothing.
    assert measures.lm3([bakery.pk], start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)).r1 == 0
    # The vectorised all-party LM3 agrees with the one-party query.
    everyone = measures.lm3_all(**YEAR)
    assert everyone[bakery.pk] == {"r1": 1e8, "r2": 5e7, "r3": 21_626_000.0, "lm3": pytest.approx(1.71626)}
    # A district boundary: seen from 광산구 (29200) the supplier in 북구 is outside.
    district = measures.lm3([bakery.pk], boundary="29200", **YEAR)
    assert district.r2 == 30_000_000
    assert district.r3 == 13_626_000
    # Several prefixes make one boundary: with Seoul inside, the packaging firm (41) is still outside
    # and the household's online shop (11) now counts as local.
    wider = measures.lm3([bakery.pk], boundary="29, 11", **YEAR)
    assert (wider.r2, wider.r3) == (50_000_000, 21_626_000 + 16_374_000)


@pytest.mark.django_db
def test_share_sources_records_then_declared_then_default(settings) -> None:  # noqa: ANN001
    settings.DURE_CIRCULATION_DEFAULT_LOCAL_SHARE = "0.25"
    _pay("빵집", "29200", "기록 있는 가게", "29200", 1000, "s1")
    _pay("기록 있는 가게", "29200", "농가", "29200", 500, "s2")
    _pay("기록 있는 가게", "29200", "서울 도매", "11", 500, "s3")
    _pay("빵집", "29200", "설문 가게", "29200", 1000, "s4")
    _pay("빵집", "29200", "모르는 가게", "29200", 1000, "s5")
    declared_share_set(party=party_resolve(name="설문 가게", region="29200"), year=2025, share="0.8")
    result = measures.lm3([party_resolve(name="빵집", region="29200").pk], **YEAR)
    by_name = {item.name: (item.share, item.source) for item in result.sources}
    assert by_name == {
        "기록 있는 가게": (Fraction(1, 2), "records"),
        "설문 가게": (Fraction(4, 5), "declared"),
        "모르는 가게": (Fraction(1, 4), "default"),
    }
    assert result.r3 == 500 + 800 + 250
    assert result.source_totals() == {"records": 500, "declared": 800, "default": 250}


@pytest.mark.django_db
def test_reversal_cancels_a_flow_in_the_measures() -> None:
    from dure.circulation.services import flow_reverse

    import_flows(SAMPLE)
    _pay("서울 구매처", "11", "419-81-87646", "29200", 5_000_000, "extra", kind="sale")
    bakery = Party.objects.get(brn="4198187646")
    assert measures.lm3([bakery.pk], **YEAR).r1 == 105_000_000
    flow_reverse(reference="extra")
    assert measures.lm3([bakery.pk], **YEAR).r1 == 100_000_000
    assert measures.network(**YEAR).as_dict()["injection"] == 100_000_000


@pytest.mark.django_db
def test_what_if_moving_half_of_outside_purchases() -> None:
    import_flows(SAMPLE)
    bakery = Party.objects.get(brn="4198187646")
    result = measures.whatif_move_purchases([bakery.pk], share="0.5", **YEAR)
    # 30,000,000 of outside purchases; half moves to the local supplier whose local share is 40%.
    assert result["moved"] == 15_000_000
    assert result["lm3_after"]["r2"] == 65_000_000
    assert result["lm3_after"]["r3"] == 21_626_000 + 6_000_000
    assert result["lm3_after"]["lm3"] == 1.92626
    assert result["multiplier_before"] == 1.71626
    assert result["multiplier_after"] == 1.92626
    unchanged = measures.whatif_move_purchases([bakery.pk], share=0, **YEAR)
    assert unchanged["lm3_after"]["lm3"] == unchanged["lm3_before"]["lm3"]


@pytest.mark.django_db
def test_flows_between_districts_and_leakage_by_kind() -> None:
    import_flows(SAMPLE)
    rows = measures.district_flows(**YEAR)
    assert {"from": "outside", "to": "29200", "kind": "sale", "amount": 100_000_000} in rows
    assert {"from": "29200", "to": "29170", "kind": "purchase", "amount": 20_000_000} in rows
    assert measures.leakage_by_kind(**YEAR) == {"purchase": 46_374_000 + 12_000_000, "tax": 20_000_000}
    share = measures.local_purchasing_share(**YEAR)
    assert share == {"local": 33_626_000, "total": 92_000_000, "share": round(33_626_000 / 92_000_000, 6)}


def test_closed_loop_without_leakage_is_refused() -> None:
    from dure.core.errors import DomainError

    edges = _edges([(0, 1, False, True, 10.0), (1, 2, True, True, 100.0), (2, 1, True, True, 100.0)])
    with pytest.raises(DomainError):
        network_from_edges(edges)


# ---------------------------------------------------------------------------- property tests


@st.composite
def ledgers(draw: st.DrawFn) -> Edges:
    size = draw(st.integers(min_value=1, max_value=8))
    rows: list[tuple[int, int, bool, bool, float]] = []
    for payer in range(1, size + 1):
        # Every local party sends something outside, so every loop leaks.
        rows.append((payer, 1000, True, False, float(draw(st.integers(1, 1000)))))
        for payee in draw(st.lists(st.integers(1, size), max_size=4)):
            rows.append((payer, payee, True, True, float(draw(st.integers(0, 1000)))))
    for payee in draw(st.lists(st.integers(1, size), min_size=1, max_size=4)):
        rows.append((2000, payee, False, True, float(draw(st.integers(1, 1000)))))
    # Some local payees that never spend: full leakage there.
    for payee in draw(st.lists(st.integers(size + 1, size + 3), max_size=2)):
        rows.append((1, payee, True, True, float(draw(st.integers(1, 1000)))))
    return _edges(rows)


@settings(max_examples=40, deadline=None)
@given(ledgers(), st.integers(min_value=1, max_value=8))
def test_network_invariants_on_random_ledgers(edges: Edges, rounds: int) -> None:
    result = network_from_edges(edges, rounds=rounds)
    nodes = result.party_ids
    size = len(nodes)
    # The matrix form, dense (the graphs here are tiny).
    dense = np.zeros((size, size))
    outlays = np.zeros(size)
    injection = np.zeros(size)
    index = {int(node): i for i, node in enumerate(nodes)}
    for payer, payee, payer_local, payee_local, amount in zip(
        edges.payer, edges.payee, edges.payer_local, edges.payee_local, edges.amount, strict=True
    ):
        if payer_local:
            outlays[index[int(payer)]] += amount
            if payee_local:
                dense[index[int(payee)], index[int(payer)]] += amount
        elif payee_local:
            injection[index[int(payee)]] += amount
    matrix = np.divide(dense, outlays, out=np.zeros_like(dense), where=outlays > 0)
    expected = []
    vector = injection.copy()
    for _ in range(rounds):
        expected.append(vector.sum())
        vector = matrix @ vector
    assert np.allclose(result.rounds, expected)
    lm = np.cumsum(expected) / injection.sum()
    assert np.allclose(result.lm, lm)
    assert all(b >= a - 1e-12 for a, b in zip(result.lm, result.lm[1:], strict=False))
    assert result.full_multiplier is not None
    assert result.lm[-1] <= result.full_multiplier + 1e-9
    x = np.linalg.solve(np.eye(size) - matrix, injection)
    assert result.full_multiplier == pytest.approx(x.sum() / injection.sum())
    assert float(np.dot(result.leakage, result.total_money)) == pytest.approx(injection.sum())
    assert result.recorded_leakage + result.unrecorded == pytest.approx(injection.sum())


@pytest.mark.django_db
def test_edge_sums_stream_from_the_covering_pair_index_on_postgresql() -> None:
    """The network's GROUP BY matches circ_flow_pair_cover: no hash table, no sort (PostgreSQL)."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("covering indexes and EXPLAIN plans are PostgreSQL's")
    _pay("가", "29110", "나", "29140", 100, "p1")
    _pay("가", "29110", "나", "29140", 50, "p2")
    _pay("나", "29140", "서울", "11", 30, "p3")
    queryset = measures.edge_sums(**YEAR, boundary="29,11")
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE circulation_flow")  # statistics of these rows, not of earlier tests
        # A tiny table would be scanned sequentially; forbid the alternatives to see the index fits.
        for setting in (
            "enable_seqscan",
            "enable_hashagg",
            "enable_sort",
            "enable_incremental_sort",
            "enable_bitmapscan",
        ):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "circ_flow_pair_cover" in plan, plan
    assert "GroupAggregate" in plan, plan
    assert "Sort" not in plan, plan
    assert sorted(queryset) == [
        (
            party_resolve(name="가", region="29110").pk,
            party_resolve(name="나", region="29140").pk,
            "29110",
            "29140",
            150,
        ),
        (
            party_resolve(name="나", region="29140").pk,
            party_resolve(name="서울", region="11").pk,
            "29140",
            "11",
            30,
        ),
    ]
