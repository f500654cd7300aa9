"""Tests for the coordinator's provider-file loader (coverage.data.uploads)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from coverage.data.schema import PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.data.uploads import UploadResult, check_provider_file, load_provider_file
from coverage.errors import InputError, Problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
TO_3067 = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
HEADER = "name,type,lat,lon"


def etrs(lat: float, lon: float) -> tuple[float, float]:
    """Expected EPSG:3067 x/y of a WGS84 point, computed independently of the loader."""
    x, y = TO_3067.transform(lon, lat)
    return float(x), float(y)


def load_csv(text: str, name: str = "test.csv") -> UploadResult:
    return load_provider_file(text.encode("utf-8"), filename=name)


def problems_of(text: str | bytes, name: str = "test.csv") -> list[Problem]:
    """Problems of a file that must be refused."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        load_provider_file(data, filename=name)
    return info.value.problems


def find(problems: list[Problem], *, row: int | None, field: str | None, severity: str = "error"):
    """The single problem at row/field with that severity."""
    hits = [p for p in problems if (p.row, p.field, p.severity) == (row, field, severity)]
    assert len(hits) == 1, f"expected one {severity} at row {row} field {field}: {problems}"
    return hits[0]


def xlsx_bytes(rows: list[list[object]], *, extra_sheet: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if extra_sheet:
        wb.create_sheet("second").append(["nothing", "here"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------ good files


def test_comma_csv_gives_provider_frame_with_projected_points() -> None:
    result = load_provider_file(FIXTURES / "good_comma.csv")
    gdf = result.providers

    expected_cols = [*PROVIDER_COLUMNS, *SERVICE_FLAGS, "geometry"]
    assert list(gdf.columns) == expected_cols
    assert gdf.crs.to_epsg() == 3067
    assert len(gdf) == 3
    assert result.warnings == []

    oodi = gdf.iloc[0]
    x, y = etrs(60.1738, 24.9380)
    assert oodi["x"] == pytest.approx(x, abs=0.1)
    assert oodi["y"] == pytest.approx(y, abs=0.1)
    assert 385_000 < oodi["x"] < 386_500
    assert 6_672_000 < oodi["y"] < 6_673_000
    assert oodi.geometry.equals(Point(oodi["x"], oodi["y"]))
    assert oodi["provider_id"] == "upload:2"
    assert oodi["name"] == "Oodi"
    assert oodi["provider_type"] == "library"
    # defaults of the library type in data/providers/provider_types.csv
    assert (oodi["auta_part"], oodi["channel"], oodi["capacity_h_week"]) == ("AB", "walk_in", 10.0)
    assert oodi["address"] == "Töölönlahdenkatu 4"
    assert oodi["languages"] == "fi;sv;en"
    assert oodi["kunta_code"] == "091"
    assert oodi["source"] == "user file good_comma.csv"
    assert oodi["reference_date"] == dt.date.today().isoformat()
    assert not oodi["location_approximate"]
    assert oodi["svc_digituki"]
    assert oodi["svc_seniorsurf"]
    assert not oodi["svc_enter_ry"]

    kela = gdf.iloc[1]
    assert kela["provider_id"] == "upload:3"
    assert kela["provider_type"] == "authority_desk"
    assert kela["capacity_h_week"] == 12.5
    assert kela["kunta_code"] == "091"
    assert not kela["svc_digituki"]

    turku = gdf.iloc[2]
    assert turku["provider_type"] == "ngo"
    assert (turku["auta_part"], turku["capacity_h_week"]) == ("B", 4.0)
    assert turku["kunta_code"] == "853"
    assert turku["languages"] == ""

    for flag in SERVICE_FLAGS:
        assert gdf[flag].dtype == bool
    assert gdf["location_approximate"].dtype == bool
    assert gdf["capacity_h_week"].dtype == float


def test_semicolon_cp1252_decimal_comma_and_finnish_columns() -> None:
    result = load_provider_file(FIXTURES / "good_semicolon_cp1252.csv")
    gdf = result.providers
    assert list(gdf["name"]) == ["Mäntsälän kirjasto", "Töölön kirjasto"]
    assert list(gdf["provider_type"]) == ["library", "library"]  # "kirjasto", "Bibliotek"
    x, y = etrs(60.6339, 25.3185)
    assert gdf.iloc[0]["x"] == pytest.approx(x, abs=0.1)
    assert gdf.iloc[0]["y"] == pytest.approx(y, abs=0.1)
    assert gdf.iloc[0]["capacity_h_week"] == 7.5
    assert gdf.iloc[0]["languages"] == "fi"
    assert gdf.iloc[1]["languages"] == "fi;sv"
    assert gdf.iloc[1]["capacity_h_week"] == 10.0


def test_bytes_and_path_give_the_same_frame() -> None:
    path = FIXTURES / "good_comma.csv"
    from_path = load_provider_file(path).providers
    from_bytes = load_provider_file(path.read_bytes(), filename="good_comma.csv").providers
    assert from_path.equals(from_bytes)


def test_utf8_bom_csv() -> None:
    data = ("\ufeffnimi,tyyppi,leveys,pituus\nÄänekosken kirjasto,kirjasto,62.6040,25.7266\n")
    gdf = load_provider_file(data.encode("utf-8"), filename="bom.csv").providers
    assert gdf.iloc[0]["name"] == "Äänekosken kirjasto"
    x, _ = etrs(62.6040, 25.7266)
    assert gdf.iloc[0]["x"] == pytest.approx(x, abs=0.1)


def test_header_case_and_spaces_are_ignored_and_swedish_aliases_work() -> None:
    data = " NAMN ; Typ ;LATITUDE; Longitude \nVasa stadsbibliotek;bibliotek;63.0960;21.6158\n"
    gdf = load_csv(data).providers
    assert gdf.iloc[0]["name"] == "Vasa stadsbibliotek"
    assert gdf.iloc[0]["provider_type"] == "library"


def test_etrs_xy_with_space_thousands_and_decimal_comma() -> None:
    gdf = load_provider_file(FIXTURES / "etrs_xy.csv").providers
    assert gdf.iloc[0][["x", "y"]].tolist() == [427_363.0, 7_210_355.0]
    assert gdf.iloc[1][["x", "y"]].tolist() == [443_800.5, 7_375_600.0]
    assert gdf.iloc[1]["provider_type"] == "service_point"
    assert gdf.iloc[1]["auta_part"] == "A"


def test_etrs_finnish_column_names() -> None:
    data = "nimi,tyyppi,itä,pohjoinen\nKuopion kirjasto,kirjasto,534500,6973500\n"
    gdf = load_csv(data).providers
    assert gdf.iloc[0][["x", "y"]].tolist() == [534_500.0, 6_973_500.0]


def test_xlsx_first_sheet_numbers_and_dates() -> None:
    data = xlsx_bytes(
        [
            ["Nimi", "Tyyppi", "Leveys", "Pituus", "Kunta", "pvm", "svc_digituki", "capacity"],
            ["Oodi", "kirjasto", 60.1738, 24.9380, 91, dt.datetime(2025, 3, 31), True, 15],
            [None, None, None, None, None, None, None, None],  # blank row is skipped
            ["Kela", "kela", "60,1690", "24,9320", "091", "31.3.2025", 0, None],
        ],
        extra_sheet=True,
    )
    result = load_provider_file(data, filename="lista.xlsx")
    gdf = result.providers
    assert list(gdf["provider_id"]) == ["upload:2", "upload:4"]
    assert list(gdf["kunta_code"]) == ["091", "091"]
    assert list(gdf["reference_date"]) == ["2025-03-31", "2025-03-31"]
    assert list(gdf["svc_digituki"]) == [True, False]
    assert list(gdf["capacity_h_week"]) == [15.0, 20.0]
    assert gdf.iloc[1]["provider_type"] == "authority_desk"
    x, y = etrs(60.1738, 24.9380)
    assert gdf.iloc[0]["x"] == pytest.approx(x, abs=0.1)
    assert gdf.iloc[0]["y"] == pytest.approx(y, abs=0.1)
    assert gdf.iloc[0]["source"] == "user file lista.xlsx"


def test_geojson_points_are_reprojected() -> None:
    result = load_provider_file(FIXTURES / "providers.geojson")
    gdf = result.providers
    assert list(gdf["name"]) == ["Oodi", "Tampereen pääkirjasto Metso"]
    assert list(gdf["provider_id"]) == ["upload:2", "upload:3"]  # feature index + 2
    x, y = etrs(61.4950, 23.7550)
    assert gdf.iloc[1]["x"] == pytest.approx(x, abs=0.1)
    assert gdf.iloc[1]["y"] == pytest.approx(y, abs=0.1)
    assert list(gdf["svc_digituki"]) == [True, False]
    assert result.warnings == []


def point(first: float, second: float) -> dict:
    """A GeoJSON Point with its coordinates in the order given."""
    return {"type": "Point", "coordinates": [first, second]}


def geojson(*features: tuple[dict, dict | None], **members: object) -> bytes:
    """A GeoJSON FeatureCollection of (properties, geometry) features, plus `members` (crs)."""
    doc = {
        "type": "FeatureCollection",
        **members,
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    return json.dumps(doc).encode()


def test_geojson_declaring_etrs_crs() -> None:
    doc = geojson(
        ({"name": "Oulu", "type": "library"}, point(427363.0, 7210355.0)),
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}},
    )
    gdf = load_provider_file(doc, filename="oulu.geojson").providers
    assert gdf.iloc[0]["x"] == pytest.approx(427363.0, abs=0.1)
    assert gdf.iloc[0]["y"] == pytest.approx(7210355.0, abs=0.1)


@pytest.mark.parametrize("epsg", [4326, 3067])
def test_geopackage_first_layer(tmp_path: Path, epsg: int) -> None:
    lat, lon = 60.2055, 24.6559  # Espoo, Sello library
    first = gpd.GeoDataFrame(
        {"name": ["Sellon kirjasto", "Entresse"], "type": ["library", "kirjasto"]},
        geometry=[Point(lon, lat), Point(24.6590, 60.2180)],
        crs="EPSG:4326",
    ).to_crs(epsg)
    other = gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(0, 0)], crs="EPSG:4326")
    path = tmp_path / "lista.gpkg"
    first.to_file(path, layer="providers", driver="GPKG")
    other.to_file(path, layer="zzz_other", driver="GPKG")

    gdf = load_provider_file(path).providers
    assert list(gdf["name"]) == ["Sellon kirjasto", "Entresse"]
    x, y = etrs(lat, lon)
    assert gdf.iloc[0]["x"] == pytest.approx(x, abs=0.1)
    assert gdf.iloc[0]["y"] == pytest.approx(y, abs=0.1)
    assert gdf.crs.to_epsg() == 3067

    same = load_provider_file(path.read_bytes(), filename="lista.gpkg").providers
    assert same.equals(gdf)


