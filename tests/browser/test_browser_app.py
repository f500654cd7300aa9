"""The app in headless Chromium with the network blocked: every page, maps, language, clicks,
the threshold, uploads (valid, malformed, with HTML in a name) and escaping.

Every request not for 127.0.0.1 is aborted and a test fails if one was attempted or a dialog
opened (conftest). Screenshots go to tests/screenshots/ (git-ignored): look at them, a blank
map is a bug.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from coverage.ui.pages import PAGES
from coverage.ui.text import NBSP, t

from .conftest import EVIL_NAME, Session

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MIN_POLYGONS = 300
MIN_MARKERS = 10
PAGE_MAPS = {
    # url_path: (map iframes at least, polygons at least in the first map, markers at least)
    "yleiskuva": (1, 300, 10),  # 308 municipalities, provider clusters
    "aukot": (1, 19, 10),  # 19 maakunnat (the default division), top gaps and clusters
    "koordinaatiomallit": (7, 300, 0),  # one map per option; the first is the 308 kunnat
    "suunnittelu": (1, 19, 10),  # maakunnat after the new sites, clusters, the new sites
    "aineisto": (0, 0, 0),  # no map until a file is uploaded
    "rekisteri": (0, 0, 0),  # an empty workspace: no map until asked for
}
PAGE_H1 = {"yleiskuva": "overview.title", "aukot": "gaps.title",
           "koordinaatiomallit": "options.title", "suunnittelu": "plan.title",
           "aineisto": "data.title", "rekisteri": "reg.title"}
COUNT_JS = """(frame) => ({
    paths: frame.contentDocument.querySelectorAll("path.leaflet-interactive").length,
    markers: frame.contentDocument.querySelectorAll(
        ".marker-cluster, .provider-marker, .coverage-point").length,
})"""


def _url_path(page) -> str:
    """Streamlit serves the default page at "/" (its own url_path is "page not found")."""
    return "" if page.default else page.url_path


def _open(app: Session, url_path: str = "") -> None:
    app.page.goto(f"{app.base_url}/{url_path}")
    app.page.wait_for_selector("h1")


def _go(app: Session, title: str) -> None:
    """Open a page from the sidebar: the same session (a URL would start a new one)."""
    app.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    app.page.get_by_role("heading", level=1).first.wait_for()
    _wait_idle(app)


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


def _map(app: Session, index: int = -1):
    """A map iframe's content (the newest by default: a rerun may briefly keep the old one)."""
    app.page.wait_for_selector(MAP_IFRAME, state="attached")
    return app.page.locator(MAP_IFRAME).nth(index).content_frame


def _wait_map_drawn(app: Session, paths: int = MIN_POLYGONS, markers: int = MIN_MARKERS,
                    index: int = -1):
    frame = _map(app, index)
    if paths:
        frame.locator("path.leaflet-interactive").nth(paths - 1).wait_for(state="attached")
    if markers:
        frame.locator(".marker-cluster, .provider-marker, .coverage-point").nth(
            markers - 1).wait_for(state="attached")
    return frame


def _map_frame(app: Session, index: int = -1):
    """The Playwright Frame of a map (for evaluating JavaScript in it)."""
    return app.page.locator(MAP_IFRAME).nth(index).element_handle().content_frame()


def _metric(app: Session, label: str) -> str:
    metric = app.page.get_by_test_id("stMetric").filter(
        has=app.page.get_by_test_id("stMetricLabel").filter(has_text=label)).first
    return metric.get_by_test_id("stMetricValue").inner_text()


# --- every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_loads_and_its_map_draws(app: Session, page):
    _open(app, _url_path(page))
    app.page.get_by_role("heading", name=t(PAGE_H1[page.url_path], "fi"), level=1).wait_for()
    n_maps, paths, markers = PAGE_MAPS[page.url_path]
    if n_maps:
        app.page.locator(MAP_IFRAME).nth(n_maps - 1).wait_for(state="attached")
        _wait_map_drawn(app, paths, markers, index=0)
        for i in range(1, n_maps):  # every small map has drawn its units too
            _wait_map_drawn(app, 7, 0, index=i)
        counts = [app.page.locator(MAP_IFRAME).nth(i).evaluate(COUNT_JS) for i in range(n_maps)]
        assert counts[0]["paths"] >= paths, counts
        assert counts[0]["markers"] >= markers, counts
    elif page.url_path == "rekisteri":  # an empty workspace: its tabs, no table yet
        app.page.get_by_role("tab", name=t("reg.tab_history", "fi")).wait_for()
    else:
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
    # Leaflet came from the app itself, not a CDN; jQuery and Bootstrap are not loaded at all
    scripts = _map_frame(app).evaluate("Array.from(document.scripts).map(s => s.src)")
    assert any(s.endswith("/app/static/vendor/leaflet/leaflet.js") for s in scripts), scripts
    assert all(s == "" or s.startswith(app.base_url) for s in scripts), scripts
    assert not any("jquery" in s or "bootstrap" in s for s in scripts), scripts
    _no_exception(app)
    app.screenshot("yleiskuva_map_fi")


