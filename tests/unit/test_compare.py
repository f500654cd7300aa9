"""Option comparison on hand-made data: Theil maths, the score, its sensitivity, weights, a tiny
country worked out by hand, and the report's escaping."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from coverage import report
from coverage.compare import (
    ALAND_UNIT_CODE,
    CRITERIA,
    SEAT_COLUMNS,
    Criterion,
    Weights,
    closeness,
    closeness_minutes,
    compare_options,
    normalise_criteria,
    option_units,
    parse_weights,
    score,
    seat_travel_minutes,
    sensitivity,
    theil,
)
from coverage.data.dataset import Dataset
from coverage.defaults import TASO4_RATE
from coverage.errors import InputError
from coverage.network import RoadNetwork
from coverage.reach import Memo, Reach
from coverage.report import COLUMNS_FI, MARKER, fmt_value, write_report
from coverage.scenario import Scenario, prepare

# --- Theil ---------------------------------------------------------------------------------------


def theil_reference(x, w, groups):
    """Textbook formulas, loop by loop.

    T = Σ s_i r_i ln r_i; between = Σ S_g ln(μ_g/μ); within = Σ S_g T_g.
    """
    x, w, groups = list(map(float, x)), list(map(float, w)), list(groups)
    total_w = sum(w)
    mu = sum(wi * xi for wi, xi in zip(w, x, strict=True)) / total_w
    total = sum(
        wi / total_w * xi / mu * math.log(xi / mu) for wi, xi in zip(w, x, strict=True) if xi > 0
    )
    between = within = 0.0
    for g in sorted(set(groups)):
        idx = [i for i, gi in enumerate(groups) if gi == g]
        wg = sum(w[i] for i in idx)
        mu_g = sum(w[i] * x[i] for i in idx) / wg
        share = wg * mu_g / (total_w * mu)
        if share == 0:
            continue
        t_g = sum(w[i] / wg * x[i] / mu_g * math.log(x[i] / mu_g) for i in idx if x[i] > 0)
        between += share * math.log(mu_g / mu)
        within += share * t_g
    return total, between, within


def test_theil_of_equal_values_is_zero():
    r = theil(np.full(10, 3.7), np.arange(1, 11), np.arange(10) % 3)
    assert r.total == pytest.approx(0.0, abs=1e-15)
    assert r.between == pytest.approx(0.0, abs=1e-15)
    assert r.within == pytest.approx(0.0, abs=1e-15)


def test_theil_hand_computed_value():
    # x = 1, 2, 3, 6 (equal weights): μ = 3, T = ¼ Σ (x/3) ln(x/3)
    x = np.array([1.0, 2.0, 3.0, 6.0])
    expected = 0.25 * (1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3) + 0.0 + 2 * math.log(2))
    assert expected == pytest.approx(0.187445, abs=1e-6)
    # groups {1, 2} and {3, 6}: μ_A = 1.5, μ_B = 4.5; S_A = 0.25, S_B = 0.75
    between = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)
    t_group = 0.5 * (
        1 / 1.5 * math.log(1 / 1.5) + 2 / 1.5 * math.log(2 / 1.5)
    )  # same in both groups
    r = theil(x, np.ones(4), np.array([0, 0, 1, 1]))
    assert r.total == pytest.approx(expected, abs=1e-15)
    assert r.between == pytest.approx(between, abs=1e-15)
    assert r.within == pytest.approx(t_group, abs=1e-15)
    np.testing.assert_allclose(r.group_theil, [t_group, t_group], atol=1e-15)
    np.testing.assert_allclose(r.group_share, [0.25, 0.75], atol=1e-15)
    np.testing.assert_allclose(r.group_mean, [1.5, 4.5], atol=1e-15)


def test_theil_weights_equal_repeated_values_and_zero_contributes_nothing():
    weighted = theil([1.0, 4.0], [2.0, 1.0])
    repeated = theil([1.0, 1.0, 4.0], [1.0, 1.0, 1.0])
    assert weighted.total == pytest.approx(repeated.total, abs=1e-15)
    # one person with all the access, one with none: T = ln 2, the maximum for two people
    assert theil([0.0, 1.0], [1.0, 1.0]).total == pytest.approx(math.log(2), abs=1e-15)


def test_theil_group_with_no_access_contributes_nothing_and_has_no_own_index():
    r = theil([0.0, 0.0, 1.0, 3.0], [1.0, 1.0, 1.0, 1.0], [0, 0, 1, 1])
    assert math.isnan(r.group_theil[0])
    assert r.group_within[0] == 0.0
    assert r.group_between[0] == 0.0
    assert r.between + r.within == pytest.approx(r.total, abs=1e-15)


def test_theil_undefined_without_weight_or_access():
    assert math.isnan(theil([1.0, 2.0], [0.0, 0.0]).total)
    assert math.isnan(theil([0.0, 0.0], [1.0, 1.0]).total)


def test_theil_refuses_negative_or_missing_values():
    with pytest.raises(InputError, match="values must be finite and non-negative"):
        theil([1.0, -1.0], [1.0, 1.0])
    with pytest.raises(InputError, match="weights must be finite"):
        theil([1.0, 1.0], [1.0, np.nan])
    with pytest.raises(InputError, match="equal length"):
        theil([1.0, 1.0], [1.0])


cell_data = st.lists(
    st.tuples(
        st.one_of(st.just(0.0), st.floats(1e-3, 1e3)),  # access value (zeros allowed)
        st.one_of(st.just(0.0), st.floats(1e-6, 1e4)),  # weight (need; zeros allowed)
        st.integers(0, 5),  # group
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(cell_data)
def test_theil_between_plus_within_is_total(cells):
    x, w, g = (np.array(c) for c in zip(*cells, strict=True))
    r = theil(x, w, g.astype(np.int64))
    if not np.dot(x, w) > 0:
        assert math.isnan(r.total)
        return
    assert abs(r.between + r.within - r.total) <= 1e-12
    assert r.between >= -1e-12
    assert r.within >= -1e-12
    # T = Σ s_i r_i ln r_i with s_i r_i <= 1, so T <= ln(1 / smallest share)
    assert r.total <= math.log(w.sum() / w[w > 0].min()) + 1e-9
    ref = theil_reference(x[w > 0], w[w > 0], g[w > 0])
    np.testing.assert_allclose([r.total, r.between, r.within], ref, atol=1e-10)
    # scale invariance: access in other units gives the same index
    assert theil(x * 7.5, w, g.astype(np.int64)).total == pytest.approx(r.total, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(cell_data)
def test_finer_groups_never_have_a_larger_within_part(cells):
    """Splitting every group in two (a nested, finer partition) moves inequality to `between`."""
    x, w, g = (np.array(c) for c in zip(*cells, strict=True))
    if not np.dot(x, w) > 0:
        return
    coarse = theil(x, w, g.astype(np.int64))
    finer = theil(x, w, (2 * g + (np.arange(len(g)) % 2)).astype(np.int64))
    assert finer.within <= coarse.within + 1e-12
    assert finer.between >= coarse.between - 1e-12


def test_closeness():
    np.testing.assert_allclose(closeness([0.0, 1000.0, 9000.0, np.inf]), [1.0, 0.5, 0.1, 0.0])


# --- criteria, score, sensitivity ----------------------------------------------------------------


def raw_criteria():
    return pd.DataFrame(
        {
            "units": [10.0, 100.0, 1000.0],  # log: 1, 2, 3 -> lower better -> 1, .5, 0
            "seat_distance": [40.0, 20.0, 10.0],  # lower better -> 0, 2/3, 1
            "size": [1000.0, 100.0, 10.0],  # log, higher better -> 1, .5, 0
            "equal_access": [0.01, 0.01, 0.01],  # equal for all -> 1, 1, 1
            "cross_border": [0.0, 0.05, 0.10],  # lower better -> 1, .5, 0
        },
        index=pd.Index(["a", "b", "c"], name="option"),
    )


def test_normalisation_min_max_with_direction_and_log():
    n = normalise_criteria(raw_criteria())
    np.testing.assert_allclose(n["units"], [1.0, 0.5, 0.0])
    np.testing.assert_allclose(n["seat_distance"], [0.0, 2 / 3, 1.0])
    np.testing.assert_allclose(n["size"], [1.0, 0.5, 0.0])
    np.testing.assert_allclose(n["equal_access"], [1.0, 1.0, 1.0])
    np.testing.assert_allclose(n["cross_border"], [1.0, 0.5, 0.0])
    assert ((n >= 0) & (n <= 1)).all().all()


def test_normalisation_of_a_criterion_without_log_and_higher_better():
    raw = pd.DataFrame({"x": [2.0, 4.0, 3.0]})
    n = normalise_criteria(raw, [Criterion("x", "x", "higher", False, "x")])
    np.testing.assert_allclose(n["x"], [0.0, 1.0, 0.5])


def test_score_is_the_weighted_mean_of_normalised_criteria():
    n = normalise_criteria(raw_criteria())
    w = Weights(units=2, seat_distance=1, size=0, equal_access=1, cross_border=0)
    s = score(n, w)
    assert s["a"] == pytest.approx((2 * 1.0 + 1 * 0.0 + 1 * 1.0) / 4)
    assert s["b"] == pytest.approx((2 * 0.5 + 1 * 2 / 3 + 1 * 1.0) / 4)
    assert s["c"] == pytest.approx((2 * 0.0 + 1 * 1.0 + 1 * 1.0) / 4)
    # only ratios matter
    pd.testing.assert_series_equal(
        s, score(n, Weights(units=4, seat_distance=2, size=0, equal_access=2, cross_border=0))
    )


def test_sensitivity_is_reproducible_with_a_seed_and_shares_add_up():
    n = normalise_criteria(raw_criteria())
    w = Weights(units=1, seat_distance=1.2, size=1, equal_access=1, cross_border=1)
    a = sensitivity(n, w, draws=500, spread=0.25, seed=7)
    b = sensitivity(n, w, draws=500, spread=0.25, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a["rank_first_share"].sum() == pytest.approx(1.0)
    assert ((a["mean_rank"] >= 1) & (a["mean_rank"] <= 3)).all()
    c = sensitivity(n, w, draws=500, spread=0.9, seed=8)
    assert not a.equals(c)


def test_sensitivity_without_spread_is_the_default_ranking():
    n = normalise_criteria(raw_criteria())
    w = Weights()
    s = sensitivity(n, w, draws=10, spread=0.0, seed=1)
    best = score(n, w).idxmax()
    assert s.loc[best, "rank_first_share"] == 1.0
    assert s["rank_first_share"].sum() == 1.0


def test_dominated_option_never_ranks_first_and_ties_share_the_credit():
    raw = raw_criteria()
    raw.loc["d"] = raw.loc["a"]  # d ties a on everything
    raw.loc["e"] = [10000.0, 50.0, 1.0, 0.5, 0.5]  # worst on everything
    n = normalise_criteria(raw)
    s = sensitivity(
        n,
        Weights(units=1, seat_distance=0, size=1, equal_access=1, cross_border=1),
        draws=200,
        seed=3,
    )
    assert s.loc["e", "rank_first_share"] == 0.0
    assert s.loc["a", "rank_first_share"] == pytest.approx(s.loc["d", "rank_first_share"])
    assert s["rank_first_share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"draws": 0}, "draws 0: give a whole number >= 1"),
        ({"spread": 1.0}, "spread 1.0: give a share"),
        ({"spread": -0.1}, "spread -0.1"),
    ],
)
def test_sensitivity_settings_are_checked(kwargs, match):
    with pytest.raises(InputError, match=match):
        sensitivity(normalise_criteria(raw_criteria()), Weights(), **kwargs)


# --- weights -------------------------------------------------------------------------------------


def test_default_weights_follow_the_seed_table():
    w = Weights()
    assert [c.name for c in CRITERIA] == list(Weights.names())
    assert (w.units, w.seat_distance, w.size, w.equal_access, w.cross_border) == (2, 4, 4, 1, 1)


def test_negative_weight_is_refused_naming_the_criterion():
    with pytest.raises(InputError, match=r"field 'units': weight -1 is negative; use 0 to ignore"):
        Weights(units=-1)


def test_every_bad_weight_is_reported_at_once():
    with pytest.raises(InputError) as err:
        Weights(units=-1, size=float("nan"), cross_border=float("inf"))
    fields = [p.field for p in err.value.problems]
    assert fields == ["units", "size", "cross_border"]
    assert "not a finite number" in str(err.value)


def test_all_zero_weights_are_refused():
    with pytest.raises(
        InputError, match="all weights are zero; give at least one of units, seat_distance"
    ):
        Weights(units=0, seat_distance=0, size=0, equal_access=0, cross_border=0)


def test_weight_must_be_a_number():
    with pytest.raises(InputError, match="weight '2' is not a number"):
        Weights(units="2")


def test_parse_weights():
    w = parse_weights(["units=3", "seat_distance=0.5,size=0"])
    assert (w.units, w.seat_distance, w.size, w.equal_access) == (3.0, 0.5, 0.0, 1.0)
    with pytest.raises(InputError) as err:
        parse_weights(["units", "colour=1", "size=big", "cross_border=-2"])
    text = str(err.value)
    assert "'units' is not name=value" in text
    assert (
        "unknown criterion 'colour'; use one of units, seat_distance, size, equal_access, "
        "cross_border" in text
    )
    assert "'big' is not a number" in text
    assert "field 'cross_border': weight -2.0 is negative" in text


# --- a tiny country, worked out by hand -----------------------------------------------------------
#
#   x (km)   0    1    2    3    4    5    6    7    8    9   10
#   kunta    |--001---|--002---|--003---|--004---|--005 (Åland)--|
#   cells     .5  1.5  2.5  3.5  4.5  5.5  6.5  7.5  8.5  9.5
#   people    10  20   30   40   50   60   70   80   5    5
#   providers           P1 at 2.1 (002)       P2 at 7.0 (004)  P3 at 9.0 (005)
#   maakunta  1: 001, 002; 2: 003, 004; 21: 005 (Åland)
#   elinvoimakeskus 2: 001, 002, 005 (Åland with the mainland, as in the 2026 key); 3: 003, 004

KUNTA = ["001", "002", "003", "004", "005"]


def tiny_dataset(*, unit_name: str = "Ykkönen") -> Dataset:
    xs = np.arange(10) * 1000.0 + 500.0
    pop = np.array([10, 20, 30, 40, 50, 60, 70, 80, 5, 5], dtype=float)
    kunta = [KUNTA[int(x // 2000)] for x in xs]
    demand = pd.DataFrame(
        {
            "cell_id": [f"c{i}" for i in range(10)],
            "x": xs,
            "y": 500.0,
            "kunta_code": kunta,
            "population": pop,
            "pop_0_14": 0.0,
            "pop_15_64": pop,
            "pop_65plus": 0.0,
            "pop_75plus": 0.0,
        }
    )
    muni_pop = demand.groupby("kunta_code")["population"].sum()
    munis = gpd.GeoDataFrame(
        {
            "kunta_code": KUNTA,
            "name_fi": [f"Kunta {k}" for k in KUNTA],
            "name_sv": [f"Kommun {k}" for k in KUNTA],
            "population": muni_pop.reindex(KUNTA).to_numpy(),
            "pop_65plus": 0.0,
            "area_km2": 2.0,
        },
        geometry=[box(i * 2000, 0, (i + 1) * 2000, 1000) for i in range(5)],
        crs="EPSG:3067",
    )
    membership = pd.DataFrame(
        {
            "kunta_code": KUNTA,
            "kunta": KUNTA,
            "maakunta": ["1", "1", "2", "2", "21"],
            "avi": ["1", "1", "1", "1", "7"],
            "elinvoimakeskus": ["2", "2", "3", "3", "2"],
            "language_code": ["0", "1", "2", "3", "2"],
            "country": "FI",
        }
    )

    def unit(division, code, name, seat_kunta):
        i = KUNTA.index(seat_kunta)
        return {
            "division": division,
            "unit_code": code,
            "name_fi": name,
            "name_sv": name + " sv",
            "seat_kunta_code": seat_kunta,
            "seat_name": f"Kunta {seat_kunta}",
            "seat_basis": "hand",
            "seat_x": i * 2000 + 1000.0,
            "seat_y": 500.0,
        }

    units = pd.DataFrame(
        [unit("kunta", k, f"Kunta {k}", k) for k in KUNTA]
        + [
            unit("maakunta", "1", unit_name, "001"),
            unit("maakunta", "2", "Kakkonen", "004"),
            unit("maakunta", "21", "Ahvenanmaa", "005"),
            unit("avi", "1", "Manner", "002"),
            unit("avi", "7", "Åland", "005"),
            unit("elinvoimakeskus", "2", "Lounas", "002"),
            unit("elinvoimakeskus", "3", "Itä", "004"),
        ]
    )
    providers = pd.DataFrame(
        {
            "provider_id": ["p1", "p2", "p3"],
            "name": ["P1", "P2", "P3"],
            "provider_type": "library",
            "auta_part": "AB",
            "channel": "walk_in",
            "capacity_h_week": 10.0,
            "kunta_code": ["002", "004", "005"],
            "x": [2100.0, 7000.0, 9000.0],
            "y": 500.0,
            "languages": "fi",
            "location_approximate": False,
        }
    )
    manifest = {
        "dataset_id": "hand",
        "built_at": "2026-01-01T00:00:00+00:00",
        "sources": [
            {
                "key": "hand",
                "file": "hand.csv",
                "publisher": "tests <b>",
                "licence": "-",
                "reference_date": "2026-01-01",
                "rows": 5,
                "note": "",
            }
        ],
    }
    return Dataset(
        municipalities=munis,
        membership=membership,
        units=units,
        demand=demand,
        providers=providers,
        settlements=pd.DataFrame(),
        manifest=manifest,
        path=Path(),
    )


@pytest.fixture
def tiny():
    ds = tiny_dataset()
    prepared = prepare(ds, Scenario(reach=Reach(threshold=2.0, circuity=1.0)))
    return ds, prepared


def test_tiny_country_by_hand(tiny):
    ds, prepared = tiny
    c = compare_options(ds, prepared, options=("kunta", "maakunta", "avi"), draws=50)
    table = c.options.set_index("option")
    assert table["units"].to_dict() == {"kunta": 5, "maakunta": 3, "avi": 2}
    assert (table["scope"] == "whole_country").all()
    # nearest providers: cells .5 1.5 -> P1 (002); 4.5 -> P1 (2.4 < 2.5 km); 5.5 -> P2; Åland -> P3
    # kunta: 001's cells (10 + 20 people) and 003's cells (50 + 60) are served across the border
    assert table.loc["kunta", "cross_border_need_share"] == pytest.approx(140 / 370)
    assert table.loc["maakunta", "cross_border_need_share"] == pytest.approx(
        50 / 370
    )  # cell 4.5 only
    assert table.loc["avi", "cross_border_need_share"] == 0.0  # P1 is in the same AVI as cell 4.5
    # coverage within 2 km: everyone except cell 4.5 (2.4 km)
    assert table.loc["maakunta", "coverage_share"] == pytest.approx(320 / 370)
    mk = c.units["maakunta"].set_index("unit_code")
    # maakunta 1, seat 1 km: people 10, 20, 30, 40 at 0.5, 0.5, 1.5, 2.5 km
    assert mk.loc["1", "mean_seat_distance_km"] == pytest.approx((5 + 10 + 45 + 100) / 100)
    assert mk.loc["1", "median_seat_distance_km"] == pytest.approx(1.5)
    assert mk.loc["1", "need"] == pytest.approx(100 * TASO4_RATE)
    assert mk.loc["1", "seat_provider_distance_km"] == pytest.approx(1.1)
    assert mk["providers"].tolist() == [1, 1, 1]
    assert mk.loc["2", "cross_border_need_share"] == pytest.approx(50 / 260)
    assert mk["municipalities"].tolist() == [2, 2, 1]
    assert mk["area_km2"].tolist() == [4.0, 4.0, 2.0]
    assert mk["aland"].tolist() == [False, False, True]
    # languages: 002 bilingual (Finnish majority), 003 Swedish-speaking,
    # 004 bilingual (Swedish majority)
    assert mk["bilingual_kunnat"].tolist() == [1, 1, 0]
    assert mk["swedish_speaking_kunnat"].tolist() == [0, 1, 1]
    assert mk["bilingual_population"].tolist() == [70.0, 150.0, 0.0]
    assert mk["swedish_speaking_population"].tolist() == [0.0, 110.0, 10.0]
    # size criterion leaves Åland out
    assert table.loc["maakunta", "mainland_population_per_unit_min"] == 100
    assert table.loc["maakunta", "population_per_unit_min"] == 10


def test_tiny_country_theil_matches_the_textbook_formulas(tiny):
    ds, prepared = tiny
    c = compare_options(ds, prepared, options=("kunta", "maakunta", "avi"), draws=10)
    x = closeness(prepared.access.nearest_m)
    codes = {
        "kunta": prepared.cells["kunta_code"].tolist(),
        "maakunta": ["1"] * 4 + ["2"] * 4 + ["21"] * 2,
        "avi": ["1"] * 8 + ["7"] * 2,
    }
    for option, groups in codes.items():
        row = c.options.set_index("option").loc[option]
        total, between, within = theil_reference(x, prepared.need, groups)
        assert row["theil_total"] == pytest.approx(total, abs=1e-14)
        assert row["theil_between"] == pytest.approx(between, abs=1e-14)
        assert row["theil_within"] == pytest.approx(within, abs=1e-14)
        assert abs(row["theil_between"] + row["theil_within"] - row["theil_total"]) <= 1e-12
    within = c.options.set_index("option")["theil_within"]
    assert within["kunta"] <= within["maakunta"] <= within["avi"]


def test_aland_is_split_off_where_the_key_mixes_it_with_the_mainland(tiny):
    ds, prepared = tiny
    c = compare_options(ds, prepared, options=("maakunta", "elinvoimakeskus"), draws=10)
    evk = c.units["elinvoimakeskus"].set_index("unit_code")
    assert list(evk.index) == ["2", "3", ALAND_UNIT_CODE]
    assert evk.loc[ALAND_UNIT_CODE, "population"] == 10
    assert evk.loc[ALAND_UNIT_CODE, "seat_kunta_code"] == "005"
    assert evk.loc["2", "population"] == 100
    assert not evk["aland_with_mainland"].any()
    assert c.divisions["elinvoimakeskus"].aland_split
    assert not c.divisions["maakunta"].aland_split
    # as the key has it: Åland inside unit 2
    raw = compare_options(
        ds, prepared, options=("elinvoimakeskus",), draws=10, aland_own_unit=False
    )
    units = raw.units["elinvoimakeskus"].set_index("unit_code")
    assert list(units.index) == ["2", "3"]
    assert units.loc["2", "aland_with_mainland"]
    assert units.loc["2", "population"] == 110


def test_mainland_only_leaves_aland_out_and_says_so():
    ds = tiny_dataset()
    prepared = prepare(ds, Scenario(reach=Reach(threshold=2.0, circuity=1.0), mainland_only=True))
    c = compare_options(ds, prepared, options=("maakunta", "elinvoimakeskus"), draws=10)
    table = c.options.set_index("option")
    assert (table["scope"] == "mainland_only").all()
    assert table["units"].to_dict() == {"maakunta": 2, "elinvoimakeskus": 2}
    assert table.loc["maakunta", "total_population"] == 360
    assert not table["aland_split"].any()


def test_unknown_option_and_theil_variable_are_refused(tiny):
    ds, prepared = tiny
    with pytest.raises(InputError, match=r"unknown option.*'landskap'.*use kunta, maakunta"):
        compare_options(ds, prepared, options=("landskap",))
    with pytest.raises(InputError, match="unknown Theil variable 'gini'"):
        compare_options(ds, prepared, options=("kunta",), theil_variable="gini")


def test_e2sfca_as_the_theil_variable_still_decomposes(tiny):
    ds, prepared = tiny
    c = compare_options(
        ds, prepared, options=("kunta", "maakunta"), theil_variable="e2sfca", draws=10
    )
    for _, row in c.options.iterrows():
        assert abs(row["theil_between"] + row["theil_within"] - row["theil_total"]) <= 1e-12
    assert "mean_e2sfca" in c.units["kunta"].columns


def test_report_escapes_names_and_is_written_whole(tmp_path):
    ds = tiny_dataset(unit_name='<script>alert("x")</script> & Ykkönen')
    prepared = prepare(ds, Scenario(reach=Reach(threshold=2.0, circuity=1.0)))
    c = compare_options(ds, prepared, options=("kunta", "maakunta", "avi"), draws=10)
    out = tmp_path / "report"
    steps = []
    files = write_report(
        ds,
        prepared,
        c,
        option="maakunta",
        out_dir=out,
        progress=lambda msg, frac: steps.append((msg, frac)),
    )
    names = {f.name for f in files}
    assert {"index.html", "options.csv", "units_maakunta.csv", "report.xlsx"} <= names
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ykkönen" in page
    assert "tests &lt;b&gt;" in page  # a source's publisher, escaped too
    assert page.count("data:image/png;base64,") == 2
    assert steps[-1] == ("done", 1.0)
    # CSV keeps the raw text; the workbook has the same tables
    units = pd.read_csv(out / "units_maakunta.csv", dtype={"unit_code": str})
    assert units.loc[0, "unit_name"].startswith("<script>")
    sheets = pd.read_excel(out / "report.xlsx", sheet_name=None)
    assert {"options", "units_maakunta", "scoring", "sources", "definitions"} <= set(sheets)
    assert len(sheets["options"]) == 3
    # writing again replaces the earlier report; nothing temporary is left beside it
    write_report(ds, prepared, c, option="kunta", out_dir=out)
    assert (out / "units_kunta.csv").exists()
    assert not (out / "units_maakunta.csv").exists()
    assert (out / MARKER).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_report_refuses_a_directory_it_did_not_write(tmp_path, tiny):
    ds, prepared = tiny
    c = compare_options(ds, prepared, options=("maakunta",), draws=10)
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty and holds no earlier report"):
        write_report(ds, prepared, c, option="maakunta", out_dir=tmp_path)
    with pytest.raises(InputError, match="'avi' is not in the comparison"):
        write_report(ds, prepared, c, option="avi", out_dir=tmp_path / "new")
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_report_failure_leaves_no_half_written_report(tmp_path, tiny, monkeypatch):
    ds, prepared = tiny
    c = compare_options(ds, prepared, options=("maakunta",), draws=10)

    def broken(*_args, **_kwargs):
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(report, "workbook_bytes", broken)
    with pytest.raises(OSError, match="disk full"):
        report.write_report(ds, prepared, c, option="maakunta", out_dir=tmp_path / "r")
    assert list(tmp_path.iterdir()) == []


def test_format_values_the_finnish_way():
    assert fmt_value("coverage_share", 0.93492) == "93,5\u00a0%"
    assert fmt_value("population", 5635971.0) == "5\u00a0635\u00a0971"
    assert fmt_value("median_seat_distance_km", 17.4374) == "17,4"
    assert fmt_value("median_seat_time_min", 17.4374) == "17,4"  # minutes
    assert fmt_value("population_per_unit_min", 1234.0) == "1\u00a0234"  # a minimum, not minutes
    assert fmt_value("theil_between", 0.0063243) == "0,0063"
    assert fmt_value("population", float("nan")) == "\u2013"
    assert fmt_value("aland", True) == "kyllä"


# --- drive mode: minutes by road -----------------------------------------------------------------


def tiny_road(minutes_per_km: float = 1.0) -> RoadNetwork:
    """A road along the cells (y = 500 m, x = 0 ... 10 km, a node every 100 m), both ways.

    Every cell centre, provider and seat of the tiny country lies on a node, so the access legs
    are zero and a trip of d km takes d x `minutes_per_km` minutes.
    """
    g = nx.MultiDiGraph(crs="EPSG:3067")
    g.add_nodes_from((i, {"x": i * 100.0, "y": 500.0}) for i in range(101))
    seconds = 6.0 * minutes_per_km
    for i in range(100):
        g.add_edge(i, i + 1, travel_time=seconds, length=100.0)
        g.add_edge(i + 1, i, travel_time=seconds, length=100.0)
    return RoadNetwork.from_graph(g)


TINY_OPTIONS = ("kunta", "maakunta", "avi", "elinvoimakeskus")


def prepare_by_road(ds, road: RoadNetwork, threshold: float = 2.0, **reach):
    """Return the tiny country prepared by road on `road` (legs straight, circuity 1)."""
    memo = Memo()
    memo.use_road_network(ds, road)
    scenario = Scenario(reach=Reach(mode="drive", threshold=threshold, circuity=1.0, **reach))
    return prepare(ds, scenario, memo=memo)


def test_drive_mode_on_a_road_of_one_minute_per_km_repeats_the_km_figures(tiny):
    """1 km = 1 min with zero legs: every figure but closeness is the straight one in minutes."""
    ds, prepared = tiny
    km = compare_options(ds, prepared, options=TINY_OPTIONS, draws=10)
    by_road = prepare_by_road(ds, tiny_road())
    drive = compare_options(ds, by_road, options=TINY_OPTIONS, draws=10)
    assert drive.mode == "drive"
    assert km.mode == "straight"
    assert (drive.options["mode"] == "drive").all()
    assert (km.options["mode"] == "straight").all()
    assert drive.meta["threshold"] == 2.0
    assert drive.meta["catchment"] == 2.0
    assert drive.unit == "min"
    pairs = dict(zip(SEAT_COLUMNS["km"].values(), SEAT_COLUMNS["min"].values(), strict=True))
    same = [
        "population",
        "need",
        "covered_population",
        "covered_need",
        "coverage_share",
        "need_coverage_share",
        "e2sfca_h_per_1000_need",
        "cross_border_need",
        "cross_border_need_share",
    ]
    for option in TINY_OPTIONS:
        a, b = km.units[option], drive.units[option]
        assert list(a["unit_code"]) == list(b["unit_code"])
        for col in same:
            np.testing.assert_allclose(b[col], a[col], rtol=1e-12, err_msg=col)
        for col_km, col_min in pairs.items():
            np.testing.assert_allclose(b[col_min], a[col_km], rtol=1e-12, err_msg=col_min)
            assert col_km not in b.columns
            assert col_min not in a.columns
        # closeness is 1 / (1 + min / 10) by road, and its Theil splits exactly
        row = drive.options.set_index("option").loc[option]
        groups = drive.divisions[option].inverse
        # nearest providers by road as in the straight test: P1 for the first five cells
        nearest_x = np.array([2100] * 5 + [7000] * 3 + [9000] * 2)
        minutes = np.abs(prepared.cells["x"].to_numpy() - nearest_x) / 1000
        x = closeness_minutes(minutes)
        assert x[0] == pytest.approx(1 / (1 + 1.6 / 10))
        total, between, within = theil_reference(x, prepared.need, groups)
        assert row["theil_total"] == pytest.approx(total, abs=1e-14)
        assert row["theil_between"] == pytest.approx(between, abs=1e-14)
        assert row["theil_within"] == pytest.approx(within, abs=1e-14)
    table = drive.options.set_index("option")
    assert list(drive.options.columns[:6]) == [
        "option",
        "scope",
        "units",
        "population_per_unit_min",
        "population_per_unit_max",
        "median_seat_time_min",
    ]
    assert table.loc["maakunta", "need_mean_seat_time_min"] == pytest.approx(
        km.options.set_index("option").loc["maakunta", "need_mean_seat_distance_km"]
    )
    # the score's local-knowledge criterion is in minutes
    scoring = drive.scoring_table()
    assert set(scoring.loc[scoring["criterion"] == "seat_distance", "column"]) == {
        "need_mean_seat_time_min"
    }
    assert set(km.scoring_table().loc[lambda t: t["criterion"] == "seat_distance", "column"]) == {
        "need_mean_seat_distance_km"
    }


def test_drive_mode_minutes_follow_the_road_speed(tiny):
    """A road twice as slow doubles every time; coverage within 4 min equals that within 2."""
    ds, _prepared = tiny
    fast = compare_options(ds, prepare_by_road(ds, tiny_road(1.0)), options=("maakunta",),
                           draws=10)
    slow = compare_options(ds, prepare_by_road(ds, tiny_road(2.0), 4.0), options=("maakunta",),
                           draws=10)
    fast, slow = fast.units["maakunta"], slow.units["maakunta"]
    for col in SEAT_COLUMNS["min"].values():
        np.testing.assert_allclose(slow[col], 2 * fast[col], rtol=1e-12, err_msg=col)
    np.testing.assert_allclose(slow["coverage_share"], fast["coverage_share"], rtol=1e-12)
    np.testing.assert_allclose(
        slow["e2sfca_h_per_1000_need"], fast["e2sfca_h_per_1000_need"], rtol=1e-12
    )


def test_option_units_takes_the_drive_options_too(tiny):
    ds, _prepared = tiny
    detail, summary, _div = option_units(ds, prepare_by_road(ds, tiny_road()), "maakunta")
    assert summary["mode"] == "drive"
    # maakunta 1, seat at 1 km: people 10, 20, 30, 40 at 0.5, 0.5, 1.5, 2.5 min
    mk = detail.set_index("unit_code")
    assert mk.loc["1", "mean_seat_time_min"] == pytest.approx((5 + 10 + 45 + 100) / 100)
    assert mk.loc["1", "median_seat_time_min"] == pytest.approx(1.5)
    assert mk.loc["1", "seat_provider_time_min"] == pytest.approx(1.1)


def test_seat_travel_minutes_legs_and_search_limits():
    road = tiny_road()
    seats = np.array([[1000.0, 500.0], [7000.0, 500.0]])
    targets = np.array([[500.0, 500.0], [3500.0, 500.0], [9500.0, 500.0], [6000.0, 500.0]])
    unit = np.array([0, 0, 1, -1])
    exact = seat_travel_minutes(road, seats, targets, unit, limits_min=(np.inf,))
    np.testing.assert_allclose(exact[:3], [0.5, 2.5, 2.5])
    assert np.isnan(exact[3])  # no unit
    laddered = seat_travel_minutes(road, seats, targets, unit, limits_min=(0.4, 1.0, np.inf))
    np.testing.assert_array_equal(laddered, exact)
    # a seat 1 km off the road at 30 km/h (circuity 1): a 2 min leg
    off = seat_travel_minutes(
        road, [[1000.0, 1500.0]], [[3000.0, 500.0]], [0], access_speed_kmh=30, circuity=1.0
    )
    assert off[0] == pytest.approx(2.0 + 2.0)
    with pytest.raises(InputError, match=r"circuity 0\.5"):
        seat_travel_minutes(road, seats, targets, unit, circuity=0.5)


def test_reach_settings_are_checked():
    with pytest.raises(InputError, match="unknown mode 'bike'"):
        Reach(mode="bike")
    with pytest.raises(InputError, match="threshold -1: give a positive number"):
        Reach(mode="drive", threshold=-1)
    with pytest.raises(InputError, match="catchment 0: give a positive number"):
        Reach(mode="drive", catchment=0)


def test_drive_mode_report_says_so(tmp_path, tiny):
    ds, prepared = tiny
    by_road = prepare_by_road(ds, tiny_road())
    c = compare_options(ds, by_road, options=("kunta", "maakunta"), draws=10)
    write_report(ds, by_road, c, option="maakunta", out_dir=tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Kulkutapa: ajoaika autolla tieverkkoa pitkin" in page
    assert "Kynnysaika" in page
    assert "kynnysajan sisällä" in page
    assert "Ajoaika kotipaikasta tuen tarvitsijoihin (min)" in page
    # the criterion's column in words on the page; its identifier only in the files' key
    assert "need_mean_seat_time_min" not in page
    assert "need_mean_seat_time_min" in (tmp_path / "r" / "definitions.csv").read_text(
        encoding="utf-8")
    columns = set(c.options.columns) | set(c.units["maakunta"].columns)
    assert columns - set(COLUMNS_FI) == set()
    km = compare_options(ds, prepared, options=("kunta", "maakunta"), draws=10)
    write_report(ds, prepared, km, option="maakunta", out_dir=tmp_path / "k")
    page = (tmp_path / "k" / "index.html").read_text(encoding="utf-8")
    assert "Kulkutapa: linnuntie-etäisyys" in page
    assert "Kynnysaika" not in page
