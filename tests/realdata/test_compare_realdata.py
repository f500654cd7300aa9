"""Option comparison on the real dataset: unit counts, totals, Theil identities, nesting, Åland,
the CLI and the report."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from itertools import pairwise

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.spatial import cKDTree

from coverage import cli
from coverage.compare import (
    ALAND_MAAKUNTA,
    ALAND_UNIT_CODE,
    ALL_OPTIONS,
    BILINGUAL_CODES,
    OPTIONS,
    SEAT_COLUMNS,
    SUMMARY_FIRST,
    SWEDISH_SPEAKING_CODES,
    compare_options,
    seat_travel_minutes,
)
from coverage.data.roads import load_road_graph
from coverage.network import (
    RoadNetwork,
    load_road_network,
)
from coverage.reach import Memo, Reach
from coverage.report import COLUMNS_FI, write_report
from coverage.scenario import Scenario, access_table, prepare

pytestmark = pytest.mark.realdata

POPULATION = 5_635_971
KEY_UNITS = {
    "kunta": 308,
    "maakunta": 19,
    "avi": 7,
    "maistraatti": 10,
    "hyvinvointialue": 23,
    "elinvoimakeskus": 11,
    "seutukunta": 69,
    "ely": 16,
}
"""Units per option in the dataset: the official keys, with Åland its own unit where a key mixes
it with the mainland (the 2026 key puts it under Lounais-Suomen elinvoimakeskus: 10 + 1)."""
NESTED = ("kunta", "seutukunta", "maakunta", "avi")
"""Finer to coarser."""


@pytest.fixture(scope="module")
def prepared(ds):
    return prepare(ds, Scenario(reach=Reach(threshold=10, circuity=1.3)))


@pytest.fixture(scope="module")
def comparison(ds, prepared):
    return compare_options(ds, prepared, options=ALL_OPTIONS)


@pytest.fixture(scope="module")
def as_keyed(ds, prepared):
    return compare_options(ds, prepared, options=ALL_OPTIONS, aland_own_unit=False, draws=10)


@pytest.fixture(scope="module")
def mainland(ds):
    p = prepare(ds, Scenario(reach=Reach(threshold=10, circuity=1.3), mainland_only=True))
    return p, compare_options(ds, p, options=ALL_OPTIONS, draws=10)


def test_unit_counts_as_in_the_keys(as_keyed):
    units = as_keyed.options.set_index("option")["units"].to_dict()
    assert units == KEY_UNITS


def test_unit_counts_with_aland_as_its_own_unit(comparison):
    """The 2026 key puts Åland under Lounais-Suomen elinvoimakeskus: the dataset splits it off."""
    table = comparison.options.set_index("option")
    assert table["units"].to_dict() == KEY_UNITS | {"elinvoimakeskus": 11}
    assert not table["aland_split"].any()  # nothing left to split: the dataset already did
    evk = comparison.units["elinvoimakeskus"]
    assert (evk["unit_code"] != ALAND_UNIT_CODE).sum() == 10  # the ten elinvoimakeskukset
    aland = evk.set_index("unit_code").loc[ALAND_UNIT_CODE]
    assert aland["population"] == 30_654
    assert aland["municipalities"] == 16
    assert aland["seat_name"] == "Maarianhamina"


def test_no_unit_mixes_aland_and_the_mainland(ds, comparison, as_keyed):
    for option in ALL_OPTIONS:
        units = comparison.units[option]
        assert not units["aland_with_mainland"].any(), option
        assert units.loc[units["aland"], "population"].sum() == 30_654
    mixed = {o for o in ALL_OPTIONS if as_keyed.units[o]["aland_with_mainland"].any()}
    assert mixed == set()  # the dataset gives Åland its own unit in every division


def test_mainland_only(ds, mainland):
    p, c = mainland
    table = c.options.set_index("option")
    assert (table["scope"] == "mainland_only").all()
    expected = {
        o: n
        - (16 if o == "kunta" else 3 if o == "seutukunta" else 1)
        for o, n in KEY_UNITS.items()
    }
    assert table["units"].to_dict() == expected
    assert (table["total_population"] == POPULATION - 30_654).all()
    assert (table["total_municipalities"] == 292).all()
    aland = set(ds.membership.loc[ds.membership["maakunta"] == ALAND_MAAKUNTA, "kunta_code"])
    assert not p.providers["kunta_code"].isin(aland).any()
    assert not any(c.units[o]["aland"].any() for o in ALL_OPTIONS)


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_units_sum_to_the_national_totals(ds, prepared, comparison, option):
    national = access_table(ds, prepared, "country").iloc[0]
    units = comparison.units[option]
    assert units["population"].sum() == POPULATION
    assert units["municipalities"].sum() == 308
    assert units["need"].sum() == pytest.approx(prepared.need.sum(), rel=1e-12)
    assert units["need"].sum() == pytest.approx(national["need"], rel=1e-12)
    assert units["covered_population"].sum() == pytest.approx(
        national["covered_population"], rel=1e-12
    )
    assert units["covered_need"].sum() == pytest.approx(national["covered_need"], rel=1e-12)
    assert units["pop_65plus"].sum() == pytest.approx(ds.demand["pop_65plus"].sum(), rel=1e-12)
    assert units["area_km2"].sum() == pytest.approx(ds.municipalities["area_km2"].sum(), rel=1e-12)
    assert units["providers"].sum() == len(prepared.providers)
    assert units["cross_border_need"].sum() == pytest.approx(
        comparison.options.set_index("option").loc[option, "cross_border_need_share"]
        * prepared.need.sum(),
        rel=1e-12,
    )
    # population from the cells equals the official municipal population in every unit
    muni = ds.municipalities.set_index("kunta_code")["population"]
    unit_of = comparison.divisions[option].unit_of_kunta
    official = muni.groupby(muni.index.map(unit_of)).sum()
    np.testing.assert_array_equal(
        units.set_index("unit_code")["population"], official.reindex(units["unit_code"])
    )
    assert units[["seat_name", "seat_kunta_code"]].notna().all().all()
    assert units["seat_basis"].str.len().gt(0).all()


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_unit_coverage_and_e2sfca_equal_the_access_table(ds, prepared, as_keyed, option):
    """The comparison computes E2SFCA once for all options; the numbers are access_table's."""
    ours = as_keyed.units[option].set_index("unit_code")
    theirs = access_table(ds, prepared, option).set_index("unit_code")
    assert list(ours.index) == list(theirs.index)
    pairs = {
        "population": "population",
        "need": "need",
        "covered_population": "covered_population",
        "coverage_share": "coverage_share",
        "need_coverage_share": "need_coverage_share",
        "median_provider_km": "median_km",
        "e2sfca_h_per_1000_need": "e2sfca_h_per_1000_need",
        "unit_name": "unit_name",
    }
    for mine, column in pairs.items():
        if mine == "unit_name":
            assert list(ours[mine]) == list(theirs[column])
        else:
            np.testing.assert_allclose(ours[mine], theirs[column], rtol=1e-12, err_msg=mine)


