"""Load a coordinator's own provider list into the provider frame.

One loader for CSV, Excel (.xlsx), GeoJSON and GeoPackage, so the app's uploader and the CLI
(`providers check`) accept exactly the same files and report problems the same way: every
problem at once, by spreadsheet row and column, with a hint about what to change. A file with
errors is refused as a whole (`InputError`); fixable slips (swapped coordinates, duplicate rows)
are fixed and reported as warnings, never silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pyproj

from coverage.data.schema import CRS, PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.data.taxonomy import ProviderType, provider_types, resolve_provider_type
from coverage.defaults import (
    FINLAND_BBOX_3067,
    FINLAND_LAT,
    FINLAND_LON,
    UPLOAD_MAX_COLUMNS,
    UPLOAD_MAX_FILE_MB,
    UPLOAD_MAX_PROBLEMS_LISTED,
    UPLOAD_MAX_ROWS,
    UPLOAD_MAX_UNPACKED_MB,
    UPLOAD_MAX_ZIP_MEMBERS,
)
from coverage.errors import InputError, Problem
from coverage.messages import Count, Term, format_message, problem

if TYPE_CHECKING:
    import os

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from shapely.geometry.base import BaseGeometry

# The box around Finland (defaults.py): every point of a user's file must fall in it.

DUPLICATE_DISTANCE_M = 50.0
"""Rows with the same name at most this far apart are one place entered twice."""

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
"""Accepted header names per field (compared case-insensitively, spaces/hyphens as `_`)."""

_CANONICAL = {alias: canon for canon, aliases in _ALIASES.items() for alias in aliases}

_TRUE = frozenset({"1", "true", "kyllä", "kylla", "x", "yes", "ja", "y", "k", "tosi"})
_FALSE = frozenset({"", "0", "false", "ei", "no", "nej", "n", "-", "epätosi"})

_LANGUAGE_NAMES = {
    "suomi": "fi", "finnish": "fi", "finska": "fi", "fin": "fi",
    "ruotsi": "sv", "swedish": "sv", "svenska": "sv", "swe": "sv",
    "englanti": "en", "english": "en", "engelska": "en", "eng": "en",
    "saame": "se", "saamen": "se", "sámi": "se", "saami": "se", "samiska": "se",
    "venäjä": "ru", "russian": "ru", "ryska": "ru",
    "viro": "et", "eesti": "et", "estonian": "et",
    "ukraina": "uk", "ukrainian": "uk",
    "arabia": "ar", "arabic": "ar",
    "somali": "so",
}  # fmt: skip
_LANGUAGE_JOINERS = frozenset({"ja", "och", "and"})

_AUTA_PARTS = {"A": "A", "B": "B", "AB": "AB", "BA": "AB"}
_CHANNELS = {
    "walk_in": "walk_in", "walkin": "walk_in", "paikan_päällä": "walk_in",
    "home_visit": "home_visit", "homevisit": "home_visit", "kotikäynti": "home_visit",
    "remote": "remote", "etä": "remote", "etätuki": "remote", "distans": "remote",
}  # fmt: skip

_MIN_CSV_COLUMNS = 2
_HEAD_CHARS = 65_536  # enough of a CSV's start to find its header line and delimiter
_MB = 2**20  # bytes in the MB of the limits (Streamlit's maxUploadSize counts the same way)
_EXCEL_MAX_ROWS = 1_048_576  # no worksheet row lies beyond this; a larger row number is forged
_MAX_ABS_LON, _MAX_ABS_LAT = 180.0, 90.0
_METRE_RANGE = (1e5, 1e9)  # values shown as whole metres in messages
_MAX_EXACT_FLOAT_INT = 1e15
_SVC_PREFIX = "svc_"

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SEP_LINE = re.compile(r"sep=([,;\t|])", re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not tab, CR, LF
_GEO_ID_COLUMNS = frozenset({"id", "fid", "ogc_fid"})
_REJECTED_EXTENSIONS = frozenset(
    {".xls", ".ods", ".doc", ".docx", ".odt", ".pdf", ".shp", ".zip", ".kml", ".kmz"}
)


@dataclass(frozen=True)
class UploadResult:
    """A usable provider list plus the warnings the user should still see."""

    providers: gpd.GeoDataFrame
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _ProblemLog:
    """The problems of one file: at most `UPLOAD_MAX_PROBLEMS_LISTED` listed, the rest counted.

    Errors are listed before warnings (they are what stops the file), each by row. Whole-file
    problems (no row) are always listed; they are few.
    """

    display: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    n_errors: int = 0
    n_warnings: int = 0

    def add(self, item: Problem) -> None:
        """Record a problem; keep it while it may still be listed."""
        if item.severity == "error":
            self.n_errors += 1
            kept, n = self.errors, self.n_errors
        else:
            self.n_warnings += 1
            kept, n = self.warnings, self.n_warnings
        if item.row is None or n <= UPLOAD_MAX_PROBLEMS_LISTED:
            kept.append(item)

    def problems(self) -> list[Problem]:
        """Return the listed problems by row, then one line counting the ones not listed."""
        room = max(UPLOAD_MAX_PROBLEMS_LISTED - len(self.errors), 0)
        warnings = [w for w in self.warnings if w.row is None] + [
            w for w in self.warnings if w.row is not None
        ][:room]
        out = _sorted(self.errors + warnings)
        omitted_errors = self.n_errors - len(self.errors)
        omitted_warnings = self.n_warnings - len(warnings)
        if omitted_errors or omitted_warnings:
            out.append(
                problem(
                    self.display,
                    None,
                    None,
                    "limit.problems_listed",
                    severity="error" if omitted_errors else "warning",
                    n=omitted_errors + omitted_warnings,
                    errors=Count(omitted_errors, "error"),
                    warnings=Count(omitted_warnings, "warning"),
                    limit=UPLOAD_MAX_PROBLEMS_LISTED,
                )
            )
        return out


def problem_counts(problems: list[Problem]) -> tuple[int, int]:
    """Return (errors, warnings) in `problems`, counting those a "not listed" line stands for."""
    n_err = n_warn = 0
    for p in problems:
        if p.code == "limit.problems_listed":
            params = dict(p.params)
            n_err += params["errors"].n  # type: ignore[attr-defined]
            n_warn += params["warnings"].n  # type: ignore[attr-defined]
        elif p.severity == "error":
            n_err += 1
        else:
            n_warn += 1
    return n_err, n_warn


@dataclass
class _Table:
    """Any input format reduced to header + rows of text, so validation is written once."""

    kind: str  # "CSV", "XLSX", "GeoJSON", "GeoPackage"
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cell texts)
    header_row: int = 1
    points: list[tuple[float, float] | str | None] | None = None  # per row; str = not a point
    crs: pyproj.CRS | None = None
    log: _ProblemLog | None = None


def load_provider_file(
    source: str | os.PathLike | bytes, *, filename: str | None = None
) -> UploadResult:
    """Read a coordinator's provider list and return it in the provider-frame schema.

    Parameters
    ----------
    source
        Path to the file, or its raw bytes (the Streamlit uploader gives bytes).
    filename
        Name shown in messages; with bytes, its extension also helps tell the format.

    Returns
    -------
    UploadResult
        `providers` has exactly `PROVIDER_COLUMNS`, every flag of `SERVICE_FLAGS` (False when
        the file lacks it) plus any other `svc_*` column of the file, geometry = Point(x, y)
        in EPSG:3067. `warnings` lists what was fixed or ignored.

    Raises
    ------
    InputError
        When the file cannot be used. It lists every problem found (errors and warnings), not
        just the first. No other exception escapes, whatever the bytes are.

    Notes
    -----
    Rows are numbered as a spreadsheet shows them: header = row 1, first data row = row 2.
    For GeoJSON and GeoPackage the row is the feature index + 2, so the first feature is
    "row 2" too. `Problem.field` is the column name as written in the file, or "geometry" for
    a feature's geometry. Header problems (missing columns) stop before the rows are checked,
    since row checks cannot be trusted without them.
    """
    data, display = _read_source(source, filename)
    table = _read_table(data, display, filename if filename is not None else display)
    return _validate(table, display)


def check_provider_file(path: str | os.PathLike) -> tuple[int, list[str]]:
    """Check a provider file for the CLI: exit code (0 usable, 1 not) and printable lines.

    The lines are every problem (errors and warnings) and a final one-line summary, so the
    CLI only prints them.
    """
    name = Path(path).name or str(path)
    try:
        result = load_provider_file(path)
    except InputError as exc:
        n_err, n_warn = problem_counts(exc.problems)
        lines = [str(p) for p in exc.problems]
        errors, warns = Count(n_err, "error"), Count(n_warn, "warning")
        lines.append(
            format_message("upload.summary_refused", "en", name=name, errors=errors, warnings=warns)
        )
        return 1, lines
    lines = [str(p) for p in result.warnings]
    lines.append(
        format_message(
            "upload.summary_ok",
            "en",
            providers=Count(len(result.providers), "provider"),
            warnings=Count(problem_counts(result.warnings)[1], "warning"),
        )
    )
    return 0, lines


# ----------------------------------------------------------------------------------- reading


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _fail(display: str, code: str, /, *, row: int | None = None, **params: object) -> NoReturn:
    """Raise one whole-file problem, for when nothing else in the file can be checked."""
    raise InputError([problem(display, row, None, code, **params)])


def _read_source(source: object, filename: str | None) -> tuple[bytes, str]:
    """Return the file's bytes and the name to show in messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        display = filename or "uploaded file"
        check_file_size(len(source), display)
        return bytes(source), display
    try:
        path = Path(source)  # type: ignore[arg-type]
    except TypeError:
        kind = type(source).__name__
        bad = problem(filename or "input", None, None, "upload.bad_source", kind=kind)
        raise InputError([bad]) from None
    display = filename or path.name or str(path)
    params: dict[str, object] = {"path": str(path)}
    try:
        size = path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        size = 0  # reading it below says why
    check_file_size(size, display)  # before reading it
    try:
        return path.read_bytes(), display
    except FileNotFoundError:
        code = "upload.file_not_found"
    except IsADirectoryError:
        code = "upload.is_a_folder"
    except (OSError, ValueError) as exc:  # permissions, NUL in the path, name too long, ...
        code, params["detail"] = "upload.cannot_read_path", str(exc)
    _fail(display, code, **params)


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / _MB:.1f}"


