"""The option tables: the figures a ministry weighs, per unit and per coordinator option.

A coordinator option is a division of the municipalities into units, each with a seat; the
tables have one row per unit and one summary row per option.

Every cost comes from the prepared scenario's reach (`Prepared.cost`): km as the crow flies x
circuity, or minutes by car or on foot, with the column names in that unit (`SEAT_COLUMNS`).
All options reuse one `Prepared`; per option the work is integer bincounts over the cells (by
road, one exact search per unit seat, remembered in the scenario's memo).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from coverage.accessibility import coverage_by_unit, weighted_quantiles
from coverage.compare import scoring
from coverage.compare.inequality import TheilResult, theil
from coverage.compare.scoring import CRITERIA, DEFAULT_WEIGHTS, Criterion, Weights
from coverage.data.regions import ALAND_MAAKUNTA, ALAND_UNIT_CODE
from coverage.data.schema import DIVISIONS
from coverage.errors import CoverageError, InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

EXTRA_OPTIONS: tuple[str, ...] = ("ely",)
"""Options that may be added (ELY centres, replaced by the elinvoimakeskukset in 2026)."""
OPTIONS: tuple[str, ...] = tuple(d for d in DIVISIONS if d not in ("country", *EXTRA_OPTIONS))
"""The coordinator options compared by default: the seed's four (kunta, maakunta, avi,
maistraatti) and the modern ones (hyvinvointialue, elinvoimakeskus, seutukunta)."""
ALL_OPTIONS: tuple[str, ...] = OPTIONS + EXTRA_OPTIONS

SWEDISH_SPEAKING_CODES: tuple[str, ...] = ("2",)
"""`language_code` of monolingual Swedish-speaking municipalities (Statistics Finland key 2025:
0 Finnish-speaking, 1 bilingual with Finnish majority, 2 Swedish-speaking, 3 bilingual with
Swedish majority; checked against the labels in the real-data tests)."""
BILINGUAL_CODES: tuple[str, ...] = ("1", "3")

THEIL_VARIABLES: tuple[str, ...] = ("closeness", "e2sfca")
"""Per-cell access variable of the Theil index: closeness = 1 / (1 + km to the nearest provider)
(minutes: 1 / (1 + minutes / `reach.CLOSENESS_SCALE_MIN`)), or the E2SFCA ratio (hours/week per
person in need)."""

SEAT_COLUMNS: dict[str, dict[str, str]] = {
    "km": {
        "mean_seat": "mean_seat_distance_km",
        "median_seat": "median_seat_distance_km",
        "need_mean_seat": "need_mean_seat_distance_km",
        "need_median_seat": "need_median_seat_distance_km",
        "seat_provider": "seat_provider_distance_km",
        "median_provider": "median_provider_km",
    },
    "min": {
        "mean_seat": "mean_seat_time_min",
        "median_seat": "median_seat_time_min",
        "need_mean_seat": "need_mean_seat_time_min",
        "need_median_seat": "need_median_seat_time_min",
        "seat_provider": "seat_provider_time_min",
        "median_provider": "median_provider_min",
    },
}
"""Names of the seat and provider cost columns per unit of reach (km, or minutes)."""

MINUTE_COLUMNS: frozenset[str] = frozenset(SEAT_COLUMNS["min"].values())
"""Columns in minutes. Note: `*_unit_min` and `*_per_unit_min` are minima, not minutes."""

SCOPE_WHOLE = "whole_country"
SCOPE_MAINLAND = "mainland_only"

ALAND_SPLIT_BASIS = (
    "Åland organises its own services: a unit of its own (seat of the Government of Åland)"
)

UNIT_FIELDS: tuple[str, ...] = (
    "name_fi",
    "name_sv",
    "seat_kunta_code",
    "seat_name",
    "seat_basis",
    "seat_x",
    "seat_y",
)

SUMMARY_FIRST: tuple[str, ...] = (
    "option",
    "scope",
    "units",
    "population_per_unit_min",
    "population_per_unit_max",
    "median_seat_distance_km",
    "coverage_share",
    "theil_total",
    "theil_between",
    "theil_within",
    "cross_border_need_share",
    "score",
    "rank",
    "rank_first_share",
    "mean_rank",
)
"""Leading columns of the option table (the rest follow in computation order); with minutes the
seat's median travel time stands in place of its median distance (`summary_first`)."""


