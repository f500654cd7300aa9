"""One analysis run over the working dataset: parameters in, tables out.

The CLI and the app both call these functions, so a number means the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial import cKDTree

from coverage.accessibility import (
    Accessibility,
    ProviderFilter,
    additive_sums,
    mainland_left_none,
    regroup,
    unit_table,
    weighted_quantiles,
)
from coverage.data.regions import aland_codes
from coverage.data.schema import DIVISIONS
from coverage.defaults import (
    DEFAULT_CIRCUITY,
    DEFAULT_NEED_RATES,
    DEFAULT_THRESHOLD_KM,
    LEVELS,
    NeedRates,
)
from coverage.errors import InputError
from coverage.gaps import find_gaps
from coverage.need import need

if TYPE_CHECKING:
    import pandas as pd

    from coverage.data.dataset import Dataset


@dataclass(frozen=True)
class Scenario:
    """Analysis parameters. Distances in km here; the engine works in metres."""

    threshold_km: float = DEFAULT_THRESHOLD_KM
    circuity: float = DEFAULT_CIRCUITY
    provider_filter: ProviderFilter = field(default_factory=ProviderFilter)
    need_rates: NeedRates = DEFAULT_NEED_RATES
    need_levels: tuple[int, ...] = LEVELS
    catchment_km: float | None = None  # E2SFCA catchment; None = threshold
    mainland_only: bool = False  # leave Åland out (it organises its own services)

    def __post_init__(self) -> None:
        """Refuse impossible parameters with a message that says what is allowed."""
        if not self.threshold_km > 0:
            msg = f"threshold {self.threshold_km} km: give a positive distance"
            raise InputError(msg)
        if not 1.0 <= self.circuity <= 3.0:  # noqa: PLR2004
            msg = f"circuity {self.circuity}: use 1.0 (straight line) to 3.0"
            raise InputError(msg)


@dataclass(frozen=True)
class Prepared:
    """Scenario inputs resolved against a dataset: the cells and providers in play."""

    cells: pd.DataFrame
    providers: pd.DataFrame
    need: np.ndarray
    access: Accessibility
    scenario: Scenario
    kunta_index: np.ndarray  # row of each cell's municipality in `kunta_codes`
    kunta_codes: np.ndarray
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def division_index(
        self, membership: pd.DataFrame, division: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (sorted unit codes, each cell's unit row): integer work, no per-cell strings."""
        key = ("division", division)
        if key not in self._cache:
            if division not in DIVISIONS:
                msg = f"unknown division {division!r}; use one of {', '.join(DIVISIONS)}"
                raise InputError(msg)
            unit_of_kunta = (
                membership.set_index("kunta_code")[division].reindex(self.kunta_codes).tolist()
            )
            codes = np.array(sorted(set(unit_of_kunta), key=_code_order), dtype=object)
            row = {c: i for i, c in enumerate(codes)}
            kunta_to_unit = np.array([row[u] for u in unit_of_kunta], dtype=np.int64)
            self._cache[key] = (codes, kunta_to_unit[self.kunta_index])
            self._cache[("kunta_to_unit", division)] = kunta_to_unit
        return self._cache[key]

    def division_kunta_map(self, membership: pd.DataFrame, division: str) -> np.ndarray:
        """Return the unit row of each municipality in `kunta_codes` for `division`."""
        self.division_index(membership, division)
        return self._cache[("kunta_to_unit", division)]

    def e2sfca(self) -> np.ndarray:
        """Return the E2SFCA ratio per cell (hours/week per person in need), computed once."""
        if "e2sfca" not in self._cache:
            catchment = (self.scenario.catchment_km or self.scenario.threshold_km) * 1000
            self._cache["e2sfca"] = self.access.e2sfca(self.need, catchment_m=catchment)
        return self._cache["e2sfca"]

    @property
    def distance_order(self) -> np.ndarray:
        """Return argsort of nearest distances (shared by every division's quantiles)."""
        if "order" not in self._cache:
            self._cache["order"] = np.argsort(self.access.nearest_m, kind="stable")
        return self._cache["order"]

    @property
    def threshold_m(self) -> float:
        """Return the threshold in metres."""
        return self.scenario.threshold_km * 1000

    def weights(self) -> dict[str, np.ndarray]:
        """Return per-cell population, 65+, 75+ and need (arrays, extracted once)."""
        if "weights" not in self._cache:
            self._cache["weights"] = {
                "population": self.cells["population"].to_numpy(float),
                "pop_65plus": self.cells["pop_65plus"].to_numpy(float),
                "pop_75plus": self.cells["pop_75plus"].to_numpy(float),
                "need": self.need,
            }
        return self._cache["weights"]


