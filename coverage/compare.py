# ruff: noqa: RUF002, RUF003 - docs use ×, μ and Σ on purpose
"""Option comparison: which regional level should coordinate digital support.

Per coordinator option (a division of the municipalities into units, each with a seat) this module
computes the figures a ministry weighs (units to steer, size, seat distances, coverage, inequality
of access split into between- and within-unit parts with the Theil T index, need whose nearest
provider lies in another unit, languages), then a transparent weighted score with its sensitivity
to the weights. Definitions: docs/compare.md.

All options reuse one `Prepared` (one nearest-provider search); per option the work is integer
bincounts over the cells, so the whole comparison takes a fraction of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from coverage.accessibility import coverage_by_unit, weighted_quantiles
from coverage.errors import CoverageError, InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

FloatArray = npt.NDArray[np.float64]

OPTIONS: tuple[str, ...] = (
    "kunta",
    "maakunta",
    "avi",
    "maistraatti",
    "hyvinvointialue",
    "elinvoimakeskus",
    "seutukunta",
)
"""The coordinator options compared by default: the seed's four and the modern ones."""
EXTRA_OPTIONS: tuple[str, ...] = ("ely",)
"""Options that may be added (ELY centres, replaced by the elinvoimakeskukset in 2026)."""
ALL_OPTIONS: tuple[str, ...] = OPTIONS + EXTRA_OPTIONS

ALAND_MAAKUNTA = "21"
"""Åland's maakunta code: its municipalities never share a unit with mainland ones."""

SWEDISH_SPEAKING_CODES: tuple[str, ...] = ("2",)
"""`language_code` of monolingual Swedish-speaking municipalities (Statistics Finland key 2025:
0 Finnish-speaking, 1 bilingual with Finnish majority, 2 Swedish-speaking, 3 bilingual with
Swedish majority; checked against the labels in the real-data tests)."""
BILINGUAL_CODES: tuple[str, ...] = ("1", "3")

THEIL_VARIABLES: tuple[str, ...] = ("closeness", "e2sfca")
"""Per-cell access variable of the Theil index: closeness = 1 / (1 + km to the nearest provider),
or the E2SFCA ratio (hours/week per person in need)."""

SCOPE_WHOLE = "whole_country"
SCOPE_MAINLAND = "mainland_only"


# --- Theil index ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TheilResult:
    """Theil T of a weighted variable and its exact split over groups.

    `total = between + within`; `group_theil[g]` is T inside group g (NaN if the group has no
    weight or no access at all), `group_share[g]` the group's share of the total of the variable
    (S_g), `group_mean[g]` its weighted mean.
    """

    total: float
    between: float
    within: float
    mean: float
    group_mean: FloatArray
    group_share: FloatArray
    group_theil: FloatArray
    group_between: FloatArray  # S_g ln(mean_g / mean): group's part of `between`
    group_within: FloatArray  # S_g T_g: group's part of `within`


