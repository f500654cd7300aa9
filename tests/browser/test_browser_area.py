"""The regional workbench in a real browser on laptop screens: a map click selects, `?area=`
opens the area's figures and gaps, and no text is cut off, in Finnish, Swedish and English.

Window sizes are the screens that matter (1366x768, 1440x900, 1920x1080): a 1500x1500 window
shows the whole map at once and could not see that a click on a map partly off screen made the
page scroll between mousedown and mouseup.
"""

from __future__ import annotations

import pytest

from coverage.area import Area
from coverage.data.dataset import load_dataset
from coverage.scenario import Scenario, access_table, gaps_table, prepare
from coverage.ui.pages import PAGES
from coverage.ui.text import fmt_pct, t

from .conftest import LAPTOP_SCREENS, Session
from .test_browser_app import (
    FIND_CLICKABLE,
    MAP_IFRAME,
    _map_frame,
    _no_exception,
    _wait_idle,
    _wait_map_drawn,
)

pytestmark = pytest.mark.browser

SIZES = [pytest.param(w, h, id=f"{w}x{h}") for w, h in LAPTOP_SCREENS]
LAPPI = "maakunta:19"

OVERFLOWING_TEXT = """() => {
    // Elements that clip their own text (ellipsis or hidden overflow) and whose text is wider
    // than their box: a label, button, chip or heading cut off. Maps are iframes (left out).
    const found = [];
    const roots = ['stMain', 'stSidebar'].map(
        id => document.querySelector(`[data-testid="${id}"]`)).filter(Boolean);
    for (const root of roots) {
        for (const el of root.querySelectorAll('*')) {
            const text = (el.innerText || '').trim();
            if (!text) continue;
            const cs = getComputedStyle(el);
            if (cs.display === 'none' || cs.visibility === 'hidden') continue;
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue;
            const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX)
                || cs.textOverflow === 'ellipsis';
            if (clips && el.scrollWidth > el.clientWidth + 1) {
                found.push(`${el.closest('[data-testid]')?.getAttribute('data-testid')}: `
                    + `"${text.slice(0, 60)}" (${el.scrollWidth} > ${el.clientWidth} px)`);
            }
        }
    }
    return [...new Set(found)];
}"""

TOP_GAP_TOOLTIPS = """() => {
    const out = {};
    window.map.eachLayer(layer => {
        const icon = layer.options && layer.options.icon;
        const html = icon && icon.options && icon.options.html;
        if (!html || !icon.options.className.includes('coverage-point')) return;
        const label = (html.match(/>(\\d+)</) || [])[1];
        const tip = layer.getTooltip && layer.getTooltip();
        if (label && tip) out[label] = {text: tip.getContent(), lat: layer.getLatLng().lat};
    });
    return out;
}"""


@pytest.fixture(scope="module")
def lappi_figures():
    """Lappi's figures from the library, as the app's default scenario computes them."""
    ds = load_dataset()
    prepared = prepare(ds, Scenario())
    area = Area.parse(LAPPI)
    row = access_table(ds, prepared, "country", area=area).iloc[0]
    gaps, _labels = gaps_table(ds, prepared, area=area)
    return row, gaps


def _open(app: Session, path: str) -> None:
    app.page.goto(f"{app.base_url}/{path}")
    app.page.wait_for_selector("h1")
    _wait_idle(app)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_clicking_a_municipality_selects_it(app_at, width, height):
    with app_at(width, height) as app:
        _open(app, "")
        _wait_map_drawn(app)
        _wait_idle(app)
        box = app.page.locator(MAP_IFRAME).last.bounding_box()
        assert box["height"] <= height, "the map is taller than the window"
        candidates = _map_frame(app).evaluate(FIND_CLICKABLE)
        assert candidates, "no municipality centre is free of markers"
        target = candidates[0]
        app.page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        app.page.get_by_text(f"{target['name']} ({target['code']})").wait_for()
        _no_exception(app)
        app.screenshot(f"area_click_{width}x{height}")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_aukot_url_opens_lappi_figures_and_gaps_first(app_at, lappi_figures, width, height):
    row, gaps = lappi_figures
    with app_at(width, height) as app:
        _open(app, f"aukot?area={LAPPI}")
        main = app.page.get_by_test_id("stMain")
        main.get_by_role("heading", name="Alue: Lappi (21 kuntaa)").wait_for()
        metric = main.get_by_test_id("stMetric").filter(
            has=app.page.get_by_test_id("stMetricLabel").filter(
                has_text=t("fig.coverage_share", "fi"))).first
        assert metric.get_by_test_id("stMetricValue").inner_text() == fmt_pct(
            row["coverage_share"], "fi")
        _wait_map_drawn(app, 1, 10)
        tips = _map_frame(app).evaluate(TOP_GAP_TOOLTIPS)
        assert set(tips) == {str(r) for r in range(1, 11)}
        assert gaps.iloc[0]["place_name"] in tips["1"]["text"]
        assert all(tip["lat"] > 65.5 for tip in tips.values())  # Lappi lies north of 65.5 N
        assert "aukot?area=maakunta%3A19" in app.page.url or "area=maakunta:19" in app.page.url
        _no_exception(app)
        app.screenshot(f"area_aukot_lappi_{width}x{height}")


def test_area_and_language_from_the_url(app_at):
    with app_at(1440, 900) as app:
        _open(app, f"aukot?area={LAPPI}&lang=sv")
        main = app.page.get_by_test_id("stMain")
        main.get_by_role("heading", name="Område: Lappland (21 kommuner)").wait_for()
        main.get_by_role("heading", name=t("gaps.title", "sv")).wait_for()
        # the area and the language stay when another page is opened from the sidebar
        app.page.get_by_test_id("stSidebarNav").get_by_role(
            "link", name=t("page.suunnittelu", "sv")).click()
        app.page.get_by_role("heading", name=t("plan.title", "sv")).wait_for()
        _wait_idle(app)
        assert "area=maakunta" in app.page.url
        assert "lang=sv" in app.page.url
        _no_exception(app)


@pytest.mark.parametrize(("width", "height", "lang"), [
    pytest.param(1366, 768, "fi", id="1366-fi"), pytest.param(1366, 768, "sv", id="1366-sv"),
    pytest.param(1366, 768, "en", id="1366-en"), pytest.param(1920, 1080, "sv", id="1920-sv"),
])
def test_no_text_is_cut_off(app_at, width, height, lang):
    cut = {}
    with app_at(width, height) as app:
        for page in PAGES:
            _open(app, f"{'' if page.default else page.url_path}?lang={lang}&area={LAPPI}")
            app.page.wait_for_timeout(1500)  # late layout: maps, tables and chips
            found = app.page.evaluate(OVERFLOWING_TEXT)
            if found:
                cut[page.url_path] = found
            app.screenshot(f"area_text_{page.url_path}_{lang}_{width}")
    assert cut == {}
