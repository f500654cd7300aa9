"""Load a coordinator's own provider list into the provider frame.

One loader for CSV, Excel (.xlsx), GeoJSON and GeoPackage, so the app's uploader and the CLI
(`providers check`) accept exactly the same files and report problems the same way: every
problem at once, by spreadsheet row and column, with a hint about what to change. A file with
errors is refused as a whole (`InputError`); fixable oddities (swapped coordinates, duplicates)
are fixed and reported as warnings, never silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS as ProjCRS
from pyproj import Transformer

from coverage.data.schema import CRS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.data.taxonomy import provider_types, resolve_provider_type
from coverage.errors import InputError, Problem

ACCEPTED_FORMATS = (
    "CSV (comma or semicolon separated), Excel workbook (.xlsx), GeoJSON (.geojson) "
    "or GeoPackage (.gpkg)"
)
"""Human-readable list used in every "wrong file type" message."""

FINLAND_BBOX_3067: tuple[float, float, float, float] = (50_000.0, 6_600_000.0, 760_000.0, 7_800_000.0)
"""(xmin, ymin, xmax, ymax) in EPSG:3067: generous box around mainland Finland and Åland."""

FINLAND_LAT: tuple[float, float] = (59.3, 70.2)
FINLAND_LON: tuple[float, float] = (19.0, 31.6)

DUPLICATE_DISTANCE_M = 50.0
"""Rows with the same name closer than this are one place entered twice."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "nimi", "namn"),
    "type": ("type", "provider_type", "tyyppi", "typ"),
    "lat": ("lat", "latitude", "leveys", "leveysaste", "lat_wgs84"),
    "lon": ("lon", "lng", "long", "longitude", "pituus", "pituusaste", "lon_wgs84"),
    "x": ("x", "itä", "ita", "easting", "e", "etrs_x"),
    "y": ("y", "pohjoinen", "northing", "n", "etrs_y"),
    "address": ("address", "osoite", "adress"),
    "capacity": ("capacity", "kapasiteetti", "capacity_h_week", "tunnit_viikossa"),
    "languages": ("languages", "kielet", "språk", "language", "kieli"),
    "auta_part": ("auta_part", "auta"),
    "channel": ("channel", "kanava"),
    "kunta_code": ("kunta_code", "kunta", "kuntakoodi"),
    "reference_date": ("reference_date", "pvm", "päivämäärä"),
}
_CANONICAL = {alias: canon for canon, aliases in _ALIASES.items() for alias in aliases}

_TRUE = {"1", "true", "kyllä", "kylla", "x", "yes", "ja", "y", "k", "tosi"}
_FALSE = {"", "0", "false", "ei", "no", "nej", "n", "-", "epätosi"}

_LANGUAGE_NAMES = {
    "suomi": "fi", "finnish": "fi", "finska": "fi", "fin": "fi",
    "ruotsi": "sv", "swedish": "sv", "svenska": "sv", "swe": "sv",
    "englanti": "en", "english": "en", "engelska": "en", "eng": "en",
    "saame": "se", "saamen": "se", "sámi": "se", "saami": "se", "samiska": "se",
    "venäjä": "ru", "russian": "ru", "ryska": "ru",
    "viro": "et", "eesti": "et", "estonian": "et",
    "ukraina": "uk", "ukrainian": "uk",
    "arabia": "ar", "arabic": "ar",
    "somali": "so", "somalia": "so",
}  # fmt: skip
_LANGUAGE_JOINERS = {"ja", "och", "and"}

_AUTA_PARTS = {"A": "A", "B": "B", "AB": "AB", "BA": "AB"}
_CHANNELS = {
    "walk_in": "walk_in", "walkin": "walk_in", "paikan_päällä": "walk_in", "lähipalvelu": "walk_in",
    "home_visit": "home_visit", "homevisit": "home_visit", "kotikäynti": "home_visit",
    "remote": "remote", "etä": "remote", "etätuki": "remote", "distans": "remote",
}  # fmt: skip

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SEP_LINE = re.compile(r"sep=(.)\s*", re.IGNORECASE)
_GEO_ID_COLUMNS = {"id", "fid", "ogc_fid"}


@dataclass(frozen=True)
class UploadResult:
    """A usable provider list plus the warnings the user should still see."""

    providers: gpd.GeoDataFrame
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Table:
    """Any input format reduced to header + rows of text, so validation is written once."""

    kind: str  # "CSV", "XLSX", "GeoJSON", "GeoPackage"
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cell texts)
    points: list[tuple[float, float] | str | None] | None = None  # per row; str = bad geom type
    crs: ProjCRS | None = None
    problems: list[Problem] = field(default_factory=list)


