"""One analysis run over the working dataset: parameters in, tables out.

The CLI and the app both call these functions, so a number means the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.spatial import cKDTree

from coverage.accessibility import (
    CHOICE_RANKS,
    Accessibility,
    ProviderFilter,
    RankedCosts,
    additive_sums,
    mainland_left_none,
    regroup,
    unit_table,
)
from coverage.area import restrict
from coverage.data.regions import aland_codes
from coverage.data.schema import DIVISIONS
from coverage.defaults import DEFAULT_NEED_RATES, LEVELS, NeedRates
from coverage.errors import InputError
from coverage.gaps import GapPlaces, find_gaps
from coverage.need import need
from coverage.reach import MODE_STRAIGHT, Memo, Reach, ReachCost, resolve_cost

if TYPE_CHECKING:
    import pandas as pd

    from coverage.area import Area
    from coverage.data.dataset import Dataset


@dataclass(frozen=True)
class Scenario:
    """Analysis parameters: how reach is measured, which providers count, whose need."""

    reach: Reach = field(default_factory=Reach)
    provider_filter: ProviderFilter = field(default_factory=ProviderFilter)
    need_rates: NeedRates = DEFAULT_NEED_RATES
    need_levels: tuple[int, ...] = LEVELS
    mainland_only: bool = False  # leave Åland out (it organises its own services)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as JSON-able values (`from_dict` gives it back)."""
        return {
            "reach": self.reach.to_dict(),
            "provider_filter": {f.name: list(getattr(self.provider_filter, f.name))
                                if isinstance(getattr(self.provider_filter, f.name), tuple)
                                else getattr(self.provider_filter, f.name)
                                for f in fields(ProviderFilter)},
            "need_rates": {band: {str(level): rate for level, rate in levels.items()}
                           for band, levels in self.need_rates.rates.items()},
            "need_levels": list(self.need_levels),
            "mainland_only": self.mainland_only,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scenario:
        """Return the scenario of `to_dict`; unknown keys are refused by name."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            msg = (f"unknown scenario setting(s) {', '.join(unknown)}; "
                   f"use {', '.join(sorted(known))}")
            raise InputError(msg)
        out: dict[str, Any] = {}
        if "reach" in d:
            out["reach"] = Reach.from_dict(d["reach"])
        if "provider_filter" in d:
            pf = d["provider_filter"]
            out["provider_filter"] = ProviderFilter(
                **{k: tuple(v) if isinstance(v, list) else v for k, v in pf.items()})
        if "need_rates" in d:
            out["need_rates"] = NeedRates(
                {band: {int(level): float(rate) for level, rate in levels.items()}
                 for band, levels in d["need_rates"].items()})
        if "need_levels" in d:
            out["need_levels"] = tuple(int(level) for level in d["need_levels"])
        if "mainland_only" in d:
            out["mainland_only"] = bool(d["mainland_only"])
        return cls(**out)


@dataclass(frozen=True)
class Prepared:
    """Scenario inputs resolved against a dataset.

    The cells and providers in play, and the cost of reaching the providers in the reach's unit
    (`cost`), computed once.
    """

    cells: pd.DataFrame
    providers: pd.DataFrame
    need: np.ndarray
    access: Accessibility  # straight-line geometry (cell and provider points, circuity)
    scenario: Scenario
    kunta_index: np.ndarray  # row of each cell's municipality in `kunta_codes`
    kunta_codes: np.ndarray
    cost: ReachCost
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def reach(self) -> Reach:
        """Return the scenario's reach."""
        return self.scenario.reach

    @property
    def unit(self) -> str:
        """Return the unit of every cost of this scenario ("km" or "min")."""
        return self.cost.unit

    @property
    def threshold(self) -> float:
        """Return the coverage threshold in the reach's unit."""
        return float(self.scenario.reach.threshold)

    def covered(self, *, providers: int = 1) -> np.ndarray:
        """Return per cell whether at least `providers` (1-3) providers are within the threshold."""
        return self.cost.covered(self.threshold, providers=providers)

    @property
    def threshold_m(self) -> float:
        """Return the threshold in metres (straight-line mode only: planning by km)."""
        if self.reach.mode != MODE_STRAIGHT:
            msg = f"a threshold in metres exists only in straight mode, not {self.reach.mode!r}"
            raise InputError(msg)
        return self.threshold * 1000

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
            self._cache["e2sfca"] = self.cost.e2sfca(self.need, self.reach.catchment_or_threshold)
        return self._cache["e2sfca"]

    @property
    def distance_order(self) -> np.ndarray:
        """Return argsort of the nearest cost (shared by every division's quantiles)."""
        return self.cost.distance_order

    def ranked_costs(self, i: int) -> RankedCosts:
        """Return the cost to the (i+1)-th provider ranked per municipality, built once.

        Population weights; every division's quantiles come from it.
        """
        key = ("ranked_costs", i)
        if key not in self._cache:
            cost = (self.cost.nearest, self.cost.second, self.cost.third)[i]
            self._cache[key] = RankedCosts.build(
                cost, self.weights()["population"], self.kunta_index, len(self.kunta_codes),
                value_order=self.cost.rank_order(i))
        return self._cache[key]

    def kunta_sums(self, *, with_e2sfca: bool = True) -> dict[str, np.ndarray]:
        """Return the additive coverage sums per municipality (regrouped to any division)."""
        key = ("kunta_sums", with_e2sfca)
        if key not in self._cache:
            self._cache[key] = additive_sums(
                self.kunta_index, len(self.kunta_codes), self.weights(), self.cost.nearest,
                covered=self.covered(), covered2=self.covered(providers=2),
                access_ratio=self.e2sfca() if with_e2sfca else None,
            )
        return self._cache[key]

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


def prepare(ds: Dataset, scenario: Scenario, providers: pd.DataFrame | None = None,
            memo: Memo | None = None) -> Prepared:
    """Resolve the scenario: filter providers, compute need and the cost of reach (once).

    `memo` keeps what costs seconds to build (the road network and its engines) between calls;
    pass the same one to reuse them, or none for a one-off run.
    """
    memo = memo if memo is not None else Memo()
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
        cells, provs, circuity=scenario.reach.circuity, cell_xy=cell_xy,
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
        cost=resolve_cost(scenario.reach, cells, provs, access=access, ds=ds, memo=memo),
        memo=memo,
    )


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), code) if str(code).isdigit() else (10**9, str(code))


