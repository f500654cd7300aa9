"""Home-delivered digital support (kotiin vietävä tuki): who the bases can visit, and who not.

A base has staff-hours per week. One visit costs the visit itself plus the drive there and back
(default 45 min per visit: the seed's Helsinki "Luokse" trial, "puhelimella varattava 45 min
sessio"). A base reaches the demand cells within a one-way travel-time budget. Travel time is
either

- straight line * circuity at a travel speed (`straight_line_pairs`), or
- a road graph (`network_pairs`): any osmnx-compatible networkx (Multi)DiGraph with node `x`, `y`
  (EPSG:3067, or reprojected from `graph.graph["crs"]`) and edge `travel_time` in seconds. Bases
  and cells snap to the nearest node of the largest strongly connected part; the access legs to and
  from those nodes are straight line * circuity at `access_speed_kmh`. One Dijkstra per base out
  (graph) and one back (reversed graph), so one-way streets count both ways. The working
  dataset's national road graph (`coverage.data.roads.load_road_graph`) is `graph="dataset"`
  (`dataset_road_graph`), the CLI's `--network dataset`.

Demand (clients per cell) is the need out of reach of walk-in points (need in cells beyond the
scenario's threshold), or a user-set share of TASO 3-4 in every cell. Demand in visits per week =
clients * visits per client per week. Capacity is allocated to demand in one of two documented
ways: `nearest` (default: all base-cell pairs in increasing one-way time, each pair takes what the
cell still needs and the base can still give, so nearer clients come first and no base drives
past an unserved nearer client) or `max_visits` (a linear programme maximising the visits served
in total, HiGHS). Visits are fractional: an expected weekly load, not a timetable.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from coverage.defaults import (
    DEFAULT_ACCESS_SPEED_KMH,
    DEFAULT_BUDGET_MINUTES,
    DEFAULT_CIRCUITY,
    DEFAULT_SPEED_KMH,
    DEFAULT_STAFF_HOURS_WEEK,
    DEFAULT_VISIT_MINUTES,
    DEFAULT_VISITS_PER_CLIENT_PER_MONTH,
)
from coverage.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str, float], None]

# --- Home-support constants: units and search limits -----------------------------------------
WEEKS_PER_MONTH = 52.0 / 12.0
"""Visits per month → per week: divide by 52/12 ≈ 4.33."""

BACK_SEARCH_FACTOR = 3.0
"""Network path: the way back is searched up to this * the one-way budget (one-way streets)."""

ALLOCATIONS: tuple[str, ...] = ("nearest", "max_visits")
_SERVED_TOLERANCE = 1e-9  # clients; below this a cell counts as fully served


@dataclass(frozen=True)
class HomeSupportParams:
    """Parameters of the home-support model. Minutes, km/h; circuity 1.0 = straight line.

    `demand_share` None: demand = need beyond the walk-in threshold; a number: that share of TASO
    3-4 need in every cell.
    """

    visit_minutes: float = DEFAULT_VISIT_MINUTES
    speed_kmh: float = DEFAULT_SPEED_KMH
    circuity: float = DEFAULT_CIRCUITY
    budget_minutes: float = DEFAULT_BUDGET_MINUTES
    visits_per_client_week: float = DEFAULT_VISITS_PER_CLIENT_PER_MONTH / WEEKS_PER_MONTH
    demand_share: float | None = None
    allocation: str = "nearest"
    access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH

    def __post_init__(self) -> None:
        """Refuse impossible values with a message that says what is allowed."""
        positive = {
            "visit length": self.visit_minutes,
            "speed": self.speed_kmh,
            "travel-time budget": self.budget_minutes,
            "visits per client": self.visits_per_client_week,
            "access speed": self.access_speed_kmh,
        }
        bad = [f"{k} {v}" for k, v in positive.items() if not (np.isfinite(v) and v > 0)]
        if bad:
            msg = f"{'; '.join(bad)}: give positive numbers"
            raise InputError(msg)
        if not 1.0 <= self.circuity <= 3.0:  # noqa: PLR2004
            msg = f"circuity {self.circuity}: use 1.0 (straight line) to 3.0"
            raise InputError(msg)
        if self.demand_share is not None and not 0.0 <= self.demand_share <= 1.0:
            msg = f"demand share {self.demand_share}: give a share between 0 and 1"
            raise InputError(msg)
        if self.allocation not in ALLOCATIONS:
            msg = f"unknown allocation {self.allocation!r}; use {' or '.join(ALLOCATIONS)}"
            raise InputError(msg)

    @staticmethod
    def weekly(visits_per_client_per_month: float) -> float:
        """Return visits per client per week for a monthly frequency."""
        return visits_per_client_per_month / WEEKS_PER_MONTH


# ------------------------------------------------------------------------------------ bases


def dataset_bases(ds: Dataset) -> pd.DataFrame:
    """Return the dataset's home-support bases (channel home_visit or type home_support_base)."""
    p = ds.providers
    keep = (p["channel"] == "home_visit") | (p["provider_type"] == "home_support_base")
    b = p[keep.to_numpy()]
    if b.empty:
        msg = (
            "the dataset has no home-support bases (channel home_visit); give them in a file "
            "with --bases FILE (name,x,y[,staff_hours_week])"
        )
        raise InputError(msg)
    return pd.DataFrame(
        {
            "name": b["name"].astype(str),
            "x": b["x"].astype(float),
            "y": b["y"].astype(float),
            "kunta_code": b["kunta_code"].astype(str),
            "staff_hours_week": b["capacity_h_week"].astype(float),
        }
    ).reset_index(drop=True)