def theil(
    values: npt.ArrayLike,
    weights: npt.ArrayLike,
    groups: npt.ArrayLike | None = None,
    n_groups: int | None = None,
) -> TheilResult:
    """
    Return the weighted Theil T index and its between/within-group decomposition.

    T = Σ s_i (x_i/μ) ln(x_i/μ) with s_i = w_i / Σ w and μ = Σ s_i x_i. Split per cell as
    ln(x_i/μ) = ln(x_i/μ_g) + ln(μ_g/μ), so between + within = total to rounding. Zeros are allowed:
    x ln x → 0 as x → 0, so a zero value contributes nothing (the usual Theil T convention).
    NaN throughout if all weight is zero or the weighted mean is zero.

    Raises
    ------
    InputError
        If lengths differ, or a value or weight is negative or not finite.
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    g = np.zeros(len(x), dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    if not (x.ndim == w.ndim == g.ndim == 1 and len(x) == len(w) == len(g)):
        msg = "values, weights and groups must be 1-d arrays of equal length"
        raise InputError(msg)
    problems = [
        Problem("theil", None, name, f"{name} must be finite and non-negative")
        for name, arr in (("values", x), ("weights", w))
        if len(arr) and not (np.isfinite(arr).all() and (arr >= 0).all())
    ]
    if len(g) and g.min() < 0:
        problems.append(Problem("theil", None, "groups", "group numbers must be non-negative"))
    if problems:
        raise InputError(problems)
    n = int(n_groups) if n_groups is not None else (int(g.max()) + 1 if len(g) else 1)
    nan_groups = np.full(n, np.nan)
    total_w = w.sum()
    mu = float(np.dot(w, x) / total_w) if total_w > 0 else math.nan
    if not mu > 0:
        return TheilResult(
            math.nan,
            math.nan,
            math.nan,
            mu,
            nan_groups,
            nan_groups,
            nan_groups,
            nan_groups,
            nan_groups,
        )
    s = w / total_w
    wg = np.bincount(g, weights=w, minlength=n)
    xg = np.bincount(g, weights=w * x, minlength=n)
    mu_g = np.divide(xg, wg, out=np.full(n, np.nan), where=wg > 0)
    share_g = xg / (total_w * mu)  # S_g
    pos = (x > 0) & (w > 0)
    weight_cell = np.where(pos, s * x / mu, 0.0)  # s_i x_i / μ; 0 for zeros (x ln x -> 0)
    log_x = np.log(np.where(pos, x, 1.0))  # one log per cell, shared by total and within
    log_mu_g = np.log(np.where(mu_g > 0, mu_g, 1.0))
    total_terms = weight_cell * (log_x - math.log(mu))
    within_terms = weight_cell * (log_x - log_mu_g[g])
    group_within = np.bincount(g, weights=within_terms, minlength=n)
    has_access = share_g > 0
    group_between = np.zeros(n)
    group_between[has_access] = share_g[has_access] * np.log(mu_g[has_access] / mu)
    group_theil = np.divide(group_within, share_g, out=np.full(n, np.nan), where=has_access)
    return TheilResult(
        total=float(np.sum(total_terms)),
        between=float(np.sum(group_between)),
        within=float(np.sum(group_within)),
        mean=mu,
        group_mean=mu_g,
        group_share=share_g,
        group_theil=group_theil,
        group_between=group_between,
        group_within=group_within,
    )


def closeness(distance_m: npt.ArrayLike) -> FloatArray:
    """Return 1 / (1 + km): 1 at a provider, 0.09 at 10 km, 0 with no provider at all (inf)."""
    d = np.asarray(distance_m, dtype=float)
    return np.where(np.isfinite(d), 1.0 / (1.0 + d / 1000.0), 0.0)


# --- Weights, criteria, score --------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """Weights of the score's criteria (relative: only their ratios matter).

    Defaults count how many lines of the seed's option table (strengths/weaknesses of maakunnat,
    AVI/Luova, maistraatit, kunnat) speak to each criterion; see docs/compare.md. 0 drops a
    criterion.
    """

    units: float = 2.0  # few units to steer
    seat_distance: float = 4.0  # local knowledge: seat close to the people in need
    size: float = 4.0  # big enough: population of the smallest mainland unit
    equal_access: float = 1.0  # small between-unit inequality of access (Theil between)
    cross_border: float = 1.0  # little need whose nearest provider is in another unit

    def __post_init__(self) -> None:
        """Refuse negative, non-finite or all-zero weights, naming each bad one."""
        problems = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(
                    Problem(
                        "weights",
                        None,
                        f.name,
                        f"weight {value!r} is not a number; give e.g. {f.name}=1",
                    )
                )
            elif not math.isfinite(value):
                problems.append(
                    Problem(
                        "weights",
                        None,
                        f.name,
                        f"weight {value} is not a finite number; give e.g. {f.name}=1",
                    )
                )
            elif value < 0:
                problems.append(
                    Problem(
                        "weights",
                        None,
                        f.name,
                        f"weight {value} is negative; use 0 to ignore the criterion "
                        "or a positive number",
                    )
                )
        if not problems and all(getattr(self, f.name) == 0 for f in fields(self)):
            names = ", ".join(f.name for f in fields(self))
            problems.append(
                Problem(
                    "weights",
                    None,
                    None,
                    f"all weights are zero; give at least one of {names} a positive weight",
                )
            )
        if problems:
            raise InputError(problems)

    def as_array(self) -> FloatArray:
        """Return the weights in `CRITERIA` order."""
        return np.array([float(getattr(self, c.name)) for c in CRITERIA])

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the criterion names."""
        return tuple(f.name for f in fields(cls))