def load_provider_file(
    source: str | os.PathLike | bytes, *, filename: str | None = None
) -> UploadResult:
    """Read a coordinator's provider list and return it in the provider-frame schema.

    Parameters
    ----------
    source
        Path to the file, or its raw bytes (the Streamlit uploader gives bytes).
    filename
        Name shown in messages; with bytes it also tells the format by its extension.

    Returns
    -------
    UploadResult
        `providers` has exactly `PROVIDER_COLUMNS`, every flag of `SERVICE_FLAGS` (False when
        the file lacks it) plus any other `svc_*` column of the file, geometry = Point(x, y)
        in EPSG:3067. `warnings` lists what was fixed or ignored.

    Raises
    ------
    InputError
        When the file cannot be used; it lists every problem found, errors and warnings.
        No other exception escapes, whatever the bytes are.

    Notes
    -----
    Rows are numbered as a spreadsheet shows them: header = row 1, first data row = row 2.
    For GeoJSON and GeoPackage the row is feature index + 2, so the first feature is row 2 as
    well. `Problem.field` is the column name as written in the file ("geometry" for the
    geometry of a GeoJSON/GeoPackage feature).
    """
    data, display = _read_source(source, filename)
    table = _read_table(data, display, filename if filename is not None else display)
    return _validate(table, display)


def check_provider_file(path: str | os.PathLike) -> tuple[int, list[str]]:
    """Check a provider file for the CLI: exit code (0 usable, 1 not) and printable lines.

    The lines are every problem (errors and warnings) and a final one-line summary.
    """
    name = Path(path).name or str(path)
    try:
        result = load_provider_file(path)
    except InputError as exc:
        errors = sum(p.severity == "error" for p in exc.problems)
        n_warn = len(exc.problems) - errors
        lines = [str(p) for p in exc.problems]
        lines.append(
            f"NOT USABLE: {name} has {_plural(errors, 'error')} "
            f"({_plural(n_warn, 'warning')}); fix the errors and check again"
        )
        return 1, lines
    lines = [str(p) for p in result.warnings]
    lines.append(
        f"OK: {_plural(len(result.providers), 'provider')} usable "
        f"({_plural(len(result.warnings), 'warning')})"
    )
    return 0, lines


# --------------------------------------------------------------------------- reading


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fail(display: str, message: str, *, row: int | None = None, field: str | None = None):
    """Raise one whole-file problem (used where nothing else can be checked)."""
    raise InputError([Problem(display, row, field, message)])


def _read_source(source: Any, filename: str | None) -> tuple[bytes, str]:
    """Return the file's bytes and the name to show in messages."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename or "uploaded file"
    try:
        path = Path(source)
    except TypeError:
        msg = f"cannot read {type(source).__name__}; give a file path or the file's bytes"
        raise InputError([Problem(filename or "input", None, None, msg)]) from None
    display = filename or path.name or str(path)
    try:
        return path.read_bytes(), display
    except FileNotFoundError:
        msg = f"file not found: {path}; check the path and the file name"
    except IsADirectoryError:
        msg = f"{path} is a folder, not a file; give the provider list file itself"
    except (OSError, ValueError) as exc:  # permissions, bad characters in the path, ...
        msg = f"cannot read {path}: {exc}"
    raise InputError([Problem(display, None, None, msg)])


def _read_table(data: bytes, display: str, filename: str) -> _Table:
    """Detect the format from the content first (magic bytes), then the extension."""
    ext = Path(filename).suffix.lower()
    if not data.strip():
        _fail(display, "the file is empty; add a header row and one row per provider")
    if data.startswith(b"%PDF"):
        _fail(display, f"this is a PDF document; save the list as {ACCEPTED_FORMATS}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _fail(
            display,
            "this is an old Excel (.xls) or Word file; in Excel choose Save As and pick "
            f"'Excel Workbook (.xlsx)' or CSV. Accepted formats: {ACCEPTED_FORMATS}",
        )
    if ext in {".xls", ".ods", ".doc", ".docx", ".odt", ".pdf", ".shp", ".zip", ".kml", ".kmz"}:
        _fail(
            display,
            f"'{ext}' files are not accepted; save the list as {ACCEPTED_FORMATS}",
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, display)
    if data.startswith(b"SQLite format 3\x00"):
        return _read_geo(data, display, kind="GeoPackage")
    if ext in {".xlsx", ".xlsm"}:
        _fail(display, f"this is not a valid Excel .xlsx workbook. Accepted: {ACCEPTED_FORMATS}")
    if ext == ".gpkg":
        _fail(display, f"this is not a valid GeoPackage file. Accepted: {ACCEPTED_FORMATS}")
    text = _decode(data, display)
    if ext in {".geojson", ".json"} or text.lstrip().startswith("{"):
        return _read_geo(data, display, kind="GeoJSON")
    return _read_csv(text, display)


def _decode(data: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or Windows-1252."""
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is not None:
        controls = sum(
            1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n"
        )
        if "\x00" not in text and controls <= len(text) / 100:
            return text
    _fail(
        display,
        f"this does not look like a text or spreadsheet file. Accepted: {ACCEPTED_FORMATS}",
    )
    raise AssertionError("unreachable")  # pragma: no cover


