"""Suunnittelu in a real browser on a 1366x768 laptop: the table that says why the new sites
went where they did fits its column (no text cut off, no sideways overflow) in Finnish, Swedish
and English, and the map is fitted to Oma alue (Lappi) with the new sites inside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from coverage.ui.text import t

from .test_browser_app import _map_frame, _no_exception, _wait_idle, _wait_map_drawn
from .test_browser_area import OVERFLOWING_TEXT

if TYPE_CHECKING:
    from .conftest import Session

pytestmark = pytest.mark.browser

TABLE_FITS = """(heading) => {
    // The explanation table: the Markdown table whose header has `heading`. It must fit its
    // column of the page and the window (no sideways scrolling of its own block) and no cell
    // may clip its text.
    const table = [...document.querySelectorAll('[data-testid="stMain"] table')]
        .find(t => t.innerText.includes(heading));
    if (!table) return {found: false};
    const block = table.closest('[data-testid="stMarkdown"]');
    const column = block.parentElement.closest('[data-testid="stVerticalBlock"]');
    const box = table.getBoundingClientRect(), room = column.getBoundingClientRect();
    const clipped = [...table.querySelectorAll('th, td')]
        .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 40));
    let sideways = false;
    for (let el = table.parentElement; el && el !== column; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth + 1)
            sideways = `${el.getAttribute('data-testid') || el.tagName}: `
                + `${el.scrollWidth} > ${el.clientWidth}`;
    }
    return {found: true, rows: table.rows.length, right: box.right, room: room.right,
            left: box.left, roomLeft: room.left, window: window.innerWidth, clipped, sideways};
}"""

SITES_IN_MAP = """() => {
    // The new-site markers (numbered points) and the map's view: both as latitude/longitude.
    const out = {sites: [], bounds: null};
    window.map.eachLayer(layer => {
        const icon = layer.options && layer.options.icon;
        const html = icon && icon.options && icon.options.html;
        if (html && icon.options.className.includes('coverage-point'))
            out.sites.push([layer.getLatLng().lat, layer.getLatLng().lng]);
    });
    const b = window.map.getBounds();
    out.bounds = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
    return out;
}"""


def _open_plan(app: Session, query: str) -> None:
    app.page.goto(f"{app.base_url}/suunnittelu?{query}")
    app.page.wait_for_selector("h1")
    _wait_idle(app)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_explanation_table_fits_a_laptop_screen(app_at, lang):
    with app_at(1366, 768) as app:
        _open_plan(app, f"lang={lang}")
        heading = t("plan.why_title", lang, division=t("division.maakunta", lang))
        title = app.page.get_by_role("heading", name=heading)
        title.wait_for()
        title.scroll_into_view_if_needed()
        app.page.wait_for_timeout(1000)  # late layout: the table's columns settle
        fit = app.page.evaluate(TABLE_FITS, t("col.unmet_before", lang))
        assert fit["found"], "no explanation table"
        assert fit["rows"] == 20  # the header and 19 maakunnat
        assert fit["right"] <= min(fit["room"], fit["window"]) + 1, fit
        assert fit["left"] >= fit["roomLeft"] - 1, fit
        assert fit["clipped"] == []
        assert not fit["sideways"], fit
        cut = [c for c in app.page.evaluate(OVERFLOWING_TEXT) if "table" in c.lower()]
        assert cut == []
        _no_exception(app)
        app.page.screenshot(path=str(app.screenshot(f"plan14_why_{lang}_1366").parent
                                     / f"plan14_why_{lang}_1366_view.png"))


def test_plan_map_is_fitted_to_oma_alue(app_at):
    """Oma alue Lappi: the map's view is Lappi's (north of 65.5 N) and every new site is in it."""
    with app_at(1366, 768) as app:
        _open_plan(app, "area=maakunta:19&lang=fi")
        app.page.get_by_test_id("stMain").get_by_text("Alue: Lappi (21 kuntaa)").first.wait_for()
        _wait_map_drawn(app, 1, 10)
        seen = _map_frame(app).evaluate(SITES_IN_MAP)
        assert len(seen["sites"]) == 10
        south, west, north, east = seen["bounds"]
        print("plan map view (S, W, N, E):", seen["bounds"])
        assert 65.7 < (south + north) / 2 < 70.1  # centred on Lappi (65.7-70.1 N)
        assert south > 61.5  # not the whole country (59.8 N and south of it)
        for lat, lon in seen["sites"]:
            assert lat > 65.5
            assert south <= lat <= north
            assert west <= lon <= east
        _no_exception(app)
        app.screenshot("plan14_lappi_map_1366")


HOURS = {"fi": ("100,0\u00a0%", "300,0 / 300,0 h/vko käytössä", "2\u00a0422"),
         "sv": ("100,0\u00a0%", "300,0 / 300,0 h/v används", "2\u00a0422"),
         "en": ("100.0%", "300.0 / 300.0 h/week used", "2,422")}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_home_support_of_oma_alue_with_hours_per_week(app_at, lang):
    """Oma alue Kainuu: the home-support figures are Kainuu's, staff hours per week; no text
    cut off at 1366 px."""
    share, hours, clients = HOURS[lang]
    with app_at(1366, 768) as app:
        _open_plan(app, f"area=maakunta:18&lang={lang}")
        main = app.page.get_by_test_id("stMain")
        main.get_by_text(t("plan.section_home", lang), exact=True).click()
        _wait_idle(app)
        metric = main.get_by_test_id("stMetric").filter(
            has=app.page.get_by_test_id("stMetricLabel").filter(
                has_text=t("hs.fig_staff", lang))).first
        metric.wait_for()
        assert metric.get_by_test_id("stMetricValue").inner_text() == share
        main.get_by_text(hours, exact=True).wait_for()
        demand = main.get_by_test_id("stMetric").filter(
            has=app.page.get_by_test_id("stMetricLabel").filter(
                has_text=t("hs.fig_demand", lang))).first
        assert demand.get_by_test_id("stMetricValue").inner_text() == clients
        _wait_map_drawn(app, 1, 0)
        cut = app.page.evaluate(OVERFLOWING_TEXT)
        _no_exception(app)
        app.screenshot(f"plan14_home_kainuu_{lang}_1366")
        assert cut == [], cut
