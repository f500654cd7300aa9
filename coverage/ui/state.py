"""Every session-state key the app uses, with its default.

A widget's `key=` is its state key. Widgets never pass `value=`/`index=`: they read the value
`init()` put in session state, so there is one source of truth. State holds parameters
(codes, choices) and at most the bytes of one small uploaded file, never big frames. A page
that needs a new key adds it to `DEFAULTS`.

Keys of widgets whose value Streamlit does not let code set (file uploaders, buttons) are in
`WIDGET_ONLY_KEYS` instead: `init()` leaves them alone.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from coverage.defaults import (
    AGE_BANDS,
    DEFAULT_BUDGET_MINUTES,
    DEFAULT_CIRCUITY,
    DEFAULT_NEED_MODEL,
    DEFAULT_NEW_SITES,
    DEFAULT_SOLVER,
    DEFAULT_SPEED_KMH,
    DEFAULT_STAFF_HOURS_WEEK,
    DEFAULT_THRESHOLD_KM,
    DEFAULT_THRESHOLD_MIN,
    DEFAULT_VISIT_MINUTES,
    DEFAULT_VISITS_PER_CLIENT_PER_MONTH,
    DEFAULT_WALK_SPEED_KMH,
    DEFAULT_WALK_THRESHOLD_MIN,
    LEVELS,
)
from coverage.ui.text import DEFAULT_LANG, lang_or_default

DEFAULTS: dict[str, Any] = {
    # app.py: language selector in the sidebar ("fi", "sv", "en")
    "lang": DEFAULT_LANG,
    # --- the user's own area ("Oma alue", sidebar of every page; `?area=` in the URL) ------------
    "area_division": "country",  # "country", a division id, or AREA_SET (chosen municipalities)
    "area_unit": None,  # unit code in `area_division`
    "area_kunnat": [],  # kunta codes when `area_division` is AREA_SET
    "url_read": False,  # whether this session has read its URL's ?area= and ?lang= (first run)
    # Yleiskuva: map theme (a key of coverage.ui.pages.yleiskuva.METRICS)
    "overview_metric": "share_65plus",
    # Yleiskuva: draw the providers as clustered markers
    "overview_show_providers": True,
    # Yleiskuva: kunta_code of the municipality last clicked on the map, or None
    "selected_kunta": None,
    # --- the analysis scenario (sidebar of Aukot, Koordinaatiomallit, Suunnittelu) -------------
    "sc_mode": "straight",  # "straight" (km x circuity), "drive" (minutes by road), "walk"
    "sc_threshold_km": float(DEFAULT_THRESHOLD_KM),
    "sc_threshold_min": float(DEFAULT_THRESHOLD_MIN),  # drive mode
    "sc_walk_min": float(DEFAULT_WALK_THRESHOLD_MIN),  # walk mode
    "sc_walk_speed": float(DEFAULT_WALK_SPEED_KMH),  # walk mode, km/h
    "sc_circuity": float(DEFAULT_CIRCUITY),
    "sc_types": [],  # provider types (taxonomy ids); empty = every type
    "sc_auta_parts": [],  # "A", "B"; empty = both
    "sc_flags": [],  # service flags without "svc_" (all must hold)
    "sc_languages": [],  # ISO 639-1 codes; empty = any
    "sc_include_approximate": False,
    "sc_need_levels": list(LEVELS),  # seed levels (TASO) counted as need
    "sc_age_bands": list(AGE_BANDS),  # age bands counted as need (e.g. only 65_74, 75plus)
    "sc_need_model": DEFAULT_NEED_MODEL,  # need rates preset (defaults.NEED_MODELS)
    "sc_mainland_only": False,
    # --- Aukot ----------------------------------------------------------------------------------
    "gaps_division": "maakunta",
    "gaps_metric": "coverage_share",  # a key of coverage.ui.pages.aukot.METRICS
    "gaps_show_providers": True,
    "gaps_selected_unit": None,  # unit_code clicked on the map
    # --- Koordinaatiomallit ---------------------------------------------------------------------
    "options_metric": "coverage_share",  # a key of coverage.ui.pages.koordinaatiomallit.METRICS
    "options_detail": "maakunta",
    # the weights' defaults are coverage.compare.DEFAULT_WEIGHTS (a test checks they agree; not
    # imported here, so that `streamlit run` imports app.py without numpy/pandas/scipy)
    "options_w_units": 2.0,
    "options_w_seat_distance": 4.0,
    "options_w_size": 4.0,
    "options_w_equal_access": 1.0,
    "options_w_cross_border": 1.0,
    "options_spread": 0.25,
    "options_report_key": None,  # the settings of the report made last (its zip is cached)
    # --- Suunnittelu: new sites -----------------------------------------------------------------
    "plan_section": "sites",  # "sites" (new support points) or "home" (home-delivered support)
    "plan_k": int(DEFAULT_NEW_SITES),
    "plan_kinds": ["libraries", "centres", "settlements"],
    "plan_solver": DEFAULT_SOLVER,
    "plan_limit_division": "",  # "" = no per-unit limits
    "plan_max_per_unit": 0,  # 0 = no maximum
    "plan_min_per_unit": 0,
    "plan_division": "maakunta",  # units of the before/after table
    "plan_at_least_one_per": "",  # a division: a new site in each unit with unmet need; "" none
    # --- Suunnittelu: home-delivered support ----------------------------------------------------
    "hs_source": "centres",  # "centres" (municipal centres) or "file" (uploaded bases)
    "hs_region": "19",  # maakunta shown (and whose centres are the bases); 19 = Lappi
    "hs_kunnat": [],  # municipal centres used as bases; empty = every one in the region
    "hs_staff_hours": float(DEFAULT_STAFF_HOURS_WEEK),
    "hs_visit_minutes": round(DEFAULT_VISIT_MINUTES),  # whole minutes: an integer slider
    "hs_speed_kmh": round(DEFAULT_SPEED_KMH),
    "hs_budget_minutes": round(DEFAULT_BUDGET_MINUTES),
    "hs_visits_per_month": float(DEFAULT_VISITS_PER_CLIENT_PER_MONTH),
    "hs_use_share": False,  # demand = share of TASO 3-4 need instead of need out of reach
    "hs_demand_share": 0.25,
    "hs_bases_bytes": None,  # an uploaded bases file (small CSV) and its name
    "hs_bases_name": None,
    # --- Aineisto: the user's own provider file -------------------------------------------------
    "upload_bytes": None,  # the accepted file's bytes (parsed again from the cache by its hash)
    "upload_name": None,
    "upload_sha": None,
    "upload_mode": "add",  # "add" to the dataset's providers or "replace" them
    "upload_nonce": 0,  # part of the uploader's key: a new number gives an empty uploader
    # --- Rekisteri: the workspace's provider register and saved scenarios (branch st15) ---------
    "reg_show_retired": False,  # the register table also lists retired / not yet valid entries
    "reg_analysis_source": "dataset",  # providers of every page: dataset | register | both
    "reg_editor_nonce": 0,  # part of the table's key: a new number gives a fresh table
    "reg_table_revision": None,  # register revision the table shows while edits are pending
    "reg_add_name": "",  # add a provider by coordinates (WGS84)
    "reg_add_type": "library",
    "reg_add_lat": 60.1699,
    "reg_add_lon": 24.9384,
    "reg_add_address": "",
    "reg_add_hours": "",
    "reg_add_pick": False,  # show a map whose click fills the coordinates
    "reg_add_click": None,  # [lat, lon] of the last map click applied to the coordinates
    "reg_retire_id": None,  # register:N chosen for retiring
    "reg_retire_on": None,  # date its validity ends (None = today)
    "reg_save_name": "",  # name of the scenario to save
    "reg_save_source": "both",  # providers of the saved scenario: dataset | register | both
    "reg_cmp_a": None,  # names of the two saved scenarios compared
    "reg_cmp_b": None,
    "reg_cmp_by": "maakunta",
    "reg_cmp_show": False,  # compute the comparison (a few seconds nationwide)
    "reg_manage_name": None,  # saved scenario to rename or delete
    "reg_manage_new": "",
    "reg_trend_by": "maakunta",
    "reg_trend_show": False,  # compute coverage over time (one analysis per date)
}

WIDGET_ONLY_KEYS: frozenset[str] = frozenset({
    "upload_file",  # Aineisto: provider file uploader (key "upload_file_<upload_nonce>")
    "upload_remove",  # Aineisto: button forgetting the uploaded file
    "hs_bases_file",  # Suunnittelu: bases file uploader
    "options_report_make",  # Koordinaatiomallit: button making the report
    "reg_import_file", "reg_import_go", "reg_editor", "reg_save_edits", "reg_retire_go",
    "reg_rename", "reg_delete",  # Rekisteri: uploader, buttons, the editable table
})
"""Widgets whose value code may not set (Streamlit refuses); listed so tests know them."""

MAP_KEYS: frozenset[str] = frozenset({
    "overview_map", "gaps_map", "plan_map", "hs_map", "data_upload_map", "reg_map",
    "reg_add_map",
    *(f"options_map_{o}" for o in ("kunta", "maakunta", "avi", "maistraatti", "hyvinvointialue",
                                   "elinvoimakeskus", "seutukunta", "ely")),
})
"""streamlit-folium component keys (not session parameters)."""


def init() -> None:
    """Fill in missing keys with their defaults; keep the values already set.

    Re-assigning a present key keeps a widget's value when the user visits a page without
    that widget (Streamlit otherwise drops the state of widgets not drawn in a run).
    """
    for key, default in DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, copy.copy(default))


AREA_SET = "kunnat"
"""`area_division` value of a chosen set of municipalities (not a division of the dataset)."""
COUNTRY = "country"


def area_spec() -> str:
    """Return the session's area as a spec (`coverage.area.Area.parse`): "" = whole country."""
    division = st.session_state.get("area_division") or COUNTRY
    if division == AREA_SET:
        return ",".join(f"kunta:{k}" for k in sorted(st.session_state.get("area_kunnat") or ()))
    unit = st.session_state.get("area_unit")
    if division == COUNTRY or not unit:
        return ""
    return f"{division}:{unit}"


