"""Planning commands: `plan` (where to add k support points) and `homesupport` (home visits)."""

from __future__ import annotations

import argparse  # noqa: TC003 (argparse types are used at run time by register)
import sys
import time
from typing import TYPE_CHECKING

from coverage.cli_analysis import (
    add_area_option,
    add_scenario_options,
    area_from_args,
    prepare_from_args,
)
from coverage.data.schema import DIVISIONS
from coverage.errors import InputError
from coverage.export import write_table

if TYPE_CHECKING:
    import pandas as pd

    from coverage.area import Area
    from coverage.data.dataset import Dataset
    from coverage.homesupport import HomeSupportParams
    from coverage.network import RoadNetwork
    from coverage.planning import PlanSettings, SitePlan
    from coverage.scenario import Prepared

PLAN_COLUMNS: tuple[str, ...] = (
    "rank",
    "site_name",
    "municipality",
    "x",
    "y",
    "added_need_covered",
    "cumulative_need_coverage_share",
    "cumulative_population_coverage_share",
    "kind",
    "kunta_code",
    "added_population_covered",
    "maakunta",
    "maakunta_code",
)
"""Columns of `plan` output: the eight asked for, then what kind of candidate and where (its
kunta and maakunta). `added_need_covered`: the unmet need the site reaches (whole people)."""


def stderr_progress(desc: str, *, min_interval_s: float = 0.5):  # noqa: ANN201
    """Return a progress callback (message, fraction) printing at most every `min_interval_s`."""
    state = {"last": 0.0}

    def update(message: str, fraction: float) -> None:
        now = time.monotonic()
        if fraction < 1 and now - state["last"] < min_interval_s:
            return
        state["last"] = now
        print(f"{desc}: {fraction:4.0%} {message}", file=sys.stderr, flush=True)

    return update


def _candidate_kinds(args: argparse.Namespace) -> tuple[str, ...]:
    from coverage.planning import CANDIDATE_KINDS, DEFAULT_CANDIDATE_KINDS  # noqa: PLC0415

    kinds = (
        tuple(k.strip() for k in args.candidates.split(",") if k.strip())
        if args.candidates
        else DEFAULT_CANDIDATE_KINDS
    )
    unknown = [k for k in kinds if k not in CANDIDATE_KINDS]
    if unknown:
        msg = f"--candidates {','.join(unknown)}: use a comma list of {','.join(CANDIDATE_KINDS)}"
        raise InputError(msg)
    if "file" in kinds and not args.candidates_file:
        msg = "--candidates file needs --candidates-file FILE (name,x,y in EPSG:3067)"
        raise InputError(msg)
    if args.candidates_file and "file" not in kinds:
        kinds = (*kinds, "file")
    return kinds


def plan_settings(args: argparse.Namespace) -> PlanSettings:
    """Return the planning settings the options describe."""
    from coverage.planning import PlanSettings  # noqa: PLC0415

    return PlanSettings(
        k=args.new_sites, kinds=_candidate_kinds(args), solver=args.solver,
        limit_division=args.limit_division, max_per_unit=args.max_per_unit,
        min_per_unit=args.min_per_unit, time_limit_s=args.time_limit,
        at_least_one_per=args.at_least_one_per,
    )


def cmd_plan(args: argparse.Namespace) -> int:
    """Run `plan`: choose new sites, print them; before/after per unit on request."""
    from coverage.planning import (  # noqa: PLC0415
        before_after_table,
        plan_new_sites,
        read_points,
        region_explanation,
    )

    settings = plan_settings(args)
    user_points = (
        read_points(args.candidates_file, what="candidates") if args.candidates_file else None
    )
    ds, prepared = prepare_from_args(args)
    area = area_from_args(args, ds)
    plan = plan_new_sites(ds, prepared, settings, user_points=user_points,
                          progress=stderr_progress("plan"), area=area)
    for note in plan.notes:
        print(f"note: {note.message}", file=sys.stderr)
    sol = plan.solution
    print(
        f"plan ({sol.solver}, {sol.seconds:.3f} s, {len(plan.candidates)} candidates): "
        "need covered "
        f"{plan.need_covered_before / plan.need_total:.2%} -> {plan.need_coverage_share_after:.2%} "
        f"(+{plan.need_covered_after - plan.need_covered_before:.0f} people in need)"
        + (" [proven optimal]" if sol.optimal else ""),
        file=sys.stderr,
    )
    if settings.at_least_one_per:
        _rule_cost(ds, prepared, settings, plan, user_points, area)
    write_table(plan.sites[list(PLAN_COLUMNS)], fmt=args.format, out=args.out)
    explain_by = args.explain_by or settings.at_least_one_per or "maakunta"
    explanation = region_explanation(ds, prepared, plan, explain_by, area=area)
    if args.explain_out:
        write_table(explanation, fmt=_fmt_of(args.explain_out), out=args.explain_out)
    for line in explanation_lines(explanation, explain_by):
        print(line, file=sys.stderr)
    if args.before_after_by:
        _before_after(args, before_after_table(ds, prepared, plan, args.before_after_by,
                                               area=area))
    return 0


