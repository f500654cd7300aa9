"""Yleiskuva and Koordinaatiomallit focused on the user's area, in a real browser on laptop
screens: the area's figures, the map fitted to it with the rest of the country grey, the units
holding the area outlined on every small map and named, tables that fit without scrolling
sideways, and no text cut off, in Finnish, Swedish and English.
"""

from __future__ import annotations

import json

import pytest

from coverage.area import Area
from coverage.compare import OPTIONS
from coverage.data.dataset import load_dataset
from coverage.scenario import Scenario, access_table, prepare
from coverage.ui.components import AREA_OUTLINE_COLOR, SMALL_MAP_HEIGHT
from coverage.ui.text import fmt_int, fmt_pct, t

from .conftest import LAPTOP_SCREENS, Session
from .test_browser_app import MAP_IFRAME, _map_frame, _no_exception, _wait_idle, _wait_map_drawn
from .test_browser_area import LAPPI, OVERFLOWING_TEXT

pytestmark = pytest.mark.browser

SIZES = [pytest.param(w, h, id=f"{w}x{h}") for w, h in LAPTOP_SCREENS]
LAPPI_KUNNAT = 21
FADED_FILL = "#c9ced6"  # coverage.maps.FADED_COLOR: the land outside the area

TABLES_WIDER_THAN_THEIR_BOX = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"] table')]
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => `${t.innerText.slice(0, 40)} (${t.scrollWidth} > ${t.parentElement.clientWidth})`)"""

MAP_VIEW = """() => {
    const map = window.map || window.map_div;
    const paths = [...document.querySelectorAll('path')];
    const c = map.getCenter();
    return {lat: c.lat, lon: c.lng,
            faded: paths.filter(p => p.getAttribute('fill') === FADED_FILL).length,
            clickable: paths.filter(p => p.classList.contains('leaflet-interactive')).length};
}""".replace("FADED_FILL", json.dumps(FADED_FILL))

OUTLINED = """() => [...document.querySelectorAll('path')]
    .filter(p => (p.getAttribute('stroke') || '').toLowerCase() === OUTLINE
                 && p.getAttribute('fill') === 'none').length""".replace(
    "OUTLINE", json.dumps(AREA_OUTLINE_COLOR))


@pytest.fixture(scope="module")
def lappi_row():
    """Lappi's row of the access table at the app's default settings."""
    ds = load_dataset()
    return access_table(ds, prepare(ds, Scenario()), "country", area=Area.parse(LAPPI)).iloc[0]


def _open(app: Session, path: str) -> None:
    app.page.goto(f"{app.base_url}/{path}")
    app.page.wait_for_selector("h1")
    _wait_idle(app)


def _metric(app: Session, label: str) -> str:
    main = app.page.get_by_test_id("stMain")
    metric = main.get_by_test_id("stMetric").filter(
        has=app.page.get_by_test_id("stMetricLabel").filter(has_text=label)).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def _fits(app: Session) -> None:
    """No label, button or chip cuts its text, and no table is wider than its column."""
    app.page.wait_for_timeout(1000)  # late layout: maps, tables and chips
    assert app.page.evaluate(OVERFLOWING_TEXT) == []
    assert app.page.evaluate(TABLES_WIDER_THAN_THEIR_BOX) == []


@pytest.mark.parametrize(("width", "height", "lang"), [
    *(pytest.param(w, h, "fi", id=f"{w}x{h}-fi") for w, h in LAPTOP_SCREENS),
    pytest.param(1366, 768, "sv", id="1366x768-sv"),
    pytest.param(1366, 768, "en", id="1366x768-en"),
])
def test_overview_url_opens_lappi(app_at, lappi_row, width, height, lang):
    with app_at(width, height) as app:
        _open(app, f"?area={LAPPI}&lang={lang}")
        main = app.page.get_by_test_id("stMain")
        name = "Lappland" if lang == "sv" else "Lappi"
        main.get_by_role("heading", name=t("area.caption", lang, name=name, n=LAPPI_KUNNAT)
                         ).wait_for()
        assert _metric(app, t("fig.population", lang)) == fmt_int(lappi_row["population"], lang)
        assert _metric(app, t("fig.municipalities", lang)) == str(LAPPI_KUNNAT)
        assert _metric(app, t("fig.need", lang)) == fmt_int(lappi_row["need"], lang)
        assert _metric(app, t("fig.need_coverage_share", lang)) == fmt_pct(
            lappi_row["need_coverage_share"], lang)
        _wait_map_drawn(app, LAPPI_KUNNAT, 1)
        view = _map_frame(app).evaluate(MAP_VIEW)
        assert view["lat"] > 65.5, view  # fitted to Lappi (north of 65.5 N), not the country
        assert view["faded"] == 308 - LAPPI_KUNNAT  # the rest of the country, grey
        assert view["clickable"] == LAPPI_KUNNAT  # only the area's municipalities
        box = app.page.locator(MAP_IFRAME).last.bounding_box()
        assert box["height"] <= height
        # the area's municipalities ranked, the national rank beside
        table = main.locator("table").filter(has_text=t("overview.rank_country", lang))
        assert table.locator("tbody tr").count() == LAPPI_KUNNAT
        _fits(app)
        _no_exception(app)
        app.screenshot(f"y14_overview_lappi_{lang}_{width}x{height}")


HOLDING = {  # units holding Lappi: name in each language, and how many per option
    "fi": {"hyvinvointialue": "Lapin hyvinvointialue", "avi": "Lapin AVI"},
    "sv": {"hyvinvointialue": "Lapplands välfärdsområde", "avi": "Lapplands RFV"},
    "en": {"hyvinvointialue": "Lapin hyvinvointialue", "avi": "Lapin AVI"},
}
OUTLINES = {"kunta": 21, "maakunta": 1, "avi": 1, "maistraatti": 1, "hyvinvointialue": 1,
            "elinvoimakeskus": 1, "seutukunta": 6}


def _check_options_page(app: Session, lang: str) -> None:
    name = "Lappland" if lang == "sv" else "Lappi"
    main = app.page.get_by_test_id("stMain")
    main.get_by_role("heading", name=t("area.caption", lang, name=name, n=LAPPI_KUNNAT)).wait_for()
    main.get_by_role("heading", name=t("options.area_title", lang, name=name)).wait_for()
    area_table = main.locator("table").filter(has_text=t("col.area_units", lang))
    for option, unit in HOLDING[lang].items():
        row = area_table.locator("tr").filter(has_text=t(f"division.{option}", lang)).first
        assert unit in row.inner_text()
    frames = app.page.locator(MAP_IFRAME)
    assert frames.count() == len(OPTIONS) == len(OUTLINES)
    for i, option in enumerate(OPTIONS):
        _wait_map_drawn(app, 2, 0, index=i)
        assert frames.nth(i).bounding_box()["height"] == pytest.approx(SMALL_MAP_HEIGHT, abs=1)
        assert _map_frame(app, i).evaluate(OUTLINED) == OUTLINES[option], option
    # the options side by side: one table with a row per option, all of it on screen
    options_table = main.locator("table").filter(has_text=t("col.rank_first_share", lang))
    assert options_table.locator("tbody tr").count() == len(OPTIONS)
    _fits(app)
    _no_exception(app)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_options_page_with_lappi_at_1366(app_at, lang):
    with app_at(1366, 768) as app:
        _open(app, f"koordinaatiomallit?area={LAPPI}&lang={lang}")
        _check_options_page(app, lang)
        app.screenshot(f"y14_options_lappi_{lang}_1366x768")


@pytest.mark.parametrize(("width", "height"), [s for s in SIZES if s.id != "1366x768"])
def test_options_page_with_lappi_on_larger_screens(app_at, width, height):
    with app_at(width, height) as app:
        _open(app, f"koordinaatiomallit?area={LAPPI}")
        _check_options_page(app, "fi")
        app.screenshot(f"y14_options_lappi_fi_{width}x{height}")
