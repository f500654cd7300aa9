"""Home-delivered digital support (kotiin vietävä tuki): who the bases can visit, and who not.

A base has staff-hours per week. One visit costs the visit itself plus the trip there and back
(default 45 min per visit: the seed's Helsinki "Luokse" trial, "puhelimella varattava 45 min
sessio"). A base reaches the demand cells within a one-way travel-time budget, in one of the
project's travel modes (`HomeSupportParams.travel`):

- straight: straight line * circuity at a driving speed (`straight_line_pairs`);
- drive: the road network of `coverage.network` (`network_pairs`): the working dataset's national
  road graph (`network.load_road_network`) or any osmnx graph, with the same snapping, access legs
  and limited Dijkstra searches as the access tables; one search per base out and one back, so
  one-way streets count both ways;
- walk: a street network the same way, or without one straight line * circuity at a walking
  speed.

Demand (clients per cell) is the need out of reach of walk-in points (cells the scenario counts as
not covered), or a user-set share of TASO 3-4 in every cell. Demand in visits per week =
clients * visits per client per week. Capacity is allocated to demand in one of two documented
ways: `nearest` (default: all base-cell pairs in increasing one-way time, each pair takes what the
cell still needs and the base can still give, so nearer clients come first and no base drives
past an unserved nearer client) or `max_visits` (a linear programme maximising the visits served
in total, HiGHS). Visits are fractional: an expected weekly load, not a timetable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from coverage.data.roads import SECONDS_PER_MINUTE
from coverage.defaults import (
    ACCESS_SPEED_KMH,
    DEFAULT_BUDGET_MINUTES,
    DEFAULT_CIRCUITY,
    DEFAULT_SPEED_KMH,
    DEFAULT_STAFF_HOURS_WEEK,
    DEFAULT_VISIT_MINUTES,
    DEFAULT_VISITS_PER_CLIENT_PER_MONTH,
    DIRECT_TRIP_MAX_KM,
    WEEKS_PER_MONTH,
)
from coverage.errors import InputError
from coverage.network import RoadNetwork, as_network, snap_legs, snapped_pairs_within
from coverage.reach import Reach

if TYPE_CHECKING:
    import networkx as nx

    from coverage.area import Area
    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# --- Home-support constants: units and search limits -----------------------------------------

BACK_SEARCH_FACTOR = 3.0
"""Network path: the way back is searched up to this * the one-way budget (one-way streets)."""

ALLOCATIONS: tuple[str, ...] = ("nearest", "max_visits")
TRAVEL_MODES: tuple[str, ...] = ("straight", "drive", "walk")
_SERVED_TOLERANCE = 1e-9  # clients; below this a cell counts as fully served


@dataclass(frozen=True)
class HomeSupportParams:
    """Parameters of the home-support model. Minutes, km/h; circuity 1.0 = straight line.

    `travel`: how staff get to clients (`TRAVEL_MODES`, see `travel_pairs`); None travels in the
    scenario's own mode (`resolved`). `speed_kmh` is the straight mode's driving speed;
    `access_speed_kmh` (road legs) and `walk_speed_kmh` None take the scenario reach's.
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
    access_speed_kmh: float | None = None
    travel: str | None = None
    walk_speed_kmh: float | None = None

    def __post_init__(self) -> None:
        """Refuse impossible values with a message that says what is allowed."""
        positive = {
            "visit length": self.visit_minutes,
            "speed": self.speed_kmh,
            "travel-time budget": self.budget_minutes,
            "visits per client": self.visits_per_client_week,
            "access speed": 1.0 if self.access_speed_kmh is None else self.access_speed_kmh,
            "walking speed": 1.0 if self.walk_speed_kmh is None else self.walk_speed_kmh,
        }
        if self.travel is not None and self.travel not in TRAVEL_MODES:
            msg = f"unknown travel mode {self.travel!r}; use {', '.join(TRAVEL_MODES)}"
            raise InputError(msg)
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

    def resolved(self, reach: Reach) -> HomeSupportParams:
        """Return the parameters with the scenario reach's mode and speeds where None."""
        return replace(
            self,
            travel=self.travel or reach.mode,
            walk_speed_kmh=self.walk_speed_kmh or reach.walk_speed_kmh,
            access_speed_kmh=self.access_speed_kmh or reach.access_speed_kmh,
        )

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

    Default: the scenario's need in cells beyond the walk-in threshold in the scenario's own
    reach (`prepared.covered()`: km, minutes by road or on foot); those people have no walk-in
    point near. With `demand_share`: that share of TASO 3-4 need in every cell (people who do
    not use e-services at all, wherever they live). `walk_in_covered` (bool per cell) replaces
    the scenario's test.

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