def _rule_cost(ds: Dataset, prepared: Prepared, settings: PlanSettings, plan: SitePlan,
               user_points: pd.DataFrame | None, area: Area | None) -> None:
    """Print what the at-least-one rule costs: the same plan without it, in people in need."""
    import dataclasses  # noqa: PLC0415

    from coverage.planning import plan_new_sites  # noqa: PLC0415

    free = plan_new_sites(ds, prepared, dataclasses.replace(settings, at_least_one_per=None),
                          user_points=user_points, area=area)
    added = plan.need_covered_after - plan.need_covered_before
    added_free = free.need_covered_after - free.need_covered_before
    print(f"at least one per {settings.at_least_one_per}: +{added:.0f} people in need reached; "
          f"without the rule +{added_free:.0f} (the rule costs {added_free - added:.0f}, "
          f"{(added_free - added) / added_free if added_free else 0.0:.1%})", file=sys.stderr)


def explanation_lines(table: pd.DataFrame, division: str) -> list[str]:
    """Return why the sites went where they did, per unit (for stderr; whole people)."""
    lines = [f"why here, by {division}: new sites, unmet need before -> reached (share); the best "
             "single site of the unit would reach:"]
    lines.extend(
        f"  {r.unit_name} ({r.unit_code}): {r.new_sites} site{'' if r.new_sites == 1 else 's'}, "
        f"{r.unmet_need_before:.0f} -> "
        f"{r.unmet_need_reached:.0f} reached ({r.unmet_need_reached_share:.0%}); best single "
        f"site {r.best_single_site_need:.0f}"
        for r in table.itertuples(index=False)
    )
    return lines


def _before_after(args: argparse.Namespace, table: pd.DataFrame) -> None:
    """Write the before/after table to its file, or the units that gain to stderr."""
    if args.before_after_out:
        write_table(table, fmt=_fmt_of(args.before_after_out), out=args.before_after_out)
        return
    changed = table[table["added_need_covered"] > 0]
    print(f"before/after by {args.before_after_by} (units that gain):", file=sys.stderr)
    for r in changed.itertuples(index=False):
        print(
            f"  {r.unit_name}: need coverage {r.need_coverage_share_before:.1%} -> "
            f"{r.need_coverage_share_after:.1%} ({r.new_sites} new sites)",
            file=sys.stderr,
        )


def home_support_params(args: argparse.Namespace) -> HomeSupportParams:
    """Return the home-support parameters the options describe (travel: the scenario's mode)."""
    from coverage.homesupport import HomeSupportParams  # noqa: PLC0415

    weekly = (
        args.visits_per_client_per_week
        if args.visits_per_client_per_week is not None
        else HomeSupportParams.weekly(args.visits_per_client_per_month)
    )
    return HomeSupportParams(
        visit_minutes=args.visit_minutes,
        speed_kmh=args.speed_kmh,
        circuity=args.circuity,
        budget_minutes=args.budget_minutes,
        visits_per_client_week=weekly,
        demand_share=args.demand_share,
        allocation=args.allocation,
        access_speed_kmh=args.access_speed_kmh,
        travel="drive" if args.graphml else args.travel,
    )


