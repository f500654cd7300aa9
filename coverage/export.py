"""Table output (CSV, JSON, XLSX) written atomically, and never as a live spreadsheet formula.

Every CSV and XLSX the CLI, the app and the report write goes through `table_bytes` or
`workbook_bytes`, so names from a user's file (a provider called `=HYPERLINK(...)`) reach a
spreadsheet as text (OWASP "CSV Injection"):

- CSV: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`
  (`FORMULA_PREFIX`); a spreadsheet shows the rest as typed. Numbers stay numbers, negative ones
  included: only text cells are touched.
- XLSX: every text cell is written as a string cell, unchanged (openpyxl would otherwise make
  `=...` a formula and `#N/A` an error value); characters a workbook cannot hold (control
  characters) become U+FFFD.

JSON is not opened by spreadsheets and is written as it is.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP)."""

FORMULA_PREFIX = "'"
"""Put before a text cell that starts with a trigger: the cell is then shown as text."""

XLSX_MAX_SHEET_NAME = 31
"""Excel's limit on a worksheet name, in characters."""

_REPLACEMENT = "\ufffd"


def neutralise_text(text: str) -> str:
    """Return `text` so that a spreadsheet opening a CSV shows it instead of evaluating it."""
    return FORMULA_PREFIX + text if text.startswith(FORMULA_TRIGGERS) else text


def _is_text_column(column: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(column.dtype)
        or pd.api.types.is_bool_dtype(column.dtype)
        or pd.api.types.is_datetime64_any_dtype(column.dtype)
        or pd.api.types.is_timedelta64_dtype(column.dtype)
    )


