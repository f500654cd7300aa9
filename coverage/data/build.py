"""Build the working dataset from a source directory.

Read, validate, write to a temporary directory, then swap it in. An interrupted or failed build
leaves the previous dataset intact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from coverage import __version__
from coverage.data import population, providers, regions
from coverage.data.dataset import (
    MANIFEST,
    OLD_SUFFIX,
    STAGING_INFIX,
    file_entries,
    put_back_old,
    remove_stale_staging,
    sync_lock,
)
from coverage.data.schema import LAYER_FILES
from coverage.data.sources import SPEC_BY_KEY, locate_sources, reference_date, sha256_file
from coverage.errors import SourceError

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


def _count_rows(key: str, path: Path) -> int:
    if path.suffix == ".csv":
        with path.open("rb") as fh:
            return max(sum(1 for _ in fh) - 1, 0)
    if path.suffix in {".geojson", ".gpkg"}:
        import pyogrio  # noqa: PLC0415

        layer = "postal_areas_2019_simplified" if key == "postal_areas" else None
        return int(pyogrio.read_info(path, layer=layer)["features"])
    return 0


PACKAGE_DIR = Path(__file__).resolve().parents[1]
BUILD_CODE = ("__init__.py", "defaults.py", "data/*.py")
"""The code a build's result depends on (under coverage/): part of the fingerprint."""


def source_files(source_dir: Path) -> list[Path]:
    """Return every file a build reads from `source_dir` (layers and road network)."""
    from coverage.data.roads import locate_roads  # noqa: PLC0415

    files = list(locate_sources(source_dir).values())
    files += list((locate_roads(source_dir) or {}).values())
    return sorted(set(files))


def fingerprint(source_dir: Path) -> dict[str, str]:
    """Return what a build's result depends on: the source files and the code that builds.

    Sources by path, size and modification time (a stat per file, no reading: a changed or
    replaced file changes it); code and authored tables (seats, provider types) by content.
    `sync` rebuilds only when this differs from the manifest's.
    """
    from coverage.data.regions import SEATS_CSV  # noqa: PLC0415
    from coverage.data.taxonomy import TAXONOMY_CSV  # noqa: PLC0415

    source_dir = Path(source_dir)
    stats = hashlib.sha256()
    for path in source_files(source_dir):
        st = path.stat()
        stats.update(f"{path.relative_to(source_dir).as_posix()}\0{st.st_size}\0"
                     f"{st.st_mtime_ns}\n".encode())
    code = hashlib.sha256(__version__.encode())
    code_files = sorted({f for pattern in BUILD_CODE for f in PACKAGE_DIR.glob(pattern)})
    for path in [*code_files, SEATS_CSV, TAXONOMY_CSV]:
        code.update(path.name.encode() + b"\0" + path.read_bytes())
    return {"sources": stats.hexdigest(), "code": code.hexdigest()}


def build_dataset(
    source_dir: Path, target_dir: Path, *, progress: Progress | None = None,
    extra_sources: list[dict] | None = None, source_label: str | None = None,
) -> dict:
    """Build the dataset from `source_dir` into `target_dir`, atomically; return the manifest.

    Raises
    ------
    SourceError
        If a source file is missing, unreadable or fails validation. `target_dir` is untouched.
    """
    target_dir = Path(target_dir)
    with sync_lock(target_dir):
        put_back_old(target_dir)  # a swap killed between its renames
        for stale in remove_stale_staging(target_dir):
            log.warning("removed %s, left by an interrupted sync", stale)
        return _build_locked(Path(source_dir), target_dir, progress, extra_sources, source_label)


