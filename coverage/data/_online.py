"""Refresh the source layers from the official online services (`sync --online`).

`fetch_official_sources` downloads what the official services publish and writes it into a staging
directory laid out exactly like the offline mirror (`../shared/data`), in the same file formats,
so the ordinary builder reads the staging directory as it reads the mirror:

* `regions/kunta_vaki2024_statfi.geojson`: Statistics Finland WFS `vaestoalue:kunta_vaki2024`
  (the reply kept byte for byte when it comes in one page);
* `regions/municipality_key_2025_statfi.csv`, `regions/municipality_key_2026_statfi.csv`:
  Statistics Finland classification API, `kunta_1_<year>0101` and its correspondence tables;
* `population/grid/fi_census2021_grid1km.csv`: Statistics Finland WFS `vaestoruutu:vaki2021_1km`;
* `population/paavo_postal_agestructure_2024.csv`, `population/paavo_postal_population_2024.gpkg`:
  Statistics Finland WFS `postialue:pno_tilasto_2024` (Paavo);
* `providers/libraries_kirkanta_municipal_<today>.csv`: Kirjastot.fi Kirkanta API v4.

Layers without an official online service (register offices 2018, administrative-centre points,
urban settlements, SeniorSurf, police desks) are copied from `fallback_source`. See
`docs/online-sources.md` for the queries, field mappings and licences.

Every download has a timeout, retries with exponential backoff (connection errors, timeouts, HTTP
5xx and 429; no other 4xx), a tqdm progress bar on stderr and an optional on-disk cache keyed by
the SHA-256 of the URL. Each reply is validated before it is cached or written; anything wrong
raises `SourceError` naming the URL. Files are written atomically (temporary file, `os.replace`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests
from tqdm import tqdm

from coverage.errors import SourceError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import TypeAlias

    from coverage.data.sources import SourceSpec

    Params: TypeAlias = Mapping[str, object] | Sequence[tuple[str, object]] | None

log = logging.getLogger(__name__)

Json = Any  # a parsed JSON document

# --------------------------------------------------------------------------------------------
# What is fetched
# --------------------------------------------------------------------------------------------

MUNICIPALITY_LAYER = "vaestoalue:kunta_vaki2024"
GRID_LAYER = "vaestoruutu:vaki2021_1km"
PAAVO_LAYER = "postialue:pno_tilasto_2024"
EXPECTED_MUNICIPALITIES = 308
"""Municipalities in the division of 1.1.2025 (and of 1.1.2026)."""

WFS_PAGE_SIZE = 10_000
"""Features per WFS GetFeature request (`count`); further pages use `startIndex`."""

KIRKANTA_PAGE_SIZE = 1000
DEFAULT_CACHE_MAX_AGE_S = 24 * 3600.0

KEY_DIVISIONS: dict[int, tuple[str, ...]] = {
    2025: ("maakunta", "avi", "ely", "hyvinvointialue", "seutukunta", "kielisuhde"),
    2026: ("maakunta", "hyvinvointialue", "evk"),
}
"""Per key year, the targets of the tables `kunta_1_<year>0101#<name>_1_<year>0101`. The column
prefix in the key CSV is the classification name (`evk` = elinvoimakeskus)."""

SERVICE_FLAGS: dict[str, str] = {
    "svc_digituki": "Digituki",
    "svc_enter_ry": "Enter ry:n opastukset",
    "svc_kela_etapalvelu": "KELA etäpalvelut",
    "svc_kaupungin_asiointipiste": "Kaupungin asiointipiste",
    "svc_tietotekniikkaopastus": "Tietotekniikkaopastus",
    "svc_digitalkkari": "Digitalkkari (maksuton yksilöopastus)",
    "svc_opastukset": "Opastukset",
    "svc_tietokoneet": "Tietokoneet",
}
"""Library CSV flag column -> Kirkanta `services[].standardName` (matched case-insensitively)."""

LIBRARY_COLUMNS: tuple[str, ...] = (
    "kirkanta_id", "name", "provider_type", "kirkanta_type", "city", "address", "lon", "lat",
    "coord_source", "name_suggests_institutional", "homepage", "phone", "email", "n_services",
    *SERVICE_FLAGS,
)

GRID_COLUMNS: tuple[str, ...] = (
    "GRD_ID", "CNTR_ID", "T", "M", "F", "Y_LT15", "Y_1564", "Y_GE65", "LAND_SURFACE",
    "cx_3067", "cy_3067", "SUPPRESSED",
)
"""Grid CSV columns. Statistics Finland publishes only the total for cells with fewer than 10
inhabitants (-1 in the other fields): there M, F and Y_* are written as 0 and SUPPRESSED is 1, so
readers that seed an age split from these columns see "no information", not a missing value."""

PAAVO_AGE_FIELDS: tuple[str, ...] = ("he_65_69", "he_70_74", "he_75_79", "he_80_84", "he_85_")
PAAVO_POLYGON_LAYER = "postal_areas_2019_simplified"
"""GeoPackage layer name the builder reads (kept from the mirror file, whatever the year)."""

ONLINE_LAYERS: tuple[str, ...] = (
    "municipalities", "key_2025", "key_2026", "grid", "libraries", "postal_areas", "postal_ages",
)
"""Keys of `coverage.data.sources.SOURCES` fetched here; every other layer is copied from the
fallback source."""

STATFI = "Statistics Finland (Tilastokeskus)"
CC_BY = "CC BY 4.0"
KIRKANTA_PUBLISHER = "Kirjastot.fi / Kirjastohakemisto (Kirkanta API v4)"
KIRKANTA_LICENCE = "CC BY 4.0 (not verified against the API terms)"

_INSTITUTIONAL = re.compile(
    r"palvelukeskuskirjasto|potilaskirjasto|sairaala|laitoskirjasto|vankila|psykiatri", re.I
)
_MUNICIPALITY_FIELDS = ("kunta", "nimi", "namn", "vaesto", "ika_0_14", "ika_15_64", "ika_65_")
_GRID_FIELDS = ("vaesto", "ika_0_14", "ika_15_64", "ika_65_")
_SUPPRESSED = -1
_CELL_HALF = 500.0  # half a 1 km cell: lower-left corner -> centre
_TM35_X = (0.0, 1_000_000.0)  # a generous EPSG:3067 box around Finland
_TM35_Y = (6_000_000.0, 8_000_000.0)
_FINLAND_LAT = (59.0, 71.0)
_FINLAND_LON = (19.0, 32.0)
_HTTP_OK, _HTTP_CLIENT_ERROR, _HTTP_NOT_FOUND, _HTTP_TOO_MANY, _HTTP_SERVER_ERROR = (
    200, 400, 404, 429, 500,
)
_USER_AGENT = "digituki-coverage/0.1 (python-requests; sync --online)"
_MAX_RETRY_AFTER_S = 60.0


class _NotFoundError(SourceError):
    """HTTP 404: the address, layer or classification does not exist (never retried)."""


@dataclass(frozen=True)
class OnlineEndpoints:
    """Base URLs of the official services; tests point them at a fake server on 127.0.0.1."""

    statfi_wfs: str = "https://geo.stat.fi/geoserver/wfs"
    statfi_classifications: str = "https://data.stat.fi/api/classifications/v2"
    kirkanta: str = "https://api.kirjastot.fi/v4"
    ptv: str = "https://api.palvelutietovaranto.suomi.fi/api"  # Suomi.fi PTV (`--ptv`)


# --------------------------------------------------------------------------------------------
# HTTP: timeouts, retries, progress, cache
# --------------------------------------------------------------------------------------------


def _full_url(base: str, params: Params) -> str:
    """Return the exact URL requested (also the cache key), with the query string encoded."""
    return requests.Request("GET", base, params=params).prepare().url or base


class _Http:
    """GET with timeout, retries + backoff, a progress bar and a reply cache."""

    def __init__(
        self,
        *,
        timeout_s: float,
        retries: int,
        backoff_s: float,
        cache_dir: Path | None,
        cache_max_age_s: float,
        progress: bool,
    ) -> None:
        self.timeout_s = float(timeout_s)
        self.retries = max(0, int(retries))
        self.backoff_s = max(0.0, float(backoff_s))
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.cache_max_age_s = float(cache_max_age_s)
        self.progress = progress
        self.network_requests = 0
        self.used_urls: list[str] = []  # every URL answered (cache or network), in order
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": _USER_AGENT, "Accept": "application/json"})

    def close(self) -> None:
        self.session.close()

    # cache ------------------------------------------------------------------------------

    def _cache_paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.meta.json"

    def _cache_read(self, url: str) -> bytes | None:
        paths = self._cache_paths(url)
        if paths is None or self.cache_max_age_s <= 0:
            return None
        body, meta = paths
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            age = time.time() - float(info["fetched_at"])
            if info.get("url") != url or not 0 <= age <= self.cache_max_age_s:
                return None
            data = body.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(data) != info.get("bytes", len(data)):
            return None
        log.info("cache hit (%.0f s old): %s", age, url)
        return data

    def _cache_write(self, url: str, data: bytes) -> None:
        paths = self._cache_paths(url)
        if paths is None:
            return
        body, meta = paths
        try:
            _atomic_write_bytes(body, data)
            info = {"url": url, "fetched_at": time.time(), "bytes": len(data)}
            _atomic_write_bytes(meta, json.dumps(info).encode("utf-8"))
        except OSError as exc:  # a cache that cannot be written must not stop the refresh
            log.warning("cannot write the download cache in %s: %s", self.cache_dir, exc)

    def forget(self, urls: Iterable[str]) -> None:
        """Drop cached replies, e.g. of a layer whose combined content failed validation."""
        for url in urls:
            for path in self._cache_paths(url) or ():
                path.unlink(missing_ok=True)

    # network ----------------------------------------------------------------------------

    def _attempt(self, url: str, label: str) -> tuple[bytes | None, str, float]:
        """One GET: (body, "", 0) on success, else (None, problem, minimum wait before retry).

        Raises SourceError at once for answers that a retry cannot fix (4xx other than 429).
        """
        try:
            self.network_requests += 1
            with self.session.get(url, timeout=self.timeout_s, stream=True) as resp:
                status, reason = resp.status_code, resp.reason or ""
                if status >= _HTTP_SERVER_ERROR or status == _HTTP_TOO_MANY:
                    wait = _retry_after(resp.headers.get("Retry-After"))
                    return None, f"HTTP {status} {reason}".strip(), wait
                if status >= _HTTP_CLIENT_ERROR:
                    msg = (
                        f"{url}: HTTP {status} {reason}".strip()
                        + " (a client error is not retried: check the service address, "
                        "layer or classification name)"
                    )
                    raise (_NotFoundError if status == _HTTP_NOT_FOUND else SourceError)(msg)
                if status != _HTTP_OK:
                    msg = f"{url}: unexpected HTTP {status} {reason}".strip()
                    raise SourceError(msg)
                return self._read_body(resp, label), "", 0.0
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
                return None, f"no reply within {self.timeout_s:g} s (timeout)", 0.0
            return None, f"connection failed ({exc.__class__.__name__}: {exc})", 0.0
        except requests.RequestException as exc:  # invalid URL, bad encoding, ...: no retry
            msg = f"{url}: request failed ({exc.__class__.__name__}: {exc})"
            raise SourceError(msg) from exc

    def _download(self, url: str, label: str) -> bytes:
        attempts = self.retries + 1
        problem = ""
        for attempt in range(1, attempts + 1):
            body, problem, wait = self._attempt(url, label)
            if body is not None:
                return body
            if attempt < attempts:
                wait = max(wait, self.backoff_s * 2 ** (attempt - 1))
                log.warning(
                    "%s: %s; retry %d of %d in %.1f s", url, problem, attempt, self.retries, wait
                )
                time.sleep(wait)
        plural = "s" if attempts > 1 else ""
        msg = f"{url}: {problem}, after {attempts} attempt{plural}"
        raise SourceError(msg)

    def _read_body(self, resp: requests.Response, label: str) -> bytes:
        total = resp.headers.get("Content-Length")
        buffer = io.BytesIO()
        with tqdm(
            total=int(total) if total and total.isdigit() else None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=label,
            file=sys.stderr,
            disable=not self.progress,
            leave=False,
        ) as bar:
            for chunk in resp.iter_content(chunk_size=1 << 16):
                buffer.write(chunk)
                bar.update(len(chunk))
        return buffer.getvalue()

    # public -----------------------------------------------------------------------------

    def get_json(
        self,
        base: str,
        params: Params = None,
        *,
        label: str,
        check: Callable[[str, Json], None] | None = None,
    ) -> tuple[Json, bytes, str]:
        """GET `base?params`, parse JSON and `check(url, doc)`; return (doc, raw bytes, url).

        A reply is cached only after it parsed and passed `check`, so a bad reply is never
        reused; a cached reply that no longer passes is dropped and fetched again.
        """
        url = _full_url(base, params)
        cached = self._cache_read(url)
        if cached is not None:
            try:
                doc = _parse_json(url, cached)
                if check is not None:
                    check(url, doc)
            except SourceError as exc:
                log.warning("dropping a cached reply that no longer validates: %s", exc)
                self.forget([url])
            else:
                self.used_urls.append(url)
                return doc, cached, url
        body = self._download(url, label)
        doc = _parse_json(url, body)
        if check is not None:
            check(url, doc)
        self._cache_write(url, body)
        self.used_urls.append(url)
        return doc, body, url


def _retry_after(value: str | None) -> float:
    try:
        return min(max(float(value or 0), 0.0), _MAX_RETRY_AFTER_S)
    except ValueError:
        return 0.0


def _parse_json(url: str, body: bytes) -> Json:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        head = body[:80].decode("utf-8", "replace").replace("\n", " ")
        msg = f"{url}: the reply is not valid JSON ({exc}); it starts with {head!r}"
        raise SourceError(msg) from exc


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


def _temp_beside(path: Path, suffix: str = ".part") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = _temp_beside(path)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _atomic_copy(src: Path, dst: Path) -> None:
    tmp = _temp_beside(dst)
    try:
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _record(
    path: str, url: str, publisher: str, licence: str, reference_date: str, rows: int | None,
    **extra: object,
) -> dict[str, object]:
    return {
        "path": path, "url": url, "publisher": publisher, "licence": licence,
        "reference_date": reference_date, "rows": rows, **extra,
    }


def _layer_year(layer: str) -> int:
    match = re.search(r"(\d{4})", layer)
    if not match:
        msg = f"layer name {layer!r} carries no year"
        raise SourceError(msg)
    return int(match.group(1))


def _is_count(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _count_or_none(value: object, url: str, what: str) -> int | None:
    """Return a count from a WFS field; -1 (Statistics Finland's suppression mark) becomes None."""
    if value is None:
        return None
    if not _is_count(value):
        msg = f"{url}: {what} is {value!r}, not a number"
        raise SourceError(msg)
    number = int(value)  # type: ignore[arg-type]
    if number == _SUPPRESSED:
        return None
    if number < 0 or number != value:
        msg = f"{url}: {what} is {value!r}, not a count (only -1 marks a suppressed value)"
        raise SourceError(msg)
    return number


def _code_value(code: str) -> int | str:
    """Statistics Finland codes as the mirror keys write them: digits as integers ("01" -> 1)."""
    code = str(code).strip()
    return int(code) if code.isdigit() else code


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


# --------------------------------------------------------------------------------------------
# Statistics Finland WFS
# --------------------------------------------------------------------------------------------


def _check_feature_collection(url: str, doc: Json) -> None:
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        msg = (
            f"{url}: expected a GeoJSON FeatureCollection (WFS outputFormat=application/json), "
            f"got {kind!r}"
        )
        raise SourceError(msg)
    features = doc.get("features")
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        msg = f"{url}: the FeatureCollection has no list of features"
        raise SourceError(msg)
    crs = str((((doc.get("crs") or {}).get("properties") or {}).get("name")) or "")
    if crs and not ("EPSG" in crs.upper() and crs.endswith("3067")):
        msg = f"{url}: features are in {crs}, expected EPSG:3067 (srsName=EPSG:3067)"
        raise SourceError(msg)


def _wfs_features(
    http: _Http, base: str, layer: str, *, label: str, page_size: int = WFS_PAGE_SIZE
) -> tuple[dict[str, Json], list[tuple[str, bytes]]]:
    """All features of a WFS layer in EPSG:3067, paged with count/startIndex.

    Returns the merged FeatureCollection (top-level members of the first page) and the raw pages.
    Paging continues while fewer features than `numberMatched` arrived, so a server-side cap
    below `count` is followed too.
    """
    pages: list[tuple[str, bytes]] = []
    features: list[dict[str, Json]] = []
    first: dict[str, Json] = {}
    while True:
        params = {
            "service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeNames": layer,
            "outputFormat": "application/json", "srsName": "EPSG:3067",
            "count": page_size, "startIndex": len(features),
        }
        doc, raw, url = http.get_json(
            base, params, label=f"{label} {len(pages) + 1}" if pages else label,
            check=_check_feature_collection,
        )
        pages.append((url, raw))
        first = first or doc
        batch = doc["features"]
        if pages[1:] and batch and batch[0] == features[0]:
            msg = f"{url}: the service ignored startIndex and sent the first page again"
            raise SourceError(msg)
        features.extend(batch)
        matched = doc.get("numberMatched", doc.get("totalFeatures"))
        done = len(features) >= matched if _is_count(matched) else len(batch) < page_size
        if done or not batch:
            break
    matched = first.get("numberMatched", first.get("totalFeatures"))
    if _is_count(matched) and matched != len(features):
        msg = f"{pages[0][0]}: the service announced {matched} features but sent {len(features)}"
        raise SourceError(msg)
    merged = {k: v for k, v in first.items() if k != "features"}
    merged["features"] = features
    if "numberReturned" in merged:
        merged["numberReturned"] = len(features)
    return merged, pages


def _check_municipality(
    url: str, i: int, feature: dict[str, Json], seen: Mapping[str, str]
) -> str:
    """Validate one municipality feature; return its 3-digit code."""
    props = feature.get("properties") or {}
    missing = [f for f in _MUNICIPALITY_FIELDS if props.get(f) in (None, "")]
    if missing:
        msg = f"{url}: feature {i + 1} lacks {missing} (expected {list(_MUNICIPALITY_FIELDS)})"
        raise SourceError(msg)
    code = str(props["kunta"]).strip()
    problem = ""
    if not re.fullmatch(r"\d{3}", code):
        problem = f"code {props['kunta']!r} is not three digits"
    elif code in seen:
        problem = "appears twice"
    elif not feature.get("geometry"):
        problem = "has no geometry"
    else:
        counts = [props[f] for f in _MUNICIPALITY_FIELDS[3:]]
        if not all(_is_count(c) and c >= 0 for c in counts):
            problem = f"has non-numeric or negative population {counts}"
        elif sum(counts[1:]) != counts[0]:
            problem = f"age groups {counts[1:]} do not sum to the population {counts[0]}"
    if problem:
        msg = f"{url}: municipality {code} {problem}"
        raise SourceError(msg)
    return code


def _fetch_municipalities(
    http: _Http, endpoints: OnlineEndpoints, staging: Path
) -> tuple[dict[str, object], dict[str, str]]:
    """Write `regions/kunta_vaki<year>_statfi.geojson`; return its record and {code: name_fi}."""
    doc, pages = _wfs_features(
        http, endpoints.statfi_wfs, MUNICIPALITY_LAYER, label="municipalities"
    )
    url = pages[0][0]
    features = doc["features"]
    if len(features) != EXPECTED_MUNICIPALITIES:
        msg = (
            f"{url}: {len(features)} municipalities, expected {EXPECTED_MUNICIPALITIES} "
            "(the regional division of 1.1.2025); the layer is truncated or not the one expected"
        )
        raise SourceError(msg)
    names: dict[str, str] = {}
    for i, feature in enumerate(features):
        code = _check_municipality(url, i, feature, names)
        names[code] = str(feature["properties"]["nimi"]).replace(" - Mariehamn", "")
    year = _layer_year(MUNICIPALITY_LAYER)
    rel = f"regions/kunta_vaki{year}_statfi.geojson"
    # One page: keep the service's reply byte for byte, exactly like the mirror file.
    data = pages[0][1] if len(pages) == 1 else json.dumps(doc, ensure_ascii=False).encode()
    _atomic_write_bytes(staging / rel, data)
    stat_year = (features[0].get("properties") or {}).get("til_vuosi", year)
    record = _record(
        rel, url, STATFI, CC_BY, f"{stat_year}-12-31", len(features), layer=MUNICIPALITY_LAYER
    )
    return record, names


def _cell_centre(
    feature: dict[str, Json], shape: Callable[[Json], Any], url: str, cell_id: str
) -> tuple[float, float]:
    """Centre of a cell in EPSG:3067: polygon centroid, point, or lower-left corner + 500 m."""
    props = feature.get("properties") or {}
    geometry = feature.get("geometry")
    if geometry:
        try:
            geom = shape(geometry)
            point = geom if geom.geom_type == "Point" else geom.centroid
            x, y = float(point.x), float(point.y)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            msg = f"{url}: cell {cell_id} has an unreadable geometry ({exc})"
            raise SourceError(msg) from exc
    elif _is_count(props.get("xkoord")) and _is_count(props.get("ykoord")):
        x, y = float(props["xkoord"]) + _CELL_HALF, float(props["ykoord"]) + _CELL_HALF
    else:
        msg = f"{url}: cell {cell_id} has neither a geometry nor xkoord/ykoord"
        raise SourceError(msg)
    if not (_in(x, _TM35_X) and _in(y, _TM35_Y)):
        msg = f"{url}: cell {cell_id} centre ({x}, {y}) is not an EPSG:3067 position in Finland"
        raise SourceError(msg)
    return round(x, 1), round(y, 1)


def _grid_row(
    url: str, i: int, feature: dict[str, Json], shape: Callable[[Json], Any]
) -> list[object]:
    props = feature.get("properties") or {}
    missing = [f for f in _GRID_FIELDS if f not in props]
    cell_id = props.get("grd_id") or props.get("id_nro") or feature.get("id")
    if missing or not cell_id:
        msg = (
            f"{url}: cell {i + 1} lacks fields {missing or ['grd_id']} "
            f"(expected grd_id, {', '.join(_GRID_FIELDS)})"
        )
        raise SourceError(msg)
    cell_id = str(cell_id)
    total = _count_or_none(props["vaesto"], url, f"cell {cell_id} vaesto")
    if total is None:
        msg = f"{url}: cell {cell_id} has no total population"
        raise SourceError(msg)
    ages = [_count_or_none(props[f], url, f"cell {cell_id} {f}") for f in _GRID_FIELDS[1:]]
    sexes = [
        _count_or_none(props.get(f), url, f"cell {cell_id} {f}") for f in ("miehet", "naiset")
    ]
    cx, cy = _cell_centre(feature, shape, url, cell_id)
    breakdown = [v or 0 for v in (*sexes, *ages)]
    return [cell_id, "FI", total, *breakdown, 1.0, cx, cy, int(any(a is None for a in ages))]


def _fetch_grid(http: _Http, endpoints: OnlineEndpoints, staging: Path) -> dict[str, object]:
    """Write `population/grid/fi_census2021_grid1km.csv` from the Statistics Finland 1 km grid."""
    from shapely.geometry import shape  # noqa: PLC0415 - heavy import, only when fetching

    doc, pages = _wfs_features(http, endpoints.statfi_wfs, GRID_LAYER, label="population grid")
    url = pages[0][0]
    if not doc["features"]:
        msg = f"{url}: the population grid has no cells"
        raise SourceError(msg)
    rows = [_grid_row(url, i, f, shape) for i, f in enumerate(doc["features"])]
    ids = [row[0] for row in rows]
    if len(set(ids)) != len(ids):
        twice = sorted({c for c in ids if ids.count(c) > 1})[:5]
        msg = f"{url}: grid cells appear twice: {twice}"
        raise SourceError(msg)
    rel = "population/grid/fi_census2021_grid1km.csv"
    _atomic_write_bytes(staging / rel, _csv_bytes(GRID_COLUMNS, rows))
    suppressed = sum(int(row[-1]) for row in rows)  # type: ignore[call-overload]
    return _record(
        rel, url, STATFI, CC_BY, f"{_layer_year(GRID_LAYER)}-12-31", len(rows), layer=GRID_LAYER,
        note=f"{suppressed} cells under 10 inhabitants: age/sex breakdown suppressed "
        "(written as 0 with SUPPRESSED=1); LAND_SURFACE is 1.0 for every cell (not published)",
    )


def _paavo_row(
    url: str, i: int, feature: dict[str, Json], kunta_names: Mapping[str, str]
) -> dict[str, object]:
    props = feature.get("properties") or {}
    code = props.get("postinumeroalue", props.get("posti_alue"))
    missing = [f for f in ("he_vakiy", *PAAVO_AGE_FIELDS) if f not in props]
    if code is None:
        missing.insert(0, "postinumeroalue")
    problem = ""
    if missing:
        problem = f"postal area {i + 1} lacks fields {missing}"
    elif not isinstance(code, str) or not re.fullmatch(r"\d{5}", code):
        problem = f"postal code {code!r} is not five-digit text"
    elif not feature.get("geometry"):
        problem = f"postal area {code} has no geometry"
    if problem:
        msg = f"{url}: {problem}"
        raise SourceError(msg)
    kunta = str(props.get("kunta") or "").strip()
    ages = [_count_or_none(props[f], url, f"{code} {f}") for f in PAAVO_AGE_FIELDS]
    known = [a for a in ages if a is not None]
    return {
        "posti_alue": code,
        "nimi": props.get("nimi") or "",
        "kunta": kunta,
        "kunta_nimi": kunta_names.get(kunta.zfill(3), "") if kunta else "",
        "he_vakiy": _count_or_none(props["he_vakiy"], url, f"{code} he_vakiy"),
        **dict(zip(PAAVO_AGE_FIELDS, ages, strict=True)),
        "he_65plus_derived": sum(known) if len(known) == len(ages) else None,
        "he_75plus_derived": sum(a for a in ages[2:] if a is not None)
        if None not in ages[2:] else None,
    }


def _write_gpkg(path: Path, frame: Any, layer: str) -> None:  # noqa: ANN401 - a GeoDataFrame
    tmp = _temp_beside(path, suffix=".gpkg")
    tmp.unlink()  # the GPKG driver creates the file itself
    try:
        frame.to_file(tmp, layer=layer, driver="GPKG")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fetch_paavo(
    http: _Http, endpoints: OnlineEndpoints, staging: Path, kunta_names: Mapping[str, str]
) -> list[dict[str, object]]:
    """Write the Paavo age-structure CSV and the postal-area polygons GeoPackage."""
    import geopandas as gpd  # noqa: PLC0415 - heavy import, only when fetching

    doc, pages = _wfs_features(http, endpoints.statfi_wfs, PAAVO_LAYER, label="postal areas")
    url = pages[0][0]
    features = doc["features"]
    if not features:
        msg = f"{url}: the postal-area layer has no features"
        raise SourceError(msg)
    table = [_paavo_row(url, i, f, kunta_names) for i, f in enumerate(features)]
    codes = [str(row["posti_alue"]) for row in table]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})[:5]
        msg = f"{url}: postal codes appear twice: {twice}"
        raise SourceError(msg)
    year = _layer_year(PAAVO_LAYER)
    ref = f"{year - 2}-12-31"  # Paavo edition N carries the population of 31.12. of year N-2
    rel_csv = f"population/paavo_postal_agestructure_{year}.csv"
    columns = list(table[0])
    rows = ([row[c] for c in columns] for row in table)
    _atomic_write_bytes(staging / rel_csv, _csv_bytes(columns, rows))

    keep = ("posti_alue", "nimi", "kunta", "he_vakiy")
    polygons = gpd.GeoDataFrame.from_features(
        [
            {"type": "Feature", "geometry": f["geometry"], "properties": {k: r[k] for k in keep}}
            for f, r in zip(features, table, strict=True)
        ],
        crs="EPSG:3067",
    )
    polygons["geometry"] = polygons.geometry.make_valid()
    rel_gpkg = f"population/paavo_postal_population_{year}.gpkg"
    _write_gpkg(staging / rel_gpkg, polygons, PAAVO_POLYGON_LAYER)
    publisher = f"{STATFI}, Paavo"
    return [
        _record(rel_csv, url, publisher, CC_BY, ref, len(table), layer=PAAVO_LAYER),
        _record(
            rel_gpkg, url, publisher, CC_BY, ref, len(table), layer=PAAVO_LAYER,
            note=f"GeoPackage layer {PAAVO_POLYGON_LAYER} holds the {year} postal division",
        ),
    ]


