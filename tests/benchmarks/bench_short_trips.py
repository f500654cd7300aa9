"""Calibration of short drive trips: road distance to the nearest library against the published one.

Reference (a measurement of Statistics Finland on the road network, not ours): half of the
population lives within 1.5 km of the nearest public library and 72.4 % within 3 km (Piela 2016,
cited in Pasi Piela, "Accessibility statistics", ISI World Statistics Congress 2019, CPS1485).

Ours: the drive engine with every speed set equal, so that minutes measure kilometres, from each
1 km cell to the nearest of the dataset's 720 libraries, for several direct-trip lengths
(`defaults.DIRECT_TRIP_MAX_KM`; 0 = every trip via the 1:1M graph). Also printed for each: the
Helsinki Region Travel Time Matrix 2015 agreement (Pearson r, median ours/HRTTM, car at midday),
which stays a measurement, and the national drive coverage within 20 min.

    python tests/benchmarks/bench_short_trips.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.data.dataset import load_dataset
from coverage.data.roads import DEFAULT_ROAD_SPEEDS
from coverage.defaults import ACCESS_SPEED_KMH, DEFAULT_CIRCUITY
from coverage.network import TravelTimeAccessibility, load_road_network

PUBLISHED_MEDIAN_KM = 1.5
PUBLISHED_WITHIN_3KM = 0.724
EQUAL_KPH = 60.0  # every speed alike: minutes == km
LENGTHS_KM = (0.0, 1.0, 2.0, 3.0, 5.0)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def distance_network(path: Path):
    s = DEFAULT_ROAD_SPEEDS
    return load_road_network(path, speeds=replace(
        s, class_kph=dict.fromkeys(s.class_kph, EQUAL_KPH),
        main_road_kph=dict.fromkeys(s.main_road_kph, EQUAL_KPH),
        minor_road_kph=dict.fromkeys(s.minor_road_kph, EQUAL_KPH),
        built_up_kph=EQUAL_KPH, built_up_motorway_kph=EQUAL_KPH, ferry_kph=EQUAL_KPH,
        ferry_boarding_min=0.0,
    ))


def hrttm(source: Path, net, direct_km: float) -> tuple[float, float]:
    ref = source / "network" / "reference"
    grid = gpd.read_file(ref / "helsinki_ykr_grid_250m_metropaccess.gpkg",
                         columns=["x", "y", "YKR_ID"])
    times = pd.read_csv(ref / "helsinki_ttm2015_to_5944003_Itis.txt", sep=";")
    rows = times.merge(grid[["YKR_ID", "x", "y"]], left_on="from_id", right_on="YKR_ID")
    rows = rows[rows["car_m_t"] > 0]
    dest = grid.loc[grid["YKR_ID"] == 5944003, ["x", "y"]].to_numpy(float)
    ours = TravelTimeAccessibility(rows[["x", "y"]].to_numpy(float), dest, net,
                                   direct_max_km=direct_km).nearest_min
    theirs = rows["car_m_t"].to_numpy(float)
    return float(np.corrcoef(ours, theirs)[0, 1]), float(np.median(ours / theirs))


def main() -> None:
    ds = load_dataset()
    source = Path(__file__).resolve().parents[3] / "shared" / "data"
    cells = ds.demand
    pop = cells["population"].to_numpy(float)
    xy = cells[["x", "y"]].to_numpy(float)
    libs = ds.providers[ds.providers["provider_type"] == "library"][["x", "y"]].to_numpy(float)
    km_net = distance_network(ds.path)
    car_net = load_road_network(ds.path)
    provs = ds.providers[~ds.providers.get("location_approximate", False).astype(bool)]
    straight = cKDTree(libs).query(xy)[0] / 1000 * DEFAULT_CIRCUITY
    print(f"published (Statistics Finland): median {PUBLISHED_MEDIAN_KM:.2f} km, "
          f"within 3 km {PUBLISHED_WITHIN_3KM:.1%}")
    print(f"straight line x {DEFAULT_CIRCUITY}: median {weighted_median(straight, pop):.2f} km, "
          f"within 3 km {(pop * (straight <= 3)).sum() / pop.sum():.1%}")
    print("direct trips up to | median km | within 3 km | median / published | "
          "HRTTM r | ours/HRTTM | drive 20 min coverage")
    for length in LENGTHS_KM:
        km = TravelTimeAccessibility(xy, libs, km_net, access_speed_kmh=EQUAL_KPH,
                                     direct_max_km=length).nearest_min
        med = weighted_median(km, pop)
        within = (pop * (km <= 3)).sum() / pop.sum()
        r, ratio = hrttm(source, car_net, length)
        minutes = TravelTimeAccessibility(xy, provs[["x", "y"]].to_numpy(float), car_net,
                                          access_speed_kmh=ACCESS_SPEED_KMH,
                                          direct_max_km=length).nearest_min
        cov = (pop * (minutes <= 20)).sum() / pop.sum()
        print(f"{length:>4.1f} km | {med:.2f} | {within:.1%} | {med / PUBLISHED_MEDIAN_KM:.2f} | "
              f"{r:.3f} | {ratio:.2f} | {cov:.2%}")


if __name__ == "__main__":
    main()
