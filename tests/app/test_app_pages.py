"""AppTest smoke tests: every page runs in every language; states; the dataset guard."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage.compare import OPTIONS, compare_options
from coverage.defaults import NEED_MODELS
from coverage.ranking import explain_comparison
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, prepare
from coverage.ui import components
from coverage.ui.pages import PAGES
from coverage.ui.text import LANGUAGES, NBSP, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(lang: str = "fi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    return at


HEADING_KEY = {
    "yleiskuva": "overview.title",
    "aukot": "gaps.title",
    "koordinaatiomallit": "options.title",
    "suunnittelu": "plan.title",
    "aineisto": "data.title",
    "rekisteri": "reg.title",
}
"""The `ui.text` key of each page's heading (the navigation label is `PageSpec.title_key`)."""


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_without_exception(page, lang, app_dataset):
    at = _app(lang).run()
    at.switch_page(page.path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert page.url_path in HEADING_KEY, f"add the heading key of {page.url_path} to HEADING_KEY"
    assert [h.value for h in at.title] == [t(HEADING_KEY[page.url_path], lang)]


def test_overview_key_figures_are_formatted_per_language(app_dataset):
    total = int(app_dataset.municipalities.population.sum())
    at = _app("fi").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Väestö"] == f"{total:,}".replace(",", NBSP)
    assert metrics["Kunnat"] == str(len(app_dataset.municipalities))
    assert "65 vuotta täyttäneet" in metrics
    # providers per type: a Markdown table whose counts add up to the dataset's providers
    table = next(m.value for m in at.markdown if "| :---" in m.value)
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    assert sum(int(r[-1].replace(NBSP, "")) for r in rows) == len(app_dataset.providers)
    assert ["Kirjasto", "AB", "720"] in rows
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
    identity, layers, _need = (d.value for d in at.dataframe)
    assert identity.iloc[0]["Aineiston tunniste"] == app_dataset.dataset_id
    # the sources are a Markdown table (its cells wrap): header, rule, one line per source
    table = next(m.value for m in at.markdown if m.value.startswith("| Tiedosto |"))
    lines = table.splitlines()
    assert len(lines) == 2 + len(app_dataset.manifest["sources"])
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert {"Tiedosto", "Julkaisija", "Lisenssi", "Viitepäivä", "Rivejä"} <= set(header)
    for source in app_dataset.manifest["sources"]:
        assert components.markdown_text(source["licence"]) in table
    assert len(layers) == 4


def test_missing_dataset_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITUKI_DATA_DIR", str(tmp_path / "nothing"))
    at = _app("fi").run()
    assert not at.exception
    assert "python -m coverage sync" in at.info[0].value
    assert "Työaineistoa ei ole vielä koottu" in at.error[0].value


def test_damaged_dataset_names_the_layer_and_the_fix(tmp_path, monkeypatch, app_dataset):
    copy = tmp_path / "build"
    shutil.copytree(app_dataset.path, copy)
    layer = copy / "providers.parquet"
    layer.write_bytes(layer.read_bytes()[:-10])
    monkeypatch.setenv("DIGITUKI_DATA_DIR", str(copy))
    at = _app("sv").run()
    assert not at.exception
    assert "providers.parquet" in at.error[0].value
    assert "ofullständigt eller ändrat" in at.error[0].value
    assert "python -m coverage sync" in at.info[0].value


def test_missing_map_assets_says_how_to_fetch_them(tmp_path, monkeypatch, app_dataset):
    monkeypatch.setattr(components, "VENDOR_DIR", tmp_path)
    at = _app("en").run()
    assert not at.exception
    assert any("fetch_web_assets" in i.value for i in at.info)


# --- analysis pages ------------------------------------------------------------------------------

AUKOT = "coverage/ui/pages/aukot.py"
OPTIONS_PAGE = "coverage/ui/pages/koordinaatiomallit.py"
PLAN_PAGE = "coverage/ui/pages/suunnittelu.py"
DATA_PAGE = "coverage/ui/pages/aineisto.py"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"


def _page(path: str, lang: str = "fi", **state) -> AppTest:
    at = _app(lang)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at: AppTest, label: str) -> str:
    return {m.label: m.value for m in at.metric}[label]


