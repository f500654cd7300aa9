"""Pieces every page uses: dataset guard, scenario controls, providers, tables, maps.

The session's providers, error tables, tables written in the user's language, downloads, and
showing a folium map.

Every map in the app goes through `show_map`, which points its JavaScript/CSS at the app's own
copies (`coverage.maps.use_local_assets`) before handing it to streamlit-folium, so no page
can make the app depend on a CDN.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
import streamlit as st

from coverage import maps
from coverage.data.schema import SERVICE_FLAGS
from coverage.data.taxonomy import provider_types
from coverage.defaults import AGE_BANDS, DEFAULT_NEED_MODEL, LEVELS, MAP_MAX_MARKERS, NEED_MODELS
from coverage.errors import DatasetDamagedError, DatasetMissingError, InputError, Problem
from coverage.messages import localized
from coverage.ui import cached, state
from coverage.ui.params import MODE_DRIVE, MODE_STRAIGHT, MODE_WALK, MODES, ScenarioParams
from coverage.ui.text import MISSING, fmt_float, fmt_int, fmt_pct, t

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    import folium
    import geopandas as gpd

    from coverage.area import Area
    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"

THRESHOLD_OPTIONS_KM: tuple[float, ...] = tuple(float(k) for k in range(1, 51))
THRESHOLD_OPTIONS_MIN: tuple[float, ...] = tuple(float(m) for m in range(5, 65, 5))
WALK_SPEED_OPTIONS_KMH: tuple[float, ...] = tuple(round(2.0 + 0.1 * i, 1) for i in range(31))
CIRCUITY_OPTIONS: tuple[float, ...] = tuple(round(1.0 + 0.05 * i, 2) for i in range(21))
MAP_HEIGHT = 720
"""Map height in px on a tall screen; `APP_CSS` shrinks maps to fit shorter ones."""
SMALL_MAP_HEIGHT = 360
"""Height in px of the small maps drawn side by side (Koordinaatiomallit)."""
SMALL_MAPS_KEY = "small_maps"
"""Key of the container holding small maps: `APP_CSS` gives its maps `SMALL_MAP_HEIGHT`."""
MAP_VIEWPORT_MARGIN_PX = 48
"""What a map leaves of the window's height: it fits on screen with a little of the page."""
APP_CSS = (
    "<style>"
    # maps no taller than the window, so a whole map is on a laptop's screen at once
    f'iframe[title="streamlit_folium.st_folium"]{{height:min({MAP_HEIGHT}px, '
    f"calc(100vh - {MAP_VIEWPORT_MARGIN_PX}px)) !important;}}"
    # ... except the small maps drawn side by side in a `small_maps` container: their own
    # height, set before the map is drawn (Leaflet fits its view to the frame's size then)
    f'.st-key-{SMALL_MAPS_KEY} iframe[title="streamlit_folium.st_folium"]{{height:min('
    f"{SMALL_MAP_HEIGHT}px, calc(100vh - {MAP_VIEWPORT_MARGIN_PX}px)) !important;}}"
    # labels wrap instead of being cut with an ellipsis: metric titles, chips, buttons, tabs
    '[data-testid="stMetricLabel"] *, [data-baseweb="tag"] span, '
    '[data-testid="stTab"] p, button[data-testid^="stBaseButton"] p '
    "{white-space:normal !important; overflow:visible !important; "
    "text-overflow:clip !important; max-width:none !important;}"
    '[data-baseweb="tag"]{height:auto !important; max-width:100% !important;}'
    # multiselect chips (Streamlit's own): wrap the row and each chip's text
    '[data-testid="stMultiSelectTagsContainer"], [data-testid="stMultiSelectTagsContainer"] '
    '> span[role="group"]{flex-wrap:wrap !important; overflow:visible !important;}'
    '[data-testid="stMultiSelectTagsContainer"] span[data-tag]{max-width:100% !important; '
    "height:auto !important;}"
    '[data-testid="stMultiSelectTagsContainer"] span[data-tag] > span{white-space:normal '
    "!important; overflow:visible !important; text-overflow:clip !important; "
    "max-width:none !important;}"
    "</style>")
"""Maps no taller than the window, so a whole map is on a laptop's screen at once."""
SEVERITIES: tuple[str, ...] = ("error", "warning", "note")
"""Problem severities with a word in `ui.text` ("severity.<name>")."""
LANGUAGE_OPTIONS: tuple[str, ...] = ("fi", "sv", "en", "se", "ru")
"""Languages a provider filter can ask for (ISO 639-1; the data lists them as "fi;sv")."""


