"""`sync --online`: fetching the official layers into a staging directory, against a fake server.

The fake (tests/fakes/official_server.py) listens on 127.0.0.1 only; no test reaches the internet.
The municipality layer it serves is the real WFS reply stored in the offline mirror; tests that
need it are skipped when the mirror is not on this machine.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest

from coverage.data import _online
from coverage.data._online import OnlineEndpoints, fetch_official_sources
from coverage.data.sources import locate_sources
from coverage.errors import SourceError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the fakes package
from fakes.official_server import (
    MIRROR,
    FakeOfficialServices,
    make_fallback_dir,
    mirror_municipality_reply,
)

REPLY = mirror_municipality_reply()
needs_mirror = pytest.mark.skipif(REPLY is None, reason=f"offline mirror not found at {MIRROR}")

KUNTA_ROUTE = "wfs:vaestoalue:kunta_vaki2024"
GRID_ROUTE = "wfs:vaestoruutu:vaki2021_1km"
KUNTA_FILE = "regions/kunta_vaki2024_statfi.geojson"
GRID_FILE = "population/grid/fi_census2021_grid1km.csv"


def run(server: FakeOfficialServices, staging: Path, **kwargs):
    options = {"timeout_s": 5, "retries": 2, "backoff_s": 0.0, "progress": False}
    options.update(kwargs)
    endpoints = OnlineEndpoints(**server.endpoints())
    return fetch_official_sources(staging, endpoints=endpoints, **options)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def server():
    with FakeOfficialServices(REPLY, delay_s=1.5) as fake:  # type: ignore[arg-type]
        yield fake


@pytest.fixture
def fallback(tmp_path: Path) -> Path:
    patterns = [spec.pattern for spec in _online._offline_specs()]
    return make_fallback_dir(tmp_path / "fallback", patterns)


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """One successful refresh (mirror as the fallback source): staging dir, records, requests."""
    if REPLY is None:
        pytest.skip(f"offline mirror not found at {MIRROR}")
    staging = tmp_path_factory.mktemp("online") / "staging"
    with FakeOfficialServices(REPLY) as fake:
        records = run(fake, staging, fallback_source=MIRROR, progress=True)
        return staging, {r["path"]: r for r in records}, list(fake.requests), fake.base_url


# --- a successful refresh ---------------------------------------------------------------------


def test_every_record_names_an_existing_file_and_its_provenance(fetched):
    staging, records, _, _ = fetched
    for record in records.values():
        assert set(record) >= {"path", "url", "publisher", "licence", "reference_date", "rows"}
        assert (staging / record["path"]).is_file()


def test_the_municipality_layer_is_the_wfs_reply_byte_for_byte(fetched):
    staging, records, _, base_url = fetched
    assert (staging / KUNTA_FILE).read_bytes() == REPLY
    record = records[KUNTA_FILE]
    assert record["rows"] == 308
    assert record["reference_date"] == "2024-12-31"
    assert record["url"].startswith(f"{base_url}/geoserver/wfs?")
    assert "typeNames=vaestoalue%3Akunta_vaki2024" in record["url"]
    assert "srsName=EPSG%3A3067" in record["url"]


def test_the_classification_keys_have_the_geofi_columns(fetched):
    staging, records, _, _ = fetched
    cols, rows = read_csv(staging / "regions/municipality_key_2025_statfi.csv")
    assert cols[:3] == ["kunta", "municipality_name_fi", "municipality_name_sv"]
    for division in ("maakunta", "avi", "ely", "hyvinvointialue", "seutukunta", "kielisuhde"):
        assert {f"{division}_code", f"{division}_name_fi", f"{division}_name_sv"} <= set(cols)
    by_code = {r["kunta"]: r for r in rows}
    assert sorted(by_code) == ["20", "478", "5", "837", "91"]  # integer codes, as in geofi
    assert by_code["478"]["municipality_name_fi"] == "Maarianhamina"
    assert by_code["478"]["municipality_name_sv"] == "Mariehamn"
    assert by_code["91"]["hyvinvointialue_code"] == "90"
    assert by_code["20"]["maakunta_code"] == "6"
    assert by_code["20"]["maakunta_name_sv"] == "Birkaland"
    assert by_code["5"]["seutukunta_code"] == "146"
    assert by_code["5"]["avi_code"] == "4"
    assert by_code["91"]["kielisuhde_name_fi"].startswith("Kaksikielinen")
    record = records["regions/municipality_key_2025_statfi.csv"]
    assert record["rows"] == 5
    assert record["reference_date"] == "2025-01-01"
    assert any("%23avi_1_20250101/maps" in url for url in record["urls"])

    cols, rows = read_csv(staging / "regions/municipality_key_2026_statfi.csv")
    need = {"kunta", "evk_code", "evk_name_fi", "evk_name_sv"}
    assert need | {"maakunta_code", "hyvinvointialue_code"} <= set(cols)
    evk = {r["kunta"]: (r["evk_code"], r["evk_name_fi"]) for r in rows}
    assert evk["478"] == ("2", "Lounais-Suomen elinvoimakeskus")


def test_the_grid_has_the_builder_columns_and_cell_centres(fetched):
    staging, records, _, _ = fetched
    cols, rows = read_csv(staging / GRID_FILE)
    need = ["GRD_ID", "CNTR_ID", "T", "Y_LT15", "Y_1564", "Y_GE65", "LAND_SURFACE"]
    assert set(need) | {"cx_3067", "cy_3067"} <= set(cols)
    assert len(rows) == 4 == records[GRID_FILE]["rows"]
    first = rows[0]
    assert (first["cx_3067"], first["cy_3067"]) == ("385500.0", "6672500.0")  # polygon centroid
    assert (first["T"], first["Y_GE65"], first["CNTR_ID"]) == ("5873", "1141", "FI")
    assert {r["LAND_SURFACE"] for r in rows} == {"1.0"}
    # a cell under 10 inhabitants: only the total is published (-1 elsewhere)
    assert [r["SUPPRESSED"] for r in rows] == ["0", "0", "0", "1"]
    assert (rows[3]["T"], rows[3]["Y_GE65"], rows[3]["Y_LT15"]) == ("7", "0", "0")
    assert "1 cells under 10 inhabitants" in records[GRID_FILE]["note"]


def test_libraries_come_from_both_pages_with_service_flags(fetched):
    staging, records, requests, _ = fetched
    path = f"providers/libraries_kirkanta_municipal_{date.today().isoformat()}.csv"
    cols, rows = read_csv(staging / path)
    assert tuple(cols) == _online.LIBRARY_COLUMNS
    assert [r["kirkanta_id"] for r in rows] == ["84925", "84750", "86300", "85100"]
    libs = {r["kirkanta_id"]: r for r in rows}
    pasila = libs["84925"]
    assert (pasila["svc_digituki"], pasila["svc_enter_ry"], pasila["svc_kela_etapalvelu"]) == (
        "1", "1", "0",
    )
    assert pasila["n_services"] == "4"
    assert pasila["address"] == "Kellosilta 9, 00520, Helsinki"
    assert (pasila["lon"], pasila["lat"]) == ("24.933456", "60.198765")
    assert libs["84750"]["name_suggests_institutional"] == "1"
    assert libs["84750"]["homepage"] == ""
    metso = [libs["86300"][flag] for flag in _online.SERVICE_FLAGS]
    assert metso == ["1", "0", "1", "1", "1", "1", "1", "0"]
    assert (libs["85100"]["email"], libs["85100"]["phone"]) == ("", "06 2412 2650")
    record = records[path]
    assert record["rows"] == 4
    assert record["reference_date"] == date.today().isoformat()
    assert record["skipped_without_coordinates"] == 1
    assert record["skipped_ids"] == ["85793"]
    skips = [r["query"].get("skip") for r in requests if r["route"] == "kirkanta"]
    assert skips == [None, ["3"]]  # the second page came via skip


def test_paavo_age_structure_and_polygons(fetched):
    staging, records, _, _ = fetched
    cols, rows = read_csv(staging / "population/paavo_postal_agestructure_2024.csv")
    need = {"posti_alue", "kunta_nimi", "he_vakiy", "he_65plus_derived", "he_75plus_derived"}
    assert need <= set(cols)
    paavo = {r["posti_alue"]: r for r in rows}
    assert (paavo["00100"]["he_65plus_derived"], paavo["00100"]["he_75plus_derived"]) == (
        "3040", "1340",
    )
    assert paavo["00100"]["kunta_nimi"] == "Helsinki"
    assert paavo["22100"]["kunta_nimi"] == "Maarianhamina"
    assert (paavo["22100"]["he_75plus_derived"], paavo["22100"]["he_vakiy"]) == ("", "25")
    assert records["population/paavo_postal_agestructure_2024.csv"]["reference_date"] == (
        "2022-12-31"
    )
    gpkg = staging / "population/paavo_postal_population_2024.gpkg"
    polygons = gpd.read_file(gpkg, layer="postal_areas_2019_simplified")
    assert sorted(polygons["posti_alue"]) == ["00100", "22100", "33100"]
    assert polygons.crs.to_epsg() == 3067


def test_offline_layers_are_copied_unchanged_from_the_fallback(fetched):
    staging, records, _, _ = fetched
    copied = [r for r in records.values() if r["url"] == "copied from fallback"]
    assert {r["path"] for r in copied} >= {
        "regions/maistraatit_kuntaluettelo_2018-01-01_vrk.csv",
        "population/taajamat_ykr2022_pop2021.csv",
        "population/taajamat_ykr2022_pop2021.gpkg",
        "providers/more/police_licence_service_points_2021-12.csv",
    }
    for record in copied:
        assert (staging / record["path"]).read_bytes() == (MIRROR / record["path"]).read_bytes()
    assert not any("paavo_postal_population_2022" in path for path in records)


def test_the_staging_directory_is_a_complete_source_directory(fetched):
    staging, _, _, _ = fetched
    found = locate_sources(staging)
    assert found["libraries"].name == f"libraries_kirkanta_municipal_{date.today()}.csv"
    assert found["postal_ages"].name == "paavo_postal_agestructure_2024.csv"


# --- failures ---------------------------------------------------------------------------------


@needs_mirror
def test_a_503_is_retried_and_then_succeeds(server, tmp_path, fallback):
    server.fail("kirkanta", 503, 503)
    server.fail("classifications", 502)
    records = run(server, tmp_path / "staging", fallback_source=fallback, retries=2)
    assert any(r["path"].startswith("providers/libraries_kirkanta") for r in records)
    assert server.count("kirkanta") == 4  # two 503s, then the two pages


@needs_mirror
def test_a_429_is_retried_like_a_5xx(server, tmp_path, fallback):
    server.fail("classifications", 429)
    run(server, tmp_path / "staging", fallback_source=fallback, retries=1)
    first, retry = server.requests[1], server.requests[2]
    assert first["route"] == "classifications"
    assert retry["path"] == first["path"]


@needs_mirror
def test_5xx_that_never_ends_gives_up_after_the_retries(server, tmp_path, fallback):
    server.fail("kirkanta", 500, 500, 500)
    with pytest.raises(SourceError, match=r"HTTP 500.*after 3 attempts") as err:
        run(server, tmp_path / "staging", fallback_source=fallback, retries=2)
    assert "/v4/library?type=municipal" in str(err.value)
    assert server.count("kirkanta") == 3


@needs_mirror
def test_a_timeout_becomes_a_source_error(server, tmp_path, fallback):
    server.fail(KUNTA_ROUTE, "timeout", "timeout")
    with pytest.raises(SourceError, match="timeout") as err:
        run(server, tmp_path / "staging", fallback_source=fallback, timeout_s=0.3, retries=1)
    assert "vaestoalue%3Akunta_vaki2024" in str(err.value)
    assert "after 2 attempts" in str(err.value)
    # the server logs a request when its thread gets to it; on a busy machine that can come after
    # the client has already timed out, so wait for the log instead of racing it
    deadline = time.monotonic() + 5
    while server.count(KUNTA_ROUTE) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.count(KUNTA_ROUTE) == 2


@needs_mirror
def test_malformed_json_names_the_url(server, tmp_path, fallback):
    server.fail(GRID_ROUTE, "malformed")
    with pytest.raises(SourceError, match="not valid JSON") as err:
        run(server, tmp_path / "staging", fallback_source=fallback)
    assert f"{server.base_url}/geoserver/wfs?" in str(err.value)
    assert "vaki2021_1km" in str(err.value)
    assert server.count(GRID_ROUTE) == 1  # a 200 with a broken body is not retried
    assert not (tmp_path / "staging" / GRID_FILE).exists()


@needs_mirror
def test_a_404_is_not_retried(server, tmp_path, fallback):
    server.fail("maps", 404)
    with pytest.raises(SourceError, match="HTTP 404") as err:
        run(server, tmp_path / "staging", fallback_source=fallback, retries=3)
    assert "correspondenceTables/kunta_1_20250101%23maakunta_1_20250101/maps" in str(err.value)
    assert server.count("maps") == 1


@needs_mirror
def test_a_truncated_municipality_layer_is_refused(tmp_path, fallback):
    doc = json.loads(REPLY)  # type: ignore[arg-type]
    doc["features"] = doc["features"][:307]
    doc.update(totalFeatures=307, numberMatched=307, numberReturned=307)
    cache = tmp_path / "cache"
    with (
        FakeOfficialServices(json.dumps(doc).encode()) as fake,
        pytest.raises(SourceError, match="307 municipalities, expected 308") as err,
    ):
        run(fake, tmp_path / "staging", fallback_source=fallback, cache_dir=cache)
    assert "kunta_vaki2024" in str(err.value)
    assert not (tmp_path / "staging" / KUNTA_FILE).exists()
    assert not list(cache.glob("*.body"))  # the refused reply is not reused from the cache


@needs_mirror
def test_a_table_with_an_older_target_version_is_found_in_the_list(server, tmp_path, fallback):
    data = server.classifications
    data["classifications"]["kielisuhde_1_20230101"] = data["classifications"].pop(
        "kielisuhde_1_20250101"
    )
    tables = data["correspondenceTables"]
    tables["kunta_1_20250101#kielisuhde_1_20230101"] = tables.pop(
        "kunta_1_20250101#kielisuhde_1_20250101"
    )
    records = run(server, tmp_path / "staging", fallback_source=fallback)
    key = {r["path"]: r for r in records}["regions/municipality_key_2025_statfi.csv"]
    assert any("%23kielisuhde_1_20230101/maps" in url for url in key["urls"])
    assert server.count("tables") == 1
    _, rows = read_csv(tmp_path / "staging/regions/municipality_key_2025_statfi.csv")
    assert {r["kunta"]: r["kielisuhde_code"] for r in rows}["478"] == "2"


def test_missing_fallback_layers_are_all_named_before_any_download(tmp_path):
    offline = [spec.key for spec in _online._offline_specs()]
    assert {"maistraatit", "admin_centres", "settlements", "seniorsurf", "police"} <= set(offline)
    dead = "http://127.0.0.1:9"  # nothing listens there: a download attempt would fail
    unreachable = OnlineEndpoints(f"{dead}/wfs", f"{dead}/classifications", f"{dead}/v4")
    with pytest.raises(SourceError) as err:
        fetch_official_sources(tmp_path / "staging", endpoints=unreachable, progress=False)
    message = str(err.value)
    for key in offline:
        assert key in message
    assert "fallback_source" in message
    # a partial fallback names only what it lacks
    patterns = [s.pattern for s in _online._offline_specs() if s.key != "police"]
    partial = make_fallback_dir(tmp_path / "partial", patterns)
    with pytest.raises(SourceError, match="police") as err:
        fetch_official_sources(
            tmp_path / "staging", endpoints=unreachable, fallback_source=partial, progress=False
        )
    assert "seniorsurf" not in str(err.value)


# --- cache and paging -------------------------------------------------------------------------


@needs_mirror
def test_a_cache_hit_makes_no_second_request(server, tmp_path, fallback):
    cache = tmp_path / "cache"
    first = run(server, tmp_path / "a", fallback_source=fallback, cache_dir=cache)
    assert server.count() > 0
    server.reset_log()
    second = run(server, tmp_path / "b", fallback_source=fallback, cache_dir=cache)
    assert server.count() == 0
    assert [r["path"] for r in first] == [r["path"] for r in second]
    assert (tmp_path / "a" / KUNTA_FILE).read_bytes() == (tmp_path / "b" / KUNTA_FILE).read_bytes()
    # a cached reply older than the maximum age is fetched again
    run(server, tmp_path / "c", fallback_source=fallback, cache_dir=cache, cache_max_age_s=0)
    assert server.count(KUNTA_ROUTE) == 1


@needs_mirror
def test_a_bad_reply_is_not_cached(server, tmp_path, fallback):
    cache = tmp_path / "cache"
    server.fail(GRID_ROUTE, "malformed")
    with pytest.raises(SourceError):
        run(server, tmp_path / "a", fallback_source=fallback, cache_dir=cache)
    server.reset_log()
    run(server, tmp_path / "b", fallback_source=fallback, cache_dir=cache)
    assert server.count(GRID_ROUTE) == 1
    assert server.count(KUNTA_ROUTE) == 0


@needs_mirror
def test_wfs_pages_are_followed_when_the_server_caps_them(tmp_path, fallback):
    with FakeOfficialServices(REPLY, wfs_page_cap=100) as fake:  # type: ignore[arg-type]
        records = run(fake, tmp_path / "staging", fallback_source=fallback)
        starts = [r["query"]["startIndex"][0] for r in fake.requests if r["route"] == KUNTA_ROUTE]
    assert starts == ["0", "100", "200", "300"]
    written = json.loads((tmp_path / "staging" / KUNTA_FILE).read_bytes())
    assert len(written["features"]) == 308
    assert written["numberReturned"] == 308
    assert written["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"
    assert {r["path"]: r["rows"] for r in records}[KUNTA_FILE] == 308
