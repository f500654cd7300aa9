"""Names from a user's file through the command line: no live formula in any CSV or XLSX.

The provider, base and candidate files carry OWASP CSV-injection payloads as names and
addresses; every CSV the CLI writes must show them as text (a leading ') and every XLSX must
hold them as string cells (no <f> element in the sheet XML).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from coverage.export import FORMULA_PREFIX
from tests.hostile import formula_leading

pytestmark = pytest.mark.realdata

HYPERLINK = '=HYPERLINK("http://x","y")'
CMD = "+cmd|' /C calc'!A0"
SUM = "@SUM(1)"
MINUS = "-2+3"
HOSTILE = (HYPERLINK, CMD, SUM, MINUS)

PROVIDERS_CSV = (
    "name,type,lat,lon,address,capacity,languages\n"
    '"=HYPERLINK(""http://x"",""y"")",library,60.1699,24.9384,"=1+1",12,fi\n'
    "\"+cmd|' /C calc'!A0\",ngo,68.6580,27.5390,@SUM(1),4,fi\n"
    "@SUM(1),service_point,62.2426,25.7473,,6,fi\n"
    "-2+3,library,65.0121,25.4651,,6,fi\n"
)
BASES_CSV = (
    "name,lat,lon,staff_hours_week\n"
    '"=HYPERLINK(""http://x"",""y"")",60.17,24.94,37.5\n'
    "\"+cmd|' /C calc'!A0\",65.01,25.47,20\n"
    "@SUM(1),62.24,25.75,10\n"
    "-2+3,61.50,23.76,10\n"
)
CANDIDATES_CSV = (  # places a 2 km threshold leaves uncovered, so each site adds need
    "name,lat,lon\n"
    "@SUM(1),62.10,25.60\n"
    "-2+3,61.40,23.60\n"
)


def run(built_dir, *args):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def assert_safe_csv(text: str) -> list[str]:
    cells = csv_cells(text)
    bad = [c for c in cells if formula_leading(c)]
    assert bad == [], bad
    return cells


def assert_safe_xlsx(path) -> list[object]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<f[ >]", xml), name
    wb = openpyxl.load_workbook(path)
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    return values


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for name, text in (("providers.csv", PROVIDERS_CSV), ("bases.csv", BASES_CSV),
                       ("candidates.csv", CANDIDATES_CSV)):
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_homesupport_csv_and_xlsx(built_dir, files, tmp_path):
    out = run(built_dir, "homesupport", "--bases", str(files["bases.csv"]), "--format", "csv")
    cells = assert_safe_csv(out.stdout)
    assert {FORMULA_PREFIX + n for n in HOSTILE} <= set(cells)
    xlsx = tmp_path / "bases.xlsx"
    by_unit = tmp_path / "by.csv"
    run(built_dir, "homesupport", "--bases", str(files["bases.csv"]), "--format", "xlsx",
        "--out", str(xlsx), "--by", "maakunta", "--by-out", str(by_unit))
    assert set(HOSTILE) <= set(assert_safe_xlsx(xlsx))  # the user's text, unchanged
    assert len(assert_safe_csv(by_unit.read_text(encoding="utf-8"))) > 19


def test_plan_with_own_candidates(built_dir, files, tmp_path):
    args = ("plan", "--new-sites", "2", "--max-km", "2", "--candidates", "file",
            "--candidates-file", str(files["candidates.csv"]))
    cells = assert_safe_csv(run(built_dir, *args, "--format", "csv").stdout)
    assert {FORMULA_PREFIX + SUM, FORMULA_PREFIX + MINUS} <= set(cells)
    xlsx = tmp_path / "plan.xlsx"
    run(built_dir, *args, "--format", "xlsx", "--out", str(xlsx))
    assert {SUM, MINUS} <= set(assert_safe_xlsx(xlsx))


def test_access_with_providers_file(built_dir, files, tmp_path):
    args = ("access", "--by", "maakunta", "--providers-file", str(files["providers.csv"]))
    assert_safe_csv(run(built_dir, *args, "--format", "csv").stdout)
    xlsx = tmp_path / "access.xlsx"
    run(built_dir, *args, "--format", "xlsx", "--out", str(xlsx))
    values = assert_safe_xlsx(xlsx)
    assert any(isinstance(v, float) for v in values)  # numbers stay numbers


def test_report_with_providers_file(built_dir, files, tmp_path):
    out = tmp_path / "report"
    run(built_dir, "report", "--option", "maakunta", "--providers-file",
        str(files["providers.csv"]), "--out", str(out))
    csvs = sorted(out.glob("*.csv"))
    assert len(csvs) >= 5
    for path in csvs:
        assert_safe_csv(path.read_text(encoding="utf-8"))
    values = assert_safe_xlsx(out / "report.xlsx")
    assert any(isinstance(v, float) for v in values)  # numbers stay numbers