@pytest.mark.parametrize("mode", ["straight", "drive"])
@pytest.mark.parametrize("variable", ["closeness", "e2sfca"])
def test_theil_between_plus_within_is_total(ds, request, mode, variable):
    """In every mode (one code path), the Theil split adds up, per option and per unit."""
    scenario = request.getfixturevalue("prepared" if mode == "straight" else "by_road")
    c = (
        request.getfixturevalue("comparison" if mode == "straight" else "drive")
        if variable == "closeness"
        else compare_options(ds, scenario, options=ALL_OPTIONS, theil_variable=variable, draws=10)
    )
    table = c.options
    residual = (table["theil_between"] + table["theil_within"] - table["theil_total"]).abs()
    assert residual.max() <= 1e-12
    assert table["theil_total"].max() - table["theil_total"].min() <= 1e-12  # same for every option
    assert (table["theil_between"] >= 0).all()
    for option in ALL_OPTIONS:
        units = c.units[option]
        assert units["theil_between_part"].sum() == pytest.approx(
            table.set_index("option").loc[option, "theil_between"], abs=1e-12
        )
        assert units["theil_within_part"].sum() == pytest.approx(
            table.set_index("option").loc[option, "theil_within"], abs=1e-12
        )


@pytest.mark.parametrize("variable", ["closeness", "e2sfca"])
def test_within_part_never_grows_as_nested_units_get_finer(ds, prepared, comparison, variable):
    # first the nesting itself: every finer unit lies in exactly one coarser unit
    m = ds.membership
    for finer, coarser in pairwise(NESTED):
        parents = m.groupby(finer)[coarser].nunique()
        assert (parents == 1).all(), (
            f"{finer} units split across {coarser}: {list(parents[parents > 1].index)}"
        )
    c = (
        comparison
        if variable == "closeness"
        else compare_options(ds, prepared, options=NESTED, theil_variable=variable, draws=10)
    )
    table = c.options.set_index("option")
    within = [table.loc[o, "theil_within"] for o in NESTED]
    between = [table.loc[o, "theil_between"] for o in NESTED]
    for fine, coarse in pairwise(within):
        assert fine <= coarse + 1e-12
    for fine, coarse in pairwise(between):
        assert fine >= coarse - 1e-12
    assert within[0] < within[-1]  # and the finer split really explains more


