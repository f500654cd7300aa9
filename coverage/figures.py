"""Figures the app shows beside the analysis results: summaries, session inputs, geometry.

National and municipal summaries, the provider set of a session, need profiles, re-scoring the
option comparison with other weights, home-support bases at municipal centres, and geometry for
maps and downloads.

Small, tested helpers: the Streamlit pages call these (and the analysis modules) and only
render. No Streamlit and no folium here; geopandas/shapely/pyproj are imported inside the
functions that need them, so importing this module stays light.
"""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coverage.data.schema import CRS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.defaults import AGE_BANDS, DEFAULT_NEED_RATES, DEFAULT_STAFF_HOURS_WEEK, NeedRates
from coverage.errors import InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    import geopandas as gpd
    import numpy.typing as npt

    from coverage.compare import Comparison, Weights

GRID_CRS = "EPSG:3035"
"""CRS of the demand grid (Eurostat GEOSTAT): cell (grid_col, grid_row) is the 1 km square whose
south-west corner is (grid_col * 1000, grid_row * 1000) metres."""
GRID_CELL_M = 1000.0

UPLOAD_MODES: tuple[str, ...] = ("replace", "add")
"""How a user's provider file is used: instead of the dataset's providers, or beside them."""


# --- national and municipal summaries ------------------------------------------------------------


def municipality_figures(
    municipalities: pd.DataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
) -> pd.DataFrame:
    """
    Return the figures shown per municipality, one row per `kunta_code`.

    Population and age groups are Statistics Finland's municipal totals (31.12.); `pop_75plus`
    is the grid estimate summed over the municipality's cells (an estimate: 75+ is not in the
    grid, see the demand model); `providers` counts support points by municipality.
    Shares are percentages (0-100); density is residents per km² of land.
    """
    cols = ["kunta_code", "name_fi", "name_sv", "population", "pop_0_14", "pop_15_64",
            "pop_65plus", "area_km2"]
    out = pd.DataFrame(municipalities[cols]).copy()
    pop = out["population"].astype(float)
    positive = pop.where(pop > 0)  # NaN, not a division by zero, for an empty municipality
    out["share_65plus_pct"] = 100 * out["pop_65plus"] / positive
    out["density_per_km2"] = pop / out["area_km2"].where(out["area_km2"] > 0)
    est75 = demand.groupby("kunta_code")["pop_75plus"].sum()
    out["pop_75plus_est"] = out["kunta_code"].map(est75).fillna(0.0)
    out["share_75plus_pct"] = 100 * out["pop_75plus_est"] / positive
    counts = providers.groupby("kunta_code").size()
    out["providers"] = out["kunta_code"].map(counts).fillna(0).astype(int)
    return out.reset_index(drop=True)


def key_figures(
    municipalities: pd.DataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
) -> dict[str, Any]:
    """
    Return the national key figures: population, 65+, estimated 75+, municipalities, providers.

    Shares are fractions (0-1). `providers_by_type` is ordered by count, largest first.
    """
    population = int(municipalities["population"].sum())
    pop65 = int(municipalities["pop_65plus"].sum())
    pop75 = float(demand["pop_75plus"].sum())
    by_type = providers["provider_type"].value_counts()
    return {
        "population": population,
        "pop_65plus": pop65,
        "share_65plus": pop65 / population if population else float("nan"),
        "pop_75plus_est": pop75,
        "share_75plus": pop75 / population if population else float("nan"),
        "municipalities": len(municipalities),
        "providers": len(providers),
        "providers_by_type": {str(k): int(v) for k, v in by_type.items()},
    }


def key_figures_within(
    municipalities: pd.DataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
    kunta_codes: Iterable[str],
) -> dict[str, Any]:
    """
    Return `key_figures` of the municipalities `kunta_codes` (the user's area).

    The same figures as the national ones, counted on the area's municipalities (official
    totals), their cells (the 75+ estimate) and the providers located in them, so an area's
    figures add up to the country's.
    """
    codes = {str(c) for c in kunta_codes}

    def inside(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["kunta_code"].astype(str).isin(codes)]

    return key_figures(inside(municipalities), inside(demand), inside(providers))


