"""Folium maps that work offline: no tile server, no CDN, user text escaped.

folium is imported inside the functions that build maps, so importing this module stays light.
Every map starts from `base_map` (no tiles, a neutral background, optional municipal borders)
and gets layers from `choropleth_layer`, `provider_markers`, `cell_overlay` and `point_layer`.
Before a map is shown,
`use_local_assets` points every JavaScript/CSS file it needs at copies the app serves itself
(`/app/static/vendor/...`, fetched by `scripts/fetch_web_assets.py`); it refuses a map that
would still fetch something from the internet.

Geometry goes to the browser simplified (`SIMPLIFY_M`) and in EPSG:4326 with 5 decimals
(about 1 m); the 1 km demand grid is never sent as polygons (cells travel as one small PNG,
`cell_overlay`).

Speed: every layer is one small element whose data is inlined as a single JSON literal built
here (string joins, no per-feature Python objects for folium to walk), and the browser builds
the Leaflet objects from it. folium/streamlit-folium then only render a few tiny templates, so
a whole map costs tens of milliseconds on the server; providers travel as compact rows with
their popup built on click from pieces escaped here.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coverage import figures
from coverage.data.schema import CRS, SERVICE_FLAGS
from coverage.data.taxonomy import provider_types
from coverage.errors import CoverageError, InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    import folium
    import geopandas as gpd
    import numpy.typing as npt

    from coverage.map_context import MapContext

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
LEGEND_ROOM_PX = 200
"""Room kept free on a map's right for the legends (at most 190 px wide, all on the right), so
that a legend never covers the land of the area the map is fitted to."""
"""South-west and north-east corners (lat, lon) used when a map has no geometry of its own."""

PALETTES: dict[str, tuple[str, ...]] = {
    # ColorBrewer 2.0 sequential schemes (Cynthia Brewer, Apache-2.0 licensed colour values).
    "YlGnBu": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "OrRd": ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
    "PuBu": ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"),
    "YlOrBr": ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
    # diverging, for shares where low is bad: red (low) to blue (high)
    "RdYlBu": ("#d73027", "#fc8d59", "#fee090", "#e0f3f8", "#91bfdb", "#4575b4"),
    # sequential, more is worse (distances, unserved demand)
    "YlOrRd": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
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
        "ctx_roads": "Päätiet",
        "ctx_borders": "Kuntarajat",
        "ctx_towns": "Taajamien nimet",
        "ctx_control": "Karttatasot",
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
        "ctx_roads": "Huvudvägar",
        "ctx_borders": "Kommungränser",
        "ctx_towns": "Tätorternas namn",
        "ctx_control": "Kartlager",
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
        "ctx_roads": "Main roads",
        "ctx_borders": "Municipal borders",
        "ctx_towns": "Town names",
        "ctx_control": "Map layers",
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


def _json_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _js(value: object) -> str:
    """Return `value` as a JSON literal safe inside a <script> element and a JS string.

    `<`, `>` and `&` become unicode escapes, so no text can close the script or start a tag; user
    strings are HTML-escaped before they get here as well.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _features_js(geometries: Sequence[str], properties: Sequence[dict[str, Any]]) -> str:
    """Return a GeoJSON FeatureCollection literal from geometry JSON strings and properties."""
    features = [
        '{"type":"Feature","properties":' + _js({k: _json_value(v) for k, v in props.items()})
        + ',"geometry":' + geom + "}"
        for geom, props in zip(geometries, properties, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def _geometries(gdf: gpd.GeoDataFrame) -> list[str]:
    """Return each geometry of an EPSG:4326 frame as a GeoJSON string."""
    import shapely  # noqa: PLC0415

    return [str(g) for g in shapely.to_geojson(np.asarray(gdf.geometry.values))]


@cache
def _transformer(source: str, target: str) -> object:
    """Return a pyproj Transformer (x, y order), one object per CRS pair.

    pyproj (>= 3.1) makes the PROJ object behind it once per thread, so this saves the CRS
    parsing, not the per-thread set-up.
    """
    from pyproj import Transformer  # noqa: PLC0415

    return Transformer.from_crs(source, target, always_xy=True)


@cache
def _template(source: str) -> object:
    from folium.template import Template  # noqa: PLC0415

    return Template(source)


@cache
def _element_class() -> type:
    """Return the class of this module's map elements (built once; folium loads lazily).

    branca's `MacroElement.render` wraps each rendered macro in `Element(text)`, which compiles
    that text as a new jinja template and renders it again. Our macros' output holds the
    layers' inlined data, user-supplied text included: a provider named "{{ 7*7 }}" would be
    evaluated on the server (template injection), and compiling a few hundred kB of JSON costs
    a tenth of a second per map. These elements add their output as plain text instead.
    """
    from branca.element import CssLink, Element, JavascriptLink  # noqa: PLC0415
    from folium.elements import JSCSSMixin  # noqa: PLC0415

    class Text(Element):
        """Finished text in a figure section: rendered as is, never as a template."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name = "CoverageText"
            self.text = text

        def render(self, **_kwargs: object) -> str:
            return self.text

    class CoverageElement(JSCSSMixin):
        """A layer or control of this module: its macros' output goes in as plain text."""

        def render(self, **kwargs: object) -> None:
            figure = self.get_root()
            for name, url in self.default_js:
                figure.header.add_child(JavascriptLink(url), name=name)
            for name, url in self.default_css:
                figure.header.add_child(CssLink(url), name=name)
            macros = self._template.module.__dict__
            for part in ("header", "html", "script"):
                macro = macros.get(part)
                if macro is not None:
                    getattr(figure, part).add_child(Text(str(macro(self, kwargs))),
                                                    name=self.get_name())
            for child in self._children.values():
                child.render(**kwargs)

    return CoverageElement


def _macro(
    script: str, *, js: Sequence[tuple[str, str]] = (), css: Sequence[tuple[str, str]] = (),
    **attrs: object,
) -> folium.MacroElement:
    """Return an element running `script` (a jinja macro body; `this` is the element).

    `js`/`css` name the files it needs as folium does ((name, url) pairs; `use_local_assets`
    points them at the app's copies). Attributes given are available to the script; inline
    data as a `_js` literal with `{{ this.data }}`.
    """
    element = _element_class()()
    element._name = "CoverageLayer"
    element._template = _template("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    element.default_js = list(js)
    element.default_css = list(css)
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
            + "color:#222;max-width:190px");
        div.innerHTML = {{ this.legend_html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    if (parent instanceof L.Map) { legend.addTo(parent); return; }
    // a layer's legend comes and goes with its layer group (a redrawn layer replaces it)
    if (parent._map) { legend.addTo(parent._map); }
    parent.on("add", function () { legend.addTo(parent._map); });
    parent.on("remove", function () { legend.remove(); });
})();
"""


def _legend(legend_html: str, *, position: str = "bottomright") -> folium.MacroElement:
    """Return a legend control; `legend_html` must already be escaped."""
    return _macro(_LEGEND_SCRIPT, legend_html=legend_html, position=position)


_BORDER_SCRIPT = """
L.geoJSON({{ this.data }}, {interactive: false, style: {color: {{ this.color|tojson }},
    weight: 0.7, fill: false}}).addTo({{ this._parent.get_name() }});
"""

_BASE_SCRIPT = """
{{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
(function (container) {
    // Leaflet focuses the map on mousedown (keyboard panning). In an iframe only partly on
    // screen the browser then scrolls the page to show it, between mousedown and mouseup, so
    // the click lands elsewhere and selects nothing (laptop screens): focus without scrolling.
    var focus = container.focus;
    container.focus = function () { focus.call(container, {preventScroll: true}); };
    // In the app's frame (whose height the page fits to the window), fill the frame, so the
    // view fitted next is fitted to what is on screen.
    if (window.frameElement && container.id === "map_div") {
        container.style.height = "100vh";
        {{ this._parent.get_name() }}.invalidateSize(false);
    }
})({{ this._parent.get_name() }}.getContainer());
L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
// gap, suggestion and new-site markers: above the provider clusters (maps.POINT_PANE)
{{ this._parent.get_name() }}.createPane({{ this.point_pane|tojson }}).style.zIndex = 640;
// above the coloured units and cell images (overlayPane, 400), below markers (600): context
// lines, gap outlines, town names (maps.CONTEXT_PANE, OUTLINE_PANE, TOWN_PANE)
{{ this._parent.get_name() }}.createPane({{ this.context_pane|tojson }}).style.zIndex = 405;
{{ this._parent.get_name() }}.createPane({{ this.outline_pane|tojson }}).style.zIndex = 410;
{{ this._parent.get_name() }}.createPane({{ this.town_pane|tojson }}).style.zIndex = 420;
(function () {  // no focus box around a clicked polygon
    var style = document.createElement("style");
    style.textContent = "path.leaflet-interactive:focus { outline: none; }"
        + " .coverage-cells { image-rendering: pixelated; }";
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
    legend_room_px: int = LEGEND_ROOM_PX,
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
    _macro(_BASE_SCRIPT, background=background, point_pane=POINT_PANE,
           context_pane=CONTEXT_PANE, outline_pane=OUTLINE_PANE, town_pane=TOWN_PANE).add_to(m)
    if borders is not None:
        shapes = _in_map_crs(borders)
        _macro(_BORDER_SCRIPT, data=_features_js(_geometries(shapes), [{}] * len(shapes)),
               color=border_color).add_to(m)
        if bounds is None:
            x0, y0, x1, y1 = shapes.total_bounds
            bounds = ((y0, x0), (y1, x1))
    # Room on the right for the legends (all of them are there), so they cover no land shown.
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


@lru_cache(maxsize=256)
def _builtin_bins(scheme: str, k: int, values: bytes) -> np.ndarray:
    """Return `_BINS[scheme]` of the float64 `values`, remembered.

    A map redrawn with the same column must not pay for the natural-breaks search again
    (0.1 s for 308 municipalities).
    """
    bins = _BINS[scheme](np.frombuffer(values, dtype=float), k)
    bins.setflags(write=False)
    return bins


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
        bins = _builtin_bins(scheme, k, y.tobytes()) if k > 1 else np.array([y.max()])
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



def legend_html(
    title: str, colors: Sequence[str], labels: Sequence[str], *, shape: str = "square",
) -> str:
    """Return a legend's HTML: `title`, then one colour swatch and label per class.

    Titles and labels are escaped here; colours must be CSS colour values of our own.
    """
    radius = "50%" if shape == "circle" else "0"
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:12px;margin-right:6px;'
        f"vertical-align:middle;border:1px solid #999;border-radius:{radius};"
        f'background:{color}"></span>{_esc(label)}</div>'
        for color, label in zip(colors, labels, strict=True))
    return f"<div style='font-weight:600;margin-bottom:3px'>{_esc(title)}</div>{rows}"


def class_labels(
    bins: Sequence[float], value_format: Callable[[float], str], *, lower: float,
    counts: Sequence[int] | None = None,
) -> list[str]:
    """Return "low \u2013 high (count)" for each class with upper limits `bins`."""
    labels = []
    for i, upper in enumerate(bins):
        low = lower if i == 0 else bins[i - 1]
        text = f"{value_format(low)} {EN_DASH} {value_format(upper)}"
        labels.append(f"{text} ({counts[i]})" if counts is not None else text)
    return labels


def class_colors(palette: str, n: int) -> tuple[str, ...]:
    """Return `n` colours of `palette`, spread over it (interpolated when it has fewer)."""
    colors = PALETTES.get(palette, PALETTES["YlGnBu"])
    n = max(int(n), 1)
    if n <= len(colors):
        return tuple(colors[round(i)] for i in np.linspace(0, len(colors) - 1, n))
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colors], dtype=float)
    at = np.linspace(0, len(colors) - 1, n)
    mixed = np.column_stack([np.interp(at, np.arange(len(colors)), rgb[:, j]) for j in range(3)])
    return tuple("#{:02x}{:02x}{:02x}".format(*np.round(row).astype(int)) for row in mixed)


def classify_fixed(values: pd.Series, bins: Sequence[float]) -> np.ndarray:
    """Return the class of each value for fixed upper limits `bins` (-1 where missing).

    A value goes to the first class whose upper limit it does not exceed (as `classify`);
    values above the last limit go to the last class.
    """
    numeric = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    valid = np.isfinite(numeric)
    classes = np.full(len(numeric), -1, dtype=int)
    edges = np.asarray(bins, dtype=float)
    classes[valid] = np.minimum(np.searchsorted(edges, numeric[valid], side="left"),
                                len(edges) - 1)
    return classes


_CHOROPLETH_SCRIPT = """
(function () {
    var colors = {{ this.colors }};
    var layer = L.geoJSON({{ this.data }}, {
        style: function (f) {
            var c = f.properties.cls;
            return {fillColor: c >= 0 ? colors[c] : {{ this.no_data|tojson }},
                    fillOpacity: {{ this.opacity }}, color: "#ffffff", weight: 0.6, opacity: 1};
        },
        onEachFeature: function (f, l) {
            l.bindTooltip(f.properties.tooltip, {sticky: true});
            l.on("mouseover", function () {
                l.setStyle({weight: 2.5, color: "#222222", fillOpacity: 0.95}); });
            l.on("mouseout", function () { layer.resetStyle(l); });
        }
    });
    layer.addTo({{ this._parent.get_name() }});
})();
"""


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
    bins: Sequence[float] | None = None,
    bins_lower: float | None = None,
    palette: str = "YlGnBu",
    name: str | None = None,
    no_data_label: str = "no data",
    legend_position: str | None = "topright",
    unit: str = "",
    opacity: float = 0.85,
    extra_tooltip: Sequence[str] | None = None,
) -> folium.FeatureGroup:
    """
    Return a layer of `units_gdf` coloured by `value_column` in `k` classes, with a legend.

    Classes come from `classify` (`scheme`, `k`), or from fixed upper limits `bins` (use them
    to keep one scale across maps or settings; `bins_lower` is then the scale's lower end, e.g.
    0 for shares, else the smallest value). The legend lists each class's limits through
    `value_format` (give one that formats numbers for the user's language) under
    `legend_title`, which should name the unit ("65+ share (%)"); `legend_position` None
    leaves it out. Hovering shows the label and the value with `unit` ("31,7 %"), then any
    `extra_tooltip` line (already escaped HTML, one per feature); clicking reports the
    feature's properties (`id_column`, `label_column`, the value) to streamlit-folium as
    `last_active_drawing`. Every label is HTML-escaped.

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
    values = pd.to_numeric(shapes[value_column], errors="coerce").astype(float)
    if bins is None:
        classes, bins = classify(values, scheme=scheme, k=k)
    else:
        bins = [float(b) for b in bins]
        classes = classify_fixed(values, bins)
    colors = class_colors(palette, len(bins))
    shown = [f"{value_format(v)}\u00a0{unit}".strip() if pd.notna(v) else no_data_label
             for v in values]
    extra = list(extra_tooltip) if extra_tooltip is not None else [""] * len(shapes)
    tooltips = [f"<b>{_esc(lbl)}</b><br>{_esc(v)}" + (f"<br>{x}" if x else "")
                for lbl, v, x in zip(shapes[label_column], shown, extra, strict=True)]
    properties = [
        {id_column: str(code), label_column: str(label), value_column: value, "cls": int(c),
         "tooltip": tip}
        for code, label, value, c, tip in zip(shapes[id_column], shapes[label_column],
                                              values.tolist(), classes, tooltips, strict=True)
    ]
    layer = folium.FeatureGroup(name=name or legend_title)
    _macro(_CHOROPLETH_SCRIPT, data=_features_js(_geometries(shapes), properties),
           colors=_js(list(colors)), no_data=NO_DATA_COLOR, opacity=float(opacity),
           ).add_to(layer)
    if legend_position:
        finite = values[np.isfinite(values)]
        lower = float(finite.min()) if len(finite) else float("nan")
        counts = [int((classes == i).sum()) for i in range(len(bins))]
        if bins_lower is not None:
            lower = min(bins_lower, lower)
        labels = class_labels(bins, value_format, lower=min(lower, bins[0]), counts=counts)
        legend_colors = list(colors)
        if (classes < 0).any():
            labels.append(f"{no_data_label} ({int((classes < 0).sum())})")
            legend_colors.append(NO_DATA_COLOR)
        _legend(legend_html(legend_title, legend_colors, labels),
                position=legend_position).add_to(layer)
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




def provider_points(providers: pd.DataFrame) -> pd.DataFrame:
    """Return `providers` with `lat`/`lon` (EPSG:4326) from their EPSG:3067 `x`/`y`."""
    out = providers.copy()
    # one cached transformer: making one parses both CRSs (20-30 ms on every map)
    lon, lat = _transformer(CRS, MAP_CRS).transform(out["x"].to_numpy(float),
                                                    out["y"].to_numpy(float))
    out["lat"] = np.round(lat, COORD_DECIMALS)
    out["lon"] = np.round(lon, COORD_DECIMALS)
    return out




def _elements(root: object) -> Iterator[object]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)




_MARKERS_SCRIPT = """
(function () {
    var d = {{ this.data }};
    var icons = d.types.map(function (t) {
        return L.divIcon({className: "provider-marker",
            html: '<span style="display:block;width:12px;height:12px;border-radius:50%;'
                + 'border:2px solid #fff;box-shadow:0 0 2px rgba(0,0,0,0.7);background:'
                + t[1] + '"></span>',
            iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -6]});
    });
    function popup(r) {  // every piece was HTML-escaped on the server
        var parts = ["<b>" + r[4] + "</b>", "<i>" + d.types[r[2]][0] + "</i>"];
        if (r[6] >= 0) { parts.push(d.services[r[6]]); }
        if (r[5]) { parts.push(d.words.address + ": " + r[5]); }
        if (r[9]) { parts.push('<a href="' + r[9] + '" target="_blank" rel="noopener noreferrer">'
                               + d.words.homepage + "</a>"); }
        if (r[8]) { parts.push("<span style='color:#a04000'>" + d.words.approximate + "</span>"); }
        parts.push("<small>" + d.words.source + ": " + d.sources[r[7]] + "</small>");
        return "<div class='provider-popup' style='font-size:12px;line-height:1.4'>"
            + parts.join("<br>") + "</div>";
    }
    var group = {{ this.cluster }} ? L.markerClusterGroup({showCoverageOnHover: false,
        maxClusterRadius: 45, disableClusteringAtZoom: 11, chunkedLoading: true,
        iconCreateFunction: function (c) {
            // a ring showing the provider types (the legend's colours) around a dark count
            var n = c.getChildCount(), size = n < 10 ? 26 : (n < 100 ? 32 : 38);
            var counts = {}, stops = [], at = 0;
            c.getAllChildMarkers().forEach(function (m) {
                counts[m.options.ptype] = (counts[m.options.ptype] || 0) + 1; });
            Object.keys(counts).sort().forEach(function (k) {
                var to = at + 100 * counts[k] / n;
                stops.push(d.types[k][1] + " " + at.toFixed(1) + "% " + to.toFixed(1) + "%");
                at = to;
            });
            var inner = size - 10;
            return L.divIcon({className: "marker-cluster coverage-cluster",
                html: "<div style='width:" + size + "px;height:" + size + "px;margin:0;"
                    + "border-radius:50%;display:flex;align-items:center;justify-content:center;"
                    + "background:conic-gradient(" + stops.join(",") + ");"
                    + "box-shadow:0 0 0 2px rgba(255,255,255,0.85)'><div style='width:" + inner
                    + "px;height:" + inner + "px;line-height:" + inner + "px;border-radius:50%;"
                    + "background:rgba(29,39,51,0.85);color:#fff;font:600 11px sans-serif;"
                    + "text-align:center'>" + n + "</div></div>",
                iconSize: L.point(size, size)});
        }})
        : L.featureGroup();
    var markers = d.rows.map(function (r) {
        // title is a DOM property (plain text): the raw name, never parsed as HTML
        var m = L.marker([r[0], r[1]], {icon: icons[r[2]], title: r[3], ptype: r[2]});
        m.bindPopup(function () { return popup(r); }, {maxWidth: 320});
        return m;
    });
    if (group.addLayers) { group.addLayers(markers); }
    else { markers.forEach(function (m) { group.addLayer(m); }); }
    group.addTo({{ this._parent.get_name() }});
})();
"""

_CLUSTER_JS = (("markerclusterjs",
                "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
                "leaflet.markercluster.js"),)
_CLUSTER_CSS = (
    ("markerclustercss",
     "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"),
    ("markerclusterdefaultcss",
     "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
     "MarkerCluster.Default.css"),
)
"""folium's own names and links for Leaflet.markercluster; `use_local_assets` serves them."""


def provider_marker_data(providers: pd.DataFrame, lang: str = "fi") -> dict[str, Any]:
    """
    Return the providers as compact rows for the browser, every shown string escaped.

    Row: lat, lon, type index, title (raw name, for the marker's title property), name,
    address, services index (-1 none), source index, approximate (0/1), homepage (http(s)
    only). Repeated texts (types, service lists, "source, date") are listed once. The popup
    shows the same content as `provider_popup_html`.
    """
    lang = _lang(lang)
    words = POPUP_TEXT[lang]
    types = provider_types()
    points = providers if {"lat", "lon"} <= set(providers.columns) else provider_points(providers)
    points = points[points["lat"].notna() & points["lon"].notna()]
    n = len(points)

    def column(name: str) -> list[object]:
        return points[name].tolist() if name in points else [None] * n

    type_row: dict[str, int] = {}
    service_row: dict[str, int] = {}
    source_row: dict[str, int] = {}
    flags = np.column_stack([[_flag(v) for v in column(f)] for f in SERVICE_FLAGS]) if n else []
    rows = []
    for i, (lat, lon, ptype, name, address, source, date, approx, homepage) in enumerate(zip(
            points["lat"].tolist(), points["lon"].tolist(), column("provider_type"),
            column("name"), column("address"), column("source"), column("reference_date"),
            column("location_approximate"), column("homepage"), strict=True)):
        t = type_row.setdefault(str(ptype), len(type_row))
        services = [words[f] for f, on in zip(SERVICE_FLAGS, flags[i], strict=True) if on]
        s = (service_row.setdefault(f"{_esc(words['services'])}: {_esc(', '.join(services))}",
                                    len(service_row)) if services else -1)
        src = source_row.setdefault(f"{_esc(source)}, {_esc(date)}", len(source_row))
        link = str(homepage or "").strip() if isinstance(homepage, str) else ""
        rows.append([
            float(lat), float(lon), t, "" if name is None else str(name), _esc(name),
            _esc(address) if isinstance(address, str) and address else "", s, src,
            int(_flag(approx)),
            _esc(link) if link.lower().startswith(("https://", "http://")) else "",
        ])
    return {
        "rows": rows,
        "types": [[_esc(types[k].label(lang) if k in types else k),
                   PROVIDER_COLORS.get(k, "#777777")] for k in type_row],
        "services": list(service_row),
        "sources": list(source_row),
        "words": {k: _esc(words[k]) for k in ("address", "homepage", "approximate", "source")},
    }


def provider_markers(
    providers: pd.DataFrame, lang: str = "fi", *, name: str | None = None,
    legend_position: str | None = "bottomright", cluster: bool = True,
    data: dict[str, Any] | None = None,
) -> folium.FeatureGroup:
    """
    Return the providers as clustered markers (one colour per type) with popups and a legend.

    `providers` has EPSG:3067 `x`/`y` (or `lat`/`lon` already). The browser builds the markers
    from compact rows (`provider_marker_data`, ~0.1 MB for a thousand providers) and each
    popup when it is opened. Every string from the data is HTML-escaped; the marker's title
    is set as plain text. `data` may be given precomputed (`provider_marker_data(providers,
    lang)`, e.g. cached).
    """
    import folium  # noqa: PLC0415

    lang = _lang(lang)
    if data is None:
        data = provider_marker_data(providers, lang)
    label = name or POPUP_TEXT[lang]["providers_legend"]
    layer = folium.FeatureGroup(name=label)
    setattr(layer, KEEP_IN_FRAME, True)  # the same for every threshold: clustered once
    _macro(_MARKERS_SCRIPT, js=_CLUSTER_JS if cluster else (),
           css=_CLUSTER_CSS if cluster else (), data=_js(data),
           cluster="true" if cluster else "false").add_to(layer)
    if legend_position and data["rows"]:
        colors = [t[1] for t in data["types"]]
        labels = [html.unescape(t[0]) for t in data["types"]]  # legend_html escapes again
        _legend(legend_html(label, colors, labels, shape="circle"),
                position=legend_position).add_to(layer)
    return layer


# --- demand cells as one image ------------------------------------------------------------------


@dataclass(frozen=True)
class GridWarp:
    """Which demand cell each pixel of a Web-Mercator image of Finland shows.

    `cell[i, j]` is the row (in the cell arrays the warp was made for) of the 1 km cell under
    pixel (i, j), -1 where there is none; row 0 is the northern edge. `bounds` are the image's
    (south, west), (north, east) corners in degrees: a Leaflet image overlay stretches the
    image linearly in Web Mercator between them, which is how the pixels were laid out.
    """

    cell: np.ndarray
    bounds: tuple[tuple[float, float], tuple[float, float]]


def grid_warp(
    grid_col: npt.ArrayLike, grid_row: npt.ArrayLike, *,
    bounds: tuple[tuple[float, float], tuple[float, float]] = FINLAND_BOUNDS,
    width_px: int = 900,
) -> GridWarp:
    """
    Return the pixel → cell lookup for images of 1 km grid cells (EPSG:3035 grid indices).

    Computed once per set of cells (the app caches it): each pixel centre is taken from Web
    Mercator to EPSG:3035 and looked up in the grid. 900 px across Finland is 0.5-0.8 km per
    pixel, finer than the cells.
    """
    (south, west), (north, east) = bounds
    y0, y1 = (float(np.log(np.tan(np.pi / 4 + np.radians(v) / 2))) for v in (south, north))
    x0, x1 = np.radians(west), np.radians(east)
    # a multiple of 6, so pooled images cover exactly the same bounds (pixels need not be square)
    height = 6 * round(width_px * (y1 - y0) / (x1 - x0) / 6)
    lon = np.degrees(x0 + (np.arange(width_px) + 0.5) * (x1 - x0) / width_px)
    lat = np.degrees(np.arctan(np.sinh(y1 - (np.arange(height) + 0.5) * (y1 - y0) / height)))
    lon_grid, lat_grid = np.meshgrid(lon, lat)
    gx, gy = _transformer("EPSG:4326", figures.GRID_CRS).transform(
        lon_grid.ravel(), lat_grid.ravel())
    col = np.floor(np.asarray(gx) / figures.GRID_CELL_M).astype(np.int64)
    row = np.floor(np.asarray(gy) / figures.GRID_CELL_M).astype(np.int64)
    cols = np.asarray(grid_col, dtype=np.int64)
    rows = np.asarray(grid_row, dtype=np.int64)
    cell = np.full(col.shape, -1, dtype=np.int32)
    if len(cols):
        c0, r0 = cols.min(), rows.min()
        table = np.full((rows.max() - r0 + 1, cols.max() - c0 + 1), -1, dtype=np.int32)
        table[rows - r0, cols - c0] = np.arange(len(cols), dtype=np.int32)
        inside = (col >= c0) & (col <= cols.max()) & (row >= r0) & (row <= rows.max())
        cell[inside] = table[row[inside] - r0, col[inside] - c0]
    return GridWarp(cell.reshape(height, width_px), bounds)


def cells_png(
    warp: GridWarp, classes: npt.ArrayLike, colors: Sequence[str], *, pool: int = 1,
) -> bytes:
    """
    Return a PNG of the cells: class c (0..) in `colors[c]`, class -1 transparent.

    `classes` has one entry per cell of the warp's cell arrays. Colours are "#rrggbb". With
    `pool` > 1 each block of pool x pool pixels shows its highest class, so single cells stay
    visible in an image made for a small (national) zoom.
    """
    from PIL import Image  # noqa: PLC0415

    cls = np.asarray(classes, dtype=np.int64)
    shown = np.where(warp.cell >= 0, cls[np.maximum(warp.cell, 0)] if len(cls) else -1, -1)
    if pool > 1:
        h, w = (shown.shape[0] // pool) * pool, (shown.shape[1] // pool) * pool
        shown = shown[:h, :w].reshape(h // pool, pool, w // pool, pool).max(axis=(1, 3))
    index = (np.clip(shown, -1, len(colors) - 1) + 1).astype(np.uint8)
    image = Image.frombytes("P", (index.shape[1], index.shape[0]), index.tobytes())
    palette = [0, 0, 0]
    for color in colors:
        palette += [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    image.putpalette(palette)
    buffer = io.BytesIO()
    # level 3: half the encoding time of level 6 for a sixth more bytes (measured on the
    # national gap image: 25 vs 57 ms, 69 vs 59 kB); the image is made on every redraw
    image.save(buffer, format="PNG", transparency=0, compress_level=3)
    return buffer.getvalue()


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


_OVERLAY_SCRIPT = """
(function () {
    var parent = {{ this._parent.get_name() }};
    var bounds = {{ this.bounds|tojson }}, options = {opacity: {{ this.opacity }},
        interactive: false, className: "coverage-cells"};
    var fine = L.imageOverlay({{ this.fine|tojson }}, bounds, options);
    var coarse = L.imageOverlay({{ this.coarse|tojson }}, bounds, options);
    function start(map) {
        function pick() {  // coarse image (cells pooled) on national zooms, fine one closer in
            var near = map.getZoom() >= {{ this.switch_zoom }};
            parent.removeLayer(near ? coarse : fine);
            parent.addLayer(near ? fine : coarse);
        }
        pick();
        map.on("zoomend", pick);
        if (!(parent instanceof L.Map)) {
            parent.once("remove", function () { map.off("zoomend", pick); });
        }
    }
    // a layer group is put on the map after its children's scripts have run
    if (parent instanceof L.Map) { start(parent); }
    else if (parent._map) { start(parent._map); }
    else { parent.once("add", function () { start(parent._map); }); }
})();
"""
COARSE_POOL = 3
"""Pixels pooled per side in the national-zoom cell image (900 px → 300 px across Finland)."""
FINE_FROM_ZOOM = 6.5
"""Zoom from which the full-resolution cell image is shown."""


def cell_overlay(
    warp: GridWarp, classes: npt.ArrayLike, colors: Sequence[str], *,
    opacity: float = 0.85, legend_title: str | None = None,
    legend_labels: Sequence[str] | None = None, legend_position: str = "bottomright",
    name: str = "cells",
) -> folium.FeatureGroup:
    """
    Return demand cells drawn as images (classes as in `cells_png`), with an optional legend.

    The whole country is two small PNGs (tens of kB) inlined as data: URLs: no request, no
    polygons, however many cells there are. A pooled image is shown on national zooms (one
    pixel of it covers about 2 km, so a single uncovered cell stays visible), the full one
    (about 0.7 km a pixel) from zoom `FINE_FROM_ZOOM`.
    """
    import folium  # noqa: PLC0415

    layer = folium.FeatureGroup(name=name)
    (south, west), (north, east) = warp.bounds
    _macro(_OVERLAY_SCRIPT, fine=_data_url(cells_png(warp, classes, colors)),
           coarse=_data_url(cells_png(warp, classes, colors, pool=COARSE_POOL)),
           bounds=[[south, west], [north, east]], opacity=float(opacity),
           switch_zoom=float(FINE_FROM_ZOOM)).add_to(layer)
    if legend_title and legend_labels:
        _legend(legend_html(legend_title, list(colors), list(legend_labels)),
                position=legend_position).add_to(layer)
    return layer


# --- points with labels and reach circles -------------------------------------------------------

POINT_PANE = "coveragePoints"
"""Leaflet pane of gap, suggestion and new-site markers: above provider clusters (markerPane,
z-index 600), below tooltips (650)."""

_POINTS_SCRIPT = """
(function () {
    var d = {{ this.data }};
    var group = L.featureGroup();
    var pane = {{ this.pane|tojson }};  // made by base_map's script
    var badges = [];
    function badge(text, dx, dy) {
        // a numbered disc, drawn (dx, dy) px off its point with a leader line back to it
        var html = '';
        if (dx || dy) {
            html += '<svg width="24" height="24" style="position:absolute;left:0;top:0;'
                + 'overflow:visible;pointer-events:none"><line x1="12" y1="12" x2="'
                + (12 - dx) + '" y2="' + (12 - dy) + '" stroke="#1d2733" stroke-width="1.5"/>'
                + '<circle cx="' + (12 - dx) + '" cy="' + (12 - dy) + '" r="3" fill="'
                + d.color + '" stroke="#fff" stroke-width="1"/></svg>';
        }
        html += '<span style="position:absolute;left:0;top:0;display:flex;align-items:center;'
            + 'justify-content:center;width:20px;height:20px;border-radius:50%;'
            + 'border:2px solid #fff;box-shadow:0 0 3px rgba(0,0,0,0.7);'
            + 'font:bold 11px sans-serif;color:#fff;background:' + d.color + '">' + text
            + '</span>';
        return L.divIcon({className: "coverage-point", html: html, iconSize: [24, 24],
                          iconAnchor: [12 - dx, 12 - dy]});
    }
    d.rows.forEach(function (r) {
        if (d.radius > 0) {
            L.circle([r[0], r[1]], {radius: d.radius, interactive: false, color: d.color,
                weight: 1.2, dashArray: "4 3", fillColor: d.color, fillOpacity: 0.08})
                .addTo(group);
        }
        var m;
        if (r[3]) {
            m = L.marker([r[0], r[1]], {pane: pane, icon: badge(r[3], 0, 0), label: r[3]});
            badges.push(m);
        } else {
            m = L.circleMarker([r[0], r[1]], {pane: pane, radius: d.size, color: "#ffffff",
                weight: 1, fillColor: d.color, fillOpacity: 0.95});
        }
        m.bindTooltip(r[2]);
        m.addTo(group);
    });
    var OFFSETS = [[0, 0]];  // where a badge may go, nearest first: rings of 8 around its point
    for (var ring = 1; ring <= 4; ring++) {
        for (var k = 0; k < 8; k++) {
            var a = (k * 45 + (ring % 2 ? 0 : 22.5) - 90) * Math.PI / 180;
            OFFSETS.push([Math.round(Math.cos(a) * 24 * ring),
                          Math.round(Math.sin(a) * 24 * ring)]);
        }
    }
    function declutter() {
        // in rank order, each badge takes the nearest free place: numbers never hide each other
        var map = group._map;
        if (!map) { return; }
        var placed = [];
        badges.forEach(function (m) {
            var p = map.latLngToLayerPoint(m.getLatLng()), best = OFFSETS[OFFSETS.length - 1];
            for (var i = 0; i < OFFSETS.length; i++) {
                var x = p.x + OFFSETS[i][0], y = p.y + OFFSETS[i][1];
                if (placed.every(function (q) { return Math.abs(x - q[0]) >= 23
                                                       || Math.abs(y - q[1]) >= 23; })) {
                    best = OFFSETS[i];
                    break;
                }
            }
            placed.push([p.x + best[0], p.y + best[1]]);
            m.setIcon(badge(m.options.label, best[0], best[1]));
        });
    }
    if (badges.length > 1) {
        group.on("add", function () {
            var map = group._map;
            declutter();
            map.on("zoomend", declutter);
            group.once("remove", function () { map.off("zoomend", declutter); });
        });
    }
    group.addTo({{ this._parent.get_name() }});
})();
"""


def point_layer(  # noqa: PLR0913
    points: pd.DataFrame, tooltips: Sequence[str], *, labels: Sequence[str] | None = None,
    color: str = "#c0392b", radius_m: float = 0.0, name: str = "points",
    legend_title: str | None = None, legend_position: str = "bottomright", size_px: float = 6.0,
) -> folium.FeatureGroup:
    """
    Return points (EPSG:3067 `x`/`y`) with a tooltip each, optionally numbered and ringed.

    `tooltips` are plain text (escaped here; a newline becomes a line break). `labels` (e.g.
    "1", "2") are drawn on the marker; `radius_m` > 0 draws a circle of that radius in metres
    around each point (a site's reach). Unlabelled points are dots of radius `size_px`.
    """
    import folium  # noqa: PLC0415

    pts = provider_points(points[["x", "y"]]) if len(points) else points.assign(lat=[], lon=[])
    marks = list(labels) if labels is not None else [""] * len(pts)
    rows = [[float(lat), float(lon), _esc(tip).replace("\n", "<br>"), _esc(mark)]
            for lat, lon, tip, mark in zip(pts["lat"], pts["lon"], tooltips, marks, strict=True)]
    layer = folium.FeatureGroup(name=name)
    _macro(_POINTS_SCRIPT, data=_js({"rows": rows, "color": color, "radius": float(radius_m),
                                     "size": float(size_px)}), pane=POINT_PANE).add_to(layer)
    if legend_title:
        _legend(legend_html(legend_title, [color], [name], shape="circle"),
                position=legend_position).add_to(layer)
    return layer


_MAP_EXTRAS = frozenset({"jquery", "bootstrap", "bootstrap_css", "awesome_markers",
                         "awesome_markers_css", "awesome_markers_font_css", "glyphicons_css",
                         "awesome_rotate_css"})
"""folium.Map's assets that only folium icons (awesome-markers, Bootstrap, Font Awesome) use."""


def use_local_assets(m: folium.Map, *, vendor_url: str = VENDOR_URL) -> folium.Map:
    """
    Point every JavaScript/CSS file the map needs at the app's own copies; return `m`.

    Call it once the map is complete. It walks every element and rewrites folium's CDN links
    (`default_js`/`default_css`) to `vendor_url`; links it does not know are refused, so a new
    plugin cannot quietly make the app depend on the internet. jQuery, Bootstrap and the
    awesome-markers/Font Awesome files that folium.Map lists are left out unless the map
    holds a `folium.Icon` (nothing else of ours uses them): ~1 MB less for the browser.

    Raises
    ------
    RemoteAssetError
        If an element needs a file that is not vendored, or is a branca colormap
        (streamlit-folium loads d3 from a CDN for those).
    """
    from branca.colormap import ColorMap  # noqa: PLC0415
    from folium import Icon  # noqa: PLC0415

    base = vendor_url.rstrip("/")
    elements = list(_elements(m))
    needs_extras = any(isinstance(e, Icon) for e in elements)
    for element in elements:
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
                    if _LOCAL_ASSETS[asset] and (needs_extras or asset not in _MAP_EXTRAS):
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


def municipality_map_frame(
    municipalities: gpd.GeoDataFrame, demand: pd.DataFrame, providers: pd.DataFrame,
    *, tolerance_m: float = SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return simplified municipality polygons (EPSG:4326) with `figures.municipality_figures`."""
    shapes = map_geometries(municipalities, tolerance_m=tolerance_m, columns=["kunta_code"])
    table = figures.municipality_figures(municipalities, demand, providers)
    return shapes.merge(table, on="kunta_code", how="left", validate="one_to_one")


def unit_map_frame(
    municipalities: gpd.GeoDataFrame, unit_of_kunta: Mapping[str, str], *,
    kunta_codes: Iterable[str] | None = None, tolerance_m: float = SIMPLIFY_M,
) -> gpd.GeoDataFrame:
    """Return the units' polygons for the browser (unit_code, geometry; EPSG:4326, simplified).

    Dissolved from the municipalities (`figures.unit_polygons`), then simplified as one
    coverage so neighbouring units keep one shared border.
    """
    units = figures.unit_polygons(municipalities, unit_of_kunta, kunta_codes=kunta_codes)
    return map_geometries(units, tolerance_m=tolerance_m, columns=["unit_code"])


# --- the user's area, gap outlines and context layers ---------------------------------------------


def area_bounds(municipalities: gpd.GeoDataFrame,
                kunta_codes: Iterable[str]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the (lat, lon) south-west and north-east corners of the municipalities given."""
    _require_crs(municipalities, "the municipalities")
    chosen = municipalities[municipalities["kunta_code"].isin(list(kunta_codes))]
    west, south, east, north = chosen.to_crs(MAP_CRS).total_bounds
    return ((float(south), float(west)), (float(north), float(east)))


_FADED_SCRIPT = """
L.geoJSON({{ this.data }}, {interactive: false, style: {color: "#ffffff", weight: 0.6,
    fillColor: {{ this.color|tojson }}, fillOpacity: {{ this.opacity }}}})
    .addTo({{ this._parent.get_name() }});
"""

FADED_COLOR = "#c9ced6"
"""Fill of the land outside the user's area: grey, so the area's colours stand out."""


def faded_layer(shapes: gpd.GeoDataFrame, *, color: str = FADED_COLOR,
                opacity: float = 0.55) -> folium.MacroElement:
    """Return polygons drawn flat and grey, not clickable (the surroundings of the user's area)."""
    shapes = _in_map_crs(shapes)
    return _macro(_FADED_SCRIPT, data=_features_js(_geometries(shapes), [{}] * len(shapes)),
                  color=color, opacity=float(opacity))


def gap_outline_frame(polygons: gpd.GeoDataFrame, *, tolerance_m: float = 250.0,
                      ) -> gpd.GeoDataFrame:
    """Return gap-area polygons (`figures.gap_polygons`) simplified for the browser.

    Reprojected with one cached transformer (geopandas' `to_crs` parses both CRSs on every
    call: a third of this function's time on each redraw).
    """
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    _require_crs(polygons, "the gap areas")
    if polygons.empty:
        return polygons.to_crs(MAP_CRS)
    to_map = _transformer(polygons.crs.to_string(), MAP_CRS)

    def moved(coords: np.ndarray) -> np.ndarray:
        lon, lat = to_map.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), COORD_DECIMALS)

    simple = shapely.simplify(np.asarray(polygons.geometry.values), tolerance_m)
    return gpd.GeoDataFrame(polygons.drop(columns=polygons.geometry.name),
                            geometry=shapely.transform(simple, moved), crs=MAP_CRS)


_OUTLINE_SCRIPT = """
(function () {
    var data = {{ this.data }}, pane = {{ this.pane|tojson }};
    // a white casing under the coloured line: the outline shows on any colour and stays visible
    // when the area is a few pixels across on a whole-region map
    L.geoJSON(data, {pane: pane, interactive: false, style: {color: "#ffffff", weight: 5,
        opacity: 0.9, fill: false}}).addTo({{ this._parent.get_name() }});
    L.geoJSON(data, {
        pane: pane,
        style: {color: {{ this.color|tojson }}, weight: 2.5, fillColor: {{ this.color|tojson }},
                fillOpacity: 0.3},
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.tooltip, {sticky: true}); }
    }).addTo({{ this._parent.get_name() }});
})();
"""
OUTLINE_PANE = "coverageOutlines"
"""Leaflet pane of the gap outlines: above the context lines, below town names and markers."""


def outline_layer(shapes: gpd.GeoDataFrame, tooltips: Sequence[str], *, color: str,
                  name: str = "outlines") -> folium.FeatureGroup:
    """Return polygons drawn as cased outlines with a light fill and a plain-text tooltip each."""
    import folium  # noqa: PLC0415

    layer = folium.FeatureGroup(name=name)
    shapes = _in_map_crs(shapes)
    props = [{"tooltip": _esc(tip).replace("\n", "<br>")} for tip in tooltips]
    _macro(_OUTLINE_SCRIPT, data=_features_js(_geometries(shapes), props),
           color=color, pane=OUTLINE_PANE).add_to(layer)
    return layer


# --- context: main roads, municipal borders, town names -------------------------------------------

CONTEXT_PANE = "coverageContext"
"""Leaflet pane of the main roads and municipal borders (made by base_map's script)."""
TOWN_PANE = "coverageTowns"
"""Leaflet pane of the town names."""
CONTEXT_LAYERS: tuple[str, ...] = ("roads", "borders", "towns")
"""The context layers, in the order the layer control lists them."""
CONTEXT_SCALE = 10_000
"""Context lines travel as integers of 1/CONTEXT_SCALE degree (about 11 m north-south, 5 m
east-west in Finland), each vertex as the step from the one before: a third of the bytes of
GeoJSON coordinates, for lines simplified at 250-500 m."""

_CONTEXT_SCRIPT = """
(function () {
    var d = {{ this.data }}, map = {{ this._parent.get_name() }};
    var linePane = {{ this.line_pane|tojson }}, townPane = {{ this.town_pane|tojson }};
    function line(steps) {  // [lat0, lon0, dlat1, dlon1, ...] in 1/scale degrees
        var out = [], lat = 0, lon = 0;
        for (var i = 0; i < steps.length; i += 2) {
            lat += steps[i];
            lon += steps[i + 1];
            out.push([lat / d.scale, lon / d.scale]);
        }
        return out;
    }
    var layers = {roads: L.layerGroup(), borders: L.layerGroup(), towns: L.layerGroup()};
    d.borders.forEach(function (parts) {
        L.polyline(parts.map(line), {pane: linePane, interactive: false, color: "#3e4650",
            weight: 0.7, opacity: 0.75}).addTo(layers.borders);
    });
    d.roads.forEach(function (road) {  // [class (1 valtatie, 2 kantatie), parts]
        var main = road[0] === 1, lines = road[1].map(line);
        L.polyline(lines, {pane: linePane, interactive: false, color: "#ffffff",
            weight: main ? 3.6 : 2.6, opacity: 0.55}).addTo(layers.roads);
        L.polyline(lines, {pane: linePane, interactive: false, color: "#6b3d14",
            weight: main ? 1.7 : 1.1, opacity: 0.9}).addTo(layers.roads);
    });
    var style = document.createElement("style");
    style.textContent = ".coverage-town span { position: absolute;"
        + " transform: translate(-50%, -50%); white-space: nowrap; font: 11px/1.2 sans-serif;"
        + " color: #1f2933; pointer-events: none;"
        + " text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }"
        + " .coverage-town span.big { font-weight: 700; font-size: 12px; }";
    document.head.appendChild(style);
    // [lat, lon, name (escaped), first zoom, characters]; largest first
    var marks = d.towns.map(function (t) {
        return L.marker([t[0], t[1]], {pane: townPane, interactive: false, keyboard: false,
            icon: L.divIcon({className: "coverage-town", iconSize: null,
                html: '<span class="' + (t[3] <= d.big_zoom ? "big" : "") + '">' + t[2]
                    + "</span>"})});
    });
    function place() {
        // the names of this zoom, largest first, each only where it overlaps no name placed
        var zoom = map.getZoom(), placed = [];
        layers.towns.clearLayers();
        d.towns.forEach(function (t, i) {
            if (t[3] > zoom) { return; }
            var p = map.latLngToLayerPoint([t[0], t[1]]);
            var half = t[4] * (t[3] <= d.big_zoom ? 3.8 : 3.2) + 3;
            var box = [p.x - half, p.y - 9, p.x + half, p.y + 9];
            for (var j = 0; j < placed.length; j++) {
                var b = placed[j];
                if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { return; }
            }
            placed.push(box);
            layers.towns.addLayer(marks[i]);
        });
    }
    layers.towns.on("add", place);
    // again after any change of view or size (the first view may be set after this script)
    map.on("moveend resize", function () { if (map.hasLayer(layers.towns)) { place(); } });
    var overlays = {};
    d.order.forEach(function (key) {
        overlays[d.names[key]] = layers[key];
        if ({{ this.shown|tojson }}.indexOf(key) >= 0) { layers[key].addTo(map); }
    });
    var control = L.control.layers(null, overlays, {collapsed: true, position: "topright"});
    control.addTo(map);
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    toggle.title = d.names.control;
    toggle.setAttribute("aria-label", d.names.control);
    control.getContainer().classList.add("coverage-context-control");
})();
"""


def _step_lines(geometries: Iterable[object]) -> list[list[list[int]]]:
    """Return each EPSG:4326 (multi)line as parts of [lat0, lon0, dlat1, dlon1, ...] integers.

    Coordinates are rounded to 1/CONTEXT_SCALE degree first, so the steps add up exactly;
    vertices that round onto the one before are dropped.
    """
    import shapely  # noqa: PLC0415

    out = []
    for geometry in geometries:
        parts = []
        for part in shapely.get_parts(geometry):
            latlon = np.round(shapely.get_coordinates(part)[:, ::-1] * CONTEXT_SCALE)
            latlon = latlon.astype(np.int64)
            steps = np.diff(latlon, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
            keep = np.ones(len(steps), dtype=bool)
            keep[1:] = steps[1:].any(axis=1)
            if keep.sum() >= 2:  # noqa: PLR2004 - a line needs two points
                parts.append(steps[keep].ravel().tolist())
        out.append(parts)
    return out


def _to_map_crs(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Return the geometries of `gdf` in EPSG:4326 (one cached transformer, no rounding)."""
    import shapely  # noqa: PLC0415

    _require_crs(gdf, "the context layer")
    to_map = _transformer(gdf.crs.to_string(), MAP_CRS)

    def moved(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(to_map.transform(coords[:, 0], coords[:, 1]))

    return shapely.transform(np.asarray(gdf.geometry.values), moved)


def context_data(context: MapContext, lang: str = "fi") -> str:
    """Return the context layers (`coverage.map_context.MapContext`) as one JS literal.

    Main roads and municipal borders as stepped integer lines (`_step_lines`), town names in
    `lang` (Swedish names in Swedish, else Finnish; escaped) with the zoom they appear from.
    Build it once per dataset and language and keep it (the app caches it): the browser
    gets the same text on every map.
    """
    lang = _lang(lang)
    words = POPUP_TEXT[lang]
    towns = context.towns
    if len(towns):
        lon, lat = _transformer(CRS, MAP_CRS).transform(towns["x"].to_numpy(float),
                                                        towns["y"].to_numpy(float))
    else:
        lon = lat = np.array([])
    names = towns["name_sv" if lang == "sv" else "name_fi"].astype(str).tolist()
    big_zoom = float(towns["min_zoom"].min()) if len(towns) else 0.0
    data = {
        "scale": CONTEXT_SCALE,
        "roads": [[int(c), parts] for c, parts in zip(
            context.roads["road_class"], _step_lines(_to_map_crs(context.roads)), strict=True)],
        "borders": _step_lines(_to_map_crs(context.borders)),
        "towns": [[round(float(a), COORD_DECIMALS), round(float(o), COORD_DECIMALS), _esc(n),
                   float(z), len(n)]
                  for a, o, n, z in zip(lat, lon, names, towns["min_zoom"], strict=True)],
        "big_zoom": big_zoom,
        "names": {key: _esc(words[f"ctx_{key}"]) for key in (*CONTEXT_LAYERS, "control")},
        "order": list(CONTEXT_LAYERS),
    }
    return _js(data)


def context_layers(data: str, *, shown: Sequence[str] = CONTEXT_LAYERS) -> folium.MacroElement:
    """Return the context layers of `context_data`, each switched on and off in a layer control.

    `shown` are on at first. The lines are not clickable (a click goes to the unit under
    them) and lie above the coloured units, below gap outlines, names and markers; names are
    placed largest first where they overlap no other, from their zoom on. Add it to a map
    made by `base_map` (which makes the panes). Nothing is fetched.
    """
    unknown = set(shown) - set(CONTEXT_LAYERS)
    if unknown:
        msg = f"unknown context layer(s) {sorted(unknown)}; use {', '.join(CONTEXT_LAYERS)}"
        raise InputError(msg)
    element = _macro(_CONTEXT_SCRIPT, data=data, shown=list(shown), line_pane=CONTEXT_PANE,
                     town_pane=TOWN_PANE)
    element._name = "CoverageContext"
    return element


KEEP_IN_FRAME = "coverage_keep_in_frame"
"""Attribute of a layer group that `dynamic_layers` leaves on the map: one that changes with
few settings and is costly to redraw (the clustered providers: 0.1-0.2 s in the browser)."""


def dynamic_layers(m: folium.Map) -> list[folium.FeatureGroup]:
    """Detach and return the map's layer groups: what changes when a setting changes.

    What stays on `m` (the view, background, borders, faded surroundings, context layers and
    their control, groups marked `KEEP_IN_FRAME`, layers added before the first group) is
    the same from one threshold or theme to the next, so streamlit-folium keeps the drawn map
    and its state (the user's zoom, the layers switched off) and only swaps the groups
    (`st_folium(feature_group_to_add=...)`); before, every change loaded a new map frame and
    Leaflet with it.
    """
    import folium  # noqa: PLC0415
    from folium.map import Layer  # noqa: PLC0415

    groups, moved = [], []
    for name, child in list(m._children.items()):
        if not isinstance(child, Layer) or getattr(child, KEEP_IN_FRAME, False):
            continue
        if isinstance(child, folium.FeatureGroup):
            groups.append(child)
        elif groups:  # a layer drawn above a swapped group (an outline) goes with the groups
            group = folium.FeatureGroup(name=child.layer_name)
            group.add_child(child)
            groups.append(group)
        else:
            continue
        moved.append(name)
    for name in moved:
        del m._children[name]
    if groups:  # the frame loads its scripts once: a group added later may need the clusters
        _macro("", js=_CLUSTER_JS, css=_CLUSTER_CSS).add_to(m)
    return groups
