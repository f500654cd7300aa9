"""A coverage instance built straight from a prepared scenario, for the planning tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coverage.planning import coverage_instance

if TYPE_CHECKING:
    import pandas as pd

    from coverage.planning import CoverageInstance
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