def test_language_codes_mean_what_the_comparison_assumes(ds):
    labels = ds.membership.groupby("language_code")["language_fi"].unique()
    for code in SWEDISH_SPEAKING_CODES:
        assert list(labels[code]) == ["Yksikielinen ruotsinkielinen kunta"]
    for code in BILINGUAL_CODES:
        assert len(labels[code]) == 1
        assert labels[code][0].startswith("Kaksikielinen kunta")
    assert list(labels["0"]) == ["Yksikielinen suomenkielinen kunta"]


def test_language_counts(comparison, ds):
    m = ds.membership
    n_swedish = m["language_code"].isin(SWEDISH_SPEAKING_CODES).sum()
    n_bilingual = m["language_code"].isin(BILINGUAL_CODES).sum()
    for option in ALL_OPTIONS:
        units = comparison.units[option]
        assert units["swedish_speaking_kunnat"].sum() == n_swedish
        assert units["bilingual_kunnat"].sum() == n_bilingual
    aland = comparison.units["maakunta"].set_index("unit_code").loc[ALAND_MAAKUNTA]
    assert aland["swedish_speaking_kunnat"] == 16


def test_seat_distances_make_sense(comparison):
    table = comparison.options.set_index("option")
    # a municipality's own centre is closer to its people than any regional seat
    assert (
        table.loc["kunta", "median_seat_distance_km"]
        < table.loc["maakunta", "median_seat_distance_km"]
    )
    assert (
        table.loc["maakunta", "median_seat_distance_km"]
        < table.loc["avi", "median_seat_distance_km"]
    )
    assert table.loc["kunta", "median_seat_distance_km"] < 10
    # crossing a border to the nearest provider is common between municipalities, rare between AVIs
    assert (
        table.loc["kunta", "cross_border_need_share"]
        > table.loc["maakunta", "cross_border_need_share"]
    )
    assert (
        table.loc["maakunta", "cross_border_need_share"]
        >= table.loc["avi", "cross_border_need_share"]
    )
    shares = comparison.options["rank_first_share"]
    assert shares.sum() == pytest.approx(1.0)


def test_whole_comparison_is_fast(ds, prepared):
    compare_options(ds, prepared, options=ALL_OPTIONS, draws=1000)  # warm caches
    start = time.perf_counter()
    compare_options(ds, prepared, options=ALL_OPTIONS, draws=1000)
    assert time.perf_counter() - start < 5.0  # typically well under a second


def test_compare_command_through_the_main_cli(compare_csv):
    rows, err = compare_csv
    assert list(rows[0])[: len(SUMMARY_FIRST)] == list(SUMMARY_FIRST)
    assert "whole country" in err


def test_compare_detail_weights_and_errors(ds, capsys, cli_ok):
    out, err = cli_ok(
        "compare",
        "--detail",
        "avi",
        "--weight",
        "units=3",
        "--weights",
        "seat_distance=0,size=1",
        "--draws",
        "50",
        "--seed",
        "1",
        "--mainland-only",
    )
    detail = pd.read_csv(io.StringIO(out), dtype={"unit_code": str})
    assert len(detail) == 6
    assert (detail["option"] == "avi").all()
    assert "mainland Finland only" in err
    rc = cli.main(
        ["--data-dir", str(ds.path), "compare", "--weight", "units=-1", "--weight", "colour=2"]
    )
    _out, err = capsys.readouterr()
    assert rc == 1
    assert "unknown criterion 'colour'" in err
    assert "field 'units': weight -1.0 is negative" in err


