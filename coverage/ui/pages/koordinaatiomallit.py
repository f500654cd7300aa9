"""Koordinaatiomallit (coordinator options): which regional level should coordinate digituki.

Side by side for every option (kunnat, maakunnat, AVI, maistraatit, hyvinvointialueet,
elinvoimakeskukset, seutukunnat): small maps on one shared colour scale, the comparison table,
a chart of the weighted score and how often each option ranks first when the weights vary,
the weights themselves (defaults from `coverage.compare.Weights`), one option's units in
detail, and the report (`coverage.report`) as a zip.

With the user's area ("Oma alue") the comparison stays national (it is a national question);
the units of each option that hold the area are outlined on the small maps and named in a
table.

The comparison is computed once per scenario (`ui.cached.comparison`); moving a weight only
re-scores it (`figures.rescore`) inside a fragment, so the maps are not redrawn.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from coverage import maps
from coverage.area import units_containing
from coverage.compare import CRITERIA, DEFAULT_WEIGHTS, OPTIONS, Weights
from coverage.defaults import TIPPING_WEIGHT_MAX
from coverage.errors import InputError
from coverage.ranking import explain_comparison
from coverage.ui import cached, components, state
from coverage.ui.components import Col
from coverage.ui.text import MISSING, NBSP, fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    from collections.abc import Callable

    import folium

    from coverage.area import Area
    from coverage.compare import Comparison
    from coverage.data.dataset import Dataset
    from coverage.ranking import Ranking
    from coverage.scenario import Prepared
    from coverage.ui.params import ScenarioParams

SHARE_BINS: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
WEIGHT_OPTIONS: tuple[float, ...] = tuple(x / 2 for x in range(21))  # 0 .. 10 by 0.5
SPREAD_OPTIONS: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 0.75)
SMALL_MAP_HEIGHT = components.SMALL_MAP_HEIGHT
WEIGHTS_PER_ROW = 3
MAPS_PER_ROW = 4


@dataclass(frozen=True)
class Metric:
    """A theme of the small maps: a unit-table column, how to write it, its scale."""

    column: str
    label_key: str
    kind: str  # pct, km, min, float1
    bins: tuple[float, ...] | None  # None: natural breaks of every option's units pooled
    palette: str


METRICS: dict[str, Metric] = {
    "coverage_share": Metric("coverage_share", "metric.coverage_share", "pct", SHARE_BINS,
                             "RdYlBu"),
    "need_coverage_share": Metric("need_coverage_share", "metric.need_coverage_share", "pct",
                                  SHARE_BINS, "RdYlBu"),
    "need_mean_seat_distance_km": Metric("need_mean_seat_distance_km", "metric.seat_distance",
                                         "km", None, "YlOrRd"),
    "cross_border_need_share": Metric("cross_border_need_share", "metric.cross_border", "pct",
                                      None, "YlOrRd"),
    "e2sfca_h_per_1000_need": Metric("e2sfca_h_per_1000_need", "metric.e2sfca", "float1", None,
                                     "PuBu"),
}

# Reach in minutes (drive, walk): the km theme and columns become minutes (`SEAT_COLUMNS`).
# (Comments, not docstrings: Streamlit would show a bare string in a page file.)
METRICS_MINUTES: dict[str, Metric] = {
    "need_mean_seat_distance_km": Metric("need_mean_seat_time_min", "metric.seat_time", "min",
                                         None, "YlOrRd"),
}
MINUTES: dict[str, tuple[str, str]] = {
    "need_mean_seat_distance_km": ("need_mean_seat_time_min", "col.need_seat_min"),
    "median_seat_distance_km": ("median_seat_time_min", "col.median_seat_min"),
}


def metric(key: str, mode: str) -> Metric:
    """Return the small maps' theme `key` in the scenario's measure (km or minutes)."""
    key = key if key in METRICS else "coverage_share"
    return components.in_mode(METRICS[key], METRICS_MINUTES.get(key), mode)


OPTION_COLUMNS = (
    Col("name", "col.option"), Col("units", "col.units", "int"),
    Col("population_per_unit_min", "col.pop_per_unit_min", "int"),
    Col("population_per_unit_max", "col.pop_per_unit_max", "int"),
    Col("need_mean_seat_distance_km", "col.need_seat_km", "km"),
    Col("coverage_share", "col.coverage_share", "pct"),
    Col("need_coverage_share", "col.need_coverage_share", "pct"),
    Col("theil_between", "col.theil_between", "float3"),
    Col("theil_within", "col.theil_within", "float3"),
    Col("cross_border_need_share", "col.cross_border", "pct"),
    Col("score", "col.score", "float3"), Col("rank", "col.rank", "int"),
    Col("rank_first_share", "col.rank_first_share", "pct"),
    Col("mean_rank", "col.mean_rank", "float1"),
)
# The side-by-side table on screen: rank and score, then the value of each criterion (what the
# score weighs), short enough to read without scrolling sideways on a laptop. Every column is in
# the downloads; the coverage shares are the same for every option (said under the table).
GLANCE_COLUMNS = (
    Col("ranked_name", "col.option"),
    Col("score", "col.score", "float3"), Col("rank_first_share", "col.rank_first_share", "pct"),
    Col("units", "col.units", "int"),
    Col("mainland_population_per_unit_min", "col.mainland_pop_min", "int"),
    Col("need_mean_seat_distance_km", "col.need_seat_km", "km"),
    Col("theil_between", "col.theil_between", "float3"),
    Col("cross_border_need_share", "col.cross_border", "pct"),
)
UNIT_COLUMNS = (
    Col("unit_code", "col.unit_code"), Col("name", "col.unit"), Col("seat_name", "col.seat"),
    Col("municipalities", "col.municipalities", "int"),
    Col("population", "col.population", "int"), Col("need", "col.need", "int"),
    Col("area_km2", "col.area_km2", "int"), Col("providers", "col.providers", "int"),
    Col("need_mean_seat_distance_km", "col.need_seat_km", "km"),
    Col("median_seat_distance_km", "col.median_seat_km", "km"),
    Col("coverage_share", "col.coverage_share", "pct"),
    Col("need_coverage_share", "col.need_coverage_share", "pct"),
    Col("e2sfca_h_per_1000_need", "col.e2sfca", "float1"),
    Col("theil", "col.theil_unit", "float3"),
    Col("cross_border_need_share", "col.cross_border", "pct"),
)


def _mapping_key(unit_of_kunta: dict[str, str]) -> str:
    """Return a cache key naming an option's municipality -> unit key."""
    return json.dumps(sorted(unit_of_kunta.items()))


