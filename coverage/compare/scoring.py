"""Scoring the coordinator options: criteria, weights, score and sensitivity.

A transparent weighted score, and how robust its ranking is to the weights. Definitions:
docs/compare.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from coverage.errors import CoverageError, InputError, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

FloatArray = npt.NDArray[np.float64]

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
CRITERIA_MINUTES: tuple[Criterion, ...] = tuple(
    Criterion(
        c.name,
        "need_mean_seat_time_min",
        c.better,
        c.log,
        "paikallistuntemus: kotipaikka lähellä tuen tarvitsijoita (matka-aika)",
    )
    if c.name == "seat_distance"
    else c
    for c in CRITERIA
)
"""The criteria when reach is minutes (drive, walk): local knowledge in minutes from the seat."""
if tuple(c.name for c in CRITERIA) != Weights.names():  # pragma: no cover - a programming error
    msg = "CRITERIA and Weights must list the same criteria in the same order"
    raise CoverageError(msg)


def criteria_for(unit: str) -> tuple[Criterion, ...]:
    """Return the score's criteria when costs are in `unit` (same names and weights)."""
    return CRITERIA_MINUTES if unit == "min" else CRITERIA


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
