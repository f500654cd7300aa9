"""Municipalities, divisions (coordinator options) and their seats, from the source files."""

from __future__ import annotations

import csv
import logging
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from coverage.data.paths import authored_file
from coverage.data.schema import CRS
from coverage.errors import SourceError

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

SEATS_CSV = authored_file("regions/coordinator_seats.csv")

# division id -> (key file, column prefix in the Statistics Finland key)
KEY_DIVISIONS: dict[str, tuple[str, str]] = {
    "maakunta": ("key_2025", "maakunta"),
    "avi": ("key_2025", "avi"),
    "ely": ("key_2025", "ely"),
    "hyvinvointialue": ("key_2025", "hyvinvointialue"),
    "seutukunta": ("key_2025", "seutukunta"),
    "elinvoimakeskus": ("key_2026", "evk"),
}

ALAND_MAAKUNTA = "21"
"""Åland's maakunta code (Statistics Finland): the one test of "is this municipality in Åland"."""
ALAND_UNIT_CODE = "AX"
"""Unit code given to Åland in a division whose key puts it with mainland municipalities (the 2026
key puts all 16 under Lounais-Suomen elinvoimakeskus): Åland is autonomous and organises its own
services, so it is its own unit in every option (DESIGN.md)."""
ALAND_UNIT_NAMES = ("Ahvenanmaa", "Åland")


def pad_kunta(values: pd.Series) -> pd.Series:
    """Normalise municipality codes to 3-digit text ("5", 5 and "005" -> "005")."""
    return values.astype(str).str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(3)


def read_municipalities(path: Path) -> gpd.GeoDataFrame:
    """Read the Statistics Finland municipality layer with population by age.

    Raises
    ------
    SourceError
        If fields are missing, codes repeat, or age groups do not add up to the population.
    """
    try:
        raw = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for corrupt files
        msg = f"{path}: cannot be read as GeoJSON ({exc})"
        raise SourceError(msg) from exc
    need = ["kunta", "nimi", "namn", "vaesto", "ika_0_14", "ika_15_64", "ika_65_"]
    missing = [c for c in need if c not in raw.columns]
    if missing or raw.empty:
        msg = f"{path}: missing fields {missing} or no features; expected a kunta_vaki WFS reply"
        raise SourceError(msg)
    if raw.crs is None or raw.crs.to_epsg() != 3067:  # noqa: PLR2004
        raw = raw.set_crs(CRS, allow_override=True) if raw.crs is None else raw.to_crs(CRS)
    out = gpd.GeoDataFrame(
        {
            "kunta_code": pad_kunta(raw["kunta"]),
            "name_fi": raw["nimi"].str.replace(" - Mariehamn", "", regex=False),
            "name_sv": raw["namn"],
            "population": raw["vaesto"].astype("int64"),
            "pop_0_14": raw["ika_0_14"].astype("int64"),
            "pop_15_64": raw["ika_15_64"].astype("int64"),
            "pop_65plus": raw["ika_65_"].astype("int64"),
        },
        geometry=raw.geometry.make_valid(),
        crs=CRS,
    )
    if out["kunta_code"].duplicated().any():
        repeated = out.loc[out.kunta_code.duplicated(), "kunta_code"].tolist()
        msg = f"{path}: municipality codes repeat: {repeated}"
        raise SourceError(msg)
    bad = out[out.pop_0_14 + out.pop_15_64 + out.pop_65plus != out.population]
    if len(bad):
        msg = f"{path}: age groups do not sum to the population for {bad.kunta_code.tolist()}"
        raise SourceError(msg)
    out["area_km2"] = out.geometry.area / 1e6
    return out.sort_values("kunta_code").reset_index(drop=True)


def _read_key(path: Path, prefixes: list[str]) -> pd.DataFrame:
    key = pd.read_csv(path, dtype=str, keep_default_na=False)
    cols = ["kunta"] + [f"{p}_{s}" for p in prefixes for s in ("code", "name_fi", "name_sv")]
    missing = [c for c in cols if c not in key.columns]
    if missing:
        msg = f"{path}: missing columns {missing}"
        raise SourceError(msg)
    key = key[cols].copy()
    key["kunta"] = pad_kunta(key["kunta"])
    return key


