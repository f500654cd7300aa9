"""Context layers in the maps, and maps that redraw only what a setting changed.

Every page map gets main roads, municipal borders and town names through
`components.add_map_context`, each switched on and off in a layer control; nothing may come
from outside the machine. `components.show_map` hands streamlit-folium the layers that change
(`maps.dynamic_layers`) beside a map that stays the same, so the browser swaps them in the
drawn map instead of loading a new map frame.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pytest
import streamlit_folium as sf

from coverage import figures, maps
from coverage.errors import InputError
from coverage.map_context import map_context
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare

URL = re.compile(r"""https?://[^\s"'<>)\\]+|(?<=["'(=])//[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)\\]*""",
                 re.I)
"""An http(s) URL, or a protocol-relative one in an attribute or a string ("//cdn.x.org/...")."""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def context_js(app_dataset):
    return {lang: maps.context_data(map_context(app_dataset), lang) for lang in ("fi", "sv")}


@pytest.fixture(scope="module")
def lappi(app_dataset):
    """Lappi's gap map pieces at two thresholds (the page's redraw after a slider step)."""
    from coverage.area import Area  # noqa: PLC0415

    ds = app_dataset
    area = Area.parse("maakunta:19")
    shapes = maps.unit_map_frame(ds.municipalities, dict(zip(
        ds.membership["kunta_code"], ds.membership["maakunta"], strict=True)))
    out = {}
    for km in (10.0, 11.0):
        prepared = prepare(ds, Scenario(reach=Reach(threshold=km)))
        table = access_table(ds, prepared, "maakunta", area=area)
        gaps, labels = gaps_table(ds, prepared, area=area)
        out[km] = (prepared, shapes.merge(table, on="unit_code"), gaps, labels)
    return out


def _gap_map(app_dataset, context: str, pieces, *, providers: bool = True):
    """A map as the Aukot page builds it: static part, then the layers of one threshold."""
    ds = app_dataset
    prepared, frame, gaps, labels = pieces
    lappi_kunnat = ds.membership.loc[ds.membership["maakunta"] == "19", "kunta_code"]
    m = maps.base_map(bounds=maps.area_bounds(ds.municipalities, lappi_kunnat))
    maps.context_layers(context).add_to(m)
    maps.choropleth_layer(frame, "coverage_share", "Katettu", label_column="unit_name",
                          id_column="unit_code", bins=[0.5, 0.7, 0.8, 0.9, 0.95, 1.0]).add_to(m)
    warp = maps.grid_warp(prepared.cells["grid_col"], prepared.cells["grid_row"])
    maps.cell_overlay(warp, figures.gap_cell_classes(labels, gaps, top=10),
                      ["#54278f", "#e7298a"], legend_title=f"Aukot ({len(gaps)})",
                      legend_labels=["solu", "top"]).add_to(m)
    top = gaps.head(10)
    maps.point_layer(top, top["place_name"].tolist(),
                     labels=[str(r) for r in top["rank"]]).add_to(m)
    if providers:
        maps.provider_markers(prepared.providers, "fi").add_to(m)
    return m


def _streamlit_folium_parts(m) -> tuple[str, str, str]:
    """Return what st_folium sends for `m` as show_map hands it over: (map script, its
    component key, the swapped layer groups' script)."""
    groups = maps.dynamic_layers(m)
    maps.use_local_assets(m)
    for group in groups:
        maps.use_local_assets(group)
    m.get_root().render()
    m.render()
    script = sf._get_map_string(m)
    swapped = "".join(sf._get_feature_group_string(g, map=m, idx=i)
                      for i, g in enumerate(groups))
    return script, sf.generate_js_hash(script, "gaps_map", False), swapped


def _outside_urls(html: str) -> list[str]:
    return [u for u in URL.findall(html)
            if urlparse(u if u.startswith("http") else f"http:{u}").hostname not in LOCAL_HOSTS]