def _read_csv(text: str, display: str) -> _Table:
    """Parse CSV text, choosing the delimiter (comma, semicolon or tab) from the header line."""
    lines = text.splitlines(keepends=True)
    delimiter = None
    if lines and (m := _SEP_LINE.fullmatch(lines[0].strip())):
        delimiter = m.group(1)  # Excel's "sep=;" hint line; Excel does not show it as a row
        lines = lines[1:]
    first = next((ln for ln in lines if ln.strip()), "")
    if delimiter is None:
        counts = {}
        for cand in (",", ";", "\t"):
            try:
                cells = next(csv.reader([first], delimiter=cand), [])
            except csv.Error:
                cells = []
            counts[cand] = sum(1 for c in cells if c.strip())
        delimiter = max(counts, key=lambda d: counts[d])
    try:
        records = list(csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter))
    except csv.Error as exc:
        _fail(display, f"cannot read the file as CSV ({exc}); check for unbalanced quotes")
    header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        _fail(display, "the file is empty; add a header row and one row per provider")
    header = [c.strip() for c in records[header_at]]
    if sum(1 for c in header if c) < 2:
        _fail(
            display,
            f"found only one column ('{_short(first.strip())}'); a provider list needs several "
            "columns separated by ',' or ';' (name, type, lat, lon, ...). "
            f"Accepted formats: {ACCEPTED_FORMATS}",
            row=header_at + 1,
        )
    table = _Table(kind="CSV", header=header, rows=[])
    width = len(header)
    for i, rec in enumerate(records[header_at + 1 :], start=header_at + 2):
        cells = [c.strip() for c in rec]
        if len(cells) > width and any(cells[width:]):
            hint = (
                "; decimal commas must be quoted, or use ';' as the delimiter"
                if delimiter == ","
                else "; remove the extra values or add a header for them"
            )
            table.problems.append(
                Problem(
                    display,
                    i,
                    None,
                    f"row has {sum(1 for c in cells if c) } values in {len(cells)} columns but "
                    f"the header has {width} columns{hint}",
                )
            )
        table.rows.append((i, (cells + [""] * width)[:width]))
    return table


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _read_xlsx(data: bytes, display: str) -> _Table:
    """Read the first worksheet of an .xlsx workbook; rows keep their sheet numbers."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl style/extension chatter is not for users
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not wb.worksheets:
                    _fail(display, "the workbook has no worksheets; put the list on the first sheet")
                records = [
                    [_cell_text(v) for v in row]
                    for row in wb.worksheets[0].iter_rows(min_row=1, values_only=True)
                ]
            finally:
                wb.close()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - corrupt zips raise many types; all mean "unreadable"
        msg = f"cannot read this as an Excel .xlsx workbook ({type(exc).__name__}). "
        raise InputError([Problem(display, None, None, msg + f"Accepted: {ACCEPTED_FORMATS}")])
    header_at = next((i for i, r in enumerate(records) if any(records[i])), None)
    if header_at is None:
        _fail(display, "the first sheet is empty; add a header row and one row per provider")
    header = records[header_at]
    width = len(header)
    rows = [
        (i, (r + [""] * width)[:width])
        for i, r in enumerate(records[header_at + 1 :], start=header_at + 2)
    ]
    return _Table(kind="XLSX", header=header, rows=rows)


def _read_geo(data: bytes, display: str, *, kind: str) -> _Table:
    """Read GeoJSON or the first GeoPackage layer with pyogrio; keep points in the file's CRS."""
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL notes (e.g. "non conformant extension")
            layer = None
            if kind == "GeoPackage":
                layers = pyogrio.list_layers(io.BytesIO(data))
                if len(layers) == 0:
                    _fail(display, "the GeoPackage has no layers; add a point layer of providers")
                layer = str(layers[0][0])
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=layer)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL signals bad files with many exception types
        detail = str(exc).split(";")[0].replace("/vsimem/", "")
        msg = f"cannot read this as {kind} ({_short(detail, 80)}). Accepted: {ACCEPTED_FORMATS}"
        raise InputError([Problem(display, None, None, msg)]) from None
    geom_col = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    columns = [str(c) for c in frame.columns if c != geom_col]
    if kind == "GeoJSON":
        columns = [c for c in columns if c.lower() not in _GEO_ID_COLUMNS or c.lower() == "id"]
    header = columns
    rows: list[tuple[int, list[str]]] = []
    points: list[tuple[float, float] | str | None] | None = [] if geom_col else None
    geoms = frame.geometry.array if geom_col else None
    values = frame[columns].to_numpy(dtype=object) if columns else np.empty((len(frame), 0))
    for i in range(len(frame)):
        rows.append((i + 2, [_cell_text(v) for v in values[i]]))
        if points is not None and geoms is not None:
            points.append(_point_of(geoms[i]))
    crs = frame.crs if geom_col else None
    if geom_col and crs is None and kind == "GeoJSON":
        crs = ProjCRS.from_epsg(4326)  # RFC 7946: GeoJSON is WGS84 unless it says otherwise
    return _Table(kind=kind, header=header, rows=rows, points=points, crs=crs)