def cmd_homesupport(args: argparse.Namespace) -> int:
    """Run `homesupport`: per-base table; per-unit and per-cell tables on request."""
    from coverage.homesupport import (  # noqa: PLC0415
        by_unit,
        dataset_bases,
        home_support,
        read_bases,
        summary_lines,
    )

    params = home_support_params(args)
    bases = read_bases(args.bases) if args.bases else None
    ds, prepared = prepare_from_args(args)
    if bases is None:
        bases = dataset_bases(ds)
    bases["staff_hours_week"] = bases["staff_hours_week"].astype(float).fillna(args.staff_hours)
    if prepared.reach.mode != "straight" and args.demand_share is None:
        # the walk-in threshold is the scenario's reach, as in `access`
        how = "by road" if prepared.reach.mode == "drive" else "on foot"
        print(
            f"homesupport: demand = need beyond {prepared.threshold:g} min {how} of a walk-in "
            "point",
            file=sys.stderr,
        )
    network = _graphml_network(args)
    print(f"homesupport: staff travel {params.resolved(prepared.reach).travel}"
          + (f" on {args.graphml}" if network is not None else ""), file=sys.stderr)
    area = _home_area(args, ds, bases)
    result = home_support(ds, prepared, bases, params, network=network, area=area)
    units = by_unit(ds, prepared, result, args.by) if args.by else None
    if units is not None and area is not None:
        units = units[units["unit_code"].isin(area.unit_codes(ds, args.by))].reset_index(drop=True)
    for line in summary_lines(result, units, area_name=area.name(ds) if area else ""):
        print(line, file=sys.stderr)
    write_table(result.bases, fmt=args.format, out=args.out)
    if units is not None and args.by_out:
        write_table(units, fmt=_fmt_of(args.by_out), out=args.by_out)
    if args.cells_out:  # cells are parts of the area: apportioned, so they add up to its total
        write_table(result.cells, fmt=_fmt_of(args.cells_out), out=args.cells_out,
                    keep_totals=True)
    return 0


def _home_area(args: argparse.Namespace, ds: Dataset, bases: pd.DataFrame) -> Area | None:
    """Return the area of a home-support run: `--area`, else the maakunnat of the bases.

    Without `--area` the totals are the bases' own region's (one region's bases say nothing of
    clients elsewhere); `--area country` asks for the whole country.
    """
    from coverage.homesupport import bases_area  # noqa: PLC0415

    if args.area:
        return area_from_args(args, ds)
    area = bases_area(ds, bases)
    print(f"homesupport: area {area.name(ds)} ({area.spec}), the maakunnat of the bases; "
          "--area country for the whole country", file=sys.stderr)
    return area


def _graphml_network(args: argparse.Namespace) -> RoadNetwork | None:
    """Return the road network of `--graphml FILE` (any osmnx GraphML with travel_time)."""
    if not args.graphml:
        return None
    import osmnx as ox  # noqa: PLC0415

    from coverage.network import RoadNetwork  # noqa: PLC0415

    return RoadNetwork.from_graph(ox.load_graphml(args.graphml))


