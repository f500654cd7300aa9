"""The national road graph on the real data: facts that can fail, and exactness against networkx."""

from __future__ import annotations

import itertools
import time

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyproj
import pytest
from scipy.sparse.csgraph import dijkstra

from coverage.accessibility import ProviderFilter
from coverage.data.roads import build_roads, load_road_graph
from coverage.data.schema import DIVISIONS
from coverage.defaults import MAX_THRESHOLD_MIN
from coverage.network import (
    TravelTimeAccessibility,
    _csr,
    load_road_network,
    times_from_each_point,
    times_from_points,
)
from coverage.reach import Memo, Reach
from coverage.scenario import Scenario, access_table, prepare

pytestmark = pytest.mark.realdata

TO_3067 = pyproj.Transformer.from_crs(4326, 3067, always_xy=True)
PLACES = {  # lon, lat: main railway stations
    "helsinki": (24.9414, 60.1719),
    "tampere": (23.7733, 61.4985),
    "oulu": (25.4839, 65.0103),
}


@pytest.fixture(scope="module")
def roads_dir(source, tmp_path_factory):
    target = tmp_path_factory.mktemp("roads")
    entry = build_roads(source, target)
    assert entry is not None
    return target, entry


@pytest.fixture(scope="module")
def graph(roads_dir):
    return load_road_graph(roads_dir[0])


@pytest.fixture(scope="module")
def plain(roads_dir):
    return load_road_network(roads_dir[0], densify=False)


@pytest.fixture(scope="module")
def dense(roads_dir):
    return load_road_network(roads_dir[0])


@pytest.fixture(scope="module")
def prepared(ds):
    return prepare(ds, Scenario(reach=Reach(threshold=10, circuity=1.3)))


def test_manifest_entry_matches_the_mirror(roads_dir, source):
    _, entry = roads_dir
    sums = dict(
        line.split()[::-1] for line in (source / "network" / "SHA256SUMS").read_text().splitlines()
    )
    assert entry["sha256"] == sums["fi_roads_nls_yk1000_2013.gpkg"]
    assert entry["rows"] == 14_899
    assert entry["layer"]["nodes"] == 10_106
    assert entry["layer"]["km"] == pytest.approx(78_780, abs=1)
    assert entry["layer"]["components"] == 1
    assert entry["layer"]["ferry_edges"] == 41
    assert 5_000 < entry["layer"]["urban_km"] < 10_000
    assert entry["reference_date"] == "2013"


def test_graph_is_the_whole_network_both_ways(graph):
    assert graph.number_of_nodes() == 10_106
    assert graph.number_of_edges() == 2 * 14_899 - 6  # the 6 self-loops appear once
    assert graph.graph["crs"] == "EPSG:3067"
    tt = np.array([d["travel_time"] for _, _, d in graph.edges(data=True)])
    assert np.isfinite(tt).all()
    assert (tt > 0).all()
    assert sum(d.get("route") == "ferry" for _, _, d in graph.edges(data=True)) == 82
    assert nx.is_strongly_connected(graph)


def test_graph_loads_within_three_seconds(roads_dir):
    """CPU time, best of two: wall time on a shared test machine measures the neighbours."""
    best_graph = best_net = np.inf
    for _ in range(2):
        t = time.process_time()
        load_road_graph(roads_dir[0])
        best_graph = min(best_graph, time.process_time() - t)
        t = time.process_time()
        load_road_network(roads_dir[0]).csr  # noqa: B018
        best_net = min(best_net, time.process_time() - t)
    assert best_graph <= 3.0
    assert best_net <= 3.0


def _node_of(net, place):
    xy = np.array([TO_3067.transform(*PLACES[place])])
    return int(net.node_id[net.snap(xy)[0][0]])


@pytest.mark.parametrize(("place", "km"), [("tampere", 176), ("oulu", 609)])
def test_sanity_routes_from_helsinki(graph, plain, place, km):
    """README: Helsinki-Tampere 176 km, Helsinki-Oulu 609 km on this graph, ends snapped."""
    metres = nx.shortest_path_length(
        graph, _node_of(plain, "helsinki"), _node_of(plain, place), weight="length"
    )
    assert metres / 1000 == pytest.approx(km, rel=0.02)


def test_road_trip_never_shorter_than_the_straight_line(plain, dense):
    rng = np.random.default_rng(11)
    for net in (plain, dense):
        lengths = _csr(net.n_nodes, net.edge_u, net.edge_v, net.edge_length_m)
        sources = rng.choice(net.n_nodes, 40, replace=False)
        road = dijkstra(lengths, indices=sources)
        targets = rng.choice(net.n_nodes, 500, replace=False)
        straight = np.hypot(
            *(net.node_xy[sources][:, None, :] - net.node_xy[targets][None, :, :]).transpose(
                2, 0, 1
            )
        )
        assert (road[:, targets] >= straight - 1e-6).all()
        # and no trip is faster than the fastest edge allows
        times = dijkstra(net.csr, indices=sources)[:, targets]
        assert (times * net.max_speed_mps >= straight - 1e-6).all()