def ranks_within(values: pd.Series, inside: npt.ArrayLike, *,
                 ascending: bool = False) -> pd.DataFrame:
    """
    Return the area's rows of `values` with their rank in the area and in the whole table.

    Columns `area_rank` (among the rows where `inside` is True) and `national_rank` (among
    every row); 1 is the largest value (the smallest with `ascending`), ties share the best
    rank, a missing value has none. Indexed like `values`, so a page can show the national
    rank beside the area's.
    """
    mask = np.asarray(inside, dtype=bool)
    national = values.rank(method="min", ascending=ascending)
    area = values[mask].rank(method="min", ascending=ascending)
    return pd.DataFrame({"area_rank": area, "national_rank": national[mask]})


# --- the providers of a session ------------------------------------------------------------------


def combine_providers(
    dataset_providers: pd.DataFrame, user_providers: pd.DataFrame | None, *, mode: str = "add",
) -> pd.DataFrame:
    """
    Return the providers an analysis uses: the dataset's, a user's file instead, or both.

    `mode` "replace" keeps only the user's providers, "add" puts them beside the dataset's.
    Columns are the union of both frames: service flags missing on one side are False, text
    columns "", so provider filters treat every row alike. Provider ids stay unique (an
    uploaded id that repeats a dataset id gets the suffix "#upload").

    Raises
    ------
    InputError
        If `mode` is unknown or the user frame lacks provider columns.
    """
    if mode not in UPLOAD_MODES:
        msg = f"unknown upload mode {mode!r}; use {' or '.join(UPLOAD_MODES)}"
        raise InputError(msg)
    if user_providers is None:
        return dataset_providers
    missing = [c for c in PROVIDER_COLUMNS if c not in user_providers.columns]
    if missing:
        msg = f"the uploaded providers lack column(s) {', '.join(missing)}"
        raise InputError([Problem("upload", None, c, msg) for c in missing])
    user = user_providers.reset_index(drop=True).copy()
    if mode == "replace":
        out = user
    else:
        base = dataset_providers.reset_index(drop=True)
        taken = set(base["provider_id"].astype(str))
        ids = user["provider_id"].astype(str)
        user["provider_id"] = np.where(ids.isin(taken), ids + "#upload", ids)
        out = pd.concat([base, user], ignore_index=True)
    flags = [c for c in out.columns if c.startswith("svc_")]
    for column in {*flags, *SERVICE_FLAGS}:
        values = out[column] if column in out else pd.Series(False, index=out.index)
        out[column] = values.astype("boolean").fillna(False).astype(bool)
    if "location_approximate" in out:
        out["location_approximate"] = (out["location_approximate"].astype("boolean")
                                       .fillna(False).astype(bool))
    for column in ("name", "address", "languages", "source", "reference_date", "kunta_code"):
        out[column] = out[column].fillna("").astype(str)
    return out


# --- need profiles -------------------------------------------------------------------------------


def need_rates_for_bands(
    bands: Iterable[str], base: NeedRates = DEFAULT_NEED_RATES,
) -> NeedRates:
    """
    Return `base` with every age band not in `bands` set to no need (e.g. "65+ only").

    Bands are those of the need model (`defaults.AGE_BANDS`: 15_64, 65_74, 75plus).

    Raises
    ------
    InputError
        If a band is unknown or none is given.
    """
    chosen = tuple(dict.fromkeys(bands))
    unknown = [b for b in chosen if b not in AGE_BANDS]
    if unknown or not chosen:
        msg = (f"unknown age band(s) {', '.join(unknown)}" if unknown
               else "choose at least one age band") + f"; use {', '.join(AGE_BANDS)}"
        raise InputError(msg)
    rates = {band: (dict(levels) if band in chosen else dict.fromkeys(levels, 0.0))
             for band, levels in base.rates.items()}
    return dataclasses.replace(base, rates=rates)


# --- the option comparison with other weights ----------------------------------------------------


