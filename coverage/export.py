"""Table output (CSV, JSON, XLSX) written atomically: a temporary file, then a rename."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

PEOPLE_COLUMNS: frozenset[str] = frozenset({
    "population", "covered_population", "population_65plus", "covered_65plus",
    "population_75plus", "covered_75plus", "need", "covered_need", "uncovered_need",
    "pop_0_14", "pop_15_64", "pop_65plus", "pop_75plus", "suggested_need",
    "added_need_covered", "added_population_covered",
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
    cols = [c for c in table.columns if c in PEOPLE_COLUMNS
            and pd.api.types.is_numeric_dtype(table[c])]
    if not cols:
        return table
    whole = apportion if keep_totals else rounded
    return table.assign(**{c: whole(table[c]) for c in cols})


def table_bytes(table: pd.DataFrame, fmt: str, *, keep_totals: bool = False) -> bytes:
    """Return the table encoded as csv (UTF-8), json (records) or xlsx, people as whole people.

    `keep_totals`: see `whole_people`.
    """
    table = whole_people(table, keep_totals=keep_totals)
    if fmt == "csv":
        return table.to_csv(index=False, float_format="%.10g").encode("utf-8")
    if fmt == "json":
        return table.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        table.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
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
