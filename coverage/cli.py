"""Command-line interface: `python -m coverage <command>`.

Each command is a small function that parses, calls the library and prints; no analysis here.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from coverage.defaults import (
    FINLAND_BBOX_3067,
    FINLAND_LAT,
    FINLAND_LON,
    MAX_CIRCUITY,
    MAX_DRAWS,
    MAX_NEW_SITES,
    MAX_SEED,
    MAX_SOLVER_SECONDS,
    MAX_SPEED_KMH,
    MAX_STAFF_HOURS_WEEK,
    MAX_THRESHOLD_KM,
    MAX_THRESHOLD_MIN,
    MAX_VISITS_PER_WEEK,
    MAX_WALK_SPEED_KMH,
    MIN_CIRCUITY,
)
from coverage.errors import CoverageError, InputError


def _progress_bar(desc: str):  # noqa: ANN202
    from tqdm import tqdm  # noqa: PLC0415

    bar = tqdm(
        total=100, desc=desc, file=sys.stderr, bar_format="{desc}: {percentage:3.0f}% {postfix}"
    )

    def update(message: str, fraction: float) -> None:
        bar.n = round(fraction * 100)
        bar.set_postfix_str(message)
        bar.refresh()
        if fraction >= 1:
            bar.close()

    return update


def cmd_sync(args: argparse.Namespace) -> int:
    """Build the working dataset and say what was built."""
    from coverage.data.sync import UP_TO_DATE, sync  # noqa: PLC0415

    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(message)s", stream=sys.stderr
    )
    said, manifest = sync(args.source, online=args.online,
                          target=Path(args.data_dir) if args.data_dir else None,
                          progress=_progress_bar("sync"), ptv=_ptv_query(args),
                          force=args.force)
    print(said, file=sys.stderr)
    if UP_TO_DATE in said:
        return 0
    layers = manifest["layers"]
    print(
        f"built {manifest['dataset_id']} in {manifest['build_seconds']} s: "
        f"{layers['municipalities']['rows']} municipalities, {layers['demand']['rows']} cells "
        f"(population {layers['demand']['population']}), {layers['providers']['rows']} providers",
        file=sys.stderr,
    )
    disagreements = manifest["decisions"]["providers"]["name_location_disagreements"]
    for row in disagreements:
        print(f"note: {row['name']} ({row['provider_id']}) placed in {row['by_name']} by its town "
              f"name; its point falls in {row['by_location']}'s generalised polygon",
              file=sys.stderr)
    return 0


def dataset_summary(ds) -> dict:  # noqa: ANN001
    """Return the `info` summary of a loaded dataset."""
    m = ds.manifest
    return {
        "dataset_id": ds.dataset_id,
        "built_at": m["built_at"],
        "source": m["source"],
        "layers": {
            "municipalities": {"rows": len(ds.municipalities),
                               "population": int(ds.municipalities.population.sum())},
            "demand": {"rows": len(ds.demand), "population": int(ds.demand.population.sum()),
                       "pop_65plus": round(float(ds.demand.pop_65plus.sum())),
                       "pop_75plus": round(float(ds.demand.pop_75plus.sum()))},
            "providers": {"rows": len(ds.providers)},
            "settlements": {"rows": len(ds.settlements)},
        },
        "units_per_division": ds.units.groupby("division").size().to_dict(),
        "providers_per_type": ds.providers.provider_type.value_counts().to_dict(),
        "sources": [
            {k: s[k] for k in ("key", "file", "publisher", "licence", "reference_date", "rows")}
            for s in m["sources"]
        ],
    }


def cmd_info(args: argparse.Namespace) -> int:
    """Print the working dataset's summary (text or JSON)."""
    from coverage.data.dataset import load_dataset  # noqa: PLC0415

    ds = load_dataset(Path(args.data_dir) if args.data_dir else None)
    summary = dataset_summary(ds)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"dataset {summary['dataset_id']} built {summary['built_at']} from {summary['source']}")
    for name, layer in summary["layers"].items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in layer.items()))
    print("  units: " + ", ".join(f"{k} {v}" for k, v in summary["units_per_division"].items()))
    print("  providers: " + ", ".join(f"{k} {v}" for k, v in summary["providers_per_type"].items()))
    for s in summary["sources"]:
        print(f"  source {s['file']}: {s['publisher']}, {s['licence']}, "
              f"{s['reference_date']}, {s['rows']} rows")
    return 0