def network_pairs(
    graph_or_network: RoadNetwork | nx.MultiDiGraph,
    base_xy: FloatArray,
    cell_xy: FloatArray,
    *,
    budget_minutes: float,
    access_speed_kmh: float = ACCESS_SPEED_KMH,
    circuity: float = DEFAULT_CIRCUITY,
    cell_mask: npt.NDArray[np.bool_] | None = None,
    direct_max_km: float = DIRECT_TRIP_MAX_KM,
) -> TravelPairs:
    """Return pairs whose one-way time on the road network (access legs included) <= budget.

    The rules of `coverage.network` (snapping, legs, limited Dijkstra, short direct trips up to
    `direct_max_km` when quicker; 0 for a full street network), so a base reaches a cell exactly
    when the engine would time the trip so. out = base leg + path base -> cell + cell leg; back
    likewise towards the base, searched up to `BACK_SEARCH_FACTOR` x budget (pairs without a way
    back are dropped). Minutes.
    """
    net = as_network(graph_or_network)
    base_xy = np.asarray(base_xy, dtype=float).reshape(-1, 2)
    cell_xy = np.asarray(cell_xy, dtype=float).reshape(-1, 2)
    idx = np.arange(len(cell_xy)) if cell_mask is None else np.flatnonzero(cell_mask)
    if len(idx) == 0 or len(base_xy) == 0:
        return _no_pairs("network")
    legs = {"access_speed_kmh": access_speed_kmh, "circuity": circuity}
    bases = snap_legs(net, base_xy, **legs)
    cells = snap_legs(net, cell_xy[idx], **legs)
    budget_s = budget_minutes * SECONDS_PER_MINUTE
    n = len(idx)
    base, cell, out_s = snapped_pairs_within(net, net.csr, bases, cells, budget_s)
    d_base, d_cell, d_s = _direct_pairs(base_xy, cell_xy[idx], direct_max_km * 1000.0, legs)
    out_key, out_s = _quickest(np.r_[base * n + cell, d_base * n + d_cell],
                               np.r_[out_s, d_s], budget_s)
    used = np.unique(out_key % n)
    b_base, b_local, b_s = snapped_pairs_within(
        net, net.csr_reverse, bases, (cells[0][used], cells[1][used]), BACK_SEARCH_FACTOR * budget_s
    )
    back_key, back_s = _quickest(np.r_[b_base * n + used[b_local], d_base * n + d_cell],
                                 np.r_[b_s, d_s], np.inf)
    pos = np.minimum(np.searchsorted(back_key, out_key), max(len(back_key) - 1, 0))
    ok = back_key[pos] == out_key if len(back_key) else np.zeros(len(out_key), dtype=bool)
    return TravelPairs(
        out_key[ok] // n,
        idx[out_key[ok] % n].astype(np.int64),
        out_s[ok] / SECONDS_PER_MINUTE,
        back_s[pos[ok]] / SECONDS_PER_MINUTE,
        "network",
    )


def _direct_pairs(
    base_xy: FloatArray, cell_xy: FloatArray, max_m: float, legs: dict[str, float]
) -> tuple[IntArray, IntArray, FloatArray]:
    """Return (base, cell, seconds) of the short direct trips (straight line x circuity)."""
    if not max_m > 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e.copy(), np.zeros(0)
    pairs = cKDTree(base_xy).sparse_distance_matrix(cKDTree(cell_xy), max_m,
                                                    output_type="ndarray")
    seconds = pairs["v"] * legs["circuity"] / (legs["access_speed_kmh"] / 3.6)
    return pairs["i"].astype(np.int64), pairs["j"].astype(np.int64), seconds


