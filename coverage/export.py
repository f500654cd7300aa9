"""Table output (CSV, JSON, XLSX) written atomically: a temporary file, then a rename."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """Return the table encoded as csv (UTF-8), json (records) or xlsx."""
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
