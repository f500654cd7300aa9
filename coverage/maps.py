"""Folium maps that work offline: no tile server, no CDN, user text escaped.

folium is imported inside the functions that build maps, so importing this module stays light.
Every map starts from `base_map` (no tiles, a neutral background, optional municipal borders)
and gets layers from `choropleth_layer` and `provider_markers`. Before a map is shown,
`use_local_assets` points every JavaScript/CSS file it needs at copies the app serves itself
(`/app/static/vendor/...`, fetched by `scripts/fetch_web_assets.py`); it refuses a map that
would still fetch something from the internet.

Geometry goes to the browser simplified (`SIMPLIFY_M`) and in EPSG:4326 with 5 decimals
(about 1 m); the 1 km demand grid is never sent as polygons.
"""

from __future__ import annotations

import html
import json
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coverage.data.schema import CRS, SERVICE_FLAGS
from coverage.data.taxonomy import provider_types
from coverage.errors import CoverageError, InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    import folium
    import geopandas as gpd

MAP_CRS = "EPSG:4326"
SIMPLIFY_M = 500.0
"""Tolerance of the shared-edge simplification of polygons sent to the browser, metres."""
COORD_DECIMALS = 5
VENDOR_URL = "/app/static/vendor"
"""Where the app serves the vendored browser assets (Streamlit static serving)."""
BACKGROUND = "#e9edf1"
"""Neutral map background: the sea and neighbouring countries, with no basemap."""
BORDER_COLOR = "#7b8794"
FINLAND_BOUNDS = ((59.45, 19.0), (70.15, 31.65))
"""South-west and north-east corners (lat, lon) used when a map has no geometry of its own."""

PALETTES: dict[str, tuple[str, ...]] = {
    # ColorBrewer 2.0 sequential schemes (Cynthia Brewer, Apache-2.0 licensed colour values).
    "YlGnBu": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "OrRd": ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
    "PuBu": ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"),
    "YlOrBr": ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
}
NO_DATA_COLOR = "#d9d9d9"
EN_DASH = "\u2013"  # between class limits: "1,0 to 3,7"

PROVIDER_COLORS: dict[str, str] = {
    "library": "#1f6fb4",
    "service_point": "#7b3294",
    "authority_desk": "#c0392b",
    "adult_education": "#8c564b",
    "ngo": "#238b45",
    "company": "#636363",
    "home_support_base": "#d35400",
    "remote": "#1a9e9e",
}
"""Marker colour per provider type (taxonomy ids); unknown types are drawn grey."""

# folium asset name -> file under VENDOR_URL; None = deliberately not loaded (see docs/app.md).
_LOCAL_ASSETS: dict[str, str | None] = {
    # folium.Map
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "bootstrap": "bootstrap/bootstrap.bundle.min.js",
    "awesome_markers": "leaflet.awesome-markers/leaflet.awesome-markers.js",
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": "bootstrap/bootstrap.min.css",
    "glyphicons_css": None,  # Bootstrap 3 glyphicons are not on npm: use Icon(prefix="fa")
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
    "awesome_markers_css": "leaflet.awesome-markers/leaflet.awesome-markers.css",
    "awesome_rotate_css": None,  # only for Icon(angle=...), which we do not use
    # folium.plugins.MarkerCluster and FastMarkerCluster
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}
LOCAL_ASSET_FILES: tuple[str, ...] = tuple(sorted({p for p in _LOCAL_ASSETS.values() if p}))
"""Every vendored file a map may reference (relative to the vendor folder)."""