def rescore(
    comparison: Comparison, weights: Weights, *, spread: float | None = None,
    draws: int | None = None,
) -> Comparison:
    """
    Return `comparison` scored with `weights` (and `spread`), its figures unchanged.

    Only the score, rank and the sensitivity (rank_first_share, mean_rank) depend on the
    weights, so the app re-scores the cached comparison instead of comparing again. Uses
    `compare.score` and `compare.sensitivity` exactly as `compare_options` does.
    """
    from coverage.compare import score, sensitivity  # noqa: PLC0415

    spread = comparison.spread if spread is None else spread
    draws = comparison.draws if draws is None else draws
    norm = comparison.normalised
    table = comparison.options.set_index("option", drop=False)
    table["score"] = score(norm, weights).reindex(table.index)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(np.int64)
    sens = sensitivity(norm, weights, draws=draws, spread=spread, seed=comparison.seed)
    table["rank_first_share"] = sens["rank_first_share"].reindex(table.index)
    table["mean_rank"] = sens["mean_rank"].reindex(table.index)
    return dataclasses.replace(comparison, options=table.reset_index(drop=True),
                               weights=weights, spread=spread, draws=draws)


# --- home support and planning -------------------------------------------------------------------


def centre_bases(
    kunta_units: pd.DataFrame, kunta_codes: Sequence[str], *,
    staff_hours_week: float = DEFAULT_STAFF_HOURS_WEEK,
) -> pd.DataFrame:
    """
    Return home-support bases at the administrative centres of `kunta_codes`.

    `kunta_units` is `Dataset.units_of("kunta")` (seat point per municipality, EPSG:3067).
    Columns: name, x, y, kunta_code, staff_hours_week, as `homesupport.home_support` takes.

    Raises
    ------
    InputError
        If a code is not a municipality of the dataset.
    """
    units = kunta_units.set_index("unit_code")
    codes = list(dict.fromkeys(str(c) for c in kunta_codes))
    unknown = [c for c in codes if c not in units.index]
    if unknown:
        msg = f"unknown municipality code(s) {', '.join(unknown)}"
        raise InputError(msg)
    if not np.isfinite(staff_hours_week) or staff_hours_week < 0:
        msg = f"staff hours {staff_hours_week}: give 0 or more hours per week"
        raise InputError(msg)
    chosen = units.loc[codes]
    names = chosen["seat_name"].fillna(chosen["name_fi"]).astype(str)
    return pd.DataFrame({
        "name": names.to_numpy(),
        "x": chosen["seat_x"].astype(float).to_numpy(),
        "y": chosen["seat_y"].astype(float).to_numpy(),
        "kunta_code": codes,
        "staff_hours_week": float(staff_hours_week),
    })


def reach_radius_m(distance_km: float, circuity: float) -> float:
    """Return the straight-line radius (m) within which the route is at most `distance_km`.

    The engine's distance is straight line * circuity, so the reach is distance / circuity.
    """
    return float(distance_km) * 1000.0 / float(circuity)


def drive_radius_km(budget_minutes: float, speed_kmh: float) -> float:
    """Return the route length (km) driven in `budget_minutes` at `speed_kmh`."""
    return float(budget_minutes) / 60.0 * float(speed_kmh)


# --- gaps ----------------------------------------------------------------------------------------


def gap_cell_classes(labels: npt.ArrayLike, gaps: pd.DataFrame, *, top: int = 10) -> np.ndarray:
    """
    Return a class per demand cell for the gap map.

    -1 not in a gap, 0 in a gap, 1 in one of the `top` gap areas with the most unmet need.
    `labels` and `gaps` are what `scenario.gaps_table` returns (gap_id = label, rank 1 = most
    need).
    """
    lab = np.asarray(labels)
    out = np.where(lab > 0, 0, -1).astype(np.int8)
    if top > 0 and len(gaps):
        top_ids = gaps.loc[gaps["rank"] <= top, "gap_id"].to_numpy(np.int64)
        out[np.isin(lab, top_ids)] = 1
    return out


