"""Exports that cannot run code: CSV cells neutralised, XLSX text cells always strings."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coverage.export import (
    FORMULA_PREFIX,
    FORMULA_TRIGGERS,
    neutralise_text,
    table_bytes,
    workbook_bytes,
)
from tests.hostile import formula_leading

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "=1+1\n=2+2",
    "#N/A",
    "=",
]
ORDINARY = ["Kirjasto", "Åbo stadsbibliotek", "'quoted", " =space first", "a=b", "", "1-2"]


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))


def _table(names: list[str]) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({
        "name": names,
        "name_str": pd.array(names, dtype="string"),
        "value": np.linspace(-2.5, 2.5, n),
        "count": np.arange(-3, n - 3),
        "kind": pd.Categorical(names),
    })


def test_neutralise_prefixes_only_formula_leading_text():
    for text in [*HOSTILE[:7], "="]:
        assert neutralise_text(text) == FORMULA_PREFIX + text
    for text in [*ORDINARY, "#N/A"]:
        assert neutralise_text(text) == text


def test_csv_has_no_formula_leading_cell_and_numbers_stay_numbers():
    table = _table(HOSTILE + ORDINARY)
    cells = _csv_cells(table_bytes(table, "csv"))
    assert cells[0] == ["name", "name_str", "value", "count", "kind"]
    body = cells[1:]
    assert len(body) == len(table)
    for row in body:
        assert not any(formula_leading(c) for c in row), row
    # round trip: each text cell is the user's text, with a leading ' where it needed one
    for row, original in zip(body, HOSTILE + ORDINARY, strict=True):
        expected = FORMULA_PREFIX + original if original.startswith(FORMULA_TRIGGERS) else original
        assert row[0] == row[1] == row[4] == expected
    # negative numbers are written as numbers, not as text
    back = pd.read_csv(io.BytesIO(table_bytes(table, "csv")))
    assert back["value"].tolist() == pytest.approx(table["value"].tolist())
    assert back["count"].tolist() == table["count"].tolist()
    assert back["count"].min() == -3


def test_csv_header_from_user_text_is_neutralised():
    table = pd.DataFrame({"=evil()": ["x"], "ok": [1]})
    assert _csv_cells(table_bytes(table, "csv"))[0] == ["'=evil()", "ok"]


def test_xlsx_has_no_formula_and_keeps_the_text():
    table = _table(HOSTILE + ORDINARY)
    data = table_bytes(table, "xlsx")
    xml = _sheet_xml(data)
    assert not re.search(r"<f[ >]", xml)
    assert 't="e"' not in xml  # "#N/A" is text, not an error value
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("name", "name_str", "value", "count", "kind")
    for row, original in zip(rows[1:], HOSTILE + ORDINARY, strict=True):
        # XML turns a bare CR into LF when read; everything else comes back as written
        expected = (original.replace("\r", "\n") if original else None)
        assert row[0] == row[1] == row[4] == expected
    cell_types = {c.data_type for c in ws["A"][1:]} | {c.data_type for c in ws["E"][1:]}
    assert cell_types <= {"s", "inlineStr"}  # text cells; never "f" (formula) or "e"
    assert [c.value for c in ws["D"][1:]] == table["count"].tolist()
    assert all(isinstance(c.value, int | float) for c in ws["C"][1:])


def test_xlsx_control_characters_do_not_crash():
    data = table_bytes(pd.DataFrame({"name": ["a\x01b", "=x\x00"]}), "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws["A"][1:]] == ["a\ufffdb", "=x\ufffd"]
    assert not re.search(r"<f[ >]", _sheet_xml(data))


def test_workbook_bytes_several_sheets_no_formula():
    data = workbook_bytes({"units": _table(HOSTILE), "a" * 40: pd.DataFrame({"=h": ["=1"]})})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["units", "a" * 31]
    assert wb["a" * 31]["A1"].value == "=h"
    assert wb["a" * 31]["A1"].data_type == "s"
    assert not re.search(r"<f[ >]", _sheet_xml(data))


def test_json_is_unchanged():
    data = table_bytes(pd.DataFrame({"name": ["=1+1"], "v": [-1]}), "json")
    assert pd.read_json(io.BytesIO(data))["name"].tolist() == ["=1+1"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                min_size=1, max_size=6))
def test_csv_round_trip_any_text(names):
    cells = _csv_cells(table_bytes(pd.DataFrame({"name": names}), "csv"))
    assert len(cells) == len(names) + 1
    for (cell,), original in zip(cells[1:], names, strict=True):
        assert not formula_leading(cell)
        assert cell == (FORMULA_PREFIX + original if original.startswith(FORMULA_TRIGGERS)
                        else original)


def test_spreadsheets_are_written_in_one_place():
    """Every CSV/XLSX writer in the package goes through coverage.export."""
    root = Path(__file__).resolve().parents[2] / "coverage"
    writers = re.compile(r"\.to_csv\(|\.to_excel\(|ExcelWriter|openpyxl\.Workbook|csv\.writer")
    # _online.py writes the mirror of an official service (source data read back by the sync)
    allowed = {root / "export.py", root / "data" / "_online.py"}
    found = [f"{p.relative_to(root)}:{i}" for p in sorted(root.rglob("*.py")) if p not in allowed
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if writers.search(line)]
    assert found == []