def _point_of(geom: Any) -> tuple[float, float] | str | None:
    """(x, y) of a point geometry; the geometry type name when it is not a point."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
        geom = geom.geoms[0]
    if geom.geom_type != "Point":
        return str(geom.geom_type)
    return float(geom.x), float(geom.y)


def _cell_text(value: Any) -> str:
    """Turn any cell value (text, number, date, missing) into stripped text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)
        if math.isnan(f):
            return ""
        if math.isfinite(f) and f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return repr(f)
    return str(value).strip()


# --------------------------------------------------------------------------- columns


def _norm_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().strip("\ufeff").strip().casefold())


@dataclass
class _Columns:
    """Where each known column is in the table, and the names the user gave them."""

    index: dict[str, int]  # canonical -> column index
    label: dict[str, str]  # canonical -> header text as written
    svc: dict[str, int]  # svc_* flag -> column index
    svc_label: dict[str, str]


def _map_columns(table: _Table, display: str) -> tuple[_Columns, list[Problem]]:
    """Match header names to known columns; return problems about the header itself."""
    problems: list[Problem] = []
    cols = _Columns({}, {}, {}, {})
    ignored: list[str] = []
    for i, raw in enumerate(table.header):
        if not raw:
            continue
        key = _norm_header(raw)
        if key.startswith("svc_") and len(key) > 4:
            target, store, labels = key, cols.svc, cols.svc_label
        elif key in _CANONICAL:
            target, store, labels = _CANONICAL[key], cols.index, cols.label
        else:
            if not (table.kind in {"GeoJSON", "GeoPackage"} and key in _GEO_ID_COLUMNS):
                ignored.append(raw)
            continue
        if target in store:
            problems.append(
                Problem(
                    display,
                    1,
                    raw,
                    f"columns '{labels[target]}' and '{raw}' both give {target}; "
                    "keep only one of them",
                )
            )
            continue
        store[target] = i
        labels[target] = raw

    has_geometry = table.points is not None
    missing = [c for c in ("name", "type") if c not in cols.index]
    has_latlon = "lat" in cols.index or "lon" in cols.index
    has_xy = "x" in cols.index or "y" in cols.index
    if has_latlon:
        missing += [c for c in ("lat", "lon") if c not in cols.index]
    elif has_xy:
        missing += [c for c in ("x", "y") if c not in cols.index]
    elif not has_geometry:
        missing.append("lat and lon (or x and y)")
    if missing:
        found = ", ".join(f"'{h}'" for h in table.header if h) or "none"
        accepted = "; ".join(
            f"{c}: {', '.join(_ALIASES[c])}" for c in ("name", "type", "lat", "lon", "x", "y")
        )
        problems.append(
            Problem(
                display,
                None,
                None,
                f"missing required columns: {', '.join(missing)}. Columns found: {found}. "
                f"Add them to the header row; accepted names are {accepted}",
            )
        )
    if ignored and not missing:
        problems.append(
            Problem(
                display,
                None,
                None,
                f"columns not used: {', '.join(ignored)}; rename them if they hold provider data "
                "(e.g. nimi, tyyppi, leveys, pituus, osoite, kapasiteetti, svc_*)",
                severity="warning",
            )
        )
    return cols, problems