def test_optional_columns_override_type_defaults() -> None:
    data = (
        "name,type,lat,lon,auta_part,channel,capacity,languages,svc_oma_palvelu,reference_date\n"
        "Kotituki,home_support_base,61.0,25.0,b a,Home visit,37.5,suomi ja ruotsi,1,2024-12-01\n"
    )
    rec = load_csv(data).providers.iloc[0]
    assert (rec["auta_part"], rec["channel"], rec["capacity_h_week"]) == ("AB", "home_visit", 37.5)
    assert rec["languages"] == "fi;sv"
    assert rec["reference_date"] == "2024-12-01"
    assert bool(rec["svc_oma_palvelu"]) is True
    assert "svc_oma_palvelu" in load_csv(data).providers.columns


def test_truthy_flag_values() -> None:
    values = ["1", "true", "kyllä", "x", "yes", "ja", "TRUE", "Kyllä", "0", "", "ei", "no"]
    rows = "".join(f"P{i},library,60.{i + 10},24.9,{v}\n" for i, v in enumerate(values))
    gdf = load_csv("name,type,lat,lon,svc_digituki\n" + rows).providers
    assert gdf["svc_digituki"].tolist() == [True] * 8 + [False] * 4


def test_unused_columns_are_a_warning() -> None:
    result = load_csv(f"{HEADER},huomio\nOodi,library,60.17,24.94,avoinna\n")
    warning = find(result.warnings, row=None, field=None, severity="warning")
    assert "huomio" in warning.message