DEFAULT_WEIGHTS = Weights()


def parse_weights(items: Sequence[str], base: Weights = DEFAULT_WEIGHTS) -> Weights:
    """
    Return `base` with the weights given as "name=value" (comma-separated lists allowed).

    Raises
    ------
    InputError
        Naming every unknown criterion, unparsable value or invalid weight at once.
    """
    known = Weights.names()
    changes: dict[str, float] = {}
    problems = []
    for item in (part.strip() for text in items for part in str(text).split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep:
            problems.append(
                Problem("--weight", None, name or None, f"{item!r} is not name=value; e.g. units=2")
            )
        elif name not in known:
            problems.append(
                Problem(
                    "--weight",
                    None,
                    name,
                    f"unknown criterion {name!r}; use one of {', '.join(known)}",
                )
            )
        else:
            try:
                changes[name] = float(raw)
            except ValueError:
                problems.append(
                    Problem(
                        "--weight", None, name, f"{raw.strip()!r} is not a number; e.g. {name}=1.5"
                    )
                )
    values = {f: getattr(base, f) for f in known} | changes
    try:
        weights = Weights(**values)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    return weights


@dataclass(frozen=True)
class Criterion:
    """One criterion of the score: which option-table column, which direction, which scale."""

    name: str
    column: str
    better: str  # "lower" or "higher"
    log: bool  # normalise log10(value): the value spans orders of magnitude
    label_fi: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("units", "units", "lower", True, "vähän ohjattavia yksiköitä"),
    Criterion(
        "seat_distance",
        "need_mean_seat_distance_km",
        "lower",
        False,
        "paikallistuntemus: kotipaikka lähellä tuen tarvitsijoita",
    ),
    Criterion(
        "size",
        "mainland_population_per_unit_min",
        "higher",
        True,
        "riittävä koko: pienimmän manneryksikön väestö",
    ),
    Criterion(
        "equal_access",
        "theil_between",
        "lower",
        False,
        "yhdenvertaisuus: pieni yksiköiden välinen eriarvoisuus",
    ),
    Criterion(
        "cross_border", "cross_border_need_share", "lower", False, "vähän rajat ylittävää tarvetta"
    ),
)
if tuple(c.name for c in CRITERIA) != Weights.names():  # pragma: no cover - a programming error
    msg = "CRITERIA and Weights must list the same criteria in the same order"
    raise CoverageError(msg)


def normalise_criteria(raw: pd.DataFrame, criteria: Sequence[Criterion] = CRITERIA) -> pd.DataFrame:
    """
    Return each criterion min-max normalised across options to [0, 1], 1 = best.

    `raw` has one row per option and one column per criterion name. Criteria with `log` are
    normalised on log10 of the value. A criterion equal for all options (or NaN for any) gets 1
    for every option: it does not separate them.
    """
    out = {}
    for c in criteria:
        v = raw[c.name].to_numpy(dtype=float)
        if c.log:
            v = np.log10(np.where(v > 0, v, np.nan))
        lo, hi = np.min(v), np.max(v)
        if not (np.isfinite(lo) and np.isfinite(hi)) or hi - lo <= 1e-12 * max(abs(hi), 1.0):
            out[c.name] = np.ones(len(v))
            continue
        scaled = (v - lo) / (hi - lo)
        out[c.name] = 1.0 - scaled if c.better == "lower" else scaled
    return pd.DataFrame(out, index=raw.index)