def option_label(option: str, lang: str) -> str:
    """Return the display name of a coordinator option."""
    return components.division_label(option, lang)


def _value_format(kind: str, lang: str) -> Callable[[float], str]:
    if kind == "pct":
        return lambda v: fmt_pct(v, lang, 0)
    if kind in ("km", "min"):
        return lambda v: f"{fmt_float(v, lang, 0)} {kind}"
    return lambda v: fmt_float(v, lang, 1)


# How the small maps' shared classes are chosen from every option's units pooled: Fisher-Jenks
# natural breaks. Quantiles of the pool follow the 308 municipalities, so every larger unit fell
# into the top class (the seat distance of 6 of the 7 options was one colour).
# (Comments, not docstrings: Streamlit would show a bare string in a page file.)
POOLED_SCHEME = "natural_breaks"


def shared_bins(comparison: Comparison, spec: Metric) -> list[float]:
    """Return the class limits every small map uses (fixed, or pooled natural breaks)."""
    if spec.bins is not None:
        return list(spec.bins)
    pooled = pd.concat([comparison.units[o][spec.column] for o in comparison.units],
                       ignore_index=True)
    return maps.classify(pooled, scheme=POOLED_SCHEME, k=5)[1]


def small_map(ds: Dataset, params: ScenarioParams, comparison: Comparison, option: str,
              spec: Metric, bins: list[float], lang: str, area: Area | None = None) -> folium.Map:
    """Return one option's map: units coloured on the shared scale, seats as dots.

    With an area, the units holding it outlined (the view stays the whole country).
    """
    division = comparison.divisions[option]
    unit_of = dict(division.unit_of_kunta)
    shapes = cached.unit_map_frame(ds, ds.dataset_id, option, params.mainland_only, unit_of,
                                   _mapping_key(unit_of))
    units = comparison.units[option]
    units = units.assign(name=units[components.unit_name_column(lang)])
    frame = shapes.merge(units, on="unit_code", how="inner")
    m = components.add_map_context(maps.base_map(min_zoom=3, legend_room_px=0), ds, lang,
                                   shown=("towns",))  # roads and borders would hide the colours
    maps.choropleth_layer(frame, spec.column, t(spec.label_key, lang), label_column="name",
                          id_column="unit_code", value_format=_value_format(spec.kind, lang),
                          bins=bins, palette=spec.palette, legend_position=None,
                          bins_lower=0.0 if spec.kind == "pct" else None,
                          no_data_label=t("map.no_data", lang)).add_to(m)
    if area is not None and not area.is_country:
        holding = units_containing(area, ds, unit_of)
        components.area_outline(shapes[shapes["unit_code"].astype(str).isin(holding)]).add_to(m)
    if len(units) <= 70:  # noqa: PLR2004 - seats of 308 municipalities would hide the colours
        tips = [t("options.seat_tooltip", lang, seat=s, unit=n)
                for s, n in zip(units["seat_name"], units["name"], strict=True)]
        seats = units.assign(x=division.units.reindex(units["unit_code"])["seat_x"].to_numpy(),
                             y=division.units.reindex(units["unit_code"])["seat_y"].to_numpy())
        maps.point_layer(seats, tips, color="#1d2733", name=t("legend.seats", lang),
                         size_px=3.0 if len(units) > 20 else 4.5).add_to(m)  # noqa: PLR2004
    return m


