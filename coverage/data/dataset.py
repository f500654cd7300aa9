"""The working dataset: where it lives and how to load it (fast: parquet, read once).

Loading proves the dataset whole before any number comes out of it: every file the manifest
lists has its size and SHA-256 (about 20 ms for the 8 MB of layers), every layer its columns,
and the layers their totals (rows, population). Anything wrong is one DatasetDamagedError naming
the file and the fix, never a parser's traceback and never a wrong figure.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from coverage.data.paths import (  # noqa: F401 - where the dataset lives, re-exported
    CACHE_DIR,
    DATA_ENV,
    DEFAULT_DATA_DIR,
    MIRROR_BESIDE_CHECKOUT,
    REPO_ROOT,
    data_dir,
    sync_command,
)
from coverage.data.schema import LAYER_COLUMNS, LAYER_FILES
from coverage.errors import DatasetDamagedError, DatasetMissingError

if TYPE_CHECKING:
    from collections.abc import Iterator


MANIFEST = "manifest.json"
OLD_SUFFIX = ".old"
"""`build` is renamed `build.old` for the moment of the swap (see `build._swap`)."""
STAGING_INFIX = ".tmp-"
"""Staging folders are `build.tmp-<random>` beside `build`."""
LOCK_SUFFIX = ".lock"
"""`build.lock` beside `build`: held by a sync for its whole run (readers never take it)."""
_SAFE_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def file_digest(path: Path) -> str:
    """Return the SHA-256 (hex) of a file, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_entries(directory: Path) -> dict[str, dict]:
    """Return the manifest's `files` section for `directory`: every file but the manifest.

    The build records it; a test that edits a dataset copy on purpose records it again.
    """
    return {
        f.name: {"bytes": f.stat().st_size, "sha256": file_digest(f)}
        for f in sorted(directory.iterdir()) if f.is_file() and f.name != MANIFEST
    }


@contextlib.contextmanager
def sync_lock(target: Path) -> Iterator[None]:
    """Hold `<target>.lock` exclusively: one sync at a time per dataset (waits for the other)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(target.name + LOCK_SUFFIX)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover_swap(target: Path) -> bool:
    """Finish a swap that was interrupted between its renames; return True if one was.

    A sync renames `build` to `build.old`, then the new staging folder to `build`. Killed in
    between, it leaves `build.old` (a whole dataset) and no `build`: put the old one back. Done
    under the sync lock so it never races a sync that is between its renames right now.
    """
    old = target.with_name(target.name + OLD_SUFFIX)
    if target.exists() or not (old / MANIFEST).is_file():
        return False
    try:
        with sync_lock(target):
            return put_back_old(target)  # False if the sync we waited for finished its swap
    except OSError:
        return False  # e.g. a read-only place: report the dataset as missing instead


def put_back_old(target: Path) -> bool:
    """Rename `build.old` back to `build` when `build` is missing (hold the sync lock)."""
    old = target.with_name(target.name + OLD_SUFFIX)
    if target.exists() or not (old / MANIFEST).is_file():
        return False
    old.replace(target)
    return True


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove staging folders and a spent `build.old` left by killed syncs; return them.

    Call only while holding `sync_lock(target)`: then no other sync is writing any of them.
    """
    gone = sorted(target.parent.glob(target.name + STAGING_INFIX + "*"))
    old = target.with_name(target.name + OLD_SUFFIX)
    if target.exists() and old.exists():
        gone.append(old)
    for folder in gone:
        shutil.rmtree(folder, ignore_errors=True)
    return gone


def _damaged(path: Path, layer: str, problem: str) -> DatasetDamagedError:
    return DatasetDamagedError(path, layer, problem, fix=sync_command(path))


