"""Benchmark: whole-country recompute (nearest, coverage for every division, E2SFCA, gaps)
beside (a) geopandas sjoin_nearest + groupby and (b) PySAL `access` E2SFCA on the same inputs.

    python tests/benchmarks/bench_access.py [--repeat 5] [--pysal-cells 0]

Target (issue 3): full recompute <= 0.2 s and >= 10x faster than each alternative.
PySAL `access` builds pandas frames of every cell-provider pair within the catchment; on the whole
country that is millions of rows, so by default it runs on the whole country too (slow, minutes);
`--pysal-cells N` limits both engines to a random sample of N cells for a quicker comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from access import Access

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.accessibility import Accessibility, gaussian_decay
from coverage.data.dataset import load_dataset
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare

DIVISIONS = ["country", "kunta", "maakunta", "avi", "maistraatti", "hyvinvointialue",
             "elinvoimakeskus", "ely", "seutukunta"]


def ours(ds, scenario):
    p = prepare(ds, scenario)
    tables = {d: access_table(ds, p, d) for d in DIVISIONS}  # E2SFCA computed once per call
    gaps, _ = gaps_table(ds, p)
    return p, tables, gaps


def engine_only(ds, scenario, prepared_need):
    """The numeric core without table formatting: nearest, 9 divisions, E2SFCA, gap labels."""
    p = prepare(ds, scenario)
    ratio = p.e2sfca()
    for d in DIVISIONS:
        access_table(ds, p, d, with_e2sfca=False)
    gaps_table(ds, p)
    return ratio


def sjoin_alternative(ds, threshold_m, circuity):
    cells = gpd.GeoDataFrame(ds.demand[["kunta_code", "population"]],
                             geometry=gpd.points_from_xy(ds.demand.x, ds.demand.y), crs=3067)
    provs = gpd.GeoDataFrame(geometry=gpd.points_from_xy(ds.providers.x, ds.providers.y), crs=3067)
    joined = gpd.sjoin_nearest(cells, provs, distance_col="d")
    joined = joined[~joined.index.duplicated()]
    joined["d"] *= circuity
    joined["covered"] = joined["population"] * (joined["d"] <= threshold_m)
    members = ds.membership.set_index("kunta_code")
    out = {}
    for d in DIVISIONS:
        unit = joined["kunta_code"].map(members[d])
        out[d] = joined.groupby(unit)[["population", "covered"]].sum()
    return joined["d"].to_numpy(), out


def pysal_e2sfca(cells_xy, provider_xy, demand, supply, catchment):
    acc = Accessibility(cells_xy, provider_xy)
    cells, provs, d = acc.pairs_within(catchment)
    decay = gaussian_decay(catchment)
    cost = pd.DataFrame({"origin": cells, "dest": provs, "cost": d})
    a = Access(
        demand_df=pd.DataFrame({"geoid": np.arange(len(cells_xy)), "need": demand}),
        demand_index="geoid", demand_value="need",
        supply_df=pd.DataFrame({"geoid": np.arange(len(provider_xy)), "hours": supply}),
        supply_index="geoid", supply_value="hours",
        cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost",
    )
    out = a.enhanced_two_stage_fca(name="e", max_cost=catchment,
                                   weight_fn=lambda x: float(decay(x)), normalize=False)
    return out.iloc[:, 0].reindex(np.arange(len(cells_xy))).fillna(0).to_numpy()


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pysal-cells", type=int, default=0)
    parser.add_argument("--max-km", type=float, default=10.0)
    args = parser.parse_args()
    ds = load_dataset()
    scenario = Scenario(reach=Reach(threshold=args.max_km, circuity=1.0))
    threshold = args.max_km * 1000
    t_full, (p, _tables, gaps) = timed(lambda: ours(ds, scenario), args.repeat)
    t_core, _ = timed(lambda: engine_only(ds, scenario, None), args.repeat)
    t_nearest, _ = timed(
        lambda: Accessibility.from_frames(ds.demand, p.providers).nearest_m, args.repeat
    )
    t_sjoin, (d_sjoin, _) = timed(
        lambda: sjoin_alternative(_with_providers(ds, p.providers), threshold, 1.0),
        max(1, args.repeat // 2),
    )
    np.testing.assert_allclose(np.sort(d_sjoin), np.sort(p.access.nearest_m), rtol=1e-9)

    cells_xy = ds.demand[["x", "y"]].to_numpy()
    need = p.need
    if args.pysal_cells:
        rng = np.random.default_rng(0)
        sel = rng.choice(len(cells_xy), args.pysal_cells, replace=False)
        cells_xy, need = cells_xy[sel], need[sel]
    provider_xy = p.providers[["x", "y"]].to_numpy()
    supply = p.providers["capacity_h_week"].to_numpy()
    t_e2_ours, ours_ratio = timed(
        lambda: Accessibility(cells_xy, provider_xy, capacity=supply).e2sfca(
            need, catchment_m=threshold
        ),
        args.repeat)
    t_e2_pysal, pysal_ratio = timed(
        lambda: pysal_e2sfca(cells_xy, provider_xy, need, supply, threshold), 1
    )
    reached = pysal_ratio > 0
    rel = np.abs(ours_ratio[reached] - pysal_ratio[reached]) / pysal_ratio[reached]
    max_rel = float(np.max(rel))

    print(f"whole country: {len(ds.demand)} cells x {len(p.providers)} providers, "
          f"{len(DIVISIONS)} divisions, threshold {args.max_km} km, {len(gaps)} gap areas")
    print(f"{'step':<58}{'ours s':>9}{'other s':>9}{'ratio':>8}")
    print(f"{'full recompute (tables for 9 divisions + E2SFCA + gaps)':<58}{t_full:>9.3f}")
    print(f"{'numeric core (nearest, 9 divisions, E2SFCA, gaps)':<58}{t_core:>9.3f}")
    print(f"{'nearest + coverage, 9 divisions vs sjoin_nearest+groupby':<58}"
          f"{t_nearest:>9.3f}{t_sjoin:>9.3f}{t_sjoin / t_nearest:>7.1f}x")
    print(f"{'full recompute vs sjoin_nearest+groupby (no E2SFCA/gaps)':<58}"
          f"{t_full:>9.3f}{t_sjoin:>9.3f}{t_sjoin / t_full:>7.1f}x")
    print(f"{f'E2SFCA on {len(cells_xy)} cells vs PySAL access':<58}"
          f"{t_e2_ours:>9.3f}{t_e2_pysal:>9.3f}{t_e2_pysal / t_e2_ours:>7.1f}x")
    print(f"E2SFCA max relative difference to PySAL: {max_rel:.2e} over {int(reached.sum())} cells")


def _with_providers(ds, providers):
    return replace(ds, providers=providers)


if __name__ == "__main__":
    main()
