"""Booking under load: concurrent POST /api/v1/spaces/bookings over HTTP against a real server.

    .venv/bin/python bench/spaces_bench.py                 # 200 requests, 20 rooms, PostgreSQL
    .venv/bin/python bench/spaces_bench.py --requests 20 --rooms 4 --database-url sqlite:////tmp/x.sqlite3

It (re)creates the database (default postgres://postgres@127.0.0.1:5432/dure_bench_spaces),
migrates, makes the rooms and users with tokens, starts gunicorn (threads) on a free 127.0.0.1
port, fires all requests at once from a thread pool, then checks from the database that no two
confirmed bookings of a room overlap, that every 201 is one confirmed booking, and that every
refusal was a 409 (never a 500). It prints throughput and p95 latency and their ratio to the floor
we set (the issue names none): 20 requests/s and p95 ≤ 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/dure_bench_spaces"
FLOOR_THROUGHPUT = 20.0  # requests per second
FLOOR_P95 = 2.0  # seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(rooms: int, users: int, migrate: bool = True) -> tuple[list[int], list[str], dt.date]:
    """Migrate and create rooms and users (in this process, through Django)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dure.config.settings")
    django.setup()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
    from dure.accounts.models import Role
    from dure.accounts.services import token_issue, user_create
    from dure.spaces.models import BookableHours, Room
    from dure.spaces.services import holiday_name

    created = []
    for index in range(rooms):
        room = Room.objects.create(name=f"벤치 회의실 {index + 1}", kind="meeting", capacity=20)
        BookableHours.objects.bulk_create(
            [BookableHours(room=room, weekday=d, opens=dt.time(9), closes=dt.time(21)) for d in range(7)]
        )
        created.append(room.pk)
    tokens = [
        token_issue(
            user=user_create(email=f"bench{i}@example.org", password=None, role=Role.ENTERPRISE), name="bench"
        )
        for i in range(users)
    ]
    day = dt.date.today() + dt.timedelta(days=10)
    while holiday_name(day):
        day += dt.timedelta(days=1)
    from django.db import connections

    connections.close_all()
    return created, tokens, day


def start_server(port: int, env: dict[str, str], workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "dure.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--preload",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/spaces/rooms", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def request(port: int, token: str, body: dict) -> tuple[int, float]:
    data = json.dumps(body).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/spaces/bookings",
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - began


def check_no_overlap() -> tuple[int, list[str]]:
    from dure.spaces.models import Booking

    problems = []
    confirmed = list(Booking.objects.filter(status="confirmed").order_by("room_id", "start"))
    for previous, current in zip(confirmed, confirmed[1:], strict=False):
        if previous.room_id == current.room_id and current.start < previous.end:
            problems.append(
                f"room {current.room_id}: {previous.start}–{previous.end} overlaps {current.start}"
            )
    return len(confirmed), problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument(
        "--reuse-database", action="store_true", help="use the (migrated, empty) database as it is"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "0")
    if not args.reuse_database:
        recreate_database(args.database_url)
    rooms, tokens, day = prepare(args.rooms, users=min(args.requests, 40), migrate=not args.reuse_database)
    rng = random.Random(args.seed)
    bodies = []
    for index in range(args.requests):
        start = rng.choice([10, 10.5, 11, 11.5, 12, 13])
        length = rng.choice([1, 1.5, 2])

        def stamp(hours: float) -> str:
            return f"{day}T{int(hours):02d}:{int(hours % 1 * 60):02d}:00+09:00"

        bodies.append(
            {
                "room": rng.choice(rooms),
                "start": stamp(start),
                "end": stamp(start + length),
                "purpose": f"bench {index}",
            }
        )
    port = free_port()
    server = start_server(port, {**os.environ, "DATABASE_URL": args.database_url}, args.workers, args.threads)
    try:
        # Warm-up (not measured): every worker thread loads the URL map and opens its connection.
        with ThreadPoolExecutor(max_workers=64) as pool:
            list(
                pool.map(
                    lambda _: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/spaces/rooms").read(),
                    range(128),
                )
            )
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(
                pool.map(lambda i: request(port, tokens[i % len(tokens)], bodies[i]), range(args.requests))
            )
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=20)
    codes = [status for status, _ in results]
    latencies = sorted(latency for _, latency in results)
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    throughput = len(results) / elapsed
    confirmed, problems = check_no_overlap()
    created = codes.count(201)
    other = sorted({c for c in codes if c not in (201, 409)})
    print(
        f"requests: {len(results)} over {args.rooms} rooms, concurrency {args.concurrency}, db {args.database_url.split(':')[0]}"
    )
    print(f"201 created: {created}   409 taken: {codes.count(409)}   other: {other or 'none'}")
    print(f"confirmed bookings in the database: {confirmed}; overlaps: {len(problems)}")
    print(
        f"throughput: {throughput:.1f} requests/s (floor {FLOOR_THROUGHPUT:.0f}: ratio {throughput / FLOOR_THROUGHPUT:.2f})"
    )
    print(f"p95 latency: {p95 * 1000:.0f} ms (floor {FLOOR_P95 * 1000:.0f} ms: ratio {FLOOR_P95 / p95:.2f})")
    ok = not problems and not other and created == confirmed and created >= 1
    for problem in problems[:10]:
        print("OVERLAP", problem)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
