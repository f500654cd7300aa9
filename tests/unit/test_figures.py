"""coverage/figures.py on hand-made data: summaries, session providers, need profiles,
re-scoring, bases, gap polygons and geometry for downloads."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box
from test_compare import tiny_dataset  # tests/unit is on sys.path (rootdir prepend)
from test_planning import fake_dataset

from coverage import figures
from coverage.compare import DEFAULT_WEIGHTS, Weights, compare_options
from coverage.data.schema import PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.defaults import DEFAULT_NEED_RATES, LEVELS
from coverage.errors import InputError
from coverage.gaps import label_contiguous
from coverage.need import need
from coverage.reach import Reach
from coverage.scenario import Scenario, gaps_table, prepare

if TYPE_CHECKING:
    from pathlib import Path


def _provider(pid: str, name: str, **extra) -> dict:
    row = dict.fromkeys(PROVIDER_COLUMNS, "")
    row.update({"provider_id": pid, "name": name, "provider_type": "library", "auta_part": "AB",
                "channel": "walk_in", "capacity_h_week": 10.0, "kunta_code": "091",
                "x": 385_000.0, "y": 6_672_000.0, "location_approximate": False})
    row.update(dict.fromkeys(SERVICE_FLAGS, False))
    row.update(extra)
    return row


# --- summaries -----------------------------------------------------------------------------------


def _munis() -> pd.DataFrame:
    return pd.DataFrame({
        "kunta_code": ["001", "002"], "name_fi": ["A", "B"], "name_sv": ["A", "B"],
        "population": [1000, 0], "pop_0_14": [100, 0], "pop_15_64": [600, 0],
        "pop_65plus": [300, 0], "area_km2": [10.0, 0.0]})


def test_municipality_figures_by_hand():
    demand = pd.DataFrame({"kunta_code": ["001", "001", "002"], "pop_75plus": [40.0, 60.0, 0.0]})
    providers = pd.DataFrame({"kunta_code": ["001", "001", "003"],
                              "provider_type": ["library", "ngo", "ngo"]})
    table = figures.municipality_figures(_munis(), demand, providers).set_index("kunta_code")
    assert table.loc["001", "share_65plus_pct"] == pytest.approx(30.0)
    assert table.loc["001", "density_per_km2"] == pytest.approx(100.0)
    assert table.loc["001", "pop_75plus_est"] == pytest.approx(100.0)
    assert table.loc["001", "share_75plus_pct"] == pytest.approx(10.0)
    assert table.loc["001", "providers"] == 2
    assert math.isnan(table.loc["002", "share_65plus_pct"])  # empty: NaN, not a division error
    assert table.loc["002", "providers"] == 0
    figs = figures.key_figures(_munis(), demand, providers)
    assert figs["population"] == 1000
    assert figs["share_65plus"] == pytest.approx(0.3)
    assert figs["providers_by_type"] == {"ngo": 2, "library": 1}


# --- session providers ---------------------------------------------------------------------------


def test_combine_providers_add_and_replace():
    dataset = pd.DataFrame([_provider("kirkanta:1", "Kirjasto", svc_digituki=True,
                                      homepage="https://k.fi")])
    user = pd.DataFrame([_provider("upload:2", "Oma piste"),
                         _provider("kirkanta:1", "Sama tunnus")]).drop(columns=["svc_digituki"])
    user["svc_omat"] = [True, False]
    both = figures.combine_providers(dataset, user, mode="add")
    assert len(both) == 3
    assert both["provider_id"].is_unique
    assert "kirkanta:1#upload" in set(both["provider_id"])
    assert both["svc_digituki"].dtype == bool
    assert both["svc_digituki"].tolist() == [True, False, False]
    assert both["svc_omat"].tolist() == [False, True, False]
    only = figures.combine_providers(dataset, user, mode="replace")
    assert only["name"].tolist() == ["Oma piste", "Sama tunnus"]
    assert only["svc_digituki"].tolist() == [False, False]
    assert figures.combine_providers(dataset, None) is dataset


def test_combine_providers_refuses_bad_input():
    dataset = pd.DataFrame([_provider("a", "A")])
    with pytest.raises(InputError, match="unknown upload mode"):
        figures.combine_providers(dataset, dataset, mode="merge")
    with pytest.raises(InputError, match="lack column"):
        figures.combine_providers(dataset, dataset.drop(columns=["x"]))


# --- need profiles -------------------------------------------------------------------------------


def test_need_rates_for_bands_keeps_only_chosen_bands():
    cells = pd.DataFrame({"pop_15_64": [100.0], "pop_65plus": [50.0], "pop_75plus": [20.0]})
    all_bands = need(cells)
    old = need(cells, rates=figures.need_rates_for_bands(["65_74", "75plus"]))
    young = need(cells, rates=figures.need_rates_for_bands(["15_64"]))
    assert old + young == pytest.approx(all_bands)
    rates = DEFAULT_NEED_RATES.rates
    expected_old = 30 * sum(rates["65_74"].values()) + 20 * sum(rates["75plus"].values())
    assert old[0] == pytest.approx(expected_old)
    assert figures.need_rates_for_bands(["15_64", "65_74", "75plus"]) == DEFAULT_NEED_RATES
    with pytest.raises(InputError, match="unknown age band"):
        figures.need_rates_for_bands(["80plus"])
    with pytest.raises(InputError, match="at least one"):
        figures.need_rates_for_bands([])


# --- re-scoring ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake():
    return fake_dataset()


def test_rescore_equals_comparing_again_with_the_weights():
    tiny = tiny_dataset()
    prepared = prepare(tiny, Scenario(reach=Reach(threshold=2.0, circuity=1.0)))
    options = ("kunta", "maakunta", "avi")
    base = compare_options(tiny, prepared, options=options, draws=200)
    weights = Weights(units=0.5, seat_distance=1.0, size=3.0, equal_access=2.0, cross_border=0.0)
    again = compare_options(tiny, prepared, options=options, weights=weights, draws=200,
                            spread=0.4)
    rescored = figures.rescore(base, weights, spread=0.4)
    cols = ["score", "rank", "rank_first_share", "mean_rank"]
    pd.testing.assert_frame_equal(rescored.options[cols], again.options[cols])
    assert rescored.weights == weights
    assert rescored.spread == 0.4
    # the figures themselves are the cached ones, untouched
    pd.testing.assert_frame_equal(rescored.options.drop(columns=cols),
                                  base.options.drop(columns=cols))
    assert base.weights == DEFAULT_WEIGHTS  # the input was not mutated


# --- bases and radii -----------------------------------------------------------------------------


def test_centre_bases_from_seats(fake):
    bases = figures.centre_bases(fake.units_of("kunta"), ["049", "091", "049"],
                                 staff_hours_week=20.0)
    assert bases["kunta_code"].tolist() == ["049", "091"]
    assert bases["x"].tolist() == [315_000.0, 305_000.0]
    assert (bases["staff_hours_week"] == 20.0).all()
    assert set(bases.columns) == {"name", "x", "y", "kunta_code", "staff_hours_week"}
    with pytest.raises(InputError, match="unknown municipality"):
        figures.centre_bases(fake.units_of("kunta"), ["999"])
    with pytest.raises(InputError, match="staff hours"):
        figures.centre_bases(fake.units_of("kunta"), ["091"], staff_hours_week=-1)


def test_radii():
    assert figures.reach_radius_m(13.0, 1.3) == pytest.approx(10_000.0)
    assert figures.drive_radius_km(30, 60) == pytest.approx(30.0)


# --- gaps ----------------------------------------------------------------------------------------


def _grid_cells(rows: list[str]) -> pd.DataFrame:
    """Cells from a picture: '#' = a populated cell, '.' = none (row 0 = north)."""
    records = []
    height = len(rows)
    for r, line in enumerate(rows):
        for c, ch in enumerate(line):
            if ch == "#":
                records.append({"grid_col": 4000 + c, "grid_row": 4000 + height - 1 - r})
    return pd.DataFrame(records)


def test_gap_cell_classes():
    labels = np.array([0, 1, 1, 2, 3, 0])
    gaps = pd.DataFrame({"gap_id": [2, 1, 3], "rank": [1, 2, 3]})
    assert figures.gap_cell_classes(labels, gaps, top=1).tolist() == [-1, 0, 0, 1, 0, -1]
    assert figures.gap_cell_classes(labels, gaps, top=0).tolist() == [-1, 0, 0, 0, 0, -1]


def test_gap_polygons_union_the_grid_squares_of_each_area():
    cells = _grid_cells(["##..#",
                         "##..#",
                         "....."])
    labels = np.array([1, 1, 2, 1, 1, 2])  # the 2 x 2 block is area 1, the column area 2
    gaps = pd.DataFrame({"gap_id": [1, 2], "rank": [1, 2], "place_name": ["A", "<b>B</b>"]})
    shapes = figures.gap_polygons(cells, labels, gaps)
    assert shapes.crs.to_epsg() == 3067
    assert shapes["place_name"].tolist() == ["A", "<b>B</b>"]
    areas = shapes.to_crs(figures.GRID_CRS).area.to_numpy()
    np.testing.assert_allclose(areas, [4e6, 2e6], rtol=1e-6)
    assert all(g.geom_type in {"Polygon", "MultiPolygon"} for g in shapes.geometry)
    assert len(shapes.geometry.iloc[0].geoms) == 1  # one block: one polygon, no inner edges


def test_gap_polygons_on_a_prepared_scenario(fake):
    cells = fake.demand.assign(grid_col=((fake.demand["x"] - 300_000) // 1000).astype(int),
                               grid_row=((fake.demand["y"] - 6_700_000) // 1000).astype(int))
    ds = dataclasses.replace(fake, demand=cells)
    prepared = prepare(ds, Scenario(reach=Reach(threshold=3.0, circuity=1.0)))
    gaps, labels = gaps_table(ds, prepared)
    shapes = figures.gap_polygons(prepared.cells, labels, gaps)
    assert len(shapes) == len(gaps)
    cell_counts = shapes.to_crs(figures.GRID_CRS).area.to_numpy() / 1e6
    np.testing.assert_allclose(cell_counts, shapes["cells"].to_numpy(float), rtol=1e-6)
    empty = figures.gap_polygons(prepared.cells, np.zeros(len(labels), dtype=int), gaps)
    assert empty.empty


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=4, max_size=4))
def test_gap_polygons_area_equals_cell_count(picture):
    rows = ["".join("#" if v else "." for v in row) for row in picture]
    cells = _grid_cells(rows)
    if cells.empty:
        return
    labels = label_contiguous(cells["grid_col"].to_numpy(), cells["grid_row"].to_numpy(),
                              np.ones(len(cells), dtype=bool))
    ids = np.unique(labels)
    gaps = pd.DataFrame({"gap_id": ids, "rank": np.arange(1, len(ids) + 1),
                         "cells": np.bincount(labels)[ids]})
    shapes = figures.gap_polygons(cells, labels, gaps)
    areas = shapes.to_crs(figures.GRID_CRS).area.to_numpy() / 1e6
    np.testing.assert_allclose(areas, shapes["cells"].to_numpy(float), rtol=1e-6)


# --- unit polygons and downloads -----------------------------------------------------------------


def test_unit_polygons_dissolve_and_filter(fake):
    unit_of = {"091": "01", "049": "01", "478": "21"}
    units = figures.unit_polygons(fake.municipalities, unit_of)
    assert sorted(units["unit_code"]) == ["01", "21"]
    area = units.set_index("unit_code").area
    assert area["01"] == pytest.approx(2e8)
    mainland = figures.unit_polygons(fake.municipalities, unit_of, kunta_codes=["091", "049"])
    assert mainland["unit_code"].tolist() == ["01"]
    one_each = figures.unit_polygons(fake.municipalities, {k: k for k in unit_of})
    assert len(one_each) == 3


def test_geopackage_bytes_round_trip(tmp_path: Path):
    polys = gpd.GeoDataFrame({"unit_code": ["01"], "name": ["<img src=x>"],
                              "share": [0.5], "mixed": [object()]},
                             geometry=[box(0, 0, 1000, 1000)], crs="EPSG:3067")
    points = figures.points_frame(pd.DataFrame({"site_name": ["Ä"], "x": [385_000.0],
                                                "y": [6_672_000.0]}))
    data = figures.geopackage_bytes({"units": polys, "sites": points})
    path = tmp_path / "out.gpkg"
    path.write_bytes(data)
    layers = {name for name, _kind in pyogrio.list_layers(path)}
    assert layers == {"units", "sites"}
    back = gpd.read_file(path, layer="units")
    assert back["name"].tolist() == ["<img src=x>"]
    assert back.crs.to_epsg() == 3067
    assert gpd.read_file(path, layer="sites")["site_name"].tolist() == ["Ä"]
    with pytest.raises(InputError, match="no CRS"):
        figures.geopackage_bytes({"x": polys.set_crs(None, allow_override=True)})
    with pytest.raises(InputError, match="no layer"):
        figures.geopackage_bytes({})


def test_levels_are_the_models():
    assert LEVELS == (2, 3, 4)
