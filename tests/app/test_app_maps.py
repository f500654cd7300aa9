# ruff: noqa: RUF001 - the expected output uses en dashes on purpose
"""coverage/maps.py: offline assets, escaping, classification, payload, geometry."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import branca.colormap as cm
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import streamlit_folium as sf
from folium.plugins import HeatMap
from PIL import Image
from pyproj import Transformer
from shapely.geometry import box

from coverage import figures, maps
from coverage.errors import InputError
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, gaps_table, prepare

EVIL = "<img src=x onerror=alert(1)>"
REMOTE_LINK = re.compile(r"""<(?:script|link)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def _js(text: str) -> str:
    """Return `text` as it appears inside a JSON string in the page."""
    return json.dumps(text)[1:-1]


def _providers(**overrides) -> pd.DataFrame:
    row = {
        "provider_id": "t:1", "name": "Kirjasto", "provider_type": "library", "auta_part": "AB",
        "channel": "walk_in", "capacity_h_week": 10.0, "kunta_code": "091",
        "x": 385000.0, "y": 6672000.0, "address": "Katu 1, 00100 Helsinki", "languages": "fi",
        "source": "test", "reference_date": "2026-01-01", "location_approximate": False,
        "homepage": "", "svc_digituki": True, "svc_tietokoneet": False,
    }
    row.update(overrides)
    return pd.DataFrame([row])


def _squares() -> gpd.GeoDataFrame:
    """Nine 10 km squares in EPSG:3067 around Helsinki, values 1..9."""
    cells = [box(380000 + i * 10000, 6670000 + j * 10000, 390000 + i * 10000, 6680000 + j * 10000)
             for j in range(3) for i in range(3)]
    return gpd.GeoDataFrame({"kunta_code": [f"{i:03d}" for i in range(9)],
                             "name_fi": [f"Kunta {i}" for i in range(9)],
                             "value": np.arange(1.0, 10.0)}, geometry=cells, crs="EPSG:3067")