def test_report_command_writes_page_and_tables(ds, tmp_path, cli_ok):
    out = tmp_path / "raportti"
    stdout, err = cli_ok("report", "--option", "maakunta", "--out", str(out), "--draws", "100")
    for name in (
        "index.html",
        "options.csv",
        "units_maakunta.csv",
        "scoring.csv",
        "sources.csv",
        "report.xlsx",
    ):
        assert (out / name).is_file(), name
        assert str(out / name) in stdout
    assert "report: 100 % done" in err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Maakunnat" in page
    assert "Uusimaa" in page
    assert "Statistics Finland" in page  # sources from the manifest
    assert page.count("data:image/png;base64,") == 2
    options = pd.read_csv(out / "options.csv")
    assert list(options["option"]) == list(OPTIONS)
    sheets = pd.read_excel(out / "report.xlsx", sheet_name=None)
    assert len(sheets["units_maakunta"]) == 19
    assert len(sheets["options"]) == len(OPTIONS)


def test_report_escapes_a_unit_name_with_a_script(ds, prepared, tmp_path):
    evil = '<script>alert("digituki")</script>'
    units = ds.units.copy()
    hit = (units["division"] == "maakunta") & (units["unit_code"] == "1")
    units.loc[hit, "name_fi"] = evil + " Uusimaa"
    units.loc[hit, "seat_name"] = evil
    evil_ds = replace(ds, units=units)
    c = compare_options(evil_ds, prepared, options=("maakunta", "avi"), draws=10)
    write_report(evil_ds, prepared, c, option="maakunta", out_dir=tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;digituki&quot;)&lt;/script&gt; Uusimaa" in page
    # every column of the tables has a Finnish heading and definition
    columns = set(c.options.columns) | set(c.units["maakunta"].columns)
    assert columns - set(COLUMNS_FI) == set()


# --- drive mode: minutes by road on the national graph -------------------------------------------


@pytest.fixture(scope="module")
def road(ds):
    return load_road_network(ds.path)


@pytest.fixture(scope="module")
def by_road(ds, road):
    """The default scenario by car within 20 min (legs x 1.3), on the loaded road network."""
    memo = Memo()
    memo.use_road_network(ds, road)
    scenario = Scenario(reach=Reach(mode="drive", threshold=20, circuity=1.3))
    return prepare(ds, scenario, memo=memo)


@pytest.fixture(scope="module")
def drive(ds, by_road):
    return compare_options(ds, by_road, options=ALL_OPTIONS)


@pytest.fixture(scope="module")
def drive_keyed(ds, by_road, drive):
    return compare_options(ds, by_road, options=ALL_OPTIONS, aland_own_unit=False, draws=10)


def test_drive_mode_runs_for_every_option(drive):
    table = drive.options.set_index("option")
    assert table["units"].to_dict() == KEY_UNITS | {"elinvoimakeskus": 11}
    assert (table["mode"] == "drive").all()
    assert drive.meta["threshold"] == 20
    assert drive.unit == "min"
    minutes = set(SEAT_COLUMNS["min"].values())
    for option in ALL_OPTIONS:
        units = drive.units[option]
        assert minutes <= set(units.columns)
        assert not set(SEAT_COLUMNS["km"].values()) & set(units.columns)
        for col in minutes:
            values = units[col].to_numpy(float)
            assert (values[np.isfinite(values)] >= 0).all(), col
        assert np.isfinite(units[list(minutes - {"seat_provider_time_min"})]).all().all()
    # seats close to the people in small units, far in large ones
    median = table["median_seat_time_min"]
    assert median["kunta"] < median["maakunta"] < median["avi"]
    assert median["kunta"] < 15


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_drive_mode_sums_match_the_national_totals(ds, prepared, by_road, drive, option):
    national = access_table(ds, by_road, "country").iloc[0]
    units = drive.units[option]
    assert units["population"].sum() == POPULATION
    assert units["municipalities"].sum() == 308
    assert units["need"].sum() == pytest.approx(national["need"], rel=1e-12)
    for col in ("covered_population", "covered_need"):
        assert units[col].sum() == pytest.approx(national[col], rel=1e-12)
    assert units["providers"].sum() == len(prepared.providers)
    row = drive.options.set_index("option").loc[option]
    assert row["coverage_share"] == pytest.approx(national["coverage_share"], rel=1e-12)
    assert units["cross_border_need"].sum() == pytest.approx(
        row["cross_border_need_share"] * prepared.need.sum(), rel=1e-12
    )


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_drive_mode_coverage_equals_the_access_table(ds, by_road, drive_keyed, option):
    """The same minutes as `access --mode drive`: per unit, the numbers of its access table."""
    ours = drive_keyed.units[option].set_index("unit_code")
    theirs = access_table(ds, by_road, option).set_index("unit_code")
    assert list(ours.index) == list(theirs.index)
    for mine, column in {
        "covered_population": "covered_population",
        "covered_need": "covered_need",
        "coverage_share": "coverage_share",
        "need_coverage_share": "need_coverage_share",
        "median_provider_min": "median_min",
        "e2sfca_h_per_1000_need": "e2sfca_h_per_1000_need",
    }.items():
        np.testing.assert_allclose(ours[mine], theirs[column], rtol=1e-12, err_msg=mine)


