"""Gaps: uncovered demand cells grouped into contiguous areas and ranked by unmet need.

Cells join by 8-neighbour contiguity; each area is named after a settlement of its main
municipality or after the municipality itself. Areas are split at municipal borders (a
municipality can act on its own part), and each has a suggested point: the gap cell from which
a new support point would reach the most of that gap's unmet need, named like the gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import ndimage, sparse
from scipy.signal import fftconvolve
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

SETTLEMENT_NAME_MAX_M = 15_000.0
"""A gap is named after a settlement (taajama) of its main municipality when one lies this close to
its neediest cell; otherwise after the municipality itself."""

AREA_SPACING_M = 1e9
"""How far apart gap areas are put on a third axis when pairing cells within an area: far beyond
any radius (the bounded threshold is 1 200 km), and a whole number, so labels stay exact."""

GAP_COLUMNS = [
    "rank", "gap_id", "place_name", "place_basis", "municipality", "kunta_code", "region",
    "cells", "population", "pop_65plus", "need", "min_km", "mean_km", "max_km", "x", "y",
    "suggested_name", "suggested_basis", "suggested_need", "suggested_x", "suggested_y",
]
"""Columns of the gap table in km; with minutes `min_min`, `mean_min`, `max_min` (`gap_columns`).

`suggested_*`: the suggested point (cell centre, EPSG:3067), its place name and the unmet need of
the gap a point there would reach (NaN when the reach is in minutes: then the point is the gap's
neediest cell)."""


def gap_columns(unit: str = "km") -> list[str]:
    """Return the gap table's columns with the costs in `unit` ("km" or "min")."""
    return [c.replace("_km", f"_{unit}") if c in ("min_km", "mean_km", "max_km") else c
            for c in GAP_COLUMNS]


@dataclass(frozen=True)
class GapPlaces:
    """What names a gap: settlements, municipality names, regions and centres (seats)."""

    settlements: pd.DataFrame
    kunta_names: pd.Series
    region_of_kunta: pd.Series
    kunta_centres: pd.DataFrame


def label_contiguous(
    col: npt.NDArray[np.int64], row: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_],
    group: npt.NDArray | None = None,
) -> npt.NDArray[np.int64]:
    """Return a 1-based area label for each masked cell (0 elsewhere), 8-neighbour contiguity.

    With `group` (per cell, e.g. its municipality), neighbours of different groups are not
    joined: areas end at the groups' borders. Labels follow the raster's row-major order.
    """
    labels = np.zeros(len(col), dtype=np.int64)
    if not mask.any():
        return labels
    if group is not None:
        return _label_within_groups(np.asarray(col), np.asarray(row), mask, np.asarray(group))
    c = col[mask] - col[mask].min()
    r = row[mask] - row[mask].min()
    raster = np.zeros((r.max() + 1, c.max() + 1), dtype=bool)
    raster[r, c] = True
    lab, _n = ndimage.label(raster, structure=np.ones((3, 3), dtype=bool))
    labels[mask] = lab[r, c]
    return labels


def _label_within_groups(col, row, mask, group):  # noqa: ANN001, ANN202
    """Label 8-neighbour components of masked cells, joining only cells of the same group."""
    idx = np.flatnonzero(mask)
    c, r, g = col[idx] - col[idx].min(), row[idx] - row[idx].min(), group[idx]
    raster = np.full((r.max() + 2, c.max() + 2), -1, dtype=np.int64)  # a spare row/col: no wrap
    raster[r, c] = np.arange(len(idx))
    heads, tails = [], []
    for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):  # each neighbour pair once
        j = raster[r + dr, c + dc]  # c - 1 = -1 reads the spare column (empty)
        ok = (j >= 0) & (g[np.maximum(j, 0)] == g)
        heads.append(np.flatnonzero(ok))
        tails.append(j[ok])
    heads, tails = np.concatenate(heads), np.concatenate(tails)
    graph = sparse.coo_matrix((np.ones(len(heads), dtype=np.int8), (heads, tails)),
                              shape=(len(idx), len(idx)))
    _n, comp = connected_components(graph, directed=False)
    scan = np.lexsort((c, r))  # number components by their first cell in row-major order
    firsts = np.unique(comp[scan], return_index=True)[1]
    order = np.empty(len(firsts), dtype=np.int64)
    order[np.argsort(firsts)] = np.arange(1, len(firsts) + 1)
    labels = np.zeros(len(col), dtype=np.int64)
    labels[idx] = order[comp]
    return labels


