"""scripts/fetch_web_assets.py: idempotence check and pins, without touching the network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fetch(fetch_script):
    return fetch_script


def _fill(fetch, dest: Path) -> None:
    for path in fetch._expected_files(dest):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (dest / fetch.STAMP).write_text(json.dumps({"packages": fetch._pins()}), encoding="utf-8")


def test_up_to_date_only_with_every_file_and_the_same_pins(fetch, tmp_path):
    assert not fetch.up_to_date(tmp_path)
    _fill(fetch, tmp_path)
    assert fetch.up_to_date(tmp_path)
    assert fetch.fetch(tmp_path) is False  # nothing to do: no npm call
    (tmp_path / "leaflet" / "leaflet.js").unlink()
    assert not fetch.up_to_date(tmp_path)
    _fill(fetch, tmp_path)
    (tmp_path / fetch.STAMP).write_text(json.dumps({"packages": {"leaflet@1.0.0": "x"}}),
                                        encoding="utf-8")
    assert not fetch.up_to_date(tmp_path)


def test_every_package_is_pinned_with_an_integrity_and_a_licence(fetch):
    for spec, (integrity, folder, files) in fetch.PACKAGES.items():
        assert "@" in spec.lstrip("@"), spec
        assert integrity.startswith("sha512-"), spec
        assert "LICENSE" in files.values(), spec
        assert folder
        assert "/" not in folder


def test_static_folder_is_served_next_to_app_py():
    static = ROOT / "static"
    assert static.exists(), "static/ next to app.py (a symlink to coverage/ui/static) is missing"
    assert static.resolve() == (ROOT / "coverage" / "ui" / "static").resolve()
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableStaticServing = true" in config
    assert "gatherUsageStats = false" in config