def test_no_request_leaves_the_machine_on_any_page(app: Session):
    """Every page, with every request off the machine aborted: the maps still draw."""
    _open(app)
    for page in PAGES:
        _go(app, t(page.title_key, "fi"))
        n_maps, paths, markers = PAGE_MAPS[page.url_path]
        if n_maps:
            _wait_map_drawn(app, paths, markers, index=0)
    assert app.blocked == []


# --- language ------------------------------------------------------------------------------------


def _choose_language(app: Session, name: str) -> None:
    app.page.get_by_test_id("stSidebar").get_by_role("radio", name=name).click()


@pytest.mark.parametrize(("lang", "name", "title", "metric", "legend"), [
    ("sv", "Svenska", "Översikt", "Befolkning", "Andel som fyllt 65 år"),
    ("en", "English", "Overview", "Population", "Share of population aged 65+"),
])
def test_switching_language_changes_labels(app: Session, lang, name, title, metric, legend):
    _open(app)
    _wait_map_drawn(app)
    _choose_language(app, name)
    app.page.get_by_role("heading", name=title, level=1).wait_for()
    app.page.get_by_test_id("stMetricLabel").filter(has_text=metric).first.wait_for()
    _wait_idle(app)
    frame = _map(app)
    frame.locator(".coverage-legend", has_text=legend).wait_for()
    assert app.page.get_by_role("link", name=t("page.aineisto", lang)).count() == 1
    _wait_map_drawn(app)
    _no_exception(app)
    app.screenshot(f"yleiskuva_{lang}")


def test_language_on_the_gaps_page(app: Session):
    _open(app, "aukot")
    _wait_map_drawn(app, 19, 10)
    _choose_language(app, "Svenska")
    app.page.get_by_role("heading", name="Täckning och luckor", level=1).wait_for()
    app.page.get_by_test_id("stMetricLabel").filter(has_text="Befolkning inom räckhåll").wait_for()
    _map(app).locator(".coverage-legend", has_text="Befolkning inom räckhåll (%)").wait_for()
    assert "%" in _metric(app, "Befolkning inom räckhåll")
    assert "," in _metric(app, "Befolkning inom räckhåll")  # decimal comma
    _wait_map_drawn(app, 19, 10)
    _no_exception(app)
    app.screenshot("aukot_sv")


# --- Aukot: the threshold ------------------------------------------------------------------------


def _share(text: str) -> float:
    return float(text.replace(NBSP, "").rstrip("%").replace(",", "."))


def _move_slider(app: Session, key: str, steps: int, label: str, old: str) -> str:
    """Move the sidebar's first slider `steps` steps with `key`; wait until `label` != `old`.

    A key pressed while the page reruns can be lost (the slider is drawn anew), so keys are
    pressed until the slider's own value stands `steps` steps from where it started.
    """
    slider = app.page.get_by_test_id("stSidebar").get_by_role("slider").first

    def value() -> float:
        return float(slider.input_value())

    def press_and_wait(before: float) -> None:
        slider.focus()
        app.page.keyboard.press(key)
        with contextlib.suppress(PlaywrightTimeoutError):  # lost in a rerun: pressed again
            app.page.wait_for_function(
                "([el, v]) => Number(el.value) !== v",
                arg=[slider.element_handle(), before], timeout=3000)

    start = value()
    for _ in range(steps * 5):  # the first step tells the step size
        if value() != start:
            break
        press_and_wait(start)
    target = start + steps * (value() - start)
    for _ in range(steps * 5):
        now = value()
        if now == target:
            break
        press_and_wait(now)
    assert value() == target, f"slider at {value()}, wanted {target}"
    app.page.wait_for_function(
        """([label, old]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes(label) && !m.innerText.includes(old))""",
        arg=[label, old])
    _wait_idle(app)
    return _metric(app, label)


COVERED = "Väestöstä tavoitettavissa"


