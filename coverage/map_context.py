"""What a map shows around the figures: main roads, municipal borders and town names.

Built from the working dataset alone (the NLS road graph, the municipal polygons, the SYKE
settlements), so the maps have their bearings without a tile server or any other request. The
geometry stays in EPSG:3067 metres, simplified for a national or regional view; `coverage.maps`
turns it into light browser layers. Build it once per dataset (`map_context`) and keep it:
the app caches it (`coverage.ui.cached`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coverage.data.roads import EDGES_FILE, FERRY_TIELUOKKA, has_roads
from coverage.defaults import (
    CONTEXT_BORDER_SIMPLIFY_M,
    CONTEXT_MAIN_ROAD_CLASSES,
    CONTEXT_ROAD_SIMPLIFY_M,
    TOWN_LABEL_TIERS,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

    from coverage.data.dataset import Dataset

CENTRE_SUFFIXES = (" ct.", " kb.")
"""Swedish endings of a municipality's central settlement (centraltätort) or church village
(kyrkby) in the SYKE names ("Helsingfors ct." for "Helsingin kt.")."""


@dataclass(frozen=True)
class MapContext:
    """The context layers of the maps, EPSG:3067.

    - `roads`: one row per main road (`road_number`, `road_class`: 1 valtatie, 2 kantatie),
      its lines merged and simplified; empty when the dataset has no road network.
    - `borders`: one row per municipality (`kunta_code`), its boundary as lines.
    - `towns`: one row per settlement: `name_fi`, `name_sv` (the label), `population`, `x`,
      `y`, `min_zoom` (the first zoom at which it is named), largest first.
    """

    roads: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    towns: pd.DataFrame


def main_roads(
    edges: gpd.GeoDataFrame, *, classes: Sequence[int] = CONTEXT_MAIN_ROAD_CLASSES,
    tolerance_m: float = CONTEXT_ROAD_SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return the main roads of a road-edge frame: one merged, simplified line per road number.

    `edges` are `coverage.data.roads` edges (tieluokka, tienumero, geometry in EPSG:3067).
    Ferries are never roads. Merging the edges of a road first lets the simplification keep
    its ends joined and makes a few dozen features of 3 000 edges.
    """
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    keep = edges["tieluokka"].isin(list(classes)) & (edges["tieluokka"] != FERRY_TIELUOKKA)
    chosen = edges.loc[keep.to_numpy(), ["tienumero", "tieluokka", edges.geometry.name]]
    if chosen.empty:
        return gpd.GeoDataFrame({"road_number": [], "road_class": []}, geometry=[],
                                crs=edges.crs)
    lines = chosen.dissolve(by=["tienumero", "tieluokka"]).reset_index()
    merged = shapely.line_merge(np.asarray(lines.geometry.values))
    simple = shapely.simplify(merged, tolerance_m, preserve_topology=False)
    return gpd.GeoDataFrame(
        {"road_number": lines["tienumero"].to_numpy(np.int64),
         "road_class": lines["tieluokka"].to_numpy(np.int64)},
        geometry=simple, crs=edges.crs,
    ).sort_values(["road_class", "road_number"], kind="stable").reset_index(drop=True)


def municipal_borders(
    municipalities: gpd.GeoDataFrame, *, tolerance_m: float = CONTEXT_BORDER_SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return each municipality's boundary as lines (kunta_code, geometry), simplified.

    The polygons are simplified as one coverage (shared edges kept), as the maps' coloured
    polygons are, so a border line falls on their edges.
    """
    import geopandas as gpd  # noqa: PLC0415

    shapes = municipalities[["kunta_code", municipalities.geometry.name]]
    simple = shapes.geometry.simplify_coverage(tolerance_m) if tolerance_m > 0 else shapes.geometry
    return gpd.GeoDataFrame({"kunta_code": shapes["kunta_code"].to_numpy(str)},
                            geometry=simple.boundary.to_numpy(), crs=municipalities.crs)


def town_labels(
    settlements: pd.DataFrame, municipalities: pd.DataFrame, *,
    tiers: Sequence[tuple[int, float]] = TOWN_LABEL_TIERS,
) -> pd.DataFrame:
    """Return the settlements as labels: name, population, position and first zoom.

    SYKE names a municipality's centre in the genitive ("Helsingin kt.", Swedish "Helsingfors
    ct."): when the Swedish name without its ending is a municipality's Swedish name, the
    largest such settlement is labelled with that municipality's names (Helsinki,
    Helsingfors); a centre of a former municipality ("Toijalan kt.") and every other
    settlement keep their own names. `tiers` give the first zoom by population
    (`TOWN_LABEL_TIERS`).
    """
    towns = settlements.sort_values("population_2021", ascending=False, kind="stable")
    towns = towns.reset_index(drop=True)
    stem = towns["name_sv"].astype(str)
    centre = stem.str.endswith(CENTRE_SUFFIXES)
    stem = stem.str.slice(0, -len(CENTRE_SUFFIXES[0])).where(centre, None)
    by_sv = municipalities.drop_duplicates("name_sv").set_index("name_sv")
    named = stem.isin(by_sv.index) & ~stem.duplicated()
    name_fi = towns["name_fi"].astype(str).where(~named, stem.map(by_sv["name_fi"]))
    name_sv = towns["name_sv"].astype(str).where(~named, stem)
    population = towns["population_2021"].to_numpy(np.int64)
    min_zoom = np.full(len(towns), np.inf)
    for least, zoom in sorted(tiers, key=lambda tier: -tier[0]):
        min_zoom = np.where(np.isinf(min_zoom) & (population >= least), zoom, min_zoom)
    return pd.DataFrame({
        "name_fi": name_fi.to_numpy(str), "name_sv": name_sv.to_numpy(str),
        "population": population, "x": towns["x"].to_numpy(float),
        "y": towns["y"].to_numpy(float), "min_zoom": min_zoom,
    })


def map_context(ds: Dataset) -> MapContext:
    """Return the context layers of the dataset's maps (about a second; build it once)."""
    import geopandas as gpd  # noqa: PLC0415

    if has_roads(ds.path):
        edges = gpd.read_parquet(ds.path / EDGES_FILE,
                                 columns=["tieluokka", "tienumero", "geometry"])
        roads = main_roads(edges)
    else:
        roads = main_roads(gpd.GeoDataFrame({"tieluokka": [], "tienumero": []}, geometry=[],
                                             crs=ds.municipalities.crs))
    return MapContext(roads=roads, borders=municipal_borders(ds.municipalities),
                      towns=town_labels(ds.settlements, ds.municipalities))
