"""MCLP coverage sets by road and by walking: hand-made networks, networkx and brute force.

Every solver is checked against a slow, obvious reference computed without the planner's code:
times from networkx Dijkstra on the same graph (plus the straight access legs), coverage by
enumeration of every set of sites.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from coverage.defaults import DIRECT_TRIP_MAX_KM
from coverage.network import RoadNetwork, TravelTimeAccessibility
from coverage.planning import (
    coverage_instance,
    exact_mclp,
    greedy_mclp,
    road_coverage_instance,
    swap_improve,
)

X0, Y0 = 400_000.0, 6_900_000.0
ACCESS_KMH = 30.0
CIRCUITY = 1.3


def line_road(n_nodes, *, seconds_per_km=60.0, one_way=()):
    """Nodes every km along y = Y0; both directions unless (u, v) is in `one_way` (u -> v only)."""
    g = nx.MultiDiGraph(crs="EPSG:3067")
    for i in range(n_nodes):
        g.add_node(i, x=X0 + 1000.0 * i, y=Y0)
    for i in range(n_nodes - 1):
        for u, v in ((i, i + 1), (i + 1, i)):
            if (v, u) in one_way:
                continue
            g.add_edge(u, v, travel_time=seconds_per_km, length=1000.0)
    return g


def at_nodes(*nodes):
    return np.array([[X0 + 1000.0 * n, Y0] for n in nodes])


def random_road(seed):
    """A 5 x 5 street grid, 1 km blocks, random speeds, some one-way streets, strongly connected."""
    rng = np.random.default_rng(seed)
    g = nx.MultiDiGraph(crs="EPSG:3067")
    side = 5
    one_way = []
    for i, j in itertools.product(range(side), range(side)):
        g.add_node(i * side + j, x=X0 + 1000.0 * i, y=Y0 + 1000.0 * j)
    for i, j in itertools.product(range(side), range(side)):
        a = i * side + j
        for b in ((i + 1) * side + j if i + 1 < side else None,
                  i * side + j + 1 if j + 1 < side else None):
            if b is None:
                continue
            seconds = float(rng.uniform(40, 180))  # 20-90 km/h over a 1 km block
            direction = rng.random()
            if direction < 0.8 or (i in (0, side - 1) or j in (0, side - 1)):
                g.add_edge(a, b, travel_time=seconds, length=1000.0)  # the border stays two-way
                g.add_edge(b, a, travel_time=seconds * float(rng.uniform(0.8, 1.25)),
                           length=1000.0)
            elif direction < 0.9:
                g.add_edge(a, b, travel_time=seconds, length=1000.0)
                one_way.append((a, b, seconds))
            else:
                g.add_edge(b, a, travel_time=seconds, length=1000.0)
                one_way.append((b, a, seconds))
    for a, b, seconds in one_way:  # one-way streets can wall off a block: open them one by one
        if nx.is_strongly_connected(g):
            break
        g.add_edge(b, a, travel_time=seconds, length=1000.0)
    assert nx.is_strongly_connected(g)
    n_cells = int(rng.integers(8, 25))
    cells = rng.uniform([X0 - 300, Y0 - 300], [X0 + 4300, Y0 + 4300], (n_cells, 2))
    cands = rng.uniform([X0, Y0], [X0 + 4000, Y0 + 4000], (int(rng.integers(3, 8)), 2))
    providers = rng.uniform([X0, Y0], [X0 + 4000, Y0 + 4000], (int(rng.integers(0, 3)), 2))
    weight = rng.integers(1, 40, n_cells).astype(float)
    weight[rng.random(n_cells) < 0.1] = 0.0
    return g, cells, cands, providers, weight, float(rng.uniform(3, 9))


def reference_minutes(graph, from_xy, to_xy, *, direct_max_m=DIRECT_TRIP_MAX_KM * 1000):
    """Minutes from each `from` point to each `to` point, no planner code: legs + networkx
    Dijkstra, or the direct trip (straight line x circuity at the access speed) when the points
    are at most `direct_max_m` apart and that is quicker (the engine's short-trip rule)."""
    ids = list(graph.nodes)
    node_xy = np.array([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in ids])
    tree = cKDTree(node_xy)
    d_from, k_from = tree.query(from_xy)
    d_to, k_to = tree.query(to_xy)
    leg = CIRCUITY / (ACCESS_KMH / 3.6)  # seconds per metre
    out = np.full((len(from_xy), len(to_xy)), np.inf)
    for i, (dist, k) in enumerate(zip(d_from, k_from, strict=True)):
        sp = nx.single_source_dijkstra_path_length(graph, ids[k], weight="travel_time")
        for j, (dist_to, kt) in enumerate(zip(d_to, k_to, strict=True)):
            if ids[kt] in sp:
                out[i, j] = (dist * leg + sp[ids[kt]] + dist_to * leg) / 60.0
    direct = np.hypot(from_xy[:, None, 0] - to_xy[None, :, 0],
                      from_xy[:, None, 1] - to_xy[None, :, 1])
    return np.where(direct <= direct_max_m, np.minimum(out, direct * leg / 60.0), out)


def brute_force(covers, weight, k):
    """Best weight any set of at most k sites covers: every set is tried."""
    best = 0.0
    n = covers.shape[1]
    for r in range(min(k, n) + 1):
        for combo in itertools.combinations(range(n), r):
            hit = covers[:, list(combo)].any(axis=1) if combo else np.zeros(len(weight), bool)
            best = max(best, float(weight[hit].sum()))
    return best


def naive_greedy(covers, weight, k):
    """Recompute every gain each round on the reference coverage; lowest index on ties."""
    chosen, hit = [], np.zeros(len(weight), dtype=bool)
    for _ in range(k):
        gains = [-1.0 if j in chosen else float(weight[covers[:, j] & ~hit].sum())
                 for j in range(covers.shape[1])]
        j = int(np.argmax(gains))
        if gains[j] <= 0:
            break
        chosen.append(j)
        hit |= covers[:, j]
    return chosen, float(weight[hit].sum())


def covered_weight(covers, weight, chosen):
    hit = covers[:, list(chosen)].any(axis=1) if len(chosen) else np.zeros(len(weight), bool)
    return float(weight[hit].sum())


def road_instance(graph, cells, cands, weight, threshold_min, already=None):
    engine = TravelTimeAccessibility(cells, np.zeros((0, 2)), RoadNetwork.from_graph(graph),
                                     access_speed_kmh=ACCESS_KMH, circuity=CIRCUITY)
    return road_coverage_instance(engine, weight, cands, threshold_min=threshold_min,
                                  already_covered=already, population=weight * 2)


# ------------------------------------------------------------------------------ worked cases


def test_greedy_trap_by_road_swap_and_exact_reach_the_optimum():
    # 60 km/h line road, cells on nodes 0, 2, 4, 6 (need 3, 4, 4, 3), sites on nodes 1, 3, 5;
    # 2 minutes: site 1 covers cells 0 and 2 (7), site 3 cells 2 and 4 (8), site 5 cells 4, 6 (7)
    g = line_road(7)
    inst = road_instance(g, at_nodes(0, 2, 4, 6), at_nodes(1, 3, 5), np.array([3.0, 4, 4, 3]), 2.0)
    assert [inst.cell_index[inst.rows_of(j)].tolist() for j in range(3)] == [[0, 1], [1, 2], [2, 3]]
    greedy = greedy_mclp(inst, 2)
    assert greedy.chosen.tolist() == [1, 0]  # the middle first (8), then only 3 more
    assert greedy.objective == 11.0
    assert swap_improve(inst, greedy).objective == 14.0
    exact = exact_mclp(inst, 2)
    assert sorted(exact.chosen.tolist()) == [0, 2]
    assert exact.objective == 14.0 == brute_force(
        reference_minutes(g, at_nodes(0, 2, 4, 6), at_nodes(1, 3, 5)) <= 2.0,
        np.array([3.0, 4, 4, 3]), 2)


def test_a_cell_is_covered_by_its_trip_to_the_site_not_the_way_back():
    # street 2 -> 1 is one-way (1 min); the way 1 -> 2 goes round by node 3 (5 + 5 min)
    g = line_road(3, one_way={(2, 1)})
    g.add_node(3, x=X0 + 1500.0, y=Y0 + 3000.0)
    g.add_edge(1, 3, travel_time=300.0, length=3000.0)
    g.add_edge(3, 2, travel_time=300.0, length=3000.0)
    # a site on node 2 is 1 min from the cell on node 1, but the cell's trip there takes longer
    # (round by node 3, or 1 km straight on foot-slow streets: 1000 x 1.3 at 30 km/h = 2.6 min)
    inst = road_instance(g, at_nodes(1), at_nodes(2, 0), np.array([5.0]), 1.5)
    assert inst.cover.toarray().tolist() == [[False], [True]]
    assert road_instance(g, at_nodes(1), at_nodes(2), np.array([5.0]), 2.7).cover.nnz == 1
    # the other way round: a cell on node 2 reaches a site on node 1 in 1 min
    inst = road_instance(g, at_nodes(2), at_nodes(1), np.array([5.0]), 1.5)
    assert inst.cover.toarray().tolist() == [[True]]


def test_access_legs_count_and_the_threshold_is_inclusive():
    # cell 400 m beside node 0: leg 400 x 1.3 / (30 km/h) = 62.4 s; site on node 1 (60 s road)
    g = line_road(2)
    cell = np.array([[X0, Y0 + 400.0]])
    minutes = (400 * CIRCUITY / (ACCESS_KMH / 3.6) + 60.0) / 60.0
    assert reference_minutes(g, cell, at_nodes(1))[0, 0] == pytest.approx(minutes)
    inside = road_instance(g, cell, at_nodes(1), np.array([1.0]), minutes)
    outside = road_instance(g, cell, at_nodes(1), np.array([1.0]), minutes - 1e-9)
    assert inside.cover.nnz == 1
    assert outside.cover.nnz == 0


# ------------------------------------------------------------------------------ random networks


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 3))
def test_every_solver_against_networkx_and_brute_force(seed, k):
    g, cells, cands, providers, weight, threshold = random_road(seed)
    engine = TravelTimeAccessibility(cells, providers.reshape(-1, 2), RoadNetwork.from_graph(g),
                                     access_speed_kmh=ACCESS_KMH, circuity=CIRCUITY)
    already = engine.covered(threshold)
    if len(providers):
        reference_before = (reference_minutes(g, cells, providers) <= threshold).any(axis=1)
        assert already.tolist() == reference_before.tolist()
    inst = road_coverage_instance(engine, weight, cands, threshold_min=threshold,
                                  already_covered=already, population=weight * 2)
    # coverage sets: exactly the reference pairs among the cells still open
    ref = reference_minutes(g, cells, cands) <= threshold
    ref &= ~already[:, None] & ((weight > 0) | (weight * 2 > 0))[:, None]
    got = np.zeros_like(ref)
    for j in range(len(cands)):
        got[inst.cell_index[inst.rows_of(j)], j] = True
    assert got.tolist() == ref.tolist()
    # solvers against enumeration on the reference coverage
    open_weight = np.where(already, 0.0, weight)
    optimum = brute_force(ref, open_weight, k)
    greedy = greedy_mclp(inst, k)
    swapped = swap_improve(inst, greedy)
    exact = exact_mclp(inst, k)
    chosen, value = naive_greedy(ref, open_weight, k)
    assert greedy.chosen.tolist() == chosen
    assert greedy.objective == pytest.approx(value)
    assert exact.optimal
    assert exact.objective == pytest.approx(optimum)
    assert covered_weight(ref, open_weight, exact.chosen) == pytest.approx(optimum)
    assert covered_weight(ref, open_weight, swapped.chosen) == pytest.approx(swapped.objective)
    assert greedy.objective - 1e-9 <= swapped.objective <= optimum + 1e-9
    # greedy + swap is a 1-swap local optimum of the reference coverage
    here = set(swapped.chosen.tolist())
    for out, into in itertools.product(here, set(range(len(cands))) - here):
        assert covered_weight(ref, open_weight, (here - {out}) | {into}) <= (
            swapped.objective + 1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 3))
