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
        # --- i18n14: Streamlit's own widget texts (en = Streamlit's; ui/widget_text.py) ---
        "stw.drop_file": "Vedä ja pudota tiedosto tähän",
        "stw.drop_files": "Vedä ja pudota tiedostot tähän",
        "stw.upload": "Valitse tiedosto",
        "stw.add_files": "Lisää tiedostoja",
        "stw.per_file": "enintään {size} / tiedosto",
        "stw.too_large": "Tiedosto saa olla enintään {size}.",
        "stw.not_allowed": "Tiedostotyyppi ei kelpaa: {type}.",
        "stw.too_small": "Tiedosto on liian pieni.",
        "stw.only_one": "Vain yksi tiedosto kerrallaan.",
        "stw.unexpected": "Odottamaton virhe. Yritä uudelleen.",
        "stw.retry": "Yritä latausta uudelleen",
        "stw.remove": "Poista {name}",
        "stw.choose_option": "Valitse vaihtoehto",
        "stw.choose_options": "Valitse vaihtoehdot",
        "stw.no_options": "Ei valittavia vaihtoehtoja",
        "stw.no_results": "Ei osumia",
        "stw.select_all": "Valitse kaikki",
        "stw.select_matches": "Valitse {n} osumaa",
        "stw.clear_all": "Tyhjennä kaikki",
        "stw.clear_value": "Tyhjennä",
        "stw.open": "Avaa",
        "stw.search": "Hae",
        "stw.download_csv": "Lataa CSV-tiedostona",
        "stw.show_hide_columns": "Näytä tai piilota sarakkeita",
        "stw.fullscreen": "Koko näyttö",
        "stw.close_fullscreen": "Sulje koko näyttö",
        "stw.results": "{n} osumaa",
        "stw.result": "{n} osuma",
        "stw.results_nth": "{i}/{n} osumaa",
        "stw.result_nth": "{i}/{n} osuma",
        "stw.over_1000": "yli 1000",
        "stw.nth_over_1000": "{i}/yli 1000",
        "stw.close_search": "Sulje haku",
        "stw.previous_result": "Edellinen osuma",
        "stw.next_result": "Seuraava osuma",
        "stw.sort_ascending": "Järjestä nousevasti",
        "stw.sort_descending": "Järjestä laskevasti",
        "stw.hide_column": "Piilota sarake",
        "stw.pin_column": "Kiinnitä sarake",
        "stw.unpin_column": "Irrota sarake",
        "stw.autosize": "Sovita leveys",
        "stw.format": "Muotoilu",
        "stw.copy_column_name": "Kopioi sarakkeen nimi",
        "stw.running": "Lasketaan…",
        "stw.stop": "Pysäytä",
        "stw.rerun": "Suorita uudelleen",
        "stw.connecting": "Yhdistetään",
        "stw.please_wait": "Odota hetki…",
        "stw.page_not_found": "Sivua ei löydy",
        "stw.page_missing": "Pyytämääsi sivua ei ole. Näytetään sovelluksen etusivu.",
        "stw.press_enter": "Ota käyttöön painamalla Enter",
        "stw.press_enter_form": "Lähetä painamalla Enter",
        "stw.collapse_sidebar": "Piilota sivupalkki",
        "stw.expand_sidebar": "Näytä sivupalkki",
        "stw.main_menu": "Päävalikko",
        "stw.print": "Tulosta",
        "stw.settings": "Asetukset",
        "stw.about": "Tietoja",
        "stw.clear_cache": "Tyhjennä välimuisti",
        "stw.copy_to_clipboard": "Kopioi leikepöydälle",
        "stw.skip_to_main": "Siirry pääsisältöön",
        "stw.choose_date": "Valitse päivä",
        "stw.previous_month": "Edellinen kuukausi",
        "stw.next_month": "Seuraava kuukausi",
        "stw.decrement": "Vähennä",
        "stw.increment": "Lisää",
        "stw.index_column": "(rivinumero)",
        "table.hidden_columns":
            "Näytölle mahtumattomat sarakkeet ({n}) on piilotettu: {names}. Saat ne "
            "näkyviin taulukon silmäpainikkeesta; latauksissa ovat kaikki sarakkeet.",
        # --- end i18n14 ---
        "nav.overview": "Tilannekuva",
        "nav.analysis": "Analyysi",
        "nav.planning": "Suunnittelu",
        "nav.data": "Tiedot",
        "page.yleiskuva": "Yleiskuva",
        "page.aineisto": "Aineisto",
        # --- Rekisteri: provider register and saved scenarios (branch st15) ---
        "page.rekisteri": "Rekisteri",
        "reg.title": "Palveluntarjoajarekisteri ja tallennetut skenaariot",
        "reg.intro": "Alueen palveluntarjoajat pysyvästi talteen: tuo tiedosto, muokkaa "
                     "taulukossa, lisää koordinaateilla tai poista käytöstä. Jokainen muutos "
                     "säilyy (milloin, kuka, mitä, ennen → jälkeen). Tallenna analyysi "
                     "skenaarioksi ja vertaa kahta: erot alueittain, erokartta ja yhteinen "
                     "vienti.",
        "reg.store_info": "Työtila: {store} · versio {revision} · käyttäjä {user}",
        "reg.store_error": "Työtilaa ei voi avata: {error}",
        "reg.conflict": "Muutosta ei tallennettu: {message}",
        "reg.denied": "Ei oikeutta: {message}",
        "reg.tab_register": "Rekisteri",
        "reg.tab_add": "Lisää tai poista käytöstä",
        "reg.tab_history": "Muutoshistoria",
        "reg.tab_scenarios": "Skenaariot ja vertailu",
        "reg.tab_trend": "Kehitys",
        "reg.import": "Tuo tiedosto rekisteriin",
        "reg.import_help": "Sama tarkistus kuin Aineisto-sivulla. Lisäksi luetaan sarakkeet "
                           "aukioloajat, ohjausajat, kanavat, voimassa_alkaen, voimassa_asti ja "
                           "lähde. Jo rekisterissä olevia (sama nimi alle 50 metrin päässä) ei "
                           "lisätä uudelleen.",
        "reg.import_file": "Palveluntarjoajatiedosto",
        "reg.import_go": "Tuo rekisteriin",
        "reg.imported": "Lisätty {added} palveluntarjoajaa (versio {revision}); jo rekisterissä "
                        "{skipped}.",
        "reg.show_retired": "Näytä myös käytöstä poistetut",
        "reg.empty": "Rekisteri on tyhjä.",
        "reg.save_edits": "Tallenna muutokset ({n} riviä)",
        "reg.saved_edits": "Tallennettu {n} muutosta.",
        "reg.col.provider_id": "Tunnus",
        "reg.col.name": "Nimi",
        "reg.col.provider_type": "Tyyppi",
        "reg.col.kunta_code": "Kunta",
        "reg.col.address": "Osoite",
        "reg.col.opening_hours": "Aukioloajat",
        "reg.col.staffed_hours": "Ohjausajat",
        "reg.col.channels": "Kanavat",
        "reg.col.languages": "Kielet",
        "reg.col.capacity_h_week": "Tuntia viikossa",
        "reg.col.valid_from": "Voimassa alkaen",
        "reg.col.valid_to": "Voimassa asti",
        "reg.col.version": "Versio",
        "reg.add": "Lisää palveluntarjoaja",
        "reg.lat": "Leveysaste (WGS84)",
        "reg.lon": "Pituusaste (WGS84)",
        "reg.add_go": "Lisää rekisteriin",
        "reg.added": "Lisätty {id} (kunta {kunta}).",
        "reg.retire": "Poista käytöstä",
        "reg.retire_which": "Palveluntarjoaja",
        "reg.retire_on": "Voimassaolo päättyy (tyhjä = tänään)",
        "reg.retire_go": "Poista käytöstä",
        "reg.retired": "{name} poistettu käytöstä; se säilyy historiassa.",
        "reg.hist.revision": "Versio",
        "reg.hist.at": "Aika (UTC)",
        "reg.hist.actor": "Kuka",
        "reg.hist.action": "Toimenpide",
        "reg.hist.note": "Huomio",
        "reg.hist.provider_id": "Tunnus",
        "reg.hist.name": "Nimi",
        "reg.hist.changes": "Muutos (ennen → jälkeen)",
        "reg.rejected": "Ristiriidan vuoksi tallentamatta jääneet muutokset ({n})",
        "reg.no_scenarios": "Ei tallennettuja skenaarioita.",
        "reg.save_scenario": "Tallenna skenaario",
        "reg.save_scenario_help": "Tallentaa sivupalkin asetukset, palveluntarjoajien lähteen "
                                  "ja rekisterin version, aineiston tunnisteen sekä tulosten "
                                  "yhteenvedon.",
        "reg.scenario_name": "Skenaarion nimi",
        "reg.source": "Palveluntarjoajat",
        "reg.source_dataset": "Aineisto",
        "reg.source_register": "Rekisteri",
        "reg.source_both": "Molemmat",
        "reg.save_go": "Tallenna",
        "reg.saved_scenario": "Skenaario {name} tallennettu.",
        "reg.compare": "Ennen ja jälkeen",
        "reg.cmp_a": "Ennen (A)",
        "reg.cmp_b": "Jälkeen (B)",
        "reg.by": "Aluejako",
        "reg.compare_go": "Laske vertailu",
        "reg.computing": "Lasketaan …",
        "reg.compare_summary": "**{b}** verrattuna **{a}**: {gained} asukasta saa palvelun "
                               "kynnyksen sisälle, {lost} menettää sen; katettujen asukkaiden "
                               "muutos yhteensä {delta}.",
        "reg.map_legend": "Katettujen asukkaiden muutos (B − A)",
        "reg.map_cells": "Ruudut (1 km)",
        "reg.map_gain": "saa katteen ({n})",
        "reg.map_loss": "menettää katteen ({n})",
        "reg.map_cell": "{people} asukasta",
        "reg.export_zip": "Lataa vertailu (zip: GeoPackage, CSV, ajoloki)",
        "reg.manage": "Nimeä uudelleen tai poista skenaario · ajoloki",
        "reg.new_name": "Uusi nimi",
        "reg.rename": "Nimeä uudelleen",
        "reg.delete": "Poista skenaario",
        "reg.trend_help": "Kattavuus alueittain jokaisena päivänä, jona rekisteri muuttui: "
                          "aineiston ja rekisterin palveluntarjoajat sellaisina kuin rekisteri "
                          "ne kyseisenä päivänä tunsi (10 km, oletusasetukset).",
        "reg.trend_go": "Laske kehitys",
        "reg.trend_axis": "Katettujen osuus",
        "reg.on_date": "Rekisterin päivä",
        "reg.providers": "Palveluntarjoajia",
        "reg.coverage_share": "Asukkaista katettu",
        "reg.need_share": "Tarpeesta katettu",
        "reg.pick_on_map": "Valitse paikka kartalta",
        "reg.pick_help": "Napsauta karttaa: leveys- ja pituusaste täyttyvät alla olevaan "
                         "lomakkeeseen.",
        "reg.use_in_analyses": "Palveluntarjoajat kaikissa analyyseissä",
        "reg.use_in_analyses_help": "Aineiston, rekisterin (tänään voimassa olevat) vai molempien "
                                    "tarjoajat; oma ladattu tiedosto (Aineisto) menee edelle.",
        "providers.register_register": "Palveluntarjoajat: rekisteri ({n} tarjoajaa).",
        "providers.register_both": "Palveluntarjoajat: aineisto ja rekisteri ({n} rekisteristä), "
                                   "yhteensä {total}.",
        "reg.trend_latest": "Viimeisin päivä {date}: koko maassa {share} asukkaista palvelun "
                            "kynnyksen sisällä.",
        "dataset.missing": "Työaineistoa ei ole vielä koottu ({path}).",
        "dataset.missing_fix": "Kokoa se komennolla `python -m coverage sync` ja lataa sivu "
                               "uudelleen.",
        # s11data: a dataset that is there but not whole
        "dataset.damaged": "Työaineisto ({path}) on vaillinainen tai muuttunut: {layer} ei vastaa "
                           "aineiston luetteloa, joten aineistoa ei käytetä.",
        "dataset.damaged_fix": "Kokoa se uudelleen komennolla `python -m coverage sync` ja lataa "
                               "sivu uudelleen.",
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
        "fig.pop_75plus_help": "Arvio tilanteesta 31.12.2024: postinumeroalueiden ikäryhmät "
                               "(Tilastokeskus, Paavo, 31.12.2017) on vanhennettu seitsemällä "
                               "vuodella kuolleisuustaulun avulla ja sovitettu kuntien viralliseen "
                               "65 vuotta täyttäneiden määrään (tarkemmin Aineisto-sivulla).",
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
        "page.aukot": "Aukot",
        "page.koordinaatiomallit": "Koordinaatiomallit",
        "page.suunnittelu": "Suunnittelu",
        "division.country": "Koko maa",
        "division.kunta": "Kunnat",
        "division.maakunta": "Maakunnat",
        "division.avi": "Aluehallintovirastot (AVI)",
        "division.maistraatti": "Maistraatit (2018)",
        "division.hyvinvointialue": "Hyvinvointialueet",
        "division.elinvoimakeskus": "Elinvoimakeskukset (2026)",
        "division.ely": "ELY-keskukset",
        "division.seutukunta": "Seutukunnat",
        # --- ar14: the user's own area ("Oma alue") ---
        "area.title": "Oma alue",
        "area.level": "Aluetaso",
        "area.level_set": "Valitut kunnat",
        "area.unit": "Alue",
        "area.kunnat": "Kunnat",
        "area.kunnat_placeholder": "Valitse kunnat",
        "area.unit_placeholder": "Valitse alue",
        "area.help": "Sivujen luvut, kartat ja taulukot rajataan tähän alueeseen. Osoiterivin "
                     "linkki avaa saman näkymän.",
        "area.caption": "Alue: {name} ({n} kuntaa)",
        "area.whole_country": "Koko maa",
        "col.national_rank": "Sija koko maassa",
        "col.area_rank": "Sija alueella",
        # --- branch y14: Yleiskuva and Koordinaatiomallit with the area; options at a glance ---
        "overview.intro_area": "Alueen väestö ja digituen palveluntarjoajat. Luvut ovat kuntien "
                               "väestötietoja {date}; 75 vuotta täyttäneiden määrä on arvio. "
                               "Muu maa näkyy kartalla harmaana.",
        "fig.need": "Tuen tarvitsijat",
        "fig.need_help": "Arvioitu digituen tarvitsijoiden määrä alueen 1 km:n ruuduissa "
                         "(tarvemalli ja tasot: analyysisivujen asetukset).",
        "overview.reach_note": "Tavoitettavuus analyysisivujen (Aukot, Koordinaatiomallit, "
                               "Suunnittelu) asetuksilla: {settings}",
        "overview.area_table": "Alueen kunnat: {metric}",
        "overview.rank_area": "Sija",
        "overview.rank_country": "Koko maassa",
        "overview.area_table_note": "Sija 1 = suurin arvo; koko maan sija {n} kunnan joukossa.",
        "options.area_legend": "Yksiköt, joihin alue kuuluu ({name})",
        "options.area_title": "Yksiköt, joihin alue kuuluu: {name}",
        "options.area_note": "Vertailu on valtakunnallinen: mallien luvut ja pisteet koskevat "
                             "koko maata. Kartoilla on rajattu yksiköt, joihin alue ({name}) "
                             "kuuluu.",
        "options.area_more": "ja {n} muuta",
        "col.area_units": "Alueen yksiköt",
        "col.mainland_pop_min": "Väestö, pienin manner\u00adyksikkö",
        "options.chart_axis": "Pisteet ja ykkössijan osuus (0–1)",
        "options.same_coverage": "Kattavuus on sama kaikissa malleissa (aluejako ei muuta "
                                 "lähintä palveluntarjoajaa): väestöstä {pct} ja tuen "
                                 "tarvitsijoista {need_pct} tavoitettavissa.",
        "col.suggested_place": "Ehdotettu paikka",
        "col.suggested_need": "Ehdotus tavoittaa (henkeä)",
        "map.context": "Taustatasot",
        "map.context_roads": "Päätiet",
        "map.context_borders": "Kuntarajat",
        "map.context_towns": "Taajamat",
        "legend.suggested": "Ehdotettu uusi tukipiste",
        "map.suggested_tooltip": "Ehdotus katvealueelle {rank}: {place}, tavoittaa {need} "
                                 "tuen tarvitsijaa",
        # --- end ar14 ---
        "col.severity": "Vakavuus",
        "severity.error": "virhe",
        "severity.warning": "varoitus",
        "severity.note": "huomautus",
        "providers.dataset": "Palveluntarjoajat: aineiston {n} tarjoajaa.",
        "providers.upload_add": "Palveluntarjoajat: aineisto ja oma tiedosto {name} ({n} "
                                "tarjoajaa), yhteensä {total}.",
        "providers.upload_replace": "Palveluntarjoajat: vain oma tiedosto {name} ({n} "
                                    "tarjoajaa; {total} käytössä).",
        "sc.title": "Analyysin asetukset",
        "sc.threshold": "Etäisyysraja",
        "sc.threshold_help": "Tuki on saatavilla, jos lähin palveluntarjoaja on enintään tämän "
                             "matkan päässä (tieetäisyyden arvio).",
        "sc.circuity": "Tiekerroin",
        "sc.circuity_help": "Tiematka / linnuntie. 1,00 = linnuntie; 1,30 on tavallinen "
                            "suunnitteluarvo.",
        "sc.types": "Palveluntarjoajan tyyppi",
        "sc.auta": "AUTA-osa",
        "sc.flags": "Vaaditut palvelut",
        "sc.flags_help": "Mukaan otetaan vain tarjoajat, joilla on kaikki valitut palvelut "
                         "(esim. Digituki).",
        "sc.languages": "Palvelukieli",
        "sc.approximate": "Myös likimääräiset sijainnit",
        "sc.approximate_help": "Tarjoajat, joiden sijainti on vain kunnan keskus tai sovittava "
                               "paikka.",
        "sc.levels": "Tuen tarve (TASO)",
        "sc.levels_help": "AUTA-mallin tasot: 2 käyttää mutta tarvitsee tukea, 3 ei käytä ja "
                          "tarvitsee tukea, 4 ei pysty käyttämään.",
        "sc.bands": "Ikäryhmät",
        "sc.mainland": "Vain Manner-Suomi",
        "sc.mainland_help": "Jättää Ahvenanmaan pois: se järjestää palvelunsa itse.",
        "sc.all": "kaikki",
        "sc.none_required": "ei vaatimusta",
        "sc.caption": "Etäisyysraja {km}, tiekerroin {circuity}; {scope}; analyysissa "
                      "{providers} palveluntarjoajaa. {source}",
        "sc.mode": "Saavutettavuuden mittari",
        "sc.mode_help": "Linnuntie × tiekerroin: etäisyys kilometreinä. Ajoaika: minuutit "
                        "autolla aineiston tieverkolla (MML:n yleiskartan tiet 1:1 milj.; "
                        "nopeudet tieluokan mukaan, taajamissa enintään 50 km/h). Kävely: minuutit "
                        "jalan, linnuntie × tiekerroin kävelynopeudella.",
        "sc.mode_straight": "Linnuntie",
        "sc.mode_drive": "Ajoaika",
        "sc.threshold_min": "Ajoaikaraja",
        "sc.threshold_min_help": "Tuki on saatavilla, jos lähimmän palveluntarjoajan luo pääsee "
                                 "autolla enintään tässä ajassa.",
        "sc.circuity_leg_help": "Ajoaikatilassa: linnuntien kerroin ruudun tai tarjoajan ja "
                                "lähimmän tien välisellä osuudella (ajetaan 30 km/h).",
        "sc.caption_drive": "Ajoaikaraja {minutes} autolla tieverkolla, tiekerroin {circuity} "
                            "tielle johtavilla osuuksilla; {scope}; analyysissa {providers} "
                            "palveluntarjoajaa. {source}",
        "sc.no_roads": "Aineistossa ei ole tieverkkoa, joten ajoaikoja ei voi laskea; "
                       "käytetään linnuntietä. ({reason})",
        "spinner.roads": "Ladataan tieverkkoa…",
        "fig.median_min": "Mediaaniajoaika",
        "fig.median_min_help": "Puolella asukkaista lähimmän palveluntarjoajan luo on tätä "
                               "lyhyempi ajomatka autolla.",
        "fig.p90_min": "Ajoaika, 90 % asukkaista",
        "fig.p90_min_help": "90 %:lla asukkaista lähimmän palveluntarjoajan luo on tätä "
                            "lyhyempi ajomatka autolla.",
        "metric.median_min": "Mediaaniajoaika",
        "legend.median_min": "Mediaaniajoaika (min)",
        "legend.gaps_min": "Katvealueet (yli {minutes} min)",
        "col.median_min": "Mediaaniajoaika",
        "col.p90_min": "Ajoaika, 90 %",
        "col.mean_need_min": "Tarvitsijoiden keskimääräinen ajoaika",
        "col.min_drive": "Lyhin ajoaika",
        "col.mean_drive": "Keskimääräinen ajoaika",
        "col.max_drive": "Pisin ajoaika",
        "map.gap_tooltip_min": "{rank}. {place} ({municipality})\nTarvitsijoita {need}, "
                               "asukkaita {population}\nKeskimääräinen ajoaika {minutes} min",
        "gaps.map_caption_drive": "Katvealue: asuttu 1 km:n ruutu, josta lähimmän "
                                  "palveluntarjoajan luo on ajoaikarajaa pidempi ajomatka; "
                                  "vierekkäiset ruudut muodostavat alueen, ja alueet on "
                                  "järjestetty tuen tarvitsijoiden määrän mukaan. Tiet: MML "
                                  "yleiskartta 1:1 milj.; väestö: Tilastokeskus.",
        "metric.seat_time": "Ajoaika kotipaikkaan",
        "col.need_seat_min": "Tarvitsijoiden ajoaika kotipaikkaan",
        "col.median_seat_min": "Mediaaniajoaika kotipaikkaan",
        # --- r12core: walking (minutes on foot) ---
        "sc.mode_walk": "Kävely",
        "sc.threshold_walk": "Kävelyaikaraja",
        "sc.threshold_walk_help": "Tuki on saatavilla, jos lähimmän palveluntarjoajan luo pääsee "
                                  "kävellen enintään tässä ajassa.",
        "sc.walk_speed": "Kävelynopeus",
        "sc.walk_speed_help": "Oletus 3,4 km/h: 80–99-vuotiaiden naisten keskimääräinen "
                              "kävelynopeus (94,3 cm/s; Bohannon & Williams Andrews 2011, "
                              "meta-analyysi 41 tutkimuksesta).",
        "sc.circuity_walk_help": "Kävelymatka / linnuntie: kuinka paljon mutkia ja kiertoja "
                                 "kävelyreitillä on.",
        "sc.caption_walk": "Kävelyaikaraja {minutes} nopeudella {speed}, tiekerroin {circuity}; "
                           "{scope}; analyysissa {providers} palveluntarjoajaa. {source}",
        "fig.median_walk": "Mediaanikävelyaika",
        "fig.median_walk_help": "Puolella asukkaista lähimmän palveluntarjoajan luo on tätä "
                                "lyhyempi kävelymatka.",
        "fig.p90_walk": "Kävelyaika, 90 % asukkaista",
        "fig.p90_walk_help": "90 %:lla asukkaista lähimmän palveluntarjoajan luo on tätä "
                             "lyhyempi kävelymatka.",
        "metric.median_walk": "Mediaanikävelyaika",
        "legend.median_walk": "Mediaanikävelyaika (min)",
        "legend.gaps_walk": "Katvealueet (yli {minutes} min kävellen)",
        "col.median_walk": "Mediaanikävelyaika",
        "col.p90_walk": "Kävelyaika, 90 %",
        "col.mean_need_walk": "Tarvitsijoiden keskimääräinen kävelyaika",
        "col.min_walk": "Lyhin kävelyaika",
        "col.mean_walk": "Keskimääräinen kävelyaika",
        "col.max_walk": "Pisin kävelyaika",
        "map.gap_tooltip_walk": "{rank}. {place} ({municipality})\nTarvitsijoita {need}, "
                                "asukkaita {population}\nKeskimääräinen kävelyaika {minutes} min",
        "gaps.map_caption_walk": "Katvealue: asuttu 1 km:n ruutu, josta lähimmän "
                                 "palveluntarjoajan luo on kävellen kävelyaikarajaa pidempi "
                                 "matka (linnuntie × tiekerroin kävelynopeudella); vierekkäiset "
                                 "ruudut muodostavat alueen. Väestö: Tilastokeskus.",
        "metric.seat_walk": "Kävelyaika kotipaikkaan",
        "col.need_seat_walk": "Tarvitsijoiden kävelyaika kotipaikkaan",
        "col.median_seat_walk": "Mediaanikävelyaika kotipaikkaan",
        "col.coverage2_share": "Kaksi tarjoajaa ulottuvilla",
        "scope.whole": "koko maa (Ahvenanmaa omana yksikkönään)",
        "scope.mainland": "vain Manner-Suomi (ilman Ahvenanmaata)",
        "auta.A": "A – henkilökohtainen neuvonta",
        "auta.B": "B – tuki ja koulutus",
        "language.fi": "suomi",
        "language.sv": "ruotsi",
        "language.en": "englanti",
        "language.se": "saame",
        "language.ru": "venäjä",
        "taso.2": "TASO 2 – käyttää, tarvitsee tukea",
        "taso.3": "TASO 3 – ei käytä, tarvitsee tukea",
        "taso.4": "TASO 4 – ei pysty käyttämään",
        "band.15_64": "15–64-vuotiaat",
        "band.65_74": "65–74-vuotiaat",
        "band.75plus": "75 vuotta täyttäneet",
        # n13need: need model presets, 75+ estimate, Åland
        "sc.need_model": "Tarvemalli",
        "sc.need_model_help": "Millä osuuksilla ikäryhmistä arvioidaan digituen tarve: "
                              "siemenaineiston luvut (2017) tai myöhemmät viralliset kyselyt "
                              "(Tilastokeskus, DVV). Johdot ja lähteet: coverage/defaults.py.",
        "need_model.seed2017": "Siemen 2017 (VM:n AUTA-malli)",
        "need_model.surveys2023": "Kyselyt 2018–2023 (Tilastokeskus, DVV)",
        "need.presets_title": "Tarvemallit: kuinka paljon tarve muuttuu",
        "need.presets_intro": "Digituen tarve ({levels}) kummallakin tarvemallilla: koko maa ja "
                              "maakunnat. Valittu malli: {model}.",
        "need.col_unit": "Alue",
        "need.country": "Koko maa",
        "sc.caption_need_model": "; tarvemalli {model}",
        "need.col_change": "Muutos",
        "need.age75_title": "Miten 75 vuotta täyttäneet on arvioitu",
        "need.age75_method": "Väestöruudukossa ei ole 75 vuotta täyttäneitä. Arvio 31.12.2024: "
                             "postinumeroalueiden viisivuotisikäryhmät 31.12.2017 (Tilastokeskus, "
                             "Paavo) on vanhennettu seitsemällä vuodella kuolleisuustaulun "
                             "(Human Mortality Database, Suomi 2024, Tilastokeskuksen aineistosta) "
                             "kuolleisuuksilla; taulun kuolleisuustaso on sovitettu niin, että "
                             "vanhennettujen 65 vuotta täyttäneiden määrä on sama kuin virallinen "
                             "31.12.2024 (kerroin {factor}). Alueen 75+/65+-osuus kerrotaan ruudun "
                             "65 vuotta täyttäneillä, jotka on sovitettu kunnan viralliseen "
                             "lukuun. Koko maassa {n75} ({share} 65 vuotta täyttäneistä).",
        "need.aland_note": "Ahvenanmaa on oma yksikkönsä kaikissa aluejaoissa; jaoissa, joiden "
                           "avain liittää sen mantereen alueeseen ({divisions}), se on erotettu "
                           "omaksi yksikökseen (AX).",
        "spinner.prepare": "Lasketaan etäisyyksiä lähimpiin palveluntarjoajiin…",
        "spinner.gaps": "Etsitään katvealueita…",
        "spinner.compare": "Verrataan koordinaatiomalleja…",
        "spinner.report": "Tehdään raporttia (kartat, taulukot)…",
        "spinner.plan": "Valitaan uusia palvelupisteitä…",
        "spinner.before_after": "Lasketaan kattavuus ennen ja jälkeen…",
        "spinner.home": "Lasketaan kotikäyntien tavoittavuutta…",
        "download.table": "Lataa {fmt}",
        "unit.h_week": "{h} h/vko",
        "col.unit_code": "Koodi",
        "col.unit": "Alue",
        "col.name": "Nimi",
        "col.need": "Tuen tarvitsijat",
        "col.pop_65plus": "65 vuotta täyttäneet",
        "col.coverage_share": "Väestöstä tavoitettavissa",
        "col.need_coverage_share": "Tarvitsijoista tavoitettavissa",
        "col.coverage_share_65plus": "65+ tavoitettavissa",
        "col.uncovered_need": "Tarvitsijoita katveessa",
        "col.median_km": "Mediaanietäisyys",
        "col.p90_km": "Etäisyys, 90 %",
        "col.mean_need_km": "Tarvitsijoiden keskietäisyys",
        "col.e2sfca": "Tukitunteja / 1 000 tarvitsijaa (E2SFCA)",
        "col.rank": "Sija",
        "col.place": "Paikka",
        "col.municipality": "Kunta",
        "col.region": "Maakunta",
        "col.cells": "Ruutuja (1 km²)",
        "col.min_km": "Lähin etäisyys",
        "col.mean_km": "Keskietäisyys",
        "col.max_km": "Pisin etäisyys",
        "col.option": "Malli",
        "col.units": "Yksiköitä",
        "col.pop_per_unit_min": "Väestö, pienin yksikkö",
        "col.pop_per_unit_max": "Väestö, suurin yksikkö",
        "col.need_seat_km": "Tarvitsijoiden etäisyys kotipaikkaan",
        "col.median_seat_km": "Mediaanietäisyys kotipaikkaan",
        "col.theil_between": "Eriarvoisuus yksiköiden välillä (Theil)",
        "col.theil_within": "Eriarvoisuus yksiköiden sisällä (Theil)",
        "col.theil_unit": "Eriarvoisuus yksikön sisällä (Theil)",
        "col.cross_border": "Lähin tuki toisessa yksikössä",
        "col.score": "Pisteet",
        "col.rank_first_share": "Paras painotuksista",
        "col.mean_rank": "Keskimääräinen sija",
        "col.seat": "Kotipaikka",
        "col.municipalities": "Kuntia",
        "col.area_km2": "Pinta-ala (km²)",
        "col.providers": "Palveluntarjoajia",
        "col.site": "Uusi palvelupiste",
        "col.kind": "Ehdokas",
        "col.added_need": "Uusia tavoitettuja tarvitsijoita",
        "col.added_population": "Uusia tavoitettuja asukkaita",
        "col.cum_need_share": "Tarvitsijoista tavoitettavissa (kertymä)",
        "col.new_sites": "Uusia pisteitä",
        "col.need_share_before": "Tarvitsijat, ennen",
        "col.need_share_after": "Tarvitsijat, jälkeen",
        "col.share_before": "Väestö, ennen",
        "col.share_after": "Väestö, jälkeen",
        "col.median_before": "Mediaanietäisyys, ennen",
        "col.median_after": "Mediaanietäisyys, jälkeen",
        "col.hs_demand": "Kotikäyntien tarvitsijat",
        "col.hs_served": "Palveltuja",
        "col.hs_served_share": "Palveltujen osuus",
        "col.hs_unserved": "Palvelematta",
        "col.hs_out_of_reach": "…joista ulottumattomissa",
        "col.hs_capacity_short": "…joista aika ei riitä",
        "col.hs_reachable": "Tavoitettavissa olevia asiakkaita",
        "col.base": "Tukikohta",
        "col.staff_hours": "Henkilötyötunnit / vko",
        "col.staff_hours_used_week": "Käytetyt tunnit / vko",
        "col.utilisation": "Käyttöaste",
        "col.mean_minutes": "Keskimatka (min, yhteen suuntaan)",
        "col.kunta_code": "Kuntakoodi",
        "col.address": "Osoite",
        "col.languages": "Kielet",
        "col.capacity": "Tunteja / vko",
        "fig.coverage_share": "Väestöstä tavoitettavissa",
        "fig.coverage_share_help": "Osuus väestöstä, jonka lähin palveluntarjoaja on "
                                   "etäisyysrajan sisällä.",
        "fig.need_coverage_share": "Tuen tarvitsijoista tavoitettavissa",
        "fig.need_coverage_share_help": "Sama tuen tarvitsijoista (tarvemalli: AUTA-mallin "
                                        "luvut ikäryhmittäin).",
        "fig.coverage_share_65plus": "65+ tavoitettavissa",
        "fig.median_km": "Mediaanietäisyys",
        "fig.median_km_help": "Puolella asukkaista lähin palveluntarjoaja on tätä lähempänä "
                              "(tieetäisyyden arvio).",
        "fig.p90_km": "Etäisyys, 90 % asukkaista",
        "fig.p90_km_help": "90 %:lla asukkaista lähin palveluntarjoaja on tätä lähempänä.",
        "fig.uncovered_need": "Tarvitsijoita katveessa",
        "fig.uncovered_need_help": "Tuen tarvitsijat, joilla ei ole palveluntarjoajaa "
                                   "etäisyysrajan sisällä.",
        "fig.gap_areas": "{n} katvealuetta",
        "gaps.title": "Kattavuus ja katvealueet",
        "gaps.division": "Aluejako",
        "gaps.panel_title": "Valittu alue",
        "gaps.click_hint": "Napsauta aluetta kartalla, niin sen luvut näkyvät tässä.",
        "gaps.top_title": "{n} suurinta katvealuetta",
        "gaps.units_tab": "Alueittain: {division}",
        "gaps.gaps_tab": "Katvealueet ({n})",
        "gaps.whole_municipality": "kunta",
        "gaps.table_note": "Näytetään {shown} suurinta katvealuetta {n}:stä; latauksissa ovat "
                           "kaikki.",
        "gaps.map_caption": "Katvealue: asuttu 1 km:n ruutu, jonka lähin palveluntarjoaja on "
                            "etäisyysrajaa kauempana; vierekkäiset ruudut muodostavat alueen, "
                            "ja alueet on järjestetty tuen tarvitsijoiden määrän mukaan. "
                            "Väestö: Tilastokeskus; ruudut: Eurostat/Tilastokeskus 2021.",
        "gaps.e2sfca_note": "E2SFCA: palveluntarjoajien viikoittaiset tukitunnit jaettuna "
                            "niiden ulottuvilla olevien tuen tarvitsijoiden kesken (etäisyyden "
                            "mukaan painottaen).",
        "map.unit_tooltip": "Väestö {population}; tarvitsijoita {need}",
        "map.gap_tooltip": "{rank}. {place} ({municipality})\nTarvitsijoita {need}, asukkaita "
                           "{population}\nKeskietäisyys {km} km",
        "metric.coverage_share": "Väestökattavuus",
        "metric.need_coverage_share": "Tarvitsijoiden kattavuus",
        "metric.coverage_share_65plus": "65+ kattavuus",
        "metric.median_km": "Mediaanietäisyys",
        "metric.seat_distance": "Etäisyys kotipaikkaan",
        "metric.cross_border": "Lähin tuki toisessa yksikössä",
        "metric.e2sfca": "Tukitunnit / 1 000 tarvitsijaa",
        "legend.coverage_share": "Väestöstä tavoitettavissa (%)",
        "legend.need_coverage_share": "Tarvitsijoista tavoitettavissa (%)",
        "legend.coverage_share_65plus": "65+ tavoitettavissa (%)",
        "legend.median_km": "Mediaanietäisyys (km)",
        "legend.gaps": "Katvealueet (yli {km} km)",
        "legend.gap_cells": "katveruutu (1 km²)",
        "legend.top_gaps": "{n} suurinta katvealuetta",
        "legend.seats": "Kotipaikat",
        "legend.need_after": "Tarvitsijoista tavoitettavissa uusien pisteiden jälkeen (%)",
        "legend.new_sites": "uusi palvelupiste ja sen ulottuvuus",
        "legend.plan": "Uudet palvelupisteet",
        "legend.unserved": "Palvelematta jäävät kotikäyntiasiakkaat",
        "legend.bases": "tukikohta ja sen ajoalue",
        "legend.home": "Kotiin vietävä tuki",
        "options.title": "Koordinaatiomallit",
        "options.intro": "Mikä aluetaso koordinoisi digitukea? Jokainen malli jakaa kunnat "
                         "yksiköihin, joilla on kotipaikka (koordinaattorin sijainti). Kartat "
                         "käyttävät samaa väriasteikkoa, joten mallit ovat vertailukelpoisia.",
        "options.maps_caption": "Tummat pisteet ovat yksiköiden kotipaikkoja (kuntamallissa ei "
                                "näytetä). Ahvenanmaa on omana yksikkönään kaikissa malleissa.",
        "options.seat_tooltip": "Kotipaikka: {seat}\n{unit}",
        "options.detail": "Tarkasteltava malli (yksiköt ja raportti)",
        "options.detail_title": "Yksiköt: {option}",
        "options.weights_title": "Painot ja herkkyys",
        "options.weights_intro": "Pisteet ovat kriteerien painotettu keskiarvo (0–1, 1 = "
                                 "paras). Oletuspainot laskevat, moneenko AUTA-mallin "
                                 "vahvuuteen tai heikkouteen kriteeri liittyy. Herkkyys: kuinka "
                                 "usein malli on paras, kun jokaista painoa vaihdellaan "
                                 "satunnaisesti.",
        "options.spread": "Painojen vaihtelu",
        "options.spread_help": "Jokainen paino kerrotaan satunnaisluvulla väliltä 1 ± vaihtelu "
                               "(1 000 arvontaa).",
        "options.best": "Paras näillä painoilla: {option} (pisteet {score}). Se on paras "
                        "{share}:ssa arvonnoista, kun painot vaihtelevat ±{spread} ({draws} "
                        "arvontaa).",
        "options.table_title": "Mallit rinnakkain",
        "options.table_note": "Eriarvoisuus: Theilin indeksi tarvitsijoiden saavutettavuudesta "
                              "({closeness}), jaettuna yksiköiden väliseen ja sisäiseen osaan. "
                              "Latauksessa ovat kaikki sarakkeet.",
        "options.chart_title": "Pisteet ja herkkyys",
        "options.measure": "Mittari",
        "options.value": "Arvo",
        "options.report_title": "Raportti",
        "options.report_make": "Tee raportti: {option}",
        "options.report_download": "Lataa raportti (zip)",
        "options.report_note": "Raportti: HTML-sivu karttoineen sekä taulukot CSV- ja "
                               "XLSX-muodossa (sama kuin komento `python -m coverage report`), "
                               "nykyisillä asetuksilla ja painoilla.",
        "criterion.units": "Vähän yksiköitä",
        "criterion.units_help": "Vähän ohjattavia yksiköitä (oletuspaino {default}).",
        "criterion.seat_distance": "Paikallistuntemus",
        "criterion.seat_distance_help": "Kotipaikka lähellä tuen tarvitsijoita (oletuspaino "
                                        "{default}).",
        "criterion.size": "Riittävä koko",
        "criterion.size_help": "Pienimmän manneryksikön väestö (oletuspaino {default}).",
        "criterion.equal_access": "Yhdenvertaisuus",
        "criterion.equal_access_help": "Pieni yksiköiden välinen eriarvoisuus (oletuspaino "
                                       "{default}).",
        "criterion.cross_border": "Vähän rajanylityksiä",
        "criterion.cross_border_help": "Vähän tarvetta, jonka lähin tuki on toisessa yksikössä "
                                       "(oletuspaino {default}).",
        # n13rank: why the options rank as they do (coverage.ranking)
        "options.clear_winner": "Selvä voittaja näillä painoilla: {option} (pisteet {score}). "
                                "Se on paras {share}:ssa arvonnoista, kun painot vaihtelevat "
                                "±{spread} ({draws} arvontaa); selvä voittaja vaatii vähintään "
                                "{needed}.",
        "options.no_clear_winner": "Ei selvää voittajaa näillä painoilla. Korkeimmat pisteet saa "
                                   "{option} ({score}), mutta se on paras vain {share}:ssa "
                                   "arvonnoista, kun painot vaihtelevat ±{spread} ({draws} "
                                   "arvontaa); selvä voittaja vaatii vähintään {needed}. Kärki "
                                   "({leading}) on painojen epävarmuuden sisällä.",
        "options.weights_default": "Painot: oletuspainot – {weights}.",
        "options.weights_user": "Painot: omat painosi, eivät oletuspainot – {weights}.",
        "options.why_title": "Miksi tämä järjestys? Erot, käännepisteet ja muut painotukset",
        "options.why_pair": "**{leader}** on {diff} pistettä edellä mallia **{other}**. "
                            "{leader} on parempi: {pro}. {other} on parempi: {con}.",
        "options.tipping_title": "Käännepisteet",
        "options.tipping_intro": "Paino, jolla parin järjestys kääntyy, kun muut painot pysyvät "
                                 "ennallaan (painot 0–{max}). Kriteerit, joita taulukossa ei ole, "
                                 "eivät käännä paria tällä välillä.",
        "options.no_tipping": "Mikään yksittäinen paino välillä 0–{max} ei käännä kärkimallien "
                              "järjestystä.",
        "options.tip_lower": "laskee alle: {other} ohittaa",
        "options.tip_higher": "nousee yli: {other} ohittaa",
        "options.sets_title": "Järjestys muilla painotuksilla",
        "options.sets_intro": "”Ensin”-painotuksissa yksi kriteeri saa painon 4 ja muut 1. Painot "
                              "järjestyksessä: {order}.",
        "options.dominance_none": "Dominanssi: mikään malli ei ole toista vähintään yhtä hyvä "
                                  "kaikilla painotetuilla kriteereillä, joten järjestys riippuu "
                                  "painoista.",
        "options.dominance_some": "Dominoidut mallit (toinen malli on vähintään yhtä hyvä kaikilla "
                                  "painotetuilla kriteereillä, joten ne eivät voi olla parhaita "
                                  "millään painoilla): {list}.",
        "col.pair": "Pari",
        "col.criterion": "Kriteeri",
        "col.weight_now": "Paino nyt",
        "col.tipping_weight": "Käännepiste",
        "col.tipping_when": "Järjestys kääntyy, kun paino",
        "col.weight_set": "Painotus",
        "col.weights": "Painot",
        "col.first": "Paras",
        "col.leading_ranks": "Kärkimallien sijat",
        "wset.default": "Oletuspainot",
        "wset.user": "Omat painosi",
        "wset.equal": "Kaikki kriteerit yhtä painavia",
        "wset.few_units_first": "Vähän yksiköitä ensin",
        "wset.local_knowledge_first": "Paikallistuntemus ensin",
        "wset.size_first": "Riittävä koko ensin",
        "wset.equal_access_first": "Yhdenvertaisuus ensin",
        "plan.title": "Suunnittelu",
        "plan.section": "Tehtävä",
        "plan.section_sites": "Uudet palvelupisteet",
        "plan.section_home": "Kotiin vietävä tuki",
        "plan.intro": "Valitse k uutta palvelupistettä ehdokkaista niin, että mahdollisimman "
                      "moni katveessa oleva tuen tarvitsija saa tuen etäisyysrajan sisälle "
                      "(maksimipeiteongelma). Nykyiset palveluntarjoajat pysyvät.",
        "plan.k": "Uusia pisteitä (k)",
        "plan.kinds": "Ehdokkaat",
        "plan.kinds_help": "Kirjastot ilman digitukea, kuntien hallintokeskukset (MML) ja "
                           "taajamat (SYKE).",
        "plan.solver": "Menetelmä",
        "plan.solver_help": "Ahne: nopea, vähintään 63 % parhaasta. Ahne + vaihdot: parantaa "
                            "ahneen tulosta. Tarkka: kokonaislukuoptimointi (HiGHS), pysähtyy "
                            "{seconds} sekunnin jälkeen.",
        "solver.greedy": "ahne",
        "solver.greedy-swap": "ahne + vaihdot",
        "solver.exact": "tarkka",
        "plan.limits": "Aluekohtaiset rajat",
        "plan.limit_division": "Rajojen aluejako",
        "plan.no_limits": "ei rajoja",
        "plan.max_per_unit": "Enintään / alue (0 = ei rajaa)",
        "plan.max_help": "Esimerkiksi 1 = korkeintaan yksi uusi piste kuhunkin maakuntaan.",
        "plan.min_per_unit": "Vähintään / alue",
        "plan.no_kinds": "Valitse vähintään yksi ehdokasjoukko.",
        "plan.notes": "Laskennan huomautukset: {notes}",
        "plan.division": "Ennen ja jälkeen -taulukon aluejako",
        "plan.need_after": "Tarvitsijoista tavoitettavissa",
        "plan.pop_after": "Väestöstä tavoitettavissa",
        "plan.pp": "+{pp} %-yks.",
        "plan.before": "Ennen: {value}",
        "plan.added_need": "Uusia tavoitettuja tarvitsijoita",
        "plan.sites": "Valittuja pisteitä",
        "plan.solver_info": "{solver}: {seconds} s, {candidates} ehdokasta. {proven}",
        "plan.optimal": "Todistetusti paras ratkaisu.",
        "plan.sites_title": "Valitut pisteet",
        "plan.before_after_title": "Kattavuus ennen ja jälkeen: {division}",
        "plan.unit_tooltip": "Ennen {before}; uusia pisteitä {sites}",
        "plan.site_tooltip": "{rank}. {name} ({municipality})\n{kind}\nUusia tavoitettuja "
                             "tarvitsijoita {need}",
        "kind.libraries": "kirjastot ilman digitukea",
        "kind.centres": "kuntien keskukset",
        "kind.settlements": "taajamat",
        "kind.library": "kirjasto",
        "kind.centre": "kunnan keskus",
        "kind.settlement": "taajama",
        "kind.file": "oma piste",
        "hs.intro": "Kotiin vietävä tuki (esim. Helsingin Luokse-kokeilu, 45 minuutin käynnit): "
                    "tukikohdista ajetaan asiakkaiden luo. Asiakkaat ovat oletuksena tuen "
                    "tarvitsijat, joilla ei ole palveluntarjoajaa etäisyysrajan sisällä.",
        "hs.source": "Tukikohdat",
        "hs.source_centres": "kuntien keskukset",
        "hs.source_file": "oma tiedosto",
        "hs.region": "Maakunta",
        "hs.kunnat": "Tukikohdat kuntien keskuksissa",
        "hs.all_centres": "kaikki alueen kunnat",
        "hs.file": "Tukikohtien tiedosto (CSV)",
        "hs.file_help": "Sarakkeet: name ja x, y (ETRS-TM35FIN) tai lat, lon; valinnainen "
                        "staff_hours_week.",
        "hs.file_missing": "Lataa tukikohtien tiedosto, tai valitse tukikohdiksi kuntien "
                           "keskukset.",
        "hs.file_in_use": "Käytössä: {name} ({n} tukikohtaa).",
        "hs.staff_hours": "Henkilötyötunnit / tukikohta",
        "hs.staff_hours_help": "Viikossa; 37,5 h = yksi kokoaikainen työntekijä. Tiedoston omat "
                               "tunnit ovat etusijalla.",
        "hs.visit_minutes": "Käynnin kesto",
        "hs.visit_minutes_help": "Oletus 45 min (Luokse-kokeilu).",
        "hs.speed": "Ajonopeus",
        "hs.budget": "Matka-aika enintään (yhteen suuntaan)",
        "hs.budget_help": "Tukikohta tavoittaa asiakkaat, joiden luo ajaa tätä nopeammin.",
        "hs.visits": "Käyntejä / asiakas / kk",
        "hs.use_share": "Asiakkaat osuutena tarvitsijoista",
        "hs.use_share_help": "Pois: asiakkaat ovat katveessa olevat tarvitsijat. Päällä: "
                             "asiakkaat ovat valittu osuus TASO 3–4 -tarvitsijoista kaikkialla.",
        "hs.share": "Osuus TASO 3–4 -tarvitsijoista",
        "hs.fig_demand": "Kotikäyntien tarvitsijat alueella",
        "hs.fig_demand_help": "Laskennallinen määrä henkilöinä (tarvemalli).",
        "hs.fig_served": "Palveltuja",
        "hs.fig_served_share": "Palveltujen osuus",
        "hs.fig_unserved": "Palvelematta",
        "hs.fig_unserved_help": "Ulottumattomissa {reach}; tukikohtien aika ei riitä {capacity}.",
        "hs.fig_staff": "Henkilötyöstä käytössä",
        "hs.fig_staff_value": "{used} / {total} h/vko käytössä",
        "hs.unit_tooltip": "Tarvitsijoita {demand}; palveltu {share}",
        "hs.base_tooltip": "{name}\n{hours} h/vko; palveltuja {served}",
        "hs.bases_title": "Tukikohdat",
        "hs.units_title": "Kunnittain",
        # r12plan: planning and home support in every reach mode
        "plan.map_caption_straight": "Ympyrä: uuden pisteen ulottuvuus ({km} km linnuntietä = "
                                     "etäisyysraja / tiekerroin); varjostetut ruudut tulevat "
                                     "uusien pisteiden myötä rajan sisälle. Alueiden väri: "
                                     "tarvitsijoista tavoitettavissa uusien pisteiden jälkeen.",
        "plan.map_caption_drive": "Varjostetut ruudut: asutut 1 km:n ruudut, joista uuteen "
                                  "pisteeseen ajaa tieverkkoa pitkin enintään {minutes} min. "
                                  "Tieverkon ulottuvuus ei ole ympyrä, joten ympyrää ei "
                                  "piirretä. Alueiden väri: tarvitsijoista tavoitettavissa "
                                  "uusien pisteiden jälkeen.",
        "plan.map_caption_walk": "Ympyrä: uuden pisteen kävelyalue {minutes} minuutissa ({km} km "
                                 "linnuntietä = kävelymatka / tiekerroin); varjostetut ruudut "
                                 "tulevat uusien pisteiden myötä kävelyaikarajan sisälle. "
                                 "Alueiden väri: tarvitsijoista tavoitettavissa uusien pisteiden "
                                 "jälkeen.",
        "legend.new_cells": "uusien pisteiden myötä tavoitettavat ruudut",
        "legend.new_site": "uusi palvelupiste",
        "hs.map_caption_straight": "Ympyrä: ajoalue {minutes} minuutissa (noin {km} km "
                                   "linnuntietä). Kuntien väri: palvelematta jäävät asiakkaat.",
        "hs.map_caption_drive": "Tukikohdista ajetaan tieverkkoa pitkin, enintään {minutes} min "
                                "yhteen suuntaan; tieverkon ulottuvuus ei ole ympyrä, joten "
                                "ympyrää ei piirretä. Kuntien väri: palvelematta jäävät "
                                "asiakkaat.",
        "hs.map_caption_walk": "Ympyrä: kävelyalue {minutes} minuutissa (noin {km} km "
                               "linnuntietä). Kuntien väri: palvelematta jäävät asiakkaat.",
        # plan14: why the sites went where they did, at least one per region, hours per week
        "plan.at_least_one": "Vähintään yksi uusi piste jokaiselle alueelle",
        "plan.at_least_one_none": "ei ehtoa",
        "plan.at_least_one_help": "Jokainen valitun aluejaon alue, jolla on katvetta (tuen "
                                  "tarvitsijoita etäisyysrajan ulkopuolella) omalla alueellasi, "
                                  "saa vähintään yhden uuden pisteen; loput pisteet menevät "
                                  "sinne, missä ne tavoittavat eniten.",
        "plan.limits_ignored": "Aluekohtaisia rajoja ei käytetä: ne koskevat eri aluejakoa kuin "
                               "vähintään yksi -ehto.",
        "plan.rule_cost": "Vähintään yksi piste aluetta kohden ({division}): {added} uutta "
                          "tavoitettua tarvitsijaa; ilman ehtoa {free}. Ehto maksaa {cost} "
                          "({share}).",
        "plan.why_title": "Miksi pisteet sijoittuivat näin: {division}",
        "plan.why_caption": "Katvetta ennen = tuen tarvitsijat etäisyysrajan ulkopuolella "
                            "ennen uusia pisteitä. Tavoitetaan = heistä uusien pisteiden "
                            "tavoittamat. Paras yksittäinen piste = eniten katvetta, jonka yksi "
                            "alueen ehdokas tavoittaisi yksinään; alue jää ilman pistettä, kun "
                            "muualle valitut pisteet tavoittavat enemmän.",
        "col.site_place": "Kunta, maakunta",
        "col.unmet_before": "Katvetta ennen",
        "col.unmet_reached": "Tavoitetaan",
        "col.unmet_reached_share": "Osuus katveesta",
        "col.best_single_site": "Paras yksittäinen piste",
        "hs.visits_value": "{month} / kk ≈ {week} / vko",
        "hs.visits_help": "Kuukaudessa on keskimäärin 52/12 ≈ {weeks} viikkoa. Käynnit "
                          "lasketaan viikkoa kohden, kuten henkilötyötunnit.",
        "hs.fig_staff_help": "Käyntejä {served} / vko; tarvitsijoiden käyntitarve {demand} / "
                             "vko.",
        "upload.title": "Oma palveluntarjoajatiedosto",
        "upload.intro": "Lataa oma luettelo tukipisteistä (CSV, XLSX, GeoJSON tai GeoPackage): "
                        "nimi, tyyppi ja sijainti (lat, lon tai x, y ETRS-TM35FIN), "
                        "valinnaisesti osoite, kapasiteetti (h/vko), kielet, kuntakoodi ja "
                        "palvelut (svc_digituki…). Hyväksytty tiedosto on käytössä kaikilla "
                        "sivuilla tämän istunnon ajan.",
        "upload.mode": "Käyttö",
        "upload.mode_add": "lisää aineiston tarjoajiin",
        "upload.mode_replace": "korvaa aineiston tarjoajat",
        "upload.template": "Lataa malli (CSV)",
        "upload.file": "Palveluntarjoajatiedosto",
        "upload.file_help": "Rivit numeroidaan kuten taulukkolaskennassa: otsikko on rivi 1.",
        "upload.refused": "Tiedostoa ei voi käyttää. Korjaa nämä kohdat ja lataa se uudelleen:",
        "upload.kept": "Aiemmin hyväksytty tiedosto {name} on edelleen käytössä.",
        "upload.kept_dataset": "Käytössä ovat edelleen aineiston palveluntarjoajat.",
        "upload.accepted": "Tiedosto {name} hyväksyttiin: {n} palveluntarjoajaa.",
        "upload.warnings": "Huomautuksia (tiedosto on silti käytössä):",
        "upload.remove": "Poista oma tiedosto käytöstä",
        # s11ui: previews of a large upload
        "upload.map_sample": "Kartalla {shown} satunnaisesti valittua pistettä {n} pisteestä.",
        "upload.table_head": "Taulukossa {shown} ensimmäistä riviä {n} rivistä.",
    },
    "sv": {
        "app.title": "Digistödets täckning",
        "app.caption": "Planering av digistödets servicenät för regionala koordinatorer",
        "app.language": "Kieli · Språk · Language",
        # --- i18n14: Streamlit's own widget texts (en = Streamlit's; ui/widget_text.py) ---
        "stw.drop_file": "Dra och släpp en fil här",
        "stw.drop_files": "Dra och släpp filer här",
        "stw.upload": "Välj fil",
        "stw.add_files": "Lägg till filer",
        "stw.per_file": "högst {size} per fil",
        "stw.too_large": "Filen får vara högst {size}.",
        "stw.not_allowed": "Filtypen är inte tillåten: {type}.",
        "stw.too_small": "Filen är för liten.",
        "stw.only_one": "Endast en fil åt gången.",
        "stw.unexpected": "Oväntat fel. Försök igen.",
        "stw.retry": "Försök ladda upp igen",
        "stw.remove": "Ta bort {name}",
        "stw.choose_option": "Välj ett alternativ",
        "stw.choose_options": "Välj alternativ",
        "stw.no_options": "Inga alternativ att välja",
        "stw.no_results": "Inga träffar",
        "stw.select_all": "Välj alla",
        "stw.select_matches": "Välj {n} träffar",
        "stw.clear_all": "Rensa alla",
        "stw.clear_value": "Rensa",
        "stw.open": "Öppna",
        "stw.search": "Sök",
        "stw.download_csv": "Ladda ner som CSV",
        "stw.show_hide_columns": "Visa eller dölj kolumner",
        "stw.fullscreen": "Helskärm",
        "stw.close_fullscreen": "Stäng helskärm",
        "stw.results": "{n} träffar",
        "stw.result": "{n} träff",
        "stw.results_nth": "{i} av {n} träffar",
        "stw.result_nth": "{i} av {n} träff",
        "stw.over_1000": "över 1000",
        "stw.nth_over_1000": "{i} av över 1000",
        "stw.close_search": "Stäng sökningen",
        "stw.previous_result": "Föregående träff",
        "stw.next_result": "Nästa träff",
        "stw.sort_ascending": "Sortera stigande",
        "stw.sort_descending": "Sortera fallande",
        "stw.hide_column": "Dölj kolumn",
        "stw.pin_column": "Fäst kolumn",
        "stw.unpin_column": "Lossa kolumn",
        "stw.autosize": "Anpassa bredd",
        "stw.format": "Formatering",
        "stw.copy_column_name": "Kopiera kolumnnamnet",
        "stw.running": "Beräknar…",
        "stw.stop": "Stoppa",
        "stw.rerun": "Kör igen",
        "stw.connecting": "Ansluter",
        "stw.please_wait": "Vänta…",
        "stw.page_not_found": "Sidan hittades inte",
        "stw.page_missing": "Sidan du bad om finns inte. Appens startsida visas.",
        "stw.press_enter": "Tryck Enter för att tillämpa",
        "stw.press_enter_form": "Tryck Enter för att skicka",
        "stw.collapse_sidebar": "Dölj sidofältet",
        "stw.expand_sidebar": "Visa sidofältet",
        "stw.main_menu": "Huvudmeny",
        "stw.print": "Skriv ut",
        "stw.settings": "Inställningar",
        "stw.about": "Om",
        "stw.clear_cache": "Töm cacheminnet",
        "stw.copy_to_clipboard": "Kopiera till urklipp",
        "stw.skip_to_main": "Hoppa till huvudinnehållet",
        "stw.choose_date": "Välj datum",
        "stw.previous_month": "Föregående månad",
        "stw.next_month": "Nästa månad",
        "stw.decrement": "Minska",
        "stw.increment": "Öka",
        "stw.index_column": "(radnummer)",
        "table.hidden_columns":
            "Kolumner som inte ryms på skärmen ({n}) är dolda: {names}. Visa dem med "
            "tabellens ögonknapp; nedladdningarna har alla kolumner.",
        # --- end i18n14 ---
        "nav.overview": "Lägesbild",
        "nav.analysis": "Analys",
        "nav.planning": "Planering",
        "nav.data": "Uppgifter",
        "page.yleiskuva": "Översikt",
        "page.aineisto": "Datamaterial",
        # --- Rekisteri: provider register and saved scenarios (branch st15) ---
        "page.rekisteri": "Register",
        "reg.title": "Register över stödgivare och sparade scenarier",
        "reg.intro": "Områdets stödgivare sparas varaktigt: importera en fil, redigera i "
                     "tabellen, lägg till med koordinater eller avsluta. Varje ändring bevaras "
                     "(när, vem, vad, före → efter). Spara en analys som scenario och jämför "
                     "två: skillnader per område, skillnadskarta och gemensam export.",
        "reg.store_info": "Arbetsyta: {store} · version {revision} · användare {user}",
        "reg.store_error": "Arbetsytan kan inte öppnas: {error}",
        "reg.conflict": "Ändringen sparades inte: {message}",
        "reg.denied": "Ingen behörighet: {message}",
        "reg.tab_register": "Register",
        "reg.tab_add": "Lägg till eller avsluta",
        "reg.tab_history": "Ändringshistorik",
        "reg.tab_scenarios": "Scenarier och jämförelse",
        "reg.tab_trend": "Utveckling",
        "reg.import": "Importera en fil till registret",
        "reg.import_help": "Samma kontroll som på sidan Datamaterial. Dessutom läses kolumnerna "
                           "öppettider, bemannade_tider, kanaler, giltig_från, giltig_till och "
                           "källa. Poster som redan finns (samma namn inom 50 meter) läggs inte "
                           "till igen.",
        "reg.import_file": "Fil med stödgivare",
        "reg.import_go": "Importera",
        "reg.imported": "{added} stödgivare tillagda (version {revision}); redan i registret "
                        "{skipped}.",
        "reg.show_retired": "Visa även avslutade",
        "reg.empty": "Registret är tomt.",
        "reg.save_edits": "Spara ändringarna ({n} rader)",
        "reg.saved_edits": "{n} ändringar sparade.",
        "reg.col.provider_id": "Id",
        "reg.col.name": "Namn",
        "reg.col.provider_type": "Typ",
        "reg.col.kunta_code": "Kommun",
        "reg.col.address": "Adress",
        "reg.col.opening_hours": "Öppettider",
        "reg.col.staffed_hours": "Handledningstider",
        "reg.col.channels": "Kanaler",
        "reg.col.languages": "Språk",
        "reg.col.capacity_h_week": "Timmar per vecka",
        "reg.col.valid_from": "Giltig från",
        "reg.col.valid_to": "Giltig till",
        "reg.col.version": "Version",
        "reg.add": "Lägg till stödgivare",
        "reg.lat": "Latitud (WGS84)",
        "reg.lon": "Longitud (WGS84)",
        "reg.add_go": "Lägg till i registret",
        "reg.added": "{id} tillagd (kommun {kunta}).",
        "reg.retire": "Avsluta",
        "reg.retire_which": "Stödgivare",
        "reg.retire_on": "Giltigheten upphör (tomt = i dag)",
        "reg.retire_go": "Avsluta",
        "reg.retired": "{name} avslutad; den finns kvar i historiken.",
        "reg.hist.revision": "Version",
        "reg.hist.at": "Tid (UTC)",
        "reg.hist.actor": "Vem",
        "reg.hist.action": "Åtgärd",
        "reg.hist.note": "Anmärkning",
        "reg.hist.provider_id": "Id",
        "reg.hist.name": "Namn",
        "reg.hist.changes": "Ändring (före → efter)",
        "reg.rejected": "Ändringar som inte sparades på grund av konflikt ({n})",
        "reg.no_scenarios": "Inga sparade scenarier.",
        "reg.save_scenario": "Spara scenario",
        "reg.save_scenario_help": "Sparar inställningarna i sidofältet, källan till stödgivarna "
                                  "och registrets version, datamaterialets id och en "
                                  "sammanfattning av resultaten.",
        "reg.scenario_name": "Scenariots namn",
        "reg.source": "Stödgivare",
        "reg.source_dataset": "Datamaterial",
        "reg.source_register": "Register",
        "reg.source_both": "Båda",
        "reg.save_go": "Spara",
        "reg.saved_scenario": "Scenariot {name} sparat.",
        "reg.compare": "Före och efter",
        "reg.cmp_a": "Före (A)",
        "reg.cmp_b": "Efter (B)",
        "reg.by": "Indelning",
        "reg.compare_go": "Beräkna jämförelsen",
        "reg.computing": "Beräknar …",
        "reg.compare_summary": "**{b}** jämfört med **{a}**: {gained} invånare kommer inom "
                               "tröskeln, {lost} hamnar utanför; förändring av täckta invånare "
                               "totalt {delta}.",
        "reg.map_legend": "Förändring av täckta invånare (B − A)",
        "reg.map_cells": "Rutor (1 km)",
        "reg.map_gain": "blir täckta ({n})",
        "reg.map_loss": "förlorar täckning ({n})",
        "reg.map_cell": "{people} invånare",
        "reg.export_zip": "Ladda ner jämförelsen (zip: GeoPackage, CSV, körlogg)",
        "reg.manage": "Byt namn på eller radera scenario · körlogg",
        "reg.new_name": "Nytt namn",
        "reg.rename": "Byt namn",
        "reg.delete": "Radera scenariot",
        "reg.trend_help": "Täckning per område varje dag registret ändrades: datamaterialets "
                          "och registrets stödgivare så som registret kände dem den dagen (10 "
                          "km, standardinställningar).",
        "reg.trend_go": "Beräkna utvecklingen",
        "reg.trend_axis": "Andel täckta",
        "reg.on_date": "Registrets datum",
        "reg.providers": "Stödgivare",
        "reg.coverage_share": "Andel invånare täckta",
        "reg.need_share": "Andel av behovet täckt",
        "reg.pick_on_map": "Välj plats på kartan",
        "reg.pick_help": "Klicka på kartan: latitud och longitud fylls i formuläret nedan.",
        "reg.use_in_analyses": "Stödgivare i alla analyser",
        "reg.use_in_analyses_help": "Materialets, registrets (giltiga i dag) eller bådas "
                                    "stödgivare; en egen uppladdad fil (Datamaterial) går före.",
        "providers.register_register": "Tjänsteleverantörer: registret ({n} leverantörer).",
        "providers.register_both": "Tjänsteleverantörer: materialet och registret ({n} från "
                                   "registret), totalt {total}.",
        "reg.trend_latest": "Senaste dag {date}: i hela landet {share} av invånarna inom tröskeln.",
        "dataset.missing": "Arbetsmaterialet har inte sammanställts ännu ({path}).",
        "dataset.missing_fix": "Sammanställ det med `python -m coverage sync` och ladda om sidan.",
        # s11data: a dataset that is there but not whole
        "dataset.damaged": "Arbetsmaterialet ({path}) är ofullständigt eller ändrat: {layer} "
                           "stämmer inte med materialets förteckning, så det används inte.",
        "dataset.damaged_fix": "Sammanställ det på nytt med `python -m coverage sync` och ladda "
                               "om sidan.",
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
        "fig.pop_75plus_help": "Uppskattning för 31.12.2024: postnummerområdenas åldersgrupper "
                               "(Statistikcentralen, Paavo, 31.12.2017) har åldrats sju år med en "
                               "livslängdstabell och anpassats till kommunernas officiella antal "
                               "personer som fyllt 65 år (mer på sidan Datamaterial).",
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
        "page.aukot": "Luckor",
        "page.koordinaatiomallit": "Koordineringsmodeller",
        "page.suunnittelu": "Planering",
        "division.country": "Hela landet",
        "division.kunta": "Kommuner",
        "division.maakunta": "Landskap",
        "division.avi": "Regionförvaltningsverk (RFV)",
        "division.maistraatti": "Magistrater (2018)",
        "division.hyvinvointialue": "Välfärdsområden",
        "division.elinvoimakeskus": "Livskraftscentraler (2026)",
        "division.ely": "NTM-centraler",
        "division.seutukunta": "Ekonomiska regioner",
        # --- ar14: the user's own area ("Oma alue") ---
        "area.title": "Eget område",
        "area.level": "Områdesnivå",
        "area.level_set": "Valda kommuner",
        "area.unit": "Område",
        "area.kunnat": "Kommuner",
        "area.kunnat_placeholder": "Välj kommuner",
        "area.unit_placeholder": "Välj område",
        "area.help": "Sidornas siffror, kartor och tabeller avgränsas till detta område. Länken "
                     "i adressfältet öppnar samma vy.",
        "area.caption": "Område: {name} ({n} kommuner)",
        "area.whole_country": "Hela landet",
        "col.national_rank": "Placering i hela landet",
        "col.area_rank": "Placering i området",
        # --- branch y14: Yleiskuva and Koordinaatiomallit with the area; options at a glance ---
        "overview.intro_area": "Områdets befolkning och aktörerna som ger digistöd. Siffrorna är "
                               "kommunernas befolkningsuppgifter {date}; antalet personer som "
                               "fyllt 75 år är en uppskattning. Resten av landet är grått på "
                               "kartan.",
        "fig.need": "Stödbehövande",
        "fig.need_help": "Uppskattat antal personer som behöver digistöd i områdets 1 km-rutor "
                         "(behovsmodell och nivåer: analyssidornas inställningar).",
        "overview.reach_note": "Räckvidd med analyssidornas inställningar (Luckor, "
                               "Koordineringsmodeller, Planering): {settings}",
        "overview.area_table": "Områdets kommuner: {metric}",
        "overview.rank_area": "Plats",
        "overview.rank_country": "I hela landet",
        "overview.area_table_note": "Placering 1 = största värdet; placeringen i hela landet "
                                    "bland {n} kommuner.",
        "options.area_legend": "Enheter som området hör till ({name})",
        "options.area_title": "Enheter som området hör till: {name}",
        "options.area_note": "Jämförelsen är nationell: modellernas siffror och poäng gäller "
                             "hela landet. På kartorna är de enheter som området ({name}) hör "
                             "till inramade.",
        "options.area_more": "och {n} till",
        "col.area_units": "Områdets enheter",
        "col.mainland_pop_min": "Befolkning, minsta enheten på fast\u00adlandet",
        "options.chart_axis": "Poäng och andel förstaplatser (0–1)",
        "options.same_coverage": "Täckningen är densamma i alla modeller (indelningen ändrar "
                                 "inte närmaste leverantör): {pct} av befolkningen och {need_pct} "
                                 "av de stödbehövande inom räckhåll.",
        "col.suggested_place": "Föreslagen plats",
        "col.suggested_need": "Förslaget når (personer)",
        "map.context": "Bakgrundslager",
        "map.context_roads": "Huvudvägar",
        "map.context_borders": "Kommungränser",
        "map.context_towns": "Tätorter",
        "legend.suggested": "Föreslagen ny stödpunkt",
        "map.suggested_tooltip": "Förslag för täckningsluckan {rank}: {place}, når {need} "
                                 "personer i behov av stöd",
        # --- end ar14 ---
        "col.severity": "Allvarlighet",
        "severity.error": "fel",
        "severity.warning": "varning",
        "severity.note": "anmärkning",
        "providers.dataset": "Tjänsteleverantörer: materialets {n} leverantörer.",
        "providers.upload_add": "Tjänsteleverantörer: materialet och egen fil {name} ({n} "
                                "leverantörer), sammanlagt {total}.",
        "providers.upload_replace": "Tjänsteleverantörer: endast egen fil {name} ({n} "
                                    "leverantörer; {total} används).",
        "sc.title": "Analysens inställningar",
        "sc.threshold": "Avståndsgräns",
        "sc.threshold_help": "Stöd finns till hands om närmaste leverantör ligger högst så här "
                             "långt bort (uppskattat vägavstånd).",
        "sc.circuity": "Vägfaktor",
        "sc.circuity_help": "Vägavstånd / fågelvägen. 1,00 = fågelvägen; 1,30 är ett vanligt "
                            "planeringsvärde.",
        "sc.types": "Typ av leverantör",
        "sc.auta": "AUTA-del",
        "sc.flags": "Tjänster som krävs",
        "sc.flags_help": "Endast leverantörer som har alla valda tjänster tas med (t.ex. "
                         "digistöd).",
        "sc.languages": "Servicespråk",
        "sc.approximate": "Även ungefärliga platser",
        "sc.approximate_help": "Leverantörer vars plats endast är kommunens centrum eller "
                               "enligt överenskommelse.",
        "sc.levels": "Stödbehov (NIVÅ)",
        "sc.levels_help": "AUTA-modellens nivåer: 2 använder men behöver stöd, 3 använder inte "
                          "och behöver stöd, 4 kan inte använda.",
        "sc.bands": "Åldersgrupper",
        "sc.mainland": "Endast Fastlandsfinland",
        "sc.mainland_help": "Lämnar Åland utanför: landskapet ordnar sin service själv.",
        "sc.all": "alla",
        "sc.none_required": "inget krav",
        "sc.caption": "Avståndsgräns {km}, vägfaktor {circuity}; {scope}; {providers} "
                      "leverantörer i analysen. {source}",
        "sc.mode": "Mått på tillgänglighet",
        "sc.mode_help": "Fågelvägen × vägfaktor: avstånd i kilometer. Körtid: minuter med bil "
                        "på datamaterialets vägnät (Lantmäteriverkets översiktskarta 1:1 milj.; "
                        "hastigheter efter vägklass, högst 50 km/h i tätorter). Gång: minuter till "
                        "fots, fågelvägen × vägfaktor i gånghastighet.",
        "sc.mode_straight": "Fågelvägen",
        "sc.mode_drive": "Körtid",
        "sc.threshold_min": "Körtidsgräns",
        "sc.threshold_min_help": "Stöd finns till hands om man med bil når närmaste leverantör "
                                 "inom högst så här lång tid.",
        "sc.circuity_leg_help": "I körtidsläget: faktorn för fågelvägen mellan rutan eller "
                                "leverantören och närmaste väg (körs i 30 km/h).",
        "sc.caption_drive": "Körtidsgräns {minutes} med bil på vägnätet, vägfaktor {circuity} "
                            "på sträckorna till vägen; {scope}; {providers} leverantörer i "
                            "analysen. {source}",
        "sc.no_roads": "Datamaterialet saknar vägnät, så körtider kan inte beräknas; "
                       "fågelvägen används. ({reason})",
        "spinner.roads": "Läser in vägnätet…",
        "fig.median_min": "Mediankörtid",
        "fig.median_min_help": "Hälften av invånarna når närmaste leverantör med bil på kortare "
                               "tid än så här.",
        "fig.p90_min": "Körtid, 90 % av invånarna",
        "fig.p90_min_help": "90 % av invånarna når närmaste leverantör med bil på kortare tid "
                            "än så här.",
        "metric.median_min": "Mediankörtid",
        "legend.median_min": "Mediankörtid (min)",
        "legend.gaps_min": "Luckor (över {minutes} min)",
        "col.median_min": "Mediankörtid",
        "col.p90_min": "Körtid, 90 %",
        "col.mean_need_min": "Stödbehövandes medelkörtid",
        "col.min_drive": "Kortaste körtid",
        "col.mean_drive": "Medelkörtid",
        "col.max_drive": "Längsta körtid",
        "map.gap_tooltip_min": "{rank}. {place} ({municipality})\nBehövande {need}, invånare "
                               "{population}\nMedelkörtid {minutes} min",
        "gaps.map_caption_drive": "Lucka: en bebodd ruta på 1 km varifrån körtiden till "
                                  "närmaste leverantör överskrider gränsen; angränsande rutor "
                                  "bildar ett område, och områdena rangordnas efter antalet "
                                  "stödbehövande. Vägar: Lantmäteriverkets översiktskarta "
                                  "1:1 milj.; befolkning: Statistikcentralen.",
        "metric.seat_time": "Körtid till säte",
        "col.need_seat_min": "Behövandes körtid till säte",
        "col.median_seat_min": "Mediankörtid till säte",
        # --- r12core: walking (minutes on foot) ---
        "sc.mode_walk": "Gång",
        "sc.threshold_walk": "Gångtidsgräns",
        "sc.threshold_walk_help": "Stöd finns till hands om man till fots når närmaste "
                                  "leverantör på högst så här lång tid.",
        "sc.walk_speed": "Gånghastighet",
        "sc.walk_speed_help": "Standard 3,4 km/h: medelgånghastigheten för kvinnor i åldern "
                              "80–99 år (94,3 cm/s; Bohannon & Williams Andrews 2011, "
                              "metaanalys av 41 studier).",
        "sc.circuity_walk_help": "Gångväg / fågelvägen: hur mycket kurvor och omvägar "
                                 "gångvägen har.",
        "sc.caption_walk": "Gångtidsgräns {minutes} med hastigheten {speed}, vägfaktor "
                           "{circuity}; {scope}; {providers} leverantörer i analysen. {source}",
        "fig.median_walk": "Mediangångtid",
        "fig.median_walk_help": "Hälften av invånarna når närmaste leverantör till fots på "
                                "kortare tid än så här.",
        "fig.p90_walk": "Gångtid, 90 % av invånarna",
        "fig.p90_walk_help": "90 % av invånarna når närmaste leverantör till fots på kortare "
                             "tid än så här.",
        "metric.median_walk": "Mediangångtid",
        "legend.median_walk": "Mediangångtid (min)",
        "legend.gaps_walk": "Luckor (över {minutes} min till fots)",
        "col.median_walk": "Mediangångtid",
        "col.p90_walk": "Gångtid, 90 %",
        "col.mean_need_walk": "Stödbehövandes medelgångtid",
        "col.min_walk": "Kortaste gångtid",
        "col.mean_walk": "Medelgångtid",
        "col.max_walk": "Längsta gångtid",
        "map.gap_tooltip_walk": "{rank}. {place} ({municipality})\nBehövande {need}, invånare "
                                "{population}\nMedelgångtid {minutes} min",
        "gaps.map_caption_walk": "Lucka: en bebodd ruta på 1 km varifrån gångtiden till "
                                 "närmaste leverantör överskrider gränsen (fågelvägen × "
                                 "vägfaktor i gånghastighet); angränsande rutor bildar ett "
                                 "område. Befolkning: Statistikcentralen.",
        "metric.seat_walk": "Gångtid till sätet",
        "col.need_seat_walk": "Behövandes gångtid till säte",
        "col.median_seat_walk": "Mediangångtid till säte",
        "col.coverage2_share": "Två leverantörer inom räckhåll",
        "scope.whole": "hela landet (Åland som egen enhet)",
        "scope.mainland": "endast Fastlandsfinland (utan Åland)",
        "auta.A": "A – personlig rådgivning",
        "auta.B": "B – stöd och utbildning",
        "language.fi": "finska",
        "language.sv": "svenska",
        "language.en": "engelska",
        "language.se": "samiska",
        "language.ru": "ryska",
        "taso.2": "NIVÅ 2 – använder, behöver stöd",
        "taso.3": "NIVÅ 3 – använder inte, behöver stöd",
        "taso.4": "NIVÅ 4 – kan inte använda",
        "band.15_64": "15–64-åringar",
        "band.65_74": "65–74-åringar",
        "band.75plus": "personer som fyllt 75 år",
        # n13need: need model presets, 75+ estimate, Åland
        "sc.need_model": "Behovsmodell",
        "sc.need_model_help": "Med vilka andelar av åldersgrupperna behovet av digitalt stöd "
                              "uppskattas: grundmaterialets siffror (2017) eller senare officiella "
                              "enkäter (Statistikcentralen, DVV). Härledning och källor: "
                              "coverage/defaults.py.",
        "need_model.seed2017": "Grund 2017 (FM:s AUTA-modell)",
        "need_model.surveys2023": "Enkäter 2018–2023 (Statistikcentralen, DMDV)",
        "need.presets_title": "Behovsmodeller: hur mycket behovet ändras",
        "need.presets_intro": "Behovet av digitalt stöd ({levels}) med båda behovsmodellerna: hela "
                              "landet och landskapen. Vald modell: {model}.",
        "need.col_unit": "Område",
        "need.country": "Hela landet",
        "sc.caption_need_model": "; behovsmodell {model}",
        "need.col_change": "Förändring",
        "need.age75_title": "Hur antalet personer som fyllt 75 år har uppskattats",
        "need.age75_method": "Befolkningsrutorna har inga personer som fyllt 75 år. Uppskattning "
                             "för 31.12.2024: postnummerområdenas femårsgrupper 31.12.2017 "
                             "(Statistikcentralen, Paavo) har åldrats sju år med dödstalen i en "
                             "livslängdstabell (Human Mortality Database, Finland 2024, från "
                             "Statistikcentralens data); dödlighetsnivån har anpassats så att de "
                             "åldrade personerna som fyllt 65 år är lika många som officiellt "
                             "31.12.2024 (faktor {factor}). Områdets andel 75+/65+ multipliceras "
                             "med rutans personer som fyllt 65 år, anpassade till kommunens "
                             "officiella antal. Hela landet {n75} ({share} av dem som fyllt "
                             "65 år).",
        "need.aland_note": "Åland är en egen enhet i alla indelningar; i indelningar vars nyckel "
                           "för det till ett fastlandsområde ({divisions}) har det avskilts som "
                           "egen enhet (AX).",
        "spinner.prepare": "Beräknar avstånd till närmaste leverantörer…",
        "spinner.gaps": "Söker luckor…",
        "spinner.compare": "Jämför koordineringsmodeller…",
        "spinner.report": "Gör rapporten (kartor, tabeller)…",
        "spinner.plan": "Väljer nya serviceställen…",
        "spinner.before_after": "Beräknar täckningen före och efter…",
        "spinner.home": "Beräknar hembesökens räckvidd…",
        "download.table": "Ladda ner {fmt}",
        "unit.h_week": "{h} h/v",
        "col.unit_code": "Kod",
        "col.unit": "Område",
        "col.name": "Namn",
        "col.need": "Stödbehövande",
        "col.pop_65plus": "Fyllt 65 år",
        "col.coverage_share": "Andel av befolkningen inom räckhåll",
        "col.need_coverage_share": "Andel av stödbehövande inom räckhåll",
        "col.coverage_share_65plus": "65+ inom räckhåll",
        "col.uncovered_need": "Stödbehövande utanför räckhåll",
        "col.median_km": "Medianavstånd",
        "col.p90_km": "Avstånd, 90 %",
        "col.mean_need_km": "Stödbehövandes medelavstånd",
        "col.e2sfca": "Stödtimmar / 1 000 behövande (E2SFCA)",
        "col.rank": "Nr",
        "col.place": "Ort",
        "col.municipality": "Kommun",
        "col.region": "Landskap",
        "col.cells": "Rutor (1 km²)",
        "col.min_km": "Minsta avstånd",
        "col.mean_km": "Medelavstånd",
        "col.max_km": "Längsta avstånd",
        "col.option": "Modell",
        "col.units": "Enheter",
        "col.pop_per_unit_min": "Befolkning, minsta enheten",
        "col.pop_per_unit_max": "Befolkning, största enheten",
        "col.need_seat_km": "Behövandes avstånd till säte",
        "col.median_seat_km": "Medianavstånd till säte",
        "col.theil_between": "Ojämlikhet mellan enheter (Theil)",
        "col.theil_within": "Ojämlikhet inom enheter (Theil)",
        "col.theil_unit": "Ojämlikhet inom enheten (Theil)",
        "col.cross_border": "Närmaste stöd i annan enhet",
        "col.score": "Poäng",
        "col.rank_first_share": "Bäst av viktningarna",
        "col.mean_rank": "Genomsnittlig plats",
        "col.seat": "Säte",
        "col.municipalities": "Kommuner",
        "col.area_km2": "Areal (km²)",
        "col.providers": "Leverantörer",
        "col.site": "Nytt serviceställe",
        "col.kind": "Kandidat",
        "col.added_need": "Nya behövande inom räckhåll",
        "col.added_population": "Nya invånare inom räckhåll",
        "col.cum_need_share": "Andel behövande inom räckhåll (kumulativ)",
        "col.new_sites": "Nya ställen",
        "col.need_share_before": "Behövande, före",
        "col.need_share_after": "Behövande, efter",
        "col.share_before": "Befolkning, före",
        "col.share_after": "Befolkning, efter",
        "col.median_before": "Medianavstånd, före",
        "col.median_after": "Medianavstånd, efter",
        "col.hs_demand": "Behövande av hembesök",
        "col.hs_served": "Betjänade",
        "col.hs_served_share": "Andel betjänade",
        "col.hs_unserved": "Obetjänade",
        "col.hs_out_of_reach": "…varav utom räckhåll",
        "col.hs_capacity_short": "…varav tiden räcker inte",
        "col.hs_reachable": "Klienter inom räckhåll",
        "col.base": "Bas",
        "col.staff_hours": "Arbetstimmar / vecka",
        "col.staff_hours_used_week": "Använda timmar / vecka",
        "col.utilisation": "Utnyttjandegrad",
        "col.mean_minutes": "Medelresa (min, enkel väg)",
        "col.kunta_code": "Kommunkod",
        "col.address": "Adress",
        "col.languages": "Språk",
        "col.capacity": "Timmar / vecka",
        "fig.coverage_share": "Befolkning inom räckhåll",
        "fig.coverage_share_help": "Andelen av befolkningen vars närmaste leverantör ligger "
                                   "inom avståndsgränsen.",
        "fig.need_coverage_share": "Stödbehövande inom räckhåll",
        "fig.need_coverage_share_help": "Samma för de stödbehövande (behovsmodell: "
                                        "AUTA-modellens siffror per åldersgrupp).",
        "fig.coverage_share_65plus": "65+ inom räckhåll",
        "fig.median_km": "Medianavstånd",
        "fig.median_km_help": "Hälften av invånarna har närmaste leverantör närmare än så här "
                              "(uppskattat vägavstånd).",
        "fig.p90_km": "Avstånd, 90 % av invånarna",
        "fig.p90_km_help": "90 % av invånarna har närmaste leverantör närmare än så här.",
        "fig.uncovered_need": "Behövande utom räckhåll",
        "fig.uncovered_need_help": "Stödbehövande som inte har någon leverantör inom "
                                   "avståndsgränsen.",
        "fig.gap_areas": "{n} luckområden",
        "gaps.title": "Täckning och luckor",
        "gaps.division": "Områdesindelning",
        "gaps.panel_title": "Valt område",
        "gaps.click_hint": "Klicka på ett område på kartan för att se dess siffror här.",
        "gaps.top_title": "De {n} största luckorna",
        "gaps.units_tab": "Per område: {division}",
        "gaps.gaps_tab": "Luckor ({n})",
        "gaps.whole_municipality": "kommun",
        "gaps.table_note": "De {shown} största av {n} luckor visas; nedladdningarna innehåller "
                           "alla.",
        "gaps.map_caption": "Lucka: en bebodd ruta på 1 km vars närmaste leverantör ligger "
                            "längre bort än avståndsgränsen; angränsande rutor bildar ett "
                            "område, och områdena är ordnade efter antalet stödbehövande. "
                            "Befolkning: Statistikcentralen; rutor: Eurostat/Statistikcentralen "
                            "2021.",
        "gaps.e2sfca_note": "E2SFCA: leverantörernas stödtimmar per vecka fördelade på de "
                            "stödbehövande inom räckhåll (viktat efter avstånd).",
        "map.unit_tooltip": "Befolkning {population}; behövande {need}",
        "map.gap_tooltip": "{rank}. {place} ({municipality})\nBehövande {need}, invånare "
                           "{population}\nMedelavstånd {km} km",
        "metric.coverage_share": "Befolkningstäckning",
        "metric.need_coverage_share": "Täckning av behövande",
        "metric.coverage_share_65plus": "Täckning 65+",
        "metric.median_km": "Medianavstånd",
        "metric.seat_distance": "Avstånd till säte",
        "metric.cross_border": "Närmaste stöd i annan enhet",
        "metric.e2sfca": "Stödtimmar / 1 000 behövande",
        "legend.coverage_share": "Befolkning inom räckhåll (%)",
        "legend.need_coverage_share": "Behövande inom räckhåll (%)",
        "legend.coverage_share_65plus": "65+ inom räckhåll (%)",
        "legend.median_km": "Medianavstånd (km)",
        "legend.gaps": "Luckor (över {km} km)",
        "legend.gap_cells": "lucka (ruta 1 km²)",
        "legend.top_gaps": "{n} största luckor",
        "legend.seats": "Säten",
        "legend.need_after": "Behövande inom räckhåll med de nya ställena (%)",
        "legend.new_sites": "nytt serviceställe och dess räckvidd",
        "legend.plan": "Nya serviceställen",
        "legend.unserved": "Obetjänade hembesöksklienter",
        "legend.bases": "bas och dess körområde",
        "legend.home": "Hemstöd",
        "options.title": "Koordineringsmodeller",
        "options.intro": "Vilken regional nivå borde koordinera digistödet? Varje modell delar "
                         "in kommunerna i enheter med ett säte (koordinatorns placering). "
                         "Kartorna har samma färgskala, så modellerna kan jämföras.",
        "options.maps_caption": "De mörka punkterna är enheternas säten (visas inte i "
                                "kommunmodellen). Åland är en egen enhet i alla modeller.",
        "options.seat_tooltip": "Säte: {seat}\n{unit}",
        "options.detail": "Modell i detalj (enheter och rapport)",
        "options.detail_title": "Enheter: {option}",
        "options.weights_title": "Vikter och känslighet",
        "options.weights_intro": "Poängen är ett viktat medeltal av kriterierna (0–1, 1 = "
                                 "bäst). Standardvikterna räknar hur många av AUTA-modellens "
                                 "styrkor eller svagheter kriteriet gäller. Känslighet: hur "
                                 "ofta modellen är bäst när varje vikt varieras slumpmässigt.",
        "options.spread": "Viktvariation",
        "options.spread_help": "Varje vikt multipliceras med ett slumptal i intervallet 1 ± "
                               "variation (1 000 dragningar).",
        "options.best": "Bäst med dessa vikter: {option} (poäng {score}). Den är bäst i {share} "
                        "av dragningarna när vikterna varierar ±{spread} ({draws} dragningar).",
        "options.table_title": "Modellerna sida vid sida",
        "options.table_note": "Ojämlikhet: Theils index för de behövandes tillgänglighet "
                              "({closeness}), uppdelat i en del mellan och en del inom enheterna. "
                              "Nedladdningen har alla kolumner.",
        "options.chart_title": "Poäng och känslighet",
        "options.measure": "Mått",
        "options.value": "Värde",
        "options.report_title": "Rapport",
        "options.report_make": "Gör rapport: {option}",
        "options.report_download": "Ladda ner rapporten (zip)",
        "options.report_note": "Rapporten: en HTML-sida med kartor samt tabeller i CSV- och "
                               "XLSX-format (samma som kommandot `python -m coverage report`), "
                               "med nuvarande inställningar och vikter.",
        "criterion.units": "Få enheter",
        "criterion.units_help": "Få enheter att styra (standardvikt {default}).",
        "criterion.seat_distance": "Lokalkännedom",
        "criterion.seat_distance_help": "Sätet nära de stödbehövande (standardvikt {default}).",
        "criterion.size": "Tillräcklig storlek",
        "criterion.size_help": "Befolkningen i den minsta enheten på fastlandet (standardvikt "
                               "{default}).",
        "criterion.equal_access": "Likvärdighet",
        "criterion.equal_access_help": "Liten ojämlikhet mellan enheterna (standardvikt "
                                       "{default}).",
        "criterion.cross_border": "Få gränsöverskridanden",
        "criterion.cross_border_help": "Litet behov vars närmaste stöd finns i en annan enhet "
                                       "(standardvikt {default}).",
        # n13rank: why the options rank as they do (coverage.ranking)
        "options.clear_winner": "Klar vinnare med dessa vikter: {option} (poäng {score}). Den är "
                                "bäst i {share} av dragningarna när vikterna varierar ±{spread} "
                                "({draws} dragningar); en klar vinnare kräver minst {needed}.",
        "options.no_clear_winner": "Ingen klar vinnare med dessa vikter. Högst poäng får {option} "
                                   "({score}), men den är bäst i bara {share} av dragningarna när "
                                   "vikterna varierar ±{spread} ({draws} dragningar); en klar "
                                   "vinnare kräver minst {needed}. Toppen ({leading}) ligger inom "
                                   "vikternas osäkerhet.",
        "options.weights_default": "Vikter: standardvikterna – {weights}.",
        "options.weights_user": "Vikter: dina egna vikter, inte standardvikterna – {weights}.",
        "options.why_title": "Varför denna ordning? Skillnader, brytpunkter och andra viktningar",
        "options.why_pair": "**{leader}** ligger {diff} poäng före **{other}**. {leader} är "
                            "bättre: {pro}. {other} är bättre: {con}.",
        "options.tipping_title": "Brytpunkter",
        "options.tipping_intro": "Den vikt där parets ordning vänder när de andra vikterna hålls "
                                 "oförändrade (vikter 0–{max}). Kriterier som saknas i tabellen "
                                 "vänder inte paret inom detta intervall.",
        "options.no_tipping": "Ingen enskild vikt mellan 0 och {max} vänder ordningen mellan "
                              "toppmodellerna.",
        "options.tip_lower": "sjunker under: {other} går förbi",
        "options.tip_higher": "stiger över: {other} går förbi",
        "options.sets_title": "Ordningen med andra viktningar",
        "options.sets_intro": "I ”först”-viktningarna får ett kriterium vikten 4 och de andra 1. "
                              "Vikterna i ordning: {order}.",
        "options.dominance_none": "Dominans: ingen modell är minst lika bra som en annan på alla "
                                  "viktade kriterier, så ordningen beror på vikterna.",
        "options.dominance_some": "Dominerade modeller (en annan modell är minst lika bra på alla "
                                  "viktade kriterier, så de kan inte bli bäst med några vikter): "
                                  "{list}.",
        "col.pair": "Par",
        "col.criterion": "Kriterium",
        "col.weight_now": "Vikt nu",
        "col.tipping_weight": "Brytpunkt",
        "col.tipping_when": "Ordningen vänder när vikten",
        "col.weight_set": "Viktning",
        "col.weights": "Vikter",
        "col.first": "Bäst",
        "col.leading_ranks": "Toppmodellernas placeringar",
        "wset.default": "Standardvikter",
        "wset.user": "Dina vikter",
        "wset.equal": "Alla kriterier lika viktiga",
        "wset.few_units_first": "Få enheter först",
        "wset.local_knowledge_first": "Lokalkännedom först",
        "wset.size_first": "Tillräcklig storlek först",
        "wset.equal_access_first": "Likvärdighet först",
        "plan.title": "Planering",
        "plan.section": "Uppgift",
        "plan.section_sites": "Nya serviceställen",
        "plan.section_home": "Hemstöd",
        "plan.intro": "Välj k nya serviceställen bland kandidaterna så att så många "
                      "stödbehövande utanför räckhåll som möjligt får stöd inom avståndsgränsen "
                      "(maximal täckning). De nuvarande leverantörerna finns kvar.",
        "plan.k": "Nya ställen (k)",
        "plan.kinds": "Kandidater",
        "plan.kinds_help": "Bibliotek utan digistöd, kommunernas förvaltningscentrum (LMV) och "
                           "tätorter (SYKE).",
        "plan.solver": "Metod",
        "plan.solver_help": "Girig: snabb, minst 63 % av det bästa. Girig + byten: förbättrar "
                            "det giriga resultatet. Exakt: heltalsoptimering (HiGHS), stannar "
                            "efter {seconds} sekunder.",
        "solver.greedy": "girig",
        "solver.greedy-swap": "girig + byten",
        "solver.exact": "exakt",
        "plan.limits": "Gränser per område",
        "plan.limit_division": "Indelning för gränser",
        "plan.no_limits": "inga gränser",
        "plan.max_per_unit": "Högst / område (0 = ingen gräns)",
        "plan.max_help": "Till exempel 1 = högst ett nytt ställe per landskap.",
        "plan.min_per_unit": "Minst / område",
        "plan.no_kinds": "Välj minst en kandidatgrupp.",
        "plan.notes": "Beräkningens anmärkningar: {notes}",
        "plan.division": "Indelning för före och efter",
        "plan.need_after": "Behövande inom räckhåll",
        "plan.pop_after": "Befolkning inom räckhåll",
        "plan.pp": "+{pp} %-enh.",
        "plan.before": "Före: {value}",
        "plan.added_need": "Nya behövande inom räckhåll",
        "plan.sites": "Valda ställen",
        "plan.solver_info": "{solver}: {seconds} s, {candidates} kandidater. {proven}",
        "plan.optimal": "Bevisat bästa lösning.",
        "plan.sites_title": "Valda ställen",
        "plan.before_after_title": "Täckning före och efter: {division}",
        "plan.unit_tooltip": "Före {before}; nya ställen {sites}",
        "plan.site_tooltip": "{rank}. {name} ({municipality})\n{kind}\nNya behövande inom "
                             "räckhåll {need}",
        "kind.libraries": "bibliotek utan digistöd",
        "kind.centres": "kommuncentrum",
        "kind.settlements": "tätorter",
        "kind.library": "bibliotek",
        "kind.centre": "kommuncentrum",
        "kind.settlement": "tätort",
        "kind.file": "egen punkt",
        "hs.intro": "Hemstöd (t.ex. Helsingfors försök Luokse, besök på 45 minuter): från "
                    "baserna kör man hem till klienterna. Klienterna är som standard de "
                    "stödbehövande som inte har någon leverantör inom avståndsgränsen.",
        "hs.source": "Baser",
        "hs.source_centres": "kommuncentrum",
        "hs.source_file": "egen fil",
        "hs.region": "Landskap",
        "hs.kunnat": "Baser i kommuncentrum",
        "hs.all_centres": "områdets alla kommuner",
        "hs.file": "Fil med baser (CSV)",
        "hs.file_help": "Kolumner: name och x, y (ETRS-TM35FIN) eller lat, lon; valfri "
                        "staff_hours_week.",
        "hs.file_missing": "Ladda upp en fil med baser, eller välj kommuncentrum som baser.",
        "hs.file_in_use": "Används: {name} ({n} baser).",
        "hs.staff_hours": "Arbetstimmar / bas",
        "hs.staff_hours_help": "Per vecka; 37,5 h = en heltidsanställd. Filens egna timmar går "
                               "före.",
        "hs.visit_minutes": "Besökets längd",
        "hs.visit_minutes_help": "Standard 45 min (försöket Luokse).",
        "hs.speed": "Körhastighet",
        "hs.budget": "Restid högst (enkel väg)",
        "hs.budget_help": "Basen når klienter som man kör till snabbare än så här.",
        "hs.visits": "Besök / klient / mån",
        "hs.use_share": "Klienter som andel av behövande",
        "hs.use_share_help": "Av: klienterna är de behövande utanför räckhåll. På: klienterna "
                             "är en vald andel av NIVÅ 3–4 överallt.",
        "hs.share": "Andel av NIVÅ 3–4",
        "hs.fig_demand": "Behövande av hembesök i området",
        "hs.fig_demand_help": "Beräknat antal personer (behovsmodell).",
        "hs.fig_served": "Betjänade",
        "hs.fig_served_share": "Andel betjänade",
        "hs.fig_unserved": "Obetjänade",
        "hs.fig_unserved_help": "Utom räckhåll {reach}; basernas tid räcker inte {capacity}.",
        "hs.fig_staff": "Arbetstid som används",
        "hs.fig_staff_value": "{used} / {total} h/v används",
        "hs.unit_tooltip": "Behövande {demand}; betjänade {share}",
        "hs.base_tooltip": "{name}\n{hours} h/v; betjänade {served}",
        "hs.bases_title": "Baser",
        "hs.units_title": "Per kommun",
        # r12plan: planning and home support in every reach mode
        "plan.map_caption_straight": "Cirkel: det nya ställets räckvidd ({km} km fågelvägen = "
                                     "avståndsgräns / vägfaktor); skuggade rutor kommer inom "
                                     "gränsen med de nya ställena. Områdenas färg: behövande "
                                     "inom räckhåll med de nya ställena.",
        "plan.map_caption_drive": "Skuggade rutor: bebodda 1 km-rutor varifrån man kör längs "
                                  "vägnätet till ett nytt ställe på högst {minutes} min. "
                                  "Vägnätets räckvidd är ingen cirkel, så ingen cirkel ritas. "
                                  "Områdenas färg: behövande inom räckhåll med de nya "
                                  "ställena.",
        "plan.map_caption_walk": "Cirkel: det nya ställets gångområde på {minutes} minuter "
                                 "({km} km fågelvägen = gångsträcka / vägfaktor); skuggade "
                                 "rutor kommer inom gångtidsgränsen med de nya ställena. "
                                 "Områdenas färg: behövande inom räckhåll med de nya ställena.",
        "legend.new_cells": "rutor inom räckhåll med de nya ställena",
        "legend.new_site": "nytt serviceställe",
        "hs.map_caption_straight": "Cirkel: körområde på {minutes} minuter (cirka {km} km "
                                   "fågelvägen). Kommunernas färg: obetjänade klienter.",
        "hs.map_caption_drive": "Från baserna körs längs vägnätet, högst {minutes} min i en "
                                "riktning; vägnätets räckvidd är ingen cirkel, så ingen cirkel "
                                "ritas. Kommunernas färg: obetjänade klienter.",
        "hs.map_caption_walk": "Cirkel: gångområde på {minutes} minuter (cirka {km} km "
                               "fågelvägen). Kommunernas färg: obetjänade klienter.",
        # plan14: why the sites went where they did, at least one per region, hours per week
        "plan.at_least_one": "Minst ett nytt ställe i varje område",
        "plan.at_least_one_none": "inget villkor",
        "plan.at_least_one_help": "Varje område i den valda indelningen som har otäckt behov "
                                  "(behövande utanför avståndsgränsen) inom ditt område får "
                                  "minst ett nytt ställe; resten placeras där de når flest.",
        "plan.limits_ignored": "Gränserna per område används inte: de gäller en annan indelning "
                               "än villkoret om minst ett ställe.",
        "plan.rule_cost": "Minst ett ställe per område ({division}): {added} nya behövande inom "
                          "räckhåll; utan villkoret {free}. Villkoret kostar {cost} ({share}).",
        "plan.why_title": "Varför ställena hamnade här: {division}",
        "plan.why_caption": "Otäckt före = behövande utanför avståndsgränsen före de nya "
                            "ställena. Nås = de av dem som de nya ställena når. Bästa enskilda "
                            "ställe = det mesta otäckta behov som en kandidat i området skulle nå "
                            "ensam; ett område blir utan ställe när ställen på annat håll når "
                            "fler.",
        "col.site_place": "Kommun, landskap",
        "col.unmet_before": "Otäckt före",
        "col.unmet_reached": "Nås",
        "col.unmet_reached_share": "Andel av otäckt",
        "col.best_single_site": "Bästa enskilda ställe",
        "hs.visits_value": "{month} / mån ≈ {week} / v",
        "hs.visits_help": "En månad har i medeltal 52/12 ≈ {weeks} veckor. Besöken räknas per "
                          "vecka, liksom arbetstimmarna.",
        "hs.fig_staff_help": "Besök {served} / v; behovet av besök {demand} / v.",
        "upload.title": "Egen fil med tjänsteleverantörer",
        "upload.intro": "Ladda upp en egen lista över stödpunkter (CSV, XLSX, GeoJSON eller "
                        "GeoPackage): namn, typ och plats (lat, lon eller x, y ETRS-TM35FIN), "
                        "valfritt adress, kapacitet (h/v), språk, kommunkod och tjänster "
                        "(svc_digituki…). En godkänd fil används på alla sidor under denna "
                        "session.",
        "upload.mode": "Användning",
        "upload.mode_add": "lägg till materialets leverantörer",
        "upload.mode_replace": "ersätt materialets leverantörer",
        "upload.template": "Ladda ner mall (CSV)",
        "upload.file": "Fil med leverantörer",
        "upload.file_help": "Raderna numreras som i ett kalkylprogram: rubriken är rad 1.",
        "upload.refused": "Filen kan inte användas. Rätta dessa punkter och ladda upp den igen:",
        "upload.kept": "Den tidigare godkända filen {name} används fortfarande.",
        "upload.kept_dataset": "Materialets leverantörer används fortfarande.",
        "upload.accepted": "Filen {name} godkändes: {n} leverantörer.",
        "upload.warnings": "Anmärkningar (filen används ändå):",
        "upload.remove": "Sluta använda den egna filen",
        # s11ui: previews of a large upload
        "upload.map_sample": "Kartan visar {shown} slumpvis valda av {n} punkter.",
        "upload.table_head": "Tabellen visar de första {shown} av {n} raderna.",
    },
    "en": {
        "app.title": "Digital support coverage",
        "app.caption": "Planning the digital-support network for regional coordinators",
        "app.language": "Kieli · Språk · Language",
        # --- i18n14: Streamlit's own widget texts (en = Streamlit's; ui/widget_text.py) ---
        "stw.drop_file": "Drag and drop a file here",
        "stw.drop_files": "Drag and drop files here",
        "stw.upload": "Upload",
        "stw.add_files": "Add files",
        "stw.per_file": "{size} per file",
        "stw.too_large": "File must be {size} or smaller.",
        "stw.not_allowed": "{type} files are not allowed.",
        "stw.too_small": "File size is too small.",
        "stw.only_one": "Only one file is allowed.",
        "stw.unexpected": "Unexpected error. Please try again.",
        "stw.retry": "Click to retry upload",
        "stw.remove": "Remove {name}",
        "stw.choose_option": "Choose an option",
        "stw.choose_options": "Choose options",
        "stw.no_options": "No options to select",
        "stw.no_results": "No results",
        "stw.select_all": "Select all",
        "stw.select_matches": "Select {n} matches",
        "stw.clear_all": "Clear all",
        "stw.clear_value": "Clear value",
        "stw.open": "Open",
        "stw.search": "Search",
        "stw.download_csv": "Download as CSV",
        "stw.show_hide_columns": "Show/hide columns",
        "stw.fullscreen": "Fullscreen",
        "stw.close_fullscreen": "Close fullscreen",
        "stw.results": "{n} results",
        "stw.result": "{n} result",
        "stw.results_nth": "{i} of {n} results",
        "stw.result_nth": "{i} of {n} result",
        "stw.over_1000": "over 1000",
        "stw.nth_over_1000": "{i} of over 1000",
        "stw.close_search": "Close Search",
        "stw.previous_result": "Previous Result",
        "stw.next_result": "Next Result",
        "stw.sort_ascending": "Sort ascending",
        "stw.sort_descending": "Sort descending",
        "stw.hide_column": "Hide column",
        "stw.pin_column": "Pin column",
        "stw.unpin_column": "Unpin column",
        "stw.autosize": "Autosize",
        "stw.format": "Format",
        "stw.copy_column_name": "Copy column name",
        "stw.running": "Running...",
        "stw.stop": "Stop",
        "stw.rerun": "Rerun",
        "stw.connecting": "Connecting",
        "stw.please_wait": "Please wait...",
        "stw.page_not_found": "Page not found",
        "stw.page_missing":
            "The page that you have requested does not seem to exist. Running the app's main page.",
        "stw.press_enter": "Press Enter to apply",
        "stw.press_enter_form": "Press Enter to submit form",
        "stw.collapse_sidebar": "Collapse sidebar",
        "stw.expand_sidebar": "Expand sidebar",
        "stw.main_menu": "Main menu",
        "stw.print": "Print",
        "stw.settings": "Settings",
        "stw.about": "About",
        "stw.clear_cache": "Clear cache",
        "stw.copy_to_clipboard": "Copy to clipboard",
        "stw.skip_to_main": "Skip to main content",
        "stw.choose_date": "Choose date",
        "stw.previous_month": "Previous month",
        "stw.next_month": "Next month",
        "stw.decrement": "Decrement",
        "stw.increment": "Increment",
        "stw.index_column": "(index)",
        "table.hidden_columns":
            "Columns that do not fit the screen ({n}) are hidden: {names}. Show them "
            "with the table's eye button; the downloads have every column.",
        # --- end i18n14 ---
        "nav.overview": "Situation",
        "nav.analysis": "Analysis",
        "nav.planning": "Planning",
        "nav.data": "Data",
        "page.yleiskuva": "Overview",
        "page.aineisto": "Data",
        # --- Rekisteri: provider register and saved scenarios (branch st15) ---
        "page.rekisteri": "Register",
        "reg.title": "Provider register and saved scenarios",
        "reg.intro": "Your area's providers, kept for good: import a file, edit in the table, "
                     "add by coordinates or retire. Every change is kept (when, who, what, "
                     "before → after). Save an analysis as a scenario and compare two: "
                     "differences per area, a difference map and one export.",
        "reg.store_info": "Workspace: {store} · revision {revision} · user {user}",
        "reg.store_error": "The workspace cannot be opened: {error}",
        "reg.conflict": "Not saved: {message}",
        "reg.denied": "Not allowed: {message}",
        "reg.tab_register": "Register",
        "reg.tab_add": "Add or retire",
        "reg.tab_history": "History",
        "reg.tab_scenarios": "Scenarios and comparison",
        "reg.tab_trend": "Over time",
        "reg.import": "Import a file into the register",
        "reg.import_help": "The same checks as on the Data page. The columns opening_hours, "
                           "staffed_hours, channels, valid_from, valid_to and source are read "
                           "too. Entries already in the register (same name within 50 metres) "
                           "are not added again.",
        "reg.import_file": "Provider file",
        "reg.import_go": "Import",
        "reg.imported": "Added {added} providers (revision {revision}); already in the register "
                        "{skipped}.",
        "reg.show_retired": "Also show retired providers",
        "reg.empty": "The register is empty.",
        "reg.save_edits": "Save the changes ({n} rows)",
        "reg.saved_edits": "Saved {n} changes.",
        "reg.col.provider_id": "Id",
        "reg.col.name": "Name",
        "reg.col.provider_type": "Type",
        "reg.col.kunta_code": "Municipality",
        "reg.col.address": "Address",
        "reg.col.opening_hours": "Opening hours",
        "reg.col.staffed_hours": "Staffed hours",
        "reg.col.channels": "Channels",
        "reg.col.languages": "Languages",
        "reg.col.capacity_h_week": "Hours per week",
        "reg.col.valid_from": "Valid from",
        "reg.col.valid_to": "Valid to",
        "reg.col.version": "Version",
        "reg.add": "Add a provider",
        "reg.lat": "Latitude (WGS84)",
        "reg.lon": "Longitude (WGS84)",
        "reg.add_go": "Add to the register",
        "reg.added": "Added {id} (municipality {kunta}).",
        "reg.retire": "Retire",
        "reg.retire_which": "Provider",
        "reg.retire_on": "Validity ends (empty = today)",
        "reg.retire_go": "Retire",
        "reg.retired": "{name} retired; it stays in the history.",
        "reg.hist.revision": "Revision",
        "reg.hist.at": "Time (UTC)",
        "reg.hist.actor": "Who",
        "reg.hist.action": "Action",
        "reg.hist.note": "Note",
        "reg.hist.provider_id": "Id",
        "reg.hist.name": "Name",
        "reg.hist.changes": "Change (before → after)",
        "reg.rejected": "Changes not saved because of a conflict ({n})",
        "reg.no_scenarios": "No saved scenarios.",
        "reg.save_scenario": "Save a scenario",
        "reg.save_scenario_help": "Saves the sidebar's settings, where the providers come from "
                                  "and the register's revision, the dataset's id and a summary "
                                  "of the results.",
        "reg.scenario_name": "Scenario name",
        "reg.source": "Providers",
        "reg.source_dataset": "Dataset",
        "reg.source_register": "Register",
        "reg.source_both": "Both",
        "reg.save_go": "Save",
        "reg.saved_scenario": "Scenario {name} saved.",
        "reg.compare": "Before and after",
        "reg.cmp_a": "Before (A)",
        "reg.cmp_b": "After (B)",
        "reg.by": "Division",
        "reg.compare_go": "Compute the comparison",
        "reg.computing": "Computing …",
        "reg.compare_summary": "**{b}** against **{a}**: {gained} people come within the "
                               "threshold, {lost} fall outside it; change in people covered in "
                               "all {delta}.",
        "reg.map_legend": "Change in people covered (B − A)",
        "reg.map_cells": "Cells (1 km)",
        "reg.map_gain": "gain coverage ({n})",
        "reg.map_loss": "lose coverage ({n})",
        "reg.map_cell": "{people} people",
        "reg.export_zip": "Download the comparison (zip: GeoPackage, CSV, run log)",
        "reg.manage": "Rename or delete a scenario · run log",
        "reg.new_name": "New name",
        "reg.rename": "Rename",
        "reg.delete": "Delete the scenario",
        "reg.trend_help": "Coverage per area on every day the register changed: the dataset's "
                          "and the register's providers as the register knew them that day (10 "
                          "km, default settings).",
        "reg.trend_go": "Compute the trend",
        "reg.trend_axis": "Share covered",
        "reg.on_date": "Register date",
        "reg.providers": "Providers",
        "reg.coverage_share": "People covered",
        "reg.need_share": "Need covered",
        "reg.pick_on_map": "Pick the place on the map",
        "reg.pick_help": "Click the map: the latitude and longitude fill in the form below.",
        "reg.use_in_analyses": "Providers in every analysis",
        "reg.use_in_analyses_help": "The dataset's, the register's (valid today) or both; "
                                    "your own uploaded file (Data page) comes first.",
        "providers.register_register": "Providers: the register ({n} providers).",
        "providers.register_both": "Providers: the dataset plus the register ({n} from the "
                                   "register), {total} in all.",
        "reg.trend_latest": "Latest day {date}: nationwide {share} of people within the threshold.",
        "dataset.missing": "The working dataset has not been built yet ({path}).",
        "dataset.missing_fix": "Build it with `python -m coverage sync` and reload the page.",
        # s11data: a dataset that is there but not whole
        "dataset.damaged": "The working dataset ({path}) is incomplete or altered: {layer} does "
                           "not match the dataset's manifest, so the dataset is not used.",
        "dataset.damaged_fix": "Rebuild it with `python -m coverage sync` and reload the page.",
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
        "fig.pop_75plus_help": "Estimate for 31.12.2024: the postal areas' age groups "
                               "(Statistics Finland, Paavo, 31.12.2017) aged seven years with a "
                               "life table and fitted to each municipality's official 65+ "
                               "(details on the Data page).",
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
        "page.aukot": "Gaps",
        "page.koordinaatiomallit": "Coordination models",
        "page.suunnittelu": "Planning",
        "division.country": "Whole country",
        "division.kunta": "Municipalities",
        "division.maakunta": "Regions (maakunnat)",
        "division.avi": "Regional State Administrative Agencies (AVI)",
        "division.maistraatti": "Register offices (maistraatit, 2018)",
        "division.hyvinvointialue": "Wellbeing services counties",
        "division.elinvoimakeskus": "Vitality centres (elinvoimakeskukset, 2026)",
        "division.ely": "ELY centres",
        "division.seutukunta": "Sub-regions (seutukunnat)",
        # --- ar14: the user's own area ("Oma alue") ---
        "area.title": "Your area",
        "area.level": "Area level",
        "area.level_set": "Chosen municipalities",
        "area.unit": "Area",
        "area.kunnat": "Municipalities",
        "area.kunnat_placeholder": "Choose municipalities",
        "area.unit_placeholder": "Choose an area",
        "area.help": "The pages' figures, maps and tables are limited to this area. The link in "
                     "the address bar opens the same view.",
        "area.caption": "Area: {name} ({n} municipalities)",
        "area.whole_country": "Whole country",
        "col.national_rank": "National rank",
        "col.area_rank": "Rank in area",
        # --- branch y14: Yleiskuva and Koordinaatiomallit with the area; options at a glance ---
        "overview.intro_area": "The area's population and digital-support providers. Figures "
                               "are the municipalities' population data {date}; the number "
                               "aged 75+ is an estimate. The rest of the country is grey on "
                               "the map.",
        "fig.need": "People needing support",
        "fig.need_help": "Estimated number of people needing digital support in the area's "
                         "1 km cells (need model and levels: the analysis pages' settings).",
        "overview.reach_note": "Reach at the analysis pages' settings (Gaps, Coordination "
                               "models, Planning): {settings}",
        "overview.area_table": "The area's municipalities: {metric}",
        "overview.rank_area": "Rank",
        "overview.rank_country": "In Finland",
        "overview.area_table_note": "Rank 1 = the largest value; national rank among {n} "
                                    "municipalities.",
        "options.area_legend": "Units the area lies in ({name})",
        "options.area_title": "Units the area lies in: {name}",
        "options.area_note": "The comparison is national: the options' figures and scores are "
                             "for the whole country. The maps outline the units the area ({name}) "
                             "lies in.",
        "options.area_more": "and {n} more",
        "col.area_units": "The area's units",
        "col.mainland_pop_min": "Population, smallest mainland unit",
        "options.chart_axis": "Score and share of first places (0–1)",
        "options.same_coverage": "Coverage is the same in every option (the division does not "
                                 "change the nearest provider): {pct} of residents and "
                                 "{need_pct} of people in need are within reach.",
        "col.suggested_place": "Suggested site",
        "col.suggested_need": "Suggestion reaches (people)",
        "map.context": "Context layers",
        "map.context_roads": "Main roads",
        "map.context_borders": "Municipal borders",
        "map.context_towns": "Towns",
        "legend.suggested": "Suggested new support point",
        "map.suggested_tooltip": "Suggestion for gap area {rank}: {place}, reaches {need} "
                                 "people in need of support",
        # --- end ar14 ---
        "col.severity": "Severity",
        "severity.error": "error",
        "severity.warning": "warning",
        "severity.note": "note",
        "providers.dataset": "Providers: the dataset's {n} providers.",
        "providers.upload_add": "Providers: the dataset plus your file {name} ({n} providers), "
                                "{total} in all.",
        "providers.upload_replace": "Providers: only your file {name} ({n} providers; {total} "
                                    "in use).",
        "sc.title": "Analysis settings",
        "sc.threshold": "Distance threshold",
        "sc.threshold_help": "Support counts as within reach when the nearest provider is at "
                             "most this far (estimated road distance).",
        "sc.circuity": "Circuity",
        "sc.circuity_help": "Road distance / straight line. 1.00 = straight line; 1.30 is a "
                            "common planning value.",
        "sc.types": "Provider type",
        "sc.auta": "AUTA part",
        "sc.flags": "Required services",
        "sc.flags_help": "Only providers offering every chosen service count (e.g. digital "
                         "support).",
        "sc.languages": "Service language",
        "sc.approximate": "Include approximate locations",
        "sc.approximate_help": "Providers whose point is only a town centre or 'by arrangement'.",
        "sc.levels": "Need for support (level)",
        "sc.levels_help": "AUTA model levels: 2 uses but needs support, 3 does not use and "
                          "needs support, 4 cannot use.",
        "sc.bands": "Age groups",
        "sc.mainland": "Mainland Finland only",
        "sc.mainland_help": "Leaves Åland out: it organises its own services.",
        "sc.all": "all",
        "sc.none_required": "none required",
        "sc.caption": "Threshold {km}, circuity {circuity}; {scope}; {providers} providers in "
                      "the analysis. {source}",
        "sc.mode": "Measure of reach",
        "sc.mode_help": "Straight line × circuity: distance in kilometres. Drive time: minutes "
                        "by car on the dataset's road network (NLS General Map roads 1:1M; "
                        "speeds by road class, at most 50 km/h in built-up areas). Walking: "
                        "minutes on foot, straight line × circuity at the walking speed.",
        "sc.mode_straight": "Straight line",
        "sc.mode_drive": "Drive time",
        "sc.threshold_min": "Drive-time threshold",
        "sc.threshold_min_help": "Support counts as within reach when the nearest provider is "
                                 "at most this many minutes away by car.",
        "sc.circuity_leg_help": "In drive-time mode: the circuity of the leg between a cell or "
                                "provider and the nearest road (driven at 30 km/h).",
        "sc.caption_drive": "Drive-time threshold {minutes} by car on the road network, "
                            "circuity {circuity} on the legs to the road; {scope}; {providers} "
                            "providers in the analysis. {source}",
        "sc.no_roads": "The dataset has no road network, so drive times cannot be computed; "
                       "using straight-line distance. ({reason})",
        "spinner.roads": "Loading the road network…",
        "fig.median_min": "Median drive time",
        "fig.median_min_help": "Half of the residents reach their nearest provider by car "
                               "in less than this.",
        "fig.p90_min": "Drive time, 90% of residents",
        "fig.p90_min_help": "90% of residents reach their nearest provider by car in less "
                            "than this.",
        "metric.median_min": "Median drive time",
        "legend.median_min": "Median drive time (min)",
        "legend.gaps_min": "Gaps (beyond {minutes} min)",
        "col.median_min": "Median drive time",
        "col.p90_min": "Drive time, 90th percentile",
        "col.mean_need_min": "Mean drive time of people in need",
        "col.min_drive": "Shortest drive time",
        "col.mean_drive": "Mean drive time",
        "col.max_drive": "Longest drive time",
        "map.gap_tooltip_min": "{rank}. {place} ({municipality})\nIn need {need}, residents "
                               "{population}\nMean drive time {minutes} min",
        "gaps.map_caption_drive": "Gap: a populated 1 km cell from which the drive to the "
                                  "nearest provider takes longer than the threshold; adjacent "
                                  "cells form an area, and areas are ranked by the number of "
                                  "people needing support. Roads: NLS General Map 1:1M; "
                                  "population: Statistics Finland.",
        "metric.seat_time": "Drive time to the seat",
        "col.need_seat_min": "Drive time of people in need to the seat",
        "col.median_seat_min": "Median drive time to the seat",
        # --- r12core: walking (minutes on foot) ---
        "sc.mode_walk": "Walking",
        "sc.threshold_walk": "Walking-time threshold",
        "sc.threshold_walk_help": "Support counts as within reach when the nearest provider is "
                                  "at most this many minutes away on foot.",
        "sc.walk_speed": "Walking speed",
        "sc.walk_speed_help": "Default 3.4 km/h: the mean walking speed of women aged 80-99 "
                              "(94.3 cm/s; Bohannon & Williams Andrews 2011, a meta-analysis "
                              "of 41 studies).",
        "sc.circuity_walk_help": "Walking route / straight line: how much the way on foot "
                                 "bends and detours.",
        "sc.caption_walk": "Walking-time threshold {minutes} at {speed}, circuity {circuity}; "
                           "{scope}; {providers} providers in the analysis. {source}",
        "fig.median_walk": "Median walking time",
        "fig.median_walk_help": "Half of the residents reach their nearest provider on foot "
                                "in less than this.",
        "fig.p90_walk": "Walking time, 90% of residents",
        "fig.p90_walk_help": "90% of residents reach their nearest provider on foot in less "
                             "than this.",
        "metric.median_walk": "Median walking time",
        "legend.median_walk": "Median walking time (min)",
        "legend.gaps_walk": "Gaps (beyond {minutes} min on foot)",
        "col.median_walk": "Median walking time",
        "col.p90_walk": "Walking time, 90th percentile",
        "col.mean_need_walk": "Mean walking time of people in need",
        "col.min_walk": "Shortest walking time",
        "col.mean_walk": "Mean walking time",
        "col.max_walk": "Longest walking time",
        "map.gap_tooltip_walk": "{rank}. {place} ({municipality})\nIn need {need}, residents "
                                "{population}\nMean walking time {minutes} min",
        "gaps.map_caption_walk": "Gap: a populated 1 km cell from which the walk to the nearest "
                                 "provider takes longer than the threshold (straight line × "
                                 "circuity at the walking speed); adjacent cells form an area. "
                                 "Population: Statistics Finland.",
        "metric.seat_walk": "Walking time to the seat",
        "col.need_seat_walk": "Walking time of people in need to the seat",
        "col.median_seat_walk": "Median walking time to the seat",
        "col.coverage2_share": "Two providers within reach",
        "scope.whole": "whole country (Åland as a unit of its own)",
        "scope.mainland": "mainland Finland only (Åland left out)",
        "auta.A": "A – personal advice",
        "auta.B": "B – support and training",
        "language.fi": "Finnish",
        "language.sv": "Swedish",
        "language.en": "English",
        "language.se": "Sámi",
        "language.ru": "Russian",
        "taso.2": "Level 2 – uses, needs support",
        "taso.3": "Level 3 – does not use, needs support",
        "taso.4": "Level 4 – cannot use",
        "band.15_64": "aged 15–64",
        "band.65_74": "aged 65–74",
        "band.75plus": "aged 75+",
        # n13need: need model presets, 75+ estimate, Åland
        "sc.need_model": "Need model",
        "sc.need_model_help": "Which shares of each age group are taken to need digital support: "
                              "the seed's figures (2017) or later official surveys (Statistics "
                              "Finland, DVV). Derivations and sources: coverage/defaults.py.",
        "need_model.seed2017": "Seed 2017 (VM AUTA model)",
        "need_model.surveys2023": "Surveys 2018–2023 (Statistics Finland, DVV)",
        "need.presets_title": "Need models: how much the need changes",
        "need.presets_intro": "People needing digital support ({levels}) under each need model: "
                              "the whole country and the regions. Chosen model: {model}.",
        "need.col_unit": "Area",
        "need.country": "Whole country",
        "sc.caption_need_model": "; need model {model}",
        "need.col_change": "Change",
        "need.age75_title": "How the number aged 75+ is estimated",
        "need.age75_method": "The population grid has no 75+ group. Estimate for 31.12.2024: the "
                             "postal areas' five-year age groups of 31.12.2017 (Statistics "
                             "Finland, Paavo) aged seven years with the death rates of a life "
                             "table (Human Mortality Database, Finland 2024, from Statistics "
                             "Finland's data); the table's mortality level is fitted so that the "
                             "aged 65+ equal the official 65+ of 31.12.2024 (factor {factor}). An "
                             "area's 75+/65+ share multiplies the cell's 65+, which is fitted to "
                             "the municipality's official figure. Whole country {n75} ({share} of "
                             "those aged 65+).",
        "need.aland_note": "Åland is a unit of its own in every division; where a key puts it "
                           "with a mainland unit ({divisions}) it is split off as unit AX.",
        "spinner.prepare": "Computing distances to the nearest providers…",
        "spinner.gaps": "Finding gap areas…",
        "spinner.compare": "Comparing coordination models…",
        "spinner.report": "Making the report (maps, tables)…",
        "spinner.plan": "Choosing new sites…",
        "spinner.before_after": "Computing coverage before and after…",
        "spinner.home": "Computing what home visits reach…",
        "download.table": "Download {fmt}",
        "unit.h_week": "{h} h/week",
        "col.unit_code": "Code",
        "col.unit": "Unit",
        "col.name": "Name",
        "col.need": "People needing support",
        "col.pop_65plus": "Aged 65+",
        "col.coverage_share": "Population covered",
        "col.need_coverage_share": "Need covered",
        "col.coverage_share_65plus": "Aged 65+ covered",
        "col.uncovered_need": "People in need not covered",
        "col.median_km": "Median distance",
        "col.p90_km": "Distance, 90th percentile",
        "col.mean_need_km": "Mean distance of people in need",
        "col.e2sfca": "Support hours / 1,000 in need (E2SFCA)",
        "col.rank": "Rank",
        "col.place": "Place",
        "col.municipality": "Municipality",
        "col.region": "Region",
        "col.cells": "Cells (1 km²)",
        "col.min_km": "Nearest distance",
        "col.mean_km": "Mean distance",
        "col.max_km": "Longest distance",
        "col.option": "Option",
        "col.units": "Units",
        "col.pop_per_unit_min": "Population, smallest unit",
        "col.pop_per_unit_max": "Population, largest unit",
        "col.need_seat_km": "Distance of people in need to the seat",
        "col.median_seat_km": "Median distance to the seat",
        "col.theil_between": "Inequality between units (Theil)",
        "col.theil_within": "Inequality within units (Theil)",
        "col.theil_unit": "Inequality within the unit (Theil)",
        "col.cross_border": "Nearest support in another unit",
        "col.score": "Score",
        "col.rank_first_share": "Ranks first",
        "col.mean_rank": "Mean rank",
        "col.seat": "Seat",
        "col.municipalities": "Municipalities",
        "col.area_km2": "Area (km²)",
        "col.providers": "Providers",
        "col.site": "New site",
        "col.kind": "Candidate",
        "col.added_need": "People in need newly covered",
        "col.added_population": "Residents newly covered",
        "col.cum_need_share": "Need covered (cumulative)",
        "col.new_sites": "New sites",
        "col.need_share_before": "Need covered, before",
        "col.need_share_after": "Need covered, after",
        "col.share_before": "Population covered, before",
        "col.share_after": "Population covered, after",
        "col.median_before": "Median distance, before",
        "col.median_after": "Median distance, after",
        "col.hs_demand": "Clients needing home visits",
        "col.hs_served": "Served",
        "col.hs_served_share": "Share served",
        "col.hs_unserved": "Unserved",
        "col.hs_out_of_reach": "…of whom out of reach",
        "col.hs_capacity_short": "…of whom capacity short",
        "col.hs_reachable": "Clients within reach",
        "col.base": "Base",
        "col.staff_hours": "Staff hours / week",
        "col.staff_hours_used_week": "Hours used / week",
        "col.utilisation": "Utilisation",
        "col.mean_minutes": "Mean trip (min, one way)",
        "col.kunta_code": "Municipality code",
        "col.address": "Address",
        "col.languages": "Languages",
        "col.capacity": "Hours / week",
        "fig.coverage_share": "Population covered",
        "fig.coverage_share_help": "Share of residents whose nearest provider is within the "
                                   "threshold.",
        "fig.need_coverage_share": "People in need covered",
        "fig.need_coverage_share_help": "The same for people needing support (need model: the "
                                        "AUTA model's figures by age group).",
        "fig.coverage_share_65plus": "Aged 65+ covered",
        "fig.median_km": "Median distance",
        "fig.median_km_help": "Half of the residents have their nearest provider closer than "
                              "this (estimated road distance).",
        "fig.p90_km": "Distance, 90% of residents",
        "fig.p90_km_help": "90% of residents have their nearest provider closer than this.",
        "fig.uncovered_need": "People in need not covered",
        "fig.uncovered_need_help": "People needing support with no provider within the threshold.",
        "fig.gap_areas": "{n} gap areas",
        "gaps.title": "Coverage and gaps",
        "gaps.division": "Division",
        "gaps.panel_title": "Selected unit",
        "gaps.click_hint": "Click a unit on the map to see its figures here.",
        "gaps.top_title": "The {n} largest gap areas",
        "gaps.units_tab": "By unit: {division}",
        "gaps.gaps_tab": "Gap areas ({n})",
        "gaps.whole_municipality": "municipality",
        "gaps.table_note": "Showing the {shown} largest of {n} gap areas; the downloads hold "
                           "them all.",
        "gaps.map_caption": "Gap: a populated 1 km cell whose nearest provider is beyond the "
                            "threshold; adjacent cells form an area, and areas are ranked by "
                            "the number of people needing support. Population: Statistics "
                            "Finland; cells: Eurostat/Statistics Finland 2021.",
        "gaps.e2sfca_note": "E2SFCA: providers' weekly support hours shared among the people in "
                            "need within reach (weighted by distance).",
        "map.unit_tooltip": "Population {population}; in need {need}",
        "map.gap_tooltip": "{rank}. {place} ({municipality})\nIn need {need}, residents "
                           "{population}\nMean distance {km} km",
        "metric.coverage_share": "Population coverage",
        "metric.need_coverage_share": "Need coverage",
        "metric.coverage_share_65plus": "Coverage 65+",
        "metric.median_km": "Median distance",
        "metric.seat_distance": "Distance to the seat",
        "metric.cross_border": "Nearest support elsewhere",
        "metric.e2sfca": "Support hours / 1,000 in need",
        "legend.coverage_share": "Population covered (%)",
        "legend.need_coverage_share": "People in need covered (%)",
        "legend.coverage_share_65plus": "Aged 65+ covered (%)",
        "legend.median_km": "Median distance (km)",
        "legend.gaps": "Gaps (beyond {km} km)",
        "legend.gap_cells": "gap cell (1 km²)",
        "legend.top_gaps": "{n} largest gap areas",
        "legend.seats": "Seats",
        "legend.need_after": "People in need covered with the new sites (%)",
        "legend.new_sites": "new site and its reach",
        "legend.plan": "New sites",
        "legend.unserved": "Unserved home-visit clients",
        "legend.bases": "base and its driving range",
        "legend.home": "Home-delivered support",
        "options.title": "Coordination models",
        "options.intro": "Which regional level should coordinate digital support? Each option "
                         "divides the municipalities into units, each with a seat (the "
                         "coordinator's town). The maps share one colour scale, so the options "
                         "compare.",
        "options.maps_caption": "Dark dots are the units' seats (not shown for municipalities). "
                                "Åland is a unit of its own in every option.",
        "options.seat_tooltip": "Seat: {seat}\n{unit}",
        "options.detail": "Option in detail (units and report)",
        "options.detail_title": "Units: {option}",
        "options.weights_title": "Weights and sensitivity",
        "options.weights_intro": "The score is a weighted mean of the criteria (0–1, 1 = best). "
                                 "The default weights count how many of the AUTA model's "
                                 "strengths or weaknesses speak to each criterion. Sensitivity: "
                                 "how often an option ranks first when every weight is varied "
                                 "at random.",
        "options.spread": "Weight spread",
        "options.spread_help": "Each weight is multiplied by a random factor in 1 ± spread "
                               "(1,000 draws).",
        "options.best": "Best with these weights: {option} (score {score}). It ranks first in "
                        "{share} of draws when the weights vary by ±{spread} ({draws} draws).",
        "options.table_title": "Options side by side",
        "options.table_note": "Inequality: the Theil index of the access of people in need "
                              "({closeness}), split into between- and within-unit parts. The "
                              "download has every column.",
        "options.chart_title": "Score and sensitivity",
        "options.measure": "Measure",
        "options.value": "Value",
        "options.report_title": "Report",
        "options.report_make": "Make the report: {option}",
        "options.report_download": "Download the report (zip)",
        "options.report_note": "The report: an HTML page with maps and the tables as CSV and "
                               "XLSX (as `python -m coverage report` writes it), with the "
                               "current settings and weights.",
        "criterion.units": "Few units",
        "criterion.units_help": "Few units to steer (default weight {default}).",
        "criterion.seat_distance": "Local knowledge",
        "criterion.seat_distance_help": "The seat close to the people in need (default weight "
                                        "{default}).",
        "criterion.size": "Big enough",
        "criterion.size_help": "Population of the smallest mainland unit (default weight "
                               "{default}).",
        "criterion.equal_access": "Equal access",
        "criterion.equal_access_help": "Small inequality between units (default weight {default}).",
        "criterion.cross_border": "Little cross-border need",
        "criterion.cross_border_help": "Little need whose nearest support lies in another unit "
                                       "(default weight {default}).",
        # n13rank: why the options rank as they do (coverage.ranking)
        "options.clear_winner": "Clear winner with these weights: {option} (score {score}). It "
                                "ranks first in {share} of the draws when the weights vary "
                                "±{spread} ({draws} draws); a clear winner needs at least "
                                "{needed}.",
        "options.no_clear_winner": "No clear winner with these weights. {option} has the highest "
                                   "score ({score}) but ranks first in only {share} of the draws "
                                   "when the weights vary ±{spread} ({draws} draws); a clear "
                                   "winner needs at least {needed}. The leading options "
                                   "({leading}) are within the uncertainty of the weights.",
        "options.weights_default": "Weights: the defaults – {weights}.",
        "options.weights_user": "Weights: your own, not the defaults – {weights}.",
        "options.why_title": "Why this order? Differences, tipping points and other weightings",
        "options.why_pair": "**{leader}** leads **{other}** by {diff} points. {leader} is "
                            "better on: {pro}. {other} is better on: {con}.",
        "options.tipping_title": "Tipping points",
        "options.tipping_intro": "The weight at which the pair's order flips, the other weights "
                                 "unchanged (weights 0–{max}). Criteria not in the table do not "
                                 "flip the pair within this range.",
        "options.no_tipping": "No single weight between 0 and {max} flips the order of the "
                              "leading options.",
        "options.tip_lower": "falls below: {other} overtakes",
        "options.tip_higher": "rises above: {other} overtakes",
        "options.sets_title": "The order under other weightings",
        "options.sets_intro": "In the “first” weightings one criterion has weight 4 and the "
                              "others 1. Weights in order: {order}.",
        "options.dominance_none": "Dominance: no option is at least as good as another on every "
                                  "weighted criterion, so the order depends on the weights.",
        "options.dominance_some": "Dominated options (another option is at least as good on every "
                                  "weighted criterion, so no weights can make them best): {list}.",
        "col.pair": "Pair",
        "col.criterion": "Criterion",
        "col.weight_now": "Weight now",
        "col.tipping_weight": "Tipping point",
        "col.tipping_when": "The order flips when the weight",
        "col.weight_set": "Weighting",
        "col.weights": "Weights",
        "col.first": "Best",
        "col.leading_ranks": "Ranks of the leading options",
        "wset.default": "Default weights",
        "wset.user": "Your weights",
        "wset.equal": "All criteria equal",
        "wset.few_units_first": "Few units first",
        "wset.local_knowledge_first": "Local knowledge first",
        "wset.size_first": "Big enough first",
        "wset.equal_access_first": "Equal access first",
        "plan.title": "Planning",
        "plan.section": "Task",
        "plan.section_sites": "New sites",
        "plan.section_home": "Home-delivered support",
        "plan.intro": "Choose k new sites among the candidates so that as many uncovered people "
                      "in need as possible get support within the threshold (maximal covering). "
                      "Existing providers stay.",
        "plan.k": "New sites (k)",
        "plan.kinds": "Candidates",
        "plan.kinds_help": "Libraries without digital support, municipal administrative centres "
                           "(NLS) and urban settlements (SYKE).",
        "plan.solver": "Solver",
        "plan.solver_help": "Greedy: fast, at least 63% of the best. Greedy + swaps: improves "
                            "on greedy. Exact: integer programme (HiGHS), stops after {seconds} "
                            "seconds.",
        "solver.greedy": "greedy",
        "solver.greedy-swap": "greedy + swaps",
        "solver.exact": "exact",
        "plan.limits": "Limits per unit",
        "plan.limit_division": "Division of the limits",
        "plan.no_limits": "no limits",
        "plan.max_per_unit": "At most per unit (0 = no limit)",
        "plan.max_help": "For example 1 = at most one new site in each region.",
        "plan.min_per_unit": "At least per unit",
        "plan.no_kinds": "Choose at least one set of candidates.",
        "plan.notes": "Notes from the calculation: {notes}",
        "plan.division": "Division of the before/after table",
        "plan.need_after": "People in need covered",
        "plan.pop_after": "Population covered",
        "plan.pp": "+{pp} pp",
        "plan.before": "Before: {value}",
        "plan.added_need": "People in need newly covered",
        "plan.sites": "Sites chosen",
        "plan.solver_info": "{solver}: {seconds} s, {candidates} candidates. {proven}",
        "plan.optimal": "Proven optimal.",
        "plan.sites_title": "Chosen sites",
        "plan.before_after_title": "Coverage before and after: {division}",
        "plan.unit_tooltip": "Before {before}; new sites {sites}",
        "plan.site_tooltip": "{rank}. {name} ({municipality})\n{kind}\nPeople in need newly "
                             "covered {need}",
        "kind.libraries": "libraries without digital support",
        "kind.centres": "municipal centres",
        "kind.settlements": "urban settlements",
        "kind.library": "library",
        "kind.centre": "municipal centre",
        "kind.settlement": "settlement",
        "kind.file": "own point",
        "hs.intro": "Home-delivered support (e.g. Helsinki's Luokse trial, 45-minute visits): "
                    "staff drive from bases to the clients. By default the clients are the "
                    "people in need with no provider within the threshold.",
        "hs.source": "Bases",
        "hs.source_centres": "municipal centres",
        "hs.source_file": "own file",
        "hs.region": "Region",
        "hs.kunnat": "Bases at municipal centres",
        "hs.all_centres": "every municipality of the area",
        "hs.file": "File of bases (CSV)",
        "hs.file_help": "Columns: name and x, y (ETRS-TM35FIN) or lat, lon; optional "
                        "staff_hours_week.",
        "hs.file_missing": "Upload a file of bases, or use municipal centres as bases.",
        "hs.file_in_use": "In use: {name} ({n} bases).",
        "hs.staff_hours": "Staff hours per base",
        "hs.staff_hours_help": "Per week; 37.5 h = one full-time employee. Hours given in the "
                               "file take precedence.",
        "hs.visit_minutes": "Visit length",
        "hs.visit_minutes_help": "Default 45 min (the Luokse trial).",
        "hs.speed": "Driving speed",
        "hs.budget": "Travel time at most (one way)",
        "hs.budget_help": "A base reaches the clients it can drive to within this time.",
        "hs.visits": "Visits per client per month",
        "hs.use_share": "Clients as a share of need",
        "hs.use_share_help": "Off: clients are the people in need out of walk-in reach. On: "
                             "clients are a chosen share of level 3–4 need everywhere.",
        "hs.share": "Share of level 3–4 need",
        "hs.fig_demand": "Clients needing visits in the area",
        "hs.fig_demand_help": "Estimated number of people (need model).",
        "hs.fig_served": "Served",
        "hs.fig_served_share": "Share served",
        "hs.fig_unserved": "Unserved",
        "hs.fig_unserved_help": "Out of reach {reach}; bases' hours run out {capacity}.",
        "hs.fig_staff": "Staff time used",
        "hs.fig_staff_value": "{used} / {total} h/week used",
        "hs.unit_tooltip": "Clients {demand}; served {share}",
        "hs.base_tooltip": "{name}\n{hours} h/week; served {served}",
        "hs.bases_title": "Bases",
        "hs.units_title": "By municipality",
        # r12plan: planning and home support in every reach mode
        "plan.map_caption_straight": "Circle: a new site's reach ({km} km straight line = "
                                     "threshold / circuity); shaded cells come within the "
                                     "threshold with the new sites. Unit colour: people in need "
                                     "covered with the new sites.",
        "plan.map_caption_drive": "Shaded cells: populated 1 km cells from which a new site is at "
                                  "most {minutes} min by road. Reach by road is no circle, so "
                                  "none is drawn. Unit colour: people in need covered with the "
                                  "new sites.",
        "plan.map_caption_walk": "Circle: a new site's walking range in {minutes} minutes ({km} km "
                                 "straight line = walking distance / circuity); shaded cells "
                                 "come within the walking threshold with the new sites. Unit "
                                 "colour: people in need covered with the new sites.",
        "legend.new_cells": "cells the new sites bring within reach",
        "legend.new_site": "new site",
        "hs.map_caption_straight": "Circle: driving range in {minutes} minutes (about {km} km "
                                   "straight line). Municipality colour: unserved clients.",
        "hs.map_caption_drive": "Staff drive along the road network, at most {minutes} min one "
                                "way; reach by road is no circle, so none is drawn. "
                                "Municipality colour: unserved clients.",
        "hs.map_caption_walk": "Circle: walking range in {minutes} minutes (about {km} km "
                               "straight line). Municipality colour: unserved clients.",
        # plan14: why the sites went where they did, at least one per region, hours per week
        "plan.at_least_one": "At least one new site in every unit",
        "plan.at_least_one_none": "no rule",
        "plan.at_least_one_help": "Every unit of the chosen division with unmet need (people "
                                  "in need beyond the threshold) within your area gets at least "
                                  "one new site; the rest go where they reach the most.",
        "plan.limits_ignored": "The per-unit limits are not used: they are of another division "
                               "than the at-least-one rule.",
        "plan.rule_cost": "At least one site per unit ({division}): {added} more people in need "
                          "reached; without the rule {free}. The rule costs {cost} ({share}).",
        "plan.why_title": "Why the sites went where they did: {division}",
        "plan.why_caption": "Unmet before = people in need beyond the threshold before the new "
                            "sites. Reached = those of them the new sites reach. Best single "
                            "site = the most unmet need one candidate of the unit would reach on "
                            "its own; a unit gets no site when sites elsewhere reach more.",
        "col.site_place": "Municipality, region",
        "col.unmet_before": "Unmet before",
        "col.unmet_reached": "Reached",
        "col.unmet_reached_share": "Share of unmet",
        "col.best_single_site": "Best single site",
        "hs.visits_value": "{month} / month ≈ {week} / week",
        "hs.visits_help": "A month has 52/12 ≈ {weeks} weeks on average. Visits are counted per "
                          "week, like the staff hours.",
        "hs.fig_staff_help": "Visits {served} / week; visits needed {demand} / week.",
        "upload.title": "Your own provider file",
        "upload.intro": "Upload your own list of support points (CSV, XLSX, GeoJSON or "
                        "GeoPackage): name, type and location (lat, lon or x, y ETRS-TM35FIN), "
                        "optionally address, capacity (h/week), languages, municipality code "
                        "and services (svc_digituki…). An accepted file is used on every page "
                        "for this session.",
        "upload.mode": "Use",
        "upload.mode_add": "add to the dataset's providers",
        "upload.mode_replace": "replace the dataset's providers",
        "upload.template": "Download a template (CSV)",
        "upload.file": "Provider file",
        "upload.file_help": "Rows are numbered as a spreadsheet shows them: the header is row 1.",
        "upload.refused": "The file cannot be used. Fix these and upload it again:",
        "upload.kept": "The file accepted earlier, {name}, is still in use.",
        "upload.kept_dataset": "The dataset's providers are still in use.",
        "upload.accepted": "File {name} accepted: {n} providers.",
        "upload.warnings": "Notes (the file is used all the same):",
        "upload.remove": "Stop using your file",
        # s11ui: previews of a large upload
        "upload.map_sample": "The map shows {shown} randomly chosen of {n} points.",
        "upload.table_head": "The table shows the first {shown} of {n} rows.",
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