def suggested_points(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], lab: npt.NDArray[np.int64],
    need: npt.NDArray[np.float64], n: int, radius_m: float | None, *,
    col: npt.NDArray[np.int64] | None = None, row: npt.NDArray[np.int64] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Return per area (0..n-1) the cell reaching most of its own need within `radius_m`.

    Also that need (the area's cells within the radius). Without a radius, the area's
    neediest cell and NaN. With the cells' grid positions (`col`, `row`), areas too large to
    pair cell by cell are bounded on their raster and only the cells that may win are summed
    exactly (`_raster_suggestion`); the answer is the same.
    """
    if radius_m is None:
        order = np.lexsort((-need, lab))
        return order[np.searchsorted(lab[order], np.arange(n))], np.full(n, np.nan)
    # the area label as a third coordinate, areas AREA_SPACING_M apart: the tree never visits
    # pairs of two areas (at 250 m cells 3 of 4 pairs within the radius), and within an area
    # the distance is the plane's, bit for bit (0 added)
    spacing = max(AREA_SPACING_M, 2.0 * radius_m)
    points = np.column_stack([x, y, lab * spacing])
    sizes = np.bincount(lab, minlength=n)
    big = _raster_areas(x, y, col, row, lab, sizes, radius_m) if col is not None else []
    raster = np.zeros(n, dtype=bool)
    raster[big] = True
    paired = ~raster[lab]
    idx = np.flatnonzero(paired)
    pairs = cKDTree(points[idx]).query_pairs(radius_m, output_type="ndarray")
    key = pairs[:, 0] * len(idx) + pairs[:, 1]  # one order (by a, then b): the same sums every run
    a, b = np.divmod(np.sort(key), len(idx))
    a, b = idx[a], idx[b]
    reached = need + np.bincount(a, weights=need[b], minlength=len(x)) \
        + np.bincount(b, weights=need[a], minlength=len(x))
    reached[~paired] = -np.inf  # filled below for the areas' possible winners only
    if len(big):
        tree = cKDTree(points)
        by_area = np.argsort(lab, kind="stable")
        ends = np.cumsum(sizes)
        for area in big:
            cells = by_area[ends[area] - sizes[area]:ends[area]]
            reached[cells] = _raster_suggestion(x[cells], y[cells], col[cells], row[cells],
                                                need[cells], radius_m, points[cells], tree, need)
    # per area: most reached first; equal reach (to a millionth of a person): the first cell
    order = np.lexsort((-np.round(reached, 6), lab))
    best = order[np.searchsorted(lab[order], np.arange(n))]
    return best, reached[best]


RASTER_PAIRS_PER_CELL = 4.0
"""A gap area finds its suggested point on its raster when pairing its cells would visit more
than this many pairs per cell of its bounding box (padded by the radius). Pairs grow with cells
x cells per disc (at 250 m cells and a quarter of the providers, 190 M pairs), the raster with
the box. Measured on this machine (tests/benchmarks/bench_scale.py); only speed depends on it."""

RASTER_MIN_PAIRS = 200_000
"""Below this many pairs an area stays in pairs: a raster of its own costs about a millisecond
whatever its size (at 1 km cells and every provider, no area reaches it)."""


def _raster_areas(x, y, col, row, lab, sizes, radius_m):  # noqa: ANN001, ANN202
    """Return the areas cheaper on a raster than in pairs (cost estimates, not exact)."""
    candidates = np.flatnonzero(sizes > RASTER_PAIRS_PER_CELL * 4)
    if not len(candidates) or len(x) < 3:  # noqa: PLR2004
        return candidates[:0]
    design = np.column_stack([col, row, np.ones(len(col))]).astype(float)
    coef, *_ = np.linalg.lstsq(design, np.column_stack([x, y]), rcond=None)
    step = float(np.sqrt(abs(np.linalg.det(coef[:2])))) or 1.0  # metres per grid step
    disc = np.pi * (radius_m / step) ** 2
    pad = 2 * radius_m / step
    n = len(sizes)
    lo_c, hi_c, lo_r, hi_r = (np.full(n, np.inf), np.full(n, -np.inf),
                              np.full(n, np.inf), np.full(n, -np.inf))
    np.minimum.at(lo_c, lab, col)
    np.maximum.at(hi_c, lab, col)
    np.minimum.at(lo_r, lab, row)
    np.maximum.at(hi_r, lab, row)
    box = (hi_c - lo_c + 1 + pad) * (hi_r - lo_r + 1 + pad)
    pairs = sizes * np.minimum(sizes, disc) / 2
    cheaper = pairs > np.maximum(RASTER_PAIRS_PER_CELL * box, RASTER_MIN_PAIRS)
    return candidates[cheaper[candidates]]


def _raster_suggestion(  # noqa: PLR0913
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], col: npt.NDArray[np.int64],
    row: npt.NDArray[np.int64], need: npt.NDArray[np.float64], radius_m: float,
    points: npt.NDArray[np.float64], tree: cKDTree, all_need: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Return the need each cell of one area reaches: exact where it may be the most, else -inf.

    The cells lie on a grid whose positions map to EPSG:3067 almost affinely: fitted on the
    area's cells, the fit's largest miss `eps` bounds every pair's distance to within 2 eps.
    Two disc sums over the raster (FFT) then bound each cell's reach from below (radius - 2
    eps) and above (radius + 2 eps); a cell whose upper bound is below the best lower bound
    cannot win, and the rest are summed exactly over the k-d tree (the same distances as the
    pairs).
    """
    grid = np.column_stack([col, row]).astype(float)
    xy = np.column_stack([x, y])
    g0, p0 = grid.mean(axis=0), xy.mean(axis=0)
    design = np.column_stack([grid - g0, np.ones(len(grid))])
    coef, *_ = np.linalg.lstsq(design, xy - p0, rcond=None)
    eps = float(np.hypot(*(xy - p0 - design @ coef).T).max())
    jac = coef[:2].T  # metres per grid step, columns: one column, one row
    margin = 2 * eps + 1e-6 * radius_m + 1e-3  # + float noise of the distances
    steps = np.linalg.svd(jac, compute_uv=False)
    if steps.min() <= 0.1 * steps.max():  # one cell or nearly a line: no plane, sum them all
        out = np.full(len(x), -np.inf)
        near = tree.query_ball_point(points, radius_m, return_sorted=True)
        out[:] = [float(all_need[j].sum()) for j in near]
        return out
    reach = int(np.ceil((radius_m + margin) / float(steps.min()))) + 1
    offsets = np.arange(-reach, reach + 1)
    dcol, drow = np.meshgrid(offsets, offsets)  # kernel[row, col]
    dist = np.hypot(jac[0, 0] * dcol + jac[0, 1] * drow, jac[1, 0] * dcol + jac[1, 1] * drow)
    c, r = col - col.min(), row - row.min()
    raster = np.zeros((r.max() + 1, c.max() + 1))
    np.add.at(raster, (r, c), need)
    noise = 1e-9 * (float(need.sum()) + 1.0)
    low = fftconvolve(raster, (dist <= radius_m - margin).astype(float), mode="same")[r, c]
    high = fftconvolve(raster, (dist <= radius_m + margin).astype(float), mode="same")[r, c]
    maybe = np.flatnonzero(high + noise >= (low - noise).max() - 2e-6)  # ties to 1e-6: kept
    out = np.full(len(x), -np.inf)
    near = tree.query_ball_point(points[maybe], radius_m, return_sorted=True)
    out[maybe] = [float(all_need[j].sum()) for j in near]
    return out


def find_gaps(  # noqa: PLR0913
    demand: pd.DataFrame,
    need: npt.NDArray[np.float64],
    cost: npt.NDArray[np.float64],
    *,
    threshold: float,
    places: GapPlaces,
    unit: str = "km",
    kunta_code: npt.NDArray | None = None,
    kunta_labels: npt.NDArray | None = None,
    cell_mask: npt.NDArray[np.bool_] | None = None,
    reach_m: float | None = None,
    split_municipalities: bool = True,
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Return (gap areas ranked by unmet need, area label of every cell: 0 = not in a gap).

    A gap cell has people and no provider within `threshold`; `cost` (per cell, to the nearest
    provider) and `threshold` are in `unit`, and so are the cost columns (`min_km` or
    `min_min`). `kunta_code` (per cell) may be passed to spare converting the frame's column; as
    integers, it indexes `kunta_labels` (the codes), which is faster still. `cell_mask` keeps
    only some cells (the user's area: its gaps end at its border). Areas end at municipal
    borders unless `split_municipalities` is False. `reach_m` is the straight-line radius a new
    point reaches (threshold / circuity, metres); None (reach in minutes) suggests each gap's
    neediest cell.
    """
    columns = gap_columns(unit)
    population = demand["population"].to_numpy(float)
    mask = (cost > threshold) & (population > 0)
    if cell_mask is not None:
        mask &= cell_mask
    all_kcode = np.asarray(demand["kunta_code"].to_numpy(str) if kunta_code is None else kunta_code)
    labels = label_contiguous(demand["grid_col"].to_numpy(), demand["grid_row"].to_numpy(), mask,
                              all_kcode if split_municipalities else None)
    if not mask.any():
        return pd.DataFrame(columns=columns), labels
    kcode = all_kcode[mask]
    lab = labels[mask] - 1
    n = int(lab.max()) + 1
    w = np.maximum(need[mask], 1e-9)
    x = demand["x"].to_numpy(float)[mask]
    y = demand["y"].to_numpy(float)[mask]
    areas = _area_sums(demand, need, population, mask, lab, n, w, cost[mask], unit)
    # main municipality = most need; the name comes from the neediest cell in it (a need-weighted
    # centre of a long or ring-shaped gap can fall in a covered town)
    kuniq, kidx = np.unique(kcode, return_inverse=True)
    if kunta_labels is not None:  # integer codes: name them
        kuniq = np.asarray(kunta_labels)[kuniq]
    pair = lab * len(kuniq) + kidx
    pair_need = np.bincount(pair, weights=w, minlength=n * len(kuniq)).reshape(n, len(kuniq))
    main = pair_need.argmax(axis=1)
    in_main = kidx == main[lab]
    order = np.lexsort((-w, ~in_main, lab))  # per area: main-municipality cells first, most need
    first = order[np.searchsorted(lab[order], np.arange(n))]
    areas["kunta_code"] = kuniq[main]
    name_of = dict(zip(places.kunta_names.index, places.kunta_names.to_numpy(), strict=True))
    region_of = dict(zip(places.region_of_kunta.index, places.region_of_kunta.to_numpy(),
                         strict=True))
    main_codes = kuniq[main]  # numpy: iterating the frame's Arrow strings is 10x slower
    areas["municipality"] = [name_of.get(k) for k in main_codes]
    areas["region"] = [region_of.get(k) for k in main_codes]
    names, basis = _place_names(x[first], y[first], kuniq[main], places.settlements,
                                places.kunta_centres, places.kunta_names)
    areas["place_name"] = names
    areas["place_basis"] = basis
    best, reached = suggested_points(x, y, lab, need[mask], n, reach_m,
                                     col=demand["grid_col"].to_numpy()[mask],
                                     row=demand["grid_row"].to_numpy()[mask])
    names, basis = _place_names(x[best], y[best], kuniq[kidx[best]], places.settlements,
                                places.kunta_centres, places.kunta_names)
    areas = areas.assign(suggested_name=names, suggested_basis=basis, suggested_need=reached,
                         suggested_x=x[best], suggested_y=y[best])
    areas = areas.sort_values(["need", "population"], ascending=False, kind="stable")
    areas = areas.reset_index(drop=True)
    areas["rank"] = np.arange(1, len(areas) + 1)
    return areas[columns], labels


def _area_sums(demand, need, population, mask, lab, n, w, cost, unit):  # noqa: ANN001, ANN202, PLR0913
    """Return per-area sums: cells, people, need, cost range and the need-weighted centre."""
    total_w = np.bincount(lab, weights=w, minlength=n)
    min_c = np.full(n, np.inf)
    max_c = np.zeros(n)
    np.minimum.at(min_c, lab, cost)
    np.maximum.at(max_c, lab, cost)
    x = demand["x"].to_numpy(float)[mask]
    y = demand["y"].to_numpy(float)[mask]
    return pd.DataFrame(
        {
            "gap_id": np.arange(1, n + 1),
            "cells": np.bincount(lab, minlength=n),
            "population": np.bincount(lab, weights=population[mask], minlength=n),
            "pop_65plus": np.bincount(
                lab, weights=demand["pop_65plus"].to_numpy(float)[mask], minlength=n
            ),
            "need": np.bincount(lab, weights=need[mask], minlength=n),
            f"min_{unit}": min_c,
            f"mean_{unit}": np.bincount(lab, weights=w * cost, minlength=n) / total_w,
            f"max_{unit}": max_c,
            "x": np.bincount(lab, weights=w * x, minlength=n) / total_w,
            "y": np.bincount(lab, weights=w * y, minlength=n) / total_w,
        }
    )


def _place_names(hx, hy, kcodes, settlements, kunta_centres, kunta_names):  # noqa: ANN001, ANN202
    n = len(hx)
    name_of = dict(zip(kunta_names.index, kunta_names.to_numpy(), strict=True))
    names = np.array([f"{name_of.get(k, k)} (kunta)" for k in kcodes], dtype=object)
    centres = set(kunta_centres["kunta_code"])
    has_centre = np.array([k in centres for k in kcodes], dtype=bool)
    basis = np.where(has_centre, "municipal centre", "municipality").astype(object)
    if len(settlements) and "kunta_code" in settlements:
        k = min(8, len(settlements))
        d, i = cKDTree(settlements[["x", "y"]].to_numpy()).query(np.column_stack([hx, hy]), k=k)
        d, i = d.reshape(n, k), i.reshape(n, k)
        own = settlements["kunta_code"].to_numpy(str)[i]
        ok = (d <= SETTLEMENT_NAME_MAX_M) & (own == np.asarray(kcodes, dtype=str)[:, None])
        hit = ok.any(axis=1)
        pick = i[np.arange(n), ok.argmax(axis=1)]
        names[hit] = settlements["name_fi"].to_numpy(str)[pick[hit]]
        basis[hit] = "settlement"
    return names, basis


def ranks_elsewhere(labels: npt.ArrayLike, gaps: pd.DataFrame, other_labels: npt.ArrayLike,
                    other_gaps: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Return, for each row of `gaps`, the rank of the same area in `other_gaps` (NaN if none).

    E.g. an area's gaps and the national list: areas end at municipal borders, so each gap of
    an area of whole municipalities is one of the national gaps, found by any of its cells.
    """
    lab = np.asarray(labels)
    ids, first = np.unique(lab, return_index=True)
    other_id = dict(zip(ids.tolist(), np.asarray(other_labels)[first].tolist(), strict=True))
    rank_of = dict(zip(other_gaps["gap_id"].tolist(), other_gaps["rank"].tolist(), strict=True))
    return np.array([rank_of.get(other_id.get(g, 0), np.nan) for g in gaps["gap_id"].tolist()],
                    dtype=float)
