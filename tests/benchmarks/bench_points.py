"""Benchmark: point files (planning candidates, home-support bases) with lat/lon columns.

    python tests/benchmarks/bench_points.py [--rows 1000 10000] [--per-row-sample 200]

Prints, side by side, the time of `planning.read_points` and `homesupport.read_bases` (one
vectorised transform per file) and the per-row transformer they replaced (one
`pyproj.Transformer` per row, timed on a sample and scaled to the file size).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyproj

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.homesupport import read_bases
from coverage.planning import read_points


def points_csv(n: int, seed: int = 0) -> bytes:
    """Return a CSV of `n` named lat/lon points inside mainland Finland."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(60.5, 66.0, n)
    lon = rng.uniform(23.0, 29.0, n)
    lines = ["name;lat;lon;staff_hours_week"]
    pairs = enumerate(zip(lat, lon, strict=True))
    lines += [f"paikka {i};{la:.5f};{lo:.5f};20" for i, (la, lo) in pairs]
    return ("\n".join(lines) + "\n").encode()


def per_row_seconds(sample: int) -> float:
    """Return the seconds per row of the old way: a transformer built for every row."""
    rng = np.random.default_rng(1)
    started = time.perf_counter()
    for lat, lon in zip(rng.uniform(60.5, 66, sample), rng.uniform(23, 29, sample), strict=True):
        pyproj.Transformer.from_crs(4326, 3067, always_xy=True).transform(lon, lat)
    return (time.perf_counter() - started) / sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--per-row-sample", type=int, default=200)
    args = parser.parse_args()
    per_row = per_row_seconds(args.per_row_sample)
    print(f"{'rows':>7}{'read_points s':>15}{'read_bases s':>14}{'per-row transformer s':>23}")
    for n in args.rows:
        data = points_csv(n)
        started = time.perf_counter()
        points = read_points(data, what="candidates")
        t_points = time.perf_counter() - started
        started = time.perf_counter()
        bases = read_bases(data)
        t_bases = time.perf_counter() - started
        assert len(points) == len(bases) == n
        print(f"{n:>7}{t_points:>15.3f}{t_bases:>14.3f}{per_row * n:>17.1f} (est.)")
    print(f"per-row transformer, measured on {args.per_row_sample} rows: "
          f"{per_row * 1000:.1f} ms/row")


if __name__ == "__main__":
    main()