def _quickest(key: IntArray, seconds: FloatArray, limit_s: float) -> tuple[IntArray, FloatArray]:
    """Return each key once (sorted) with its smallest time, keeping times within `limit_s`."""
    keep = seconds <= limit_s
    key, seconds = key[keep], seconds[keep]
    order = np.lexsort((seconds, key))
    key, seconds = key[order], seconds[order]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    return key[first], seconds[first]


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
    served_clients, staff_hours_used_week, utilisation_share, mean_one_way_min_served, travel,
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
        """Return the run's totals: clients (people), visits and staff hours per week.

        Clients in demand, in reach, served, unserved (out of reach / capacity short).

        The run's area (`home_support(area=...)`): its cells' demand and its bases, so the
        totals are the area's, not the country's.
        """
        c = self.cells
        in_reach = c["in_reach"].to_numpy(bool)
        unserved = c["unserved_clients"].to_numpy(float)
        b = self.bases
        return {
            "demand_clients": float(c["demand_clients"].sum()),
            "in_reach_clients": float(c.loc[in_reach, "demand_clients"].sum()),
            "served_clients": float(c["served_clients"].sum()),
            "unserved_clients": float(unserved.sum()),
            "unserved_out_of_reach_clients": float(unserved[~in_reach].sum()),
            "unserved_capacity_short_clients": float(unserved[in_reach].sum()),
            "demand_visits_week": float(c["demand_clients"].sum())
            * self.params.visits_per_client_week,
            "served_visits_week": float(b["served_visits_week"].sum()),
            "staff_hours_week": float(b["staff_hours_week"].sum()),
            "staff_hours_used_week": float(b["staff_hours_used_week"].sum()),
        }


def home_support(
    ds: Dataset,
    prepared: Prepared,
    bases: pd.DataFrame,
    params: HomeSupportParams | None = None,
    *,
    network: RoadNetwork | nx.MultiDiGraph | None = None,
    walk_in_covered: npt.ArrayLike | None = None,
    area: Area | None = None,
) -> HomeSupportResult:
    """Return what the bases can serve of the home-visit demand, and where demand is left.

    `bases`: name, x, y (EPSG:3067), optional staff_hours_week (default 37.5) and kunta_code.
    Staff travel as `params.travel` says, by default in the scenario's mode (`travel_pairs`):
    on the scenario's own road engine, or on `network` when given (a complete network: no short
    direct trips). Each visit costs the visit plus the trip out and back. `walk_in_covered`: see
    `home_visit_demand`. With an `area`, only its bases and the demand of its cells count.

    Raises
    ------
    InputError
        For bad bases, parameters or network.
    RoadsMissingError
        Driving without a network, if the dataset has none.
    """
    t0 = time.perf_counter()
    params = (params or HomeSupportParams()).resolved(prepared.reach)
    prepared.cost.check_measured(prepared.weights()["population"])
    bases = _clean_bases(ds, bases)
    clients = home_visit_demand(prepared, params, walk_in_covered=walk_in_covered)
    if area is not None and not area.is_country:  # the user's area: its bases, its demand
        bases = bases[bases["kunta_code"].isin(area.kunta_codes(ds))].reset_index(drop=True)
        if bases.empty:
            msg = f"no home-support bases in the area {area.spec}"
            raise InputError(msg)
        clients = np.where(area.cell_mask(ds, prepared.cells), clients, 0.0)
    network, direct_max_km = _travel_network(ds, prepared, params, network)
    pairs = travel_pairs(
        params,
        bases[["x", "y"]].to_numpy(float),
        prepared.cells[["x", "y"]].to_numpy(float),
        cell_mask=clients > 0,
        network=network,
        direct_max_km=direct_max_km,
    )
    staff_min = bases["staff_hours_week"].to_numpy(float) * 60.0
    allocate = allocate_nearest if params.allocation == "nearest" else allocate_max_visits
    served = allocate(pairs, clients * params.visits_per_client_week, staff_min,
                      params.visit_minutes)
    return _tables(ds, prepared, bases, pairs, served, clients, params, t0)


