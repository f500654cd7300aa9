"""Slow, obvious references for the planning tests: a straight-line instance built from the
cells themselves, and brute force over every set of sites (with the per-unit limits)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from coverage.planning import coverage_instance

if TYPE_CHECKING:
    import pandas as pd

    from coverage.planning import CoverageInstance, UnitLimits
    from coverage.scenario import Prepared


def straight_line_instance(prepared: Prepared, candidates: pd.DataFrame) -> CoverageInstance:
    """Return the need each candidate would newly cover in a straight-line scenario, built from
    the cells' coordinates and the threshold itself (not through `coverage_sets`)."""
    return coverage_instance(
        prepared.cells[["x", "y"]].to_numpy(),
        prepared.need,
        candidates[["x", "y"]].to_numpy(),
        threshold_m=prepared.threshold_m,
        circuity=prepared.scenario.reach.circuity,
        already_covered=prepared.access.covered(prepared.threshold_m),
    )


def allowed(limits: UnitLimits | None, combo: tuple[int, ...]) -> bool:
    """Return whether a set of sites keeps the limits: at most / at least per unit, and at least
    one in every unit of `limits.at_least_one` (counted by hand, not with `minimum()`)."""
    if limits is None:
        return True
    counts = np.bincount(limits.unit_of_candidate[list(combo)], minlength=limits.n_units)
    if limits.max_per_unit is not None and (counts > limits.max_per_unit).any():
        return False
    if (counts < limits.min_per_unit).any():
        return False
    return all(counts[u] >= 1 for u in limits.at_least_one)


def brute_force(inst: CoverageInstance, k: int, limits: UnitLimits | None = None) -> float:
    """Return the best objective of any set of at most `k` sites that keeps the limits
    (-inf if no set does)."""
    best = -np.inf
    for r in range(k + 1):
        for combo in itertools.combinations(range(inst.n_candidates), r):
            if allowed(limits, combo):
                best = max(best, inst.objective(combo))
    return float(best)
