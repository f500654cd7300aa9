"""Fixtures shared by the real-data tests of more than one module."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest

from coverage import cli
from coverage.compare import OPTIONS

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.fixture
def cli_ok(ds, capsys) -> Callable[..., tuple[str, str]]:
    """Return a runner of the main CLI on the test dataset: it checks the command succeeded and
    returns what it wrote on stdout and stderr."""

    def run(*args: str) -> tuple[str, str]:
        rc = cli.main(["--data-dir", str(ds.path), *args])
        out, err = capsys.readouterr()
        assert rc == 0, err
        return out, err

    return run


@pytest.fixture
def compare_csv(cli_ok, monkeypatch) -> tuple[list[dict[str, str]], str]:
    """Run `compare --max-km 10 --format csv` through the main CLI; its rows (one per option, in
    the catalogue's order, checked) and what it said on stderr."""
    if "coverage.cli_compare" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "coverage.cli_compare"))
    out, err = cli_ok("compare", "--max-km", "10", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["option"] for r in rows] == list(OPTIONS)
    return rows, err
