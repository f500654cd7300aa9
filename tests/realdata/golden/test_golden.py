"""Straight-line outputs of `access`, `gaps`, `compare` and `plan` stay what they were.

Each command is rerun on the dataset built from the official data and fingerprinted as in
`make_golden.py`; columns added since stay out of the fingerprint, the ones that were there must
be identical (to 9 significant digits). A failure names the columns whose totals moved.
"""

from __future__ import annotations

import json

import pytest

from tests.realdata.golden.make_golden import CASES, GOLDEN_FILE, fingerprint, run_case

pytestmark = pytest.mark.realdata

GOLDEN = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))


def test_every_case_has_a_fingerprint():
    assert set(GOLDEN) == set(CASES)
    assert all(GOLDEN[name]["args"] == args for name, args in CASES.items())


@pytest.mark.parametrize("name", sorted(CASES))
def test_straight_line_output_unchanged(built_dir, name):
    golden = GOLDEN[name]
    now = fingerprint(run_case(golden["args"], str(built_dir)), columns=golden["columns"])
    missing = [c for c in golden["columns"] if c not in now["columns"]]
    assert not missing, f"{name}: columns gone: {missing}"
    assert now["rows"] == golden["rows"], f"{name}: {now['rows']} rows, was {golden['rows']}"
    if now["sha256"] != golden["sha256"]:
        moved = {c: (was, now["totals"].get(c)) for c, was in golden["totals"].items()
                 if now["totals"].get(c) != was}
        lines = "\n".join(f"  {c}: {was} -> {new}" for c, (was, new) in moved.items())
        pytest.fail(f"{name} ({' '.join(golden['args'])}) changed; totals that moved:\n"
                    f"{lines or '  none (values moved between rows or text columns changed)'}")
