"""The command line on the real dataset, as a coordinator would call it."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

pytestmark = pytest.mark.realdata


def run(built_dir, *args, check=True):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args]
    return subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        cmd, capture_output=True, text=True, check=check, timeout=300
    )


def test_info_json(built_dir):
    info = json.loads(run(built_dir, "info", "--format", "json").stdout)
    assert info["layers"]["municipalities"] == {"rows": 308, "population": 5_635_971}
    assert info["layers"]["demand"]["population"] == 5_635_971
    assert info["units_per_division"]["maistraatti"] == 10
    assert info["providers_per_type"]["library"] == 720
    assert {s["key"] for s in info["sources"]} >= {"municipalities", "grid", "libraries"}
    assert all(s["reference_date"] for s in info["sources"])


@pytest.mark.parametrize(("division", "rows"), [("maakunta", 19), ("country", 1), ("avi", 7),
                                                ("elinvoimakeskus", 11), ("kunta", 308)])
def test_access_csv(built_dir, division, rows):
    out = run(built_dir, "access", "--by", division, "--max-km", "10", "--format", "csv").stdout
    table = pd.read_csv(io.StringIO(out), dtype={"unit_code": str})
    assert len(table) == rows
    for col in ("unit_code", "unit_name", "population", "population_65plus", "need",
                "covered_population", "coverage_share", "covered_need", "median_km", "p90_km"):
        assert col in table.columns
    assert table["population"].sum() == 5_635_971
    assert table["coverage_share"].between(0, 1).all()


def test_access_filters_and_circuity_change_the_answer(built_dir):
    def share(*extra):
        out = run(built_dir, "access", "--by", "country", *extra).stdout
        return pd.read_csv(io.StringIO(out))["coverage_share"].item()

    everyone = share("--circuity", "1.0")
    road = share("--circuity", "1.3")
    digituki = share("--circuity", "1.0", "--provider-flag", "digituki")
    assert 0 < digituki < road < everyone <= 1


def test_gaps_top(built_dir):
    out = run(built_dir, "gaps", "--max-km", "10", "--top", "20", "--format", "csv").stdout
    gaps = pd.read_csv(io.StringIO(out))
    assert len(gaps) == 20
    assert gaps["rank"].tolist() == list(range(1, 21))
    assert gaps["need"].is_monotonic_decreasing
    assert gaps["place_name"].notna().all()
    assert gaps["municipality"].notna().all()


def test_bad_division_and_missing_dataset(built_dir, tmp_path):
    bad = run(built_dir, "access", "--by", "county", check=False)
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr
    missing = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "coverage", "--data-dir", str(tmp_path), "info"],
        capture_output=True, text=True, check=False,
    )
    assert missing.returncode == 2
    assert f"python -m coverage --data-dir {tmp_path} sync" in missing.stderr


def test_xlsx_output_is_written_atomically(built_dir, tmp_path):
    out = tmp_path / "maakunnat.xlsx"
    run(built_dir, "access", "--by", "maakunta", "--format", "xlsx", "--out", str(out))
    table = pd.read_excel(out)
    assert len(table) == 19
    assert not list(tmp_path.glob("*.tmp"))


def test_providers_check_exit_codes(tmp_path):
    good = tmp_path / "ok.csv"
    good.write_text("nimi;tyyppi;leveys;pituus\nOodi;kirjasto;60,1738;24,9380\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("nimi;tyyppi;leveys;pituus\nOodi;sauna;60,1738;24,9380\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "coverage", "providers", "check"]
    ok = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [*cmd, str(good)], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0
    assert "OK: 1 provider usable" in ok.stdout
    ko = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [*cmd, str(bad)], capture_output=True, text=True, check=False
    )
    assert ko.returncode == 1
    assert "row 2" in ko.stdout
    assert "tyyppi" in ko.stdout
    assert "sauna" in ko.stdout


def test_access_and_gaps_by_road_travel_time(built_dir):
    out = run(
        built_dir, "access", "--by", "maakunta", "--max-minutes", "20", "--mode", "drive"
    ).stdout
    table = pd.read_csv(io.StringIO(out), dtype={"unit_code": str})
    assert len(table) == 19
    assert {"median_min", "p90_min", "covered_population"} <= set(table.columns)
    assert table["population"].sum() == 5_635_971
    strict = run(built_dir, "access", "--by", "maakunta", "--max-minutes", "5").stdout
    tighter = pd.read_csv(io.StringIO(strict), dtype={"unit_code": str})
    assert (tighter["covered_population"] <= table["covered_population"]).all()
    assert tighter["covered_population"].sum() < table["covered_population"].sum()
    gaps_csv = run(built_dir, "gaps", "--max-minutes", "20", "--top", "5").stdout
    gaps = pd.read_csv(io.StringIO(gaps_csv))
    assert len(gaps) == 5
    assert (gaps["min_min"] > 20).all()