# --------------------------------------------------------------------------------------------
# Statistics Finland classification API
# --------------------------------------------------------------------------------------------


def _check_list(url: str, doc: Json) -> None:
    if not isinstance(doc, list) or not doc:
        kind = "an empty list" if isinstance(doc, list) else type(doc).__name__
        msg = f"{url}: expected a non-empty JSON list, got {kind}"
        raise SourceError(msg)


def _item_name(item: Mapping[str, Json], lang: str) -> str:
    names = item.get("classificationItemNames") or []
    if not isinstance(names, list):
        return ""
    named = [n for n in names if isinstance(n, dict) and n.get("name")]
    pick = [n for n in named if n.get("lang") == lang] or named
    return str(pick[0]["name"]).strip() if pick else ""


def _item_code(item: object, local_id: object = None) -> str:
    if isinstance(item, dict) and item.get("code") not in (None, ""):
        return str(item["code"]).strip()
    if isinstance(local_id, str) and "/" in local_id:
        return local_id.rsplit("/", 1)[1].strip()
    return ""


def _classification_names(
    http: _Http, base: str, classification: str, lang: str
) -> tuple[dict[str, str], str]:
    """{code: name} of one classification in one language."""
    doc, _, url = http.get_json(
        f"{base}/classifications/{quote(classification, safe='')}/classificationItems",
        {"content": "data", "meta": "min", "lang": lang, "format": "json"},
        label=f"{classification} ({lang})", check=_check_list,
    )
    names: dict[str, str] = {}
    for item in doc:
        if not isinstance(item, dict):
            continue
        code, name = _item_code(item, item.get("localId")), _item_name(item, lang)
        if not code or not name:
            msg = f"{url}: an item has no code or no name: {json.dumps(item)[:200]}"
            raise SourceError(msg)
        names[code] = name
    return names, url