def summary_first(unit: str) -> tuple[str, ...]:
    """Return the leading columns of the option table when costs are in `unit`."""
    return tuple(SEAT_COLUMNS[unit]["median_seat"] if c == "median_seat_distance_km" else c
                 for c in SUMMARY_FIRST)


# --- Settings and result -------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareSettings:
    """How the options are compared (the reach comes from the prepared scenario)."""

    options: tuple[str, ...] = OPTIONS
    weights: Weights = DEFAULT_WEIGHTS
    theil_variable: str = "closeness"
    draws: int = 1000
    spread: float = 0.25
    seed: int = 2026
    aland_own_unit: bool = True

    def __post_init__(self) -> None:
        """Check the options and the Theil variable, naming what is allowed."""
        object.__setattr__(self, "options", _check_options(self.options))
        if self.theil_variable not in THEIL_VARIABLES:
            msg = (f"unknown Theil variable {self.theil_variable!r}; use one of "
                   f"{', '.join(THEIL_VARIABLES)}")
            raise InputError([Problem("theil_variable", None, "theil_variable", msg)])


@dataclass(frozen=True)
class Comparison:
    """Result of `compare_options`: tables to show, and the settings that produced them."""

    options: pd.DataFrame  # one row per option
    units: Mapping[str, pd.DataFrame]  # per option: one row per unit
    divisions: Mapping[str, OptionDivision]  # per option: codes, municipality → unit, seats
    criteria: pd.DataFrame  # raw criterion values (index option)
    normalised: pd.DataFrame  # 0..1, 1 = best (index option)
    weights: Weights
    draws: int
    spread: float
    seed: int
    theil_variable: str
    scope: str
    meta: dict = field(default_factory=dict)
    mode: str = "straight"  # the reach's mode: straight, drive or walk
    unit: str = "km"  # the unit of every cost: "km" or "min"
    criterion_set: tuple[Criterion, ...] = CRITERIA  # the criteria as scored in this unit

    def scoring_table(self) -> pd.DataFrame:
        """Return criteria, raw and normalised values, weights and results in one long table."""
        rows = [
            {
                "option": option,
                "criterion": c.name,
                "column": c.column,
                "better": c.better,
                "log_scale": c.log,
                "value": self.criteria.loc[option, c.name],
                "normalised": self.normalised.loc[option, c.name],
                "weight": getattr(self.weights, c.name),
            }
            for option in self.criteria.index
            for c in self.criterion_set
        ]
        return pd.DataFrame(rows)


def _check_options(options: Sequence[str]) -> tuple[str, ...]:
    options = tuple(options)
    bad = [o for o in options if o not in ALL_OPTIONS]
    if bad or not options or len(set(options)) != len(options):
        what = (
            f"unknown option(s) {', '.join(map(repr, bad))}"
            if bad
            else "options must be distinct and not empty"
        )
        msg = f"{what}; use {', '.join(ALL_OPTIONS)}"
        raise InputError([Problem("options", None, "option", msg)])
    return options


# --- Shared inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Keys:
    """The dataset's keys as plain dicts (small-frame pandas work costs more than the maths)."""

    unit_of_kunta: Mapping[str, Mapping[str, str]]  # option -> kunta_code -> unit code
    aland_kunta: frozenset[str]
    units: Mapping[tuple[str, str], dict]  # (division, unit_code) -> UNIT_FIELDS


def _keys(ds: Dataset) -> _Keys:
    m = ds.membership
    kunta = m["kunta_code"].tolist()
    columns = {o: m[o].tolist() for o in ALL_OPTIONS if o in m}
    records = ds.units[["division", "unit_code", *UNIT_FIELDS]].to_dict("records")
    return _Keys(
        unit_of_kunta={o: dict(zip(kunta, col, strict=True)) for o, col in columns.items()},
        aland_kunta=frozenset(
            k for k, mk in zip(kunta, m["maakunta"], strict=True) if mk == ALAND_MAAKUNTA
        ),
        units={(r["division"], r["unit_code"]): {f: r[f] for f in UNIT_FIELDS} for r in records},
    )