def maps_grid(ds: Dataset, params: ScenarioParams, comparison: Comparison, lang: str,
              area: Area | None = None) -> None:
    """Show every option's small map on one shared scale, with the scale once above them."""
    spec = metric(state.get("options_metric"), params.mode)
    bins = shared_bins(comparison, spec)
    colors = maps.class_colors(spec.palette, len(bins))
    pooled = pd.concat([comparison.units[o][spec.column] for o in comparison.units])
    lower = min(float(pooled.min()), bins[0], *([0.0] if spec.kind == "pct" else []))
    labels = maps.class_labels(bins, _value_format(spec.kind, lang), lower=lower)
    legend = maps.legend_html(t(spec.label_key, lang), colors, labels)
    if area is not None and not area.is_country:
        legend += components.area_outline_legend(
            t("options.area_legend", lang, name=area.name(ds, lang)))
    st.html(f"<div class='coverage-legend' style='display:flex;gap:1.2rem;flex-wrap:wrap;"
            f"font:13px sans-serif'>{legend}</div>")
    options = list(comparison.units)
    grid = st.container(key=components.SMALL_MAPS_KEY)  # its maps keep their own height
    for start in range(0, len(options), MAPS_PER_ROW):
        cols = grid.columns(MAPS_PER_ROW)
        for col, option in zip(cols, options[start:start + MAPS_PER_ROW], strict=False):
            with col:
                n = len(comparison.units[option])
                st.markdown(f"**{option_label(option, lang)}** ({fmt_int(n, lang)})")
                m = small_map(ds, params, comparison, option, spec, bins, lang, area)
                components.show_map(m, key=f"options_map_{option}", lang=lang,
                                    height=SMALL_MAP_HEIGHT, returned_objects=())