def _map_pair(entry: object) -> tuple[str, str]:
    """(source code, target code) of one map, in the content=data or the content=url form."""
    if isinstance(entry, str):  # .../maps/<source>/<target>
        parts = entry.split("?", 1)[0].rstrip("/").split("/")
        return (parts[-2], parts[-1]) if len(parts) > 1 else ("", "")
    if isinstance(entry, dict):
        return (
            _item_code(entry.get("sourceItem"), entry.get("sourceLocalId")),
            _item_code(entry.get("targetItem"), entry.get("targetLocalId")),
        )
    return "", ""


def _correspondence(http: _Http, base: str, table: str) -> tuple[dict[str, str], str]:
    """{source code: target code} of a correspondence table; every source maps to one target."""
    doc, _, url = http.get_json(
        f"{base}/correspondenceTables/{quote(table, safe='')}/maps",
        {"content": "data", "meta": "min", "lang": "fi", "format": "json"},
        label=table, check=_check_list,
    )
    pairs: dict[str, str] = {}
    for entry in doc:
        source, target = _map_pair(entry)
        if not source or not target:
            msg = f"{url}: a map has no source or target code: {json.dumps(entry)[:200]}"
            raise SourceError(msg)
        if pairs.get(source, target) != target:
            msg = f"{url}: municipality {source} maps to both {pairs[source]} and {target}"
            raise SourceError(msg)
        pairs[source] = target
    return pairs, url