def test_library_imports_no_streamlit_or_folium():
    code = ("import sys, coverage.maps; "
            "print(sorted(m for m in ('streamlit', 'folium', 'mapclassify') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                         check=True)
    assert out.stdout.strip() == "[]"


def test_popup_escapes_every_user_string():
    evil = _providers(name=EVIL, address=f"{EVIL} 1", source=f"<b>{EVIL}</b>",
                      reference_date="<script>x</script>",
                      homepage='javascript:alert(1)"><img src=x>')
    popup = maps.provider_popup_html(evil.iloc[0].to_dict(), "fi")
    assert "<img" not in popup
    assert "<script" not in popup
    assert "javascript:" not in popup  # not an http(s) link: left out
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "Digituki" in popup
    assert "Asiakastietokoneet" not in popup


def test_popup_links_only_http_homepages():
    popup = maps.provider_popup_html(
        _providers(homepage='https://example.fi/?a=1&b="2"').iloc[0].to_dict(), "en")
    assert 'href="https://example.fi/?a=1&amp;b=&quot;2&quot;"' in popup
    assert 'rel="noopener noreferrer"' in popup


def test_rendered_map_has_no_raw_user_html_and_no_remote_assets():
    m = maps.base_map(_squares())
    maps.choropleth_layer(_squares().assign(name_fi=[EVIL] * 9), "value", "Arvo (kpl)").add_to(m)
    maps.provider_markers(_providers(name=EVIL), "sv").add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert "<img" not in html
    assert REMOTE_LINK.search(html) is None, REMOTE_LINK.search(html)
    for path in ("leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js",
                 "leaflet/leaflet.css"):
        assert f'"{maps.VENDOR_URL}/{path}"' in html
    for host in ("cdn.", "cdnjs", "code.jquery.com", "netdna"):
        assert host not in html


JINJA = (
    "{{ 'QZ' * 3 }} {{ cycler.__init__.__globals__.os.getcwd() }} {% for i in 'ab' %}K{% endfor %}"
)
EVALUATED = ("QZQZQZ", "KK", str(Path.cwd()))  # what the template would have made of it


def test_user_text_is_never_evaluated_as_a_template():
    """branca renders a macro's output again as jinja; ours must go in as plain text.

    A provider file is user input: a name like "{{ 7*7 }}" must reach the map as written,
    not as "49" (or as the server's working directory: template injection runs Python).
    """
    m = maps.base_map(_squares())
    maps.choropleth_layer(_squares().assign(name_fi=[JINJA] * 9), "value", "Arvo").add_to(m)
    maps.provider_markers(_providers(name=JINJA, address=JINJA), "fi").add_to(m)
    maps.point_layer(pd.DataFrame({"x": [385000.0], "y": [6672000.0]}), [JINJA],
                     labels=[JINJA]).add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert "{{ " in html
    assert "{% for i in " in html
    for made in EVALUATED:
        assert made not in html
    # what streamlit-folium sends to the browser: the same passes as st_folium
    m.render()
    script = sf._get_map_string(m)
    assert "{{ " in script
    for made in EVALUATED:
        assert made not in script


def test_base_map_has_no_tiles():
    m = maps.base_map()
    assert not [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    html = maps.map_html(maps.use_local_assets(m))
    assert "tile.openstreetmap" not in html
    assert "L.tileLayer" not in html
    assert maps.BACKGROUND in html


def test_unknown_remote_asset_is_refused():
    m = maps.base_map()
    HeatMap([[60.2, 24.9, 1.0]]).add_to(m)
    with pytest.raises(maps.RemoteAssetError, match="fetch_web_assets"):
        maps.use_local_assets(m)


def test_branca_colormap_is_refused():
    m = maps.base_map()
    cm.linear.YlGnBu_05.scale(0, 1).add_to(m)
    with pytest.raises(maps.RemoteAssetError, match="d3"):
        maps.use_local_assets(m)


def test_local_assets_leave_folium_class_defaults_alone():
    before = list(folium.Map.default_js)
    maps.use_local_assets(maps.base_map())
    assert folium.Map.default_js == before


def test_every_referenced_asset_is_fetched_by_the_script(fetch_script):
    fetch = fetch_script
    produced = {f"{folder}/{target}" for _, folder, files in fetch.PACKAGES.values()
                for target in files.values()}
    for name in maps.LOCAL_ASSET_FILES:
        assert name in produced, name


@pytest.mark.parametrize(("scheme", "cls"), [("natural_breaks", "FisherJenks"),
                                             ("quantiles", "Quantiles"),
                                             ("equal_interval", "EqualInterval")])
def test_classes_match_mapclassify(scheme, cls, app_dataset):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": mapclassify's slow path
        import mapclassify  # noqa: PLC0415 - a 3 s import only this test needs

        table = figures.municipality_figures(app_dataset.municipalities, app_dataset.demand,
                                             app_dataset.providers)
        rng = np.random.default_rng(7)
        samples = [table[c].to_numpy(float) for c in
                   ("share_65plus_pct", "population", "density_per_km2")]
        samples += [rng.gamma(2.0, 10.0, size=n).round(1) for n in (7, 30, 120)]
        for y in samples:
            reference = getattr(mapclassify, cls)(y, k=5)
            classes, bins = maps.classify(pd.Series(y), scheme=scheme, k=5)
            np.testing.assert_allclose(bins, reference.bins)
            np.testing.assert_array_equal(classes, reference.yb)


def test_classify_handles_missing_and_constant_values():
    classes, bins = maps.classify(pd.Series([3.0, None, 3.0]), k=5)
    assert classes.tolist() == [0, -1, 0]
    assert bins == [3.0]
    with pytest.raises(InputError, match="no values"):
        maps.classify(pd.Series([None, None]))
    with pytest.raises(InputError, match="unknown classification scheme"):
        maps.classify(pd.Series([1.0, 2.0]), scheme="nonsense")


def test_choropleth_legend_lists_class_limits_with_units():
    layer = maps.choropleth_layer(_squares(), "value", "Väestö (asukasta)", k=3,
                                  scheme="equal_interval", value_format=lambda v: f"{v:.1f}")
    m = maps.base_map()
    layer.add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert _js("Väestö (asukasta)") in html  # the legend travels as a JSON string
    for limits in ("1.0 – 3.7 (3)", "3.7 – 6.3 (3)", "6.3 – 9.0 (3)"):
        assert _js(limits) in html


def test_choropleth_reports_missing_columns():
    with pytest.raises(InputError, match="lacks column"):
        maps.choropleth_layer(_squares(), "nope", "x")


def test_map_geometries_simplify_and_reproject():
    shapes = maps.map_geometries(_squares())
    assert shapes.crs.to_epsg() == 4326
    assert shapes.geometry.name == "geometry"
    x, y = shapes.geometry.iloc[0].exterior.coords[0]
    assert (round(x, 5), round(y, 5)) == (x, y)
    assert 24 < x < 26
    assert 60 < y < 61
    with pytest.raises(InputError, match="no CRS"):
        maps.map_geometries(_squares().set_crs(None, allow_override=True))


def test_overview_map_payload_under_5_mb(app_dataset):
    ds = app_dataset
    frame = maps.municipality_map_frame(ds.municipalities, ds.demand, ds.providers)
    m = maps.base_map()
    maps.choropleth_layer(frame, "share_65plus_pct", "65+ (%)").add_to(m)
    maps.provider_markers(ds.providers, "fi").add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert len(html.encode()) <= 5_000_000
    assert html.count('"type": "Feature"') + html.count('"type":"Feature"') >= 308


def test_key_figures_and_municipality_figures(app_dataset):
    ds = app_dataset
    figs = figures.key_figures(ds.municipalities, ds.demand, ds.providers)
    assert figs["population"] == int(ds.municipalities.population.sum())
    assert figs["municipalities"] == len(ds.municipalities)
    assert sum(figs["providers_by_type"].values()) == figs["providers"] == len(ds.providers)
    assert 0 < figs["share_75plus"] < figs["share_65plus"] < 1
    table = figures.municipality_figures(ds.municipalities, ds.demand, ds.providers)
    assert len(table) == len(ds.municipalities)
    assert table["providers"].sum() == (ds.providers.kunta_code.isin(table.kunta_code)).sum()
    helsinki = table.set_index("kunta_code").loc["091"]
    expected = 100 * helsinki.pop_65plus / helsinki.population
    assert helsinki.share_65plus_pct == pytest.approx(expected)


# --- the lean layers ----------------------------------------------------------------------------


def test_inlined_json_cannot_close_the_script_and_round_trips():
    value = {"name": "</script><script>alert(1)</script>", "amp": "a & b", "sep": "\u2028",
             "fi": "Äänekoski"}
    text = maps._js(value)
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value


def test_provider_rows_escape_every_shown_string():
    evil = _providers(name=EVIL, address=f"{EVIL} 1", source="<b>src</b>",
                      reference_date="<i>d</i>", homepage='javascript:alert(1)"')
    data = maps.provider_marker_data(evil, "fi")
    row = data["rows"][0]
    assert row[3] == EVIL  # the marker title: a DOM property, plain text
    assert row[4] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<" not in row[5]
    assert row[9] == ""  # not an http(s) link
    assert "<" not in json.dumps(data["sources"])
    assert "Digituki" in data["services"][row[6]]
    good = maps.provider_marker_data(_providers(homepage="https://k.fi/?a=1&b=2"), "sv")
    assert good["rows"][0][9] == "https://k.fi/?a=1&amp;b=2"
    assert good["types"][0][0] == "Bibliotek"


def test_map_without_icons_loads_no_jquery_or_bootstrap():
    m = maps.base_map()
    maps.provider_markers(_providers(), "fi").add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    for name in ("jquery", "bootstrap", "awesome-markers", "fontawesome"):
        assert name not in html, name
    m = maps.base_map()
    folium.Marker([60.2, 24.9], icon=folium.Icon(prefix="fa", icon="book")).add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert f"{maps.VENDOR_URL}/leaflet.awesome-markers/leaflet.awesome-markers.js" in html


def test_fixed_bins_keep_one_scale_with_its_lower_end():
    squares = _squares().assign(share=np.linspace(0.55, 0.99, 9))
    layer = maps.choropleth_layer(squares, "share", "Osuus (%)", bins=[0.5, 0.8, 1.0],
                                  bins_lower=0.0, value_format=lambda v: f"{100 * v:.0f} %",
                                  palette="RdYlBu")
    m = maps.base_map()
    layer.add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert _js("0 % – 50 % (0)") in html
    assert _js("50 % – 80 % (5)") in html
    assert _js("80 % – 100 % (4)") in html
    assert maps.classify_fixed(pd.Series([0.1, 0.5, 0.51, 2.0, None]), [0.5, 1.0]).tolist() == \
        [0, 0, 1, 1, -1]


def test_choropleth_tooltips_escape_names_and_keep_extra_lines():
    squares = _squares().assign(name_fi=[EVIL] * 9)
    layer = maps.choropleth_layer(squares, "value", "x", extra_tooltip=["<i>ok</i>"] * 9)
    m = maps.base_map()
    layer.add_to(m)
    html = maps.map_html(m)
    assert "<img" not in html
    assert maps._js("<b>&lt;img src=x onerror=alert(1)&gt;</b><br>1<br><i>ok</i>")[1:-1] in html


def _png_pixels(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return np.asarray(image)


def test_cell_images_put_each_cell_where_it_is():
    # 9 x 9 km blocks of cells in Lapland, Helsinki and Åland (EPSG:3035 grid indices)
    to_grid = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    places = [(25.7, 68.0), (24.94, 60.17), (19.94, 60.1)]
    gx, gy = to_grid.transform([p[0] for p in places], [p[1] for p in places])
    offsets = np.arange(-4, 5)
    dc, dr = (a.ravel() for a in np.meshgrid(offsets, offsets))
    col = np.concatenate([int(x // 1000) + dc for x in gx])
    row = np.concatenate([int(y // 1000) + dr for y in gy])
    place = np.repeat(np.arange(3), len(dc))
    warp = maps.grid_warp(col, row, width_px=450)
    assert warp.cell.shape[0] % 6 == 0
    (south, west), (north, east) = warp.bounds
    assert 59 < south < north < 71
    assert 18 < west < east < 32
    classes = np.array([0, 1, -1])[place]  # Lapland red, Helsinki blue, Åland not drawn
    pixels = _png_pixels(maps.cells_png(warp, classes, ["#ff0000", "#0000ff"]))
    assert pixels.shape == warp.cell.shape
    height, width = pixels.shape

    def pixel_of(lon, lat):
        x = (lon - west) / (east - west) * width
        merc = [np.log(np.tan(np.pi / 4 + np.radians(v) / 2)) for v in (lat, south, north)]
        y = (merc[2] - merc[0]) / (merc[2] - merc[1]) * height
        return int(y), int(x)

    assert pixels[pixel_of(25.7, 68.0)] == 1  # palette index 1 = class 0
    assert pixels[pixel_of(24.94, 60.17)] == 2
    assert pixels[pixel_of(19.94, 60.1)] == 0  # class -1: transparent
    assert pixels[pixel_of(28.0, 63.0)] == 0  # no cell there
    pooled = _png_pixels(maps.cells_png(warp, classes, ["#ff0000", "#0000ff"], pool=3))
    assert pooled.shape == (height // 3, width // 3)
    assert set(np.unique(pooled)) == {0, 1, 2}


def test_cell_overlay_is_two_inline_images_and_no_polygons():
    warp = maps.grid_warp(np.array([5000, 5001]), np.array([4300, 4300]))
    m = maps.base_map()
    maps.cell_overlay(warp, np.array([0, 1]), ["#54278f", "#e7298a"], legend_title="Aukot",
                      legend_labels=["aukko", "suurin"]).add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert html.count("data:image/png;base64,") == 2
    assert "L.imageOverlay" in html
    assert REMOTE_LINK.search(html) is None


def test_point_layer_escapes_tooltips_and_labels():
    points = pd.DataFrame({"x": [385_000.0], "y": [6_672_000.0]})
    m = maps.base_map()
    maps.point_layer(points, [f"{EVIL}\nrivi 2"], labels=["<b>1</b>"], radius_m=5000,
                     legend_title="Pisteet").add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert "<img" not in html
    assert "<b>1</b>" not in html
    assert maps._js("&lt;img src=x onerror=alert(1)&gt;<br>rivi 2")[1:-1] in html


def test_aukot_like_map_payload_under_5_mb(app_dataset):
    ds = app_dataset
    prepared = prepare(ds, Scenario(reach=Reach(threshold=2.0)))  # many gaps: the worst case
    table = access_table(ds, prepared, "kunta")
    gaps, labels = gaps_table(ds, prepared)
    shapes = maps.unit_map_frame(ds.municipalities, dict(zip(ds.membership["kunta_code"],
                                                             ds.membership["kunta"],
                                                             strict=True)))
    frame = shapes.merge(table, on="unit_code")
    m = maps.base_map()
    maps.choropleth_layer(frame, "coverage_share", "x", label_column="unit_name",
                          id_column="unit_code", bins=[0.5, 0.7, 0.8, 0.9, 0.95, 1.0]).add_to(m)
    warp = maps.grid_warp(prepared.cells["grid_col"], prepared.cells["grid_row"])
    classes = figures.gap_cell_classes(labels, gaps)
    maps.cell_overlay(warp, classes, ["#54278f", "#e7298a"]).add_to(m)
    maps.provider_markers(prepared.providers, "fi").add_to(m)
    html = maps.map_html(maps.use_local_assets(m))
    assert len(html.encode()) <= 5_000_000, len(html.encode())
    assert len(html.encode()) <= 1_000_000, len(html.encode())  # in practice well under
