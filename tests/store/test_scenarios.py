"""Saved scenarios on real data: the must-show sequence, exact re-runs, diff, export, trend."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pandas as pd
import pyogrio
import pytest

from coverage import cli
from coverage.followup import (
    DIFF_FIGURES,
    choose_providers,
    diff_tables,
    run_saved,
    run_table,
    scenario_from_params,
    scenario_params,
    trend_table,
)
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, prepare
from coverage.store import register, scenarios
from tests.store.conftest import opened
from tests.store.test_register import Clock, rec

pytestmark = pytest.mark.realdata
FIXTURE = "tests/fixtures/uploads/good_comma.csv"


@pytest.fixture
def run_cli(built_dir, capsysbinary, store_url, monkeypatch):
    """Run `python -m coverage ...` in-process with DIGITUKI_STORE set; return stdout text."""
    monkeypatch.setenv("DIGITUKI_STORE", store_url)

    def run(*args):
        capsysbinary.readouterr()
        code = cli.main(["--data-dir", str(built_dir), *args])
        out = capsysbinary.readouterr()
        assert code == 0, out.err.decode()
        return out.out.decode("utf-8")

    return run


def uncovered_points(ds, n=5, km=15.0):
    """Return a CSV of `n` providers at the most populous cells over `km` from any provider."""
    prepared = prepare(ds, Scenario())
    far = np.flatnonzero(prepared.access.nearest_m > km * 1000)
    pick = far[np.argsort(-prepared.cells["population"].to_numpy()[far], kind="stable")][:n]
    lines = ["name;type;x;y"] + [
        f"Uusi piste {i};ngo;{prepared.cells['x'].iloc[c]:.0f};{prepared.cells['y'].iloc[c]:.0f}"
        for i, c in enumerate(pick)
    ]
    return "\n".join(lines) + "\n"


def test_must_show_import_list_save_diff(run_cli, ds, tmp_path):
    run_cli("providers", "import", FIXTURE)
    listed = pd.read_csv(io.StringIO(run_cli("providers", "list", "--format", "csv")))
    assert listed["name"].tolist() == ["Oodi", "Kela Kamppi", "Digituki ry"]
    assert listed["kunta_code"].astype(str).str.zfill(3).tolist() == ["091", "091", "853"]

    run_cli("scenario", "save", "base", "--max-km", "10")
    more = tmp_path / "more.csv"
    more.write_text(uncovered_points(ds), encoding="utf-8")
    run_cli("providers", "import", str(more))
    run_cli("scenario", "save", "more", "--max-km", "10", "--providers", "both")

    diff = pd.read_csv(
        io.StringIO(
            run_cli("scenario", "diff", "base", "more", "--by", "maakunta", "--format", "csv")
        ),
        dtype={"unit_code": str},
    )
    assert len(diff) == 19
    for f in DIFF_FIGURES:
        assert {f"{f}_a", f"{f}_b", f"{f}_delta"} <= set(diff.columns)
        assert (diff[f"{f}_delta"] >= 0).all(), f
    assert diff["covered_population_delta"].sum() > 0  # the new points cover someone
    a = pd.read_csv(
        io.StringIO(run_cli("scenario", "run", "base", "--by", "maakunta", "--format", "csv")),
        dtype={"unit_code": str},
    )
    b = pd.read_csv(
        io.StringIO(run_cli("scenario", "run", "more", "--by", "maakunta", "--format", "csv")),
        dtype={"unit_code": str},
    )
    assert diff["unit_code"].tolist() == a["unit_code"].tolist() == b["unit_code"].tolist()
    for f in DIFF_FIGURES:  # equal up to the CSV's 10 significant digits
        scale = np.maximum(a[f].abs(), b[f].abs())
        assert (np.abs(diff[f"{f}_delta"] - (b[f] - a[f])) <= 1e-9 * scale).all(), f
        np.testing.assert_array_equal(diff[f"{f}_a"], a[f])
        np.testing.assert_array_equal(diff[f"{f}_b"], b[f])
    log = pd.read_csv(io.StringIO(run_cli("scenario", "log")))
    assert log["action"].tolist() == ["save", "save", "diff", "run", "run"]


def test_rerun_reproduces_the_saved_numbers_exactly(ds, store_url):
    clock = Clock("2026-03-01T08:00:00")
    with opened(store_url, clock=clock) as store:
        register.add_records(
            store,
            [rec("Kyläpiste", "698"), rec("Kauppapiste", "698", x=450000.0, y=7380000.0)],
            action="add",
        )
        scenario = Scenario(
            reach=Reach(threshold=7.5, circuity=1.2), need_levels=(3, 4), mainland_only=True
        )
        choice = choose_providers(ds, "both", store=store)
        before = run_table(ds, scenario, choice, "kunta")
        scenarios.save(
            store,
            "plan",
            params=scenario_params(scenario),
            provider_source="both",
            register_revision=choice.register_revision,
            on_date=choice.on_date,
            dataset_id=ds.dataset_id,
            manifest_sha256="",
            summary={},
        )
        clock.go(3)  # the register moves on: one retired, one added
        register.retire(store, 1, based_on_version=1)
        register.add_records(store, [rec("Uusi", "698", x=460000.0, y=7390000.0)], action="add")
        again = run_saved(ds, store, scenarios.get(store, "plan"), "kunta")
        pd.testing.assert_frame_equal(before, again, check_exact=True)
        assert scenario_from_params(json.loads(json.dumps(scenario_params(scenario)))) == scenario
        now = run_table(ds, scenario, choose_providers(ds, "both", store=store), "kunta")
        assert not now.equals(before)  # the same parameters on today's register differ


def test_rename_delete_and_the_run_log(store_url):
    with opened(store_url) as store:
        params = scenario_params(Scenario())
        kw = {
            "params": params,
            "provider_source": "dataset",
            "register_revision": None,
            "on_date": None,
            "dataset_id": "d",
            "manifest_sha256": "h",
            "summary": {"covered_population": 1.0},
        }
        scenarios.save(store, "A", **kw)
        with pytest.raises(Exception, match="a scenario named 'A' exists"):
            scenarios.save(store, "A", **kw)
        scenarios.save(store, "A", replace=True, **kw)
        scenarios.rename(store, "A", "B")
        assert scenarios.list_scenarios(store)["name"].tolist() == ["B"]
        scenarios.delete(store, "B")
        assert scenarios.list_scenarios(store).empty
        log = scenarios.run_log(store)
        assert log["action"].tolist() == ["save", "save", "rename", "delete"]
        assert json.loads(log["versions"].iloc[0])["manifest_sha256"] == "h"


def test_export_zip_has_both_layers_difference_and_log(run_cli, ds, tmp_path):
    run_cli("scenario", "save", "base", "--max-km", "10")
    more = tmp_path / "more.csv"
    more.write_text(uncovered_points(ds, n=3), encoding="utf-8")
    run_cli("providers", "import", str(more))
    run_cli("scenario", "save", "more", "--max-km", "10", "--providers", "register")
    out = tmp_path / "before_after.zip"
    run_cli("scenario", "export", "base", "more", "--by", "maakunta", "--out", str(out))
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert {
            "layers.gpkg",
            "difference_maakunta.csv",
            "difference_cells.csv",
            "run_log.csv",
            "scenarios.json",
            "a_maakunta_base.csv",
            "b_maakunta_more.csv",
        } == names
        gpkg = tmp_path / "layers.gpkg"
        gpkg.write_bytes(zf.read("layers.gpkg"))
        log = pd.read_csv(io.BytesIO(zf.read("run_log.csv")))
    layers = dict(pyogrio.list_layers(gpkg))
    assert set(layers) == {
        "units_a_maakunta",
        "units_b_maakunta",
        "difference_maakunta",
        "difference_cells",
    }
    cells = pyogrio.read_dataframe(gpkg, layer="difference_cells")
    assert set(cells["change"]) <= {-1, 1}
    assert len(cells) > 0
    units = pyogrio.read_dataframe(gpkg, layer="difference_maakunta")
    assert len(units) == 19
    assert units.crs.to_epsg() == 3067
    assert set(log["action"]) == {"save"}


def test_analysis_commands_take_the_register(run_cli, ds, store_url):
    run_cli("providers", "import", FIXTURE)
    table = pd.read_csv(
        io.StringIO(run_cli("access", "--by", "maakunta", "--providers", "register")),
        dtype={"unit_code": str},
    )
    with opened(store_url) as store:
        expected = access_table(
            ds, prepare(ds, Scenario(), register.providers_at(store)), "maakunta"
        )
    np.testing.assert_allclose(
        table["covered_population"], expected["covered_population"], rtol=0, atol=0
    )
    assert table.loc[table.unit_code == "1", "covered_population"].iloc[0] > 0  # Helsinki points
    assert table.loc[table.unit_code == "19", "covered_population"].iloc[0] == 0  # none in Lappi
    # the register was empty then: refused by name, not reported as zero coverage
    with pytest.raises(AssertionError, match="no provider"):
        run_cli("access", "--by", "maakunta", "--providers", "register", "--on", "2020-01-01")


def test_trend_follows_the_register_over_time(ds, store_url):
    clock = Clock("2026-02-01T09:00:00")
    with opened(store_url, clock=clock) as store:
        register.add_records(store, [rec("Rovaniemi 1", "698")], action="add")
        clock.go(10)
        register.add_records(
            store, [rec("Rovaniemi 2", "698", x=430000.0, y=7390000.0)], action="add"
        )
        clock.go(1)
        trend = trend_table(ds, store, Scenario(), "maakunta", source="register")
    lappi = trend[trend["unit_code"] == "19"]
    assert lappi["date"].tolist() == ["2026-02-01", "2026-02-11"]
    assert lappi["register_providers"].tolist() == [1, 2]
    first, second = lappi["covered_population"].tolist()
    assert 0 < first < second
    assert trend.groupby("date").size().tolist() == [19, 19]


def test_diff_tables_by_hand():
    a = pd.DataFrame(
        {
            "unit_code": ["1", "2"],
            "unit_name": ["A", "B"],
            "population": [10, 20],
            "covered_population": [5.0, 10.0],
            "median_km": [3.0, 4.0],
        }
    )
    b = pd.DataFrame(
        {
            "unit_code": ["2", "1"],
            "unit_name": ["B", "A"],
            "population": [20, 10],
            "covered_population": [15.0, 5.0],
            "median_km": [2.0, 3.0],
        }
    )
    d = diff_tables(a, b)
    assert d["unit_code"].tolist() == ["1", "2"]
    assert d["covered_population_delta"].tolist() == [0.0, 5.0]
    assert d["median_km_delta"].tolist() == [0.0, -2.0]


def test_both_drops_register_twins_of_real_libraries(ds):
    lib = ds.providers[ds.providers["provider_type"] == "library"].iloc[0]
    reg = pd.DataFrame(
        {
            "provider_id": ["register:1", "register:2"],
            "name": [lib["name"].upper(), "Uusi kyläpiste"],
            "provider_type": ["library", "ngo"],
            "x": [lib["x"] + 80.0, lib["x"] + 80.0],
            "y": [lib["y"], lib["y"]],
        }
    )
    both, twins = register.combine(ds.providers, reg)
    assert twins == 1
    assert len(both) == len(ds.providers) + 1
    assert both["provider_id"].iloc[-1] == "register:2"


def test_drive_scenario_saves_its_reach_and_reruns_exactly(run_cli):
    run_cli("scenario", "save", "ajo", "--mode", "drive", "--max-minutes", "15")
    first = run_cli("scenario", "run", "ajo", "--by", "maakunta", "--format", "csv")
    table = pd.read_csv(io.StringIO(first))
    assert "median_min" in table.columns
    assert "median_km" not in table.columns
    assert run_cli("scenario", "run", "ajo", "--by", "maakunta", "--format", "csv") == first
    listed = json.loads(run_cli("scenario", "log", "--format", "json"))
    saved = json.loads(listed[0]["params"])
    assert saved["scenario"]["reach"]["mode"] == "drive"
    assert saved["scenario"]["reach"]["threshold"] == 15.0


def test_scenarios_saved_before_the_reach_model_still_run():
    old = {
        "format": "fields",
        "scenario": {
            "threshold_km": 7.5,
            "circuity": 1.2,
            "catchment_km": None,
            "mainland_only": True,
            "need_levels": [3, 4],
        },
    }
    scenario = scenario_from_params(old)
    assert scenario.reach == Reach(threshold=7.5, circuity=1.2)
    assert scenario.mainland_only
    assert scenario.need_levels == (3, 4)