@dataclass(frozen=True)
class _Municipalities:
    """The in-scope municipalities (all, or mainland only) and their facts, as arrays."""

    kunta: npt.NDArray[np.object_]
    pop: FloatArray
    area: FloatArray
    aland: FloatArray  # 1.0 for Åland's municipalities
    swedish: FloatArray  # 1.0 for Swedish-speaking municipalities
    bilingual: FloatArray  # 1.0 for bilingual municipalities


@dataclass(frozen=True)
class _Shared:
    """Per-cell and per-provider arrays used by every option (computed once)."""

    prepared: Prepared
    pop: FloatArray
    need: FloatArray
    access_value: FloatArray
    e2sfca: FloatArray
    provider_xy: FloatArray
    provider_kunta: npt.NDArray[np.object_]
    provider_capacity: FloatArray
    keys: _Keys
    munis: _Municipalities

    @property
    def unit(self) -> str:
        """Return the unit of every cost ("km" or "min")."""
        return self.prepared.unit


def _municipalities(ds: Dataset, mainland_only: bool) -> _Municipalities:
    munis = ds.municipalities.drop(columns="geometry").merge(
        ds.membership, on="kunta_code", how="left"
    )
    if mainland_only:
        munis = munis[munis["maakunta"] != ALAND_MAAKUNTA]
    language = munis["language_code"].astype(str)
    return _Municipalities(
        kunta=munis["kunta_code"].to_numpy(object),
        pop=munis["population"].to_numpy(float),
        area=munis["area_km2"].to_numpy(float),
        aland=(munis["maakunta"] == ALAND_MAAKUNTA).to_numpy(float),
        swedish=language.isin(SWEDISH_SPEAKING_CODES).to_numpy(float),
        bilingual=language.isin(BILINGUAL_CODES).to_numpy(float),
    )


def _shared(ds: Dataset, prepared: Prepared, theil_variable: str) -> _Shared:
    if theil_variable not in THEIL_VARIABLES:
        msg = f"unknown Theil variable {theil_variable!r}; use one of {', '.join(THEIL_VARIABLES)}"
        raise InputError([Problem("theil_variable", None, "theil_variable", msg)])
    w = prepared.weights()
    ratio = prepared.e2sfca()
    value = prepared.cost.closeness() if theil_variable == "closeness" else ratio
    provs = prepared.providers
    cap = (
        provs["capacity_h_week"].to_numpy(float)
        if "capacity_h_week" in provs
        else np.ones(len(provs))
    )
    return _Shared(
        prepared=prepared,
        pop=w["population"],
        need=np.asarray(w["need"], dtype=float),
        access_value=np.asarray(value, dtype=float),
        e2sfca=ratio,
        provider_xy=provs[["x", "y"]].to_numpy(float).reshape(-1, 2),
        provider_kunta=provs["kunta_code"].astype(str).to_numpy(object),
        provider_capacity=np.nan_to_num(cap, nan=0.0),
        keys=_keys(ds),
        munis=_municipalities(ds, prepared.scenario.mainland_only),
    )


def _nanstat(stat, values: FloatArray) -> float:  # noqa: ANN001
    finite = values[~np.isnan(values)]
    return float(stat(finite)) if len(finite) else math.nan


def _div(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)


# --- An option's units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionDivision:
    """An option's units as compared: codes, each cell's unit row, each municipality's unit, seats.

    Equal to the dataset's division except where a unit mixes Åland with mainland municipalities
    (the 2026 key puts Åland under Lounais-Suomen elinvoimakeskus): with `aland_own_unit` Åland's
    municipalities then form a unit of their own, code `ALAND_UNIT_CODE`, seated in Mariehamn.
    """

    option: str
    codes: npt.NDArray[np.object_]
    inverse: npt.NDArray[np.int64]
    unit_of_kunta: Mapping[str, str]
    units: pd.DataFrame  # index unit_code (in `codes` order): names, seat and its basis
    aland_split: bool