def read_manifest(path: Path) -> dict:
    """Return the manifest of the dataset at `path`, checked for the keys loading relies on.

    Raises
    ------
    DatasetMissingError
        If there is no dataset at `path`.
    DatasetDamagedError
        If the manifest is unreadable, not JSON or lacks what loading needs.
    """
    manifest_file = path / MANIFEST
    if not manifest_file.is_file():
        msg = f"no working dataset at {path}; build it with `{sync_command(path)}`"
        raise DatasetMissingError(msg)
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, MANIFEST, f"unreadable ({exc})") from None
    if not isinstance(manifest, dict):
        raise _damaged(path, MANIFEST, "not a JSON object")
    lacking = [k for k in ("dataset_id", "layers", "files", "sources") if k not in manifest]
    if lacking:
        why = "no file checksums (built by an older version)" if lacking == ["files"] else (
            "lacks " + ", ".join(lacking)
        )
        raise _damaged(path, MANIFEST, why)
    files = manifest["files"]
    if not isinstance(files, dict) or not isinstance(manifest["layers"], dict):
        raise _damaged(path, MANIFEST, "'files' and 'layers' must be objects")
    for name, entry in files.items():
        if (not _SAFE_FILE.fullmatch(str(name)) or not isinstance(entry, dict)
                or not isinstance(entry.get("bytes"), int)
                or not isinstance(entry.get("sha256"), str)):
            raise _damaged(path, MANIFEST, f"bad entry for file {name!r}")
    missing = [f for f in LAYER_FILES.values() if f not in files]
    if missing:
        raise _damaged(path, MANIFEST, "does not list " + ", ".join(missing))
    return manifest


def verify_files(path: Path, manifest: dict) -> None:
    """Check every file the manifest lists: present, same size, same SHA-256.

    Raises
    ------
    DatasetDamagedError
        Naming the first file that is missing, truncated or altered.
    """
    for name, entry in manifest["files"].items():
        file = path / name
        try:
            size = file.stat().st_size
            if size != entry["bytes"]:
                problem = f"{size} bytes, the manifest says {entry['bytes']} (truncated or altered)"
                raise _damaged(path, name, problem)
            if file_digest(file) != entry["sha256"]:
                raise _damaged(path, name, "content differs from the manifest's SHA-256")
        except FileNotFoundError:
            raise _damaged(path, name, "missing") from None
        except PermissionError:
            raise _damaged(path, name, "not readable by this user") from None


def _kind_ok(kind: str, dtype: pa.DataType) -> bool:
    if pa.types.is_dictionary(dtype):
        dtype = dtype.value_type
    checks = {
        "string": pa.types.is_string(dtype) or pa.types.is_large_string(dtype),
        "integer": pa.types.is_integer(dtype),
        "float": pa.types.is_floating(dtype),
        "number": pa.types.is_integer(dtype) or pa.types.is_floating(dtype),
        "bool": pa.types.is_boolean(dtype),
        "binary": pa.types.is_binary(dtype) or pa.types.is_large_binary(dtype),
    }
    return checks[kind]


def check_schema(path: Path, layer: str) -> None:
    """Check that a layer file has the columns of `schema.LAYER_COLUMNS`, of the right kinds.

    Raises
    ------
    DatasetDamagedError
        Naming the layer and the missing or mistyped columns.
    """
    file = LAYER_FILES[layer]
    try:
        schema = pq.read_schema(path / file)
    except (OSError, pa.ArrowException) as exc:
        raise _damaged(path, file, f"not a readable parquet file ({exc})") from None
    types = dict(zip(schema.names, schema.types, strict=True))
    want = LAYER_COLUMNS[layer]
    missing = [c for c in want if c not in types]
    wrong = [c for c, kind in want.items() if c in types and not _kind_ok(kind, types[c])]
    if missing or wrong:
        said = []
        if missing:
            said.append("missing columns " + ", ".join(missing))
        if wrong:
            said.append("wrong type in " + ", ".join(f"{c} (want {want[c]})" for c in wrong))
        problem = "; ".join(said) + f": not a {layer} layer"
        raise _damaged(path, file, problem)


def _read(path: Path, layer: str, reader) -> pd.DataFrame:  # noqa: ANN001
    file = LAYER_FILES[layer]
    try:
        return reader(path / file)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise _damaged(path, file, f"unreadable ({exc})") from None