# --------------------------------------------------------------------------- values


def _parse_number(text: str) -> float | None:
    """Parse '60.17', '60,17', '6 672 300', '1.234,5' and '24.9°'; None if not a finite number."""
    s = text.strip().replace("\u2212", "-").rstrip("°").strip()
    s = re.sub(r"[\s\u00a0\u202f\u2009']", "", s)
    if "," in s and "." in s:
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


def _in_wgs84_box(lat: float, lon: float) -> bool:
    return FINLAND_LAT[0] <= lat <= FINLAND_LAT[1] and FINLAND_LON[0] <= lon <= FINLAND_LON[1]


def _in_3067_box(x: float, y: float) -> bool:
    xmin, ymin, xmax, ymax = FINLAND_BBOX_3067
    return math.isfinite(x) and math.isfinite(y) and xmin <= x <= xmax and ymin <= y <= ymax


@cache
def _to_3067(source_wkt: str) -> Transformer:
    return Transformer.from_crs(ProjCRS.from_user_input(source_wkt), CRS, always_xy=True)


def _fmt(value: float) -> str:
    return f"{value:.6g}" if abs(value) < 1e5 else f"{value:.0f}"


@dataclass
class _RowContext:
    """What a row check needs to know besides the row itself."""

    display: str
    cols: _Columns
    problems: list[Problem]

    def error(self, row: int, fld: str | None, message: str) -> None:
        self.problems.append(Problem(self.display, row, fld, message))

    def warn(self, row: int, fld: str | None, message: str) -> None:
        self.problems.append(Problem(self.display, row, fld, message, severity="warning"))

    def get(self, cells: list[str], canon: str) -> str | None:
        """Cell text of a known column; None when the file has no such column."""
        i = self.cols.index.get(canon)
        return None if i is None else cells[i]

    def label(self, canon: str) -> str:
        return self.cols.label.get(canon, canon)


def _coords_from_latlon(ctx: _RowContext, row: int, lat_s: str, lon_s: str):
    """x/y in EPSG:3067 from WGS84 degree columns, fixing swapped lat/lon with a warning."""
    lat_l, lon_l = ctx.label("lat"), ctx.label("lon")
    ok = True
    vals = {}
    for canon, text, lab in (("lat", lat_s, lat_l), ("lon", lon_s, lon_l)):
        if not text:
            ctx.error(row, lab, f"{lab} is empty; give WGS84 decimal degrees such as "
                      f"{'60.1699' if canon == 'lat' else '24.9384'}")  # fmt: skip
            ok = False
            continue
        value = _parse_number(text)
        if value is None:
            ctx.error(row, lab, f"{lab} '{_short(text)}' is not a number; write decimal degrees "
                      f"such as {'60.1699' if canon == 'lat' else '24.9384'}")  # fmt: skip
            ok = False
        vals[canon] = value
    if not ok:
        return None
    lat, lon = vals["lat"], vals["lon"]
    if not _in_wgs84_box(lat, lon):
        if _in_wgs84_box(lon, lat):
            ctx.warn(
                row,
                lat_l,
                f"{lat_l} {_fmt(lat)} and {lon_l} {_fmt(lon)} look swapped and were swapped back; "
                f"check that {lat_l} is the north coordinate (59.3–70.2 in Finland)",
            )
            lat, lon = lon, lat
        else:
            bad = lat_l if not FINLAND_LAT[0] <= lat <= FINLAND_LAT[1] else lon_l
            hint = "check that the coordinates are WGS84 decimal degrees"
            if _in_3067_box(lon, lat) or _in_3067_box(lat, lon):
                hint = "these look like ETRS-TM35FIN metres: name the columns x and y instead"
            ctx.error(
                row,
                bad,
                f"{lat_l} {_fmt(lat)}, {lon_l} {_fmt(lon)} is outside Finland "
                f"(lat {FINLAND_LAT[0]}–{FINLAND_LAT[1]}, lon {FINLAND_LON[0]}–{FINLAND_LON[1]}); "
                + hint,
            )
            return None
    x, y = _to_3067("EPSG:4326").transform(lon, lat)
    return float(x), float(y)


