"""AppTest: the Rekisteri page on a fresh workspace (tests/app/conftest.py sets DIGITUKI_STORE)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.followup import choose_providers, save_scenario
from coverage.scenario import Scenario
from coverage.store import open_store, register
from coverage.ui import components
from coverage.ui.text import LANGUAGES, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "coverage/ui/pages/rekisteri.py"


def _page(lang="fi"):
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _store():
    return open_store(os.environ["DIGITUKI_STORE"], actor="tester")


def _seed(ds, n=2):
    store = _store()
    try:
        recs = [
            register.new_record(
                ds, name=f"Piste {i}", provider_type="ngo", x=443800.0 + 1000 * i, y=7375600.0
            )
            for i in range(n)
        ]
        register.add_records(store, recs, action="add")
    finally:
        store.dispose()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_empty_register_page(app_dataset, lang):
    at = _page(lang)
    assert at.title[0].value == t("reg.title", lang)
    assert any(t("reg.empty", lang) == i.value for i in at.info)
    assert [tab.label for tab in at.tabs] == [
        t(f"reg.tab_{k}", lang) for k in ("register", "add", "history", "scenarios", "trend")
    ]


def test_add_by_coordinates_goes_to_the_store(app_dataset):
    at = _page()
    at.text_input(key="reg_add_name").set_value("Kyläpiste")
    at.selectbox(key="reg_add_type").set_value("ngo")
    at.number_input(key="reg_add_lat").set_value(66.5)
    at.number_input(key="reg_add_lon").set_value(25.7)
    at.button[[b.label for b in at.button].index(t("reg.add_go", "fi"))].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("register:1" in s.value for s in at.success)
    store = _store()
    try:
        frame = register.providers_at(store)
        assert frame["name"].tolist() == ["Kyläpiste"]
        assert frame["kunta_code"].tolist() == ["698"]  # Rovaniemi
        assert register.history(store)["actor"].tolist() != []
    finally:
        store.dispose()


def test_table_edit_with_a_stale_version_shows_the_conflict(app_dataset):
    _seed(app_dataset, 1)
    at = _page()
    assert at.dataframe or at.get("arrow_data_frame")
    # someone else saves first ...
    store = _store()
    try:
        register.edit(store, 1, based_on_version=1, changes={"opening_hours": "ma 9-12"})
    finally:
        store.dispose()
    # ... then this session's edit, based on version 1, is refused with a message
    at.session_state["reg_editor_0"] = {
        "edited_rows": {0: {"opening_hours": "ti 9-12"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    save = [b for b in at.button if b.label == t("reg.save_edits", "fi", n=1)]
    assert len(save) == 1
    save[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value.replace("\\", "") for e in at.error]  # user text is shown literally
    assert any("'ma 9-12'" in v and "'ti 9-12'" in v for v in shown), shown
    store = _store()
    try:
        assert register.providers_at(store)["opening_hours"].tolist() == ["ma 9-12"]
    finally:
        store.dispose()


def test_saved_scenarios_compare_with_difference_map(app_dataset):
    _seed(app_dataset, 2)
    store = _store()
    try:
        for name, source in (("ennen", "dataset"), ("jälkeen", "both")):
            choice = choose_providers(app_dataset, source, store=store)
            save_scenario(store, app_dataset, name, Scenario(), choice)
    finally:
        store.dispose()
    at = _page("en")
    at.toggle(key="reg_cmp_show").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="reg_cmp_a").value == "ennen"
    assert at.selectbox(key="reg_cmp_b").value == "jälkeen"
    texts = " ".join(m.value for m in at.markdown)
    assert "**jälkeen** against **ennen**" in texts


def test_map_click_fills_the_coordinates(app_dataset, monkeypatch):
    monkeypatch.setattr(components, "show_map",
                        lambda *a, **k: {"last_clicked": {"lat": 66.5, "lng": 25.7}})
    at = _page()
    at.toggle(key="reg_add_pick").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="reg_add_lat").value == pytest.approx(66.5)
    assert at.number_input(key="reg_add_lon").value == pytest.approx(25.7)


def test_pages_analyse_the_register_when_chosen(app_dataset):
    _seed(app_dataset, 2)
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "fi"
    at.session_state["reg_analysis_source"] = "register"
    at.run()
    at.switch_page("coverage/ui/pages/aukot.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(c.value for c in [*at.caption, *at.markdown, *at.info])
    assert t("providers.register_register", "fi", n="2") in shown
    at.session_state["reg_analysis_source"] = "both"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(c.value for c in [*at.caption, *at.markdown, *at.info])
    assert "aineisto ja rekisteri (2 rekisteristä)" in shown
