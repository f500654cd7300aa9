"""Aineisto (data): the working dataset and the user's own provider file.

The dataset's identity, sources, licences, dates and row counts. A provider file (CSV, XLSX,
GeoJSON, GeoPackage) is validated row by row
(`coverage.data.user_providers`); every problem is listed with its row, field and severity.
An accepted file drives every page of the session (added to the dataset's providers or
replacing them); a refused one changes nothing. The session keeps only the file's bytes,
name and hash; the parsed providers come from the cache.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from coverage import maps
from coverage.cli import dataset_summary
from coverage.data.regions import ALAND_UNIT_CODE
from coverage.data.taxonomy import provider_types
from coverage.defaults import (
    LEVELS,
    MAP_UNCLUSTERED_MAX_MARKERS,
    NEED_MODELS,
    PREVIEW_MAX_ROWS,
)
from coverage.figures import UPLOAD_MODES
from coverage.need import need_by_model
from coverage.ui import cached, components, state
from coverage.ui.components import Col
from coverage.ui.text import MISSING, fmt_date, fmt_datetime, fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    from coverage.data.dataset import Dataset

UPLOAD_TYPES = ["csv", "xlsx", "geojson", "json", "gpkg"]
# A one-row example of the columns the upload reads (see coverage/data/uploads.py).
TEMPLATE_CSV = (
    "name,type,lat,lon,address,capacity,languages,kunta_code,svc_digituki\n"
    "Esimerkkikirjasto,library,60.1738,24.9380,Esimerkkikatu 1 00100 Helsinki,10,fi;sv,091,"
    "kyllä\n"
)
PREVIEW_COLUMNS = (
    Col("name", "col.name"), Col("type_label", "col.provider_type"),
    Col("kunta_code", "col.kunta_code"), Col("address", "col.address"),
    Col("languages", "col.languages"), Col("capacity_h_week", "col.capacity", "float1"),
)

SOURCES_KEY = "data_sources"  # the sources table's container (a layout key, not a parameter)
SOURCES_CSS = (
    f"<style>.st-key-{SOURCES_KEY} td:is(:nth-child(1), :nth-child(6)){{overflow-wrap:anywhere;}}"
    f" .st-key-{SOURCES_KEY} td:is(:nth-child(1), :nth-child(6)){{min-width:7.5em;}}"
    f" .st-key-{SOURCES_KEY} td:is(:nth-child(4), :nth-child(5), :nth-child(7))"
    "{white-space:nowrap;}</style>")
# The sources table's columns: file, publisher, licence, date, rows, note, checksum.


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
    # Markdown, whose cells wrap: as a canvas table its notes and file names ran 800 px past
    # the page's edge at 1366 px. A long file name or note breaks anywhere; dates, row counts
    # and checksums stay whole.
    st.html(SOURCES_CSS)
    with st.container(key=SOURCES_KEY):
        st.markdown(components.markdown_table(rows, right=[t("col.rows", lang)]))
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


NEED_COLUMNS = (
    Col("unit_name", "need.col_unit"),
    *(Col(f"need_{m}", f"need_model.{m}", "int") for m in NEED_MODELS),
    Col("change_share", "need.col_change", "pct"),
)


def need_section(ds: Dataset, lang: str) -> None:
    """Say how 75+ is estimated, how need changes between the need models, and Åland's rule."""
    demand = ds.demand
    notes = ds.manifest.get("decisions", {}).get("demand", {})
    basis = notes.get("share_75_basis") or {}
    n75 = float(demand["pop_75plus"].sum())
    st.subheader(t("need.age75_title", lang), anchor=False)
    factor = basis.get("mortality_factor")
    st.markdown(t("need.age75_method", lang,
                  factor=MISSING if factor is None else fmt_float(factor, lang, 2),
                  n75=fmt_int(n75, lang), share=fmt_pct(n75 / demand["pop_65plus"].sum(), lang)))
    levels = tuple(sorted(int(v) for v in state.get("sc_need_levels") or LEVELS))
    model = str(state.get("sc_need_model") or next(iter(NEED_MODELS)))
    units = ds.units_of("maakunta")
    table = need_by_model(
        demand, ds.membership.set_index("kunta_code")["maakunta"],
        dict(zip(units["unit_code"], units[f"name_{'sv' if lang == 'sv' else 'fi'}"], strict=True)),
        levels=levels, country_name=t("need.country", lang),
    )
    st.subheader(t("need.presets_title", lang), anchor=False)
    st.caption(t("need.presets_intro", lang,
                 levels=", ".join(t(f"taso.{v}", lang) for v in levels),
                 model=t(f"need_model.{model}", lang)))
    components.show_table(table, NEED_COLUMNS, lang)
    split = sorted(ds.units.loc[ds.units["unit_code"] == ALAND_UNIT_CODE, "division"])
    st.caption(t("need.aland_note", lang, divisions=", ".join(split) or MISSING))