def require_dataset(lang: str) -> Dataset:
    """Return the working dataset, or explain how to build it and stop the page."""
    try:
        return cached.dataset()
    except DatasetDamagedError as exc:
        st.error(t("dataset.damaged", lang, path=str(exc.path), layer=exc.layer))
        st.info(t("dataset.damaged_fix", lang))
        st.stop()
        raise  # unreachable: st.stop() raises
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


def division_label(division: str, lang: str) -> str:
    """Return the display name of a division id ("Maakunnat")."""
    return t(f"division.{division}", lang)


# --- errors ---------------------------------------------------------------------------------------


def problems_frame(problems: Iterable[Problem], lang: str) -> pd.DataFrame:
    """Return problems as a table: source, row, field, message, severity (in `lang`)."""
    return pd.DataFrame(
        [{t("col.source", lang): p.source,
          t("col.row", lang): "" if p.row is None else str(p.row),
          t("col.field", lang): p.field or "",
          t("col.message", lang): localized(p, lang),
          t("col.severity", lang): (t(f"severity.{p.severity}", lang)
                                    if p.severity in SEVERITIES else p.severity)}
         for p in problems],
        columns=[t(k, lang) for k in ("col.source", "col.row", "col.field", "col.message",
                                      "col.severity")])


def show_problems(error: InputError | Sequence[Problem], lang: str,
                  *, title_key: str = "input.problems") -> None:
    """Show an InputError's problems (or a list of them) as a table naming row and field."""
    problems = error.problems if isinstance(error, InputError) else list(error)
    st.error(t(title_key, lang))
    st.dataframe(problems_frame(problems, lang), hide_index=True, width="stretch")


# --- the session's providers ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderSet:
    """The providers a session analyses, and where they come from."""

    frame: pd.DataFrame
    key: str | None  # None: the dataset's own; else "<file hash>:<mode>" (a cache key)
    filename: str | None = None
    mode: str = "add"
    user_count: int = 0


def active_providers(ds: Dataset) -> ProviderSet:
    """Return the dataset's providers, or with/instead of the user's accepted upload."""
    sha = state.get("upload_sha")
    data = state.get("upload_bytes")
    if not sha or data is None:
        if state.get("reg_analysis_source") in ("register", "both"):  # chosen on Rekisteri
            return register_providers(ds, state.get("reg_analysis_source"))
        return ProviderSet(ds.providers, None)
    name = str(state.get("upload_name") or "")
    check = cached.check_upload(ds, ds.dataset_id, sha, data, name)
    if check.providers is None:  # only accepted files are stored; a new dataset may differ
        return ProviderSet(ds.providers, None)
    mode = state.get("upload_mode") if state.get("upload_mode") in ("add", "replace") else "add"
    key = f"{sha[:16]}:{mode}"
    frame = cached.session_providers(ds, ds.dataset_id, key, check.providers, mode)
    return ProviderSet(frame, key, name, mode, len(check.providers))


def register_providers(ds: Dataset, source: str) -> ProviderSet:
    """Return the workspace register's providers (valid today), alone or with the dataset's.

    The cache key names the register's revision and the day, so a change to the register, or
    a new day (validity dates), gives a new provider set. An unusable store is said, and the
    dataset's providers are used.
    """
    import datetime as dt  # noqa: PLC0415

    from coverage.store import StoreError, open_store, store_url  # noqa: PLC0415

    url = store_url()
    try:
        store = open_store(url)
        try:
            revision = store.revision()
        finally:
            store.dispose()
    except StoreError as exc:
        st.warning(t("reg.store_error", state.lang(), error=str(exc)))
        return ProviderSet(ds.providers, None)
    day = dt.datetime.now(dt.UTC).date().isoformat()
    frame, n_register = cached.register_providers(ds, ds.dataset_id, url, revision, day, source)
    return ProviderSet(frame, f"register:{source}:{revision}:{day}", None, source, n_register)


def provider_note(pset: ProviderSet, lang: str) -> str:
    """Return a one-line Markdown note on which providers are in use (the file name literal)."""
    if pset.key is None:
        return t("providers.dataset", lang, n=fmt_int(len(pset.frame), lang))
    if pset.mode in ("register", "both"):
        return t(f"providers.register_{pset.mode}", lang, n=fmt_int(pset.user_count, lang),
                 total=fmt_int(len(pset.frame), lang))
    return t(f"providers.upload_{pset.mode}", lang, name=markdown_code(pset.filename or ""),
             n=fmt_int(pset.user_count, lang), total=fmt_int(len(pset.frame), lang))


