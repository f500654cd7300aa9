"""The user's own area on the real dataset: the national run's figures for the area's cells."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from coverage.area import Area
from coverage.compare import compare_options
from coverage.homesupport import HomeSupportParams, home_support
from coverage.planning import PlanSettings, plan_new_sites
from coverage.reach import Reach
from coverage.report import area_units
from coverage.scenario import Scenario, access_table, gaps_table, prepare

pytestmark = pytest.mark.realdata

LAPPI = "maakunta:19"
LAPPI_KUNNAT = 21  # Statistics Finland's key 2025: 21 municipalities in maakunta 19


def run_csv(built_dir, *args):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=300).stdout  # noqa: S603
    return pd.read_csv(io.StringIO(out), dtype={"unit_code": str, "kunta_code": str})


@pytest.fixture(scope="module")
def prepared(ds):
    return prepare(ds, Scenario(reach=Reach(threshold=10)))


def test_cli_gaps_of_lappi_add_up_to_its_unmet_need(built_dir, ds):
    gaps = run_csv(built_dir, "gaps", "--max-km", "10", "--area", LAPPI, "--format", "csv")
    access = run_csv(built_dir, "access", "--by", "maakunta", "--max-km", "10", "--format", "csv")
    lappi_kunnat = set(ds.membership.loc[ds.membership["maakunta"] == "19", "kunta_code"])
    assert len(gaps) > 100
    assert set(gaps["kunta_code"]) <= lappi_kunnat
    assert (gaps["region"] == "Lappi").all()
    lappi = access.set_index("unit_code").loc["19"]
    assert abs(gaps["need"].sum() - (lappi["need"] - lappi["covered_need"])) <= 1
    assert gaps["need"].dtype.kind == "i"  # whole people


def test_cli_access_by_kunta_in_lappi(built_dir):
    table = run_csv(built_dir, "access", "--by", "kunta", "--area", LAPPI, "--format", "csv")
    assert len(table) == LAPPI_KUNNAT
    assert set(table["unit_name"]) >= {"Rovaniemi", "Utsjoki", "Tornio"}


def test_cli_refuses_unknown_area(built_dir):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), "access",
           "--area", "kunta:999"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)  # noqa: S603
    assert out.returncode == 1
    assert "kunta:999" in out.stderr


@pytest.mark.parametrize("division", ["kunta", "seutukunta", "hyvinvointialue", "maakunta"])
def test_area_rows_equal_the_national_rows_of_nested_units(ds, prepared, division):
    national = access_table(ds, prepared, division).set_index("unit_code")
    area = access_table(ds, prepared, division, area=Area.parse(LAPPI)).set_index("unit_code")
    assert len(area) >= 1
    pd.testing.assert_frame_equal(area, national.loc[area.index])


def test_area_total_equals_the_sum_of_its_cells(ds, prepared):
    area = Area.parse("kunta:091,kunta:49")  # Helsinki and Espoo; codes as numbers too
    row = access_table(ds, prepared, "country", area=area).iloc[0]
    inside = ds.demand["kunta_code"].isin(["091", "049"]).to_numpy()
    pop = ds.demand["population"].to_numpy(float)
    covered = prepared.covered()
    assert row["population"] == pytest.approx(pop[inside].sum())
    assert row["covered_population"] == pytest.approx(pop[inside & covered].sum())
    assert row["need"] == pytest.approx(prepared.need[inside].sum())
    # Uusimaa by area = its part inside the area, not the whole region
    part = access_table(ds, prepared, "maakunta", area=area)
    assert part["unit_code"].tolist() == ["1"]
    assert part["population"].item() == pytest.approx(pop[inside].sum())


def test_area_gaps_end_at_its_border_and_at_municipal_borders(ds, prepared):
    area = Area.parse(LAPPI)
    gaps, labels = gaps_table(ds, prepared, area=area)
    inside = area.cell_mask(ds, prepared.cells)
    assert (labels[~inside] == 0).all()
    assert labels[inside].max() == len(gaps)
    kunta = prepared.cells["kunta_code"].to_numpy(str)
    per_gap = pd.Series(kunta[labels > 0]).groupby(labels[labels > 0]).nunique()
    assert (per_gap == 1).all()  # one municipality per gap area
    _national, nat_labels = gaps_table(ds, prepared)
    # the same cells are gaps, nationally and in the area
    assert ((nat_labels > 0) & inside).sum() == (labels > 0).sum()


def test_suggested_point_reaches_most_of_its_gap(ds, prepared):
    gaps, labels = gaps_table(ds, prepared, area=Area.parse(LAPPI))
    radius = prepared.threshold_m / prepared.reach.circuity
    xy = prepared.cells[["x", "y"]].to_numpy(float)
    for gap in gaps.head(5).itertuples():
        cells = np.flatnonzero(labels == gap.gap_id)
        d = np.hypot(xy[cells, 0, None] - xy[None, cells, 0],
                     xy[cells, 1, None] - xy[None, cells, 1])
        reach = ((d <= radius) * prepared.need[cells][None, :]).sum(axis=1)
        assert gap.suggested_need == pytest.approx(reach.max())
        assert gap.suggested_need <= gap.need + 1e-9


def test_plan_in_an_area_places_sites_there_and_counts_its_need(ds, prepared):
    area = Area.parse(LAPPI)
    plan = plan_new_sites(ds, prepared, PlanSettings(k=4), area=area)
    assert set(plan.sites["kunta_code"]) <= set(area.kunta_codes(ds))
    lappi = access_table(ds, prepared, "country", area=area).iloc[0]
    assert plan.need_total == pytest.approx(lappi["need"])
    assert plan.need_covered_before == pytest.approx(lappi["covered_need"])
    assert plan.need_covered_after > plan.need_covered_before


def test_home_support_in_an_area_uses_its_bases_and_its_demand(ds, prepared):
    bases = pd.DataFrame({"name": ["Kajaani", "Oulu"], "x": [535_345.0, 427_000.0],
                          "y": [7_122_233.0, 7_210_000.0], "staff_hours_week": [37.5, 37.5]})
    area = Area.parse("maakunta:18")  # Kainuu: Kajaani is in it, Oulu is not
    result = home_support(ds, prepared, bases, HomeSupportParams(), area=area)
    assert result.bases["base_name"].tolist() == ["Kajaani"]
    cells = result.cells
    assert set(cells["kunta_code"]) <= set(area.kunta_codes(ds))
    whole = home_support(ds, prepared, bases.iloc[:1], HomeSupportParams())
    kainuu = whole.cells["kunta_code"].isin(area.kunta_codes(ds))
    assert result.totals()["demand_clients"] == pytest.approx(
        whole.cells.loc[kainuu, "demand_clients"].sum())


def test_report_area_units_hold_the_area(ds, prepared):
    comparison = compare_options(ds, prepared, draws=10)
    table = area_units(ds, comparison, Area.parse("kunta:091"))
    assert table.groupby("option").size().to_dict() == dict.fromkeys(comparison.units, 1)
    assert table.loc[table["option"] == "maakunta", "unit_name"].item() == "Uusimaa"