def read_bases(source: str, *, filename: str | None = None) -> pd.DataFrame:
    """Read bases from a CSV: name, x, y (EPSG:3067) or lat, lon; optional staff_hours_week."""
    from coverage.planning import read_points  # noqa: PLC0415

    return read_points(
        source,
        what="bases",
        filename=filename,
        numeric={
            "staff_hours_week": (
                "staff_hours_week",
                "staff_hours",
                "henkilötyötunnit",
                "tunnit",
                "capacity_h_week",
                "kapasiteetti",
            ),
        },
    )


def _clean_bases(ds: Dataset, bases: pd.DataFrame) -> pd.DataFrame:
    if bases.empty:
        msg = "no home-support bases given"
        raise InputError(msg)
    out = bases.reset_index(drop=True).copy()
    if "staff_hours_week" not in out:
        out["staff_hours_week"] = DEFAULT_STAFF_HOURS_WEEK
    out["staff_hours_week"] = out["staff_hours_week"].astype(float).fillna(DEFAULT_STAFF_HOURS_WEEK)
    if "kunta_code" not in out:
        out["kunta_code"] = ""
    xy = out[["x", "y"]].to_numpy(float)
    if not np.isfinite(xy).all() or (out["staff_hours_week"] < 0).any():
        msg = "every base needs finite x, y (EPSG:3067) and staff_hours_week 0 or more"
        raise InputError(msg)
    codes = out["kunta_code"].fillna("").astype(str)
    if (codes == "").any():
        from coverage.data.population import assign_to_polygons  # noqa: PLC0415

        missing = (codes == "").to_numpy()
        placed, _inside = assign_to_polygons(
            xy[missing, 0], xy[missing, 1], ds.municipalities, "kunta_code"
        )
        codes = codes.copy()
        codes[missing] = placed
    out["kunta_code"] = codes.to_numpy()
    return out


# ------------------------------------------------------------------------------------ demand