def _coords_from_xy(ctx: _RowContext, row: int, x_s: str, y_s: str):
    """x/y from ETRS-TM35FIN metre columns, fixing swapped x/y with a warning."""
    x_l, y_l = ctx.label("x"), ctx.label("y")
    vals = {}
    ok = True
    for canon, text, lab in (("x", x_s, x_l), ("y", y_s, y_l)):
        example = "385700" if canon == "x" else "6672300"
        if not text:
            ctx.error(row, lab, f"{lab} is empty; give ETRS-TM35FIN metres such as {example}")
            ok = False
            continue
        value = _parse_number(text)
        if value is None:
            ctx.error(row, lab, f"{lab} '{_short(text)}' is not a number; write ETRS-TM35FIN "
                      f"metres such as {example}")  # fmt: skip
            ok = False
        vals[canon] = value
    if not ok:
        return None
    x, y = vals["x"], vals["y"]
    if _in_3067_box(x, y):
        return x, y
    if _in_3067_box(y, x):
        ctx.warn(
            row,
            x_l,
            f"{x_l} {_fmt(x)} and {y_l} {_fmt(y)} look swapped and were swapped back; check that "
            f"{y_l} is the north coordinate (about 6 600 000–7 800 000 m)",
        )
        return y, x
    xmin, ymin, xmax, ymax = FINLAND_BBOX_3067
    bad = x_l if not xmin <= x <= xmax else y_l
    hint = "check that they are ETRS-TM35FIN (EPSG:3067) metres"
    if _in_wgs84_box(y, x) or _in_wgs84_box(x, y):
        hint = "these look like WGS84 degrees: name the columns lat and lon instead"
    ctx.error(
        row,
        bad,
        f"{x_l} {_fmt(x)}, {y_l} {_fmt(y)} is outside Finland (x {xmin:.0f}–{xmax:.0f}, "
        f"y {ymin:.0f}–{ymax:.0f}); " + hint,
    )
    return None


def _coords_from_geometry(ctx: _RowContext, row: int, point: tuple[float, float], crs: ProjCRS):
    """x/y in EPSG:3067 from a feature's point, fixing swapped axes with a warning."""
    transformer = _to_3067(crs.to_wkt())
    gx, gy = point
    x, y = (float(v) for v in transformer.transform(gx, gy))
    if _in_3067_box(x, y):
        return x, y
    sx, sy = (float(v) for v in transformer.transform(gy, gx))
    if _in_3067_box(sx, sy):
        ctx.warn(
            row,
            "geometry",
            f"point ({_fmt(gx)}, {_fmt(gy)}) has its coordinates swapped and was swapped back; "
            "GeoJSON points are written [longitude, latitude] (east first)",
        )
        return sx, sy
    name = crs.to_string()
    ctx.error(
        row,
        "geometry",
        f"point ({_fmt(gx)}, {_fmt(gy)}) in {name} is outside Finland; check the coordinate "
        "system the file declares and that the point is placed where the provider is",
    )
    return None


def _parse_languages(ctx: _RowContext, row: int, text: str) -> str:
    codes: list[str] = []
    for token in re.split(r"[,;/|+&\s]+", text.casefold()):
        if not token or token in _LANGUAGE_JOINERS:
            continue
        code = _LANGUAGE_NAMES.get(token, token if re.fullmatch(r"[a-z]{2}", token) else None)
        if code is None:
            ctx.warn(row, ctx.label("languages"), f"language '{_short(token)}' not recognised and "
                     "left out; use ISO 639-1 codes such as fi, sv, en")  # fmt: skip
        elif code not in codes:
            codes.append(code)
    return ";".join(codes)


def _parse_date(text: str) -> str | None:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        return None
    return None


