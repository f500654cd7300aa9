"""Point files with lat/lon: one vectorised transform per file, same numbers as one per point."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest

from coverage.errors import InputError
from coverage.homesupport import read_bases
from coverage.planning import read_points


def _lat_lon_file(n: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    lat = rng.uniform(59.9, 69.9, n).round(6)
    lon = rng.uniform(20.7, 31.4, n).round(6)
    rows = [f"p{i};{la:.6f};{lo:.6f};12,5".replace(".", ",")
            for i, (la, lo) in enumerate(zip(lat, lon, strict=True))]
    return ("nimi;lat;lon;staff_hours_week\n" + "\n".join(rows) + "\n").encode(), lat, lon


def test_every_point_equals_its_own_transform():
    data, lat, lon = _lat_lon_file(500)
    points = read_points(data, filename="many.csv")
    one = pyproj.Transformer.from_crs(4326, 3067, always_xy=True)
    want = np.array([one.transform(lo, la) for la, lo in zip(lat, lon, strict=True)])
    assert len(points) == 500
    np.testing.assert_array_equal(points[["x", "y"]].to_numpy(), want)
    bases = read_bases(data, filename="many.csv")
    np.testing.assert_array_equal(bases[["x", "y"]].to_numpy(), want)
    assert bases["staff_hours_week"].tolist() == [12.5] * 500


def test_bad_rows_are_still_named_in_order():
    data = (
        b"name,lat,lon\n"
        b"Helsinki,60.1699,24.9384\n"
        b"Text,abc,24.9\n"
        b"Tokyo,35.68,139.69\n"
        b"Empty,,\n"
        b"Oulu,65.0121,25.4651\n"
    )
    with pytest.raises(InputError) as info:
        read_points(data, filename="ll.csv")
    rows = [(p.row, p.field) for p in info.value.problems]
    assert rows == [(3, "lat"), (4, "lon"), (5, "lon"), (5, "lat")]
    assert "outside Finland" in info.value.problems[1].message