def home_visit_demand(
    prepared: Prepared,
    params: HomeSupportParams,
    *,
    walk_in_covered: npt.ArrayLike | None = None,
) -> FloatArray:
    """Return home-visit clients per cell (people).

    Default: the scenario's need in cells beyond the walk-in threshold (those people have no
    walk-in point near). With `demand_share`: that share of TASO 3-4 need in every cell (people who
    do not use e-services at all, wherever they live). `walk_in_covered` (bool per cell) replaces
    the scenario's km test, e.g. `travel_time_access(prepared, net).covered(20)` for a walk-in
    threshold in minutes by road.

    Raises
    ------
    InputError
        If `walk_in_covered` does not have one value per cell.
    """
    if params.demand_share is None:
        if walk_in_covered is None:
            covered = prepared.covered()
        else:
            covered = np.asarray(walk_in_covered, dtype=bool)
            if covered.shape != prepared.need.shape:
                msg = (
                    f"walk_in_covered has {covered.size} values; give one per cell "
                    f"({prepared.need.size})"
                )
                raise InputError(msg)
        return np.where(covered, 0.0, prepared.need)
    from coverage.need import need_by_level  # noqa: PLC0415

    levels = need_by_level(prepared.cells, prepared.scenario.need_rates)
    return params.demand_share * (levels["taso3"].to_numpy(float) + levels["taso4"].to_numpy(float))


# ------------------------------------------------------------------------------------ travel


@dataclass(frozen=True)
class TravelPairs:
    """Base-cell pairs within the one-way budget, with travel minutes out and back."""

    base: IntArray
    cell: IntArray  # row in the caller's cell array
    out_min: FloatArray
    back_min: FloatArray
    method: str  # "straight_line" or "network"

    def __len__(self) -> int:
        """Return the number of pairs."""
        return len(self.base)


def straight_line_pairs(
    base_xy: FloatArray,
    cell_xy: FloatArray,
    *,
    speed_kmh: float,
    circuity: float,
    budget_minutes: float,
    cell_mask: npt.NDArray[np.bool_] | None = None,
) -> TravelPairs:
    """Return pairs with one-way time = distance * circuity / speed ≤ budget (both ways equal)."""
    base_xy = np.asarray(base_xy, dtype=float).reshape(-1, 2)
    cell_xy = np.asarray(cell_xy, dtype=float).reshape(-1, 2)
    idx = np.arange(len(cell_xy)) if cell_mask is None else np.flatnonzero(cell_mask)
    m_per_min = speed_kmh * 1000.0 / 60.0
    if len(idx) == 0 or len(base_xy) == 0:
        return _no_pairs("straight_line")
    lists = cKDTree(cell_xy[idx]).query_ball_point(
        base_xy, r=budget_minutes * m_per_min / circuity * (1 + 1e-9)
    )
    counts = np.fromiter((len(a) for a in lists), dtype=np.int64, count=len(base_xy))
    local = np.fromiter((i for a in lists for i in a), dtype=np.int64, count=int(counts.sum()))
    base = np.repeat(np.arange(len(base_xy), dtype=np.int64), counts)
    cell = idx[local].astype(np.int64)
    minutes = np.hypot(*(cell_xy[cell] - base_xy[base]).T) * circuity / m_per_min
    keep = minutes <= budget_minutes
    return TravelPairs(base[keep], cell[keep], minutes[keep], minutes[keep].copy(), "straight_line")


def _no_pairs(method: str) -> TravelPairs:
    e = np.zeros(0, dtype=np.int64)
    return TravelPairs(e, e.copy(), np.zeros(0), np.zeros(0), method)


