"""Choose the source (option, environment, mirror beside the checkout, or online) and build."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from coverage.data.build import Progress, build_dataset, fingerprint
from coverage.data.dataset import read_manifest, recover_swap, verify_files
from coverage.data.paths import CACHE_DIR, MIRROR_BESIDE_CHECKOUT, data_dir
from coverage.errors import DatasetMissingError, InputError, Problem

if TYPE_CHECKING:
    from coverage.data.ptv import PtvQuery

SOURCE_ENV = "DIGITUKI_SOURCE"
UP_TO_DATE = "is up to date, nothing rebuilt"
"""What `sync` says when it had nothing to do."""


def resolve_source(source: str | Path | None, *, online: bool) -> tuple[str, Path | None]:
    """Return (how, directory): 'option', 'environment', 'mirror' or 'online' (directory None)."""
    if online:
        return "online", None
    if source:
        return "option", Path(source)
    if os.environ.get(SOURCE_ENV):
        return "environment", Path(os.environ[SOURCE_ENV])
    if MIRROR_BESIDE_CHECKOUT.is_dir():
        return "mirror", MIRROR_BESIDE_CHECKOUT
    return "online", None


def current_manifest(target: Path, source_dir: Path) -> dict | None:
    """Return the manifest at `target` if that dataset is whole and current, else None.

    Current: built from `source_dir` as it is now, by this code (the same fingerprint).
    """
    recover_swap(target)
    try:
        manifest = read_manifest(target)
        if manifest.get("fingerprint") != fingerprint(source_dir):
            return None
        verify_files(target, manifest)
    except DatasetMissingError:  # missing or damaged: rebuild
        return None
    return manifest


def sync(
    source: str | Path | None = None, *, online: bool = False, target: Path | None = None,
    progress: Progress | None = None, cache_dir: Path | None = None, endpoints=None,  # noqa: ANN001
    ptv: PtvQuery | None = None, force: bool = False,
) -> tuple[str, dict]:
    """Build the working dataset; return (a sentence saying which source was used, manifest).

    From a source directory, a no-op when the dataset there is whole and its fingerprint (source
    files, build code) is unchanged, so every start can call it; `force` rebuilds anyway. The
    online services are always fetched again. `ptv` (online only) adds the Suomi.fi PTV service
    locations of that query to the providers.
    """
    if ptv is not None and not online:
        msg = "--ptv fetches from the Suomi.fi PTV Open API: use it with --online"
        raise InputError([Problem("--ptv", None, "ptv", msg)])
    how, directory = resolve_source(None if online else source, online=online)
    target = target or data_dir()
    if how != "online":
        current = None if force else current_manifest(target, directory)
        if current is not None:
            said = f"source: {directory} ({how}); dataset {current['dataset_id']} {UP_TO_DATE}"
            return said + " (--force rebuilds)", current
        manifest = build_dataset(directory, target, progress=progress, source_label=str(directory))
        return f"source: {directory} ({how})", manifest
    from coverage.data._online import OnlineEndpoints, fetch_official_sources  # noqa: PLC0415

    # layers no official service offers come from --source, else the mirror beside the checkout
    fallback = Path(source) if source else (
        MIRROR_BESIDE_CHECKOUT if MIRROR_BESIDE_CHECKOUT.is_dir() else None
    )
    staging = Path(tempfile.mkdtemp(prefix="digituki-online-"))
    try:
        fetched = fetch_official_sources(
            staging, endpoints=endpoints or OnlineEndpoints(),
            cache_dir=cache_dir or CACHE_DIR, fallback_source=fallback,
        )
        if ptv is not None:
            from coverage.data.ptv import PTV_BASE_URL, write_source_file  # noqa: PLC0415

            base = (endpoints or OnlineEndpoints()).ptv
            query = replace(ptv, base_url=base) if ptv.base_url == PTV_BASE_URL else ptv
            fetched.append(write_source_file(staging, query))
        manifest = build_dataset(staging, target, progress=progress, extra_sources=fetched,
                                 source_label="official online services")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    said = "source: official online services"
    if fallback:
        said += f" (other layers from {fallback})"
    return said, manifest