def _build_locked(
    source_dir: Path, target_dir: Path, progress: Progress | None,
    extra_sources: list[dict] | None, source_label: str | None,
) -> dict:
    started = time.perf_counter()
    report = progress or (lambda _msg, _frac: None)
    report("locating sources", 0.0)
    files = locate_sources(source_dir)
    dates = {k: reference_date(SPEC_BY_KEY[k], p) for k, p in files.items()}
    prints = fingerprint(source_dir)

    # mkdir, not mkdtemp: the mode follows the umask, so other users can read the dataset
    staging = target_dir.with_name(target_dir.name + STAGING_INFIX + secrets.token_hex(6))
    staging.mkdir(mode=0o777)
    try:
        report("municipalities", 0.05)
        munis = regions.read_municipalities(files["municipalities"])
        report("divisions", 0.15)
        members, units = regions.read_divisions(files, munis)
        report("population grid", 0.25)
        grid = population.read_grid(files["grid"])
        postal_areas = gpd.read_file(files["postal_areas"], layer="postal_areas_2019_simplified")
        postal_ages = pd.read_csv(files["postal_ages"], dtype={"posti_alue": str})
        lookup = regions.name_lookup(munis, files["maistraatit"])
        postal_kunta = pd.Series(
            [
                regions.code_for_name(n, lookup)
                for n in postal_ages.get("kunta_nimi", pd.Series(dtype=str))
            ],
            index=postal_ages.get("posti_alue", pd.Series(dtype=str)).astype(str).str.zfill(5),
            dtype=object,
        ).dropna()
        postal_areas["posti_alue"] = postal_areas["posti_alue"].astype(str).str.zfill(5)
        demand, demand_notes = population.build_demand(
            grid, munis, postal_areas, postal_ages, postal_kunta,
            ageing_years=_years_between(dates["postal_ages"], dates["municipalities"]),
        )
        report("seats", 0.6)
        settlements = population.read_settlements(files["settlements"])
        settlements["kunta_code"], _ = population.assign_to_polygons(
            settlements.x.to_numpy(), settlements.y.to_numpy(), munis, "kunta_code"
        )
        centres, moved = regions.settle_centres(
            regions.read_admin_centres(files["admin_centres"]), settlements,
            population.read_settlement_polygons(files["settlement_polygons"]),
        )
        demand_notes["seat_points_moved_to_main_settlement"] = moved
        demand_notes["aland_own_unit_added_in"] = sorted(
            units.loc[units["unit_code"] == regions.ALAND_UNIT_CODE, "division"]
        )
        units = regions.build_seats(
            units, members, munis, centres, population.population_weighted_centres(demand)
        )
        report("providers", 0.7)
        provs, provider_notes = providers.build_providers(files, dates, munis)
        report("validating", 0.8)
        validate(munis, members, units, demand, provs)
        report("writing", 0.85)
        munis.to_parquet(staging / LAYER_FILES["municipalities"])
        for name, frame in (("membership", members), ("units", units), ("demand", demand),
                            ("providers", provs), ("settlements", settlements)):
            frame.to_parquet(staging / LAYER_FILES[name], index=False)
        report("road network", 0.9)
        from coverage.data.roads import build_roads  # noqa: PLC0415

        roads = build_roads(source_dir, staging)  # optional: None when the source has no network
        manifest = _manifest(files, dates, source_dir, munis, units, demand, provs,
                             demand_notes, provider_notes, extra_sources, source_label, roads)
        manifest["fingerprint"] = prints
        manifest["files"] = file_entries(staging)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        report("swapping in", 0.95)
        _swap(staging, target_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report("done", 1.0)
    return manifest


HALF_PERSON = 0.5
"""Rounding tolerance of the per-municipality age totals (people)."""


def _years_between(earlier: str, later: str) -> int:
    """Return whole years between two reference dates ("2017-12-31", "2024-12-31" -> 7)."""
    return max(int(str(later)[:4]) - int(str(earlier)[:4]), 0)


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with renames, so readers never see a half-written dataset."""
    old = target.with_name(target.name + OLD_SUFFIX)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.replace(old)
    staging.replace(target)
    shutil.rmtree(old, ignore_errors=True)


def validate(munis, members, units, demand, provs) -> None:  # noqa: ANN001
    """Check the invariants every later step relies on; raise SourceError listing all failures."""
    problems: list[str] = []
    official = munis.set_index("kunta_code")["population"]
    per_kunta = demand.groupby("kunta_code")["population"].sum().reindex(official.index).fillna(0)
    off = (per_kunta - official).abs()
    if (off > 1).any():
        problems.append(
            f"grid population differs from official for {off[off > 1].index.tolist()[:10]}"
        )
    for group in population.AGE_GROUPS:
        got = demand.groupby("kunta_code")[group].sum().reindex(official.index)
        want = munis.set_index("kunta_code")[group]
        if ((got - want).abs() > HALF_PERSON).any():
            problems.append(f"{group} per municipality differs from official totals")
    if (demand["pop_75plus"] > demand["pop_65plus"] + 1e-9).any():
        problems.append("75+ exceeds 65+ in some cells")
    not_divisions = ["kunta_code", "language_code", "language_fi", "language_sv"]
    for division in members.columns.drop(not_divisions):
        if (members[division] == "").any():
            problems.append(f"division {division} leaves municipalities without a unit")
        listed = set(units.loc[units.division == division, "unit_code"])
        if set(members[division]) - listed:
            problems.append(f"division {division} has members of unlisted units")
    if (provs["kunta_code"] == "").any() or not provs["kunta_code"].isin(official.index).all():
        problems.append("providers without a valid municipality")
    if units[["seat_x", "seat_y"]].isna().any().any():
        problems.append("units without a seat point")
    if problems:
        raise SourceError("validation failed: " + "; ".join(problems))


def _manifest(files, dates, source_dir, munis, units, demand, provs, demand_notes,  # noqa: ANN001, PLR0913
              provider_notes: list[str], extra_sources: list[dict] | None,
              source_label: str | None, roads: dict | None = None) -> dict:
    online = {e["path"]: e for e in (extra_sources or [])}
    sources = []
    for key, path in files.items():
        spec = SPEC_BY_KEY[key]
        rel = path.relative_to(source_dir).as_posix()
        entry = {
            "key": key,
            "file": rel,
            "sha256": sha256_file(path),
            "publisher": spec.publisher,
            "licence": spec.licence,
            "reference_date": dates[key],
            "rows": _count_rows(key, path),
            "note": spec.note,
        }
        if rel in online:
            fetched = online[rel]
            entry["url"] = fetched.get("url", "")
            for field in ("publisher", "licence", "reference_date"):
                if fetched.get(field) and "fallback" not in str(fetched.get("url", "")):
                    entry[field] = fetched[field]
        sources.append(entry)
    layers_extra = {}
    if roads is not None:
        layers_extra["roads"] = roads.pop("layer", {})
        sources.append(roads)
    built = datetime.now(UTC).replace(microsecond=0).isoformat()
    digest = hashlib.sha256("".join(s["sha256"] for s in sources).encode()).hexdigest()[:12]
    return {
        "dataset_id": digest,
        "built_at": built,
        "software_version": __version__,
        "source": source_label or str(source_dir),
        "sources": sources,
        "layers": {
            "municipalities": {"rows": len(munis), "population": int(munis.population.sum())},
            "demand": {"rows": len(demand), "population": int(demand.population.sum()),
                       "pop_65plus": float(demand.pop_65plus.sum()),
                       "pop_75plus": float(demand.pop_75plus.sum())},
            "providers": {"rows": len(provs),
                          "by_type": provs.provider_type.value_counts().to_dict()},
            "units": units.groupby("division").size().to_dict(),
            **layers_extra,
        },
        "decisions": {"demand": demand_notes, "providers": provider_notes},
    }