def _open_aukot(app: Session, label: str = COVERED) -> str:
    """Open Aukot, wait for its map and figures; return the metric `label`."""
    _open(app, "aukot")
    _wait_map_drawn(app, 19, 10)
    _wait_idle(app)
    return _metric(app, label)


def test_changing_the_threshold_changes_the_coverage_figure(app: Session):
    label = COVERED
    before = _open_aukot(app)
    legend_before = _map(app).locator(".coverage-legend").first.inner_text()
    after = _move_slider(app, "ArrowRight", 10, label, before)  # 10 km -> 20 km
    assert after != before
    assert _share(after) > _share(before)
    main = app.page.get_by_test_id("stMain")
    assert "Etäisyysraja 20 km" in main.get_by_test_id("stCaptionContainer").first.inner_text()
    frame = _wait_map_drawn(app, 19, 10)
    frame.locator(".coverage-legend").first.wait_for()
    assert frame.locator(".coverage-legend").first.inner_text() != legend_before
    _no_exception(app)
    app.screenshot("aukot_threshold_20km_fi")


def test_need_model_changes_the_unmet_need_and_says_so(app: Session):
    label = "Tarvitsijoita katveessa"
    before = _open_aukot(app, label)
    sidebar = app.page.get_by_test_id("stSidebar")
    need_model = sidebar.get_by_test_id("stSelectbox").filter(has_text="Tarvemalli")
    # in view first: a click that scrolls the sidebar closes the list it opens
    need_model.scroll_into_view_if_needed()
    need_model.click()
    app.page.get_by_role("option", name="Kyselyt 2018–2023 (Tilastokeskus, DVV)").click()  # noqa: RUF001
    app.page.wait_for_function(
        """([label, before]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes(label) && !m.innerText.includes(before))""",
        arg=[label, before])
    _wait_idle(app)
    after = _metric(app, label)
    assert int(after.replace("\u00a0", "").replace(" ", "")) > int(
        before.replace("\u00a0", "").replace(" ", ""))
    main = app.page.get_by_test_id("stMain")
    assert "tarvemalli Kyselyt" in main.get_by_test_id("stCaptionContainer").first.inner_text()
    _no_exception(app)
    app.screenshot("aukot_need_model_surveys_fi")


def _choose_mode(app: Session, button: str, median_label: str) -> tuple[str, str]:
    """Open Aukot, choose a reach mode in the sidebar; return the covered share before, after."""
    before = _open_aukot(app)
    app.page.get_by_test_id("stSidebar").get_by_test_id("stButtonGroup").get_by_text(
        button, exact=True).click()
    app.page.get_by_test_id("stMetricLabel").filter(has_text=median_label).wait_for()
    _wait_idle(app)
    assert _metric(app, median_label).endswith(" min")
    return before, _metric(app, COVERED)


def test_drive_time_mode_on_the_gaps_page(app: Session):
    """Choosing drive time redraws the figures in minutes and the map; its slider works."""
    straight, by_road = _choose_mode(app, "Ajoaika", "Mediaaniajoaika")
    main = app.page.get_by_test_id("stMain")
    assert "Ajoaikaraja 20 min" in main.get_by_test_id("stCaptionContainer").first.inner_text()
    _wait_map_drawn(app, 19, 10).get_by_text("Katvealueet (yli 20 min)").wait_for()
    assert by_road != straight
    # the minutes slider now stands where the km slider stood: 20 min -> 30 min
    assert _share(_move_slider(app, "ArrowRight", 2, COVERED, by_road)) > _share(by_road)
    assert "Ajoaikaraja 30 min" in main.get_by_test_id("stCaptionContainer").first.inner_text()
    _wait_map_drawn(app, 19, 10).get_by_text("Katvealueet (yli 30 min)").wait_for()
    _no_exception(app)
    app.screenshot("aukot_drive_30min_fi")


def test_walking_mode_on_the_gaps_page(app: Session):
    """Choosing walking redraws the figures in minutes on foot, with the walking speed shown."""
    app.page.set_viewport_size({"width": 1440, "height": 900})
    straight, on_foot = _choose_mode(app, "Kävely", "Mediaanikävelyaika")
    assert _share(on_foot) < _share(straight)  # 20 min on foot reaches less than 10 km
    caption = app.page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first
    assert "Kävelyaikaraja 20 min nopeudella 3,4 km/h" in caption.inner_text()
    assert "Kävelynopeus" in app.page.get_by_test_id("stSidebar").inner_text()
    _wait_map_drawn(app, 19, 10).get_by_text("Katvealueet (yli 20 min kävellen)").wait_for()
    _no_exception(app)
    app.screenshot("aukot_walk_20min_fi_1440x900")


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

