"""Where things live: the checkout or an installed package, the dataset, the authored tables.

Import-light on purpose (pathlib and os only): the lightest modules need these paths.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
IN_CHECKOUT = (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "data").is_dir()
"""True when running from a checkout; False when installed (`pip install .`)."""
DATA_ENV = "DIGITUKI_DATA_DIR"


def _state_dir() -> Path:
    """Return where datasets and caches live: the checkout's data/, else the user's data dir."""
    if IN_CHECKOUT:
        return REPO_ROOT / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "digituki"


STATE_DIR = _state_dir()
"""data/ in a checkout; $XDG_DATA_HOME/digituki (~/.local/share/digituki) when installed."""
DEFAULT_DATA_DIR = STATE_DIR / "build"
CACHE_DIR = STATE_DIR / "cache"
"""Replies of the official online services (`sync --online`)."""
MIRROR_BESIDE_CHECKOUT = REPO_ROOT.parent / "shared" / "data"


def data_dir() -> Path:
    """Return the working-dataset directory: $DIGITUKI_DATA_DIR, else `DEFAULT_DATA_DIR`."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)


def sync_command(path: object) -> str:
    """Return the command that builds the dataset at `path` (with --data-dir unless default)."""
    if path is None or str(path) == str(data_dir()):
        return "python -m coverage sync"
    return f"python -m coverage --data-dir {path} sync"


def authored_file(relative: str) -> Path:
    """Return a table the project authors (`regions/...`, `providers/...`).

    In a checkout it is data/<relative>; an installed package carries a copy in
    coverage/_authored/ (see pyproject.toml).
    """
    if IN_CHECKOUT:
        return REPO_ROOT / "data" / relative
    return Path(__file__).resolve().parents[1] / "_authored" / relative
