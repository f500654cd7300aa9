"""The app's CSV/XLSX downloads ("Lataa CSV", "Lataa XLSX") are the safe exports.

`components.downloads` hands `cached.table_bytes` to every download button; it must be
`coverage.export.table_bytes`, which neutralises formula-leading CSV text and writes XLSX text
as strings (tests/unit/test_export.py checks that function in depth).
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import zipfile

import pandas as pd

from coverage.export import FORMULA_PREFIX, table_bytes
from coverage.ui import cached, components

NAMES = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1"]


def test_download_buttons_use_the_safe_export():
    source = inspect.getsource(components.downloads)
    assert 'cached.table_bytes(table, "csv", keep_totals)' in source
    assert 'cached.table_bytes(table, "xlsx", keep_totals)' in source


def test_the_apps_table_bytes_neutralise_formulas():
    table = pd.DataFrame({"base_name": NAMES,
                          "served_visits_week": [1.5, -2.0, 3.0, -4.0, 5.0]})
    data = cached.table_bytes(table, "csv")
    assert data == table_bytes(table, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r[0] for r in rows[1:]] == [FORMULA_PREFIX + n for n in NAMES]
    assert [r[1] for r in rows[1:]] == ["1.5", "-2", "3", "-4", "5"]
    with zipfile.ZipFile(io.BytesIO(cached.table_bytes(table, "xlsx"))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert not re.search(r"<f[ >]", xml)
    assert "=HYPERLINK" in xml
