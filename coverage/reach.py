"""One measure of reach for the whole library: straight line, car or walking.

A `Reach` says how "near" is measured and where it stops (threshold in the reach's unit: km for
the straight line, minutes by car or on foot). `resolve_cost` turns it, once per scenario, into a
`ReachCost`: the cost from every demand cell to its nearest, second and third provider in that
unit, the pairs within a catchment (E2SFCA) and the cost from a unit's seat to its cells. Every
table, gap, comparison and page reads the cost from there, whatever the mode.

Expensive objects (the road network, a road engine for one provider set) are remembered in a
`Memo` that the caller owns and passes in; nothing here keeps global state.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from coverage import defaults
from coverage.accessibility import Accessibility, gaussian_decay
from coverage.errors import InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    import pandas as pd

    from coverage.data.dataset import Dataset
    from coverage.network import RoadNetwork, TravelTimeAccessibility
    from coverage.streets import StreetNetwork

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MODE_STRAIGHT = "straight"
MODE_DRIVE = "drive"
MODE_WALK = "walk"
MODES: tuple[str, ...] = (MODE_STRAIGHT, MODE_DRIVE, MODE_WALK)
"""straight: km as the crow flies x circuity; drive: minutes by car on a road network; walk:
minutes on foot (straight line x circuity at the walking speed, or a street network)."""

UNIT_KM = "km"
UNIT_MIN = "min"
UNITS: dict[str, str] = {MODE_STRAIGHT: UNIT_KM, MODE_DRIVE: UNIT_MIN, MODE_WALK: UNIT_MIN}
DEFAULT_THRESHOLDS: dict[str, float] = {
    MODE_STRAIGHT: defaults.DEFAULT_THRESHOLD_KM,
    MODE_DRIVE: defaults.DEFAULT_THRESHOLD_MIN,
    MODE_WALK: defaults.DEFAULT_WALK_THRESHOLD_MIN,
}
CIRCUITY_RANGE: tuple[float, float] = (defaults.MIN_CIRCUITY, defaults.MAX_CIRCUITY)
"""Allowed circuity: 1.0 (straight line) to 3.0 (a very winding road)."""
MAX_THRESHOLDS: dict[str, float] = {
    UNIT_KM: defaults.MAX_THRESHOLD_KM, UNIT_MIN: defaults.MAX_THRESHOLD_MIN,
}
"""No threshold or catchment larger than the country (defaults.py says why)."""

CLOSENESS_SCALE_MIN = 10.0
"""Closeness in minutes = 1 / (1 + minutes / 10): 1 at a provider, 0.5 at 10 min. A convention,
like the km variant's 1 / (1 + km); Theil T does not change when every x is multiplied by a
constant, but the scale sets how fast closeness falls."""

SECONDS_PER_MINUTE = 60.0
METRES_PER_KM = 1000.0


def _problem(field_name: str, message: str) -> Problem:
    return Problem("reach", None, field_name, message)


@dataclass(frozen=True)
class Reach:
    """How "near" is measured, and the threshold of "covered" in the reach's unit.

    `threshold` None takes the mode's default (`DEFAULT_THRESHOLDS`); `catchment` None is the
    threshold. `circuity` multiplies straight lines (straight mode, walking without a street
    network, and the access legs of the road modes). `network` None: drive on the dataset's
    national road graph, walk over straight line x circuity; a path: an OSM street network.
    """

    mode: str = MODE_STRAIGHT
    threshold: float | None = None
    catchment: float | None = None
    circuity: float = defaults.DEFAULT_CIRCUITY
    walk_speed_kmh: float = defaults.DEFAULT_WALK_SPEED_KMH
    access_speed_kmh: float = defaults.ACCESS_SPEED_KMH
    network: str | None = None

    def __post_init__(self) -> None:
        """Fill the mode's default threshold; refuse impossible values, saying what is allowed."""
        if self.mode not in MODES:
            msg = f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}"
            raise InputError([_problem("mode", msg)])
        if self.threshold is None:
            object.__setattr__(self, "threshold", DEFAULT_THRESHOLDS[self.mode])
        problems = [
            _problem(name, f"{name} {value!r}: give a positive number ({unit})")
            for name, value, unit in (
                ("threshold", self.threshold, self.unit),
                ("catchment", self.catchment, self.unit),
                ("walk_speed_kmh", self.walk_speed_kmh, "km/h"),
                ("access_speed_kmh", self.access_speed_kmh, "km/h"),
            )
            if value is not None and not _positive(value)
        ]
        problems += [
            _problem(name, f"{name} {value!r}: at most {high:g} {unit} ({why})")
            for name, value, high, unit, why in (
                ("threshold", self.threshold, MAX_THRESHOLDS[self.unit], self.unit,
                 "larger than the country"),
                ("catchment", self.catchment, MAX_THRESHOLDS[self.unit], self.unit,
                 "larger than the country"),
                ("walk_speed_kmh", self.walk_speed_kmh, defaults.MAX_WALK_SPEED_KMH, "km/h",
                 "walking"),
                ("access_speed_kmh", self.access_speed_kmh, defaults.MAX_SPEED_KMH, "km/h",
                 "above every speed limit"),
            )
            if value is not None and _positive(value) and value > high
        ]
        lo, hi = CIRCUITY_RANGE
        if not (_number(self.circuity) and lo <= self.circuity <= hi):
            msg = f"circuity {self.circuity!r}: use {lo} (straight line) to {hi}"
            problems.append(_problem("circuity", msg))
        if self.network is not None and self.mode == MODE_STRAIGHT:
            problems.append(_problem("network", "a street network needs mode drive or walk"))
        if problems:
            raise InputError(problems)
        for name in ("threshold", "circuity", "walk_speed_kmh", "access_speed_kmh"):
            object.__setattr__(self, name, float(getattr(self, name)))
        if self.catchment is not None:
            object.__setattr__(self, "catchment", float(self.catchment))

    @property
    def unit(self) -> str:
        """Return "km" for the straight line, "min" for drive and walk."""
        return UNITS[self.mode]

    @property
    def catchment_or_threshold(self) -> float:
        """Return the E2SFCA catchment in the reach's unit (the threshold unless set)."""
        return self.catchment if self.catchment is not None else float(self.threshold)

    def to_dict(self) -> dict[str, Any]:
        """Return the reach as JSON-able values (`from_dict` gives it back)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reach:
        """Return the reach of `to_dict`; unknown keys are refused by name."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            msg = f"unknown reach setting(s) {', '.join(unknown)}; use {', '.join(sorted(known))}"
            raise InputError([_problem(unknown[0], msg)])
        return cls(**d)


