"""Context layers on hand-made data: which roads are main roads, border lines, town labels."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from coverage.map_context import main_roads, municipal_borders, town_labels

CRS = "EPSG:3067"


def _edges() -> gpd.GeoDataFrame:
    """Road 4 (valtatie) in two edges meeting at (1000, 0); kantatie 63; a minor road; a ferry."""
    return gpd.GeoDataFrame(
        {"tieluokka": [1, 1, 2, 4, 9], "tienumero": [4, 4, 63, 1234, 0]},
        geometry=[shapely.LineString([(0, 0), (1000, 0)]),
                  shapely.LineString([(1000, 0), (2000, 10)]),
                  shapely.LineString([(0, 500), (0, 1500)]),
                  shapely.LineString([(5000, 0), (6000, 0)]),
                  shapely.LineString([(9000, 0), (9500, 0)])],
        crs=CRS)


def test_main_roads_keep_classes_one_and_two_merged_per_road():
    roads = main_roads(_edges(), tolerance_m=50.0)
    assert roads["road_number"].tolist() == [4, 63]
    assert roads["road_class"].tolist() == [1, 2]
    four = roads.geometry.iloc[0]
    assert four.geom_type == "LineString"  # the two edges joined end to end
    # 10 m off a straight line at 50 m tolerance: the middle vertex goes
    assert shapely.get_coordinates(four).tolist() == [[0.0, 0.0], [2000.0, 10.0]]
    assert roads.crs == CRS


def test_main_roads_of_a_network_without_them_is_empty():
    minor = _edges().iloc[[3, 4]]
    assert main_roads(minor).empty
    assert main_roads(_edges(), classes=(9,)).empty  # a ferry is never a road


def test_one_border_line_per_municipality_along_shared_edges():
    left = shapely.box(0, 0, 1000, 1000)
    right = shapely.box(1000, 0, 2000, 1000)
    munis = gpd.GeoDataFrame({"kunta_code": ["001", "002"]}, geometry=[left, right], crs=CRS)
    borders = municipal_borders(munis, tolerance_m=0)
    assert borders["kunta_code"].tolist() == ["001", "002"]
    assert borders.geometry.length.tolist() == [4000.0, 4000.0]
    shared = shapely.LineString([(1000, 0), (1000, 1000)])
    assert all(line.covers(shared) for line in borders.geometry)


def _settlements() -> pd.DataFrame:
    return pd.DataFrame({
        "name_fi": ["Kylä", "Helsingin kt.", "Toijalan kt.", "Heinolan kk.", "Heinolan kt."],
        "name_sv": ["By", "Helsingfors ct.", "Toijala ct.", "Heinola kb.", "Heinola ct."],
        "population_2021": [250, 1_341_191, 8_476, 2_162, 14_009],
        "x": [1.0, 2.0, 3.0, 4.0, 5.0], "y": [1.0, 2.0, 3.0, 4.0, 5.0],
        "kunta_code": ["001", "092", "020", "111", "111"],
    })


def _municipalities() -> pd.DataFrame:
    return pd.DataFrame({"name_fi": ["Helsinki", "Heinola", "Akaa"],
                         "name_sv": ["Helsingfors", "Heinola", "Akaa"]})


def test_centres_are_named_after_their_municipality_once():
    towns = town_labels(_settlements(), _municipalities(),
                        tiers=((100_000, 0.0), (10_000, 6.0), (1_000, 8.0), (0, 9.0)))
    assert towns["name_fi"].tolist() == [
        "Helsinki", "Heinola", "Toijalan kt.", "Heinolan kk.", "Kylä"]
    assert towns["name_sv"].tolist() == ["Helsingfors", "Heinola", "Toijala ct.", "Heinola kb.",
                                         "By"]
    assert towns["min_zoom"].tolist() == [0.0, 6.0, 8.0, 8.0, 9.0]
    assert towns["population"].tolist() == [1_341_191, 14_009, 8_476, 2_162, 250]


def test_a_settlement_below_every_tier_is_never_named():
    towns = town_labels(_settlements(), _municipalities(), tiers=((1_000, 7.0),))
    assert np.isinf(towns["min_zoom"]).tolist() == [False, False, False, False, True]


@pytest.mark.parametrize("tolerance", [0.0, 200.0])
def test_borders_keep_the_municipalitys_crs(tolerance):
    munis = gpd.GeoDataFrame({"kunta_code": ["001"]}, geometry=[shapely.box(0, 0, 10, 10)],
                             crs=CRS)
    assert municipal_borders(munis, tolerance_m=tolerance).crs == CRS