def read_divisions(
    files: dict[str, Path], municipalities: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (membership, units): which unit of each division every municipality belongs to.

    membership: one row per municipality, columns `kunta_code`, `<division>` (unit code, text),
    `language_code`, `language_fi`, `language_sv`. units: `division, unit_code, name_fi, name_sv`.

    Raises
    ------
    SourceError
        If a municipality lacks a unit in any division (a division must partition them all).
    """
    codes = municipalities["kunta_code"]
    members = pd.DataFrame({"kunta_code": codes})
    unit_rows: list[pd.DataFrame] = []
    keys = {
        "key_2025": _read_key(
            files["key_2025"],
            ["maakunta", "avi", "ely", "hyvinvointialue", "seutukunta", "kielisuhde"],
        ),
        "key_2026": _read_key(files["key_2026"], ["evk"]),
    }
    problems: list[str] = []
    for division, (file_key, prefix) in KEY_DIVISIONS.items():
        key = keys[file_key].drop_duplicates("kunta").set_index("kunta")
        unit = key[f"{prefix}_code"].reindex(codes).fillna("")
        lacking = codes[unit.to_numpy() == ""].tolist()
        if lacking:
            problems.append(
                f"{division}: no unit for municipalities {lacking} in {files[file_key]}"
            )
        members[division] = unit.to_numpy()
        units = (
            key.reset_index()
            .loc[lambda d, p=prefix: d[f"{p}_code"] != ""]
            .groupby(f"{prefix}_code", as_index=False)
            .first()
        )
        unit_rows.append(
            pd.DataFrame(
                {
                    "division": division,
                    "unit_code": units[f"{prefix}_code"],
                    "name_fi": units[f"{prefix}_name_fi"],
                    "name_sv": units[f"{prefix}_name_sv"],
                }
            )
        )
    lang = keys["key_2025"].drop_duplicates("kunta").set_index("kunta")
    members["language_code"] = lang["kielisuhde_code"].reindex(codes).fillna("").to_numpy()
    members["language_fi"] = lang["kielisuhde_name_fi"].reindex(codes).fillna("").to_numpy()
    members["language_sv"] = lang["kielisuhde_name_sv"].reindex(codes).fillna("").to_numpy()

    maist = pd.read_csv(files["maistraatit"], dtype=str, keep_default_na=False)
    need = ["kunta_2025", "MAISTRAATTINRO", "MAISTRAATTINIMIFI", "MAISTRAATTINIMISV"]
    if any(c not in maist.columns for c in need):
        msg = f"{files['maistraatit']}: expected columns {need}"
        raise SourceError(msg)
    maist["kunta_2025"] = pad_kunta(maist["kunta_2025"])
    per_kunta = maist.groupby("kunta_2025")["MAISTRAATTINRO"].nunique()
    if (per_kunta > 1).any():
        twice = per_kunta[per_kunta > 1].index.tolist()
        problems.append(f"maistraatti: merged municipalities with two offices {twice}")
    m_unit = maist.drop_duplicates("kunta_2025").set_index("kunta_2025")["MAISTRAATTINRO"]
    m_unit = m_unit.reindex(codes).fillna("")
    if (m_unit == "").any():
        problems.append(f"maistraatti: no office for {codes[m_unit.to_numpy() == ''].tolist()}")
    members["maistraatti"] = m_unit.to_numpy()
    mu = maist.groupby("MAISTRAATTINRO", as_index=False).first()
    unit_rows.append(
        pd.DataFrame(
            {
                "division": "maistraatti",
                "unit_code": mu["MAISTRAATTINRO"],
                "name_fi": mu["MAISTRAATTINIMIFI"],
                "name_sv": mu["MAISTRAATTINIMISV"],
            }
        )
    )
    if problems:
        raise SourceError("; ".join(problems))
    kunta_units = pd.DataFrame(
        {
            "division": "kunta",
            "unit_code": codes.to_numpy(),
            "name_fi": municipalities["name_fi"].to_numpy(),
            "name_sv": municipalities["name_sv"].to_numpy(),
        }
    )
    country = pd.DataFrame(
        {"division": ["country"], "unit_code": ["FI"], "name_fi": ["Suomi"], "name_sv": ["Finland"]}
    )
    members["kunta"] = codes.to_numpy()
    members["country"] = "FI"
    units = pd.concat([country, kunta_units, *unit_rows], ignore_index=True)
    members, units, _split = separate_aland(members, units)
    # keep only units that have members (the keys list nothing else, but be strict)
    used = {(d, u) for d in units.division.unique() for u in members[d].unique()}
    units = units[[(d, u) in used for d, u in zip(units.division, units.unit_code, strict=True)]]
    return members, units.reset_index(drop=True)


def read_admin_centres(path: Path) -> pd.DataFrame:
    """Return municipal administrative-centre points (kunta_code, x, y in EPSG:3067)."""
    raw = pd.read_csv(path, dtype={"kuntatunnus": str})
    need = ["kuntatunnus", "X", "Y"]
    if any(c not in raw.columns for c in need):
        msg = f"{path}: expected columns {need} (X = longitude, Y = latitude)"
        raise SourceError(msg)
    pts = gpd.GeoSeries(gpd.points_from_xy(raw["X"], raw["Y"]), crs="EPSG:4326").to_crs(CRS)
    return pd.DataFrame(
        {"kunta_code": pad_kunta(raw["kuntatunnus"]), "x": pts.x, "y": pts.y}
    ).drop_duplicates("kunta_code")


def build_seats(
    units: pd.DataFrame,
    members: pd.DataFrame,
    municipalities: pd.DataFrame,
    centres: pd.DataFrame,
    fallback_centres: pd.DataFrame,
) -> pd.DataFrame:
    """Attach a seat municipality and its point to every unit.

    Authored seats come from data/regions/coordinator_seats.csv; any other unit gets its most
    populous municipality (the rule is recorded in `seat_basis`). The seat point is the NLS
    administrative-centre point, else `fallback_centres` (population-weighted cell centre).
    """
    authored: dict[tuple[str, str], dict[str, str]] = {}
    with SEATS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            authored[(row["division"], row["unit_code"])] = row
    pop = municipalities.set_index("kunta_code")["population"]
    names = municipalities.set_index("kunta_code")["name_fi"]
    point = centres.set_index("kunta_code")[["x", "y"]]
    point = pd.concat([point, fallback_centres.set_index("kunta_code")[["x", "y"]]])
    point = point[~point.index.duplicated(keep="first")]
    rows = []
    for unit in units.itertuples(index=False):
        key = (unit.division, unit.unit_code)
        if unit.division == "kunta":
            seat, basis, source = unit.unit_code, "the municipality itself", "NLS admin centre"
        elif key in authored:
            row = authored[key]
            seat, basis, source = row["seat_kunta_code"].zfill(3), row["basis"], row["source"]
            in_unit = members.loc[members[unit.division] == unit.unit_code, "kunta_code"]
            if seat not in set(in_unit):
                msg = f"{SEATS_CSV}: seat {seat} of {key} is not a municipality of that unit"
                raise SourceError(msg)
            if names.get(seat) != row["seat_name"]:
                log.warning(
                    "seat name %s differs from key name %s", row["seat_name"], names.get(seat)
                )
        else:
            in_unit = members.loc[members[unit.division] == unit.unit_code, "kunta_code"]
            seat = pop.reindex(in_unit).idxmax()
            basis, source = "rule: most populous municipality", "Statistics Finland 31.12.2024"
        x, y = point.loc[seat, ["x", "y"]]
        rows.append((seat, names[seat], basis, source, float(x), float(y)))
    seats = pd.DataFrame(
        rows,
        columns=["seat_kunta_code", "seat_name", "seat_basis", "seat_source", "seat_x", "seat_y"],
    )
    return pd.concat([units.reset_index(drop=True), seats], axis=1)


def is_aland(members: pd.DataFrame) -> np.ndarray:
    """Return a boolean mask of Åland municipalities (maakunta 21)."""
    return (members["maakunta"] == ALAND_MAAKUNTA).to_numpy()


def aland_codes(members: pd.DataFrame) -> set[str]:
    """Return the municipality codes of Åland (what `--mainland-only` leaves out)."""
    return set(members.loc[is_aland(members), "kunta_code"])


def separate_aland(
    members: pd.DataFrame, units: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Make Åland its own unit in every division whose key mixes it with the mainland.

    Returns the membership, the units (a row `ALAND_UNIT_CODE` added per such division) and the
    divisions changed. Divisions that already give Åland units of its own are left as keyed.
    """
    aland = is_aland(members)
    if not aland.any():
        return members, units, []
    members = members.copy()
    added, changed = [], []
    skip = {"kunta_code", "kunta", "country", "language_code", "language_fi", "language_sv"}
    for division in [c for c in members.columns if c not in skip]:
        shared = set(members.loc[aland, division]) & set(members.loc[~aland, division])
        if not shared:
            continue
        members.loc[aland, division] = ALAND_UNIT_CODE
        added.append({"division": division, "unit_code": ALAND_UNIT_CODE,
                      "name_fi": ALAND_UNIT_NAMES[0], "name_sv": ALAND_UNIT_NAMES[1]})
        changed.append(division)
        log.info("Åland made its own unit in %s (the key shares %s with the mainland)",
                 division, shared)
    if added:
        units = pd.concat([units, pd.DataFrame(added)], ignore_index=True)
    return members, units, changed


def name_lookup(municipalities: pd.DataFrame, maistraatit_file: Path) -> dict[str, str]:
    """Return casefolded municipality name (fi/sv, 2025 and 2018 names) -> 2025 code.

    The 2018 names (VRK list, with their 2025 municipality) let older sources that name merged
    municipalities (Valtimo, Honkajoki, Pertunmaa) be placed in today's division.
    """
    lookup: dict[str, str] = {}
    old = pd.read_csv(maistraatit_file, dtype=str, keep_default_na=False)
    for fi, sv, code in zip(
        old["KUNTANIMIFI"], old["KUNTANIMISV"], pad_kunta(old["kunta_2025"]), strict=True
    ):
        lookup[fi.casefold()] = code
        lookup[sv.casefold()] = code
    for fi, sv, code in zip(municipalities["name_fi"], municipalities["name_sv"],
                            municipalities["kunta_code"], strict=True):
        lookup[fi.casefold()] = code
        lookup[sv.casefold()] = code
    return lookup


def code_for_name(name: str, lookup: dict[str, str]) -> str | None:
    """Return the code for a municipality name; a unique prefix is accepted (Paavo truncates)."""
    key = str(name).split(" - ")[0].strip().casefold()
    if not key:
        return None
    if key in lookup:
        return lookup[key]
    hits = {code for known, code in lookup.items() if known.startswith(key)}
    return hits.pop() if len(hits) == 1 else None


SEAT_SETTLEMENT_MAX_M = 15_000.0
"""How far the most populous settlement may lie from a stray label point to replace it."""


def settle_centres(
    centres: pd.DataFrame, settlements: pd.DataFrame, settlement_polygons: gpd.GeoSeries | None
) -> tuple[pd.DataFrame, list[str]]:
    """Move label points that lie outside every settlement to the municipality's largest one.

    The NLS points are map-label positions: Laitila's lies 10 km north of the town, so its own
    residents looked 28 minutes from their municipal centre. A point outside every settlement
    moves to the representative point of its municipality's most populous settlement when that
    lies within SEAT_SETTLEMENT_MAX_M; a municipality without one keeps its label (small islands).
    Returns the centres and the codes moved.
    """
    if settlement_polygons is None or settlements.empty:
        return centres, []
    pts = gpd.GeoDataFrame(
        centres[["kunta_code"]], geometry=gpd.points_from_xy(centres.x, centres.y), crs=CRS
    )
    inside = gpd.sjoin(pts, gpd.GeoDataFrame(geometry=settlement_polygons, crs=CRS), how="left",
                       predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")]["index_right"].notna().to_numpy()
    biggest = settlements.sort_values("population_2021", ascending=False)
    biggest = biggest.drop_duplicates("kunta_code")
    biggest = biggest.set_index("kunta_code")
    out = centres.copy()
    moved = []
    for i in np.flatnonzero(~inside):
        code = out.iloc[i]["kunta_code"]
        if code not in biggest.index:
            continue
        bx, by = biggest.loc[code, ["x", "y"]]
        if np.hypot(bx - out.iloc[i]["x"], by - out.iloc[i]["y"]) <= SEAT_SETTLEMENT_MAX_M:
            out.iloc[i, out.columns.get_loc("x")] = bx
            out.iloc[i, out.columns.get_loc("y")] = by
            moved.append(code)
    return out, moved