# --- the user's own area --------------------------------------------------------------------------

AREA_LEVELS: tuple[str, ...] = (
    state.COUNTRY, "maakunta", "hyvinvointialue", "seutukunta", "kunta", state.AREA_SET,
    "elinvoimakeskus", "ely", "avi", "maistraatti")
"""Choices of the area's level: the whole country, a unit of a division, or municipalities."""


def _unit_options(ds: Dataset, division: str, lang: str) -> dict[str, str]:
    """Return {unit code: name in `lang`} of a division, in alphabetical order of the names."""
    units = ds.units_of(division)
    names = units["name_sv" if lang == "sv" else "name_fi"].astype(str).tolist()
    pairs = sorted(zip(units["unit_code"].astype(str), names, strict=True), key=lambda p: p[1])
    return dict(pairs)


def area_controls(lang: str) -> None:
    """Draw "Oma alue" in the sidebar: the country, a unit of any division, or municipalities.

    Keys `area_division`, `area_unit`, `area_kunnat`; the URL's `?area=` sets them.
    """
    try:
        ds = cached.dataset()
    except DatasetMissingError:
        return  # the page says how to build the dataset
    division = state.get("area_division")
    if division not in AREA_LEVELS:
        st.session_state["area_division"] = division = state.COUNTRY
    with st.sidebar:
        st.selectbox(t("area.title", lang), options=list(AREA_LEVELS), key="area_division",
                     format_func=lambda d: _area_level_label(d, lang), help=t("area.help", lang))
        division = state.get("area_division")
        if division == state.AREA_SET:
            names = _unit_options(ds, "kunta", lang)
            chosen = [k for k in state.get("area_kunnat") or () if k in names]
            if chosen != list(state.get("area_kunnat") or ()):
                st.session_state["area_kunnat"] = chosen
            st.multiselect(t("area.kunnat", lang), options=list(names), key="area_kunnat",
                           format_func=names.__getitem__,
                           placeholder=t("area.kunnat_placeholder", lang))
        elif division != state.COUNTRY:
            names = _unit_options(ds, division, lang)
            unit = state.get("area_unit")
            if unit not in names:  # a code written another way (`kunta:91`), or a new level
                match = [c for c in names if unit and c.isdigit() and str(unit).isdigit()
                         and int(c) == int(unit)]
                st.session_state["area_unit"] = match[0] if match else next(iter(names))
            st.selectbox(t("area.unit", lang), options=list(names), key="area_unit",
                         format_func=names.__getitem__)


def _area_level_label(level: str, lang: str) -> str:
    if level == state.COUNTRY:
        return t("area.whole_country", lang)
    if level == state.AREA_SET:
        return t("area.level_set", lang)
    return division_label(level, lang)


def current_area(ds: Dataset) -> Area:
    """Return the session's area, checked against the dataset (the country if it is unknown)."""
    from coverage.area import Area  # noqa: PLC0415

    try:
        return Area.parse(state.area_spec()).resolve(ds)
    except InputError:
        return Area()


def area_caption(ds: Dataset, area: Area, lang: str) -> str:
    """Return "Alue: Lappi (21 kuntaa)", or "" for the whole country."""
    if area.is_country:
        return ""
    return t("area.caption", lang, name=area.name(ds, lang), n=len(area.kunta_codes(ds)))


AREA_OUTLINE_COLOR = "#e7298a"
"""Outline of the units that hold the user's area (magenta: apart from every map palette)."""


def area_outline(shapes: gpd.GeoDataFrame, *, color: str = AREA_OUTLINE_COLOR,
                 weight: float = 3.0) -> folium.GeoJson:
    """Return polygons drawn as a thick outline only, not clickable (the units holding the area).

    No fill and no mouse events, so the colours and tooltips of the layer below stay as they
    are (a map may be about the whole country while it shows where the area lies).
    """
    import folium  # noqa: PLC0415

    style = {"color": color, "weight": weight, "fill": False, "opacity": 1.0}
    return folium.GeoJson(shapes[[shapes.geometry.name]].to_crs(maps.MAP_CRS),
                          style_function=lambda _feature: style, interactive=False,
                          name="area_units", control=False)


def area_outline_legend(label: str, *, color: str = AREA_OUTLINE_COLOR) -> str:
    """Return a legend row (HTML, `label` escaped) for `area_outline`."""
    import html  # noqa: PLC0415

    return (f'<div><span style="display:inline-block;width:14px;height:12px;margin-right:6px;'
            f'vertical-align:middle;border:3px solid {color}"></span>{html.escape(label)}</div>')


# --- the scenario ---------------------------------------------------------------------------------


