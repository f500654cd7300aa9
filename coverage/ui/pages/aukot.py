"""Aukot (coverage and gaps): who has a support point within reach, and where nobody does.

The sidebar sets the scenario (threshold, circuity, provider filter, need profile, mainland);
the page shows the national key figures, a map of coverage per unit of the chosen division with
the uncovered cells (one image) and the gap areas with most unmet need, the providers, the
ranked gap areas and the table per unit, each downloadable as CSV, XLSX and GeoPackage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from coverage import figures, maps
from coverage.data.schema import DIVISIONS
from coverage.gaps import ranks_elsewhere
from coverage.ui import cached, components, state
from coverage.ui.components import Col
from coverage.ui.text import fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    from collections.abc import Callable

    import folium
    import numpy as np
    import pandas as pd

    from coverage.area import Area
    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared
    from coverage.ui.params import ScenarioParams

MAP_KEY = "gaps_map"
TOP_GAPS = 10
GAP_COLOR = "#5b6573"
TOP_GAP_COLOR = "#e7298a"
SUGGESTED_COLOR = "#1a9850"
# One fixed scale for shares (upper limits), so maps of different settings compare.
SHARE_BINS: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
# Gap areas listed on screen (all of them are in the downloads).
TABLE_ROWS = 200


@dataclass(frozen=True)
class Metric:
    """A map theme: the access-table column, its legend and how to write and class it."""

    column: str
    label_key: str
    legend_key: str
    kind: str  # "pct", "km" or "min"
    bins: tuple[float, ...] | None
    palette: str


METRICS: dict[str, Metric] = {
    "coverage_share": Metric("coverage_share", "metric.coverage_share", "legend.coverage_share",
                             "pct", SHARE_BINS, "RdYlBu"),
    "need_coverage_share": Metric("need_coverage_share", "metric.need_coverage_share",
                                  "legend.need_coverage_share", "pct", SHARE_BINS, "RdYlBu"),
    "coverage_share_65plus": Metric("coverage_share_65plus", "metric.coverage_share_65plus",
                                    "legend.coverage_share_65plus", "pct", SHARE_BINS, "RdYlBu"),
    "median_km": Metric("median_km", "metric.median_km", "legend.median_km", "km", None,
                        "YlOrRd"),
}

# Reach in minutes (drive, walk): the library's km theme and columns become minutes
# (`scenario.access_table`, `scenario.gaps_table`): column -> (minutes column, label by car;
# `components.mode_key` gives the walking label).
# (Comments, not docstrings: Streamlit would show a bare string in a page file.)
METRICS_MINUTES: dict[str, Metric] = {
    "median_km": Metric("median_min", "metric.median_min", "legend.median_min", "min", None,
                        "YlOrRd"),
}
MINUTES: dict[str, tuple[str, str]] = {
    "median_km": ("median_min", "col.median_min"), "p90_km": ("p90_min", "col.p90_min"),
    "mean_need_km": ("mean_need_min", "col.mean_need_min"),
    "min_km": ("min_min", "col.min_drive"), "mean_km": ("mean_min", "col.mean_drive"),
    "max_km": ("max_min", "col.max_drive"),
}


def metric(key: str, mode: str) -> Metric:
    """Return the map theme `key` in the scenario's measure (km or minutes)."""
    key = key if key in METRICS else "coverage_share"
    return components.in_mode(METRICS[key], METRICS_MINUTES.get(key), mode, "legend_key")


