"""Map context and redraws in a real browser on laptop screens (1366x768, 1440x900, 1920x1080).

Main roads, municipal borders and town names are drawn from the working dataset and switched on
and off in the map's layer control; a click through a town name still selects the municipality
under it; a threshold step swaps the map's layers in the drawn map (the frame, the user's
choices in the layer control and the zoom stay); the numbered top gaps never cover each
other. Every request not for 127.0.0.1 is aborted (conftest). Screenshots go to
tests/screenshots/.
"""

from __future__ import annotations

import pytest

from coverage.maps import POPUP_TEXT

from .conftest import LAPTOP_SCREENS, Session
from .test_browser_app import (
    COVERED,
    MAP_IFRAME,
    _map,
    _map_frame,
    _metric,
    _move_slider,
    _no_exception,
    _wait_idle,
    _wait_map_drawn,
)

pytestmark = pytest.mark.browser

SIZES = [pytest.param(w, h, id=f"{w}x{h}") for w, h in LAPTOP_SCREENS]
LAPPI = "maakunta:19"
ROADS, BORDERS, TOWNS = (POPUP_TEXT["fi"][f"ctx_{k}"] for k in ("roads", "borders", "towns"))
MUNICIPALITIES = 308
MAIN_ROADS = 70
"""Valtatiet and kantatiet (road numbers 1-99) in the dataset: each drawn as a casing and a line."""

CONTEXT_JS = """() => ({
    lines: document.querySelectorAll('.leaflet-coverageContext-pane path').length,
    towns: document.querySelectorAll('.leaflet-coverageTowns-pane .coverage-town').length,
})"""

BADGES_JS = """() => [...document.querySelectorAll('.coverage-point span')].map(e => {
    const b = e.getBoundingClientRect();
    return {label: e.innerText, left: b.left, top: b.top, right: b.right, bottom: b.bottom};
})"""

CLICK_THROUGH_TOWN_JS = """() => {
    // A town name lying on a municipality: the point at the name's centre, and that
    // municipality (the polygon the browser finds there once the names let clicks through).
    const map = window.map, box = map.getContainer().getBoundingClientRect();
    const byPath = new Map();
    map.eachLayer(l => { if (l._path && l.feature && l.feature.properties.kunta_code)
                            byPath.set(l._path, l.feature.properties); });
    const markers = [...document.querySelectorAll('.coverage-point, .marker-cluster, '
                                                  + '.provider-marker')];
    const found = [];
    for (const label of document.querySelectorAll('.coverage-town span')) {
        const r = label.getBoundingClientRect();
        const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
        if (x < box.left + 60 || x > box.right - 220 || y < box.top + 20 || y > box.bottom - 40)
            continue;  // clear of the zoom buttons, legends and scale
        if (markers.some(m => { const b = m.getBoundingClientRect();
                                return x >= b.left - 4 && x <= b.right + 4
                                    && y >= b.top - 4 && y <= b.bottom + 4; })) continue;
        const props = byPath.get(document.elementFromPoint(x, y));
        if (props) found.push({x, y, town: label.innerText, code: props.kunta_code,
                               name: props.name_fi});
    }
    return found;
}"""


def _open(app: Session, path: str) -> None:
    app.page.goto(f"{app.base_url}/{path}")
    app.page.wait_for_selector("h1")
    if "area=" in path:  # the area's map, not a first national one
        app.page.get_by_role("heading", name="Alue: Lappi (21 kuntaa)").wait_for()
    _wait_idle(app)


def _context(app: Session) -> dict:
    return _map_frame(app).evaluate(CONTEXT_JS)


def _toggle(app: Session, name: str) -> None:
    """Open the map's layer control (it opens on hover) and click the layer `name`."""
    frame = _map(app)
    control = frame.locator(".coverage-context-control")
    control.hover()
    control.locator("label", has_text=name).click()
    app.page.mouse.move(0, 0)


def _wait_context(app: Session, **expected: int) -> dict:
    _map_frame(app).wait_for_function(
        f"""() => {{ const c = ({CONTEXT_JS})();
              return {' && '.join(f'c.{k} === {v}' for k, v in expected.items())}; }}""")
    return _context(app)


def _settled_context(app: Session) -> dict:
    """Return the context counts once two looks half a second apart agree (names placed)."""
    last = None
    for _ in range(20):
        now = _context(app)
        if now == last:
            return now
        last = now
        app.page.wait_for_timeout(500)
    return last


