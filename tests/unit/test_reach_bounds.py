"""The Reach refuses what the CLI refuses: no threshold larger than the country, no racing walker.

The same named limits (defaults.py) guard the library, saved scenarios and the app.
"""

from __future__ import annotations

import pytest

from coverage.defaults import MAX_THRESHOLD_KM, MAX_THRESHOLD_MIN
from coverage.errors import InputError
from coverage.reach import Reach


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"threshold": 1e9}, "threshold 1000000000.0: at most 1200 km (larger than the country)"),
    ({"mode": "drive", "threshold": 2000}, "threshold 2000: at most 1440 min"),
    ({"mode": "walk", "catchment": 1e6}, "catchment 1000000.0: at most 1440 min"),
    ({"mode": "walk", "walk_speed_kmh": 40}, "walk_speed_kmh 40: at most 10 km/h (walking)"),
    ({"access_speed_kmh": 500}, "access_speed_kmh 500: at most 130 km/h"),
    ({"threshold": float("nan")}, "threshold nan: give a positive number"),
    ({"circuity": 0.5}, "circuity 0.5: use 1.0 (straight line) to 3.0"),
])
def test_out_of_range_is_refused(kwargs, said):
    with pytest.raises(InputError) as err:
        Reach(**kwargs)
    assert said in str(err.value)


def test_the_limits_themselves_are_allowed():
    assert Reach(threshold=MAX_THRESHOLD_KM).threshold == MAX_THRESHOLD_KM
    assert Reach(mode="drive", threshold=MAX_THRESHOLD_MIN).threshold == MAX_THRESHOLD_MIN


def test_a_saved_scenario_with_an_impossible_threshold_is_refused():
    saved = Reach().to_dict() | {"threshold": 5000.0}
    with pytest.raises(InputError, match="at most 1200 km"):
        Reach.from_dict(saved)