def option_division(
    ds: Dataset,
    prepared: Prepared,
    option: str,
    *,
    aland_own_unit: bool = True,
    keys: _Keys | None = None,
) -> OptionDivision:
    """
    Return the units of `option` for the prepared scenario, Åland split off where the key mixes it.

    Raises
    ------
    CoverageError
        If a unit has no seat in the dataset (an old or broken build).
    """
    _check_options([option])
    keys = keys or _keys(ds)
    key = dict(keys.unit_of_kunta[option])
    aland_units = {key[k] for k in keys.aland_kunta}
    mixed = any(u in aland_units for k, u in key.items() if k not in keys.aland_kunta)
    split = mixed and aland_own_unit and not prepared.scenario.mainland_only
    units = {code: rec for (division, code), rec in keys.units.items() if division == option}
    if split:
        for k in keys.aland_kunta:
            key[k] = ALAND_UNIT_CODE
        seat = keys.units[("maakunta", ALAND_MAAKUNTA)]
        units[ALAND_UNIT_CODE] = seat | {
            "name_fi": "Ahvenanmaa",
            "name_sv": "Åland",
            "seat_basis": ALAND_SPLIT_BASIS,
        }
        unit_of_kunta = [key[k] for k in prepared.kunta_codes]
        codes = np.array(sorted(set(unit_of_kunta), key=_code_order), dtype=object)
        row = {c: i for i, c in enumerate(codes)}
        inverse = np.array([row[u] for u in unit_of_kunta], dtype=np.int64)[prepared.kunta_index]
    else:
        codes, inverse = prepared.division_index(ds.membership, option)
    missing = [c for c in codes if c not in units or pd.isna(units[c]["seat_x"])]
    if missing:
        msg = (
            f"{option}: no seat for unit(s) {missing}; "
            "rebuild the dataset (`python -m coverage sync`)"
        )
        raise CoverageError(msg)
    frame = pd.DataFrame([units[c] for c in codes], index=pd.Index(codes, name="unit_code"))
    return OptionDivision(option, codes, inverse, key, frame, split)


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), code) if str(code).isdigit() else (10**9, str(code))


@dataclass(frozen=True)
class _UnitFigures:
    """One option's per-unit arrays, before they become the detail table and summary row."""

    div: OptionDivision
    coverage: pd.DataFrame  # `coverage_by_unit` of the option's units
    muni_row: IntArray  # unit row of each in-scope municipality
    p_unit: IntArray  # unit row of each provider (-1: none)
    d_seat: FloatArray  # cost from the cell's seat, per cell
    d_prov: FloatArray  # cost from the provider's seat, per provider with a unit
    th: TheilResult
    cross_need: FloatArray  # need whose nearest provider is in another unit, per unit


def _unit_rows(div: OptionDivision, kunta: npt.ArrayLike, what: str) -> IntArray:
    row_of = {c: i for i, c in enumerate(div.codes)}
    rows = np.array([row_of.get(div.unit_of_kunta.get(k), -1) for k in kunta], dtype=np.int64)
    if what == "municipalities" and (rows < 0).any():
        orphan = sorted({div.unit_of_kunta.get(k) for k in np.asarray(kunta)[rows < 0]})
        msg = f"{div.option}: unit(s) {orphan} have municipalities but no demand cells"
        raise CoverageError(msg)
    return rows


def _unit_figures(sh: _Shared, div: OptionDivision) -> _UnitFigures:
    """Return the costs, coverage, inequality and cross-border need of an option's units."""
    prepared = sh.prepared
    inverse, n = div.inverse, len(div.codes)
    coverage = coverage_by_unit(
        inverse, div.codes, prepared.weights(), prepared.cost.nearest,
        covered=prepared.covered(), unit=sh.unit, access_ratio=sh.e2sfca,
        distance_order=prepared.distance_order,
    )
    p_unit = _unit_rows(div, sh.provider_kunta, "providers")
    known = p_unit >= 0
    seat_xy = div.units[["seat_x", "seat_y"]].to_numpy(float)
    cell_xy = prepared.access.cell_xy
    # one call for cells and providers: by road, one search per seat
    costs = prepared.cost.from_seats(
        seat_xy, np.concatenate([cell_xy, sh.provider_xy[known]]),
        np.concatenate([inverse, p_unit[known]]),
    )
    nearest = prepared.cost.nearest_index
    has_near = nearest >= 0
    near_unit = np.where(has_near, p_unit[np.maximum(nearest, 0)], -1)
    cross = has_near & (near_unit >= 0) & (near_unit != inverse)
    return _UnitFigures(
        div=div, coverage=coverage,
        muni_row=_unit_rows(div, sh.munis.kunta, "municipalities"), p_unit=p_unit,
        d_seat=costs[: len(inverse)], d_prov=costs[len(inverse):],
        th=theil(sh.access_value, sh.need, inverse, n),
        cross_need=np.bincount(inverse, weights=sh.need * cross, minlength=n),
    )