def prepare(ds: Dataset, scenario: Scenario, providers: pd.DataFrame | None = None) -> Prepared:
    """Resolve the scenario: filter providers, compute need and nearest distances."""
    cells = ds.demand
    source = ds.providers if providers is None else providers
    provs = scenario.provider_filter.apply(source)
    if provs.empty:  # nothing to measure from: say which filter emptied the set
        raise InputError([scenario.provider_filter.why_empty(source)])
    if scenario.mainland_only:
        aland = aland_codes(ds.membership)
        cells = cells[~cells["kunta_code"].isin(aland)].reset_index(drop=True)
        on_aland = provs
        provs = provs[~provs["kunta_code"].isin(aland)]
        if provs.empty:
            codes = tuple(sorted(on_aland["kunta_code"].astype(str).unique()))
            raise InputError([mainland_left_none(len(on_aland), codes)])
    provs = provs.reset_index(drop=True)
    scope = "mainland" if scenario.mainland_only else "all"
    cell_xy = ds.derived(f"cell_xy:{scope}", lambda: cells[["x", "y"]].to_numpy(float))
    access = Accessibility.from_frames(
        cells, provs, circuity=scenario.circuity, cell_xy=cell_xy,
        cell_tree=ds.derived(f"cell_tree:{scope}", lambda: cKDTree(cell_xy)),
    )
    kunta_codes, kunta_index = ds.derived(
        f"kunta_index:{scope}",
        lambda: np.unique(cells["kunta_code"].to_numpy(str), return_inverse=True),
    )
    return Prepared(
        cells=cells,
        providers=provs,
        need=need(cells, rates=scenario.need_rates, levels=scenario.need_levels),
        access=access,
        scenario=scenario,
        kunta_index=kunta_index,
        kunta_codes=kunta_codes.astype(object),
    )


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), code) if str(code).isdigit() else (10**9, str(code))


def access_table(
    ds: Dataset, prepared: Prepared, division: str, *, with_e2sfca: bool = True
) -> pd.DataFrame:
    """Return coverage per unit of `division` with unit names (fi, sv).

    Additive figures are summed once per municipality and regrouped to the division; only the
    distance quantiles go back to the cells. `coverage_by_unit` is the one-pass reference.
    """
    codes, inverse = prepared.division_index(ds.membership, division)
    key = ("kunta_sums", with_e2sfca)
    if key not in prepared._cache:
        prepared._cache[key] = additive_sums(
            prepared.kunta_index, len(prepared.kunta_codes), prepared.weights(),
            prepared.access.nearest_m, threshold_m=prepared.threshold_m,
            access_ratio=prepared.e2sfca() if with_e2sfca else None,
        )
    kunta_to_unit = prepared.division_kunta_map(ds.membership, division)
    sums = regroup(prepared._cache[key], kunta_to_unit, len(codes))
    median, p90 = weighted_quantiles(
        prepared.access.nearest_m, prepared.weights()["population"], inverse, len(codes),
        (0.5, 0.9),
        value_order=prepared.distance_order,
    )
    table = unit_table(codes, sums, median, p90)
    names = _unit_names(ds, division)
    table.insert(1, "unit_name", [names[c][0] for c in codes])
    table.insert(2, "unit_name_sv", [names[c][1] for c in codes])
    return table


def _unit_names(ds: Dataset, division: str) -> dict[str, tuple[str, str]]:
    def make() -> dict[str, tuple[str, str]]:
        units = ds.units_of(division)
        return dict(zip(units["unit_code"], zip(units["name_fi"], units["name_sv"], strict=True),
                        strict=True))

    return ds.derived(f"unit_names:{division}", make)


def gaps_table(
    ds: Dataset, prepared: Prepared, *, nearest_min: np.ndarray | None = None,
    threshold_min: float | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return gap areas ranked by unmet need and each cell's gap label.

    By distance (the scenario's threshold), or by road travel time when `nearest_min` (minutes
    per cell, e.g. `network.travel_time_access(...).nearest_min`) and `threshold_min` are given.
    """
    by_time = nearest_min is not None
    if by_time and not (threshold_min and threshold_min > 0):
        msg = "gaps by travel time need a positive threshold in minutes"
        raise InputError(msg)
    munis = ds.municipalities.set_index("kunta_code")
    members = ds.membership.set_index("kunta_code")
    maakunta_names = ds.units_of("maakunta").set_index("unit_code")["name_fi"]
    kunta_seats = ds.units_of("kunta")[["unit_code", "seat_x", "seat_y"]].rename(
        columns={"unit_code": "kunta_code", "seat_x": "x", "seat_y": "y"}
    )
    return find_gaps(
        prepared.cells, prepared.need, nearest_min if by_time else prepared.access.nearest_m,
        threshold_m=threshold_min if by_time else prepared.threshold_m, settlements=ds.settlements,
        unit="min" if by_time else "km",
        kunta_names=munis["name_fi"], region_of_kunta=members["maakunta"].map(maakunta_names),
        kunta_centres=kunta_seats, kunta_code=prepared.kunta_index,
        kunta_labels=prepared.kunta_codes,
    )
