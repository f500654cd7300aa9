"""The only place the app caches.

- `st.cache_resource`: the working dataset, loaded once per process and shared read-only by
  every session, keyed by its folder and the manifest's modification time (a rebuilt dataset,
  `python -m coverage sync`, is picked up on the next rerun); the prepared scenario (nearest
  providers of 90 000 cells, shared read-only: copying it per rerun would cost more than
  computing it); the app's `reach.Memo` (road network and road engines, which the library
  builds once per key); and the pixel → cell lookup of the cell images.
- `st.cache_data`: derived tables, keyed by small arguments (as passed, so the keyed ones
  have no defaults: the warm-up and the pages must hit the same entry): `dataset_id`, the
  scenario's parameters (`ScenarioParams`, a frozen dataclass of numbers and tuples), division
  ids and `providers_key` (None for the dataset's providers, else the uploaded file's hash and
  mode).
  Big inputs go in with a leading underscore (`_dataset`, `_providers`), which Streamlit does
  not hash; they are always determined by the hashed keys next to them.
- `scope="session"`: what a session derives from its own uploaded file (the parsed file, the
  combined providers, the prepared scenario, map rows). Streamlit frees it when
  the session disconnects; the dataset's values stay shared.

Functions here only call the library: no computation of their own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from coverage import figures, maps
from coverage.data.dataset import Dataset, data_dir, load_dataset
from coverage.errors import InputError, Problem

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from coverage.compare import Comparison, Weights
    from coverage.homesupport import HomeSupportResult
    from coverage.map_context import MapContext
    from coverage.network import RoadNetwork
    from coverage.planning import SitePlan
    from coverage.reach import Memo
    from coverage.scenario import Prepared
    from coverage.ui.params import HomeSupportInputs, PlanParams, ScenarioParams

# --- the dataset ---------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(path: str, stamp: int) -> Dataset:
    # `stamp` (the manifest's mtime) is only part of the cache key.
    return load_dataset(Path(path))


def dataset() -> Dataset:
    """Return the working dataset ($DIGITUKI_DATA_DIR or data/build).

    Raises
    ------
    DatasetMissingError
        If none has been built (not cached: the next rerun tries again).
    """
    path = data_dir()
    manifest = path / "manifest.json"
    stamp = manifest.stat().st_mtime_ns if manifest.exists() else 0
    return _load(str(path), stamp)


# --- the user's provider file --------------------------------------------------------------------


@dataclass(frozen=True)
class UploadCheck:
    """What a provider file gave: the providers (None if unusable), warnings, problems."""

    providers: pd.DataFrame | None
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


UPLOAD_CACHE_ENTRIES = 4
"""Values a session keeps per function of its own upload (its check, providers, scenarios)."""
# What a session derives from its own upload (the parsed file, its providers, their scenario
# and map rows) is cached with scope="session": Streamlit frees it when the
# session disconnects. A process-wide cache would keep a 200 000-row upload for every later
# visitor (measured: tests/benchmarks/bench_upload_memory.py). cache_resource, not cache_data:
# no copy per rerun; the values are read-only, like every cached value here.
_TRIM_DELAY_S = 2.0


def _return_memory(_released: object) -> None:
    """Ask the C allocator to give freed memory back to the system, once the release is over.

    Python frees a released upload's objects, but glibc keeps the pages for reuse: measured,
    a freed 200 000-row upload left ~285 MB resident until `malloc_trim`. A no-op where the C
    library has no `malloc_trim` (not glibc).
    """
    libc_name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc_name), "malloc_trim", None) if libc_name else None
    if trim is not None:
        timer = threading.Timer(_TRIM_DELAY_S, trim, args=(0,))
        timer.daemon = True
        timer.start()


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, scope="session",
                   on_release=_return_memory)
def check_upload(_dataset: Dataset, dataset_id: str, sha: str, _data: bytes,
                 filename: str) -> UploadCheck:
    """Return the validated providers of an uploaded file (keyed by its SHA-256), or problems.

    An unusable file is cached too (as its problems), so a rerun does not parse it again.
    Cached for the session only.
    """
    from coverage.data.user_providers import load_user_providers  # noqa: PLC0415

    try:
        frame, warnings = load_user_providers(_data, _dataset, filename=filename)
    except InputError as exc:
        return UploadCheck(None, [], list(exc.problems))
    return UploadCheck(frame, list(warnings), [])


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, scope="session")
def session_providers(_dataset: Dataset, dataset_id: str, providers_key: str | None,
                      _user: pd.DataFrame | None, mode: str) -> pd.DataFrame:
    """Return the providers of a session: the dataset's, plus or instead of the user's."""
    return figures.combine_providers(_dataset.providers, _user, mode=mode)


@st.cache_data(show_spinner=False, max_entries=8)
def register_providers(_dataset: Dataset, dataset_id: str, store: str, revision: int, day: str,
                       source: str) -> tuple[pd.DataFrame, int]:
    """Return the workspace's providers and how many of them come from the register.

    "register" or "both" (`coverage.followup.choose_providers`), at `revision`, valid on `day`.
    """
    from coverage.followup import choose_providers  # noqa: PLC0415
    from coverage.store import open_store  # noqa: PLC0415

    workspace = open_store(store)
    try:
        choice = choose_providers(_dataset, source, store=workspace, revision=revision, on=day)
    finally:
        workspace.dispose()
    return choice.providers, choice.register_rows - choice.register_twins


# --- overview -------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def key_figures(_dataset: Dataset, dataset_id: str, providers_key: str | None,
                _providers: pd.DataFrame | None) -> dict[str, Any]:
    """Return the national key figures (`coverage.figures.key_figures`)."""
    providers = _dataset.providers if _providers is None else _providers
    return figures.key_figures(_dataset.municipalities, _dataset.demand, providers)


@st.cache_data(show_spinner=False, max_entries=16)
def area_key_figures(_dataset: Dataset, dataset_id: str, providers_key: str | None,
                     area_spec: str, _providers: pd.DataFrame | None) -> dict[str, Any]:
    """Return the key figures of the area `area_spec` (`figures.key_figures_within`)."""
    providers = _dataset.providers if _providers is None else _providers
    area = _area(area_spec)
    codes = _dataset.municipalities["kunta_code"] if area is None else area.kunta_codes(_dataset)
    return figures.key_figures_within(_dataset.municipalities, _dataset.demand, providers, codes)


@st.cache_data(show_spinner=False, max_entries=8)
def municipality_figures(_dataset: Dataset, dataset_id: str, providers_key: str | None,
                         _providers: pd.DataFrame | None) -> pd.DataFrame:
    """Return the figures per municipality (`coverage.figures.municipality_figures`)."""
    providers = _dataset.providers if _providers is None else _providers
    return figures.municipality_figures(_dataset.municipalities, _dataset.demand, providers)


@st.cache_data(show_spinner=False, max_entries=8)
def municipality_map_frame(
    _dataset: Dataset, dataset_id: str, providers_key: str | None,
    _providers: pd.DataFrame | None, tolerance_m: float = maps.SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return simplified municipality polygons (EPSG:4326) with their figures."""
    providers = _dataset.providers if _providers is None else _providers
    return maps.municipality_map_frame(_dataset.municipalities, _dataset.demand, providers,
                                       tolerance_m=tolerance_m)


