"""Option comparison: which regional level should coordinate digital support.

Per coordinator option (a division of the municipalities into units, each with a seat) this module
computes the figures a ministry weighs (units to steer, size, seat distances, coverage, inequality
of access split into between- and within-unit parts with the Theil T index, need whose nearest
provider lies in another unit, languages), then a transparent weighted score with its sensitivity
to the weights. Definitions: docs/compare.md.

Two modes measure "near" the same way the rest of the tool does:

- `straight` (default): km, straight line x the scenario's circuity (`scenario.access_table`).
- `drive`: minutes by car on the national road graph (`coverage.network`, `travel_time_table`):
  seat -> cell and seat -> provider travel times, coverage within `threshold_min`, E2SFCA with
  Gaussian decay on minutes, closeness 1 / (1 + minutes / 10) and the nearest provider by road.

All options reuse one `Prepared` (one nearest-provider search); per option the work is integer
bincounts over the cells, so the whole comparison takes a fraction of a second (drive mode adds
one exact road search per unit seat: about a second per 100 seats).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from coverage.accessibility import coverage_by_unit, weighted_quantiles
from coverage.data.regions import ALAND_MAAKUNTA, ALAND_UNIT_CODE
from coverage.defaults import ACCESS_SPEED_KMH, DEFAULT_THRESHOLD_MIN
from coverage.errors import CoverageError, InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coverage.data.dataset import Dataset
    from coverage.network import RoadNetwork
    from coverage.scenario import Prepared

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

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

SWEDISH_SPEAKING_CODES: tuple[str, ...] = ("2",)
"""`language_code` of monolingual Swedish-speaking municipalities (Statistics Finland key 2025:
0 Finnish-speaking, 1 bilingual with Finnish majority, 2 Swedish-speaking, 3 bilingual with
Swedish majority; checked against the labels in the real-data tests)."""
BILINGUAL_CODES: tuple[str, ...] = ("1", "3")

THEIL_VARIABLES: tuple[str, ...] = ("closeness", "e2sfca")
"""Per-cell access variable of the Theil index: closeness = 1 / (1 + km to the nearest provider)
(drive mode: 1 / (1 + minutes / `CLOSENESS_SCALE_MIN`)), or the E2SFCA ratio (hours/week per
person in need)."""

MODE_STRAIGHT = "straight"
MODE_DRIVE = "drive"
MODES: tuple[str, ...] = (MODE_STRAIGHT, MODE_DRIVE)
"""straight: km, straight line x circuity; drive: minutes by car on the road network."""

CLOSENESS_SCALE_MIN = 10.0
"""Drive mode closeness = 1 / (1 + minutes / 10): 1 at a provider, 0.5 at 10 min, 1/3 at 20 min
(the default threshold). A convention, like the km variant's 1 / (1 + km): Theil T does not change
when every x is multiplied by a constant, but the scale sets how fast closeness falls."""

SEAT_SEARCH_LIMITS_MIN: tuple[float, ...] = (30.0, 90.0, math.inf)
"""Drive mode: seat searches try these limits in turn (a limited search looks at a small part of
the graph); a unit whose cells are not all reached within one limit is searched again with the
next. The last is unlimited, so the times are exact whatever the limits."""

SEAT_COLUMNS: dict[str, dict[str, str]] = {
    MODE_STRAIGHT: {
        "mean_seat": "mean_seat_distance_km",
        "median_seat": "median_seat_distance_km",
        "need_mean_seat": "need_mean_seat_distance_km",
        "need_median_seat": "need_median_seat_distance_km",
        "seat_provider": "seat_provider_distance_km",
        "median_provider": "median_provider_km",
    },
    MODE_DRIVE: {
        "mean_seat": "mean_seat_time_min",
        "median_seat": "median_seat_time_min",
        "need_mean_seat": "need_mean_seat_time_min",
        "need_median_seat": "need_median_seat_time_min",
        "seat_provider": "seat_provider_time_min",
        "median_provider": "median_provider_min",
    },
}
"""Names of the seat and provider distance columns per mode (km in straight, minutes in drive)."""

MINUTE_COLUMNS: frozenset[str] = frozenset(SEAT_COLUMNS[MODE_DRIVE].values())
"""Columns in minutes (drive mode). Note: `*_unit_min` and `*_per_unit_min` are minima, not
minutes."""

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


def closeness_minutes(
    minutes: npt.ArrayLike, *, scale_min: float = CLOSENESS_SCALE_MIN
) -> FloatArray:
    """Return 1 / (1 + minutes / scale): 1 at a provider, 0.5 at 10 min, 0 if unreachable (inf)."""
    t = np.asarray(minutes, dtype=float)
    return np.where(np.isfinite(t), 1.0 / (1.0 + t / scale_min), 0.0)


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
CRITERIA_DRIVE: tuple[Criterion, ...] = tuple(
    Criterion(
        c.name,
        "need_mean_seat_time_min",
        c.better,
        c.log,
        "paikallistuntemus: kotipaikka lähellä tuen tarvitsijoita (ajoaika)",
    )
    if c.name == "seat_distance"
    else c
    for c in CRITERIA
)
"""The criteria in drive mode: local knowledge measured in minutes by road from the seat."""
if tuple(c.name for c in CRITERIA) != Weights.names():  # pragma: no cover - a programming error
    msg = "CRITERIA and Weights must list the same criteria in the same order"
    raise CoverageError(msg)


def criteria_for(mode: str) -> tuple[Criterion, ...]:
    """Return the score's criteria in `mode` (same names and weights; drive uses minutes)."""
    return CRITERIA_DRIVE if mode == MODE_DRIVE else CRITERIA


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
    mode: str = MODE_STRAIGHT  # "straight" (km) or "drive" (minutes by road)
    criterion_set: tuple[Criterion, ...] = CRITERIA  # the criteria as scored in this mode

    def scoring_table(self) -> pd.DataFrame:
        """Return criteria, raw and normalised values, weights and results in one long table."""
        rows = []
        for option in self.criteria.index:
            for c in self.criterion_set:
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
class _Drive:
    """Drive-mode inputs shared by every option: the network, the legs and the road engine."""

    network: RoadNetwork
    threshold_min: float
    catchment_min: float
    access_speed_kmh: float
    circuity: float  # of the access and egress legs
    nearest_min: FloatArray
    distance_order: IntArray


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
    drive: _Drive | None = None  # set in drive mode

    @property
    def mode(self) -> str:
        """Return "drive" or "straight"."""
        return MODE_STRAIGHT if self.drive is None else MODE_DRIVE


