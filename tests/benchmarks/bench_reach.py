"""Benchmark: the whole-country recompute in each mode of reach, side by side.

One recompute = prepare (filter providers, need, the cost of reach) + the access table of every
division (E2SFCA once) + the gap areas. "cold" builds everything (by road: loads the national
graph and its engine); "warm" changes only the threshold and reuses the memo, as the app does
when a slider moves.

    python tests/benchmarks/bench_reach.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.data.dataset import load_dataset
from coverage.data.schema import DIVISIONS
from coverage.reach import Memo, Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare

MODES = {"straight": (10.0, 15.0), "walk": (20.0, 30.0), "drive": (20.0, 30.0)}
"""Mode -> (threshold of the cold run, threshold of the warm run), in the mode's unit."""


def recompute(ds, reach: Reach, memo: Memo) -> float:
    """Return the seconds of one full recompute (national coverage share checked non-empty)."""
    start = time.perf_counter()
    prepared = prepare(ds, Scenario(reach=reach), memo=memo)
    tables = [access_table(ds, prepared, d) for d in DIVISIONS]
    gaps, _labels = gaps_table(ds, prepared)
    seconds = time.perf_counter() - start
    assert 0 < tables[0]["coverage_share"].item() <= 1
    assert len(gaps) > 0
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ds = load_dataset()
    print(f"dataset {ds.dataset_id}: {len(ds.demand)} cells, {len(ds.providers)} providers, "
          f"{len(DIVISIONS)} divisions")
    print(f"{'mode':9} {'cold s (median)':>16} {'warm s (median)':>16}")
    for mode, (cold_t, warm_t) in MODES.items():
        cold, warm = [], []
        for _ in range(args.repeat):
            memo = Memo()
            cold.append(recompute(ds, Reach(mode=mode, threshold=cold_t), memo))
            warm.append(recompute(ds, Reach(mode=mode, threshold=warm_t), memo))
        print(f"{mode:9} {statistics.median(cold):16.2f} {statistics.median(warm):16.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
