"""`sync --online --ptv` end to end: PTV service locations (replayed on 127.0.0.1) built into the
real dataset beside the mirror's layers, linked to the real Kirkanta libraries, no personal data."""

from __future__ import annotations

import json

import pytest

from coverage.data import _online
from coverage.data._online import OnlineEndpoints
from coverage.data.dataset import load_dataset
from coverage.data.ptv import PtvQuery
from coverage.data.sync import sync
from coverage.errors import InputError
from tests.fakes.official_server import PAYLOADS, FakeOfficialServices

pytestmark = pytest.mark.realdata

PERSONAL = json.loads((PAYLOADS / "ptv_service_channels_v11.json").read_text("utf-8"))["personal"]


def _link_mirror(source):
    """Stand-in for the online fetch: the mirror's files, linked one by one into the staging."""

    def fetch(staging, **_settings):
        for path in source.rglob("*"):
            if path.is_file():
                target = staging / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(path)
        return []

    return fetch


@pytest.fixture(scope="module")
def built(source, tmp_path_factory):
    target = tmp_path_factory.mktemp("ptv") / "build"
    with FakeOfficialServices(b"{}", ptv_page_size=2) as server, pytest.MonkeyPatch.context() as mp:
        mp.setattr(_online, "fetch_official_sources", _link_mirror(source))
        said, manifest = sync(
            source, online=True, target=target, endpoints=OnlineEndpoints(**server.endpoints()),
            ptv=PtvQuery(municipalities=("290", "765")),
        )
    return target, said, manifest


def test_ptv_locations_are_added_and_libraries_linked(built):
    target, said, manifest = built
    assert "official online services" in said
    notes = manifest["decisions"]["providers"]
    assert notes["ptv_locations"] == 4
    assert notes["ptv_linked_to_libraries"] == 2  # Kuhmo by Kirkanta id, Sotkamo by the rule
    assert notes["ptv_added"] == 2
    ds = load_dataset(target)
    assert len(ds.providers) == 720 + 227 + 107 + 2
    ptv = ds.providers[ds.providers["provider_id"].str.startswith("ptv:")]
    assert sorted(ptv["name"]) == ["Kelan palvelupiste Kuhmo", "Sotkamon yhteispalvelupiste"]
    assert set(ptv["provider_type"]) == {"service_point"}
    assert set(ptv["kunta_code"]) == {"290", "765"}
    assert set(ptv["source"]) == {"Suomi.fi PTV Open API"}
    assert (ptv["reference_date"] != "").all()
    libs = ds.providers.set_index("provider_id")
    assert libs.loc["kirkanta:85733", "ptv_channel_id"] == "c0000000-0000-4000-8000-000000000002"
    assert libs.loc["kirkanta:85594", "ptv_channel_id"] == "c0000000-0000-4000-8000-000000000006"
    source = next(s for s in manifest["sources"] if s["key"] == "ptv")
    assert source["rows"] == 4
    assert source["url"].endswith("/api/v11/ServiceChannel/list/area/Municipality/code/290")


def test_nothing_personal_in_the_built_dataset(built):
    target, _, manifest = built
    blobs = [json.dumps(manifest, ensure_ascii=False)]
    ds = load_dataset(target)
    blobs.append(ds.providers.astype(str).to_csv())
    text = "\n".join(blobs)
    assert "Kelan palvelupiste Kuhmo" in text
    for personal in PERSONAL:
        assert personal not in text, personal


def test_ptv_needs_online(source, tmp_path):
    with pytest.raises(InputError, match=r"--ptv .*--online"):
        sync(source, target=tmp_path / "b", ptv=PtvQuery(municipalities=("290",)))
