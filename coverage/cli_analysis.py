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
    DEFAULT_WALK_SPEED_KMH,
    LEVELS,
    NEED_MODELS,
)
from coverage.export import write_table

if TYPE_CHECKING:
    import argparse


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """Add the options every analysis command shares (reach, filters, need, output)."""
    from coverage.reach import DEFAULT_THRESHOLDS, MODES  # noqa: PLC0415

    p.add_argument("--mode", choices=MODES, default=None,
                   help="straight: km as the crow flies x circuity (default); drive: minutes by "
                   "car on the road network; walk: minutes on foot")
    p.add_argument("--max-km", type=float, default=None,
                   help="coverage threshold in km, straight mode "
                   f"(default {DEFAULT_THRESHOLD_KM:g})")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="coverage threshold in minutes, drive or walk (implies --mode drive; "
                   f"default {DEFAULT_THRESHOLDS['drive']:g} by car, "
                   f"{DEFAULT_THRESHOLDS['walk']:g} on foot)")
    p.add_argument("--circuity", type=float, default=DEFAULT_CIRCUITY,
                   help=f"road distance / straight line (default {DEFAULT_CIRCUITY}; "
                   "1.0 = straight line); also the walk and the access legs to the road network")
    p.add_argument("--network", metavar="FILE", default=None,
                   help="an OpenStreetMap street network of your area (.osm XML or .pbf) for "
                   "--mode drive or walk; the analysis must stay inside the file's extent")
    p.add_argument("--walk-speed", type=float, default=DEFAULT_WALK_SPEED_KMH, metavar="KMH",
                   help=f"walking speed in km/h (default {DEFAULT_WALK_SPEED_KMH:g}: "
                   "people over 80)")
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
    p.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    p.add_argument("--out", help="write to FILE instead of stdout")
    add_provider_source_options(p)  # --providers dataset|register|both, --on DATE, --store


def reach_from_args(args: argparse.Namespace):  # noqa: ANN201
    """Return the Reach the options describe (`--max-minutes` alone means drive)."""
    from coverage.errors import InputError, Problem  # noqa: PLC0415
    from coverage.reach import MODE_DRIVE, MODE_STRAIGHT, Reach  # noqa: PLC0415

    mode = args.mode or (MODE_DRIVE if args.max_minutes is not None else MODE_STRAIGHT)
    if mode == MODE_STRAIGHT and args.max_minutes is not None:
        msg = "--max-minutes needs --mode drive or walk (straight mode measures km: --max-km)"
        raise InputError([Problem("options", None, "--max-minutes", msg)])
    if mode != MODE_STRAIGHT and args.max_km is not None:
        msg = f"--max-km measures straight-line km; with --mode {mode} give --max-minutes"
        raise InputError([Problem("options", None, "--max-km", msg)])
    threshold = args.max_km if mode == MODE_STRAIGHT else args.max_minutes
    return Reach(mode=mode, threshold=threshold, circuity=args.circuity,
                 walk_speed_kmh=args.walk_speed, network=getattr(args, "network", None))


def add_area_option(p: argparse.ArgumentParser) -> None:
    """Add `--area DIVISION:CODE` (repeatable): the figures of the area's cells only."""
    p.add_argument("--area", action="append", default=[], metavar="DIVISION:CODE",
                   help="only this area, e.g. maakunta:19 or kunta:091 (repeatable: their union; "
                   "default the whole country)")


def area_from_args(args: argparse.Namespace, ds):  # noqa: ANN001, ANN201
    """Return the `--area` options as one Area checked against the dataset (None: the country)."""
    from coverage.area import area_from_specs  # noqa: PLC0415

    area = area_from_specs(getattr(args, "area", None))
    return None if area.is_country else area.resolve(ds)


def scenario_from_args(args: argparse.Namespace):  # noqa: ANN201
    """Return the Scenario the options describe."""
    from coverage.scenario import Scenario  # noqa: PLC0415

    return Scenario(
        reach=reach_from_args(args),
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


def prepare_from_args(args: argparse.Namespace):  # noqa: ANN201
    """Return (dataset, prepared scenario) of the options; says on stderr when roads load."""
    from coverage.scenario import prepare  # noqa: PLC0415

    scenario = scenario_from_args(args)
    ds, providers = load_inputs(args)
    if scenario.reach.network is not None:
        print(f"reading the street network {scenario.reach.network} ...", file=sys.stderr)
    elif scenario.reach.mode == "drive":
        print("loading the road network ...", file=sys.stderr)
    return ds, prepare(ds, scenario, providers)


def cmd_access(args: argparse.Namespace) -> int:
    """Print or write coverage per unit of the chosen division."""
    from coverage.scenario import access_table  # noqa: PLC0415

    ds, prepared = prepare_from_args(args)
    area = area_from_args(args, ds)
    write_table(access_table(ds, prepared, args.by, area=area), fmt=args.format, out=args.out)
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    """Print or write the uncovered areas ranked by unmet need."""
    from coverage.scenario import gaps_table  # noqa: PLC0415

    ds, prepared = prepare_from_args(args)
    gaps, _labels = gaps_table(ds, prepared, area=area_from_args(args, ds))
    if args.top:
        gaps = gaps.head(args.top)
    # the gap areas are parts of the area's unmet need: whole people that still add up to it
    write_table(gaps, fmt=args.format, out=args.out, keep_totals=True)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the main parser."""
    p = sub.add_parser("access", help="coverage and distances per unit of a division")
    p.add_argument("--by", choices=DIVISIONS, default="maakunta")
    add_scenario_options(p)
    add_area_option(p)
    p.set_defaults(func=cmd_access)

    p = sub.add_parser("gaps", help="contiguous areas without support within the threshold")
    p.add_argument("--top", type=int, default=0, help="only the N areas with most unmet need")
    add_scenario_options(p)
    add_area_option(p)
    p.set_defaults(func=cmd_gaps)
