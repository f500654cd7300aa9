"""One measure of reach: the Reach settings, the cost per cell in every mode, and choice.

Hand-made fixtures and brute force: the nearest, second and third provider by straight line,
on foot and by road; coverage by at least two providers per unit.
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import dijkstra
from test_compare import tiny_dataset  # tests/unit is on sys.path (rootdir prepend)

from coverage.accessibility import Accessibility, ProviderFilter
from coverage.defaults import DEFAULT_THRESHOLD_KM, DEFAULT_WALK_SPEED_KMH, NeedRates
from coverage.errors import InputError
from coverage.network import RoadNetwork, _csr, third_nearest, two_nearest
from coverage.reach import (
    DEFAULT_THRESHOLDS,
    LinearCost,
    Memo,
    Reach,
    resolve_cost,
)
from coverage.scenario import Scenario, access_table, prepare

# --- Reach and Scenario --------------------------------------------------------------------------


def test_reach_defaults_follow_the_mode():
    assert Reach().unit == "km"
    assert Reach().threshold == DEFAULT_THRESHOLD_KM
    assert Reach(mode="drive").unit == "min"
    assert Reach(mode="walk").threshold == DEFAULT_THRESHOLDS["walk"]
    assert Reach(mode="walk").walk_speed_kmh == DEFAULT_WALK_SPEED_KMH
    assert Reach(mode="walk", threshold=15).catchment_or_threshold == 15
    assert Reach(mode="walk", threshold=15, catchment=30).catchment_or_threshold == 30


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "bike"}, "unknown mode 'bike'"),
        ({"threshold": 0}, "threshold 0: give a positive number"),
        ({"mode": "walk", "walk_speed_kmh": -1}, "walk_speed_kmh -1"),
        ({"circuity": 0.9}, "circuity 0.9: use 1.0"),
        ({"network": "town.osm"}, "a street network needs mode drive or walk"),
    ],
)
def test_reach_refuses_impossible_settings(kwargs, message):
    with pytest.raises(InputError, match=message):
        Reach(**kwargs)


def test_reach_and_scenario_round_trip_through_json():
    reach = Reach(mode="walk", threshold=15, circuity=1.2, walk_speed_kmh=3.0)
    assert Reach.from_dict(json.loads(json.dumps(reach.to_dict()))) == reach
    scenario = Scenario(
        reach=reach, provider_filter=ProviderFilter(types=("library",), flags=("digituki",)),
        need_rates=NeedRates({"15_64": {4: 0.01}, "65_74": {2: 0.2}, "75plus": {3: 0.3}}),
        need_levels=(2, 3), mainland_only=True,
    )
    again = Scenario.from_dict(json.loads(json.dumps(scenario.to_dict())))
    assert again == scenario
    with pytest.raises(InputError, match="unknown reach setting"):
        Reach.from_dict({"mode": "walk", "speed": 3})
    with pytest.raises(InputError, match="unknown scenario setting"):
        Scenario.from_dict({"threshold_km": 10})


# --- Straight line and walking ------------------------------------------------------------------

CELLS = np.array([[0.0, 0.0], [1000.0, 0.0], [5000.0, 0.0], [9000.0, 0.0]])
PROVIDERS = np.array([[0.0, 300.0], [1000.0, 800.0], [2000.0, 0.0], [9000.0, 6000.0]])


def brute(circuity: float) -> np.ndarray:
    d = np.hypot(*(CELLS[:, None, :] - PROVIDERS[None, :, :]).transpose(2, 0, 1)) * circuity
    return np.sort(d, axis=1)


def test_straight_cost_is_km_and_ranks_three_providers():
    access = Accessibility(CELLS, PROVIDERS, circuity=1.3)
    cost = LinearCost(access, unit="km", per_km=1.0)
    ranked = brute(1.3) / 1000
    np.testing.assert_allclose(cost.nearest, ranked[:, 0], rtol=1e-12)
    np.testing.assert_allclose(cost.second, ranked[:, 1], rtol=1e-12)
    np.testing.assert_allclose(cost.third, ranked[:, 2], rtol=1e-12)
    for threshold in (0.5, 1.3, 2.0, 6.0):
        for k in (1, 2, 3):
            np.testing.assert_array_equal(cost.covered(threshold, providers=k),
                                          ranked[:, k - 1] <= threshold)


def test_walking_is_the_straight_line_at_walking_speed():
    access = Accessibility(CELLS, PROVIDERS, circuity=1.2)
    reach = Reach(mode="walk", threshold=20, circuity=1.2, walk_speed_kmh=4.0)
    cost = resolve_cost(reach, None, None, access=access)
    assert cost.unit == "min"
    minutes = brute(1.2) / 1000 / 4.0 * 60
    np.testing.assert_allclose(cost.nearest, minutes[:, 0], rtol=1e-12)
    np.testing.assert_allclose(cost.third, minutes[:, 2], rtol=1e-12)
    cells, provs, t = cost.pairs_within(20)
    full = brute_pairs(1.2) / 1000 / 4.0 * 60
    assert len(cells) == int((full <= 20).sum())
    np.testing.assert_allclose(t, full[cells, provs], rtol=1e-12)
    # the seat of a unit: straight line x circuity at the speed, in minutes
    seat = cost.from_seats(np.array([[0.0, 0.0]]), CELLS, np.zeros(4, dtype=np.int64))
    np.testing.assert_allclose(seat, np.hypot(*CELLS.T) * 1.2 / 1000 / 4.0 * 60)


def brute_pairs(circuity: float) -> np.ndarray:
    return np.hypot(*(CELLS[:, None, :] - PROVIDERS[None, :, :]).transpose(2, 0, 1)) * circuity


def test_fewer_than_three_providers_leave_inf():
    cost = LinearCost(Accessibility(CELLS, PROVIDERS[:2]), unit="km", per_km=1.0)
    assert np.isinf(cost.third).all()
    assert np.isfinite(cost.second).all()
    assert not cost.covered(1e9, providers=3).any()
    with pytest.raises(InputError, match="count 1, 2 or 3 providers"):
        cost.covered(1.0, providers=4)


# --- By road ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(60))
def test_third_nearest_source_on_a_graph_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 40))
    e = int(rng.integers(n, 4 * n))
    u, v = rng.integers(0, n, e), rng.integers(0, n, e)
    w = rng.integers(1, 5, e).astype(float) if seed % 2 else rng.random(e)  # ties on odd seeds
    keep = u != v
    csr = _csr(n, u[keep], v[keep], w[keep])
    m = int(rng.integers(1, 7))
    src = rng.integers(0, n, m)  # two sources may share a node
    offset = rng.random(m) * 2
    full = dijkstra(csr, indices=src) + offset[:, None]
    ranked = np.sort(full, axis=0)
    two = two_nearest(csr, src, offset)
    d3, s3 = third_nearest(csr, src, offset, two)
    expected = ranked[2] if m >= 3 else np.full(n, np.inf)
    np.testing.assert_allclose(d3, expected)
    ok = np.isfinite(d3)
    np.testing.assert_allclose(full[s3[ok], np.flatnonzero(ok)], d3[ok])
    assert ((s3[ok] != two[1][ok]) & (s3[ok] != two[3][ok])).all()
    assert (s3[~ok] == -1).all()


def line_road(ds) -> RoadNetwork:
    """A road along the tiny country's cells (y = 500 m), 1 min per km, nodes every 100 m."""
    g = nx.MultiDiGraph(crs="EPSG:3067")
    g.add_nodes_from((i, {"x": i * 100.0, "y": 500.0}) for i in range(101))
    for i in range(100):
        g.add_edge(i, i + 1, travel_time=6.0, length=100.0)
        g.add_edge(i + 1, i, travel_time=6.0, length=100.0)
    return RoadNetwork.from_graph(g)