def test_drive_mode_cross_border_uses_the_nearest_provider_by_road(ds, prepared, by_road, drive):
    engine = by_road.cost.engine
    div = drive.divisions["maakunta"]
    p_unit = pd.Series(div.unit_of_kunta).reindex(prepared.providers["kunta_code"]).to_numpy()
    cross = div.codes[div.inverse] != p_unit[engine.nearest_index]
    share = prepared.need[cross].sum() / prepared.need.sum()
    row = drive.options.set_index("option").loc["maakunta"]
    assert row["cross_border_need_share"] == pytest.approx(share, rel=1e-12)
    assert (engine.nearest_index >= 0).all()


def test_seat_times_are_exact_and_the_seats_own_cell_is_near(ds, prepared, road, drive):
    cells = prepared.cells[["x", "y"]].to_numpy(float)
    tree = cKDTree(cells)
    slow = {}
    for option in ALL_OPTIONS:
        div = drive.divisions[option]
        seats = div.units[["seat_x", "seat_y"]].to_numpy(float)
        times = seat_travel_minutes(road, seats, cells, div.inverse, circuity=1.3)
        assert np.isfinite(times).all()
        assert (times >= 0).all()
        # the option's columns are these times, weighted
        units = drive.units[option]
        pop = prepared.cells["population"].to_numpy(float)
        mean = np.bincount(div.inverse, weights=pop * times) / np.bincount(div.inverse, weights=pop)
        np.testing.assert_allclose(units["mean_seat_time_min"], mean, rtol=1e-12)
        # the populated cell nearest the seat is minutes away (both legs plus a short road)
        _, own = tree.query(seats)
        mine = div.inverse[own] == np.arange(len(seats))
        assert mine.mean() > 0.98
        own_time = seat_travel_minutes(road, seats, cells[own], np.arange(len(seats)))
        np.testing.assert_allclose(own_time[mine], times[own][mine], rtol=1e-12)
        assert np.median(own_time) < 3.0, option
        slow |= {div.units["seat_name"].iloc[u]: own_time[u] for u in np.flatnonzero(own_time > 15)}
    # one exception: the dataset puts Laitila's seat ~10 km north of the town, 2.6 km from any
    # road of the 1:1M graph (see the report to the main session)
    assert set(slow) <= {"Laitila"}
    assert all(t < 30 for t in slow.values())
    # the search ladder changes nothing: every unit searched without a limit gives the same
    div = drive.divisions["seutukunta"]
    seats = div.units[["seat_x", "seat_y"]].to_numpy(float)
    laddered = seat_travel_minutes(road, seats, cells, div.inverse, circuity=1.3)
    unlimited = seat_travel_minutes(
        road, seats, cells, div.inverse, circuity=1.3, limits_min=(np.inf,)
    )
    np.testing.assert_array_equal(laddered, unlimited)


