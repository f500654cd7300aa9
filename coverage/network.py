"""Travel time by road: cells to providers, seats and bases out to cells, coverage in minutes.

From every demand cell to the nearest and second-nearest provider, from seats or home-support
bases out to the cells, and coverage per division in minutes.

A trip is three legs, all in seconds internally and reported in minutes:

1. access: cell centre -> its nearest snappable graph node, straight line x `circuity` at
   `access_speed_kmh` (the streets and private roads the graph lacks);
2. network: shortest travel time on the road graph (scipy Dijkstra on a CSR matrix);
3. egress: the provider's nearest node -> the provider, like the access leg.

The road graph is any osmnx-compatible MultiDiGraph with `travel_time` (s) on every edge: the
national NLS 1:1M graph of the working dataset (`load_road_network`), or an OSM graph from osmnx or
pyrosm after `prepare_graph`. One code path (`RoadNetwork.from_graph` / `from_frames`, which
build the same arrays) serves both. Units: metres and EPSG:3067; graph times in seconds (osmnx
convention); results in minutes.

Nearest and second-nearest are exact (see `two_nearest`): one multi-source Dijkstra gives each
node's nearest provider; a second Dijkstra, seeded across the borders of those nearest-provider
regions, gives the nearest *other* provider.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from coverage.accessibility import gaussian_decay
from coverage.data.roads import (
    DEFAULT_ROAD_SPEEDS,
    SECONDS_PER_MINUTE,
    RoadSpeeds,
    directed_edge_table,
    gc_paused,
    read_road_frames,
)
from coverage.defaults import ACCESS_SPEED_KMH, DEFAULT_CIRCUITY, DIRECT_TRIP_MAX_KM
from coverage.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from pathlib import Path

    import networkx as nx


FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# --- Defaults: speeds, access leg and threshold live in coverage.defaults -------------------------

ACCESS_CIRCUITY = DEFAULT_CIRCUITY
"""Road distance / straight line on the access and egress legs: the project's planning value."""

DENSIFY = True
"""Split graph edges at their line vertices, so a cell snaps to the nearest point *along* a road
(population-weighted median 0.49 km on the national graph) rather than the nearest junction
(1.18 km). Junction-to-junction times are unchanged; edge time is spread by length."""


OSM_HWY_SPEEDS_KPH: dict[str, float] = {
    "motorway": 100.0, "motorway_link": 60.0, "trunk": 80.0, "trunk_link": 50.0,
    "primary": 60.0, "primary_link": 40.0, "secondary": 50.0, "secondary_link": 40.0,
    "tertiary": 50.0, "tertiary_link": 40.0, "unclassified": 50.0, "residential": 30.0,
    "living_street": 20.0, "service": 20.0, "road": 40.0,
}
"""Imputed speeds for OSM edges *without* `maxspeed` (osmnx `add_edge_speeds(hwy_speeds=...)`):
general limits 50 (built-up) / 80 (rural) km/h, residential streets 30 km/h, living streets 20 km/h
(Tieliikennelaki 729/2018). Tagged `maxspeed` values win."""

OSM_FALLBACK_KPH = 40.0
"""Speed for OSM highway types absent from `OSM_HWY_SPEEDS_KPH` and never tagged."""

# --- Any osmnx graph ------------------------------------------------------------------------------

def prepare_graph(
    graph: nx.MultiDiGraph, *, hwy_speeds: Mapping[str, float] | None = None,
    fallback: float = OSM_FALLBACK_KPH,
) -> nx.MultiDiGraph:
    """Return a copy of any osmnx graph in EPSG:3067 with `speed_kph` and `travel_time` on edges.

    Reprojects with `osmnx.project_graph(graph, to_crs="EPSG:3067")` when needed; edges lacking a
    speed get osmnx's `routing.add_edge_speeds` (tagged `maxspeed`, else `hwy_speeds`, default
    `OSM_HWY_SPEEDS_KPH`) and `routing.add_edge_travel_times`. Edges already timed keep theirs.
    """
    import osmnx as ox  # noqa: PLC0415

    crs = graph.graph.get("crs")
    if crs is None:
        msg = "graph has no crs: set graph.graph['crs'] (osmnx graphs carry it)"
        raise InputError(msg)
    graph = ox.project_graph(graph, to_crs="EPSG:3067") if not _is_3067(crs) else graph.copy()
    edge_data = [d for _, _, d in graph.edges(data=True)]
    if any("travel_time" not in d for d in edge_data):
        if any("speed_kph" not in d for d in edge_data):
            graph = ox.routing.add_edge_speeds(
                graph, hwy_speeds=dict(hwy_speeds or OSM_HWY_SPEEDS_KPH), fallback=fallback
            )
        graph = ox.routing.add_edge_travel_times(graph)
    return graph


EPSG_TM35FIN = 3067


def _is_3067(crs: object) -> bool:
    import pyproj  # noqa: PLC0415

    return pyproj.CRS.from_user_input(crs).to_epsg() == EPSG_TM35FIN


_SNAP_CACHE_MIN = 1_000  # point sets smaller than this are cheaper to snap than to hash
_SNAP_CACHE_SIZE = 4
_GROUP_CELL = 2.0  # grid cell of a search group, in reach radii (measured: 2 is fastest)


