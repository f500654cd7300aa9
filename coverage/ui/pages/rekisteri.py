"""Rekisteri (register): the workspace's provider register, saved scenarios and their follow-up.

Everything here is kept in the workspace store (`coverage.store`): the register's providers
(import a file, edit in the table, add by coordinates, retire), every change with who and
when, saved scenarios with a before/after comparison and difference map, and coverage per
area over time. The user is the Streamlit login when one is configured, else the local user.
Edits name the version they were read at: a second editor gets a conflict message, never a
silent overwrite (the store enforces it, and the editors' areas).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import streamlit as st

from coverage import maps
from coverage.data.taxonomy import provider_types
from coverage.errors import InputError
from coverage.store import ConflictError, PermissionDeniedError, StoreError, open_store
from coverage.store import register as reg
from coverage.store import scenarios as saved_scenarios
from coverage.store.db import local_actor
from coverage.ui import cached, components, state
from coverage.ui.text import fmt_int, fmt_pct, t

if TYPE_CHECKING:
    import pandas as pd

    from coverage.data.dataset import Dataset
    from coverage.store.db import Store

# The descriptive fields of a provider the table shows and lets the user change.
DETAILS = (
    "address",
    "opening_hours",
    "staffed_hours",
    "channels",
    "languages",
    "capacity_h_week",
)

# Register columns the table lets the user change (the rest are shown read-only).
EDITABLE = ("name", *DETAILS, "valid_to")

TABLE_COLUMNS = (
    "provider_id",
    "name",
    "provider_type",
    "kunta_code",
    *DETAILS,
    "valid_from",
    "valid_to",
    "version",
)
SOURCES = ("dataset", "register", "both")


def current_user() -> str:
    """Return the logged-in user's e-mail (Streamlit login), else the local user."""
    try:
        user = st.user
        if user.get("is_logged_in"):
            return str(user.get("email") or user.get("name") or "user")
    except (AttributeError, KeyError, RuntimeError):
        pass
    return local_actor()


def open_workspace(ds: Dataset, lang: str) -> Store:
    """Open the store for this run, or explain why it cannot be opened and stop the page."""
    try:
        return open_store(actor=current_user(), membership=ds.membership)
    except StoreError as exc:
        st.error(t("reg.store_error", lang, error=components.markdown_text(exc)))
        st.stop()
        raise


def _report(exc: Exception, lang: str) -> None:
    if isinstance(exc, InputError):
        components.show_problems(exc, lang)
    elif isinstance(exc, ConflictError):
        st.error(t("reg.conflict", lang, message=components.markdown_text(exc)))
    elif isinstance(exc, PermissionDeniedError):
        st.error(t("reg.denied", lang, message=components.markdown_text(exc)))
    else:
        st.error(components.markdown_text(exc))


def import_section(store: Store, ds: Dataset, lang: str) -> None:
    """Import a provider file into the register (validated as on the Aineisto page)."""
    with st.expander(t("reg.import", lang), icon=":material/upload_file:"):
        st.caption(t("reg.import_help", lang))
        upload = st.file_uploader(
            t("reg.import_file", lang),
            type=["csv", "xlsx", "geojson", "json", "gpkg"],
            key="reg_import_file",
        )
        if upload is not None and st.button(t("reg.import_go", lang), key="reg_import_go"):
            try:
                result = reg.import_file(store, upload.getvalue(), ds, filename=upload.name)
            except (InputError, StoreError) as exc:
                _report(exc, lang)
                return
            st.success(
                t(
                    "reg.imported",
                    lang,
                    added=fmt_int(result.added, lang),
                    skipped=fmt_int(result.skipped_present, lang),
                    revision=result.revision,
                )
            )