@st.cache_data(show_spinner=False, max_entries=16)
def _provider_marker_data(_dataset: Dataset, dataset_id: str, lang: str) -> dict[str, Any]:
    return maps.provider_marker_data(_dataset.providers, lang)


def provider_marker_data(_dataset: Dataset, dataset_id: str, providers_key: str | None,
                         lang: str, _providers: pd.DataFrame | None) -> dict[str, Any]:
    """Return the providers as compact, escaped map rows (`maps.provider_marker_data`).

    The dataset's are shared; an upload's are cached for its session only.
    """
    if providers_key is None or _providers is None:
        return _provider_marker_data(_dataset, dataset_id, lang)
    return _upload_marker_data(_dataset, dataset_id, providers_key, lang, _providers)


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, scope="session")
def _upload_marker_data(_dataset: Dataset, dataset_id: str, providers_key: str, lang: str,
                        _providers: pd.DataFrame) -> dict[str, Any]:
    return maps.provider_marker_data(_providers, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _scenario_marker_data(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                          lang: str, _prepared: Prepared) -> dict[str, Any]:
    return maps.provider_marker_data(_prepared.providers, lang)


def scenario_marker_data(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                         providers_key: str | None, lang: str,
                         _prepared: Prepared) -> dict[str, Any]:
    """Return the scenario's providers (those passing its filter) as compact map rows.

    Give `params.provider_selection()`: the threshold and need do not change the providers.
    The dataset's are shared; an upload's are cached for its session only.
    """
    if providers_key is None:
        return _scenario_marker_data(_dataset, dataset_id, params, lang, _prepared)
    return _upload_scenario_marker_data(_dataset, dataset_id, params, providers_key, lang,
                                        _prepared)


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, scope="session")
def _upload_scenario_marker_data(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                                 providers_key: str, lang: str,
                                 _prepared: Prepared) -> dict[str, Any]:
    return maps.provider_marker_data(_prepared.providers, lang)


