"""Gap areas: 8-neighbour contiguity checked against a slow union-find."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coverage.gaps import GapPlaces, find_gaps, label_contiguous


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