def _travel_network(
    ds: Dataset, prepared: Prepared, params: HomeSupportParams,
    network: RoadNetwork | nx.MultiDiGraph | None,
) -> tuple[RoadNetwork | nx.MultiDiGraph | None, float]:
    """Return the network of the staff's trips and its short-trip cut (km; 0: none).

    A network given is taken as complete. Otherwise the scenario's own road engine when the
    staff travel in the scenario's mode (its network and short direct trips), else the
    dataset's road network from the scenario's memo for driving, or none for walking.
    """
    if params.travel == "straight":
        return None, 0.0
    if network is not None:
        return network, 0.0
    engine = getattr(prepared.cost, "engine", None)
    if engine is not None and prepared.reach.mode == params.travel:
        return engine.network, engine.direct_max_m / 1000.0
    if params.travel == "walk":
        return None, 0.0
    return prepared.memo.road_network(ds, Reach(mode="drive")), DIRECT_TRIP_MAX_KM


def travel_pairs(
    params: HomeSupportParams,
    base_xy: FloatArray,
    cell_xy: FloatArray,
    *,
    cell_mask: npt.NDArray[np.bool_] | None = None,
    network: RoadNetwork | nx.MultiDiGraph | None = None,
    direct_max_km: float = 0.0,
) -> TravelPairs:
    """Return the base-cell pairs within the budget in the travel mode of `params`.

    straight: straight line x circuity at `speed_kmh`; drive: `network` with access legs at
    `access_speed_kmh` (and short direct trips up to `direct_max_km`, the national graph's
    calibration); walk: `network` (a street network) with legs at `walk_speed_kmh`, or
    without one straight line x circuity at `walk_speed_kmh`.

    Raises
    ------
    InputError
        If driving without a network.
    """
    params = params.resolved(Reach())
    budget = {"budget_minutes": params.budget_minutes, "cell_mask": cell_mask}
    if params.travel == "straight" or (params.travel == "walk" and network is None):
        speed = params.speed_kmh if params.travel == "straight" else params.walk_speed_kmh
        return straight_line_pairs(base_xy, cell_xy, speed_kmh=speed, circuity=params.circuity,
                                   **budget)
    if network is None:
        msg = "driving needs a road network; give network=load_road_network(dataset path)"
        raise InputError(msg)
    leg = params.access_speed_kmh if params.travel == "drive" else params.walk_speed_kmh
    return network_pairs(network, base_xy, cell_xy, access_speed_kmh=leg,
                         circuity=params.circuity, direct_max_km=direct_max_km, **budget)


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
    base_table = _base_table(ds, bases, pairs, served, clients, prepared.need, params)
    cell_table = _cell_table(prepared, pairs, served, clients, params)
    return HomeSupportResult(
        base_table, cell_table, pairs, served, params, time.perf_counter() - t0
    )


