"""The working dataset built from the official data: exact counts and official totals."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from coverage.data.build import build_dataset
from coverage.data.dataset import load_dataset
from coverage.errors import SourceError

pytestmark = pytest.mark.realdata

OFFICIAL_TOTAL = 5_635_971
UNIT_COUNTS = {"country": 1, "kunta": 308, "maakunta": 19, "avi": 7, "maistraatti": 10,
               "hyvinvointialue": 23, "elinvoimakeskus": 11, "ely": 16, "seutukunta": 69}
"""Units per division in the dataset: the keys, with Åland its own unit where the key mixes it
(the 2026 key puts it under Lounais-Suomen elinvoimakeskus: 10 + 1)."""


def test_municipalities_and_official_population(ds):
    m = ds.municipalities
    assert len(m) == 308
    assert m["kunta_code"].is_unique
    assert m["kunta_code"].str.fullmatch(r"\d{3}").all()
    assert int(m["population"].sum()) == OFFICIAL_TOTAL
    assert int(m["pop_65plus"].sum()) == 1_328_817
    assert m.crs.to_epsg() == 3067
    assert m.loc[m.kunta_code == "478", "name_fi"].item() == "Maarianhamina"


@pytest.mark.parametrize(("division", "count"), UNIT_COUNTS.items())
def test_every_division_partitions_all_municipalities(ds, division, count):
    members = ds.membership
    assert len(members) == 308
    assert (members[division] != "").all()
    units = ds.units_of(division)
    assert len(units) == count
    assert set(members[division]) == set(units["unit_code"])
    pop = ds.municipalities.set_index("kunta_code")["population"]
    per_unit = pop.groupby(members.set_index("kunta_code")[division]).sum()
    assert int(per_unit.sum()) == OFFICIAL_TOTAL


def test_avi_populations_match_the_official_regions(ds):
    pop = ds.municipalities.set_index("kunta_code")["population"]
    per_avi = pop.groupby(ds.membership.set_index("kunta_code")["avi"]).sum().to_dict()
    # figures from ../shared/data/regions/README.md (sanity checks)
    assert per_avi == {"1": 2_438_915, "2": 706_080, "3": 540_282, "4": 1_255_919,
                       "5": 487_970, "6": 176_151, "7": 30_654}


def test_maistraatti_offices_and_merged_municipalities(ds):
    members = ds.membership.set_index("kunta_code")
    sizes = members["maistraatti"].value_counts().to_dict()
    # VRK 2018 counts, less the three municipalities merged since (Honkajoki 792, Valtimo 795,
    # Pertunmaa 795 -> their new municipalities keep the same office)
    assert sizes["718"] == 16
    assert sizes["797"] == 26
    assert members.loc["507", "maistraatti"] == "795"  # Mäntyharju (with Pertunmaa)
    assert members.loc["541", "maistraatti"] == "795"  # Nurmes (with Valtimo)


def test_grid_population_equals_official_per_municipality(ds):
    d = ds.demand
    assert len(d) == 90_249
    assert int(d["population"].sum()) == OFFICIAL_TOTAL
    per = d.groupby("kunta_code")["population"].sum()
    official = ds.municipalities.set_index("kunta_code")["population"]
    assert (per.reindex(official.index) - official).abs().max() <= 1
    for group in ("pop_0_14", "pop_15_64", "pop_65plus"):
        got = d.groupby("kunta_code")[group].sum().reindex(official.index)
        want = ds.municipalities.set_index("kunta_code")[group]
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), atol=0.5)
    ages = d[["pop_0_14", "pop_15_64", "pop_65plus"]].sum(axis=1)
    np.testing.assert_allclose(ages.to_numpy(), d["population"].to_numpy(), atol=1e-6)
    assert (d["pop_75plus"] <= d["pop_65plus"] + 1e-9).all()
    assert (d["pop_75plus"] >= 0).all()


def test_kauniainen_cells_are_not_swallowed_by_its_generalised_polygon(ds):
    """Kauniainen's 1:4.5M polygon covers Espoo cells; the postal areas put them back."""
    d = ds.demand
    census = d.groupby("kunta_code")["census_population"].sum()
    official = ds.municipalities.set_index("kunta_code")["population"]
    factor = official / census
    assert 0.8 < factor["235"] < 1.2
    assert 0.8 < factor["049"] < 1.2


def test_75plus_estimate_is_plausible(ds):
    share = ds.demand["pop_75plus"].sum() / ds.demand["pop_65plus"].sum()
    # 2017 Paavo national share of 75+ among 65+ is 501 800 / 1 179 318 = 0.4255; aged to
    # 31.12.2024 it rises (the large cohorts born 1945-49 turned 75): the postal areas' aged
    # cohorts give 0.4916, and the cells, weighted by today's 65+, stay close to it
    aged = ds.manifest["decisions"]["demand"]["share_75_basis"]["national_share_75_of_65"]
    assert 0.45 < aged < 0.52
    assert share == pytest.approx(aged, abs=0.01)