def check_totals(ds: Dataset) -> None:
    """Check the layers against the manifest's totals: rows, population, providers per type.

    Raises
    ------
    DatasetDamagedError
        Naming the layer whose figure differs.
    """
    layers = ds.manifest["layers"]
    try:
        expect = [
            ("municipalities", "rows", len(ds.municipalities),
             layers["municipalities"]["rows"]),
            ("municipalities", "population", int(ds.municipalities["population"].sum()),
             layers["municipalities"]["population"]),
            ("demand", "rows", len(ds.demand), layers["demand"]["rows"]),
            ("demand", "population", int(ds.demand["population"].sum()),
             layers["demand"]["population"]),
            ("demand", "population (official total)", int(ds.demand["population"].sum()),
             layers["municipalities"]["population"]),
            ("providers", "rows", len(ds.providers), layers["providers"]["rows"]),
            ("providers", "providers per type",
             ds.providers["provider_type"].value_counts().to_dict(),
             layers["providers"]["by_type"]),
            ("units", "units per division", ds.units.groupby("division").size().to_dict(),
             layers["units"]),
            ("membership", "rows", len(ds.membership), layers["municipalities"]["rows"]),
        ]
        pop65 = float(ds.demand["pop_65plus"].sum())
        want65 = float(layers["demand"]["pop_65plus"])
    except (KeyError, TypeError, ValueError):
        raise _damaged(ds.path, MANIFEST, "layer totals missing or malformed") from None
    for layer, what, got, want in expect:
        if got != want:
            raise _damaged(
                ds.path, LAYER_FILES[layer], f"{what} {got}, the manifest says {want}"
            )
    if not math.isclose(pop65, want65, rel_tol=1e-9, abs_tol=1e-6):
        raise _damaged(
            ds.path, LAYER_FILES["demand"], f"pop_65plus {pop65}, the manifest says {want65}"
        )
    for layer, frame in (("demand", ds.demand), ("providers", ds.providers)):
        if not np.isfinite(frame[["x", "y"]].to_numpy(float)).all():
            raise _damaged(ds.path, LAYER_FILES[layer], "coordinates not finite")
    if not ds.demand["kunta_code"].isin(ds.municipalities["kunta_code"]).all():
        raise _damaged(
            ds.path, LAYER_FILES["demand"], "cells in municipalities the dataset does not have"
        )


@dataclass(frozen=True)
class Dataset:
    """The loaded working dataset. Treat as read-only: the app shares one across sessions."""

    municipalities: gpd.GeoDataFrame
    membership: pd.DataFrame
    units: pd.DataFrame
    demand: pd.DataFrame
    providers: pd.DataFrame
    settlements: pd.DataFrame
    manifest: dict
    path: Path
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: str, make):  # noqa: ANN001, ANN201
        """Return `make()` computed once per dataset (e.g. the cell k-d tree); read-only results."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    @property
    def dataset_id(self) -> str:
        """Return an id that changes whenever any source file changes (a cache key)."""
        return str(self.manifest["dataset_id"])

    def units_of(self, division: str) -> pd.DataFrame:
        """Return the units of one division with their seats."""
        return self.units[self.units["division"] == division].reset_index(drop=True)

    def cell_units(self, division: str) -> pd.Series:
        """Return the unit code of every demand cell in `division` (aligned with `demand`)."""
        lookup = self.membership.set_index("kunta_code")[division]
        return self.demand["kunta_code"].map(lookup)


def load_dataset(path: Path | None = None) -> Dataset:
    """Load the working dataset built by `python -m coverage sync`, proven whole first.

    Raises
    ------
    DatasetMissingError
        If no dataset has been built at `path`; the message says how to build one.
    DatasetDamagedError
        If it is there but a layer or the manifest is missing, truncated, altered or wrong
        (a subclass of DatasetMissingError: the remedy is the same).
    """
    path = Path(path) if path else data_dir()
    recover_swap(path)
    manifest = read_manifest(path)
    verify_files(path, manifest)
    for layer in LAYER_FILES:
        check_schema(path, layer)
    ds = Dataset(
        municipalities=_read(path, "municipalities", gpd.read_parquet),
        membership=_read(path, "membership", pd.read_parquet),
        units=_read(path, "units", pd.read_parquet),
        demand=_read(path, "demand", pd.read_parquet),
        providers=_read(path, "providers", pd.read_parquet),
        settlements=_read(path, "settlements", pd.read_parquet),
        manifest=manifest,
        path=path,
    )
    check_totals(ds)
    return ds
