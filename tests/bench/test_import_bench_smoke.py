"""A tiny run of bench/import_bench.py: the benchmark stays runnable (not a timing test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_bench_runs_on_300_rows() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "import_bench.py"), "--rows", "300", "--no-pg"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("file: 300 rows")
    assert any(line.startswith("floor (decode + csv parse):") for line in lines)
    sqlite = next(line for line in lines if line.startswith("SQLite: import"))
    assert "ratio to floor" in sqlite and "re-import" in sqlite and "300 enterprises" in sqlite
