"""The lint gate: the pinned ruff, with the rules in pyproject.toml, finds nothing in the tree."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pinned_ruff() -> str:
    text = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    found = re.search(r"^ruff==(\S+)$", text, flags=re.MULTILINE)
    assert found, "requirements-dev.txt must pin ruff (ruff==X.Y.Z)"
    return found.group(1)


def test_the_installed_ruff_is_the_pinned_one():
    try:
        installed = version("ruff")
    except PackageNotFoundError:
        installed = "not installed"
    assert installed == pinned_ruff(), "run: pip install -r requirements-dev.txt"


def test_ruff_finds_nothing():
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
