"""The maps' context layers on the real data: main roads, municipal borders, town names.

Facts from ../shared/data/network/README.md (road classes 1-2: 13 277 km, numbers 1-99) and
../shared/data/population/README.md (705 settlements, Helsingin kt. the largest).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from scipy.spatial import cKDTree

from coverage import maps
from coverage.data.roads import read_road_frames
from coverage.defaults import (
    CONTEXT_BORDER_SIMPLIFY_M,
    CONTEXT_ROAD_SIMPLIFY_M,
    FINLAND_LAT,
    FINLAND_LON,
    TOWN_LABEL_TIERS,
)
from coverage.map_context import map_context

ROADS_MAX_BYTES = 40_000
"""Most bytes of the main roads as the browser gets them (measured 34 387)."""
CONTEXT_MAX_BYTES = 150_000
"""Most bytes of all three context layers in one map (measured 128 708 in Finnish)."""
TOWN_OFF_LAND_MAX_M = 2_000.0
"""A settlement's point may lie this far outside the generalised municipal polygons (coast)."""


@pytest.fixture(scope="module")
def context(ds):
    return map_context(ds)


@pytest.fixture(scope="module")
def data(context):
    return json.loads(maps.context_data(context, "fi"))


def _decoded(steps: list[int]) -> np.ndarray:
    """Return the (lat, lon) degrees of one stepped line (the browser's decoding)."""
    return np.cumsum(np.asarray(steps, dtype=np.int64).reshape(-1, 2), axis=0) / maps.CONTEXT_SCALE


def test_one_border_per_municipality(ds, context):
    borders = context.borders
    assert len(borders) == len(ds.municipalities) == 308
    assert sorted(borders["kunta_code"]) == sorted(ds.municipalities["kunta_code"])
    assert set(borders.geom_type) <= {"LineString", "MultiLineString"}
    assert not borders.geometry.is_empty.any()


def test_borders_fall_on_the_edges_of_the_coloured_municipalities(ds, data):
    """Every vertex the browser draws is a vertex of the choropleth's polygons (to 1e-4 deg)."""
    polygons = maps.map_geometries(ds.municipalities, columns=["kunta_code"])
    corners = shapely.get_coordinates(polygons.geometry.values)[:, ::-1]  # lat, lon
    drawn = np.vstack([_decoded(part) for border in data["borders"] for part in border])
    gap, _ = cKDTree(corners).query(drawn)
    assert gap.max() <= 1.5 / maps.CONTEXT_SCALE
    assert len(data["borders"]) == 308


def test_main_roads_are_the_national_and_main_roads_only(ds, context):
    _nodes, edges = read_road_frames(ds.path)
    main = edges[edges["tieluokka"].isin([1, 2])]
    roads = context.roads
    assert set(roads["road_class"]) == {1, 2}
    assert sorted(roads["road_number"]) == sorted(main["tienumero"].unique())
    assert len(roads) == 70
    assert roads["road_number"].between(1, 99).all()
    assert roads.loc[roads["road_class"] == 1, "road_number"].max() <= 39  # valtatiet 1-39
    assert roads.loc[roads["road_class"] == 2, "road_number"].min() >= 40  # kantatiet 40-99
    # 13 277 km in the README; simplification straightens bends a little
    assert main["length_m"].sum() / 1e3 == pytest.approx(13_276.7, abs=0.1)
    assert 0.98 * 13_276.7 < roads.length.sum() / 1e3 <= 13_276.7
    for number, line in zip(roads["road_number"], roads.geometry, strict=True):
        exact = shapely.union_all(main.loc[main["tienumero"] == number].geometry.values)
        assert shapely.hausdorff_distance(exact, line) <= CONTEXT_ROAD_SIMPLIFY_M + 1


def test_towns_are_every_settlement_within_finland(ds, context, data):
    towns = context.towns
    assert len(towns) == len(ds.settlements) == 705
    land = shapely.union_all(ds.municipalities.geometry.values)
    points = shapely.points(towns[["x", "y"]].to_numpy())
    assert shapely.distance(land, points).max() <= TOWN_OFF_LAND_MAX_M
    lat = np.array([t[0] for t in data["towns"]])
    lon = np.array([t[1] for t in data["towns"]])
    assert ((lat > FINLAND_LAT[0]) & (lat < FINLAND_LAT[1])).all()
    assert ((lon > FINLAND_LON[0]) & (lon < FINLAND_LON[1])).all()
    assert towns["population"].is_monotonic_decreasing


def test_town_names_and_the_zoom_they_appear_from(context):
    towns = context.towns.set_index("name_sv")
    # "Helsingin kt." / "Helsingfors ct." is named after its municipality, in both languages
    assert towns.loc["Helsingfors", "name_fi"] == "Helsinki"
    assert towns.loc["Åbo", "name_fi"] == "Turku"
    assert towns.loc["Helsingfors", "population"] == 1_341_191
    # the centre of a former municipality keeps its own name
    assert "Toijalan kt." in set(context.towns["name_fi"])
    assert not context.towns["name_fi"].duplicated().any()
    zoom = context.towns["min_zoom"]
    assert [int((zoom <= z).sum()) for _, z in TOWN_LABEL_TIERS] == [6, 31, 97, 310, 705]


def test_the_layers_are_light(context, data):
    roads = json.dumps(data["roads"], separators=(",", ":")).encode()
    assert len(roads) < ROADS_MAX_BYTES
    assert len(maps.context_data(context, "fi").encode()) < CONTEXT_MAX_BYTES
    assert len(maps.context_data(context, "sv").encode()) < CONTEXT_MAX_BYTES


def test_stepped_lines_round_trip(context, data):
    """The browser's decoding gives the roads back to 1/CONTEXT_SCALE degree."""
    exact = maps._to_map_crs(context.roads)
    for (_cls, parts), line in zip(data["roads"], exact, strict=True):
        drawn = np.vstack([_decoded(p) for p in parts])
        corners = shapely.get_coordinates(line)[:, ::-1]
        gap, _ = cKDTree(corners).query(drawn)
        assert gap.max() <= 0.51 / maps.CONTEXT_SCALE * np.sqrt(2)


def test_borders_keep_the_polygons_tolerance(ds, context):
    exact = ds.municipalities.geometry.boundary.to_numpy()
    distance = shapely.hausdorff_distance(exact, context.borders.geometry.to_numpy())
    assert distance.max() <= 1.1 * CONTEXT_BORDER_SIMPLIFY_M
