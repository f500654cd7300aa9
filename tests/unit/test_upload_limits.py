"""Limits on an uploaded file: size, rows, columns, unpacked XLSX size, problems listed.

Each refusal is one problem naming the limit (from coverage.defaults), in fi/sv/en. The XLSX
bomb (1 MB that unpacks to 1 GiB) is refused before it is opened, with the process's peak
memory measured in a subprocess (the CLI's `providers check`).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from coverage import defaults
from coverage.data import uploads
from coverage.data.uploads import check_provider_file, load_provider_file, problem_counts
from coverage.errors import InputError
from coverage.messages import localized
from coverage.planning import read_points
from tests.hostile import GIB, MB, SHEET, xlsx_bomb

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 600
HEADER = "name,type,lat,lon"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "pommi.xlsx"
    path.write_bytes(xlsx_bomb(GIB))
    return path


def only_problem(exc: InputError):
    (p,) = exc.problems
    return p


def refused(data: bytes | Path, filename: str = "lista.csv"):
    with pytest.raises(InputError) as info:
        load_provider_file(data, filename=filename)
    return only_problem(info.value)


def assert_names_limit(p, limit) -> None:
    for lang in ("fi", "sv", "en"):
        assert str(limit) in localized(p, lang), (lang, localized(p, lang))
    assert localized(p, "fi") != localized(p, "en")
    assert localized(p, "sv") != localized(p, "en")


# --- the XLSX bomb --------------------------------------------------------------------------------


def test_the_bomb_is_what_it_says(bomb):
    assert bomb.stat().st_size < 1.2 * MB
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(SHEET).file_size == GIB


def test_the_bomb_is_refused_naming_the_limit(bomb):
    p = refused(bomb, "pommi.xlsx")
    assert p.code == "limit.unpacked_size"
    assert p.source == "pommi.xlsx"
    assert "1024.0 MB" in p.message
    assert f"the limit is {defaults.UPLOAD_MAX_UNPACKED_MB} MB unpacked" in p.message
    assert SHEET in p.message
    assert_names_limit(p, defaults.UPLOAD_MAX_UNPACKED_MB)
    assert "purettuna" in localized(p, "fi")


def test_the_bomb_through_the_cli_peak_memory(bomb):
    """`providers check` on the bomb: exit 1, one clear line, peak memory under 600 MB."""
    wrapper = textwrap.dedent("""
        import json, resource, subprocess, sys
        done = subprocess.run([sys.executable, "-m", "coverage", "providers", "check",
                               sys.argv[1]], capture_output=True, text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"rc": done.returncode, "out": done.stdout, "err": done.stderr,
                          "peak_mb": peak}))
    """)
    done = subprocess.run([sys.executable, "-c", wrapper, str(bomb)], capture_output=True,  # noqa: S603
                          text=True, check=True, cwd=ROOT, timeout=300)
    result = json.loads(done.stdout)
    assert result["rc"] == 1
    assert "Traceback" not in result["err"]
    assert f"the limit is {defaults.UPLOAD_MAX_UNPACKED_MB} MB unpacked" in result["out"]
    assert "NOT USABLE: pommi.xlsx has 1 error" in result["out"]
    print(f"providers check on the 1 GiB bomb: peak {result['peak_mb']:.0f} MB")
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_a_zip_with_too_many_members():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(defaults.UPLOAD_MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"x/{i}.xml", b"")
    p = refused(out.getvalue(), "osia.xlsx")
    assert p.code == "limit.zip_members"
    assert_names_limit(p, defaults.UPLOAD_MAX_ZIP_MEMBERS)


def test_a_broken_zip_is_unreadable_not_a_traceback():
    p = refused(b"PK\x03\x04" + b"\x00" * 100, "rikki.xlsx")
    assert p.code == "upload.xlsx_unreadable"


# --- file size ------------------------------------------------------------------------------------


def test_too_large_bytes_are_refused():
    data = b"a" * (defaults.UPLOAD_MAX_FILE_MB * MB + 1)
    p = refused(data)
    assert p.code == "limit.file_size"
    assert p.message.startswith(f"the file is {defaults.UPLOAD_MAX_FILE_MB}.0 MB; the limit is "
                                f"{defaults.UPLOAD_MAX_FILE_MB} MB per file")
    assert_names_limit(p, defaults.UPLOAD_MAX_FILE_MB)


def test_too_large_path_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "iso.csv"
    with path.open("wb") as fh:
        fh.truncate(5 * GIB)  # sparse: reading it would take 5 GiB of memory
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the check"))
    p = refused(path, None)
    assert p.code == "limit.file_size"
    assert "5120.0 MB" in p.message


def test_a_file_at_the_size_limit_is_read(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_MAX_FILE_MB", 1)
    line = b"Oodi,library,60.17,24.94\n"
    bad = b"Bad,library,x,24.9\n"
    data = HEADER.encode() + b"\n" + line * ((MB - 100) // len(line)) + bad
    data += b" " * (MB - len(data))  # exactly 1 MB
    assert len(data) == MB
    assert refused(data + b" ").code == "limit.file_size"
    with pytest.raises(InputError) as info:  # read and validated
        load_provider_file(data, filename="lista.csv")
    assert "upload.not_a_number" in {p.code for p in info.value.problems}


def test_the_apps_upload_limit_is_the_same():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == defaults.UPLOAD_MAX_FILE_MB


# --- rows and columns -----------------------------------------------------------------------------


def test_rows_beyond_the_limit_are_not_read():
    n = defaults.UPLOAD_MAX_ROWS
    rows = "".join(f"P{i},library,60.{i % 1000:03d},24.9\n" for i in range(n + 1))
    p = refused(f"{HEADER}\n{rows}".encode())
    assert p.code == "limit.rows"
    assert f"more than {n} data rows" in p.message
    assert_names_limit(p, n)


def test_blank_rows_do_not_count(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_MAX_ROWS", 2)
    data = f"{HEADER}\nA,library,60.1,24.9\n,,,\n\nB,library,60.2,24.9\n".encode()
    assert len(load_provider_file(data, filename="l.csv").providers) == 2
    assert refused(data + b"C,library,60.3,24.9\n").code == "limit.rows"


def test_xlsx_rows_beyond_the_limit(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_MAX_ROWS", 50)
    wb = openpyxl.Workbook()
    wb.active.append(["name", "type", "lat", "lon"])
    for i in range(51):
        wb.active.append([f"P{i}", "library", 60.0 + i / 100, 24.9])
    data = io.BytesIO()
    wb.save(data)
    p = refused(data.getvalue(), "l.xlsx")
    assert p.code == "limit.rows"
    assert "more than 50 data rows" in p.message


def test_xlsx_forged_dimension_does_not_pad_rows():
    """A sheet claiming A1:XFD1048576 is read as the rows it has, not 17 billion cells."""
    wb = openpyxl.Workbook()
    wb.active.append(["name", "type", "lat", "lon"])
    wb.active.append(["Oodi", "library", 60.17, 24.94])
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == SHEET:
                body = body.replace(b'<dimension ref="A1:D2" />',
                                    b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in body
            dst.writestr(info, body)
    result = load_provider_file(out.getvalue(), filename="l.xlsx")
    assert result.providers["name"].tolist() == ["Oodi"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_columns(kind):
    n = defaults.UPLOAD_MAX_COLUMNS + 1
    header = ["name", "type", "lat", "lon", *(f"c{i}" for i in range(n - 4))]
    if kind == "csv":
        data = (",".join(header) + "\nOodi,library,60.17,24.94\n").encode()
    else:
        wb = openpyxl.Workbook()
        wb.active.append(header)
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    p = refused(data, f"leveä.{kind}")
    assert p.code == "limit.columns"
    assert p.row == 1
    assert f"the header row has {n} columns; the limit is {n - 1} columns" in p.message
    assert_names_limit(p, n - 1)


def test_empty_formatted_columns_of_a_sheet_do_not_count():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["name", "type", "lat", "lon"])
    ws.append(["Oodi", "library", 60.17, 24.94])
    ws.cell(row=1, column=defaults.UPLOAD_MAX_COLUMNS + 50).value = ""  # styled, empty
    ws.cell(row=1, column=defaults.UPLOAD_MAX_COLUMNS + 50).number_format = "0.00"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert len(load_provider_file(buffer.getvalue(), filename="l.xlsx").providers) == 1


def test_geojson_rows_beyond_the_limit(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_MAX_ROWS", 3)
    features = [{"type": "Feature", "properties": {"name": f"P{i}", "type": "library"},
                 "geometry": {"type": "Point", "coordinates": [24.9, 60.1 + i / 10]}}
                for i in range(4)]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    assert refused(data, "l.geojson").code == "limit.rows"
    features.pop()
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    assert len(load_provider_file(data, filename="l.geojson").providers) == 3


# --- problems listed ------------------------------------------------------------------------------


def test_only_the_first_problems_are_listed_and_the_rest_counted(tmp_path):
    n_bad = 5_000
    rows = "".join(f"P{i},library,not a number,24.9\n" for i in range(n_bad))
    good = "Oodi,library,60.17,24.94\nOodi,library,60.17,24.94\n"  # the second: a warning
    data = f"{HEADER}\n{good}{rows}".encode()
    with pytest.raises(InputError) as info:
        load_provider_file(data, filename="huono.csv")
    problems = info.value.problems
    limit = defaults.UPLOAD_MAX_PROBLEMS_LISTED
    assert len(problems) == limit + 1
    assert [p.row for p in problems[:3]] == [4, 5, 6]  # errors first; the warning not listed
    assert {p.code for p in problems[:-1]} == {"upload.not_a_number"}
    last = problems[-1]
    assert last.code == "limit.problems_listed"
    assert last.message == (f"{n_bad + 1 - limit} more not listed ({n_bad - limit} errors, "
                            f"1 warning): only the first {limit} problems are listed. Fix "
                            "these and check the file again")
    assert problem_counts(problems) == (n_bad, 1)
    path = tmp_path / "huono.csv"
    path.write_bytes(data)
    code, lines = check_provider_file(path)
    assert code == 1
    assert len(lines) == limit + 2
    assert lines[-1] == (f"NOT USABLE: huono.csv has {n_bad} errors (1 warning); fix the "
                         "errors and check again")
    assert sum(len(line) for line in lines) < 30_000


def test_warnings_of_an_accepted_file_are_capped_too():
    n = 300
    rows = "".join(f"P{i},library,24.9,60.{i:03d}\n" for i in range(n))  # swapped: a warning each
    result = load_provider_file(f"{HEADER}\n{rows}".encode(), filename="l.csv")
    assert len(result.providers) == n
    limit = defaults.UPLOAD_MAX_PROBLEMS_LISTED
    assert len(result.warnings) == limit + 1
    assert result.warnings[-1].severity == "warning"
    assert problem_counts(result.warnings) == (0, n)


# --- point files (plan --candidates-file, homesupport --bases, the app's bases file) -------------


def test_point_files_have_the_same_limits(tmp_path, monkeypatch):
    big = tmp_path / "tukikohdat.csv"
    with big.open("wb") as fh:
        fh.truncate((defaults.UPLOAD_MAX_FILE_MB + 1) * MB)
    with pytest.raises(InputError) as info:
        read_points(big, what="bases")
    assert [p.code for p in info.value.problems] == ["limit.file_size"]
    monkeypatch.setattr(uploads, "UPLOAD_MAX_ROWS", 3)
    rows = "".join(f"P{i},60.{i},24.9\n" for i in range(4))
    with pytest.raises(InputError) as info:
        read_points(f"name,lat,lon\n{rows}".encode(), what="bases", filename="b.csv")
    assert [p.code for p in info.value.problems] == ["limit.rows"]


def test_point_file_problems_are_capped():
    n = 3 * defaults.UPLOAD_MAX_PROBLEMS_LISTED
    rows = "".join(f"P{i},x,24.9\n" for i in range(n))
    with pytest.raises(InputError) as info:
        read_points(f"name,lat,lon\n{rows}".encode(), what="bases", filename="b.csv")
    problems = info.value.problems
    assert len(problems) == defaults.UPLOAD_MAX_PROBLEMS_LISTED + 1
    assert problems[-1].code == "limit.problems_listed"
    assert problem_counts(problems)[0] >= n
