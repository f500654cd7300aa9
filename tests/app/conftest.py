"""Fixtures for the app tests: the built working dataset (data/build or $DIGITUKI_DATA_DIR)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from coverage.data.dataset import data_dir, load_dataset
from coverage.errors import DatasetMissingError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_dataset():
    """The working dataset the app shows; skip (fail under CI) if none is built."""
    try:
        return load_dataset()
    except DatasetMissingError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must build the working dataset first ({data_dir()})")
        pytest.skip(f"no working dataset at {data_dir()}: run `python -m coverage sync`")


@pytest.fixture(autouse=True)
def _workspace_store(tmp_path, monkeypatch):
    """App tests use a fresh workspace store, never the user's data/workspace.sqlite."""
    monkeypatch.setenv("DIGITUKI_STORE", f"sqlite:///{tmp_path / 'workspace.sqlite'}")


@pytest.fixture(scope="session")
def fetch_script():
    """scripts/fetch_web_assets.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("fetch_web_assets",
                                                  ROOT / "scripts" / "fetch_web_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