def register_table(store: Store, lang: str) -> pd.DataFrame:
    """Show the register as an editable table; save the edits as one change per provider.

    While edits are pending the table stays at the revision it was read at, so each edit names
    the version the user saw: if someone saved the provider meanwhile, the store refuses it.
    """
    editor_key = f"reg_editor_{state.get('reg_editor_nonce')}"
    edits = (st.session_state.get(editor_key) or {}).get("edited_rows", {})
    if not edits or state.get("reg_table_revision") is None:
        state.put("reg_table_revision", store.revision())
    frame = reg.providers_at(
        store,
        revision=state.get("reg_table_revision"),
        include_retired=state.get("reg_show_retired"),
    )
    st.toggle(t("reg.show_retired", lang), key="reg_show_retired")
    if frame.empty:
        st.info(t("reg.empty", lang))
        return frame
    table = frame[list(TABLE_COLUMNS)].copy()
    types = provider_types()
    table["provider_type"] = [
        types[k].label(lang) if k in types else k for k in table["provider_type"]
    ]
    st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=[c for c in TABLE_COLUMNS if c not in EDITABLE],
        column_config={c: st.column_config.Column(t(f"reg.col.{c}", lang)) for c in TABLE_COLUMNS},
    )
    if edits and st.button(
        t("reg.save_edits", lang, n=len(edits)), key="reg_save_edits", type="primary"
    ):
        saved = 0
        for row, changes in edits.items():
            record = table.iloc[int(row)]
            clean = {k: (None if k == "valid_to" and not v else v) for k, v in changes.items()}
            try:
                reg.edit(
                    store,
                    record["provider_id"],
                    based_on_version=int(record["version"]),
                    changes=clean,
                )
                saved += 1
            except (InputError, StoreError) as exc:
                _report(exc, lang)
        state.put("reg_editor_nonce", int(state.get("reg_editor_nonce")) + 1)  # a fresh table
        state.put("reg_table_revision", None)
        if saved:
            st.success(t("reg.saved_edits", lang, n=saved))
    components.downloads(
        lang, stem="rekisteri", table=frame, layers=lambda: {"register": _points(frame)}
    )
    return frame


def _points(frame: pd.DataFrame):  # noqa: ANN202 - a GeoDataFrame (geopandas imported lazily)
    import geopandas as gpd  # noqa: PLC0415

    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs="EPSG:3067"
    )


def add_and_retire(store: Store, ds: Dataset, frame: pd.DataFrame, lang: str) -> None:
    """Add a provider by coordinates; retire one (its validity ends, its history stays)."""
    types = provider_types()
    left, right = st.columns(2)
    with left:
        pick_on_map(ds, frame, lang)
    with left, st.form("reg_add_form"):
        st.subheader(t("reg.add", lang), anchor=False)
        st.text_input(t("reg.col.name", lang), key="reg_add_name")
        st.selectbox(
            t("reg.col.provider_type", lang),
            options=list(types),
            format_func=lambda k: types[k].label(lang),
            key="reg_add_type",
        )
        st.number_input(
            t("reg.lat", lang), min_value=59.3, max_value=70.2, format="%.5f", key="reg_add_lat"
        )
        st.number_input(
            t("reg.lon", lang), min_value=19.0, max_value=31.6, format="%.5f", key="reg_add_lon"
        )
        st.text_input(t("reg.col.address", lang), key="reg_add_address")
        st.text_input(t("reg.col.opening_hours", lang), key="reg_add_hours")
        submitted = st.form_submit_button(t("reg.add_go", lang), type="primary")
    if submitted:
        _add(store, ds, lang)
    with right:
        st.subheader(t("reg.retire", lang), anchor=False)
        active = frame[frame["valid_to"].isna()] if len(frame) else frame
        if active.empty:
            st.caption(t("reg.empty", lang))
            return
        labels = dict(zip(active["provider_id"], active["name"], strict=True))
        if state.get("reg_retire_id") not in labels:
            state.put("reg_retire_id", next(iter(labels)))
        st.selectbox(
            t("reg.retire_which", lang),
            options=list(labels),
            format_func=lambda k: f"{labels[k]} ({k})",
            key="reg_retire_id",
        )
        st.date_input(t("reg.retire_on", lang), key="reg_retire_on", format="DD.MM.YYYY")
        if st.button(t("reg.retire_go", lang), key="reg_retire_go"):
            pid = state.get("reg_retire_id")
            version = int(active.loc[active["provider_id"] == pid, "version"].iloc[0])
            try:
                reg.retire(
                    store,
                    pid,
                    based_on_version=version,
                    on=(state.get("reg_retire_on") or dt.date.today()).isoformat(),
                )
                st.success(t("reg.retired", lang, name=components.markdown_text(labels[pid])))
            except (InputError, StoreError) as exc:
                _report(exc, lang)