def _find_table(http: _Http, base: str, kunta: str, division: str) -> str | None:
    """Return the newest published table `<kunta>#<division>_<n>_<date>`, from the table list.

    Used when the table with the key's own date does not exist (HTTP 404): a target
    classification may keep an older version date.
    """
    doc, _, _ = http.get_json(
        f"{base}/correspondenceTables", {"format": "json"},
        label="correspondence tables", check=_check_list,
    )
    pattern = re.compile(rf"{re.escape(kunta)}(?:#|%23)({re.escape(division)}_\d+_\d{{8}})")
    found: set[str] = set()
    for entry in doc:
        texts = [entry] if isinstance(entry, str) else (
            [v for v in entry.values() if isinstance(v, str)] if isinstance(entry, dict) else []
        )
        found.update(m.group(1) for text in texts for m in [pattern.search(text)] if m)
    if not found:
        return None
    newest = max(found, key=lambda t: (t.rsplit("_", 1)[1], t))
    return f"{kunta}#{newest}"


def _fetch_key(
    http: _Http, endpoints: OnlineEndpoints, staging: Path, year: int, divisions: Sequence[str]
) -> dict[str, object]:
    """Write `regions/municipality_key_<year>_statfi.csv` like the geofi keys in the mirror."""
    base = endpoints.statfi_classifications
    kunta = f"kunta_1_{year}0101"
    names_fi, kunta_url = _classification_names(http, base, kunta, "fi")
    names_sv, _ = _classification_names(http, base, kunta, "sv")
    urls = [kunta_url]
    columns = ["kunta", "municipality_name_fi", "municipality_name_sv"]
    per_division: list[tuple[dict[str, str], dict[str, str], dict[str, str]]] = []
    for division in divisions:
        target = f"{division}_1_{year}0101"
        try:
            pairs, url = _correspondence(http, base, f"{kunta}#{target}")
        except _NotFoundError as missing:
            try:
                table = _find_table(http, base, kunta, division)
            except SourceError as exc:
                log.warning("cannot list the correspondence tables: %s", exc)
                table = None
            if table is None or table == f"{kunta}#{target}":
                raise missing from None
            log.warning("%s#%s does not exist; using %s", kunta, target, table)
            target = table.split("#", 1)[1]
            pairs, url = _correspondence(http, base, table)
        urls.append(url)
        missing = sorted(set(names_fi) - set(pairs))
        if missing:
            msg = (
                f"{url}: {len(missing)} of the {len(names_fi)} municipalities of {kunta} have "
                f"no {division}: {', '.join(missing[:10])}"
            )
            raise SourceError(msg)
        target_fi, _ = _classification_names(http, base, target, "fi")
        target_sv, _ = _classification_names(http, base, target, "sv")
        unknown = sorted({pairs[c] for c in names_fi if pairs[c] not in target_fi})
        if unknown:
            msg = f"{url}: {division} codes {unknown[:10]} are not in the classification {target}"
            raise SourceError(msg)
        per_division.append((pairs, target_fi, target_sv))
        columns += [f"{division}_code", f"{division}_name_fi", f"{division}_name_sv"]
    columns.append("year")
    rows = []
    for code in sorted(names_fi, key=lambda c: (len(c), c)):
        row: list[object] = [
            _code_value(code), names_fi[code].replace(" - Mariehamn", ""), names_sv.get(code, ""),
        ]
        for pairs, target_fi, target_sv in per_division:
            unit = pairs[code]
            row += [_code_value(unit), target_fi[unit], target_sv.get(unit, "")]
        rows.append([*row, year])
    rel = f"regions/municipality_key_{year}_statfi.csv"
    _atomic_write_bytes(staging / rel, _csv_bytes(columns, rows))
    return _record(
        rel, urls[-1], f"{STATFI}, classification service", CC_BY, f"{year}-01-01", len(rows),
        urls=urls,
    )


