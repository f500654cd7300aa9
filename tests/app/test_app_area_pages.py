"""AppTest: Yleiskuva and Koordinaatiomallit focused on the user's area (Lappi)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.area import Area
from coverage.defaults import DEFAULT_CIRCUITY
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, prepare
from coverage.ui.text import LANGUAGES, NBSP, fmt_int, fmt_pct, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(lang: str, area: tuple[str, str] | None = ("maakunta", "19")) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    if area:
        at.session_state["area_division"], at.session_state["area_unit"] = area
    return at


@pytest.fixture(scope="module")
def lappi_access(app_dataset):
    """Lappi's row of the access table at the app's default settings (10 km)."""
    prepared = prepare(app_dataset, Scenario(reach=Reach(threshold=10)))
    area = Area.parse("maakunta:19").resolve(app_dataset)
    return access_table(app_dataset, prepared, "country", area=area).iloc[0]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_overview_of_lappi_shows_lappis_figures(lang, app_dataset, lappi_access):
    at = _app(lang).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("fig.population", lang)] == fmt_int(176_151, lang)
    assert metrics[t("fig.municipalities", lang)] == "21"
    assert metrics[t("fig.need", lang)] == fmt_int(lappi_access["need"], lang)
    assert metrics[t("fig.need_coverage_share", lang)] == fmt_pct(
        lappi_access["need_coverage_share"], lang)
    assert metrics[t("fig.uncovered_need", lang)] == fmt_int(
        lappi_access["need"] - lappi_access["covered_need"], lang)
    assert t("area.caption", lang, name="Lappi" if lang != "sv" else "Lappland", n=21) in [
        s.value for s in at.subheader]


def test_overview_of_lappi_ranks_its_municipalities_with_the_national_rank(app_dataset):
    at = _app("fi").run()
    tables = [md.value for md in at.markdown if "Koko maassa" in md.value]
    assert len(tables) == 1
    rows = [r for r in tables[0].splitlines()[2:] if r.startswith("|")]
    assert len(rows) == 21
    first = [c.strip() for c in rows[0].strip("|").split("|")]
    assert first == ["1", "Posio", "45\\,2", "7"]  # the 65+ share; 7th of 308 nationally


def test_overview_of_the_whole_country_is_unchanged(app_dataset):
    at = _app("fi", area=None).run()
    labels = [m.label for m in at.metric]
    assert labels[:5] == [t(k, "fi") for k in ("fig.population", "fig.pop_65plus",
                                                "fig.pop_75plus", "fig.municipalities",
                                                "fig.providers")]
    assert t("fig.need", "fi") not in labels
    assert not [md for md in at.markdown if "Koko maassa" in md.value]
    population = int(app_dataset.municipalities.population.sum())
    assert dict(zip(labels, [m.value for m in at.metric], strict=True))["Väestö"] == (
        f"{population:,}".replace(",", NBSP))


def _options_page(lang: str, area: tuple[str, str] | None = ("maakunta", "19")) -> AppTest:
    from coverage.ui.pages import PAGES  # noqa: PLC0415

    at = _app(lang, area).run()
    at.switch_page(next(p.path for p in PAGES if p.url_path == "koordinaatiomallit")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _markdown_rows(at: AppTest, first_header: str) -> list[list[str]]:
    import re  # noqa: PLC0415

    def cells(line: str) -> list[str]:
        return [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip().strip("|").split("|")]

    tables = [md.value.splitlines() for md in at.markdown if md.value.startswith("|")
              and cells(md.value.splitlines()[0])[:2] == [first_header, t("col.area_units",
                                                                          at.session_state["lang"])]]
    assert len(tables) == 1
    return [cells(line) for line in tables[0][2:]]


@pytest.mark.parametrize(("lang", "hyvinvointialue", "avi"), [
    ("fi", "Lapin hyvinvointialue", "Lapin AVI"),
    ("sv", "Lapplands välfärdsområde", "Lapplands RFV"),
    ("en", "Lapin hyvinvointialue", "Lapin AVI"),
])
def test_options_page_names_the_units_that_hold_lappi(lang, hyvinvointialue, avi, app_dataset):
    at = _options_page(lang)
    rows = {r[0]: r[1:] for r in _markdown_rows(at, t("col.option", lang))}
    label = {o: t(f"division.{o}", lang) for o in ("kunta", "hyvinvointialue", "avi",
                                                   "seutukunta", "maakunta")}
    assert rows[label["hyvinvointialue"]] == [hyvinvointialue, "1"]
    assert rows[label["avi"]] == [avi, "1"]
    assert rows[label["kunta"]][1] == "21"
    assert rows[label["seutukunta"]][1] == "6"
    assert rows[label["maakunta"]][0] == ("Lappland" if lang == "sv" else "Lappi")
    name = "Lappland" if lang == "sv" else "Lappi"
    assert t("options.area_title", lang, name=name) in [s.value for s in at.subheader]


def test_options_page_of_the_whole_country_has_no_area_table(app_dataset):
    at = _options_page("fi", area=None)
    assert not [md for md in at.markdown if t("col.area_units", "fi") in md.value]
    assert not [s for s in at.subheader if s.value.startswith("Alue:")]


def test_small_maps_outline_exactly_the_units_that_hold_the_area(app_dataset):
    from coverage.compare import compare_options  # noqa: PLC0415
    from coverage.ui.pages import koordinaatiomallit as page  # noqa: PLC0415
    from coverage.ui.params import ScenarioParams  # noqa: PLC0415

    params = ScenarioParams(threshold_km=10.0, circuity=DEFAULT_CIRCUITY)
    comparison = compare_options(app_dataset, prepare(app_dataset, params.scenario()))
    area = Area.parse("maakunta:19").resolve(app_dataset)
    spec = page.metric("coverage_share", "straight")
    bins = page.shared_bins(comparison, spec)
    for option, holding in (("seutukunta", 6), ("kunta", 21), ("avi", 1)):
        m = page.small_map(app_dataset, params, comparison, option, spec, bins, "fi", area)
        outlines = [c for c in m._children.values() if getattr(c, "layer_name", "") == "area_units"]
        assert len(outlines) == 1
        assert len(outlines[0].data["features"]) == holding
        plain = page.small_map(app_dataset, params, comparison, option, spec, bins, "fi")
        assert not [c for c in plain._children.values()
                    if getattr(c, "layer_name", "") == "area_units"]


def test_options_report_made_with_an_area_has_the_areas_section(app_dataset):
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    from coverage.compare import DEFAULT_WEIGHTS, compare_options  # noqa: PLC0415
    from coverage.ui import cached  # noqa: PLC0415
    from coverage.ui.params import ScenarioParams  # noqa: PLC0415

    at = _options_page("fi")
    at.button(key="options_report_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "maakunta:19" in at.session_state["options_report_key"]
    params = ScenarioParams(threshold_km=10.0, circuity=DEFAULT_CIRCUITY)
    prepared = prepare(app_dataset, params.scenario())
    comparison = compare_options(app_dataset, prepared)
    data = cached.report_zip(app_dataset, app_dataset.dataset_id, params, None, DEFAULT_WEIGHTS,
                             0.25, "maakunta", prepared, comparison, "maakunta:19")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        page = archive.read("digituki-report/index.html").decode("utf-8")
    assert "digituki-report/area_units.csv" in names
    assert "Oma alue: Lappi" in page
    assert "Lapin hyvinvointialue" in page
