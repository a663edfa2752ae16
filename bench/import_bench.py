"""Benchmark: import a national-scale official list (CP949 CSV) into PostgreSQL and SQLite.

    .venv/bin/python bench/import_bench.py [--rows 40000] [--pg postgres://postgres@127.0.0.1:5432/dure_bench_import]
                                           [--no-pg]

Generates a cooperative-style list with valid 사업자등록번호, measures the floor (decoding the
file and parsing it with Python's csv module), then imports it into a fresh PostgreSQL database
and a fresh SQLite file (each in its own process, migrations not timed) and imports it again.
Targets (issue #3): import ≤ 20 s and ≤ 3× the floor; re-import ≤ 10 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DISTRICTS = ["동구", "서구", "남구", "북구", "광산구"]
SIDO = ["광주광역시", "전라남도 순천시", "서울특별시 마포구", "부산광역시 해운대구", "경기도 수원시"]
ROADS = ["무진대로", "상무대로", "금남로", "하서로", "풍영로", "필문대로", "양림로", "첨단과기로"]
WORDS = ["햇살", "두레", "나눔", "빛고을", "무등", "푸른", "이음", "마을", "행복", "새활용", "공정", "돌봄"]
TRADES = [
    "빵집",
    "카페",
    "돌봄",
    "집수리",
    "방역",
    "책방",
    "여행",
    "세탁",
    "공방",
    "도시락",
    "농원",
    "에너지",
]
INDUSTRIES = [
    "C10 식료품 제조업",
    "I56 음식점 및 주점업",
    "Q87 사회복지 서비스업",
    "J62 컴퓨터 프로그래밍 서비스업",
]


def brn_for(index: int) -> str:
    from dure.core.identifiers import brn_check_digit

    first = f"{100 + index // 10000 % 800:03d}{81 + index % 7:02d}{index % 10000 + 1:04d}"
    nine = first[:9]
    number = nine + str(brn_check_digit(nine))
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def generate(rows: int, path: Path, seed: int = 3) -> None:
    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["협동조합명", "구분", "설립일", "대표자", "소재지", "전화번호", "주요사업", "업종", "사업자등록번호"]
    )
    date_forms = ["{y}-{m:02d}-{d:02d}", "{y}.{m:02d}.{d:02d}", "{y}{m:02d}{d:02d}", "{y}. {m}. {d}."]
    used: set[str] = set()
    for index in range(rows):
        brn = brn_for(index)
        assert brn not in used
        used.add(brn)
        social = rng.random() < 0.2
        name = f"{rng.choice(WORDS)}{rng.choice(TRADES)}{index}{'사회적' if social else ''}협동조합"
        sido = "광주광역시" if rng.random() < 0.3 else rng.choice(SIDO)
        district = f" {rng.choice(DISTRICTS)}" if sido == "광주광역시" else ""
        y, m, d = rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)
        writer.writerow(
            [
                name,
                "사회적협동조합" if social else "일반협동조합",
                rng.choice(date_forms).format(y=y, m=m, d=d),
                f"대표{index % 997}",
                f"{sido}{district} {rng.choice(ROADS)} {rng.randint(1, 400)}",
                f"062-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                "지역 공동체 사업",
                rng.choice(INDUSTRIES),
                brn,
            ]
        )
    path.write_bytes(out.getvalue().encode("cp949"))


def parse_floor(path: Path) -> float:
    """Merely decode the file and parse it with Python's csv module."""
    start = time.perf_counter()
    data = path.read_bytes()
    text = data.decode("cp949")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    elapsed = time.perf_counter() - start
    assert rows
    return elapsed


def child(database_url: str, path: str) -> None:
    """Runs in a fresh process with DATABASE_URL set: migrate (untimed), import, import again."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dure.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from dure.registry.importing import import_file
    from dure.registry.models import Enterprise

    data = Path(path).read_bytes()
    start = time.perf_counter()
    first = import_file(data, filename=Path(path).name, actor="bench")
    first_s = time.perf_counter() - start
    write_floor_s = write_floor()
    start = time.perf_counter()
    again = import_file(data, filename=Path(path).name, actor="bench")
    again_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "import_s": first_s,
                "write_floor_s": write_floor_s,
                "reimport_s": again_s,
                "created": first.created,
                "rejected": len(first.rejected),
                "again_created": again.created,
                "again_unchanged": again.unchanged,
                "enterprises": Enterprise.objects.count(),
            }
        )
    )


WRITTEN_TABLES = ("registry_enterprise", "registry_designation", "core_auditlog")


def write_floor() -> float:
    """The database's own share: writing the rows the import just wrote (already formatted, no
    Python work per row) into the same emptied tables with their indexes — COPY on PostgreSQL,
    one executemany per table on SQLite — timed, then rolled back."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            dumps = {}
            for table in WRITTEN_TABLES:
                buffer = bytearray()
                with cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    for chunk in copy:
                        buffer += chunk
                dumps[table] = bytes(buffer)
            with transaction.atomic():
                cursor.execute(f"TRUNCATE {', '.join(WRITTEN_TABLES)} CASCADE")
                start = time.perf_counter()
                for table in WRITTEN_TABLES:
                    with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                        copy.write(dumps[table])
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                elapsed = time.perf_counter() - start
                transaction.set_rollback(True)
            return elapsed
        rows = {}
        for table in WRITTEN_TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — fixed table names
            rows[table] = (len(cursor.description), cursor.fetchall())
        with transaction.atomic():
            for table in reversed(WRITTEN_TABLES):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            start = time.perf_counter()
            for table in WRITTEN_TABLES:
                width, values = rows[table]
                marks = ", ".join(["?"] * width)
                cursor.cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", values)  # noqa: S608
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        return elapsed


def fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_child(url: str, path: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dure.config.settings", "DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"import into {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/dure_bench_import")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("URL", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national_coops_cp949.csv"
        generate(args.rows, path)
        floor = min(parse_floor(path) for _ in range(3))
        size = path.stat().st_size / 1e6
        print(f"file: {args.rows} rows, {size:.1f} MB, CP949")
        print(f"floor (decode + csv parse): {floor:.3f} s")
        targets = []
        if not args.no_pg:
            fresh_postgres(args.pg)
            targets.append(("PostgreSQL", args.pg))
        targets.append(("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"))
        ok = True
        for label, url in targets:
            got = run_child(url, path)
            assert got["created"] == args.rows and got["rejected"] == 0, got
            assert got["again_created"] == 0 and got["again_unchanged"] == args.rows, got
            ratio = got["import_s"] / floor
            print(
                f"{label}: import {got['import_s']:.2f} s (ratio to floor {ratio:.1f}x), "
                f"re-import {got['reimport_s']:.2f} s, {got['enterprises']} enterprises; "
                f"the database alone writing the same rows: {got['write_floor_s']:.2f} s "
                f"({got['write_floor_s'] / floor:.1f}x the parse floor)"
            )
            ok = ok and got["import_s"] <= 20 and got["reimport_s"] <= 10
        print("targets (import ≤ 20 s, re-import ≤ 10 s):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
