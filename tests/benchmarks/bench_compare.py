"""Benchmark: the whole option comparison (8 options, 1 000 sensitivity draws) beside the obvious
pandas way (a per-cell frame merged with the keys, groupby per option, Theil and weighted median by
groupby-apply), on the same prepared scenario.

    python tests/benchmarks/bench_compare.py [--repeat 5]

Target (issue: option comparison): all options well under a few seconds, one `prepare()` reused.
Prints the times and the ratio; checks that both ways agree on the Theil parts and seat medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.compare import ALL_OPTIONS, closeness, compare_options
from coverage.data.dataset import load_dataset
from coverage.reach import Reach
from coverage.scenario import Scenario, prepare


def pandas_way(ds, prepared):
    """Theil (total/between/within) and the people-weighted median seat distance per option."""
    cells = prepared.cells[["kunta_code", "x", "y", "population"]].assign(
        need=prepared.need, value=closeness(prepared.access.nearest_m)
    )
    out = {}
    for option in ALL_OPTIONS:
        if option == "elinvoimakeskus":
            continue  # Åland is split off there; keep the check simple
        frame = cells.merge(ds.membership[["kunta_code", option]], on="kunta_code")
        seats = ds.units_of(option).rename(columns={"unit_code": option})
        seats = seats[[option, "seat_x", "seat_y"]]
        frame = frame.merge(seats, on=option)
        frame["d"] = np.hypot(frame.x - frame.seat_x, frame.y - frame.seat_y) * 1.3 / 1000
        mu = np.average(frame.value, weights=frame.need)
        frame["s"] = frame.need / frame.need.sum()
        r = frame.value / mu
        total = (frame.s * r * np.log(r.where(r > 0, 1))).sum()
        groups = frame.groupby(option).apply(
            lambda g, mu=mu: pd.Series({
                "share": (g.s * g.value).sum() / mu,
                "mean": np.average(g.value, weights=g.need),
            }),
            include_groups=False,
        )
        between = (groups.share * np.log(groups["mean"] / mu)).sum()
        ordered = frame.sort_values("d")
        cum = ordered.population.cumsum()
        median = ordered.d[cum >= cum.iloc[-1] / 2].iloc[0]
        out[option] = (total, between, total - between, median)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ds = load_dataset()
    scenario = Scenario(reach=Reach(threshold=10, circuity=1.3))

    def ours_with_prepare():
        p = prepare(ds, scenario)
        return compare_options(ds, p, options=ALL_OPTIONS)

    prepared = prepare(ds, scenario)
    compare_options(ds, prepared, options=ALL_OPTIONS)  # warm-up
    timings = {}
    for label, fn in (
        ("ours: prepare + 8 options + 1000 draws", ours_with_prepare),
        (
            "ours: 8 options on a prepared scenario",
            lambda: compare_options(ds, prepared, options=ALL_OPTIONS),
        ),
        ("pandas merge/groupby (Theil + median only)", lambda: pandas_way(ds, prepared)),
    ):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = fn()
            runs.append(time.perf_counter() - start)
        timings[label] = (statistics.median(runs), result)
        print(f"{label:45s} median {statistics.median(runs):7.3f} s  (min {min(runs):.3f})")
    ours = timings["ours: 8 options on a prepared scenario"]
    alt = timings["pandas merge/groupby (Theil + median only)"]
    print(f"ratio pandas / ours: {alt[0] / ours[0]:.1f}x")
    table = ours[1].options.set_index("option")
    for option, (total, between, within, median) in alt[1].items():
        row = table.loc[option]
        np.testing.assert_allclose(
            [row.theil_total, row.theil_between, row.theil_within, row.median_seat_distance_km],
            [total, between, within, median], rtol=1e-9,
        )
    print("both ways agree on Theil parts and seat medians")


if __name__ == "__main__":
    main()
