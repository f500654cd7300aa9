"""The app in headless Chromium with the network blocked: pages, map, language, clicks, escaping.

Screenshots go to tests/screenshots/ (git-ignored): look at them, a blank map is a bug.
"""

from __future__ import annotations

import pytest

from coverage.ui.pages import PAGES
from coverage.ui.text import t

from .conftest import EVIL_NAME, Session

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MIN_POLYGONS = 300
MIN_MARKERS = 10


def _url_path(page) -> str:
    """Streamlit serves the default page at "/" (its own url_path is "page not found")."""
    return "" if page.default else page.url_path


def _open(app: Session, url_path: str = "") -> None:
    app.page.goto(f"{app.base_url}/{url_path}")
    app.page.wait_for_selector("h1")


def _wait_idle(app: Session) -> None:
    """Wait until Streamlit has finished the current run."""
    app.page.wait_for_function(
        """() => {
            const state = document.querySelector('[data-testid="stApp"]')
                ?.getAttribute('data-test-script-state');
            const loading = document.querySelector(
                '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]');
            return state && !loading && !['initial', 'running', 'rerunRequested'].includes(state);
        }""")


def _no_exception(app: Session) -> None:
    assert app.page.locator('[data-testid="stException"]').count() == 0


def _map(app: Session):
    """The map's iframe content (the newest: a rerun may briefly keep the old one)."""
    app.page.wait_for_selector(MAP_IFRAME, state="attached")
    return app.page.locator(MAP_IFRAME).last.content_frame


def _wait_map_drawn(app: Session):
    frame = _map(app)
    frame.locator("path.leaflet-interactive").nth(MIN_POLYGONS - 1).wait_for(state="attached")
    frame.locator(".marker-cluster, .provider-marker").nth(MIN_MARKERS - 1).wait_for(
        state="attached")
    return frame


def _map_frame(app: Session):
    """The Playwright Frame of the map (for evaluating JavaScript in it)."""
    return app.page.locator(MAP_IFRAME).last.element_handle().content_frame()


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_loads_without_exception(app: Session, page):
    _open(app, _url_path(page))
    app.page.get_by_role("heading", name=t(page.title_key, "fi"), level=1).wait_for()
    if page.url_path == "yleiskuva":
        _wait_map_drawn(app)
    if page.url_path == "aineisto":
        app.page.get_by_test_id("stDataFrame").nth(2).wait_for()
    _wait_idle(app)
    _no_exception(app)
    assert "Page not found" not in app.page.content()
    app.screenshot(f"{page.url_path}_fi")


def test_map_draws_municipalities_and_providers_offline(app: Session):
    _open(app)
    frame = _wait_map_drawn(app)
    polygons = frame.locator("path.leaflet-interactive").count()
    markers = frame.locator(".marker-cluster, .provider-marker").count()
    assert polygons >= MIN_POLYGONS, polygons
    assert markers >= MIN_MARKERS, markers
    legend = frame.locator(".coverage-legend").first
    assert "65 vuotta täyttäneiden osuus" in legend.inner_text()
    assert "%" in legend.inner_text()
    # Leaflet came from the app itself, not a CDN.
    scripts = _map_frame(app).evaluate("Array.from(document.scripts).map(s => s.src)")
    assert any(s.endswith("/app/static/vendor/leaflet/leaflet.js") for s in scripts), scripts
    assert all(s == "" or s.startswith(app.base_url) for s in scripts), scripts
    _no_exception(app)
    app.screenshot("yleiskuva_map_fi")


@pytest.mark.parametrize(("lang", "name", "title", "metric", "legend"), [
    ("sv", "Svenska", "Översikt", "Befolkning", "Andel som fyllt 65 år"),
    ("en", "English", "Overview", "Population", "Share of population aged 65+"),
])
def test_switching_language_changes_labels(app: Session, lang, name, title, metric, legend):
    _open(app)
    _wait_map_drawn(app)
    app.page.get_by_test_id("stSidebar").get_by_role("combobox").click()
    app.page.get_by_role("option", name=name).click()
    app.page.get_by_role("heading", name=title, level=1).wait_for()
    app.page.get_by_test_id("stMetricLabel").filter(has_text=metric).first.wait_for()
    _wait_idle(app)
    frame = _map(app)
    frame.locator(".coverage-legend", has_text=legend).wait_for()
    assert app.page.get_by_role("link", name=t("page.aineisto", lang)).count() == 1
    _wait_map_drawn(app)
    _no_exception(app)
    app.screenshot(f"yleiskuva_{lang}")


FIND_CLICKABLE = """() => {
    const map = window.map, box = map.getContainer().getBoundingClientRect(), found = [];
    map.eachLayer(layer => {
        const props = layer.feature && layer.feature.properties;
        if (!props || !props.kunta_code || !layer._path) return;
        const p = map.latLngToContainerPoint(layer.getCenter());
        const x = box.left + p.x, y = box.top + p.y;
        if (document.elementFromPoint(x, y) !== layer._path) return;
        const b = layer._path.getBoundingClientRect();
        found.push({code: props.kunta_code, name: props.name_fi, x, y, size: b.width * b.height});
    });
    found.sort((a, b) => b.size - a.size);
    return found.slice(0, 3);
}"""


def test_clicking_a_municipality_shows_its_figures(app: Session):
    _open(app)
    _wait_map_drawn(app)
    _wait_idle(app)
    candidates = _map_frame(app).evaluate(FIND_CLICKABLE)
    assert candidates, "no municipality centre is free of markers"
    target = candidates[0]
    frame_box = app.page.locator(MAP_IFRAME).last.bounding_box()
    app.page.mouse.click(frame_box["x"] + target["x"], frame_box["y"] + target["y"])
    app.page.get_by_text(f"{target['name']} ({target['code']})").wait_for()
    labels = app.page.get_by_test_id("stMetricLabel")
    labels.filter(has_text="Palveluntarjoajia kunnassa").wait_for()
    _no_exception(app)
    app.screenshot("yleiskuva_selected_fi")


OPEN_EVIL_POPUP = """(name) => new Promise((resolve, reject) => {
    let group = null;
    window.map.eachLayer(layer => { if (layer.zoomToShowLayer) group = layer; });
    if (!group) return reject("no marker cluster group");
    const marker = group.getLayers().find(m => m.options.title === name);
    if (!marker) return reject("no marker titled " + name);
    group.zoomToShowLayer(marker, () => { marker.openPopup(); resolve(true); });
})"""


def test_provider_name_with_html_is_shown_as_text(app: Session):
    _open(app)
    _wait_map_drawn(app)
    _wait_idle(app)
    assert _map_frame(app).evaluate(OPEN_EVIL_POPUP, EVIL_NAME)
    frame = _map(app)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert EVIL_NAME in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert frame.locator("img[src='x']").count() == 0
    app.page.wait_for_timeout(500)  # give an injected onerror handler the chance to fire
    assert app.dialogs == []
    app.screenshot("yleiskuva_provider_popup_fi")


def test_no_request_leaves_the_machine_on_any_page(app: Session):
    for page in PAGES:
        _open(app, _url_path(page))
        if page.url_path == "yleiskuva":
            _wait_map_drawn(app)
        _wait_idle(app)
    assert app.blocked == []
