"""Demand grid: 1 km Census 2021 cells in today's municipalities, scaled to the official population.

The cells are scaled to the official 31.12.2024 population, with age groups that respect both the
cell breakdowns and the official municipal age totals, and a 75+ estimated for 31.12.2024 (the
2017 postal cohorts aged with a life table, raked to each municipality's official 65+).
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from coverage.data.schema import CRS
from coverage.defaults import (
    AGEING_YEARS,
    LIFE_TABLE_AGE_START,
    LIFE_TABLE_LX_OPEN,
    LIFE_TABLE_MX,
    POP_65PLUS_2017,
)
from coverage.errors import SourceError

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

AGE_GROUPS = ("pop_0_14", "pop_15_64", "pop_65plus")
GRID_COLUMNS = [
    "GRD_ID", "CNTR_ID", "T", "Y_LT15", "Y_1564", "Y_GE65", "LAND_SURFACE", "cx_3067", "cy_3067",
]
GRID_OPTIONAL = ["x_llc_3035", "y_llc_3035"]


def read_grid(path: Path) -> pd.DataFrame:
    """Read the 1 km grid cells (centre in EPSG:3067)."""
    try:
        raw = pd.read_csv(path, usecols=lambda c: c in GRID_COLUMNS + GRID_OPTIONAL, dtype=str)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot be read as the grid CSV ({exc})"
        raise SourceError(msg) from exc
    missing = [c for c in GRID_COLUMNS if c not in raw.columns]
    if missing or raw.empty:
        msg = f"{path}: missing columns {missing} or no rows"
        raise SourceError(msg)
    numeric = [c for c in raw.columns if c not in ("GRD_ID", "CNTR_ID")]
    for column in numeric:
        raw[column] = pd.to_numeric(raw[column], errors="coerce")
    bad = raw[["T", "cx_3067", "cy_3067"]].isna().any(axis=1) | (raw["T"] < 0)
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        msg = (f"{path}: {int(bad.sum())} rows with an empty, non-numeric or negative T or cell "
               f"centre, first at row {first}")
        raise SourceError(msg)
    raw[["Y_LT15", "Y_1564", "Y_GE65", "LAND_SURFACE"]] = raw[
        ["Y_LT15", "Y_1564", "Y_GE65", "LAND_SURFACE"]].fillna(0.0)
    return raw


def assign_to_polygons(
    x: np.ndarray, y: np.ndarray, polygons: gpd.GeoDataFrame, code_column: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return (code, inside) for points: the polygon containing each point, else the nearest one.

    The municipal polygons are coast-clipped and generalised (1:4.5M), so island and coastal cells
    often fall outside every polygon; the nearest polygon is then the best available answer.
    """
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=CRS)
    polys = polygons[[code_column, "geometry"]]
    hit = gpd.sjoin(pts, polys, how="left", predicate="within")
    hit = hit[~hit.index.duplicated(keep="first")]
    codes = hit[code_column].to_numpy(dtype=object)
    inside = pd.notna(codes)
    if (~inside).any():
        outside = pts[~inside]
        near = gpd.sjoin_nearest(outside, polys, how="left")
        near = near[~near.index.duplicated(keep="first")]
        codes[~inside] = near[code_column].to_numpy(dtype=object)
    return codes.astype(str), inside


def largest_remainder(
    weights: np.ndarray, groups: np.ndarray, totals: dict[str, int]
) -> np.ndarray:
    """Return integers proportional to `weights` that sum exactly to `totals[group]` per group."""
    out = np.zeros(len(weights), dtype=np.int64)
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    bounds = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1], True])
    for start, stop in itertools.pairwise(bounds):
        idx = order[start:stop]
        total = totals[str(sorted_groups[start])]
        w = weights[idx].astype(float)
        quota = w / w.sum() * total if w.sum() > 0 else np.full(len(w), total / len(w))
        base = np.floor(quota).astype(np.int64)
        short = int(total - base.sum())
        if short:
            base[np.argsort(-(quota - base), kind="stable")[:short]] += 1
        out[idx] = base
    return out


