"""Reach on the real data: walking times by the command line, every mode through one path."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare

pytestmark = pytest.mark.realdata

POPULATION = 5_635_971


def run(built_dir, *args):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args]
    return subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        cmd, capture_output=True, text=True, check=True, timeout=300
    ).stdout


def test_walking_access_by_maakunta_from_the_command_line(built_dir):
    """`access --by maakunta --mode walk --max-minutes 10|20|30`: 19 regions, every person
    counted once, and no region covered less when people may walk longer."""
    tables = {}
    for minutes in (10, 20, 30):
        out = run(built_dir, "access", "--by", "maakunta", "--mode", "walk", "--max-minutes",
                  str(minutes), "--format", "csv")
        table = pd.read_csv(io.StringIO(out), dtype={"unit_code": str}).set_index("unit_code")
        assert len(table) == 19
        assert table["population"].sum() == POPULATION
        assert {"median_min", "p90_min", "mean_need_min", "covered2_population"} <= set(
            table.columns)
        assert not {"median_km", "p90_km"} & set(table.columns)
        tables[minutes] = table
    for short, long in ((10, 20), (20, 30)):
        for col in ("coverage_share", "need_coverage_share", "coverage2_share"):
            assert (tables[long][col] >= tables[short][col]).all(), (col, short, long)
        assert (tables[long]["coverage_share"] > tables[short]["coverage_share"]).any()
    # the cost of reach does not depend on the threshold
    np.testing.assert_array_equal(tables[10]["median_min"], tables[30]["median_min"])


def test_walking_minutes_are_straight_km_at_the_walking_speed(ds):
    km = prepare(ds, Scenario())
    walk = prepare(ds, Scenario(reach=Reach(mode="walk", threshold=20)))
    per_km = 60 / walk.reach.walk_speed_kmh
    np.testing.assert_allclose(walk.cost.nearest, km.cost.nearest * per_km, rtol=1e-12)
    # walking 20 min at 3.4 km/h x 1.3 is the straight line within 20 / 60 * 3.4 km
    within = km.cost.covered(20 / 60 * walk.reach.walk_speed_kmh)
    np.testing.assert_array_equal(walk.covered(), within)
    gaps, labels = gaps_table(ds, walk)
    assert {"min_min", "mean_min", "max_min"} <= set(gaps.columns)
    assert labels.max() == len(gaps)
    national = access_table(ds, walk, "country").iloc[0]
    uncovered = ds.demand["population"].to_numpy()[~walk.covered()].sum()
    assert national["population"] - national["covered_population"] == pytest.approx(uncovered)
