#!/usr/bin/env python
"""Circulation benchmark: a national year of 40,000 parties and 10,000,000 flows in PostgreSQL.

    .venv/bin/python bench/circulation_bench.py            # generate (or reuse) and measure
    .venv/bin/python bench/circulation_bench.py --parties 2000 --flows 200000   # smaller

Targets (issue #7): the full multiplier with LM_1..LM_7 ≤ 30 s; LM3 for one party ≤ 200 ms;
LM3 for all 40,000 parties ≤ 60 s. The floor, measured in the same run: one numpy pass over the
same flows exported to numpy .npy files (no pyarrow/DuckDB in the dependencies, so not Parquet):
load the arrays and aggregate every party's outlays, local outlays, income and injection with
np.bincount. Ratios are our time / the floor's time.

The data: parties in all 17 provinces (weighted roughly like the social economy counts) plus
abroad parties (region 99) that buy exports and sell imports; each party trades with 20 regular
partners, 60% of them in its own province and 15% abroad; amounts log-normal; dates across 2025. The network
is measured for the whole country (the boundary is every province's prefix, so A is about
38,000 × 38,000 and sparse) and for Gwangju (29).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIDO_WEIGHTS = {
    "11": 20, "26": 6, "27": 5, "28": 5, "29": 5, "30": 3, "31": 2, "36": 1, "41": 20,
    "43": 4, "44": 5, "46": 6, "47": 6, "48": 6, "50": 2, "51": 3, "52": 5,
}  # fmt: skip
NATION = ",".join(SIDO_WEIGHTS)
KINDS = np.array(["purchase", "sale", "wage", "tax", "grant", "loan", "other"])
KIND_WEIGHTS = np.array([0.45, 0.2, 0.2, 0.05, 0.04, 0.03, 0.03])
YEAR_START = dt.date(2025, 1, 1)
PARTNERS = 20


def generate(parties: int, flows: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Parties (ids 1..parties) and flows as numpy arrays; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(SIDO_WEIGHTS))
    weights = np.array(list(SIDO_WEIGHTS.values()), float)
    abroad = max(1, parties // 20)
    domestic = parties - abroad
    sido = rng.choice(codes, size=domestic, p=weights / weights.sum())
    district = rng.integers(11, 30, size=domestic) * 10
    regions = np.array([f"{s}{d:03d}" for s, d in zip(sido, district, strict=True)] + ["99"] * abroad)
    province = np.array([r[:2] for r in regions])
    # Regular partners: 60% in the same province.
    by_province: dict[str, np.ndarray] = {code: np.flatnonzero(province == code) for code in set(province)}
    partners = rng.integers(0, parties, size=(parties, PARTNERS))
    draw = rng.random((parties, PARTNERS))
    same = draw < 0.6
    foreign = draw > 0.85  # 15% of regular partners are abroad: imports and exports
    partners[foreign] = rng.integers(domestic, parties, size=int(foreign.sum()))
    for i in range(parties):
        pool = by_province[province[i]]
        if len(pool) > 1:
            picks = rng.choice(pool, size=int(same[i].sum()))
            partners[i, same[i]] = picks
    payer = rng.integers(0, parties, size=flows)
    payee = partners[payer, rng.integers(0, PARTNERS, size=flows)]
    clash = payee == payer
    payee[clash] = (payee[clash] + 1) % parties
    amount = np.maximum(1000, rng.lognormal(mean=13.0, sigma=1.2, size=flows)).astype(np.int64)
    day = rng.integers(0, 365, size=flows).astype(np.int16)
    kind = rng.choice(len(KINDS), size=flows, p=KIND_WEIGHTS).astype(np.int8)
    return {
        "regions": regions,
        "payer": payer.astype(np.int64) + 1,
        "payee": payee.astype(np.int64) + 1,
        "amount": amount,
        "day": day,
        "kind": kind,
    }


def export_npy(data: dict[str, np.ndarray], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for key, array in data.items():
        np.save(folder / f"{key}.npy", array)


def load_npy(folder: Path) -> dict[str, np.ndarray]:
    return {
        key: np.load(folder / f"{key}.npy") for key in ("regions", "payer", "payee", "amount", "day", "kind")
    }


def load_into_database(data: dict[str, np.ndarray]) -> None:
    """Parties and flows into the current Django database: COPY on PostgreSQL, bulk insert elsewhere."""
    from django.db import connection

    from dure.circulation.models import Flow, Party

    regions = data["regions"]
    now = dt.datetime.now(dt.UTC).isoformat()
    abroad = regions == "99"
    party_rows = [
        (
            i + 1,
            "outside" if abroad[i] else "enterprise",
            f"{'해외 거래처' if abroad[i] else '기업'} {i + 1}",
            regions[i],
        )
        for i in range(len(regions))
    ]
    dates = np.array([(YEAR_START + dt.timedelta(days=int(d))).isoformat() for d in range(365)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            raw.execute("SET session_replication_role = replica")  # no FK triggers for the bulk load
            # Build the flow indexes once after the load instead of row by row during it.
            raw.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'circulation_flow' "
                "AND indexname NOT LIKE '%%pkey'"
            )
            indexes = raw.fetchall()
            constraints = [name for name, definition in indexes if "UNIQUE" in definition]
            for name, _definition in indexes:
                if name in constraints:
                    raw.execute(f'ALTER TABLE circulation_flow DROP CONSTRAINT IF EXISTS "{name}"')
                raw.execute(f'DROP INDEX IF EXISTS "{name}"')
            with raw.copy(
                "COPY circulation_party (id, kind, name, brn, region_code, created_at) FROM STDIN"
            ) as copy:
                copy.write("".join(f"{i}\t{k}\t{n}\t\t{r}\t{now}\n" for i, k, n, r in party_rows))
            raw.execute(
                "SELECT setval(pg_get_serial_sequence('circulation_party', 'id'), %s)", [len(party_rows)]
            )
            step = 500_000
            total = len(data["payer"])
            for begin in range(0, total, step):
                stop = min(total, begin + step)
                payer = data["payer"][begin:stop]
                payee = data["payee"][begin:stop]
                lines = "".join(
                    f"{dates[d]}\t{a}\t{b}\t{regions[a - 1]}\t{regions[b - 1]}\t{m}\t{KINDS[k]}\timport\t\t{now}\n"
                    for d, a, b, m, k in zip(
                        data["day"][begin:stop].tolist(),
                        payer.tolist(),
                        payee.tolist(),
                        data["amount"][begin:stop].tolist(),
                        data["kind"][begin:stop].tolist(),
                        strict=True,
                    )
                )
                with raw.copy(
                    "COPY circulation_flow (occurred_on, payer_id, payee_id, payer_region, payee_region, "
                    "amount, kind, source, reference, created_at) FROM STDIN"
                ) as copy:
                    copy.write(lines)
                print(f"  loaded {stop:,} / {total:,} flows", flush=True)
            began = time.perf_counter()
            for _name, definition in indexes:
                raw.execute(definition)
            print(f"  rebuilt {len(indexes)} indexes in {time.perf_counter() - began:.1f} s", flush=True)
            raw.execute("SET session_replication_role = DEFAULT")
            raw.execute("ANALYZE circulation_party")
            raw.execute("ANALYZE circulation_flow")
        return
    Party.objects.bulk_create(
        [Party(pk=i, kind=k, name=n, region_code=r) for i, k, n, r in party_rows], batch_size=1000
    )
    Flow.objects.bulk_create(
        [
            Flow(
                occurred_on=YEAR_START + dt.timedelta(days=int(d)),
                payer_id=int(a),
                payee_id=int(b),
                payer_region=regions[a - 1],
                payee_region=regions[b - 1],
                amount=int(m),
                kind=str(KINDS[k]),
                source="import",
            )
            for d, a, b, m, k in zip(
                data["day"], data["payer"], data["payee"], data["amount"], data["kind"], strict=True
            )
        ],
        batch_size=2000,
    )


def floor_pass(folder: Path, *, prefixes: str) -> tuple[float, dict[str, Any]]:
    """The floor: load the exported arrays and aggregate every party in one numpy pass."""
    began = time.perf_counter()
    data = load_npy(folder)
    regions = data["regions"]
    local_party = np.array([r.startswith(tuple(prefixes.split(","))) for r in regions])
    payer = data["payer"] - 1
    payee = data["payee"] - 1
    amount = data["amount"].astype(np.float64)
    size = len(regions)
    payer_local = local_party[payer]
    payee_local = local_party[payee]
    outlays = np.bincount(payer, weights=amount * payer_local, minlength=size)
    local_outlays = np.bincount(payer, weights=amount * (payer_local & payee_local), minlength=size)
    income = np.bincount(payee, weights=amount, minlength=size)
    injection = float(amount[~payer_local & payee_local].sum())
    elapsed = time.perf_counter() - began
    return elapsed, {
        "injection": injection,
        "outlays": outlays,
        "local_outlays": local_outlays,
        "income": income,
    }


def measure(*, prefixes: str, rounds: int = 7, samples: int = 20, seed: int = 7) -> dict[str, Any]:
    from dure.circulation import measures
    from dure.circulation.models import Party

    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    figures: dict[str, Any] = {}
    began = time.perf_counter()
    nation = measures.network(start=start, end=end, boundary=prefixes, rounds=rounds)
    figures["multiplier_seconds"] = time.perf_counter() - began
    figures["multiplier"] = nation.as_dict()
    figures["nodes"] = len(nation.party_ids)
    began = time.perf_counter()
    region = measures.network(start=start, end=end, boundary="29", rounds=rounds)
    figures["region_multiplier_seconds"] = time.perf_counter() - began
    figures["region_multiplier"] = region.as_dict()
    rng = np.random.default_rng(seed)
    ids = list(Party.objects.filter(kind="enterprise").values_list("pk", "region_code"))
    timings = []
    for index in rng.choice(len(ids), size=min(samples, len(ids)), replace=False):
        pk, code = ids[int(index)]
        began = time.perf_counter()
        measures.lm3([pk], start=start, end=end, boundary=code[:2])
        timings.append(time.perf_counter() - began)
    figures["lm3_one_median_seconds"] = statistics.median(timings)
    figures["lm3_one_max_seconds"] = max(timings)
    began = time.perf_counter()
    everyone = measures.lm3_all(start=start, end=end, boundary=prefixes)
    figures["lm3_all_seconds"] = time.perf_counter() - began
    figures["lm3_all_parties"] = len(everyone)
    return figures


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dure.config.settings")
    import django

    django.setup()


def _ensure_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parties", type=int, default=40_000)
    parser.add_argument("--flows", type=int, default=10_000_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="dure_bench_circulation")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "circulation"))
    parser.add_argument(
        "--fresh", action="store_true", help="drop and regenerate even when the data is there"
    )
    args = parser.parse_args()
    _ensure_database(args.server, args.db)
    _setup_django(f"{args.server}/{args.db}")
    from django.core.management import call_command
    from django.db import connection

    from dure.circulation.models import Flow, Party

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s")
    folder = Path(args.out)
    have = Party.objects.count() == args.parties and Flow.objects.count() == args.flows
    if args.fresh or not have or not (folder / "payer.npy").exists():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE circulation_flow, circulation_declaredshare, circulation_partygroup_parties, "
                           "circulation_partygroup, circulation_party RESTART IDENTITY CASCADE")  # fmt: skip
        began = time.perf_counter()
        data = generate(args.parties, args.flows)
        export_npy(data, folder)
        print(
            f"generated {args.parties:,} parties and {args.flows:,} flows in {time.perf_counter() - began:.1f} s"
        )
        began = time.perf_counter()
        load_into_database(data)
        print(f"loaded with COPY in {time.perf_counter() - began:.1f} s")
    else:
        print(f"reusing {args.parties:,} parties and {args.flows:,} flows in {args.db}")
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: sets the visibility map, so the covering indexes
        # are read without touching the table (index-only scans), and refreshes the statistics.
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) circulation_flow")
        print(f"vacuumed and analysed in {time.perf_counter() - began:.1f} s")
    figures = measure(prefixes=NATION)
    floor_seconds, floor = floor_pass(folder, prefixes=NATION)
    nation = figures["multiplier"]
    print()
    print(
        f"network (whole country, {figures['nodes']:,} local parties): injection {nation['injection']:,} won"
    )
    print(f"  LM_1..LM_7 = {nation['lm']}, full multiplier {nation['full_multiplier']}")
    print(f"  agrees with the floor's injection: {abs(floor['injection'] - nation['injection']) < 1}")
    rows = [
        ("full multiplier + LM_1..LM_7 (country)", figures["multiplier_seconds"], 30.0),
        ("full multiplier + LM_1..LM_7 (Gwangju 29)", figures["region_multiplier_seconds"], 30.0),
        ("LM3 for one party (median of 20)", figures["lm3_one_median_seconds"], 0.2),
        ("LM3 for one party (slowest of 20)", figures["lm3_one_max_seconds"], 0.2),
        (f"LM3 for all {figures['lm3_all_parties']:,} parties", figures["lm3_all_seconds"], 60.0),
    ]
    print(f"floor: one numpy pass over the .npy export: {floor_seconds:.2f} s")
    print(f"{'measure':<45} {'seconds':>9} {'target':>8} {'ok':>4} {'× floor':>9}")
    for label, seconds, target in rows:
        print(
            f"{label:<45} {seconds:>9.3f} {target:>8.1f} {'yes' if seconds <= target else 'NO':>4} "
            f"{seconds / floor_seconds:>9.1f}"
        )


if __name__ == "__main__":
    main()
