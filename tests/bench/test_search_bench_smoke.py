"""A tiny run of bench/search_bench.py: it loads, indexes, serves and measures end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.skipif(not _postgres_reachable(), reason="the benchmark needs PostgreSQL on 127.0.0.1:5432")
def test_search_bench_smoke() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    # Its own database per run: two runs at once (CI and a benchmark, say) never drop each other's.
    database = f"dure_bench_search_smoke_{os.getpid()}"
    try:
        _run_and_check(env, database)
    finally:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _run_and_check(env: dict[str, str], database: str) -> None:
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "bench" / "search_bench.py"),
            "--enterprises",
            "60",
            "--products",
            "200",
            "--requests",
            "1",
            "--workers",
            "1",
            "--database",
            database,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "search p95" in result.stdout and "ratio search p95 / floor p95" in result.stdout
