"""Analysis commands: `access` and `gaps`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coverage.accessibility import ProviderFilter
from coverage.cli_store import add_provider_source_options, provider_choice
from coverage.data.schema import DIVISIONS
from coverage.defaults import (
    DEFAULT_CIRCUITY,
    DEFAULT_NEED_MODEL,
    DEFAULT_THRESHOLD_KM,
    LEVELS,
    NEED_MODELS,
)
from coverage.export import write_table

if TYPE_CHECKING:
    import argparse


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """Add the options every analysis command shares (threshold, filters, circuity, need)."""
    p.add_argument("--max-km", type=float, default=DEFAULT_THRESHOLD_KM,
                   help=f"coverage threshold in km (default {DEFAULT_THRESHOLD_KM})")
    p.add_argument("--circuity", type=float, default=DEFAULT_CIRCUITY,
                   help=f"road distance / straight line (default {DEFAULT_CIRCUITY}; "
                   "1.0 = straight line)")
    p.add_argument("--provider-type", action="append", default=[], help="e.g. library (repeatable)")
    p.add_argument("--provider-flag", action="append", default=[],
                   help="e.g. digituki (repeatable; all must hold)")
    p.add_argument("--auta-part", action="append", default=[], choices=["A", "B"])
    p.add_argument("--channel", action="append", default=[],
                   choices=["walk_in", "home_visit", "remote"])
    p.add_argument("--language", action="append", default=[], help="e.g. sv")
    p.add_argument("--include-approximate", action="store_true",
                   help="also count providers whose point is only a town centre")
    p.add_argument("--need-level", action="append", type=int, choices=list(LEVELS), default=[],
                   help="seed levels counted as need (default 2, 3 and 4)")
    p.add_argument("--need-model", choices=list(NEED_MODELS), default=DEFAULT_NEED_MODEL,
                   help="need rates: seed2017 (the seed's 2017 figures) or surveys2023 (later "
                   "official surveys; derivations in coverage/defaults.py; "
                   f"default {DEFAULT_NEED_MODEL})")
    p.add_argument("--mainland-only", action="store_true", help="leave Åland out")
    p.add_argument("--providers-file",
                   help="a user provider file used instead of the dataset's providers")
    p.add_argument("--mode", choices=["straight", "drive"], default="straight",
                   help="straight: km as the crow flies x circuity; "
                   "drive: minutes on the road network")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="coverage threshold in minutes by car (implies --mode drive; default 20)")
    p.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    p.add_argument("--out", help="write to FILE instead of stdout")
    add_provider_source_options(p)  # --providers dataset|register|both, --on DATE, --store


def scenario_from_args(args: argparse.Namespace):  # noqa: ANN201
    """Return the Scenario the options describe."""
    from coverage.scenario import Scenario  # noqa: PLC0415

    return Scenario(
        threshold_km=args.max_km,
        circuity=args.circuity,
        provider_filter=ProviderFilter(
            types=tuple(args.provider_type), auta_parts=tuple(args.auta_part),
            channels=tuple(args.channel), flags=tuple(args.provider_flag),
            languages=tuple(args.language), include_approximate=args.include_approximate,
        ),
        need_rates=NEED_MODELS[getattr(args, "need_model", DEFAULT_NEED_MODEL)],
        need_levels=tuple(sorted(set(args.need_level))) or LEVELS,
        mainland_only=args.mainland_only,
    )


def load_inputs(args: argparse.Namespace):  # noqa: ANN201
    """Return (dataset, providers or None) for the options."""
    from coverage.data.dataset import load_dataset  # noqa: PLC0415
    from coverage.data.user_providers import load_user_providers  # noqa: PLC0415

    ds = load_dataset(Path(args.data_dir) if args.data_dir else None)
    providers = None
    if args.providers_file:
        providers, warnings = load_user_providers(args.providers_file, ds)
        for w in warnings:
            print(w, file=sys.stderr)
    elif getattr(args, "providers", "dataset") != "dataset" or getattr(args, "on", None):
        providers = provider_choice(args, ds).providers
    return ds, providers


def by_road(args: argparse.Namespace) -> bool:
    """Return whether the options ask for travel time on the road network."""
    return args.mode == "drive" or args.max_minutes is not None


def _road_network(ds):  # noqa: ANN001, ANN202
    from coverage.network import load_road_network  # noqa: PLC0415

    print("loading the road network ...", file=sys.stderr)
    return load_road_network(ds.path)


def cmd_access(args: argparse.Namespace) -> int:
    """Print or write coverage per unit of the chosen division."""
    from coverage.scenario import access_table, prepare  # noqa: PLC0415

    ds, providers = load_inputs(args)
    prepared = prepare(ds, scenario_from_args(args), providers)
    if by_road(args):
        from coverage.network import travel_time_table  # noqa: PLC0415

        table = travel_time_table(ds, prepared, args.by, threshold_min=_minutes(args),
                                  network=_road_network(ds), circuity=args.circuity)
    else:
        table = access_table(ds, prepared, args.by)
    write_table(table, fmt=args.format, out=args.out)
    return 0


def _minutes(args: argparse.Namespace) -> float:
    from coverage.defaults import DEFAULT_THRESHOLD_MIN  # noqa: PLC0415

    return args.max_minutes if args.max_minutes is not None else DEFAULT_THRESHOLD_MIN


def cmd_gaps(args: argparse.Namespace) -> int:
    """Print or write the uncovered areas ranked by unmet need."""
    from coverage.scenario import gaps_table, prepare  # noqa: PLC0415

    ds, providers = load_inputs(args)
    prepared = prepare(ds, scenario_from_args(args), providers)
    if by_road(args):
        from coverage.network import travel_time_access  # noqa: PLC0415

        engine = travel_time_access(prepared, _road_network(ds), circuity=args.circuity)
        gaps, _labels = gaps_table(ds, prepared, nearest_min=engine.nearest_min,
                                   threshold_min=_minutes(args))
    else:
        gaps, _labels = gaps_table(ds, prepared)
    if args.top:
        gaps = gaps.head(args.top)
    write_table(gaps, fmt=args.format, out=args.out)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the main parser."""
    p = sub.add_parser("access", help="coverage and distances per unit of a division")
    p.add_argument("--by", choices=DIVISIONS, default="maakunta")
    add_scenario_options(p)
    p.set_defaults(func=cmd_access)

    p = sub.add_parser("gaps", help="contiguous areas without support within the threshold")
    p.add_argument("--top", type=int, default=0, help="only the N areas with most unmet need")
    add_scenario_options(p)
    p.set_defaults(func=cmd_gaps)