def _ptv_query(args: argparse.Namespace, *, always: bool = False):  # noqa: ANN202
    """Return the PTV query the options ask for (None: no PTV)."""
    from coverage.data.ptv import PTV_BASE_URL, PtvQuery  # noqa: PLC0415

    municipalities = tuple(c.strip().zfill(3) for c in args.ptv_municipality or [] if c.strip())
    organisations = tuple(o.strip() for o in args.ptv_organisation or [] if o.strip())
    classes = tuple(u.strip() for u in args.ptv_service_class or [] if u.strip())
    if not (always or args.ptv or municipalities or organisations or classes):
        return None
    return PtvQuery(municipalities=municipalities, organisations=organisations,
                    service_classes=classes, version=args.ptv_version,
                    base_url=getattr(args, "ptv_base_url", None) or PTV_BASE_URL)


def _add_ptv_options(p: argparse.ArgumentParser, *, prefix: str) -> None:
    p.add_argument(f"--{prefix}municipality", dest="ptv_municipality", action="append",
                   metavar="CODE", help="municipality code (e.g. 091), repeatable")
    p.add_argument(f"--{prefix}organisation", dest="ptv_organisation", action="append",
                   metavar="GUID", help="PTV organisation id, repeatable")
    p.add_argument(f"--{prefix}service-class", dest="ptv_service_class", action="append",
                   metavar="URI", help="service class URI (e.g. "
                   "http://urn.fi/URN:NBN:fi:au:ptvl:v1065), repeatable")
    p.add_argument("--ptv-version", choices=["v11", "v12"], default="v11",
                   help="PTV Open API version (v12 needs PTV_API_KEY in the environment)")


def cmd_providers_ptv(args: argparse.Namespace) -> int:
    """Show the PTV service locations `sync --online --ptv` would add (or link to a library)."""
    from datetime import date  # noqa: PLC0415

    from coverage.data.dataset import DatasetMissingError, load_dataset  # noqa: PLC0415
    from coverage.data.ptv import preview, service_locations  # noqa: PLC0415
    from coverage.export import write_table  # noqa: PLC0415

    query = _ptv_query(args, always=True)
    locations, notes = service_locations(query)
    try:
        providers = load_dataset(Path(args.data_dir) if args.data_dir else None).providers
    except DatasetMissingError:
        providers = None
        print("providers ptv: no working dataset, so no library is recognised (run sync)",
              file=sys.stderr)
    table = preview(locations, providers, date.today().isoformat())
    print(f"providers ptv: {notes['kept']} service locations from {notes['url']} "
          f"({(table['action'] == 'add').sum()} to add, {(table['action'] == 'link').sum()} "
          f"already libraries; {notes['no_coordinates']} without coordinates and "
          f"{notes['not_service_location']} other channels left out)", file=sys.stderr)
    if args.format == "text":
        print(table.to_string(index=False) if len(table) else "(none)")
    else:
        write_table(table, fmt=args.format, out=args.out)
    return 0


def cmd_providers_check(args: argparse.Namespace) -> int:
    """Validate a provider file; exit 0 when usable, 1 when not."""
    from coverage.data.uploads import check_provider_file  # noqa: PLC0415

    code, lines = check_provider_file(args.file)
    for line in lines:
        print(line)
    return code