def pick_on_map(ds: Dataset, frame: pd.DataFrame, lang: str) -> None:
    """Optionally show a map; a click on it fills the new provider's coordinates below."""
    if not st.toggle(t("reg.pick_on_map", lang), key="reg_add_pick"):
        return
    m = maps.base_map(cached.unit_map_frame(ds, ds.dataset_id, "maakunta", False))
    if len(frame):
        maps.point_layer(
            frame,
            [str(n) for n in frame["name"]],
            color="#1f5f8b",
            name=t("reg.tab_register", lang),
            size_px=4,
        ).add_to(m)
    result = components.show_map(
        m, key="reg_add_map", lang=lang, height=380, returned_objects=("last_clicked",)
    )
    click = (result or {}).get("last_clicked")
    if click and [click["lat"], click["lng"]] != state.get("reg_add_click"):
        state.put("reg_add_click", [click["lat"], click["lng"]])
        state.put("reg_add_lat", min(max(float(click["lat"]), 59.3), 70.2))
        state.put("reg_add_lon", min(max(float(click["lng"]), 19.0), 31.6))
    st.caption(t("reg.pick_help", lang))


def _add(store: Store, ds: Dataset, lang: str) -> None:
    from pyproj import Transformer  # noqa: PLC0415

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True).transform(
        float(state.get("reg_add_lon")), float(state.get("reg_add_lat"))
    )
    try:
        record = reg.new_record(
            ds,
            name=str(state.get("reg_add_name") or "").strip(),
            provider_type=state.get("reg_add_type"),
            x=x,
            y=y,
            address=state.get("reg_add_address") or "",
            opening_hours=state.get("reg_add_hours") or "",
            source="register",
        )
        _rev, ids, _ = reg.add_records(store, [record], action="add", note=record["name"])
    except (InputError, StoreError) as exc:
        _report(exc, lang)
        return
    st.success(t("reg.added", lang, id=f"{reg.ID_PREFIX}{ids[0]}", kunta=record["kunta_code"]))


def history_section(store: Store, lang: str) -> None:
    """Show every change (when, who, what, before -> after) and refused edits."""
    log = reg.history(store)
    st.dataframe(
        log.iloc[::-1],
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.Column(t(f"reg.hist.{c}", lang)) for c in log.columns},
    )
    rejected = reg.rejected(store)
    if len(rejected):
        with st.expander(t("reg.rejected", lang, n=len(rejected))):
            st.dataframe(rejected, hide_index=True, width="stretch")


def scenarios_section(store: Store, ds: Dataset, lang: str) -> None:
    """List, save, rename, delete and compare saved scenarios (with a difference map)."""
    from coverage.followup import (  # noqa: PLC0415
        choose_providers,
        save_scenario,
    )

    params = components.scenario_controls(lang)
    listed = saved_scenarios.list_scenarios(store)
    if len(listed):
        shown = listed[
            [
                "name",
                "provider_source",
                "register_revision",
                "on_date",
                "created_by",
                "updated_at",
                "coverage_share",
                "need_coverage_share",
                "providers",
            ]
        ]
        headings = {
            "name": "reg.scenario_name",
            "provider_source": "reg.source",
            "register_revision": "reg.hist.revision",
            "on_date": "reg.on_date",
            "created_by": "reg.hist.actor",
            "updated_at": "reg.hist.at",
            "providers": "reg.providers",
        }
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                **{c: st.column_config.Column(t(k, lang)) for c, k in headings.items()},
                "coverage_share": st.column_config.NumberColumn(
                    t("reg.coverage_share", lang), format="percent"
                ),
                "need_coverage_share": st.column_config.NumberColumn(
                    t("reg.need_share", lang), format="percent"
                ),
            },
        )
    else:
        st.info(t("reg.no_scenarios", lang))
    with st.form("reg_save_form"):
        st.subheader(t("reg.save_scenario", lang), anchor=False)
        st.caption(t("reg.save_scenario_help", lang))
        c1, c2 = st.columns(2)
        c1.text_input(t("reg.scenario_name", lang), key="reg_save_name")
        _source_choice(c2, t("reg.source", lang), "reg_save_source", lang)
        if st.form_submit_button(t("reg.save_go", lang), type="primary"):
            scenario = params.scenario()
            try:
                choice = choose_providers(ds, state.get("reg_save_source"), store=store)
                save_scenario(store, ds, state.get("reg_save_name"), scenario, choice)
                st.success(t("reg.saved_scenario", lang,
                             name=components.markdown_text(state.get("reg_save_name"))))
                st.rerun()
            except (InputError, StoreError) as exc:
                _report(exc, lang)
    if len(listed) >= 2:  # noqa: PLR2004 - a comparison needs two
        compare_section(store, ds, list(listed["name"]), lang)
    if len(listed):
        manage_section(store, list(listed["name"]), lang)