# --------------------------------------------------------------------------------------------
# Kirjastot.fi Kirkanta API v4
# --------------------------------------------------------------------------------------------


def _check_envelope(url: str, doc: Json) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        head = str(doc)[:120]
        msg = f"{url}: expected the Kirkanta envelope {{type, total, items}}, got {head!r}"
        raise SourceError(msg)
    if not _is_count(doc.get("total")):
        msg = f"{url}: the Kirkanta envelope has no numeric 'total'"
        raise SourceError(msg)


def _text(value: object) -> str:
    """Return a Kirkanta text field: plain (one language) or {fi, sv, en, ...} (all languages)."""
    if isinstance(value, dict):
        value = value.get("fi") or next((v for v in value.values() if v), "")
    return "" if value is None else str(value).strip()


def _dig(item: Mapping[str, Json], *path: str) -> Json:
    node: Json = item
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _kirkanta_items(http: _Http, endpoints: OnlineEndpoints) -> tuple[list[dict[str, Json]], str]:
    """Every municipal library, following `skip` until `total` items arrived."""
    base = f"{endpoints.kirkanta.rstrip('/')}/library"
    query: list[tuple[str, object]] = [
        ("type", "municipal"), ("limit", KIRKANTA_PAGE_SIZE),
        ("with", "primaryContactInfo"), ("with", "services"),
    ]
    items: list[dict[str, Json]] = []
    first_url = ""
    total = 0
    while True:
        params = query + ([("skip", len(items))] if items else [])
        doc, _, url = http.get_json(
            base, params, label=f"libraries from {len(items) + 1}", check=_check_envelope
        )
        first_url = first_url or url
        total = int(doc["total"]) if len(items) == 0 else total
        batch = [item for item in doc["items"] if isinstance(item, dict)]
        if items and batch and batch[0] == items[0]:
            msg = f"{url}: the service ignored skip and sent the first page again"
            raise SourceError(msg)
        items.extend(batch)
        if not batch or len(items) >= total:
            break
    if not items:
        msg = f"{first_url}: the library list is empty (total={total})"
        raise SourceError(msg)
    if len(items) < total:
        msg = f"{first_url}: the service announced {total} libraries but sent {len(items)}"
        raise SourceError(msg)
    return items, first_url


