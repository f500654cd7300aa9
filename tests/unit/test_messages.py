"""coverage.messages: every upload problem has a code and reads right in fi, sv and en."""

from __future__ import annotations

import ast
import io
import json
import os
import string
import warnings
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import Point, Polygon

from coverage.data import uploads, user_providers
from coverage.data.dataset import data_dir, load_dataset
from coverage.data.uploads import check_provider_file, load_provider_file
from coverage.data.user_providers import load_user_providers
from coverage.errors import DatasetMissingError, InputError, Problem
from coverage.messages import (
    FRAGMENTS,
    LANGS,
    MESSAGES,
    NOUNS,
    TERMS,
    Count,
    Term,
    format_message,
    localized,
    problem,
)
from coverage.ui.components import problems_frame

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
UPLOADS_PY = Path(uploads.__file__)
HEADER = "name,type,lat,lon"
NOT_EXERCISED = {
    # GDAL does not open a GeoPackage without layers (it reports "not recognized" instead),
    # so the loader's own check cannot be reached from a file; the message stays for safety.
    "upload.gpkg_no_layers",
    # The CLI's verdict lines, not problems: checked in test_check_summary_in_every_language.
    "upload.summary_refused",
    "upload.summary_ok",
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _geojson(props: list[dict], geoms: list, crs: str | None = "EPSG:4326") -> bytes:
    return gpd.GeoDataFrame(props, geometry=geoms, crs=crs).to_json().encode()


def _bad_inputs(tmp: Path) -> list[tuple[object, str | None]]:
    """Inputs that between them produce every upload message: (path or bytes, filename)."""
    csv = [
        "",
        f"{HEADER}\n",
        "name\nOodi\nKela\n",
        'name,type,lat,lon\n"' + "a" * 200_000 + '",library,60.1,24.9\n',
        "nimi;osoite;huomio\nOodi;Töölönlahdenkatu 4;x\n",
        "name,type,x\nOodi,library,385700\n",
        "name,nimi,type,lat,lon\nA,B,library,60.17,24.94\n",
        f"{HEADER},huomio\nOodi,library,60.17,24.94,avoinna\n",
        f"{HEADER}\nOodi,library,60,1738,24,9380\n",
        "name;type;lat;lon\nOodi;library;60;1738;24;9380\n",
        f"{HEADER}\nOodi,library,60.17,\nKela,library,,\nKela,library,60°10'N,24.93\n",
        f"{HEADER}\nA,library,59.33,18.07\nB,library,6672300,385700\nC,library,24.94,60.17\n",
        "name,type,x,y\nA,library,900000,6672300\nB,library,24.9,60.1\nC,library,6672300,385700\n",
        f"{HEADER}\n,library,60.17,24.94\nKahvila,kahvila,60.17,24.94\nTyhjä,,60.17,24.94\n",
        f"{HEADER},capacity\nA,library,60.17,24.94,-5\nB,kahvila,60.17,24.95,abc\n",
        f"{HEADER},auta_part,channel,pvm,kunta,svc_digituki,kielet\n"
        "Oodi,library,60.17,24.94,C,drive-in,31.2.2025,Helsinki,ehkä,fi klingon\n",
        f"{HEADER}\nOodi,library,60.1738,24.9380\nOodi,library,60.1738,24.9380\n"
        "  OODI ,library,60.17400,24.93810\n",
    ]
    cases: list[tuple[object, str | None]] = [(text.encode(), "lista.csv") for text in csv]
    cases += [
        (b"%PDF-1.4 fake", "lista.pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "lista.xls"),
        (b"name,type,lat,lon\n", "lista.docx"),
        (b"not a zip at all", "lista.xlsx"),
        (b"not sqlite", "lista.gpkg"),
        (bytes(range(256)) * 4, "garbage.csv"),
        (b"PK\x03\x04 broken zip", "lista.xlsx"),
        (_xlsx([]), "tyhjä.xlsx"),
        (b'{"just": "json"}', "lista.geojson"),
        (123, None),
        (tmp / "ei_ole.csv", None),
        (tmp, None),
        (f"{tmp}/a\x00b.csv", None),
    ]
    polygon = Polygon([(24.9, 60.1), (25.0, 60.1), (25.0, 60.2)])
    cases += [
        (
            _geojson(
                [{"name": n, "type": "library"} for n in ("Alue", "Berlin", "Väärin")],
                [polygon, Point(13.4, 52.5), Point(60.1738, 24.938)],
            ),
            "lista.geojson",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [{"type": "Feature", "properties": {}, "geometry": None}],
                }
            ).encode(),
            "tyhjä.geojson",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "crs": {
                        "type": "name",
                        "properties": {"name": "urn:ogc:def:crs:IAU_2015::30100"},
                    },
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"name": "Kuu", "type": "library"},
                            "geometry": {"type": "Point", "coordinates": [1, 2]},
                        }
                    ],
                }
            ).encode(),
            "kuu.geojson",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"name": "A", "type": "kela"},
                            "geometry": None,
                        },
                        {
                            "type": "Feature",
                            "properties": {"name": "B", "type": "kela"},
                            "geometry": {"type": "LineString", "coordinates": [[24, 60], [25, 60]]},
                        },
                    ],
                }
            ).encode(),
            "ei_pistettä.geojson",
        ),
    ]
    gpkg = tmp / "ei_crs.gpkg"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "'crs' was not provided"
        gpd.GeoDataFrame(
            {"name": ["Oodi"], "type": ["library"]}, geometry=[Point(24.938, 60.1738)]
        ).to_file(gpkg, driver="GPKG")
    cases.append((gpkg, None))
    return cases