def _check_row(
    ctx: _RowContext,
    row: int,
    cells: list[str],
    point: tuple[float, float] | str | None,
    crs: ProjCRS | None,
    today: str,
    display: str,
) -> dict[str, Any] | None:
    """Validate one row; return the provider record or None (problems go to ctx)."""
    n_before = sum(p.severity == "error" for p in ctx.problems)
    name = ctx.get(cells, "name") or ""
    if not name:
        ctx.error(row, ctx.label("name"), "name is empty; give the place a name, e.g. "
                  "'Oodi, Helsingin keskustakirjasto'")  # fmt: skip

    type_text = ctx.get(cells, "type") or ""
    type_id = resolve_provider_type(type_text) if type_text else None
    if type_id is None:
        valid = ", ".join(provider_types())
        what = f"unknown provider type '{_short(type_text)}'" if type_text else "type is empty"
        ctx.error(row, ctx.label("type"), f"{what}; use one of: {valid} (Finnish or Swedish "
                  "names such as 'kirjasto' or 'bibliotek' also work)")  # fmt: skip

    coords = None
    lat_s, lon_s = ctx.get(cells, "lat") or "", ctx.get(cells, "lon") or ""
    x_s, y_s = ctx.get(cells, "x") or "", ctx.get(cells, "y") or ""
    if isinstance(point, tuple) and crs is not None:
        coords = _coords_from_geometry(ctx, row, point, crs)
    elif isinstance(point, str) and not (lat_s or lon_s or x_s or y_s):
        ctx.error(row, "geometry", f"geometry is a {point}; each provider must be a point")
    elif lat_s or lon_s:
        coords = _coords_from_latlon(ctx, row, lat_s, lon_s)
    elif x_s or y_s:
        coords = _coords_from_xy(ctx, row, x_s, y_s)
    else:
        if "lat" in ctx.cols.index:
            where, what = ctx.label("lat"), f"{ctx.label('lat')} and {ctx.label('lon')}"
        elif "x" in ctx.cols.index:
            where, what = ctx.label("x"), f"{ctx.label('x')} and {ctx.label('y')}"
        else:
            where, what = "geometry", "a point geometry"
        ctx.error(row, where, f"no coordinates; give {what} (WGS84 degrees such as 60.1699, "
                  "24.9384, or ETRS-TM35FIN metres as x and y)")  # fmt: skip

    pt = provider_types().get(type_id) if type_id else None
    capacity = pt.capacity_h_week if pt else float("nan")
    cap_text = ctx.get(cells, "capacity") or ""
    if cap_text:
        value = _parse_number(cap_text)
        if value is None or value <= 0:
            default = f" (default for {type_id}: {pt.capacity_h_week:g} h)" if pt else ""
            ctx.error(row, ctx.label("capacity"), f"capacity '{_short(cap_text)}' must be a "
                      "positive number of support hours per week, e.g. 10; leave it empty to use "
                      f"the default for the type{default}")  # fmt: skip
        else:
            capacity = value

    auta = pt.auta_part if pt else ""
    auta_text = ctx.get(cells, "auta_part") or ""
    if auta_text:
        key = re.sub(r"[\s+&/,;]|JA|OCH|AND", "", auta_text.upper())
        if key in _AUTA_PARTS:
            auta = _AUTA_PARTS[key]
        else:
            ctx.error(row, ctx.label("auta_part"), f"auta_part '{_short(auta_text)}' must be A "
                      "(e-service advice), B (skills training) or AB (both)")  # fmt: skip

    channel = pt.channel if pt else ""
    ch_text = ctx.get(cells, "channel") or ""
    if ch_text:
        key = re.sub(r"[\s\-]+", "_", ch_text.casefold())
        if key in _CHANNELS:
            channel = _CHANNELS[key]
        else:
            ctx.error(row, ctx.label("channel"), f"channel '{_short(ch_text)}' is unknown; use "
                      "one of: walk_in, home_visit, remote")  # fmt: skip

    kunta = ctx.get(cells, "kunta_code") or ""
    if kunta:
        if re.fullmatch(r"\d{1,3}", kunta):
            kunta = kunta.zfill(3)
        else:
            ctx.warn(row, ctx.label("kunta_code"), f"'{_short(kunta)}' is not a 3-digit "
                     "municipality code (e.g. 091 for Helsinki); it is ignored and the "
                     "municipality is taken from the location")  # fmt: skip
            kunta = ""

    ref_date = today
    date_text = ctx.get(cells, "reference_date") or ""
    if date_text:
        parsed = _parse_date(date_text)
        if parsed is None:
            ctx.error(row, ctx.label("reference_date"), f"date '{_short(date_text)}' is not a "
                      "valid date; write it as YYYY-MM-DD (e.g. 2025-03-31) or 31.3.2025")  # fmt: skip
        else:
            ref_date = parsed

    flags: dict[str, bool] = {}
    for flag, i in ctx.cols.svc.items():
        text = cells[i].casefold()
        if text in _TRUE:
            flags[flag] = True
        else:
            flags[flag] = False
            if text not in _FALSE:
                ctx.warn(row, ctx.cols.svc_label[flag], f"'{_short(cells[i])}' is not yes or no; "
                         "treated as no. Use 1/0, kyllä/ei, x or empty")  # fmt: skip

    languages = _parse_languages(ctx, row, ctx.get(cells, "languages") or "")
    if sum(p.severity == "error" for p in ctx.problems) > n_before or coords is None:
        return None
    return {
        "provider_id": f"upload:{row}",
        "name": name,
        "provider_type": type_id,
        "auta_part": auta,
        "channel": channel,
        "capacity_h_week": float(capacity),
        "kunta_code": kunta,
        "x": coords[0],
        "y": coords[1],
        "address": ctx.get(cells, "address") or "",
        "languages": languages,
        "source": f"user file {display}",
        "reference_date": ref_date,
        "location_approximate": False,
        **flags,
    }