# --- The routable network (scipy CSR) ------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """A road graph as arrays: node coordinates and directed edges with time (s) and length (m).

    Positions 0..n_graph_nodes-1 are the graph's own nodes (ids in `node_id`); with densify, the
    line vertices follow (ids from max(node_id) + 1). Parallel edges are kept in the arrays; the
    CSR matrices hold the fastest of them. Read-only: share one across sessions.
    """

    node_id: IntArray
    node_xy: FloatArray
    edge_u: IntArray
    edge_v: IntArray
    edge_time_s: FloatArray
    edge_length_m: FloatArray
    n_graph_nodes: int
    crs: str = "EPSG:3067"
    _snaps: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_nodes(self) -> int:
        """Return the number of nodes (graph nodes plus line vertices)."""
        return len(self.node_xy)

    @cached_property
    def csr(self) -> csr_array:
        """Return the travel-time matrix, [a, b] = seconds a -> b (fastest parallel edge)."""
        return _csr(self.n_nodes, self.edge_u, self.edge_v, self.edge_time_s)

    @cached_property
    def csr_reverse(self) -> csr_array:
        """Return the transposed matrix: [a, b] = seconds b -> a (searches towards a target)."""
        return _csr(self.n_nodes, self.edge_v, self.edge_u, self.edge_time_s)

    @cached_property
    def max_speed_mps(self) -> float:
        """Return the largest straight-line speed of any edge (chord / time), m/s.

        No trip of time T ends farther than max_speed_mps x T from its start (straight line), so a
        search limited to T needs only the nodes within that radius. inf if an edge takes no time.
        """
        chord = np.hypot(*(self.node_xy[self.edge_u] - self.node_xy[self.edge_v]).T)
        moving = chord > 0
        if not moving.any():
            return 0.0
        t = self.edge_time_s[moving]
        if (t <= 0).any():
            return float("inf")
        return float((chord[moving] / t).max())

    @cached_property
    def snappable(self) -> IntArray:
        """Return the nodes of the largest strongly connected component (where trips may start)."""
        n, labels = connected_components(self.csr, directed=True, connection="strong")
        if n == 1:
            return np.arange(self.n_nodes)
        biggest = np.bincount(labels).argmax()
        return np.flatnonzero(labels == biggest)

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self.node_xy[self.snappable])

    def snap(self, xy: FloatArray) -> tuple[IntArray, FloatArray]:
        """Return each point's nearest snappable node (position) and the straight distance (m).

        Remembers the last few point sets (the demand grid is snapped once per network, not once
        per scenario). The returned arrays are shared: do not modify them.
        """
        xy = np.ascontiguousarray(xy, dtype=float).reshape(-1, 2)
        if len(xy) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        key = None
        if len(xy) >= _SNAP_CACHE_MIN:
            key = hashlib.blake2b(xy.tobytes(), digest_size=16).hexdigest()
        hit = self._snaps.get(key) if key else None
        if hit is not None:
            return hit
        dist, idx = self._tree.query(xy)
        result = (self.snappable[np.asarray(idx, dtype=np.int64)], np.asarray(dist, dtype=float))
        if key:
            while len(self._snaps) >= _SNAP_CACHE_SIZE:
                self._snaps.pop(next(iter(self._snaps)))
            self._snaps[key] = result
        return result

    def node_position(self, node_ids: npt.ArrayLike) -> IntArray:
        """Return the positions of graph node ids (InputError if any is unknown)."""
        pos = pd.Index(self.node_id).get_indexer(np.asarray(node_ids).ravel())
        if (pos < 0).any():
            unknown = np.asarray(node_ids).ravel()[pos < 0][:5]
            msg = "unknown node ids: " + ", ".join(map(str, unknown))
            raise InputError(msg)
        return pos.astype(np.int64)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph, *, weight: str = "travel_time",
                   densify: bool = DENSIFY) -> RoadNetwork:
        """Return the network of any osmnx graph (reprojected to EPSG:3067 when needed).

        Every edge must carry `weight` (seconds); run `prepare_graph` first on a raw OSM graph.
        An undirected graph's edges count both ways.
        Edges with `route="ferry"` are not densified (nobody boards mid-crossing).

        Raises
        ------
        InputError
            If the graph has no crs, or an edge lacks `weight`.
        """
        crs = graph.graph.get("crs")
        if crs is None:
            msg = "graph has no crs: set graph.graph['crs'] (osmnx graphs carry it)"
            raise InputError(msg)
        if not _is_3067(crs):
            import osmnx as ox  # noqa: PLC0415

            graph = ox.project_graph(graph, to_crs="EPSG:3067")
        if not graph.is_directed():
            graph = graph.to_directed()  # an undirected edge runs both ways
        try:
            ids = np.fromiter(graph.nodes, dtype=np.int64, count=graph.number_of_nodes())
        except (TypeError, ValueError, OverflowError) as exc:
            msg = ("graph node ids must be integers (the osmnx convention); relabel with "
                   "networkx.convert_node_labels_to_integers(graph, label_attribute='id')")
            raise InputError(msg) from exc
        xy = np.array([(d["x"], d["y"]) for _, d in graph.nodes(data=True)], dtype=float)
        xy = xy.reshape(-1, 2)
        m = graph.number_of_edges()
        u_id = np.empty(m, dtype=np.int64)
        v_id = np.empty(m, dtype=np.int64)
        time_s = np.empty(m)
        length = np.empty(m)
        geoms = np.empty(m, dtype=object)
        ferry = np.zeros(m, dtype=bool)
        missing = 0
        for i, (u, v, d) in enumerate(graph.edges(data=True)):
            u_id[i], v_id[i] = u, v
            w = d.get(weight)
            if w is None:
                missing += 1
                w = np.nan
            time_s[i] = w
            length[i] = d.get("length", np.nan)
            geoms[i] = d.get("geometry")
            ferry[i] = d.get("route") == "ferry"
        if missing:
            msg = (f"{missing} edges lack '{weight}'; run coverage.network.prepare_graph(graph) "
                   "(osmnx add_edge_speeds + add_edge_travel_times) first")
            raise InputError(msg)
        pos = pd.Index(ids)
        return _assemble(ids, xy, pos.get_indexer(u_id), pos.get_indexer(v_id), time_s, length,
                         geoms, densify=densify & ~ferry, crs="EPSG:3067")

    @classmethod
    def from_frames(
        cls, nodes: pd.DataFrame, edges: pd.DataFrame, *,
        speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS, densify: bool = DENSIFY,
    ) -> RoadNetwork:
        """Return the network of the NLS frames without building a networkx graph (fast path).

        Gives the same arrays as `from_graph(road_graph_from_frames(nodes, edges))`.
        """
        table = directed_edge_table(nodes, edges, speeds=speeds)
        ids = nodes["node_id"].to_numpy(np.int64)
        pos = pd.Index(ids)
        ferry = table["ferry"].to_numpy()
        return _assemble(
            ids, nodes[["x", "y"]].to_numpy(float),
            pos.get_indexer(table["u"]), pos.get_indexer(table["v"]),
            table["travel_time"].to_numpy(float), table["length"].to_numpy(float),
            table["geometry"].to_numpy(), densify=densify & ~ferry, crs="EPSG:3067",
        )

    def to_graph(self) -> nx.MultiDiGraph:
        """Return this network (vertices included) as an osmnx-compatible MultiDiGraph (checks)."""
        import networkx as nx  # noqa: PLC0415

        graph = nx.MultiDiGraph(crs=self.crs)
        graph.add_nodes_from((int(n), {"x": float(x), "y": float(y)})
                         for n, (x, y) in zip(self.node_id, self.node_xy, strict=True))
        u = self.node_id[self.edge_u]
        v = self.node_id[self.edge_v]
        with gc_paused():
            graph.add_edges_from(
                (a, b, {"travel_time": t, "length": length})
                for a, b, t, length in zip(u.tolist(), v.tolist(), self.edge_time_s.tolist(),
                                           self.edge_length_m.tolist(), strict=True)
            )
        return graph


def _csr(n: int, src: IntArray, dst: IntArray, w: FloatArray) -> csr_array:
    """Return an n x n CSR of the smallest weight per (src, dst); self-loops dropped; zeros kept."""
    keep = src != dst
    key = src[keep].astype(np.int64) * n + dst[keep]
    order = np.argsort(key)
    key, w = key[order], np.asarray(w, dtype=float)[keep][order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]][: len(key)])
    w = np.minimum.reduceat(w, first) if len(first) else w
    src, dst = np.divmod(key[first], n)
    indptr = np.r_[0, np.cumsum(np.bincount(src, minlength=n))].astype(np.int64)
    return csr_array((w.astype(float), dst.astype(np.int64), indptr), shape=(n, n))


def _assemble(  # noqa: PLR0913, PLR0915
    ids: IntArray, xy: FloatArray, u: IntArray, v: IntArray, time_s: FloatArray, length: FloatArray,
    geoms: npt.NDArray[np.object_], *, densify: bool | npt.NDArray[np.bool_], crs: str,
) -> RoadNetwork:
    """Build a RoadNetwork; with densify, split the marked edges at their line vertices.

    A vertex shared by the two directions of a road (same end nodes, same coordinates) becomes one
    node. Each piece gets the edge's time and length in proportion to its planar length.
    """
    import shapely  # noqa: PLC0415

    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    if (u < 0).any() or (v < 0).any():
        msg = "edges refer to nodes missing from the graph"
        raise InputError(msg)
    if not (np.isfinite(time_s) & (time_s >= 0)).all():
        msg = "edge travel times must be finite and non-negative (seconds)"
        raise InputError(msg)
    n0 = len(ids)
    mask = np.broadcast_to(np.asarray(densify, dtype=bool), u.shape).copy()
    has_geom = ~pd.isna(geoms)
    mask &= has_geom
    if mask.any():
        mask[mask] = shapely.get_num_coordinates(geoms[mask]) > 2  # noqa: PLR2004
    if mask.any():
        mask[mask] = shapely.length(geoms[mask]) > 0
    if not mask.any():
        return RoadNetwork(ids, xy, u, v, np.asarray(time_s, float), np.asarray(length, float),
                           n0, crs)
    sel = np.flatnonzero(mask)
    coords, gi = shapely.get_coordinates(geoms[sel], return_index=True)
    counts = np.bincount(gi, minlength=len(sel))
    starts = np.cumsum(counts) - counts
    su, sv = u[sel], v[sel]
    first, last = coords[starts], coords[starts + counts - 1]
    keep_err = np.hypot(*(first - xy[su]).T) + np.hypot(*(last - xy[sv]).T)
    flip_err = np.hypot(*(first - xy[sv]).T) + np.hypot(*(last - xy[su]).T)
    flip = flip_err < keep_err  # geometry stored v -> u: walk it backwards
    rank = np.arange(len(coords)) - starts[gi]
    target = starts[gi] + np.where(flip[gi], counts[gi] - 1 - rank, rank)
    oriented = np.empty_like(coords)
    oriented[target] = coords
    last_rank = counts[gi] - 1
    interior = (rank > 0) & (rank < last_rank)
    lo = np.minimum(su, sv)[gi[interior]].astype(float)
    hi = np.maximum(su, sv)[gi[interior]].astype(float)
    ix, iy = oriented[interior, 0], oriented[interior, 1]
    korder = np.lexsort((iy, ix, hi, lo))
    change = np.r_[True, (np.diff(lo[korder]) != 0) | (np.diff(hi[korder]) != 0)
                   | (np.diff(ix[korder]) != 0) | (np.diff(iy[korder]) != 0)]
    inverse = np.empty(len(korder), dtype=np.int64)
    inverse[korder] = np.cumsum(change) - 1
    uniq_xy = np.column_stack([ix[korder][change], iy[korder][change]])
    seq = np.where(rank == 0, su[gi], sv[gi])
    seq[interior] = n0 + inverse
    same = gi[1:] == gi[:-1]
    a, b = seq[:-1][same], seq[1:][same]
    piece = np.hypot(*(oriented[1:] - oriented[:-1]).T)[same]
    owner = gi[:-1][same]
    total = np.bincount(owner, weights=piece, minlength=len(sel))
    share = piece / total[owner]
    rest = ~mask
    base_id = int(ids.max()) + 1 if n0 else 0
    return RoadNetwork(
        node_id=np.r_[ids, base_id + np.arange(len(uniq_xy), dtype=np.int64)],
        node_xy=np.vstack([xy, uniq_xy]),
        edge_u=np.r_[u[rest], a],
        edge_v=np.r_[v[rest], b],
        edge_time_s=np.r_[time_s[rest], time_s[sel][owner] * share],
        edge_length_m=np.r_[length[rest], length[sel][owner] * share],
        n_graph_nodes=n0,
        crs=crs,
    )


def load_road_network(dataset_dir: Path, *, speeds: RoadSpeeds = DEFAULT_ROAD_SPEEDS,
                      densify: bool = DENSIFY) -> RoadNetwork:
    """Return the working dataset's road network as a RoadNetwork (well under a second).

    Raises
    ------
    RoadsMissingError
        If the dataset has no road network.
    """
    nodes, edges = read_road_frames(dataset_dir)
    return RoadNetwork.from_frames(nodes, edges, speeds=speeds, densify=densify)


def as_network(
    graph_or_network: RoadNetwork | nx.MultiDiGraph, *, densify: bool = DENSIFY
) -> RoadNetwork:
    """Return a RoadNetwork for a RoadNetwork (itself) or any osmnx graph with `travel_time`."""
    if isinstance(graph_or_network, RoadNetwork):
        return graph_or_network
    if hasattr(graph_or_network, "edges") and hasattr(graph_or_network, "graph"):
        return RoadNetwork.from_graph(graph_or_network, densify=densify)
    msg = "give a RoadNetwork or an osmnx MultiDiGraph with 'travel_time' on its edges"
    raise InputError(msg)


def _subgraph(
    csr: csr_array, nodes: IntArray, local: IntArray, heads: IntArray, weights: FloatArray
) -> csr_array:
    """Return the subgraph induced by sorted `nodes` plus virtual sources (as `_augment`).

    `local` maps node -> row (-1 outside); `heads` are rows. Built in one go: a scipy sparse
    constructor costs about a millisecond, paid once per search group.
    """
    starts = csr.indptr[nodes]
    counts = csr.indptr[nodes + 1] - starts
    total = int(counts.sum())
    pos = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
    cols = local[csr.indices[pos]]
    keep = cols >= 0
    n, m = len(nodes), len(heads)
    rows = np.repeat(np.arange(n), counts)[keep]
    per_row = np.r_[np.bincount(rows, minlength=n), np.ones(m, dtype=np.int64)]
    indptr = np.r_[0, np.cumsum(per_row)].astype(np.int64)
    indices = np.r_[cols[keep], heads].astype(np.int64)
    data = np.r_[csr.data[pos][keep], weights].astype(float)
    return csr_array((data, indices, indptr), shape=(n + m, n + m))


def limited_searches(
    net: RoadNetwork, csr: csr_array, source_nodes: IntArray, source_offset_s: FloatArray,
    limit_s: float, *, chunk: int = 64,
) -> Iterator[tuple[IntArray, IntArray, FloatArray]]:
    """Yield (sources, nodes, seconds) blocks: seconds[i, k] = offset + path source i -> nodes[k].

    One Dijkstra per source, exact, limited to `limit_s` (inf beyond). With a finite limit the
    sources are grouped on a grid of the reach radius (limit x `max_speed_mps`) and each group
    searches only the subgraph within that radius of its sources: scipy's Dijkstra costs O(nodes)
    per source, so a small subgraph is what makes thousands of searches fast.
    """
    m = len(source_nodes)
    if m == 0:
        return
    reach = limit_s * net.max_speed_mps if np.isfinite(limit_s) else np.inf
    all_nodes = np.arange(net.n_nodes)
    if not np.isfinite(reach) or reach <= 0:
        groups = [np.arange(lo, min(lo + chunk, m)) for lo in range(0, m, chunk)]
        boxes = [None] * len(groups)
    else:
        src_xy = net.node_xy[source_nodes]
        cell = np.floor(src_xy / max(reach * _GROUP_CELL, 1.0)).astype(np.int64)
        _, label = np.unique(cell, axis=0, return_inverse=True)
        order = np.argsort(label.ravel(), kind="stable")
        cuts = np.flatnonzero(np.diff(label.ravel()[order])) + 1
        groups = [g for block in np.split(order, cuts)
                  for g in np.array_split(block, -(-len(block) // chunk))]
        boxes = [(src_xy[g].min(axis=0) - reach, src_xy[g].max(axis=0) + reach) for g in groups]
    local = np.full(net.n_nodes, -1, dtype=np.int64)
    by_x = np.argsort(net.node_xy[:, 0], kind="stable")
    xs = net.node_xy[by_x, 0]
    ys = net.node_xy[by_x, 1]
    for g, box in zip(groups, boxes, strict=True):
        offsets = np.asarray(source_offset_s, float)[g]
        if box is None:
            nodes = all_nodes
            aug = _augment(csr, source_nodes[g], offsets)
        else:
            (x0, y0), (x1, y1) = box
            a, b = np.searchsorted(xs, [x0, x1 + 1e-9])
            strip = slice(a, b)
            nodes = np.sort(by_x[strip][(ys[strip] >= y0) & (ys[strip] <= y1)])
            local[nodes] = np.arange(len(nodes))
            aug = _subgraph(csr, nodes, local, local[source_nodes[g]], offsets)
        dist = dijkstra(aug, directed=True, indices=len(nodes) + np.arange(len(g)), limit=limit_s)
        local[nodes] = -1
        yield g, nodes, dist[:, : len(nodes)]


# --- Every pair within a limit ------------------------------------------------------------------

Snapped = tuple[IntArray, FloatArray]
"""Points on a network: each point's node (position) and its leg to that node in seconds."""


