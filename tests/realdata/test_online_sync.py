"""`sync --online` end to end against the fake official services on 127.0.0.1."""

from __future__ import annotations

import shutil

import pytest

from coverage.data._online import OnlineEndpoints
from coverage.data.dataset import load_dataset
from coverage.data.sync import resolve_source, sync
from coverage.errors import SourceError
from tests.fakes.official_server import FakeOfficialServices, mirror_municipality_reply

pytestmark = pytest.mark.realdata


def test_online_sync_with_incomplete_keys_fails_and_keeps_the_dataset(source, built_dir, tmp_path):
    """The fake classification API knows only a handful of municipalities: validation must refuse
    the build (divisions must cover all 308) and leave the previous dataset as it was."""
    target = tmp_path / "build"
    shutil.copytree(built_dir, target)
    before = (target / "manifest.json").read_bytes()
    with FakeOfficialServices(mirror_municipality_reply()) as server:
        with pytest.raises(SourceError, match="no unit for municipalities"):
            sync(source, online=True, target=target, cache_dir=tmp_path / "cache",
                 endpoints=OnlineEndpoints(**server.endpoints()))
        assert server.requests  # it really went to the (fake) services
    assert (target / "manifest.json").read_bytes() == before
    assert len(load_dataset(target).municipalities) == 308


def test_source_resolution_order(monkeypatch, tmp_path):
    monkeypatch.delenv("DIGITUKI_SOURCE", raising=False)
    assert resolve_source(tmp_path, online=False) == ("option", tmp_path)
    monkeypatch.setenv("DIGITUKI_SOURCE", str(tmp_path))
    assert resolve_source(None, online=False) == ("environment", tmp_path)
    assert resolve_source(None, online=True) == ("online", None)
