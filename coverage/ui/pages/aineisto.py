"""Aineisto (data): the working dataset's identity, sources, licences, dates and row counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from coverage.cli import dataset_summary
from coverage.ui import components, state
from coverage.ui.text import MISSING, fmt_date, fmt_datetime, fmt_int, t

if TYPE_CHECKING:
    from coverage.data.dataset import Dataset


def identity(ds: Dataset, lang: str) -> None:
    """Show the dataset id, build time, software version and source directory."""
    manifest = ds.manifest
    row = {
        t("data.dataset_id", lang): ds.dataset_id,
        t("data.built_at", lang): fmt_datetime(manifest.get("built_at"), lang),
        t("data.software", lang): str(manifest.get("software_version", MISSING)),
        t("data.source_dir", lang): str(manifest.get("source", MISSING)),
    }
    st.dataframe(pd.DataFrame([row]), hide_index=True, width="stretch")


def sources_table(ds: Dataset, lang: str) -> None:
    """Show every source with publisher, licence, reference date and rows."""
    rows = [{
        t("col.file", lang): s.get("file", ""),
        t("col.publisher", lang): s.get("publisher", ""),
        t("col.licence", lang): s.get("licence", ""),
        t("col.reference_date", lang): fmt_date(s.get("reference_date"), lang),
        t("col.rows", lang): fmt_int(s.get("rows"), lang),
        t("col.note", lang): s.get("note", ""),
        t("col.sha256", lang): str(s.get("sha256", ""))[:12],
    } for s in ds.manifest.get("sources", [])]
    st.subheader(t("data.sources", lang), anchor=False)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height="content")
    st.caption(t("data.licence_note", lang))


def layers_table(ds: Dataset, lang: str) -> None:
    """Show the rows (and population, where it applies) of each layer of the dataset."""
    layers = dataset_summary(ds)["layers"]
    rows = [{
        t("col.layer", lang): t(f"layer.{name}", lang),
        t("col.rows", lang): fmt_int(layer.get("rows"), lang),
        t("col.population", lang): fmt_int(layer["population"], lang) if "population" in layer
        else "",
    } for name, layer in layers.items()]
    st.subheader(t("data.layers", lang), anchor=False)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    units = ds.manifest.get("layers", {}).get("units") or {}
    if units:
        st.caption(f"{t('layer.units', lang)}: "
                   + ", ".join(f"{name} {fmt_int(n, lang)}" for name, n in units.items()))


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds = components.require_dataset(lang)
    st.title(t("data.title", lang), anchor=False)
    st.caption(t("data.intro", lang))
    identity(ds, lang)
    sources_table(ds, lang)
    layers_table(ds, lang)
    with st.expander(t("data.decisions", lang)):
        st.json(ds.manifest.get("decisions", {}), expanded=False)


if __name__ == "__main__":
    render()
