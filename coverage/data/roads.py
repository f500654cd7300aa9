"""The national road graph: source files in, validated parquet out, graph back.

Reads the NLS General Map 1:1 000 000 roads (2013) from a source directory, validates them, and
writes two compact parquet files into the working dataset; reads them back as frames or as an
osmnx-compatible graph.

The network is optional: `build_roads` returns None when the source directory has no network
files, and the analyses that need roads say so (`RoadsMissingError`).

Files written (EPSG:3067 metres):

- `roads_nodes.parquet`: node_id, x, y, degree (one row per junction or line end).
- `roads_edges.parquet` (GeoParquet): edge_id, u, v, kohdeluokka (NLS feature class), tieluokka
  (road class *inferred from the road number* by the mirror's author, not an official code),
  tienumero, length_m, urban_length_m (length inside SYKE urban-settlement polygons, the proxy for
  built-up areas), geometry (the line from u to v; empty when built from the CSV twins).

Speeds are not stored: `RoadSpeeds` below assigns them at load time from documented assumptions,
so changing an assumption needs no rebuild.
"""

from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coverage.defaults import (
    FERRY_BOARDING_MIN,
    FERRY_KPH,
    ROAD_BUILT_UP_KPH,
    ROAD_BUILT_UP_MOTORWAY_KPH,
    ROAD_CLASS_KPH,
    ROAD_MAIN_ROAD_KPH,
    ROAD_MINOR_ROAD_KPH,
)
from coverage.errors import DatasetMissingError, InputError, SourceError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import geopandas as gpd
    import networkx as nx
    import numpy.typing as npt

log = logging.getLogger(__name__)

ROADS_KEY = "roads"
NODES_FILE = "roads_nodes.parquet"
EDGES_FILE = "roads_edges.parquet"

GPKG_PATTERN = "network/fi_roads_nls_yk1000_*.gpkg"
CSV_EDGES_PATTERN = "network/fi_roads_nls_yk1000_*_edges.csv"
CSV_NODES_SUFFIX = ("_edges.csv", "_nodes.csv")
TAAJAMA_PATTERN = "population/taajamat_ykr*_pop*.gpkg"

PUBLISHER = "National Land Survey of Finland (General Map 1:1 000 000, road lines TieViiva)"
LICENCE = (
    "NLS open data, CC BY 4.0; attribution: Contains data from the National Land Survey of "
    "Finland General Map 1:1 000 000, 2013"
)
REFERENCE_DATE = "2013"  # the data says only "(C) MML 2013"; no day or month is given

FERRY_CLASS = 12151
"""Kohdeluokka of ferry connections (always tieluokka 9 in this release)."""
FERRY_TIELUOKKA = 9
ROAD_CLASSES: tuple[int, ...] = (12111, 12112, 12121, 12122, 12131, 12132)
"""NLS road feature classes Ia, Ib, IIa, IIb, IIIa, IIIb."""

EXPECTED_RELEASES: dict[str, dict[str, float]] = {
    "2013": {"nodes": 10_106, "edges": 14_899, "km": 78_780},
}
"""Facts of known releases (../shared/data/network/README.md): a build of one of them must match."""

FINLAND_BOUNDS_3067 = (40_000.0, 6_590_000.0, 770_000.0, 7_800_000.0)
"""A box around Finland in EPSG:3067 (xmin, ymin, xmax, ymax): points outside mean a wrong CRS."""

ENDPOINT_TOLERANCE_M = 0.01
"""Line ends must lie this close to their node (the mirror snapped at 0.01 m)."""
LENGTH_TOLERANCE_M = 0.5
"""length_m may differ this much from the geometry's planar length (measured: at most 0.005 m)."""


# --- Speeds by road class: values and sources in coverage.defaults ---------------------------

SECONDS_PER_MINUTE = 60.0

MOTORWAY_CLASS = 12111
"""Kohdeluokka Ia: motorways and expressways (its own built-up cap)."""
MAIN_ROAD_TIELUOKKA = (1, 2)
"""Inferred tieluokka of valtatie (1) and kantatie (2)."""
MINOR_ROAD_TIELUOKKA = (4, 5)
"""Inferred tieluokka of yhdystie (4) and numbers >= 10000 or unnumbered (5)."""


def _main_roads_default() -> dict[int, float]:
    return dict(ROAD_MAIN_ROAD_KPH)


