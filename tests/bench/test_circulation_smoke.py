"""A tiny run of bench/circulation_bench.py: the loader and the measures agree with the numpy floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "circulation_bench.py"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("circulation_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_circulation_bench_smoke(tmp_path: Path) -> None:
    from dure.circulation import measures
    from dure.circulation.models import Flow

    bench = _bench()
    data = bench.generate(parties=60, flows=1500, seed=3)
    bench.export_npy(data, tmp_path)
    bench.load_into_database(data)
    assert Flow.objects.count() == 1500
    figures = bench.measure(prefixes=bench.NATION, rounds=7, samples=3)
    _seconds, floor = bench.floor_pass(tmp_path, prefixes=bench.NATION)
    assert figures["multiplier"]["injection"] == round(floor["injection"])
    lm = figures["multiplier"]["lm"]
    assert len(lm) == 7 and lm == sorted(lm) and lm[-1] <= figures["multiplier"]["full_multiplier"]
    # The vectorised LM3 of every party agrees with the one-party query.
    everyone = measures.lm3_all(boundary=bench.NATION)
    some = next(iter(everyone))
    one = measures.lm3([some], boundary=bench.NATION)
    assert everyone[some]["lm3"] == pytest.approx(one.lm3)
    # The iterative solver agrees with the direct one on this graph.
    result = measures.network(boundary=bench.NATION)
    old = measures.DIRECT_SOLVE_LIMIT
    measures.DIRECT_SOLVE_LIMIT = 1
    try:
        iterative = measures.network(boundary=bench.NATION)
    finally:
        measures.DIRECT_SOLVE_LIMIT = old
    assert np.isclose(iterative.full_multiplier, result.full_multiplier, rtol=1e-9)
