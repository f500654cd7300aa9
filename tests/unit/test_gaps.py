"""Gap areas: 8-neighbour contiguity checked against a slow union-find."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coverage.gaps import (
    GapPlaces,
    find_gaps,
    label_contiguous,
    ranks_elsewhere,
    suggested_points,
)


def union_find_labels(col, row, mask):
    idx = np.flatnonzero(mask)
    parent = {i: i for i in idx}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    where = {(col[i], row[i]): i for i in idx}
    for i in idx:
        for dc in (-1, 0, 1):
            for dr in (-1, 0, 1):
                j = where.get((col[i] + dc, row[i] + dr))
                if j is not None:
                    parent[find(i)] = find(j)
    return {i: find(i) for i in idx}


@pytest.mark.parametrize("seed", range(6))
def test_labels_equal_union_find(seed):
    rng = np.random.default_rng(seed)
    col = rng.integers(0, 40, 600)
    row = rng.integers(0, 40, 600)
    keep = ~pd.DataFrame({"c": col, "r": row}).duplicated().to_numpy()
    col, row = col[keep], row[keep]
    mask = rng.random(len(col)) < 0.5
    labels = label_contiguous(col, row, mask)
    ref = union_find_labels(col, row, mask)
    assert (labels[~mask] == 0).all()
    idx = np.flatnonzero(mask)
    # same partition: pairs in the same reference group have the same label, and vice versa
    ours = {i: labels[i] for i in idx}
    def groups(labels_of: dict) -> set[frozenset]:
        s = pd.Series(labels_of)
        return set(s.groupby(s).apply(lambda g: frozenset(g.index)).tolist())

    assert groups(ref) == groups(ours)


def test_diagonal_cells_join_and_ranking_by_need():
    # two areas: a diagonal pair (joined by 8-neighbour rule) and a single cell far away
    demand = pd.DataFrame(
        {
            "grid_col": [0, 1, 10, 5], "grid_row": [0, 1, 10, 5],
            "x": [500.0, 1500, 10500, 5500], "y": [500.0, 1500, 10500, 5500],
            "population": [10, 20, 100, 50], "pop_65plus": [5.0, 5, 40, 10],
            "kunta_code": ["001", "001", "002", "001"],
        }
    )
    need = np.array([1.0, 2.0, 30.0, 4.0])
    nearest = np.array([20.0, 21, 50, 1])  # km; the last cell is covered
    settlements = pd.DataFrame({"name_fi": ["Kylä"], "name_sv": [""], "population_2021": [300],
                                "x": [1000.0], "y": [1000.0], "kunta_code": ["001"]})
    places = GapPlaces(
        settlements=settlements, kunta_names=pd.Series({"001": "Aa", "002": "Bb"}),
        region_of_kunta=pd.Series({"001": "R1", "002": "R2"}),
        kunta_centres=pd.DataFrame(
            {"kunta_code": ["001", "002"], "x": [0.0, 9e5], "y": [0.0, 9e5]}
        ),
    )
    gaps, labels = find_gaps(demand, need, nearest, threshold=10, places=places)
    assert len(gaps) == 2
    assert labels[3] == 0
    assert labels[0] == labels[1] != labels[2]
    first, second = gaps.iloc[0], gaps.iloc[1]
    assert first["need"] == 30
    assert first["municipality"] == "Bb"
    assert first["place_basis"] == "municipal centre"
    assert second["need"] == 3
    assert second["population"] == 30
    assert second["place_name"] == "Kylä"
    assert second["min_km"] == 20
    assert second["max_km"] == 21
    # the same cells in minutes: the cost columns say so, and nothing is scaled
    minutes, same_labels = find_gaps(demand, need, nearest * 3, threshold=30, places=places,
                                     unit="min")
    np.testing.assert_array_equal(same_labels, labels)
    assert minutes.iloc[1]["min_min"] == 60
    assert minutes.iloc[1]["max_min"] == 63
    assert "min_km" not in minutes.columns


@pytest.mark.parametrize("seed", range(4))
def test_labels_within_groups_equal_union_find_of_each_group(seed):
    rng = np.random.default_rng(seed)
    col = rng.integers(0, 30, 500)
    row = rng.integers(0, 30, 500)
    keep = ~pd.DataFrame({"c": col, "r": row}).duplicated().to_numpy()
    col, row = col[keep], row[keep]
    mask = rng.random(len(col)) < 0.6
    group = np.where(col + rng.integers(-2, 3, len(col)) < 15, "a", "b")
    labels = label_contiguous(col, row, mask, group)
    assert (labels[~mask] == 0).all()
    expected = set()
    for g in ("a", "b"):
        sub = mask & (group == g)
        ref = union_find_labels(col, row, sub)
        expected |= set(pd.Series(ref).groupby(pd.Series(ref)).apply(lambda s: frozenset(s.index)))
    idx = np.flatnonzero(mask)
    ours = pd.Series({i: labels[i] for i in idx})
    assert set(ours.groupby(ours).apply(lambda s: frozenset(s.index))) == expected
    assert sorted(set(labels[mask])) == list(range(1, len(expected) + 1))


def test_gap_split_at_municipal_border_with_suggested_point():
    # a row of five cells: three in 001, two in 002; all uncovered
    demand = pd.DataFrame({
        "grid_col": [0, 1, 2, 3, 4], "grid_row": [0] * 5,
        "x": [500.0, 1500, 2500, 3500, 4500], "y": [500.0] * 5,
        "population": [10, 10, 10, 10, 10], "pop_65plus": [1.0] * 5,
        "kunta_code": ["001", "001", "001", "002", "002"],
    })
    need = np.array([1.0, 5.0, 1.0, 2.0, 2.0])
    kw = {"threshold": 0.1, "places": GapPlaces(
        settlements=pd.DataFrame(columns=["name_fi", "x", "y", "kunta_code"]),
        kunta_names=pd.Series({"001": "Aa", "002": "Bb"}),
        region_of_kunta=pd.Series({"001": "R", "002": "R"}),
        kunta_centres=pd.DataFrame({"kunta_code": ["001"], "x": [0.0], "y": [0.0]}))}
    gaps, _labels = find_gaps(demand, need, np.full(5, 1e6), reach_m=1000.0, **kw)
    assert len(gaps) == 2
    assert gaps["need"].tolist() == [7.0, 4.0]
    first = gaps.iloc[0]
    assert first["suggested_x"] == 1500.0
    assert first["suggested_need"] == 7.0
    whole, _ = find_gaps(demand, need, np.full(5, 1e6), split_municipalities=False, **kw)
    assert len(whole) == 1
    # cells outside the area are not gaps, and the gap ends at the area's border
    inside = np.array([True, True, False, True, True])
    part, plabels = find_gaps(demand, need, np.full(5, 1e6), cell_mask=inside,
                              split_municipalities=False, **kw)
    assert plabels[2] == 0
    assert len(part) == 2


def test_ranks_elsewhere_finds_the_same_area_by_its_cells():
    labels = np.array([0, 1, 1, 2, 0, 3])
    gaps = pd.DataFrame({"gap_id": [2, 1, 3], "rank": [1, 2, 3]})
    other = np.array([5, 7, 7, 4, 0, 0])
    other_gaps = pd.DataFrame({"gap_id": [4, 5, 7], "rank": [3, 1, 2]})
    ranks = ranks_elsewhere(labels, gaps, other, other_gaps)
    assert ranks[:2].tolist() == [3.0, 2.0]
    assert np.isnan(ranks[2])


def assert_best_of_every_pair(x, y, lab, need, radius, best, reached):
    """Each area's suggested cell and its need equal a full distance matrix (first cell of the
    most need, rounded to a millionth of a person)."""
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    brute = ((d <= radius) & (lab[:, None] == lab[None, :])) @ need
    for area in range(int(lab.max()) + 1):
        cells = np.flatnonzero(lab == area)
        top = brute[cells].max()
        first = cells[np.flatnonzero(np.round(brute[cells], 6) == np.round(top, 6))[0]]
        assert best[area] == first
        assert reached[area] == pytest.approx(top, abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_suggested_points_equal_brute_force_with_areas_side_by_side(seed):
    """Each area's suggested cell and the need it reaches equal a full distance matrix, with
    areas interleaved so that most pairs within the radius belong to two areas."""
    rng = np.random.default_rng(seed)
    n, n_areas, radius = 900, 23, 2_500.0
    x = rng.uniform(0, 20_000, n)
    y = rng.uniform(0, 20_000, n)
    lab = rng.integers(0, n_areas, n)
    need = rng.integers(0, 4, n) * 0.37
    best, reached = suggested_points(x, y, lab, need, n_areas, radius)
    assert_best_of_every_pair(x, y, lab, need, radius, best, reached)


@pytest.mark.parametrize("seed", range(3))
def test_suggested_points_on_the_raster_equal_brute_force(seed, monkeypatch):
    """Large areas take the raster bounds (FFT) and sum only the possible winners exactly: the
    same cell and need as every pair, on a real projected grid (EPSG:3035 250 m cells placed
    in EPSG:3067, not affine), with blocky areas, long thin ones and single cells."""
    import pyproj  # noqa: PLC0415

    monkeypatch.setattr("coverage.gaps.RASTER_PAIRS_PER_CELL", 0.0)  # every area on the raster
    monkeypatch.setattr("coverage.gaps.RASTER_MIN_PAIRS", 0.0)
    rng = np.random.default_rng(seed)
    col, row = np.meshgrid(np.arange(19_000, 19_060), np.arange(27_000, 27_050))
    col, row = col.ravel(), row.ravel()
    keep = rng.random(len(col)) < 0.8
    col, row = col[keep], row[keep]
    x, y = pyproj.Transformer.from_crs(3035, 3067, always_xy=True).transform(
        col * 250.0 + 125, row * 250.0 + 125)
    lab = (col - col.min()) // 17 + 4 * ((row - row.min()) // 13)  # blocks
    lab[row == row.min() + 25] = lab.max() + 1  # a thin line across
    lab[:3] = lab.max() + np.arange(1, 4)  # single cells
    lab = np.unique(lab, return_inverse=True)[1]
    n = int(lab.max()) + 1
    need = rng.integers(0, 5, len(col)) * 0.29
    radius = 1_900.0
    best, reached = suggested_points(x, y, lab, need, n, radius, col=col, row=row)
    assert_best_of_every_pair(x, y, lab, need, radius, best, reached)