def _class_speeds_default() -> dict[int, float]:
    return dict(ROAD_CLASS_KPH)


def _minor_roads_default() -> dict[int, float]:
    return dict(ROAD_MINOR_ROAD_KPH)


@dataclass(frozen=True)
class RoadSpeeds:
    """Free-flow car speeds (km/h) for the NLS 1:1M road classes: documented assumptions.

    Nothing in the data gives speeds (no limits, lanes or one-way flags). Sources of the
    assumptions: Finnish general limits 80 km/h outside and 50 km/h inside built-up areas
    (Tieliikennelaki 729/2018); motorways 120 km/h in summer, 100 km/h in winter, and main
    two-lane roads mostly 100 km/h in summer, 80 km/h in winter (Väylävirasto seasonal limits).
    `tieluokka` is *inferred from the road number* (README of the mirror), not an official code:
    valtatie/kantatie = 1-2, seututie = 3, yhdystie = 4, other = 5.

    Parameters
    ----------
    class_kph
        Rural speed per `kohdeluokka` (Ia 12111 ... IIIb 12132).
    main_road_kph
        Overrides for valtatie/kantatie (tieluokka 1-2) of classes Ib and IIa: 90, the year-round
        mean of 100 km/h in summer and 80 km/h in winter.
    minor_road_kph
        Overrides for yhdystie and unnumbered roads (tieluokka 4-5): IIb 70 (narrow, often gravel).
    built_up_kph
        Cap inside urban settlements (SYKE taajama polygons, the built-up proxy): 50.
    built_up_motorway_kph
        Cap for class Ia inside urban settlements (ring roads and urban motorways, 60-80): 80.
    ferry_kph
        Road-ferry crossing speed: cable ferries (lossi) ~10 km/h, connecting vessels ~20 km/h.
    ferry_boarding_min
        Added when boarding from a road node (waiting + loading): on-demand ferries run every
        15-30 min. Continuing through a ferry-only stop adds no second penalty.
    """

    class_kph: Mapping[int, float] = field(default_factory=_class_speeds_default)
    main_road_kph: Mapping[int, float] = field(default_factory=_main_roads_default)
    minor_road_kph: Mapping[int, float] = field(default_factory=_minor_roads_default)
    built_up_kph: float = ROAD_BUILT_UP_KPH
    built_up_motorway_kph: float = ROAD_BUILT_UP_MOTORWAY_KPH
    ferry_kph: float = FERRY_KPH
    ferry_boarding_min: float = FERRY_BOARDING_MIN

    def __post_init__(self) -> None:
        """Refuse non-positive speeds and a negative penalty."""
        speeds = [*self.class_kph.values(), *self.main_road_kph.values(),
                  *self.minor_road_kph.values(), self.built_up_kph, self.built_up_motorway_kph,
                  self.ferry_kph]
        if not all(np.isfinite(s) and s > 0 for s in speeds):
            msg = "road speeds must be positive km/h"
            raise InputError(msg)
        if not self.ferry_boarding_min >= 0:
            msg = f"ferry boarding penalty {self.ferry_boarding_min} min: give 0 or more"
            raise InputError(msg)

    def rural_kph(
        self, kohdeluokka: npt.ArrayLike, tieluokka: npt.ArrayLike
    ) -> npt.NDArray[np.float64]:
        """Return the speed outside built-up areas for each edge (NaN for ferries)."""
        k = np.asarray(kohdeluokka)
        t = np.asarray(tieluokka)
        out = np.full(k.shape, np.nan)
        for code, kph in self.class_kph.items():
            out[k == code] = kph
        for code, kph in self.main_road_kph.items():
            out[(k == code) & np.isin(t, MAIN_ROAD_TIELUOKKA)] = kph
        for code, kph in self.minor_road_kph.items():
            out[(k == code) & np.isin(t, MINOR_ROAD_TIELUOKKA)] = kph
        return out

    def table(self) -> pd.DataFrame:
        """Return the rural speed per class and road-class group (for documentation)."""
        classes = sorted(self.class_kph)
        groups = {"valtatie/kantatie (1-2)": 1, "seututie (3)": 3, "yhdystie/other (4-5)": 4}
        rows = {g: self.rural_kph(classes, [t] * len(classes)) for g, t in groups.items()}
        return pd.DataFrame(rows, index=pd.Index(classes, name="kohdeluokka"))


DEFAULT_ROAD_SPEEDS = RoadSpeeds()

