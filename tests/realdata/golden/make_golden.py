"""Fingerprints of the straight-line outputs of `access`, `gaps`, `compare` and `plan`.

The outputs derive from third-party data, so they are not committed; their fingerprints are
(`straight_line.json`): row count, column names, a SHA-256 of the CSV text with every decimal
number rounded to 9 significant digits, and the column totals. `test_golden.py` recomputes them.

Run from the repository root to regenerate (only when a change of results is intended):

    python tests/realdata/golden/make_golden.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import io
import json
import math
import sys
import tempfile
from pathlib import Path

GOLDEN_FILE = Path(__file__).with_name("straight_line.json")
REPO_ROOT = Path(__file__).resolve().parents[3]
SIGNIFICANT_DIGITS = 9

DIVISIONS = ("country", "kunta", "maakunta", "avi", "maistraatti", "hyvinvointialue",
             "elinvoimakeskus", "ely", "seutukunta")

CASES: dict[str, list[str]] = {
    **{f"access_{d}": ["access", "--by", d] for d in DIVISIONS},
    "access_maakunta_digituki": ["access", "--by", "maakunta", "--provider-flag", "digituki"],
    "access_maakunta_mainland": ["access", "--by", "maakunta", "--mainland-only"],
    "access_kunta_5km": ["access", "--by", "kunta", "--max-km", "5"],
    "access_kunta_library_circuity1": ["access", "--by", "kunta", "--provider-type", "library",
                                       "--circuity", "1.0"],
    "gaps": ["gaps"],
    "gaps_digituki": ["gaps", "--provider-flag", "digituki"],
    "gaps_mainland": ["gaps", "--mainland-only"],
    "gaps_5km": ["gaps", "--max-km", "5"],
    "compare": ["compare"],
    "compare_mainland": ["compare", "--mainland-only"],
    "compare_5km_ely": ["compare", "--max-km", "5", "--with-ely"],
    "compare_detail_maakunta": ["compare", "--detail", "maakunta"],
    "plan_5": ["plan", "--new-sites", "5"],
    "plan_5_digituki": ["plan", "--new-sites", "5", "--provider-flag", "digituki"],
    "plan_5_library_5km": ["plan", "--new-sites", "5", "--provider-type", "library",
                           "--max-km", "5"],
}
"""Name -> command-line arguments (CSV output is added)."""


def _round(text: str) -> str:
    """Return a decimal number rounded to the significant digits, other text unchanged."""
    if not any(ch in text for ch in ".eE") or text.lower() in {"true", "false"}:
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    return format(value, f".{SIGNIFICANT_DIGITS}g")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def fingerprint(csv_text: str, columns: list[str] | None = None) -> dict:
    """Return rows, columns, SHA-256 of the rounded CSV and numeric column totals.

    With `columns`, only those columns (in that order) are hashed and totalled, so columns added
    later do not change the fingerprint of the ones that were there.
    """
    rows = list(csv.reader(io.StringIO(csv_text)))
    header, body = rows[0], rows[1:]
    keep = header if columns is None else columns
    index = [header.index(c) for c in keep if c in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header[i] for i in index])
    for row in body:
        writer.writerow([_round(row[i]) for i in index])
    totals = {}
    for i in index:
        values = [_number(row[i]) for row in body]
        if body and all(v is not None or row[i] == "" for v, row in zip(values, body, strict=True)):
            finite = [v for v in values if v is not None]
            if finite:
                totals[header[i]] = float(format(math.fsum(finite), ".12g"))
    return {
        "rows": len(body),
        "columns": header,
        "sha256": hashlib.sha256(out.getvalue().encode()).hexdigest(),
        "totals": totals,
    }


def run_case(args: list[str], data_dir: str | None) -> str:
    """Return the CSV a command writes (run in-process)."""
    from coverage.cli import main  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.csv"
        argv = ([] if data_dir is None else ["--data-dir", data_dir]) + [*args, "--format", "csv",
                                                                         "--out", str(out)]
        with contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
        if code != 0:
            msg = f"{' '.join(args)} exited {code}"
            raise RuntimeError(msg)
        return out.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir")
    args = parser.parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    golden = {name: {"args": case, **fingerprint(run_case(case, args.data_dir))}
              for name, case in CASES.items()}
    text = json.dumps(golden, indent=1, ensure_ascii=False) + "\n"
    GOLDEN_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {len(golden)} fingerprints to {GOLDEN_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
