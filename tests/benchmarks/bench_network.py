"""Benchmark the road-network engine beside the straight-line one, and compare with HRTTM 2015.

Run: `python tests/benchmarks/bench_network.py [SOURCE_DIR]` (default ../shared/data). Needs the
working dataset at data/build (`python -m coverage sync`). Builds the road parquet files into a
temporary directory with `build_roads`. Prints wall and CPU seconds, best of `REPEATS`: the CPU
figure is the one to read on a loaded machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
from scipy.sparse.csgraph import dijkstra
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coverage.data.dataset import MIRROR_BESIDE_CHECKOUT, load_dataset  # noqa: E402
from coverage.data.roads import DEFAULT_ROAD_SPEEDS, build_roads, load_road_graph  # noqa: E402
from coverage.data.schema import DIVISIONS  # noqa: E402
from coverage.network import (  # noqa: E402
    ACCESS_CIRCUITY,
    ACCESS_SPEED_KMH,
    TravelTimeAccessibility,
    _csr,
    load_road_network,
)
from coverage.reach import Memo, Reach  # noqa: E402
from coverage.scenario import Scenario, access_table, prepare  # noqa: E402

REPEATS = 3
THRESHOLD_MIN = 20.0
THRESHOLD_KM = 10.0


def best(fn, repeats=REPEATS):
    """Return (result, best wall s, best CPU s) over `repeats` runs of fn()."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return result, min(walls), min(cpus)


def row(label, wall, cpu, note=""):
    print(f"  {label:<58} {wall:7.3f} s wall {cpu:7.3f} s CPU  {note}")