def _number(value: object) -> bool:
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)


def _positive(value: object) -> bool:
    return _number(value) and np.isfinite(value) and value > 0


# --- Memo: caches owned by the caller ------------------------------------------------------------


@dataclass
class Memo:
    """Costly objects shared between scenarios, owned by whoever holds the memo.

    The CLI makes one per run; the app keeps one per process in `ui/cached.py`. Entries are keyed
    by everything they depend on; at most `max_entries` are kept (oldest dropped first).
    """

    max_entries: int = 16
    _entries: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:  # noqa: ANN401
        """Return the entry of `key`, built by `build()` the first time.

        Built once, under a lock: sessions of the app share the memo.
        """
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            value = build()
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            return value

    def road_network(self, ds: Dataset, reach: Reach) -> RoadNetwork:
        """Return the road network of the reach: the dataset's national graph unless a file."""
        from coverage.network import load_road_network  # noqa: PLC0415

        if reach.network is not None:
            return self.street_network(reach).network
        return self.get(_network_key(ds), lambda: load_road_network(ds.path))

    def street_network(self, reach: Reach) -> StreetNetwork:
        """Return the street network of the reach's OSM file, read once per file and setting."""
        from coverage.streets import load_street_network  # noqa: PLC0415

        path = Path(str(reach.network))
        try:
            stat = path.stat()
        except OSError as exc:
            msg = f"street network file {path} cannot be read: {exc.strerror or exc}"
            raise InputError([_problem("network", msg)]) from exc
        key = ("street_network", str(path.resolve()), stat.st_mtime_ns, stat.st_size, reach.mode,
               reach.walk_speed_kmh)
        return self.get(key, lambda: load_street_network(
            path, mode=reach.mode, walk_speed_kmh=reach.walk_speed_kmh))

    def use_road_network(self, ds: Dataset, network: RoadNetwork) -> None:
        """Make `network` the dataset's road network in this memo (e.g. a test or an OSM graph)."""
        with self._lock:
            self._entries[_network_key(ds)] = network

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        """Return how many entries are kept."""
        return len(self._entries)


