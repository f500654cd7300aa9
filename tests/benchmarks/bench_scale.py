"""Scale: the full recompute at 1 km and at 250 m, in each mode of reach, time and peak memory.

The 250 m grid is synthetic but honest: each 1 km Census cell (EPSG:3035 LAEA) is split into its
16 cells of 250 m, centred where they lie, and the cell's population is spread evenly (integers by
largest remainder, so every municipality keeps its official total; age groups / 16). Nothing
else changes: same providers, municipalities and road network. About 1.44 M cells.

"Full recompute" = what a changed setting costs the app: `prepare` (providers filtered, need,
nearest / second / third cost in the reach's unit), coverage tables for all 9 divisions with
E2SFCA, and the gap areas. Each configuration runs in a fresh process (peak memory is that
process's peak RSS, loading included; `before` is the RSS once the data is loaded and the grid
built); time is the best of `--repeat` recomputes after one warm-up, the network loaded once.

How cost grows: the same recompute on 1/4, 1/2 and all of the 250 m cells (random subsets), and
with 1/4, 1/2 and all providers.

    python tests/benchmarks/bench_scale.py [--repeat 3] [--modes straight,walk,drive]

Target: straight line at 250 m <= 3 s and <= 4 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage import (
    Memo,
    Reach,
    Scenario,
    access_table,
    gaps_table,
    load_dataset,
    prepare,
)

DIVISIONS = ("country", "kunta", "maakunta", "avi", "maistraatti", "hyvinvointialue",
             "elinvoimakeskus", "ely", "seutukunta")
THRESHOLDS = {"straight": 10.0, "walk": 20.0, "drive": 20.0}


def split_cells(demand: pd.DataFrame, k: int = 4) -> pd.DataFrame:
    """Return the k x k sub-cells of every 1 km cell, population spread evenly."""
    n, kk = len(demand), k * k
    sub_col = np.tile(np.repeat(np.arange(k), k), n)
    sub_row = np.tile(np.tile(np.arange(k), k), n)
    col = np.repeat(demand["grid_col"].to_numpy(np.int64), kk) * k + sub_col
    row = np.repeat(demand["grid_row"].to_numpy(np.int64), kk) * k + sub_row
    size = 1000.0 / k
    x, y = pyproj.Transformer.from_crs(3035, 3067, always_xy=True).transform(
        col * size + size / 2, row * size + size / 2)
    out = pd.DataFrame({
        "cell_id": np.arange(n * kk).astype(str), "grid_col": col, "grid_row": row, "x": x, "y": y,
        "kunta_code": np.repeat(demand["kunta_code"].to_numpy(), kk),
    })
    pop = demand["population"].to_numpy(np.int64)
    base, rem = np.divmod(pop, kk)
    out["population"] = np.repeat(base, kk) + (np.tile(np.arange(kk), n) < np.repeat(rem, kk))
    for column in ("pop_0_14", "pop_15_64", "pop_65plus", "pop_75plus"):
        out[column] = np.repeat(demand[column].to_numpy(float) / kk, kk)
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(resolution: str, mode: str, repeat: int, cell_share: float,
            provider_share: float) -> dict:
    ds = load_dataset()
    rng = np.random.default_rng(0)
    demand = split_cells(ds.demand) if resolution == "250m" else ds.demand
    if cell_share < 1:
        demand = demand[rng.random(len(demand)) < cell_share].reset_index(drop=True)
    providers = ds.providers
    if provider_share < 1:
        providers = providers[rng.random(len(providers)) < provider_share]
    ds = replace(ds, demand=demand, providers=providers, _derived={})
    memo = Memo()
    scenario = Scenario(reach=Reach(mode=mode, threshold=THRESHOLDS[mode]))
    if mode == "drive":
        memo.road_network(ds, scenario.reach)
    before = rss_mb()
    times = []
    for i in range(repeat + 1):
        # a new provider set each time, as a changed filter would give: nothing reused but the
        # dataset's own cell tree and the road network
        filtered = ds.providers.sample(frac=1.0, random_state=i)
        t = time.perf_counter()
        p = prepare(ds, scenario, providers=filtered, memo=memo)
        for division in DIVISIONS:
            access_table(ds, p, division)
        gaps_table(ds, p)
        times.append(time.perf_counter() - t)
    return {"resolution": resolution, "mode": mode, "cells": len(demand),
            "providers": len(providers), "best_s": min(times[1:]), "first_s": times[0],
            "before_mb": before, "peak_mb": rss_mb()}


def in_child(*args: object) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", json.dumps(args)],  # noqa: S603
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", default="straight,walk,drive")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*json.loads(args.child))))
        return
    modes = args.modes.split(",")
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    print("| mode | 1 km s | 1 km peak MB | 250 m s | 250 m peak MB | 250 m / 1 km time |")
    print("|---|---|---|---|---|---|")
    for mode in modes:
        a = in_child("1km", mode, args.repeat, 1.0, 1.0)
        b = in_child("250m", mode, args.repeat, 1.0, 1.0)
        print(f"| {mode} | {a['best_s']:.2f} | {a['peak_mb']:.0f} | {b['best_s']:.2f} | "
              f"{b['peak_mb']:.0f} | {b['best_s'] / a['best_s']:.1f}x |", flush=True)
    print("\nGrowth at 250 m (straight line): cells x providers -> seconds")
    print("| cells | providers | s |")
    print("|---|---|---|")
    for cells, provs in ((0.25, 1.0), (0.5, 1.0), (1.0, 0.25), (1.0, 0.5), (1.0, 1.0)):
        r = in_child("250m", "straight", args.repeat, cells, provs)
        print(f"| {r['cells']:,} | {r['providers']:,} | {r['best_s']:.2f} |", flush=True)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