UNIT_COLUMNS = (
    Col("unit_code", "col.unit_code"), Col("name", "col.unit"),
    Col("population", "col.population", "int"), Col("need", "col.need", "int"),
    Col("coverage_share", "col.coverage_share", "pct"),
    Col("need_coverage_share", "col.need_coverage_share", "pct"),
    Col("coverage_share_65plus", "col.coverage_share_65plus", "pct"),
    Col("coverage2_share", "col.coverage2_share", "pct"),
    Col("median_km", "col.median_km", "km"), Col("p90_km", "col.p90_km", "km"),
    Col("mean_need_km", "col.mean_need_km", "km"),
    Col("e2sfca_h_per_1000_need", "col.e2sfca", "float1"),
)
GAP_COLUMNS = (
    Col("rank", "col.rank", "int"), Col("place_name", "col.place"),
    Col("municipality", "col.municipality"), Col("region", "col.region"),
    Col("cells", "col.cells", "int"), Col("population", "col.population", "int"),
    Col("pop_65plus", "col.pop_65plus", "int"), Col("need", "col.need", "int"),
    Col("min_km", "col.min_km", "km"), Col("mean_km", "col.mean_km", "km"),
    Col("max_km", "col.max_km", "km"),
    Col("suggested_name", "col.suggested_place"),
    Col("suggested_need", "col.suggested_need", "int"),
)
# Shown beside an area's own ranks: the same row's rank in the whole country.
NATIONAL_RANK = Col("national_rank", "col.national_rank", "int")


def _value_format(kind: str, lang: str) -> Callable[[float], str]:
    if kind == "pct":
        return lambda v: fmt_pct(v, lang, 0)
    return lambda v: f"{fmt_float(v, lang, 1)} {kind}"


def key_figures(national: pd.Series, gaps: pd.DataFrame, lang: str, *,
                mode: str = "straight") -> None:
    """Show the national figures: coverage of people and need, distances or times, gaps."""
    cols = st.columns(6)
    cols[0].metric(t("fig.coverage_share", lang), fmt_pct(national["coverage_share"], lang),
                   help=t("fig.coverage_share_help", lang))
    cols[1].metric(t("fig.need_coverage_share", lang),
                   fmt_pct(national["need_coverage_share"], lang),
                   help=t("fig.need_coverage_share_help", lang))
    cols[2].metric(t("fig.coverage_share_65plus", lang),
                   fmt_pct(national["coverage_share_65plus"], lang))
    unit = "km" if mode == "straight" else "min"
    for col, name in zip(cols[3:5], ("median_km", "p90_km"), strict=True):
        shown = name if mode == "straight" else MINUTES[name][0]
        col.metric(t(components.mode_key(f"fig.{shown}", mode), lang),
                   f"{fmt_float(national[shown], lang, 1)} {unit}",
                   help=t(components.mode_key(f"fig.{shown}_help", mode), lang))
    uncovered = float(national["need"] - national["covered_need"])
    cols[5].metric(t("fig.uncovered_need", lang), fmt_int(uncovered, lang),
                   help=t("fig.uncovered_need_help", lang))
    cols[5].caption(t("fig.gap_areas", lang, n=fmt_int(len(gaps), lang)))