@dataclass(frozen=True)
class RoadGraph:
    """A road graph as a sparse matrix: node coordinates (EPSG:3067) and travel seconds."""

    node_xy: FloatArray
    seconds: sparse.csr_matrix  # [u, v] = fastest edge u→v, seconds
    main: IntArray  # nodes of the largest strongly connected component

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> RoadGraph:
        """Convert any networkx graph with node x, y and edge travel_time (seconds).

        Parallel edges keep the fastest. Node coordinates are reprojected to EPSG:3067 from
        `graph.graph["crs"]` when that is another CRS; without a crs they must already be metres.

        Raises
        ------
        InputError
            If nodes lack x/y, edges lack travel_time, or coordinates are degrees without a crs.
        """
        from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

        nodes = list(graph.nodes)
        if not nodes:
            msg = "the road graph has no nodes"
            raise InputError(msg)
        pos = {n: i for i, n in enumerate(nodes)}
        try:
            xy = np.array([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in nodes], dtype=float)
        except KeyError as exc:
            msg = "road graph nodes need 'x' and 'y' attributes (osmnx-compatible graph)"
            raise InputError(msg) from exc
        xy = _to_3067(xy, graph.graph.get("crs"))
        u, v, t = [], [], []
        missing = 0
        for a, b, data in graph.edges(data=True):
            tt = data.get("travel_time")
            if tt is None or not np.isfinite(float(tt)) or float(tt) < 0:
                missing += 1
                continue
            u.append(pos[a])
            v.append(pos[b])
            t.append(float(tt))
            if not graph.is_directed():
                u.append(pos[b])
                v.append(pos[a])
                t.append(float(tt))
        if missing:
            msg = (
                f"{missing} road-graph edges have no valid 'travel_time' (seconds); add it, e.g. "
                "osmnx.add_edge_speeds(G) then osmnx.add_edge_travel_times(G)"
            )
            raise InputError(msg)
        n = len(nodes)
        u_a, v_a = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        t_a = np.maximum(np.asarray(t, dtype=float), 1e-6)  # an explicit 0 would not be an edge
        key = u_a * n + v_a
        uniq, inv = np.unique(key, return_inverse=True)
        best = np.full(len(uniq), np.inf)
        np.minimum.at(best, inv, t_a)
        mat = sparse.csr_matrix((best, (uniq // n, uniq % n)), shape=(n, n))
        _n_comp, label = connected_components(mat, directed=True, connection="strong")
        main = np.flatnonzero(label == np.bincount(label).argmax()).astype(np.int64)
        return cls(node_xy=xy, seconds=mat, main=main)


_DATASET_GRAPHS: dict[tuple[str, str], RoadGraph] = {}


def dataset_road_graph(ds: Dataset) -> RoadGraph:
    """Return the working dataset's road graph as a `RoadGraph` (loaded once per dataset).

    `coverage.data.roads.load_road_graph(ds.path)` (the NLS 1:1M national graph, junctions only,
    edge `travel_time` from the documented class speeds, ferries with their boarding penalty)
    converted by `RoadGraph.from_networkx`: the same networkx path as any osmnx graph.

    Raises
    ------
    RoadsMissingError
        If the dataset has no road network (rebuild with `python -m coverage sync`).
    """
    from coverage.data.roads import load_road_graph  # noqa: PLC0415

    key = (str(ds.path), str(ds.dataset_id))
    hit = _DATASET_GRAPHS.get(key)
    if hit is None:
        hit = RoadGraph.from_networkx(load_road_graph(ds.path))
        _DATASET_GRAPHS.clear()
        _DATASET_GRAPHS[key] = hit
    return hit


def _to_3067(xy: FloatArray, crs: object) -> FloatArray:
    import pyproj  # noqa: PLC0415

    if crs is None:
        if (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all():  # noqa: PLR2004
            msg = (
                "the road graph has no crs and its coordinates look like degrees; set "
                "graph.graph['crs'] (e.g. 'EPSG:4326') or project it to EPSG:3067"
            )
            raise InputError(msg)
        return xy
    source = pyproj.CRS.from_user_input(crs)
    if source.equals(pyproj.CRS.from_epsg(3067)):
        return xy
    tr = pyproj.Transformer.from_crs(source, 3067, always_xy=True)
    x, y = tr.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def network_pairs(
    graph: nx.Graph | RoadGraph,
    base_xy: FloatArray,
    cell_xy: FloatArray,
    *,
    budget_minutes: float,
    access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH,
    circuity: float = DEFAULT_CIRCUITY,
    cell_mask: npt.NDArray[np.bool_] | None = None,
    progress: Progress | None = None,
) -> TravelPairs:
    """Return pairs whose network one-way time (access legs included) ≤ budget.

    out = base access leg + graph time base node → cell node + cell access leg; back likewise on
    the reversed graph (searched up to BACK_SEARCH_FACTOR * budget; pairs without a way back are
    dropped). Minutes.
    """
    from scipy.sparse.csgraph import dijkstra  # noqa: PLC0415

    road = graph if isinstance(graph, RoadGraph) else RoadGraph.from_networkx(graph)
    base_xy = np.asarray(base_xy, dtype=float).reshape(-1, 2)
    cell_xy = np.asarray(cell_xy, dtype=float).reshape(-1, 2)
    idx = np.arange(len(cell_xy)) if cell_mask is None else np.flatnonzero(cell_mask)
    if len(idx) == 0 or len(base_xy) == 0:
        return _no_pairs("network")
    tree = cKDTree(road.node_xy[road.main])
    m_per_s = access_speed_kmh / 3.6
    d_b, k_b = tree.query(base_xy)
    d_c, k_c = tree.query(cell_xy[idx])
    base_node, base_leg = road.main[k_b], d_b * circuity / m_per_s
    cell_node, cell_leg = road.main[k_c], d_c * circuity / m_per_s
    budget_s = budget_minutes * 60.0
    back_graph = road.seconds.T.tocsr()
    parts = []
    for b in range(len(base_xy)):
        if progress is not None:
            progress(f"network: base {b + 1}/{len(base_xy)}", b / len(base_xy))
        if base_leg[b] > budget_s:
            continue
        out_s = dijkstra(road.seconds, indices=int(base_node[b]), limit=budget_s - base_leg[b])
        out = base_leg[b] + out_s[cell_node] + cell_leg
        hit = np.flatnonzero(out <= budget_s)
        if len(hit) == 0:
            continue
        back_s = dijkstra(
            back_graph, indices=int(base_node[b]), limit=BACK_SEARCH_FACTOR * budget_s
        )
        back = cell_leg[hit] + back_s[cell_node[hit]] + base_leg[b]
        ok = np.isfinite(back)
        parts.append(
            (
                np.full(int(ok.sum()), b, dtype=np.int64),
                idx[hit[ok]],
                out[hit[ok]] / 60,
                back[ok] / 60,
            )
        )
    if progress is not None:
        progress("network: done", 1.0)
    if not parts:
        return _no_pairs("network")
    base, cell, out_m, back_m = (np.concatenate(p) for p in zip(*parts, strict=True))
    return TravelPairs(base, cell.astype(np.int64), out_m, back_m, "network")


# ------------------------------------------------------------------------------------ allocation


def allocate_nearest(
    pairs: TravelPairs,
    demand_visits: FloatArray,
    staff_minutes: FloatArray,
    visit_minutes: float,
) -> FloatArray:
    """Return visits per week served on each pair, nearest pairs first.

    Pairs in increasing one-way time (ties: base, then cell): each takes min(visits the cell still
    needs, visits the base's remaining minutes buy at visit + out + back minutes each).
    """
    served = np.zeros(len(pairs))
    if len(pairs) == 0:
        return served
    order = np.lexsort((pairs.cell, pairs.base, pairs.out_min))
    need_left = np.asarray(demand_visits, dtype=float).copy()
    minutes_left = np.asarray(staff_minutes, dtype=float).copy()
    cost = visit_minutes + pairs.out_min + pairs.back_min
    base, cell = pairs.base, pairs.cell
    for p in order:
        b, c = base[p], cell[p]
        if need_left[c] <= 0 or minutes_left[b] <= 0:
            continue
        v = min(need_left[c], minutes_left[b] / cost[p])
        served[p] = v
        need_left[c] -= v
        minutes_left[b] = max(minutes_left[b] - v * cost[p], 0.0)
    return served


def allocate_max_visits(
    pairs: TravelPairs,
    demand_visits: FloatArray,
    staff_minutes: FloatArray,
    visit_minutes: float,
) -> FloatArray:
    """Return visits per week per pair maximising the total visits served (LP, HiGHS).

    max Σ v_p  s.t.  Σ_{p of base b} (visit + out_p + back_p) v_p ≤ staff minutes of b,
    Σ_{p of cell c} v_p ≤ demand of c,  v ≥ 0.
    """
    from scipy.optimize import linprog  # noqa: PLC0415

    n = len(pairs)
    if n == 0:
        return np.zeros(0)
    cost = visit_minutes + pairs.out_min + pairs.back_min
    cells, cell_row = np.unique(pairs.cell, return_inverse=True)
    n_b = len(staff_minutes)
    a_base = sparse.csr_matrix((cost, (pairs.base, np.arange(n))), shape=(n_b, n))
    a_cell = sparse.csr_matrix((np.ones(n), (cell_row, np.arange(n))), shape=(len(cells), n))
    res = linprog(
        c=-np.ones(n),
        A_ub=sparse.vstack([a_base, a_cell], format="csr"),
        b_ub=np.r_[
            np.asarray(staff_minutes, dtype=float), np.asarray(demand_visits, dtype=float)[cells]
        ],
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:
        msg = f"allocation LP failed: {res.message}"
        raise InputError(msg)
    return np.maximum(res.x, 0.0)


# ------------------------------------------------------------------------------------ result


@dataclass(frozen=True)
class HomeSupportResult:
    """Per base and per cell results of one home-support run (tables are new frames).

    `bases`: base_name, municipality, x, y, staff_hours_week, reachable_cells, reachable_need
    (scenario need in reach), reachable_clients (home-visit demand in reach),
    reachable_demand_visits_week (those clients * visits per client per week), capacity_visits_week
    (staff minutes / (visit + mean round trip of the visits it makes); a base making none: of the
    clients in its reach), capacity_visits_week_reach_mean (the latter always), served_visits_week,
    served_clients, staff_hours_used, utilisation_share, mean_one_way_min_served, travel,
    mean_round_trip_min_served (out + back, by road on the network path).
    `cells`: one row per cell with demand: cell_row (row in `prepared.cells`), kunta_code, x, y,
    demand_clients, served_clients, unserved_clients, in_reach, nearest_base_min (inf if none).
    """

    bases: pd.DataFrame
    cells: pd.DataFrame
    pairs: TravelPairs
    served_visits: FloatArray  # per pair, visits per week
    params: HomeSupportParams
    seconds: float

    def totals(self) -> dict[str, float]:
        """Return national totals: clients in demand, in reach, served and unserved."""
        c = self.cells
        return {
            "demand_clients": float(c["demand_clients"].sum()),
            "in_reach_clients": float(c.loc[c["in_reach"], "demand_clients"].sum()),
            "served_clients": float(c["served_clients"].sum()),
            "unserved_clients": float(c["unserved_clients"].sum()),
            "staff_hours_week": float(self.bases["staff_hours_week"].sum()),
            "staff_hours_used": float(self.bases["staff_hours_used"].sum()),
        }


def home_support(
    ds: Dataset,
    prepared: Prepared,
    bases: pd.DataFrame,
    params: HomeSupportParams | None = None,
    *,
    graph: nx.Graph | RoadGraph | str | None = None,
    progress: Progress | None = None,
    walk_in_covered: npt.ArrayLike | None = None,
) -> HomeSupportResult:
    """Return what the bases can serve of the home-visit demand, and where demand is left.

    `bases`: name, x, y (EPSG:3067), optional staff_hours_week (default 37.5) and kunta_code.
    With `graph`, travel times come from the road graph (`"dataset"`: the working dataset's
    national road graph, `dataset_road_graph`); else straight line * circuity / speed. Either
    way each visit costs the visit plus the drive out and back. `walk_in_covered`: see
    `home_visit_demand`.

    Raises
    ------
    InputError
        For bad bases, parameters or graph.
    RoadsMissingError
        With `graph="dataset"`, if the dataset has no road network.
    """
    t0 = time.perf_counter()
    params = params or HomeSupportParams()
    if isinstance(graph, str):
        if graph != "dataset":
            msg = f"graph {graph!r}: give 'dataset', a networkx graph or a RoadGraph"
            raise InputError(msg)
        graph = dataset_road_graph(ds)
    bases = _clean_bases(ds, bases)
    clients = home_visit_demand(prepared, params, walk_in_covered=walk_in_covered)
    demand_visits = clients * params.visits_per_client_week
    mask = clients > 0
    cell_xy = prepared.cells[["x", "y"]].to_numpy(float)
    base_xy = bases[["x", "y"]].to_numpy(float)
    if graph is None:
        pairs = straight_line_pairs(
            base_xy,
            cell_xy,
            speed_kmh=params.speed_kmh,
            circuity=params.circuity,
            budget_minutes=params.budget_minutes,
            cell_mask=mask,
        )
    else:
        pairs = network_pairs(
            graph,
            base_xy,
            cell_xy,
            budget_minutes=params.budget_minutes,
            access_speed_kmh=params.access_speed_kmh,
            circuity=params.circuity,
            cell_mask=mask,
            progress=progress,
        )
    staff_min = bases["staff_hours_week"].to_numpy(float) * 60.0
    allocate = allocate_nearest if params.allocation == "nearest" else allocate_max_visits
    served = allocate(pairs, demand_visits, staff_min, params.visit_minutes)
    return _tables(ds, prepared, bases, pairs, served, clients, params, t0)


def _tables(
    ds: Dataset,
    prepared: Prepared,
    bases: pd.DataFrame,
    pairs: TravelPairs,
    served: FloatArray,
    clients: FloatArray,
    params: HomeSupportParams,
    t0: float,
) -> HomeSupportResult:
    n_b, n_cells = len(bases), len(clients)
    f = params.visits_per_client_week
    cost = params.visit_minutes + pairs.out_min + pairs.back_min
    need = prepared.need
    pair_clients = clients[pairs.cell]
    reach_clients = np.bincount(pairs.base, weights=pair_clients, minlength=n_b)
    mean_round = _share(
        np.bincount(
            pairs.base, weights=pair_clients * (pairs.out_min + pairs.back_min), minlength=n_b
        ),
        reach_clients,
    )
    staff = bases["staff_hours_week"].to_numpy(float)
    used_min = np.bincount(pairs.base, weights=served * cost, minlength=n_b)
    served_b = np.bincount(pairs.base, weights=served, minlength=n_b)
    names = ds.municipalities.set_index("kunta_code")["name_fi"]
    base_table = pd.DataFrame(
        {
            "base_name": bases["name"].astype(str),
            "municipality": bases["kunta_code"].astype(str).map(names).fillna("").astype(str),
            "x": bases["x"].astype(float),
            "y": bases["y"].astype(float),
            "staff_hours_week": staff,
            "reachable_cells": np.bincount(pairs.base, minlength=n_b),
            "reachable_need": np.bincount(pairs.base, weights=need[pairs.cell], minlength=n_b),
            "reachable_clients": reach_clients,
            "reachable_demand_visits_week": reach_clients * f,
            "capacity_visits_week": np.where(
                served_b > 0,
                _share(staff * 60.0 * served_b, used_min),
                np.where(
                    reach_clients > 0, staff * 60.0 / (params.visit_minutes + mean_round), np.nan
                ),
            ),
            "capacity_visits_week_reach_mean": np.where(
                reach_clients > 0, staff * 60.0 / (params.visit_minutes + mean_round), np.nan
            ),
            "served_visits_week": served_b,
            "served_clients": served_b / f,
            "staff_hours_used": used_min / 60.0,
            "utilisation_share": _share(used_min, staff * 60.0),
            "mean_one_way_min_served": np.where(
                served_b > 0,
                _share(
                    np.bincount(pairs.base, weights=served * pairs.out_min, minlength=n_b), served_b
                ),
                np.nan,
            ),
            "travel": pairs.method,
            "mean_round_trip_min_served": np.where(
                served_b > 0,
                _share(
                    np.bincount(
                        pairs.base, weights=served * (pairs.out_min + pairs.back_min), minlength=n_b
                    ),
                    served_b,
                ),
                np.nan,
            ),
        }
    )
    served_cell = np.bincount(pairs.cell, weights=served, minlength=n_cells) / f
    nearest = np.full(n_cells, np.inf)
    np.minimum.at(nearest, pairs.cell, pairs.out_min)
    rows = np.flatnonzero(clients > 0)
    served_cell = np.minimum(served_cell, clients)  # float noise only
    cell_table = pd.DataFrame(
        {
            "cell_row": rows,
            "kunta_code": prepared.cells["kunta_code"].to_numpy(str)[rows],
            "x": prepared.cells["x"].to_numpy(float)[rows],
            "y": prepared.cells["y"].to_numpy(float)[rows],
            "demand_clients": clients[rows],
            "served_clients": served_cell[rows],
            "unserved_clients": clients[rows] - served_cell[rows],
            "in_reach": np.isfinite(nearest[rows]),
            "nearest_base_min": nearest[rows],
        }
    )
    return HomeSupportResult(
        base_table, cell_table, pairs, served, params, time.perf_counter() - t0
    )


def by_unit(
    ds: Dataset, prepared: Prepared, result: HomeSupportResult, division: str
) -> pd.DataFrame:
    """Return home-visit demand, served and unserved clients per unit of `division`.

    Unserved splits into out of reach (no base within the budget) and capacity short (in reach,
    but the bases' hours ran out).
    """
    codes, inverse = prepared.division_index(ds.membership, division)
    c = result.cells
    unit = inverse[c["cell_row"].to_numpy()]
    n = len(codes)

    def total(values: npt.ArrayLike) -> FloatArray:
        return np.bincount(unit, weights=np.asarray(values, dtype=float), minlength=n)

    in_reach = c["in_reach"].to_numpy(bool)
    unserved = c["unserved_clients"].to_numpy(float)
    demand = total(c["demand_clients"])
    served = total(c["served_clients"])
    units = ds.units_of(division).set_index("unit_code")
    table = pd.DataFrame(
        {
            "unit_code": codes,
            "unit_name": [units["name_fi"].get(code, "") for code in codes],
            "unit_name_sv": [units["name_sv"].get(code, "") for code in codes],
            "demand_clients": demand,
            "served_clients": served,
            "unserved_clients": total(unserved),
            "unserved_out_of_reach_clients": total(np.where(in_reach, 0.0, unserved)),
            "unserved_capacity_short_clients": total(np.where(in_reach, unserved, 0.0)),
            "served_share": _share(served, demand),
            "cells_with_unserved": np.bincount(
                unit, weights=(unserved > _SERVED_TOLERANCE).astype(float), minlength=n
            ).astype(int),
        }
    )
    return table


def _share(part: npt.ArrayLike, whole: npt.ArrayLike) -> FloatArray:
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def summary_lines(
    result: HomeSupportResult, units: pd.DataFrame | None = None, *, top: int = 10
) -> list[str]:
    """Return a short human summary (for stderr): totals, and the units with most unserved."""
    t = result.totals()
    lines = [
        f"home support ({result.pairs.method}, {result.params.allocation}): "
        f"{t['demand_clients']:.0f} clients need home visits, {t['in_reach_clients']:.0f} within "
        f"{result.params.budget_minutes:g} min of a base, {t['served_clients']:.0f} served, "
        f"{t['unserved_clients']:.0f} unserved; staff {t['staff_hours_used']:.0f} of "
        f"{t['staff_hours_week']:.0f} h/week used",
    ]
    if units is not None and len(units):
        worst = units.sort_values("unserved_clients", ascending=False).head(top)
        lines.append("most unserved clients:")
        lines.extend(
            f"  {r.unit_name} ({r.unit_code}): {r.unserved_clients:.0f} unserved "
            f"({r.unserved_out_of_reach_clients:.0f} out of reach), {r.served_share:.0%} served"
            for r in worst.itertuples(index=False)
        )
    return lines
