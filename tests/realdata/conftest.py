"""Fixtures shared by the real-data tests of more than one module."""

from __future__ import annotations

import csv
import io

import pytest

from coverage import cli
from coverage.compare import OPTIONS


@pytest.fixture
def compare_csv(ds, capsys, monkeypatch) -> tuple[list[dict[str, str]], str]:
    """Run `compare --max-km 10 --format csv` through the main CLI; its rows (one per option, in
    the catalogue's order, checked) and what it said on stderr."""
    if "coverage.cli_compare" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "coverage.cli_compare"))
    rc = cli.main(["--data-dir", str(ds.path), "compare", "--max-km", "10", "--format", "csv"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["option"] for r in rows] == list(OPTIONS)
    return rows, err