def gap_table(ds: Dataset, gaps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return gap rows with their place, municipality and region named in `lang`.

    The library names a gap after a settlement, or after its municipality as "X (kunta)";
    the latter is written here in the user's language, with Swedish names in Swedish.
    """
    if lang == "sv":
        kunta_names = ds.municipalities.set_index("kunta_code")["name_sv"]
        region_of = ds.membership.set_index("kunta_code")["maakunta"]
        region_names = ds.units_of("maakunta").set_index("unit_code")["name_sv"]
        municipality = gaps["kunta_code"].map(kunta_names).fillna(gaps["municipality"])
        region = gaps["kunta_code"].map(region_of).map(region_names).fillna(gaps["region"])
    else:
        municipality, region = gaps["municipality"], gaps["region"]
    whole = t("gaps.whole_municipality", lang)
    place = [name if basis == "settlement" else f"{kunta} ({whole})"
             for name, basis, kunta in zip(gaps["place_name"], gaps["place_basis"],
                                           municipality, strict=True)]
    return gaps.assign(place_name=place, municipality=municipality, region=region)


# The side panel's short list: place and municipality in one cell that wraps, so the unmet need
# (the figure the list is about) fits beside the ranks in a third of a laptop screen.
PLACE_AND_MUNICIPALITY = Col("place_and_municipality", "col.place")


def _with_place_and_municipality(named: pd.DataFrame) -> pd.DataFrame:
    """Return `gap_table` rows with "place, municipality" (the place alone when it is one)."""
    both = [place if municipality in place else f"{place}, {municipality}"
            for place, municipality in zip(named["place_name"], named["municipality"],
                                           strict=True)]
    return named.assign(place_and_municipality=both)


def unit_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the access table with the unit name in `lang` as column `name`."""
    return table.assign(name=table[components.unit_name_column(lang)])


def build_map(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,  # noqa: PLR0913
              prepared: Prepared, table: pd.DataFrame, gaps: pd.DataFrame, labels: np.ndarray,
              lang: str, area: Area) -> folium.Map:
    """Return the map: units coloured by the metric, gap cells, top gap areas, providers.

    Fitted to the user's area, the land around it grey; the top gap areas as outlines with
    their number and the suggested point of each.
    """
    division = state.get("gaps_division")
    spec = metric(state.get("gaps_metric"), params.mode)
    shapes = cached.unit_map_frame(ds, ds.dataset_id, division, params.mainland_only)
    frame = shapes.merge(unit_table(table, lang), on="unit_code", how="inner")
    extra = [t("map.unit_tooltip", lang, population=fmt_int(p, lang), need=fmt_int(n, lang))
             for p, n in zip(frame["population"], frame["need"], strict=True)]
    m = components.add_map_context(
        maps.base_map(bounds=cached.area_bounds(ds, ds.dataset_id, area.spec)), ds, lang)
    if not area.is_country:
        kunnat = cached.unit_map_frame(ds, ds.dataset_id, "kunta", params.mainland_only)
        maps.faded_layer(kunnat[~kunnat["unit_code"].isin(area.kunta_codes(ds))]).add_to(m)
    maps.choropleth_layer(
        frame, spec.column, t(spec.legend_key, lang), label_column="name", id_column="unit_code",
        value_format=_value_format(spec.kind, lang), bins=spec.bins, scheme="quantiles",
        bins_lower=0.0 if spec.kind == "pct" else None,
        palette=spec.palette, no_data_label=t("map.no_data", lang), opacity=0.7,
        extra_tooltip=extra,
    ).add_to(m)
    warp = cached.grid_warp(ds, ds.dataset_id, params.mainland_only, prepared.cells)
    legend_title = (t(components.mode_key("legend.gaps_min", params.mode), lang,
                      minutes=fmt_float(params.threshold, lang, 0))
                    if params.unit == "min" else
                    t("legend.gaps", lang, km=fmt_float(params.threshold_km, lang, 0)))
    maps.cell_overlay(
        warp, figures.gap_cell_classes(labels, gaps, top=TOP_GAPS), [GAP_COLOR, TOP_GAP_COLOR],
        legend_title=legend_title,
        legend_labels=[t("legend.gap_cells", lang), t("legend.top_gaps", lang, n=TOP_GAPS)],
        name="gaps",
    ).add_to(m)
    top = gap_table(ds, gaps.head(TOP_GAPS), lang)
    outlines = cached.gap_outlines(ds, ds.dataset_id, params, pset.key, area.spec, TOP_GAPS,
                                   prepared)
    maps.outline_layer(outlines, [f"{int(r)}. {p}" for r, p in zip(
        outlines["rank"], gap_table(ds, outlines, lang)["place_name"], strict=True)],
        color=TOP_GAP_COLOR, name="top_gap_outlines").add_to(m)
    if params.unit == "min":
        tips = [t(components.mode_key("map.gap_tooltip_min", params.mode), lang,
                  rank=int(r.rank), place=r.place_name,
                  municipality=r.municipality or "", need=fmt_int(r.need, lang),
                  population=fmt_int(r.population, lang),
                  minutes=fmt_float(r.mean_min, lang, 1))
                for r in top.itertuples(index=False)]
    else:
        tips = [t("map.gap_tooltip", lang, rank=int(r.rank), place=r.place_name,
                  municipality=r.municipality or "", need=fmt_int(r.need, lang),
                  population=fmt_int(r.population, lang), km=fmt_float(r.mean_km, lang, 1))
                for r in top.itertuples(index=False)]
    maps.point_layer(top, tips, labels=[str(int(r)) for r in top["rank"]], color=TOP_GAP_COLOR,
                     name=t("legend.top_gaps", lang, n=TOP_GAPS)).add_to(m)
    suggested = top.assign(x=top["suggested_x"], y=top["suggested_y"])
    maps.point_layer(
        suggested, [t("map.suggested_tooltip", lang, rank=int(r.rank), place=r.suggested_name,
                      need=fmt_int(r.suggested_need, lang))
                    for r in suggested.itertuples(index=False)],
        color=SUGGESTED_COLOR, name=t("legend.suggested", lang), size_px=5,
        legend_title=t("legend.suggested", lang), legend_position="bottomright").add_to(m)
    if state.get("gaps_show_providers"):
        data = cached.scenario_marker_data(ds, ds.dataset_id, params.provider_selection(),
                                           pset.key, lang, prepared)
        maps.provider_markers(prepared.providers, lang, data=data).add_to(m)
    return m


def selection_panel(table: pd.DataFrame, lang: str, *, mode: str = "straight") -> None:
    """Show the figures of the unit clicked on the map."""
    st.subheader(t("gaps.panel_title", lang), anchor=False)
    code = state.get("gaps_selected_unit")
    match = table[table["unit_code"] == code] if code is not None else table.iloc[0:0]
    if match.empty:
        st.info(t("gaps.click_hint", lang))
        return
    row = unit_table(match, lang).iloc[0]
    st.markdown(f"**{components.markdown_text(row['name'])}** ({row['unit_code']})")
    items = [
        ("col.population", fmt_int(row["population"], lang)),
        ("col.need", fmt_int(row["need"], lang)),
        ("col.coverage_share", fmt_pct(row["coverage_share"], lang)),
        ("col.need_coverage_share", fmt_pct(row["need_coverage_share"], lang)),
        *((f"col.{c}", f"{fmt_float(row[c], lang, 1)} km") if mode == "straight" else
          (components.mode_key(MINUTES[c][1], mode),
           f"{fmt_float(row[MINUTES[c][0]], lang, 1)} min")
          for c in ("median_km", "p90_km")),
        ("col.uncovered_need", fmt_int(row["need"] - row["covered_need"], lang)),
        ("col.e2sfca", fmt_float(row["e2sfca_h_per_1000_need"], lang, 1)),
    ]
    cols = st.columns(2)
    for i, (key, value) in enumerate(items):
        cols[i % 2].metric(t(key, lang), value)


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds, params, pset, prepared = components.analysis_page("gaps.title", lang)
    area = components.current_area(ds)
    with st.spinner(t("spinner.gaps", lang)):
        national = cached.access_table(ds, ds.dataset_id, params, pset.key, "country",
                                       area.spec, prepared).iloc[0]
        gaps, labels = cached.gaps(ds, ds.dataset_id, params, pset.key, area.spec, prepared)
    if not area.is_country:
        st.subheader(components.area_caption(ds, area, lang), anchor=False)
    key_figures(national, gaps, lang, mode=params.mode)

    controls = st.columns([2, 5])
    controls[0].selectbox(t("gaps.division", lang), options=list(DIVISIONS),
                          format_func=lambda d: components.division_label(d, lang),
                          key="gaps_division")
    controls[1].segmented_control(t("map.theme", lang), options=list(METRICS),
                                  format_func=lambda k: t(metric(k, params.mode).label_key,
                                                          lang),
                                  key="gaps_metric", required=True)
    controls[1].toggle(t("map.show_providers", lang), key="gaps_show_providers")
    division = state.get("gaps_division")
    table = cached.access_table(ds, ds.dataset_id, params, pset.key, division, area.spec,
                                prepared)
    left, right = st.columns([3, 2], gap="large")
    with left:
        m = build_map(ds, params, pset, prepared, table, gaps, labels, lang, area)
        result = components.show_map(m, key=MAP_KEY, lang=lang, height=components.MAP_HEIGHT)
        clicked = components.clicked_property(result, "unit_code")
        if clicked:
            st.session_state["gaps_selected_unit"] = clicked
        st.caption(t("gaps.map_caption" if params.mode == "straight"
                     else components.mode_key("gaps.map_caption_drive", params.mode), lang))
    # the national ranks after the map: the map does not show them and is drawn sooner
    gap_cols = components.unit_columns(GAP_COLUMNS, params.mode, MINUTES)
    if not area.is_country:  # ranks within the area, the national rank beside
        whole, whole_labels = cached.gaps(ds, ds.dataset_id, params, pset.key, "", prepared)
        gaps = gaps.assign(national_rank=ranks_elsewhere(labels, gaps, whole_labels, whole))
        gap_cols = (*gap_cols[:1], NATIONAL_RANK, *gap_cols[1:])
        country = cached.access_table(ds, ds.dataset_id, params, pset.key, division, "",
                                      prepared)
        table = with_ranks(table, country, metric(state.get("gaps_metric"), params.mode))
    with right:
        selection_panel(table, lang, mode=params.mode)
        st.subheader(t("gaps.top_title", lang, n=TOP_GAPS), anchor=False)
        components.show_compact_table(
            _with_place_and_municipality(gap_table(ds, gaps.head(TOP_GAPS), lang)),
            (GAP_COLUMNS[0], *((NATIONAL_RANK,) if not area.is_country else ()),
             PLACE_AND_MUNICIPALITY, GAP_COLUMNS[7]), lang)

    units_tab, gaps_tab = st.tabs([t("gaps.units_tab", lang,
                                     division=components.division_label(division, lang)),
                                   t("gaps.gaps_tab", lang, n=fmt_int(len(gaps), lang))])
    with units_tab:
        shown = unit_table(table, lang)
        unit_cols = components.unit_columns(UNIT_COLUMNS, params.mode, MINUTES)
        if not area.is_country:
            unit_cols = (*unit_cols[:2], Col("area_rank", "col.area_rank", "int"),
                         Col("national_rank", "col.national_rank", "int"), *unit_cols[2:])
        components.show_table(shown, unit_cols, lang)
        st.caption(t("gaps.e2sfca_note", lang))
        components.downloads(
            lang, stem=(f"digituki_coverage_{division}{_area_suffix(area)}"
                        f"{components.mode_suffix(params)}"), table=table,
            layers=lambda: {f"coverage_{division}": _units_layer(ds, params, division, table)})
    with gaps_tab:
        components.show_table(gap_table(ds, gaps.head(TABLE_ROWS), lang), gap_cols, lang,
                              height=420)
        if len(gaps) > TABLE_ROWS:
            st.caption(t("gaps.table_note", lang, shown=TABLE_ROWS, n=fmt_int(len(gaps), lang)))
        components.downloads(
            lang, stem=f"digituki_gaps{_area_suffix(area)}{components.mode_suffix(params)}",
            table=gaps, keep_totals=True,
            layers=lambda: {"gap_areas": cached.gap_polygons(ds, ds.dataset_id, params,
                                                             pset.key, area.spec, prepared)})


def _area_suffix(area: Area) -> str:
    """Return what download names add for an area ("_maakunta-19"), so files do not mix."""
    return "" if area.is_country else "_" + area.spec.replace(":", "-").replace(",", "_")[:60]


def with_ranks(table: pd.DataFrame, country: pd.DataFrame, spec: Metric) -> pd.DataFrame:
    """Return `table` with ranks by the map's metric, 1 = weakest (least covered, farthest).

    `area_rank` within the area, `national_rank` in the whole country.
    """
    ascending = spec.kind == "pct"  # shares: the lowest first; distances/times: the highest

    def rank(frame: pd.DataFrame) -> pd.Series:
        return frame[spec.column].rank(method="min", ascending=ascending)

    national = dict(zip(country["unit_code"], rank(country), strict=True))
    return table.assign(area_rank=rank(table).to_numpy(),
                        national_rank=table["unit_code"].map(national).to_numpy())


def _units_layer(ds: Dataset, params: ScenarioParams, division: str,
                 table: pd.DataFrame) -> pd.DataFrame:
    shapes = cached.unit_polygons(ds, ds.dataset_id, division, params.mainland_only)
    return shapes.merge(table, on="unit_code", how="inner")


if __name__ == "__main__":
    render()
