# ruff: noqa: RUF001 - the expected output uses en dashes on purpose
"""coverage/maps.py: offline assets, escaping, classification, payload, geometry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings

import branca.colormap as cm
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from folium.plugins import HeatMap
from shapely.geometry import box

from coverage import maps
from coverage.errors import InputError

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

        figures = maps.municipality_figures(app_dataset.municipalities, app_dataset.demand,
                                            app_dataset.providers)
        rng = np.random.default_rng(7)
        samples = [figures[c].to_numpy(float) for c in
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
    figs = maps.key_figures(ds.municipalities, ds.demand, ds.providers)
    assert figs["population"] == int(ds.municipalities.population.sum())
    assert figs["municipalities"] == len(ds.municipalities)
    assert sum(figs["providers_by_type"].values()) == figs["providers"] == len(ds.providers)
    assert 0 < figs["share_75plus"] < figs["share_65plus"] < 1
    table = maps.municipality_figures(ds.municipalities, ds.demand, ds.providers)
    assert len(table) == len(ds.municipalities)
    assert table["providers"].sum() == (ds.providers.kunta_code.isin(table.kunta_code)).sum()
    helsinki = table.set_index("kunta_code").loc["091"]
    expected = 100 * helsinki.pop_65plus / helsinki.population
    assert helsinki.share_65plus_pct == pytest.approx(expected)