def _problems_of(source: object, filename: str | None) -> list[Problem]:
    """Every problem and warning of one input, refused or accepted."""
    try:
        if isinstance(source, bytes):
            return list(load_provider_file(source, filename=filename).warnings)
        return list(load_provider_file(source).warnings)  # type: ignore[arg-type]
    except InputError as exc:
        return list(exc.problems)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    tmp = tmp_path_factory.mktemp("uploads")
    inputs: list[tuple[object, str | None]] = [
        (path, None) for path in sorted(FIXTURES.iterdir()) if path.suffix != ".md"
    ]
    inputs += _bad_inputs(tmp)
    return [p for source, name in inputs for p in _problems_of(source, name)]


# ------------------------------------------------------------------------------ the catalogue


def test_every_code_has_three_languages_with_the_same_placeholders():
    assert MESSAGES
    for code, templates in MESSAGES.items():
        assert set(templates) == set(LANGS), code
        for lang in LANGS:
            assert templates[lang].strip(), f"{code} {lang} is empty"
            assert _fields(templates[lang]) == _fields(templates["en"]), f"{code} {lang}"


@pytest.mark.parametrize("table", [FRAGMENTS, TERMS, NOUNS], ids=["fragments", "terms", "nouns"])
def test_words_filled_into_templates_exist_in_every_language(table):
    for key, by_lang in table.items():
        assert set(by_lang) == set(LANGS), key


def test_finnish_and_swedish_differ_from_english():
    for code, templates in MESSAGES.items():
        if code == "upload.summary_ok":
            continue  # "OK: {providers} ..." differs only after filling
        assert templates["fi"] != templates["en"], code
        assert templates["sv"] != templates["en"], code


# ---------------------------------------------------------------------- the loader's problems


def test_every_upload_problem_has_a_code_and_reads_in_every_language(corpus):
    assert corpus
    for p in corpus:
        assert p.code in MESSAGES, p
        assert localized(p, "en") == p.message, p
        for lang in ("fi", "sv"):
            params = dict(p.params)
            assert localized(p, lang) == format_message(p.code, lang, **params)  # no fallback
        if p.row is not None and p.severity == "error":
            assert localized(p, "fi") != p.message, p
            assert localized(p, "sv") != p.message, p


def test_the_corpus_exercises_every_upload_message(corpus):
    used = {p.code for p in corpus}
    upload_codes = {c for c in MESSAGES if c.startswith("upload.")}
    assert upload_codes - NOT_EXERCISED - used == set()
    assert set(MESSAGES) >= NOT_EXERCISED