def score(normalised: pd.DataFrame, weights: Weights) -> pd.Series:
    """Return Σ w_c n_c / Σ w_c per option: in [0, 1], 1 = best on every weighted criterion."""
    w = weights.as_array()
    values = normalised[[c.name for c in CRITERIA]].to_numpy(float)
    return pd.Series(values @ w / w.sum(), index=normalised.index, name="score")


def sensitivity(
    normalised: pd.DataFrame,
    weights: Weights,
    *,
    draws: int = 1000,
    spread: float = 0.25,
    seed: int = 2026,
) -> pd.DataFrame:
    """
    Return how robust the ranking is to the weights.

    Per option: the share of random weightings where it ranks first (`rank_first_share`, ties
    share the credit) and its mean rank.

    Each draw multiplies every weight by an independent factor uniform in [1 - spread,
    1 + spread]; a zero weight stays zero. Reproducible for a given `seed`.

    Raises
    ------
    InputError
        If `draws` < 1 or `spread` is outside [0, 1).
    """
    problems = []
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        problems.append(
            Problem("sensitivity", None, "draws", f"draws {draws!r}: give a whole number >= 1")
        )
    if not (isinstance(spread, (int, float)) and 0 <= spread < 1):
        problems.append(
            Problem(
                "sensitivity",
                None,
                "spread",
                f"spread {spread!r}: give a share from 0 to below 1 (0.25 = ±25 %)",
            )
        )
    if problems:
        raise InputError(problems)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(int(draws), len(CRITERIA)))
    w = factors * weights.as_array()
    values = normalised[[c.name for c in CRITERIA]].to_numpy(float)
    scores = (w @ values.T) / w.sum(axis=1, keepdims=True)  # draws × options
    best = scores.max(axis=1, keepdims=True)
    tied = scores >= best - 1e-12
    first = (tied / tied.sum(axis=1, keepdims=True)).mean(axis=0)
    ranks = (scores[:, None, :] > scores[:, :, None] + 1e-12).sum(axis=2) + 1
    return pd.DataFrame(
        {"rank_first_share": first, "mean_rank": ranks.mean(axis=0)}, index=normalised.index
    )


# --- Per option ----------------------------------------------------------------------------------


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

    def scoring_table(self) -> pd.DataFrame:
        """Return criteria, raw and normalised values, weights and results in one long table."""
        rows = []
        for option in self.criteria.index:
            for c in CRITERIA:
                rows.append(
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
                )
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


@dataclass(frozen=True)
class _Shared:
    """Per-cell and per-provider arrays used by every option (computed once)."""

    cell_xy: FloatArray
    pop: FloatArray
    need: FloatArray
    access_value: FloatArray
    e2sfca: FloatArray
    nearest_index: npt.NDArray[np.int64]
    provider_xy: FloatArray
    provider_kunta: npt.NDArray[np.object_]
    provider_capacity: FloatArray
    keys: _Keys
    muni_kunta: npt.NDArray[np.object_]  # in-scope municipalities (all, or mainland only)
    muni_pop: FloatArray
    muni_area: FloatArray
    muni_aland: FloatArray  # 1.0 for Åland's municipalities
    muni_swedish: FloatArray  # 1.0 for Swedish-speaking municipalities
    muni_bilingual: FloatArray  # 1.0 for bilingual municipalities
    circuity: float