# --- geometry -------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def unit_map_frame(_dataset: Dataset, dataset_id: str, division: str, mainland_only: bool,
                   _unit_of_kunta: dict[str, str] | None = None,
                   mapping_key: str | None = None) -> gpd.GeoDataFrame:
    """Return the units of `division` as simplified polygons for maps (EPSG:4326).

    `_unit_of_kunta` overrides the membership key (an option of the comparison, where Åland
    is split off); `mapping_key` names that override in the cache key.
    """
    unit_of = (_unit_of_kunta if _unit_of_kunta is not None
               else dict(zip(_dataset.membership["kunta_code"], _dataset.membership[division],
                             strict=True)))
    return maps.unit_map_frame(_dataset.municipalities, unit_of,
                               kunta_codes=_kunta_codes(_dataset, mainland_only))


@st.cache_data(show_spinner=False, max_entries=16)
def unit_polygons(_dataset: Dataset, dataset_id: str, division: str, mainland_only: bool,
                  _unit_of_kunta: dict[str, str] | None = None,
                  mapping_key: str | None = None) -> gpd.GeoDataFrame:
    """Return the units of `division` as exact polygons (EPSG:3067), for downloads."""
    unit_of = (_unit_of_kunta if _unit_of_kunta is not None
               else dict(zip(_dataset.membership["kunta_code"], _dataset.membership[division],
                             strict=True)))
    return figures.unit_polygons(_dataset.municipalities, unit_of,
                                 kunta_codes=_kunta_codes(_dataset, mainland_only))


def _kunta_codes(ds: Dataset, mainland_only: bool) -> list[str] | None:
    if not mainland_only:
        return None
    from coverage.data.regions import aland_codes  # noqa: PLC0415

    aland = aland_codes(ds.membership)
    return [k for k in ds.membership["kunta_code"] if k not in aland]


@st.cache_resource(show_spinner=False, max_entries=4)
def grid_warp(_dataset: Dataset, dataset_id: str, mainland_only: bool,
              _cells: pd.DataFrame) -> maps.GridWarp:
    """Return the pixel → cell lookup of cell images for the scenario's cells (read-only)."""
    return maps.grid_warp(_cells["grid_col"].to_numpy(), _cells["grid_row"].to_numpy())


@st.cache_resource(show_spinner=False, max_entries=2)
def map_context(_dataset: Dataset, dataset_id: str) -> MapContext:
    """Return the maps' context layers: main roads, municipal borders, town names (read-only)."""
    from coverage.map_context import map_context as build  # noqa: PLC0415

    return build(_dataset)


@st.cache_resource(show_spinner=False, max_entries=6)
def map_context_data(_dataset: Dataset, dataset_id: str, lang: str) -> str:
    """Return the context layers as the browser gets them (`maps.context_data`), per language.

    One string for every map and session: each map inlines it as it is.
    """
    return maps.context_data(map_context(_dataset, dataset_id), lang)


# --- the scenario ---------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def memo() -> Memo:
    """Return the app's memo: road networks and road engines shared by every session.

    The library builds them once per key (dataset, cells, providers, legs) and keeps a few.
    """
    from coverage.reach import Memo  # noqa: PLC0415

    return Memo()