# Popup and legend wording. Kept here (not in ui/text.py) so maps also render outside the app.
POPUP_TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "services": "Palvelut",
        "address": "Osoite",
        "source": "Lähde",
        "approximate": "Sijainti on likimääräinen (kunnan keskus tai sovittava paikka)",
        "homepage": "Kotisivu",
        "providers_legend": "Palveluntarjoajat",
        "no_data": "ei tietoa",
        "svc_digituki": "Digituki",
        "svc_enter_ry": "Enter ry:n opastus",
        "svc_kela_etapalvelu": "Kelan etäpalvelu",
        "svc_kaupungin_asiointipiste": "Kaupungin asiointipiste",
        "svc_tietotekniikkaopastus": "Tietotekniikkaopastus",
        "svc_digitalkkari": "Digitalkkari",
        "svc_opastukset": "Opastukset",
        "svc_tietokoneet": "Asiakastietokoneet",
        "svc_seniorsurf": "SeniorSurf-opastuspiste",
    },
    "sv": {
        "services": "Tjänster",
        "address": "Adress",
        "source": "Källa",
        "approximate": "Platsen är ungefärlig (kommunens centrum eller enligt överenskommelse)",
        "homepage": "Webbplats",
        "providers_legend": "Tjänsteleverantörer",
        "no_data": "uppgift saknas",
        "svc_digituki": "Digistöd",
        "svc_enter_ry": "Handledning av Enter ry",
        "svc_kela_etapalvelu": "FPA:s distanstjänst",
        "svc_kaupungin_asiointipiste": "Stadens kundtjänstpunkt",
        "svc_tietotekniikkaopastus": "IT-handledning",
        "svc_digitalkkari": "Digitalkkari (digihandledare)",
        "svc_opastukset": "Handledning",
        "svc_tietokoneet": "Kunddatorer",
        "svc_seniorsurf": "SeniorSurf-handledningsställe",
    },
    "en": {
        "services": "Services",
        "address": "Address",
        "source": "Source",
        "approximate": "Location is approximate (town centre or by arrangement)",
        "homepage": "Homepage",
        "providers_legend": "Providers",
        "no_data": "no data",
        "svc_digituki": "Digital support",
        "svc_enter_ry": "Guidance by Enter ry",
        "svc_kela_etapalvelu": "Kela remote service",
        "svc_kaupungin_asiointipiste": "City service point",
        "svc_tietotekniikkaopastus": "IT guidance",
        "svc_digitalkkari": "Digitalkkari (digital tutor)",
        "svc_opastukset": "Guidance",
        "svc_tietokoneet": "Public computers",
        "svc_seniorsurf": "SeniorSurf guidance point",
    },
}

SCHEMES = ("natural_breaks", "quantiles", "equal_interval")


class RemoteAssetError(CoverageError):
    """A map element would load a file from the internet; the app must work offline."""


def _lang(lang: str) -> str:
    return lang if lang in POPUP_TEXT else "fi"


