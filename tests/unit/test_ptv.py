"""Suomi.fi PTV service locations: replayed on 127.0.0.1 in the Open API v11 format (paging,
filters, v12 key, faults), the fields kept, and that no personal e-mail or phone number survives."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pyproj import Transformer

from coverage import cli
from coverage.data import ptv
from coverage.data.providers import merge_ptv
from coverage.data.ptv import (
    PTV_COLUMNS,
    PtvQuery,
    location_table,
    opening_hours,
    preview,
    scrub,
    service_locations,
    unwrap_channel,
    write_source_file,
)
from coverage.errors import InputError, SourceError
from tests.fakes.official_server import PAYLOADS, FakeOfficialServices

PAYLOAD = json.loads((PAYLOADS / "ptv_service_channels_v11.json").read_text(encoding="utf-8"))
PERSONAL: list[str] = PAYLOAD["personal"]
CLASS = "http://urn.fi/URN:NBN:fi:au:ptvl:v1065"
KELA_ORG = "5a4a4d2c-2b3b-4a5e-9f00-000000000001"


@pytest.fixture(scope="module")
def server():
    with FakeOfficialServices(b"{}", ptv_page_size=2) as fake:
        yield fake


@pytest.fixture
def base(server):
    server.reset_log()
    return server.endpoints()["ptv"]


def _requests(server, path_end):
    return [r for r in server.requests if r["path"].endswith(path_end)]


def test_a_municipality_is_read_page_by_page(server, base):
    table, notes = service_locations(PtvQuery(municipalities=("290",), base_url=base))
    # Kuhmo: Kela office, library, Lentiira (no coordinates), a phone channel
    pages = [r["query"]["page"] for r in _requests(server, "/Municipality/code/290")]
    assert pages == [["1"], ["2"]]
    assert list(table["name"]) == ["Kelan palvelupiste Kuhmo", "Kuhmon kaupunginkirjasto"]
    assert notes["channels"] == 4
    assert notes["not_service_location"] == 1
    assert notes["no_coordinates"] == 1
    assert notes["kept"] == 2
    assert list(table.columns) == list(PTV_COLUMNS)


def test_fields_kept_coordinates_and_hours(base):
    table, _ = service_locations(PtvQuery(municipalities=("290",), base_url=base))
    kela = table.iloc[0]
    # TM35FIN northing/easting in latitude/longitude: taken as they are
    assert (kela["x"], kela["y"]) == (622371.5, 7113861.0)
    assert kela["street_address"] == "Kainuuntie 82"
    assert (kela["postal_code"], kela["post_office"]) == ("88900", "KUHMO")
    assert kela["kunta_code"] == "290"
    assert kela["languages"] == "fi;sv"
    assert kela["name_sv"] == "FPA:s serviceställe Kuhmo"
    assert kela["opening_hours"] == ("Mo 09:00-16:00; Tu 09:00-16:00; We 09:00-16:00; "
                                     "Th 09:00-16:00; Fr 09:00-12:00")
    assert kela["opening_h_week"] == 4 * 7 + 3  # the closed Christmas exception is left out
    assert kela["service_names"] == "Kelan asiointipalvelu"
    # degrees in latitude/longitude: reprojected
    lib = table.iloc[1]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True).transform(29.50363,
                                                                                  64.12665)
    assert abs(lib["x"] - x) < 0.1
    assert abs(lib["y"] - y) < 0.1
    assert lib["source_id"] == "kirkanta--85733"


def test_whole_country_pages_ids_then_asks_for_at_most_100_at_a_time(server, base, monkeypatch):
    monkeypatch.setattr(ptv, "PTV_GUIDS_PER_REQUEST", 3)
    table, notes = service_locations(PtvQuery(base_url=base))
    assert len(_requests(server, "/ServiceChannel/type/ServiceLocation")) == 3  # 5 ids, 2 a page
    batches = [r["query"]["guids"][0].split(",") for r in _requests(server, "/ServiceChannel/list")]
    assert [len(b) for b in batches] == [3, 2]
    assert notes["kept"] == 4
    assert set(table["kunta_code"]) == {"290", "765"}


def test_service_class_and_organisation_filters(server, base):
    table, notes = service_locations(PtvQuery(service_classes=(CLASS,), base_url=base))
    assert list(table["name"]) == ["Sotkamon yhteispalvelupiste"]
    assert list(table["service_classes"]) == [CLASS]
    assert notes["other_service_class"] == 3
    assert _requests(server, "/Service/serviceClass")[0]["query"]["uri"] == [CLASS]
    table, _ = service_locations(PtvQuery(organisations=(KELA_ORG,), base_url=base))
    assert list(table["name"]) == ["Kelan palvelupiste Kuhmo"]  # the phone channel is left out


def test_v12_sends_the_key_from_the_environment_in_a_header(server, base, monkeypatch):
    with pytest.raises(InputError, match="PTV_API_KEY"):
        PtvQuery(version="v12", base_url=base)
    monkeypatch.setenv("PTV_API_KEY", "wrong")
    with pytest.raises(SourceError, match="401"):
        service_locations(PtvQuery(version="v12", municipalities=("765",), base_url=base))
    monkeypatch.setenv("PTV_API_KEY", server.ptv_api_key)
    server.reset_log()
    table, _ = service_locations(PtvQuery(version="v12", municipalities=("765",), base_url=base))
    assert len(table) == 2
    for request in server.requests:
        assert request["path"].startswith("/api/v12/")
        assert server.ptv_api_key not in json.dumps(request["query"])  # never in the URL
        assert request["headers"].get("x-api-key") == server.ptv_api_key


def test_faults_are_retried_or_named(server, base):
    server.fail("ptv", 503)
    table, _ = service_locations(PtvQuery(municipalities=("765",), base_url=base), backoff_s=0)
    assert len(table) == 2
    server.fail("ptv", "malformed")
    with pytest.raises(SourceError, match=r"http://127\.0\.0\.1:\d+/api/v11/ServiceChannel"):
        service_locations(PtvQuery(municipalities=("765",), base_url=base), retries=0)
    with pytest.raises(SourceError, match="404"):
        service_locations(PtvQuery(municipalities=("765",), base_url=base + "/nothing"),
                          retries=0)


def test_bad_queries_are_named_at_once():
    with pytest.raises(InputError) as err:
        PtvQuery(municipalities=("91x",), organisations=("kela",), version="v9")
    fields = [p.field for p in err.value.problems]
    assert fields == ["version", "municipality", "organisation"]


def _every_text(*texts: str) -> str:
    return "\n".join(texts)


def test_no_personal_email_or_phone_is_kept_anywhere(server, base, tmp_path, capsys):
    # the payload really carries them (otherwise this test could not fail)
    raw = (PAYLOADS / "ptv_service_channels_v11.json").read_text(encoding="utf-8")
    channels = json.dumps(PAYLOAD["channels"], ensure_ascii=False)
    assert all(p in channels for p in PERSONAL)
    record = write_source_file(tmp_path, PtvQuery(municipalities=("290", "765"), base_url=base),
                               today="2026-12-02")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [record["path"]]
    providers = ptv.read_source_file(written[0], "2026-12-02")
    rc = cli.main(["--data-dir", str(tmp_path / "no-dataset"), "providers", "ptv",
                   "--municipality", "290", "--municipality", "765", "--base-url", base,
                   "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    outputs = _every_text(written[0].read_text(encoding="utf-8"), json.dumps(record),
                          providers.to_json(force_ascii=False), out, err)
    assert "Kelan palvelupiste Kuhmo" in outputs  # the output is not empty
    for text in PERSONAL:
        assert text not in outputs, text
    assert "@" not in outputs
    assert raw  # (the payload file itself is test input, not output)


def test_scrub_removes_emails_and_phone_numbers_but_not_addresses():
    assert scrub("Ajanvaraus 040 765 4321 tai +358 44 987 6543") == "Ajanvaraus tai"
    assert scrub("matti.meikalainen@example.fi, Kauppakatu 12 A 3") == "Kauppakatu 12 A 3"
    assert scrub("Kainuuntie 82") == "Kainuuntie 82"


def test_wrapped_channels_and_hours_over_midnight():
    channel = PAYLOAD["channels"][0]
    assert unwrap_channel({"locationChannel": channel, "phoneChannel": None}) is channel
    table, counts = location_table([{"locationChannel": channel}, "junk", channel])
    assert len(table) == 1
    assert counts["repeated"] == 1
    night = {"serviceHours": [{"serviceHourType": "DaysOfTheWeek", "validForNow": True,
                               "openingHour": [{"dayFrom": "Saturday", "from": "22:00",
                                                "to": "02:00"}]}]}
    assert opening_hours(night) == ("Sa 22:00-02:00", 4.0)


def test_locations_that_are_libraries_are_linked_not_added():
    locations, _ = location_table(PAYLOAD["channels"])
    rows = ptv.as_providers(locations, "2026-12-02", {"provider_type": "service_point"}, [])
    libraries = pd.DataFrame({
        "provider_id": ["kirkanta:85733", "kirkanta:85594", "kirkanta:1"],
        "name": ["Kuhmon kaupunginkirjasto", "Sotkamon kirjasto", "Muu kirjasto"],
        # Kuhmo's point far away on purpose: the Kirkanta id alone links it
        "x": [100_000.0, 567583.1 + 150, 622371.5 + 50],
        "y": [7_000_000.0, 7112816.9, 7113861.0],
    })
    linked, rest, n = merge_ptv(libraries, rows)
    assert n == 2
    assert list(rest["name"]) == ["Kelan palvelupiste Kuhmo", "Sotkamon yhteispalvelupiste"]
    channel = dict(zip(linked["provider_id"], linked["ptv_channel_id"], strict=True))
    assert channel["kirkanta:85733"] == "c0000000-0000-4000-8000-000000000002"
    assert channel["kirkanta:85594"] == "c0000000-0000-4000-8000-000000000006"
    assert channel["kirkanta:1"] == ""  # Kela is 50 m away but not named like a library
    shown = preview(locations, libraries.assign(provider_type="library"), "2026-12-02")
    assert list(shown["action"]) == ["add", "link", "add", "link"]
    assert shown.loc[1, "linked_library"] == "Kuhmon kaupunginkirjasto (kirkanta:85733)"