@dataclass(frozen=True)
class Bounds:
    """An argparse `type` for a number in a stated range: refused at the door, with the range."""

    kind: type
    low: float
    high: float
    low_included: bool = False
    high_included: bool = True
    unit: str = ""
    why: str = ""

    def __call__(self, text: str) -> float | int:
        """Return the number `text` gives, or raise ArgumentTypeError saying the range."""
        try:
            value = self.kind(text.strip())
        except ValueError:
            said = "a whole number" if self.kind is int else "a number"
            msg = f"{text!r} is not {said}; {self.wanted()}"
            raise argparse.ArgumentTypeError(msg) from None
        if not math.isfinite(value) or not (
            (value >= self.low if self.low_included else value > self.low)
            and (value <= self.high if self.high_included else value < self.high)
        ):
            msg = f"{text} is out of range; {self.wanted()}"
            raise argparse.ArgumentTypeError(msg)
        return value

    def wanted(self) -> str:
        """Return e.g. 'give a number from 0 (excluded) to 1200 km (the extent of Finland)'."""
        unit = f" {self.unit}" if self.unit else ""
        why = f" ({self.why})" if self.why else ""
        if self.kind is int:
            low = int(self.low) + (0 if self.low_included else 1)
            return f"give a whole number from {low} to {int(self.high)}{unit}{why}"
        low = f"{self.low:g}" + ("" if self.low_included else " (excluded)")
        high = f"{self.high:g}" + ("" if self.high_included else " (excluded)")
        return f"give a number from {low} to {high}{unit}{why}"


ARGUMENT_BOUNDS: dict[str, Bounds] = {
    "max_km": Bounds(float, 0, MAX_THRESHOLD_KM, unit="km", why="the extent of Finland"),
    "max_minutes": Bounds(float, 0, MAX_THRESHOLD_MIN, unit="min", why="a day's drive"),
    "budget_minutes": Bounds(float, 0, MAX_THRESHOLD_MIN, unit="min", why="a day's drive"),
    "visit_minutes": Bounds(float, 0, MAX_THRESHOLD_MIN, unit="min"),
    "circuity": Bounds(float, MIN_CIRCUITY, MAX_CIRCUITY, low_included=True,
                       why="road / straight line"),
    "speed_kmh": Bounds(float, 0, MAX_SPEED_KMH, unit="km/h"),
    "walk_speed": Bounds(float, 0, MAX_WALK_SPEED_KMH, unit="km/h", why="walking"),
    "access_speed_kmh": Bounds(float, 0, MAX_SPEED_KMH, unit="km/h"),
    "top": Bounds(int, 0, 1_000_000, unit="areas"),
    "new_sites": Bounds(int, 0, MAX_NEW_SITES, unit="sites"),
    "max_per_unit": Bounds(int, 0, MAX_NEW_SITES, low_included=True, unit="sites"),
    "min_per_unit": Bounds(int, 0, MAX_NEW_SITES, low_included=True, unit="sites"),
    "time_limit": Bounds(float, 0, MAX_SOLVER_SECONDS, unit="s"),
    "draws": Bounds(int, 0, MAX_DRAWS),
    "spread": Bounds(float, 0, 1, low_included=True, high_included=False,
                     why="weights stay positive"),
    "seed": Bounds(int, 0, MAX_SEED, low_included=True),
    "staff_hours": Bounds(float, 0, MAX_STAFF_HOURS_WEEK, unit="h/week"),
    "visits_per_client_per_month": Bounds(float, 0, 31 * MAX_VISITS_PER_WEEK / 7),
    "visits_per_client_per_week": Bounds(float, 0, MAX_VISITS_PER_WEEK),
    "demand_share": Bounds(float, 0, 1, why="a share"),
    "lat": Bounds(float, *FINLAND_LAT, low_included=True, unit="degrees", why="Finland"),
    "lon": Bounds(float, *FINLAND_LON, low_included=True, unit="degrees", why="Finland"),
    "x": Bounds(float, FINLAND_BBOX_3067[0], FINLAND_BBOX_3067[2], low_included=True,
                unit="m EPSG:3067", why="Finland"),
    "y": Bounds(float, FINLAND_BBOX_3067[1], FINLAND_BBOX_3067[3], low_included=True,
                unit="m EPSG:3067", why="Finland"),
    "capacity": Bounds(float, 0, MAX_STAFF_HOURS_WEEK, low_included=True, unit="h/week"),
    "version": Bounds(int, 0, 2**62, why="the version you read"),
}
"""Every number an argument takes, by its dest: the one place arguments are range-checked.

`tests/unit/test_cli_bounds.py` fails when a command gains a number without an entry here.
"""


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:  # argparse has no public walk of its tree
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _subparsers(sub)
    return found


