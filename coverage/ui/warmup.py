"""Warm the app up when the server starts, so the first visitor does not wait for it.

`streamlit run app.py` serves app.py through `st.App` (see app.py), whose lifespan starts
`warm_up` in a background thread and returns at once: the server is healthy as soon as it
would be anyway, and while the browser loads Streamlit's own frontend the thread imports the
heavy modules (geopandas, folium), loads the dataset and fills the caches the first page
(Yleiskuva) reads. The default scenario of the analysis pages follows once a first page view
has finished (or after `ANALYSIS_AFTER_S`), so it does not compete with that view for the
CPU. Every value goes through `ui.cached`, so a visitor who asks for one meanwhile waits for
the same computation instead of repeating it. A failure here is only logged: pages compute
on demand. (streamlit-folium is not imported here: declaring its component outside a page
run leaves the component unserved.)
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

LOG = logging.getLogger("coverage.ui.warmup")
ANALYSIS_AFTER_S = 15.0
"""Warm the analysis pages this long after the start at the latest, page view or not."""
_FIRST_VIEW = threading.Event()


def page_view_done() -> None:
    """Note that a page run finished (app.py calls this): the analysis warm-up may start."""
    _FIRST_VIEW.set()


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """Start `warm_up` in a daemon thread; the server does not wait for it."""
    threading.Thread(target=warm_up, name="digituki-warm-up", daemon=True).start()
    yield


def warm_up() -> None:
    """Import, load and cache what the first page views need (errors are only logged)."""
    started = time.perf_counter()
    try:
        _warm_up()
    except Exception:  # a warm-up must never take the server down
        LOG.warning("warm-up stopped early; pages will compute on demand", exc_info=True)
        return
    LOG.info("warm-up done in %.1f s", time.perf_counter() - started)


def _first_element_check() -> None:
    """Run Streamlit's once-per-process check made before the first element is sent.

    It decides whether to warn about running outside `streamlit run` by walking the calling
    thread's stack with `inspect.stack()`, which reads the source of every frame (0.2 s under
    a page run). Here, on a short stack, it is cheap; the server runs, so nothing is printed.
    """
    from streamlit import delta_generator  # noqa: PLC0415

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if check is not None:  # a private function: skipped if a Streamlit version drops it
        check()


def _warm_up() -> None:
    # In the page's order: the dataset and the key figures (shown first), then what the map
    # and the widgets need.
    from coverage.errors import DatasetMissingError  # noqa: PLC0415
    from coverage.ui import cached, state  # noqa: PLC0415
    from coverage.ui.params import ScenarioParams  # noqa: PLC0415

    try:
        ds = cached.dataset()
    except DatasetMissingError:
        return  # the pages say how to build it
    dataset_id = ds.dataset_id
    # Yleiskuva (the default page), with the page's arguments for the dataset's providers
    cached.key_figures(ds, dataset_id, None, None)
    cached.municipality_figures(ds, dataset_id, None, None)
    _first_element_check()

    import folium  # noqa: PLC0415 - 0.3 s of imports (branca, jinja)
    import folium.plugins  # noqa: F401, PLC0415 - 0.5 s: compiles its classes' templates
    from streamlit.string_util import extract_leading_emoji  # noqa: PLC0415

    # Streamlit looks for a leading emoji in every non-ASCII widget label ("Väestö"): the
    # first look compiles a regex of every emoji (0.4 s), which the first visitor would wait for.
    extract_leading_emoji("Väestö")
    cached.municipality_map_frame(ds, dataset_id, None, None)
    cached.provider_marker_data(ds, dataset_id, None, "fi", None)
    cached.map_context_data(ds, dataset_id, "fi")
    # the analysis pages' default scenario, once the first view is out of the way
    _FIRST_VIEW.wait(timeout=ANALYSIS_AFTER_S)
    d = state.DEFAULTS
    params = ScenarioParams(threshold_km=d["sc_threshold_km"], circuity=d["sc_circuity"])
    prepared = cached.prepared(ds, dataset_id, params.preparation(), None, None)
    for division in ("country", d["gaps_division"]):
        cached.access_table(ds, dataset_id, params, None, division, "", prepared)
    cached.unit_map_frame(ds, dataset_id, d["gaps_division"], False)
    cached.gaps(ds, dataset_id, params, None, "", prepared)
    cached.grid_warp(ds, dataset_id, False, prepared.cells)
    cached.scenario_marker_data(ds, dataset_id, params.provider_selection(), None, "fi", prepared)
    # the drive-time mode's road network (0.3-0.5 s), if the dataset has one
    from coverage.data.roads import has_roads  # noqa: PLC0415

    if has_roads(ds.path):
        cached.road_network(ds, dataset_id)