def test_threshold_changes_the_coverage_figure(app_dataset):
    near = _page(AUKOT, sc_threshold_km=5.0)
    far = _page(AUKOT, sc_threshold_km=25.0)
    label = "Väestöstä tavoitettavissa"
    assert _metric(near, label) != _metric(far, label)
    share = lambda at: float(_metric(at, label).replace(NBSP, "").rstrip("%").replace(",", "."))  # noqa: E731
    assert share(near) < share(far) <= 100.0
    assert "5 km" in near.caption[0].value


def test_every_division_and_theme_runs(app_dataset):
    at = _page(AUKOT, "sv")
    for division, metric in [("kunta", "median_km"), ("avi", "need_coverage_share"),
                             ("country", "coverage_share_65plus"), ("seutukunta",
                                                                    "coverage_share")]:
        at.session_state["gaps_division"] = division
        at.session_state["gaps_metric"] = metric
        at.run()
        assert not at.exception, (division, [e.value for e in at.exception])
    assert at.title[0].value == "Täckning och luckor"


def test_mainland_only_and_a_strict_filter(app_dataset):
    at = _page(AUKOT, sc_mainland_only=True, sc_flags=["digituki"], sc_need_levels=[3, 4],
               sc_age_bands=["75plus"])
    assert "vain Manner-Suomi" in at.caption[0].value
    assert not at.error


def test_selected_unit_shows_its_figures(app_dataset):
    at = _page(AUKOT, "en", gaps_division="maakunta", gaps_selected_unit="19")
    assert any("Lappi" in m.value for m in at.markdown)
    assert "Need covered" in {m.label for m in at.metric}


def _upload_state(name: str, data: bytes, mode: str) -> dict:
    return {"upload_bytes": data, "upload_name": name,
            "upload_sha": hashlib.sha256(data).hexdigest(), "upload_mode": mode}


def test_an_accepted_upload_drives_the_analysis(app_dataset):
    data = (FIXTURES / "good_comma.csv").read_bytes()
    base = _page(AUKOT)
    added = _page(AUKOT, **_upload_state("good_comma.csv", data, "add"))
    only = _page(AUKOT, **_upload_state("good_comma.csv", data, "replace"))
    n = len(app_dataset.providers)
    assert f"{n + 3:,}".replace(",", NBSP) in added.caption[0].value
    assert "good_comma.csv" in only.caption[0].value
    label = "Väestöstä tavoitettavissa"
    assert _metric(only, label) != _metric(base, label)
    overview = _app("fi")
    for key, value in _upload_state("good_comma.csv", data, "add").items():
        overview.session_state[key] = value
    overview.run()
    assert {m.label: m.value for m in overview.metric}["Palveluntarjoajat"] == \
        f"{n + 3:,}".replace(",", NBSP)


def test_data_page_lists_the_accepted_upload(app_dataset):
    data = (FIXTURES / "good_comma.csv").read_bytes()
    at = _page(DATA_PAGE, **_upload_state("good_comma.csv", data, "add"))
    assert any("good_comma.csv" in i.value for i in at.info)
    names = {tuple(d.value.iloc[:, 0]) for d in at.dataframe}
    assert ("Oodi", "Kela Kamppi", "Digituki ry") in names


def options_table(at: AppTest, option_header: str = "Malli") -> list[dict[str, str]]:
    """Return the rows of the options side by side (a Markdown table that wraps) as text."""
    import re  # noqa: PLC0415

    def cells(line: str) -> list[str]:
        return [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip().strip("|").split("|")]

    found = [md.value for md in at.markdown  # the area's table also starts with the option
             if md.value.startswith("|") and cells(md.value.splitlines()[0])[0] == option_header
             and len(cells(md.value.splitlines()[0])) > 5]
    assert len(found) == 1, [md.value[:80] for md in at.markdown]
    lines = found[0].splitlines()
    return [dict(zip(cells(lines[0]), cells(line), strict=True)) for line in lines[2:]]


def test_options_page_rescores_with_weights(app_dataset):
    at = _page(OPTIONS_PAGE)
    scores = [r["Pisteet"] for r in options_table(at)]
    at.session_state["options_w_units"] = 10.0
    at.session_state["options_w_seat_distance"] = 0.0
    at.run()
    assert not at.exception
    assert [r["Pisteet"] for r in options_table(at)] != scores
    assert any("näillä painoilla" in s.value for s in [*at.success, *at.warning])
    for key in ("units", "seat_distance", "size", "equal_access", "cross_border"):
        at.session_state[f"options_w_{key}"] = 0.0
    at.run()
    assert not at.exception
    assert any("all weights are zero" in str(d.value.to_dict()) for d in at.dataframe)