def rake_ages(
    seed: np.ndarray, row_totals: np.ndarray, groups: np.ndarray, group_totals: pd.DataFrame,
    *, iterations: int = 200, tol: float = 1e-9,
) -> np.ndarray:
    """Fit a cells × age-groups table by iterative proportional fitting.

    Rows sum to each cell's population; columns, within each municipality, sum to the official age
    totals. The seed is the cell's own (perturbed) breakdown, so the result keeps each cell's
    age profile as far as the official totals allow.
    """
    table = seed.astype(float).copy()
    codes, inverse = np.unique(groups, return_inverse=True)
    target = group_totals.loc[codes].to_numpy(dtype=float)  # n_groups × 3
    for _ in range(iterations):
        rs = table.sum(axis=1)
        table *= np.divide(row_totals, rs, out=np.zeros_like(rs), where=rs > 0)[:, None]
        col = np.zeros_like(target)
        np.add.at(col, inverse, table)
        factor = np.divide(target, col, out=np.ones_like(target), where=col > 0)
        table *= factor[inverse]
        err = np.abs(table.sum(axis=1) - row_totals).max()
        if err < tol:
            break
    return table


POSTAL_OVERRIDE_M = 2000.0
"""A cell's postal area names its municipality over the generalised polygon when that municipality's
polygon lies within this distance. Chosen by experiment on the real data (README, "Demand grid"):
0.5/1/2/3/5 km moved 306/283/280/301/332 thousand people off the national-average scale factor;
2 km also fixes Kauniainen (whose 1:4.5M polygon swallows Espoo cells, factor 0.18 -> 0.98)."""
MIN_65PLUS_FOR_RATIO = 30
"""Postal areas (and municipalities) with fewer aged 65+ give too noisy a 75+/65+ ratio."""