def snap_legs(
    net: RoadNetwork, xy: npt.ArrayLike, *, access_speed_kmh: float = ACCESS_SPEED_KMH,
    circuity: float = ACCESS_CIRCUITY,
) -> Snapped:
    """Return each point's nearest snappable node and its straight-line leg in seconds.

    The leg (straight line x `circuity` at `access_speed_kmh`) stands for the streets the graph
    lacks, as on every trip of this module.
    """
    _check_leg(access_speed_kmh, circuity)
    node, dist = net.snap(_check_points("xy", xy))
    return node, _leg_seconds(dist, speed_kmh=access_speed_kmh, circuity=circuity)


def snapped_pairs_within(
    net: RoadNetwork, csr: csr_array, sources: Snapped, targets: Snapped, limit_s: float, *,
    chunk: int = 64,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Return (source, target, seconds) for every pair with leg + path + leg <= `limit_s`, exact.

    Path in `csr`: `net.csr` for source -> target trips (a base out to its clients),
    `net.csr_reverse` for target -> source trips (a cell to a provider or candidate site). One
    limited Dijkstra per source (`limited_searches`); targets sharing a node are looked up once.
    """
    s_node, s_leg = sources
    t_node, t_leg = targets
    out_s, out_t, out_sec = [], [], []
    if len(s_node) and len(t_node):
        order = np.argsort(t_node, kind="stable")
        uniq, start, count = np.unique(t_node[order], return_index=True, return_counts=True)
        slot = np.full(net.n_nodes, -1, dtype=np.int64)
        slot[uniq] = np.arange(len(uniq))
        for rows, nodes, dist in limited_searches(net, csr, s_node, s_leg, limit_s, chunk=chunk):
            pi, ki = np.nonzero(dist <= limit_s)
            u = slot[nodes[ki]]
            hit = u >= 0
            pi, ki, u = pi[hit], ki[hit], u[hit]
            reps = count[u]
            first = np.repeat(start[u], reps)
            offset = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
            tgt = order[first + offset]
            t = np.repeat(dist[pi, ki], reps) + t_leg[tgt]
            ok = t <= limit_s
            out_s.append(np.repeat(rows[pi], reps)[ok])
            out_t.append(tgt[ok])
            out_sec.append(t[ok])
    if not out_s:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return (np.concatenate(out_s).astype(np.int64), np.concatenate(out_t).astype(np.int64),
            np.concatenate(out_sec))


def pairs_within(
    graph_or_network: RoadNetwork | nx.MultiDiGraph, source_xy: npt.ArrayLike,
    target_xy: npt.ArrayLike, *, limit_min: float, toward_source: bool = False,
    access_speed_kmh: float = ACCESS_SPEED_KMH, circuity: float = ACCESS_CIRCUITY,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Return (source row, target row, minutes) for every pair within `limit_min`, exact.

    Source -> target trips by default (a home-support base out to its clients); with
    `toward_source`, target -> source (a cell to a candidate site: the MCLP coverage sets). Same
    legs as `TravelTimeAccessibility`, so a candidate covers exactly the cells the engine counts
    once it is a provider.
    """
    net = as_network(graph_or_network)
    legs = {"access_speed_kmh": access_speed_kmh, "circuity": circuity}
    src = snap_legs(net, source_xy, **legs)
    tgt = snap_legs(net, target_xy, **legs)
    csr = net.csr_reverse if toward_source else net.csr
    s, t, seconds = snapped_pairs_within(net, csr, src, tgt, limit_min * SECONDS_PER_MINUTE)
    return s, t, seconds / SECONDS_PER_MINUTE


# --- Exact nearest and second-nearest sources ----------------------------------------------------

def _augment(csr: csr_array, heads: IntArray, weights: FloatArray) -> csr_array:
    """Return `csr` plus one virtual node per source j (index n + j) with an edge to heads[j]."""
    n = csr.shape[0]
    m = len(heads)
    indptr = np.r_[csr.indptr, csr.indptr[-1] + np.arange(1, m + 1)].astype(np.int64)
    indices = np.r_[csr.indices, heads].astype(np.int64)
    data = np.r_[csr.data, weights].astype(float)
    return csr_array((data, indices, indptr), shape=(n + m, n + m))


def two_nearest(
    csr: csr_array, source_nodes: IntArray, source_offset_s: FloatArray
) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
    """Return, per node, the nearest and second-nearest *distinct* source: (d1, s1, d2, s2).

    d(j, x) = source_offset_s[j] + shortest path source_nodes[j] -> x in `csr`. Exact:

    1. One multi-source Dijkstra from a virtual node per source gives d1 and s1 (`min_only`).
    2. d2(x) = min over in-edges (y -> x, w) of w + (d1(y) if s1(y) != s1(x) else d2(y)): the
       best path to x from any source but s1(x) enters x from a node whose best such source is
       either its own nearest (a different one) or, inside the same region, its own second.
       That is a shortest-path problem on the edges *inside* each nearest-source region, seeded
       at every node x with h(x) = min over border in-edges of d1(y) + w: one more Dijkstra from
       a super-source with edges of weight h(x).
    3. s2 is the nearest source of the border node that seeded x's second label (found by
       following the second search's predecessors, by pointer jumping).

    inf and -1 where fewer sources are reachable. Ties keep either source; distances are exact.
    """
    n = csr.shape[0]
    m = len(source_nodes)
    if m == 0:
        inf = np.full(n, np.inf)
        none = np.full(n, -1, dtype=np.int64)
        return inf, none, inf.copy(), none.copy()
    heads = np.asarray(source_nodes, dtype=np.int64)
    aug = _augment(csr, heads, np.asarray(source_offset_s, float))
    big_n = n + m
    d1, _, src = dijkstra(aug, directed=True, indices=np.arange(n, big_n), min_only=True,
                          return_predecessors=True)
    s1 = np.where(src >= 0, src - n, -1).astype(np.int64)
    rows = np.repeat(np.arange(big_n), np.diff(aug.indptr))
    cols = aug.indices.astype(np.int64)
    w = aug.data
    reach = s1[rows] >= 0
    cross = reach & (s1[rows] != s1[cols])
    # seeds: border in-edges, labelled with the nearest source of the node they come from
    d2, s2 = _seeded_search(big_n, rows, cols, w, reach & ~cross, cols[cross],
                            d1[rows[cross]] + w[cross], s1[rows[cross]])
    return d1[:n], s1[:n], d2[:n], s2[:n]


def _seeded_search(
    big_n: int, rows: IntArray, cols: IntArray, w: FloatArray, inside: npt.NDArray[np.bool_],
    cand_node: IntArray, cand_val: FloatArray, cand_tag: IntArray,
) -> tuple[FloatArray, IntArray]:
    """Return one Dijkstra over the `inside` edges seeded with the best candidate per node.

    Each node x gets the shortest of: its best seed (cand_val at cand_node == x) or a path along
    inside edges from another node's seed; the tag of the seed its label comes from is returned
    with it (-1 where unreached). The super-source is node `big_n`.
    """
    order = np.lexsort((cand_val, cand_node))
    cand_node, cand_val, cand_tag = cand_node[order], cand_val[order], cand_tag[order]
    firsts = np.r_[True, cand_node[1:] != cand_node[:-1]][: len(cand_node)]
    h = np.full(big_n, np.inf)
    h_tag = np.full(big_n, -1, dtype=np.int64)
    h[cand_node[firsts]] = cand_val[firsts]
    h_tag[cand_node[firsts]] = cand_tag[firsts]
    seeded = np.flatnonzero(np.isfinite(h))
    r2 = np.r_[rows[inside], np.full(len(seeded), big_n)]
    c2 = np.r_[cols[inside], seeded]
    w2 = np.r_[w[inside], h[seeded]]
    indptr2 = np.r_[0, np.cumsum(np.bincount(r2, minlength=big_n + 1))].astype(np.int64)
    g2 = csr_array((w2, c2, indptr2), shape=(big_n + 1, big_n + 1))  # r2 is already sorted
    dist, pred = dijkstra(g2, directed=True, indices=big_n, return_predecessors=True)
    dist, pred = dist[:big_n], pred[:big_n]
    root = np.where((pred == big_n) | (pred < 0), np.arange(big_n), pred)
    while True:  # pointer jumping to the seeded node each label starts from
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    return dist, np.where(np.isfinite(dist), h_tag[root], -1)


def third_nearest(
    csr: csr_array, source_nodes: IntArray, source_offset_s: FloatArray,
    two: tuple[FloatArray, IntArray, FloatArray, IntArray],
) -> tuple[FloatArray, IntArray]:
    """Return, per node, the third-nearest distinct source: (d3, s3); inf and -1 if none.

    `two` is `two_nearest(csr, source_nodes, source_offset_s)`. The step of `two_nearest` once
    more: with P(x) = {s1(x), s2(x)}, d3(x) = min over in-edges (y -> x, w) of w + the best label
    of y from a source outside P(x). That is d1(y) or d2(y) when y's pair differs from x's, and
    d3(y) when it is the same pair: one Dijkstra over the edges inside each pair's region, seeded
    across the borders; s3 is the source of the seed that x's label comes from.
    """
    n = csr.shape[0]
    m = len(source_nodes)
    if m < 3:  # noqa: PLR2004
        return np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    d1, s1, d2, s2 = two
    heads = np.asarray(source_nodes, dtype=np.int64)
    aug = _augment(csr, heads, np.asarray(source_offset_s, float))
    big_n = n + m
    own = np.arange(m, dtype=np.int64)
    lab1, src1 = np.r_[d1, np.zeros(m)], np.r_[s1, own]  # a virtual source node: 0 from itself
    lab2, src2 = np.r_[d2, np.full(m, np.inf)], np.r_[s2, np.full(m, -1, dtype=np.int64)]
    rows = np.repeat(np.arange(big_n), np.diff(aug.indptr))
    cols = aug.indices.astype(np.int64)
    w = aug.data
    live = (src1[rows] >= 0) & (src2[cols] >= 0)
    out1 = live & (src1[rows] != src1[cols]) & (src1[rows] != src2[cols])
    other2 = (src2[rows] != src1[cols]) & (src2[rows] != src2[cols])
    out2 = live & ~out1 & (src2[rows] >= 0) & other2
    inside = live & ~out1 & ~out2
    border = out1 | out2
    d3, s3 = _seeded_search(
        big_n, rows, cols, w, inside, cols[border],
        np.where(out1, lab1[rows], lab2[rows])[border] + w[border],
        np.where(out1, src1[rows], src2[rows])[border],
    )
    ok = np.r_[s2, np.full(m, -1)] >= 0
    return np.where(ok, d3, np.inf)[:n], np.where(ok, s3, -1)[:n].astype(np.int64)


def k_quickest(times: FloatArray, rows: IntArray, k: int) -> tuple[FloatArray, IntArray]:
    """Return per cell the `k` quickest distinct providers among candidate (time, row) columns.

    Candidates of one provider may repeat (by graph and directly); the quickest counts. inf and
    -1 where fewer than `k` distinct providers are reachable.
    """
    times = np.where(rows < 0, np.inf, times)
    order = np.argsort(times, axis=1, kind="stable")
    times = np.take_along_axis(times, order, axis=1)
    rows = np.take_along_axis(np.where(np.isfinite(times), rows, -1), order, axis=1)
    n = len(times)
    out_t = np.full((n, k), np.inf)
    out_i = np.full((n, k), -1, dtype=np.int64)
    for j in range(times.shape[1]):
        row, t = rows[:, j], times[:, j]
        fresh = (row >= 0) & (out_i != row[:, None]).all(axis=1)
        slot = (out_i >= 0).sum(axis=1)
        take = fresh & (slot < k)
        out_t[take, slot[take]] = t[take]
        out_i[take, slot[take]] = row[take]
    return out_t, out_i


# --- Travel-time accessibility -------------------------------------------------------------------

def _leg_seconds(distance_m: FloatArray, *, speed_kmh: float, circuity: float) -> FloatArray:
    return np.asarray(distance_m, float) * circuity / (speed_kmh / 3.6)


def _with_direct(
    t1: FloatArray, i1: IntArray, t2: FloatArray, i2: IntArray,
    direct_s: FloatArray, direct_idx: IntArray,
) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
    """Return the two quickest distinct providers over graph and direct trips (per cell).

    Exact: a provider among the two quickest overall is among the two quickest of the kind of
    trip that gives its time (graph or direct), so the two of each suffice. `direct_s` is inf
    beyond the direct-trip cut.
    """
    times = np.column_stack([t1, t2, direct_s])
    rows = np.column_stack([i1, i2, direct_idx])
    times = np.where(rows < 0, np.inf, times)
    order = np.argsort(times, axis=1, kind="stable")
    times = np.take_along_axis(times, order, axis=1)
    rows = np.take_along_axis(rows, order, axis=1)
    first_t, first_i = times[:, 0], rows[:, 0]
    other = (rows != first_i[:, None]) & np.isfinite(times)
    has = other.any(axis=1)
    pick = other.argmax(axis=1)
    n = np.arange(len(times))
    second_t = np.where(has, times[n, pick], np.inf)
    second_i = np.where(has, rows[n, pick], -1)
    first_i = np.where(np.isfinite(first_t), first_i, -1)
    return first_t, first_i, second_t, second_i


def _quickest_per_pair(
    cells: IntArray, provs: IntArray, minutes: FloatArray, n_providers: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """Return each (cell, provider) pair once, with its quickest time."""
    key = cells * max(n_providers, 1) + provs
    order = np.lexsort((minutes, key))
    key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    keep = order[first]
    return cells[keep], provs[keep], minutes[keep]


def _check_points(name: str, xy: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(xy, dtype=float)
    if arr.size == 0:
        return arr.reshape(0, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:  # noqa: PLR2004
        msg = f"{name} must be an (n, 2) array of EPSG:3067 metres"
        raise InputError(msg)
    if not np.isfinite(arr).all():
        msg = f"{name} has missing coordinates"
        raise InputError(msg)
    return arr


def _check_leg(access_speed_kmh: float, circuity: float) -> None:
    if not access_speed_kmh > 0:
        msg = f"access speed {access_speed_kmh} km/h: give a positive speed"
        raise InputError(msg)
    if not circuity >= 1.0:
        msg = f"circuity {circuity} < 1: a road is never shorter than the straight line"
        raise InputError(msg)


class TravelTimeAccessibility:
    """Travel time (minutes) from every cell to its nearest and second-nearest provider by road.

    The travel-time twin of `coverage.accessibility.Accessibility`: same methods with minutes in
    place of metres, so `coverage_by_unit` works on `nearest_min` (see `travel_time_table`).
    Cell -> provider direction (one-way streets of an OSM graph count that way). Never mutates.

    Parameters
    ----------
    cell_xy, provider_xy
        (n, 2) and (m, 2) EPSG:3067 metres.
    graph_or_csr
        A RoadNetwork, or any osmnx graph with `travel_time` (converted with `densify`).
    capacity
        Provider supply for `e2sfca` (e.g. capacity_h_week); ones when None.
    access_speed_kmh, circuity
        The access and egress legs (see `ACCESS_SPEED_KMH`, `ACCESS_CIRCUITY`).
    direct_max_km
        Trips up to this straight-line length may also go directly (straight line x circuity at
        the access speed) when that is quicker than via the graph: the streets a coarse graph
        lacks (`defaults.DIRECT_TRIP_MAX_KM`; 0 turns it off, as for a full street network).
    """

    def __init__(
        self, cell_xy: npt.ArrayLike, provider_xy: npt.ArrayLike,
        graph_or_csr: RoadNetwork | nx.MultiDiGraph, *, capacity: npt.ArrayLike | None = None,
        access_speed_kmh: float = ACCESS_SPEED_KMH, circuity: float = ACCESS_CIRCUITY,
        densify: bool = DENSIFY, direct_max_km: float = DIRECT_TRIP_MAX_KM,
    ) -> None:
        self.cell_xy = _check_points("cell_xy", cell_xy)
        self.provider_xy = _check_points("provider_xy", provider_xy)
        _check_leg(access_speed_kmh, circuity)
        self.network = as_network(graph_or_csr, densify=densify)
        self.capacity = None if capacity is None else np.asarray(capacity, dtype=float)
        self.access_speed_kmh = float(access_speed_kmh)
        self.circuity = float(circuity)
        self.direct_max_m = float(direct_max_km) * 1000.0
        self._cache: dict = {}

    @classmethod
    def from_frames(
        cls, demand: pd.DataFrame, providers: pd.DataFrame,
        network: RoadNetwork | nx.MultiDiGraph, **options: float,
    ) -> TravelTimeAccessibility:
        """Build from the dataset's demand and (filtered) provider frames."""
        cap = None
        if "capacity_h_week" in providers:
            cap = providers["capacity_h_week"].to_numpy(float)
        provider_xy = providers[["x", "y"]].to_numpy(float).reshape(-1, 2)
        cell_xy = demand[["x", "y"]].to_numpy(float)
        return cls(cell_xy, provider_xy, network, capacity=cap, **options)

    @property
    def n_providers(self) -> int:
        """Return the number of providers."""
        return len(self.provider_xy)

    def for_providers(
        self, provider_xy: npt.ArrayLike, *, cells: IntArray | None = None
    ) -> TravelTimeAccessibility:
        """Return the same engine (network, legs, options) for other providers and `cells` rows.

        What a planned site would reach once it is a provider: the MCLP coverage sets.
        """
        cell_xy = self.cell_xy if cells is None else self.cell_xy[np.asarray(cells)]
        return TravelTimeAccessibility(cell_xy, provider_xy, self.network,
                                       access_speed_kmh=self.access_speed_kmh,
                                       circuity=self.circuity,
                                       direct_max_km=self.direct_max_m / 1000.0)

    def _leg(self, distance_m: FloatArray) -> FloatArray:
        return _leg_seconds(distance_m, speed_kmh=self.access_speed_kmh, circuity=self.circuity)

    @cached_property
    def cell_node(self) -> IntArray:
        """Return each cell's access node (position in the network)."""
        return self._cell_snap[0]

    @cached_property
    def _cell_snap(self) -> tuple[IntArray, FloatArray]:
        node, dist = self.network.snap(self.cell_xy)
        return node, self._leg(dist)

    @cached_property
    def _provider_snap(self) -> tuple[IntArray, FloatArray]:
        node, dist = self.network.snap(self.provider_xy)
        return node, self._leg(dist)

    @property
    def access_min(self) -> FloatArray:
        """Return each cell's access leg (minutes)."""
        return self._cell_snap[1] / SECONDS_PER_MINUTE

    @property
    def egress_min(self) -> FloatArray:
        """Return each provider's egress leg (minutes)."""
        return self._provider_snap[1] / SECONDS_PER_MINUTE

    @cached_property
    def _labels(self) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
        d1, s1, d2, s2 = self._two
        node, leg = self._cell_snap
        t1, t2 = leg + d1[node], leg + d2[node]
        i1, i2 = s1[node], s2[node]
        if self.direct_max_m > 0 and self.n_providers:
            t1, i1, t2, i2 = _with_direct(t1, i1, t2, i2, *self._direct_nearest())
        return t1 / SECONDS_PER_MINUTE, i1, t2 / SECONDS_PER_MINUTE, i2

    def _direct_nearest(self, k: int = 2) -> tuple[FloatArray, IntArray]:
        """Return (n, k) direct-trip seconds and rows of the k nearest providers."""
        k = min(k, self.n_providers)
        dist, idx = cKDTree(self.provider_xy).query(
            self.cell_xy, k=k, distance_upper_bound=self.direct_max_m, workers=-1
        )
        dist = np.asarray(dist, dtype=float).reshape(len(self.cell_xy), k)
        idx = np.asarray(idx, dtype=np.int64).reshape(len(self.cell_xy), k)
        idx[~np.isfinite(dist)] = -1
        return self._leg(dist), idx

    @cached_property
    def _two(self) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
        p_node, p_leg = self._provider_snap
        return two_nearest(self.network.csr_reverse, p_node, p_leg)

    @property
    def nearest_min(self) -> FloatArray:
        """Return minutes from each cell to its nearest provider (inf if none reachable)."""
        return self._labels[0]

    @cached_property
    def third_nearest_min(self) -> FloatArray:
        """Return minutes to the third-nearest provider (inf if fewer than three reachable).

        Exact: the third of the three quickest by graph (`third_nearest`) and, for short trips,
        directly (the three quickest of each kind hold the three quickest overall).
        """
        p_node, p_leg = self._provider_snap
        d3, s3 = third_nearest(self.network.csr_reverse, p_node, p_leg, self._two)
        d1, s1, d2, s2 = self._two
        node, leg = self._cell_snap
        times = np.column_stack([leg + d1[node], leg + d2[node], leg + d3[node]])
        rows = np.column_stack([s1[node], s2[node], s3[node]])
        if self.direct_max_m > 0 and self.n_providers:
            direct_s, direct_i = self._direct_nearest(k=3)
            times = np.column_stack([times, direct_s])
            rows = np.column_stack([rows, direct_i])
        quickest, _rows = k_quickest(times, rows, 3)
        return quickest[:, 2] / SECONDS_PER_MINUTE

    @property
    def nearest_index(self) -> IntArray:
        """Return the row of each cell's nearest provider (-1 if none)."""
        return self._labels[1]

    @property
    def second_nearest_min(self) -> FloatArray:
        """Return minutes to the second-nearest provider (inf if fewer than two reachable)."""
        return self._labels[2]

    @property
    def second_nearest_index(self) -> IntArray:
        """Return the row of each cell's second-nearest provider (-1 if none)."""
        return self._labels[3]

    @cached_property
    def distance_order(self) -> IntArray:
        """Return argsort of `nearest_min` (shared by every division's quantiles)."""
        return np.argsort(self.nearest_min, kind="stable")

    def covered(self, threshold_min: float) -> npt.NDArray[np.bool_]:
        """Return whether each cell reaches a provider within `threshold_min`."""
        return self.nearest_min <= threshold_min

    def pairs_within(
        self, catchment_min: float, *, chunk: int = 64
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Return (cell, provider, minutes) for every pair within `catchment_min`, exact.

        One Dijkstra per provider limited to the catchment (scipy, `chunk` providers per call).
        """
        key = ("pairs", float(catchment_min))
        if key not in self._cache:
            self._cache[key] = self._pairs(float(catchment_min), chunk)
        return self._cache[key]

    def _pairs(self, catchment_min: float, chunk: int) -> tuple[IntArray, IntArray, FloatArray]:
        limit = catchment_min * SECONDS_PER_MINUTE
        provs, cells, seconds = snapped_pairs_within(
            self.network, self.network.csr_reverse, self._provider_snap, self._cell_snap, limit,
            chunk=chunk,
        )
        out_c, out_p, out_t = [cells], [provs], [seconds / SECONDS_PER_MINUTE]
        if self.direct_max_m > 0 and self.n_providers and len(self.cell_xy):
            radius = min(self.direct_max_m, limit * self.access_speed_kmh / 3.6 / self.circuity)
            pairs = cKDTree(self.provider_xy).sparse_distance_matrix(
                cKDTree(self.cell_xy), radius, output_type="ndarray"
            )
            t = self._leg(pairs["v"])
            ok = t <= limit
            out_c.append(pairs["j"].astype(np.int64)[ok])
            out_p.append(pairs["i"].astype(np.int64)[ok])
            out_t.append(t[ok] / SECONDS_PER_MINUTE)
        return _quickest_per_pair(
            np.concatenate(out_c), np.concatenate(out_p), np.concatenate(out_t), self.n_providers
        )

    def e2sfca(
        self, demand_weight: FloatArray, *, catchment_min: float,
        supply: FloatArray | None = None, decay: Callable[[FloatArray], FloatArray] | None = None,
    ) -> FloatArray:
        """Return the enhanced two-step floating catchment ratio per cell, by travel time.

        As `Accessibility.e2sfca` (Luo & Qi 2009) with minutes: R_j = S_j / Σ_k P_k w(t_kj),
        A_i = Σ_j R_j w(t_ij); default decay `gaussian_decay(catchment_min)` on minutes.
        """
        supply = self.capacity if supply is None else np.asarray(supply, dtype=float)
        if supply is None:
            supply = np.ones(self.n_providers)
        weight = decay or gaussian_decay(catchment_min)
        cells, provs, t = self.pairs_within(catchment_min)
        w = weight(t)
        demand_weight = np.asarray(demand_weight, dtype=float)
        demand_at = np.bincount(provs, weights=demand_weight[cells] * w, minlength=self.n_providers)
        ratio = np.divide(supply, demand_at, out=np.zeros(self.n_providers), where=demand_at > 0)
        return np.bincount(cells, weights=ratio[provs] * w, minlength=len(self.cell_xy))


# --- Outbound times: seats to the field, bases to clients -----------------------------------------


def _snapped_legs(
    graph_or_network: RoadNetwork | nx.MultiDiGraph, origin_xy: npt.ArrayLike,
    target_xy: npt.ArrayLike, access_speed_kmh: float, circuity: float,
) -> tuple[RoadNetwork, tuple[IntArray, FloatArray], tuple[IntArray, FloatArray]]:
    """Return the network and, for origins and targets, each point's node and leg (seconds)."""
    _check_leg(access_speed_kmh, circuity)
    net = as_network(graph_or_network)
    legs = []
    for name, xy in (("origin_xy", origin_xy), ("target_xy", target_xy)):
        node, dist = net.snap(_check_points(name, xy))
        legs.append((node, _leg_seconds(dist, speed_kmh=access_speed_kmh, circuity=circuity)))
    return net, legs[0], legs[1]


def times_from_points(
    graph_or_network: RoadNetwork | nx.MultiDiGraph, origin_xy: npt.ArrayLike,
    target_xy: npt.ArrayLike, *, access_speed_kmh: float = ACCESS_SPEED_KMH,
    circuity: float = ACCESS_CIRCUITY, second: bool = False,
) -> tuple[FloatArray, IntArray] | tuple[FloatArray, IntArray, FloatArray, IntArray]:
    """Return minutes from the nearest origin to each target and that origin's row (multi-source).

    Origin -> target direction: a seat out to the cells of its area, or a home-support base out to
    its clients. Same legs as `TravelTimeAccessibility`. With `second`, also the second-nearest
    distinct origin (exact, see `two_nearest`). One origin gives plain single-source times.
    """
    net, (o_node, o_leg), (t_node, t_leg) = _snapped_legs(
        graph_or_network, origin_xy, target_xy, access_speed_kmh, circuity
    )
    d1, s1, d2, s2 = two_nearest(net.csr, o_node, o_leg)
    first = ((d1[t_node] + t_leg) / SECONDS_PER_MINUTE, s1[t_node])
    if not second:
        return first
    return (*first, (d2[t_node] + t_leg) / SECONDS_PER_MINUTE, s2[t_node])


def times_from_each_point(
    graph_or_network: RoadNetwork | nx.MultiDiGraph, origin_xy: npt.ArrayLike,
    target_xy: npt.ArrayLike, *, limit_min: float | None = None,
    access_speed_kmh: float = ACCESS_SPEED_KMH, circuity: float = ACCESS_CIRCUITY,
    dtype: npt.DTypeLike = np.float32, chunk: int = 32,
) -> npt.NDArray[np.floating]:
    """Return an (origins x targets) matrix of minutes (inf beyond `limit_min`).

    Per-origin Dijkstra, `chunk` origins per call. Memory: origins x targets x itemsize (308
    kunta seats x 90 249 cells in float32 = 111 MB); pass `limit_min` to prune the search.
    """
    net, (o_node, o_leg), (t_node, t_leg) = _snapped_legs(
        graph_or_network, origin_xy, target_xy, access_speed_kmh, circuity
    )
    limit = np.inf if limit_min is None else limit_min * SECONDS_PER_MINUTE
    out = np.full((len(o_node), len(t_node)), np.inf, dtype=dtype)
    slot = np.full(net.n_nodes, -1, dtype=np.int64)
    for rows, nodes, dist in limited_searches(net, net.csr, o_node, o_leg, limit, chunk=chunk):
        slot[nodes] = np.arange(len(nodes))
        k = slot[t_node]
        seen = k >= 0
        block = np.full((len(rows), len(t_node)), np.inf)
        block[:, seen] = dist[:, k[seen]] + t_leg[seen]
        block[block > limit] = np.inf
        out[rows] = block / SECONDS_PER_MINUTE
        slot[nodes] = -1
    return out


SEAT_SEARCH_LIMITS_MIN: tuple[float, ...] = (30.0, 90.0, math.inf)
"""Seat searches try these limits in turn (a limited search looks at a small part of the graph);
a unit whose cells are not all reached within one limit is searched again with the next. The last
is unlimited, so the times are exact whatever the limits."""


def seat_travel_minutes(
    network: RoadNetwork,
    seat_xy: npt.ArrayLike,
    target_xy: npt.ArrayLike,
    target_unit: npt.ArrayLike,
    *,
    access_speed_kmh: float = ACCESS_SPEED_KMH,
    circuity: float | None = None,
    limits_min: Sequence[float] = SEAT_SEARCH_LIMITS_MIN,
) -> FloatArray:
    """
    Return minutes by road from the seat of each target's own unit to the target (exact).

    `seat_xy[u]` is unit u's seat, `target_unit[i]` the unit row of target i (-1: none, NaN out).
    Seat -> target direction (the coordinator goes out to the field), with the legs of
    `network.times_from_points`: straight line x `circuity` (default `network.ACCESS_CIRCUITY`)
    at `access_speed_kmh` between each point and its snapped node. One Dijkstra per seat, limited
    to `limits_min` in turn (units whose targets are all reached stop early); the last limit
    should be inf. inf where the road graph does not connect seat and target.
    """
    circuity = ACCESS_CIRCUITY if circuity is None else float(circuity)
    if not (access_speed_kmh > 0 and circuity >= 1.0):
        msg = f"access legs: speed {access_speed_kmh} km/h and circuity {circuity} (>= 1)"
        raise InputError(msg)
    seats = np.asarray(seat_xy, dtype=float).reshape(-1, 2)
    targets = np.asarray(target_xy, dtype=float).reshape(-1, 2)
    unit = np.asarray(target_unit, dtype=np.int64)
    out = np.full(len(targets), np.nan)
    known = np.flatnonzero(unit >= 0)
    if len(known) == 0:
        return out
    m_per_s = access_speed_kmh / 3.6
    s_node, s_dist = network.snap(seats)
    t_node, t_dist = network.snap(targets)
    s_leg = np.asarray(s_dist) * circuity / m_per_s
    t_leg = np.asarray(t_dist) * circuity / m_per_s
    order = known[np.argsort(unit[known], kind="stable")]
    bounds = np.searchsorted(unit[order], np.arange(len(seats) + 1))
    members = [order[bounds[u] : bounds[u + 1]] for u in range(len(seats))]
    pending = np.array([u for u in range(len(seats)) if len(members[u])], dtype=np.int64)
    # a seat's farthest target, straight line: a limit below farthest / top speed cannot reach it
    farthest = np.array(
        [
            np.hypot(*(targets[members[u]] - seats[u]).T).max() if len(members[u]) else 0.0
            for u in range(len(seats))
        ]
    )
    top_speed = network.max_speed_mps
    slot = np.full(network.n_nodes, -1, dtype=np.int64)
    out[known] = np.inf
    for limit_min in limits_min:
        limit_s = float(limit_min) * 60.0
        now = pending[farthest[pending] <= limit_s * top_speed] if np.isfinite(limit_s) else pending
        if len(now) == 0:
            continue
        for rows, nodes, dist in limited_searches(
            network, network.csr, s_node[now], s_leg[now], limit_s, chunk=32
        ):
            slot[nodes] = np.arange(len(nodes))
            for r, u in enumerate(now[rows]):
                tg = members[u]
                k = slot[t_node[tg]]
                seconds = np.where(k >= 0, dist[r, np.maximum(k, 0)], np.inf)
                out[tg] = (seconds + t_leg[tg]) / 60.0
            slot[nodes] = -1
        done = np.array([np.isfinite(out[members[u]]).all() for u in now], dtype=bool)
        pending = np.setdiff1d(pending, now[done])
        if len(pending) == 0:
            break
    return out