def test_drive_cost_on_a_road_of_one_minute_per_km_equals_the_km(ds_tiny):
    ds = ds_tiny
    memo = Memo()
    memo.use_road_network(ds, line_road(ds))
    drive = prepare(ds, Scenario(reach=Reach(mode="drive", threshold=2.0, circuity=1.0)),
                    memo=memo)
    km = prepare(ds, Scenario(reach=Reach(threshold=2.0, circuity=1.0)))
    assert drive.unit == "min"
    assert km.unit == "km"
    for rank in ("nearest", "second", "third"):
        np.testing.assert_allclose(getattr(drive.cost, rank), getattr(km.cost, rank),
                                   rtol=1e-9, err_msg=rank)
    # the engine is remembered: the same scenario again builds nothing new
    entries = len(memo)
    again = prepare(ds, Scenario(reach=Reach(mode="drive", threshold=5.0, circuity=1.0)),
                    memo=memo)
    assert len(memo) == entries
    assert again.cost.engine is drive.cost.engine


@pytest.fixture
def ds_tiny():
    return tiny_dataset()


# --- Choice: at least two providers within the threshold, per unit --------------------------------


def test_coverage_by_two_providers_per_unit_equals_brute_force(ds_tiny):
    """Per unit, people with two or more providers within the threshold, counted cell by cell."""
    ds = ds_tiny
    for threshold in (1.0, 2.0, 3.0, 6.0):
        prepared = prepare(ds, Scenario(reach=Reach(threshold=threshold, circuity=1.0)))
        table = access_table(ds, prepared, "maakunta").set_index("unit_code")
        cells = prepared.cells
        provs = prepared.providers[["x", "y"]].to_numpy(float)
        d = np.hypot(*(cells[["x", "y"]].to_numpy(float)[:, None, :] - provs[None]).transpose(
            2, 0, 1)) / 1000
        two = (d <= threshold).sum(axis=1) >= 2
        unit = ds.membership.set_index("kunta_code")["maakunta"].reindex(cells["kunta_code"])
        pop = cells["population"].to_numpy(float)
        expected = pd.Series(pop * two).groupby(unit.to_numpy()).sum()
        np.testing.assert_allclose(table.loc[expected.index, "covered2_population"], expected)
        np.testing.assert_allclose(
            table["coverage2_share"], table["covered2_population"] / table["population"])
        assert (table["covered2_population"] <= table["covered_population"]).all()


