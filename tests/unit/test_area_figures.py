"""Figures of the user's area on hand-made data: key figures within an area, ranks beside."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coverage import figures


@pytest.fixture
def three_municipalities():
    municipalities = pd.DataFrame({
        "kunta_code": ["001", "002", "003"], "population": [1000, 300, 200],
        "pop_65plus": [200, 90, 100]})
    demand = pd.DataFrame({"kunta_code": ["001", "001", "002", "003"],
                           "pop_75plus": [40.0, 60.0, 45.0, 55.5]})
    providers = pd.DataFrame({"kunta_code": ["001", "002", "002", "003"],
                              "provider_type": ["library", "library", "ngo", "ngo"]})
    return municipalities, demand, providers


def test_key_figures_within_count_only_the_areas_municipalities(three_municipalities):
    municipalities, demand, providers = three_municipalities
    figs = figures.key_figures_within(municipalities, demand, providers, ["002", "003"])
    assert figs["population"] == 500
    assert figs["pop_65plus"] == 190
    assert figs["share_65plus"] == pytest.approx(190 / 500)
    assert figs["pop_75plus_est"] == pytest.approx(100.5)
    assert figs["municipalities"] == 2
    assert figs["providers"] == 3
    assert figs["providers_by_type"] == {"ngo": 2, "library": 1}


def test_key_figures_within_every_municipality_are_the_national_ones(three_municipalities):
    municipalities, demand, providers = three_municipalities
    assert (figures.key_figures_within(municipalities, demand, providers, ["001", "002", "003"])
            == figures.key_figures(municipalities, demand, providers))


def test_key_figures_within_codes_written_as_numbers_are_not_matched_loosely(
        three_municipalities):
    municipalities, demand, providers = three_municipalities
    figs = figures.key_figures_within(municipalities, demand, providers, ["2"])
    assert figs["municipalities"] == 0
    assert figs["population"] == 0
    assert np.isnan(figs["share_65plus"])


def test_ranks_within_give_the_area_rank_and_the_national_rank_beside():
    values = pd.Series([5.0, 9.0, 1.0, 7.0, 9.0, np.nan], index=list("abcdef"))
    inside = [True, False, True, True, False, True]
    ranks = figures.ranks_within(values, inside)
    assert list(ranks.index) == ["a", "c", "d", "f"]
    assert ranks["area_rank"].tolist()[:3] == [2.0, 3.0, 1.0]
    assert ranks["national_rank"].tolist()[:3] == [4.0, 5.0, 3.0]  # two 9s tie at rank 1
    assert ranks.loc["f"].isna().all()  # no value, no rank


def test_ranks_within_ascending_ranks_the_smallest_first():
    values = pd.Series([5.0, 9.0, 1.0, 7.0])
    ranks = figures.ranks_within(values, [True, True, False, True], ascending=True)
    assert ranks["area_rank"].tolist() == [1.0, 3.0, 2.0]
    assert ranks["national_rank"].tolist() == [2.0, 4.0, 3.0]
