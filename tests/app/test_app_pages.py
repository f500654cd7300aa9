"""AppTest smoke tests: every page runs in every language; states; the dataset guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.ui import components
from coverage.ui.pages import PAGES
from coverage.ui.text import LANGUAGES, NBSP, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(lang: str = "fi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    return at


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_without_exception(page, lang, app_dataset):
    at = _app(lang).run()
    at.switch_page(page.path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == t(page.title_key, lang) or at.title[0].value


def test_overview_key_figures_are_formatted_per_language(app_dataset):
    total = int(app_dataset.municipalities.population.sum())
    at = _app("fi").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Väestö"] == f"{total:,}".replace(",", NBSP)
    assert metrics["Kunnat"] == str(len(app_dataset.municipalities))
    assert "65 vuotta täyttäneet" in metrics
    at.session_state["lang"] = "en"
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Population"] == f"{total:,}"


def test_selected_municipality_shows_its_figures(app_dataset):
    at = _app("sv")
    at.session_state["selected_kunta"] = "091"
    at.run()
    assert any("Helsingfors" in m.value for m in at.markdown)
    labels = {m.label for m in at.metric}
    assert {"Personer som fyllt 65 år", "Tjänsteleverantörer i kommunen"} <= labels


def test_overview_themes_and_provider_toggle(app_dataset):
    at = _app("fi").run()
    for metric in ("population", "density", "share_65plus"):
        at.session_state["overview_metric"] = metric
        at.session_state["overview_show_providers"] = metric != "density"
        at.run()
        assert not at.exception


def test_data_page_lists_every_source(app_dataset):
    at = _app("fi").run()
    at.switch_page("coverage/ui/pages/aineisto.py").run()
    identity, sources, layers = (d.value for d in at.dataframe)
    assert identity.iloc[0]["Aineiston tunniste"] == app_dataset.dataset_id
    assert len(sources) == len(app_dataset.manifest["sources"])
    assert {"Tiedosto", "Julkaisija", "Lisenssi", "Viitepäivä", "Rivejä"} <= set(sources.columns)
    assert set(sources["Lisenssi"]) == {s["licence"] for s in app_dataset.manifest["sources"]}
    assert len(layers) == 4


def test_missing_dataset_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITUKI_DATA_DIR", str(tmp_path / "nothing"))
    at = _app("fi").run()
    assert not at.exception
    assert "python -m coverage sync" in at.info[0].value
    assert "Työaineistoa ei ole vielä koottu" in at.error[0].value


def test_missing_map_assets_says_how_to_fetch_them(tmp_path, monkeypatch, app_dataset):
    monkeypatch.setattr(components, "VENDOR_DIR", tmp_path)
    at = _app("en").run()
    assert not at.exception
    assert any("fetch_web_assets" in i.value for i in at.info)