def _base_table(
    ds: Dataset,
    bases: pd.DataFrame,
    pairs: TravelPairs,
    served: FloatArray,
    clients: FloatArray,
    need: FloatArray,
    params: HomeSupportParams,
) -> pd.DataFrame:
    """Return one row per base: reach, capacity, visits served, hours used, trip lengths."""
    n_b = len(bases)

    def per_base(weights: FloatArray | None = None) -> FloatArray:
        return np.bincount(pairs.base, weights=weights, minlength=n_b)

    def mean_served(minutes: FloatArray) -> FloatArray:
        return np.where(served_b > 0, _share(per_base(served * minutes), served_b), np.nan)

    f = params.visits_per_client_week
    round_trip = pairs.out_min + pairs.back_min
    reach_clients = per_base(clients[pairs.cell])
    mean_round = _share(per_base(clients[pairs.cell] * round_trip), reach_clients)
    staff = bases["staff_hours_week"].to_numpy(float)
    # The allocators never give a base more than its minutes; the sum of its visits * minutes
    # can still land a float's width above (1e-14 h), which rounded to whole hours read as
    # "113 of 112 h/week used" for 3 x 37.5 h. Used time is capped at the staff time.
    used_min = np.minimum(per_base(served * (params.visit_minutes + round_trip)), staff * 60.0)
    served_b = per_base(served)
    reach_capacity = np.where(
        reach_clients > 0, staff * 60.0 / (params.visit_minutes + mean_round), np.nan
    )
    names = ds.municipalities.set_index("kunta_code")["name_fi"]
    return pd.DataFrame(
        {
            "base_name": bases["name"].astype(str),
            "municipality": bases["kunta_code"].astype(str).map(names).fillna("").astype(str),
            "x": bases["x"].astype(float),
            "y": bases["y"].astype(float),
            "staff_hours_week": staff,
            "reachable_cells": per_base(),
            "reachable_need": per_base(need[pairs.cell]),
            "reachable_clients": reach_clients,
            "reachable_demand_visits_week": reach_clients * f,
            "capacity_visits_week": np.where(
                served_b > 0, _share(staff * 60.0 * served_b, used_min), reach_capacity
            ),
            "capacity_visits_week_reach_mean": reach_capacity,
            "served_visits_week": served_b,
            "served_clients": served_b / f,
            "staff_hours_used_week": used_min / 60.0,
            "utilisation_share": _share(used_min, staff * 60.0),
            "mean_one_way_min_served": mean_served(pairs.out_min),
            "travel": pairs.method,
            "mean_round_trip_min_served": mean_served(round_trip),
        }
    )


def _cell_table(
    prepared: Prepared,
    pairs: TravelPairs,
    served: FloatArray,
    clients: FloatArray,
    params: HomeSupportParams,
) -> pd.DataFrame:
    """Return one row per cell with demand: clients served and unserved, nearest base."""
    n_cells = len(clients)
    served_cell = np.bincount(pairs.cell, weights=served, minlength=n_cells)
    served_cell = np.minimum(served_cell / params.visits_per_client_week, clients)  # float noise
    nearest = np.full(n_cells, np.inf)
    np.minimum.at(nearest, pairs.cell, pairs.out_min)
    rows = np.flatnonzero(clients > 0)
    return pd.DataFrame(
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
    result: HomeSupportResult, units: pd.DataFrame | None = None, *, top: int = 10,
    area_name: str = "",
) -> list[str]:
    """Return a short human summary (for stderr): totals, and the units with most unserved.

    Every figure with its period: clients are people; visits and staff hours per week (the
    monthly frequency converted with `WEEKS_PER_MONTH`); hours with one decimal, so 3 x 37.5 h
    reads "112.5 of 112.5 h/week", never "113 of 112".
    """
    t = result.totals()
    p = result.params
    where = f"in {area_name}" if area_name else "in the whole country"
    lines = [
        f"home support {where} ({result.pairs.method}, {p.allocation}): "
        f"{t['demand_clients']:.0f} clients need home visits, {t['in_reach_clients']:.0f} within "
        f"{p.budget_minutes:g} min of a base, {t['served_clients']:.0f} served, "
        f"{t['unserved_clients']:.0f} unserved ({t['unserved_out_of_reach_clients']:.0f} out of "
        f"reach, {t['unserved_capacity_short_clients']:.0f} capacity short)",
        f"visits: {t['served_visits_week']:.1f} of {t['demand_visits_week']:.1f} visits/week "
        f"served ({p.visits_per_client_week * WEEKS_PER_MONTH:g} visits/client/month = "
        f"{p.visits_per_client_week:.2f} visits/client/week); staff "
        f"{t['staff_hours_used_week']:.1f} of {t['staff_hours_week']:.1f} h/week used",
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


def bases_area(ds: Dataset, bases: pd.DataFrame, division: str = "maakunta") -> Area:
    """Return the units of `division` holding the bases, as an area (the bases' own region).

    Home support run with one region's bases reports that region's clients: clients hundreds of
    kilometres away are no finding about those bases.
    """
    from coverage.area import Area  # noqa: PLC0415

    codes = _clean_bases(ds, bases)["kunta_code"]
    unit_of = ds.membership.set_index("kunta_code")[division]
    units = sorted(set(codes.map(unit_of).dropna().astype(str)))
    return Area.of(*(f"{division}:{u}" for u in units)).resolve(ds)