def test_options_page_says_why_and_names_no_winner_within_the_noise(app_dataset):
    # the verdict follows coverage.ranking on the same data: clear winner or not, never both
    at = _page(OPTIONS_PAGE, options_w_size=2.0)
    comparison = compare_options(app_dataset, prepare(app_dataset, Scenario()))
    ranking = explain_comparison(dataclasses.replace(
        comparison, weights=dataclasses.replace(comparison.weights, size=2.0)))
    texts = [s.value for s in at.success] + [w.value for w in at.warning]
    assert any(("Selvä voittaja" if ranking.clear_winner else "Ei selvää voittajaa") in v
               for v in texts), texts
    assert not any(("Ei selvää voittajaa" if ranking.clear_winner else "Selvä voittaja") in v
                   for v in texts)
    assert any("Painot: omat painosi" in c.value for c in at.caption)
    why = [e for e in at.expander if e.label.startswith("Miksi tämä järjestys")]
    assert len(why) == 1
    tables = [d.value for d in why[0].dataframe]
    assert "Käännepiste" in tables[0].columns
    assert set(tables[1]["Painotus"]) >= {"Oletuspainot", "Omat painosi", "Vähän yksiköitä ensin"}


def test_options_page_every_theme_and_detail(app_dataset):
    at = _page(OPTIONS_PAGE, "en")
    for metric, option in [("need_mean_seat_distance_km", "kunta"),
                           ("cross_border_need_share", "elinvoimakeskus"),
                           ("e2sfca_h_per_1000_need", "seutukunta")]:
        at.session_state["options_metric"] = metric
        at.session_state["options_detail"] = option
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    assert "Units: Sub-regions (seutukunnat)" in {s.value for s in at.subheader}


def test_planning_sites_and_home_support(app_dataset):
    at = _page(PLAN_PAGE, plan_k=5, plan_solver="greedy-swap", plan_limit_division="maakunta",
               plan_max_per_unit=1)
    assert _metric(at, "Valittuja pisteitä") == "5"
    sites = at.dataframe[0].value
    assert len(sites) == 5
    at.session_state["plan_section"] = "home"
    at.session_state["hs_region"] = "11"  # Pohjois-Savo
    at.session_state["hs_kunnat"] = ["297", "749"]  # Kuopio, Siilinjärvi
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    bases = at.dataframe[0].value
    assert len(bases) == 2
    assert "Kotikäyntien tarvitsijat alueella" in {m.label for m in at.metric}
    at.session_state["hs_source"] = "file"
    at.run()
    assert not at.exception
    assert any("tukikohtien tiedosto" in i.value.lower() for i in at.info)


def test_planning_without_candidates_says_why_in_the_users_language(app_dataset):
    """Only libraries as candidates, but every library already counts: no candidates."""
    at = _page(PLAN_PAGE, "sv", plan_kinds=["libraries"])
    assert not at.exception, [e.value for e in at.exception]
    problems = at.dataframe[0].value
    assert list(problems["Allvarlighet"]) == ["anmärkning", "fel"]
    assert "räknas redan som leverantörer" in problems["Problem"].iloc[0]
    assert problems["Problem"].iloc[1].startswith("Inga kandidatplatser")


def test_planning_exact_solver_small_case(app_dataset):
    at = _page(PLAN_PAGE, "sv", plan_k=3, plan_solver="exact")
    assert _metric(at, "Valda ställen") == "3"
    assert any("Bevisat bästa lösning." in c.value for c in at.caption)
    # the before/after table per landskap names them in Swedish
    units = [d.value for d in at.dataframe if "Nyland" in d.value.to_string()]
    assert units
    assert "Uusimaa" not in units[0].to_string()


