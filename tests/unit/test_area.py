"""Area specs and whole-people rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coverage.area import Area, area_from_specs
from coverage.errors import InputError
from coverage.export import apportion, whole_people


def test_specs_parse_to_sorted_unique_parts():
    area = Area.parse("kunta:091, maakunta:19,kunta:091")
    assert area.parts == (("kunta", "091"), ("maakunta", "19"))
    assert Area.parse(area.spec) == area
    assert Area.parse("").is_country
    assert Area.parse("country").is_country
    assert area_from_specs(["maakunta:19", "kunta:091"]) == area
    assert area_from_specs(None).spec == ""


@pytest.mark.parametrize("spec", ["maakunta", "maakunta:", "lääni:1", "country:FI:x,foo:2"])
def test_bad_specs_say_what_to_write(spec):
    with pytest.raises(InputError, match="area"):
        Area.parse(spec)


def test_apportion_keeps_the_total_and_moves_each_value_less_than_one():
    rng = np.random.default_rng(3)
    values = pd.Series(rng.random(500) * 40)
    whole = apportion(values)
    assert whole.dtype.kind == "i"
    assert whole.sum() == round(values.sum())
    assert (np.abs(whole - values) < 1).all()


def test_whole_people_only_touches_people_columns():
    table = pd.DataFrame({"need": [1.3, 2.5, 0.2], "coverage_share": [0.5, 0.25, 1.0],
                          "population": [3.0, np.nan, 1.0]})
    parts = whole_people(table, keep_totals=True)
    assert parts["need"].tolist() == [1, 3, 0]  # 4.0 in all: the largest remainder goes up
    each = whole_people(table)
    assert each["need"].tolist() == [1, 2, 0]
    for out in (parts, each):
        assert out["coverage_share"].tolist() == [0.5, 0.25, 1.0]
        assert out["population"].isna().tolist() == [False, True, False]


def test_equal_rows_stay_equal_when_rounded_each():
    table = pd.DataFrame({"need": [553_211.4] * 7})
    assert whole_people(table)["need"].nunique() == 1
