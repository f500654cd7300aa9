"""A street network of the user's own area, from an OpenStreetMap file, for driving or walking.

The national road graph (NLS 1:1M) has no streets: fine between towns, coarse inside them. A
coordinator who has an OSM extract of their area (`.osm` XML, e.g. from an export, or `.pbf`,
e.g. a regional extract) gets trips on the real streets instead: driving on the ways cars may use
(osmnx speeds: tagged `maxspeed`, else `network.OSM_HWY_SPEEDS_KPH`), or walking on every way a
pedestrian may use at the walking speed of the scenario.

`.osm` is read with osmnx `graph_from_xml`, `.pbf` with pyrosm (osmnx reads XML only). Both end
as a `network.RoadNetwork`, so every engine (nearest, pairs, planning) works on them unchanged.
The file's extent (convex hull of its streets) is kept: a demand cell outside it cannot be routed
honestly, and `outside_extent` tells the caller which cells those are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from coverage.defaults import MAX_STREET_FILE_BYTES, STREET_EXTENT_MARGIN_M
from coverage.errors import InputError
from coverage.network import OSM_FALLBACK_KPH, RoadNetwork, prepare_graph

if TYPE_CHECKING:
    import networkx as nx
    import numpy.typing as npt

STREET_MODES = ("drive", "walk")

WALK_EXCLUDED_HIGHWAYS = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "construction", "proposed",
    "abandoned", "platform", "raceway", "bus_guideway", "escape",
})
"""OSM `highway` values a pedestrian may not use (as osmnx's "walk" network type)."""

DRIVE_HIGHWAYS = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
    "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential",
    "living_street", "service", "road",
})
"""OSM `highway` values a car may use (as osmnx's "drive_service" network type)."""

_NOT_ON_FOOT = frozenset({"no", "private"})


@dataclass(frozen=True, eq=False)
class StreetNetwork:
    """A routable street network of one area with the file it came from and its extent."""

    network: RoadNetwork
    mode: str
    source: str  # the file's name, for messages
    extent: shapely.Polygon  # EPSG:3067, convex hull of the streets plus the margin

    def outside_extent(self, xy: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Return whether each point (EPSG:3067) lies outside the file's extent."""
        pts = np.asarray(xy, dtype=float).reshape(-1, 2)
        return ~shapely.contains_xy(self.extent, pts[:, 0], pts[:, 1])

    def check_covers(
        self, xy: npt.ArrayLike, people: npt.ArrayLike, *, what: str = "cells"
    ) -> None:
        """Refuse points with people outside the extent, saying how many and what to do."""
        out = self.outside_extent(xy)
        weight = np.asarray(people, dtype=float)
        lost = out & (weight > 0)
        if lost.any():
            msg = (f"{int(lost.sum())} {what} ({weight[lost].sum():,.0f} people) lie outside the "
                   f"street network of {self.source}; choose an area inside it (--area) or a "
                   f"file that covers the whole area")
            raise InputError(msg)


def load_street_network(path: str | Path, *, mode: str, walk_speed_kmh: float) -> StreetNetwork:
    """Return the street network of an OSM file (`.osm` XML or `.pbf`) for `mode`.

    Walking uses every way open to pedestrians in both directions at `walk_speed_kmh`; driving
    uses the ways open to cars, one-way streets one way, at osmnx speeds.

    Raises
    ------
    InputError
        For an unknown mode or file type, a missing, too large or unreadable file, or a file with
        no usable streets.
    """
    path = Path(path)
    if mode not in STREET_MODES:
        msg = f"street network for mode {mode!r}: use {' or '.join(STREET_MODES)}"
        raise InputError(msg)
    if not walk_speed_kmh > 0:
        msg = f"walking speed {walk_speed_kmh} km/h: give a positive speed"
        raise InputError(msg)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in {".osm", ".xml"}:
        graph = _graph_from_xml(path, mode)
    elif suffix == ".pbf":
        graph = _graph_from_pbf(path, mode)
    else:
        msg = f"{path.name}: street networks are read from .osm (XML) or .pbf files"
        raise InputError(msg)
    graph = _keep_mode(graph, mode, path.name)
    if mode == "walk":
        speed_mps = walk_speed_kmh / 3.6
        for _, _, data in graph.edges(data=True):
            data["travel_time"] = float(data["length"]) / speed_mps
        graph = prepare_graph(graph)  # projects to EPSG:3067; times already set
    else:
        graph = prepare_graph(graph, fallback=OSM_FALLBACK_KPH)
    network = RoadNetwork.from_graph(graph)
    hull = shapely.convex_hull(shapely.multipoints(network.node_xy[network.snappable]))
    return StreetNetwork(network=network, mode=mode, source=path.name,
                         extent=shapely.buffer(hull, STREET_EXTENT_MARGIN_M))


def _check_file(path: Path) -> None:
    if not path.is_file():
        msg = f"street network file {path} not found"
        raise InputError(msg)
    size = path.stat().st_size
    if size > MAX_STREET_FILE_BYTES:
        msg = (f"{path.name} is {size / 2**20:,.0f} MB; street networks are limited to "
               f"{MAX_STREET_FILE_BYTES / 2**20:,.0f} MB (cut an extract of your area)")
        raise InputError(msg)


def _graph_from_xml(path: Path, mode: str) -> nx.MultiDiGraph:
    import osmnx as ox  # noqa: PLC0415 - slow import (seconds), only when a file is given

    try:
        return ox.graph_from_xml(path, bidirectional=mode == "walk", simplify=True)
    except Exception as exc:  # osmnx/expat raise many types for a bad file
        msg = f"{path.name} could not be read as OSM XML: {type(exc).__name__}: {exc}"
        raise InputError(msg) from exc


def _graph_from_pbf(path: Path, mode: str) -> nx.MultiDiGraph:
    import pyrosm  # noqa: PLC0415 - only when a file is given

    network_type = "walking" if mode == "walk" else "driving"
    try:
        osm = pyrosm.OSM(str(path))
        nodes, edges = osm.get_network(network_type=network_type, nodes=True)
    except Exception as exc:  # pyrosm raises many types for a bad file
        msg = f"{path.name} could not be read as an OSM .pbf file: {type(exc).__name__}: {exc}"
        raise InputError(msg) from exc
    if edges is None or nodes is None or len(edges) == 0:
        msg = f"{path.name} has no streets for {mode}"
        raise InputError(msg)
    return osm.to_graph(nodes, edges, graph_type="networkx")


def _keep_mode(graph: nx.MultiDiGraph, mode: str, name: str) -> nx.MultiDiGraph:
    """Drop ways the mode may not use, then keep the largest weakly connected part."""
    import networkx as nx  # noqa: PLC0415

    drop = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
            if not _usable(d, mode)]
    graph = graph.copy()
    graph.remove_edges_from(drop)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    if graph.number_of_edges() == 0:
        msg = f"{name} has no streets for {mode}"
        raise InputError(msg)
    biggest = max(nx.weakly_connected_components(graph), key=len)
    return graph.subgraph(biggest).copy()


def _usable(edge: dict, mode: str) -> bool:
    highway = edge.get("highway")
    kinds = set(highway) if isinstance(highway, list) else {highway}
    if None in kinds or "length" not in edge:
        return False
    if mode == "drive":
        return bool(kinds & DRIVE_HIGHWAYS)
    if str(edge.get("foot", "")).lower() in _NOT_ON_FOOT:
        return False
    return not kinds <= WALK_EXCLUDED_HIGHWAYS