def _detail_columns(sh: _Shared, f: _UnitFigures, theil_variable: str) -> dict[str, np.ndarray]:
    """Return the per-unit columns of an option (the detail table)."""
    div, table, inverse = f.div, f.coverage, f.div.inverse
    n, units, mr, m = len(div.codes), div.units, f.muni_row, sh.munis
    names = SEAT_COLUMNS[sh.unit]
    aland_units = np.bincount(mr, weights=m.aland, minlength=n)
    municipalities = np.bincount(mr, minlength=n)
    known = f.p_unit >= 0
    provs_g = np.bincount(f.p_unit[known], minlength=n).astype(float)
    pop_g = table["population"].to_numpy(float)
    need_g = table["need"].to_numpy(float)
    seat_order = np.argsort(f.d_seat, kind="stable")
    (median_g,) = weighted_quantiles(f.d_seat, sh.pop, inverse, n, (0.5,), value_order=seat_order)
    (need_median_g,) = weighted_quantiles(f.d_seat, sh.need, inverse, n, (0.5,),
                                          value_order=seat_order)
    return {
        "unit_code": div.codes,
        "unit_name": units["name_fi"].to_numpy(object),
        "unit_name_sv": units["name_sv"].to_numpy(object),
        "aland": aland_units > 0,
        "aland_with_mainland": (aland_units > 0) & (municipalities - aland_units > 0),
        "seat_kunta_code": units["seat_kunta_code"].to_numpy(object),
        "seat_name": units["seat_name"].to_numpy(object),
        "seat_basis": units["seat_basis"].to_numpy(object),
        "municipalities": municipalities,
        "population": pop_g,
        "pop_65plus": table["population_65plus"].to_numpy(float),
        "need": need_g,
        "area_km2": np.bincount(mr, weights=m.area, minlength=n),
        "providers": provs_g.astype(np.int64),
        "capacity_h_week": np.bincount(f.p_unit[known], weights=sh.provider_capacity[known],
                                       minlength=n),
        "need_per_provider": _div(need_g, provs_g),
        names["mean_seat"]: _div(np.bincount(inverse, weights=sh.pop * f.d_seat, minlength=n),
                                 pop_g),
        names["median_seat"]: median_g,
        names["need_mean_seat"]: _div(
            np.bincount(inverse, weights=sh.need * f.d_seat, minlength=n), need_g
        ),
        names["need_median_seat"]: need_median_g,
        names["seat_provider"]: _div(
            np.bincount(f.p_unit[known], weights=f.d_prov, minlength=n), provs_g
        ),
        "covered_population": table["covered_population"].to_numpy(float),
        "covered_need": table["covered_need"].to_numpy(float),
        "coverage_share": table["coverage_share"].to_numpy(float),
        "need_coverage_share": table["need_coverage_share"].to_numpy(float),
        names["median_provider"]: table[f"median_{sh.unit}"].to_numpy(float),
        "e2sfca_h_per_1000_need": table["e2sfca_h_per_1000_need"].to_numpy(float),
        f"mean_{theil_variable}": f.th.group_mean,
        "theil": f.th.group_theil,
        "theil_between_part": f.th.group_between,
        "theil_within_part": f.th.group_within,
        "cross_border_need": f.cross_need,
        "cross_border_need_share": _div(f.cross_need, need_g),
        "swedish_speaking_kunnat": np.bincount(mr, weights=m.swedish, minlength=n).astype(np.int64),
        "swedish_speaking_population": np.bincount(mr, weights=m.pop * m.swedish, minlength=n),
        "bilingual_kunnat": np.bincount(mr, weights=m.bilingual, minlength=n).astype(np.int64),
        "bilingual_population": np.bincount(mr, weights=m.pop * m.bilingual, minlength=n),
    }