def _library_row(url: str, item: dict[str, Json]) -> list[object] | None:
    """One CSV row, or None when the library has no coordinates."""
    lib_id, name = item.get("id"), _text(item.get("name"))
    if lib_id in (None, "") or not name:
        msg = f"{url}: a library has no id or name: {json.dumps(item, ensure_ascii=False)[:200]}"
        raise SourceError(msg)
    lat, lon = _dig(item, "coordinates", "lat"), _dig(item, "coordinates", "lon")
    if not (_is_count(lat) and _is_count(lon)):
        return None
    if not (_in(float(lat), _FINLAND_LAT) and _in(float(lon), _FINLAND_LON)):
        msg = f"{url}: library {lib_id} lies at lat {lat}, lon {lon}, outside Finland"
        raise SourceError(msg)
    services = {
        _text(s.get("standardName")).casefold()
        for s in item.get("services") or []
        if isinstance(s, dict) and _text(s.get("standardName"))
    }
    street, zipcode, city = (_text(_dig(item, "address", k)) for k in ("street", "zipcode", "city"))
    return [
        str(lib_id), name, "library", _text(item.get("type")) or "municipal", city,
        ", ".join(part for part in (street, zipcode, city) if part),
        round(float(lon), 6), round(float(lat), 6), "kirkanta",
        int(bool(_INSTITUTIONAL.search(name))),
        _text(_dig(item, "primaryContactInfo", "homepage", "url")),
        _text(_dig(item, "primaryContactInfo", "phone", "number")),
        _text(_dig(item, "primaryContactInfo", "email", "email")),
        len(services),
        *(int(label.casefold() in services) for label in SERVICE_FLAGS.values()),
    ]