def import_osmnx_seconds() -> float:
    code = "import time; t = time.perf_counter(); import osmnx; print(time.perf_counter() - t)"
    out = subprocess.run(  # noqa: S603 - our own interpreter, a literal script
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def hrttm(source: Path, net, roads_dir: Path) -> pd.DataFrame:
    """Our car times vs Helsinki Region Travel Time Matrix 2015 (to YKR 5944003, Itäkeskus)."""
    ref = source / "network" / "reference"
    grid = gpd.read_file(
        ref / "helsinki_ykr_grid_250m_metropaccess.gpkg", columns=["x", "y", "YKR_ID"]
    )
    times = pd.read_csv(ref / "helsinki_ttm2015_to_5944003_Itis.txt", sep=";")
    rows = times.merge(grid[["YKR_ID", "x", "y"]], left_on="from_id", right_on="YKR_ID")
    dest = grid.loc[grid["YKR_ID"] == 5944003, ["x", "y"]].to_numpy(float)
    out = []
    for densify in (True, False):
        network = net if densify else load_road_network(roads_dir, densify=False)
        acc = TravelTimeAccessibility(rows[["x", "y"]].to_numpy(float), dest, network)
        ours = acc.nearest_min
        for col, label in (("car_m_t", "midday"), ("car_r_t", "rush hour")):
            theirs = rows[col].to_numpy(float)
            ok = theirs > 0  # -1 = no data; 0 = the destination cell itself
            ratio = ours[ok] / theirs[ok]
            slope, intercept = np.polyfit(ours[ok], theirs[ok], 1)
            out.append(
                {
                    "graph": "densified" if densify else "junctions only",
                    "HRTTM car": label,
                    "cells": int(ok.sum()),
                    "pearson": np.corrcoef(ours[ok], theirs[ok])[0, 1],
                    "spearman": spearmanr(ours[ok], theirs[ok]).statistic,
                    "ratio p10": np.percentile(ratio, 10),
                    "ratio median": np.median(ratio),
                    "ratio p90": np.percentile(ratio, 90),
                    "ours median min": np.median(ours[ok]),
                    "HRTTM median min": np.median(theirs[ok]),
                    "median diff min": np.median(theirs[ok] - ours[ok]),
                    "fit: HRTTM = a + b ours": f"{intercept:.1f} + {slope:.2f} x",
                    "access median min": np.median(acc.access_min[ok]),
                }
            )
    return pd.DataFrame(out)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR_BESIDE_CHECKOUT
    with tempfile.TemporaryDirectory(prefix="bench-roads-") as tmp:
        run(source, Path(tmp))


def run(source: Path, tmp: Path) -> None:  # noqa: PLR0915
    """Build the road files into `tmp`, then time and compare."""

    print("Road graph")
    entry, wall, cpu = best(lambda: build_roads(source, tmp), repeats=1)
    row(
        "build_roads (read gpkg, validate, taajama overlay, write)",
        wall,
        cpu,
        f"{entry['rows']} edges, {entry['layer']['nodes']} nodes",
    )
    net, wall, cpu = best(lambda: _warm(load_road_network(tmp)))
    row(
        "load_road_network (parquet -> CSR, densified, snap tree)",
        wall,
        cpu,
        f"{net.n_nodes} nodes, {len(net.edge_u)} directed edges",
    )
    graph, wall, cpu = best(lambda: load_road_graph(tmp))
    row(
        "load_road_graph (osmnx-compatible MultiDiGraph)",
        wall,
        cpu,
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
    )
    row("import osmnx (once per process; not needed above)", import_osmnx_seconds(), float("nan"))

    speeds = DEFAULT_ROAD_SPEEDS
    print(
        "\nSpeeds (km/h, rural; built-up capped at "
        f"{speeds.built_up_kph:g}, Ia at {speeds.built_up_motorway_kph:g}; "
        f"ferries {speeds.ferry_kph:g} + {speeds.ferry_boarding_min:g} min; "
        f"access {ACCESS_SPEED_KMH:g} km/h x {ACCESS_CIRCUITY:g})"
    )
    print(speeds.table().to_string())

    print(f"\nWhole country, every division ({len(DIVISIONS)}), graph already loaded")
    ds = load_dataset()
    scenario = Scenario(reach=Reach(threshold=THRESHOLD_KM))
    _, wall, cpu = best(lambda: prepare(ds, scenario))
    row("prepare (filter providers, need) - shared by both", wall, cpu)

    def straight(e2sfca):
        p = prepare(ds, scenario)
        return p, [access_table(ds, p, d, with_e2sfca=e2sfca) for d in DIVISIONS]

    memo = Memo()
    memo.use_road_network(ds, net)
    by_road = Scenario(reach=Reach(mode="drive", threshold=THRESHOLD_MIN))

    def road(e2sfca):
        memo.clear()  # the engine is built anew each time, as before
        memo.use_road_network(ds, net)
        p = prepare(ds, by_road, memo=memo)
        return p, [access_table(ds, p, d, with_e2sfca=e2sfca) for d in DIVISIONS]

    (_, tables_s), sw, sc = best(lambda: straight(False))
    (p_r, tables_r), rw, rc = best(lambda: road(False))
    n_cells, n_prov = len(p_r.cells), len(p_r.providers)
    circuity = scenario.reach.circuity
    row(f"straight line {THRESHOLD_KM:g} km x {circuity}: coverage, no E2SFCA", sw, sc)
    row(
        f"road {THRESHOLD_MIN:g} min: coverage, no E2SFCA",
        rw,
        rc,
        f"{n_cells} cells x {n_prov} providers",
    )
    (_, _), sw2, sc2 = best(lambda: straight(True))
    (_, _), rw2, rc2 = best(lambda: road(True))
    row(f"straight line {THRESHOLD_KM:g} km: coverage + E2SFCA", sw2, sc2)
    row(f"road {THRESHOLD_MIN:g} min: coverage + E2SFCA", rw2, rc2)
    _, ew, ec = best(
        lambda: TravelTimeAccessibility.from_frames(p_r.cells, p_r.providers, net)._labels
    )
    row("  of which: snap + nearest + exact second nearest", ew, ec, "demand grid snapped before")

    def cold():
        net._snaps.clear()  # the first scenario on a freshly loaded network also snaps the grid
        return TravelTimeAccessibility.from_frames(p_r.cells, p_r.providers, net)._labels

    _, cw, cc = best(cold)
    row("  of which: the same on a fresh network (grid snapped too)", cw, cc)
    acc = TravelTimeAccessibility.from_frames(p_r.cells, p_r.providers, net)
    acc.nearest_min  # noqa: B018
    pairs, pw, pc = best(lambda: acc._pairs(THRESHOLD_MIN, 64))
    row(f"  of which: E2SFCA pairs within {THRESHOLD_MIN:g} min", pw, pc, f"{len(pairs[0])} pairs")

    print("\nNational figures")
    km = tables_s[0].iloc[0]
    mins = tables_r[0].iloc[0]
    print(
        f"  straight {THRESHOLD_KM:g} km x 1.3: coverage {km['coverage_share']:.4f}, "
        f"median {km['median_km']:.2f} km, p90 {km['p90_km']:.2f} km"
    )
    print(
        f"  road {THRESHOLD_MIN:g} min:          coverage {mins['coverage_share']:.4f}, "
        f"median {mins['median_min']:.2f} min, p90 {mins['p90_min']:.2f} min"
    )
    print("  maakunta, road 20 min:")
    m = tables_r[DIVISIONS.index("maakunta")]
    print(
        m[["unit_code", "unit_name", "coverage_share", "median_min", "p90_min"]].to_string(
            index=False
        )
    )

    print("\nSanity routes (railway stations, snapped to junctions)")
    _routes(tmp)

    print("\nHelsinki Region Travel Time Matrix 2015, car, every 250 m cell -> Itäkeskus")
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(hrttm(source, net, tmp).to_string(index=False))


def _warm(net):
    net.csr  # noqa: B018
    net.csr_reverse  # noqa: B018
    net.snappable  # noqa: B018
    net._tree  # noqa: B018
    net.max_speed_mps  # noqa: B018
    return net


def _routes(tmp: Path) -> None:
    to3067 = pyproj.Transformer.from_crs(4326, 3067, always_xy=True)
    places = {
        "Helsinki": (24.9414, 60.1719),
        "Turku": (22.2666, 60.4518),
        "Tampere": (23.7733, 61.4985),
        "Joensuu": (29.7636, 62.6010),
        "Oulu": (25.4839, 65.0103),
        "Rovaniemi": (25.7294, 66.5039),
    }
    plain = load_road_network(tmp, densify=False)
    nodes = {k: plain.snap(np.array([to3067.transform(*v)]))[0][0] for k, v in places.items()}
    length = dijkstra(
        _csr(plain.n_nodes, plain.edge_u, plain.edge_v, plain.edge_length_m),
        indices=nodes["Helsinki"],
    )
    secs = dijkstra(plain.csr, indices=nodes["Helsinki"])
    for name, n in nodes.items():
        if name != "Helsinki":
            print(
                f"  Helsinki-{name:<10} {length[n] / 1000:6.1f} km  {secs[n] / 60:6.1f} min "
                f"({length[n] / secs[n] * 3.6:5.1f} km/h)"
            )


if __name__ == "__main__":
    main()