def _summary(sh: _Shared, f: _UnitFigures, cols: dict[str, np.ndarray]) -> dict:
    """Return the option's summary row (national figures and per-unit ranges)."""
    names = SEAT_COLUMNS[sh.unit]
    pop_g, th, d_seat = cols["population"], f.th, f.d_seat
    seat_order = np.argsort(d_seat, kind="stable")
    everyone = np.zeros(len(d_seat), dtype=np.int64)
    (national_median,) = weighted_quantiles(d_seat, sh.pop, everyone, 1, (0.5,),
                                            value_order=seat_order)
    (national_need_median,) = weighted_quantiles(d_seat, sh.need, everyone, 1, (0.5,),
                                                 value_order=seat_order)
    mainland = ~cols["aland"]
    total_need = sh.need.sum()
    summary: dict = {
        "option": f.div.option,
        "scope": SCOPE_MAINLAND if sh.prepared.scenario.mainland_only else SCOPE_WHOLE,
        "units": len(f.div.codes),
        "population_per_unit_min": float(pop_g.min()),
        "population_per_unit_median": float(np.median(pop_g)),
        "population_per_unit_max": float(pop_g.max()),
        names["median_seat"]: float(national_median[0]),
        "coverage_share": _div(cols["covered_population"].sum(), pop_g.sum()).item(),
        "theil_total": th.total,
        "theil_between": th.between,
        "theil_within": th.within,
        "cross_border_need_share": _div(f.cross_need.sum(), total_need).item(),
        names["mean_seat"]: _div(np.dot(sh.pop, d_seat), sh.pop.sum()).item(),
        names["need_mean_seat"]: _div(np.dot(sh.need, d_seat), total_need).item(),
        names["need_median_seat"]: float(national_need_median[0]),
        names["seat_provider"]: float(f.d_prov.mean()) if len(f.d_prov) else math.nan,
        "need_coverage_share": _div(cols["covered_need"].sum(), total_need).item(),
        "mainland_population_per_unit_min": (
            float(pop_g[mainland].min()) if mainland.any() else math.nan
        ),
        "theil_between_share": _div(th.between, th.total).item(),
        "aland_split": f.div.aland_split,
        "units_with_swedish_or_bilingual": int(
            ((cols["swedish_speaking_kunnat"] + cols["bilingual_kunnat"]) > 0).sum()
        ),
    }
    for col in ("coverage_share", "e2sfca_h_per_1000_need", "need_per_provider"):
        summary[f"{col}_unit_min"] = _nanstat(np.nanmin, cols[col])
        summary[f"{col}_unit_max"] = _nanstat(np.nanmax, cols[col])
    for col in ("pop_65plus", "need", "area_km2", "municipalities", "providers"):
        summary[f"{col}_per_unit_min"] = cols[col].min()
        summary[f"{col}_per_unit_median"] = float(np.median(cols[col]))
        summary[f"{col}_per_unit_max"] = cols[col].max()
    for col in ("population", "need", "covered_population", "area_km2", "municipalities",
                "providers"):
        summary[f"total_{col}"] = cols[col].sum()
    summary["mode"] = sh.prepared.reach.mode
    return summary


def option_units(
    ds: Dataset,
    prepared: Prepared,
    option: str,
    *,
    theil_variable: str = "closeness",
    aland_own_unit: bool = True,
    shared: _Shared | None = None,
) -> tuple[pd.DataFrame, dict, OptionDivision]:
    """
    Return (one row per unit of `option`, the option's summary row, its division).

    Costs are the prepared scenario's reach: km (straight line x circuity) or minutes (by car or
    on foot), named by `SEAT_COLUMNS`. Population, need and coverage come from the demand cells
    (they sum to the official municipal totals) through `coverage_by_unit`, exactly as
    `scenario.access_table` has them; area, municipality counts and languages from the
    municipal table.
    """
    sh = shared if shared is not None else _shared(ds, prepared, theil_variable)
    div = option_division(ds, prepared, option, aland_own_unit=aland_own_unit, keys=sh.keys)
    figures = _unit_figures(sh, div)
    cols = _detail_columns(sh, figures, theil_variable)
    detail = pd.DataFrame({"option": np.full(len(div.codes), option, dtype=object), **cols})
    return detail, _summary(sh, figures, cols), div


