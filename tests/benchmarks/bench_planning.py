"""Benchmark the MCLP planner: greedy nationwide, exact (HiGHS) check, spopt MCLP side by side.

Run: python tests/benchmarks/bench_planning.py [--k 20] [--spopt-limit 300]
Needs a built dataset (python -m coverage sync). Not collected by pytest (no test_ prefix).

Prints, per scenario: the instance size; greedy, greedy-swap and exact times and objectives with
the gap; spopt's MCLP (PuLP + CBC) on the largest instance it solves here within the limit, with
the same objective from our exact solver; and the greedy gap on every maakunta where exact runs.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coverage.accessibility import ProviderFilter
from coverage.data.dataset import load_dataset
from coverage.planning import (
    candidate_sites,
    coverage_instance,
    exact_mclp,
    greedy_mclp,
    plan_new_sites,
    swap_improve,
)
from coverage.scenario import Scenario, prepare


def best_of(fn, repeat=5):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def build(ds, prepared, cands):
    return coverage_instance(
        prepared.cells[["x", "y"]].to_numpy(float),
        prepared.need,
        cands[["x", "y"]].to_numpy(float),
        threshold_m=prepared.threshold_m,
        circuity=prepared.scenario.reach.circuity,
        already_covered=prepared.access.covered(prepared.threshold_m),
        population=prepared.weights()["population"],
    )


def spopt_mclp(inst, k, *, limit_s, dense_cost=None, weights=None, radius=None):
    """Solve with spopt's MCLP (PuLP + CBC); returns (seconds, objective, status)."""
    import pulp  # noqa: PLC0415 (slow import)
    from spopt.locate import MCLP  # noqa: PLC0415

    if dense_cost is None:  # the sparse instance as a 0/2 cost matrix, radius 1
        dense_cost = np.where(inst.cover.T.toarray(), 0.0, 2.0)
        weights, radius = inst.weight, 1.0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PuLP 3.x deprecation notices inside spopt
        model = MCLP.from_cost_matrix(
            dense_cost, weights, service_radius=radius, p_facilities=k, name="bench"
        )
        model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=limit_s))
    seconds = time.perf_counter() - t0
    return seconds, float(model.problem.objective.value()), pulp.LpStatus[model.problem.status]


def gap(opt, val):
    return (opt - val) / opt if opt else 0.0


def nationwide(ds, prepared, cands, k):
    """Greedy, greedy-swap and exact on the whole country; returns (instance, greedy seconds)."""
    t_inst, inst = best_of(lambda: build(ds, prepared, cands))
    t_greedy, greedy = best_of(lambda: greedy_mclp(inst, k))
    t_swap, swapped = best_of(lambda: swap_improve(inst, greedy), repeat=3)
    t_exact, exact = best_of(lambda: exact_mclp(inst, k), repeat=1)
    t_plan, plan = best_of(lambda: plan_new_sites(ds, prepared, k), repeat=3)
    print(
        f"   candidates {len(cands)}; uncovered cells in reach {inst.n_rows} "
        f"(merged {inst.merged().n_rows} groups); cover pairs {inst.cover.nnz}"
    )
    print(
        f"   greedy k={k}: {t_inst + t_greedy:.3f} s nationwide (instance {t_inst:.3f} s "
        f"+ greedy {t_greedy:.4f} s), need covered +{greedy.objective:,.1f}"
    )
    print(
        f"   plan_new_sites end to end (candidates, instance, greedy, tables): {t_plan:.3f} s, "
        f"need coverage {plan.need_covered_before / plan.need_total:.2%} -> "
        f"{plan.need_coverage_share_after:.2%}"
    )
    print(f"   greedy-swap:  +{t_swap:.3f} s, +{swapped.objective:,.1f}")
    print(f"   exact HiGHS:  {t_exact:.2f} s, +{exact.objective:,.1f} (optimal {exact.optimal})")
    print(
        f"   gap to optimum: greedy {gap(exact.objective, greedy.objective):.3%}, "
        f"greedy-swap {gap(exact.objective, swapped.objective):.3%}"
    )
    return inst, t_inst + t_greedy