def _km(value: float, lang: str) -> str:
    return f"{fmt_float(value, lang, 0)} km"


def _min(value: float, lang: str) -> str:
    return f"{fmt_float(value, lang, 0)} min"


def scenario_controls(lang: str, *, allow_drive: bool = True) -> ScenarioParams:
    """Draw the analysis settings in the sidebar and return them.

    The keys are shared by every analysis page, so a setting made on one page holds on the
    others. An empty choice means "all" (said under the control). With `allow_drive` the
    user chooses how reach is measured: km as the crow flies x circuity, minutes by car on the
    road network (then the circuity applies to the legs between a point and the road), or
    minutes on foot (straight line x circuity at the walking speed).
    """
    types = provider_types()
    words = maps.POPUP_TEXT[lang if lang in maps.POPUP_TEXT else "fi"]  # the maps' service names
    mode = state.get("sc_mode") if allow_drive else MODE_STRAIGHT
    mode = mode if mode in MODES else MODE_STRAIGHT
    with st.sidebar:
        st.subheader(t("sc.title", lang), anchor=False)
        if allow_drive:
            st.segmented_control(t("sc.mode", lang), options=list(MODES),
                                 format_func=lambda m: t(f"sc.mode_{m}", lang), key="sc_mode",
                                 required=True, help=t("sc.mode_help", lang))
        _threshold_control(mode, lang)
        st.select_slider(t("sc.circuity", lang), options=CIRCUITY_OPTIONS,
                         format_func=lambda v: fmt_float(v, lang, 2), key="sc_circuity",
                         help=t(CIRCUITY_HELP[mode], lang))
        st.multiselect(t("sc.types", lang), options=list(types),
                       format_func=lambda k: types[k].label(lang), key="sc_types",
                       placeholder=t("sc.all", lang))
        st.multiselect(t("sc.auta", lang), options=["A", "B"],
                       format_func=lambda p: t(f"auta.{p}", lang), key="sc_auta_parts",
                       placeholder=t("sc.all", lang))
        st.multiselect(t("sc.flags", lang), options=[f[4:] for f in SERVICE_FLAGS],
                       format_func=lambda f: words[f"svc_{f}"], key="sc_flags",
                       placeholder=t("sc.none_required", lang), help=t("sc.flags_help", lang))
        st.multiselect(t("sc.languages", lang), options=list(LANGUAGE_OPTIONS),
                       format_func=lambda c: t(f"language.{c}", lang), key="sc_languages",
                       placeholder=t("sc.all", lang))
        st.checkbox(t("sc.approximate", lang), key="sc_include_approximate",
                    help=t("sc.approximate_help", lang))
        st.multiselect(t("sc.levels", lang), options=list(LEVELS),
                       format_func=lambda v: t(f"taso.{v}", lang), key="sc_need_levels",
                       placeholder=t("sc.all", lang), help=t("sc.levels_help", lang))
        st.multiselect(t("sc.bands", lang), options=list(AGE_BANDS),
                       format_func=lambda b: t(f"band.{b}", lang), key="sc_age_bands",
                       placeholder=t("sc.all", lang))
        st.selectbox(t("sc.need_model", lang), options=list(NEED_MODELS),
                     format_func=lambda m: t(f"need_model.{m}", lang), key="sc_need_model",
                     help=t("sc.need_model_help", lang))
        st.toggle(t("sc.mainland", lang), key="sc_mainland_only", help=t("sc.mainland_help", lang))
    return params_from_state(mode)


def params_from_state(mode: str | None = None) -> ScenarioParams:
    """Return the session's analysis settings (what `scenario_controls` last set), unchanged.

    For a page that shows figures at those settings without drawing the controls (Yleiskuva
    with an area). `mode` None: the session's mode.
    """
    mode = state.get("sc_mode") if mode is None else mode
    mode = mode if mode in MODES else MODE_STRAIGHT
    levels = tuple(sorted(int(v) for v in state.get("sc_need_levels") or LEVELS))
    bands = tuple(b for b in AGE_BANDS if b in (state.get("sc_age_bands") or AGE_BANDS))
    return ScenarioParams(
        threshold_km=float(state.get("sc_threshold_km")),
        circuity=float(state.get("sc_circuity")),
        types=tuple(state.get("sc_types") or ()),
        auta_parts=tuple(state.get("sc_auta_parts") or ()),
        flags=tuple(state.get("sc_flags") or ()),
        languages=tuple(state.get("sc_languages") or ()),
        include_approximate=bool(state.get("sc_include_approximate")),
        need_levels=levels,
        age_bands=bands,
        need_model=str(state.get("sc_need_model") or next(iter(NEED_MODELS))),
        mainland_only=bool(state.get("sc_mainland_only")),
        mode=mode,
        threshold_min=float(state.get("sc_threshold_min")),
        walk_min=float(state.get("sc_walk_min")),
        walk_speed_kmh=float(state.get("sc_walk_speed")),
    )