def _shared(ds: Dataset, prepared: Prepared, theil_variable: str) -> _Shared:
    if theil_variable not in THEIL_VARIABLES:
        msg = f"unknown Theil variable {theil_variable!r}; use one of {', '.join(THEIL_VARIABLES)}"
        raise InputError([Problem("theil_variable", None, "theil_variable", msg)])
    w = prepared.weights()
    ratio = prepared.access.e2sfca(prepared.need, catchment_m=_catchment_m(prepared))
    value = closeness(prepared.access.nearest_m) if theil_variable == "closeness" else ratio
    munis = ds.municipalities.drop(columns="geometry").merge(
        ds.membership, on="kunta_code", how="left"
    )
    if prepared.scenario.mainland_only:
        munis = munis[munis["maakunta"] != ALAND_MAAKUNTA]
    provs = prepared.providers
    cap = (
        provs["capacity_h_week"].to_numpy(float)
        if "capacity_h_week" in provs
        else np.ones(len(provs))
    )
    return _Shared(
        cell_xy=prepared.cells[["x", "y"]].to_numpy(float),
        pop=w["population"],
        need=np.asarray(w["need"], dtype=float),
        access_value=np.asarray(value, dtype=float),
        e2sfca=ratio,
        nearest_index=prepared.access.nearest_index,
        provider_xy=provs[["x", "y"]].to_numpy(float).reshape(-1, 2),
        provider_kunta=provs["kunta_code"].astype(str).to_numpy(object),
        provider_capacity=np.nan_to_num(cap, nan=0.0),
        keys=_keys(ds),
        muni_kunta=munis["kunta_code"].to_numpy(object),
        muni_pop=munis["population"].to_numpy(float),
        muni_area=munis["area_km2"].to_numpy(float),
        muni_aland=(munis["maakunta"] == ALAND_MAAKUNTA).to_numpy(float),
        muni_swedish=munis["language_code"]
        .astype(str)
        .isin(SWEDISH_SPEAKING_CODES)
        .to_numpy(float),
        muni_bilingual=munis["language_code"].astype(str).isin(BILINGUAL_CODES).to_numpy(float),
        circuity=float(prepared.scenario.circuity),
    )


def _nanstat(stat, values: FloatArray) -> float:  # noqa: ANN001
    finite = values[~np.isnan(values)]
    return float(stat(finite)) if len(finite) else math.nan


def _catchment_m(prepared: Prepared) -> float:
    """Return the E2SFCA catchment exactly as `scenario.access_table` uses it."""
    return (prepared.scenario.catchment_km or prepared.scenario.threshold_km) * 1000


def _div(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)


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