def test_user_providers_with_the_working_dataset_keep_codes():
    try:
        ds = load_dataset()
    except DatasetMissingError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must build the working dataset first ({data_dir()})")
        pytest.skip(f"no working dataset at {data_dir()}: run `python -m coverage sync`")
    data = f"{HEADER},kunta\nOodi,library,24.94,60.17,Helsinki\nKela,kela,60.17,24.93,091\n"
    frame, found = load_user_providers(data.encode(), ds, filename="lista.csv")
    assert len(frame) == 2
    assert {p.code for p in found} == {"upload.latlon_swapped", "upload.kunta_code_invalid"}
    with pytest.raises(InputError) as info:
        load_user_providers(f"{HEADER}\nOodi,kahvila,60.17,24.94\n".encode(), ds, filename="l.csv")
    assert [p.code for p in info.value.problems] == ["upload.type_unknown"]


def test_non_numeric_latitude_in_finnish_and_swedish():
    data = f"{HEADER}\nOodi,library,60.17,24.94\nKela,library,60°10'N,24.93\n"
    with pytest.raises(InputError) as info:
        load_provider_file(data.encode(), filename="lista.csv")
    (p,) = info.value.problems
    assert (p.row, p.field, p.severity, p.code) == (3, "lat", "error", "upload.not_a_number")
    assert p.message == "lat '60°10'N' is not a number; write a coordinate such as 60.1699"
    fi = localized(p, "fi")
    assert "60°10'N" in fi
    assert "ei ole luku" in fi
    assert fi == (
        "Sarakkeen 'lat' arvo '60°10'N' ei ole luku; kirjoita koordinaatti esimerkiksi "
        "muodossa 60.1699"
    )
    assert "är inte ett tal" in localized(p, "sv")


def test_too_many_values_in_finnish():
    with pytest.raises(InputError) as info:
        load_provider_file(f"{HEADER}\nOodi,library,60,1738,24,9380\n".encode(), filename="l.csv")
    (p,) = info.value.problems
    assert p.row == 2
    assert localized(p, "fi").startswith(
        "Rivillä on 6 arvoa, mutta otsikkorivillä on 4 saraketta; desimaalipilkulliset luvut"
    )
    assert localized(p, "sv").startswith("Raden har 6 värden men rubrikraden har 4 kolumner")


def test_words_in_params_are_translated():
    with pytest.raises(InputError) as info:
        load_provider_file("nimi;osoite;huomio\nOodi;Töölö;x\n".encode(), filename="l.csv")
    (p,) = info.value.problems
    assert p.message.startswith("missing required columns: type, lat and lon (or x and y).")
    fi = localized(p, "fi")
    assert fi.startswith("Pakolliset sarakkeet puuttuvat: type, lat ja lon (tai x ja y). ")
    assert "Tiedoston sarakkeet: 'nimi', 'osoite', 'huomio'." in fi
    assert localized(p, "sv").startswith("Obligatoriska kolumner saknas: type, lat och lon")
    assert "CSV (pilkuin tai puolipistein eroteltu)" in localized(
        problem("x.pdf", None, None, "upload.pdf"), "fi"
    )
    assert "eller GeoPackage (.gpkg)" in localized(problem("x.pdf", None, None, "upload.pdf"), "sv")


def test_check_summary_in_every_language(tmp_path: Path):
    path = tmp_path / "lista.csv"
    path.write_text(f"{HEADER}\nOodi,kahvila,60.17,24.94\nKela,kela,24.93,60.17\n", "utf-8")
    code, lines = check_provider_file(path)
    assert code == 1
    assert lines[-1] == (
        "NOT USABLE: lista.csv has 1 error (1 warning); fix the errors and check again"
    )
    params = {"name": "lista.csv", "errors": Count(1, "error"), "warnings": Count(2, "warning")}
    assert format_message("upload.summary_refused", "fi", **params).startswith(
        "EI KÄYTETTÄVISSÄ: tiedostossa lista.csv on 1 virhe (2 varoitusta);"
    )
    assert "har 1 fel (2 varningar)" in format_message("upload.summary_refused", "sv", **params)
    ok = {"providers": Count(3, "provider"), "warnings": Count(0, "warning")}
    assert format_message("upload.summary_ok", "en", **ok) == "OK: 3 providers usable (0 warnings)"
    assert format_message("upload.summary_ok", "fi", **ok) == (
        "OK: 3 palveluntarjoajaa käytettävissä (0 varoitusta)"
    )
    assert format_message("upload.summary_ok", "sv", **ok) == (
        "OK: 3 leverantörer kan användas (0 varningar)"
    )


