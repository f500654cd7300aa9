"""Providers of the working dataset, in one frame with the columns of `schema.PROVIDER_COLUMNS`.

Kirkanta libraries, SeniorSurf guidance points and police licence desks.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from coverage.data.population import assign_to_polygons
from coverage.data.schema import CRS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.data.taxonomy import provider_types
from coverage.errors import SourceError

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

SENIORSURF_MATCH_M = 300.0
"""A SeniorSurf place within this distance of a library, named like a library, is that library."""

LIBRARY_FLAG_COLUMNS = [f for f in SERVICE_FLAGS if f != "svc_seniorsurf"]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    return re.sub(r"\s+", " ", text)


def _to_3067(lon: pd.Series, lat: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(CRS)
    return pts.x.to_numpy(), pts.y.to_numpy()


def _defaults(provider_type: str) -> dict[str, object]:
    pt = provider_types()[provider_type]
    return {"provider_type": pt.provider_type, "auta_part": pt.auta_part, "channel": pt.channel,
            "capacity_h_week": pt.capacity_h_week}


def _check_columns(path: Path, frame: pd.DataFrame, need: list[str]) -> None:
    missing = [c for c in need if c not in frame.columns]
    if missing:
        msg = f"{path}: missing columns {missing}"
        raise SourceError(msg)


def read_libraries(path: Path, reference_date: str) -> pd.DataFrame:
    """Read the Kirkanta library list."""
    raw = pd.read_csv(path, dtype={"kirkanta_id": str}, keep_default_na=False)
    _check_columns(
        path, raw, ["kirkanta_id", "name", "city", "address", "lon", "lat", *LIBRARY_FLAG_COLUMNS]
    )
    x, y = _to_3067(raw["lon"].astype(float), raw["lat"].astype(float))
    lang = np.where(raw["name"].str.contains(r"bibliotek", case=False), "sv", "fi")
    out = pd.DataFrame(
        {
            "provider_id": "kirkanta:" + raw["kirkanta_id"],
            "name": raw["name"],
            **_defaults("library"),
            "kunta_code": "",
            "x": x,
            "y": y,
            "address": raw["address"],
            "languages": lang,
            "source": "Kirjastot.fi Kirkanta API v4",
            "reference_date": reference_date,
            "location_approximate": False,
            "city": raw["city"],
            "institutional": raw.get("name_suggests_institutional", "0").astype(str) == "1",
            "homepage": raw.get("homepage", ""),
        }
    )
    for flag in LIBRARY_FLAG_COLUMNS:
        out[flag] = raw[flag].astype(str).isin(["1", "True", "true"])
    out["svc_seniorsurf"] = False
    out["seniorsurf_organizers"] = ""
    return out


def read_point_list(
    path: Path, provider_type: str, prefix: str, reference_date: str
) -> pd.DataFrame:
    """Read a SeniorSurf or police list (the `providers/more` CSV layout)."""
    raw = pd.read_csv(path, dtype={"source_id": str, "postal_code": str}, keep_default_na=False)
    _check_columns(
        path, raw,
        ["name", "address", "municipality", "lon", "lat", "source_id", "subtype", "notes"],
    )
    x, y = _to_3067(raw["lon"].astype(float), raw["lat"].astype(float))
    approximate = raw["subtype"].eq("no_fixed_street_address").to_numpy()
    organizers = raw["notes"].str.extract(r"organizers=([^;]*)")[0].fillna("").str.strip()
    out = pd.DataFrame(
        {
            "provider_id": f"{prefix}:" + raw["source_id"],
            "name": raw["name"],
            **_defaults(provider_type),
            "kunta_code": "",
            "x": x,
            "y": y,
            "address": raw["address"],
            "languages": "fi",
            "source": raw.get("source", prefix),
            "reference_date": reference_date,
            "location_approximate": approximate,
            "city": raw["municipality"],
            "institutional": False,
            "homepage": "",
            "seniorsurf_organizers": organizers if prefix == "seniorsurf" else "",
        }
    )
    for flag in SERVICE_FLAGS:
        out[flag] = False
    if prefix == "seniorsurf":
        out["svc_seniorsurf"] = True
    return out


def library_match(libraries: pd.DataFrame, points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return which `points` are a library, and the index (position) of their nearest library.

    The SeniorSurf rule: within SENIORSURF_MATCH_M of a library, and named like a library
    (kirjasto/bibliotek/library) or exactly like that library.
    """
    if points.empty or libraries.empty:
        return np.zeros(len(points), dtype=bool), np.zeros(len(points), dtype=np.int64)
    tree = cKDTree(libraries[["x", "y"]].to_numpy())
    dist, idx = tree.query(points[["x", "y"]].to_numpy(), k=1)
    names = points["name"].map(_norm)
    lib_names = libraries["name"].map(_norm).to_numpy()
    says_library = names.str.contains("kirjasto|bibliotek|library", regex=True).to_numpy()
    same_name = names.to_numpy() == lib_names[idx]
    return (dist <= SENIORSURF_MATCH_M) & (says_library | same_name), idx