HIGHWAY_BY_TIELUOKKA = {1: "trunk", 2: "primary", 3: "secondary", 4: "tertiary", 5: "unclassified"}
"""OSM-style `highway` label per inferred road class (informative only; class Ia -> motorway)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small dicts (a networkx graph)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class RoadsMissingError(DatasetMissingError):
    """The working dataset has no road network (its source directory had none)."""


def locate_roads(source_dir: Path) -> dict[str, Path] | None:
    """Return the network files in `source_dir` (GeoPackage preferred, else the CSV twins), or None.

    Raises
    ------
    SourceError
        If only one of the CSV twins is present.
    """
    source_dir = Path(source_dir)
    gpkgs = sorted(source_dir.glob(GPKG_PATTERN))
    if gpkgs:
        return {"gpkg": gpkgs[-1]}
    edges = sorted(source_dir.glob(CSV_EDGES_PATTERN))
    if not edges:
        return None
    nodes = edges[-1].with_name(edges[-1].name.replace(*CSV_NODES_SUFFIX))
    if not nodes.exists():
        msg = f"{edges[-1]} has no nodes twin {nodes.name}; copy both CSV files or the GeoPackage"
        raise SourceError(msg)
    return {"edges_csv": edges[-1], "nodes_csv": nodes}


def _release(path: Path) -> str | None:
    for year in EXPECTED_RELEASES:
        if f"_{year}" in path.name:
            return year
    return None


def read_source(files: dict[str, Path]) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """Return (nodes, edges, crs) as read from the source files, columns as published.

    `edges` is a GeoDataFrame when read from the GeoPackage; the CSV twins carry no geometry and
    no CRS (the mirror documents EPSG:3067, checked through the extent in `validate_roads`).
    """
    if "gpkg" in files:
        import pyogrio  # noqa: PLC0415

        edges = pyogrio.read_dataframe(files["gpkg"], layer="edges")
        nodes = pyogrio.read_dataframe(files["gpkg"], layer="nodes", read_geometry=False)
        crs = edges.crs.to_string() if edges.crs is not None else None
        return nodes, edges, crs
    nodes = pd.read_csv(files["nodes_csv"])
    edges = pd.read_csv(files["edges_csv"])
    return nodes, edges, None


def validate_roads(  # noqa: PLR0912, PLR0915
    nodes: pd.DataFrame, edges: pd.DataFrame, crs: str | None, *, release: str | None, source: str,
) -> dict:
    """Check the graph every routing step relies on; return facts, or raise one SourceError.

    Checks: required columns; EPSG:3067 (CRS or extent); unique ids; edge ends are nodes; lengths
    positive and equal to the geometry; line ends on their nodes; known classes, ferries = class
    12151 = tieluokka 9; node degrees; one connected component; a known release's exact counts.

    Raises
    ------
    SourceError
        Listing every failed check.
    """
    from scipy.sparse import coo_array  # noqa: PLC0415
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

    problems: list[str] = []
    need_nodes = {"node_id", "x", "y"}
    need_edges = {"u", "v", "Kohdeluokk", "Tieluokka", "Tienumero", "length_m"}
    missing = sorted(need_nodes - set(nodes.columns)) + sorted(need_edges - set(edges.columns))
    if missing:
        msg = f"{source}: missing columns {missing}; expected the mirror's nodes and edges layers"
        raise SourceError(msg)
    if crs is not None and crs.upper() != "EPSG:3067":
        problems.append(f"CRS is {crs}, expected EPSG:3067 (ETRS-TM35FIN); reproject the source")
    xmin, ymin, xmax, ymax = FINLAND_BOUNDS_3067
    x, y = nodes["x"].to_numpy(float), nodes["y"].to_numpy(float)
    outside = ~((x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))
    if outside.any():
        problems.append(f"{int(outside.sum())} nodes lie outside Finland in EPSG:3067 (wrong CRS?)")
    ids = nodes["node_id"].to_numpy()
    if len(np.unique(ids)) != len(ids):
        problems.append("node_id is not unique")
    if "edge_id" in edges and edges["edge_id"].duplicated().any():
        problems.append("edge_id is not unique")
    u, v = edges["u"].to_numpy(), edges["v"].to_numpy()
    dangling = ~np.isin(u, ids) | ~np.isin(v, ids)
    if dangling.any():
        problems.append(f"{int(dangling.sum())} edges end at a node_id missing from nodes")
    length = edges["length_m"].to_numpy(float)
    if not (np.isfinite(length) & (length > 0)).all():
        problems.append("length_m must be positive and finite on every edge")
    cls = edges["Kohdeluokk"].to_numpy()
    unknown = sorted(set(cls.tolist()) - {*ROAD_CLASSES, FERRY_CLASS})
    if unknown:
        problems.append(f"unknown Kohdeluokk codes {unknown}; add their speeds to coverage.network")
    ferry = cls == FERRY_CLASS
    if (ferry != (edges["Tieluokka"].to_numpy() == FERRY_TIELUOKKA)).any():
        problems.append("ferry edges (Kohdeluokk 12151) and Tieluokka 9 disagree")
    geometry = edges.geometry if hasattr(edges, "geometry") else None
    if geometry is not None and not dangling.any():
        import shapely  # noqa: PLC0415

        geoms = geometry.to_numpy()
        if shapely.is_empty(geoms).any() or shapely.is_missing(geoms).any():
            problems.append("some edges have no geometry")
        else:
            pos = pd.Series(np.arange(len(ids)), index=ids)
            first = shapely.get_coordinates(shapely.get_point(geoms, 0))
            last = shapely.get_coordinates(shapely.get_point(geoms, -1))
            node_xy = np.column_stack([x, y])
            off = np.maximum(
                np.hypot(*(first - node_xy[pos[u].to_numpy()]).T),
                np.hypot(*(last - node_xy[pos[v].to_numpy()]).T),
            )
            if (off > ENDPOINT_TOLERANCE_M).any():
                far = int((off > ENDPOINT_TOLERANCE_M).sum())
                problems.append(f"{far} line ends are off their node")
            geo_len = shapely.length(geoms)
            if (np.abs(geo_len - length) > LENGTH_TOLERANCE_M).any():
                problems.append("length_m differs from the geometry's planar length by > 0.5 m")
    n_components = 0
    if not dangling.any():
        pos = pd.Series(np.arange(len(ids)), index=ids)
        a, b = pos[u].to_numpy(), pos[v].to_numpy()
        adj = coo_array((np.ones(len(a)), (a, b)), shape=(len(ids), len(ids))).tocsr()
        n_components, _ = connected_components(adj, directed=False)
        degree = np.bincount(a, minlength=len(ids)) + np.bincount(b, minlength=len(ids))
        if "degree" in nodes and (nodes["degree"].to_numpy() != degree).any():
            problems.append("the nodes' degree column disagrees with the edges")
        if (degree == 0).any():
            problems.append(f"{int((degree == 0).sum())} nodes have no edge")
        if n_components != 1:
            problems.append(
                f"the graph has {n_components} components; expected one (ferries included)"
            )
    km = float(length.sum()) / 1000
    if release is not None:
        want = EXPECTED_RELEASES[release]
        if len(nodes) != want["nodes"] or len(edges) != want["edges"]:
            problems.append(
                f"release {release} should have {want['nodes']} nodes and {want['edges']} edges, "
                f"found {len(nodes)} and {len(edges)}"
            )
        if abs(km - want["km"]) > 1:
            problems.append(f"release {release} should total {want['km']} km, found {km:.0f}")
    if problems:
        raise SourceError(f"road network {source} failed validation: " + "; ".join(problems))
    return {
        "nodes": len(nodes), "edges": len(edges), "km": round(km, 1),
        "ferry_edges": int(ferry.sum()), "components": int(n_components),
    }


def urban_lengths(edge_geoms: np.ndarray, taajama_file: Path | None) -> np.ndarray:
    """Return, per edge, the metres inside urban-settlement (taajama) polygons (0 without a file).

    SYKE's statistical taajama (YKR 2022: building clusters of >= 200 residents) stands in for the
    signed built-up area where the 50 km/h general limit applies; the two differ at the edges.
    """
    import shapely  # noqa: PLC0415

    out = np.zeros(len(edge_geoms))
    if taajama_file is None:
        return out
    import pyogrio  # noqa: PLC0415

    polys = pyogrio.read_dataframe(taajama_file, columns=[]).geometry.to_numpy()
    tree = shapely.STRtree(polys)
    ei, pi = tree.query(edge_geoms, predicate="intersects")
    inside = shapely.length(shapely.intersection(edge_geoms[ei], polys[pi]))
    np.add.at(out, ei, inside)
    return np.minimum(out, shapely.length(edge_geoms))


def build_roads(source_dir: Path, staging_dir: Path) -> dict | None:
    """Read, validate and write the road graph into `staging_dir`; return its manifest entry.

    Returns None when `source_dir` has no network files (the network is optional). The entry has
    the keys of the other sources (key, file, sha256, publisher, licence, reference_date, rows,
    note) plus `inputs` (every file read, with sha256), `outputs` and `layer` (validated facts).

    Raises
    ------
    SourceError
        If the network files are unreadable or fail validation.
    """
    import shapely  # noqa: PLC0415

    from coverage.data.sources import sha256_file  # noqa: PLC0415

    source_dir, staging_dir = Path(source_dir), Path(staging_dir)
    files = locate_roads(source_dir)
    if files is None:
        log.info("no road network in %s; travel-time analyses will be unavailable", source_dir)
        return None
    main = files.get("gpkg") or files["edges_csv"]
    try:
        nodes, edges, crs = read_source(files)
    except Exception as exc:
        msg = f"cannot read road network {main}: {exc}"
        raise SourceError(msg) from exc
    facts = validate_roads(nodes, edges, crs, release=_release(main), source=main.name)

    has_geometry = "gpkg" in files
    taajama = sorted(source_dir.glob(TAAJAMA_PATTERN))
    taajama_file = taajama[-1] if taajama else None
    if has_geometry:
        geoms = edges.geometry.to_numpy()
    else:  # CSV twins: straight chords between the nodes, used only for the built-up share
        xy = nodes.set_index("node_id")[["x", "y"]]
        a, b = xy.loc[edges["u"]].to_numpy(), xy.loc[edges["v"]].to_numpy()
        geoms = shapely.linestrings(np.stack([a, b], axis=1))
    urban = urban_lengths(geoms, taajama_file)
    ferry = edges["Kohdeluokk"].to_numpy() == FERRY_CLASS
    urban[ferry] = 0.0
    length = edges["length_m"].to_numpy(float)
    urban = np.minimum(urban * np.divide(length, shapely.length(geoms), out=np.ones_like(length),
                                         where=shapely.length(geoms) > 0), length)

    node_frame = pd.DataFrame({
        "node_id": nodes["node_id"].to_numpy(np.int64),
        "x": nodes["x"].to_numpy(float),
        "y": nodes["y"].to_numpy(float),
    })
    pos = pd.Series(np.arange(len(node_frame)), index=node_frame["node_id"].to_numpy())
    degree = np.bincount(pos[np.r_[edges["u"], edges["v"]]].to_numpy(), minlength=len(node_frame))
    node_frame["degree"] = degree.astype(np.int16)
    columns = {
        "edge_id": (edges["edge_id"] if "edge_id" in edges else pd.RangeIndex(len(edges)))
        .to_numpy(np.int32),
        "u": edges["u"].to_numpy(np.int64),
        "v": edges["v"].to_numpy(np.int64),
        "kohdeluokka": edges["Kohdeluokk"].to_numpy(np.int32),
        "tieluokka": edges["Tieluokka"].to_numpy(np.int8),
        "tienumero": edges["Tienumero"].to_numpy(np.int32),
        "length_m": length,
        "urban_length_m": urban,
    }
    import geopandas as gpd  # noqa: PLC0415

    edge_frame = gpd.GeoDataFrame(
        columns, geometry=geoms if has_geometry else [None] * len(length), crs="EPSG:3067"
    )
    staging_dir.mkdir(parents=True, exist_ok=True)
    node_frame.to_parquet(staging_dir / NODES_FILE, index=False, compression="zstd")
    edge_frame.to_parquet(staging_dir / EDGES_FILE, index=False, compression="zstd")

    inputs = [files[k] for k in ("gpkg", "edges_csv", "nodes_csv") if k in files]
    if taajama_file is not None:
        inputs.append(taajama_file)
    urban_km = float(urban.sum()) / 1000
    note = (
        "road graph for travel times; speeds are assumptions set in coverage.network, not data; "
        "tieluokka inferred from road numbers by the mirror's author"
        + ("" if has_geometry else "; built from the CSV twins: no line geometry")
        + (f"; {urban_km:.0f} km inside urban settlements ({taajama_file.name})" if taajama_file
           else "; no urban-settlement polygons found: no built-up speeds")
    )
    return {
        "key": ROADS_KEY,
        "file": main.relative_to(source_dir).as_posix(),
        "sha256": sha256_file(main),
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "reference_date": REFERENCE_DATE,
        "rows": len(edges),
        "note": note,
        "inputs": [{"file": p.relative_to(source_dir).as_posix(), "sha256": sha256_file(p)}
                   for p in inputs],
        "outputs": [NODES_FILE, EDGES_FILE],
        "layer": {**facts, "urban_km": round(urban_km, 1), "geometry": has_geometry},
    }


# --- The graph (osmnx-compatible) ---------------------------------------------------------------

def directed_edge_table(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS
) -> pd.DataFrame:
    """Return both directions of every NLS edge with length, speed_kph and travel_time (s).

    Speeds are set here, not with osmnx `add_edge_speeds`: the class is a pair (kohdeluokka,
    tieluokka) rather than an OSM highway tag, the built-up cap applies to part of an edge, and a
    ferry adds a boarding penalty. Edge time = rural length / rural speed + urban length / capped
    speed, so `speed_kph` is the edge's effective speed (length / time), except on ferries where
    it is the crossing speed and `travel_time` also holds `boarding_s`. Self-loops appear once.
    """
    k = edges["kohdeluokka"].to_numpy()
    t = edges["tieluokka"].to_numpy()
    length = edges["length_m"].to_numpy(float)
    urban = np.clip(edges["urban_length_m"].to_numpy(float), 0.0, length)
    ferry = k == FERRY_CLASS
    rural_kph = speeds.rural_kph(k, t)
    cap = np.where(k == MOTORWAY_CLASS, speeds.built_up_motorway_kph, speeds.built_up_kph)
    urban_kph = np.minimum(rural_kph, cap)
    with np.errstate(invalid="ignore"):
        run_s = np.where(
            ferry, length / (speeds.ferry_kph / 3.6),
            (length - urban) / (rural_kph / 3.6) + urban / (urban_kph / 3.6),
        )
    speed_kph = np.where(ferry, speeds.ferry_kph, length / run_s * 3.6)
    if not np.isfinite(run_s).all():
        bad = sorted(set(k[~np.isfinite(run_s)].tolist()))
        msg = f"no speed for road classes {bad}; add them to RoadSpeeds.class_kph"
        raise InputError(msg)
    highway = np.where(k == MOTORWAY_CLASS, "motorway",
                       pd.Series(t).map(HIGHWAY_BY_TIELUOKKA).fillna("ferry").to_numpy(str))
    u = edges["u"].to_numpy(np.int64)
    v = edges["v"].to_numpy(np.int64)
    # a ferry is boarded from a node that has a road; a ferry-only node is an intermediate stop
    road_nodes = np.unique(np.r_[u[~ferry], v[~ferry]])
    geoms = edges.geometry.to_numpy() if "geometry" in edges else np.full(len(edges), None)
    loop = u == v
    import shapely  # noqa: PLC0415

    has_geom = ~pd.isna(geoms)
    rev_geoms = geoms.copy()
    rev_geoms[has_geom] = shapely.reverse(geoms[has_geom])
    base = {
        "edge_id": edges["edge_id"].to_numpy(np.int64), "length": length, "speed_kph": speed_kph,
        "highway": highway, "kohdeluokka": k.astype(np.int64), "tieluokka": t.astype(np.int64),
        "tienumero": edges["tienumero"].to_numpy(np.int64), "run_s": run_s, "ferry": ferry,
    }
    fwd = pd.DataFrame({"u": u, "v": v, **base, "reversed": False, "geometry": geoms})
    bwd = pd.DataFrame({"u": v, "v": u, **base, "reversed": True, "geometry": rev_geoms})[~loop]
    table = pd.concat([fwd, bwd], ignore_index=True)
    board = table["ferry"].to_numpy() & np.isin(table["u"].to_numpy(), road_nodes)
    table["boarding_s"] = np.where(board, speeds.ferry_boarding_min * SECONDS_PER_MINUTE, 0.0)
    table["travel_time"] = table["run_s"] + table["boarding_s"]
    table["key"] = table.groupby(["u", "v"]).cumcount().to_numpy(np.int64)
    table["oneway"] = False
    return table.drop(columns="run_s")


def road_graph_from_frames(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS
) -> nx.MultiDiGraph:
    """Return the osmnx-compatible MultiDiGraph of the NLS frames (see `directed_edge_table`).

    The same graph `osmnx.graph_from_gdfs(*road_gdfs(nodes, edges))` builds, without importing
    osmnx (4 s). Ferries carry `route="ferry"`; every edge has `travel_time`.
    """
    import networkx as nx  # noqa: PLC0415

    table = directed_edge_table(nodes, edges, speeds=speeds)
    graph = nx.MultiDiGraph(crs="EPSG:3067", name="NLS General Map 1:1M roads 2013")
    graph.add_nodes_from(
        (n, {"x": x, "y": y, "street_count": d})
        for n, x, y, d in zip(nodes["node_id"].tolist(), nodes["x"].tolist(), nodes["y"].tolist(),
                              nodes["degree"].tolist(), strict=True)
    )
    cols = ["edge_id", "length", "speed_kph", "travel_time", "boarding_s", "highway",
            "kohdeluokka", "tieluokka", "tienumero", "oneway", "reversed"]
    values = [table[c].tolist() for c in cols]
    ends = zip(table["u"].tolist(), table["v"].tolist(), table["key"].tolist(),
               table["geometry"].tolist(), table["ferry"].tolist(), strict=True)
    with gc_paused():  # ~30 000 attribute dicts: the collector would rescan them repeatedly
        data = []
        for (u, v, key, geom, ferry), row in zip(ends, zip(*values, strict=True), strict=True):
            attrs = dict(zip(cols, row, strict=True))
            if geom is not None:
                attrs["geometry"] = geom
            if ferry:
                attrs["route"] = "ferry"
            data.append((u, v, key, attrs))
        graph.add_edges_from(data)
    return graph


def road_gdfs(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (gdf_nodes, gdf_edges) shaped for `osmnx.graph_from_gdfs` (osmid; u, v, key)."""
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    table = directed_edge_table(nodes, edges, speeds=speeds)
    table["route"] = np.where(table["ferry"], "ferry", None)
    gdf_nodes = gpd.GeoDataFrame(
        {"x": nodes["x"].to_numpy(float), "y": nodes["y"].to_numpy(float),
         "street_count": nodes["degree"].to_numpy(np.int64)},
        geometry=shapely.points(nodes[["x", "y"]].to_numpy(float)),
        index=pd.Index(nodes["node_id"].to_numpy(np.int64), name="osmid"), crs="EPSG:3067",
    )
    gdf_edges = gpd.GeoDataFrame(
        table.drop(columns=["ferry", "geometry"]), geometry=table["geometry"].to_numpy(),
        crs="EPSG:3067",
    ).set_index(["u", "v", "key"])
    return gdf_nodes, gdf_edges