def _source_choice(
    where: Any, label: str, key: str, lang: str, **extra: str  # noqa: ANN401 - st or a column
) -> None:
    """Draw the choice of providers' source (dataset, register or both) under `key`."""
    where.segmented_control(
        label,
        options=list(SOURCES),
        format_func=lambda s: t(f"reg.source_{s}", lang),
        key=key,
        required=True,
        **extra,
    )


def _division_select(where: Any, key: str, lang: str) -> None:  # noqa: ANN401 - st or a column
    """Draw a choice of division for a per-area table: every division but the whole country."""
    from coverage.data.schema import DIVISIONS  # noqa: PLC0415

    where.selectbox(
        t("reg.by", lang),
        options=[d for d in DIVISIONS if d != "country"],
        format_func=lambda d: components.division_label(d, lang),
        key=key,
    )


def compare_section(store: Store, ds: Dataset, names: list[str], lang: str) -> None:
    """Two saved scenarios side by side: per-unit deltas, a difference map, a bulk export."""
    from coverage.cli_store import export_zip  # noqa: PLC0415
    from coverage.followup import diff_tables, run_saved, saved_cell_change  # noqa: PLC0415

    st.subheader(t("reg.compare", lang), anchor=False)
    c1, c2, c3 = st.columns(3)
    for key, col, default in (("reg_cmp_a", c1, names[-1]), ("reg_cmp_b", c2, names[0])):
        if state.get(key) not in names:
            state.put(key, default)
        col.selectbox(t(f"reg.{key[-5:]}", lang), options=names, key=key)
    _division_select(c3, "reg_cmp_by", lang)
    if not st.toggle(t("reg.compare_go", lang), key="reg_cmp_show"):
        return
    a, b = (saved_scenarios.get(store, state.get(k)) for k in ("reg_cmp_a", "reg_cmp_b"))
    by = state.get("reg_cmp_by")
    with st.spinner(t("reg.computing", lang)):
        diff = diff_tables(run_saved(ds, store, a, by), run_saved(ds, store, b, by))
        cells = saved_cell_change(ds, store, a, b)
    gained = int(cells.loc[cells["change"] > 0, "population"].sum())
    lost = int(cells.loc[cells["change"] < 0, "population"].sum())
    st.markdown(
        t(
            "reg.compare_summary",
            lang,
            a=components.markdown_text(a["name"]),
            b=components.markdown_text(b["name"]),
            gained=fmt_int(gained, lang),
            lost=fmt_int(lost, lang),
            delta=fmt_int(diff["covered_population_delta"].sum(), lang),
        )
    )
    difference_map(ds, diff, cells, by, lang)
    st.dataframe(diff, hide_index=True, width="stretch")
    st.download_button(
        t("reg.export_zip", lang),
        data=lambda: export_zip(ds, store, [a["name"], b["name"]], by)[0],
        file_name=f"vertailu_{by}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/download:",
    )