CIRCUITY_HELP: dict[str, str] = {MODE_STRAIGHT: "sc.circuity_help",
                                 MODE_DRIVE: "sc.circuity_leg_help",
                                 MODE_WALK: "sc.circuity_walk_help"}


def _threshold_control(mode: str, lang: str) -> None:
    """Draw the threshold of `mode` (km, or minutes by car or on foot) and the walking speed."""
    if mode == MODE_DRIVE:
        st.select_slider(t("sc.threshold_min", lang), options=THRESHOLD_OPTIONS_MIN,
                         format_func=lambda v: _min(v, lang), key="sc_threshold_min",
                         help=t("sc.threshold_min_help", lang))
    elif mode == MODE_WALK:
        st.select_slider(t("sc.threshold_walk", lang), options=THRESHOLD_OPTIONS_MIN,
                         format_func=lambda v: _min(v, lang), key="sc_walk_min",
                         help=t("sc.threshold_walk_help", lang))
        st.select_slider(t("sc.walk_speed", lang), options=WALK_SPEED_OPTIONS_KMH,
                         format_func=lambda v: f"{fmt_float(v, lang, 1)} km/h",
                         key="sc_walk_speed", help=t("sc.walk_speed_help", lang))
    else:
        st.select_slider(t("sc.threshold", lang), options=THRESHOLD_OPTIONS_KM,
                         format_func=lambda v: _km(v, lang), key="sc_threshold_km",
                         help=t("sc.threshold_help", lang))


def scenario_caption(params: ScenarioParams, pset: ProviderSet, prepared: Prepared,
                     lang: str) -> str:
    """Return a line saying what the figures on the page assume."""
    scope = t("scope.mainland" if params.mainland_only else "scope.whole", lang)
    if params.need_model != DEFAULT_NEED_MODEL:
        scope += t("sc.caption_need_model", lang, model=t(f"need_model.{params.need_model}", lang))
    common = {"circuity": fmt_float(params.circuity, lang, 2), "scope": scope,
              "providers": fmt_int(len(prepared.providers), lang),
              "source": provider_note(pset, lang)}
    if params.mode == MODE_DRIVE:
        return t("sc.caption_drive", lang, minutes=_min(params.threshold_min, lang), **common)
    if params.mode == MODE_WALK:
        return t("sc.caption_walk", lang, minutes=_min(params.walk_min, lang),
                 speed=f"{fmt_float(params.walk_speed_kmh, lang, 1)} km/h", **common)
    return t("sc.caption", lang, km=_km(params.threshold_km, lang), **common)


def mode_suffix(params: ScenarioParams) -> str:
    """Return what download names add in minutes (so km and minute files do not mix)."""
    return f"_{params.mode}{params.threshold:g}min" if params.unit == "min" else ""


def road_mode(ds: Dataset, params: ScenarioParams, lang: str) -> ScenarioParams:
    """Return `params`, in straight mode (with a warning) if drive mode has no road network.

    Loads the network once per dataset (kept in the app's memo), with a spinner.
    """
    if params.mode != MODE_DRIVE:
        return params
    from coverage.data.roads import RoadsMissingError  # noqa: PLC0415

    try:
        with st.spinner(t("spinner.roads", lang)):
            cached.road_network(ds, ds.dataset_id)
    except RoadsMissingError as exc:
        st.warning(t("sc.no_roads", lang, reason=str(exc)))
        return dataclasses.replace(params, mode=MODE_STRAIGHT)
    return params


def prepared(ds: Dataset, params: ScenarioParams, pset: ProviderSet) -> Prepared:
    """Return the prepared scenario (cached), showing a spinner when it is computed.

    When the settings leave no provider, the page says which filter emptied the set and stops.
    """
    lang = state.lang()
    try:
        with st.spinner(t("spinner.prepare", lang=lang)):
            return cached.prepared(ds, ds.dataset_id, params.preparation(), pset.key,
                                   None if pset.key is None else pset.frame)
    except InputError as exc:
        for item in exc.problems:
            st.error(localized(item, lang))
        st.stop()
        raise  # unreachable: st.stop() raises


