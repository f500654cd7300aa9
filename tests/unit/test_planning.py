"""MCLP planning on hand-made instances: worked answers, brute force, spopt, a tiny fake dataset."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from coverage.accessibility import ProviderFilter
from coverage.area import Area
from coverage.cli_planning import PLAN_COLUMNS
from coverage.data.dataset import Dataset
from coverage.data.schema import DIVISIONS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.errors import InputError
from coverage.messages import localized
from coverage.planning import (
    PlanSettings,
    UnitLimits,
    before_after_table,
    candidate_sites,
    coverage_instance,
    exact_mclp,
    greedy_mclp,
    plan_new_sites,
    read_points,
    region_explanation,
    swap_improve,
    with_sites,
)
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, prepare
from tests.planning_oracle import allowed, brute_force, straight_line_instance

DIGITUKI = ProviderFilter(flags=("digituki",))

# ------------------------------------------------------------------------------ hand instances


def line_instance(cells_km, weights, candidates_km, radius_km=1.0):
    """Cells and candidates on a line (y = 0), metres, straight line."""
    cell_xy = np.column_stack([np.asarray(cells_km, float) * 1000, np.zeros(len(cells_km))])
    cand_xy = np.column_stack(
        [np.asarray(candidates_km, float) * 1000, np.zeros(len(candidates_km))]
    )
    return coverage_instance(
        cell_xy,
        np.asarray(weights, float),
        cand_xy,
        threshold_m=radius_km * 1000,
        population=np.asarray(weights, float) * 10,
    )


def test_worked_example_marginal_gains():
    # cells at 0,1,2,3,4,10 km with need 5,1,4,4,1,3; sites at 1, 3, 2.5, 10 km; radius 1 km
    inst = line_instance([0, 1, 2, 3, 4, 10], [5, 1, 4, 4, 1, 3], [1, 3, 2.5, 10])
    # A(1 km) covers 0,1,2 = 10; B(3) covers 2,3,4 = 9; C(2.5) covers 2,3 = 8; D(10) = 3
    sol = greedy_mclp(inst, 3)
    assert sol.chosen.tolist() == [0, 1, 3]
    np.testing.assert_allclose(sol.gains, [10, 5, 3])  # B adds only 3 and 4 once A has cell 2
    np.testing.assert_allclose(sol.population_gains, [100, 50, 30])
    assert sol.objective == 18
    ex = exact_mclp(inst, 3)
    assert ex.objective == 18
    assert ex.optimal


def test_greedy_can_miss_the_optimum_and_the_exact_solver_finds_it():
    # a=0 (1.5), b=2 (2), c=4 (2), d=6 (1.5); sites at 1 {a,b}, 3 {b,c}, 5 {c,d}
    inst = line_instance([0, 2, 4, 6], [1.5, 2, 2, 1.5], [1, 3, 5])
    greedy = greedy_mclp(inst, 2)
    assert greedy.chosen.tolist()[0] == 1  # the middle site looks best first (4)
    assert greedy.objective == pytest.approx(5.5)
    exact = exact_mclp(inst, 2)
    assert sorted(exact.chosen.tolist()) == [0, 2]
    assert exact.objective == pytest.approx(7.0)
    assert greedy.objective >= (1 - 1 / math.e) * exact.objective
    swapped = swap_improve(inst, greedy)
    assert swapped.objective == pytest.approx(7.0)  # one swap (middle -> right) finds the optimum


def test_instance_leaves_out_covered_cells_and_uses_the_engine_distance():
    cell_xy = np.array([[0.0, 0], [1000, 0], [2000, 0], [3000, 0]])
    w = np.array([1.0, 2, 3, 4])
    cand = np.array([[1000.0, 0]])
    inst = coverage_instance(
        cell_xy,
        w,
        cand,
        threshold_m=1300,
        circuity=1.3,
        already_covered=np.array([True, False, False, False]),
    )
    # 1000 m * 1.3 = 1300 m: the neighbours at exactly the threshold count, as in the engine
    assert sorted(inst.cell_index.tolist()) == [1, 2]
    assert inst.objective([0]) == 5
    none = coverage_instance(cell_xy, w, cand, threshold_m=1299.999, circuity=1.3)
    assert sorted(none.cell_index.tolist()) == [1]


def test_zero_sites_and_no_gain_stop():
    inst = line_instance([0, 5], [1, 1], [0, 0.2, 30])
    assert len(greedy_mclp(inst, 0).chosen) == 0
    sol = greedy_mclp(inst, 3)  # only one site adds anything
    assert sol.chosen.tolist() == [0]
    with pytest.raises(InputError, match="give 0 or more"):
        greedy_mclp(inst, -1)


# ------------------------------------------------------------------------------ random instances


def random_instance(seed, *, n_cells=None, n_cand=None, spread=20_000.0, radius=4_000.0):
    rng = np.random.default_rng(seed)
    n_cells = n_cells or int(rng.integers(5, 40))
    n_cand = n_cand or int(rng.integers(2, 10))
    cells = rng.uniform(0, spread, (n_cells, 2))
    cands = rng.uniform(0, spread, (n_cand, 2))
    w = rng.integers(1, 50, n_cells).astype(float)
    w[rng.random(n_cells) < 0.1] = 0.0
    inst = coverage_instance(cells, w, cands, threshold_m=radius, population=w * 3)
    return inst, cells, cands, w, radius


def naive_greedy(inst, k):
    """The slow, obvious reference: recompute every gain each round; lowest index on ties."""
    chosen = []
    for _ in range(k):
        base = inst.objective(chosen)
        gains = [
            inst.objective([*chosen, j]) - base if j not in chosen else -1
            for j in range(inst.n_candidates)
        ]
        j = int(np.argmax(gains))
        if gains[j] <= 0:
            break
        chosen.append(j)
    return chosen


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 4))
def test_exact_ge_greedy_ge_bound_and_exact_equals_brute_force(seed, k):
    inst, *_ = random_instance(seed)
    k = min(k, inst.n_candidates)
    greedy = greedy_mclp(inst, k)
    exact = exact_mclp(inst, k)
    opt = brute_force(inst, k)
    assert exact.objective == pytest.approx(opt, rel=1e-9, abs=1e-9)
    assert exact.optimal
    assert exact.objective >= greedy.objective - 1e-9
    assert greedy.objective >= (1 - 1 / math.e) * exact.objective - 1e-9
    assert greedy.chosen.tolist() == naive_greedy(inst, k)
    swapped = swap_improve(inst, greedy)
    assert greedy.objective - 1e-9 <= swapped.objective <= exact.objective + 1e-9
    assert swapped.objective == pytest.approx(inst.objective(swapped.chosen))
    assert len(set(swapped.chosen.tolist())) == len(swapped.chosen) <= k
    # the objective is what the chosen sites cover, and the gains add up to it
    assert greedy.objective == pytest.approx(inst.objective(greedy.chosen))
    assert greedy.gains.sum() == pytest.approx(greedy.objective)
    assert exact.gains.sum() == pytest.approx(exact.objective)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_greedy_is_monotone_in_k_and_a_prefix(seed):
    inst, *_ = random_instance(seed, n_cand=9)
    previous = greedy_mclp(inst, 0)
    for k in range(1, 10):
        sol = greedy_mclp(inst, k)
        assert sol.objective >= previous.objective - 1e-12
        assert sol.chosen[: len(previous.chosen)].tolist() == previous.chosen.tolist()
        assert np.all(np.diff(sol.gains) <= 1e-9)  # diminishing returns
        previous = sol


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 4))
def test_exact_objective_equals_spopt_mclp(seed, k):
    import pulp  # noqa: PLC0415 (slow import)
    from spopt.locate import MCLP  # noqa: PLC0415 (slow import)

    inst, cells, cands, w, radius = random_instance(seed)
    k = min(k, inst.n_candidates)
    cost = np.hypot(cells[:, None, 0] - cands[None, :, 0], cells[:, None, 1] - cands[None, :, 1])
    mclp = MCLP.from_cost_matrix(cost, w, service_radius=radius, p_facilities=k, name=f"t{seed}")
    mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False))
    spopt_objective = float(mclp.problem.objective.value())
    chosen = [j for j, v in enumerate(mclp.fac_vars) if v.value() > 0.5]
    assert inst.objective(chosen) == pytest.approx(spopt_objective)
    assert exact_mclp(inst, k).objective == pytest.approx(spopt_objective, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6), k=st.integers(2, 5), cap=st.integers(1, 2), floor=st.integers(0, 1)
)
def test_limits_are_respected_and_exact_is_optimal_under_them(seed, k, cap, floor):
    inst, *_ = random_instance(seed, n_cand=8)
    rng = np.random.default_rng(seed)
    units = np.r_[0, 1, 2, rng.integers(0, 3, inst.n_candidates - 3)].astype(np.int64)
    limits = UnitLimits(units, 3, max_per_unit=cap, min_per_unit=floor)
    if 3 * floor > k:
        with pytest.raises(InputError, match="more than the"):
            limits.check(k)
        return
    greedy = greedy_mclp(inst, k, limits=limits)
    exact = exact_mclp(inst, k, limits=limits)
    swapped = swap_improve(inst, greedy, limits=limits)
    assert greedy.objective - 1e-9 <= swapped.objective <= exact.objective + 1e-9
    for sol in (greedy, exact, swapped):
        counts = np.bincount(units[sol.chosen], minlength=3)
        assert (counts <= cap).all()
        assert (counts >= floor).all()
        assert len(sol.chosen) <= k
    assert exact.objective == pytest.approx(brute_force(inst, k, limits), abs=1e-9)
    assert exact.objective >= greedy.objective - 1e-9


def test_impossible_limits_say_what_to_change():
    inst, *_ = random_instance(1, n_cand=6)
    units = np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(InputError, match="raise --new-sites or lower --min-per-unit"):
        greedy_mclp(inst, 3, limits=UnitLimits(units, 2, min_per_unit=2))
    with pytest.raises(InputError, match="fewer than 1 candidates"):
        greedy_mclp(
            inst, 3, limits=UnitLimits(units, 3, min_per_unit=1, unit_codes=("01", "02", "03"))
        )
    with pytest.raises(InputError, match="--max-per-unit 1 < --min-per-unit 2"):
        greedy_mclp(inst, 4, limits=UnitLimits(units, 2, max_per_unit=1, min_per_unit=2))


def test_merged_instance_keeps_every_objective():
    inst, *_ = random_instance(7, n_cells=60, n_cand=8)
    small = inst.merged()
    assert small.n_rows < inst.n_rows
    rng = np.random.default_rng(0)
    for _ in range(30):
        combo = rng.choice(8, int(rng.integers(0, 8)), replace=False)
        assert small.objective(combo) == pytest.approx(inst.objective(combo))


# ------------------------------------------------------------------------------ a fake dataset

KUNNAT = {
    "091": ("Helsinki", "01", 300_000),
    "049": ("Espoo", "01", 310_000),
    "478": ("Maarianhamina", "21", 320_000),
}
Y0 = 6_700_000.0


def fake_dataset() -> Dataset:
    """Three 10 km * 10 km municipalities side by side; Åland (maakunta 21) on the right."""
    munis = gpd.GeoDataFrame(
        {
            "kunta_code": list(KUNNAT),
            "name_fi": [v[0] for v in KUNNAT.values()],
            "name_sv": [v[0] for v in KUNNAT.values()],
            "population": 0,
        },
        geometry=[box(x0, Y0, x0 + 10_000, Y0 + 10_000) for _n, _m, x0 in KUNNAT.values()],
        crs="EPSG:3067",
    )
    membership = pd.DataFrame({"kunta_code": list(KUNNAT)})
    for division in DIVISIONS:
        membership[division] = "FI" if division == "country" else [v[1] for v in KUNNAT.values()]
    membership["kunta"] = list(KUNNAT)
    units = []
    for division in DIVISIONS:
        codes = sorted(set(membership[division]))
        for code in codes:
            kunta = (
                code
                if division == "kunta"
                else membership.loc[membership[division] == code, "kunta_code"].iloc[0]
            )
            name, _mk, x0 = KUNNAT[kunta]
            units.append(
                {
                    "division": division,
                    "unit_code": code,
                    "name_fi": f"{name} {division}",
                    "name_sv": name,
                    "seat_kunta_code": kunta,
                    "seat_name": name,
                    "seat_basis": "test",
                    "seat_source": "test",
                    "seat_x": x0 + 5_000.0,
                    "seat_y": Y0 + 5_000.0,
                }
            )
    units = pd.DataFrame(units)
    xs, ys = np.meshgrid(np.arange(500, 30_000, 1000.0), np.arange(500, 10_000, 1000.0))
    rng = np.random.default_rng(3)
    n = xs.size
    pop = rng.integers(0, 40, n).astype(float)
    x = 300_000 + xs.ravel()
    demand = pd.DataFrame(
        {
            "cell_id": [f"c{i}" for i in range(n)],
            "x": x,
            "y": Y0 + ys.ravel(),
            "kunta_code": np.where(x < 310_000, "091", np.where(x < 320_000, "049", "478")),
            "population": pop,
            "pop_0_14": pop * 0.1,
            "pop_15_64": pop * 0.6,
            "pop_65plus": pop * 0.3,
            "pop_75plus": pop * 0.15,
        }
    )
    providers = pd.DataFrame(
        [
            _provider(
                "kirkanta:1",
                "Digituki Library",
                "library",
                "091",
                301_000,
                Y0 + 1_000,
                digituki=True,
            ),
            _provider(
                "kirkanta:2", "Plain Library", "library", "049", 318_000, Y0 + 8_000, digituki=False
            ),
            _provider("ngo:1", "Some NGO", "ngo", "091", 309_000, Y0 + 9_000, digituki=False),
        ]
    )
    settlements = pd.DataFrame(
        {
            "name_fi": ["Kylä A", "Kylä B", "Ahvenkylä"],
            "name_sv": ["A", "B", "C"],
            "population_2021": [300, 200, 100],
            "x": [305_500.0, 314_500.0, 325_500.0],
            "y": [Y0 + 6_500, Y0 + 2_500, Y0 + 4_500],
            "kunta_code": ["091", "049", "478"],
        }
    )
    return Dataset(
        munis, membership, units, demand, providers, settlements, {"dataset_id": "fake"}, Path()
    )


def _provider(pid, name, ptype, kunta, x, y, *, digituki):
    row = dict.fromkeys(PROVIDER_COLUMNS, "")
    row.update(
        {
            "provider_id": pid,
            "name": name,
            "provider_type": ptype,
            "auta_part": "AB",
            "channel": "walk_in",
            "capacity_h_week": 10.0,
            "kunta_code": kunta,
            "x": float(x),
            "y": float(y),
            "location_approximate": False,
        }
    )
    row.update(dict.fromkeys(SERVICE_FLAGS, False))
    row["svc_digituki"] = digituki
    return row


@pytest.fixture(scope="module")
def fake():
    return fake_dataset()


def test_candidates_leave_out_libraries_that_already_count(fake):
    prepared = prepare(fake, Scenario(reach=Reach(threshold=3)))
    cands, notes = candidate_sites(fake, prepared)
    assert set(cands["kind"]) == {"centre", "settlement"}
    assert "already count as providers" in notes[0].message
    assert notes[0].code == "plan.libraries_already_count"
    digi = prepare(
        fake, Scenario(reach=Reach(threshold=3), provider_filter=DIGITUKI)
    )
    cands, notes = candidate_sites(fake, digi)
    assert cands.loc[cands["kind"] == "library", "site_name"].tolist() == ["Plain Library"]
    assert notes == []
    mainland = prepare(fake, Scenario(reach=Reach(threshold=3), mainland_only=True))
    cands, notes = candidate_sites(fake, mainland)
    assert "478" not in set(cands["kunta_code"])
    assert any("Åland" in n.message for n in notes)
    # the app writes the notes in the user's language (coverage.messages)
    assert any("ehdokasta Ahvenanmaalla jätettiin pois" in localized(n, "fi") for n in notes)
    assert any("kandidater på Åland" in localized(n, "sv") for n in notes)
    with pytest.raises(InputError, match="unknown candidate set"):
        candidate_sites(fake, prepared, kinds=("churches",))


@pytest.mark.parametrize("solver", ["greedy", "greedy-swap", "exact"])
@pytest.mark.parametrize("circuity", [1.0, 1.3])
def test_plan_claim_equals_the_engine_rerun_from_scratch(fake, solver, circuity):
    scenario = Scenario(
        reach=Reach(threshold=3, circuity=circuity), provider_filter=DIGITUKI
    )
    prepared = prepare(fake, scenario)
    plan = plan_new_sites(fake, prepared, PlanSettings(4, solver=solver))
    after = with_sites(fake, prepared, plan.sites)
    assert len(after.providers) == len(prepared.providers) + len(plan.sites)
    recomputed = float(after.need[after.access.covered(after.threshold_m)].sum())
    assert recomputed == pytest.approx(plan.need_covered_after, rel=1e-12)
    pop_after = float(
        after.cells["population"].to_numpy()[after.access.covered(after.threshold_m)].sum()
    )
    assert pop_after == pytest.approx(plan.population_covered_after, rel=1e-12)
    national = access_table(fake, after, "country", with_e2sfca=False).iloc[0]
    assert national["covered_need"] == pytest.approx(plan.need_covered_after, rel=1e-12)
    # the cells each site covers first: exactly those the rerun newly counts (empty cells aside)
    gained = after.access.covered(after.threshold_m) & ~prepared.access.covered(
        prepared.threshold_m) & (prepared.cells["population"].to_numpy() > 0)
    assert sorted(plan.new_cells["cell_row"]) == np.flatnonzero(gained).tolist()
    new = plan.new_cells
    per_site = np.bincount(new["rank"], weights=prepared.need[new["cell_row"]],
                           minlength=len(plan.sites) + 1)[1:]
    np.testing.assert_allclose(per_site, plan.sites["added_need_covered"], atol=1e-9)
    assert plan.sites["cumulative_need_coverage_share"].iloc[-1] == pytest.approx(
        plan.need_covered_after / plan.need_total
    )
    assert list(plan.sites.columns[:8]) == list(PLAN_COLUMNS[:8])
    assert plan.sites["cumulative_need_coverage_share"].is_monotonic_increasing


def test_plan_greedy_matches_brute_force_on_the_fake_dataset(fake):
    prepared = prepare(
        fake, Scenario(reach=Reach(threshold=3), provider_filter=DIGITUKI)
    )
    exact = plan_new_sites(fake, prepared, PlanSettings(3, solver="exact"))
    greedy = plan_new_sites(fake, prepared, PlanSettings(3))
    assert exact.solution.optimal
    assert exact.need_covered_after >= greedy.need_covered_after - 1e-9
    cands = exact.candidates
    inst = straight_line_instance(prepared, cands)
    assert exact.solution.objective == pytest.approx(brute_force(inst, 3))


def test_before_after_table_adds_up(fake):
    prepared = prepare(
        fake, Scenario(reach=Reach(threshold=3), provider_filter=DIGITUKI)
    )
    plan = plan_new_sites(fake, prepared, PlanSettings(3))
    table = before_after_table(fake, prepared, plan, "kunta")
    assert table["new_sites"].sum() == 3
    assert table["added_need_covered"].sum() == pytest.approx(
        plan.need_covered_after - plan.need_covered_before
    )
    assert (table["need_coverage_share_after"] >= table["need_coverage_share_before"] - 1e-12).all()
    assert table["covered_need_before"].sum() == pytest.approx(plan.need_covered_before)


def test_region_limits_through_the_plan(fake):
    prepared = prepare(
        fake, Scenario(reach=Reach(threshold=2), provider_filter=DIGITUKI)
    )
    plan = plan_new_sites(fake, prepared, PlanSettings(4, limit_division="kunta", max_per_unit=1))
    assert plan.sites["kunta_code"].value_counts().max() <= 1
    forced = plan_new_sites(
        fake, prepared, PlanSettings(3, limit_division="kunta", min_per_unit=1))
    assert sorted(forced.sites["kunta_code"]) == ["049", "091", "478"]
    with pytest.raises(InputError, match="unknown division"):
        plan_new_sites(fake, prepared, PlanSettings(3, limit_division="parish", max_per_unit=1))


def test_user_points_get_a_municipality_from_the_polygons(fake, tmp_path):
    path = tmp_path / "own.csv"
    path.write_text("nimi;x;y\nKoulu;312500;6703500\nKirkko;302 500;6707500,5\n", encoding="utf-8")
    points = read_points(path)
    assert points["x"].tolist() == [312_500.0, 302_500.0]
    assert points["y"].tolist() == [6_703_500.0, 6_707_500.5]
    prepared = prepare(fake, Scenario(reach=Reach(threshold=3)))
    cands, _ = candidate_sites(fake, prepared, kinds=("file",), user_points=points)
    assert cands["kunta_code"].tolist() == ["049", "091"]
    assert cands["candidate_id"].tolist() == ["file:0", "file:1"]


def test_read_points_reports_every_bad_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,x,y\nOk,300000,6700000\n,300000,6700000\nSwapped,6700000,300000\nText,abc,6700000\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_points(path)
    text = str(info.value)
    assert "row 3, field 'name'" in text
    assert "row 4" in text
    assert "swapped" in text
    assert "row 5, field 'x'" in text
    with pytest.raises(InputError, match="missing columns: x and y"):
        read_points(b"name,a,b\nX,1,2\n", filename="nocoords.csv")
    latlon = read_points(b"name,lat,lon\nHelsinki,60.1699,24.9384\n", filename="ll.csv")
    assert latlon["x"].iloc[0] == pytest.approx(385_800, abs=500)
    assert latlon["y"].iloc[0] == pytest.approx(6_672_000, abs=1000)


def test_plan_settings_refuse_what_no_plan_can_follow():
    assert PlanSettings().k == 10
    with pytest.raises(InputError, match="unknown solver 'best'"):
        PlanSettings(solver="best")
    with pytest.raises(InputError, match="unknown candidate set churches"):
        PlanSettings(kinds=("churches",))
    with pytest.raises(InputError, match="number of new sites -1"):
        PlanSettings(k=-1)
    with pytest.raises(InputError, match="per-unit limits need a division"):
        PlanSettings(max_per_unit=2)
    # frozen and hashable: a cache key
    assert hash(PlanSettings(5)) == hash(PlanSettings(5))


# ------------------------------------------------------------------------- at least one per unit


def test_at_least_one_per_unit_hand_worked():
    """Cells at 0 km (need 10), 2 km (8) and 10 km (1); sites at 0 and 2 km (unit 0) and 10 km
    (unit 1), reach 1 km. Best two: 0 and 2 km, 18. With a site required in unit 1: 0 and 10 km,
    11 (the 2 km site loses to the rule). One site cannot serve two required units."""
    inst = line_instance([0, 2, 10], [10, 8, 1], [0, 2, 10])
    free = exact_mclp(inst, 2)
    assert sorted(free.chosen.tolist()) == [0, 1]
    assert free.objective == 18
    rule = UnitLimits(np.array([0, 0, 1]), 2, at_least_one=(0, 1), unit_codes=("A", "B"))
    assert rule.minimum().tolist() == [1, 1]
    for sol in (greedy_mclp(inst, 2, limits=rule), exact_mclp(inst, 2, limits=rule),
                swap_improve(inst, greedy_mclp(inst, 2, limits=rule), limits=rule)):
        assert sorted(sol.chosen.tolist()) == [0, 2]
        assert sol.objective == 11
    with pytest.raises(InputError, match="at least one site in each of 2 units"):
        greedy_mclp(inst, 1, limits=rule)
    with pytest.raises(InputError, match="at least one site in each of 2 units"):
        exact_mclp(inst, 1, limits=rule)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 5), required=st.sets(st.integers(0, 3)))
def test_at_least_one_rule_equals_brute_force(seed, k, required):
    """Every solver keeps the rule (swaps never empty a required unit); exact = brute force."""
    inst, *_ = random_instance(seed, n_cand=8)
    units = np.r_[0, 1, 2, 3, np.random.default_rng(seed).integers(0, 4, 4)].astype(np.int64)
    limits = UnitLimits(units, 4, at_least_one=tuple(sorted(required)))
    if len(required) > k:
        with pytest.raises(InputError, match="more than the"):
            greedy_mclp(inst, k, limits=limits)
        return
    greedy = greedy_mclp(inst, k, limits=limits)
    exact = exact_mclp(inst, k, limits=limits)
    swapped = swap_improve(inst, greedy, limits=limits)
    for sol in (greedy, exact, swapped):
        assert allowed(limits, tuple(sol.chosen.tolist()))
        assert len(set(sol.chosen.tolist())) == len(sol.chosen) <= k
        assert sol.objective == pytest.approx(inst.objective(sol.chosen))
    best = brute_force(inst, k, limits)
    assert exact.objective == pytest.approx(best, abs=1e-9)
    assert greedy.objective - 1e-9 <= swapped.objective <= exact.objective + 1e-9
    # the rule only ever costs coverage
    assert exact.objective <= exact_mclp(inst, k).objective + 1e-9


def test_at_least_one_per_kunta_through_the_plan(fake):
    """The fake's three kunnat all have unmet need at 2 km: each gets a site; two sites are
    refused in fi/sv/en; the explanation adds up to the plan's claim."""
    prepared = prepare(fake, Scenario(reach=Reach(threshold=2), provider_filter=DIGITUKI))
    plan = plan_new_sites(fake, prepared, PlanSettings(4, at_least_one_per="kunta"))
    assert set(plan.sites["kunta_code"]) == {"049", "091", "478"}
    free = plan_new_sites(fake, prepared, PlanSettings(4, solver="exact"))
    ruled = plan_new_sites(fake, prepared, PlanSettings(4, solver="exact",
                                                        at_least_one_per="kunta"))
    assert ruled.need_covered_after <= free.need_covered_after + 1e-9
    assert set(ruled.sites["kunta_code"]) == {"049", "091", "478"}
    with pytest.raises(InputError) as info:
        plan_new_sites(fake, prepared, PlanSettings(2, at_least_one_per="kunta"))
    found = info.value.problems[0]
    assert found.code == "plan.fewer_sites_than_units"
    assert "needs 3 sites" in localized(found, "en")
    assert "vaatii 3 pistettä (kunnat: 3 aluetta" in localized(found, "fi")
    assert "kräver 3 ställen (kommuner: 3 områden" in localized(found, "sv")
    # in an area of one kunta, one site is enough
    one = plan_new_sites(fake, prepared, PlanSettings(1, at_least_one_per="kunta"),
                         area=Area.parse("kunta:049"))
    assert one.sites["kunta_code"].tolist() == ["049"]
    with pytest.raises(InputError, match="same division"):
        PlanSettings(3, at_least_one_per="kunta", limit_division="maakunta", max_per_unit=1)