# --------------------------------------------------------------------- swaps and duplicates


def test_swapped_lat_lon_is_fixed_with_a_warning() -> None:
    result = load_csv(
        f"{HEADER}\nOikein,library,60.1738,24.9380\nVäärin,library,24.9380,60.1738\n"
    )
    gdf = result.providers
    assert gdf.iloc[1]["x"] == pytest.approx(gdf.iloc[0]["x"], abs=0.01)
    assert gdf.iloc[1]["y"] == pytest.approx(gdf.iloc[0]["y"], abs=0.01)
    warning = find(result.warnings, row=3, field="lat", severity="warning")
    assert "lat 24.938 and lon 60.1738 look swapped" in warning.message
    assert "check that lat is the north coordinate" in warning.message


def test_swapped_xy_is_fixed_with_a_warning() -> None:
    result = load_csv("name,type,x,y\nA,library,385700,6672300\nB,library,6672300,385700\n")
    gdf = result.providers
    assert gdf.iloc[1][["x", "y"]].tolist() == [385_700.0, 6_672_300.0]
    warning = find(result.warnings, row=3, field="x", severity="warning")
    assert "swapped" in warning.message


def test_swapped_geojson_coordinates_are_fixed_with_a_warning() -> None:
    doc = geojson(({"name": "Oodi", "type": "library"}, point(60.1738, 24.9380)))
    result = load_provider_file(doc, filename="swap.geojson")
    x, _ = etrs(60.1738, 24.9380)
    assert result.providers.iloc[0]["x"] == pytest.approx(x, abs=0.1)
    warning = find(result.warnings, row=2, field="geometry", severity="warning")
    assert "longitude, latitude" in warning.message