class Analysis(NamedTuple):
    """What an analysis page works on: its dataset, settings, providers and scenario."""

    ds: Dataset
    params: ScenarioParams
    pset: ProviderSet
    prepared: Prepared


def analysis_page(title_key: str, lang: str, *, allow_drive: bool = True) -> Analysis:
    """Open an analysis page: sidebar settings, title, the prepared scenario, its caption.

    In drive mode without a road network the page warns under its title and measures km.
    """
    ds = require_dataset(lang)
    params = scenario_controls(lang, allow_drive=allow_drive)
    pset = active_providers(ds)
    st.title(t(title_key, lang), anchor=False)
    params = road_mode(ds, params, lang)
    scenario = prepared(ds, params, pset)
    st.caption(scenario_caption(params, pset, scenario, lang))
    return Analysis(ds, params, pset, scenario)


# --- tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A displayed column: source column, header text key, and how to write its values."""

    name: str
    label_key: str
    kind: str = "text"  # text, int, float1, float2, float3, pct, km, min


_NUMBER_FORMATS: dict[str, Callable[[float, str], str]] = {
    "int": fmt_int,
    "pct": fmt_pct,
    "km": lambda v, lang: f"{fmt_float(v, lang, 1)} km",
    "min": lambda v, lang: f"{fmt_float(v, lang, 1)} min",
    "float1": lambda v, lang: fmt_float(v, lang, 1),
    "float2": lambda v, lang: fmt_float(v, lang, 2),
    "float3": lambda v, lang: fmt_float(v, lang, 3),
}


_MARKDOWN_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


_AUTOLINK_START = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?=@)")
_WORD_JOINER = "\u2060"  # invisible; breaks GFM's bare-URL and e-mail autolinks


def markdown_text(value: object) -> str:
    """Return `value` as literal Markdown text on one line.

    Every ASCII punctuation mark is backslash-escaped: no emphasis, links, images, HTML, math,
    colour or icon directives. A bare "www.", "://" or "@" gets an invisible word joiner, since
    GitHub-flavoured Markdown links those after the escapes are resolved.
    """
    text = re.sub(r"[\r\n\t\v\f]+", " ", str(value))  # one line; no-break spaces kept
    text = _AUTOLINK_START.sub(_WORD_JOINER, text)
    return "".join(f"\\{c}" if c in _MARKDOWN_PUNCTUATION else c for c in text)


def markdown_code(value: object) -> str:
    """Return `value` as a Markdown code span: shown exactly as typed, in a monospace font.

    For file names: nothing inside a code span is Markdown, HTML or a link. The fence is
    longer than any run of backticks in the text; the padding spaces are removed by the
    renderer (CommonMark 6.1).
    """
    text = re.sub(r"[\r\n\t\v\f]+", " ", str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def markdown_table(rows: Sequence[Mapping[str, object]], *, right: Iterable[str] = ()) -> str:
    """Return `rows` as a Markdown table, every cell literal text (`markdown_text`).

    For small tables on a first page: `st.table`/`st.dataframe` make the browser fetch and
    parse Streamlit's Arrow stack (~1 MB of JavaScript) before they show.
    """
    if not rows:
        return ""
    header = list(rows[0])
    right = set(right)

    def cell(value: object) -> str:
        return markdown_text(value) or " "

    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join("---:" if h in right else ":---" for h in header) + " |"]
    lines += ["| " + " | ".join(cell(r.get(h, "")) for h in header) + " |" for r in rows]
    return "\n".join(lines)


WALK_KEYS: dict[str, str] = {
    "fig.median_min": "fig.median_walk", "fig.median_min_help": "fig.median_walk_help",
    "fig.p90_min": "fig.p90_walk", "fig.p90_min_help": "fig.p90_walk_help",
    "metric.median_min": "metric.median_walk", "legend.median_min": "legend.median_walk",
    "legend.gaps_min": "legend.gaps_walk", "col.median_min": "col.median_walk",
    "col.p90_min": "col.p90_walk", "col.mean_need_min": "col.mean_need_walk",
    "col.min_drive": "col.min_walk", "col.mean_drive": "col.mean_walk",
    "col.max_drive": "col.max_walk", "map.gap_tooltip_min": "map.gap_tooltip_walk",
    "gaps.map_caption_drive": "gaps.map_caption_walk", "metric.seat_time": "metric.seat_walk",
    "col.need_seat_min": "col.need_seat_walk", "col.median_seat_min": "col.median_seat_walk",
}
"""Text keys of minutes by car and their walking twins (minutes on foot)."""


def mode_key(key: str, mode: str) -> str:
    """Return the text key of `key` in `mode`: a minutes-by-car label becomes its walking twin."""
    return WALK_KEYS.get(key, key) if mode == MODE_WALK else key


