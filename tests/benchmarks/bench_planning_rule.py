"""Benchmark "at least one new site per region": how the greedy keeps the rule, side by side.

Run: python tests/benchmarks/bench_planning_rule.py
Needs a built dataset (python -m coverage sync). Not collected by pytest (no test_ prefix).

Two ways for a greedy to place at least one site in every unit with unmet need:
- fill last (`planning.greedy_mclp`): free picks by marginal gain while the slots left exceed the
  required units still empty, then only their candidates;
- seed first (the obvious alternative, written here): the best site of each required unit first
  (greedy order among them), then free picks;
beside greedy-swap and the exact optimum (HiGHS), with the cost of the rule (the free optimum
minus the ruled one) and the seconds of each. People in need reached by the new sites.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.accessibility import ProviderFilter
from coverage.data.dataset import load_dataset
from coverage.planning import (
    candidate_sites,
    coverage_sets,
    exact_mclp,
    greedy_mclp,
    swap_improve,
    unit_limits,
    units_with_unmet_need,
)
from coverage.reach import Reach
from coverage.scenario import Scenario, prepare

CASES = (("maakunta", 19), ("maakunta", 25), ("hyvinvointialue", 30), ("seutukunta", 80))
SCENARIOS = {
    "all providers, 10 km": Scenario(),
    "digituki points, 10 km": Scenario(provider_filter=ProviderFilter(flags=("digituki",))),
    "all providers, drive 20 min": Scenario(reach=Reach(mode="drive", threshold=20)),
}


def seed_first(inst, k, limits) -> float:
    """Return the need reached by the seed-first greedy (slow and obvious: full re-evaluation)."""
    w, unit = inst.weight, limits.unit_of_candidate
    covered = np.zeros(inst.n_rows, dtype=bool)
    chosen: list[int] = []
    required = set(limits.at_least_one)

    def gain(j: int) -> float:
        rows = inst.rows_of(j)
        return float(w[rows][~covered[rows]].sum())

    while len(chosen) < k:
        pool = [j for j in range(inst.n_candidates) if j not in chosen
                and (not required or unit[j] in required)]
        gains = [gain(j) for j in pool]
        best = int(np.argmax(gains))
        if not required and gains[best] <= 0:
            break
        j = pool[best]
        chosen.append(j)
        covered[inst.rows_of(j)] = True
        required.discard(unit[j])
    return inst.objective(chosen)


def main() -> None:
    ds = load_dataset()
    print(f"{'scenario':30} {'division':16} {'k':>3} {'units':>5} {'fill-last':>10} "
          f"{'seed-first':>10} {'swap':>10} {'exact':>10} {'free opt':>10} {'rule cost':>9} "
          f"{'s fill/seed/swap/exact':>22}")
    for name, scenario in SCENARIOS.items():
        prepared = prepare(ds, scenario)
        candidates, _notes = candidate_sites(ds, prepared)
        inst = coverage_sets(prepared, candidates[["x", "y"]].to_numpy(float),
                             already_covered=prepared.covered())
        for division, k in CASES:
            required = units_with_unmet_need(ds, prepared, division)
            limits = unit_limits(ds, prepared, candidates, division, at_least_one=required)
            times = []
            t0 = time.perf_counter()
            fill = greedy_mclp(inst, k, limits=limits)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            seed = seed_first(inst, k, limits)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            swap = swap_improve(inst, fill, limits=limits)
            times.append(time.perf_counter() - t0 + times[0])
            t0 = time.perf_counter()
            exact = exact_mclp(inst, k, limits=limits)
            times.append(time.perf_counter() - t0)
            free = exact_mclp(inst, k).objective
            print(f"{name:30} {division:16} {k:>3} {len(required):>5} {fill.objective:>10.1f} "
                  f"{seed:>10.1f} {swap.objective:>10.1f} {exact.objective:>10.1f} "
                  f"{free:>10.1f} {(free - exact.objective) / free:>9.1%} "
                  f"{'/'.join(f'{s:.2f}' for s in times):>22}")


if __name__ == "__main__":
    main()
