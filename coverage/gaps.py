"""Gaps: uncovered demand cells grouped into contiguous areas (8-neighbour) and ranked by unmet
need, each named after the nearest settlement or municipal centre."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import ndimage
from scipy.spatial import cKDTree

SETTLEMENT_NAME_MAX_M = 15_000.0
"""A gap is named after a settlement (taajama) of its main municipality when one lies this close to
its neediest cell; otherwise after the municipality itself."""


def label_contiguous(
    col: npt.NDArray[np.int64], row: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Return a 1-based area label for each masked cell (0 elsewhere), 8-neighbour contiguity."""
    labels = np.zeros(len(col), dtype=np.int64)
    if not mask.any():
        return labels
    c = col[mask] - col[mask].min()
    r = row[mask] - row[mask].min()
    raster = np.zeros((r.max() + 1, c.max() + 1), dtype=bool)
    raster[r, c] = True
    lab, _n = ndimage.label(raster, structure=np.ones((3, 3), dtype=bool))
    labels[mask] = lab[r, c]
    return labels


def find_gaps(  # noqa: PLR0913
    demand: pd.DataFrame,
    need: npt.NDArray[np.float64],
    nearest_m: npt.NDArray[np.float64],
    *,
    threshold_m: float,
    settlements: pd.DataFrame,
    kunta_names: pd.Series,
    region_of_kunta: pd.Series,
    kunta_centres: pd.DataFrame,
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Return (gap areas ranked by unmet need, area label of every cell: 0 = not in a gap).

    A gap cell has people and no provider within `threshold_m`.
    """
    mask = (nearest_m > threshold_m) & (demand["population"].to_numpy() > 0)
    labels = label_contiguous(demand["grid_col"].to_numpy(), demand["grid_row"].to_numpy(), mask)
    if not mask.any():
        return _empty(), labels
    cells = pd.DataFrame(
        {
            "area": labels[mask],
            "population": demand["population"].to_numpy(float)[mask],
            "pop_65plus": demand["pop_65plus"].to_numpy(float)[mask],
            "need": need[mask],
            "dist": nearest_m[mask],
            "kunta_code": demand["kunta_code"].to_numpy()[mask],
            "wx": (demand["x"].to_numpy() * np.maximum(need, 1e-9))[mask],
            "wy": (demand["y"].to_numpy() * np.maximum(need, 1e-9))[mask],
            "w": np.maximum(need, 1e-9)[mask],
        }
    )
    g = cells.groupby("area")
    areas = g.agg(
        cells=("need", "size"), population=("population", "sum"), pop_65plus=("pop_65plus", "sum"),
        need=("need", "sum"), min_km=("dist", "min"), max_km=("dist", "max"),
        wx=("wx", "sum"), wy=("wy", "sum"), w=("w", "sum"),
    )
    areas["x"] = areas.wx / areas.w
    areas["y"] = areas.wy / areas.w
    by_need = cells.groupby(["area", "kunta_code"])["need"].sum().reset_index()
    main_kunta = by_need.sort_values(["area", "need"], ascending=[True, False]).drop_duplicates("area")
    areas["kunta_code"] = main_kunta.set_index("area")["kunta_code"]
    # the name comes from the area's neediest cell in its main municipality: a need-weighted centre of a long or
    # ring-shaped gap can fall in a covered town
    in_main = cells[cells["kunta_code"].to_numpy() == areas["kunta_code"].reindex(cells["area"]).to_numpy()]
    heart = in_main.sort_values("need", ascending=False).drop_duplicates("area").set_index("area")
    areas["heart_x"] = heart["wx"] / heart["w"]
    areas["heart_y"] = heart["wy"] / heart["w"]
    areas["municipality"] = areas["kunta_code"].map(kunta_names)
    areas["region"] = areas["kunta_code"].map(region_of_kunta)
    areas["mean_km"] = (
        cells.assign(wd=cells.dist * cells.w).groupby("area")["wd"].sum() / areas.w
    )
    areas["place_name"], areas["place_basis"] = _place_names(areas, settlements, kunta_centres, kunta_names)
    areas = areas.sort_values(["need", "population"], ascending=False).reset_index()
    areas.insert(0, "rank", np.arange(1, len(areas) + 1))
    for col in ("min_km", "max_km", "mean_km"):
        areas[col] = areas[col] / 1000
    columns = ["rank", "area", "place_name", "place_basis", "municipality", "kunta_code", "region",
               "cells", "population", "pop_65plus", "need", "min_km", "mean_km", "max_km", "x", "y"]
    return areas[columns].rename(columns={"area": "gap_id"}), labels


def _place_names(areas, settlements, kunta_centres, kunta_names):  # noqa: ANN001, ANN202
    xy = areas[["heart_x", "heart_y"]].to_numpy()
    names = np.empty(len(areas), dtype=object)
    basis = np.empty(len(areas), dtype=object)
    near = np.zeros(len(areas), dtype=bool)
    if len(settlements):
        # a settlement of the gap's own municipality: a name from across a border misleads
        own = settlements["kunta_code"].to_numpy() if "kunta_code" in settlements else None
        tree = cKDTree(settlements[["x", "y"]].to_numpy())
        k = min(8, len(settlements))
        d, i = tree.query(xy, k=k)
        d, i = d.reshape(len(xy), k), i.reshape(len(xy), k)
        kcodes = areas["kunta_code"].to_numpy()
        for j in range(len(xy)):
            ok = d[j] <= SETTLEMENT_NAME_MAX_M
            if own is not None:
                ok &= own[i[j]] == kcodes[j]
            if ok.any():
                names[j] = settlements["name_fi"].iloc[i[j][np.argmax(ok)]]
                basis[j] = "settlement"
                near[j] = True
    centres = kunta_centres.set_index("kunta_code")
    kcodes = areas["kunta_code"].to_numpy()
    for j in np.flatnonzero(~near):
        names[j] = kunta_names.get(kcodes[j], kcodes[j]) + " (kunta)"
        basis[j] = "municipal centre" if kcodes[j] in centres.index else "municipality"
    return names, basis


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["rank", "gap_id", "place_name", "place_basis", "municipality", "kunta_code", "region",
                 "cells", "population", "pop_65plus", "need", "min_km", "mean_km", "max_km", "x", "y"]
    )
