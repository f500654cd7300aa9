"""The area on Yleiskuva and Koordinaatiomallit, on the real dataset: the area's key figures are
the national run's figures of its cells, ranks are the national ones, the small maps' classes
separate the options, and the report speaks plain words."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys

import pandas as pd
import pytest

from coverage import figures, maps
from coverage.area import Area
from coverage.compare import compare_options
from coverage.scenario import Scenario, prepare
from coverage.ui.pages import koordinaatiomallit as page

pytestmark = pytest.mark.realdata

LAPPI = "maakunta:19"


def run_csv(built_dir, *args):
    cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=300).stdout  # noqa: S603
    return pd.read_csv(io.StringIO(out), dtype={"unit_code": str})


@pytest.fixture(scope="module")
def lappi_row(built_dir):
    table = run_csv(built_dir, "access", "--by", "maakunta", "--max-km", "10", "--format", "csv")
    return table.set_index("unit_code").loc["19"]


def test_lappi_key_figures_equal_the_lappi_row_of_access_by_maakunta(ds, lappi_row):
    area = Area.parse(LAPPI).resolve(ds)
    figs = figures.key_figures_within(ds.municipalities, ds.demand, ds.providers,
                                      area.kunta_codes(ds))
    assert figs["population"] == lappi_row["population"] == 176_151
    assert figs["pop_65plus"] == lappi_row["population_65plus"] == 48_868
    assert round(figs["pop_75plus_est"]) == lappi_row["population_75plus"]
    assert figs["municipalities"] == 21
    in_lappi = ds.membership.loc[ds.membership["maakunta"] == "19", "kunta_code"]
    assert figs["providers"] == int(ds.providers["kunta_code"].isin(in_lappi).sum())
    assert sum(figs["providers_by_type"].values()) == figs["providers"]


def test_the_maakunnat_key_figures_add_up_to_the_country(ds):
    national = figures.key_figures(ds.municipalities, ds.demand, ds.providers)
    parts = [figures.key_figures_within(ds.municipalities, ds.demand, ds.providers,
                                        Area.parse(f"maakunta:{code}").kunta_codes(ds))
             for code in ds.units_of("maakunta")["unit_code"]]
    for key in ("population", "pop_65plus", "municipalities", "providers"):
        assert sum(p[key] for p in parts) == national[key], key
    assert sum(p["pop_75plus_est"] for p in parts) == pytest.approx(national["pop_75plus_est"])


def test_national_rank_of_lappis_municipalities_is_a_brute_force_count(ds):
    table = figures.municipality_figures(ds.municipalities, ds.demand, ds.providers)
    inside = table["kunta_code"].isin(Area.parse(LAPPI).kunta_codes(ds))
    ranks = figures.ranks_within(table["share_65plus_pct"], inside)
    assert len(ranks) == 21
    assert sorted(ranks["area_rank"].astype(int)) == list(range(1, 22))  # no ties in Lappi
    shares = table["share_65plus_pct"]
    for index, row in ranks.iterrows():
        assert row["national_rank"] == int((shares > shares[index]).sum()) + 1
        assert row["area_rank"] == int((shares[inside] > shares[index]).sum()) + 1


def test_seat_distance_classes_separate_the_options(ds):
    """The small maps' shared classes (pooled over every option) put the options' units in
    different classes: with the pool's quantiles, 6 of 7 options had one colour (the top)."""
    comparison = compare_options(ds, prepare(ds, Scenario()))
    spec = page.metric("need_mean_seat_distance_km", "straight")
    bins = page.shared_bins(comparison, spec)
    assert len(bins) == 5
    classes = {o: maps.classify_fixed(u[spec.column], bins) for o, u in comparison.units.items()}
    modal = {o: int(pd.Series(c).mode()[0]) for o, c in classes.items()}
    assert len(set(modal.values())) >= 3, modal  # the options look different side by side
    larger = [o for o in classes if o != "kunta"]
    assert all(len(set(classes[o])) >= 2 for o in larger if len(classes[o]) > 1), classes
    # the old pooled quantiles: every larger option but seutukunnat mostly in the top class
    pooled = pd.concat([u[spec.column] for u in comparison.units.values()])
    quantile_bins = maps.classify(pooled, scheme="quantiles", k=5)[1]
    old = {o: int(pd.Series(maps.classify_fixed(comparison.units[o][spec.column],
                                                quantile_bins)).mode()[0]) for o in larger}
    assert sorted(set(old.values())) == [3, 4]


IDENTIFIER = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-]|\.[a-z])")
"""A snake_case name (a column or variable), not part of a file name or path."""


def _page_text(page: str) -> str:
    """Return what a reader of the report page sees: its text, without scripts and images."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>|<img[^>]*>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_report_page_has_no_identifiers_and_names_its_weights(built_dir, tmp_path):
    def report(name: str, *args: str) -> str:
        cmd = [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), "report",
               "--out", str(tmp_path / name), *args]
        subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=600)  # noqa: S603
        return _page_text((tmp_path / name / "index.html").read_text(encoding="utf-8"))

    default = report("default")
    own = report("own", "--weight", "units=3,size=0.5", "--provider-type", "library",
                 "--provider-flag", "kela_etapalvelu", "--area", LAPPI)
    for text in (default, own):
        # the sources table cites files and the publishers' layer names as they are
        shown, _, sources = text.partition(" Lähteet ")
        assert IDENTIFIER.findall(shown) == []
        assert sources  # the sources are there
    assert ("Painot: oletuspainot (docs/compare.md) \u2013 vähän ohjattavia yksiköitä 2, "
            "paikallistuntemus: kotipaikka lähellä tuen tarvitsijoita 4, riittävä koko: "
            "pienimmän manneryksikön väestö 4") in default
    assert ("Painot: käyttäjän antamat painot, eivät oletuspainot \u2013 vähän ohjattavia "
            "yksiköitä 3, paikallistuntemus: kotipaikka lähellä tuen tarvitsijoita 4, riittävä "
            "koko: pienimmän manneryksikön väestö 0,5") in own
    assert "Tuen antajien rajaus tyyppi: Kirjasto; palvelu: Kelan etäpalvelu" in own
    assert "Eriarvoisuuden muuttuja läheisyys lähimpään tuen antajaan" in default
    assert "Oma alue: Lappi" in own