def _forget_upload() -> None:
    for key in ("upload_bytes", "upload_name", "upload_sha"):
        state.put(key, None)
    state.put("upload_nonce", int(state.get("upload_nonce")) + 1)  # a fresh, empty uploader


def upload_section(ds: Dataset, lang: str) -> None:
    """Upload the user's own provider file: validate it, use it, show what it holds."""
    st.subheader(t("upload.title", lang), anchor=False)
    st.markdown(t("upload.intro", lang))
    cols = st.columns([3, 2])
    cols[0].radio(t("upload.mode", lang), options=sorted(UPLOAD_MODES),
                  format_func=lambda m: t(f"upload.mode_{m}", lang), key="upload_mode",
                  horizontal=True)
    cols[1].download_button(t("upload.template", lang), data=TEMPLATE_CSV.encode("utf-8"),
                            file_name="digituki_providers_template.csv", mime="text/csv",
                            on_click="ignore", icon=":material/download:")
    upload = st.file_uploader(t("upload.file", lang), type=UPLOAD_TYPES,
                              key=f"upload_file_{state.get('upload_nonce')}",
                              help=t("upload.file_help", lang))
    if upload is not None:
        data = upload.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        check = cached.check_upload(ds, ds.dataset_id, sha, data, upload.name)
        if check.providers is None:
            components.show_problems(check.problems, lang, title_key="upload.refused")
            previous = state.get("upload_name")
            st.info(t("upload.kept", lang, name=components.markdown_code(previous)) if previous
                    else t("upload.kept_dataset", lang))
        else:
            if sha != state.get("upload_sha"):
                state.put("upload_bytes", data)
                state.put("upload_name", upload.name)
                state.put("upload_sha", sha)
            st.success(t("upload.accepted", lang, name=components.markdown_code(upload.name),
                         n=fmt_int(len(check.providers), lang)))
            if check.warnings:
                components.show_problems(check.warnings, lang, title_key="upload.warnings")
    pset = components.active_providers(ds)
    if pset.key is None:
        st.caption(components.provider_note(pset, lang))
        return
    st.info(components.provider_note(pset, lang))
    st.button(t("upload.remove", lang), key="upload_remove", on_click=_forget_upload,
              icon=":material/delete:")
    check = cached.check_upload(ds, ds.dataset_id, state.get("upload_sha"),
                                state.get("upload_bytes"), str(state.get("upload_name")))
    own = check.providers
    types = provider_types()
    preview = own.assign(type_label=[types[k].label(lang) if k in types else k
                                     for k in own["provider_type"]])
    left, right = st.columns([3, 2], gap="large")
    n = fmt_int(len(own), lang)
    with left:
        components.show_table(preview.head(PREVIEW_MAX_ROWS), PREVIEW_COLUMNS, lang, height=360)
        if len(own) > PREVIEW_MAX_ROWS:
            st.caption(t("upload.table_head", lang, shown=fmt_int(PREVIEW_MAX_ROWS, lang), n=n))
    with right:
        shown = components.map_sample(own)
        m = maps.base_map()
        maps.provider_markers(shown, lang,
                              cluster=len(shown) > MAP_UNCLUSTERED_MAX_MARKERS).add_to(m)
        components.show_map(m, key="data_upload_map", lang=lang, height=360,
                            returned_objects=())
        if len(shown) < len(own):
            st.caption(t("upload.map_sample", lang, shown=fmt_int(len(shown), lang), n=n))


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds = components.require_dataset(lang)
    st.title(t("data.title", lang), anchor=False)
    st.caption(t("data.intro", lang))
    identity(ds, lang)
    upload_section(ds, lang)
    sources_table(ds, lang)
    layers_table(ds, lang)
    need_section(ds, lang)
    with st.expander(t("data.decisions", lang)):
        st.json(ds.manifest.get("decisions", {}), expanded=False)


if __name__ == "__main__":
    render()