def test_same_name_within_50_m_is_dropped_with_warning() -> None:
    data = (
        f"{HEADER}\n"
        "Oodi,library,60.1738,24.9380\n"
        "Toinen,library,60.1738,24.9380\n"  # different name, same place: kept
        "  OODI ,library,60.17400,24.93810\n"  # ~23 m away, same name: dropped
        "Oodi,library,60.1800,24.9380\n"  # ~690 m away: a different place, kept
    )
    result = load_csv(data)
    assert result.providers["provider_id"].tolist() == ["upload:2", "upload:3", "upload:5"]
    warning = find(result.warnings, row=4, field="name", severity="warning")
    dist = math.dist(etrs(60.1738, 24.9380), etrs(60.17400, 24.93810))
    assert 20 < dist < 30
    assert f"row 4 duplicates row 2 (same name 'OODI', {dist:.0f} m apart)" in warning.message


def test_exact_duplicate_row_is_dropped_with_warning() -> None:
    result = load_csv(f"{HEADER}\nOodi,library,60.1738,24.9380\nOodi,library,60.1738,24.9380\n")
    assert result.providers["provider_id"].tolist() == ["upload:2"]
    warning = find(result.warnings, row=3, field=None, severity="warning")
    assert "exact copy of row 2" in warning.message


# ------------------------------------------------------------------------------ bad files


def test_empty_file() -> None:
    with pytest.raises(InputError, match="the file is empty"):
        load_provider_file(b"", filename="empty.csv")
    problems = problems_of(b"  \r\n\n", "blank.csv")
    assert find(problems, row=None, field=None).source == "blank.csv"


def test_header_without_data_rows() -> None:
    with pytest.raises(InputError, match="no data rows"):
        load_csv(f"{HEADER}\n\n,,,\n")
    find(problems_of(f"{HEADER}\n"), row=None, field=None)


def test_empty_xlsx_sheet() -> None:
    with pytest.raises(InputError, match="first sheet is empty"):
        load_provider_file(xlsx_bytes([]), filename="tyhjä.xlsx")


