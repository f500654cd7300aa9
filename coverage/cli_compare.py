"""Option-comparison commands: `compare` (a table) and `report` (an HTML report with tables).

Registered by `coverage.cli` through `register(subparsers)`; `main()` runs them on their own
(`python -m coverage.cli_compare compare ...`), e.g. in tests.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from coverage.cli_analysis import (
    add_area_option,
    add_scenario_options,
    area_from_args,
    prepare_from_args,
)
from coverage.compare import ALL_OPTIONS, DEFAULT_WEIGHTS, OPTIONS, THEIL_VARIABLES, Weights
from coverage.export import write_table

if TYPE_CHECKING:
    import argparse


def _stderr_progress(prefix: str):  # noqa: ANN202
    """Return a progress callback printing "prefix: 40 % message" lines on stderr."""
    start = time.perf_counter()

    def update(message: str, fraction: float) -> None:
        print(
            f"{prefix}: {fraction * 100:3.0f} % {message} ({time.perf_counter() - start:.1f} s)",
            file=sys.stderr,
            flush=True,
        )

    return update


def _options(args: argparse.Namespace, *, extra: str | None = None) -> tuple[str, ...]:
    chosen = [o.strip() for text in (args.options or []) for o in text.split(",") if o.strip()]
    options = list(chosen or OPTIONS)
    if args.with_ely and "ely" not in options:
        options.append("ely")
    if extra and extra not in options:
        options.append(extra)
    return tuple(options)


def _compare(args: argparse.Namespace, *, extra: str | None = None):  # noqa: ANN202
    from coverage.compare import CompareSettings, compare_options, parse_weights  # noqa: PLC0415

    settings = CompareSettings(
        options=_options(args, extra=extra),
        weights=parse_weights(args.weights) if args.weights else DEFAULT_WEIGHTS,
        theil_variable=args.theil_variable,
        draws=args.draws,
        spread=args.spread,
        seed=args.seed,
    )
    ds, prepared = prepare_from_args(args)
    return ds, prepared, compare_options(ds, prepared, settings)


def mode_line(comparison) -> str:  # noqa: ANN001
    """Return how "near" was measured, for stderr (the report says it in Finnish)."""
    meta = comparison.meta
    unit = meta["unit"]
    within = f"coverage within {meta['threshold']:g} {unit}"
    if comparison.mode == "straight":
        return f"mode straight: km as the crow flies x circuity {meta['circuity']:g}, {within}"
    how = ("minutes by car on the road network" if comparison.mode == "drive"
           else f"minutes on foot at {meta['walk_speed_kmh']:g} km/h")
    legs = (f"access legs x{meta['circuity']:g} at {meta['access_speed_kmh']:g} km/h"
            if comparison.mode == "drive" else f"straight line x {meta['circuity']:g}")
    return (f"mode {comparison.mode}: {how}, {within}, E2SFCA catchment "
            f"{meta['catchment']:g} {unit}, {legs}")


def winner_line(ranking) -> str:  # noqa: ANN001
    """Return whether the top option is a clear winner, for stderr (the report says it too)."""
    share = f"{ranking.top_first_share * 100:.1f} %"
    draws = f"{ranking.draws} weightings within +-{ranking.spread * 100:g} %"
    weights = "default weights" if ranking.uses_defaults else "your weights"
    if ranking.clear_winner:
        return f"clear winner with {weights}: {ranking.top} (first in {share} of {draws})"
    return (
        f"no clear winner with {weights}: the top option {ranking.top} is first in only {share} "
        f"of {draws} (a clear winner needs {ranking.min_first_share * 100:g} %)"
    )


def cmd_compare(args: argparse.Namespace) -> int:
    """Print the option table (or one option's units) as csv, json or xlsx."""
    _ds, _prepared, comparison = _compare(args, extra=args.detail)
    scope = (
        "mainland Finland only (Åland left out)"
        if args.mainland_only
        else "whole country (Åland in units of its own)"
    )
    print(f"compare: {scope}", file=sys.stderr)
    print(f"compare: {mode_line(comparison)}", file=sys.stderr)
    if args.detail:
        table = comparison.units[args.detail]
    else:
        from coverage.ranking import explain_comparison, ranked_options  # noqa: PLC0415

        ranking = explain_comparison(comparison)
        print(f"compare: {winner_line(ranking)}", file=sys.stderr)
        table = ranked_options(comparison, ranking)
    write_table(table, fmt=args.format, out=args.out)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report with its tables; print the files written."""
    from coverage.report import write_report  # noqa: PLC0415

    progress = _stderr_progress("report")
    progress("loading and comparing", 0.0)
    ds, prepared, comparison = _compare(args, extra=args.option)
    files = write_report(
        ds, prepared, comparison, option=args.option, out_dir=args.out, progress=progress,
        area=area_from_args(args, ds),
    )
    for path in files:
        print(path)
    return 0


def _add_compare_options(p: argparse.ArgumentParser) -> None:
    names = ", ".join(f"{n}={getattr(DEFAULT_WEIGHTS, n):g}" for n in Weights.names())
    p.add_argument(
        "--options",
        action="append",
        default=[],
        help=f"options to compare, comma-separated (default {','.join(OPTIONS)}; also ely)",
    )
    p.add_argument(
        "--with-ely", action="store_true", help="add the ELY centres (16) as an extra option"
    )
    p.add_argument(
        "--weight",
        "--weights",
        dest="weights",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"criterion weight, repeatable or comma-separated (defaults {names})",
    )
    p.add_argument(
        "--draws",
        type=int,
        default=1000,
        help="random weightings for the sensitivity (default 1000)",
    )
    p.add_argument(
        "--spread",
        type=float,
        default=0.25,
        help="each weight is multiplied by U(1-spread, 1+spread) per draw (default 0.25)",
    )
    p.add_argument(
        "--seed", type=int, default=2026, help="random seed of the sensitivity (default 2026)"
    )
    p.add_argument(
        "--theil-variable",
        choices=THEIL_VARIABLES,
        default="closeness",
        help="per-cell access in the Theil index (default closeness = 1/(1+km); "
        "in minutes 1/(1+minutes/10))",
    )


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the main parser."""
    p = sub.add_parser("compare", help="compare coordinator options (one row per option)")
    p.add_argument("--detail", choices=ALL_OPTIONS, help="one row per unit of this option instead")
    _add_compare_options(p)
    add_scenario_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "report",
        help="HTML report of the option comparison, with CSV and XLSX tables",
        conflict_handler="resolve",
    )
    p.add_argument(
        "--option", choices=ALL_OPTIONS, default="maakunta", help="option shown in detail"
    )
    _add_compare_options(p)
    add_scenario_options(p)
    add_area_option(p)
    p.add_argument(
        "--out", required=True, help="report directory (replaced if it holds an earlier report)"
    )
    p.add_argument(
        "--format", choices=["html"], default="html", help="always html (+ CSV and XLSX tables)"
    )
    p.set_defaults(func=cmd_report)