def test_seat_times_equal_networkx_on_the_road_graph(ds):
    """Seat -> cell and seat -> provider minutes = networkx single-source Dijkstra + the legs."""
    graph = load_road_graph(ds.path)
    plain = RoadNetwork.from_graph(graph, densify=False)  # the graph's own junctions
    memo = Memo()
    memo.use_road_network(ds, plain)
    p = prepare(ds, Scenario(reach=Reach(mode="drive", threshold=20, circuity=1.3)), memo=memo)
    c = compare_options(ds, p, options=("maakunta",), draws=10)
    div = c.divisions["maakunta"]
    seats = div.units[["seat_x", "seat_y"]].to_numpy(float)
    cells = p.cells[["x", "y"]].to_numpy(float)
    times = seat_travel_minutes(plain, seats, cells, div.inverse, circuity=1.3)
    pop = p.cells["population"].to_numpy(float)
    np.testing.assert_allclose(
        c.units["maakunta"]["mean_seat_time_min"],
        np.bincount(div.inverse, weights=pop * times) / np.bincount(div.inverse, weights=pop),
        rtol=1e-12,
    )
    leg = 1.3 / (30 / 3.6)  # seconds per metre of access leg (ACCESS_SPEED_KMH, circuity 1.3)
    s_node, s_dist = plain.snap(seats)
    c_node, c_dist = plain.snap(cells)
    rng = np.random.default_rng(2026)
    sample = rng.choice(len(cells), 12, replace=False)
    for u in np.unique(div.inverse[sample]):
        dist = nx.single_source_dijkstra_path_length(
            graph, int(plain.node_id[s_node[u]]), weight="travel_time"
        )
        for i in sample[div.inverse[sample] == u]:
            expected = s_dist[u] * leg + dist[int(plain.node_id[c_node[i]])] + c_dist[i] * leg
            assert times[i] == pytest.approx(expected / 60, abs=1e-9)
    # seat -> providers the same way (the unit's mean over its providers)
    provs = p.providers
    unit_of = pd.Series(div.unit_of_kunta)
    row = {code: r for r, code in enumerate(div.codes)}
    p_unit = np.array([row[unit_of[k]] for k in provs["kunta_code"]])
    p_xy = provs[["x", "y"]].to_numpy(float)
    p_times = seat_travel_minutes(plain, seats, p_xy, p_unit, circuity=1.3)
    np.testing.assert_allclose(
        c.units["maakunta"]["seat_provider_time_min"],
        np.bincount(p_unit, weights=p_times) / np.bincount(p_unit),
        rtol=1e-12,
    )
    p_node, p_dist = plain.snap(p_xy)
    for j in rng.choice(len(p_xy), 4, replace=False):
        u = p_unit[j]
        dist = nx.single_source_dijkstra_path_length(
            graph, int(plain.node_id[s_node[u]]), weight="travel_time"
        )
        expected = s_dist[u] * leg + dist[int(plain.node_id[p_node[j]])] + p_dist[j] * leg
        assert p_times[j] == pytest.approx(expected / 60, abs=1e-9)


def test_compare_command_in_drive_mode(cli_ok):
    out, err = cli_ok(
        "compare",
        "--max-minutes",
        "20",
        "--mode",
        "drive",
        "--format",
        "csv",
        "--draws",
        "100",
    )
    rows = pd.read_csv(io.StringIO(out))
    assert list(rows["option"]) == list(OPTIONS)
    assert (rows["mode"] == "drive").all()
    assert "median_seat_time_min" in rows.columns
    assert "median_seat_distance_km" not in rows.columns
    assert "mode drive: minutes by car on the road network, coverage within 20 min" in err
    # --max-minutes alone implies drive; --mode straight keeps the km
    out, err = cli_ok(
        "compare",
        "--max-minutes",
        "15",
        "--options",
        "maakunta,avi",
        "--draws",
        "10",
    )
    assert "coverage within 15 min" in err
    out, err = cli_ok("compare", "--draws", "10")
    assert "mode straight" in err
    assert "median_seat_distance_km" in pd.read_csv(io.StringIO(out)).columns


def test_drive_mode_report(ds, by_road, tmp_path):
    c = compare_options(ds, by_road, options=("maakunta", "avi"), draws=10)
    write_report(ds, by_road, c, option="maakunta", out_dir=tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Kulkutapa: ajoaika autolla tieverkkoa pitkin" in page
    assert "Ajoaika kotipaikasta, mediaani (min)" in page
    columns = set(c.options.columns) | set(c.units["maakunta"].columns)
    assert columns - set(COLUMNS_FI) == set()
    units = pd.read_csv(tmp_path / "r" / "units_maakunta.csv")
    assert "need_mean_seat_time_min" in units.columns


def test_drive_comparison_again_reuses_the_searches(ds, by_road, drive):
    start = time.perf_counter()
    compare_options(ds, by_road, options=ALL_OPTIONS, draws=1000)
    assert time.perf_counter() - start < 5.0  # the seat searches are remembered in the memo
