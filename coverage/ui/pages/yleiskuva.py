"""Yleiskuva (overview): key figures and a map of municipalities and providers.

The whole country by default. With the user's area ("Oma alue"): the area's key figures and
its reach at the session's analysis settings, the map fitted to the area with the rest of the
country grey, and the area's municipalities ranked in the area and in the whole country.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from coverage import maps
from coverage.data.taxonomy import provider_types
from coverage.ui import cached, components, state
from coverage.ui.components import Col
from coverage.ui.text import fmt_date, fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    from collections.abc import Callable

    import folium
    import pandas as pd

    from coverage.area import Area
    from coverage.data.dataset import Dataset


@dataclass(frozen=True)
class Metric:
    """A map theme: the column to colour by, its legend and how to classify it."""

    column: str
    label_key: str
    legend_key: str
    unit_key: str
    scheme: str
    palette: str
    decimals: int


METRICS: dict[str, Metric] = {
    "share_65plus": Metric("share_65plus_pct", "metric.share_65plus", "legend.share_65plus",
                           "unit.pct", "natural_breaks", "OrRd", 1),
    "population": Metric("population", "metric.population", "legend.population",
                         "unit.residents", "quantiles", "PuBu", 0),
    "density": Metric("density_per_km2", "metric.density", "legend.density",
                      "unit.per_km2", "quantiles", "YlGnBu", 1),
}
MAP_KEY = "overview_map"


def _number_format(lang: str, decimals: int) -> Callable[[float], str]:
    if decimals == 0:
        return lambda v: fmt_int(v, lang)
    return lambda v: fmt_float(v, lang, decimals)


def build_map(ds: Dataset, pset: components.ProviderSet, metric: str, *, show_providers: bool,
              lang: str, area: Area | None = None) -> folium.Map:
    """Return the overview map: municipalities coloured by `metric`, optional providers.

    With an area: fitted to it, the other municipalities grey and not clickable, the area's
    coloured on the national classes (a colour means what it means on the country's map),
    and the providers located in the area.
    """
    spec = METRICS[metric]
    user = None if pset.key is None else pset.frame
    shapes = cached.municipality_map_frame(ds, ds.dataset_id, pset.key, user)
    fmt = _number_format(lang, spec.decimals)
    if area is None or area.is_country:
        m = components.add_map_context(maps.base_map(), ds, lang)
        maps.choropleth_layer(
            shapes, spec.column, t(spec.legend_key, lang),
            label_column="name_sv" if lang == "sv" else "name_fi",
            value_format=fmt, scheme=spec.scheme,
            palette=spec.palette, no_data_label=t("map.no_data", lang),
            unit=t(spec.unit_key, lang),
        ).add_to(m)
        if show_providers:
            data = cached.provider_marker_data(ds, ds.dataset_id, pset.key, lang, user)
            maps.provider_markers(pset.frame, lang, data=data).add_to(m)
        return m
    codes = area.kunta_codes(ds)
    inside = shapes["kunta_code"].isin(codes)
    _, bins = maps.classify(shapes[spec.column], scheme=spec.scheme)
    m = components.add_map_context(
        maps.base_map(bounds=cached.area_bounds(ds, ds.dataset_id, area.spec)), ds, lang)
    maps.faded_layer(shapes[~inside]).add_to(m)
    maps.choropleth_layer(
        shapes[inside], spec.column, t(spec.legend_key, lang),
        label_column="name_sv" if lang == "sv" else "name_fi", value_format=fmt, bins=bins,
        bins_lower=float(shapes[spec.column].min()), palette=spec.palette,
        no_data_label=t("map.no_data", lang), unit=t(spec.unit_key, lang),
    ).add_to(m)
    if show_providers:
        local = pset.frame[pset.frame["kunta_code"].astype(str).isin(codes)]
        maps.provider_markers(local, lang).add_to(m)
    return m


def _figures(ds: Dataset, pset: components.ProviderSet, area: Area | None) -> dict:
    user = None if pset.key is None else pset.frame
    if area is None or area.is_country:
        return cached.key_figures(ds, ds.dataset_id, pset.key, user)
    return cached.area_key_figures(ds, ds.dataset_id, pset.key, area.spec, user)


def key_figures(ds: Dataset, pset: components.ProviderSet, lang: str,
                area: Area | None = None) -> None:
    """Show the key figures (the country's, or the area's) as a row of metrics."""
    figs = _figures(ds, pset, area)
    date = components.source_date(ds, "municipalities")
    cols = st.columns(5)
    cols[0].metric(t("fig.population", lang), fmt_int(figs["population"], lang),
                   help=t("fig.population_help", lang, date=fmt_date(date, lang)))
    cols[1].metric(t("fig.pop_65plus", lang), fmt_int(figs["pop_65plus"], lang))
    cols[1].caption(t("fig.share_of_population", lang, pct=fmt_pct(figs["share_65plus"], lang)))
    cols[2].metric(t("fig.pop_75plus", lang), fmt_int(figs["pop_75plus_est"], lang),
                   help=t("fig.pop_75plus_help", lang))
    cols[2].caption(t("fig.share_of_population", lang, pct=fmt_pct(figs["share_75plus"], lang)))
    cols[3].metric(t("fig.municipalities", lang), fmt_int(figs["municipalities"], lang))
    cols[4].metric(t("fig.providers", lang), fmt_int(figs["providers"], lang),
                   help=t("fig.providers_help", lang))
    if pset.key is not None:
        cols[4].caption(components.provider_note(pset, lang))


def area_reach(ds: Dataset, pset: components.ProviderSet, area: Area, lang: str) -> None:
    """Show the area's need and reach at the session's analysis settings (as Aukot counts).

    The settings are those of the analysis pages' sidebar (the defaults until changed there);
    the figures are the national run's figures of the area's cells.
    """
    params = components.road_mode(ds, components.params_from_state(), lang)
    scenario = components.prepared(ds, params, pset)
    row = cached.access_table(ds, ds.dataset_id, params, pset.key, "country", area.spec,
                              scenario).iloc[0]
    cols = st.columns(5)
    cols[0].metric(t("fig.need", lang), fmt_int(row["need"], lang), help=t("fig.need_help", lang))
    cols[1].metric(t("fig.need_coverage_share", lang), fmt_pct(row["need_coverage_share"], lang),
                   help=t("fig.need_coverage_share_help", lang))
    cols[2].metric(t("fig.coverage_share", lang), fmt_pct(row["coverage_share"], lang),
                   help=t("fig.coverage_share_help", lang))
    cols[3].metric(t("fig.uncovered_need", lang),
                   fmt_int(float(row["need"] - row["covered_need"]), lang),
                   help=t("fig.uncovered_need_help", lang))
    cols[4].metric(t("fig.coverage_share_65plus", lang),
                   fmt_pct(row["coverage_share_65plus"], lang))
    st.caption(t("overview.reach_note", lang,
                 settings=components.scenario_caption(params, pset, scenario, lang)))


def area_table(ds: Dataset, pset: components.ProviderSet, metric: str, area: Area,
               lang: str) -> pd.DataFrame:
    """Return the area's municipalities by the map's theme, with their rank in the country."""
    from coverage.figures import ranks_within  # noqa: PLC0415

    spec = METRICS[metric]
    table = cached.municipality_figures(ds, ds.dataset_id, pset.key,
                                        None if pset.key is None else pset.frame)
    ranks = ranks_within(table[spec.column], table["kunta_code"].isin(area.kunta_codes(ds)))
    out = table.loc[ranks.index].assign(**ranks)
    out = out.assign(name=out["name_sv" if lang == "sv" else "name_fi"])
    return out.sort_values(["area_rank", "name"], kind="stable")


def area_ranking(ds: Dataset, pset: components.ProviderSet, metric: str, area: Area,
                 lang: str) -> None:
    """Show the area's municipalities ranked by the map's theme, the national rank beside."""
    spec = METRICS[metric]
    st.subheader(t("overview.area_table", lang, metric=t(spec.label_key, lang)), anchor=False)
    kind = "int" if spec.decimals == 0 else "float1"
    components.show_compact_table(
        area_table(ds, pset, metric, area, lang),
        (Col("area_rank", "overview.rank_area", "int"), Col("name", "col.municipality"),
         Col(spec.column, spec.unit_key, kind),
         Col("national_rank", "overview.rank_country", "int")), lang)
    st.caption(t("overview.area_table_note", lang,
                 n=fmt_int(len(cached.municipality_figures(
                     ds, ds.dataset_id, pset.key, None if pset.key is None else pset.frame)),
                     lang)))


def providers_by_type(ds: Dataset, pset: components.ProviderSet, lang: str,
                      area: Area | None = None) -> None:
    """Show the provider counts per type (in the area, if any) with their AUTA part."""
    figs = _figures(ds, pset, area)
    types = provider_types()
    rows = [{t("col.provider_type", lang): types[k].label(lang) if k in types else k,
             t("col.auta_part", lang): types[k].auta_part if k in types else "",
             t("col.count", lang): fmt_int(n, lang)}
            for k, n in figs["providers_by_type"].items()]
    st.subheader(t("overview.providers_by_type", lang), anchor=False)
    # Markdown, not st.table: the first page then needs none of Streamlit's Arrow JavaScript
    # (~1 MB the browser would fetch and parse first; 0.4-0.5 s here)
    st.markdown(components.markdown_table(rows, right={t("col.count", lang)}))


def selection_panel(ds: Dataset, pset: components.ProviderSet, lang: str) -> None:
    """Show the figures of the municipality clicked on the map."""
    code = state.get("selected_kunta")
    st.subheader(t("panel.title", lang), anchor=False)
    figures = cached.municipality_figures(ds, ds.dataset_id, pset.key,
                                          None if pset.key is None else pset.frame)
    match = figures[figures["kunta_code"] == code] if code else figures.iloc[0:0]
    if match.empty:
        st.info(t("map.click_hint", lang))
        return
    row = match.iloc[0]
    name = row["name_sv"] if lang == "sv" else row["name_fi"]
    st.markdown(f"**{components.markdown_text(name)}** ({row['kunta_code']})")
    items = [
        ("panel.population", fmt_int(row["population"], lang)),
        ("panel.pop_0_14", fmt_int(row["pop_0_14"], lang)),
        ("panel.pop_15_64", fmt_int(row["pop_15_64"], lang)),
        ("panel.pop_65plus", fmt_int(row["pop_65plus"], lang)),
        ("panel.share_65plus", fmt_pct(row["share_65plus_pct"] / 100, lang)),
        ("panel.pop_75plus", fmt_int(row["pop_75plus_est"], lang)),
        ("panel.area", f"{fmt_float(row['area_km2'], lang, 0)} {t('unit.km2', lang)}",
         t("panel.area_help", lang)),
        ("panel.density",
         f"{fmt_float(row['density_per_km2'], lang, 1)} {t('unit.per_km2', lang)}"),
        ("panel.providers", fmt_int(row["providers"], lang)),
    ]
    cols = st.columns(2)
    for i, (key, value, *help_text) in enumerate(items):
        cols[i % 2].metric(t(key, lang), value, help=help_text[0] if help_text else None)


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds = components.require_dataset(lang)
    st.title(t("overview.title", lang), anchor=False)
    area = components.current_area(ds)
    date = fmt_date(components.source_date(ds, "municipalities"), lang)
    if area.is_country:
        st.caption(t("overview.intro", lang, date=date))
    else:
        st.subheader(components.area_caption(ds, area, lang), anchor=False)
        st.caption(t("overview.intro_area", lang, date=date))
    pset = components.active_providers(ds)
    key_figures(ds, pset, lang, area)
    if not area.is_country:
        area_reach(ds, pset, area, lang)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.segmented_control(t("map.theme", lang), options=list(METRICS),
                             format_func=lambda k: t(METRICS[k].label_key, lang),
                             key="overview_metric", required=True)
        st.toggle(t("map.show_providers", lang), key="overview_show_providers")
        metric = state.get("overview_metric") or "share_65plus"
        m = build_map(ds, pset, metric,
                      show_providers=bool(state.get("overview_show_providers")), lang=lang,
                      area=area)
        result = components.show_map(m, key=MAP_KEY, lang=lang, height=720)
        clicked = components.clicked_property(result, "kunta_code")
        if clicked:
            st.session_state["selected_kunta"] = clicked
        st.caption(t("map.caption", lang, date=date))
        if not area.is_country:  # under the map it ranks: a long name fits beside the ranks
            area_ranking(ds, pset, metric, area, lang)
    with right:
        selection_panel(ds, pset, lang)
        providers_by_type(ds, pset, lang, area)


if __name__ == "__main__":
    render()
