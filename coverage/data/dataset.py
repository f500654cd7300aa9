"""The working dataset: where it lives and how to load it (fast: parquet, read once)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from coverage.data.schema import LAYER_FILES
from coverage.errors import DatasetMissingError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "build"
MIRROR_BESIDE_CHECKOUT = REPO_ROOT.parent / "shared" / "data"


def data_dir() -> Path:
    """Return the working-dataset directory: $DIGITUKI_DATA_DIR, else data/build in the repo."""
    return Path(os.environ.get("DIGITUKI_DATA_DIR", DEFAULT_DATA_DIR))


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
    """Load the working dataset built by `python -m coverage sync`.

    Raises
    ------
    DatasetMissingError
        If no dataset has been built at `path`; the message says how to build one.
    """
    path = Path(path) if path else data_dir()
    manifest_file = path / "manifest.json"
    if not manifest_file.exists():
        msg = f"no working dataset at {path}; build it with `python -m coverage sync`"
        raise DatasetMissingError(msg)
    return Dataset(
        municipalities=gpd.read_parquet(path / LAYER_FILES["municipalities"]),
        membership=pd.read_parquet(path / LAYER_FILES["membership"]),
        units=pd.read_parquet(path / LAYER_FILES["units"]),
        demand=pd.read_parquet(path / LAYER_FILES["demand"]),
        providers=pd.read_parquet(path / LAYER_FILES["providers"]),
        settlements=pd.read_parquet(path / LAYER_FILES["settlements"]),
        manifest=json.loads(manifest_file.read_text(encoding="utf-8")),
        path=path,
    )
