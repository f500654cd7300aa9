"""The only place the app caches.

- `st.cache_resource`: the working dataset, loaded once per process and shared read-only by
  every session. Keyed by its folder and the manifest's modification time, so a rebuilt
  dataset (`python -m coverage sync`) is picked up on the next rerun.
- `st.cache_data`: derived tables, keyed by small arguments and `dataset_id`; the dataset
  itself goes in as `_dataset`, which Streamlit does not hash.

Functions here only call the library: no computation of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from coverage import maps
from coverage.data.dataset import Dataset, data_dir, load_dataset

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(path: str, stamp: int) -> Dataset:
    # `stamp` (the manifest's mtime) is only part of the cache key.
    return load_dataset(Path(path))


def dataset() -> Dataset:
    """Return the working dataset ($DIGITUKI_DATA_DIR or data/build).

    Raises
    ------
    DatasetMissingError
        If none has been built (not cached: the next rerun tries again).
    """
    path = data_dir()
    manifest = path / "manifest.json"
    stamp = manifest.stat().st_mtime_ns if manifest.exists() else 0
    return _load(str(path), stamp)


@st.cache_data(show_spinner=False, max_entries=4)
def key_figures(_dataset: Dataset, dataset_id: str) -> dict[str, Any]:
    """Return the national key figures (`coverage.maps.key_figures`)."""
    return maps.key_figures(_dataset.municipalities, _dataset.demand, _dataset.providers)


@st.cache_data(show_spinner=False, max_entries=4)
def municipality_figures(_dataset: Dataset, dataset_id: str) -> pd.DataFrame:
    """Return the figures per municipality (`coverage.maps.municipality_figures`)."""
    return maps.municipality_figures(_dataset.municipalities, _dataset.demand, _dataset.providers)


@st.cache_data(show_spinner=False, max_entries=4)
def municipality_map_frame(
    _dataset: Dataset, dataset_id: str, tolerance_m: float = maps.SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return simplified municipality polygons (EPSG:4326) with their figures."""
    return maps.municipality_map_frame(_dataset.municipalities, _dataset.demand,
                                       _dataset.providers, tolerance_m=tolerance_m)


@st.cache_data(show_spinner=False, max_entries=4)
def provider_points(_dataset: Dataset, dataset_id: str) -> pd.DataFrame:
    """Return the providers with lat/lon for the map (`coverage.maps.provider_points`)."""
    return maps.provider_points(_dataset.providers)
