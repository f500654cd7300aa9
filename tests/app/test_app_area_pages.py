"""AppTest: Yleiskuva and Koordinaatiomallit focused on the user's area (Lappi)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.area import Area
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
    tables = [md.value for md in at.markdown if "Sija koko maassa" in md.value]
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
    assert not [md for md in at.markdown if "Sija koko maassa" in md.value]
    population = int(app_dataset.municipalities.population.sum())
    assert dict(zip(labels, [m.value for m in at.metric], strict=True))["Väestö"] == (
        f"{population:,}".replace(",", NBSP))