@dataclass(frozen=True)
class DriveSettings:
    """Drive mode resolved: the road network, threshold and catchment (minutes), the legs."""

    network: RoadNetwork
    threshold_min: float = DEFAULT_THRESHOLD_MIN
    catchment_min: float | None = None  # E2SFCA catchment; None = the threshold
    access_speed_kmh: float = ACCESS_SPEED_KMH
    circuity: float | None = None  # of the access legs; None = the scenario's circuity


def drive_settings(
    ds: Dataset,
    mode: str | None,
    *,
    threshold_min: float | None = None,
    network: RoadNetwork | None = None,
    catchment_min: float | None = None,
    access_speed_kmh: float = ACCESS_SPEED_KMH,
    leg_circuity: float | None = None,
) -> DriveSettings | None:
    """
    Return the drive settings of `mode` (None in straight mode).

    `mode` None means drive if `threshold_min` is given, else straight (as the CLI's
    `--max-minutes` implies `--mode drive`). Without `network` the dataset's road network is
    loaded once and remembered (`dataset_network`).

    Raises
    ------
    InputError
        For an unknown mode, minutes in straight mode, or a threshold or catchment that is not
        a positive number of minutes.
    RoadsMissingError
        In drive mode, if no network is given and the dataset has none.
    """
    mode = mode or (MODE_DRIVE if threshold_min is not None else MODE_STRAIGHT)
    if mode not in MODES:
        msg = f"unknown mode {mode!r}; use {' or '.join(MODES)}"
        raise InputError([Problem("mode", None, "mode", msg)])
    if mode == MODE_STRAIGHT:
        if threshold_min is not None or catchment_min is not None:
            msg = "minutes need mode 'drive' (straight mode measures km: Scenario.threshold_km)"
            raise InputError([Problem("mode", None, "threshold_min", msg)])
        return None
    problems = [
        Problem("drive", None, name, f"{name} {value!r}: give a positive number of minutes")
        for name, value in (("threshold_min", threshold_min), ("catchment_min", catchment_min))
        if value is not None
        and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0)
    ]
    if problems:
        raise InputError(problems)
    return DriveSettings(
        network=network if network is not None else dataset_network(ds),
        threshold_min=float(threshold_min if threshold_min is not None else DEFAULT_THRESHOLD_MIN),
        catchment_min=None if catchment_min is None else float(catchment_min),
        access_speed_kmh=float(access_speed_kmh),
        circuity=None if leg_circuity is None else float(leg_circuity),
    )


