"""A tiny run of bench/spaces_bench.py (20 requests, one gunicorn worker) against the test database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    return (
        f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_spaces_bench_smoke() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/spaces_bench.py"),
            "--requests",
            "20",
            "--rooms",
            "2",
            "--concurrency",
            "10",
            "--workers",
            "1",
            "--threads",
            "4",
            "--reuse-database",
            "--database-url",
            _database_url(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1] == "OK"
    assert any(line.startswith("throughput:") for line in lines)
    assert "overlaps: 0" in result.stdout