def test_pages_have_no_bare_strings_that_streamlit_would_show():
    """Streamlit's "magic" writes module-level string expressions of a page on the page."""
    for spec in PAGES:
        tree = ast.parse((Path(APP).parent / spec.path).read_text(encoding="utf-8"))
        bare = [node.lineno for node in tree.body[1:]
                if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
        assert bare == [], (spec.path, bare)


def test_options_report_is_made_on_request(app_dataset):
    at = _page(OPTIONS_PAGE, options_detail="avi")
    at.button(key="options_report_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["options_report_key"] is not None
    at.run()  # the next run offers the same (cached) zip without making it again
    assert not at.exception


# --- drive-time mode ---------------------------------------------------------------------------


def _share(text: str) -> float:
    return float(text.replace(NBSP, "").rstrip("%").replace(",", "."))


def test_drive_mode_shows_minutes_and_the_library_figures(app_dataset):
    """Aukot by road: the figures are the library's access table by road, in minutes."""
    at = _page(AUKOT, sc_mode="drive", sc_threshold_min=15.0, gaps_division="maakunta",
               gaps_metric="median_km")
    assert not at.error, [e.value for e in at.error]
    labels = {m.label: m.value for m in at.metric}
    assert labels["Mediaaniajoaika"].endswith(" min")
    assert "Mediaanietäisyys" not in labels
    assert "Ajoaikaraja 15 min" in at.caption[0].value
    prepared = prepare(app_dataset, Scenario(reach=Reach(mode="drive", threshold=15.0)))
    expected = access_table(app_dataset, prepared, "country").iloc[0]
    assert _share(labels["Väestöstä tavoitettavissa"]) == pytest.approx(
        100 * expected["coverage_share"], abs=0.05)
    assert labels["Mediaaniajoaika"] == f"{expected['median_min']:.1f} min".replace(".", ",")
    units = at.dataframe[0].value  # the table per unit (the top gap areas are a short list)
    assert "Mediaaniajoaika" in units.columns
    assert "Mediaanietäisyys" not in units.columns
    assert len(units) == 19
    gaps = at.dataframe[1].value
    assert {"Lyhin ajoaika", "Keskimääräinen ajoaika", "Pisin ajoaika"} <= set(gaps.columns)
    assert all(v.endswith(" min") for v in gaps["Keskimääräinen ajoaika"])


def test_walking_mode_shows_walking_minutes_and_the_library_figures(app_dataset):
    """Aukot on foot: the library's access table by walking, labelled as walking times."""
    expected = access_table(
        app_dataset, prepare(app_dataset, Scenario(reach=Reach(mode="walk"))), "country"
    ).iloc[0]
    slow, fast = (_page(AUKOT, "en", sc_mode="walk", sc_walk_min=20.0, sc_walk_speed=speed)
                  for speed in (3.4, 4.5))
    covered = {at: _share(_metric(at, "Population covered")) for at in (slow, fast)}
    assert covered[slow] == pytest.approx(100 * expected["coverage_share"], abs=0.05)
    assert covered[slow] < covered[fast]  # a quicker walker reaches more
    assert _metric(slow, "Median walking time").endswith(" min")
    assert "Median drive time" not in {m.label for m in slow.metric}
    assert "Walking-time threshold 20 min at 3.4 km/h" in slow.caption[0].value
    assert {"Shortest walking time", "Mean walking time"} <= set(slow.dataframe[1].value.columns)


def test_drive_threshold_changes_the_coverage_figure(app_dataset):
    near = _page(AUKOT, "en", sc_mode="drive", sc_threshold_min=5.0)
    far = _page(AUKOT, "en", sc_mode="drive", sc_threshold_min=30.0)
    label = "Population covered"
    assert _share(_metric(near, label)) < _share(_metric(far, label)) <= 100.0
    straight = _page(AUKOT, "en")
    assert "Median distance" in {m.label for m in straight.metric}
    assert "Median drive time" in {m.label for m in near.metric}


def test_drive_mode_with_an_uploaded_file_and_mainland_only(app_dataset):
    """Drive mode follows the session's providers and scope like the km mode does."""
    data = (FIXTURES / "good_comma.csv").read_bytes()
    label = "Väestöstä tavoitettavissa"
    base = _page(AUKOT, sc_mode="drive")
    only = _page(AUKOT, sc_mode="drive", **_upload_state("good_comma.csv", data, "replace"))
    assert not only.error, [e.value for e in only.error]
    assert "good_comma.csv" in only.caption[0].value
    assert _share(_metric(only, label)) < _share(_metric(base, label))
    mainland = _page(AUKOT, sc_mode="drive", sc_mainland_only=True, gaps_division="maakunta")
    assert not mainland.error
    assert "vain Manner-Suomi" in mainland.caption[0].value
    assert len(mainland.dataframe[0].value) == 18  # Åland left out


def test_options_page_by_road(app_dataset):
    at = _page(OPTIONS_PAGE, "sv", sc_mode="drive", options_metric="need_mean_seat_distance_km")
    assert not at.error, [e.value for e in at.error]
    options = options_table(at, "Modell")
    assert all(r["Behövandes körtid till säte"].endswith(" min") for r in options)
    assert len(options) == len(OPTIONS) == 7
    assert "Körtidsgräns 20 min" in at.caption[0].value


@pytest.mark.parametrize(("mode", "caption", "map_words"), [
    ("drive", "Ajoaikaraja 20 min", "ajaa tieverkkoa pitkin enintään 20 min"),
    ("walk", "Kävelyaikaraja 20 min", "kävelyalue 20 minuutissa"),
])
def test_planning_in_the_sidebars_reach(app_dataset, mode, caption, map_words):
    """New sites and home support follow the sidebar's mode like every page: no km note."""
    at = _page(PLAN_PAGE, sc_mode=mode, plan_k=3)
    assert not [i for i in at.info if "tiekerroin" in i.value]  # no "planning measures km" note
    assert caption in at.caption[0].value
    assert _metric(at, "Valittuja pisteitä") == "3"
    assert any(map_words in c.value for c in at.caption)
    tables = [d.value for d in at.dataframe]
    assert any("Mediaanietäisyys, jälkeen" in t.columns for t in tables)
    at.session_state["plan_section"] = "home"
    at.session_state["hs_region"] = "11"  # Pohjois-Savo
    at.session_state["hs_kunnat"] = ["297", "749"]  # Kuopio, Siilinjärvi
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe[0].value) == 2
    assert not [s for s in at.slider if s.label == "Ajonopeus"]  # speed: straight line only


def test_need_model_changes_the_need_figures(app_dataset):
    seed = _page(AUKOT, sc_need_model="seed2017")
    surveys = _page(AUKOT, sc_need_model="surveys2023")
    label = "Tarvitsijoita katveessa"
    unmet = lambda at: int(_metric(at, label).replace(NBSP, "").replace(" ", ""))  # noqa: E731
    assert unmet(surveys) > unmet(seed)  # 75+ need 0.78 against 0.60 under the surveys
    population = "Väestöstä tavoitettavissa"
    assert _metric(seed, population) == _metric(surveys, population)
    assert "tarvemalli Kyselyt 2018–2023" in surveys.caption[0].value  # noqa: RUF001
    assert "tarvemalli" not in seed.caption[0].value


def test_data_page_shows_need_per_model_and_the_75plus_method(app_dataset):
    at = _app("fi").run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    presets = next(t for t in tables if "Muutos" in t.columns)
    models = [t(f"need_model.{m}", "fi") for m in NEED_MODELS]
    assert list(presets.columns) == ["Alue", *models, "Muutos"]
    assert presets.iloc[0]["Alue"] == "Koko maa"
    assert len(presets) == 1 + 19  # the country and the maakunnat (Åland included)
    text = " ".join(m.value for m in at.markdown)
    assert "31.12.2024" in text
    assert "Human Mortality Database" in text
    assert any("AX" in c.value for c in at.caption)
    at.session_state["sc_need_model"] = "surveys2023"
    at.run()
    assert not at.exception


@pytest.mark.parametrize("path", [AUKOT, OPTIONS_PAGE, PLAN_PAGE])
def test_a_filter_that_leaves_no_provider_is_named(path, app_dataset):
    """No provider is a home-support base in the dataset: the page says so, and stops."""
    at = _page(path, "fi", sc_types=["home_support_base"])
    assert len(at.error) == 1
    said = at.error[0].value
    assert "Yhtään palveluntarjoajaa ei jää suodattimen palveluntarjoajan tyyppi" in said
    assert "home_support_base" in said
    assert "authority_desk, library, ngo" in said
    assert not at.metric


def test_top_gaps_list_fits_a_side_panel_and_shows_the_unmet_need(app_dataset):
    """The short list is a wrapping table: rank, place with municipality, and the unmet need."""
    at = _page(AUKOT)
    assert not at.error, [e.value for e in at.error]
    tables = [m.value for m in at.markdown if m.value.startswith("| Sija |")]
    assert len(tables) == 1
    header, _rule, *rows = tables[0].splitlines()
    assert "Paikka" in header
    assert "Tuen tarvitsijat" in header
    assert len(rows) == 10