OPEN_POPUP = """(name) => new Promise((resolve, reject) => {
    // Find the marker titled `name`, zoom in past the clustering (no animation), open its popup.
    setTimeout(() => reject("timed out opening the popup of " + name), 20000);
    let marker = null;
    window.map.eachLayer(layer => {
        if (!marker && layer.getLayers) {
            marker = layer.getLayers().find(m => m.options && m.options.title === name) || null;
        }
    });
    if (!marker) return reject("no marker titled " + name);
    const tryOpen = () => {  // the cluster group puts the marker on the map after the zoom
        if (marker._map) { marker.openPopup(); resolve(true); return; }
        // (re)zoom: a zoom made while the page is still settling can be undone
        if (window.map.getZoom() < 11) window.map.setView(marker.getLatLng(), 12, {animate: false});
        setTimeout(tryOpen, 200);
    };
    tryOpen();
})"""


HANDLERS_JS = """(root) => [root, ...root.querySelectorAll('*')].flatMap(e =>
    ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName) ? [e.tagName]
    : [...e.attributes].filter(a => a.name.startsWith('on')).map(a => `${e.tagName}@${a.name}`))"""


def _popup_shows_text(app: Session, name: str, index: int = -1) -> None:
    assert _map_frame(app, index).evaluate(OPEN_POPUP, name)
    frame = _map(app, index)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert name in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert frame.locator("img[src='x']").count() == 0
    # nothing in the popup can run code: no element carries an event-handler attribute, no
    # script, no frame (a check of the DOM, not a pause hoping a handler would have fired)
    assert popup.evaluate(HANDLERS_JS) == []
    assert app.dialogs == []


def test_provider_name_with_html_is_shown_as_text(app: Session):
    """The server's dataset has one provider renamed to an injection attempt (conftest)."""
    _open(app)
    _wait_map_drawn(app)
    _wait_idle(app)
    _popup_shows_text(app, EVIL_NAME)
    app.screenshot("yleiskuva_provider_popup_fi")


# --- uploads -------------------------------------------------------------------------------------

GOOD_CSV = (
    "name,type,lat,lon,address,capacity,languages\n"
    f'"{EVIL_NAME}",library,60.1699,24.9384,Keskuskatu 1,12,fi\n'
    "Ivalon digituki,ngo,68.6580,27.5390,,4,fi\n"
    "Nuorgamin piste,service_point,69.9990,27.9000,,6,fi;se\n"
)
BAD_CSV = (
    "name,type,lat,lon\n"
    "Hyvä rivi,library,60.2,24.9\n"
    "Huono rivi,library,kuusikymmentä,24.9\n"
    "Outo tyyppi,avaruusasema,61.0,25.0\n"
)


def _upload(app: Session, path: Path) -> None:
    app.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_upload_changes_the_results_on_aukot(app: Session, tmp_path: Path):
    _open(app, "aukot")
    _wait_map_drawn(app, 19, 10)
    _wait_idle(app)
    label = "Väestöstä tavoitettavissa"
    before = _metric(app, label)
    _go(app, "Aineisto")
    app.page.get_by_text("korvaa aineiston tarjoajat").click()
    _wait_idle(app)
    _upload(app, _write(tmp_path, "omat_pisteet.csv", GOOD_CSV))
    app.page.get_by_text("Tiedosto omat_pisteet.csv hyväksyttiin: 3 palveluntarjoajaa.").wait_for()
    _wait_idle(app)
    # the preview shows the name as text, in the table and in the map's popup
    app.page.get_by_test_id("stDataFrame").first.wait_for()
    _wait_map_drawn(app, 0, 3)
    _popup_shows_text(app, EVIL_NAME)
    app.screenshot("aineisto_upload_fi")
    _go(app, "Aukot")
    app.page.get_by_text("vain oma tiedosto omat_pisteet.csv").first.wait_for()
    _wait_map_drawn(app, 19, 3)
    after = _metric(app, label)
    assert after != before
    assert float(after.replace(NBSP, "").rstrip("%").replace(",", ".")) < 50
    _popup_shows_text(app, EVIL_NAME)  # the user's provider on the analysis map, as text
    _no_exception(app)
    app.screenshot("aukot_with_upload_fi")


