"""Suunnittelu: why the new sites went where they did, "at least one per region", and home
support figures of the area with their period (AppTest, real dataset)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.area import Area
from coverage.homesupport import HomeSupportParams, home_support
from coverage.planning import PlanSettings, plan_new_sites, region_explanation
from coverage.scenario import Scenario, prepare
from coverage.ui.text import NBSP, fmt_int, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PLAN_PAGE = "coverage/ui/pages/suunnittelu.py"


def _page(lang: str = "fi", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PLAN_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _why_table(at: AppTest, lang: str) -> list[list[str]]:
    """Return the explanation table's rows (Markdown cells), header first."""
    heading = t("col.unmet_before", lang)
    tables = [m.value for m in at.markdown if heading in m.value and m.value.startswith("|")]
    assert len(tables) == 1, [m.value[:80] for m in at.markdown]
    rows = [line.strip("|").split(" | ") for line in tables[0].splitlines()]
    return [[re.sub(r"\\(.)", r"\1", c.strip()) for c in row]  # Markdown escapes undone
            for row in rows if not set(row[0].strip()) <= set(":- ")]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_explanation_table_shows_each_regions_sites_and_unmet_need(lang, app_dataset):
    at = _page(lang, plan_k=10, plan_solver="greedy-swap")
    assert t("plan.why_title", lang, division=t("division.maakunta", lang)) in {
        s.value for s in at.subheader}
    header, *rows = _why_table(at, lang)
    assert header[:3] == [t("col.unit", lang), t("col.new_sites", lang),
                          t("col.unmet_before", lang)]
    prepared = prepare(app_dataset, Scenario())
    plan = plan_new_sites(app_dataset, prepared, PlanSettings(10))
    expected = region_explanation(app_dataset, prepared, plan, "maakunta")
    assert len(rows) == len(expected) == 19
    name = "unit_name_sv" if lang == "sv" else "unit_name"
    assert [r[0] for r in rows] == expected[name].tolist()
    assert [int(r[1]) for r in rows] == expected["new_sites"].tolist()
    assert [r[2] for r in rows] == [fmt_int(v, lang) for v in expected["unmet_need_before"]]
    assert sum(int(r[1]) for r in rows) == 10


def test_at_least_one_per_maakunta_control(app_dataset):
    """The control puts a site in each of the 19 maakunnat and says what the rule costs;
    too few sites are refused in the user's language."""
    at = _page("fi", plan_k=19, plan_solver="greedy-swap", plan_at_least_one_per="maakunta")
    _header, *rows = _why_table(at, "fi")
    assert len(rows) == 19
    assert all(int(r[1]) == 1 for r in rows)
    cost = [c.value for c in at.caption if c.value.startswith("Vähintään yksi piste aluetta")]
    assert cost == [f"Vähintään yksi piste aluetta kohden (Maakunnat): 3{NBSP}475 uutta "
                    f"tavoitettua tarvitsijaa; ilman ehtoa 4{NBSP}434. Ehto maksaa 959 "
                    f"(21,6{NBSP}%)."]
    at.session_state["plan_k"] = 5
    at.session_state["lang"] = "sv"
    at.run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert problems["Problem"].iloc[0].startswith(
        "Minst ett nytt ställe i varje område med otäckt behov kräver 19 ställen")


def test_home_support_in_oma_alue_counts_the_areas_clients_per_week(app_dataset):
    """Oma alue Kainuu: the bases are Kainuu's centres, the figures Kainuu's; hours per week
    with one decimal."""
    at = _page("fi", plan_section="home", area_division="maakunta", area_unit="18",
               hs_kunnat=["205", "290", "765"])  # Kajaani, Kuhmo, Sotkamo
    metrics = {m.label: m.value for m in at.metric}
    bases = app_dataset.units_of("kunta").set_index("unit_code").loc[["205", "290", "765"]]
    result = home_support(
        app_dataset, prepare(app_dataset, Scenario()),
        bases.reset_index().rename(columns={"seat_name": "name", "seat_x": "x", "seat_y": "y"})
        [["name", "x", "y"]], HomeSupportParams(), area=Area.parse("maakunta:18"))
    assert metrics["Kotikäyntien tarvitsijat alueella"] == fmt_int(
        result.totals()["demand_clients"], "fi")
    assert metrics["Henkilötyöstä käytössä"] == f"100,0{NBSP}%"
    assert "112,5 / 112,5 h/vko käytössä" in {c.value for c in at.caption}
    assert "hs_region" not in {s.key for s in at.selectbox}  # Oma alue decides the area
    assert at.select_slider(key="hs_visits_per_month").value == 1.0
