"""A tiny run of bench/market_bench.py on the test database (the full run is not in the suite)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "market_bench.py"


@pytest.mark.django_db(transaction=True)
def test_market_bench_smoke() -> None:
    spec = importlib.util.spec_from_file_location("market_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run(orders=40, workers=2, products=10)
    assert result["ok"], result["checks"]
    assert result["placed"] + result["short"] == 40 and result["placed"] > 0
