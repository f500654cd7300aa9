"""Pieces every page uses: the dataset guard, error tables, and showing a folium map.

Every map in the app goes through `show_map`, which points its JavaScript/CSS at the app's own
copies (`coverage.maps.use_local_assets`) before handing it to streamlit-folium, so no page
can make the app depend on a CDN.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from coverage import maps
from coverage.errors import DatasetMissingError, InputError
from coverage.ui import cached
from coverage.ui.text import t

if TYPE_CHECKING:
    from collections.abc import Iterable

    import folium

    from coverage.data.dataset import Dataset

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"


def require_dataset(lang: str) -> Dataset:
    """Return the working dataset, or explain how to build it and stop the page."""
    try:
        return cached.dataset()
    except DatasetMissingError:
        from coverage.data.dataset import data_dir  # noqa: PLC0415

        st.error(t("dataset.missing", lang, path=str(data_dir())))
        st.info(t("dataset.missing_fix", lang))
        st.stop()
        raise  # unreachable: st.stop() raises; keeps type checkers honest


def source_date(ds: Dataset, key: str) -> str | None:
    """Return the reference date (ISO) of source `key` in the dataset's manifest."""
    for source in ds.manifest.get("sources", []):
        if source.get("key") == key:
            return source.get("reference_date")
    return None


def show_problems(error: InputError, lang: str) -> None:
    """Show an InputError's problems as a table naming source, row and field."""
    st.error(t("input.problems", lang))
    st.dataframe(
        pd.DataFrame(
            [{t("col.source", lang): p.source, t("col.row", lang): p.row,
              t("col.field", lang): p.field, t("col.message", lang): p.message}
             for p in error.problems]),
        hide_index=True, width="stretch",
    )


def missing_assets(vendor_dir: Path | None = None) -> list[str]:
    """Return the vendored map files that are not there (empty when the maps can draw)."""
    vendor_dir = vendor_dir or VENDOR_DIR
    return [name for name in maps.LOCAL_ASSET_FILES if not (vendor_dir / name).is_file()]


def show_map(
    m: folium.Map,
    *,
    key: str,
    lang: str,
    height: int = 700,
    returned_objects: Iterable[str] = ("last_active_drawing",),
) -> dict[str, Any]:
    """Render a folium map with the app's own Leaflet; return what streamlit-folium reports.

    If the vendored assets are missing, say how to fetch them instead of drawing a blank map.
    """
    from streamlit_folium import st_folium  # noqa: PLC0415

    missing = missing_assets()
    if missing:
        st.error(t("assets.missing", lang, path=str(VENDOR_DIR)))
        st.info(t("assets.missing_fix", lang))
        return {}
    maps.use_local_assets(m)
    return st_folium(m, key=key, height=height, use_container_width=True,
                     returned_objects=list(returned_objects)) or {}


def clicked_property(result: dict[str, Any] | None, name: str) -> object:
    """Return property `name` of the feature last clicked on a map (None if there is none)."""
    drawing = (result or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get(name)
