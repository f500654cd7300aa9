"""Suunnittelu (planning): where to add support points, and what home visits can reach.

Both in the reach the sidebar sets, like every analysis page: km as the crow flies, minutes by
car or minutes on foot.

New sites: choose k sites among candidates (libraries without digituki, municipal centres,
urban settlements) covering the most unmet need (`coverage.planning`: greedy, greedy + swaps,
or the exact integer programme), optionally with per-unit limits; the map shows the sites,
their reach and the cells they bring within it, the table coverage per unit before and after.

Home-delivered support: bases at chosen municipal centres (or from a file) with staff hours,
visit length and travel budget (`coverage.homesupport`); staff travel in the same mode;
served and unserved clients per municipality of a region, on a map and in a table.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from coverage import figures, maps
from coverage.data.schema import DIVISIONS
from coverage.defaults import WEEKS_PER_MONTH
from coverage.errors import InputError
from coverage.messages import localized
from coverage.planning import SOLVERS
from coverage.ui import cached, components, state
from coverage.ui.components import Col
from coverage.ui.params import (
    MODE_DRIVE,
    MODE_STRAIGHT,
    MODE_WALK,
    HomeSupportInputs,
    PlanParams,
)
from coverage.ui.text import fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    import pandas as pd

    from coverage.area import Area
    from coverage.data.dataset import Dataset
    from coverage.homesupport import HomeSupportResult
    from coverage.planning import SitePlan
    from coverage.scenario import Prepared
    from coverage.ui.params import ScenarioParams

SITE_COLOR = "#d35400"
BASE_COLOR = "#1a6e3c"
SHARE_BINS: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
PLAN_KINDS: tuple[str, ...] = ("libraries", "centres", "settlements")
# The app stops the exact solver after this long and says how far from proven it is.
EXACT_TIME_LIMIT_S = 30.0
STAFF_HOURS_OPTIONS: tuple[float, ...] = tuple(x * 2.5 for x in range(2, 33))  # 5 .. 80
VISITS_OPTIONS: tuple[float, ...] = (0.5, 1.0, 2.0, 3.0, 4.0)
SHARE_OPTIONS: tuple[float, ...] = tuple(x / 20 for x in range(1, 21))  # 5 % .. 100 %

SITE_COLUMNS = (  # what a site adds right after its name: a narrow panel hides from the right
    Col("rank", "col.rank", "int"), Col("site_name", "col.site"),
    Col("added_need_covered", "col.added_need", "int"),
    Col("place", "col.site_place"),
    Col("kind_label", "col.kind"),
    Col("added_population_covered", "col.added_population", "int"),
    Col("cumulative_need_coverage_share", "col.cum_need_share", "pct"),
)


def before_after_columns(unit: str) -> tuple[Col, ...]:
    """Return the before/after table's columns; the medians in the reach's unit (km or min)."""
    return (
        Col("unit_name", "col.unit"), Col("new_sites", "col.new_sites", "int"),
        Col("need", "col.need", "int"),
        Col("need_coverage_share_before", "col.need_share_before", "pct"),
        Col("need_coverage_share_after", "col.need_share_after", "pct"),
        Col("added_need_covered", "col.added_need", "int"),
        Col("coverage_share_before", "col.share_before", "pct"),
        Col("coverage_share_after", "col.share_after", "pct"),
        Col(f"median_{unit}_before", "col.median_before", unit),
        Col(f"median_{unit}_after", "col.median_after", unit),
    )
WHY_COLUMNS = (
    Col("unit_name", "col.unit"), Col("new_sites", "col.new_sites", "int"),
    Col("unmet_need_before", "col.unmet_before", "int"),
    Col("unmet_need_reached", "col.unmet_reached", "int"),
    Col("unmet_need_reached_share", "col.unmet_reached_share", "pct"),
    Col("best_single_site_need", "col.best_single_site", "int"),
)  # the explanation table: per unit, its new sites and the unmet need they reach
# Up to this many units the explanation is a wrapping Markdown table (fits any width); more
# (e.g. 308 kunnat) go to a scrolling data frame.
WHY_COMPACT_MAX_ROWS = 40
# Divisions offered for "at least one new site per region" ("" = no such rule).
AT_LEAST_ONE_DIVISIONS: tuple[str, ...] = (
    "maakunta", "hyvinvointialue", "seutukunta", "kunta", "avi", "ely", "elinvoimakeskus",
    "maistraatti")
HS_UNIT_COLUMNS = (
    Col("unit_name", "col.unit"), Col("demand_clients", "col.hs_demand", "int"),
    Col("served_clients", "col.hs_served", "int"),
    Col("served_share", "col.hs_served_share", "pct"),
    Col("unserved_clients", "col.hs_unserved", "int"),
    Col("unserved_out_of_reach_clients", "col.hs_out_of_reach", "int"),
    Col("unserved_capacity_short_clients", "col.hs_capacity_short", "int"),
)
HS_BASE_COLUMNS = (  # served clients and use first: a narrow panel hides from the right
    Col("base_name", "col.base"),
    Col("served_clients", "col.hs_served", "int"),
    Col("utilisation_share", "col.utilisation", "pct"),
    Col("municipality", "col.municipality"),
    Col("staff_hours_week", "col.staff_hours", "float1"),
    Col("reachable_clients", "col.hs_reachable", "int"),
    Col("staff_hours_used_week", "col.staff_hours_used_week", "float1"),
    Col("mean_one_way_min_served", "col.mean_minutes", "float1"),
)


def plan_controls(lang: str) -> PlanParams:
    """Draw the new-sites controls; return what they set."""
    cols = st.columns([2, 3, 2])
    cols[0].slider(t("plan.k", lang), min_value=1, max_value=50, key="plan_k")
    cols[1].multiselect(t("plan.kinds", lang), options=list(PLAN_KINDS),
                        format_func=lambda k: t(f"kind.{k}", lang), key="plan_kinds",
                        help=t("plan.kinds_help", lang))
    cols[2].radio(t("plan.solver", lang), options=list(SOLVERS),
                  format_func=lambda s: t(f"solver.{s}", lang), key="plan_solver",
                  help=t("plan.solver_help", lang, seconds=int(EXACT_TIME_LIMIT_S)))
    st.selectbox(t("plan.at_least_one", lang), options=["", *AT_LEAST_ONE_DIVISIONS],
                 format_func=lambda d: t("plan.at_least_one_none", lang) if not d
                 else components.division_label(d, lang), key="plan_at_least_one_per",
                 help=t("plan.at_least_one_help", lang))
    with st.expander(t("plan.limits", lang)):
        lim = st.columns(3)
        lim[0].selectbox(t("plan.limit_division", lang),
                         options=["", *[d for d in DIVISIONS if d not in ("country",)]],
                         format_func=lambda d: t("plan.no_limits", lang) if not d
                         else components.division_label(d, lang), key="plan_limit_division")
        lim[1].slider(t("plan.max_per_unit", lang), 0, 10, key="plan_max_per_unit",
                      help=t("plan.max_help", lang))
        lim[2].slider(t("plan.min_per_unit", lang), 0, 5, key="plan_min_per_unit")
    limit = state.get("plan_limit_division") or None  # "": no limits (a None value would
    # show Streamlit's own English placeholder instead of "ei rajoja")
    max_per = int(state.get("plan_max_per_unit"))
    per = state.get("plan_at_least_one_per") or None
    if per is not None and limit not in (None, per):  # one division for both rules
        st.caption(t("plan.limits_ignored", lang))
        limit = None
    return PlanParams(
        k=int(state.get("plan_k")),
        kinds=tuple(k for k in PLAN_KINDS if k in (state.get("plan_kinds") or ())),
        solver=str(state.get("plan_solver")),
        limit_division=limit,
        max_per_unit=(max_per or None) if limit else None,
        min_per_unit=int(state.get("plan_min_per_unit")) if limit else 0,
        time_limit_s=EXACT_TIME_LIMIT_S,
        at_least_one_per=per,
    )


def sites_section(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,
                  prepared: Prepared, lang: str) -> None:
    """Choose new sites; show figures, the map and the tables."""
    plan_params = plan_controls(lang)
    if not plan_params.kinds:
        st.warning(t("plan.no_kinds", lang))
        return
    try:
        with st.spinner(t("spinner.plan", lang)):
            # candidates, new sites and the need counted: the user's area ("Oma alue")
            area = components.current_area(ds)
            plan = cached.site_plan(ds, ds.dataset_id, params, pset.key, plan_params, area.spec,
                                    prepared)
    except InputError as exc:
        components.show_problems(exc, lang)
        return
    division = state.get("plan_division")
    with st.spinner(t("spinner.before_after", lang)):
        table = cached.before_after(ds, ds.dataset_id, params, pset.key, plan_params, division,
                                    area.spec, prepared, plan)
    if not area.is_country:
        st.caption(components.area_caption(ds, area, lang))
    plan_figures(plan, lang)
    if plan.notes:
        st.caption(t("plan.notes", lang, notes="; ".join(localized(n, lang) for n in plan.notes)))
    if plan_params.at_least_one_per:
        rule_cost_caption(ds, params, pset, prepared, plan_params, plan, area, lang)
    st.columns([2, 3])[0].selectbox(
        t("plan.division", lang), options=[d for d in DIVISIONS if d != "country"],
        format_func=lambda d: components.division_label(d, lang), key="plan_division")
    left, right = st.columns([3, 2], gap="large")
    sites = plan.sites.assign(kind_label=[t(f"kind.{k}", lang) for k in plan.sites["kind"]],
                              place=plan.sites["municipality"] + ", " + plan.sites["maakunta"])
    with left:
        m = sites_map(ds, params, pset, prepared, plan, table, division, lang, area)
        components.show_map(m, key="plan_map", lang=lang, height=680, returned_objects=())
        st.caption(t(f"plan.map_caption_{params.mode}", lang,
                     km=fmt_float(site_radius_m(params) / 1000, lang, 1),
                     minutes=fmt_int(params.threshold, lang)))
    with right:
        st.subheader(t("plan.sites_title", lang), anchor=False)
        components.show_table(sites, SITE_COLUMNS, lang, height=420,
                              width_px=components.PANEL_TABLE_WIDTH_PX)
        components.downloads(lang, stem="digituki_new_sites", table=plan.sites,
                             layers=lambda: {"new_sites": figures.points_frame(plan.sites)})
    why_section(ds, params, pset, prepared, plan_params, plan, area, lang)
    st.subheader(t("plan.before_after_title", lang,
                   division=components.division_label(division, lang)), anchor=False)
    components.show_table(table.assign(unit_name=table[components.unit_name_column(lang)]),
                          before_after_columns(params.unit), lang, height=400)

    def layers() -> dict:
        shapes = cached.unit_polygons(ds, ds.dataset_id, division, params.mainland_only)
        return {f"before_after_{division}": shapes.merge(table, on="unit_code")}

    components.downloads(lang, stem=f"digituki_before_after_{division}", table=table,
                         layers=layers)


def rule_cost_caption(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,
                      prepared: Prepared, plan_params: PlanParams, plan: SitePlan,
                      area: Area, lang: str) -> None:
    """Say what "at least one per region" costs: the same plan without the rule, in people."""
    free = cached.site_plan(ds, ds.dataset_id, params, pset.key,
                            dataclasses.replace(plan_params, at_least_one_per=None), area.spec,
                            prepared)
    added = plan.need_covered_after - plan.need_covered_before
    added_free = free.need_covered_after - free.need_covered_before
    st.caption(t("plan.rule_cost", lang,
                 division=components.division_label(plan_params.at_least_one_per, lang),
                 added=fmt_int(added, lang), free=fmt_int(added_free, lang),
                 cost=fmt_int(round(added_free) - round(added), lang),
                 share=fmt_pct((added_free - added) / added_free if added_free else 0.0, lang)))


def why_section(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,
                prepared: Prepared, plan_params: PlanParams, plan: SitePlan, area: Area,
                lang: str) -> None:
    """Show why the sites went where they did: per unit, sites and unmet need reached."""
    division = plan_params.at_least_one_per or state.get("plan_division")
    if len(area.unit_codes(ds, division)) == 1 and not plan_params.at_least_one_per:
        division = "kunta"  # an area inside one unit (Oma alue Lappi): explain by its kunnat
    why = cached.region_explanation(ds, ds.dataset_id, params, pset.key, plan_params, division,
                                    area.spec, prepared, plan)
    why = why.assign(unit_name=why[components.unit_name_column(lang)])
    st.subheader(t("plan.why_title", lang, division=components.division_label(division, lang)),
                 anchor=False)
    st.caption(t("plan.why_caption", lang))
    if len(why) <= WHY_COMPACT_MAX_ROWS:
        components.show_compact_table(why, WHY_COLUMNS, lang)
    else:
        components.show_table(why, WHY_COLUMNS, lang, height=400)
    components.downloads(lang, stem=f"digituki_new_sites_why_{division}", table=why)


def plan_figures(plan: SitePlan, lang: str) -> None:
    """Show need and population coverage before and after the new sites."""
    need_before = plan.need_covered_before / plan.need_total if plan.need_total else 0.0
    pop_before = (plan.population_covered_before / plan.population_total
                  if plan.population_total else 0.0)
    pop_after = (plan.population_covered_after / plan.population_total
                 if plan.population_total else 0.0)
    cols = st.columns(4)
    cols[0].metric(t("plan.need_after", lang), fmt_pct(plan.need_coverage_share_after, lang),
                   delta=t("plan.pp", lang, pp=fmt_float(
                       100 * (plan.need_coverage_share_after - need_before), lang, 1)),
                   help=t("plan.before", lang, value=fmt_pct(need_before, lang)))
    cols[1].metric(t("plan.pop_after", lang), fmt_pct(pop_after, lang),
                   delta=t("plan.pp", lang, pp=fmt_float(100 * (pop_after - pop_before),
                                                         lang, 1)),
                   help=t("plan.before", lang, value=fmt_pct(pop_before, lang)))
    cols[2].metric(t("plan.added_need", lang),
                   fmt_int(plan.need_covered_after - plan.need_covered_before, lang))
    sol = plan.solution
    proven = t("plan.optimal", lang) if sol.optimal else ""
    cols[3].metric(t("plan.sites", lang), fmt_int(len(plan.sites), lang),
                   help=t("plan.solver_info", lang, solver=t(f"solver.{sol.solver}", lang),
                          seconds=fmt_float(sol.seconds, lang, 2),
                          candidates=fmt_int(len(plan.candidates), lang), proven=proven))
    if proven:
        cols[3].caption(proven)


def sites_map(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,  # noqa: PLR0913
              prepared: Prepared, plan: SitePlan, table: pd.DataFrame, division: str,
              lang: str, area: Area) -> object:
    """Return the map: need coverage after per unit, providers, new sites with their reach.

    Fitted to the user's area with the land around it grey, as on Aukot.
    """
    shapes = cached.unit_map_frame(ds, ds.dataset_id, division, params.mainland_only)
    frame = shapes.merge(table, on="unit_code", how="inner")
    frame = frame.assign(unit_name=frame[components.unit_name_column(lang)])
    extra = [t("plan.unit_tooltip", lang, before=fmt_pct(b, lang), sites=fmt_int(n, lang))
             for b, n in zip(frame["need_coverage_share_before"], frame["new_sites"],
                             strict=True)]
    m = components.add_map_context(fitted_map(ds, params, area), ds, lang)
    maps.choropleth_layer(frame, "need_coverage_share_after", t("legend.need_after", lang),
                          label_column="unit_name", id_column="unit_code",
                          value_format=lambda v: fmt_pct(v, lang, 0), bins=SHARE_BINS,
                          bins_lower=0.0,
                          palette="RdYlBu", opacity=0.6, extra_tooltip=extra,
                          no_data_label=t("map.no_data", lang)).add_to(m)
    data = cached.scenario_marker_data(ds, ds.dataset_id, params.provider_selection(),
                                       pset.key, lang, prepared)
    maps.provider_markers(prepared.providers, lang, data=data).add_to(m)
    sites = plan.sites
    tips = [t("plan.site_tooltip", lang, rank=int(r.rank), name=r.site_name,
              municipality=f"{r.municipality}, {r.maakunta}", kind=t(f"kind.{r.kind}", lang),
              need=fmt_int(r.added_need_covered, lang))
            for r in sites.itertuples(index=False)]
    warp = cached.grid_warp(ds, ds.dataset_id, params.mainland_only, prepared.cells)
    maps.cell_overlay(
        warp, np.where(plan.newly_covered(len(prepared.cells)), 0, -1), [SITE_COLOR],
        opacity=0.55, legend_title=t("legend.plan", lang),
        legend_labels=[t("legend.new_cells", lang)], name="new_cells",
    ).add_to(m)
    maps.point_layer(sites, tips, labels=[str(int(r)) for r in sites["rank"]], color=SITE_COLOR,
                     radius_m=site_radius_m(params),
                     name=t("legend.new_site" if params.mode == MODE_DRIVE else "legend.new_sites",
                            lang),
                     legend_title=t("legend.plan", lang), legend_position="bottomright",
                     ).add_to(m)
    return m


def fitted_map(ds: Dataset, params: ScenarioParams, area: Area) -> object:
    """Return a base map fitted to the user's area, the municipalities outside it faded."""
    m = maps.base_map(bounds=cached.area_bounds(ds, ds.dataset_id, area.spec))
    if not area.is_country:
        kunnat = cached.unit_map_frame(ds, ds.dataset_id, "kunta", params.mainland_only)
        maps.faded_layer(kunnat[~kunnat["unit_code"].isin(area.kunta_codes(ds))]).add_to(m)
    return m