def gap_polygons(
    cells: pd.DataFrame, labels: npt.ArrayLike, gaps: pd.DataFrame, *, top: int | None = None,
) -> gpd.GeoDataFrame:
    """
    Return one (multi)polygon per gap area with its figures, in EPSG:3067.

    The polygons are the union of the area's 1 km grid squares, built where the squares are
    exact (the grid's own EPSG:3035) and then reprojected. `cells` are the prepared demand
    cells (grid_col, grid_row), `labels` and `gaps` what `scenario.gaps_table` returns.
    With `top`, only the areas ranked 1..top.
    """
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    lab = np.asarray(labels)
    mask = lab > 0
    if top is not None:
        mask &= np.isin(lab, gaps.loc[gaps["rank"] <= top, "gap_id"].to_numpy())
    if not mask.any():
        return gpd.GeoDataFrame(gaps.iloc[0:0].copy(), geometry=[], crs=CRS)
    col = cells["grid_col"].to_numpy(np.int64)[mask]
    row = cells["grid_row"].to_numpy(np.int64)[mask]
    squares = shapely.box(col * GRID_CELL_M, row * GRID_CELL_M,
                          (col + 1) * GRID_CELL_M, (row + 1) * GRID_CELL_M)
    # areas may touch (they end at municipal borders): dissolve the squares per area
    merged = gpd.GeoDataFrame({"gap_id": lab[mask]}, geometry=squares, crs=GRID_CRS).dissolve(
        by="gap_id", method="coverage")
    ids, geoms = merged.index.to_numpy(), merged.geometry.to_numpy()
    single = shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON  # one type per layer
    geoms[single] = [shapely.MultiPolygon([g]) for g in geoms[single]]
    shapes = gpd.GeoSeries(geoms, index=ids, crs=GRID_CRS).to_crs(CRS)
    table = gaps.set_index("gap_id", drop=False)
    out = gpd.GeoDataFrame(table.loc[ids].reset_index(drop=True),
                           geometry=shapes.to_numpy(), crs=CRS)
    return out.sort_values("rank", kind="stable").reset_index(drop=True)


def _grid_key(col: npt.ArrayLike, row: npt.ArrayLike) -> np.ndarray:
    return np.asarray(col, dtype=np.int64) * 10_000_000 + np.asarray(row, dtype=np.int64)


# --- geometry for maps and downloads -------------------------------------------------------------


def unit_polygons(
    municipalities: gpd.GeoDataFrame, unit_of_kunta: Mapping[str, str], *,
    kunta_codes: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """
    Return the municipal polygons dissolved into units: columns unit_code, geometry.

    `unit_of_kunta` maps kunta_code to unit code (a membership column, or
    `Comparison.divisions[option].unit_of_kunta`); `kunta_codes` limits the municipalities
    (e.g. mainland Finland only). Municipalities form a clean coverage, so the dissolve is a
    coverage union (fast, no slivers). Same CRS as `municipalities`.
    """
    munis = municipalities[["kunta_code", municipalities.geometry.name]]
    if kunta_codes is not None:
        munis = munis[munis["kunta_code"].isin(set(kunta_codes))]
    units = munis["kunta_code"].map(dict(unit_of_kunta))
    munis = munis.assign(unit_code=units)[units.notna().to_numpy()]
    if munis["unit_code"].nunique() == len(munis):
        out = munis[["unit_code", munis.geometry.name]]
    else:
        out = munis[["unit_code", munis.geometry.name]].dissolve(by="unit_code",
                                                                 method="coverage")
        if not out.is_valid.all():  # not a clean coverage after all: the slow, safe way
            out = munis[["unit_code", munis.geometry.name]].dissolve(by="unit_code")
        out = out.reset_index()
    return out.reset_index(drop=True)


def points_frame(table: pd.DataFrame, *, x: str = "x", y: str = "y") -> gpd.GeoDataFrame:
    """Return `table` as points from its EPSG:3067 `x`/`y` columns."""
    import geopandas as gpd  # noqa: PLC0415

    return gpd.GeoDataFrame(table.copy(), geometry=gpd.points_from_xy(table[x], table[y]),
                            crs=CRS)


def geopackage_bytes(layers: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """
    Return a GeoPackage holding `layers` (name -> frame), written to a temporary file.

    Columns that GeoPackage cannot store (objects other than text) are written as text.

    Raises
    ------
    InputError
        If there is no layer or a layer has no CRS.
    """
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import pyogrio  # noqa: PLC0415

    if not layers:
        msg = "no layer to write"
        raise InputError(msg)
    with tempfile.TemporaryDirectory(prefix="digituki-gpkg-") as tmp:
        path = Path(tmp) / "export.gpkg"
        for name, frame in layers.items():
            if frame.crs is None:
                msg = f"layer {name!r} has no CRS; set it with `set_crs('{CRS}')`"
                raise InputError(msg)
            out = frame.copy()
            for column in out.columns:
                if column != out.geometry.name and out[column].dtype == object:
                    out[column] = out[column].map(lambda v: None if v is None else str(v))
            pyogrio.write_dataframe(out, path, layer=name, driver="GPKG")
        return io.BytesIO(path.read_bytes()).getvalue()