@st.cache_resource(show_spinner=False, max_entries=8)
def _prepared(_dataset: Dataset, dataset_id: str, params: ScenarioParams) -> Prepared:
    from coverage.scenario import prepare  # noqa: PLC0415

    scenario = prepare(_dataset, params.scenario(), None, memo=memo())
    _ = scenario.cost.nearest
    return scenario


def prepared(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
             providers_key: str | None, _providers: pd.DataFrame | None) -> Prepared:
    """Return the prepared scenario (read-only; its lazy parts are computed once).

    Give `params.preparation()`. Its cost of reach is resolved here, under this cache's lock;
    by road, the engine comes from the memo, so moving the minutes slider reuses it. The
    dataset's scenarios are shared by every session; an upload's is cached for its session.
    """
    if providers_key is None or _providers is None:
        return _prepared(_dataset, dataset_id, params)
    return _upload_prepared(_dataset, dataset_id, params, providers_key, _providers)


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_CACHE_ENTRIES, scope="session")
def _upload_prepared(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                     providers_key: str, _providers: pd.DataFrame) -> Prepared:
    from coverage.scenario import prepare  # noqa: PLC0415

    scenario = prepare(_dataset, params.scenario(), _providers, memo=memo())
    _ = scenario.cost.nearest
    return scenario


def road_network(_dataset: Dataset, dataset_id: str) -> RoadNetwork:
    """Return the dataset's road network from the app's memo (raises RoadsMissingError)."""
    from coverage.reach import Reach  # noqa: PLC0415

    return memo().road_network(_dataset, Reach(mode="drive"))


def _area(area_spec: str):  # noqa: ANN202 - coverage.area.Area or None
    from coverage.area import Area  # noqa: PLC0415

    return Area.parse(area_spec) if area_spec else None


@st.cache_data(show_spinner=False, max_entries=64)
def access_table(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                 providers_key: str | None, division: str, area_spec: str,
                 _prepared: Prepared) -> pd.DataFrame:
    """Return coverage per unit of `division` (`scenario.access_table`), costs in its unit.

    Within `area_spec`: "" is the whole country; else the units' parts inside the area.
    """
    from coverage.scenario import access_table as table  # noqa: PLC0415

    return table(_dataset, _prepared, division, area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
         providers_key: str | None, area_spec: str,
         _prepared: Prepared) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the ranked gap areas and each cell's gap label (`scenario.gaps_table`).

    Within `area_spec` ("" = the whole country).
    """
    from coverage.scenario import gaps_table  # noqa: PLC0415

    return gaps_table(_dataset, _prepared, area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=8)
def gap_polygons(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                 providers_key: str | None, area_spec: str,
                 _prepared: Prepared) -> gpd.GeoDataFrame:
    """Return one polygon per gap area with its figures (EPSG:3067), for downloads."""
    table, labels = gaps(_dataset, dataset_id, params, providers_key, area_spec, _prepared)
    return figures.gap_polygons(_prepared.cells, labels, table)


@st.cache_data(show_spinner=False, max_entries=16)
def gap_outlines(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                 providers_key: str | None, area_spec: str, top: int,
                 _prepared: Prepared) -> gpd.GeoDataFrame:
    """Return the outlines of the `top` gap areas for the map (EPSG:4326, simplified)."""
    table, labels = gaps(_dataset, dataset_id, params, providers_key, area_spec, _prepared)
    return maps.gap_outline_frame(figures.gap_polygons(_prepared.cells, labels, table, top=top))


@st.cache_data(show_spinner=False, max_entries=32)
def area_bounds(_dataset: Dataset, dataset_id: str,
                area_spec: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Return the area's (lat, lon) south-west and north-east corners (None: the country)."""
    area = _area(area_spec)
    if area is None:
        return None
    return maps.area_bounds(_dataset.municipalities, area.kunta_codes(_dataset))


# --- coordinator options --------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def comparison(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
               providers_key: str | None, _prepared: Prepared) -> Comparison:
    """Return the option comparison with the default weights (`compare.compare_options`)."""
    from coverage.compare import compare_options  # noqa: PLC0415

    return compare_options(_dataset, _prepared)