def has_roads(dataset_dir: Path) -> bool:
    """Return whether the working dataset at `dataset_dir` holds the road network."""
    return (Path(dataset_dir) / NODES_FILE).exists() and (Path(dataset_dir) / EDGES_FILE).exists()


def read_road_frames(dataset_dir: Path) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Return (nodes, edges) as written by `build_roads`.

    Raises
    ------
    RoadsMissingError
        If the dataset has no road network; the message says how to add one.
    """
    import geopandas as gpd  # noqa: PLC0415

    dataset_dir = Path(dataset_dir)
    if not has_roads(dataset_dir):
        msg = (
            f"no road network in {dataset_dir}; rebuild with `python -m coverage sync --source "
            f"DIR` from a source directory holding {GPKG_PATTERN} (see ../shared/data/network)"
        )
        raise RoadsMissingError(msg)
    nodes = pd.read_parquet(dataset_dir / NODES_FILE)
    edges = gpd.read_parquet(dataset_dir / EDGES_FILE)
    return nodes, edges


def load_road_graph(
    dataset_dir: Path, *, speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS
) -> nx.MultiDiGraph:
    """Return the road graph as an osmnx-compatible MultiDiGraph with `travel_time` (s) per edge.

    Both directions of every road, `crs` EPSG:3067, node `x`/`y`, edge `length` (m), `speed_kph`,
    `travel_time` (s) and the NLS attributes. Speeds: `DEFAULT_ROAD_SPEEDS` unless given. For
    routing many cells at once use `coverage.network.load_road_network` (scipy CSR) instead.

    Raises
    ------
    RoadsMissingError
        If the dataset has no road network.
    """
    nodes, edges = read_road_frames(dataset_dir)
    return road_graph_from_frames(nodes, edges, speeds=speeds)