@pytest.mark.parametrize(
    ("data", "name", "pattern"),
    [
        (b"%PDF-1.4 fake", "lista.pdf", "PDF document"),
        (b"name,type,lat,lon\n", "lista.pdf", r"'\.pdf' files are not accepted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "lista.xls", r"old Excel \(\.xls\)"),
        (bytes(range(256)) * 4, "garbage.csv", "does not look like a text"),
        (b"\x00\x01\x02\x03binary\x00", "lista.csv", "does not look like a text"),
        (b"muistiinpanoja\ntoinen rivi\n", "notes.txt", "found only one column"),
        (b"name\nOodi\nKela\n", "one.csv", "found only one column"),
        (b"not a zip at all", "lista.xlsx", "not a valid Excel"),
        (b"PK\x03\x04 broken zip", "lista.xlsx", "cannot read this as an Excel"),
        (b"not sqlite", "lista.gpkg", "not a valid GeoPackage"),
        (b'{"just": "json"}', "lista.geojson", "cannot read this as GeoJSON"),
    ],
)
def test_wrong_file_type_names_the_accepted_formats(data: bytes, name: str, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as info:
        load_provider_file(data, filename=name)
    assert "GeoPackage" in str(info.value) or "text or spreadsheet" in str(info.value)
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert (problem.source, problem.row, problem.field, problem.severity) == (
        name,
        1 if "one column" in pattern else None,
        None,
        "error",
    )


def test_missing_required_columns_is_one_error_naming_all() -> None:
    with pytest.raises(InputError, match="missing required columns: type, lat and lon") as info:
        load_csv("nimi;osoite;huomio\nOodi;Töölönlahdenkatu 4;x\n")
    assert len(info.value.problems) == 1
    message = find(info.value.problems, row=None, field=None).message
    assert "'nimi', 'osoite', 'huomio'" in message
    assert "tyyppi" in message  # tells the accepted names


def test_missing_one_of_a_coordinate_pair() -> None:
    with pytest.raises(InputError, match="missing required columns: lon"):
        load_csv("name,type,lat\nOodi,library,60.17\n")


def test_duplicate_columns_are_an_error() -> None:
    problems = problems_of("name,nimi,type,lat,lon\nA,B,library,60.17,24.94\n")
    assert "both give name" in find(problems, row=1, field="nimi").message


def test_empty_name() -> None:
    with pytest.raises(InputError, match="name is empty"):
        load_csv(f"{HEADER}\nOodi,library,60.17,24.94\n  ,library,60.18,24.94\n")
    data = f"{HEADER}\nOodi,library,60.17,24.94\n,library,60.18,24.94\n"
    find(problems_of(data), row=3, field="name")


def test_unparsable_coordinate_names_the_value() -> None:
    data = f"{HEADER}\nOodi,library,60.17,24.94\nKela,library,60°10'N,24.93\n"
    with pytest.raises(InputError, match=r"lat '60°10'N' is not a number"):
        load_csv(data)
    find(problems_of(data), row=3, field="lat")


def test_missing_coordinate_value() -> None:
    problems = problems_of(f"{HEADER}\nOodi,library,60.17,\nKela,library,,\n")
    assert "lon is empty" in find(problems, row=2, field="lon").message
    assert "no coordinates" in find(problems, row=3, field="lat").message


@pytest.mark.parametrize(
    ("row", "field", "pattern"),
    [
        ("Tukholma,library,59.33,18.07", "lon", "check that the coordinates are WGS84"),
        ("Nolla,library,0,0", "lat", "check that the coordinates are WGS84"),
        ("Metrit,library,6672300,385700", "lat", "name the columns x and y"),
        ("Etelä,library,-60.17,24.94", "lat", "outside Finland"),
    ],
)
def test_lat_lon_outside_finland(row: str, field: str, pattern: str) -> None:
    problem = find(problems_of(f"{HEADER}\n{row}\n"), row=2, field=field)
    assert "outside Finland" in problem.message
    assert pattern in problem.message


def test_lat_lon_outside_finland_row_and_field() -> None:
    data = (
        f"{HEADER}\nOodi,library,60.17,24.94\n"
        "Tukholma,library,59.33,18.07\n"
        "Roma,library,41.9,12.5\n"
    )
    with pytest.raises(InputError, match=r"59\.33, lon 18\.07 is outside Finland"):
        load_csv(data)
    problems = problems_of(data)
    find(problems, row=3, field="lon")
    find(problems, row=4, field="lat")


def test_xy_outside_finland() -> None:
    data = (
        "name,type,x,y\n"
        "A,library,385700,6672300\n"
        "B,library,900000,6672300\n"
        "C,library,24.9,60.1\n"
    )
    with pytest.raises(InputError, match="x 900000, y 6672300 is outside Finland"):
        load_csv(data)
    problems = problems_of(data)
    find(problems, row=3, field="x")
    assert "name the columns lat and lon" in find(problems, row=4, field="x").message


def test_unknown_provider_type_lists_the_valid_ids() -> None:
    data = f"{HEADER}\nOodi,library,60.17,24.94\nKahvila,kahvila,60.18,24.94\n"
    with pytest.raises(InputError, match=r"unknown provider type 'kahvila'; use one of: library"):
        load_csv(data)
    message = find(problems_of(data), row=3, field="type").message
    for type_id in ("service_point", "authority_desk", "ngo", "home_support_base", "remote"):
        assert type_id in message


def test_empty_provider_type() -> None:
    problems = problems_of("nimi,tyyppi,leveys,pituus\nOodi,,60.17,24.94\n")
    assert "tyyppi is empty" in find(problems, row=2, field="tyyppi").message


@pytest.mark.parametrize("value", ["abc", "0", "-5", "10 h"])
def test_capacity_must_be_positive_number(value: str) -> None:
    data = f"{HEADER},capacity\nOodi,library,60.17,24.94,{value}\n"
    with pytest.raises(InputError, match=f"capacity '{value}' must be a positive number"):
        load_csv(data)
    find(problems_of(data), row=2, field="capacity")


def test_other_bad_optional_values() -> None:
    data = (
        f"{HEADER},auta_part,channel,pvm,kunta,svc_digituki,kielet\n"
        "Oodi,library,60.17,24.94,C,drive-in,31.2.2025,Helsinki,ehkä,fi klingon\n"
    )
    problems = problems_of(data)
    assert "must be A" in find(problems, row=2, field="auta_part").message
    assert "walk_in, home_visit, remote" in find(problems, row=2, field="channel").message
    assert "not a valid date" in find(problems, row=2, field="pvm").message
    warned = {(p.field, p.severity) for p in problems if p.severity == "warning"}
    assert warned == {("kunta", "warning"), ("svc_digituki", "warning"), ("kielet", "warning")}


def test_too_many_values_hints_at_decimal_comma() -> None:
    problems = problems_of(f"{HEADER}\nOodi,library,60,1738,24,9380\n")
    assert "decimal comma" in find(problems, row=2, field=None).message


def test_non_point_geometry() -> None:
    gdf = gpd.GeoDataFrame(
        {"name": ["Alue"], "type": ["library"]},
        geometry=[Polygon([(24.9, 60.1), (25.0, 60.1), (25.0, 60.2)])],
        crs="EPSG:4326",
    )
    with pytest.raises(InputError, match="geometry is a Polygon; each provider must be a point"):
        load_provider_file(gdf.to_json().encode(), filename="alue.geojson")


def test_geojson_point_outside_finland() -> None:
    gdf = gpd.GeoDataFrame(
        {"name": ["Oodi", "Berlin"], "type": ["library", "library"]},
        geometry=[Point(24.938, 60.1738), Point(13.4, 52.5)],
        crs="EPSG:4326",
    )
    problems = problems_of(gdf.to_json().encode(), "lista.geojson")
    assert "outside Finland" in find(problems, row=3, field="geometry").message


def test_every_problem_is_reported_at_once() -> None:
    data = (
        f"{HEADER},capacity\n"
        "Oodi,library,60.17,24.94,\n"
        ",library,60.17,24.95,\n"  # row 3: empty name
        "Kahvila,kahvila,60.17,24.96,\n"  # row 4: unknown type
        "Kela,kela,abc,24.97,\n"  # row 5: bad lat
        "Rooma,library,41.9,12.5,\n"  # row 6: outside Finland
        "Opisto,opisto,60.17,24.98,-1\n"  # row 7: bad capacity
        "Väärin,library,24.99,60.17,\n"  # row 8: swapped (warning only)
    )
    with pytest.raises(InputError) as info:
        load_csv(data)
    got = {(p.row, p.field, p.severity) for p in info.value.problems}
    assert got == {
        (3, "name", "error"),
        (4, "type", "error"),
        (5, "lat", "error"),
        (6, "lat", "error"),
        (7, "capacity", "error"),
        (8, "lat", "warning"),
    }
    assert [p.row for p in info.value.problems] == sorted(p.row for p in info.value.problems)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_provider_file(tmp_path / "ei_ole.csv")
    with pytest.raises(InputError, match="is a folder"):
        load_provider_file(tmp_path)


def test_excel_sep_line_tab_delimiter_and_utf16() -> None:
    gdf = load_csv("sep=;\nname;type;lat;lon\nOodi;library;60,1738;24,9380\n").providers
    assert gdf["provider_id"].tolist() == ["upload:2"]  # Excel hides the sep= line
    text = "nimi\ttyyppi\tleveys\tpituus\r\nSeinäjoen kirjasto\tkirjasto\t62,7903\t22,8403\r\n"
    data = b"\xff\xfe" + text.encode("utf-16-le")  # Excel "Unicode text"
    gdf = load_provider_file(data, filename="lista.txt").providers
    assert gdf.iloc[0]["name"] == "Seinäjoen kirjasto"
    x, _ = etrs(62.7903, 22.8403)
    assert gdf.iloc[0]["x"] == pytest.approx(x, abs=0.1)


def test_geopackage_without_crs_is_guessed_with_a_warning(tmp_path: Path) -> None:
    layer = gpd.GeoDataFrame(
        {"name": ["Oodi"], "type": ["library"]}, geometry=[Point(24.9380, 60.1738)]
    )
    path = tmp_path / "ei_crs.gpkg"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        layer.to_file(path, driver="GPKG")
    result = load_provider_file(path)
    x, _ = etrs(60.1738, 24.9380)
    assert result.providers.iloc[0]["x"] == pytest.approx(x, abs=0.1)
    warning = find(result.warnings, row=None, field="geometry", severity="warning")
    assert "assumed EPSG:4326" in warning.message


def test_feature_without_geometry_falls_back_to_columns() -> None:
    doc = geojson(
        ({"name": "Oodi", "type": "library", "lat": 60.1738, "lon": 24.938}, None),
        ({"name": "Kela", "type": "kela"}, None),
    )
    problems = problems_of(doc, "lista.geojson")
    assert len(problems) == 1
    assert "no coordinates" in find(problems, row=3, field="lat").message


# ------------------------------------------------------------------------------------- CLI


def test_check_provider_file_ok() -> None:
    code, lines = check_provider_file(FIXTURES / "good_comma.csv")
    assert code == 0
    assert lines == ["OK: 3 providers usable (0 warnings)"]


def check_lista(tmp_path: Path, rows: str) -> tuple[int, list[str]]:
    """Write `rows` under the header to lista.csv and check it as the CLI does."""
    path = tmp_path / "lista.csv"
    path.write_text(f"{HEADER}\n{rows}", "utf-8")
    return check_provider_file(path)


def test_check_provider_file_lists_warnings(tmp_path: Path) -> None:
    code, lines = check_lista(tmp_path, "Oodi,library,24.94,60.17\nKela,kela,60.17,24.93\n")
    assert code == 0
    assert lines[0].startswith("warning: lista.csv, row 2, field 'lat':")
    assert lines[-1] == "OK: 2 providers usable (1 warning)"


def test_check_provider_file_not_usable(tmp_path: Path) -> None:
    code, lines = check_lista(tmp_path, "Oodi,kahvila,60.17,24.94\nKela,kela,24.93,60.17\n")
    assert code == 1
    assert lines[0].startswith("error: lista.csv, row 2, field 'type': unknown provider type")
    assert lines[-1].startswith("NOT USABLE: lista.csv has 1 error (1 warning)")


# ------------------------------------------------------------------------------ properties


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_input_error(data: bytes) -> None:
    outcome: UploadResult | InputError
    try:
        outcome = load_provider_file(data, filename="x.csv")
    except InputError as exc:
        outcome = exc
    if isinstance(outcome, InputError):
        assert outcome.problems
        assert all(isinstance(p, Problem) for p in outcome.problems)
    else:
        assert isinstance(outcome, UploadResult)


_CSV_ALPHABET = st.sampled_from([*"name,type;lat lon\n\r\"'xy0123456789.-äö°", "library"])


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.one_of(
        st.text(max_size=500),
        st.lists(_CSV_ALPHABET, max_size=200).map("".join),
        st.lists(
            st.sampled_from(
                [HEADER, "\n", ",", ";", "Oodi", "library", "60.17", "24,94", "-1", "1e400", '"']
            ),
            max_size=40,
        ).map("".join),
    ),
    st.sampled_from(["x.csv", "x.txt", "x.xlsx", "x.geojson", "x.gpkg", "x", None]),
)
def test_arbitrary_text_never_raises_anything_but_input_error(text: str, name: str | None) -> None:
    with contextlib.suppress(InputError):
        load_provider_file(text.encode("utf-8", "surrogatepass"), filename=name)