def current_weights() -> Weights:
    """Return the weights the sliders set (raises InputError if they are all zero)."""
    return Weights(**{c.name: float(state.get(f"options_w_{c.name}")) for c in CRITERIA})


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Return the options in rank order, each name with its rank in front ("1. Maakunnat")."""
    out = table.sort_values("rank", kind="stable")
    return out.assign(ranked_name=[f"{int(r)}. {n}" for r, n in zip(out["rank"], out["name"],
                                                                     strict=True)])


def same_coverage_note(comparison: Comparison, lang: str) -> str:
    """Return the line saying the coverage shares are the same for every option ("" if not).

    Coverage counts the nearest provider wherever it is, so how the country is divided does
    not change it; the table leaves those columns out and says so here.
    """
    table = comparison.options
    shares = table[["coverage_share", "need_coverage_share"]]
    if len(table) == 0 or (shares.max() - shares.min()).max() > 1e-9:  # noqa: PLR2004
        return ""
    return t("options.same_coverage", lang, pct=fmt_pct(shares.iloc[0, 0], lang),
             need_pct=fmt_pct(shares.iloc[0, 1], lang))


# Units named per option in the area table; more are counted ("and 15 more").
AREA_UNITS_SHOWN = 6
AREA_COLUMNS = (Col("name", "col.option"), Col("holding", "col.area_units"),
                Col("count", "col.units", "int"))


def area_units_table(ds: Dataset, comparison: Comparison, area: Area,
                     lang: str) -> pd.DataFrame:
    """Return per option the units holding the area, by name, and how many they are."""
    rows = []
    for option, division in comparison.divisions.items():
        codes = units_containing(area, ds, division.unit_of_kunta)
        units = comparison.units[option]
        names = dict(zip(units["unit_code"].astype(str),
                         units[components.unit_name_column(lang)].astype(str), strict=True))
        listed = sorted(names.get(c, c) for c in codes)
        shown = ", ".join(listed[:AREA_UNITS_SHOWN])
        if len(listed) > AREA_UNITS_SHOWN:
            shown += " " + t("options.area_more", lang,
                             n=fmt_int(len(listed) - AREA_UNITS_SHOWN, lang))
        rows.append({"option": option, "name": option_label(option, lang), "holding": shown,
                     "count": len(codes)})
    return pd.DataFrame(rows)


def area_section(ds: Dataset, comparison: Comparison, area: Area, lang: str) -> None:
    """Say which units of each option hold the area; the comparison itself stays national."""
    name = area.name(ds, lang)
    st.subheader(t("options.area_title", lang, name=name), anchor=False)
    components.show_compact_table(area_units_table(ds, comparison, area, lang), AREA_COLUMNS,
                                  lang)
    st.caption(t("options.area_note", lang, name=name))


def options_frame(comparison: Comparison, lang: str) -> pd.DataFrame:
    """Return the option table with the options' display names as column `name`."""
    table = comparison.options
    return table.assign(name=[option_label(o, lang) for o in table["option"]])


def score_chart(table: pd.DataFrame, lang: str) -> None:
    """Show the score and the rank-first share per option as grouped bars."""
    import altair as alt  # noqa: PLC0415

    long = pd.concat([
        pd.DataFrame({"option": table["name"], "measure": t("col.score", lang),
                      "value": table["score"]}),
        pd.DataFrame({"option": table["name"], "measure": t("col.rank_first_share", lang),
                      "value": table["rank_first_share"]}),
    ], ignore_index=True)
    number_locale = ({"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]}
                     if lang == "en" else
                     {"decimal": ",", "thousands": NBSP, "grouping": [3],
                      "currency": ["", f"{NBSP}€"], "percent": f"{NBSP}%"})
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("option:N", title=t("col.option", lang),
                    sort=list(table.sort_values("rank", kind="stable")["name"]),
                    axis=alt.Axis(labelLimit=220)),
            yOffset="measure:N",
            # one fixed 0-1 scale: a score and a share of draws, both fractions
            x=alt.X("value:Q", title=t("options.chart_axis", lang),
                    axis=alt.Axis(format=".1f", values=[i / 5 for i in range(6)]),
                    scale=alt.Scale(domain=[0, 1], clamp=True, nice=False)),
            color=alt.Color("measure:N", title=t("options.measure", lang),
                            sort=[t("col.score", lang), t("col.rank_first_share", lang)],
                            legend=alt.Legend(orient="top", labelLimit=400)),
            tooltip=[alt.Tooltip("option:N", title=t("col.option", lang)),
                     alt.Tooltip("measure:N", title=t("options.measure", lang)),
                     alt.Tooltip("value:Q", title=t("options.value", lang), format=".3f")],
        )
        .properties(height=360)
        .configure(locale={"number": number_locale})
    )
    st.altair_chart(chart, width="stretch")