ALAND_UNIT_CODE = "AX"
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

    Distances are km, straight line × the scenario's circuity. Population, need and coverage come
    from the demand cells (they sum to the official municipal totals) through `coverage_by_unit`,
    exactly as `scenario.access_table` has them; area, municipality counts and languages from the
    municipal table.
    """
    sh = shared or _shared(ds, prepared, theil_variable)
    div = option_division(ds, prepared, option, aland_own_unit=aland_own_unit, keys=sh.keys)
    codes, inverse = div.codes, div.inverse
    n = len(codes)
    row_of = {c: i for i, c in enumerate(codes)}
    # what `scenario.access_table` computes, with the E2SFCA ratio computed once for all options
    table = coverage_by_unit(
        inverse,
        codes,
        prepared.weights(),
        prepared.access.nearest_m,
        threshold_m=prepared.threshold_m,
        access_ratio=sh.e2sfca,
        distance_order=prepared.distance_order,
    )
    units = div.units
    seat_xy = units[["seat_x", "seat_y"]].to_numpy(float)

    # municipal facts per unit
    muni_row = np.array(
        [row_of.get(div.unit_of_kunta.get(k), -1) for k in sh.muni_kunta], dtype=np.int64
    )
    if (muni_row < 0).any():
        orphan = sorted({div.unit_of_kunta.get(k) for k in sh.muni_kunta[muni_row < 0]})
        msg = f"{option}: unit(s) {orphan} have municipalities but no demand cells"
        raise CoverageError(msg)
    mr = muni_row
    aland_units = np.bincount(mr, weights=sh.muni_aland, minlength=n)
    municipalities = np.bincount(mr, minlength=n)
    mixed_units = (aland_units > 0) & (municipalities - aland_units > 0)

    # seat → people
    d_seat = np.hypot(*(sh.cell_xy - seat_xy[inverse]).T) * sh.circuity / 1000.0
    pop_g = table["population"].to_numpy(float)
    need_g = table["need"].to_numpy(float)
    seat_order = np.argsort(d_seat, kind="stable")  # one sort for the unit and national medians
    (median_g,) = weighted_quantiles(d_seat, sh.pop, inverse, n, (0.5,), value_order=seat_order)
    (national_median,) = weighted_quantiles(
        d_seat, sh.pop, np.zeros(len(d_seat), dtype=np.int64), 1, (0.5,), value_order=seat_order
    )

    # seat → providers, and providers per unit
    p_unit = np.array(
        [row_of.get(div.unit_of_kunta.get(k), -1) for k in sh.provider_kunta], dtype=np.int64
    )
    known = p_unit >= 0
    d_prov = np.hypot(*(sh.provider_xy[known] - seat_xy[p_unit[known]]).T) * sh.circuity / 1000.0
    provs_g = np.bincount(p_unit[known], minlength=n).astype(float)
    cap_g = np.bincount(p_unit[known], weights=sh.provider_capacity[known], minlength=n)

    # nearest provider in another unit
    has_near = sh.nearest_index >= 0
    near_unit = np.where(has_near, p_unit[np.maximum(sh.nearest_index, 0)], -1)
    cross = has_near & (near_unit >= 0) & (near_unit != inverse)
    cross_need_g = np.bincount(inverse, weights=sh.need * cross, minlength=n)

    th = theil(sh.access_value, sh.need, inverse, n)

    cols: dict[str, np.ndarray] = {
        "unit_code": codes,
        "unit_name": units["name_fi"].to_numpy(object),
        "unit_name_sv": units["name_sv"].to_numpy(object),
        "aland": aland_units > 0,
        "aland_with_mainland": mixed_units,
        "seat_kunta_code": units["seat_kunta_code"].to_numpy(object),
        "seat_name": units["seat_name"].to_numpy(object),
        "seat_basis": units["seat_basis"].to_numpy(object),
        "municipalities": municipalities,
        "population": pop_g,
        "pop_65plus": table["population_65plus"].to_numpy(float),
        "need": need_g,
        "area_km2": np.bincount(mr, weights=sh.muni_area, minlength=n),
        "providers": provs_g.astype(np.int64),
        "capacity_h_week": cap_g,
        "need_per_provider": _div(need_g, provs_g),
        "mean_seat_distance_km": _div(
            np.bincount(inverse, weights=sh.pop * d_seat, minlength=n), pop_g
        ),
        "median_seat_distance_km": median_g,
        "need_mean_seat_distance_km": _div(
            np.bincount(inverse, weights=sh.need * d_seat, minlength=n), need_g
        ),
        "seat_provider_distance_km": _div(
            np.bincount(p_unit[known], weights=d_prov, minlength=n), provs_g
        ),
        "covered_population": table["covered_population"].to_numpy(float),
        "covered_need": table["covered_need"].to_numpy(float),
        "coverage_share": table["coverage_share"].to_numpy(float),
        "need_coverage_share": table["need_coverage_share"].to_numpy(float),
        "median_provider_km": table["median_km"].to_numpy(float),
        "e2sfca_h_per_1000_need": table["e2sfca_h_per_1000_need"].to_numpy(float),
        f"mean_{theil_variable}": th.group_mean,
        "theil": th.group_theil,
        "theil_between_part": th.group_between,
        "theil_within_part": th.group_within,
        "cross_border_need": cross_need_g,
        "cross_border_need_share": _div(cross_need_g, need_g),
        "swedish_speaking_kunnat": np.bincount(mr, weights=sh.muni_swedish, minlength=n).astype(
            np.int64
        ),
        "swedish_speaking_population": np.bincount(
            mr, weights=sh.muni_pop * sh.muni_swedish, minlength=n
        ),
        "bilingual_kunnat": np.bincount(mr, weights=sh.muni_bilingual, minlength=n).astype(
            np.int64
        ),
        "bilingual_population": np.bincount(
            mr, weights=sh.muni_pop * sh.muni_bilingual, minlength=n
        ),
    }
    detail = pd.DataFrame({"option": np.full(n, option, dtype=object), **cols})

    mainland = ~cols["aland"]
    total_need = sh.need.sum()
    summary: dict = {
        "option": option,
        "scope": SCOPE_MAINLAND if prepared.scenario.mainland_only else SCOPE_WHOLE,
        "units": n,
        "population_per_unit_min": float(pop_g.min()),
        "population_per_unit_median": float(np.median(pop_g)),
        "population_per_unit_max": float(pop_g.max()),
        "median_seat_distance_km": float(national_median[0]),
        "coverage_share": _div(cols["covered_population"].sum(), pop_g.sum()).item(),
        "theil_total": th.total,
        "theil_between": th.between,
        "theil_within": th.within,
        "cross_border_need_share": _div(cross_need_g.sum(), total_need).item(),
        "mean_seat_distance_km": _div(np.dot(sh.pop, d_seat), sh.pop.sum()).item(),
        "need_mean_seat_distance_km": _div(np.dot(sh.need, d_seat), total_need).item(),
        "seat_provider_distance_km": float(d_prov.mean()) if len(d_prov) else math.nan,
        "need_coverage_share": _div(cols["covered_need"].sum(), total_need).item(),
        "mainland_population_per_unit_min": (
            float(pop_g[mainland].min()) if mainland.any() else math.nan
        ),
        "theil_between_share": _div(th.between, th.total).item(),
        "aland_split": div.aland_split,
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
    for col in (
        "population",
        "need",
        "covered_population",
        "area_km2",
        "municipalities",
        "providers",
    ):
        summary[f"total_{col}"] = cols[col].sum()
    return detail, summary, div


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
"""Leading columns of the option table (the rest follow in computation order)."""


def compare_options(  # noqa: PLR0913
    ds: Dataset,
    prepared: Prepared,
    *,
    options: Sequence[str] = OPTIONS,
    weights: Weights = DEFAULT_WEIGHTS,
    theil_variable: str = "closeness",
    draws: int = 1000,
    spread: float = 0.25,
    seed: int = 2026,
    aland_own_unit: bool = True,
) -> Comparison:
    """
    Return the comparison of coordinator `options` under one prepared scenario.

    Åland: with the whole country, Åland's municipalities are in units of their own in every
    option (the one key that mixes them with the mainland, elinvoimakeskus 2026, is split unless
    `aland_own_unit` is False); with `prepared.scenario.mainland_only` they are left out. The
    `scope` and `aland_split` columns say which.

    Raises
    ------
    InputError
        For an unknown option or Theil variable, or bad sensitivity settings.
    """
    options = _check_options(options)
    sh = _shared(ds, prepared, theil_variable)
    details: dict[str, pd.DataFrame] = {}
    divisions: dict[str, OptionDivision] = {}
    rows = []
    for option in options:
        detail, summary, div = option_units(
            ds,
            prepared,
            option,
            theil_variable=theil_variable,
            aland_own_unit=aland_own_unit,
            shared=sh,
        )
        details[option] = detail
        divisions[option] = div
        rows.append(summary)
    table = pd.DataFrame(rows).set_index("option", drop=False)
    raw = pd.DataFrame(
        {c.name: table[c.column].to_numpy(float) for c in CRITERIA}, index=table.index
    )
    norm = normalise_criteria(raw)
    table["score"] = score(norm, weights)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(np.int64)
    sens = sensitivity(norm, weights, draws=draws, spread=spread, seed=seed)
    table["rank_first_share"] = sens["rank_first_share"]
    table["mean_rank"] = sens["mean_rank"]
    ordered = list(SUMMARY_FIRST) + [c for c in table.columns if c not in SUMMARY_FIRST]
    return Comparison(
        options=table[ordered].reset_index(drop=True),
        units=details,
        divisions=divisions,
        criteria=raw,
        normalised=norm,
        weights=weights,
        draws=draws,
        spread=spread,
        seed=seed,
        theil_variable=theil_variable,
        scope=SCOPE_MAINLAND if prepared.scenario.mainland_only else SCOPE_WHOLE,
        meta={
            "threshold_km": prepared.scenario.threshold_km,
            "circuity": prepared.scenario.circuity,
            "catchment_km": _catchment_m(prepared) / 1000,
            "providers": len(prepared.providers),
            "aland_own_unit": aland_own_unit,
            "cells": len(prepared.cells),
        },
    )