def check_file_size(n_bytes: int, display: str) -> None:
    """Refuse a file larger than `UPLOAD_MAX_FILE_MB` before reading it (InputError)."""
    if n_bytes > UPLOAD_MAX_FILE_MB * _MB:
        _fail(display, "limit.file_size", size_mb=_mb(n_bytes), limit_mb=UPLOAD_MAX_FILE_MB)


def _check_zip(data: bytes, display: str) -> None:
    """Refuse a zip (XLSX) whose members would unpack beyond the limits; reads no member.

    The sizes are the ones the zip's directory declares; Python's zipfile (used by openpyxl)
    stops inflating a member at its declared size, so a member that lies cannot grow further.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _fail(display, "upload.xlsx_unreadable")
    if len(members) > UPLOAD_MAX_ZIP_MEMBERS:
        _fail(display, "limit.zip_members", n=len(members), limit=UPLOAD_MAX_ZIP_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > UPLOAD_MAX_UNPACKED_MB * _MB:
        largest = max(members, key=lambda m: m.file_size)
        _fail(
            display,
            "limit.unpacked_size",
            size_mb=_mb(total),
            member=_short(largest.filename),
            member_mb=_mb(largest.file_size),
            limit_mb=UPLOAD_MAX_UNPACKED_MB,
        )


def _check_columns(n_columns: int, display: str, row: int | None) -> None:
    if n_columns > UPLOAD_MAX_COLUMNS:
        _fail(display, "limit.columns", row=row, n=n_columns, limit=UPLOAD_MAX_COLUMNS)


def _too_many_rows(display: str) -> NoReturn:
    _fail(display, "limit.rows", limit=UPLOAD_MAX_ROWS)


def check_row_count(n_rows: int, display: str) -> None:
    """Refuse a file of more than `UPLOAD_MAX_ROWS` data rows (InputError)."""
    if n_rows > UPLOAD_MAX_ROWS:
        _too_many_rows(display)


def listed_problems(problems: list[Problem], display: str) -> list[Problem]:
    """Return the problems to show: at most `UPLOAD_MAX_PROBLEMS_LISTED`, then a count line."""
    log = _ProblemLog(display)
    for p in problems:
        log.add(p)
    return log.problems()


def _read_table(data: bytes, display: str, filename: str) -> _Table:
    """Detect the format from the content (magic bytes) first, then from the extension."""
    ext = Path(filename).suffix.lower()
    if not data.strip():
        _fail(display, "upload.empty_file")
    if data.startswith(b"%PDF"):
        _fail(display, "upload.pdf")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _fail(display, "upload.old_office")
    if ext in _REJECTED_EXTENSIONS:
        _fail(display, "upload.rejected_extension", ext=ext)
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data, display)
        return _read_xlsx(data, display)
    if data.startswith(b"SQLite format 3\x00"):
        return _read_geo(data, display, kind="GeoPackage")
    if ext in {".xlsx", ".xlsm"}:
        _fail(display, "upload.invalid_xlsx")
    if ext == ".gpkg":
        _fail(display, "upload.invalid_gpkg")
    text = _decode(data, display)
    if ext in {".geojson", ".json"} or text.lstrip().startswith("{"):
        return _read_geo(data, display, kind="GeoJSON")
    return _read_csv(text, display)


def _decode(data: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or Windows-1252."""
    text: str | None = None
    encodings = ("utf-16", "utf-8-sig", "cp1252")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = encodings[1:]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if (
        text is not None
        and "\x00" not in text
        and len(_CONTROL_CHARS.findall(text)) <= len(text) / 100
    ):
        return text
    _fail(display, "upload.not_text")