def _esc(value: object) -> str:
    """Return `value` as text safe inside HTML (also inside attribute values)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _flag(value: object) -> bool:
    """Return True only for a clear yes (True, 1, "true"); missing values are False."""
    if value is None or value is pd.NA:
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "kyllä", "ja"}
    if isinstance(value, float | np.floating) and np.isnan(value):
        return False
    return bool(value)


def _require_crs(gdf: gpd.GeoDataFrame, what: str) -> None:
    if gdf.crs is None:
        msg = f"{what} has no CRS; set it with `set_crs('{CRS}')` if the coordinates are TM35FIN"
        raise InputError(msg)


def map_geometries(
    gdf: gpd.GeoDataFrame, *, tolerance_m: float = SIMPLIFY_M, columns: Sequence[str] | None = None,
) -> gpd.GeoDataFrame:
    """
    Return `gdf` simplified for the browser: shared edges kept, EPSG:4326, 5 decimals.

    Simplification runs on the whole coverage (`simplify_coverage`) so neighbours keep a common
    border without slivers; it happens in metres (EPSG:3067) before reprojection.

    Raises
    ------
    InputError
        If `gdf` has no CRS.
    """
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    _require_crs(gdf, "the polygon layer")
    geom = gdf.geometry.name
    keep = list(columns) if columns is not None else [c for c in gdf.columns if c != geom]
    out = gdf[[*keep, gdf.geometry.name]].copy()
    if out.crs.to_epsg() != 3067:  # noqa: PLR2004
        out = out.to_crs(CRS)
    if tolerance_m > 0:
        out = out.set_geometry(out.geometry.simplify_coverage(tolerance_m))
    out = out.to_crs(MAP_CRS)
    rounded = shapely.transform(np.asarray(out.geometry.values),
                                lambda c: np.round(c, COORD_DECIMALS))
    out = out.set_geometry(gpd.GeoSeries(rounded, index=out.index, crs=MAP_CRS))
    return out if out.geometry.name == "geometry" else out.rename_geometry("geometry")


def _in_map_crs(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    _require_crs(gdf, "the polygon layer")
    return gdf if gdf.crs.to_epsg() == 4326 else map_geometries(gdf)  # noqa: PLR2004


def _geojson(gdf: gpd.GeoDataFrame, properties: Mapping[str, Sequence[Any]]) -> dict:
    """Return a FeatureCollection with only `properties` (JSON-safe values), ids = row order."""
    import shapely  # noqa: PLC0415

    features = []
    geoms = shapely.to_geojson(gdf.geometry.values)
    for i, geom in enumerate(geoms):
        props = {k: _json_value(v[i]) for k, v in properties.items()}
        features.append({"type": "Feature", "id": str(i), "properties": props,
                         "geometry": json.loads(geom)})
    return {"type": "FeatureCollection", "features": features}


def _json_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


@cache
def _template(source: str) -> object:
    from folium.template import Template  # noqa: PLC0415

    return Template(source)


def _macro(script: str, **attrs: object) -> folium.MacroElement:
    """Return a MacroElement running `script` (a jinja macro body; `this` is the element)."""
    from branca.element import MacroElement  # noqa: PLC0415

    element = MacroElement()
    element._template = _template("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    for key, value in attrs.items():
        setattr(element, key, value)
    return element


_LEGEND_SCRIPT = """
(function () {
    var parent = {{ this._parent.get_name() }};
    var legend = L.control({position: {{ this.position|tojson }}});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "coverage-legend");
        div.setAttribute("style", "background:rgba(255,255,255,0.92);padding:6px 8px;"
            + "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,0.3);font:12px/1.45 sans-serif;"
            + "color:#222;max-width:240px");
        div.innerHTML = {{ this.legend_html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    var map = (parent instanceof L.Map) ? parent : parent._map;
    if (map) { legend.addTo(map); }
    else { parent.once("add", function () { legend.addTo(parent._map); }); }
})();
"""


def _legend(legend_html: str, *, position: str = "bottomright") -> folium.MacroElement:
    """Return a legend control; `legend_html` must already be escaped."""
    return _macro(_LEGEND_SCRIPT, legend_html=legend_html, position=position)


_BASE_SCRIPT = """
{{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
(function () {  // no focus box around a clicked polygon
    var style = document.createElement("style");
    style.textContent = "path.leaflet-interactive:focus { outline: none; }";
    document.head.appendChild(style);
})();
"""


def base_map(
    borders: gpd.GeoDataFrame | None = None,
    *,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
    background: str = BACKGROUND,
    border_color: str = BORDER_COLOR,
    min_zoom: int = 4,
    max_zoom: int = 13,
    legend_room_px: int = 150,
) -> folium.Map:
    """
    Return an empty map with no basemap tiles, a neutral background and optional borders.

    No tiles, so nothing is fetched from a tile server: the map works offline. `borders`
    (polygons in any CRS; simplified with `map_geometries` unless already in EPSG:4326) are
    drawn as thin, non-interactive lines. The view fits `bounds` ((lat, lon) south-west and
    north-east), else the borders, else Finland.
    """
    import folium  # noqa: PLC0415

    m = folium.Map(location=[64.5, 26.0], zoom_start=5, tiles=None, control_scale=False,
                   zoom_snap=0.25, zoom_delta=0.5)
    # folium passes min/max zoom only to a tile layer; with no tiles they go on the map itself
    # (markercluster refuses a map without maxZoom).
    m.options.update(min_zoom=min_zoom, max_zoom=max_zoom)
    _macro(_BASE_SCRIPT, background=background).add_to(m)
    if borders is not None:
        shapes = _in_map_crs(borders)
        folium.GeoJson(
            _geojson(shapes, {}), name="borders", control=False, interactive=False,
            style_function=lambda _f: {"color": border_color, "weight": 0.7, "fill": False},
        ).add_to(m)
        if bounds is None:
            x0, y0, x1, y1 = shapes.total_bounds
            bounds = ((y0, x0), (y1, x1))
    # Room on the right for the legends, so they do not cover the map's own area.
    m.fit_bounds([list(c) for c in (bounds or FINLAND_BOUNDS)],
                 padding_bottom_right=(legend_room_px, 0), padding_top_left=(10, 10))
    return m


def _quantile_bins(y: np.ndarray, k: int) -> np.ndarray:
    step = 100.0 / k
    pct = np.arange(step, 100 + step, step)
    pct[-1] = min(pct[-1], 100.0)
    return np.unique(np.percentile(y, pct[:k]))


def _equal_interval_bins(y: np.ndarray, k: int) -> np.ndarray:
    low, high = float(y.min()), float(y.max())
    bins = low + (high - low) / k * np.arange(1, k + 1)
    bins[-1] = high
    return bins


def _fisher_jenks_bins(y: np.ndarray, k: int) -> np.ndarray:
    """Return the class upper limits minimising the within-class sum of squares (exact DP)."""
    x = np.sort(y.astype(float))
    n = len(x)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(starts: np.ndarray, end: int) -> np.ndarray:  # sum of squares of x[start:end]
        size = end - starts
        return (s2[end] - s2[starts]) - (s1[end] - s1[starts]) ** 2 / size

    cost = np.full((k + 1, n + 1), np.inf)
    split = np.zeros((k + 1, n + 1), dtype=int)
    cost[1, 1:] = [ssd(np.array([0]), j)[0] for j in range(1, n + 1)]
    for c in range(2, k + 1):
        for j in range(c, n + 1):
            starts = np.arange(c - 1, j)
            total = cost[c - 1, starts] + ssd(starts, j)
            best = int(np.argmin(total))
            cost[c, j] = total[best]
            split[c, j] = starts[best]
    ends, j = [], n
    for c in range(k, 0, -1):
        ends.append(j)
        j = split[c, j]
    return np.array([x[e - 1] for e in reversed(ends)])


_BINS = {"natural_breaks": _fisher_jenks_bins, "quantiles": _quantile_bins,
         "equal_interval": _equal_interval_bins}


def classify(
    values: pd.Series, *, scheme: str = "natural_breaks", k: int = 5,
) -> tuple[np.ndarray, list[float]]:
    """
    Return each value's class (0..k-1, -1 where missing) and the class upper limits.

    The built-in schemes give the same classes as mapclassify's `FisherJenks`
    (`natural_breaks`: optimal natural breaks), `Quantiles` and `EqualInterval` (the tests
    check this) without importing mapclassify, which pulls in scikit-learn, scipy.stats and
    matplotlib (~3 s before the first map). Any other mapclassify classifier can be named by
    its class name (e.g. "HeadTailBreaks"); it is imported then. A value goes to the first
    class whose upper limit it does not exceed (mapclassify's rule).

    Raises
    ------
    InputError
        If `scheme` is unknown or there are no values.
    """
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    valid = numeric.notna().to_numpy() & np.isfinite(numeric.to_numpy())
    if not valid.any():
        msg = "no values to classify"
        raise InputError(msg)
    y = numeric.to_numpy()[valid]
    k = int(min(k, len(np.unique(y))))
    if scheme in _BINS:
        bins = _BINS[scheme](y, k) if k > 1 else np.array([y.max()])
    else:
        import mapclassify  # noqa: PLC0415

        classifier = getattr(mapclassify, scheme, None)
        if not isinstance(classifier, type):
            msg = (f"unknown classification scheme {scheme!r}; use one of {', '.join(SCHEMES)} "
                   "or a mapclassify classifier name")
            raise InputError(msg)
        import inspect  # noqa: PLC0415

        takes_k = "k" in inspect.signature(classifier).parameters
        bins = np.asarray((classifier(y, k=k) if takes_k else classifier(y)).bins, dtype=float)
    classes = np.full(len(numeric), -1, dtype=int)
    classes[valid] = np.minimum(np.searchsorted(bins, y, side="left"), len(bins) - 1)
    return classes, [float(b) for b in bins]


def choropleth_layer(  # noqa: PLR0913
    units_gdf: gpd.GeoDataFrame,
    value_column: str,
    legend_title: str,
    *,
    label_column: str = "name_fi",
    id_column: str = "kunta_code",
    value_format: Callable[[float], str] = lambda v: f"{v:,.0f}",
    scheme: str = "natural_breaks",
    k: int = 5,
    palette: str = "YlGnBu",
    name: str | None = None,
    no_data_label: str = "no data",
    legend_position: str = "topright",
    unit: str = "",
) -> folium.FeatureGroup:
    """
    Return a layer of `units_gdf` coloured by `value_column` in `k` classes, with a legend.

    Classes come from mapclassify (`classify`); the legend lists each class's limits through
    `value_format` (give one that formats numbers for the user's language) under
    `legend_title`, which should name the unit ("65+ share (%)"). Hovering shows the label and
    the value with `unit` ("31,7 %"); clicking reports the feature's properties (`id_column`,
    `label_column`, the value) to streamlit-folium as `last_active_drawing`. Every label is
    HTML-escaped. The legend goes to `legend_position` (a Leaflet control corner).

    Raises
    ------
    InputError
        If a column is missing or the layer has no CRS.
    """
    import folium  # noqa: PLC0415

    missing = [c for c in (value_column, label_column, id_column) if c not in units_gdf.columns]
    if missing:
        msg = f"the polygon layer lacks column(s) {', '.join(missing)}"
        raise InputError(msg)
    shapes = _in_map_crs(units_gdf).reset_index(drop=True)
    classes, bins = classify(shapes[value_column], scheme=scheme, k=k)
    colors = PALETTES.get(palette, PALETTES["YlGnBu"])
    if len(bins) < len(colors):  # spread fewer classes over the palette
        colors = tuple(colors[round(i)] for i in np.linspace(0, len(colors) - 1, len(bins)))
    fill = [colors[c] if c >= 0 else NO_DATA_COLOR for c in classes]
    values = pd.to_numeric(shapes[value_column], errors="coerce")
    shown = [f"{value_format(v)}\u00a0{unit}".strip() if pd.notna(v) else no_data_label
             for v in values]
    tooltips = [f"<b>{_esc(lbl)}</b><br>{_esc(v)}"
                for lbl, v in zip(shapes[label_column], shown, strict=True)]
    data = _geojson(shapes, {
        id_column: shapes[id_column].astype(str).tolist(),
        label_column: shapes[label_column].astype(str).tolist(),
        value_column: values.tolist(),
        "fill": fill,
        "tooltip": tooltips,
    })
    layer = folium.FeatureGroup(name=name or legend_title)
    folium.GeoJson(
        data,
        name=name or legend_title,
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.85,
                                  "color": "#ffffff", "weight": 0.6, "opacity": 1},
        highlight_function=lambda _f: {"weight": 2.5, "color": "#222222", "fillOpacity": 0.95},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(layer)
    lower = float(values.min())
    rows = []
    for i, upper in enumerate(bins):
        low = lower if i == 0 else bins[i - 1]
        count = int((classes == i).sum())
        rows.append(
            f'<div><span style="display:inline-block;width:14px;height:12px;margin-right:6px;'
            f'vertical-align:middle;border:1px solid #999;background:{colors[i]}"></span>'
            f"{_esc(value_format(low))} {EN_DASH} {_esc(value_format(upper))} ({count})</div>")
    if (classes < 0).any():
        rows.append(f'<div><span style="display:inline-block;width:14px;height:12px;'
                    f'margin-right:6px;border:1px solid #999;background:{NO_DATA_COLOR}"></span>'
                    f"{_esc(no_data_label)} ({int((classes < 0).sum())})</div>")
    _legend(f"<div style='font-weight:600;margin-bottom:3px'>{_esc(legend_title)}</div>"
            + "".join(rows), position=legend_position).add_to(layer)
    return layer


def provider_popup_html(row: Mapping[str, Any], lang: str = "fi") -> str:
    """
    Return the popup of one provider: every value from the data is HTML-escaped.

    Shows name, type, services (the `svc_*` flags that are true), address, source and date,
    and a homepage link only for http(s) addresses.
    """
    lang = _lang(lang)
    words = POPUP_TEXT[lang]
    types = provider_types()
    ptype = str(row.get("provider_type", ""))
    type_label = types[ptype].label(lang) if ptype in types else ptype
    services = [words[f] for f in SERVICE_FLAGS if _flag(row.get(f))]
    parts = [f"<b>{_esc(row.get('name'))}</b>", f"<i>{_esc(type_label)}</i>"]
    if services:
        parts.append(f"{_esc(words['services'])}: {_esc(', '.join(services))}")
    if row.get("address"):
        parts.append(f"{_esc(words['address'])}: {_esc(row.get('address'))}")
    homepage = str(row.get("homepage") or "").strip()
    if homepage.lower().startswith(("https://", "http://")):
        parts.append(f'<a href="{_esc(homepage)}" target="_blank" rel="noopener noreferrer">'
                     f"{_esc(words['homepage'])}</a>")
    if _flag(row.get("location_approximate")):
        parts.append(f"<span style='color:#a04000'>{_esc(words['approximate'])}</span>")
    parts.append(f"<small>{_esc(words['source'])}: {_esc(row.get('source'))}, "
                 f"{_esc(row.get('reference_date'))}</small>")
    return "<div class='provider-popup' style='font-size:12px;line-height:1.4'>" \
        + "<br>".join(parts) + "</div>"


_MARKER_CALLBACK = """function (row) {
    var icon = L.divIcon({
        className: "provider-marker",
        html: '<span style="display:block;width:12px;height:12px;border-radius:50%;'
            + 'border:2px solid #fff;box-shadow:0 0 2px rgba(0,0,0,0.7);background:' + row[3]
            + '"></span>',
        iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -6]
    });
    var marker = L.marker(new L.LatLng(row[0], row[1]), {icon: icon, title: row[4]});
    marker.bindPopup(row[2], {maxWidth: 320});
    return marker;
}"""


def provider_points(providers: pd.DataFrame) -> pd.DataFrame:
    """Return `providers` with `lat`/`lon` (EPSG:4326) from their EPSG:3067 `x`/`y`."""
    from pyproj import Transformer  # noqa: PLC0415

    out = providers.copy()
    lon, lat = Transformer.from_crs(CRS, MAP_CRS, always_xy=True).transform(
        out["x"].to_numpy(float), out["y"].to_numpy(float))
    out["lat"] = np.round(lat, COORD_DECIMALS)
    out["lon"] = np.round(lon, COORD_DECIMALS)
    return out


def provider_markers(
    providers: pd.DataFrame, lang: str = "fi", *, name: str | None = None,
    legend_position: str | None = "bottomright",
) -> folium.FeatureGroup:
    """
    Return the providers as clustered markers (one colour per type) with popups and a legend.

    `providers` has EPSG:3067 `x`/`y` (or `lat`/`lon` already). Markers are built in the
    browser from a compact array (FastMarkerCluster), so a thousand providers cost ~0.3 MB.
    Every string from the data is HTML-escaped (`provider_popup_html`); the title attribute is
    plain text.
    """
    import folium  # noqa: PLC0415
    from folium.plugins import FastMarkerCluster  # noqa: PLC0415

    lang = _lang(lang)
    points = providers if {"lat", "lon"} <= set(providers.columns) else provider_points(providers)
    points = points[points["lat"].notna() & points["lon"].notna()]
    records = points.to_dict("records")
    data = [[r["lat"], r["lon"], provider_popup_html(r, lang),
             PROVIDER_COLORS.get(str(r.get("provider_type")), "#777777"), str(r.get("name", ""))]
            for r in records]
    label = name or POPUP_TEXT[lang]["providers_legend"]
    layer = folium.FeatureGroup(name=label)
    FastMarkerCluster(data, callback=_MARKER_CALLBACK, name=label,
                      options={"showCoverageOnHover": False, "maxClusterRadius": 45,
                               "disableClusteringAtZoom": 11, "chunkedLoading": True},
                      ).add_to(layer)
    if legend_position and records:
        types = provider_types()
        present = list(dict.fromkeys(str(r.get("provider_type")) for r in records))
        rows = "".join(
            f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
            f'margin-right:6px;border:1px solid #fff;box-shadow:0 0 2px #555;'
            f'background:{PROVIDER_COLORS.get(t, "#777777")}"></span>'
            f"{_esc(types[t].label(lang) if t in types else t)}</div>" for t in present)
        _legend(f"<div style='font-weight:600;margin-bottom:3px'>{_esc(label)}</div>{rows}",
                position=legend_position).add_to(layer)
    return layer


def _elements(root: object) -> Iterator[object]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def use_local_assets(m: folium.Map, *, vendor_url: str = VENDOR_URL) -> folium.Map:
    """
    Point every JavaScript/CSS file the map needs at the app's own copies; return `m`.

    Call it once the map is complete. It walks every element and rewrites folium's CDN links
    (`default_js`/`default_css`) to `vendor_url`; links it does not know are refused, so a new
    plugin cannot quietly make the app depend on the internet.

    Raises
    ------
    RemoteAssetError
        If an element needs a file that is not vendored, or is a branca colormap
        (streamlit-folium loads d3 from a CDN for those).
    """
    from branca.colormap import ColorMap  # noqa: PLC0415

    base = vendor_url.rstrip("/")
    for element in _elements(m):
        if isinstance(element, ColorMap):
            msg = ("branca colormaps make streamlit-folium load d3 from a CDN; draw the legend "
                   "with coverage.maps (choropleth_layer) instead")
            raise RemoteAssetError(msg)
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if not links:
                continue
            local = []
            for asset, url in links:
                if asset in _LOCAL_ASSETS:
                    if _LOCAL_ASSETS[asset]:
                        local.append((asset, f"{base}/{_LOCAL_ASSETS[asset]}"))
                elif url.startswith(("http://", "https://", "//")):
                    msg = (f"{type(element).__name__} needs {url} from the internet; add its npm "
                           "package to scripts/fetch_web_assets.py and the name "
                           f"{asset!r} to coverage.maps._LOCAL_ASSETS")
                    raise RemoteAssetError(msg)
                else:
                    local.append((asset, url))
            setattr(element, attr, local)  # an instance attribute: the class lists stay as is
    return m


def map_html(m: folium.Map) -> str:
    """Return the map as a standalone HTML page (assets as `use_local_assets` left them)."""
    return m.get_root().render()


def municipality_figures(
    municipalities: pd.DataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
) -> pd.DataFrame:
    """
    Return the figures shown per municipality, one row per `kunta_code`.

    Population and age groups are Statistics Finland's municipal totals (31.12.); `pop_75plus`
    is the grid estimate summed over the municipality's cells (an estimate: 75+ is not in the
    grid, see the demand model); `providers` counts support points by municipality.
    Shares are percentages (0-100); density is residents per km² of land.
    """
    cols = ["kunta_code", "name_fi", "name_sv", "population", "pop_0_14", "pop_15_64",
            "pop_65plus", "area_km2"]
    out = pd.DataFrame(municipalities[cols]).copy()
    pop = out["population"].astype(float)
    positive = pop.where(pop > 0)  # NaN, not a division by zero, for an empty municipality
    out["share_65plus_pct"] = 100 * out["pop_65plus"] / positive
    out["density_per_km2"] = pop / out["area_km2"].where(out["area_km2"] > 0)
    est75 = demand.groupby("kunta_code")["pop_75plus"].sum()
    out["pop_75plus_est"] = out["kunta_code"].map(est75).fillna(0.0)
    out["share_75plus_pct"] = 100 * out["pop_75plus_est"] / positive
    counts = providers.groupby("kunta_code").size()
    out["providers"] = out["kunta_code"].map(counts).fillna(0).astype(int)
    return out.reset_index(drop=True)


def key_figures(
    municipalities: pd.DataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
) -> dict[str, Any]:
    """
    Return the national key figures: population, 65+, estimated 75+, municipalities, providers.

    Shares are fractions (0-1). `providers_by_type` is ordered by count, largest first.
    """
    population = int(municipalities["population"].sum())
    pop65 = int(municipalities["pop_65plus"].sum())
    pop75 = float(demand["pop_75plus"].sum())
    by_type = providers["provider_type"].value_counts()
    return {
        "population": population,
        "pop_65plus": pop65,
        "share_65plus": pop65 / population if population else float("nan"),
        "pop_75plus_est": pop75,
        "share_75plus": pop75 / population if population else float("nan"),
        "municipalities": len(municipalities),
        "providers": len(providers),
        "providers_by_type": {str(k): int(v) for k, v in by_type.items()},
    }


def municipality_map_frame(
    municipalities: gpd.GeoDataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
    *, tolerance_m: float = SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return simplified municipality polygons (EPSG:4326) with `municipality_figures`."""
    shapes = map_geometries(municipalities, tolerance_m=tolerance_m, columns=["kunta_code"])
    figures = municipality_figures(municipalities, demand, providers)
    return shapes.merge(figures, on="kunta_code", how="left", validate="one_to_one")
