"""Benchmark the MCLP planner: greedy nationwide, exact (HiGHS) check, spopt MCLP side by side.

Run: python tests/benchmarks/bench_planning.py [--k 20] [--spopt-limit 300] [--solvers 5,10,20]
     [--solvers-only]
Needs a built dataset (python -m coverage sync). Not collected by pytest (no test_ prefix).

Prints first the solver comparison that sets `planning.DEFAULT_SOLVER`: greedy, greedy-swap and
exact nationwide in each reach mode (straight line, drive, walk) and provider set, with the gap to
the optimum and the time. Then, per straight-line scenario: the instance size; greedy,
greedy-swap and exact times and objectives with the gap; spopt's MCLP (PuLP + CBC) on the
largest instance it solves here within the limit, with the same objective from our exact
solver; and the greedy gap on every maakunta where exact runs.
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
    PlanSettings,
    candidate_sites,
    coverage_sets,
    exact_mclp,
    greedy_mclp,
    plan_new_sites,
    swap_improve,
)
from coverage.reach import Memo, Reach
from coverage.scenario import Scenario, prepare


def best_of(fn, repeat=5):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def build(ds, prepared, cands):
    return coverage_sets(prepared, cands[["x", "y"]].to_numpy(float),
                         already_covered=prepared.covered())


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
    t_plan, plan = best_of(lambda: plan_new_sites(ds, prepared, PlanSettings(k)), repeat=3)
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


def solver_case(inst, k, *, exact_limit_s):
    """Return greedy, greedy-swap and exact on one instance: [(solver, seconds, objective)]."""
    t_greedy, greedy = best_of(lambda: greedy_mclp(inst, k), repeat=3)
    t_swap, swapped = best_of(lambda: swap_improve(inst, greedy), repeat=3)
    t_exact, exact = best_of(lambda: exact_mclp(inst, k, time_limit_s=exact_limit_s), repeat=1)
    return [("greedy", t_greedy, greedy.objective),
            ("greedy-swap", t_greedy + t_swap, swapped.objective),
            ("exact", t_exact, exact.objective)], exact


MODES = {
    "straight 10 km": Reach(),
    "drive 20 min": Reach(mode="drive", threshold=20.0),
    "walk 20 min": Reach(mode="walk", threshold=20.0),
}
"""The reach modes of the solver comparison (defaults: circuity 1.3, walking 3.4 km/h)."""


def solver_comparison(ds, ks, *, exact_limit_s):
    """Greedy, greedy-swap and exact nationwide in every mode: quality and time side by side.

    The instance (coverage sets) is built once per scenario and shared; its time is printed
    apart. The gap is to the exact optimum (or to HiGHS's bound when the time limit stops it).
    """
    filters = {
        "all providers": ProviderFilter(),
        "libraries": ProviderFilter(types=("library",)),
        "digituki-flagged": ProviderFilter(flags=("digituki",)),
    }
    print("== solvers nationwide: need covered added, gap to the optimum, seconds")
    print(f"{'mode':<22}{'providers':<18}{'k':>3}  {'cells':>6}  {'inst s':>6}  "
          f"{'greedy gap':>10} {'s':>7}  {'swap gap':>9} {'s':>7}  {'exact':>12} {'s':>7}")
    rows = []
    memo = Memo()
    for mode, reach in MODES.items():
        for label, pf in filters.items():
            prepared = prepare(ds, Scenario(reach=reach, provider_filter=pf), memo=memo)
            cands, _notes = candidate_sites(ds, prepared)
            t_inst, inst = best_of(lambda p=prepared, c=cands: coverage_sets(
                p, c[["x", "y"]].to_numpy(float), already_covered=p.covered()), repeat=1)
            for k in ks:
                results, exact = solver_case(inst, k, exact_limit_s=exact_limit_s)
                best = exact.objective if exact.optimal else (exact.bound or exact.objective)
                cells = [f"{gap(best, obj):>9.3%} {sec:>7.3f}" for _s, sec, obj in results[:2]]
                proven = "opt" if exact.optimal else "limit"
                print(f"{mode:<22}{label:<18}{k:>3}  {inst.n_rows:>6}  {t_inst:>6.2f}  "
                      f"{cells[0]:>18}  {cells[1]:>17}  {exact.objective:>8,.0f} {proven:<3} "
                      f"{results[2][1]:>7.2f}")
                rows.append((mode, label, k, results, exact.optimal, best))
    summary(rows)


def summary(rows):
    """Print the mean and worst gap and the total time per solver over every case."""
    print("\n   per solver over all cases:")
    for pos, solver in enumerate(("greedy", "greedy-swap", "exact")):
        gaps = np.array([gap(row[5], row[3][pos][2]) for row in rows])
        secs = np.array([row[3][pos][1] for row in rows])
        print(f"   {solver:<12} gap mean {gaps.mean():.3%}, max {gaps.max():.3%}, optimal in "
              f"{np.mean(gaps <= 1e-9):.0%} of {len(rows)} cases; seconds mean {secs.mean():.3f},"
              f" max {secs.max():.3f}")
    print()


def main() -> int:
    """Run every measurement and print it."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--spopt-limit", type=float, default=300.0)
    ap.add_argument("--skip-spopt", action="store_true")
    ap.add_argument("--solvers", default="5,10,20",
                    help="k values of the solver comparison in every mode (empty: skip it)")
    ap.add_argument("--solvers-only", action="store_true", help="only the solver comparison")
    ap.add_argument("--exact-limit", type=float, default=300.0, help="exact solver limit, s")
    args = ap.parse_args()
    ds = load_dataset(Path(args.data_dir) if args.data_dir else None)
    ks = [int(k) for k in args.solvers.split(",") if k.strip()]
    if ks:
        solver_comparison(ds, ks, exact_limit_s=args.exact_limit)
    if args.solvers_only:
        return 0
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