def site_radius_m(params: ScenarioParams) -> float:
    """Return the straight-line radius of a site's reach, or 0 by road (reach is no circle).

    Straight line: threshold / circuity; on foot: the walk of the threshold's minutes /
    circuity.
    """
    if params.mode == MODE_DRIVE:
        return 0.0
    km = (figures.drive_radius_km(params.threshold, params.walk_speed_kmh)
          if params.mode == MODE_WALK else params.threshold_km)
    return figures.reach_radius_m(km, params.circuity)


# --- home-delivered support -----------------------------------------------------------------------


def home_area(ds: Dataset) -> Area:
    """Return the area of home support: Oma alue, or the maakunta chosen here for the country.

    Its municipal centres are the bases offered, and its clients and bases are the ones counted,
    so the figures are the area's, never the country's.
    """
    from coverage.area import Area  # noqa: PLC0415

    area = components.current_area(ds)
    return area if not area.is_country else Area.parse(f"maakunta:{state.get('hs_region')}")


def bases_input(ds: Dataset, lang: str) -> tuple[pd.DataFrame | None, str, Area]:
    """Draw the bases controls; return the bases, their key and the area they serve.

    The bases are None while a file is still to be given.
    """
    st.radio(t("hs.source", lang), options=["centres", "file"],
             format_func=lambda s: t(f"hs.source_{s}", lang), key="hs_source", horizontal=True)
    if components.current_area(ds).is_country:  # else Oma alue is the area
        cols = st.columns([1, 2])
        regions = ds.units_of("maakunta")
        names = dict(zip(regions["unit_code"],
                         regions["name_sv" if lang == "sv" else "name_fi"], strict=True))
        cols[0].selectbox(t("hs.region", lang), options=list(names),
                          format_func=names.__getitem__, key="hs_region")
        pick = cols[1]
    else:
        pick = st.container()
    area = home_area(ds)
    in_area = list(area.kunta_codes(ds))
    kunta_names = ds.municipalities.set_index("kunta_code")["name_sv" if lang == "sv"
                                                            else "name_fi"]
    if state.get("hs_source") == "centres":
        chosen = [k for k in (state.get("hs_kunnat") or []) if k in in_area]
        if chosen != list(state.get("hs_kunnat") or []):
            st.session_state["hs_kunnat"] = chosen
        pick.multiselect(t("hs.kunnat", lang), options=in_area,
                         format_func=lambda k: str(kunta_names.get(k, k)), key="hs_kunnat",
                         placeholder=t("hs.all_centres", lang))
        codes = list(state.get("hs_kunnat") or []) or in_area
        bases = figures.centre_bases(ds.units_of("kunta"), codes,
                                     staff_hours_week=float(state.get("hs_staff_hours")))
        return bases, "centres:" + ",".join(codes), area
    upload = pick.file_uploader(t("hs.file", lang), type=["csv"], key="hs_bases_file",
                                help=t("hs.file_help", lang))
    if upload is not None:
        data = upload.getvalue()
        try:
            cached.read_bases(hashlib.sha256(data).hexdigest(), data, upload.name)
        except InputError as exc:
            components.show_problems(exc, lang)
        else:
            state.put("hs_bases_bytes", data)
            state.put("hs_bases_name", upload.name)
    data = state.get("hs_bases_bytes")
    if data is None:
        st.info(t("hs.file_missing", lang))
        return None, "", area
    sha = hashlib.sha256(data).hexdigest()
    bases = cached.read_bases(sha, data, str(state.get("hs_bases_name") or "bases.csv"))
    st.caption(t("hs.file_in_use", lang,
                 name=components.markdown_code(state.get("hs_bases_name") or ""),
                 n=fmt_int(len(bases), lang)))
    if "staff_hours_week" in bases:
        hours = bases["staff_hours_week"].astype(float).fillna(float(state.get("hs_staff_hours")))
        bases = bases.assign(staff_hours_week=hours)
    return bases, f"file:{sha[:16]}:{state.get('hs_staff_hours')}", area


