"""Need model presets, the TASO 4 rate, ageing the 2017 postal cohorts, and Åland's own unit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coverage.data.population import band_survival, bands_reaching_65
from coverage.data.regions import ALAND_UNIT_CODE, separate_aland
from coverage.defaults import (
    DEFAULT_NEED_RATES,
    LIFE_TABLE_MX,
    NEED_MODELS,
    POP_15PLUS_2017,
    TASO4_RATE,
    need_model_name,
)
from coverage.need import need, need_by_model


def test_taso4_rate_is_derived_on_the_adults_it_is_applied_to():
    assert POP_15PLUS_2017 == 5_513_130 - 892_150
    assert pytest.approx(250_000 / 4_620_980) == TASO4_RATE
    for rates in NEED_MODELS.values():
        assert rates.rates["15_64"] == {2: 0.0, 3: 0.0, 4: TASO4_RATE}


def test_presets_carry_the_cited_figures():
    seed, surveys = NEED_MODELS["seed2017"], NEED_MODELS["surveys2023"]
    assert seed == DEFAULT_NEED_RATES
    assert seed.rate("75plus") == pytest.approx(300_000 / 501_800)
    assert seed.rate("65_74") == pytest.approx(200_000 / 677_518)
    assert surveys.rate("75plus") == pytest.approx(1 - 0.22)  # DVV 2023: 22 % basic skills
    assert surveys.rate("75plus", (3, 4)) == pytest.approx(0.35)  # never online, 2022
    assert surveys.rate("65_74") == pytest.approx(1 - 0.78)  # internet users 2018
    assert surveys.rate("65_74", (3, 4)) == pytest.approx(0.18)  # never online, 2018
    assert need_model_name(surveys) == "surveys2023"
    assert need_model_name(seed) == "seed2017"


def test_need_by_model_sums_cells_per_unit_and_the_country():
    demand = pd.DataFrame({
        "kunta_code": ["001", "001", "002"],
        "pop_15_64": [100.0, 0.0, 200.0],
        "pop_65plus": [0.0, 50.0, 100.0],
        "pop_75plus": [0.0, 20.0, 100.0],
    })
    table = need_by_model(demand, {"001": "1", "002": "2"}, {"1": "Yksi", "2": "Kaksi"},
                          country_name="Maa")
    assert table["unit_code"].tolist() == ["FI", "1", "2"]
    assert table["unit_name"].tolist() == ["Maa", "Yksi", "Kaksi"]
    for model, rates in NEED_MODELS.items():
        per_cell = need(demand, rates=rates)
        assert table[f"need_{model}"].tolist() == pytest.approx(
            [per_cell.sum(), per_cell[:2].sum(), per_cell[2]])
    assert table.loc[0, "change_share"] == pytest.approx(
        table.loc[0, "need_surveys2023"] / table.loc[0, "need_seed2017"] - 1)


def test_ageing_without_deaths_only_moves_people_up_seven_years():
    shares = band_survival(0.0)
    assert shares["he_55_59"] == pytest.approx((2 / 5, 0.0))  # ages 58, 59 reach 65, 66
    assert shares["he_60_64"] == pytest.approx((1.0, 0.0))
    assert shares["he_65_69"] == pytest.approx((1.0, 2 / 5))  # ages 68, 69 reach 75, 76
    assert shares["he_70_74"] == pytest.approx((1.0, 1.0))
    assert shares["he_85_"] == pytest.approx((1.0, 1.0))


def test_survival_equals_the_life_table_by_hand():
    """A 70-74 band member aged x.5 lives through the 70-74 and 75-79 rates for seven years."""
    m70, m75, m80 = LIFE_TABLE_MX[3], LIFE_TABLE_MX[4], LIFE_TABLE_MX[5]
    by_hand = []
    for age in (70.5, 71.5, 72.5, 73.5, 74.5):
        end = age + 7
        hazard = (75 - age) * m70 + (min(end, 80) - 75) * m75 + max(end - 80, 0) * m80
        by_hand.append(math.exp(-0.8 * hazard))
    s65, s75 = band_survival(0.8)["he_70_74"]
    assert s65 == pytest.approx(np.mean(by_hand))
    assert s75 == pytest.approx(np.mean(by_hand))


def test_aland_becomes_its_own_unit_only_where_a_key_mixes_it():
    members = pd.DataFrame({
        "kunta_code": ["001", "002", "478", "060"],
        "maakunta": ["2", "2", "21", "21"],
        "elinvoimakeskus": ["2", "2", "2", "2"],
        "avi": ["2", "2", "7", "7"],
        "kunta": ["001", "002", "478", "060"],
        "country": "FI",
    })
    units = pd.DataFrame({"division": ["maakunta", "maakunta", "elinvoimakeskus", "avi", "avi"],
                          "unit_code": ["2", "21", "2", "2", "7"],
                          "name_fi": ["V-S", "Ahvenanmaa", "L-S", "L-S AVI", "Ahv."],
                          "name_sv": ["E-F", "Åland", "S-F", "S-F RFV", "Ål."]})
    out, units_out, changed = separate_aland(members, units)
    assert changed == ["elinvoimakeskus"]
    assert out["elinvoimakeskus"].tolist() == ["2", "2", ALAND_UNIT_CODE, ALAND_UNIT_CODE]
    assert out["avi"].tolist() == members["avi"].tolist()
    assert out["maakunta"].tolist() == members["maakunta"].tolist()
    added = units_out[units_out["unit_code"] == ALAND_UNIT_CODE]
    assert added[["division", "name_fi", "name_sv"]].to_numpy().tolist() == [
        ["elinvoimakeskus", "Ahvenanmaa", "Åland"]]
    assert members["elinvoimakeskus"].tolist() == ["2"] * 4  # the input is not changed


def test_bands_that_can_reach_65():
    assert bands_reaching_65(7) == ["he_55_59", "he_60_64", "he_65_69", "he_70_74", "he_75_79",
                                    "he_80_84", "he_85_"]
    assert bands_reaching_65(2) == ["he_60_64", "he_65_69", "he_70_74", "he_75_79", "he_80_84",
                                    "he_85_"]
    assert bands_reaching_65(0)[0] == "he_65_69"
