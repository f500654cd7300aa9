"""Why the options rank as they do: hand-made criteria tables with hand-worked answers, and a
brute-force scan of every weight for the tipping points."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from coverage.compare import CRITERIA, DEFAULT_WEIGHTS, Weights, score, sensitivity
from coverage.defaults import CLEAR_WINNER_MIN_FIRST_SHARE, NAMED_WEIGHT_SETS
from coverage.errors import InputError
from coverage.ranking import (
    dominance,
    explain,
    named_weight_sets,
    separation,
    tipping_points,
    weight_set_ranks,
)

NAMES = [c.name for c in CRITERIA]  # units, seat_distance, size, equal_access, cross_border


def table(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=NAMES)


# A is best on units only, B on seat_distance only, C is worst everywhere.
ABC = table({"A": [1, 0, 0, 0, 0], "B": [0, 1, 0, 0, 0], "C": [0, 0, 0, 0, 0]})
W = Weights(units=2, seat_distance=1, size=1, equal_access=1, cross_border=1)


def test_tipping_points_by_hand():
    # scores: A = 2/6, B = 1/6. D = 2*1 + 1*(-1) = 1.
    # units: d = +1, x* = 2 - 1/1 = 1 (B overtakes when units drops below 1);
    # seat_distance: d = -1, x* = 1 - 1/(-1) = 2 (B overtakes above 2); others: d = 0, none.
    tips = tipping_points(ABC, W, "A", "B").set_index("criterion")
    assert tips.loc["units", "tipping_weight"] == pytest.approx(1.0)
    assert tips.loc["units", "direction"] == "lower"
    assert tips.loc["units", "change"] == pytest.approx(-1.0)
    assert tips.loc["seat_distance", "tipping_weight"] == pytest.approx(2.0)
    assert tips.loc["seat_distance", "direction"] == "higher"
    for name in ("size", "equal_access", "cross_border"):
        assert math.isnan(tips.loc[name, "tipping_weight"])
        assert tips.loc[name, "direction"] == ""


def test_tipping_point_outside_the_range_is_none():
    # B only slightly better on seat_distance: x* = 1 + (2 - 0.05) / 0.05 = 40 > 10
    t = table({"A": [1, 0, 0, 0, 0], "B": [0, 0.05, 0, 0, 0]})
    tips = tipping_points(t, W, "A", "B").set_index("criterion")
    assert math.isnan(tips.loc["seat_distance", "tipping_weight"])
    assert tips.loc["units", "tipping_weight"] == pytest.approx(0.05)
    wide = tipping_points(t, W, "A", "B", max_weight=50).set_index("criterion")
    assert wide.loc["seat_distance", "tipping_weight"] == pytest.approx(40.0)


def test_separation_parts_sum_to_the_score_difference():
    sep = separation(ABC, W, "A", "B").set_index("criterion")
    assert sep.loc["units", "contribution"] == pytest.approx(2 / 6)
    assert sep.loc["seat_distance", "contribution"] == pytest.approx(-1 / 6)
    assert sep.loc["units", "favours"] == "A"
    assert sep.loc["seat_distance", "favours"] == "B"
    assert sep.loc["size", "favours"] == ""
    scores = score(ABC, W)
    assert sep["contribution"].sum() == pytest.approx(scores["A"] - scores["B"])
    assert list(sep.index[:2]) == ["units", "seat_distance"]  # largest first


def test_dominance_by_hand():
    dom = dominance(ABC, W).set_index("option")
    assert dom.loc["C", "dominated_by"] == "A, B"
    assert not dom.loc["C", "non_dominated"]
    assert dom.loc["A", "non_dominated"]
    assert dom.loc["B", "non_dominated"]
    # a zero weight drops the criterion: without units, A equals C on what is scored
    dom0 = dominance(ABC, dataclasses.replace(W, units=0)).set_index("option")
    assert dom0.loc["C", "dominated_by"] == "B"
    assert dom0.loc["A", "dominated_by"] == "B"
    # equal options do not dominate each other
    same = table({"A": [1, 1, 0, 0, 0], "B": [1, 1, 0, 0, 0]})
    assert dominance(same, W)["non_dominated"].all()


def test_a_dominated_option_never_ranks_first_in_any_draw():
    rng = np.random.default_rng(7)
    for _ in range(20):
        t = pd.DataFrame(rng.uniform(size=(6, 5)), index=list("abcdef"), columns=NAMES)
        dom = dominance(t, DEFAULT_WEIGHTS).set_index("option")
        sens = sensitivity(t, DEFAULT_WEIGHTS, draws=300)
        for option in dom.index[~dom["non_dominated"]]:
            assert sens.loc[option, "rank_first_share"] == 0


def brute_force_tip(t, weights, a, b, name, *, step=0.001, max_weight=10.0):
    """Scan weight `name` from 0 to max_weight in `step`s; return where a and b swap (or None).

    Scores every grid weighting directly (Σ w n / Σ w), checked against score() at the current
    weights, and compares the pair's order with the order now.
    """
    now = score(t, weights)
    sign_now = np.sign(now[a] - now[b])
    grid = np.round(np.arange(0, max_weight + step / 2, step), 6)
    w = np.tile(weights.as_array(), (len(grid), 1))
    w[:, NAMES.index(name)] = grid
    total = w.sum(axis=1)
    values = t.loc[[a, b], NAMES].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (w @ values.T) / total[:, None]
    here = int(np.argmin(np.abs(grid - getattr(weights, name))))
    if abs(grid[here] - getattr(weights, name)) < 1e-9:
        assert scores[here, 0] == pytest.approx(now[a])
    signs = np.where(total > 0, np.sign(scores[:, 0] - scores[:, 1]), 0.0)
    flipped = np.flatnonzero((signs != sign_now) & (signs != 0))
    if flipped.size == 0:
        return None
    return grid[flipped], step


def test_tipping_points_equal_a_brute_force_scan_of_each_weight():
    rng = np.random.default_rng(2026)
    checked = 0
    for _ in range(40):
        t = pd.DataFrame(rng.uniform(size=(3, 5)).round(3), index=list("pqr"), columns=NAMES)
        weights = Weights(**dict(zip(NAMES, rng.integers(0, 6, 5).astype(float), strict=True)))
        if weights.as_array().sum() == 0:
            continue
        s = score(t, weights).sort_values(ascending=False)
        a, b = s.index[0], s.index[1]
        if s[a] - s[b] < 1e-9:
            continue
        tips = tipping_points(t, weights, a, b).set_index("criterion")
        for name in NAMES:
            found = brute_force_tip(t, weights, a, b, name)
            tip = tips.loc[name, "tipping_weight"]
            if found is None:
                assert math.isnan(tip), (name, tip)
                continue
            xs, step = found
            checked += 1
            # the flipped side starts within one grid step of the computed weight
            edge = xs.min() if tips.loc[name, "direction"] == "higher" else xs.max()
            assert abs(edge - tip) <= step + 1e-9, (name, edge, tip)
            if tips.loc[name, "direction"] == "higher":
                assert xs.min() >= tip - 1e-9
            else:
                assert xs.max() <= tip + 1e-9
    assert checked >= 30  # the scan really met flips


def test_clear_winner_when_one_option_dominates():
    t = table({"A": [1, 1, 1, 1, 1], "B": [0.5, 0.5, 0.5, 0.5, 0.5], "C": [0, 0, 0, 0, 0]})
    r = explain(t, DEFAULT_WEIGHTS, draws=200)
    assert r.clear_winner
    assert r.winner == "A"
    assert r.top_first_share == 1.0
    assert r.leading == ("A", "B", "C")
    assert len(r.tipping) == 3 * len(NAMES)  # 3 pairs x 5 criteria
    assert r.tipping["tipping_weight"].isna().all()  # A is better on everything


def test_no_clear_winner_within_the_noise():
    # A and B each best on one criterion, weights 1.01 and 1: A leads by a hair
    t = table({"A": [1, 0, 0, 0, 0], "B": [0, 1, 0, 0, 0]})
    w = Weights(units=1.01, seat_distance=1, size=0, equal_access=0, cross_border=0)
    r = explain(t, w, draws=1000)
    assert r.top == "A"
    assert 0.3 < r.top_first_share < CLEAR_WINNER_MIN_FIRST_SHARE
    assert not r.clear_winner
    assert r.winner is None
    # the same lead with no noise is clear; a tie never is
    assert explain(t, w, spread=0.0).clear_winner
    tie = Weights(units=1, seat_distance=1, size=0, equal_access=0, cross_border=0)
    assert not explain(t, tie, spread=0.0).clear_winner


def test_the_threshold_is_the_rule():
    t = table({"A": [1, 0, 0, 0, 0], "B": [0, 1, 0, 0, 0]})
    w = Weights(units=1.2, seat_distance=1, size=0, equal_access=0, cross_border=0)
    r = explain(t, w, draws=1000)
    share = r.top_first_share
    assert explain(t, w, draws=1000, min_first_share=share).clear_winner
    assert not explain(t, w, draws=1000, min_first_share=min(share + 0.01, 1.0)).clear_winner


def test_named_weight_sets():
    sets = named_weight_sets()
    assert set(sets) == set(NAMED_WEIGHT_SETS)
    assert sets["equal"] == Weights(1, 1, 1, 1, 1)
    ranks = weight_set_ranks(ABC, W)
    assert list(dict.fromkeys(ranks["weight_set"])) == ["default", "user", *NAMED_WEIGHT_SETS]
    first = ranks[ranks["first"]].set_index("weight_set")["option"]
    assert first["few_units_first"] == "A"
    assert first["local_knowledge_first"] == "B"
    assert first["user"] == "A"
    # equal weights: A and B tie at 1/5, both first
    assert sorted(ranks[(ranks["weight_set"] == "equal") & ranks["first"]]["option"]) == ["A", "B"]
    # the defaults are not repeated as "user"
    assert "user" not in set(weight_set_ranks(ABC, DEFAULT_WEIGHTS)["weight_set"])


def test_one_option_alone_is_first_with_nothing_to_explain():
    r = explain(ABC.iloc[:1], W, draws=50)
    assert r.clear_winner
    assert r.leading == ("A",)
    assert r.tipping.empty
    assert "tipping_weight" in r.tipping.columns
    assert r.separation.empty


def test_bad_settings_are_named():
    with pytest.raises(InputError, match="at least one option"):
        explain(ABC.iloc[:0])
    with pytest.raises(InputError, match="min_first_share"):
        explain(ABC, min_first_share=0)
    with pytest.raises(InputError, match="leading"):
        explain(ABC, leading=1)
    with pytest.raises(InputError, match="not in the comparison"):
        tipping_points(ABC, W, "A", "Z")
