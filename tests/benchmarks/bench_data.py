"""Benchmark: sync from the mirror and working-dataset load time.

    python tests/benchmarks/bench_data.py [--source ../shared/data] [--repeat 3]

Targets (issue 2): sync <= 60 s, load <= 1 s on the project machine (2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.data.build import build_dataset
from coverage.data.dataset import MIRROR_BESIDE_CHECKOUT, load_dataset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default=str(MIRROR_BESIDE_CHECKOUT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "build"
        syncs, loads = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            build_dataset(Path(args.source), target)
            syncs.append(time.perf_counter() - t)
            t = time.perf_counter()
            ds = load_dataset(target)
            loads.append(time.perf_counter() - t)
        size = sum(p.stat().st_size for p in target.iterdir()) / 1e6
    print(f"{'measure':<28}{'median s':>10}{'min s':>10}{'target s':>10}")
    print(f"{'sync from mirror':<28}{statistics.median(syncs):>10.2f}{min(syncs):>10.2f}{60:>10}")
    print(f"{'load working dataset':<28}{statistics.median(loads):>10.3f}"
          f"{min(loads):>10.3f}{1:>10}")
    print(f"dataset: {len(ds.demand)} cells, {len(ds.providers)} providers, {size:.1f} MB on disk")


if __name__ == "__main__":
    main()