def _overlaps(badges: list[dict]) -> list[tuple[str, str]]:
    return [(a["label"], b["label"]) for i, a in enumerate(badges) for b in badges[i + 1:]
            if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
            and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_context_layers_switch_on_and_off_and_top_gaps_stay_apart(app_at, width, height):
    with app_at(width, height) as app:
        _open(app, f"aukot?area={LAPPI}")
        _wait_map_drawn(app, 1, 10)
        _wait_idle(app)
        _wait_context(app, lines=MUNICIPALITIES + 2 * MAIN_ROADS)
        shown = _settled_context(app)
        assert shown["towns"] >= 6  # at least the six 100 000+ towns, whatever the zoom
        app.screenshot(f"ctx14_aukot_lappi_{width}x{height}")
        badges = _map_frame(app).evaluate(BADGES_JS)
        assert sorted(int(b["label"]) for b in badges) == list(range(1, 11))
        assert _overlaps(badges) == [], "numbered top gaps cover each other"

        _toggle(app, ROADS)
        assert _wait_context(app, lines=MUNICIPALITIES)["towns"] == shown["towns"]
        _toggle(app, TOWNS)
        _wait_context(app, lines=MUNICIPALITIES, towns=0)
        _toggle(app, BORDERS)
        _wait_context(app, lines=0, towns=0)
        app.screenshot(f"ctx14_aukot_lappi_no_context_{width}x{height}")
        for name in (ROADS, BORDERS, TOWNS):
            _toggle(app, name)
        assert _wait_context(app, lines=MUNICIPALITIES + 2 * MAIN_ROADS)["towns"] == shown["towns"]
        _no_exception(app)


def test_a_threshold_step_redraws_layers_in_the_same_map(app_at):
    with app_at(1440, 900) as app:
        _open(app, f"aukot?area={LAPPI}")
        _wait_map_drawn(app, 1, 10)
        _wait_idle(app)
        _toggle(app, ROADS)
        _wait_context(app, lines=MUNICIPALITIES)
        frame = _map_frame(app)
        frame.evaluate("() => { window.keptAcrossReruns = true; }")
        legends = frame.evaluate(
            "() => [...document.querySelectorAll('.coverage-legend')].map(e => e.innerText)")
        before = _metric(app, COVERED)
        after = _move_slider(app, "ArrowRight", 1, COVERED, before)
        assert after != before
        frame.wait_for_function(
            """(old) => [...document.querySelectorAll('.coverage-legend')]
                .map(e => e.innerText).join('|') !== old.join('|')""", arg=legends)
        assert app.page.locator(MAP_IFRAME).count() == 1
        assert _map_frame(app).evaluate("() => window.keptAcrossReruns === true"), \
            "the map frame was loaded anew"
        assert _context(app)["lines"] == MUNICIPALITIES  # the roads the user switched off stay off
        new_legends = _map_frame(app).evaluate(
            "() => [...document.querySelectorAll('.coverage-legend')].map(e => e.innerText)")
        assert len(new_legends) == len(legends)  # each old legend went with its layer
        assert any("11 km" in text for text in new_legends)
        _no_exception(app)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_click_through_a_town_name_selects_the_municipality(app_at, width, height):
    with app_at(width, height) as app:
        _open(app, "")
        _wait_map_drawn(app)
        _wait_idle(app)
        _wait_context(app, lines=MUNICIPALITIES + 2 * MAIN_ROADS)
        # zoom in a step around Tampere, where towns sit inside large municipalities
        _map_frame(app).evaluate("() => window.map.setView([61.5, 23.8], 8, {animate: false})")
        _map_frame(app).wait_for_function(
            "() => document.querySelectorAll('.coverage-town').length >= 10")
        app.page.locator(MAP_IFRAME).last.scroll_into_view_if_needed()
        box = app.page.locator(MAP_IFRAME).last.bounding_box()
        assert box["height"] <= height
        on_screen = [c for c in _map_frame(app).evaluate(CLICK_THROUGH_TOWN_JS)
                     if box["y"] + c["y"] < height - 10]
        assert on_screen, "no town name on screen lies on a municipality clear of markers"
        target = on_screen[0]
        app.page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        app.page.get_by_text(f"{target['name']} ({target['code']})").wait_for()
        _no_exception(app)
        app.screenshot(f"ctx14_click_town_{width}x{height}")


LEGENDS_ON_LAND_JS = """() => {
    // Units of the area (the coloured polygons) with a corner under a legend box
    const map = window.map, box = map.getContainer().getBoundingClientRect();
    const legends = [...document.querySelectorAll('.coverage-legend')]
        .map(e => e.getBoundingClientRect());
    const hits = new Set();
    map.eachLayer(l => {
        const props = l.feature && l.feature.properties;
        if (!props || !props.unit_code || !l.getLatLngs) return;
        for (const ll of l.getLatLngs().flat(4)) {
            const p = map.latLngToContainerPoint(ll);
            const x = box.left + p.x, y = box.top + p.y;
            if (legends.some(r => x > r.left && x < r.right && y > r.top && y < r.bottom)) {
                hits.add(props.unit_code);
                return;
            }
        }
    });
    return [...hits];
}"""


@pytest.mark.parametrize("area", ["maakunta:19", "maakunta:01", ""],
                         ids=["lappi", "uusimaa", "country"])
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)],
                         ids=["1366x768", "1920x1080"])
def test_legends_cover_no_land_of_the_area_shown(app_at, area, width, height):
    with app_at(width, height) as app:
        app.page.goto(f"{app.base_url}/aukot" + (f"?area={area}" if area else ""))
        app.page.wait_for_selector("h1")
        if area:
            app.page.get_by_role("heading", name="Alue:").first.wait_for()
        _wait_map_drawn(app, 1, 10)
        _wait_idle(app)
        frame = _map_frame(app)
        frame.wait_for_function("() => document.querySelectorAll('.coverage-legend').length >= 3")
        assert frame.evaluate(LEGENDS_ON_LAND_JS) == []
        _no_exception(app)