def apply_bounds(parser: argparse.ArgumentParser) -> None:
    """Give every numeric argument of every command its range from `ARGUMENT_BOUNDS`."""
    for sub in _subparsers(parser):
        for action in sub._actions:
            if action.dest in ARGUMENT_BOUNDS:
                action.type = ARGUMENT_BOUNDS[action.dest]


COMMAND_MODULES: tuple[str, ...] = (
    "coverage.cli_analysis", "coverage.cli_compare", "coverage.cli_planning", "coverage.cli_store",
)
"""Modules with `register(subparsers)` adding more commands (analysis features)."""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every command (the analysis modules register theirs)."""
    installed = Path(sys.argv[0]).name == "digituki"  # the console command of `pip install .`
    parser = argparse.ArgumentParser(
        prog="digituki" if installed else "python -m coverage",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument(
        "--data-dir", help="working dataset directory (default data/build or $DIGITUKI_DATA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sync", help="build the working dataset from official data")
    p.add_argument("--source",
                   help="source directory laid out like ../shared/data ($DIGITUKI_SOURCE); "
                   "with --online, where layers without an online service come from")
    p.add_argument("--online", action="store_true", help="fetch from the official services")
    p.add_argument("--force", action="store_true",
                   help="rebuild even when the dataset is whole and its sources unchanged")
    p.add_argument("--ptv", action="store_true",
                   help="with --online: add Suomi.fi PTV service locations (whole country "
                   "unless narrowed with the --ptv-* options)")
    _add_ptv_options(p, prefix="ptv-")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("info", help="summary of the working dataset")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("providers", help="provider lists")
    psub = p.add_subparsers(dest="providers_command", required=True)
    pc = psub.add_parser("check", help="validate a provider file (exit 0 usable, 1 not)")
    pc.add_argument("file")
    pc.set_defaults(func=cmd_providers_check)
    pp = psub.add_parser("ptv", help="preview the Suomi.fi PTV service locations that sync "
                         "--online --ptv would add (a table)")
    _add_ptv_options(pp, prefix="")
    pp.add_argument("--base-url", dest="ptv_base_url",
                    help="PTV Open API root (default https://api.palvelutietovaranto.suomi.fi/api)")
    pp.add_argument("--format", choices=["text", "csv", "json", "xlsx"], default="text")
    pp.add_argument("--out", help="write the table to this file (csv, json or xlsx)")
    pp.set_defaults(func=cmd_providers_ptv, ptv=True)
    from coverage.cli_store import register_providers  # noqa: PLC0415

    register_providers(psub)  # import, list, export, history, add, edit, retire, trend

    import importlib  # noqa: PLC0415

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    apply_bounds(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; problems are lines on stderr and a non-zero exit, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = getattr(args, "out", None)
    if getattr(args, "format", None) == "xlsx" and not out:
        parser.error("--format xlsx needs --out FILE (a workbook is not written to the terminal)")
    if out and args.command != "report" and Path(out).is_dir():
        parser.error(f"--out {out} is a directory; give a file path")
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except CoverageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`... | head`): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:  # e.g. --out in a read-only place, a directory or a full disk
        print(os_error_line(exc, getattr(args, "out", None)), file=sys.stderr)
        return 2


def os_error_line(exc: OSError, out: str | None) -> str:
    """Return one line for a failed read or write: which path, why, and for --out what to do."""
    paths = [str(p) for p in (exc.filename, exc.filename2) if p]
    why = exc.strerror or str(exc)
    if out:
        target = Path(out)
        if any(Path(p) == target or Path(p).parent == target.parent for p in paths):
            hint = "give a file path" if target.is_dir() else "choose a place you can write to"
            return f"error: cannot write --out {out}: {why}; {hint}"
    where = paths[-1] if paths else "a file"
    return f"error: {where}: {why}"
