"""The engine on the real dataset: facts that can fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyproj
import pytest

from coverage.accessibility import Accessibility, ProviderFilter, coverage_by_unit
from coverage.data.schema import DIVISIONS
from coverage.defaults import MAX_THRESHOLD_KM
from coverage.errors import InputError
from coverage.need import need
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare
from tests.unit.test_accessibility import pysal_e2sfca

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def prepared(ds):
    return prepare(ds, Scenario(reach=Reach(threshold=10, circuity=1.3)))


@pytest.mark.parametrize("division", DIVISIONS)
def test_coverage_by_any_division_sums_to_the_national_figure(ds, prepared, division):
    national = access_table(ds, prepared, "country").iloc[0]
    table = access_table(ds, prepared, division)
    for col in ("population", "covered_population", "need", "covered_need", "covered_65plus"):
        assert table[col].sum() == pytest.approx(national[col], rel=1e-12)
    assert table["population"].sum() == 5_635_971


def test_nearest_equals_brute_force_on_a_random_sample(ds, prepared):
    rng = np.random.default_rng(2026)
    sample = rng.choice(len(prepared.cells), 3000, replace=False)
    cells = prepared.cells[["x", "y"]].to_numpy()[sample]
    provs = prepared.providers[["x", "y"]].to_numpy()
    full = np.hypot(*(cells[:, None, :] - provs[None, :, :]).transpose(2, 0, 1)) * 1.3
    full.sort(axis=1)
    np.testing.assert_allclose(prepared.access.nearest_m[sample], full[:, 0], rtol=1e-12)
    np.testing.assert_allclose(prepared.access.second_nearest_m[sample], full[:, 1], rtol=1e-12)


def test_every_populated_library_cell_has_its_library_within_half_a_diagonal(ds):
    """A library lies in its own 1 km cell, so that cell's centre is at most ~707 m from it."""
    libs = ds.providers[ds.providers.provider_type == "library"]
    to_laea = pyproj.Transformer.from_crs(3067, 3035, always_xy=True)
    lx, ly = to_laea.transform(libs["x"].to_numpy(), libs["y"].to_numpy())
    col, row = (np.asarray(lx) // 1000).astype(int), (np.asarray(ly) // 1000).astype(int)
    lib_cells = set(zip(col, row, strict=True))
    d = ds.demand
    in_lib_cell = np.array(
        [(c, r) in lib_cells for c, r in zip(d.grid_col, d.grid_row, strict=True)]
    )
    assert in_lib_cell.sum() > 600  # most libraries stand in populated cells
    acc = Accessibility.from_frames(d, libs, circuity=1.0)
    # half diagonal 707.1 m, plus a little for the 3035 -> 3067 reprojection of the cell centre
    assert acc.nearest_m[in_lib_cell].max() <= 712


def test_huge_threshold_covers_everyone_and_no_provider_covers_no_one(ds):
    all_in = prepare(ds, Scenario(reach=Reach(threshold=MAX_THRESHOLD_KM, circuity=1.0)))
    row = access_table(ds, all_in, "country").iloc[0]
    assert row["coverage_share"] == 1.0
    # a filter that leaves no provider is refused by name, not reported as zero coverage
    with pytest.raises(InputError, match=r"no provider is left after the filter provider type"):
        prepare(ds, Scenario(provider_filter=ProviderFilter(types=("home_support_base",))))
    # with providers only far away (one in Utsjoki), the gaps hold nearly everyone
    utsjoki = ds.providers[ds.providers["kunta_code"] == "890"].head(1)
    few = prepare(ds, Scenario(), providers=utsjoki)
    gaps, _ = gaps_table(ds, few)
    covered = access_table(ds, few, "country").iloc[0]["covered_population"]
    assert gaps["population"].sum() == pytest.approx(5_635_971 - covered, abs=1)


def test_small_dense_municipalities_are_fully_covered(ds, prepared):
    table = access_table(ds, prepared, "kunta").set_index("unit_code")
    for code in ("091", "235", "092"):  # Helsinki, Kauniainen, Vantaa
        assert table.loc[code, "coverage_share"] == pytest.approx(1.0, abs=0.002)


def test_gap_areas_hold_exactly_the_uncovered_people(ds, prepared):
    gaps, labels = gaps_table(ds, prepared)
    covered = prepared.access.covered(prepared.threshold_m)
    uncovered = prepared.cells["population"].to_numpy()[~covered]
    assert gaps["population"].sum() == uncovered.sum()
    assert (labels > 0).sum() == (uncovered > 0).sum()
    assert gaps["need"].is_monotonic_decreasing
    assert (gaps["min_km"] > 10).all()
    assert gaps["rank"].tolist() == list(range(1, len(gaps) + 1))


def test_e2sfca_equals_pysal_on_a_real_region(ds):
    """Kainuu: real cells and providers, same decay, PySAL `access` from the full cost matrix."""
    kainuu = set(ds.membership.loc[ds.membership.maakunta == "18", "kunta_code"])
    cells = ds.demand[ds.demand.kunta_code.isin(kainuu)]
    provs = ProviderFilter().apply(ds.providers)
    provs = provs[provs.kunta_code.isin(kainuu)]
    scenario = Scenario()
    demand = need(cells)
    acc = Accessibility.from_frames(cells, provs, circuity=1.0)
    ours = acc.e2sfca(demand, catchment_m=20_000)
    theirs = pysal_e2sfca(cells[["x", "y"]].to_numpy(), provs[["x", "y"]].to_numpy(), demand,
                          provs["capacity_h_week"].to_numpy(), 20_000)
    reached = theirs > 0
    assert reached.sum() > 500
    np.testing.assert_allclose(ours[reached], theirs[reached], rtol=1e-9)
    assert scenario.reach.threshold == 10


@pytest.mark.parametrize("division", DIVISIONS)
def test_regrouped_tables_equal_the_one_pass_reference(ds, prepared, division):
    """access_table sums per municipality and regroups; coverage_by_unit goes over every cell."""
    fast = access_table(ds, prepared, division).drop(columns=["unit_name", "unit_name_sv"])
    codes, inverse = prepared.division_index(ds.membership, division)
    reference = coverage_by_unit(inverse, codes, prepared.weights(), prepared.cost.nearest,
                                 covered=prepared.covered(),
                                 covered2=prepared.covered(providers=2),
                                 access_ratio=prepared.e2sfca(),
                                 others=(prepared.cost.second, prepared.cost.third))
    pd.testing.assert_frame_equal(fast, reference, rtol=1e-12)