def _fetch_libraries(
    http: _Http, endpoints: OnlineEndpoints, staging: Path, today: str
) -> dict[str, object]:
    """Write `providers/libraries_kirkanta_municipal_<today>.csv`."""
    items, url = _kirkanta_items(http, endpoints)
    rows: list[list[object]] = []
    seen: set[str] = set()
    no_coordinates: list[str] = []
    for item in items:
        row = _library_row(url, item)
        lib_id = str(item["id"])
        if lib_id in seen:
            continue  # paging overlap
        seen.add(lib_id)
        if row is None:
            no_coordinates.append(lib_id)
        else:
            rows.append(row)
    if not rows:
        msg = f"{url}: none of the {len(seen)} libraries has coordinates"
        raise SourceError(msg)
    if no_coordinates:
        log.warning(
            "Kirkanta: %d libraries without coordinates skipped: %s",
            len(no_coordinates), ", ".join(no_coordinates[:20]),
        )
    rel = f"providers/libraries_kirkanta_municipal_{today}.csv"
    _atomic_write_bytes(staging / rel, _csv_bytes(LIBRARY_COLUMNS, rows))
    return _record(
        rel, url, KIRKANTA_PUBLISHER, KIRKANTA_LICENCE, today, len(rows),
        skipped_without_coordinates=len(no_coordinates), skipped_ids=no_coordinates,
    )


# --------------------------------------------------------------------------------------------
# Layers with no online service: copied from the fallback source
# --------------------------------------------------------------------------------------------


def _offline_specs() -> list[SourceSpec]:
    from coverage.data.sources import SOURCES  # noqa: PLC0415 - sources imports nothing of ours

    return [spec for spec in SOURCES if spec.key not in ONLINE_LAYERS]


def _plan_fallback(fallback_source: Path | None) -> list[tuple[SourceSpec, Path]]:
    """(spec, file) of every offline layer, or one SourceError naming each missing layer."""
    plan: list[tuple[SourceSpec, Path]] = []
    missing: list[str] = []
    for spec in _offline_specs():
        matches = sorted(fallback_source.glob(spec.pattern)) if fallback_source else []
        if matches:
            plan.append((spec, matches[-1]))  # the newest name wins, as in the builder
        else:
            missing.append(f"{spec.key} ({spec.pattern}; {spec.publisher})")
    if missing:
        if fallback_source is None:
            why = "no fallback_source was given"
        elif not fallback_source.is_dir():
            why = f"the fallback source {fallback_source} is not a directory"
        else:
            why = f"the fallback source {fallback_source} lacks them"
        msg = (
            f"{len(missing)} layer(s) have no official online service and must be copied from a "
            f"fallback source, but {why}: " + "; ".join(missing)
            + ". Pass fallback_source=<a directory laid out like the offline mirror "
            "../shared/data>, e.g. the mirror itself, to copy these layers from it."
        )
        raise SourceError(msg)
    return plan


