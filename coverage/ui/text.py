# ruff: noqa: RUF001 - en dashes are correct Finnish and Swedish typography
"""Every word the app shows, in Finnish (default), Swedish and English; number formatting.

`t(key, lang, **fmt)` looks a string up and fills its `{placeholders}`. All three languages
have the same keys and the same placeholders (tests/app/test_text.py checks it). Add a string
to all three dicts at once; keep Finnish first and in the officials' own terms.

Numbers follow each language's convention: Finnish and Swedish group thousands with a
no-break space (U+00A0, so figures never wrap) and use a decimal comma, with a space before
"%"; English uses a comma for thousands, a decimal point and no space before "%".
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

LANGUAGES: dict[str, str] = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
"""Language code -> its name in that language (the language selector shows these)."""
DEFAULT_LANG = "fi"
NBSP = "\u00a0"
MISSING = "\u2013"
"""Shown for a missing number or date (an en dash)."""

TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "app.title": "Digituen kattavuus",
        "app.caption": "Digituen palveluverkon suunnittelu alueellisille koordinaattoreille",
        "app.language": "Kieli · Språk · Language",
        "nav.overview": "Tilannekuva",
        "nav.analysis": "Analyysi",
        "nav.planning": "Suunnittelu",
        "nav.data": "Tiedot",
        "page.yleiskuva": "Yleiskuva",
        "page.aineisto": "Aineisto",
        "dataset.missing": "Työaineistoa ei ole vielä koottu ({path}).",
        "dataset.missing_fix": "Kokoa se komennolla `python -m coverage sync` ja lataa sivu "
                               "uudelleen.",
        "assets.missing": "Karttojen selainkirjastot puuttuvat ({path}), joten karttaa ei voi "
                          "piirtää.",
        "assets.missing_fix": "Aja `python scripts/fetch_web_assets.py` ja lataa sivu uudelleen.",
        "input.problems": "Syötteessä on ongelmia:",
        "col.source": "Lähde",
        "col.row": "Rivi",
        "col.field": "Kenttä",
        "col.message": "Ongelma",
        "overview.title": "Yleiskuva",
        "overview.intro": "Väestö ja digituen palveluntarjoajat koko maassa. Luvut ovat "
                          "kuntien väestötietoja {date}; 75 vuotta täyttäneiden määrä on arvio.",
        "fig.population": "Väestö",
        "fig.population_help": "Kuntien yhteenlaskettu väkiluku {date} (Tilastokeskus).",
        "fig.pop_65plus": "65 vuotta täyttäneet",
        "fig.pop_75plus": "75 vuotta täyttäneet (arvio)",
        "fig.pop_75plus_help": "Arvio: väestöruutujen 75 vuotta täyttäneiden osuus on laskettu "
                               "postinumeroalueiden ikärakenteesta (Tilastokeskus, Paavo).",
        "fig.share_of_population": "{pct} väestöstä",
        "fig.municipalities": "Kunnat",
        "fig.providers": "Palveluntarjoajat",
        "fig.providers_help": "Kirjastot, opastuspisteet ja viranomaisten asiointipisteet "
                              "aineiston lähteistä.",
        "overview.providers_by_type": "Palveluntarjoajat tyypeittäin",
        "col.provider_type": "Tyyppi",
        "col.auta_part": "AUTA-osa",
        "col.count": "Määrä",
        "map.theme": "Kartan teema",
        "map.show_providers": "Näytä palveluntarjoajat",
        "metric.share_65plus": "65 vuotta täyttäneiden osuus",
        "metric.population": "Väestö",
        "metric.density": "Väestötiheys",
        "legend.share_65plus": "65 vuotta täyttäneiden osuus väestöstä (%)",
        "legend.population": "Väestö (asukasta)",
        "legend.density": "Väestötiheys (asukasta/km²)",
        "map.no_data": "ei tietoa",
        "map.caption": "Kunnat ja väestö: Tilastokeskus {date}. Palveluntarjoajat: aineiston "
                       "lähteet (ks. Aineisto). Ei taustakarttaa: kartta toimii ilman "
                       "verkkoyhteyttä.",
        "map.click_hint": "Napsauta kuntaa kartalla, niin sen luvut näkyvät tässä.",
        "panel.title": "Valittu kunta",
        "panel.population": "Väestö",
        "panel.pop_0_14": "0–14-vuotiaat",
        "panel.pop_15_64": "15–64-vuotiaat",
        "panel.pop_65plus": "65 vuotta täyttäneet",
        "panel.share_65plus": "65 vuotta täyttäneiden osuus",
        "panel.pop_75plus": "75 vuotta täyttäneet (arvio)",
        "panel.area": "Maapinta-ala",
        "panel.area_help": "Laskettu Tilastokeskuksen yleistetyistä kuntarajoista "
                           "(1:4,5 milj.), joten se on likiarvo.",
        "panel.density": "Väestötiheys",
        "panel.providers": "Palveluntarjoajia kunnassa",
        "unit.km2": "km²",
        "unit.per_km2": "as./km²",
        "unit.pct": "%",
        "unit.residents": "asukasta",
        "data.title": "Aineisto",
        "data.intro": "Sovelluksen luvut tulevat tästä työaineistosta. Se on koottu virallisista "
                      "lähteistä komennolla `python -m coverage sync`.",
        "data.dataset_id": "Aineiston tunniste",
        "data.built_at": "Koottu",
        "data.source_dir": "Lähdehakemisto",
        "data.software": "Ohjelmaversio",
        "data.sources": "Lähteet",
        "data.layers": "Aineiston tasot",
        "data.decisions": "Kokoamisen ratkaisut ja huomiot (JSON)",
        "col.file": "Tiedosto",
        "col.publisher": "Julkaisija",
        "col.licence": "Lisenssi",
        "col.reference_date": "Viitepäivä",
        "col.rows": "Rivejä",
        "col.note": "Huomautus",
        "col.sha256": "SHA-256",
        "col.layer": "Taso",
        "col.population": "Väestö",
        "layer.municipalities": "Kunnat (rajat ja väestö)",
        "layer.demand": "Väestöruudut 1 km",
        "layer.providers": "Palveluntarjoajat",
        "layer.settlements": "Taajamat",
        "layer.units": "Alueyksiköt (koordinaatiomallit)",
        "data.licence_note": "Lisenssit ovat lähteiden ilmoittamia; ”not stated” tai ”not "
                             "verified” tarkoittaa, että ehtoja ei ole vahvistettu.",
    },
    "sv": {
        "app.title": "Digistödets täckning",
        "app.caption": "Planering av digistödets servicenät för regionala koordinatorer",
        "app.language": "Kieli · Språk · Language",
        "nav.overview": "Lägesbild",
        "nav.analysis": "Analys",
        "nav.planning": "Planering",
        "nav.data": "Uppgifter",
        "page.yleiskuva": "Översikt",
        "page.aineisto": "Datamaterial",
        "dataset.missing": "Arbetsmaterialet har inte sammanställts ännu ({path}).",
        "dataset.missing_fix": "Sammanställ det med `python -m coverage sync` och ladda om sidan.",
        "assets.missing": "Kartornas webbläsarbibliotek saknas ({path}), så kartan kan inte ritas.",
        "assets.missing_fix": "Kör `python scripts/fetch_web_assets.py` och ladda om sidan.",
        "input.problems": "Indata har problem:",
        "col.source": "Källa",
        "col.row": "Rad",
        "col.field": "Fält",
        "col.message": "Problem",
        "overview.title": "Översikt",
        "overview.intro": "Befolkningen och aktörerna som ger digistöd i hela landet. Siffrorna "
                          "är kommunernas befolkningsuppgifter {date}; antalet personer som "
                          "fyllt 75 år är en uppskattning.",
        "fig.population": "Befolkning",
        "fig.population_help": "Kommunernas sammanlagda folkmängd {date} (Statistikcentralen).",
        "fig.pop_65plus": "Personer som fyllt 65 år",
        "fig.pop_75plus": "Personer som fyllt 75 år (uppskattning)",
        "fig.pop_75plus_help": "Uppskattning: andelen som fyllt 75 år i befolkningsrutorna har "
                               "räknats ut från postnummerområdenas åldersstruktur "
                               "(Statistikcentralen, Paavo).",
        "fig.share_of_population": "{pct} av befolkningen",
        "fig.municipalities": "Kommuner",
        "fig.providers": "Tjänsteleverantörer",
        "fig.providers_help": "Bibliotek, handledningsställen och myndigheternas kundtjänst "
                              "enligt materialets källor.",
        "overview.providers_by_type": "Tjänsteleverantörer per typ",
        "col.provider_type": "Typ",
        "col.auta_part": "AUTA-del",
        "col.count": "Antal",
        "map.theme": "Kartans tema",
        "map.show_providers": "Visa tjänsteleverantörer",
        "metric.share_65plus": "Andel som fyllt 65 år",
        "metric.population": "Befolkning",
        "metric.density": "Befolkningstäthet",
        "legend.share_65plus": "Andel som fyllt 65 år av befolkningen (%)",
        "legend.population": "Befolkning (invånare)",
        "legend.density": "Befolkningstäthet (invånare/km²)",
        "map.no_data": "uppgift saknas",
        "map.caption": "Kommuner och befolkning: Statistikcentralen {date}. "
                       "Tjänsteleverantörer: materialets källor (se Datamaterial). Ingen "
                       "bakgrundskarta: kartan fungerar utan nätförbindelse.",
        "map.click_hint": "Klicka på en kommun på kartan för att se dess siffror här.",
        "panel.title": "Vald kommun",
        "panel.population": "Befolkning",
        "panel.pop_0_14": "0–14-åringar",
        "panel.pop_15_64": "15–64-åringar",
        "panel.pop_65plus": "Personer som fyllt 65 år",
        "panel.share_65plus": "Andel som fyllt 65 år",
        "panel.pop_75plus": "Personer som fyllt 75 år (uppskattning)",
        "panel.area": "Landareal",
        "panel.area_help": "Beräknad ur Statistikcentralens generaliserade kommungränser "
                           "(1:4,5 milj.), alltså ett närmevärde.",
        "panel.density": "Befolkningstäthet",
        "panel.providers": "Tjänsteleverantörer i kommunen",
        "unit.km2": "km²",
        "unit.per_km2": "inv./km²",
        "unit.pct": "%",
        "unit.residents": "invånare",
        "data.title": "Datamaterial",
        "data.intro": "Appens siffror kommer från detta arbetsmaterial. Det har sammanställts "
                      "ur officiella källor med `python -m coverage sync`.",
        "data.dataset_id": "Materialets identifierare",
        "data.built_at": "Sammanställt",
        "data.source_dir": "Källkatalog",
        "data.software": "Programversion",
        "data.sources": "Källor",
        "data.layers": "Materialets lager",
        "data.decisions": "Beslut och anmärkningar vid sammanställningen (JSON)",
        "col.file": "Fil",
        "col.publisher": "Utgivare",
        "col.licence": "Licens",
        "col.reference_date": "Referensdatum",
        "col.rows": "Rader",
        "col.note": "Anmärkning",
        "col.sha256": "SHA-256",
        "col.layer": "Lager",
        "col.population": "Befolkning",
        "layer.municipalities": "Kommuner (gränser och befolkning)",
        "layer.demand": "Befolkningsrutor 1 km",
        "layer.providers": "Tjänsteleverantörer",
        "layer.settlements": "Tätorter",
        "layer.units": "Regionala enheter (koordineringsmodeller)",
        "data.licence_note": "Licenserna är de som källorna uppger; ”not stated” eller ”not "
                             "verified” betyder att villkoren inte har bekräftats.",
    },
    "en": {
        "app.title": "Digital support coverage",
        "app.caption": "Planning the digital-support network for regional coordinators",
        "app.language": "Kieli · Språk · Language",
        "nav.overview": "Situation",
        "nav.analysis": "Analysis",
        "nav.planning": "Planning",
        "nav.data": "Data",
        "page.yleiskuva": "Overview",
        "page.aineisto": "Data",
        "dataset.missing": "The working dataset has not been built yet ({path}).",
        "dataset.missing_fix": "Build it with `python -m coverage sync` and reload the page.",
        "assets.missing": "The maps' browser libraries are missing ({path}), so the map cannot "
                          "be drawn.",
        "assets.missing_fix": "Run `python scripts/fetch_web_assets.py` and reload the page.",
        "input.problems": "The input has problems:",
        "col.source": "Source",
        "col.row": "Row",
        "col.field": "Field",
        "col.message": "Problem",
        "overview.title": "Overview",
        "overview.intro": "Population and digital-support providers across Finland. Figures "
                          "are municipal population statistics of {date}; the number aged 75+ "
                          "is an estimate.",
        "fig.population": "Population",
        "fig.population_help": "Sum of municipal populations on {date} (Statistics Finland).",
        "fig.pop_65plus": "Aged 65+",
        "fig.pop_75plus": "Aged 75+ (estimate)",
        "fig.pop_75plus_help": "Estimate: the 75+ share of the population grid cells comes "
                               "from postal-area age structure (Statistics Finland, Paavo).",
        "fig.share_of_population": "{pct} of the population",
        "fig.municipalities": "Municipalities",
        "fig.providers": "Providers",
        "fig.providers_help": "Libraries, guidance points and authority service desks from the "
                              "dataset's sources.",
        "overview.providers_by_type": "Providers by type",
        "col.provider_type": "Type",
        "col.auta_part": "AUTA part",
        "col.count": "Count",
        "map.theme": "Map theme",
        "map.show_providers": "Show providers",
        "metric.share_65plus": "Share aged 65+",
        "metric.population": "Population",
        "metric.density": "Population density",
        "legend.share_65plus": "Share of population aged 65+ (%)",
        "legend.population": "Population (residents)",
        "legend.density": "Population density (residents/km²)",
        "map.no_data": "no data",
        "map.caption": "Municipalities and population: Statistics Finland {date}. Providers: "
                       "the dataset's sources (see Data). No basemap: the map works offline.",
        "map.click_hint": "Click a municipality on the map to see its figures here.",
        "panel.title": "Selected municipality",
        "panel.population": "Population",
        "panel.pop_0_14": "Aged 0–14",
        "panel.pop_15_64": "Aged 15–64",
        "panel.pop_65plus": "Aged 65+",
        "panel.share_65plus": "Share aged 65+",
        "panel.pop_75plus": "Aged 75+ (estimate)",
        "panel.area": "Land area",
        "panel.area_help": "Computed from Statistics Finland's generalised municipal borders "
                           "(1:4.5 million), so approximate.",
        "panel.density": "Population density",
        "panel.providers": "Providers in the municipality",
        "unit.km2": "km²",
        "unit.per_km2": "per km²",
        "unit.pct": "%",
        "unit.residents": "residents",
        "data.title": "Data",
        "data.intro": "The app's figures come from this working dataset, built from official "
                      "sources with `python -m coverage sync`.",
        "data.dataset_id": "Dataset id",
        "data.built_at": "Built",
        "data.source_dir": "Source directory",
        "data.software": "Software version",
        "data.sources": "Sources",
        "data.layers": "Dataset layers",
        "data.decisions": "Build decisions and notes (JSON)",
        "col.file": "File",
        "col.publisher": "Publisher",
        "col.licence": "Licence",
        "col.reference_date": "Reference date",
        "col.rows": "Rows",
        "col.note": "Note",
        "col.sha256": "SHA-256",
        "col.layer": "Layer",
        "col.population": "Population",
        "layer.municipalities": "Municipalities (borders and population)",
        "layer.demand": "Population grid cells, 1 km",
        "layer.providers": "Providers",
        "layer.settlements": "Urban settlements",
        "layer.units": "Regional units (coordination options)",
        "data.licence_note": "Licences are as the sources state them; “not stated” or “not "
                             "verified” means the terms have not been confirmed.",
    },
}


def lang_or_default(lang: str | None) -> str:
    """Return `lang` if the app has it, else Finnish."""
    return lang if lang in TEXT else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """
    Return the text `key` in `lang`, with `{placeholders}` filled from `fmt`.

    Raises
    ------
    KeyError
        If `key` is unknown (a typo should fail in tests, not show a blank).
    """
    text = TEXT[lang_or_default(lang)][key]
    return text.format(**fmt) if fmt else text


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def fmt_float(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """Return `value` with `decimals` decimals and thousands grouped as `lang` writes them."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    rounded = f"{abs(float(value)):.{decimals}f}"
    whole, _, frac = rounded.partition(".")
    sign = "-" if float(value) < 0 and float(rounded) != 0 else ""
    if lang_or_default(lang) == "en":
        return sign + _group(whole, ",") + (f".{frac}" if frac else "")
    return sign + _group(whole, NBSP) + (f",{frac}" if frac else "")


def fmt_int(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """Return `value` rounded to a whole number, thousands grouped ("1 234 567" / "1,234,567")."""
    return fmt_float(value, lang, 0)


def fmt_pct(share: float | None, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """Return a share (0-1) as a percentage: "23,6 %" in fi/sv, "23.6%" in en."""
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return MISSING
    number = fmt_float(100 * float(share), lang, decimals)
    return f"{number}%" if lang_or_default(lang) == "en" else f"{number}{NBSP}%"


def fmt_date(value: str | date | None, lang: str = DEFAULT_LANG) -> str:
    """Return an ISO date as `lang` writes it: 31.12.2024 (fi, sv) or 2024-12-31 (en)."""
    if not value:
        return MISSING
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    if lang_or_default(lang) == "en":
        return day.isoformat()
    return f"{day.day}.{day.month}.{day.year}"


def fmt_datetime(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """Return an ISO timestamp in UTC: "28.11.2026 klo 01.12 UTC" (fi), "kl. 01.12" (sv)."""
    if not value:
        return MISSING
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    lang = lang_or_default(lang)
    if lang == "en":
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    word = "klo" if lang == "fi" else "kl."
    return f"{fmt_date(moment.date(), lang)} {word} {moment:%H.%M} UTC"