@st.fragment
def scoring(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,
            prepared: Prepared, comparison: Comparison) -> None:
    """Weights, sensitivity, the table, the chart and the report: reruns on its own."""
    lang = state.lang()
    st.subheader(t("options.weights_title", lang), anchor=False)
    st.caption(t("options.weights_intro", lang))
    # three sliders a row: six in one row left ~130 px a label at 1366 px, and a word such as
    # "gränsöverskridanden" broke in the middle
    cells = [col for _ in range(0, len(CRITERIA) + 1, WEIGHTS_PER_ROW)
             for col in st.columns(WEIGHTS_PER_ROW, gap="medium")]
    cols = cells[:len(CRITERIA) + 1]
    for col, criterion in zip(cols, CRITERIA, strict=False):
        default = fmt_float(getattr(DEFAULT_WEIGHTS, criterion.name), lang, 1)
        col.select_slider(t(f"criterion.{criterion.name}", lang), options=WEIGHT_OPTIONS,
                          format_func=lambda v: fmt_float(v, lang, 1),
                          key=f"options_w_{criterion.name}",
                          help=t(f"criterion.{criterion.name}_help", lang, default=default))
    cols[-1].select_slider(t("options.spread", lang), options=SPREAD_OPTIONS,
                           format_func=lambda v: fmt_pct(v, lang, 0), key="options_spread",
                           help=t("options.spread_help", lang))
    try:
        weights = current_weights()
    except InputError as exc:
        components.show_problems(exc, lang)
        return
    spread = float(state.get("options_spread"))
    scored = cached.rescored(ds, ds.dataset_id, params, pset.key, weights, spread, comparison)
    table = options_frame(scored, lang)
    ranking = explain_comparison(scored)
    verdict(ranking, lang)
    st.subheader(t("options.table_title", lang), anchor=False)
    components.show_compact_table(
        ranked(table),
        components.unit_columns(GLANCE_COLUMNS, params.mode, MINUTES), lang)
    closeness = "1 / (1 + min / 10)" if params.unit == "min" else "1 / (1 + km)"
    st.caption(t("options.table_note", lang, closeness=closeness))
    st.caption(same_coverage_note(scored, lang))
    components.downloads(lang, stem=f"digituki_options{components.mode_suffix(params)}",
                         table=scored.options)
    left, _right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("options.chart_title", lang), anchor=False)
        score_chart(table, lang)
    why(ranking, lang)
    report_section(ds, params, pset, prepared, scored, weights, spread, lang,
                   components.current_area(ds).spec)


def _criterion(name: str, lang: str) -> str:
    return t(f"criterion.{name}", lang)