def hs_controls(params: ScenarioParams, lang: str) -> None:
    """Draw the home-support parameters (a driving speed only for straight-line travel)."""
    cols = st.columns(4)
    cols[0].select_slider(t("hs.staff_hours", lang), options=STAFF_HOURS_OPTIONS,
                          format_func=lambda v: t("unit.h_week", lang, h=fmt_float(v, lang, 1)),
                          key="hs_staff_hours", help=t("hs.staff_hours_help", lang))
    cols[1].slider(t("hs.visit_minutes", lang), 15, 120, step=5, key="hs_visit_minutes",
                   format="%d min", help=t("hs.visit_minutes_help", lang))
    budget = cols[2]
    if params.mode == MODE_STRAIGHT:
        cols[2].slider(t("hs.speed", lang), 20, 90, step=5, key="hs_speed_kmh", format="%d km/h")
        budget = cols[3]
    budget.slider(t("hs.budget", lang), 10, 180, step=5, key="hs_budget_minutes",
                  format="%d min", help=t("hs.budget_help", lang))
    cols = st.columns(3)  # three, not four: the toggle's label fits at 1366 px
    cols[0].select_slider(t("hs.visits", lang), options=VISITS_OPTIONS,
                          format_func=lambda v: t("hs.visits_value", lang,
                                                  month=fmt_float(v, lang, 1),
                                                  week=fmt_float(v / WEEKS_PER_MONTH, lang, 2)),
                          key="hs_visits_per_month",
                          help=t("hs.visits_help", lang,
                                 weeks=fmt_float(WEEKS_PER_MONTH, lang, 2)))
    cols[1].toggle(t("hs.use_share", lang), key="hs_use_share", help=t("hs.use_share_help", lang))
    if state.get("hs_use_share"):
        cols[2].select_slider(t("hs.share", lang), options=SHARE_OPTIONS,
                              format_func=lambda v: fmt_pct(v, lang, 0), key="hs_demand_share")