def in_mode(spec: Any, minutes: Any | None, mode: str, *keys: str) -> Any:  # noqa: ANN401
    """Return a page's theme `spec` in `mode`: its `minutes` twin unless straight line.

    The twin's `label_key` and other text `keys` are given in the mode's words (`mode_key`).
    """
    if mode == MODE_STRAIGHT or minutes is None:
        return spec
    words = {k: mode_key(getattr(minutes, k), mode) for k in ("label_key", *keys)}
    return dataclasses.replace(minutes, **words)


def unit_columns(cols: Sequence[Col], mode: str,
                 minutes: Mapping[str, tuple[str, str]]) -> tuple[Col, ...]:
    """Return `cols`, with each km column swapped for its minutes column when reach is minutes.

    `minutes` maps a km column to (minutes column, label key of minutes by car); on foot the
    label is its walking twin (`mode_key`).
    """
    if mode == MODE_STRAIGHT:
        return tuple(cols)
    return tuple(Col(minutes[c.name][0], mode_key(minutes[c.name][1], mode), "min")
                 if c.kind == "km" else c for c in cols)


def _cell(value: object, kind: str, lang: str) -> str:
    if kind == "text":
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        return "" if missing else str(value)
    number = pd.to_numeric(value, errors="coerce")
    if number is None or pd.isna(number):
        return MISSING
    return _NUMBER_FORMATS.get(kind, _NUMBER_FORMATS["float1"])(float(number), lang)


def formatted(table: pd.DataFrame, columns: Sequence[Col], lang: str) -> pd.DataFrame:
    """Return `table`'s `columns` as text written the way `lang` writes numbers.

    Downloads carry the raw numbers; the screen shows "1 234,5" (fi, sv) or "1,234.5" (en).
    """
    return pd.DataFrame({
        t(c.label_key, lang): [_cell(v, c.kind, lang) for v in table[c.name].tolist()]
        for c in columns if c.name in table
    })


def show_compact_table(table: pd.DataFrame, columns: Sequence[Col], lang: str) -> None:
    """Show a short table as Markdown, whose cells wrap to fit a narrow column.

    `st.dataframe` sizes its columns to their content and scrolls sideways, so in a side panel
    the last column (often the figure the table is about) was off screen.
    """
    shown = formatted(table, columns, lang)
    right = [t(c.label_key, lang) for c in columns if c.kind != "text" and c.name in table]
    st.markdown(markdown_table(shown.to_dict("records"), right=right))


TABLE_WIDTH_PX = 880
"""Width a full-width table may fill without scrolling sideways: the main column at 1366×768
with the sidebar open is 906 px wide (measured), less the table's borders and scroll bar."""
PANEL_TABLE_WIDTH_PX = 300
"""The same for a table in a side panel of a two-column layout at 1366×768 (measured 328 px)."""
_CHAR_PX = 5.0
_COLUMN_PX = 48
"""A column's width is about `_CHAR_PX` per character of its longest text (header or cell) plus
`_COLUMN_PX` (padding, borders, the header's menu): fitted to the widths the table gave ten of
the app's tables in fi and en at 1366 px (measured scroll widths 870 to 2117 px; this estimate
is 0 to 100 px wider on each, never narrower)."""


def text_width_px(text: object) -> int:
    """Return an estimate of the width of `text` in a table cell or header, in px."""
    return round(len(str(text)) * _CHAR_PX) + _COLUMN_PX


def column_widths_px(shown: pd.DataFrame) -> dict[str, int]:
    """Return each column's width in px when the table sizes it to its header and widest cell."""
    return {str(name): max([text_width_px(name), *(text_width_px(v) for v in shown[name])])
            for name in shown.columns}


def columns_that_fit(widths: Mapping[str, int], width_px: int, *, keep: int = 2,
                     last: Iterable[str] = ()) -> list[str]:
    """Return the leading columns whose widths add up to at most `width_px` (at least `keep`).

    The columns are in order of importance (name and the main figures first); the `last` ones
    (codes) are the first to go.
    """
    last = [name for name in last if name in widths]
    order = [name for name in widths if name not in last] + last
    fitting: list[str] = []
    used = 0
    for name, width in ((n, widths[n]) for n in order):
        if len(fitting) >= keep and used + width > width_px:
            break
        fitting.append(name)
        used += width
    return fitting