# ------------------------------------------------------------------------------------ helpers


def test_problem_keeps_code_and_params_and_stays_hashable():
    p = problem("l.csv", 4, "lat", "upload.not_a_number", label="lat", value="x", example="60.1")
    assert p == Problem(
        "l.csv",
        4,
        "lat",
        "lat 'x' is not a number; write a coordinate such as 60.1",
        "error",
        code="upload.not_a_number",
        params=(("label", "lat"), ("value", "x"), ("example", "60.1")),
    )
    assert (
        str(p) == "error: l.csv, row 4, field 'lat': lat 'x' is not a number; write a "
        "coordinate such as 60.1"
    )
    listed = problem(
        "l.csv", None, None, "upload.unused_columns", severity="warning", columns=["a", "b"]
    )
    assert listed.params == (("columns", ("a", "b")),)
    assert listed.message.startswith("columns not used: a, b; ")
    assert len({p, listed, p}) == 2
    found = problem(
        "l.csv",
        None,
        None,
        "upload.missing_columns",
        missing=("name",),
        found=Term("none"),
        accepted="name: nimi",
    )
    assert "Columns found: none." in found.message
    assert "Tiedoston sarakkeet: ei yhtään." in localized(found, "fi")
    assert "Kolumner i filen: inga." in localized(found, "sv")


def test_unknown_code_raises_when_made():
    with pytest.raises(KeyError):
        problem("l.csv", None, None, "upload.no_such_message")


def test_problem_without_code_falls_back_to_its_message():
    plain = Problem("l.csv", 2, "lat", "something odd")
    assert localized(plain, "fi") == "something odd"
    assert localized(InputError("bad input").problems[0], "sv") == "bad input"
    unknown = Problem("l.csv", 2, None, "old text", code="upload.gone", params=(("x", 1),))
    assert localized(unknown, "fi") == "old text"
    stale = Problem("l.csv", 2, None, "stale", code="upload.not_a_number", params=())
    assert localized(stale, "fi") == "stale"
    coded = problem("l.csv", None, None, "upload.empty_file")
    assert localized(coded, "de") == coded.message


def test_problems_frame_shows_the_message_in_the_ui_language():
    p = problem(
        "l.csv", 3, "lat", "upload.not_a_number", label="lat", value="abc", example="60.1699"
    )
    plain = Problem("l.csv", None, None, "plain English")
    fi = problems_frame([p, plain], "fi")
    assert list(fi.columns) == ["Lähde", "Rivi", "Kenttä", "Ongelma", "Vakavuus"]
    assert fi["Ongelma"].tolist() == [localized(p, "fi"), "plain English"]
    assert "ei ole luku" in fi["Ongelma"].iloc[0]
    en = problems_frame([p], "en")
    assert en.iloc[0]["Problem"] == p.message


# ----------------------------------------------------------------------- no message bypasses


def test_uploads_makes_every_problem_through_the_catalogue():
    tree = ast.parse(UPLOADS_PY.read_text(encoding="utf-8"))
    direct = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Problem")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Problem")
        )
    ]
    assert direct == [], f"coverage/data/uploads.py builds Problem( directly at lines {direct}"
    codes = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("upload.")
    }
    assert codes, "uploads.py names its message codes as string literals"
    assert codes <= set(MESSAGES), codes - set(MESSAGES)


def test_user_providers_does_not_build_problems_itself():
    tree = ast.parse(Path(user_providers.__file__).read_text(encoding="utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Problem"
    ]
    assert calls == []