def home_section(ds: Dataset, params: ScenarioParams, pset: components.ProviderSet,
                 prepared: Prepared, lang: str) -> None:
    """Home-delivered support: bases, parameters, served and unserved clients of the area."""
    bases, bases_key, area = bases_input(ds, lang)
    hs_controls(params, lang)
    if bases is None:
        return
    inputs = HomeSupportInputs(
        bases_key=bases_key, staff_hours_week=float(state.get("hs_staff_hours")),
        visit_minutes=float(state.get("hs_visit_minutes")),
        speed_kmh=float(state.get("hs_speed_kmh")), circuity=float(params.circuity),
        budget_minutes=float(state.get("hs_budget_minutes")),
        visits_per_month=float(state.get("hs_visits_per_month")),
        demand_share=float(state.get("hs_demand_share")) if state.get("hs_use_share") else None)
    try:
        with st.spinner(t("spinner.home", lang)):
            result = cached.home_support(ds, ds.dataset_id, params, pset.key, inputs, area.spec,
                                         prepared, bases)
    except InputError as exc:
        components.show_problems(exc, lang)
        return
    by_kunta = cached.home_support_by_unit(ds, ds.dataset_id, params, pset.key, inputs, "kunta",
                                           area.spec, prepared, result)
    kunnat = by_kunta[by_kunta["unit_code"].isin(area.kunta_codes(ds))]
    kunnat = kunnat.assign(unit_name=kunnat[components.unit_name_column(lang)])
    st.caption(components.area_caption(ds, area, lang))
    home_figures(result, lang)
    left, right = st.columns([3, 2], gap="large")
    radius = base_radius_m(params, inputs)
    with left:
        m = home_map(ds, params, area, kunnat, result.bases, radius, lang)
        components.show_map(m, key="hs_map", lang=lang, height=640, returned_objects=())
        st.caption(t(f"hs.map_caption_{params.mode}", lang, km=fmt_float(radius / 1000, lang, 0),
                     minutes=fmt_int(inputs.budget_minutes, lang)))
    with right:
        st.subheader(t("hs.bases_title", lang), anchor=False)
        components.show_table(result.bases, HS_BASE_COLUMNS, lang, height=360,
                              width_px=components.PANEL_TABLE_WIDTH_PX)
        components.downloads(lang, stem="digituki_home_support_bases", table=result.bases,
                             layers=lambda: {"bases": figures.points_frame(result.bases)})
    st.subheader(t("hs.units_title", lang), anchor=False)
    components.show_table(kunnat.sort_values("unserved_clients", ascending=False),
                          HS_UNIT_COLUMNS, lang, height=400)

    def layers() -> dict:
        shapes = cached.unit_polygons(ds, ds.dataset_id, "kunta", False)
        return {"home_support_kunta": shapes.merge(kunnat, on="unit_code")}

    components.downloads(lang, stem="digituki_home_support_kunta", table=kunnat,
                         layers=layers)


