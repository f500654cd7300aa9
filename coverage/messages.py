# ruff: noqa: RUF001 - en dashes are correct Finnish and Swedish typography
"""Messages about a user's input, in Finnish, Swedish and English: one catalogue, one source.

A `Problem` made with `problem()` carries a stable `code` (a key of `MESSAGES`) and the
`params` filled into the template; its `message` is the English text, so the CLI and every
log read as before. `localized()` writes the same problem in the user's language for the app.

Templates use `str.format` placeholders; all three languages of a code have the same
placeholders (tests/unit/test_messages.py checks it). Besides a message's own params, every
template may use the fragments of `FRAGMENTS` (e.g. `{formats}`), written in its language.
A param value that is itself words is a `Term` (a phrase) or a `Count` (a number with its
noun), so it reads right in every language; a tuple is written as a comma-separated list.
Numbers, coordinates and the user's own values and column names are filled in as they are.

This module is library level: no pandas, no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from coverage.errors import Problem

LANGS = ("fi", "sv", "en")
FALLBACK_LANG = "en"
"""The language of `Problem.message`; other languages fall back to it."""


@dataclass(frozen=True)
class Term:
    """A phrase filled into a template, written in the message's language (a `TERMS` key)."""

    key: str


@dataclass(frozen=True)
class Count:
    """A number with its noun, e.g. '1 error' / '3 errors' (`noun` is a `NOUNS` key)."""

    n: int
    noun: str


# The catalogue keeps each translation's lines under its language key.
# fmt: off
FRAGMENTS: dict[str, dict[str, str]] = {
    "formats": {
        "en": "CSV (comma or semicolon separated), Excel workbook (.xlsx), GeoJSON (.geojson) "
              "or GeoPackage (.gpkg)",
        "fi": "CSV (pilkuin tai puolipistein eroteltu), Excel-työkirja (.xlsx), GeoJSON "
              "(.geojson) tai GeoPackage (.gpkg)",
        "sv": "CSV (avgränsad med kommatecken eller semikolon), Excel-arbetsbok (.xlsx), "
              "GeoJSON (.geojson) eller GeoPackage (.gpkg)",
    },
}
"""Text every template may use without passing it, e.g. `{formats}`: the accepted formats."""

TERMS: dict[str, dict[str, str]] = {
    "none": {"en": "none", "fi": "ei yhtään", "sv": "inga"},
    # s11data: the provider filters, named when one of them leaves no provider
    "filter.provider_type": {
        "en": "provider type (--provider-type)",
        "fi": "palveluntarjoajan tyyppi",
        "sv": "leverantörstyp",
    },
    "filter.auta_part": {"en": "AUTA part (--auta-part)", "fi": "AUTA-osa", "sv": "AUTA-del"},
    "filter.channel": {"en": "channel (--channel)", "fi": "palvelukanava", "sv": "kanal"},
    "filter.flag": {
        "en": "service flag (--provider-flag)",
        "fi": "palvelumerkintä",
        "sv": "tjänstemärkning",
    },
    "filter.language": {"en": "language (--language)", "fi": "kieli", "sv": "språk"},
    "filter.approximate": {
        "en": "points with an exact address only (approximate points are left out)",
        "fi": "vain tarkan osoitteen pisteet (likimääräiset jätetään pois)",
        "sv": "endast punkter med exakt adress (ungefärliga utelämnas)",
    },
    "filter.mainland": {
        "en": "mainland only (--mainland-only)",
        "fi": "vain Manner-Suomi",
        "sv": "endast fastlandet",
    },
    # plan14: divisions named in planning messages ("at least one per region")
    "division.kunta": {"en": "municipalities (kunta)", "fi": "kunnat", "sv": "kommuner"},
    "division.maakunta": {"en": "regions (maakunta)", "fi": "maakunnat", "sv": "landskap"},
    "division.avi": {"en": "regional state administrative agencies (AVI)",
                     "fi": "aluehallintovirastot", "sv": "regionförvaltningsverk"},
    "division.maistraatti": {"en": "register offices (maistraatti, 2018)",
                             "fi": "maistraatit (2018)", "sv": "magistrater (2018)"},
    "division.hyvinvointialue": {"en": "wellbeing services counties",
                                 "fi": "hyvinvointialueet", "sv": "välfärdsområden"},
    "division.elinvoimakeskus": {"en": "vitality centres (elinvoimakeskus, 2026)",
                                 "fi": "elinvoimakeskukset (2026)",
                                 "sv": "livskraftscentraler (2026)"},
    "division.ely": {"en": "ELY centres", "fi": "ELY-keskukset", "sv": "NTM-centraler"},
    "division.seutukunta": {"en": "sub-regions (seutukunta)", "fi": "seutukunnat",
                            "sv": "ekonomiska regioner"},
    "lat_lon_or_xy": {
        "en": "lat and lon (or x and y)",
        "fi": "lat ja lon (tai x ja y)",
        "sv": "lat och lon (eller x och y)",
    },
}
"""Phrases passed as `Term(key)` params."""

NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    # (form after 1, form after any other number)
    "error": {"en": ("error", "errors"), "fi": ("virhe", "virhettä"), "sv": ("fel", "fel")},
    "warning": {
        "en": ("warning", "warnings"),
        "fi": ("varoitus", "varoitusta"),
        "sv": ("varning", "varningar"),
    },
    "provider": {
        "en": ("provider", "providers"),
        "fi": ("palveluntarjoaja", "palveluntarjoajaa"),
        "sv": ("leverantör", "leverantörer"),
    },
}
"""Nouns passed as `Count(n, noun)` params."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- coverage.data.uploads: reading the file ----------------------------------------------
    "upload.bad_source": {
        "en": "cannot read a {kind}; give a file path or the file's bytes",
        "fi": "Syötettä ei voi lukea (tyyppi {kind}); anna tiedoston polku tai tiedoston "
              "sisältö tavuina",
        "sv": "Indata kan inte läsas (typen {kind}); ange filens sökväg eller filens innehåll "
              "som byte",
    },
    "upload.file_not_found": {
        "en": "file not found: {path}; check the folder and the file name",
        "fi": "Tiedostoa ei löydy: {path}; tarkista kansio ja tiedoston nimi",
        "sv": "Filen hittades inte: {path}; kontrollera mappen och filnamnet",
    },
    "upload.is_a_folder": {
        "en": "{path} is a folder, not a file; give the provider list file itself",
        "fi": "Polku {path} on kansio eikä tiedosto; valitse itse palveluntarjoajaluettelon "
              "tiedosto",
        "sv": "Sökvägen {path} är en mapp, inte en fil; välj själva filen med leverantörslistan",
    },
    "upload.cannot_read_path": {
        "en": "cannot read {path}: {detail}",
        "fi": "Tiedostoa {path} ei voi lukea: {detail}",
        "sv": "Filen {path} kan inte läsas: {detail}",
    },
    "upload.empty_file": {
        "en": "the file is empty; add a header row and one row per provider",
        "fi": "Tiedosto on tyhjä; lisää otsikkorivi ja sen alle yksi rivi kutakin "
              "palveluntarjoajaa kohden",
        "sv": "Filen är tom; lägg till en rubrikrad och under den en rad per leverantör",
    },
    "upload.pdf": {
        "en": "this is a PDF document; save the list as {formats}",
        "fi": "Tiedosto on PDF-asiakirja; tallenna luettelo johonkin näistä muodoista: "
              "{formats}",
        "sv": "Filen är ett PDF-dokument; spara listan i något av dessa format: {formats}",
    },
    "upload.old_office": {
        "en": "this is an old Excel (.xls) or Word file; in Excel choose Save As and pick "
              "'Excel Workbook (.xlsx)' or CSV. Accepted formats: {formats}",
        "fi": "Tiedosto on vanha Excel- (.xls) tai Word-tiedosto; valitse Excelissä Tallenna "
              "nimellä ja tiedostomuodoksi 'Excel-työkirja (.xlsx)' tai CSV. Hyväksytyt "
              "muodot: {formats}",
        "sv": "Filen är en gammal Excel- (.xls) eller Word-fil; välj Spara som i Excel och "
              "filformatet 'Excel-arbetsbok (.xlsx)' eller CSV. Godkända format: {formats}",
    },
    "upload.rejected_extension": {
        "en": "'{ext}' files are not accepted; save the list as {formats}",
        "fi": "Tiedostomuotoa '{ext}' ei hyväksytä; tallenna luettelo johonkin näistä "
              "muodoista: {formats}",
        "sv": "Filer av typen '{ext}' godkänns inte; spara listan i något av dessa format: "
              "{formats}",
    },
    "upload.invalid_xlsx": {
        "en": "this is not a valid Excel .xlsx workbook. Accepted: {formats}",
        "fi": "Tiedosto ei ole kelvollinen Excel-työkirja (.xlsx). Hyväksytyt muodot: "
              "{formats}",
        "sv": "Filen är inte en giltig Excel-arbetsbok (.xlsx). Godkända format: {formats}",
    },
    "upload.invalid_gpkg": {
        "en": "this is not a valid GeoPackage file. Accepted: {formats}",
        "fi": "Tiedosto ei ole kelvollinen GeoPackage-tiedosto. Hyväksytyt muodot: {formats}",
        "sv": "Filen är inte en giltig GeoPackage-fil. Godkända format: {formats}",
    },
    "upload.not_text": {
        "en": "this does not look like a text or spreadsheet file. Accepted: {formats}",
        "fi": "Tiedosto ei näytä teksti- eikä taulukkotiedostolta. Hyväksytyt muodot: "
              "{formats}",
        "sv": "Filen ser inte ut som en text- eller kalkylbladsfil. Godkända format: "
              "{formats}",
    },
    "upload.csv_unreadable": {
        "en": "cannot read the file as CSV ({detail}); check for unbalanced quotes",
        "fi": "Tiedostoa ei voi lukea CSV-tiedostona ({detail}); tarkista, että "
              "lainausmerkit ovat pareittain",
        "sv": "Filen kan inte läsas som CSV ({detail}); kontrollera att citattecknen är "
              "parvisa",
    },
    "upload.one_column": {
        "en": "found only one column ('{first_line}'); a provider list needs several columns "
              "separated by ',' or ';' (name, type, lat, lon, ...). Accepted formats: {formats}",
        "fi": "Tiedostosta löytyi vain yksi sarake ('{first_line}'); "
              "palveluntarjoajaluettelossa on oltava useita sarakkeita, jotka on eroteltu "
              "merkillä ',' tai ';' (nimi, tyyppi, leveysaste, pituusaste, ...). Hyväksytyt "
              "muodot: {formats}",
        "sv": "Endast en kolumn hittades ('{first_line}'); en leverantörslista behöver flera "
              "kolumner åtskilda med ',' eller ';' (namn, typ, lat, lon, ...). Godkända "
              "format: {formats}",
    },
    "upload.too_many_values_decimal_comma": {
        "en": "row has {n_values} values but the header has {n_columns} columns; numbers with "
              "a decimal comma must be quoted, or use ';' as the delimiter",
        "fi": "Rivillä on {n_values} arvoa, mutta otsikkorivillä on {n_columns} saraketta; "
              "desimaalipilkulliset luvut on kirjoitettava lainausmerkkeihin, tai käytä "
              "erottimena puolipistettä (';')",
        "sv": "Raden har {n_values} värden men rubrikraden har {n_columns} kolumner; tal med "
              "decimalkomma ska stå inom citattecken, eller använd semikolon (';') som "
              "avgränsare",
    },
    "upload.too_many_values": {
        "en": "row has {n_values} values but the header has {n_columns} columns; remove the "
              "extra values or give them a header",
        "fi": "Rivillä on {n_values} arvoa, mutta otsikkorivillä on {n_columns} saraketta; "
              "poista ylimääräiset arvot tai anna niille sarakeotsikot",
        "sv": "Raden har {n_values} värden men rubrikraden har {n_columns} kolumner; ta bort "
              "de extra värdena eller ge dem rubriker",
    },
    "upload.xlsx_unreadable": {
        "en": "cannot read this as an Excel .xlsx workbook; it may be damaged or another kind "
              "of ZIP file. Accepted formats: {formats}",
        "fi": "Tiedostoa ei voi lukea Excel-työkirjana (.xlsx); se voi olla vioittunut tai "
              "jokin muu ZIP-tiedosto. Hyväksytyt muodot: {formats}",
        "sv": "Filen kan inte läsas som Excel-arbetsbok (.xlsx); den kan vara skadad eller en "
              "annan sorts ZIP-fil. Godkända format: {formats}",
    },
    "upload.empty_sheet": {
        "en": "the first sheet is empty; add a header row and one row per provider",
        "fi": "Työkirjan ensimmäinen laskentataulukko on tyhjä; lisää otsikkorivi ja sen alle "
              "yksi rivi kutakin palveluntarjoajaa kohden",
        "sv": "Arbetsbokens första kalkylblad är tomt; lägg till en rubrikrad och under den en "
              "rad per leverantör",
    },
    "upload.gpkg_no_layers": {
        "en": "the GeoPackage has no layers; add a point layer of providers",
        "fi": "GeoPackage-tiedostossa ei ole yhtään tasoa; lisää siihen palveluntarjoajien "
              "pistetaso",
        "sv": "GeoPackage-filen har inga lager; lägg till ett punktlager med leverantörerna",
    },
    "upload.geo_unreadable": {
        "en": "cannot read this as {kind} ({detail}). Accepted formats: {formats}",
        "fi": "Tiedostoa ei voi lukea {kind}-tiedostona ({detail}). Hyväksytyt muodot: "
              "{formats}",
        "sv": "Filen kan inte läsas som {kind} ({detail}). Godkända format: {formats}",
    },
    # --- header ---------------------------------------------------------------------------------
    "upload.duplicate_column": {
        "en": "columns '{first}' and '{second}' both give {target}; keep only one",
        "fi": "Sarakkeet '{first}' ja '{second}' sisältävät saman tiedon ({target}); "
              "säilytä niistä vain toinen",
        "sv": "Kolumnerna '{first}' och '{second}' anger båda samma uppgift ({target}); "
              "behåll bara den ena",
    },
    "upload.missing_columns": {
        "en": "missing required columns: {missing}. Columns found: {found}. Add them to the "
              "header row (accepted names: {accepted})",
        "fi": "Pakolliset sarakkeet puuttuvat: {missing}. Tiedoston sarakkeet: {found}. "
              "Lisää puuttuvat sarakkeet otsikkoriville (hyväksytyt nimet: {accepted})",
        "sv": "Obligatoriska kolumner saknas: {missing}. Kolumner i filen: {found}. Lägg till "
              "de saknade kolumnerna på rubrikraden (godkända namn: {accepted})",
    },
    "upload.unused_columns": {
        "en": "columns not used: {columns}; rename them if they hold provider data "
              "(e.g. osoite, kapasiteetti, kielet, svc_digituki)",
        "fi": "Sarakkeita ei käytetä: {columns}; nimeä ne uudelleen, jos niissä on "
              "palveluntarjoajien tietoja (esim. osoite, kapasiteetti, kielet, svc_digituki)",
        "sv": "Kolumner som inte används: {columns}; byt namn på dem om de innehåller "
              "uppgifter om leverantörerna (t.ex. adress, capacity, språk, svc_digituki)",
    },
    # --- coordinates ----------------------------------------------------------------------------
    "upload.coordinate_empty": {
        "en": "{label} is empty; give a coordinate such as {example}",
        "fi": "Sarakkeen '{label}' koordinaatti puuttuu; anna koordinaatti, esimerkiksi "
              "{example}",
        "sv": "Koordinaten i kolumnen '{label}' saknas; ange en koordinat, till exempel "
              "{example}",
    },
    "upload.not_a_number": {
        "en": "{label} '{value}' is not a number; write a coordinate such as {example}",
        "fi": "Sarakkeen '{label}' arvo '{value}' ei ole luku; kirjoita koordinaatti "
              "esimerkiksi muodossa {example}",
        "sv": "Värdet '{value}' i kolumnen '{label}' är inte ett tal; skriv koordinaten "
              "till exempel som {example}",
    },
    "upload.latlon_outside_finland": {
        "en": "{lat_label} {lat}, {lon_label} {lon} is outside Finland (lat {lat_min} to "
              "{lat_max}, lon {lon_min} to {lon_max}); check that the coordinates are WGS84 "
              "decimal degrees",
        "fi": "Sijainti {lat_label} {lat}, {lon_label} {lon} on Suomen ulkopuolella "
              "(leveysaste {lat_min}–{lat_max}, pituusaste {lon_min}–{lon_max}); tarkista, "
              "että koordinaatit ovat WGS84-desimaaliasteita",
        "sv": "Platsen {lat_label} {lat}, {lon_label} {lon} ligger utanför Finland "
              "(latitud {lat_min}–{lat_max}, longitud {lon_min}–{lon_max}); kontrollera att "
              "koordinaterna är decimalgrader i WGS84",
    },
    "upload.latlon_look_like_metres": {
        "en": "{lat_label} {lat}, {lon_label} {lon} is outside Finland (lat {lat_min} to "
              "{lat_max}, lon {lon_min} to {lon_max}); these look like ETRS-TM35FIN metres: "
              "name the columns x and y instead",
        "fi": "Sijainti {lat_label} {lat}, {lon_label} {lon} on Suomen ulkopuolella "
              "(leveysaste {lat_min}–{lat_max}, pituusaste {lon_min}–{lon_max}); arvot "
              "näyttävät ETRS-TM35FIN-koordinaateilta metreinä: nimeä sarakkeet x ja y",
        "sv": "Platsen {lat_label} {lat}, {lon_label} {lon} ligger utanför Finland "
              "(latitud {lat_min}–{lat_max}, longitud {lon_min}–{lon_max}); värdena ser ut "
              "som ETRS-TM35FIN-koordinater i meter: döp om kolumnerna till x och y",
    },
    "upload.latlon_swapped": {
        "en": "{lat_label} {lat} and {lon_label} {lon} look swapped and were swapped back; "
              "check that {lat_label} is the north coordinate (59.3 to 70.2 in Finland)",
        "fi": "Arvot {lat_label} {lat} ja {lon_label} {lon} näyttävät olevan väärin päin, "
              "joten ne vaihdettiin keskenään; tarkista, että sarakkeessa '{lat_label}' on "
              "leveysaste eli pohjoiskoordinaatti (Suomessa 59.3–70.2)",
        "sv": "Värdena {lat_label} {lat} och {lon_label} {lon} verkar ha bytt plats och "
              "byttes tillbaka; kontrollera att kolumnen '{lat_label}' innehåller latituden, "
              "dvs. nordkoordinaten (59.3–70.2 i Finland)",
    },
    "upload.xy_outside_finland": {
        "en": "{x_label} {x}, {y_label} {y} is outside Finland (x {x_min:.0f} to {x_max:.0f}, "
              "y {y_min:.0f} to {y_max:.0f}); check that they are ETRS-TM35FIN (EPSG:3067) "
              "metres",
        "fi": "Sijainti {x_label} {x}, {y_label} {y} on Suomen ulkopuolella "
              "(x {x_min:.0f}–{x_max:.0f}, y {y_min:.0f}–{y_max:.0f}); tarkista, että "
              "koordinaatit ovat ETRS-TM35FIN-koordinaatteja (EPSG:3067) metreinä",
        "sv": "Platsen {x_label} {x}, {y_label} {y} ligger utanför Finland "
              "(x {x_min:.0f}–{x_max:.0f}, y {y_min:.0f}–{y_max:.0f}); kontrollera att "
              "koordinaterna är ETRS-TM35FIN-koordinater (EPSG:3067) i meter",
    },
    "upload.xy_look_like_degrees": {
        "en": "{x_label} {x}, {y_label} {y} is outside Finland (x {x_min:.0f} to {x_max:.0f}, "
              "y {y_min:.0f} to {y_max:.0f}); these look like WGS84 degrees: name the columns "
              "lat and lon instead",
        "fi": "Sijainti {x_label} {x}, {y_label} {y} on Suomen ulkopuolella "
              "(x {x_min:.0f}–{x_max:.0f}, y {y_min:.0f}–{y_max:.0f}); arvot näyttävät "
              "WGS84-asteilta: nimeä sarakkeet lat ja lon (tai leveysaste ja pituusaste)",
        "sv": "Platsen {x_label} {x}, {y_label} {y} ligger utanför Finland "
              "(x {x_min:.0f}–{x_max:.0f}, y {y_min:.0f}–{y_max:.0f}); värdena ser ut som "
              "grader i WGS84: döp om kolumnerna till lat och lon",
    },
    "upload.xy_swapped": {
        "en": "{x_label} {x} and {y_label} {y} look swapped and were swapped back; check that "
              "{y_label} is the north coordinate (about 6 600 000 to 7 800 000 m)",
        "fi": "Arvot {x_label} {x} ja {y_label} {y} näyttävät olevan väärin päin, joten ne "
              "vaihdettiin keskenään; tarkista, että sarakkeessa '{y_label}' on "
              "pohjoiskoordinaatti (noin 6 600 000–7 800 000 m)",
        "sv": "Värdena {x_label} {x} och {y_label} {y} verkar ha bytt plats och byttes "
              "tillbaka; kontrollera att kolumnen '{y_label}' innehåller nordkoordinaten "
              "(cirka 6 600 000–7 800 000 m)",
    },
    "upload.point_swapped": {
        "en": "point ({x}, {y}) has its coordinates swapped and was swapped back; GeoJSON "
              "points are written [longitude, latitude], east first",
        "fi": "Pisteen ({x}, {y}) koordinaatit olivat väärin päin, joten ne vaihdettiin "
              "keskenään; GeoJSON-pisteet kirjoitetaan muodossa [pituusaste, leveysaste], "
              "itäkoordinaatti ensin",
        "sv": "Punktens ({x}, {y}) koordinater var omkastade och byttes tillbaka; "
              "GeoJSON-punkter skrivs [longitud, latitud], östkoordinaten först",
    },
    "upload.point_outside_finland": {
        "en": "point ({x}, {y}) in {crs} is outside Finland; check the coordinate system the "
              "file declares and that the point is where the provider is",
        "fi": "Piste ({x}, {y}; koordinaattijärjestelmä {crs}) on Suomen ulkopuolella; "
              "tarkista tiedostossa ilmoitettu koordinaattijärjestelmä ja että piste on "
              "palveluntarjoajan sijainnissa",
        "sv": "Punkten ({x}, {y}; koordinatsystem {crs}) ligger utanför Finland; kontrollera "
              "det koordinatsystem som filen anger och att punkten ligger där leverantören "
              "finns",
    },
    "upload.not_a_point": {
        "en": "geometry is a {geometry_type}; each provider must be a point",
        "fi": "Geometria on tyyppiä {geometry_type}; jokaisen palveluntarjoajan sijainnin on "
              "oltava piste",
        "sv": "Geometrin är av typen {geometry_type}; varje leverantörs läge måste vara en "
              "punkt",
    },
    "upload.no_coordinates": {
        "en": "no coordinates; give {first} and {second} (e.g. lat 60.1699, lon 24.9384)",
        "fi": "Koordinaatit puuttuvat; täytä sarakkeet '{first}' ja '{second}' (esim. "
              "lat 60.1699, lon 24.9384)",
        "sv": "Koordinater saknas; fyll i kolumnerna '{first}' och '{second}' (t.ex. "
              "lat 60.1699, lon 24.9384)",
    },
    "upload.no_coordinates_geometry": {
        "en": "no coordinates; give a point geometry (e.g. lat 60.1699, lon 24.9384)",
        "fi": "Koordinaatit puuttuvat; anna pistegeometria (esim. lat 60.1699, lon 24.9384)",
        "sv": "Koordinater saknas; ange en punktgeometri (t.ex. lat 60.1699, lon 24.9384)",
    },
    "upload.no_crs": {
        "en": "the layer declares no coordinate system; assumed {crs} from the coordinate "
              "values. Set the coordinate system in your GIS program to be sure",
        "fi": "Tasolle ei ole määritetty koordinaattijärjestelmää; koordinaattien arvoista "
              "pääteltiin {crs}. Varmista asia määrittämällä koordinaattijärjestelmä "
              "paikkatieto-ohjelmassa",
        "sv": "Lagret anger inget koordinatsystem; utifrån koordinatvärdena antogs {crs}. "
              "Ange koordinatsystemet i ditt GIS-program för att vara säker",
    },
    "upload.crs_not_convertible": {
        "en": "cannot convert coordinates from {crs} to EPSG:3067 ({detail}); reproject the "
              "layer",
        "fi": "Koordinaatteja ei voi muuntaa järjestelmästä {crs} järjestelmään EPSG:3067 "
              "({detail}); muunna taso paikkatieto-ohjelmassa toiseen "
              "koordinaattijärjestelmään",
        "sv": "Koordinaterna kan inte omvandlas från {crs} till EPSG:3067 ({detail}); "
              "projicera om lagret i ditt GIS-program",
    },
    # --- other values ---------------------------------------------------------------------------
    "upload.name_empty": {
        "en": "{label} is empty; give the place a name",
        "fi": "Nimi puuttuu (sarake '{label}'); anna paikalle nimi",
        "sv": "Namnet saknas (kolumnen '{label}'); ge platsen ett namn",
    },
    "upload.type_unknown": {
        "en": "unknown provider type '{value}'; use one of: {types} (Finnish or Swedish names "
              "such as 'kirjasto' or 'bibliotek' also work)",
        "fi": "Palveluntarjoajan tyyppiä '{value}' ei tunneta; käytä jotakin näistä: {types} "
              "(myös suomen- tai ruotsinkieliset nimet, kuten 'kirjasto' tai 'bibliotek', "
              "käyvät)",
        "sv": "Leverantörstypen '{value}' är okänd; använd någon av dessa: {types} (även "
              "finska eller svenska namn som 'kirjasto' eller 'bibliotek' fungerar)",
    },
    "upload.type_empty": {
        "en": "{label} is empty; use one of: {types} (Finnish or Swedish names such as "
              "'kirjasto' or 'bibliotek' also work)",
        "fi": "Palveluntarjoajan tyyppi puuttuu (sarake '{label}'); käytä jotakin näistä: "
              "{types} (myös suomen- tai ruotsinkieliset nimet, kuten 'kirjasto' tai "
              "'bibliotek', käyvät)",
        "sv": "Leverantörstypen saknas (kolumnen '{label}'); använd någon av dessa: {types} "
              "(även finska eller svenska namn som 'kirjasto' eller 'bibliotek' fungerar)",
    },
    "upload.auta_part_invalid": {
        "en": "{label} '{value}' must be A (e-service advice), B (digital skills) or AB (both)",
        "fi": "Sarakkeen '{label}' arvon '{value}' on oltava A (henkilökohtainen neuvonta), "
              "B (tuki ja koulutus) tai AB (molemmat)",
        "sv": "Värdet '{value}' i kolumnen '{label}' ska vara A (personlig rådgivning), "
              "B (stöd och utbildning) eller AB (båda)",
    },
    "upload.channel_invalid": {
        "en": "{label} '{value}' is unknown; use one of: walk_in, home_visit, remote",
        "fi": "Sarakkeen '{label}' arvo '{value}' on tuntematon; käytä jotakin näistä: "
              "walk_in (paikan päällä), home_visit (kotikäynti), remote (etätuki)",
        "sv": "Värdet '{value}' i kolumnen '{label}' är okänt; använd någon av dessa: "
              "walk_in (på plats), home_visit (hembesök), remote (distans)",
    },
    "upload.capacity_invalid": {
        "en": "{label} '{value}' must be a positive number of support hours per week, e.g. 10; "
              "leave it empty to use the default of the type",
        "fi": "Sarakkeen '{label}' arvon '{value}' on oltava positiivinen luku: tukitunnit "
              "viikossa, esim. 10; jätä kenttä tyhjäksi, niin käytetään tyypin oletusarvoa",
        "sv": "Värdet '{value}' i kolumnen '{label}' ska vara ett positivt antal stödtimmar "
              "per vecka, t.ex. 10; lämna fältet tomt för att använda typens standardvärde",
    },
    "upload.capacity_invalid_with_default": {
        "en": "{label} '{value}' must be a positive number of support hours per week, e.g. 10; "
              "leave it empty to use the default of the type ({hours:g} h for {type})",
        "fi": "Sarakkeen '{label}' arvon '{value}' on oltava positiivinen luku: tukitunnit "
              "viikossa, esim. 10; jätä kenttä tyhjäksi, niin käytetään tyypin oletusarvoa "
              "({hours:g} h tyypille {type})",
        "sv": "Värdet '{value}' i kolumnen '{label}' ska vara ett positivt antal stödtimmar "
              "per vecka, t.ex. 10; lämna fältet tomt för att använda typens standardvärde "
              "({hours:g} h för {type})",
    },
    "upload.kunta_code_invalid": {
        "en": "'{value}' is not a municipality code (e.g. 091 for Helsinki); it is ignored and "
              "the municipality is taken from the location",
        "fi": "Arvo '{value}' ei ole kuntakoodi (esim. Helsinki 091); se jätetään huomiotta "
              "ja kunta päätellään sijainnista",
        "sv": "Värdet '{value}' är ingen kommunkod (t.ex. 091 för Helsingfors); det "
              "ignoreras och kommunen bestäms utifrån läget",
    },
    "upload.date_invalid": {
        "en": "date '{value}' is not a valid date; write it as 2025-03-31 or 31.3.2025",
        "fi": "Päivämäärä '{value}' ei ole kelvollinen; kirjoita se muodossa 31.3.2025 tai "
              "2025-03-31",
        "sv": "Datumet '{value}' är inte ett giltigt datum; skriv det som 2025-03-31 eller "
              "31.3.2025",
    },
    "upload.flag_invalid": {
        "en": "'{value}' is not yes or no; treated as no (use 1/0, kyllä/ei or x)",
        "fi": "Arvo '{value}' ei ole kyllä eikä ei; se tulkittiin arvoksi ei (käytä "
              "merkintöjä 1/0, kyllä/ei tai x)",
        "sv": "Värdet '{value}' är varken ja eller nej; det tolkades som nej (använd 1/0, "
              "ja/nej eller x)",
    },
    "upload.language_unknown": {
        "en": "language '{value}' not recognised and left out; use codes like fi, sv",
        "fi": "Kieltä '{value}' ei tunnistettu, joten se jätettiin pois; käytä kielikoodeja, "
              "kuten fi, sv",
        "sv": "Språket '{value}' kändes inte igen och lämnades bort; använd språkkoder som "
              "fi, sv",
    },
    # --- rows as a whole ------------------------------------------------------------------------
    "upload.exact_duplicate": {
        "en": "row {row} is an exact copy of row {first_row}; row {row} was left out",
        "fi": "Rivi {row} on täsmälleen samanlainen kuin rivi {first_row}; rivi {row} "
              "jätettiin pois",
        "sv": "Rad {row} är en exakt kopia av rad {first_row}; rad {row} lämnades bort",
    },
    "upload.near_duplicate": {
        "en": "row {row} duplicates row {first_row} (same name '{name}', {distance:.0f} m "
              "apart); row {row} was left out",
        "fi": "Rivi {row} on kaksoiskappale rivistä {first_row} (sama nimi '{name}', "
              "etäisyys {distance:.0f} m); rivi {row} jätettiin pois",
        "sv": "Rad {row} är en dubblett av rad {first_row} (samma namn '{name}', "
              "{distance:.0f} m ifrån varandra); rad {row} lämnades bort",
    },
    "upload.no_data_rows": {
        "en": "no data rows below the header; add one row per provider",
        "fi": "Otsikkorivin alla ei ole yhtään tietoriviä; lisää yksi rivi kutakin "
              "palveluntarjoajaa kohden",
        "sv": "Det finns inga datarader under rubrikraden; lägg till en rad per leverantör",
    },
    # --- limits on an uploaded file (coverage.defaults "Limits"; branch s11ui) --------------------
    "limit.file_size": {
        "en": "the file is {size_mb} MB; the limit is {limit_mb} MB per file. Split the list, "
              "or keep only the columns of the template",
        "fi": "Tiedoston koko on {size_mb} Mt; raja on {limit_mb} Mt tiedostoa kohden. Jaa "
              "luettelo osiin tai jätä vain mallipohjan sarakkeet",
        "sv": "Filen är {size_mb} MB; gränsen är {limit_mb} MB per fil. Dela upp listan eller "
              "behåll bara mallens kolumner",
    },
    "limit.rows": {
        "en": "the file has more than {limit} data rows; the limit is {limit} rows and the rest "
              "was not read. Split the list, e.g. by region",
        "fi": "Tiedostossa on yli {limit} tietoriviä; raja on {limit} riviä, eikä loppuja "
              "luettu. Jaa luettelo osiin, esimerkiksi alueittain",
        "sv": "Filen har fler än {limit} datarader; gränsen är {limit} rader och resten lästes "
              "inte. Dela upp listan, t.ex. per region",
    },
    "limit.columns": {
        "en": "the header row has {n} columns; the limit is {limit} columns. Delete the columns "
              "the template does not name",
        "fi": "Otsikkorivillä on {n} saraketta; raja on {limit} saraketta. Poista sarakkeet, "
              "joita mallipohjassa ei ole",
        "sv": "Rubrikraden har {n} kolumner; gränsen är {limit} kolumner. Ta bort de kolumner "
              "som mallen inte har",
    },
    "limit.unpacked_size": {
        "en": "this workbook would unpack to {size_mb} MB (largest part '{member}', "
              "{member_mb} MB); the limit is {limit_mb} MB unpacked, so it was not opened. Save "
              "the sheet as CSV, or delete other sheets and pictures",
        "fi": "Työkirja purkautuisi {size_mb} megatavuksi (suurin osa '{member}', "
              "{member_mb} Mt); raja on {limit_mb} Mt purettuna, joten sitä ei avattu. Tallenna "
              "taulukko CSV-muodossa tai poista muut taulukot ja kuvat",
        "sv": "Arbetsboken skulle packas upp till {size_mb} MB (största delen '{member}', "
              "{member_mb} MB); gränsen är {limit_mb} MB uppackat, så den öppnades inte. Spara "
              "bladet som CSV eller ta bort andra blad och bilder",
    },
    "limit.zip_members": {
        "en": "this workbook has {n} internal parts; the limit is {limit}, so it was not opened. "
              "Save the sheet as CSV",
        "fi": "Työkirjassa on {n} sisäistä osaa; raja on {limit}, joten sitä ei avattu. "
              "Tallenna taulukko CSV-muodossa",
        "sv": "Arbetsboken har {n} interna delar; gränsen är {limit}, så den öppnades inte. "
              "Spara bladet som CSV",
    },
    "limit.problems_listed": {
        "en": "{n} more not listed ({errors}, {warnings}): only the first {limit} problems are "
              "listed. Fix these and check the file again",
        "fi": "{n} muuta ongelmaa ei ole listattu ({errors}, {warnings}): vain {limit} "
              "ensimmäistä listataan. Korjaa nämä ja tarkista tiedosto uudelleen",
        "sv": "{n} till listas inte ({errors}, {warnings}): bara de första {limit} problemen "
              "listas. Rätta dessa och kontrollera filen igen",
    },
    # --- the CLI's one-line verdict (`providers check`) -----------------------------------------
    "upload.summary_refused": {
        "en": "NOT USABLE: {name} has {errors} ({warnings}); fix the errors and check again",
        "fi": "EI KÄYTETTÄVISSÄ: tiedostossa {name} on {errors} ({warnings}); korjaa virheet "
              "ja tarkista tiedosto uudelleen",
        "sv": "KAN INTE ANVÄNDAS: {name} har {errors} ({warnings}); rätta felen och "
              "kontrollera filen igen",
    },
    "upload.summary_ok": {
        "en": "OK: {providers} usable ({warnings})",
        "fi": "OK: {providers} käytettävissä ({warnings})",
        "sv": "OK: {providers} kan användas ({warnings})",
    },
    # --- planning new sites (coverage.planning: SitePlan.notes, InputError) ---
    "plan.libraries_already_count": {
        "en": "{n} libraries without the digituki flag already count as providers in this "
              "scenario and are not candidates",
        "fi": "{n} kirjastoa ilman digitukimerkintää on jo tässä skenaariossa "
              "palveluntarjoajina, joten ne eivät ole ehdokkaita",
        "sv": "{n} bibliotek utan digistödsmarkering räknas redan som leverantörer i detta "
              "scenario och är inte kandidater",
    },
    "plan.aland_candidates_left_out": {
        "en": "{n} candidates in Åland left out (mainland only)",
        "fi": "{n} ehdokasta Ahvenanmaalla jätettiin pois (vain Manner-Suomi)",
        "sv": "{n} kandidater på Åland lämnades utanför (endast Fastlandsfinland)",
    },
    "plan.outside_street_network": {
        "en": "{n} candidates outside the street network of {source} left out",
        "fi": "{n} ehdokasta katuverkon {source} ulkopuolella jätettiin pois",
        "sv": "{n} kandidater utanför gatunätet {source} lämnades utanför",
    },
    "plan.no_candidates": {
        "en": "no candidate sites: choose candidate sets (--candidates) or give your own points "
              "(--candidates-file)",
        "fi": "Ehdokaspaikkoja ei ole: valitse ehdokasjoukot tai anna oma pistetiedosto",
        "sv": "Inga kandidatplatser: välj kandidatgrupper eller ge en egen punktfil",
    },
    # plan14: at least one new site per region
    "plan.fewer_sites_than_units": {
        "en": "at least one new site in every unit with unmet need needs {n} sites ({division}: "
              "{n} units with unmet need), but {k} were asked for; ask for {n} sites or more, "
              "or drop the at-least-one rule",
        "fi": "Vähintään yksi uusi piste jokaiselle alueelle, jolla on katvetta, vaatii {n} "
              "pistettä ({division}: {n} aluetta, joilla on katvetta), mutta pisteitä on {k}; "
              "valitse vähintään {n} pistettä tai poista ehto",
        "sv": "Minst ett nytt ställe i varje område med otäckt behov kräver {n} ställen "
              "({division}: {n} områden med otäckt behov), men antalet är {k}; välj minst {n} "
              "ställen eller ta bort villkoret",
    },
    "plan.unit_without_candidates": {
        "en": "no candidate site in {units} ({division}), which have unmet need; add candidate "
              "sets or your own points there, or drop the at-least-one rule",
        "fi": "Alueilla {units} ({division}) on katvetta mutta ei yhtään ehdokaspaikkaa; lisää "
              "ehdokasjoukkoja tai omia pisteitä tai poista vähintään yksi -ehto",
        "sv": "Områdena {units} ({division}) har otäckt behov men ingen kandidatplats; lägg "
              "till kandidatgrupper eller egna punkter eller ta bort villkoret om minst ett",
    },
    "plan.time_limit": {
        "en": "exact solver stopped at the time limit; bound {bound}",
        "fi": "Tarkka ratkaisija pysähtyi aikarajaan; yläraja {bound}",
        "sv": "Den exakta lösaren stannade vid tidsgränsen; övre gräns {bound}",
    },
    # --- s11data: an empty provider set ---------------------------------------------------------
    "providers.none_left": {
        "en": "no provider is left after the filter {filter} = {value} ({before} before it; "
              "values there: {available}); loosen or remove that filter",
        "fi": "Yhtään palveluntarjoajaa ei jää suodattimen {filter} = {value} jälkeen (ennen sitä "
              "{before}; niillä on arvot: {available}); väljennä suodatinta tai poista se",
        "sv": "Ingen leverantör återstår efter filtret {filter} = {value} ({before} före det; "
              "värden där: {available}); lätta på filtret eller ta bort det",
    },
    "providers.none_at_all": {
        "en": "there is no provider to measure from; give a provider list with at least one "
              "provider",
        "fi": "Ei yhtään palveluntarjoajaa, josta etäisyyksiä voisi mitata; anna luettelo, jossa "
              "on vähintään yksi palveluntarjoaja",
        "sv": "Det finns ingen leverantör att mäta avstånd från; ange en lista med minst en "
              "leverantör",
    },
    "plan.fewer_sites": {
        "en": "only {chosen} of {k} sites add coverage; the rest would add none",
        "fi": "Vain {chosen}/{k} pistettä lisää kattavuutta; muut eivät lisäisi mitään",
        "sv": "Endast {chosen} av {k} ställen ökar täckningen; resten skulle inte tillföra något",
    },
}
"""Message code -> {"en", "fi", "sv"} -> `str.format` template."""
# fmt: on


def _value(value: object, lang: str) -> object:
    """Write one param in `lang`: terms and counts in words, tuples as a list, others as is."""
    if isinstance(value, Term):
        terms = TERMS[value.key]
        return terms.get(lang, terms[FALLBACK_LANG])
    if isinstance(value, Count):
        nouns = NOUNS[value.noun]
        one, many = nouns.get(lang, nouns[FALLBACK_LANG])
        return f"{value.n} {one if value.n == 1 else many}"
    if isinstance(value, tuple | list):
        return ", ".join(str(_value(v, lang)) for v in value)
    return value


def format_message(code: str, lang: str, /, **params: object) -> str:
    """Return the message `code` in `lang` (English if `lang` is not in the catalogue).

    Raises
    ------
    KeyError
        If `code` is unknown or a placeholder of the template has no param.
    """
    templates = MESSAGES[code]
    template = templates.get(lang, templates[FALLBACK_LANG])
    fragments = {name: text.get(lang, text[FALLBACK_LANG]) for name, text in FRAGMENTS.items()}
    values = {name: _value(v, lang) for name, v in params.items()}
    return template.format_map({**fragments, **values})


def problem(
    source: str,
    row: int | None,
    field: str | None,
    code: str,
    /,
    *,
    severity: str = "error",
    **params: object,
) -> Problem:
    """Return a Problem whose `message` is the English text of `code` filled with `params`.

    The problem keeps `code` and `params`, so `localized` can write it in another language.
    Lists among the params are stored as tuples, so the problem stays hashable.
    """
    message = format_message(code, FALLBACK_LANG, **params)
    stored = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
    return Problem(source, row, field, message, severity, code=code, params=stored)


def localized(problem: Problem, lang: str) -> str:
    """Return the problem's message in `lang` ("fi", "sv" or "en").

    Falls back to `problem.message` (English) when the problem has no code, its code is not in
    the catalogue, `lang` is not one of the catalogue's languages, or its params no longer fit
    the template (e.g. a problem made by an older version of the program).
    """
    if problem.code not in MESSAGES or lang not in MESSAGES[problem.code]:
        return problem.message
    try:
        return format_message(problem.code, lang, **dict(problem.params))
    except (KeyError, IndexError, ValueError):
        return problem.message