def test_region_explanation_adds_up(fake):
    prepared = prepare(fake, Scenario(reach=Reach(threshold=2), provider_filter=DIGITUKI))
    plan = plan_new_sites(fake, prepared, PlanSettings(3))
    table = region_explanation(fake, prepared, plan, "kunta")
    assert table["new_sites"].sum() == 3
    assert table["unmet_need_before"].sum() == pytest.approx(
        plan.need_total - plan.need_covered_before)
    assert table["unmet_need_reached"].sum() == pytest.approx(
        plan.need_covered_after - plan.need_covered_before)
    assert table["need_reached_by_its_sites"].sum() == pytest.approx(
        plan.sites["added_need_covered"].sum())
    assert (table["unmet_need_after"] >= -1e-9).all()
    assert table["unmet_need_before"].is_monotonic_decreasing
    # a unit's best single candidate reaches at least what its first site adds
    first = plan.sites.groupby("kunta_code")["added_need_covered"].first()
    best = table.set_index("unit_code")["best_single_site_need"]
    assert (best[first.index] >= first - 1e-9).all()
    assert plan.sites["maakunta_code"].tolist() == [KUNNAT[k][1] for k in plan.sites["kunta_code"]]
    names = {"01": "Helsinki maakunta", "21": "Maarianhamina maakunta"}  # named by a seat kunta
    assert plan.sites["maakunta"].tolist() == [names[c] for c in plan.sites["maakunta_code"]]