def base_radius_m(params: ScenarioParams, inputs: HomeSupportInputs) -> float:
    """Return the straight-line radius a base reaches in its budget, or 0 by road (no circle)."""
    if params.mode == MODE_DRIVE:
        return 0.0
    speed = inputs.speed_kmh if params.mode == MODE_STRAIGHT else params.walk_speed_kmh
    return figures.reach_radius_m(figures.drive_radius_km(inputs.budget_minutes, speed),
                                  inputs.circuity)


def home_figures(result: HomeSupportResult, lang: str) -> None:
    """Show the area's clients needing home visits, served and unserved; staff hours per week.

    Hours with one decimal and their period (3 x 37.5 h reads 112,5 / 112,5 h/vko); the used
    hours never exceed the staff hours (`homesupport` caps them).
    """
    totals = result.totals()
    cols = st.columns(5)
    cols[0].metric(t("hs.fig_demand", lang), fmt_int(totals["demand_clients"], lang),
                   help=t("hs.fig_demand_help", lang))
    cols[1].metric(t("hs.fig_served", lang), fmt_int(totals["served_clients"], lang))
    cols[2].metric(t("hs.fig_served_share", lang),
                   fmt_pct(totals["served_clients"] / totals["demand_clients"]
                           if totals["demand_clients"] else 0.0, lang))
    cols[3].metric(t("hs.fig_unserved", lang), fmt_int(totals["unserved_clients"], lang),
                   help=t("hs.fig_unserved_help", lang,
                          reach=fmt_int(totals["unserved_out_of_reach_clients"], lang),
                          capacity=fmt_int(totals["unserved_capacity_short_clients"], lang)))
    staff = totals["staff_hours_week"]
    cols[4].metric(t("hs.fig_staff", lang),
                   fmt_pct(totals["staff_hours_used_week"] / staff if staff else 0.0, lang),
                   help=t("hs.fig_staff_help", lang,
                          served=fmt_float(totals["served_visits_week"], lang, 1),
                          demand=fmt_float(totals["demand_visits_week"], lang, 1)))
    # the hours under the share, both sides per week with one decimal (fits a fifth of 1366 px)
    cols[4].caption(t("hs.fig_staff_value", lang,
                      used=fmt_float(totals["staff_hours_used_week"], lang, 1),
                      total=fmt_float(staff, lang, 1)))