def merge_ptv(libraries: pd.DataFrame, ptv: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Link the PTV service locations that are libraries to them; return (libraries, rest, n).

    A PTV location is a library when Kirkanta pushed it there (`sourceId` kirkanta--<id> of a
    library in the list) or by the SeniorSurf rule (`library_match`). The library keeps its row
    and gains `ptv_channel_id`; the other locations are new providers.
    """
    libraries = libraries.copy()
    if "ptv_channel_id" not in libraries.columns:
        libraries["ptv_channel_id"] = ""
    row_of_kirkanta = {pid.removeprefix("kirkanta:"): i
                       for i, pid in enumerate(libraries["provider_id"])}
    by_id = np.array([row_of_kirkanta.get(k, -1) for k in ptv["kirkanta_source_id"]], dtype=int)
    near, idx = library_match(libraries, ptv)
    target = np.where(by_id >= 0, by_id, np.where(near, idx, -1))
    match = target >= 0
    for pi in np.flatnonzero(match):
        li = libraries.index[target[pi]]
        prev = libraries.loc[li, "ptv_channel_id"]
        own = ptv.iloc[pi]["ptv_channel_id"]
        libraries.loc[li, "ptv_channel_id"] = ";".join(p for p in (prev, own) if p)
    return libraries, ptv[~match].reset_index(drop=True), int(match.sum())


def merge_seniorsurf(
    libraries: pd.DataFrame, guidance: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Enrich libraries with the SeniorSurf places that are libraries; return (libraries, rest, n).

    A SeniorSurf place is the library when it lies within SENIORSURF_MATCH_M of one and its name
    mentions a library (kirjasto/bibliotek) or equals the library's name.
    """
    match, idx = library_match(libraries, guidance)
    libraries = libraries.copy()
    for gi in np.flatnonzero(match):
        li = libraries.index[idx[gi]]
        libraries.loc[li, "svc_seniorsurf"] = True
        org = guidance.iloc[gi]["seniorsurf_organizers"]
        prev = libraries.loc[li, "seniorsurf_organizers"]
        libraries.loc[li, "seniorsurf_organizers"] = " | ".join(p for p in (prev, org) if p)
        if "enter ry" in _norm(org):
            libraries.loc[li, "svc_enter_ry"] = True
    return libraries, guidance[~match].reset_index(drop=True), int(match.sum())


def assign_municipality(
    providers: pd.DataFrame, municipalities: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set `kunta_code` from the provider's town name (fi/sv), falling back to location.

    The polygons are generalised (1:4.5M), so the name is trusted over the point. Returns the
    providers and a table of rows where name and location disagree (for the sync log).
    """
    lookup: dict[str, str] = {}
    for row in municipalities.itertuples(index=False):
        lookup[_norm(row.name_fi)] = row.kunta_code
        lookup[_norm(row.name_sv)] = row.kunta_code
    by_name = providers["city"].fillna("").map(lambda c: lookup.get(_norm(c), ""))
    by_place, _inside = assign_to_polygons(
        providers["x"].to_numpy(float), providers["y"].to_numpy(float), municipalities, "kunta_code"
    )
    given = providers["kunta_code"].fillna("").astype(str)
    chosen = np.where(given != "", given, np.where(by_name != "", by_name, by_place))
    out = providers.copy()
    out["kunta_code"] = chosen
    out["kunta_basis"] = np.where(
        given != "", "given", np.where(by_name != "", "town name", "location")
    )
    names = municipalities.set_index("kunta_code")["name_fi"]
    disagree = out[(by_name != "") & (by_name != by_place)]
    report = pd.DataFrame(
        {
            "provider_id": disagree["provider_id"],
            "name": disagree["name"],
            "by_name": disagree["kunta_code"].map(names),
            "by_location": pd.Series(by_place, index=out.index)[disagree.index].map(names),
        }
    )
    return out, report


def build_providers(
    files: dict[str, Path], dates: dict[str, str], municipalities: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Return the provider frame of the working dataset and notes for the manifest."""
    libraries = read_libraries(files["libraries"], dates["libraries"])
    guidance = read_point_list(files["seniorsurf"], "ngo", "seniorsurf", dates["seniorsurf"])
    police = read_point_list(files["police"], "authority_desk", "police", dates["police"])
    libraries, guidance_rest, n_merged = merge_seniorsurf(libraries, guidance)
    parts = [libraries, guidance_rest, police]
    ptv_notes: dict[str, object] = {}
    if files.get("ptv") is not None:  # optional: `sync --online --ptv` (Suomi.fi PTV)
        from coverage.data.ptv import read_source_file  # noqa: PLC0415

        ptv = read_source_file(files["ptv"], dates["ptv"])
        libraries, ptv_rest, n_ptv = merge_ptv(libraries, ptv)
        parts = [libraries, guidance_rest, police, ptv_rest]
        ptv_notes = {"ptv_locations": len(ptv), "ptv_linked_to_libraries": n_ptv,
                     "ptv_added": len(ptv_rest)}
    providers = pd.concat(parts, ignore_index=True)
    if "ptv_channel_id" in providers.columns:
        providers["ptv_channel_id"] = providers["ptv_channel_id"].fillna("")
    providers, disagreements = assign_municipality(providers, municipalities)
    if providers["provider_id"].duplicated().any():
        dup = providers.loc[providers.provider_id.duplicated(), "provider_id"].tolist()[:5]
        msg = f"provider ids repeat in the sources: {dup}"
        raise SourceError(msg)
    for row in disagreements.itertuples(index=False):
        log.info("municipality by name %s, by location %s: %s (%s)",
                 row.by_name, row.by_location, row.name, row.provider_id)
    extra = [c for c in providers.columns if c not in PROVIDER_COLUMNS]
    providers = providers[list(PROVIDER_COLUMNS) + extra]
    notes = {
        "libraries": len(libraries),
        "seniorsurf_places": len(guidance),
        "seniorsurf_merged_into_libraries": n_merged,
        "seniorsurf_added": len(guidance_rest),
        "police_desks": len(police),
        "name_location_disagreements": disagreements.to_dict("records"),
        **ptv_notes,
    }
    return providers, notes