def show_table(table: pd.DataFrame, columns: Sequence[Col], lang: str, *,
               height: int | str = "auto", width_px: int | None = TABLE_WIDTH_PX) -> None:
    """Show `formatted(table, columns, lang)`, no wider than `width_px`.

    A canvas table scrolls sideways when its columns are wider than the page (the last
    columns, often the figure the table is about, were off screen at 1366 px). The columns that
    do not fit (codes first, then from the right) are hidden, named under the table and one
    click away in the table's show/hide-columns button; the downloads have them all.
    `width_px=None` shows every column.
    """
    shown = formatted(table, columns, lang)
    config: dict[str, None] = {}
    if width_px is not None and len(shown):
        codes = [t(c.label_key, lang) for c in columns if c.name.endswith("_code")]
        fitting = set(columns_that_fit(column_widths_px(shown), width_px, last=codes))
        config = {name: None for name in shown.columns if name not in fitting}
    st.dataframe(shown, hide_index=True, width="stretch", height=height,
                 column_config=config or None)
    if config:
        st.caption(t("table.hidden_columns", lang, n=len(config), names="; ".join(config)))


# --- downloads ------------------------------------------------------------------------------------


def downloads(lang: str, *, stem: str, table: pd.DataFrame,
              layers: Callable[[], dict[str, gpd.GeoDataFrame]] | None = None,
              label_key: str = "download.table", keep_totals: bool = False) -> None:
    """Show CSV, XLSX and (when `layers` is given) GeoPackage downloads of what is on screen.

    People are whole people (`export.whole_people`; `keep_totals` for parts of one whole).

    The files are made only when a button is clicked (a callable per button), so a control
    change never pays for them; clicking does not rerun the page.
    """
    # one row that wraps (not fixed columns): a label never has to fit a third of a narrow column
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        t(label_key, lang, fmt="CSV"), data=lambda: cached.table_bytes(table, "csv", keep_totals),
        file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
        width="content")
    row.download_button(
        t(label_key, lang, fmt="XLSX"), data=lambda: cached.table_bytes(table, "xlsx", keep_totals),
        file_name=f"{stem}.xlsx", on_click="ignore", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        width="content")
    if layers:
        row.download_button(
            t(label_key, lang, fmt="GeoPackage"), data=lambda: cached.geopackage_bytes(layers()),
            file_name=f"{stem}.gpkg", mime="application/geopackage+sqlite3", on_click="ignore",
            icon=":material/download:", width="content")


# --- maps -----------------------------------------------------------------------------------------


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

    Only `returned_objects` are reported back, so panning and zooming never rerun the page.
    If the vendored assets are missing, say how to fetch them instead of drawing a blank map.
    """
    from streamlit_folium import st_folium  # noqa: PLC0415

    missing = missing_assets()
    if missing:
        st.error(t("assets.missing", lang, path=str(VENDOR_DIR)))
        st.info(t("assets.missing_fix", lang))
        return {}
    groups = maps.dynamic_layers(m)
    maps.use_local_assets(m)
    for group in groups:
        maps.use_local_assets(group)
    # The map itself (view, context layers) is the component's identity; the layer groups
    # travel beside it, so a changed setting swaps them in the drawn map (no new map frame).
    return st_folium(m, key=key, height=height, use_container_width=True,
                     returned_objects=list(returned_objects),
                     feature_group_to_add=groups or None) or {}


def add_map_context(m: folium.Map, ds: Dataset, lang: str,
                    shown: Sequence[str] = maps.CONTEXT_LAYERS) -> folium.Map:
    """Add the context layers to `m`: main roads, municipal borders, town names; return `m`.

    Built once per dataset and language (`cached.map_context_data`); each is switched on and
    off in the map's layer control, `shown` are on at first. Nothing is fetched from the
    internet.
    """
    maps.context_layers(cached.map_context_data(ds, ds.dataset_id, lang),
                        shown=shown).add_to(m)
    return m


def map_sample(frame: pd.DataFrame, max_rows: int = MAP_MAX_MARKERS) -> pd.DataFrame:
    """Return `frame`, or a random sample of `max_rows` of its rows in their order.

    Seeded, so every rerun draws the same points: a browser cannot draw 200 000 markers.
    """
    if len(frame) <= max_rows:
        return frame
    return frame.sample(n=max_rows, random_state=0).sort_index()


def clicked_property(result: dict[str, Any] | None, name: str) -> object:
    """Return property `name` of the feature last clicked on a map (None if there is none)."""
    drawing = (result or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get(name)


def unit_name_column(lang: str) -> str:
    """Return the unit-name column to show in `lang` (Swedish names in Swedish)."""
    return "unit_name_sv" if lang == "sv" else "unit_name"