def _network_key(ds: Dataset) -> tuple[str, str, str]:
    return ("road_network", str(ds.path), str(ds.dataset_id))


def array_digest(*arrays: npt.ArrayLike) -> str:
    """Return a short hash of arrays' bytes (a cache key for point sets)."""
    digest = hashlib.blake2b(digest_size=16)
    for arr in arrays:
        digest.update(np.ascontiguousarray(arr).tobytes())
    return digest.hexdigest()


# --- The cost of reaching providers --------------------------------------------------------------


def _ranked_item(i: int, doc: str) -> property:
    """Return a read-only property: item `i` of the cost's `_ranked` arrays."""
    return property(lambda self: self._ranked[i], doc=doc)


class ReachCost:
    """Cost from every cell to its providers in one unit ("km" or "min"), resolved once.

    Subclasses give `_ranked` (nearest, second, third cost and the nearest's row), `pairs_within`
    and `from_seats`; everything else is shared, so every mode answers the same questions.
    """

    unit: str
    n_cells: int
    n_providers: int
    capacity: FloatArray | None
    outside: npt.NDArray[np.bool_] | None = None  # cells the network cannot reach (its extent)
    outside_source: str = ""

    def check_measured(self, people: npt.ArrayLike, cell_mask: npt.ArrayLike | None = None) -> None:
        """Refuse to count people the network does not reach (cells outside a file's extent).

        `cell_mask` limits the check to the cells a table counts (an area); None = all.
        """
        if self.outside is None:
            return
        lost = self.outside & (np.asarray(people, dtype=float) > 0)
        if cell_mask is not None:
            lost &= np.asarray(cell_mask, dtype=bool)
        if lost.any():
            n_people = float(np.asarray(people, dtype=float)[lost].sum())
            msg = (f"{int(lost.sum())} populated cells ({n_people:,.0f} people) lie outside the "
                   f"street network of {self.outside_source}; choose an area inside it (--area) "
                   "or a file that covers the whole area")
            raise InputError([_problem("network", msg)])

    @property
    def _ranked(self) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        raise NotImplementedError

    nearest = _ranked_item(0, "Cost to the nearest provider per cell (inf if none).")
    second = _ranked_item(1, "Cost to the second-nearest provider (inf if fewer than two).")
    third = _ranked_item(2, "Cost to the third-nearest provider (inf if fewer than three).")
    nearest_index = _ranked_item(3, "Row of each cell's nearest provider (-1 if none).")

    @cached_property
    def distance_order(self) -> IntArray:
        """Return argsort of `nearest` (shared by every division's quantiles)."""
        return np.argsort(self.nearest, kind="stable")

    def rank_order(self, i: int) -> IntArray:
        """Return argsort of the cost to the (i+1)-th provider, computed once per rank."""
        if i == 0:
            return self.distance_order
        orders = self.__dict__.setdefault("_rank_orders", {})
        if i not in orders:
            orders[i] = np.argsort(self._ranked[i], kind="stable")
        return orders[i]

    def covered(self, threshold: float, *, providers: int = 1) -> npt.NDArray[np.bool_]:
        """Return whether each cell has at least `providers` (1-3) providers within `threshold`."""
        ranked = {1: self.nearest, 2: self.second, 3: self.third}
        if providers not in ranked:
            msg = f"providers {providers!r}: count 1, 2 or 3 providers"
            raise InputError([_problem("providers", msg)])
        return ranked[providers] <= threshold

    def pairs_within(self, catchment: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Return (cell, provider, cost) for every pair within `catchment`."""
        raise NotImplementedError

    def from_seats(self, seat_xy: FloatArray, target_xy: FloatArray,
                   target_seat: IntArray) -> FloatArray:
        """Return the cost from the seat of each target's unit (`target_seat`) to the target."""
        raise NotImplementedError

    def closeness(self) -> FloatArray:
        """Return 1 / (1 + cost) per cell (km, or minutes / `CLOSENESS_SCALE_MIN`); 0: none."""
        scale = 1.0 if self.unit == UNIT_KM else CLOSENESS_SCALE_MIN
        cost = self.nearest
        return np.where(np.isfinite(cost), 1.0 / (1.0 + cost / scale), 0.0)

    def e2sfca(self, demand_weight: FloatArray, catchment: float,
               supply: FloatArray | None = None) -> FloatArray:
        """Return the enhanced two-step floating catchment ratio per cell (Luo & Qi 2009).

        R_j = S_j / Σ_k P_k w(c_kj), A_i = Σ_j R_j w(c_ij) over the pairs within `catchment`,
        with Gaussian decay on the cost (σ = catchment / 2). Supply per person of
        `demand_weight` (capacity hours/week per person in need with the defaults).
        """
        supply = self.capacity if supply is None else np.asarray(supply, dtype=float)
        if supply is None:
            supply = np.ones(self.n_providers)
        cells, provs, cost = self.pairs_within(catchment)
        w = gaussian_decay(catchment)(cost)
        demand_weight = np.asarray(demand_weight, dtype=float)
        demand_at = np.bincount(provs, weights=demand_weight[cells] * w, minlength=self.n_providers)
        ratio = np.divide(supply, demand_at, out=np.zeros(self.n_providers), where=demand_at > 0)
        return np.bincount(cells, weights=ratio[provs] * w, minlength=self.n_cells)


class LinearCost(ReachCost):
    """Cost proportional to the straight line x circuity: km (straight) or minutes on foot.

    `per_km` converts km (after circuity) to the unit: 1 for km, 60 / speed for minutes. The
    threshold tests run in metres on the engine's own numbers, so km results match exactly.
    """

    def __init__(self, access: Accessibility, *, unit: str, per_km: float) -> None:
        self.access = access
        self.unit = unit
        self.per_km = float(per_km)
        self.n_cells = len(access.cell_xy)
        self.n_providers = access.n_providers
        self.capacity = access.capacity

    def _to_unit(self, metres: FloatArray) -> FloatArray:
        km = np.asarray(metres, dtype=float) / METRES_PER_KM
        return km if self.per_km == 1.0 else km * self.per_km

    def _to_metres(self, cost: float) -> float:
        return cost / self.per_km * METRES_PER_KM

    @cached_property
    def _ranked(self) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        a = self.access
        return (self._to_unit(a.nearest_m), self._to_unit(a.second_nearest_m),
                self._to_unit(a.third_nearest_m), a.nearest_index)

    def covered(self, threshold: float, *, providers: int = 1) -> npt.NDArray[np.bool_]:
        """Return whether each cell has at least `providers` providers within `threshold`."""
        a = self.access
        ranked = {1: a.nearest_m, 2: a.second_nearest_m, 3: a.third_nearest_m}
        if providers not in ranked:
            return super().covered(threshold, providers=providers)
        return ranked[providers] <= self._to_metres(threshold)

    def pairs_within(self, catchment: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Return (cell, provider, cost) for every pair within `catchment`."""
        cells, provs, metres = self.access.pairs_within(self._to_metres(catchment))
        return cells, provs, self._to_unit(metres)

    def e2sfca(self, demand_weight: FloatArray, catchment: float,
               supply: FloatArray | None = None) -> FloatArray:
        """Return the E2SFCA ratio per cell (the straight-line engine's, on metres)."""
        return self.access.e2sfca(np.asarray(demand_weight, dtype=float),
                                  catchment_m=self._to_metres(catchment), supply=supply)

    def from_seats(self, seat_xy: FloatArray, target_xy: FloatArray,
                   target_seat: IntArray) -> FloatArray:
        """Return the straight line x circuity from each target's seat, in the unit."""
        seat = np.asarray(seat_xy, dtype=float).reshape(-1, 2)[np.asarray(target_seat)]
        metres = np.hypot(*(np.asarray(target_xy, dtype=float).reshape(-1, 2) - seat).T)
        return self._to_unit(metres * self.access.circuity)


class NetworkCost(ReachCost):
    """Minutes by road: a `network.TravelTimeAccessibility` as a reach cost."""

    unit = UNIT_MIN

    def __init__(self, engine: TravelTimeAccessibility, memo: Memo | None = None, *,
                 outside: npt.NDArray[np.bool_] | None = None, outside_source: str = "") -> None:
        self.engine = engine
        self.memo = memo if memo is not None else Memo()
        self.n_cells = len(engine.cell_xy)
        self.n_providers = engine.n_providers
        self.capacity = engine.capacity
        self.outside = outside  # cells beyond a street file's extent (tables refuse them)
        self.outside_source = outside_source

    @cached_property
    def _ranked(self) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        e = self.engine
        return e.nearest_min, e.second_nearest_min, e.third_nearest_min, e.nearest_index

    def pairs_within(self, catchment: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Return (cell, provider, minutes) for every pair within `catchment` minutes (exact)."""
        return self.engine.pairs_within(catchment)

    def from_seats(self, seat_xy: FloatArray, target_xy: FloatArray,
                   target_seat: IntArray) -> FloatArray:
        """Return minutes by road from each target's seat (exact, remembered in the memo)."""
        from coverage.network import seat_travel_minutes  # noqa: PLC0415

        e = self.engine
        key = ("seat_minutes", id(e.network), array_digest(seat_xy, target_xy, target_seat),
               e.access_speed_kmh, e.circuity)

        def build() -> FloatArray:
            times = seat_travel_minutes(e.network, seat_xy, target_xy, target_seat,
                                        access_speed_kmh=e.access_speed_kmh, circuity=e.circuity)
            times.setflags(write=False)
            return times

        return self.memo.get(key, build)


def resolve_cost(reach: Reach, cells: pd.DataFrame, providers: pd.DataFrame, *,
                 access: Accessibility, ds: Dataset | None = None,
                 memo: Memo | None = None) -> ReachCost:
    """Return the reach's cost from `cells` to `providers` (the straight engine is `access`).

    Road engines are remembered in `memo` per network, cells, providers and legs, so switching
    back to a scenario seen before costs nothing.
    """
    if reach.mode == MODE_STRAIGHT:
        return LinearCost(access, unit=UNIT_KM, per_km=1.0)
    if reach.mode == MODE_WALK and reach.network is None:
        per_km = SECONDS_PER_MINUTE / reach.walk_speed_kmh
        walk = access if access.circuity == reach.circuity else Accessibility(
            cell_xy=access.cell_xy, provider_xy=access.provider_xy, capacity=access.capacity,
            circuity=reach.circuity, cell_tree=access.cell_tree)
        return LinearCost(walk, unit=UNIT_MIN, per_km=per_km)
    if reach.network is not None:
        return _street_cost(reach, access, memo if memo is not None else Memo())
    from coverage.network import TravelTimeAccessibility  # noqa: PLC0415

    memo = memo if memo is not None else Memo()
    if ds is None:
        msg = "drive mode needs the dataset (its road network)"
        raise InputError([_problem("mode", msg)])
    network = memo.road_network(ds, reach)
    cell_xy = access.cell_xy
    key = ("drive_engine", id(network), array_digest(cell_xy), array_digest(access.provider_xy),
           array_digest(np.nan_to_num(access.capacity)) if access.capacity is not None else None,
           reach.access_speed_kmh, reach.circuity)
    engine = memo.get(key, lambda: TravelTimeAccessibility(
        cell_xy, access.provider_xy, network, capacity=access.capacity,
        access_speed_kmh=reach.access_speed_kmh, circuity=reach.circuity))
    return NetworkCost(engine, memo)


def _street_cost(reach: Reach, access: Accessibility, memo: Memo) -> NetworkCost:
    """Return minutes on the street network of the reach's file (walking or driving).

    The file has the streets, so no direct trips; on foot the legs to the streets are walked.
    Cells outside the file's extent are marked (`NetworkCost.outside`): tables refuse to count
    people there rather than route them across the edge of the file.
    """
    from coverage.network import TravelTimeAccessibility  # noqa: PLC0415

    street = memo.street_network(reach)
    leg_kmh = reach.walk_speed_kmh if reach.mode == MODE_WALK else reach.access_speed_kmh
    key = ("street_engine", id(street), array_digest(access.cell_xy),
           array_digest(access.provider_xy),
           array_digest(np.nan_to_num(access.capacity)) if access.capacity is not None else None,
           leg_kmh, reach.circuity)
    engine = memo.get(key, lambda: TravelTimeAccessibility(
        access.cell_xy, access.provider_xy, street.network, capacity=access.capacity,
        access_speed_kmh=leg_kmh, circuity=reach.circuity, direct_max_km=0.0))
    return NetworkCost(engine, memo, outside=street.outside_extent(access.cell_xy),
                       outside_source=street.source)
