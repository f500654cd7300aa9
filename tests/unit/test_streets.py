"""Street networks from OSM files (.osm XML via osmnx, .pbf via pyrosm), for driving and walking."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pyproj
import pytest

from coverage import streets
from coverage.errors import InputError
from coverage.network import TravelTimeAccessibility
from coverage.streets import load_street_network

pytest.importorskip("osmnx")
pytest.importorskip("pyrosm")

TOWN = "tests/fixtures/osm/small_town.osm"
WALK_KMH = 4.0
TO_3067 = pyproj.Transformer.from_crs(4326, 3067, always_xy=True)


def point(lon, lat):
    return np.array([TO_3067.transform(lon, lat)])


def minutes(net, a, b, **kw):
    acc = TravelTimeAccessibility(a, b, net.network, direct_max_km=0, **kw)
    return float(acc.nearest_min[0])


@pytest.fixture(scope="module")
def walk():
    return load_street_network(TOWN, mode="walk", walk_speed_kmh=WALK_KMH)


@pytest.fixture(scope="module")
def drive():
    return load_street_network(TOWN, mode="drive", walk_speed_kmh=WALK_KMH)


def test_walking_time_is_street_length_at_walking_speed(walk):
    a, c = point(27.68, 62.89), point(27.684, 62.89)  # nodes 1 and 3, on the main street
    metres = float(np.hypot(*(c - a)[0]))  # straight street: its length (osmnx: great circle)
    assert minutes(walk, a, c, access_speed_kmh=WALK_KMH) == pytest.approx(
        metres / (WALK_KMH / 3.6) / 60, rel=5e-3
    )


def test_walking_ignores_one_way_streets_driving_does_not(walk, drive):
    b, c = point(27.682, 62.89), point(27.684, 62.89)
    assert minutes(walk, b, c) == pytest.approx(minutes(walk, c, b), rel=1e-9)
    with_flow, against = minutes(drive, b, c), minutes(drive, c, b)
    assert with_flow == pytest.approx(float(np.hypot(*(c - b)[0])) / (50 / 3.6) / 60, rel=5e-3)
    assert against > 2 * with_flow  # round the block on 30 km/h residential streets


def test_motorways_are_for_cars_footways_for_walkers(walk, drive):
    motorway = point(27.68, 62.8895)  # node 8, where the motorway ends
    footway_end = point(27.682, 62.892)
    for net, on_motorway, on_footway in ((walk, False, True), (drive, True, False)):
        xy = net.network.node_xy[net.network.snappable]
        gap_m = np.hypot(*(xy - motorway).T).min()
        foot_m = np.hypot(*(xy - footway_end).T).min()
        assert (gap_m < 1) == on_motorway
        assert (foot_m < 1) == on_footway


def test_extent_tells_cells_outside_and_refuses_people_there(walk):
    inside = point(27.682, 62.8905)
    far = point(27.9, 62.95)
    assert walk.outside_extent(np.vstack([inside, far])).tolist() == [False, True]
    walk.check_covers(np.vstack([inside, far]), [10, 0])  # nobody lives outside: fine
    with pytest.raises(InputError, match=r"1 cells \(7 people\) lie outside .*small_town\.osm"):
        walk.check_covers(np.vstack([inside, far]), [10, 7])


def test_pbf_walking_network_of_the_helsinki_extract_routes_like_networkx():
    import pyrosm  # noqa: PLC0415

    net = load_street_network(pyrosm.get_data("helsinki_pbf"), mode="walk", walk_speed_kmh=4.0)
    drive = load_street_network(pyrosm.get_data("helsinki_pbf"), mode="drive", walk_speed_kmh=4.0)
    assert net.network.n_graph_nodes > 3 * drive.network.n_graph_nodes  # footways, paths, steps
    railway_square = point(24.9441, 60.1710)  # Rautatientori, inside the 2019 extract
    assert not net.outside_extent(railway_square)[0]
    assert net.outside_extent(point(25.08, 60.21))[0]  # Itäkeskus: outside
    rng = np.random.default_rng(3)
    xy = net.network.node_xy[net.network.snappable]
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    cells, provs = rng.uniform(lo, hi, (12, 2)), rng.uniform(lo, hi, (4, 2))
    acc = TravelTimeAccessibility(cells, provs, net.network, access_speed_kmh=4.0,
                                  direct_max_km=0)
    graph = net.network.to_graph()
    c_node, c_leg = acc._cell_snap
    p_node, p_leg = acc._provider_snap
    for i in range(len(cells)):
        lengths = nx.single_source_dijkstra_path_length(
            graph, int(net.network.node_id[c_node[i]]), weight="travel_time")
        best = min(c_leg[i] + lengths.get(int(net.network.node_id[p_node[j]]), np.inf) + p_leg[j]
                   for j in range(len(provs)))
        assert acc.nearest_min[i] == pytest.approx(best / 60, rel=1e-9)
    # walking speed: 15 minutes on foot is 1 km, not the 5 km a car would cover
    assert np.median(acc.nearest_min) > 3


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("roads.csv", b"a,b\n", r"\.osm \(XML\) or \.pbf"),
        ("broken.osm", b"<osm><node id='1'", r"could not be read as OSM XML"),
        ("nothing.osm", b"<osm version='0.6'><node id='1' lat='60' lon='25'/></osm>",
         r"OSM XML|no streets"),
        ("broken.pbf", b"not a protobuf at all", r"could not be read as an OSM \.pbf|no streets"),
        ("bomb.osm", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
         + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                    for i in range(8))
         + b']><osm version="0.6"><node id="1" lat="60" lon="25"><tag k="n" v="&i;"/></node></osm>',
         r"OSM XML"),
    ],
)
def test_bad_files_get_one_clear_message(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=match):
        load_street_network(path, mode="walk", walk_speed_kmh=4.0)


def test_missing_and_oversized_files_and_bad_settings_are_refused(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="not found"):
        load_street_network(tmp_path / "none.osm", mode="walk", walk_speed_kmh=4.0)
    with pytest.raises(InputError, match="use drive or walk"):
        load_street_network(TOWN, mode="straight", walk_speed_kmh=4.0)
    with pytest.raises(InputError, match="positive speed"):
        load_street_network(TOWN, mode="walk", walk_speed_kmh=0)
    monkeypatch.setattr(streets, "MAX_STREET_FILE_BYTES", 100)
    with pytest.raises(InputError, match="limited to"):
        load_street_network(TOWN, mode="walk", walk_speed_kmh=4.0)