def verdict(ranking: Ranking, lang: str) -> None:
    """Say whether the top option is a clear winner (none within the noise), and the weights."""
    top = ranking.top
    fmt = {"option": option_label(top, lang), "score": fmt_float(ranking.scores[top], lang, 3),
           "share": fmt_pct(ranking.top_first_share, lang, 1),
           "spread": fmt_pct(ranking.spread, lang, 0), "draws": fmt_int(ranking.draws, lang),
           "needed": fmt_pct(ranking.min_first_share, lang, 0),
           "leading": ", ".join(option_label(o, lang) for o in ranking.leading)}
    if ranking.clear_winner:
        st.success(t("options.clear_winner", lang, **fmt))
    else:
        st.warning(t("options.no_clear_winner", lang, **fmt))
    values = {c.name: fmt_float(getattr(ranking.weights, c.name), lang, 1) for c in CRITERIA}
    weights = ", ".join(f"{_criterion(name, lang)} {value}" for name, value in values.items())
    key = "options.weights_default" if ranking.uses_defaults else "options.weights_user"
    st.caption(t(key, lang, weights=weights))


TIPPING_COLUMNS = (
    Col("pair", "col.pair"), Col("criterion", "col.criterion"),
    Col("weight", "col.weight_now", "float1"),
    Col("tipping_weight", "col.tipping_weight", "float2"),
    Col("when", "col.tipping_when"),
)
SET_COLUMNS = (
    Col("weight_set", "col.weight_set"), Col("weights", "col.weights"), Col("first", "col.first"),
    Col("leading_ranks", "col.leading_ranks"),
)


def why(ranking: Ranking, lang: str) -> None:
    """Show what separates the leading options, the tipping points, other weightings, dominance."""
    def name(option: str) -> str:
        return option_label(option, lang)

    with st.expander(t("options.why_title", lang)):
        for (a, b), sep in ranking.separation.groupby(["leader", "other"], sort=False):
            pro = ", ".join(_criterion(c, lang) for c in sep.loc[sep["contribution"] > 0,
                                                                 "criterion"]) or MISSING
            con = ", ".join(_criterion(c, lang) for c in sep.loc[sep["contribution"] < 0,
                                                                 "criterion"]) or MISSING
            st.markdown(t("options.why_pair", lang, leader=components.markdown_text(name(a)),
                          other=components.markdown_text(name(b)),
                          diff=fmt_float(sep["contribution"].sum(), lang, 3), pro=pro, con=con))
        st.markdown(f"**{t('options.tipping_title', lang)}**")
        tips = ranking.tipping.dropna(subset=["tipping_weight"])
        limit = fmt_float(TIPPING_WEIGHT_MAX, lang, 0)
        if tips.empty:
            st.caption(t("options.no_tipping", lang, max=limit))
        else:
            st.caption(t("options.tipping_intro", lang, max=limit))
            shown = pd.DataFrame({
                "pair": [f"{name(a)} \u2013 {name(b)}"
                         for a, b in zip(tips["leader"], tips["other"], strict=True)],
                "criterion": [_criterion(c, lang) for c in tips["criterion"]],
                "weight": tips["weight"], "tipping_weight": tips["tipping_weight"],
                "when": [t(f"options.tip_{d}", lang, other=name(o))
                         for d, o in zip(tips["direction"], tips["other"], strict=True)],
            })
            components.show_table(shown, TIPPING_COLUMNS, lang)
        st.markdown(f"**{t('options.sets_title', lang)}**")
        st.caption(t("options.sets_intro", lang,
                     order=" / ".join(_criterion(c.name, lang) for c in CRITERIA)))
        rows = []
        for set_name, group in ranking.weight_sets.groupby("weight_set", sort=False):
            ranks = group.set_index("option")["rank"]
            rows.append({
                "weight_set": t(f"wset.{set_name}", lang),
                "weights": " / ".join(fmt_float(group.iloc[0][f"w_{c.name}"], lang, 1)
                                      for c in CRITERIA),
                "first": ", ".join(name(o) for o in group.loc[group["first"], "option"]),
                "leading_ranks": ", ".join(f"{name(o)} {int(ranks[o])}" for o in ranking.leading),
            })
        components.show_table(pd.DataFrame(rows), SET_COLUMNS, lang)
        dominated = ranking.dominance[~ranking.dominance["non_dominated"]]
        if dominated.empty:
            st.caption(t("options.dominance_none", lang))
        else:
            listed = "; ".join(
                f"{name(o)} ← {', '.join(name(x.strip()) for x in by.split(','))}"
                for o, by in zip(dominated["option"], dominated["dominated_by"], strict=True))
            st.caption(t("options.dominance_some", lang, list=listed))