def test_a_malformed_upload_shows_row_messages_and_keeps_the_previous_data(
        app: Session, tmp_path: Path):
    _open(app, "aineisto")
    _wait_idle(app)
    _upload(app, _write(tmp_path, "hyva.csv", GOOD_CSV))
    app.page.get_by_text("Tiedosto hyva.csv hyväksyttiin").wait_for()
    _wait_idle(app)
    # a second, broken file (it replaces the first in the uploader): every problem named by
    # row and field; the first file stays in use
    _upload(app, _write(tmp_path, "rikki.csv", BAD_CSV))
    app.page.get_by_text("Tiedostoa ei voi käyttää").wait_for()
    app.page.get_by_text("Aiemmin hyväksytty tiedosto hyva.csv on edelleen käytössä.").wait_for()
    _wait_idle(app)
    problems = app.page.get_by_test_id("stDataFrame").filter(has_text="rikki.csv").first
    problems.wait_for()
    cells = problems.locator("[data-testid^='glide-cell']")
    texts = [cells.nth(i).inner_text() for i in range(cells.count())]
    joined = " | ".join(texts)
    assert "3" in texts, joined  # row 3 ...
    assert "lat" in texts, joined  # ... field lat
    assert "4" in texts, joined  # row 4 ...
    assert "type" in texts, joined  # ... field type
    assert "virhe" in texts, joined  # severity in Finnish
    # the messages themselves in Finnish (coverage.messages), the user's value quoted
    assert any("'kuusikymmentä' ei ole luku" in x for x in texts), joined
    assert any("tyyppiä 'avaruusasema' ei tunneta" in x for x in texts), joined
    app.screenshot("aineisto_malformed_fi")
    _go(app, "Aukot")
    app.page.get_by_text("oma tiedosto hyva.csv").first.wait_for()
    _wait_map_drawn(app, 19, 3)
    _no_exception(app)


def test_home_support_section_draws(app: Session):
    _open(app, "suunnittelu")
    _wait_map_drawn(app, 19, 10)
    sections = app.page.get_by_test_id("stButtonGroup")
    sections.get_by_role("radio", name="Kotiin vietävä tuki").click()
    app.page.get_by_text(t("hs.fig_demand", "fi")).first.wait_for()
    _wait_idle(app)
    # Lappi: 21 municipalities and a base (a dot, also a path) at each centre
    frame = _wait_map_drawn(app, 42, 0)
    assert frame.locator(".coverage-legend", has_text="Palvelematta").count() == 1
    _no_exception(app)
    app.screenshot("suunnittelu_kotituki_fi")


def test_planning_new_sites_by_road_at_1440x900(app: Session):
    """Suunnittelu follows the sidebar's reach: by road the map shades the cells the new sites
    bring within the minutes (no circle: reach by road is no circle)."""
    app.page.set_viewport_size({"width": 1440, "height": 900})
    _open(app, "suunnittelu")
    _wait_map_drawn(app, 19, 10)
    _wait_idle(app)
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stButtonGroup").get_by_text("Ajoaika", exact=True).click()
    main = app.page.get_by_test_id("stMain")
    main.get_by_text("ajaa tieverkkoa pitkin enintään 20 min").wait_for()
    _wait_idle(app)
    frame = _wait_map_drawn(app, 19, 10)
    frame.locator(".coverage-legend", has_text="uusien pisteiden myötä tavoitettavat").wait_for()
    assert "Ajoaikaraja 20 min" in main.get_by_test_id("stCaptionContainer").first.inner_text()
    assert "linnuntie × tiekerroin; ajoaikatila" not in main.inner_text()
    _no_exception(app)
    app.screenshot("suunnittelu_drive_fi_1440x900")


def test_home_support_on_foot_at_1440x900(app: Session):
    """Home support follows the sidebar's reach too: on foot the bases' circles are walks."""
    app.page.set_viewport_size({"width": 1440, "height": 900})
    _open(app, "suunnittelu")
    _wait_map_drawn(app, 19, 10)
    _wait_idle(app)
    app.page.get_by_test_id("stSidebar").get_by_test_id("stButtonGroup").get_by_text(
        "Kävely", exact=True).click()
    _wait_idle(app)
    app.page.get_by_test_id("stMain").get_by_role("radio", name="Kotiin vietävä tuki").click()
    app.page.get_by_text(t("hs.fig_demand", "fi")).first.wait_for()
    _wait_idle(app)
    main = app.page.get_by_test_id("stMain")
    main.get_by_text("kävelyalue 60 minuutissa").wait_for()
    assert "Ajonopeus" not in main.inner_text()  # a driving speed only for straight lines
    _wait_map_drawn(app, 42, 0)
    _no_exception(app)
    app.screenshot("suunnittelu_kotituki_walk_fi_1440x900")