# --------------------------------------------------------------------------- whole table


def _guess_crs(points: list[tuple[float, float] | str | None]) -> ProjCRS:
    """CRS for a layer that declares none: degrees if every point looks like degrees."""
    pts = [p for p in points if isinstance(p, tuple)]
    if pts and all(abs(px) <= 180 and abs(py) <= 90 for px, py in pts):
        return ProjCRS.from_epsg(4326)
    return ProjCRS.from_epsg(3067)


def _validate(table: _Table, display: str) -> UploadResult:
    """Check header and every row, then raise once with all problems or build the frame."""
    problems = list(table.problems)
    cols, header_problems = _map_columns(table, display)
    problems += header_problems
    if any(p.severity == "error" for p in header_problems):
        raise InputError(_sorted(problems))

    crs = table.crs
    if table.points is not None and crs is None and any(isinstance(p, tuple) for p in table.points):
        crs = _guess_crs(table.points)
        problems.append(
            Problem(display, None, "geometry", f"the layer declares no coordinate system; assumed "
                    f"{crs.to_string()} from the coordinate values. Set the CRS in your GIS "
                    "program to be sure", severity="warning")  # fmt: skip
        )

    ctx = _RowContext(display, cols, problems)
    today = dt.date.today().isoformat()
    records: list[dict[str, Any]] = []
    seen_exact: dict[tuple, int] = {}
    n_data = 0
    for k, (row, cells) in enumerate(table.rows):
        point = table.points[k] if table.points is not None else None
        if not any(cells) and point is None:
            continue  # blank spreadsheet row
        n_data += 1
        key = (tuple(cells), point)
        if key in seen_exact:
            ctx.warn(row, None, f"row {row} is an exact copy of row {seen_exact[key]}; "
                     f"row {row} was left out")  # fmt: skip
            continue
        seen_exact[key] = row
        record = _check_row(ctx, row, cells, point, crs, today, display)
        if record is not None:
            records.append(record)
    if n_data == 0:
        problems.append(
            Problem(display, None, None, "no data rows below the header; add one row per provider")
        )
    if any(p.severity == "error" for p in problems):
        raise InputError(_sorted(problems))

    records = _drop_near_duplicates(records, ctx)
    flags = list(SERVICE_FLAGS) + [f for f in cols.svc if f not in SERVICE_FLAGS]
    frame = pd.DataFrame.from_records(records, columns=[*PROVIDER_COLUMNS, *flags])
    for flag in flags:
        frame[flag] = frame[flag].fillna(False).astype(bool)
    frame = frame.astype(
        {"capacity_h_week": float, "x": float, "y": float, "location_approximate": bool}
    )
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs=CRS)
    return UploadResult(providers=gdf, warnings=_sorted(problems))


def _drop_near_duplicates(records: list[dict[str, Any]], ctx: _RowContext) -> list[dict[str, Any]]:
    """Keep the first of rows with the same name (case/space-insensitive) within 50 m."""
    kept: list[dict[str, Any]] = []
    by_name: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        key = " ".join(rec["name"].casefold().split())
        row = int(rec["provider_id"].split(":")[1])
        dup = None
        for earlier in by_name.get(key, []):
            dist = math.hypot(rec["x"] - earlier["x"], rec["y"] - earlier["y"])
            if dist <= DUPLICATE_DISTANCE_M:
                dup = (earlier, dist)
                break
        if dup is not None:
            first = int(dup[0]["provider_id"].split(":")[1])
            ctx.warn(row, ctx.label("name"), f"row {row} duplicates row {first} (same name "
                     f"'{_short(rec['name'])}', {dup[1]:.0f} m apart); row {row} was left out")  # fmt: skip
            continue
        by_name.setdefault(key, []).append(rec)
        kept.append(rec)
    return kept


def _sorted(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by row; stable so column order within a row stays."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)
