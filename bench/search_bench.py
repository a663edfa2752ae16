"""Portal search at national scale, measured from the outside over HTTP.

    .venv/bin/python bench/search_bench.py            # 40,000 enterprises, 200,000 products
    .venv/bin/python bench/search_bench.py --enterprises 500 --products 2000 --requests 20   # quick

Loads a synthetic registry into PostgreSQL database `dure_bench_search` (recreated), builds the
search index, starts gunicorn on 127.0.0.1, and measures p50/p95 of `GET /api/v1/enterprises?q=`
for realistic Korean queries, and in the same run the p95 of a minimal Django view that returns
one enterprise by primary key (the floor). Prints the figures and the ratio to the floor.
Target: search p95 <= 50 ms and <= 3x the floor's p95.

It measures twice, each time with a fresh server and its own floor: first with the search cache
off (`cold`: every search runs its SQL), then with it on (`cached`: the same 12 queries repeat,
so after the warm-up every search is a cache hit). Both figures are printed; `main()` returns
the cold ones.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(__file__).resolve().parent
PG = os.environ.get("DURE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")

QUERIES = [
    "빵",
    "케이크를",
    "돌봄",
    "도시락 배달",
    "세탁",
    "카페",
    "친환경 세제",
    "장애인",
    "목공",
    "어르신 돌봄",
    "떡",
    "협동조합",
]

PREFIXES = [
    "무등",
    "빛고을",
    "희망",
    "나눔",
    "푸른",
    "함께",
    "다울",
    "온새미",
    "두레",
    "마중물",
    "햇살",
    "어울림",
    "들꽃",
    "상생",
    "동행",
    "행복",
    "새날",
    "솔빛",
    "한빛",
    "우리",
]
PLACES = [
    "양림",
    "충장",
    "금남",
    "상무",
    "첨단",
    "수완",
    "송정",
    "봉선",
    "일곡",
    "운암",
    "문흥",
    "신창",
    "하남",
    "월곡",
    "풍암",
    "화정",
    "주월",
    "방림",
    "산수",
    "계림",
]
TRADES = [
    (
        "제빵",
        "빵과 케이크를 굽는",
        "우리밀 빵, 케이크, 쿠키 답례품",
        ["식빵", "단팥빵", "쌀케이크", "떡케이크", "쿠키 세트"],
    ),
    (
        "도시락",
        "도시락을 만들어 배달하는",
        "도시락 배달, 행사 케이터링",
        ["건강 도시락", "반찬 세트", "행사 도시락"],
    ),
    (
        "돌봄",
        "어르신과 아이 돌봄 서비스를 하는",
        "방문 돌봄, 아이 돌봄, 병원 동행",
        ["방문 돌봄 1회", "돌봄 교실"],
    ),
    ("세탁", "이불 빨래를 수거하고 배달하는 세탁", "이불 세탁, 수거 배달", ["이불 세탁", "운동화 세탁"]),
    (
        "카페",
        "장애인 바리스타가 일하는 카페",
        "커피, 음료, 단체 다과",
        ["원두 200g", "드립백 세트", "단체 다과"],
    ),
    ("목공", "마을 목공방을 운영하는", "원목 가구, 목공 교육", ["원목 도마", "어린이 의자", "목공 체험"]),
    (
        "친환경",
        "친환경 세제와 생활용품을 만드는",
        "친환경 세제, 천연 비누",
        ["주방 세제", "천연 비누", "세탁 세제"],
    ),
    ("떡", "우리 쌀로 떡을 빚는", "떡, 답례떡, 명절 선물", ["가래떡", "답례떡 세트", "송편"]),
    ("인쇄", "인쇄와 디자인을 하는", "인쇄물, 현수막, 디자인", ["명함 인쇄", "현수막"]),
    ("청소", "건물 청소와 방역을 하는", "건물 청소, 방역 소독", ["사무실 청소", "방역 소독"]),
    ("농산물", "지역 농산물을 가공하는", "농산물 꾸러미, 가공식품", ["제철 꾸러미", "잡곡 세트", "참기름"]),
    ("공예", "전통 공예품을 만드는", "공예품, 체험 교육", ["한지 공예", "도자기 컵"]),
]
FORMS = ["협동조합", "사회적협동조합", "(주)", "마을기업", "자활사업단"]
TYPES = ["coop", "social_coop", "social", "village", "self_sufficiency", "pre_social"]
DISTRICTS = ["29110", "29140", "29155", "29170", "29200"]


def log(message: str) -> None:
    print(message, flush=True)


def recreate_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def load(enterprise_count: int, product_count: int, seed: int) -> None:
    from dure.market.models import Product
    from dure.registry.models import Enterprise

    rng = random.Random(seed)
    started = time.monotonic()
    enterprises: list[Enterprise] = []
    for number in range(enterprise_count):
        trade, doing, offers, _products = TRADES[number % len(TRADES)]
        prefix, place = rng.choice(PREFIXES), rng.choice(PLACES)
        form = rng.choice(FORMS)
        base = f"{prefix}{place}{trade}"
        name = f"(주){base}{number}" if form == "(주)" else f"{base}{number} {form}"
        enterprises.append(
            Enterprise(
                name=name,
                district_code=rng.choice(DISTRICTS),
                primary_type=rng.choice(TYPES),
                industry=trade,
                offers=offers,
                description=f"{place}에서 {doing} {form}입니다. 취약계층 일자리를 만들고 지역에 이익을 돌려줍니다.",
                sells_online=rng.random() < 0.3,
                address=f"광주광역시 {place}로 {number % 300 + 1}",
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=5000)
    pks = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    products: list[Product] = []
    for _number in range(product_count):
        index = rng.randrange(len(pks))
        _trade, _doing, _offers, names = TRADES[index % len(TRADES)]
        products.append(
            Product(
                enterprise_id=pks[index],
                name=f"{rng.choice(names)} {rng.choice(['', '소', '중', '대', '선물용'])}".strip(),
                category=_trade,
                price=rng.randrange(10, 500) * 100,
                description="지역 재료로 정성껏 만듭니다.",
            )
        )
        if len(products) >= 20000:
            Product.objects.bulk_create(products)
            products.clear()
    Product.objects.bulk_create(products)
    log(
        f"loaded {enterprise_count:,} enterprises and {product_count:,} products in {time.monotonic() - started:.0f} s"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=40_000)
    parser.add_argument("--products", type=int, default=200_000)
    parser.add_argument(
        "--requests", type=int, default=30, help="requests per query (and x queries for the floor)"
    )
    parser.add_argument("--database", default="dure_bench_search")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database as it is (skip loading and indexing)"
    )
    args = parser.parse_args(argv)

    url = f"{PG}/{args.database}" if args.reuse else recreate_database(args.database)
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{BENCH_DIR}{os.pathsep}{ROOT}",
        DEBUG="0",
        DURE_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    os.environ.update(env)
    sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    if not args.reuse:
        load(args.enterprises, args.products, args.seed)
        started = time.monotonic()
        from dure.portal.services import search_rebuild

        indexed = search_rebuild()
        log(f"indexed {indexed:,} documents in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        # What autovacuum would do after a bulk load: statistics, and the visibility map.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT kind, count(*) FROM portal_searchdocument GROUP BY kind ORDER BY kind")
        log("index: " + ", ".join(f"{kind} {n:,}" for kind, n in cursor.fetchall()))
    connection.close()

    from dure.registry.models import Enterprise

    pks = list(Enterprise.objects.values_list("pk", flat=True)[:1000])
    connection.close()
    results: dict[str, dict[str, float]] = {}
    for phase, cache_seconds in (("cold", "0"), ("cached", "60")):
        log("")
        if phase == "cold":
            log("cold: the search cache is off (DURE_SEARCH_CACHE_SECONDS=0); every search runs its queries")
        else:
            log(
                "cached: the search cache is on (DURE_SEARCH_CACHE_SECONDS=60); after the warm-up every "
                "search is a cache hit (one version lookup, then the enterprises by pk)"
            )
        results[phase] = measure(
            dict(env, DURE_SEARCH_CACHE_SECONDS=cache_seconds),
            pks,
            workers=args.workers,
            rounds=args.requests,
            seed=args.seed,
        )
    return results["cold"]


def measure(env: dict[str, str], pks: list[int], *, workers: int, rounds: int, seed: int) -> dict[str, float]:
    """Start gunicorn with `env`, warm it up, and measure search and floor requests interleaved."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "bench_settings:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
            "--graceful-timeout",
            "3",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=str(ROOT),
    )
    try:
        for _ in range(120):
            try:
                get(port, "/bench/floor/1/")
                break
            except (OSError, RuntimeError, http.client.HTTPException):
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start")
        rng = random.Random(seed)
        # Warm up every worker: the Kiwi analyser loads on first use in each process.
        for query in QUERIES * workers * 2:
            get(port, "/api/v1/enterprises?limit=20&q=" + urllib.parse.quote(query))
        for pk in pks[:50]:
            get(port, f"/bench/floor/{pk}/")
        search: list[float] = []
        floor: list[float] = []
        per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
        # Interleave search and floor requests so that both see the same machine state.
        for _round in range(rounds):
            for query in QUERIES:
                elapsed = get(port, "/api/v1/enterprises?limit=20&q=" + urllib.parse.quote(query))
                search.append(elapsed)
                per_query[query].append(elapsed)
                floor.append(get(port, f"/bench/floor/{rng.choice(pks)}/"))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    result = {
        "search_p50": statistics.median(search),
        "search_p95": percentile(search, 0.95),
        "floor_p50": statistics.median(floor),
        "floor_p95": percentile(floor, 0.95),
    }
    result["ratio"] = result["search_p95"] / result["floor_p95"]
    log(f"{'query':<16} {'p50 ms':>8} {'p95 ms':>8}")
    for query, values in per_query.items():
        log(f"{query:<16} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}")
    log(
        f"search p50 {result['search_p50']:.1f} ms, p95 {result['search_p95']:.1f} ms ({len(search)} requests)"
    )
    log(f"floor  p50 {result['floor_p50']:.1f} ms, p95 {result['floor_p95']:.1f} ms (one enterprise by pk)")
    verdict = "OK" if result["search_p95"] <= 50 and result["ratio"] <= 3 else "OVER TARGET"
    log(f"ratio search p95 / floor p95 = {result['ratio']:.2f} (target <= 3, p95 <= 50 ms): {verdict}")
    return result


if __name__ == "__main__":
    main()