def compare_options(
    ds: Dataset, prepared: Prepared, settings: CompareSettings | None = None, **changes: object
) -> Comparison:
    """
    Return the comparison of coordinator options under one prepared scenario.

    Åland: with the whole country, Åland's municipalities are in units of their own in every
    option (the one key that mixes them with the mainland, elinvoimakeskus 2026, is split unless
    `settings.aland_own_unit` is False); with `prepared.scenario.mainland_only` they are left
    out. The `scope` and `aland_split` columns say which.

    Reach (column `mode`): the prepared scenario's. With minutes (drive, walk) the seat costs
    are `*_time_min` columns (`SEAT_COLUMNS`) and replace the km in the local-knowledge
    criterion; closeness is 1 / (1 + min / 10); by road, seat -> cell times are exact searches.

    `changes` are fields of `CompareSettings` changed from `settings` (e.g. `draws=50`).

    Raises
    ------
    InputError
        For unknown options or Theil variable, or bad sensitivity settings.
    """
    s = replace(settings if settings is not None else CompareSettings(), **changes)
    sh = _shared(ds, prepared, s.theil_variable)
    criteria = scoring.criteria_for(sh.unit)
    details: dict[str, pd.DataFrame] = {}
    divisions: dict[str, OptionDivision] = {}
    rows = []
    for option in s.options:
        detail, summary, div = option_units(
            ds, prepared, option, theil_variable=s.theil_variable,
            aland_own_unit=s.aland_own_unit, shared=sh,
        )
        details[option] = detail
        divisions[option] = div
        rows.append(summary)
    table = pd.DataFrame(rows).set_index("option", drop=False)
    raw = pd.DataFrame(
        {c.name: table[c.column].to_numpy(float) for c in criteria}, index=table.index
    )
    norm = scoring.normalise_criteria(raw, criteria)
    table["score"] = scoring.score(norm, s.weights)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(np.int64)
    sens = scoring.sensitivity(norm, s.weights, draws=s.draws, spread=s.spread, seed=s.seed)
    table["rank_first_share"] = sens["rank_first_share"]
    table["mean_rank"] = sens["mean_rank"]
    first = summary_first(sh.unit)
    ordered = list(first) + [c for c in table.columns if c not in first]
    settings = {f: getattr(s, f) for f in ("weights", "draws", "spread", "seed", "theil_variable")}
    scope = SCOPE_MAINLAND if prepared.scenario.mainland_only else SCOPE_WHOLE
    return Comparison(
        options=table[ordered].reset_index(drop=True), units=details, divisions=divisions,
        criteria=raw, normalised=norm, scope=scope, mode=prepared.reach.mode, unit=sh.unit,
        meta=comparison_meta(prepared, s.aland_own_unit), criterion_set=criteria, **settings,
    )


def comparison_meta(prepared: Prepared, aland_own_unit: bool) -> dict:
    """Return the settings a comparison was made with (reach, scope, counts), JSON-able."""
    reach = prepared.reach
    meta = {
        "mode": reach.mode,
        "unit": prepared.unit,
        "threshold": prepared.threshold,
        "catchment": reach.catchment_or_threshold,
        "circuity": reach.circuity,
        "providers": len(prepared.providers),
        "aland_own_unit": aland_own_unit,
        "cells": len(prepared.cells),
    }
    if prepared.unit == "min":
        from coverage.reach import CLOSENESS_SCALE_MIN  # noqa: PLC0415

        meta["closeness_scale_min"] = CLOSENESS_SCALE_MIN
    if reach.mode == "walk":
        meta["walk_speed_kmh"] = reach.walk_speed_kmh
    if reach.mode == "drive":
        meta["access_speed_kmh"] = reach.access_speed_kmh
        engine = getattr(prepared.cost, "engine", None)
        if engine is not None:
            meta["network_nodes"] = engine.network.n_nodes
    return meta