def put_area_spec(spec: str) -> None:
    """Set the area controls from a spec: one unit, or several municipalities (else country)."""
    parts = [p.strip() for p in (spec or "").split(",") if ":" in p]
    pairs = [p.split(":", 1) for p in parts]
    if len(pairs) == 1:
        st.session_state["area_division"], st.session_state["area_unit"] = pairs[0]
    elif pairs and all(d == "kunta" for d, _c in pairs):
        st.session_state["area_division"] = AREA_SET
        st.session_state["area_kunnat"] = [c for _d, c in pairs]
    else:
        st.session_state["area_division"], st.session_state["area_unit"] = COUNTRY, None


def read_url() -> None:
    """On a session's first run, take the area and language from the URL (`?area=&lang=`)."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    params = st.query_params
    if params.get("lang"):
        st.session_state["lang"] = lang_or_default(params.get("lang"))
    if params.get("area"):
        put_area_spec(str(params.get("area")))


def write_url() -> None:
    """Put the area and language in the URL, so the view can be bookmarked and sent on."""
    wanted = {"area": area_spec(), "lang": lang()}
    for key, value in wanted.items():
        if value and (key != "lang" or value != DEFAULT_LANG):
            if st.query_params.get(key) != value:
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def lang() -> str:
    """Return the chosen language code (Finnish if unset or unknown)."""
    return lang_or_default(st.session_state.get("lang"))


def get(key: str) -> Any:  # noqa: ANN401 - values differ per key
    """Return the value of a registered key (its default if unset)."""
    if key not in DEFAULTS:
        msg = f"unknown session key {key!r}: add it to coverage.ui.state.DEFAULTS"
        raise KeyError(msg)
    return st.session_state.get(key, DEFAULTS[key])


def put(key: str, value: Any) -> None:  # noqa: ANN401 - values differ per key
    """Set a registered key (for values that are not a widget's, e.g. an accepted upload)."""
    if key not in DEFAULTS:
        msg = f"unknown session key {key!r}: add it to coverage.ui.state.DEFAULTS"
        raise KeyError(msg)
    st.session_state[key] = value