def side_by_side_spopt(ds, prepared, cands, inst, k, *, t_greedy, limit_s):
    """spopt MCLP on the merged national instance and on one maakunta with real distances."""
    merged = inst.merged()
    t_sp, obj_sp, status = spopt_mclp(merged, k, limit_s=limit_s)
    t_ex, ex = best_of(lambda: exact_mclp(merged, k), repeat=1)
    print(
        f"   spopt MCLP (CBC) nationwide, {merged.n_rows} merged rows x {merged.n_candidates} "
        f"candidates: {t_sp:.2f} s, +{obj_sp:,.1f} ({status})"
    )
    print(
        f"      ours exact {t_ex:.2f} s +{ex.objective:,.1f}; |spopt - exact| = "
        f"{abs(obj_sp - ex.objective):.3g}; spopt / greedy time {t_sp / t_greedy:,.0f}x, "
        f"spopt / exact time {t_sp / t_ex:,.0f}x"
    )
    # one maakunta (Uusimaa) with real distances, cells not merged: the obvious spopt use
    unit_of = ds.membership.set_index("kunta_code")["maakunta"]
    sub = cands[(cands["kunta_code"].map(unit_of) == "1").to_numpy()]
    xy = prepared.cells[["x", "y"]].to_numpy(float)[inst.cell_index]
    cxy = sub[["x", "y"]].to_numpy(float)
    dx = xy[:, None, 0] - cxy[None, :, 0]
    dy = xy[:, None, 1] - cxy[None, :, 1]
    cost = np.hypot(dx, dy) * prepared.scenario.reach.circuity
    reach = (cost <= prepared.threshold_m).any(axis=1)
    cost, w = cost[reach], inst.weight[reach]
    sub_inst = build(ds, prepared, sub)
    t_sp2, obj_sp2, status2 = spopt_mclp(
        None, k, limit_s=limit_s, dense_cost=cost, weights=w, radius=prepared.threshold_m
    )
    t_g2, g2 = best_of(lambda: greedy_mclp(sub_inst, k))
    t_e2, e2 = best_of(lambda: exact_mclp(sub_inst, k), repeat=1)
    print(
        f"   spopt MCLP (CBC) Uusimaa, {cost.shape[0]} cells x {cost.shape[1]} candidates, "
        f"real distances: {t_sp2:.2f} s, +{obj_sp2:,.1f} ({status2})"
    )
    print(
        f"      ours exact {t_e2:.2f} s +{e2.objective:,.1f}; greedy {t_g2:.4f} s "
        f"+{g2.objective:,.1f} (gap {gap(e2.objective, g2.objective):.3%})"
    )


def per_maakunta(ds, prepared, cands):
    """Greedy and greedy-swap gap to the exact optimum, candidates of one maakunta at a time."""
    unit_of = ds.membership.set_index("kunta_code")["maakunta"]
    gaps_g, gaps_s, worst = [], [], ("", 0.0)
    for code in sorted(set(unit_of), key=int):
        sub_inst = build(ds, prepared, cands[(cands["kunta_code"].map(unit_of) == code).to_numpy()])
        for kk in (5, 10, 20):
            g = greedy_mclp(sub_inst, kk)
            e = exact_mclp(sub_inst, kk, time_limit_s=60)
            s = swap_improve(sub_inst, g)
            if e.optimal and e.objective > 0:
                gaps_g.append(gap(e.objective, g.objective))
                gaps_s.append(gap(e.objective, s.objective))
                if gaps_g[-1] > worst[1]:
                    worst = (f"maakunta {code}, k={kk}", gaps_g[-1])
    gg, gs = np.array(gaps_g), np.array(gaps_s)
    print(
        f"   per maakunta (19 x k in 5,10,20; {len(gg)} solved exactly): greedy gap mean "
        f"{gg.mean():.3%}, max {gg.max():.3%} ({worst[0]}), within 1 % in "
        f"{np.mean(gg <= 0.01):.0%}; greedy-swap mean {gs.mean():.3%}, max {gs.max():.3%}, "
        f"within 1 % in {np.mean(gs <= 0.01):.0%}\n"
    )


def main() -> int:
    """Run every measurement and print it."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--spopt-limit", type=float, default=300.0)
    ap.add_argument("--skip-spopt", action="store_true")
    args = ap.parse_args()
    ds = load_dataset(Path(args.data_dir) if args.data_dir else None)
    scenarios = {
        "all providers, 10 km, circuity 1.3 (default)": Scenario(),
        "digituki-flagged providers only, 10 km, circuity 1.3": Scenario(
            provider_filter=ProviderFilter(flags=("digituki",))
        ),
    }
    print(f"dataset {ds.dataset_id}: {len(ds.demand)} cells, {len(ds.providers)} providers")
    print(f"k = {args.k}\n")
    for label, scenario in scenarios.items():
        print(f"== {label}")
        prepared = prepare(ds, scenario)
        cands, _notes = candidate_sites(ds, prepared)
        inst, t_greedy = nationwide(ds, prepared, cands, args.k)
        if not args.skip_spopt:
            side_by_side_spopt(
                ds, prepared, cands, inst, args.k, t_greedy=t_greedy, limit_s=args.spopt_limit
            )
        per_maakunta(ds, prepared, cands)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