_NETWORK_CACHE: dict[tuple[str, str], RoadNetwork] = {}


def dataset_network(ds: Dataset) -> RoadNetwork:
    """Return the dataset's road network (`network.load_road_network`), loaded once per dataset.

    Read-only and shared; only the latest dataset's network is kept.
    """
    from coverage.network import load_road_network  # noqa: PLC0415

    key = (str(ds.path), str(ds.dataset_id))
    hit = _NETWORK_CACHE.get(key)
    if hit is None:
        hit = load_road_network(ds.path)
        _NETWORK_CACHE.clear()
        _NETWORK_CACHE[key] = hit
    return hit


def _shared(
    ds: Dataset, prepared: Prepared, theil_variable: str, drive: DriveSettings | None = None
) -> _Shared:
    if theil_variable not in THEIL_VARIABLES:
        msg = f"unknown Theil variable {theil_variable!r}; use one of {', '.join(THEIL_VARIABLES)}"
        raise InputError([Problem("theil_variable", None, "theil_variable", msg)])
    w = prepared.weights()
    road = None
    if drive is None:
        ratio = prepared.access.e2sfca(prepared.need, catchment_m=_catchment_m(prepared))
        value = closeness(prepared.access.nearest_m) if theil_variable == "closeness" else ratio
        nearest_index = prepared.access.nearest_index
    else:
        from coverage.network import travel_time_access  # noqa: PLC0415

        leg_circuity = drive.circuity if drive.circuity is not None else prepared.scenario.circuity
        catchment = drive.catchment_min or drive.threshold_min
        # the engine of `travel_time_table` (cached on `prepared`): the same minutes everywhere
        engine = travel_time_access(
            prepared, drive.network, access_speed_kmh=drive.access_speed_kmh, circuity=leg_circuity
        )
        ratio = engine.e2sfca(prepared.need, catchment_min=catchment)
        value = closeness_minutes(engine.nearest_min) if theil_variable == "closeness" else ratio
        nearest_index = engine.nearest_index
        road = _Drive(
            network=drive.network,
            threshold_min=drive.threshold_min,
            catchment_min=catchment,
            access_speed_kmh=drive.access_speed_kmh,
            circuity=leg_circuity,
            nearest_min=engine.nearest_min,
            distance_order=engine.distance_order,
        )
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
        nearest_index=nearest_index,
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
        drive=road,
    )


# --- Seat travel times by road -------------------------------------------------------------------


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
    from coverage.network import ACCESS_CIRCUITY, limited_searches  # noqa: PLC0415

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


def _cached_seat_minutes(
    prepared: Prepared,
    road: _Drive,
    seat_xy: FloatArray,
    target_xy: FloatArray,
    target_unit: IntArray,
) -> FloatArray:
    """Return `seat_travel_minutes`, remembered on `prepared` per network, seats and targets.

    A second comparison on the same scenario (other weights, another Theil variable) then skips
    the road searches. The key hashes the inputs, so a changed seat is a new entry.
    """
    digest = hashlib.blake2b(digest_size=16)
    for arr in (seat_xy, target_xy, target_unit):
        digest.update(np.ascontiguousarray(arr).tobytes())
    key = ("compare_seat_minutes", digest.hexdigest(), road.access_speed_kmh, road.circuity)
    hit = prepared._cache.get(key)
    if hit is not None and hit[0] is road.network:
        return hit[1]
    times = seat_travel_minutes(
        road.network,
        seat_xy,
        target_xy,
        target_unit,
        access_speed_kmh=road.access_speed_kmh,
        circuity=road.circuity,
    )
    times.setflags(write=False)
    prepared._cache[key] = (road.network, times)
    return times


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