def test_walking_without_streets_against_brute_force(seed, k):
    """On foot: minutes = straight line x circuity at the walking speed; the km instance with the
    radius the walking minutes reach covers what the minutes say (the engine's conversion)."""
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 3000, (int(rng.integers(5, 30)), 2))
    cands = rng.uniform(0, 3000, (int(rng.integers(2, 7)), 2))
    weight = rng.integers(0, 30, len(cells)).astype(float)
    speed, threshold = float(rng.uniform(2.5, 5.0)), float(rng.uniform(5, 25))
    inst = coverage_instance(cells, weight, cands, circuity=CIRCUITY,
                             threshold_m=threshold / (60.0 / speed) * 1000.0)
    metres = np.hypot(cells[:, None, 0] - cands[None, :, 0], cells[:, None, 1] - cands[None, :, 1])
    minutes = metres * CIRCUITY / (speed * 1000 / 60)
    ref = (minutes <= threshold) & (weight > 0)[:, None]
    got = np.zeros_like(ref)
    for j in range(len(cands)):
        got[inst.cell_index[inst.rows_of(j)], j] = True
    # equal, but for a hair's breadth on the threshold (minutes and metres round differently)
    assert np.isclose(minutes[got != ref], threshold).all()
    assert exact_mclp(inst, k).objective == pytest.approx(brute_force(got, weight, k))
    chosen, value = naive_greedy(got, weight, k)
    assert greedy_mclp(inst, k).chosen.tolist() == chosen
    assert greedy_mclp(inst, k).objective == pytest.approx(value)
