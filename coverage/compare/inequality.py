"""Inequality of access: the Theil T index and the closeness it is computed on.

Theil T of a weighted variable splits exactly into between- and within-unit parts (Shorrocks
1980).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coverage.errors import InputError, Problem
from coverage.reach import CLOSENESS_SCALE_MIN

FloatArray = npt.NDArray[np.float64]

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