def option_units(  # noqa: PLR0913, PLR0915
    ds: Dataset,
    prepared: Prepared,
    option: str,
    *,
    theil_variable: str = "closeness",
    aland_own_unit: bool = True,
    shared: _Shared | None = None,
    mode: str | None = None,
    threshold_min: float | None = None,
    network: RoadNetwork | None = None,
    catchment_min: float | None = None,
    access_speed_kmh: float = ACCESS_SPEED_KMH,
    leg_circuity: float | None = None,
) -> tuple[pd.DataFrame, dict, OptionDivision]:
    """
    Return (one row per unit of `option`, the option's summary row, its division).

    Straight mode: distances are km, straight line × the scenario's circuity. Drive mode (see
    `compare_options`): minutes by road, columns `*_min` (`SEAT_COLUMNS`). Population, need and
    coverage come from the demand cells (they sum to the official municipal totals) through
    `coverage_by_unit`, exactly as `scenario.access_table` (drive: `network.travel_time_table`)
    has them; area, municipality counts and languages from the municipal table. The drive
    arguments are ignored when `shared` is given.
    """
    if shared is None:
        drive = drive_settings(
            ds,
            mode,
            threshold_min=threshold_min,
            network=network,
            catchment_min=catchment_min,
            access_speed_kmh=access_speed_kmh,
            leg_circuity=leg_circuity,
        )
        shared = _shared(ds, prepared, theil_variable, drive)
    sh = shared
    road = sh.drive
    names = SEAT_COLUMNS[sh.mode]
    div = option_division(ds, prepared, option, aland_own_unit=aland_own_unit, keys=sh.keys)
    codes, inverse = div.codes, div.inverse
    n = len(codes)
    row_of = {c: i for i, c in enumerate(codes)}
    # what `scenario.access_table` (drive: `travel_time_table`) computes, with the E2SFCA ratio
    # computed once for all options; minutes go in as "metres" x 1000, as travel_time_table does
    if road is None:
        table = coverage_by_unit(
            inverse,
            codes,
            prepared.weights(),
            prepared.access.nearest_m,
            threshold_m=prepared.threshold_m,
            access_ratio=sh.e2sfca,
            distance_order=prepared.distance_order,
        )
    else:
        table = coverage_by_unit(
            inverse,
            codes,
            prepared.weights(),
            road.nearest_min * 1000.0,
            threshold_m=road.threshold_min * 1000.0,
            access_ratio=sh.e2sfca,
            distance_order=road.distance_order,
        ).rename(columns={"median_km": "median_min"})
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

    # providers per unit
    p_unit = np.array(
        [row_of.get(div.unit_of_kunta.get(k), -1) for k in sh.provider_kunta], dtype=np.int64
    )
    known = p_unit >= 0
    provs_g = np.bincount(p_unit[known], minlength=n).astype(float)
    cap_g = np.bincount(p_unit[known], weights=sh.provider_capacity[known], minlength=n)

    # seat → people and seat → providers: km (straight × circuity) or minutes by road
    if road is None:
        d_seat = np.hypot(*(sh.cell_xy - seat_xy[inverse]).T) * sh.circuity / 1000.0
        d_prov = (
            np.hypot(*(sh.provider_xy[known] - seat_xy[p_unit[known]]).T) * sh.circuity / 1000.0
        )
        median_provider = table["median_km"].to_numpy(float)
    else:
        times = _cached_seat_minutes(
            prepared,
            road,
            seat_xy,
            np.concatenate([sh.cell_xy, sh.provider_xy[known]]),
            np.concatenate([inverse, p_unit[known]]),
        )
        d_seat, d_prov = times[: len(inverse)], times[len(inverse) :]
        median_provider = table["median_min"].to_numpy(float)
    pop_g = table["population"].to_numpy(float)
    need_g = table["need"].to_numpy(float)
    seat_order = np.argsort(d_seat, kind="stable")  # one sort for the unit and national medians
    everyone = np.zeros(len(d_seat), dtype=np.int64)
    (median_g,) = weighted_quantiles(d_seat, sh.pop, inverse, n, (0.5,), value_order=seat_order)
    (need_median_g,) = weighted_quantiles(
        d_seat, sh.need, inverse, n, (0.5,), value_order=seat_order
    )
    (national_median,) = weighted_quantiles(
        d_seat, sh.pop, everyone, 1, (0.5,), value_order=seat_order
    )
    (national_need_median,) = weighted_quantiles(
        d_seat, sh.need, everyone, 1, (0.5,), value_order=seat_order
    )

    # nearest provider (by road in drive mode) in another unit
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
        names["mean_seat"]: _div(np.bincount(inverse, weights=sh.pop * d_seat, minlength=n), pop_g),
        names["median_seat"]: median_g,
        names["need_mean_seat"]: _div(
            np.bincount(inverse, weights=sh.need * d_seat, minlength=n), need_g
        ),
        names["need_median_seat"]: need_median_g,
        names["seat_provider"]: _div(
            np.bincount(p_unit[known], weights=d_prov, minlength=n), provs_g
        ),
        "covered_population": table["covered_population"].to_numpy(float),
        "covered_need": table["covered_need"].to_numpy(float),
        "coverage_share": table["coverage_share"].to_numpy(float),
        "need_coverage_share": table["need_coverage_share"].to_numpy(float),
        names["median_provider"]: median_provider,
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
        names["median_seat"]: float(national_median[0]),
        "coverage_share": _div(cols["covered_population"].sum(), pop_g.sum()).item(),
        "theil_total": th.total,
        "theil_between": th.between,
        "theil_within": th.within,
        "cross_border_need_share": _div(cross_need_g.sum(), total_need).item(),
        names["mean_seat"]: _div(np.dot(sh.pop, d_seat), sh.pop.sum()).item(),
        names["need_mean_seat"]: _div(np.dot(sh.need, d_seat), total_need).item(),
        names["need_median_seat"]: float(national_need_median[0]),
        names["seat_provider"]: float(d_prov.mean()) if len(d_prov) else math.nan,
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
    summary["mode"] = sh.mode
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
SUMMARY_FIRST_DRIVE: tuple[str, ...] = tuple(
    SEAT_COLUMNS[MODE_DRIVE]["median_seat"] if c == "median_seat_distance_km" else c
    for c in SUMMARY_FIRST
)
"""The same in drive mode: the seat's median travel time in place of its median distance."""


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
    mode: str | None = None,
    threshold_min: float | None = None,
    network: RoadNetwork | None = None,
    catchment_min: float | None = None,
    access_speed_kmh: float = ACCESS_SPEED_KMH,
    leg_circuity: float | None = None,
) -> Comparison:
    """
    Return the comparison of coordinator `options` under one prepared scenario.

    Åland: with the whole country, Åland's municipalities are in units of their own in every
    option (the one key that mixes them with the mainland, elinvoimakeskus 2026, is split unless
    `aland_own_unit` is False); with `prepared.scenario.mainland_only` they are left out. The
    `scope` and `aland_split` columns say which.

    Mode (`mode`, column `mode`): "straight" (default) measures km, straight line × the
    scenario's circuity. "drive" (the default when `threshold_min` is given) measures minutes by
    car on `network` (default: the dataset's, `dataset_network`): coverage within
    `threshold_min` (default 20) of the nearest provider by road, E2SFCA with Gaussian decay on
    minutes (catchment `catchment_min`, default the threshold), closeness 1 / (1 + min / 10),
    cross-border need by the nearest provider by road, and seat → cell and seat → provider
    travel times (`*_time_min` columns, `SEAT_COLUMNS`), which replace the km in the
    local-knowledge criterion. Access legs: straight line × `leg_circuity` (default the
    scenario's circuity) at `access_speed_kmh`, as `network.travel_time_table`.

    Raises
    ------
    InputError
        For an unknown option, mode or Theil variable, bad minutes, or bad sensitivity settings.
    RoadsMissingError
        In drive mode without `network`, if the dataset has no road network.
    """
    options = _check_options(options)
    drive = drive_settings(
        ds,
        mode,
        threshold_min=threshold_min,
        network=network,
        catchment_min=catchment_min,
        access_speed_kmh=access_speed_kmh,
        leg_circuity=leg_circuity,
    )
    sh = _shared(ds, prepared, theil_variable, drive)
    criteria = criteria_for(sh.mode)
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
        {c.name: table[c.column].to_numpy(float) for c in criteria}, index=table.index
    )
    norm = normalise_criteria(raw, criteria)
    table["score"] = score(norm, weights)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(np.int64)
    sens = sensitivity(norm, weights, draws=draws, spread=spread, seed=seed)
    table["rank_first_share"] = sens["rank_first_share"]
    table["mean_rank"] = sens["mean_rank"]
    first = SUMMARY_FIRST_DRIVE if sh.drive is not None else SUMMARY_FIRST
    ordered = list(first) + [c for c in table.columns if c not in first]
    meta = {
        "threshold_km": prepared.scenario.threshold_km,
        "circuity": prepared.scenario.circuity,
        "catchment_km": _catchment_m(prepared) / 1000,
        "providers": len(prepared.providers),
        "aland_own_unit": aland_own_unit,
        "cells": len(prepared.cells),
        "mode": sh.mode,
    }
    if sh.drive is not None:
        meta |= {
            "threshold_min": sh.drive.threshold_min,
            "catchment_min": sh.drive.catchment_min,
            "access_speed_kmh": sh.drive.access_speed_kmh,
            "leg_circuity": sh.drive.circuity,
            "closeness_scale_min": CLOSENESS_SCALE_MIN,
            "network_nodes": sh.drive.network.n_nodes,
        }
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
        meta=meta,
        mode=sh.mode,
        criterion_set=criteria,
    )