def _reference_minutes(g, ids, acc, cells):
    """Brute force: networkx single-source Dijkstra from each cell's node to every provider node."""
    c_node, c_leg = acc._cell_snap
    p_node, p_leg = acc._provider_snap
    out = np.empty((len(cells), acc.n_providers))
    for row, i in enumerate(cells):
        dist = nx.single_source_dijkstra_path_length(g, int(ids[c_node[i]]), weight="travel_time")
        out[row] = [
            c_leg[i] + dist.get(int(ids[n]), np.inf) + leg
            for n, leg in zip(p_node, p_leg, strict=True)
        ]
    # a short trip may go directly (straight line x circuity at the access speed)
    d = np.hypot(*(acc.cell_xy[cells][:, None, :] - acc.provider_xy[None, :, :]).transpose(2, 0, 1))
    direct_s = d * acc.circuity / (acc.access_speed_kmh / 3.6)
    direct = np.where(d <= acc.direct_max_m, direct_s, np.inf)
    return np.minimum(out, direct) / 60


def _check_against(reference, acc, cells):
    ranked = np.sort(reference, axis=1)
    np.testing.assert_allclose(acc.nearest_min[cells], ranked[:, 0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(acc.second_nearest_min[cells], ranked[:, 1], rtol=0, atol=1e-9)
    rows = np.arange(len(cells))
    np.testing.assert_allclose(
        reference[rows, acc.nearest_index[cells]], ranked[:, 0], rtol=0, atol=1e-9
    )
    np.testing.assert_allclose(
        reference[rows, acc.second_nearest_index[cells]], ranked[:, 1], rtol=0, atol=1e-9
    )
    assert (acc.nearest_index[cells] != acc.second_nearest_index[cells]).all()


def test_nearest_and_second_equal_networkx_on_the_junction_graph(graph, plain, prepared):
    acc = TravelTimeAccessibility.from_frames(prepared.cells, prepared.providers, plain)
    rng = np.random.default_rng(2026)
    cells = rng.choice(len(prepared.cells), 30, replace=False)
    _check_against(_reference_minutes(graph, plain.node_id, acc, cells), acc, cells)
    # pairwise networkx and osmnx routing agree for the nearest provider's network leg
    ox = pytest.importorskip("osmnx")
    c_node, c_leg = acc._cell_snap
    p_node, p_leg = acc._provider_snap
    straight = np.hypot(*(acc.cell_xy[cells] - acc.provider_xy[acc.nearest_index[cells]]).T)
    by_graph = cells[straight > acc.direct_max_m][:8]  # beyond the direct-trip length
    assert len(by_graph) >= 4
    for i in by_graph:
        j = acc.nearest_index[i]
        s, t = int(plain.node_id[c_node[i]]), int(plain.node_id[p_node[j]])
        leg = nx.shortest_path_length(graph, s, t, weight="travel_time")
        assert acc.nearest_min[i] == pytest.approx((c_leg[i] + leg + p_leg[j]) / 60, abs=1e-9)
        route = ox.routing.shortest_path(graph, s, t, weight="travel_time")
        on_route = sum(
            min(d["travel_time"] for d in graph[a][b].values())
            for a, b in itertools.pairwise(route)
        )
        assert on_route == pytest.approx(leg, abs=1e-6)


def test_nearest_and_second_equal_networkx_on_the_densified_graph(dense, plain, prepared):
    acc = TravelTimeAccessibility.from_frames(prepared.cells, prepared.providers, dense)
    rng = np.random.default_rng(7)
    cells = rng.choice(len(prepared.cells), 8, replace=False)
    _check_against(_reference_minutes(dense.to_graph(), dense.node_id, acc, cells), acc, cells)
    # densifying changes no junction-to-junction time
    sources = rng.choice(plain.n_nodes, 20, replace=False)
    a = dijkstra(plain.csr, indices=sources)
    b = dijkstra(dense.csr, indices=sources)[:, : plain.n_nodes]
    np.testing.assert_allclose(b, a, rtol=1e-12)


def test_snapping_to_roads_shortens_the_access_leg(dense, plain, ds):
    xy = ds.demand[["x", "y"]].to_numpy()
    pop = ds.demand["population"].to_numpy()
    _, d_plain = plain.snap(xy)
    _, d_dense = dense.snap(xy)
    assert (d_dense <= d_plain + 1e-9).all()
    assert np.average(d_dense, weights=pop) < 0.6 * np.average(d_plain, weights=pop)


def test_seats_to_the_field(dense, ds):
    seats = ds.units_of("maakunta")[["seat_x", "seat_y"]].to_numpy(float)
    cells = ds.demand[["x", "y"]].to_numpy(float)
    nearest, which = times_from_points(dense, seats, cells)
    matrix = times_from_each_point(dense, seats, cells, dtype=np.float64)
    np.testing.assert_allclose(matrix.min(axis=0), nearest, rtol=1e-12)
    np.testing.assert_array_equal(matrix[which, np.arange(len(cells))], nearest)
    assert np.isfinite(nearest).all()
    limited = times_from_each_point(dense, seats, cells, limit_min=60)
    np.testing.assert_array_equal(np.isfinite(limited), matrix <= 60)
    assert nearest.max() < 400  # nowhere in Finland is more than ~6.5 h from a regional seat


def _by_road(ds, dense, minutes):
    memo = Memo()
    memo.use_road_network(ds, dense)
    return prepare(ds, Scenario(reach=Reach(mode="drive", threshold=minutes)), memo=memo)


def test_access_table_by_road_for_every_division(ds, dense, prepared):
    by_road = _by_road(ds, dense, 20)
    assert by_road.unit == "min"
    national = access_table(ds, by_road, "country").iloc[0]
    assert 0.9 < national["coverage_share"] < 1.0
    for division in DIVISIONS:
        table = access_table(ds, by_road, division)
        for col in ("population", "covered_population", "need", "covered_need"):
            assert table[col].sum() == pytest.approx(national[col], rel=1e-12)
        assert {"median_min", "p90_min", "mean_need_min", "e2sfca_h_per_1000_need"} <= set(
            table.columns
        )
        assert not {"median_km", "p90_km"} & set(table.columns)
    everyone = access_table(ds, _by_road(ds, dense, MAX_THRESHOLD_MIN), "country",
                            with_e2sfca=False).iloc[0]
    assert everyone["coverage_share"] == 1.0
    # km table and minutes table describe the same people
    km = access_table(ds, prepared, "maakunta")
    minutes = access_table(ds, by_road, "maakunta")
    assert km["population"].tolist() == minutes["population"].tolist()


def test_third_nearest_by_road_equals_brute_force(ds, dense):
    """Nearest, second and third provider by road, exact: one search per cell of a sample."""
    memo = Memo()
    memo.use_road_network(ds, dense)
    scenario = Scenario(reach=Reach(mode="drive", threshold=20, circuity=1.3),
                        provider_filter=ProviderFilter(flags=("digituki",)))
    by_road = prepare(ds, scenario, memo=memo)
    engine = by_road.cost.engine
    sample = np.random.default_rng(3).choice(len(by_road.cells), 200, replace=False)
    cells = by_road.cells[["x", "y"]].to_numpy(float)[sample]
    provs = by_road.providers[["x", "y"]].to_numpy(float)
    graph = times_from_each_point(dense, cells, provs, circuity=1.3, dtype=np.float64)
    direct = np.hypot(*(cells[:, None, :] - provs[None, :, :]).transpose(2, 0, 1))
    seconds = direct * 1.3 / (engine.access_speed_kmh / 3.6)
    direct_min = np.where(direct <= engine.direct_max_m, seconds / 60, np.inf)
    ranked = np.sort(np.minimum(graph, direct_min), axis=1)
    cost = by_road.cost
    np.testing.assert_allclose(cost.nearest[sample], ranked[:, 0], rtol=1e-9)
    np.testing.assert_allclose(cost.second[sample], ranked[:, 1], rtol=1e-9)
    np.testing.assert_allclose(cost.third[sample], ranked[:, 2], rtol=1e-9)


def test_helsinki_region_travel_time_matrix_agrees_loosely(dense, source):
    """A measurement, not a tuning target: see docs/network.md for the figures."""
    ref = source / "network" / "reference"
    grid = gpd.read_file(
        ref / "helsinki_ykr_grid_250m_metropaccess.gpkg", columns=["x", "y", "YKR_ID"]
    )
    times = pd.read_csv(ref / "helsinki_ttm2015_to_5944003_Itis.txt", sep=";")
    rows = times.merge(grid[["YKR_ID", "x", "y"]], left_on="from_id", right_on="YKR_ID")
    rows = rows[rows["car_m_t"] > 0]
    dest = grid.loc[grid["YKR_ID"] == 5944003, ["x", "y"]].to_numpy(float)
    ours = TravelTimeAccessibility(rows[["x", "y"]].to_numpy(float), dest, dense).nearest_min
    theirs = rows["car_m_t"].to_numpy(float)
    assert len(rows) > 13_000
    assert np.corrcoef(ours, theirs)[0, 1] > 0.5
