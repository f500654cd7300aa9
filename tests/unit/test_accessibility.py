"""The accessibility engine on hand-made grids, against brute force and against PySAL `access`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from access import Access
from hypothesis import given, settings
from hypothesis import strategies as st

from coverage.accessibility import (
    Accessibility,
    ProviderFilter,
    RankedCosts,
    coverage_by_unit,
    gaussian_decay,
    weighted_quantiles,
)
from coverage.errors import InputError


def grid_3x3():
    """Nine cells 1 km apart (centres 0..2 km), one provider at the centre cell."""
    xs, ys = np.meshgrid([0.0, 1000.0, 2000.0], [0.0, 1000.0, 2000.0])
    cells = np.column_stack([xs.ravel(), ys.ravel()])
    provider = np.array([[1000.0, 1000.0]])
    return cells, provider


def test_hand_grid_distances_and_coverage():
    cells, provider = grid_3x3()
    acc = Accessibility(cells, provider)
    expected = np.array([np.sqrt(2), 1, np.sqrt(2), 1, 0, 1, np.sqrt(2), 1, np.sqrt(2)]) * 1000
    np.testing.assert_allclose(acc.nearest_m, expected)
    assert np.isinf(acc.second_nearest_m).all()
    assert acc.covered(1000).sum() == 5
    assert acc.covered(1414.3).sum() == 9
    pop = np.arange(1, 10, dtype=float)  # 1..9 people
    w = {"population": pop, "pop_65plus": pop / 2, "pop_75plus": pop / 4, "need": pop / 10}
    units = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    table = coverage_by_unit(units, np.array(["a", "b", "c"]), w, acc.nearest_m / 1000,
                             covered=acc.covered(1000))
    # unit a = cells 1,2,3 (people 1,2,3): only the middle one (2 people) within 1 km
    assert table["population"].tolist() == [6, 15, 24]
    assert table["covered_population"].tolist() == [2, 15, 8]
    assert table.loc[0, "coverage_share"] == pytest.approx(2 / 6)
    # people-weighted median in unit b (4, 5, 6 people at 1, 0, 1 km): 1 km
    assert table.loc[1, "median_km"] == pytest.approx(1.0)
    # unit c (7, 8, 9 at 1.414, 1, 1.414): median = 1.414 (7+8=15 >= 12)
    assert table.loc[2, "median_km"] == pytest.approx(np.sqrt(2))


def test_circuity_scales_distances():
    cells, provider = grid_3x3()
    plain = Accessibility(cells, provider)
    road = Accessibility(cells, provider, circuity=1.3)
    np.testing.assert_allclose(road.nearest_m, plain.nearest_m * 1.3)
    assert road.covered(1000).sum() == 1


def test_circuity_below_one_is_refused():
    cells, provider = grid_3x3()
    with pytest.raises(InputError, match="never shorter"):
        Accessibility(cells, provider, circuity=0.9)


def test_no_providers_gives_infinite_distance_and_zero_coverage():
    cells, _ = grid_3x3()
    acc = Accessibility(cells, np.zeros((0, 2)))
    assert np.isinf(acc.nearest_m).all()
    pop = np.ones(9)
    w = {"population": pop, "pop_65plus": pop, "pop_75plus": pop, "need": pop}
    t = coverage_by_unit(
        np.zeros(9, dtype=np.int64), np.array(["x"]), w, acc.nearest_m / 1000,
        covered=acc.covered(1e9),
    )
    assert t.loc[0, "covered_population"] == 0
    assert np.isnan(t.loc[0, "median_km"])
    assert acc.e2sfca(pop, catchment_m=5000).sum() == 0


@pytest.mark.parametrize("seed", range(5))
def test_nearest_and_second_equal_brute_force(seed):
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 100_000, size=(2000, 2))
    providers = rng.uniform(0, 100_000, size=(37, 2))
    acc = Accessibility(cells, providers, circuity=1.2)
    full = np.hypot(*(cells[:, None, :] - providers[None, :, :]).transpose(2, 0, 1)) * 1.2
    full.sort(axis=1)
    np.testing.assert_allclose(acc.nearest_m, full[:, 0], rtol=1e-12)
    np.testing.assert_allclose(acc.second_nearest_m, full[:, 1], rtol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_weighted_quantiles_equal_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, k = 500, 7
    values = rng.exponential(3000, n)
    weights = rng.integers(0, 20, n).astype(float)
    groups = rng.integers(0, k, n)
    med, p90 = weighted_quantiles(values, weights, groups, k, (0.5, 0.9))
    for g in range(k):
        sel = groups == g
        v, w = values[sel], weights[sel]
        order = np.argsort(v)
        cum = np.cumsum(w[order])
        for q, got in ((0.5, med[g]), (0.9, p90[g])):
            if cum[-1] == 0:
                assert np.isnan(got)
            else:
                assert got == v[order][np.argmax(cum >= q * cum[-1] - 1e-9)]


@pytest.mark.parametrize("seed", range(6))
def test_ranked_costs_equal_weighted_quantiles_for_any_grouping(seed):
    """Quantiles from costs ranked once per base group equal a fresh sort per grouping: ties,
    unreachable cells (inf), zero weights, empty base groups and groups with no weight."""
    rng = np.random.default_rng(seed)
    n, n_base = 3000, 40
    values = np.round(rng.exponential(3000, n), -2)  # many ties
    values[rng.random(n) < 0.05] = np.inf
    weights = rng.integers(0, 6, n).astype(float)
    base = rng.integers(0, n_base - 3, n)  # the last three base groups have no cells
    weights[base == 5] = 0  # a base group with cells but no weight
    order = np.argsort(values, kind="stable")
    ranked = RankedCosts.build(values, weights, base, n_base, value_order=order)
    for n_groups in (1, 4, 11, n_base):
        base_to_group = rng.integers(0, n_groups, n_base)
        base_to_group[5] = n_groups - 1 if n_groups > 1 else 0
        got = ranked.quantiles(base_to_group, n_groups, (0.5, 0.9, 1.0))
        want = weighted_quantiles(values, weights, base_to_group[base], n_groups,
                                  (0.5, 0.9, 1.0), value_order=order)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)
    assert np.isnan(ranked.quantiles(np.arange(n_base), n_base, (0.5,))[0][5])
    with pytest.raises(ValueError, match="outside"):
        ranked.quantiles(np.zeros(n_base, dtype=np.int64), 1, (0.0,))


def pysal_e2sfca(cells, providers, demand, supply, catchment):
    """E2SFCA with PySAL `access`, from the full cost matrix."""
    decay = gaussian_decay(catchment)
    n, m = len(cells), len(providers)
    d = np.hypot(*(cells[:, None, :] - providers[None, :, :]).transpose(2, 0, 1))
    cost = pd.DataFrame(
        {"origin": np.repeat(np.arange(n), m), "dest": np.tile(np.arange(m), n), "cost": d.ravel()}
    )
    a = Access(
        demand_df=pd.DataFrame({"geoid": np.arange(n), "need": demand}), demand_index="geoid",
        demand_value="need",
        supply_df=pd.DataFrame({"geoid": np.arange(m), "hours": supply}), supply_index="geoid",
        supply_value="hours",
        cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost",
    )
    out = a.enhanced_two_stage_fca(
        name="e2sfca", max_cost=catchment, weight_fn=lambda x: float(decay(x)), normalize=False
    )
    return out.iloc[:, 0].reindex(np.arange(n)).fillna(0.0).to_numpy()


@pytest.mark.parametrize("seed", range(3))
def test_e2sfca_equals_pysal_access(seed):
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 60_000, size=(400, 2))
    providers = rng.uniform(0, 60_000, size=(15, 2))
    demand = rng.integers(1, 500, 400).astype(float)
    supply = rng.uniform(1, 40, 15)
    catchment = 15_000.0
    ours = Accessibility(cells, providers, capacity=supply).e2sfca(demand, catchment_m=catchment)
    theirs = pysal_e2sfca(cells, providers, demand, supply, catchment)
    reached = theirs > 0
    assert reached.sum() > 100
    np.testing.assert_allclose(ours[reached], theirs[reached], rtol=1e-9)
    assert (ours[~reached] == 0).all()


def test_e2sfca_conserves_supply():
    """Σ_i P_i A_i = Σ_j S_j over providers that have demand in reach (no decay loss)."""
    rng = np.random.default_rng(7)
    cells = rng.uniform(0, 50_000, size=(800, 2))
    providers = rng.uniform(10_000, 40_000, size=(10, 2))
    demand = rng.uniform(1, 100, 800)
    supply = rng.uniform(5, 50, 10)
    acc = Accessibility(cells, providers, capacity=supply)
    ratio = acc.e2sfca(demand, catchment_m=20_000)
    assert (ratio * demand).sum() == pytest.approx(supply.sum(), rel=1e-9)


def test_provider_filter():
    providers = pd.DataFrame(
        {
            "provider_type": ["library", "library", "ngo", "authority_desk"],
            "auta_part": ["AB", "AB", "B", "A"],
            "channel": ["walk_in"] * 4,
            "svc_digituki": [True, False, False, False],
            "languages": ["fi;sv", "fi", "fi", "fi"],
            "location_approximate": [False, False, True, False],
        }
    )
    assert len(ProviderFilter().apply(providers)) == 3
    assert len(ProviderFilter(include_approximate=True).apply(providers)) == 4
    assert len(ProviderFilter(flags=("digituki",)).apply(providers)) == 1
    assert len(ProviderFilter(auta_parts=("A",)).apply(providers)) == 3
    assert len(ProviderFilter(types=("library",), languages=("sv",)).apply(providers)) == 1
    with pytest.raises(InputError, match="unknown service flag"):
        ProviderFilter(flags=("wifi",)).apply(providers)


points = st.lists(
    st.tuples(st.floats(0, 50_000), st.floats(0, 50_000)), min_size=1, max_size=12
)


def _covered_pop(cells, pop, providers, threshold):
    acc = Accessibility(cells, np.array(providers, dtype=float).reshape(-1, 2))
    return float((pop * acc.covered(threshold)).sum())


@settings(max_examples=60, deadline=None)
@given(providers=points, extra=st.tuples(st.floats(0, 50_000), st.floats(0, 50_000)),
       threshold=st.floats(100, 30_000), seed=st.integers(0, 2**16))
def test_adding_a_provider_never_lowers_coverage(providers, extra, threshold, seed):
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 50_000, size=(300, 2))
    pop = rng.integers(0, 50, 300).astype(float)
    before = _covered_pop(cells, pop, providers, threshold)
    after = _covered_pop(cells, pop, [*providers, extra], threshold)
    assert after >= before


@settings(max_examples=60, deadline=None)
@given(providers=points, t1=st.floats(100, 30_000), t2=st.floats(100, 30_000),
       seed=st.integers(0, 2**16))
def test_raising_the_threshold_never_lowers_coverage(providers, t1, t2, seed):
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 50_000, size=(300, 2))
    pop = rng.integers(0, 50, 300).astype(float)
    lo, hi = sorted((t1, t2))
    assert _covered_pop(cells, pop, providers, hi) >= _covered_pop(cells, pop, providers, lo)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**16), threshold=st.floats(100, 1e6))
def test_removing_all_providers_gives_zero(seed, threshold):
    rng = np.random.default_rng(seed)
    cells = rng.uniform(0, 50_000, size=(100, 2))
    pop = rng.integers(0, 50, 100).astype(float)
    assert _covered_pop(cells, pop, [], threshold) == 0