def test_map_html_has_the_three_toggleable_layers_and_no_outside_url(
        app_dataset, context_js, lappi):
    m = _gap_map(app_dataset, context_js["fi"], lappi[10.0], providers=False)
    html = maps.map_html(maps.use_local_assets(m))
    assert "L.control.layers(null, overlays" in html
    for name in ("Päätiet", "Kuntarajat", "Taajamien nimet", "Karttatasot"):
        assert name in html
    assert '"order":["roads","borders","towns"]' in html
    assert '["roads", "borders", "towns"].indexOf(key)' in html  # all three on at first
    assert _outside_urls(html) == []
    assert not maps_remote_link(html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_with_providers_the_only_outside_urls_are_their_homepage_links(
        app_dataset, context_js, lappi):
    """A provider's homepage is a link in its popup (opened on a click), never loaded."""
    m = _gap_map(app_dataset, context_js["fi"], lappi[10.0])
    html = maps.map_html(maps.use_local_assets(m))
    homepages = {str(h).strip().replace("&", "\\u0026") for h in app_dataset.providers["homepage"]
                 if isinstance(h, str) and h}
    outside = _outside_urls(html)
    assert outside, "the dataset's providers have homepages"
    assert set(outside) <= homepages
    assert not maps_remote_link(html)


def maps_remote_link(html: str) -> list[str]:
    """Return script/link/img elements that would load something from outside the machine."""
    return re.findall(r"""<(?:script|link|img)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                      html, re.IGNORECASE)


def test_context_names_follow_the_language(context_js):
    for words in ("Huvudvägar", "Kommungränser", "Tätorternas namn", '"Helsingfors"'):
        assert words in context_js["sv"]
    assert '"Helsinki"' in context_js["fi"]


def test_a_layer_can_start_switched_off_and_unknown_ones_are_refused(context_js):
    element = maps.context_layers(context_js["fi"], shown=("borders",))
    assert element.shown == ["borders"]
    with pytest.raises(InputError, match="unknown context layer"):
        maps.context_layers(context_js["fi"], shown=("rivers",))


def test_a_threshold_step_keeps_the_drawn_map_and_swaps_only_its_layers(
        app_dataset, context_js, lappi):
    before = _streamlit_folium_parts(_gap_map(app_dataset, context_js["fi"], lappi[10.0]))
    after = _streamlit_folium_parts(_gap_map(app_dataset, context_js["fi"], lappi[11.0]))
    assert before[1] == after[1]  # same component key: streamlit-folium keeps the map frame
    assert before[0] == after[0]
    assert before[2] != after[2]  # the coverage, cells and gaps are new
    assert context_js["fi"] in before[0]  # the context travels with the map, not the swap
    assert "Aukot (" in before[2]  # legends swap with their layers
    assert "Aukot (" not in before[0]
    assert "L.markerClusterGroup" in before[0]  # providers stay: clustered once
    assert "L.markerClusterGroup" not in before[2]


def test_the_map_loads_the_cluster_script_even_before_providers_are_shown(
        app_dataset, context_js, lappi):
    m = _gap_map(app_dataset, context_js["fi"], lappi[10.0], providers=False)
    groups = maps.dynamic_layers(m)
    maps.use_local_assets(m)
    links = [url for element in maps._elements(m) for _, url in
             getattr(element, "default_js", [])]
    assert "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in links
    assert len(groups) == 3  # coverage, cells, top gaps


def test_a_map_without_layer_groups_is_left_as_it_is():
    m = maps.base_map()
    before = list(m._children)
    assert maps.dynamic_layers(m) == []
    assert list(m._children) == before


def test_gap_outline_frame_matches_geopandas_reprojection(app_dataset):
    ds = app_dataset
    prepared = prepare(ds, Scenario())
    gaps, labels = gaps_table(ds, prepared)
    polygons = figures.gap_polygons(prepared.cells, labels, gaps, top=10)
    ours = maps.gap_outline_frame(polygons)
    theirs = polygons.set_geometry(polygons.geometry.simplify(250.0)).to_crs(maps.MAP_CRS)
    assert ours.crs == theirs.crs
    assert list(ours.columns) == list(theirs.columns)
    assert ours.geometry.geom_equals_exact(theirs.geometry, tolerance=1e-5).all()
    assert pd.Series(ours["rank"]).tolist() == list(range(1, 11))
    assert np.allclose(ours.total_bounds, theirs.total_bounds, atol=1e-5)


def test_a_layer_drawn_above_a_swapped_group_is_swapped_with_it(app_dataset):
    """An outline added after the coloured units must stay above them in the drawn map."""
    import folium  # noqa: PLC0415

    shapes = maps.unit_map_frame(app_dataset.municipalities, dict(zip(
        app_dataset.membership["kunta_code"], app_dataset.membership["maakunta"], strict=True)))
    shapes = shapes.assign(value=np.arange(len(shapes), dtype=float), name=shapes["unit_code"])
    m = maps.base_map()
    below = folium.GeoJson(shapes.head(1), name="below").add_to(m)
    units = maps.choropleth_layer(shapes, "value", "x", label_column="name",
                                  id_column="unit_code").add_to(m)
    above = folium.GeoJson(shapes.head(1), name="above").add_to(m)
    groups = maps.dynamic_layers(m)
    assert groups[0] is units
    assert list(groups[1]._children.values()) == [above]
    assert below.get_name() in m._children
    assert above.get_name() not in m._children