def test_median_cost_to_the_second_and_third_provider_per_unit(ds_tiny):
    """Per unit, the people-weighted median of the brute-force 2nd and 3rd distances."""
    ds = ds_tiny
    prepared = prepare(ds, Scenario(reach=Reach(threshold=2.0, circuity=1.0)))
    table = access_table(ds, prepared, "maakunta").set_index("unit_code")
    cells = prepared.cells
    provs = prepared.providers[["x", "y"]].to_numpy(float)
    xy = cells[["x", "y"]].to_numpy(float)
    ranked = np.sort(np.hypot(*(xy[:, None, :] - provs[None]).transpose(2, 0, 1)), axis=1) / 1000
    unit = ds.membership.set_index("kunta_code")["maakunta"].reindex(cells["kunta_code"])
    pop = cells["population"].to_numpy(float)
    for code in table.index:
        mine = (unit == code).to_numpy()
        for k, rank in ((1, "second"), (2, "third")):
            cost = ranked[mine, k] if ranked.shape[1] > k else np.full(mine.sum(), np.inf)
            order = np.argsort(cost, kind="stable")
            cum = np.cumsum(pop[mine][order])
            expected = cost[order][np.searchsorted(cum, 0.5 * cum[-1] - 1e-9)]
            got = table.loc[code, f"median_{rank}_km"]
            if np.isfinite(expected):
                assert got == pytest.approx(expected, rel=1e-12), (code, rank)
            else:
                assert np.isnan(got), (code, rank)
        assert table.loc[code, "median_km"] <= table.loc[code, "median_second_km"]