def report_section(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,  # noqa: PLR0913
                   prepared: Prepared, scored: Comparison, weights: Weights, spread: float,
                   lang: str, area_spec: str = "") -> None:
    """Make the report (HTML with maps, CSV, XLSX) as a zip on request; offer it.

    With an area, the report has a section on the units of each option that hold it.
    """
    st.subheader(t("options.report_title", lang), anchor=False)
    option = state.get("options_detail")
    report_key = json.dumps([dataclasses.asdict(params), pset.key, dataclasses.asdict(weights),
                             spread, option, area_spec], sort_keys=True)
    cols = st.columns([2, 3])
    if cols[0].button(t("options.report_make", lang, option=option_label(option, lang)),
                      key="options_report_make", icon=":material/description:"):
        with cols[1], st.spinner(t("spinner.report", lang)):
            cached.report_zip(ds, ds.dataset_id, params, pset.key, weights, spread, option,
                              prepared, scored, area_spec)
        state.put("options_report_key", report_key)
    if state.get("options_report_key") == report_key:
        data = cached.report_zip(ds, ds.dataset_id, params, pset.key, weights, spread, option,
                                 prepared, scored, area_spec)
        cols[1].download_button(t("options.report_download", lang), data=data,
                                file_name=f"digituki_report_{option}{components.mode_suffix(params)}.zip",
                                mime="application/zip", on_click="ignore",
                                icon=":material/download:")
    st.caption(t("options.report_note", lang))


def detail(ds: Dataset, params: ScenarioParams, comparison: Comparison, lang: str) -> None:
    """Show one option's units (table and downloads)."""
    option = state.get("options_detail")
    units = comparison.units[option]
    units = units.assign(name=units[components.unit_name_column(lang)])
    components.show_table(units,
                              components.unit_columns(UNIT_COLUMNS, params.mode, MINUTES),
                              lang, height=420)

    def layers() -> dict:
        unit_of = dict(comparison.divisions[option].unit_of_kunta)
        shapes = cached.unit_polygons(ds, ds.dataset_id, option, params.mainland_only, unit_of,
                                      _mapping_key(unit_of))
        return {f"units_{option}": shapes.merge(comparison.units[option], on="unit_code")}

    components.downloads(lang, stem=f"digituki_units_{option}{components.mode_suffix(params)}",
                         table=comparison.units[option],
                         layers=layers)


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds, params, pset, prepared = components.analysis_page("options.title", lang)
    st.markdown(t("options.intro", lang))
    area = components.current_area(ds)
    if not area.is_country:
        st.subheader(components.area_caption(ds, area, lang), anchor=False)
    with st.spinner(t("spinner.compare", lang)):
        comparison = cached.comparison(ds, ds.dataset_id, params, pset.key, prepared)
    st.segmented_control(t("map.theme", lang), options=list(METRICS),
                         format_func=lambda k: t(metric(k, params.mode).label_key, lang),
                         key="options_metric", required=True)
    maps_grid(ds, params, comparison, lang, area)
    st.caption(t("options.maps_caption", lang))
    if not area.is_country:
        area_section(ds, comparison, area, lang)
    st.columns([2, 3])[0].selectbox(t("options.detail", lang), options=list(OPTIONS),
                                    format_func=lambda o: option_label(o, lang),
                                    key="options_detail")
    scoring(ds, params, pset, prepared, comparison)
    st.subheader(t("options.detail_title", lang,
                   option=option_label(state.get("options_detail"), lang)), anchor=False)
    detail(ds, params, comparison, lang)


if __name__ == "__main__":
    render()