def _map_text(table: pd.DataFrame, fn: Callable[[str], str]) -> pd.DataFrame:
    """Return a copy of `table` with `fn` applied to every str cell and str column name."""
    out = table.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if _is_text_column(column):
            out.isetitem(i, column.astype(object).map(lambda v: fn(v) if isinstance(v, str) else v))
    out.columns = [fn(c) if isinstance(c, str) else c for c in out.columns]
    return out


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `table` whose text cells and headers cannot start a CSV formula."""
    return _map_text(table, neutralise_text)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """Return the table as UTF-8 CSV with formula-leading text neutralised.

    Lines end in LF; when a text cell holds a carriage return, in CRLF (RFC 4180), because the
    csv writer quotes only cells holding a character of the line ending, and a bare CR in an
    unquoted cell would start a new row in every reader.
    """
    safe = spreadsheet_safe(table)
    columns = (safe.iloc[:, i] for i in range(safe.shape[1]))
    texts = [*safe.columns, *(v for c in columns if _is_text_column(c) for v in c)]
    has_cr = any(isinstance(v, str) and "\r" in v for v in texts)
    return safe.to_csv(
        index=False, float_format="%.10g", lineterminator="\r\n" if has_cr else "\n"
    ).encode("utf-8")


def _xlsx_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415

    return ILLEGAL_CHARACTERS_RE.sub(_REPLACEMENT, text)


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Return an XLSX workbook with one sheet per table; text cells are strings, never formulas.

    Sheet names are cut to Excel's 31 characters.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = name[:XLSX_MAX_SHEET_NAME]
            _map_text(frame, _xlsx_text).to_excel(writer, sheet_name=sheet, index=False)
            for row in writer.sheets[sheet].iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # not "f" (formula) nor "e" (error value)
    return buffer.getvalue()


PEOPLE_COLUMNS: frozenset[str] = frozenset({
    "population", "covered_population", "population_65plus", "covered_65plus",
    "population_75plus", "covered_75plus", "need", "covered_need", "uncovered_need",
    "pop_0_14", "pop_15_64", "pop_65plus", "pop_75plus", "suggested_need",
    "added_need_covered", "added_population_covered",
    # plan14: why the new sites went where they did (planning.region_explanation)
    "unmet_need_before", "unmet_need_reached", "unmet_need_after", "need_reached_by_its_sites",
    "best_single_site_need",
    # plan14: home-support clients are people too (homesupport: bases, units, cells)
    "reachable_need", "reachable_clients", "demand_clients", "served_clients", "unserved_clients",
    "unserved_out_of_reach_clients", "unserved_capacity_short_clients",
})
"""Columns counting people: written as whole people in every download (`whole_people`)."""


def apportion(values: pd.Series) -> pd.Series:
    """Return `values` as whole numbers that add up to their rounded total (largest remainder).

    Each value moves less than 1, and the rows of a table still add up to its total (a gap
    list's need equals the area's unmet need), which rounding each value on its own would not.
    """
    raw = pd.to_numeric(values, errors="coerce").to_numpy(float)
    ok = np.isfinite(raw)
    out = np.full(len(raw), np.nan)
    if ok.any():
        floor = np.floor(raw[ok])
        short = round(float(raw[ok].sum()) - float(floor.sum()))
        order = np.argsort(-(raw[ok] - floor), kind="stable")
        floor[order[:max(short, 0)]] += 1
        out[ok] = floor
    if ok.all():
        return pd.Series(out.astype(np.int64), index=values.index, name=values.name)
    return pd.Series(out, index=values.index, name=values.name).astype("Int64")


def rounded(values: pd.Series) -> pd.Series:
    """Return `values` rounded to whole numbers, each on its own (missing values kept)."""
    raw = pd.to_numeric(values, errors="coerce")
    whole = raw.round()
    return whole.astype(np.int64) if whole.notna().all() else whole.astype("Int64")


def whole_people(table: pd.DataFrame, *, keep_totals: bool = False) -> pd.DataFrame:
    """Return `table` with its people columns (`PEOPLE_COLUMNS`) as whole people.

    With `keep_totals` (rows that are parts of one whole, e.g. a list of gap areas) the columns
    are apportioned, so they add up to the rounded total; else each value is rounded (rows that
    each are a whole, e.g. one row per coordinator option, stay equal where they were equal).
    """
    table = _whole_differences(table)
    cols = [c for c in table.columns if c in PEOPLE_COLUMNS
            and pd.api.types.is_numeric_dtype(table[c])]
    if not cols:
        return table
    whole = apportion if keep_totals else rounded
    return table.assign(**{c: whole(table[c]) for c in cols})


def _whole_differences(table: pd.DataFrame) -> pd.DataFrame:
    """Return a before/after table (`X_a`, `X_b`, `X_delta`) with people as whole people.

    Each side is rounded as its own table would be, and the delta is their difference, so a
    diff written out equals the difference of the two runs written out.
    """
    changed = {}
    for base in PEOPLE_COLUMNS:
        a, b, delta = f"{base}_a", f"{base}_b", f"{base}_delta"
        if a in table and b in table and pd.api.types.is_numeric_dtype(table[a]):
            changed[a], changed[b] = rounded(table[a]), rounded(table[b])
            if delta in table:
                changed[delta] = changed[b] - changed[a]
    return table.assign(**changed) if changed else table




def table_bytes(table: pd.DataFrame, fmt: str, *, keep_totals: bool = False) -> bytes:
    """Return the table encoded as csv (UTF-8), json (records) or xlsx, safe for spreadsheets.

    People are whole people (`whole_people`; `keep_totals` for rows that are parts of a whole).
    """
    table = whole_people(table, keep_totals=keep_totals)
    if fmt == "csv":
        return csv_bytes(table)
    if fmt == "json":
        return table.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    if fmt == "xlsx":
        return workbook_bytes({"Sheet1": table})
    msg = f"unknown format {fmt!r}; use csv, json or xlsx"
    raise ValueError(msg)


def write_atomic(data: bytes, path: str | Path) -> None:
    """Write bytes to `path` so that a reader never sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; a shared export should not be
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(table: pd.DataFrame, *, fmt: str, out: str | None,
                keep_totals: bool = False) -> None:
    """Write the table to `out` (atomically) or to stdout (`keep_totals`: `whole_people`)."""
    if fmt == "xlsx" and not out:
        msg = "xlsx output needs --out FILE"
        raise ValueError(msg)
    data = table_bytes(table, fmt, keep_totals=keep_totals)
    if out:
        write_atomic(data, out)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