def home_map(ds: Dataset, params: ScenarioParams, area: Area, kunnat: pd.DataFrame,
             bases: pd.DataFrame, radius_m: float, lang: str) -> object:
    """Return the map of the area: unserved clients per municipality, bases and their reach."""
    shapes = cached.unit_map_frame(ds, ds.dataset_id, "kunta", False)
    frame = shapes.merge(kunnat, on="unit_code", how="inner")
    m = components.add_map_context(fitted_map(ds, params, area), ds, lang)
    if len(frame):
        extra = [t("hs.unit_tooltip", lang, demand=fmt_int(d, lang), share=fmt_pct(s, lang))
                 for d, s in zip(frame["demand_clients"], frame["served_share"], strict=True)]
        maps.choropleth_layer(frame, "unserved_clients", t("legend.unserved", lang),
                              label_column="unit_name", id_column="unit_code",
                              value_format=lambda v: fmt_int(v, lang), scheme="quantiles",
                              palette="YlOrRd", extra_tooltip=extra,
                              no_data_label=t("map.no_data", lang)).add_to(m)
    tips = [t("hs.base_tooltip", lang, name=r.base_name, hours=fmt_float(r.staff_hours_week,
                                                                          lang, 1),
              served=fmt_int(r.served_clients, lang))
            for r in bases.itertuples(index=False)]
    maps.point_layer(bases, tips, color=BASE_COLOR, radius_m=radius_m,
                     name=t("legend.bases", lang), legend_title=t("legend.home", lang),
                     ).add_to(m)
    return m


def render() -> None:
    """Draw the page."""
    lang = state.lang()
    ds, params, pset, prepared = components.analysis_page("plan.title", lang)
    st.segmented_control(t("plan.section", lang), options=["sites", "home"],
                         format_func=lambda s: t(f"plan.section_{s}", lang), key="plan_section",
                         required=True)
    if state.get("plan_section") == "home":
        st.markdown(t("hs.intro", lang))
        home_section(ds, params, pset, prepared, lang)
    else:
        st.markdown(t("plan.intro", lang))
        sites_section(ds, params, pset, prepared, lang)


if __name__ == "__main__":
    render()
