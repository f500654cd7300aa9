"""Commands on the workspace store: the provider register, saved scenarios, the workspace.

`providers import|list|export|history|add|edit|retire|trend`,
`scenario save|list|run|diff|export|rename|delete|log` and `workspace info|editors`.

The store is `--store URL`, else $DIGITUKI_STORE, else data/workspace.sqlite; the user is
`--user NAME`, else $DIGITUKI_USER, else the local account.
"""

from __future__ import annotations

import argparse  # noqa: TC003 - used at run time by register()
import contextlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from coverage.data.schema import CRS, DIVISIONS
from coverage.errors import InputError
from coverage.export import table_bytes, write_atomic, write_table

if TYPE_CHECKING:
    from collections.abc import Iterator

    import geopandas as gpd

    from coverage.data.dataset import Dataset
    from coverage.store.db import Store

PROVIDER_SOURCES = ("dataset", "register", "both")


def add_store_options(p: argparse.ArgumentParser, *, user: bool = True) -> None:
    """Add --store (and --user) to a command."""
    p.add_argument(
        "--store",
        help="workspace database URL: sqlite:///FILE or postgresql://... "
        "(default $DIGITUKI_STORE, else data/workspace.sqlite)",
    )
    if user:
        p.add_argument(
            "--user", help="who makes the change (default $DIGITUKI_USER, else the local account)"
        )


def add_provider_source_options(p: argparse.ArgumentParser) -> None:
    """Add --providers and --on (the register as analysis input) to an analysis command."""
    p.add_argument(
        "--providers",
        choices=PROVIDER_SOURCES,
        default="dataset",
        help="providers from the dataset, the register, or both (twins dropped as in the sync)",
    )
    p.add_argument("--on", metavar="DATE", help="the register as it was on DATE (YYYY-MM-DD)")
    if not any(a.dest == "store" for a in p._actions):
        add_store_options(p, user=False)


def _load_dataset(args: argparse.Namespace) -> Dataset:
    from coverage.data.dataset import load_dataset  # noqa: PLC0415

    return load_dataset(Path(args.data_dir) if args.data_dir else None)


def _open(args: argparse.Namespace, ds: Dataset | None = None) -> Store:
    from coverage.store import open_store  # noqa: PLC0415

    return open_store(
        getattr(args, "store", None),
        actor=getattr(args, "user", None),
        membership=ds.membership if ds is not None else None,
    )


@contextlib.contextmanager
def _opened(args: argparse.Namespace, ds: Dataset | None = None) -> Iterator[Store]:
    """Open the store for one command and dispose of it however the command ends."""
    store = _open(args, ds)
    try:
        yield store
    finally:
        store.dispose()


def provider_choice(args: argparse.Namespace, ds: Dataset):  # noqa: ANN201
    """Return the `followup.ProviderChoice` the --providers / --on options ask for."""
    from coverage.followup import choose_providers  # noqa: PLC0415

    source = getattr(args, "providers", "dataset") or "dataset"
    on = getattr(args, "on", None)
    if source == "dataset" and on:
        msg = "--on DATE needs --providers register or both (the dataset has no history)"
        raise InputError(msg)
    store = _open(args) if source != "dataset" else None
    try:
        return choose_providers(ds, source, store=store, on=on)
    finally:
        if store is not None:
            store.dispose()


def _out(table: pd.DataFrame, args: argparse.Namespace) -> None:
    write_table(table, fmt=args.format, out=args.out)


def _progress(done: int, total: int) -> None:
    print(f"import: {done}/{total} rows written", file=sys.stderr, flush=True)


