"""Shared fixtures: the official source directory and one working dataset built from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from coverage.data.build import build_dataset
from coverage.data.dataset import MIRROR_BESIDE_CHECKOUT, load_dataset

# CI runs the same generated examples every time (a run that lands does not hinge on a draw);
# locally hypothesis keeps exploring new ones and replays any failure it found.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def source_dir() -> Path | None:
    """Return the official data directory ($DIGITUKI_SOURCE or ../shared/data), if present."""
    env = os.environ.get("DIGITUKI_SOURCE")
    path = Path(env) if env else MIRROR_BESIDE_CHECKOUT
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def source() -> Path:
    path = source_dir()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have the official data beside the checkout (../shared/data)")
        pytest.skip("official data directory not found (set DIGITUKI_SOURCE)")
    return path


@pytest.fixture(scope="session")
def built_dir(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the dataset once per test session into a temporary directory."""
    target = tmp_path_factory.mktemp("dataset") / "build"
    build_dataset(source, target)
    return target


@pytest.fixture(scope="session")
def ds(built_dir: Path):
    return load_dataset(built_dir)