def access_table(
    ds: Dataset, prepared: Prepared, division: str, *, with_e2sfca: bool = True,
    area: Area | None = None,
) -> pd.DataFrame:
    """Return coverage per unit of `division` with unit names (fi, sv), costs in the reach's unit.

    Additive figures are summed once per municipality and regrouped to the division; only the
    cost quantiles go back to the cells. `coverage_by_unit` is the one-pass reference.
    With an `area`, only its cells count: one row per unit with a municipality in the area, its
    figures those of the unit's part inside the area (the national run's cells, not a new run).
    """
    _check_measured(ds, prepared, area)
    codes, _cell_unit = prepared.division_index(ds.membership, division)
    kunta_to_unit = prepared.division_kunta_map(ds.membership, division)
    n = len(codes)
    kept = None
    if area is not None and not area.is_country:  # the rest of the country: one extra row, dropped
        codes, kunta_to_unit, kept = restrict(area, ds, codes, prepared.kunta_codes, kunta_to_unit)
        n = len(codes)
    sums = regroup(prepared.kunta_sums(with_e2sfca=with_e2sfca), kunta_to_unit, n)
    median, p90 = prepared.ranked_costs(0).quantiles(kunta_to_unit, n, (0.5, 0.9))
    choice = {}
    for i, rank in enumerate(CHOICE_RANKS, start=1):
        (choice_median,) = prepared.ranked_costs(i).quantiles(kunta_to_unit, n, (0.5,))
        choice[f"median_{rank}_{prepared.unit}"] = np.where(
            np.isfinite(choice_median), choice_median, np.nan)
    table = unit_table(codes, sums, median, p90, unit=prepared.unit, choice=choice)
    if kept is not None:
        table = table.iloc[kept].reset_index(drop=True)
        codes = codes[kept]
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


def gaps_table(ds: Dataset, prepared: Prepared, *,
               area: Area | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Return gap areas ranked by unmet need and each cell's gap label, in the reach's unit.

    Gap areas end at municipal borders; with an `area`, only its cells are gaps. In straight
    mode each gap's suggested point reaches the most of its need within the threshold.
    """
    _check_measured(ds, prepared, area)
    munis = ds.municipalities.set_index("kunta_code")
    members = ds.membership.set_index("kunta_code")
    maakunta_names = ds.units_of("maakunta").set_index("unit_code")["name_fi"]
    kunta_seats = ds.units_of("kunta")[["unit_code", "seat_x", "seat_y"]].rename(
        columns={"unit_code": "kunta_code", "seat_x": "x", "seat_y": "y"}
    )
    places = GapPlaces(
        settlements=ds.settlements, kunta_names=munis["name_fi"],
        region_of_kunta=members["maakunta"].map(maakunta_names), kunta_centres=kunta_seats,
    )
    return find_gaps(
        prepared.cells, prepared.need, prepared.cost.nearest, threshold=prepared.threshold,
        unit=prepared.unit, places=places, kunta_code=prepared.kunta_index,
        kunta_labels=prepared.kunta_codes,
        cell_mask=None if area is None or area.is_country else area.cell_mask(ds, prepared.cells),
        reach_m=(prepared.threshold_m / prepared.reach.circuity
                 if prepared.reach.mode == MODE_STRAIGHT else None),
    )


def _check_measured(ds: Dataset, prepared: Prepared, area: Area | None) -> None:
    """Refuse people outside a street-network file, counting only the cells a table counts."""
    mask = None if area is None or area.is_country else area.cell_mask(ds, prepared.cells)
    prepared.cost.check_measured(prepared.weights()["population"], mask)