def cell_municipalities(
    x: np.ndarray, y: np.ndarray, municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame, postal_kunta: pd.Series,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (kunta_code, inside_polygon, postal_override) for each cell centre.

    The polygon containing the centre (else the nearest) decides, except near a border, where the
    more detailed postal-area polygon and its municipality decide (see POSTAL_OVERRIDE_M).
    """
    kunta, inside = assign_to_polygons(x, y, municipalities, "kunta_code")
    pts = shapely.points(x, y)
    hit = gpd.sjoin(
        gpd.GeoDataFrame(geometry=pts, crs=CRS), postal_areas[["posti_alue", "geometry"]],
        how="left", predicate="within",
    )
    hit = hit[~hit.index.duplicated(keep="first")]
    post = hit["posti_alue"].map(postal_kunta).to_numpy(dtype=object)
    differs = np.flatnonzero(pd.notna(post) & (post != kunta))
    geoms = municipalities.set_index("kunta_code").geometry
    near = (
        shapely.distance(pts[differs], geoms.reindex(post[differs]).to_numpy())
        <= POSTAL_OVERRIDE_M
    )
    override = np.zeros(len(x), dtype=bool)
    override[differs[near]] = True
    kunta = kunta.astype(object)
    kunta[override] = post[override]
    return kunta.astype(str), inside, override


def build_demand(
    grid: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
    postal_ages: pd.DataFrame,
    postal_kunta: pd.Series,
    *,
    ageing_years: int = AGEING_YEARS,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Return demand cells and a log of the decisions taken (counts, for the manifest).

    `ageing_years`: years from the postal age structure's date to the population's (2017 -> 2024).
    """
    x = grid["cx_3067"].to_numpy(float)
    y = grid["cy_3067"].to_numpy(float)
    kunta, inside, override = cell_municipalities(x, y, municipalities, postal_areas, postal_kunta)
    official = municipalities.set_index("kunta_code")
    cells = grid.assign(kunta_code=kunta, inside=inside)
    empty = sorted(set(official.index) - set(kunta))
    if empty:
        # A municipality with no cell still has residents: one demand point at a point inside
        # its polygon keeps its official population in the dataset.
        rep = official.loc[empty].geometry.representative_point()
        extra = pd.DataFrame(
            {
                "GRD_ID": [f"kunta:{c}" for c in empty], "CNTR_ID": "FI", "T": 1.0,
                "Y_LT15": 0.0, "Y_1564": 0.0, "Y_GE65": 0.0, "LAND_SURFACE": 1.0,
                "cx_3067": rep.x.to_numpy(), "cy_3067": rep.y.to_numpy(),
                "kunta_code": empty, "inside": True,
            }
        )
        cells = pd.concat([cells, extra], ignore_index=True)
        log.warning("municipalities with no grid cell: %s (one point each)", empty)
    groups = cells["kunta_code"].to_numpy(str)
    population = largest_remainder(
        cells["T"].to_numpy(float), groups, official["population"].astype(int).to_dict()
    )
    # +0.01 keeps every age group possible in every cell: the perturbed breakdown can say 0.
    seed = np.clip(cells[["Y_LT15", "Y_1564", "Y_GE65"]].to_numpy(float), 0, None) + 0.01
    ages = rake_ages(seed, population.astype(float), groups, official[list(AGE_GROUPS)])
    cx = cells["cx_3067"].to_numpy(float)
    cy = cells["cy_3067"].to_numpy(float)
    ratio, ratio_basis = _share_75(cx, cy, groups, postal_areas, postal_ages,
                                   float(official["pop_65plus"].sum()), ageing_years)
    # Integer grid indices (column, row) for 8-neighbour contiguity: the cells' own grid (EPSG:3035
    # lower-left corners) when given, else 1 km steps of the EPSG:3067 centre.
    if {"x_llc_3035", "y_llc_3035"} <= set(cells.columns) and cells["x_llc_3035"].notna().all():
        grid_col = (cells["x_llc_3035"].to_numpy(float) // 1000).astype(np.int64)
        grid_row = (cells["y_llc_3035"].to_numpy(float) // 1000).astype(np.int64)
    else:
        grid_col = (cx // 1000).astype(np.int64)
        grid_row = (cy // 1000).astype(np.int64)
    demand = pd.DataFrame(
        {
            "cell_id": cells["GRD_ID"].astype(str).to_numpy(),
            "grid_col": grid_col,
            "grid_row": grid_row,
            "x": cx,
            "y": cy,
            "kunta_code": groups,
            "population": population,
            "pop_0_14": ages[:, 0],
            "pop_15_64": ages[:, 1],
            "pop_65plus": ages[:, 2],
            "pop_75plus": ages[:, 2] * ratio,
            "census_population": cells["T"].to_numpy(float),
            "land_share": cells["LAND_SURFACE"].to_numpy(float),
            "border_cell": cells["CNTR_ID"].astype(str).str.contains("-").to_numpy(),
            "inside_polygon": cells["inside"].to_numpy(bool),
        }
    )
    factor = official["population"] / cells.groupby("kunta_code")["T"].sum()
    notes = {
        "cells": len(demand),
        "cells_outside_every_polygon_assigned_to_nearest": int((~cells["inside"]).sum()),
        "cells_assigned_by_postal_area_near_borders": int(override.sum()),
        "border_cells_shared_with_SE_or_NO_kept": int(demand["border_cell"].sum()),
        "municipalities_without_cells_given_one_point": empty,
        "share_75_basis": ratio_basis,
        "scale_factor_min": round(float(factor.min()), 4),
        "scale_factor_median": round(float(factor.median()), 4),
        "scale_factor_max": round(float(factor.max()), 4),
    }
    return demand, notes


AGED_BANDS_2017: tuple[tuple[str, int, int], ...] = (
    ("he_55_59", 55, 5), ("he_60_64", 60, 5), ("he_65_69", 65, 5), ("he_70_74", 70, 5),
    ("he_75_79", 75, 5), ("he_80_84", 80, 5), ("he_85_", 85, 30),
)
"""Postal age bands whose members can be 65+ at the dataset's date: (column, first age, width;
85+ is spread over 85-114 by the life table's person-years)."""
PAAVO_65PLUS_COLUMNS = ("he_65_69", "he_70_74", "he_75_79", "he_80_84", "he_85_")


def _cumulative_hazard(age: np.ndarray) -> np.ndarray:
    """Return the integral of the life table's m(x) from 55 to `age` (piecewise constant m)."""
    starts = np.asarray(LIFE_TABLE_AGE_START, float)
    mx = np.asarray(LIFE_TABLE_MX, float)
    ends = np.r_[starts[1:], np.inf]
    inside = np.clip(np.asarray(age, float)[:, None], starts, ends) - starts
    return (inside * mx).sum(axis=1)


def _single_ages(first: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Return mid-year ages and weights inside a postal band (even, or L(x)-shaped for 85+)."""
    ages = first + np.arange(width) + 0.5
    if first < 85:  # noqa: PLR2004 - the open band of the postal file
        return ages, np.full(width, 1.0 / width)
    per_group = np.repeat(np.asarray(LIFE_TABLE_LX_OPEN, float), 5)[:width] / 5
    return ages, per_group / per_group.sum()


def band_survival(
    mortality_factor: float, years: float = AGEING_YEARS, thresholds: tuple[int, ...] = (65, 75),
) -> dict[str, tuple[float, ...]]:
    """Return, per postal band, the shares alive after `years` that are then past each threshold.

    Survival is exp(-factor * integral of m(x)) for each single year of age of the band; after
    seven years ages 58-59 of the 55-59 band reach 65 and ages 68-69 of 65-69 reach 75.
    """
    out = {}
    for column, first, width in AGED_BANDS_2017:
        ages, weights = _single_ages(first, width)
        alive = np.exp(-mortality_factor * (_cumulative_hazard(ages + years)
                                            - _cumulative_hazard(ages)))
        then = ages + years
        out[column] = tuple(float((weights * alive * (then >= t)).sum()) for t in thresholds)
    return out


def aged_cohorts(
    postal_ages: pd.DataFrame, mortality_factor: float, years: float = AGEING_YEARS,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each postal area's cohorts aged by `years`: (65+, 75+) people."""
    a65 = np.zeros(len(postal_ages))
    a75 = np.zeros(len(postal_ages))
    for column, (s65, s75) in band_survival(mortality_factor, years).items():
        if column not in postal_ages.columns:  # a band nobody of which can reach 65
            continue
        counts = pd.to_numeric(postal_ages[column], errors="coerce").to_numpy(float)
        a65 = a65 + counts * s65
        a75 = a75 + counts * s75
    return a65, a75


def bands_reaching_65(years: float) -> list[str]:
    """Return the postal bands some of whose members are 65+ after `years`."""
    return [c for c, first, width in AGED_BANDS_2017 if first + width - 1 + years >= 65]  # noqa: PLR2004


def calibrate_mortality(
    postal_ages: pd.DataFrame, official_65plus: float, years: float = AGEING_YEARS,
    national_65plus_then: float | None = POP_65PLUS_2017,
) -> float:
    """Return the factor on the life table's m(x) that makes the aged 65+ match the official total.

    The postal areas hold part of the national 65+ of their date (Paavo leaves some people without
    an area), so the target is the official 65+ of today times the areas' share of the national 65+
    then (`national_65plus_then`; None: the areas hold everyone).
    """
    from scipy.optimize import brentq  # noqa: PLC0415

    bands = bands_reaching_65(years)
    ok = postal_ages[bands].apply(pd.to_numeric, errors="coerce").dropna()
    covered = ok[[c for c in PAAVO_65PLUS_COLUMNS if c in ok.columns]].to_numpy().sum()
    target = official_65plus * (covered / national_65plus_then if national_65plus_then else 1.0)

    totals = ok.sum().to_frame().T  # the national sums suffice: one row

    def gap(factor: float) -> float:
        return float(aged_cohorts(totals, factor, years)[0].sum()) - target

    return float(brentq(gap, 0.05, 5.0, xtol=1e-6))


def _share_75(
    x: np.ndarray, y: np.ndarray, kunta: np.ndarray, postal_areas: gpd.GeoDataFrame,
    postal_ages: pd.DataFrame, official_65plus: float, years: int = AGEING_YEARS,
) -> tuple[np.ndarray, dict[str, object]]:
    """Return each cell's 75+/65+ share at the dataset's date and how it was estimated.

    Each postal area's cohorts are aged `years` (dataset date - postal file date) with the life
    table, calibrated so that the country's aged 65+ equals the official 65+; the area's aged
    75+/65+ is the cell's share. A file without the bands that reach 65 by then (the online Paavo
    layer has only 65+ bands) keeps its own 75+/65+ shares, unaged, and says so. Unlike the
    municipality placement, every cell needs a postal area here (nearest when outside the
    simplified polygons, which dropped small islands), hence a join of its own.
    """
    bands = bands_reaching_65(years)
    if "posti_alue" not in postal_ages.columns or "posti_alue" not in postal_areas.columns:
        msg = "postal age structure and postal polygons need a `posti_alue` column"
        raise SourceError(msg)
    ages = postal_ages.copy()
    ages["posti_alue"] = ages["posti_alue"].astype(str).str.zfill(5)
    if years > 0 and all(c in ages.columns for c in bands):
        factor = calibrate_mortality(ages, official_65plus, years,
                                     POP_65PLUS_2017 if years == AGEING_YEARS else None)
        ages["a65"], ages["a75"] = aged_cohorts(ages, factor, years)
        counts = ages[bands].apply(pd.to_numeric, errors="coerce")
        ages.loc[counts.isna().any(axis=1), ["a65", "a75"]] = np.nan
        method = f"postal cohorts aged {years} years with a calibrated life table"
    else:
        derived = ["he_65plus_derived", "he_75plus_derived"]
        if any(c not in ages.columns for c in derived):
            msg = f"postal age structure needs the bands {bands} or the columns {derived}"
            raise SourceError(msg)
        factor = None
        ages["a65"] = pd.to_numeric(ages["he_65plus_derived"], errors="coerce")
        ages["a75"] = pd.to_numeric(ages["he_75plus_derived"], errors="coerce")
        method = (f"postal 75+/65+ shares not aged ({years} years old; the file lacks the bands "
                  f"{[c for c in bands if c not in ages.columns]})")
        log.warning("75+: %s", method)
    national = ages["a75"].sum() / ages["a65"].sum()
    polys = postal_areas[["posti_alue", "geometry"]].copy()
    polys["posti_alue"] = polys["posti_alue"].astype(str).str.zfill(5)
    polys = polys.merge(ages[["posti_alue", "a65", "a75"]], on="posti_alue", how="left")
    code, _inside = assign_to_polygons(x, y, polys.rename(columns={"posti_alue": "code"}), "code")
    by_area = polys.set_index("posti_alue")
    o65 = by_area["a65"].reindex(code).to_numpy(float)
    o75 = by_area["a75"].reindex(code).to_numpy(float)
    # small areas are too noisy
    ok = np.isfinite(o65) & np.isfinite(o75) & (o65 >= MIN_65PLUS_FOR_RATIO)
    ratio = np.where(ok, o75 / np.where(o65 > 0, o65, 1), np.nan)
    # municipality fallback: aged 65+/75+ summed over the postal areas whose cells lie in it
    per_cell_area = pd.DataFrame({"k": kunta, "area": code, "o65": o65, "o75": o75}).dropna()
    per_k = per_cell_area.drop_duplicates(["k", "area"]).groupby("k")[["o65", "o75"]].sum()
    k_ratio = (per_k["o75"] / per_k["o65"]).where(per_k["o65"] >= MIN_65PLUS_FOR_RATIO)
    fallback = pd.Series(kunta).map(k_ratio).to_numpy(float)
    used_kunta = ~ok & np.isfinite(fallback)
    ratio = np.where(ok, ratio, np.where(used_kunta, fallback, national))
    return np.clip(ratio, 0, 1), {
        "postal_area": int(ok.sum()),
        "municipality": int(used_kunta.sum()),
        "national": int((~ok & ~used_kunta).sum()),
        "method": method,
        "ageing_years": years,
        "mortality_factor": None if factor is None else round(factor, 4),
        "national_share_75_of_65": round(float(national), 4),
    }


def population_weighted_centres(demand: pd.DataFrame) -> pd.DataFrame:
    """Return each municipality's population-weighted cell centre (kunta_code, x, y)."""
    w = demand["population"].clip(lower=1e-9)
    g = demand.assign(wx=demand.x * w, wy=demand.y * w, w=w).groupby("kunta_code")
    s = g[["wx", "wy", "w"]].sum()
    return pd.DataFrame(
        {"kunta_code": s.index, "x": s.wx / s.w, "y": s.wy / s.w}
    ).reset_index(drop=True)


def read_settlements(path: Path) -> pd.DataFrame:
    """Read urban settlements (taajamat): name fi/sv, population 2021, a point inside each."""
    raw = pd.read_csv(path)
    need = ["TaajNimi", "TaajNimiRu", "Vaesto21Lk", "rep_x", "rep_y"]
    if any(c not in raw.columns for c in need):
        msg = f"{path}: expected columns {need}"
        raise SourceError(msg)
    return pd.DataFrame(
        {
            "name_fi": raw["TaajNimi"].astype(str),
            "name_sv": raw["TaajNimiRu"].fillna("").astype(str),
            "population_2021": raw["Vaesto21Lk"].astype(int),
            "x": raw["rep_x"].astype(float),
            "y": raw["rep_y"].astype(float),
        }
    )


def read_settlement_polygons(gpkg: Path) -> gpd.GeoSeries:
    """Return the settlement polygons, made valid (28 self-touch at cell corners), EPSG:3067."""
    try:
        polys = gpd.read_file(gpkg)
    except Exception as exc:  # pyogrio raises several types for corrupt files
        msg = f"{gpkg}: cannot be read as a GeoPackage ({exc})"
        raise SourceError(msg) from exc
    polys = polys.to_crs(CRS) if polys.crs is not None else polys.set_crs(CRS)
    return polys.geometry.make_valid().reset_index(drop=True)
