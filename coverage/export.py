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


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """Return the table encoded as csv (UTF-8), json (records) or xlsx, safe for spreadsheets."""
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


def write_table(table: pd.DataFrame, *, fmt: str, out: str | None) -> None:
    """Write the table to `out` (atomically) or to stdout."""
    if fmt == "xlsx" and not out:
        msg = "xlsx output needs --out FILE"
        raise ValueError(msg)
    data = table_bytes(table, fmt)
    if out:
        write_atomic(data, out)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