def test_all_libraries_get_a_municipality(ds):
    p = ds.providers
    libs = p[p.provider_type == "library"]
    assert len(libs) == 720
    assert libs["kunta_code"].isin(ds.municipalities.kunta_code).all()
    by_id = p.set_index("provider_id")
    assert by_id.loc["kirkanta:85456", "name"] == "Mustasaaren pääkirjasto"
    assert by_id.loc["kirkanta:85456", "kunta_code"] == "499"  # Mustasaari, not Vaasa
    assert by_id.loc["kirkanta:84795", "kunta_code"] == "049"  # Viherlaakso in Espoo
    assert (p["x"].between(50_000, 760_000) & p["y"].between(6_600_000, 7_800_000)).all()


def test_seniorsurf_places_enrich_libraries_instead_of_twins(ds):
    p = ds.providers
    decisions = ds.manifest["decisions"]["providers"]
    assert decisions["seniorsurf_places"] == 523
    assert decisions["seniorsurf_merged_into_libraries"] + decisions["seniorsurf_added"] == 523
    assert 250 <= decisions["seniorsurf_merged_into_libraries"] <= 320
    assert p.loc[p.provider_type == "library", "svc_seniorsurf"].sum() >= 250
    assert (p.provider_type == "authority_desk").sum() == 107
    assert p["provider_id"].is_unique
    disagreements = {r["provider_id"] for r in decisions["name_location_disagreements"]}
    assert "kirkanta:85456" in disagreements


def test_manifest_is_complete(ds, source):
    m = ds.manifest
    keys = {s["key"] for s in m["sources"]}
    assert keys == {
        "municipalities", "key_2025", "key_2026", "maistraatit", "admin_centres", "grid",
        "postal_areas", "postal_ages", "settlements", "settlement_polygons", "libraries",
        "seniorsurf", "police", "roads",
    }
    for s in m["sources"]:
        assert len(s["sha256"]) == 64
        assert s["publisher"]
        assert s["licence"]
        assert s["reference_date"]
        assert s["rows"] > 0
        assert (source / s["file"]).exists()
    by_key = {s["key"]: s for s in m["sources"]}
    assert by_key["municipalities"]["rows"] == 308
    assert by_key["grid"]["rows"] == 90_249
    assert by_key["libraries"]["reference_date"] == "2026-08-16"
    assert m["layers"]["demand"]["population"] == OFFICIAL_TOTAL
    assert by_key["roads"]["rows"] == 14_899
    assert m["built_at"]
    assert m["dataset_id"]


def test_seats_are_in_their_units(ds):
    units = ds.units
    assert units[["seat_x", "seat_y"]].notna().all().all()
    members = ds.membership.set_index("kunta_code")
    for row in units[units.division != "country"].itertuples():
        assert members.loc[row.seat_kunta_code, row.division] == row.unit_code
    maakunta = ds.units_of("maakunta").set_index("unit_code")
    assert maakunta.loc["1", "seat_name"] == "Helsinki"
    assert maakunta.loc["21", "seat_name"] == "Maarianhamina"


def test_stray_label_points_move_to_the_main_settlement(ds):
    """Laitila's NLS label point lies ~10 km north of the town: the seat moves into Laitilan kt."""
    moved = ds.manifest["decisions"]["demand"]["seat_points_moved_to_main_settlement"]
    assert "400" in moved
    assert len(moved) <= 10
    seat = ds.units_of("kunta").set_index("unit_code").loc["400"]
    town = ds.settlements[ds.settlements.name_fi == "Laitilan kt."].iloc[0]
    assert (seat.seat_x, seat.seat_y) == (town.x, town.y)


def _copy_source(source, tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("raw", "network", "reference"))
    for path in copy.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return copy


def test_sync_with_missing_file_keeps_previous_dataset(source, built_dir, tmp_path):
    target = tmp_path / "build"
    shutil.copytree(built_dir, target)
    before = (target / "manifest.json").read_bytes()
    broken = _copy_source(source, tmp_path)
    (broken / "regions" / "municipality_key_2026_statfi.csv").unlink()
    with pytest.raises(SourceError, match="key_2026"):
        build_dataset(broken, target)
    assert (target / "manifest.json").read_bytes() == before
    assert load_dataset(target).municipalities.shape[0] == 308
    assert not list(tmp_path.glob("build.tmp-*"))


def test_sync_with_corrupt_file_keeps_previous_dataset(source, built_dir, tmp_path):
    target = tmp_path / "build"
    shutil.copytree(built_dir, target)
    before = json.loads((target / "manifest.json").read_text())
    broken = _copy_source(source, tmp_path)
    (broken / "regions" / "kunta_vaki2024_statfi.geojson").write_text('{"type": "FeatureColl')
    with pytest.raises(SourceError, match=r"kunta_vaki2024_statfi\.geojson"):
        build_dataset(broken, target)
    assert json.loads((target / "manifest.json").read_text()) == before
    assert not list(tmp_path.glob("build.tmp-*"))


def test_sync_with_non_numeric_grid_value_names_the_row(source, built_dir, tmp_path):
    target = tmp_path / "build"
    shutil.copytree(built_dir, target)
    broken = _copy_source(source, tmp_path)
    grid = broken / "population" / "grid" / "fi_census2021_grid1km.csv"
    frame = pd.read_csv(grid, dtype=str)
    frame.loc[6, "T"] = "n/a"  # spreadsheet row 8
    frame.to_csv(grid, index=False)
    with pytest.raises(SourceError, match="first at row 8"):
        build_dataset(broken, target)
    assert load_dataset(target).demand.shape[0] == 90_249