def _rows_in(path: Path) -> int | None:
    """Rows of a copied file, for the record; None when it cannot be counted."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as fh:
                return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
        if path.suffix.lower() in {".gpkg", ".geojson", ".json"}:
            import pyogrio  # noqa: PLC0415

            layers = pyogrio.list_layers(path)
            if not len(layers):
                return 0
            return int(pyogrio.read_info(path, layer=layers[0][0])["features"])
    except Exception:
        return None
    return None


def _copy_fallback(
    plan: Sequence[tuple[SourceSpec, Path]], fallback_source: Path, staging: Path
) -> list[dict[str, object]]:
    from coverage.data.sources import reference_date  # noqa: PLC0415

    records = []
    done: set[Path] = set()
    for spec, path in plan:
        # the layer file plus its siblings of the same name (e.g. taajamat .csv + .gpkg)
        for src in sorted(p for p in path.parent.glob(f"{path.stem}.*") if p.is_file()):
            if src in done:
                continue
            done.add(src)
            rel = src.relative_to(fallback_source).as_posix()
            _atomic_copy(src, staging / rel)
            records.append(_record(
                rel, "copied from fallback", spec.publisher, spec.licence,
                reference_date(spec, src), _rows_in(src), source=str(src),
            ))
    return records


def _check_staging(staging: Path) -> None:
    """Every layer the builder globs must now be in the staging directory."""
    from coverage.data.sources import SOURCES  # noqa: PLC0415

    missing = [f"{s.key} ({s.pattern})" for s in SOURCES if not any(staging.glob(s.pattern))]
    if missing:
        msg = f"after the refresh, the staging directory {staging} still lacks: " + "; ".join(
            missing
        )
        raise SourceError(msg)


def _key_codes(path: Path) -> set[str]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return {str(row["kunta"]).zfill(3) for row in csv.DictReader(fh)}
    except (OSError, KeyError):
        return set()


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def fetch_official_sources(  # noqa: PLR0913 - two optional knobs beyond the documented ones
    staging: Path,
    *,
    endpoints: OnlineEndpoints = OnlineEndpoints(),  # noqa: B008 - frozen, immutable default
    cache_dir: Path | None = None,
    fallback_source: Path | None = None,
    timeout_s: float = 60,
    retries: int = 3,
    progress: bool = True,
    cache_max_age_s: float = DEFAULT_CACHE_MAX_AGE_S,
    backoff_s: float = 1.0,
) -> list[dict]:
    """Fetch every online layer into `staging`, laid out and formatted like the offline mirror.

    Parameters
    ----------
    staging
        Directory to fill (created if needed); the builder then reads it as a source directory.
        On an error it may hold some layers already: discard it.
    endpoints
        Base URLs of the services.
    cache_dir
        Download cache (one file per URL, named by its SHA-256); None disables it.
    fallback_source
        Directory laid out like the mirror; the layers without an online service are copied
        from it. Checked before anything is downloaded.
    timeout_s
        Per-request timeout in seconds (to connect, and between bytes of the reply).
    retries
        Retries after the first attempt on connection errors, timeouts, HTTP 5xx and 429.
    progress
        Show a tqdm progress bar per download on stderr.
    cache_max_age_s
        A cached reply older than this is fetched again (default 24 h; 0 disables reuse).
    backoff_s
        Wait before the n-th retry: `backoff_s * 2**(n-1)` seconds (or the server's
        Retry-After, up to 60 s).

    Returns
    -------
    list[dict]
        One record per written file: `path` (relative to `staging`), `url` (the URL used, or
        "copied from fallback"), `publisher`, `licence`, `reference_date`, `rows`, plus
        informative extras (`urls`, `layer`, `note`, `skipped_without_coordinates`, ...).

    Raises
    ------
    SourceError
        A service is unreachable, answers an error, or sends a malformed or unexpected reply
        (the message names the URL); or offline layers are missing from `fallback_source` (all
        of them named at once, before any download).
    """
    staging = Path(staging)
    fallback = Path(fallback_source) if fallback_source is not None else None
    plan = _plan_fallback(fallback)
    staging.mkdir(parents=True, exist_ok=True)
    http = _Http(
        timeout_s=timeout_s, retries=retries, backoff_s=backoff_s, cache_dir=cache_dir,
        cache_max_age_s=cache_max_age_s, progress=progress,
    )
    today = date.today().isoformat()
    records: list[dict[str, object]] = []

    def layer(fetch: Callable[..., Any], *args: object) -> Any:  # noqa: ANN401
        """Run one layer; if its content fails validation, its cached replies are dropped."""
        mark = len(http.used_urls)
        try:
            return fetch(http, endpoints, staging, *args)
        except SourceError:
            http.forget(http.used_urls[mark:])
            raise

    try:
        municipalities, kunta_names = layer(_fetch_municipalities)
        records.append(municipalities)
        records.extend(layer(_fetch_key, year, divs) for year, divs in KEY_DIVISIONS.items())
        key_codes = _key_codes(staging / str(records[-1]["path"]))
        if key_codes and key_codes != set(kunta_names):
            log.warning(
                "the classification key and the municipality layer disagree on %d codes",
                len(key_codes ^ set(kunta_names)),
            )
        records.append(layer(_fetch_grid))
        records.extend(layer(_fetch_paavo, kunta_names))
        records.append(layer(_fetch_libraries, today))
    finally:
        http.close()
    if fallback is not None and plan:
        records.extend(_copy_fallback(plan, fallback, staging))
    _check_staging(staging)
    log.info(
        "online refresh: %d files written to %s (%d network requests)",
        len(records), staging, http.network_requests,
    )
    return records