def _fmt_of(path: str) -> str:
    fmt = path.rsplit(".", 1)[-1].lower()
    return fmt if fmt in ("csv", "json", "xlsx") else "csv"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the planning commands to the main parser."""
    from coverage.defaults import (  # noqa: PLC0415
        ACCESS_SPEED_KMH,
        DEFAULT_BUDGET_MINUTES,
        DEFAULT_NEW_SITES,
        DEFAULT_SPEED_KMH,
        DEFAULT_STAFF_HOURS_WEEK,
        DEFAULT_VISIT_MINUTES,
        DEFAULT_VISITS_PER_CLIENT_PER_MONTH,
    )
    from coverage.homesupport import ALLOCATIONS, TRAVEL_MODES  # noqa: PLC0415
    from coverage.planning import (  # noqa: PLC0415
        CANDIDATE_KINDS,
        DEFAULT_SOLVER,
        EXACT_TIME_LIMIT_S,
        SOLVERS,
    )

    p = sub.add_parser("plan", help="choose new support points covering the most unmet need (MCLP)")
    p.add_argument("--new-sites", type=int, default=DEFAULT_NEW_SITES, help="how many sites to add")
    p.add_argument(
        "--candidates",
        help=f"comma list of {','.join(CANDIDATE_KINDS)} "
        "(default libraries,centres,settlements; file is added with --candidates-file)",
    )
    p.add_argument(
        "--candidates-file",
        help="CSV of own candidate points: name,x,y (EPSG:3067) or name,lat,lon",
    )
    p.add_argument("--limit-division", choices=DIVISIONS, help="division of the per-unit limits")
    p.add_argument("--max-per-unit", type=int, help="at most N new sites per unit")
    p.add_argument("--min-per-unit", type=int, default=0, help="at least N new sites per unit")
    p.add_argument(
        "--at-least-one-per", choices=[d for d in DIVISIONS if d != "country"],
        metavar="DIVISION",
        help="at least one new site in every unit of DIVISION (e.g. maakunta) that has unmet need "
        "(within --area), the rest where they reach the most",
    )
    p.add_argument("--explain-by", choices=[d for d in DIVISIONS if d != "country"],
                   metavar="DIVISION",
                   help="why the sites went where they did, per unit of DIVISION (stderr; default "
                   "the --at-least-one-per division, else maakunta)")
    p.add_argument("--explain-out",
                   help="write the per-unit explanation to FILE (.csv/.json/.xlsx)")
    p.add_argument(
        "--solver",
        choices=SOLVERS,
        default=DEFAULT_SOLVER,
        help=f"greedy (fastest), greedy-swap (greedy then 1-swap local search) or exact (HiGHS "
        f"integer programme); default {DEFAULT_SOLVER}",
    )
    p.add_argument(
        "--time-limit", type=float, default=EXACT_TIME_LIMIT_S, help="exact solver limit, seconds"
    )
    p.add_argument(
        "--before-after-by", choices=DIVISIONS, help="coverage per unit before and after"
    )
    p.add_argument(
        "--before-after-out", help="write the before/after table to FILE (.csv/.json/.xlsx)"
    )
    add_scenario_options(p)
    add_area_option(p)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser(
        "homesupport", help="home-delivered support: reach, capacity and unserved demand"
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument(
        "--bases",
        help="CSV of bases: name,x,y (EPSG:3067) or name,lat,lon; optional staff_hours_week",
    )
    src.add_argument(
        "--bases-from-dataset",
        action="store_true",
        help="use the dataset's home-support bases (channel home_visit)",
    )
    p.add_argument(
        "--staff-hours",
        type=float,
        default=DEFAULT_STAFF_HOURS_WEEK,
        help=f"staff hours per week of a base that gives none (default {DEFAULT_STAFF_HOURS_WEEK})",
    )
    p.add_argument(
        "--visit-minutes",
        type=float,
        default=DEFAULT_VISIT_MINUTES,
        help=f"one visit, minutes (default {DEFAULT_VISIT_MINUTES:g}, the Luokse trial)",
    )
    p.add_argument(
        "--speed-kmh", type=float, default=DEFAULT_SPEED_KMH, help="straight-line estimate speed"
    )
    p.add_argument(
        "--budget-minutes", type=float, default=DEFAULT_BUDGET_MINUTES, help="one-way travel budget"
    )
    freq = p.add_mutually_exclusive_group()
    freq.add_argument(
        "--visits-per-client-per-month", type=float, default=DEFAULT_VISITS_PER_CLIENT_PER_MONTH
    )
    freq.add_argument("--visits-per-client-per-week", type=float)
    p.add_argument(
        "--demand-share",
        type=float,
        help="home-visit clients = this share of TASO 3-4 need in every cell "
        "(default: all need beyond the walk-in threshold of the scenario's --mode: --max-km, or "
        "--max-minutes by road or on foot)",
    )
    p.add_argument(
        "--allocation",
        choices=ALLOCATIONS,
        default="nearest",
        help="nearest clients first (default) or the most visits in total (LP)",
    )
    p.add_argument(
        "--travel",
        choices=TRAVEL_MODES,
        help="how staff get to clients (default: the scenario's --mode): straight line at "
        "--speed-kmh, drive on the road network, or walk",
    )
    p.add_argument(
        "--graphml",
        help="drive on this road graph (osmnx GraphML with edge travel_time) instead of the "
        "dataset's",
    )
    p.add_argument(
        "--access-speed-kmh",
        type=float,
        default=None,
        help=f"road trips: speed from a point to the road (default {ACCESS_SPEED_KMH:g})",
    )
    p.add_argument(
        "--by",
        choices=DIVISIONS,
        help="summary of unserved demand per unit (stderr; file with --by-out)",
    )
    p.add_argument("--by-out", help="write the per-unit table to FILE")
    p.add_argument("--cells-out", help="write the per-cell table to FILE")
    add_scenario_options(p)
    add_area_option(p)
    p.set_defaults(func=cmd_homesupport)