def _read_csv(text: str, display: str) -> _Table:
    """Parse CSV text, choosing the delimiter (comma, semicolon or tab) from the header line."""
    delimiter = None
    head = text[:_HEAD_CHARS].splitlines(keepends=True)  # the start is enough to look at
    if head and (m := _SEP_LINE.fullmatch(head[0].strip(" \r\n"))):
        delimiter = m.group(1)  # Excel's "sep=;" hint line; Excel does not show it as a row
        text = text[len(head[0]) :]
        head = head[1:]
    first = next((ln for ln in head if ln.strip()), "")
    if delimiter is None:
        counts = {d: sum(1 for c in _split_line(first, d) if c.strip()) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_at, header = 0, []
        for header_at, rec in enumerate(reader):  # noqa: B007 - header_at is used below
            if any(c.strip() for c in rec):
                header = [c.strip() for c in rec]
                break
        else:
            _fail(display, "upload.empty_file")
        _check_columns(len(header), display, header_at + 1)
        if sum(1 for c in header if c) < _MIN_CSV_COLUMNS:
            _fail(display, "upload.one_column", row=header_at + 1, first_line=_short(first.strip()))
        table = _Table(kind="CSV", header=header, rows=[], header_row=header_at + 1)
        table.log = _ProblemLog(display)
        width = len(header)
        n_data = 0
        for row, rec in enumerate(reader, start=header_at + 2):
            cells = [c.strip() for c in rec]
            if any(cells):
                n_data += 1
                if n_data > UPLOAD_MAX_ROWS:
                    _too_many_rows(display)
            if len(cells) > width and any(cells[width:]):
                code = (
                    "upload.too_many_values_decimal_comma"
                    if delimiter == ","
                    else "upload.too_many_values"
                )
                table.log.add(
                    problem(display, row, None, code, n_values=len(cells), n_columns=width)
                )
            table.rows.append((row, (cells + [""] * width)[:width]))
    except csv.Error as exc:
        _fail(display, "upload.csv_unreadable", detail=str(exc))
    return table


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _read_xlsx(data: bytes, display: str) -> _Table:
    """Read the first worksheet of an .xlsx workbook; rows keep their sheet numbers."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl style/extension notes are not for users
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                header, header_row, rows = (
                    _sheet_rows(wb.worksheets[0], display) if wb.worksheets else ([], 0, [])
                )
            finally:
                wb.close()
    except InputError:
        raise
    except Exception:  # a corrupt zip raises many exception types; all mean "unreadable"
        raise InputError([problem(display, None, None, "upload.xlsx_unreadable")]) from None
    if not header:
        _fail(display, "upload.empty_sheet")
    return _Table(kind="XLSX", header=header, rows=rows, header_row=header_row)


def _sheet_rows(
    sheet: ReadOnlyWorksheet, display: str
) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    """Return (header, its row number, data rows) of a read-only sheet, within the limits.

    Rows are streamed: the sheet is never held whole, and reading stops at the row limit.
    The sheet's declared dimensions are ignored (a forged one would pad every row).
    """
    sheet.reset_dimensions()
    header: list[str] = []
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    n_data = 0
    for row, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        if row > _EXCEL_MAX_ROWS:
            break
        if not header:
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()  # formatted but empty columns at the right
            if cells:
                _check_columns(len(cells), display, row)
                header, header_row = cells, row
            continue
        width = len(header)
        cells = [_cell_text(v) for v in values[:width]]
        if any(cells):
            n_data += 1
            if n_data > UPLOAD_MAX_ROWS:
                _too_many_rows(display)
        rows.append((row, cells + [""] * (width - len(cells))))
    return header, header_row, rows


def _read_geo(data: bytes, display: str, *, kind: str) -> _Table:
    """Read GeoJSON or the first GeoPackage layer with pyogrio; keep points in the file's CRS."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL notes such as "non conformant extension"
            layer = None
            if kind == "GeoPackage":
                layers = pyogrio.list_layers(io.BytesIO(data))
                if len(layers) == 0:
                    _fail(display, "upload.gpkg_no_layers")
                layer = str(layers[0][0])
            frame = pyogrio.read_dataframe(
                io.BytesIO(data), layer=layer, max_features=UPLOAD_MAX_ROWS + 1
            )
    except InputError:
        raise
    except Exception as exc:  # GDAL reports bad files with many exception types
        detail = re.sub(r"'?/vsimem/[^\s']*'?\s*", "", str(exc).split(";")[0]).strip()
        detail = _short(detail.rstrip("."), 80)
        unreadable = problem(display, None, None, "upload.geo_unreadable", kind=kind, detail=detail)
        raise InputError([unreadable]) from None
    if len(frame) > UPLOAD_MAX_ROWS:
        _too_many_rows(display)
    geom_col = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    # Feature ids are bookkeeping of the writing program, not provider data.
    header = [
        str(c) for c in frame.columns if c != geom_col and str(c).lower() not in _GEO_ID_COLUMNS
    ]
    _check_columns(len(header), display, None)
    values = frame[header].to_numpy(dtype=object) if header else np.empty((len(frame), 0))
    rows = [(i + 2, [_cell_text(v) for v in values[i]]) for i in range(len(frame))]
    points = None
    crs = None
    if geom_col is not None:
        points = [_point_of(g) for g in frame.geometry.array]
        crs = frame.crs
        if crs is None and kind == "GeoJSON":
            crs = pyproj.CRS.from_epsg(4326)  # RFC 7946: GeoJSON is WGS84 unless it says so
    return _Table(kind=kind, header=header, rows=rows, points=points, crs=crs)


def _point_of(geom: BaseGeometry | None) -> tuple[float, float] | str | None:
    """Return (x, y) of a point geometry, or the geometry type name when it is not a point."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
        geom = geom.geoms[0]
    if geom.geom_type != "Point":
        return str(geom.geom_type)
    return float(geom.x), float(geom.y)


def _cell_text(value: object) -> str:
    """Turn any cell value (text, number, date, missing) into stripped text."""
    if isinstance(value, str):
        return value.strip()
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, dt.date | np.datetime64):
        return _date_text(value)
    if isinstance(value, numbers.Real):
        return _number_text(value)
    return str(value).strip()


def _date_text(value: dt.date | np.datetime64) -> str:
    """Format a spreadsheet or GIS date as ISO text, "" when missing."""
    if isinstance(value, np.datetime64):
        return "" if np.isnat(value) else str(value)[:10]
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()


def _number_text(value: numbers.Real) -> str:
    """Format a cell number as text; whole floats (Excel's 91.0) without the decimals."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    f = float(value)
    if math.isnan(f):
        return ""
    if math.isfinite(f) and f.is_integer() and abs(f) < _MAX_EXACT_FLOAT_INT:
        return str(int(f))
    return repr(f)


# ----------------------------------------------------------------------------------- columns


def _norm_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().casefold())


@dataclass
class _Columns:
    """Where each known column is, and the header text the user gave it (for messages)."""

    index: dict[str, int] = field(default_factory=dict)  # canonical -> column index
    label: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    svc: dict[str, int] = field(default_factory=dict)  # svc_* flag -> column index
    svc_label: dict[str, str] = field(default_factory=dict)


def _map_columns(table: _Table, display: str) -> tuple[_Columns, list[Problem]]:
    """Match header names to known columns; return the problems of the header itself."""
    problems: list[Problem] = []
    cols = _Columns()
    ignored: list[str] = []
    for i, raw in enumerate(table.header):
        key = _norm_header(raw)
        if key.startswith(_SVC_PREFIX) and len(key) > len(_SVC_PREFIX):
            target, store, labels = key, cols.svc, cols.svc_label
        elif key in _CANONICAL:
            target, store, labels = _CANONICAL[key], cols.index, cols.label
        else:
            if raw:
                ignored.append(raw)
            continue
        if target in store:
            problems.append(
                problem(
                    display,
                    table.header_row,
                    raw,
                    "upload.duplicate_column",
                    first=labels[target],
                    second=raw,
                    target=target,
                )
            )
            continue
        store[target] = i
        labels[target] = raw

    if missing := _missing_columns(cols, has_geometry=table.points is not None):
        found = tuple(f"'{h}'" for h in table.header if h) or Term("none")
        accepted = "; ".join(
            f"{c}: {', '.join(_ALIASES[c])}" for c in ("name", "type", "lat", "lon", "x", "y")
        )
        problems.append(
            problem(
                display,
                None,
                None,
                "upload.missing_columns",
                missing=tuple(missing),
                found=found,
                accepted=accepted,
            )
        )
    elif ignored:
        problems.append(
            problem(
                display,
                None,
                None,
                "upload.unused_columns",
                severity="warning",
                columns=tuple(ignored),
            )
        )
    return cols, problems


def _missing_columns(cols: _Columns, *, has_geometry: bool) -> list[str | Term]:
    """List required columns the header lacks; a geometry column stands in for coordinates."""
    missing: list[str | Term] = [c for c in ("name", "type") if c not in cols.index]
    if has_geometry:
        return missing  # coordinate columns are then only a per-row fallback
    if "lat" in cols.index or "lon" in cols.index:
        return missing + [c for c in ("lat", "lon") if c not in cols.index]
    if "x" in cols.index or "y" in cols.index:
        return missing + [c for c in ("x", "y") if c not in cols.index]
    return [*missing, Term("lat_lon_or_xy")]


# ----------------------------------------------------------------------------------- values


def _parse_number(text: str) -> float | None:
    """Parse '60.17', '60,17', '6 672 300', '1.234,5' or 24.9 with a degree sign.

    Return None unless the text is one finite number (no 'nan', 'inf', '1_000').
    """
    s = text.strip().replace("\u2212", "-").rstrip("\u00b0")
    s = re.sub(r"[\s\u00a0\u202f\u2009']", "", s)
    if "," in s and "." in s:  # thousands separators: the later mark is the decimal one
        dot_last = s.rfind(".") > s.rfind(",")
        s = s.replace(",", "") if dot_last else s.replace(".", "").replace(",", ".")
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
    return xmin <= x <= xmax and ymin <= y <= ymax  # False for NaN and inf as well


@cache
def _to_3067(source_crs: str) -> pyproj.Transformer:
    """Build (once per CRS) the transformer to EPSG:3067, x = east first."""
    source = pyproj.CRS.from_user_input(source_crs)
    return pyproj.Transformer.from_crs(source, CRS, always_xy=True)


def _fmt(value: float) -> str:
    """Format degrees with their decimals, metres as whole numbers, absurd values short."""
    low, high = _METRE_RANGE
    return f"{value:.0f}" if low <= abs(value) < high else f"{value:.6g}"


@dataclass
class _Rows:
    """Collects problems while rows are checked; knows the columns and their user labels."""

    display: str
    cols: _Columns
    log: _ProblemLog
    n_errors: int = 0

    def error(self, row: int, fld: str | None, code: str, /, **params: object) -> None:
        """Record an error: the file cannot be used until it is fixed."""
        self.log.add(problem(self.display, row, fld, code, **params))
        self.n_errors += 1

    def warn(self, row: int, fld: str | None, code: str, /, **params: object) -> None:
        """Record a warning: something was fixed or ignored, the file stays usable."""
        self.log.add(problem(self.display, row, fld, code, severity="warning", **params))

    def get(self, cells: list[str], canon: str) -> str:
        """Return the cell text of a known column; "" when the file has no such column."""
        i = self.cols.index.get(canon)
        return "" if i is None else cells[i]

    def label(self, canon: str) -> str:
        """Return the column name as the user wrote it, for messages."""
        return self.cols.label.get(canon, canon)


def _read_pair(
    rows: _Rows,
    row: int,
    texts: tuple[str, str],
    canons: tuple[str, str],
    examples: tuple[str, str],
) -> tuple[float, float] | None:
    """Parse two coordinate cells, reporting empty or unparsable ones."""
    values = []
    for text, canon, example in zip(texts, canons, examples, strict=True):
        lab = rows.label(canon)
        value = _parse_number(text) if text else None
        if not text:
            rows.error(row, lab, "upload.coordinate_empty", label=lab, example=example)
        elif value is None:
            rows.error(
                row, lab, "upload.not_a_number", label=lab, value=_short(text), example=example
            )
        values.append(value)
    if values[0] is None or values[1] is None:
        return None
    return values[0], values[1]


def _coords_from_latlon(
    rows: _Rows, row: int, lat_s: str, lon_s: str
) -> tuple[float, float] | None:
    """Project WGS84 degree columns to EPSG:3067; fix swapped lat/lon with a warning."""
    pair = _read_pair(rows, row, (lat_s, lon_s), ("lat", "lon"), ("60.1699", "24.9384"))
    if pair is None:
        return None
    lat, lon = pair
    lat_l, lon_l = rows.label("lat"), rows.label("lon")
    if not _in_wgs84_box(lat, lon):
        if not _in_wgs84_box(lon, lat):
            bad = lat_l if not FINLAND_LAT[0] <= lat <= FINLAND_LAT[1] else lon_l
            code = "upload.latlon_outside_finland"
            if _in_3067_box(lon, lat) or _in_3067_box(lat, lon):
                code = "upload.latlon_look_like_metres"
            (lat0, lat1), (lon0, lon1) = FINLAND_LAT, FINLAND_LON
            rows.error(
                row,
                bad,
                code,
                lat_label=lat_l,
                lat=_fmt(lat),
                lon_label=lon_l,
                lon=_fmt(lon),
                lat_min=lat0,
                lat_max=lat1,
                lon_min=lon0,
                lon_max=lon1,
            )
            return None
        rows.warn(
            row,
            lat_l,
            "upload.latlon_swapped",
            lat_label=lat_l,
            lat=_fmt(lat),
            lon_label=lon_l,
            lon=_fmt(lon),
        )
        lat, lon = lon, lat
    x, y = _to_3067("EPSG:4326").transform(lon, lat)
    return float(x), float(y)


def _coords_from_xy(rows: _Rows, row: int, x_s: str, y_s: str) -> tuple[float, float] | None:
    """Check ETRS-TM35FIN metre columns; fix swapped x/y with a warning."""
    pair = _read_pair(rows, row, (x_s, y_s), ("x", "y"), ("385700", "6672300"))
    if pair is None:
        return None
    x, y = pair
    x_l, y_l = rows.label("x"), rows.label("y")
    if _in_3067_box(x, y):
        return x, y
    if _in_3067_box(y, x):
        rows.warn(row, x_l, "upload.xy_swapped", x_label=x_l, x=_fmt(x), y_label=y_l, y=_fmt(y))
        return y, x
    xmin, ymin, xmax, ymax = FINLAND_BBOX_3067
    bad = x_l if not xmin <= x <= xmax else y_l
    code = "upload.xy_outside_finland"
    if _in_wgs84_box(y, x) or _in_wgs84_box(x, y):
        code = "upload.xy_look_like_degrees"
    rows.error(
        row,
        bad,
        code,
        x_label=x_l,
        x=_fmt(x),
        y_label=y_l,
        y=_fmt(y),
        x_min=xmin,
        x_max=xmax,
        y_min=ymin,
        y_max=ymax,
    )
    return None


def _coords_from_geometry(
    rows: _Rows,
    row: int,
    point: tuple[float, float],
    transformer: pyproj.Transformer,
    crs_name: str,
) -> tuple[float, float] | None:
    """Project a feature's point to EPSG:3067; fix swapped axes with a warning."""
    gx, gy = point
    x, y = (float(v) for v in transformer.transform(gx, gy))
    if _in_3067_box(x, y):
        return x, y
    sx, sy = (float(v) for v in transformer.transform(gy, gx))
    if _in_3067_box(sx, sy):
        rows.warn(row, "geometry", "upload.point_swapped", x=_fmt(gx), y=_fmt(gy))
        return sx, sy
    rows.error(
        row, "geometry", "upload.point_outside_finland", x=_fmt(gx), y=_fmt(gy), crs=crs_name
    )
    return None


def _parse_languages(rows: _Rows, row: int, text: str) -> str:
    """Turn 'fi, sv' or 'suomi ja ruotsi' into 'fi;sv'; drop unknown words with a warning."""
    codes: list[str] = []
    for token in re.split(r"[,;/|+&\s]+", text.casefold()):
        if not token or token in _LANGUAGE_JOINERS:
            continue
        code = _LANGUAGE_NAMES.get(token, token if re.fullmatch(r"[a-z]{2}", token) else None)
        if code is None:
            rows.warn(row, rows.label("languages"), "upload.language_unknown", value=_short(token))
        elif code not in codes:
            codes.append(code)
    return ";".join(codes)


def _parse_date(text: str) -> str | None:
    """Read an ISO (2025-03-31) or Finnish (31.3.2025) date; None if not a valid date."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class _Geo:
    """How to turn a layer's points into EPSG:3067."""

    transformer: pyproj.Transformer
    crs_name: str


def _check_row(
    rows: _Rows,
    row: int,
    cells: list[str],
    point: tuple[float, float] | str | None,
    geo: _Geo | None,
) -> dict[str, Any] | None:
    """Validate one row; return the provider record, or None when it has errors."""
    errors_before = rows.n_errors
    name = rows.get(cells, "name")
    if not name:
        lab = rows.label("name")
        rows.error(row, lab, "upload.name_empty", label=lab)
    pt = _check_type(rows, row, cells)
    coords = _row_coords(rows, row, cells, point, geo)
    record = {
        "provider_id": f"upload:{row}",
        "name": name,
        "provider_type": pt.provider_type if pt else "",
        "auta_part": _check_choice(rows, row, cells, "auta_part", pt),
        "channel": _check_choice(rows, row, cells, "channel", pt),
        "capacity_h_week": _check_capacity(rows, row, cells, pt),
        "kunta_code": _check_kunta(rows, row, cells),
        "x": coords[0] if coords else math.nan,
        "y": coords[1] if coords else math.nan,
        "address": rows.get(cells, "address"),
        "languages": _parse_languages(rows, row, rows.get(cells, "languages")),
        "source": f"user file {rows.display}",
        "reference_date": _check_date(rows, row, cells),
        "location_approximate": False,
        **_check_flags(rows, row, cells),
    }
    return None if rows.n_errors > errors_before or coords is None else record


def _check_type(rows: _Rows, row: int, cells: list[str]) -> ProviderType | None:
    """Resolve the type cell (id, label or alias); report unknown or empty ones."""
    text = rows.get(cells, "type")
    type_id = resolve_provider_type(text) if text else None
    if type_id is not None:
        return provider_types()[type_id]
    lab = rows.label("type")
    types = tuple(provider_types())
    if text:
        rows.error(row, lab, "upload.type_unknown", value=_short(text), types=types)
    else:
        rows.error(row, lab, "upload.type_empty", label=lab, types=types)
    return None


def _check_choice(
    rows: _Rows, row: int, cells: list[str], canon: str, pt: ProviderType | None
) -> str:
    """Return auta_part or channel: the cell's value if valid, else the type's default."""
    default = (pt.auta_part if canon == "auta_part" else pt.channel) if pt else ""
    text = rows.get(cells, canon)
    if not text:
        return default
    if canon == "auta_part":
        choices, key = _AUTA_PARTS, re.sub(r"[\s+&/,;]", "", text.upper())
        code = "upload.auta_part_invalid"
    else:
        choices, key = _CHANNELS, re.sub(r"[\s\-]+", "_", text.casefold())
        code = "upload.channel_invalid"
    if key in choices:
        return choices[key]
    lab = rows.label(canon)
    rows.error(row, lab, code, label=lab, value=_short(text))
    return default


def _check_capacity(rows: _Rows, row: int, cells: list[str], pt: ProviderType | None) -> float:
    """Return the support hours per week given, else the type's default."""
    default = pt.capacity_h_week if pt else math.nan
    text = rows.get(cells, "capacity")
    if not text:
        return float(default)
    value = _parse_number(text)
    if value is not None and value > 0:
        return value
    lab = rows.label("capacity")
    if pt:
        rows.error(
            row,
            lab,
            "upload.capacity_invalid_with_default",
            label=lab,
            value=_short(text),
            hours=pt.capacity_h_week,
            type=pt.provider_type,
        )
    else:
        rows.error(row, lab, "upload.capacity_invalid", label=lab, value=_short(text))
    return float(default)


def _check_kunta(rows: _Rows, row: int, cells: list[str]) -> str:
    """Return the 3-digit municipality code, or "" (assigned later from the location)."""
    text = rows.get(cells, "kunta_code")
    if re.fullmatch(r"\d{1,3}", text):
        return text.zfill(3)
    if text:
        rows.warn(row, rows.label("kunta_code"), "upload.kunta_code_invalid", value=_short(text))
    return ""


def _check_date(rows: _Rows, row: int, cells: list[str]) -> str:
    """Return the row's reference date as ISO text; today when the file gives none."""
    text = rows.get(cells, "reference_date")
    if not text:
        return dt.date.today().isoformat()
    parsed = _parse_date(text)
    if parsed is None:
        rows.error(row, rows.label("reference_date"), "upload.date_invalid", value=_short(text))
        return ""
    return parsed


def _check_flags(rows: _Rows, row: int, cells: list[str]) -> dict[str, bool]:
    """Read the svc_* flags; values that are neither yes nor no count as no, with a warning."""
    flags: dict[str, bool] = {}
    for flag, i in rows.cols.svc.items():
        text = cells[i].casefold()
        flags[flag] = text in _TRUE
        if text not in _TRUE and text not in _FALSE:
            rows.warn(row, rows.cols.svc_label[flag], "upload.flag_invalid", value=_short(cells[i]))
    return flags


def _row_coords(
    rows: _Rows,
    row: int,
    cells: list[str],
    point: tuple[float, float] | str | None,
    geo: _Geo | None,
) -> tuple[float, float] | None:
    """Return the row's x/y: the feature's point if any, else lat/lon, else x/y columns."""
    lat_s, lon_s = rows.get(cells, "lat"), rows.get(cells, "lon")
    x_s, y_s = rows.get(cells, "x"), rows.get(cells, "y")
    if isinstance(point, tuple) and geo is not None:
        return _coords_from_geometry(rows, row, point, geo.transformer, geo.crs_name)
    if lat_s or lon_s:
        return _coords_from_latlon(rows, row, lat_s, lon_s)
    if x_s or y_s:
        return _coords_from_xy(rows, row, x_s, y_s)
    if isinstance(point, str):
        rows.error(row, "geometry", "upload.not_a_point", geometry_type=point)
        return None
    if "lat" in rows.cols.index:
        first, second = rows.label("lat"), rows.label("lon")
    elif "x" in rows.cols.index:
        first, second = rows.label("x"), rows.label("y")
    else:
        rows.error(row, "geometry", "upload.no_coordinates_geometry")
        return None
    rows.error(row, first, "upload.no_coordinates", first=first, second=second)
    return None


# ------------------------------------------------------------------------------ whole table


def _layer_geo(table: _Table, display: str, log: _ProblemLog) -> _Geo | None:
    """Return the layer's transformer to EPSG:3067; a layer without a CRS gets a guess."""
    if table.points is None or not any(isinstance(p, tuple) for p in table.points):
        return None
    crs = table.crs
    if crs is None:
        pts = [p for p in table.points if isinstance(p, tuple)]
        degrees = all(abs(px) <= _MAX_ABS_LON and abs(py) <= _MAX_ABS_LAT for px, py in pts)
        crs = pyproj.CRS.from_epsg(4326 if degrees else 3067)
        log.add(
            problem(
                display, None, "geometry", "upload.no_crs", severity="warning", crs=crs.to_string()
            )
        )
    name = crs.to_string()
    try:
        return _Geo(_to_3067(crs.to_wkt()), name)
    except Exception as exc:  # pyproj raises several exception types for odd CRSs
        failed = problem(
            display, None, "geometry", "upload.crs_not_convertible", crs=name, detail=str(exc)
        )
        raise InputError([*log.problems(), failed]) from None


def _validate(table: _Table, display: str) -> UploadResult:
    """Check the header and every row, then raise once with all problems or build the frame."""
    log = table.log or _ProblemLog(display)
    cols, header_problems = _map_columns(table, display)
    for p in header_problems:
        log.add(p)
    if log.n_errors:
        raise InputError(log.problems())
    geo = _layer_geo(table, display, log)

    rows = _Rows(display, cols, log)
    records: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    n_data = 0
    for k, (row, cells) in enumerate(table.rows):
        point = table.points[k] if table.points is not None else None
        if not any(cells) and point is None:
            continue  # blank spreadsheet row
        n_data += 1
        key = (*cells, point)
        if key in seen:
            rows.warn(row, None, "upload.exact_duplicate", row=row, first_row=seen[key])
            continue
        seen[key] = row
        record = _check_row(rows, row, cells, point, geo)
        if record is not None:
            records.append(record)
    if n_data == 0:
        log.add(problem(display, None, None, "upload.no_data_rows"))
    if log.n_errors:
        raise InputError(log.problems())

    records = _drop_near_duplicates(records, rows)
    flags = [*SERVICE_FLAGS, *(f for f in cols.svc if f not in SERVICE_FLAGS)]
    for rec in records:
        for flag in flags:
            rec.setdefault(flag, False)
    frame = pd.DataFrame.from_records(records, columns=[*PROVIDER_COLUMNS, *flags])
    dtypes = {"capacity_h_week": float, "x": float, "y": float, "location_approximate": bool}
    frame = frame.astype({**dtypes, **dict.fromkeys(flags, bool)})
    geometry = gpd.points_from_xy(frame["x"], frame["y"], crs=CRS)
    gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    return UploadResult(providers=gdf, warnings=log.problems())


def _drop_near_duplicates(records: list[dict[str, Any]], rows: _Rows) -> list[dict[str, Any]]:
    """Keep the first of rows with the same name (case/space-insensitive) within 50 m."""
    kept: list[dict[str, Any]] = []
    by_name: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        key = " ".join(rec["name"].casefold().split())
        near = [
            (earlier, math.hypot(rec["x"] - earlier["x"], rec["y"] - earlier["y"]))
            for earlier in by_name.get(key, [])
        ]
        near = [(e, d) for e, d in near if d <= DUPLICATE_DISTANCE_M]
        if near:
            earlier, dist = near[0]
            row, first = _row_of(rec), _row_of(earlier)
            rows.warn(
                row,
                rows.label("name"),
                "upload.near_duplicate",
                row=row,
                first_row=first,
                name=_short(rec["name"]),
                distance=dist,
            )
            continue
        by_name.setdefault(key, []).append(rec)
        kept.append(rec)
    return kept


def _row_of(record: dict[str, Any]) -> int:
    return int(record["provider_id"].removeprefix("upload:"))


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Sort whole-file problems first, then by row; stable, so a row keeps column order."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)