@st.cache_data(show_spinner=False, max_entries=32)
def rescored(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
             providers_key: str | None, weights: Weights, spread: float,
             _comparison: Comparison) -> Comparison:
    """Return the comparison scored with `weights` (`figures.rescore`)."""
    return figures.rescore(_comparison, weights, spread=spread)


@st.cache_data(show_spinner=False, max_entries=4)
def report_zip(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
               providers_key: str | None, weights: Weights, spread: float, option: str,
               _prepared: Prepared, _comparison: Comparison, area_spec: str = "") -> bytes:
    """Return a zip of the report `coverage.report.write_report` writes (in a temp dir).

    With `area_spec`, the report has a section on the units of each option holding the area.
    """
    from coverage.report import write_report  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="digituki-report-") as tmp:
        out = Path(tmp) / "report"
        files = write_report(_dataset, _prepared, _comparison, option=option, out_dir=out,
                             area=_area(area_spec))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, arcname=f"digituki-report/{path.name}")
        return buffer.getvalue()


# --- planning -------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def site_plan(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
              providers_key: str | None, plan: PlanParams, area_spec: str,
              _prepared: Prepared) -> SitePlan:
    """Return the chosen new sites (`planning.plan_new_sites`), in `area_spec` ("": all)."""
    from coverage.planning import plan_new_sites  # noqa: PLC0415

    return plan_new_sites(_dataset, _prepared, plan.settings(), area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=16)
def before_after(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                 providers_key: str | None, plan: PlanParams, division: str, area_spec: str,
                 _prepared: Prepared, _plan: SitePlan) -> pd.DataFrame:
    """Return coverage per unit before and after the new sites (`planning.before_after_table`).

    Within `area_spec` ("" = the whole country; else the units' parts inside the area).
    """
    from coverage.planning import before_after_table  # noqa: PLC0415

    return before_after_table(_dataset, _prepared, _plan, division, area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=16)
def region_explanation(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                       providers_key: str | None, plan: PlanParams, division: str,
                       area_spec: str, _prepared: Prepared, _plan: SitePlan) -> pd.DataFrame:
    """Return why the new sites went where they did, per unit (`planning.region_explanation`)."""
    from coverage.planning import region_explanation as explain  # noqa: PLC0415

    return explain(_dataset, _prepared, _plan, division, area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=8)
def read_bases(sha: str, _data: bytes, filename: str) -> pd.DataFrame:
    """Return the bases of an uploaded file (`homesupport.read_bases`); raises InputError."""
    from coverage.homesupport import read_bases as read  # noqa: PLC0415

    return read(_data, filename=filename)


@st.cache_data(show_spinner=False, max_entries=16)
def home_support(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                 providers_key: str | None, inputs: HomeSupportInputs, area_spec: str,
                 _prepared: Prepared, _bases: pd.DataFrame) -> HomeSupportResult:
    """Return what the bases serve of the home-visit demand (`homesupport.home_support`).

    In `area_spec`: its bases and its clients ("" = the whole country).
    """
    from coverage.homesupport import home_support as run  # noqa: PLC0415

    return run(_dataset, _prepared, _bases, inputs.params(), area=_area(area_spec))


@st.cache_data(show_spinner=False, max_entries=32)
def home_support_by_unit(_dataset: Dataset, dataset_id: str, params: ScenarioParams,
                         providers_key: str | None, inputs: HomeSupportInputs, division: str,
                         area_spec: str, _prepared: Prepared,
                         _result: HomeSupportResult) -> pd.DataFrame:
    """Return served and unserved home-visit clients per unit (`homesupport.by_unit`)."""
    from coverage.homesupport import by_unit  # noqa: PLC0415

    return by_unit(_dataset, _prepared, _result, division)


# --- downloads ------------------------------------------------------------------------------------


def table_bytes(table: pd.DataFrame, fmt: str, keep_totals: bool = False) -> bytes:
    """Return a table as csv/xlsx bytes (`export.table_bytes`; not cached: made on click)."""
    from coverage.export import table_bytes as encode  # noqa: PLC0415

    return encode(table, fmt, keep_totals=keep_totals)


def geopackage_bytes(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    """Return a GeoPackage of `layers` (`figures.geopackage_bytes`; made on click)."""
    return figures.geopackage_bytes(layers)