def difference_map(
    ds: Dataset, diff: pd.DataFrame, cells: pd.DataFrame, by: str, lang: str
) -> None:
    """Draw units by the change in covered people and the cells gaining or losing coverage."""
    units = cached.unit_map_frame(ds, ds.dataset_id, by, False)
    names = ds.units_of(by).set_index("unit_code")["name_fi" if lang == "fi" else "name_sv"]
    shapes = units.merge(
        diff[["unit_code", "covered_population_delta"]], on="unit_code", how="left"
    )
    shapes["name"] = shapes["unit_code"].map(names).fillna(shapes["unit_code"])
    m = maps.base_map(units)
    # Symmetric classes around "no change", so gains (blue) and losses (red) read at a glance.
    top = max(float(diff["covered_population_delta"].abs().max()), 1.0)
    maps.choropleth_layer(
        shapes,
        "covered_population_delta",
        t("reg.map_legend", lang),
        label_column="name",
        id_column="unit_code",
        value_format=lambda v: fmt_int(v, lang),
        palette="RdYlBu",
        bins=[-top / 2, -0.5, 0.5, top / 2, top],
        bins_lower=-top,
    ).add_to(m)
    for sign, color, key in ((1, "#1a9850", "reg.map_gain"), (-1, "#d73027", "reg.map_loss")):
        part = cells[cells["change"] == sign]
        if len(part):
            tips = [t("reg.map_cell", lang, people=fmt_int(p, lang)) for p in part["population"]]
            maps.point_layer(
                part,
                tips,
                color=color,
                name=t(key, lang, n=fmt_int(len(part), lang)),
                legend_title=t("reg.map_cells", lang),
                size_px=4,
            ).add_to(m)
    components.show_map(m, key="reg_map", lang=lang, height=560)


def manage_section(store: Store, names: list[str], lang: str) -> None:
    """Rename or delete a saved scenario (the run log keeps both)."""
    with st.expander(t("reg.manage", lang)):
        st.selectbox(t("reg.scenario_name", lang), options=names, key="reg_manage_name")
        st.text_input(t("reg.new_name", lang), key="reg_manage_new")
        c1, c2 = st.columns(2)
        try:
            if c1.button(t("reg.rename", lang), key="reg_rename") and state.get("reg_manage_new"):
                saved_scenarios.rename(
                    store, state.get("reg_manage_name"), state.get("reg_manage_new")
                )
                st.rerun()
            if c2.button(t("reg.delete", lang), key="reg_delete"):
                saved_scenarios.delete(store, state.get("reg_manage_name"))
                st.rerun()
        except (InputError, StoreError) as exc:
            _report(exc, lang)
        st.dataframe(saved_scenarios.run_log(store).iloc[::-1], hide_index=True, width="stretch")


def trend_section(store: Store, ds: Dataset, lang: str) -> None:
    """Coverage of each area over time, from the register's history (dataset + register)."""
    from coverage.followup import trend_table  # noqa: PLC0415
    from coverage.scenario import Scenario  # noqa: PLC0415

    st.caption(t("reg.trend_help", lang))
    _division_select(st, "reg_trend_by", lang)
    if not st.toggle(t("reg.trend_go", lang), key="reg_trend_show"):
        return
    with st.spinner(t("reg.computing", lang)):
        trend = trend_table(ds, store, Scenario(), state.get("reg_trend_by"), source="both")
    if trend.empty:
        st.info(t("reg.empty", lang))
        return
    name_col = "unit_name" if lang == "fi" else "unit_name_sv"
    chart = trend.pivot_table(index="date", columns=name_col, values="coverage_share")
    st.line_chart(chart, y_label=t("reg.trend_axis", lang))
    latest = trend[trend["date"] == trend["date"].max()]
    st.caption(
        t(
            "reg.trend_latest",
            lang,
            date=trend["date"].max(),
            share=fmt_pct(latest["covered_population"].sum() / latest["population"].sum(), lang),
        )
    )
    st.dataframe(trend, hide_index=True, width="stretch")


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds = components.require_dataset(lang)
    st.title(t("reg.title", lang), anchor=False)
    st.caption(t("reg.intro", lang))
    store = open_workspace(ds, lang)
    try:
        where = store.engine.url.render_as_string(hide_password=True)
        _source_choice(st, t("reg.use_in_analyses", lang), "reg_analysis_source", lang,
                       help=t("reg.use_in_analyses_help", lang))
        st.caption(
            t("reg.store_info", lang, store=where, revision=store.revision(), user=store.actor)
        )
        tabs = st.tabs(
            [t(f"reg.tab_{k}", lang) for k in ("register", "add", "history", "scenarios", "trend")]
        )
        with tabs[0]:
            import_section(store, ds, lang)
            frame = register_table(store, lang)
        with tabs[1]:
            add_and_retire(store, ds, frame, lang)
        with tabs[2]:
            history_section(store, lang)
        with tabs[3]:
            scenarios_section(store, ds, lang)
        with tabs[4]:
            trend_section(store, ds, lang)
    finally:
        store.dispose()


if __name__ == "__main__":
    render()
