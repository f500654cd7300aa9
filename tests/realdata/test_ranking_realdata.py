"""The ranking explanation on the real 2025 comparison: the clear-winner column of `compare`, the
tipping points of the report, and their agreement with re-scoring at the tipping weight."""

from __future__ import annotations

import dataclasses

import pytest

from coverage.compare import DEFAULT_WEIGHTS, compare_options, score
from coverage.defaults import CLEAR_WINNER_MIN_FIRST_SHARE
from coverage.ranking import explain_comparison
from coverage.reach import Reach
from coverage.report import write_report
from coverage.scenario import Scenario, prepare

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def comparison(ds):
    return compare_options(ds, prepare(ds, Scenario(reach=Reach(threshold=10))))


def test_compare_csv_has_clear_winner_on_every_row(compare_csv):
    rows, err = compare_csv
    values = {r["clear_winner"] for r in rows}
    assert len(values) == 1
    assert values <= {"True", "False"}
    top = max(rows, key=lambda r: float(r["score"]))
    clear = float(top["rank_first_share"]) >= CLEAR_WINNER_MIN_FIRST_SHARE
    assert values == {str(clear)}
    assert ("clear winner with default weights" if clear else "no clear winner") in err
    assert all(r["non_dominated"] in ("True", "False") for r in rows)


def test_each_tipping_point_flips_the_pair_when_rescored(comparison):
    r = explain_comparison(comparison)
    by_score = comparison.options.sort_values("score", ascending=False)["option"]
    assert r.leading == tuple(by_score[:3])
    tips = r.tipping.dropna(subset=["tipping_weight"])
    assert len(tips) >= 3  # the leading options are separated by weights, not by everything
    for t in tips.itertuples():
        nudge = -0.01 if t.direction == "lower" else 0.01
        moved = dataclasses.replace(DEFAULT_WEIGHTS, **{t.criterion: t.tipping_weight + nudge})
        before = score(comparison.normalised, DEFAULT_WEIGHTS)
        after = score(comparison.normalised, moved)
        assert before[t.leader] > before[t.other]
        assert after[t.leader] < after[t.other], t
        back = dataclasses.replace(DEFAULT_WEIGHTS, **{t.criterion: t.tipping_weight - nudge})
        again = score(comparison.normalised, back)
        assert again[t.leader] > again[t.other], t


def test_report_states_weights_winner_and_tipping_points(ds, comparison, tmp_path):
    write_report(ds, prepare(ds, Scenario(reach=Reach(threshold=10))), comparison,
                 option="maakunta",
                 out_dir=tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    r = explain_comparison(comparison)
    assert "Miksi tämä järjestys" in page
    assert "Käännepisteet" in page
    assert "Painot: oletuspainot" in page
    assert ("Selvä voittaja" if r.clear_winner else "Ei selvää voittajaa") in page
    section = page.split("Miksi tämä järjestys")[1].split("<h2>")[0]
    assert "seat_distance" not in section  # the criteria's names, not the code's
    assert "paikallistuntemus" in section
    tips = r.tipping.dropna(subset=["tipping_weight"])
    for value in tips["tipping_weight"]:
        assert f"{value:.2f}".replace(".", ",") in page
    assert (tmp_path / "r" / "ranking_tipping_points.csv").is_file()


def test_user_weights_are_said_to_be_the_users(ds, comparison, tmp_path):
    mine = dataclasses.replace(comparison, weights=dataclasses.replace(DEFAULT_WEIGHTS, size=1.5))
    write_report(ds, prepare(ds, Scenario(reach=Reach(threshold=10))), mine, option="avi",
                 out_dir=tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Painot: käyttäjän antamat painot" in page
    r = explain_comparison(mine)
    assert ("Selvä voittaja" if r.clear_winner else "Ei selvää voittajaa") in page
    if not r.clear_winner:  # no option is set apart as the winner
        assert 'class="best"' not in page
    assert "riittävä koko: pienimmän manneryksikön väestö 1,5" in page
    assert '<td class="n">1,5</td>' in page  # the weights table keeps the half