# -- providers ---------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    ds = _load_dataset(args)
    with _opened(args, ds) as store:
        result = register.import_file(store, args.file, ds, progress=_progress)
    for w in result.warnings:
        print(w, file=sys.stderr)
    print(
        f"imported {result.added} providers from {args.file} as revision {result.revision}"
        + (f"; {result.skipped_present} already in the register" if result.skipped_present else ""),
        file=sys.stderr,
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    with _opened(args) as store:
        revision = (
            register.revision_on(store, register.parse_date(args.on) or args.on)
            if args.on
            else None
        )
        frame = register.providers_at(
            store, revision=revision, on=args.on, include_retired=args.all
        )
    _out(frame, args)
    return 0


def register_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return register rows as points (EPSG:3067) for a GeoPackage."""
    import geopandas as gpd  # noqa: PLC0415

    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs=CRS)


def geopackage_bytes(layers: dict[str, Any]) -> bytes:
    """Return a GeoPackage holding the given GeoDataFrames as named layers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layers.gpkg"
        for name, gdf in layers.items():
            gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def cmd_export(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    with _opened(args) as store:
        frame = register.providers_at(store, include_retired=args.all)
    suffix = Path(args.out).suffix.lower()
    if suffix == ".gpkg":
        write_atomic(geopackage_bytes({"register": register_geodataframe(frame)}), args.out)
    elif suffix in (".csv", ".xlsx", ".json"):
        write_atomic(table_bytes(frame, suffix[1:]), args.out)
    else:
        msg = f"--out {args.out}: end the name in .csv, .xlsx or .gpkg"
        raise InputError(msg)
    print(f"wrote {len(frame)} providers to {args.out}", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    with _opened(args) as store:
        table = register.history(store, args.provider)
    _out(table, args)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    ds = _load_dataset(args)
    x, y = _xy(args)
    rec = register.new_record(
        ds,
        name=args.name,
        provider_type=args.type,
        x=x,
        y=y,
        address=args.address,
        capacity_h_week=args.capacity,
        languages=args.languages,
        opening_hours=args.opening_hours,
        staffed_hours=args.staffed_hours,
        channels=args.channels,
        valid_from=args.valid_from,
        valid_to=args.valid_to,
        source=args.source or "register",
        flags=tuple(args.flag),
    )
    with _opened(args, ds) as store:
        revision, ids, _ = register.add_records(store, [rec], action="add", note=args.name)
    print(
        f"added {register.ID_PREFIX}{ids[0]} ({rec['kunta_code']}) as revision {revision}",
        file=sys.stderr,
    )
    return 0


def _xy(args: argparse.Namespace) -> tuple[float, float]:
    if args.x is not None and args.y is not None:
        return args.x, args.y
    if args.lat is not None and args.lon is not None:
        from pyproj import Transformer  # noqa: PLC0415

        x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(args.lon, args.lat)
        return float(x), float(y)
    msg = "give the place as --lat and --lon (WGS84) or --x and --y (EPSG:3067 metres)"
    raise InputError(msg)


def cmd_edit(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    changes: dict[str, Any] = {}
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep:
            msg = f"--set {item!r}: write FIELD=VALUE"
            raise InputError(msg)
        changes[field.strip()] = _typed(field.strip(), value)
    ds = _load_dataset(args)
    with _opened(args, ds) as store:
        version = register.edit(
            store, args.provider_id, based_on_version=args.version, changes=changes
        )
    print(f"{args.provider_id} is now version {version}", file=sys.stderr)
    return 0


def _typed(field: str, value: str) -> object:
    if field in ("capacity_h_week", "x", "y"):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            msg = f"{field}={value!r}: give a number"
            raise InputError(msg) from None
    if field == "location_approximate":
        return value.strip().lower() in ("1", "true", "yes", "kyllä")
    if field == "valid_to" and not value.strip():
        return None
    return value


def cmd_retire(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    ds = _load_dataset(args)
    with _opened(args, ds) as store:
        version = register.retire(
            store, args.provider_id, based_on_version=args.version, on=args.on
        )
    print(f"{args.provider_id} retired (version {version})", file=sys.stderr)
    return 0


def cmd_trend(args: argparse.Namespace) -> int:
    from coverage.cli_analysis import scenario_from_args  # noqa: PLC0415
    from coverage.followup import trend_table  # noqa: PLC0415

    ds = _load_dataset(args)
    with _opened(args) as store:
        table = trend_table(ds, store, scenario_from_args(args), args.by, source=args.providers)
    _out(table, args)
    return 0


# -- scenarios -------------------------------------------------------------------------------


def cmd_scenario_save(args: argparse.Namespace) -> int:
    from coverage.cli_analysis import scenario_from_args  # noqa: PLC0415
    from coverage.followup import save_scenario  # noqa: PLC0415

    ds = _load_dataset(args)
    scenario = scenario_from_args(args)
    choice = provider_choice(args, ds)
    with _opened(args, ds) as store:
        saved = save_scenario(store, ds, args.name, scenario, choice, replace=args.replace)
        figures = saved["summary"]
    print(
        f"saved scenario {saved['name']!r} (providers: {choice.source}"
        + (
            f", register revision {choice.register_revision}"
            if choice.register_revision is not None
            else ""
        )
        + f"): {figures['covered_population']:.0f} of {figures['population']:.0f} people covered",
        file=sys.stderr,
    )
    return 0


def cmd_scenario_list(args: argparse.Namespace) -> int:
    from coverage.store import scenarios  # noqa: PLC0415

    with _opened(args) as store:
        table = scenarios.list_scenarios(store)
    _out(table, args)
    return 0


def _warn_dataset(ds: Dataset, saved: dict[str, Any]) -> None:
    if saved["dataset_id"] != ds.dataset_id:
        print(
            f"warning: scenario {saved['name']!r} was saved on dataset {saved['dataset_id']}; "
            f"this is {ds.dataset_id}, so its numbers may differ",
            file=sys.stderr,
        )


def cmd_scenario_run(args: argparse.Namespace) -> int:
    from coverage.followup import run_saved  # noqa: PLC0415
    from coverage.store import scenarios  # noqa: PLC0415

    ds = _load_dataset(args)
    with _opened(args) as store:
        saved = scenarios.get(store, args.name)
        _warn_dataset(ds, saved)
        table = run_saved(ds, store, saved, args.by)
        scenarios.record_run(
            store,
            action="run",
            scenario=saved["name"],
            params={"by": args.by, **saved["params"]},
            versions=scenarios.versions_of(saved),
            summary=saved["summary"],
        )
    _out(table, args)
    return 0


def _two_runs(
    ds: Dataset, store: Store, a: str, b: str, by: str
) -> tuple[dict, dict, pd.DataFrame]:
    from coverage.followup import diff_tables, run_saved  # noqa: PLC0415
    from coverage.store import scenarios  # noqa: PLC0415

    sa_, sb = scenarios.get(store, a), scenarios.get(store, b)
    for s in (sa_, sb):
        _warn_dataset(ds, s)
    table = diff_tables(run_saved(ds, store, sa_, by), run_saved(ds, store, sb, by))
    return sa_, sb, table


def cmd_scenario_diff(args: argparse.Namespace) -> int:
    from coverage.store import scenarios  # noqa: PLC0415

    ds = _load_dataset(args)
    with _opened(args) as store:
        sa_, sb, table = _two_runs(ds, store, args.a, args.b, args.by)
        scenarios.record_run(
            store,
            action="diff",
            scenario=f"{sa_['name']} vs {sb['name']}",
            params={"by": args.by, "a": sa_["params"], "b": sb["params"]},
            versions={"a": scenarios.versions_of(sa_), "b": scenarios.versions_of(sb)},
            summary={"units": len(table)},
        )
    _out(table, args)
    return 0


def unit_polygons(ds: Dataset, division: str) -> gpd.GeoDataFrame:
    """Return one polygon per unit of `division` (municipalities dissolved), EPSG:3067."""
    from coverage.figures import unit_polygons as dissolve  # noqa: PLC0415

    unit_of = dict(zip(ds.membership["kunta_code"], ds.membership[division], strict=True))
    return dissolve(ds.municipalities, unit_of)


def _cells_gdf(cells: pd.DataFrame, cell_m: float = 1000.0):  # noqa: ANN202
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    half = cell_m / 2
    x, y = cells["x"].to_numpy(float), cells["y"].to_numpy(float)
    geoms = shapely.box(x - half, y - half, x + half, y + half)
    return gpd.GeoDataFrame(cells.drop(columns=["x", "y"]), geometry=geoms, crs=CRS)


def export_zip(ds: Dataset, store: Store, names: list[str], by: str) -> tuple[bytes, int]:
    """Return a zip of one or two saved scenarios, and its size.

    The zip holds a GeoPackage (each scenario's units; with two, the difference of units and
    cells), CSV tables, the scenarios' parameters and their run-log entries.
    """
    import geopandas as gpd  # noqa: PLC0415

    from coverage.followup import diff_tables, run_saved, saved_cell_change  # noqa: PLC0415
    from coverage.store import scenarios  # noqa: PLC0415

    saved = [scenarios.get(store, n) for n in names]
    polygons = unit_polygons(ds, by)
    layers: dict[str, Any] = {}
    csvs: dict[str, bytes] = {}
    tables = []
    for tag, s in zip("ab", saved, strict=False):
        table = run_saved(ds, store, s, by)
        tables.append(table)
        key = f"{tag}_{by}" if len(saved) > 1 else by
        layers[f"units_{key}"] = gpd.GeoDataFrame(polygons.merge(table, on="unit_code"), crs=CRS)
        csvs[f"{key}_{_safe(s['name'])}.csv"] = table_bytes(table, "csv")
    if len(saved) == 2:  # noqa: PLR2004
        diff = diff_tables(*tables)
        layers[f"difference_{by}"] = gpd.GeoDataFrame(polygons.merge(diff, on="unit_code"), crs=CRS)
        csvs[f"difference_{by}.csv"] = table_bytes(diff, "csv")
        cells = saved_cell_change(ds, store, *saved)
        layers["difference_cells"] = _cells_gdf(cells)
        csvs["difference_cells.csv"] = table_bytes(cells, "csv")
    log = pd.concat(
        [scenarios.run_log(store, scenario=s["name"]) for s in saved], ignore_index=True
    )
    meta = {
        "scenarios": saved,
        "by": by,
        "dataset_id": ds.dataset_id,
        "note": "a = first scenario, b = second; delta = b - a; "
        "cells: change +1 covered only in b, -1 only in a",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("layers.gpkg", geopackage_bytes(layers))
        for name, data in csvs.items():
            zf.writestr(name, data)
        zf.writestr("run_log.csv", table_bytes(log, "csv"))
        zf.writestr("scenarios.json", json.dumps(meta, ensure_ascii=False, indent=1, default=str))
    data = buffer.getvalue()
    for s in saved:
        scenarios.record_run(
            store,
            action="export",
            scenario=s["name"],
            params={"by": by, **s["params"]},
            versions=scenarios.versions_of(s),
            summary=s["summary"],
        )
    return data, len(data)


def _safe(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    return keep[:60] or "scenario"


def cmd_scenario_export(args: argparse.Namespace) -> int:
    ds = _load_dataset(args)
    with _opened(args) as store:
        data, size = export_zip(
            ds, store, [args.name, *([args.other] if args.other else [])], args.by
        )
    write_atomic(data, args.out)
    print(f"wrote {args.out} ({size} bytes)", file=sys.stderr)
    return 0


def cmd_scenario_rename(args: argparse.Namespace) -> int:
    from coverage.store import scenarios  # noqa: PLC0415

    with _opened(args) as store:
        scenarios.rename(store, args.old, args.new)
    return 0


def cmd_scenario_delete(args: argparse.Namespace) -> int:
    from coverage.store import scenarios  # noqa: PLC0415

    with _opened(args) as store:
        scenarios.delete(store, args.name)
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from coverage.store import scenarios  # noqa: PLC0415

    with _opened(args) as store:
        table = scenarios.run_log(store, scenario=getattr(args, "scenario", None))
    _out(table, args)
    return 0


# -- workspace -----------------------------------------------------------------------------


def cmd_workspace_info(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415
    from coverage.store.db import schema_head  # noqa: PLC0415

    with _opened(args) as store:
        info = {
            "store": store.engine.url.render_as_string(hide_password=True),
            "dialect": store.dialect,
            "schema": schema_head(),
            "revision": store.revision(),
            "providers_now": len(register.providers_at(store)),
            "providers_all": len(register.providers_at(store, include_retired=True)),
            "editors": register.list_editors(store).to_dict("records"),
        }
    print(json.dumps(info, ensure_ascii=False, indent=1, default=str))
    return 0


def cmd_editors(args: argparse.Namespace) -> int:
    from coverage.store import register  # noqa: PLC0415

    with _opened(args) as store:
        if args.editors_command == "list":
            _out(register.list_editors(store), args)
        else:
            register.set_editor(store, args.who, args.area, remove=args.editors_command == "remove")
    return 0


def _format_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    p.add_argument("--out", help="write to FILE instead of stdout")


def register_providers(psub: argparse._SubParsersAction) -> None:
    """Add the register subcommands to `providers`."""
    from coverage.cli_analysis import add_scenario_options  # noqa: PLC0415

    p = psub.add_parser("import", help="validate a provider file and add its rows to the register")
    p.add_argument("file")
    add_store_options(p)
    p.set_defaults(func=cmd_import)

    p = psub.add_parser("list", help="the register's providers (valid today, or --on DATE)")
    p.add_argument("--all", action="store_true", help="also retired and not-yet-valid providers")
    p.add_argument("--on", metavar="DATE", help="the register as it was on DATE")
    add_store_options(p, user=False)
    _format_options(p)
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("export", help="write the register to FILE (.csv, .xlsx or .gpkg)")
    p.add_argument("--out", required=True)
    p.add_argument("--all", action="store_true", help="also retired and not-yet-valid providers")
    add_store_options(p, user=False)
    p.set_defaults(func=cmd_export)

    p = psub.add_parser("history", help="every change: when, who, what, before -> after")
    p.add_argument("--provider", help="only this provider (register:ID)")
    add_store_options(p, user=False)
    _format_options(p)
    p.set_defaults(func=cmd_history)

    p = psub.add_parser("add", help="add one provider by coordinates")
    p.add_argument("--name", required=True)
    p.add_argument("--type", required=True, help="provider type, e.g. library, ngo")
    for coord in ("lat", "lon", "x", "y"):
        p.add_argument(f"--{coord}", type=float)
    for opt in (
        "address",
        "languages",
        "opening-hours",
        "staffed-hours",
        "channels",
        "valid-from",
        "valid-to",
        "source",
    ):
        p.add_argument(f"--{opt}")
    p.add_argument("--capacity", type=float, help="staffed support hours per week")
    p.add_argument("--flag", action="append", default=[], help="service flag, e.g. digituki")
    add_store_options(p)
    p.set_defaults(func=cmd_add)

    p = psub.add_parser(
        "edit", help="change fields of a provider (optimistic: give the version you read)"
    )
    p.add_argument("provider_id")
    p.add_argument("--version", type=int, required=True, help="the version you based the edit on")
    p.add_argument("--set", action="append", default=[], required=True, metavar="FIELD=VALUE")
    add_store_options(p)
    p.set_defaults(func=cmd_edit)

    p = psub.add_parser("retire", help="end a provider's validity (kept in the history)")
    p.add_argument("provider_id")
    p.add_argument("--version", type=int, required=True)
    p.add_argument("--on", metavar="DATE", help="last day is the day before DATE (default today)")
    add_store_options(p)
    p.set_defaults(func=cmd_retire)

    p = psub.add_parser("trend", help="coverage per unit at every date the register changed")
    p.add_argument("--by", choices=DIVISIONS, default="maakunta")
    add_scenario_options(p)
    p.set_defaults(func=cmd_trend, providers="both")


def register(sub: argparse._SubParsersAction) -> None:  # noqa: PLR0915 - one parser table
    """Add the `scenario` and `workspace` commands."""
    from coverage.cli_analysis import add_scenario_options  # noqa: PLC0415

    p = sub.add_parser("scenario", help="saved scenarios: save, list, run, diff, export")
    ssub = p.add_subparsers(dest="scenario_command", required=True)
    s = ssub.add_parser("save", help="save an analysis's parameters, provider version and summary")
    s.add_argument("name")
    s.add_argument("--replace", action="store_true", help="replace a scenario of the same name")
    add_scenario_options(s)
    if not any(a.dest == "user" for a in s._actions):
        s.add_argument("--user")
    s.set_defaults(func=cmd_scenario_save)

    s = ssub.add_parser("list", help="saved scenarios with their national figures")
    add_store_options(s, user=False)
    _format_options(s)
    s.set_defaults(func=cmd_scenario_list)

    s = ssub.add_parser("run", help="compute a saved scenario again, per unit")
    s.add_argument("name")
    s.add_argument("--by", choices=DIVISIONS, default="maakunta")
    add_store_options(s)
    _format_options(s)
    s.set_defaults(func=cmd_scenario_run)

    s = ssub.add_parser("diff", help="two saved scenarios per unit: a, b and delta = b - a")
    s.add_argument("a")
    s.add_argument("b")
    s.add_argument("--by", choices=DIVISIONS, default="maakunta")
    add_store_options(s)
    _format_options(s)
    s.set_defaults(func=cmd_scenario_diff)

    s = ssub.add_parser("export", help="a zip: GeoPackage layers, CSVs, parameters, run log")
    s.add_argument("name")
    s.add_argument("other", nargs="?", help="a second scenario: adds the difference layers")
    s.add_argument("--by", choices=DIVISIONS, default="maakunta")
    s.add_argument("--out", required=True)
    add_store_options(s)
    s.set_defaults(func=cmd_scenario_export)

    s = ssub.add_parser("rename", help="rename a saved scenario")
    s.add_argument("old")
    s.add_argument("new")
    add_store_options(s)
    s.set_defaults(func=cmd_scenario_rename)

    s = ssub.add_parser("delete", help="delete a saved scenario (the run log keeps it)")
    s.add_argument("name")
    add_store_options(s)
    s.set_defaults(func=cmd_scenario_delete)

    s = ssub.add_parser("log", help="the run log: every saved, run, diffed or exported analysis")
    s.add_argument("--scenario", help="only this scenario's entries")
    add_store_options(s, user=False)
    _format_options(s)
    s.set_defaults(func=cmd_log)

    p = sub.add_parser("workspace", help="the workspace store: info and editors")
    wsub = p.add_subparsers(dest="workspace_command", required=True)
    w = wsub.add_parser("info", help="store, schema version, revision, counts, editors")
    add_store_options(w, user=False)
    w.set_defaults(func=cmd_workspace_info)
    w = wsub.add_parser("editors", help="who may change which area's providers")
    esub = w.add_subparsers(dest="editors_command", required=True)
    e = esub.add_parser("list")
    add_store_options(e, user=False)
    _format_options(e)
    e.set_defaults(func=cmd_editors)
    for verb in ("add", "remove"):
        e = esub.add_parser(
            verb, help=f"{verb} an editor's area (maakunta:19, kunta:091, or * for all)"
        )
        e.add_argument("who")
        e.add_argument("area")
        add_store_options(e)
        e.set_defaults(func=cmd_editors)


__all__ = ["add_provider_source_options", "provider_choice", "register", "register_providers"]
