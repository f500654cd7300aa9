"""
Why the coordinator options rank as they do: separation, tipping points, dominance, stability.

The score (`coverage.compare.score`) is a weighted mean of criteria normalised to 0..1. A
ministry needs more than the order it gives: which criteria separate the leading options, how far
one weight must move before two options swap places (the *tipping point*), which options no
other option beats on every criterion (*non-dominated*), and whether the winner survives the
sensitivity's random weightings and a few named viewpoints. When the top option does not rank
first in at least `CLEAR_WINNER_MIN_FIRST_SHARE` of the random weightings, there is no clear
winner and page and report say so instead of naming one.

Everything here works on the normalised criteria table (one row per option, one column per
criterion name, 1 = best) and a `Weights`: the same inputs as `score` and `sensitivity`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coverage.compare import CRITERIA, DEFAULT_WEIGHTS, Weights, score, sensitivity
from coverage.defaults import (
    CLEAR_WINNER_MIN_FIRST_SHARE,
    LEADING_OPTIONS,
    NAMED_WEIGHT_SETS,
    TIPPING_WEIGHT_MAX,
)
from coverage.errors import InputError, Problem

if TYPE_CHECKING:
    from coverage.compare import Comparison

SCORE_TIE = 1e-12
"""Scores closer than this are equal (float rounding of the weighted mean)."""

DEFAULT_SET = "default"
USER_SET = "user"


NAMES: tuple[str, ...] = tuple(c.name for c in CRITERIA)


def criterion_names() -> tuple[str, ...]:
    """Return the criterion names in score order."""
    return NAMES


def named_weight_sets() -> dict[str, Weights]:
    """Return the named weightings of `defaults.NAMED_WEIGHT_SETS` as `Weights`."""
    return {name: Weights(**values) for name, values in NAMED_WEIGHT_SETS.items()}


def _values(normalised: pd.DataFrame) -> np.ndarray:
    return normalised[list(criterion_names())].to_numpy(float)


def _check_options(normalised: pd.DataFrame, *options: str) -> None:
    missing = [o for o in options if o not in normalised.index]
    if missing:
        known = ", ".join(map(str, normalised.index))
        msg = f"options {missing} are not in the comparison; use some of {known}"
        raise InputError([Problem("ranking", None, "option", msg)])


def order(normalised: pd.DataFrame, weights: Weights) -> list[str]:
    """Return the options by score, best first (ties keep the table's order)."""
    scores = score(normalised, weights)
    return list(scores.sort_values(ascending=False, kind="stable").index)


def separation(normalised: pd.DataFrame, weights: Weights, leader: str, other: str) -> pd.DataFrame:
    """
    Return each criterion's part of the score difference between `leader` and `other`.

    `contribution` = w_c (n_leader,c - n_other,c) / Σ w: the parts sum exactly to the score
    difference, so the largest positive parts are what puts `leader` ahead and the negative
    ones what speaks for `other`. Sorted by absolute contribution, largest first.
    """
    _check_options(normalised, leader, other)
    w = weights.as_array()
    a = normalised.loc[leader, list(criterion_names())].to_numpy(float)
    b = normalised.loc[other, list(criterion_names())].to_numpy(float)
    contribution = w * (a - b) / w.sum()
    frame = pd.DataFrame(
        {
            "leader": leader,
            "other": other,
            "criterion": criterion_names(),
            "weight": w,
            "leader_normalised": a,
            "other_normalised": b,
            "contribution": contribution,
        }
    )
    frame["favours"] = np.where(
        contribution > SCORE_TIE, leader, np.where(contribution < -SCORE_TIE, other, "")
    )
    return frame.reindex(frame["contribution"].abs().sort_values(ascending=False).index)


def tipping_points(
    normalised: pd.DataFrame,
    weights: Weights,
    leader: str,
    other: str,
    *,
    max_weight: float = TIPPING_WEIGHT_MAX,
) -> pd.DataFrame:
    """
    Return, per criterion, the weight at which `other` overtakes `leader` (others fixed).

    With d_k = n_leader,k - n_other,k, the score difference has the sign of D = Σ_k w_k d_k
    (the denominator Σ w is positive). Moving weight c alone to x gives D(x) = D + (x - w_c) d_c,
    zero at x* = w_c - D / d_c. The order flips there if x* lies in [0, `max_weight`]: below x*
    when the leader is better on c (d_c > 0: lowering the weight flips), above it when worse.
    `tipping_weight` is NaN when no weight in the range flips the pair (d_c = 0, or x* outside),
    `direction` is "lower" or "higher", `change` = x* - w_c.
    """
    _check_options(normalised, leader, other)
    w = weights.as_array()
    a = normalised.loc[leader, list(criterion_names())].to_numpy(float)
    b = normalised.loc[other, list(criterion_names())].to_numpy(float)
    d = a - b
    total = float(w @ d)
    rows = []
    for k, name in enumerate(criterion_names()):
        tip = math.nan
        direction = ""
        if abs(d[k]) > SCORE_TIE:
            x = w[k] - total / d[k]
            rest = w.sum() - w[k]
            inside = -SCORE_TIE <= x <= max_weight + SCORE_TIE
            if inside and not (x <= SCORE_TIE and rest <= 0):  # all weights zero: no score
                tip = min(max(x, 0.0), max_weight)
                direction = "lower" if d[k] > 0 else "higher"
        rows.append(
            {
                "leader": leader,
                "other": other,
                "criterion": name,
                "weight": w[k],
                "tipping_weight": tip,
                "direction": direction,
                "change": tip - w[k],
                "leader_normalised": a[k],
                "other_normalised": b[k],
            }
        )
    return pd.DataFrame(rows)


def dominance(normalised: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """
    Return per option the options that dominate it and whether it is non-dominated.

    Option b dominates a when b is at least as good on every weighted criterion (weight > 0:
    a zero weight drops the criterion) and better on at least one (Pareto). A dominated option
    cannot score above its dominator under any weights with the same zeros, so a unique top
    option is always non-dominated.
    """
    used = weights.as_array() > 0
    v = _values(normalised)[:, used]
    options = list(normalised.index)
    by: dict[str, list[str]] = {o: [] for o in options}
    for i, j in itertools.permutations(range(len(options)), 2):
        if np.all(v[j] >= v[i] - SCORE_TIE) and np.any(v[j] > v[i] + SCORE_TIE):
            by[options[i]].append(options[j])
    return pd.DataFrame(
        {
            "option": options,
            "dominated_by": [", ".join(by[o]) for o in options],
            "non_dominated": [not by[o] for o in options],
        }
    )


def weight_set_ranks(
    normalised: pd.DataFrame, weights: Weights, sets: dict[str, Weights] | None = None
) -> pd.DataFrame:
    """
    Return the score and rank of every option under named weightings.

    The sets are the defaults (`default`), the given `weights` when they differ (`user`), and
    `sets` (default `named_weight_sets()`). One row per set and option; `first` marks rank 1.
    """
    chosen = {DEFAULT_SET: DEFAULT_WEIGHTS}
    if weights != DEFAULT_WEIGHTS:
        chosen[USER_SET] = weights
    chosen |= named_weight_sets() if sets is None else sets
    rows = []
    for name, w in chosen.items():
        scores = score(normalised, w)
        ranks = scores.rank(ascending=False, method="min").astype(int)
        for option in normalised.index:
            rows.append(
                {
                    "weight_set": name,
                    "option": option,
                    "score": float(scores[option]),
                    "rank": int(ranks[option]),
                    "first": int(ranks[option]) == 1,
                    **{f"w_{c}": getattr(w, c) for c in criterion_names()},
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Ranking:
    """Why the options rank as they do under `weights` (see `explain`)."""

    weights: Weights
    scores: pd.Series  # option -> score, best first
    leading: tuple[str, ...]  # the top options by score
    stability: pd.DataFrame  # option: rank_first_share, mean_rank under the random draws
    clear_winner: bool
    min_first_share: float  # the clear-winner rule's threshold
    spread: float
    draws: int
    dominance: pd.DataFrame  # option, dominated_by, non_dominated
    separation: pd.DataFrame  # per leading pair and criterion: contributions to the difference
    tipping: pd.DataFrame  # per leading pair and criterion: the weight that flips the pair
    weight_sets: pd.DataFrame  # per named weighting and option: score, rank, first

    @property
    def top(self) -> str:
        """Return the top-scoring option (a clear winner only if `clear_winner`)."""
        return str(self.scores.index[0])

    @property
    def winner(self) -> str | None:
        """Return the top option when it is a clear winner, else None."""
        return self.top if self.clear_winner else None

    @property
    def top_first_share(self) -> float:
        """Return the share of random weightings in which the top option ranks first."""
        return float(self.stability.loc[self.top, "rank_first_share"])

    @property
    def uses_defaults(self) -> bool:
        """Return whether the weights are the documented defaults."""
        return self.weights == DEFAULT_WEIGHTS

    def firsts(self) -> pd.DataFrame:
        """Return the first option(s) under each named weighting: weight_set, options."""
        first = self.weight_sets[self.weight_sets["first"]]
        return (
            first.groupby("weight_set", sort=False)["option"]
            .agg(lambda s: ", ".join(s))
            .reset_index(name="first")
        )


def explain(
    normalised: pd.DataFrame,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    draws: int = 1000,
    spread: float = 0.25,
    seed: int = 2026,
    leading: int = LEADING_OPTIONS,
    min_first_share: float = CLEAR_WINNER_MIN_FIRST_SHARE,
    max_weight: float = TIPPING_WEIGHT_MAX,
) -> Ranking:
    """
    Return why the options rank as they do under `weights`.

    Leading options: the `leading` best by score. For each pair of them (better first): the
    criteria's contributions to the score difference and every criterion's tipping weight.
    Stability: `sensitivity` with the same `draws`, `spread`, `seed` as the comparison, and the
    ranks under the named weightings. Clear winner: the top option is alone at the top score
    and ranks first in at least `min_first_share` of the draws.

    One option alone is trivially first (a clear winner) and has no pairs to explain.

    Raises
    ------
    InputError
        For no options, `leading` < 2, or `min_first_share` outside (0, 1].
    """
    problems = []
    if len(normalised) == 0:
        problems.append(Problem("ranking", None, "options", "compare at least one option"))
    if isinstance(leading, bool) or not isinstance(leading, int) or leading < 2:  # noqa: PLR2004
        problems.append(Problem("ranking", None, "leading", f"leading {leading!r}: give 2 or more"))
    if not (isinstance(min_first_share, (int, float)) and 0 < min_first_share <= 1):
        problems.append(
            Problem(
                "ranking",
                None,
                "min_first_share",
                f"min_first_share {min_first_share!r}: give a share above 0, at most 1",
            )
        )
    if problems:
        raise InputError(problems)
    scores = score(normalised, weights).sort_values(ascending=False, kind="stable")
    stability = sensitivity(normalised, weights, draws=draws, spread=spread, seed=seed)
    top = scores.index[0]
    alone = len(scores) == 1 or scores.iloc[0] - scores.iloc[1] > SCORE_TIE
    clear = bool(alone and stability.loc[top, "rank_first_share"] >= min_first_share - 1e-12)
    lead = tuple(scores.index[: min(leading, len(scores))])
    pairs = list(itertools.combinations(lead, 2))
    # one option alone has no pairs: the tables keep their columns, with no rows
    pairs_or_self = pairs or [(top, top)]
    sep = pd.concat(
        [separation(normalised, weights, a, b) for a, b in pairs_or_self], ignore_index=True
    ).iloc[: len(NAMES) * len(pairs)]
    tips = pd.concat(
        [
            tipping_points(normalised, weights, a, b, max_weight=max_weight)
            for a, b in pairs_or_self
        ],
        ignore_index=True,
    ).iloc[: len(NAMES) * len(pairs)]
    return Ranking(
        weights=weights,
        scores=scores,
        leading=lead,
        stability=stability,
        clear_winner=clear,
        min_first_share=float(min_first_share),
        spread=float(spread),
        draws=int(draws),
        dominance=dominance(normalised, weights),
        separation=sep,
        tipping=tips,
        weight_sets=weight_set_ranks(normalised, weights),
    )


def explain_comparison(comparison: Comparison, **options: object) -> Ranking:
    """Return `explain` for a `Comparison`, with its weights and sensitivity settings."""
    return explain(
        comparison.normalised,
        comparison.weights,
        draws=comparison.draws,
        spread=comparison.spread,
        seed=comparison.seed,
        **options,  # type: ignore[arg-type]
    )


def ranked_options(comparison: Comparison, ranking: Ranking | None = None) -> pd.DataFrame:
    """
    Return the option table with `clear_winner` (same on every row) and `non_dominated`.

    `clear_winner` says whether the top-ranked option is a clear winner (`Ranking.clear_winner`);
    `dominated_by` names the options that beat an option on every weighted criterion.
    """
    ranking = ranking or explain_comparison(comparison)
    dom = ranking.dominance.set_index("option")
    table = comparison.options.copy()
    table["clear_winner"] = ranking.clear_winner
    table["non_dominated"] = table["option"].map(dom["non_dominated"]).astype(bool)
    table["dominated_by"] = table["option"].map(dom["dominated_by"]).fillna("")
    return table
