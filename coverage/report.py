# ruff: noqa: RUF001 - Finnish text uses the en dash and the multiplication sign
"""A self-contained comparison report: one HTML page with static maps, plus the tables as CSV/XLSX.

The page works offline (inline CSS, PNG maps embedded as base64, no script at all); every string
that comes from data is escaped with `html.escape`. The report is written into a temporary
directory beside the target and renamed into place, so a reader never sees half a report.

matplotlib is used without pyplot (a `Figure` of its own), so nothing global is touched; openpyxl
is imported by pandas only when the workbook is written.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coverage.area import Area, units_containing
from coverage.compare import (
    ALAND_MAAKUNTA,
    CLOSENESS_SCALE_MIN,
    CRITERIA,
    MINUTE_COLUMNS,
    SCOPE_MAINLAND,
    Comparison,
)
from coverage.defaults import CLEAR_WINNER_MIN_FIRST_SHARE, TIPPING_WEIGHT_MAX, need_model_name
from coverage.errors import InputError, Problem
from coverage.export import table_bytes, workbook_bytes, write_atomic
from coverage.ranking import Ranking, explain_comparison, ranked_options

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.colors import Normalize

    from coverage.data.dataset import Dataset
    from coverage.scenario import Prepared

Progress = Callable[[str, float], None]

MAX_LABELLED_UNITS = 25
"""Seat names are written on the map of an option with at most this many units."""

MARKER = ".digituki-report"
"""File that marks a directory as a report this module wrote (and may therefore replace)."""

OPTION_NAMES_FI: dict[str, str] = {
    "kunta": "Kunnat",
    "maakunta": "Maakunnat",
    "avi": "Aluehallintovirastot (AVI)",
    "maistraatti": "Maistraatit (2018)",
    "hyvinvointialue": "Hyvinvointialueet",
    "elinvoimakeskus": "Elinvoimakeskukset (2026)",
    "seutukunta": "Seutukunnat",
    "ely": "ELY-keskukset",
}

# column -> (Finnish heading, Finnish definition). Order = order in the transposed option table.
COLUMNS_FI: dict[str, tuple[str, str]] = {
    "units": ("Ohjattavia yksiköitä", "Yksiköiden (koordinaattorien) määrä."),
    "score": (
        "Kokonaispisteet",
        "Painotettu keskiarvo normalisoiduista kriteereistä, 0–1 (1 = paras).",
    ),
    "rank": ("Sija", "Sija raportin painoilla (1 = paras); painot kerrotaan raportin alussa."),
    "rank_first_share": (
        "Ykkössijan osuus",
        "Osuus satunnaisista painotuksista (painot ±25 %), joilla vaihtoehto on paras.",
    ),
    "mean_rank": ("Keskimääräinen sija", "Sijan keskiarvo satunnaisissa painotuksissa."),
    "clear_winner": (
        "Selvä voittaja",
        "Onko kärkivaihtoehto selvä voittaja: paras vähintään "
        f"{CLEAR_WINNER_MIN_FIRST_SHARE * 100:g} %:ssa satunnaisista painotuksista (sama arvo "
        "joka rivillä).",
    ),
    "non_dominated": (
        "Ei dominoitu",
        "Mikään toinen vaihtoehto ei ole vähintään yhtä hyvä kaikilla painotetuilla kriteereillä.",
    ),
    "dominated_by": ("Dominoijat", "Vaihtoehdot, jotka ovat vähintään yhtä hyviä kaikilla."),
    "population_per_unit_min": ("Väestö / yksikkö, pienin", "Pienimmän yksikön väestö 31.12.2024."),
    "population_per_unit_median": ("Väestö / yksikkö, mediaani", "Yksiköiden väestön mediaani."),
    "population_per_unit_max": ("Väestö / yksikkö, suurin", "Suurimman yksikön väestö."),
    "mainland_population_per_unit_min": (
        "Pienimmän manneryksikön väestö",
        "Kokokriteeri: Ahvenanmaa on omana yksikkönään kaikissa vaihtoehdoissa, "
        "joten se jätetään pois.",
    ),
    "pop_65plus_per_unit_min": ("65+ / yksikkö, pienin", "Pienimmän yksikön 65 vuotta täyttäneet."),
    "pop_65plus_per_unit_median": ("65+ / yksikkö, mediaani", "Yksiköiden 65+-väestön mediaani."),
    "pop_65plus_per_unit_max": ("65+ / yksikkö, suurin", "Suurimman yksikön 65 vuotta täyttäneet."),
    "need_per_unit_min": (
        "Tuen tarve / yksikkö, pienin",
        "Arvioitu digituen tarvitsijoiden määrä (TASO 2–4) pienimmässä yksikössä.",
    ),
    "need_per_unit_median": ("Tuen tarve / yksikkö, mediaani", "Yksiköiden tuen tarpeen mediaani."),
    "need_per_unit_max": ("Tuen tarve / yksikkö, suurin", "Suurimman yksikön tuen tarve."),
    "area_km2_per_unit_min": (
        "Maapinta-ala / yksikkö, pienin (km²)",
        "Kuntien maapinta-alojen summa.",
    ),
    "area_km2_per_unit_median": (
        "Maapinta-ala / yksikkö, mediaani (km²)",
        "Yksiköiden pinta-alan mediaani.",
    ),
    "area_km2_per_unit_max": (
        "Maapinta-ala / yksikkö, suurin (km²)",
        "Suurimman yksikön maapinta-ala.",
    ),
    "municipalities_per_unit_min": (
        "Kuntia / yksikkö, pienin",
        "Kuntien määrä pienimmässä yksikössä.",
    ),
    "municipalities_per_unit_median": ("Kuntia / yksikkö, mediaani", "Kuntien määrän mediaani."),
    "municipalities_per_unit_max": (
        "Kuntia / yksikkö, suurin",
        "Kuntien määrä suurimmassa yksikössä.",
    ),
    "providers_per_unit_min": (
        "Tuen antajia / yksikkö, pienin",
        "Analyysissä mukana olevat tuen antajat, joiden kunta kuuluu yksikköön.",
    ),
    "providers_per_unit_median": (
        "Tuen antajia / yksikkö, mediaani",
        "Tuen antajien määrän mediaani.",
    ),
    "providers_per_unit_max": (
        "Tuen antajia / yksikkö, suurin",
        "Tuen antajien määrä suurimmillaan.",
    ),
    "median_seat_distance_km": (
        "Etäisyys kotipaikasta, mediaani (km)",
        "Väestöpainotettu mediaani: ruudun etäisyys oman yksikön kotipaikkaan "
        "(linnuntie × kiertokerroin).",
    ),
    "mean_seat_distance_km": (
        "Etäisyys kotipaikasta, keskiarvo (km)",
        "Väestöpainotettu keskiarvo samasta etäisyydestä.",
    ),
    "need_mean_seat_distance_km": (
        "Etäisyys kotipaikasta tuen tarvitsijoihin (km)",
        "Tuen tarpeella painotettu keskiarvo; paikallistuntemuksen kriteeri.",
    ),
    "need_median_seat_distance_km": (
        "Etäisyys kotipaikasta tuen tarvitsijoihin, mediaani (km)",
        "Tuen tarpeella painotettu mediaani samasta etäisyydestä.",
    ),
    "seat_provider_distance_km": (
        "Kotipaikasta tuen antajiin (km)",
        "Keskimääräinen etäisyys kotipaikasta yksikön tuen antajiin.",
    ),
    "median_seat_time_min": (
        "Ajoaika kotipaikasta, mediaani (min)",
        "Väestöpainotettu mediaani: ajoaika autolla tieverkkoa pitkin oman yksikön kotipaikasta "
        "ruutuun (liityntäosuudet mukana).",
    ),
    "mean_seat_time_min": (
        "Ajoaika kotipaikasta, keskiarvo (min)",
        "Väestöpainotettu keskiarvo samasta ajoajasta.",
    ),
    "need_mean_seat_time_min": (
        "Ajoaika kotipaikasta tuen tarvitsijoihin (min)",
        "Tuen tarpeella painotettu keskiarvo; paikallistuntemuksen kriteeri ajoaikatilassa.",
    ),
    "need_median_seat_time_min": (
        "Ajoaika kotipaikasta tuen tarvitsijoihin, mediaani (min)",
        "Tuen tarpeella painotettu mediaani samasta ajoajasta.",
    ),
    "seat_provider_time_min": (
        "Ajoaika kotipaikasta tuen antajiin (min)",
        "Keskimääräinen ajoaika kotipaikasta yksikön tuen antajiin tieverkkoa pitkin.",
    ),
    "coverage_share": (
        "Kattavuus (väestö)",
        "Osuus väestöstä, jolla on tuen antaja kynnyksen sisällä (km tai ajoaika, ks. kulkutapa).",
    ),
    "need_coverage_share": ("Kattavuus (tuen tarve)", "Sama tuen tarpeella painotettuna."),
    "coverage_share_unit_min": ("Kattavuus, heikoin yksikkö", "Pienin yksikön väestökattavuus."),
    "coverage_share_unit_max": ("Kattavuus, paras yksikkö", "Suurin yksikön väestökattavuus."),
    "e2sfca_h_per_1000_need_unit_min": (
        "E2SFCA, heikoin yksikkö (h/vko / 1000 tarvitsijaa)",
        "Kapasiteetti suhteessa tarpeeseen (E2SFCA), tarpeella painotettu yksikön keskiarvo.",
    ),
    "e2sfca_h_per_1000_need_unit_max": (
        "E2SFCA, paras yksikkö (h/vko / 1000 tarvitsijaa)",
        "Suurin yksikön E2SFCA-arvo.",
    ),
    "need_per_provider_unit_min": (
        "Tarvitsijoita / tuen antaja, pienin",
        "Yksikön tarve jaettuna tuen antajilla.",
    ),
    "need_per_provider_unit_max": (
        "Tarvitsijoita / tuen antaja, suurin",
        "Suurin kuormitus; tyhjä, jos yksiköllä ei ole tuen antajia.",
    ),
    "theil_total": (
        "Theil, koko maa",
        "Saavutettavuuden eriarvoisuus (Theil T) tuen tarpeella painotettuna; sama kaikille.",
    ),
    "theil_between": (
        "Theil, yksiköiden välillä",
        "Osa eriarvoisuudesta, joka johtuu yksiköiden keskiarvojen eroista.",
    ),
    "theil_within": ("Theil, yksiköiden sisällä", "Osa eriarvoisuudesta yksiköiden sisällä."),
    "theil_between_share": (
        "Välillä-osuus",
        "Yksiköiden välisen osan osuus kokonaiseriarvoisuudesta.",
    ),
    "cross_border_need_share": (
        "Rajat ylittävä tarve",
        "Osuus tuen tarpeesta, jonka lähin tuen antaja on toisen yksikön kunnassa.",
    ),
    "units_with_swedish_or_bilingual": (
        "Ruotsin- tai kaksikielisiä yksiköitä",
        "Yksiköt, joissa on ruotsinkielinen tai kaksikielinen kunta.",
    ),
    "total_population": ("Väestö yhteensä", "Tarkistussumma: yksiköiden summa = koko alue."),
    "total_need": ("Tuen tarve yhteensä", "Tarkistussumma."),
    "total_covered_population": ("Katettu väestö yhteensä", "Tarkistussumma."),
    "total_area_km2": ("Maapinta-ala yhteensä (km²)", "Tarkistussumma."),
    "total_municipalities": ("Kuntia yhteensä", "Tarkistussumma."),
    "total_providers": ("Tuen antajia yhteensä", "Tarkistussumma."),
    "aland_split": (
        "Ahvenanmaa erotettu",
        "Luokitus liittää Ahvenanmaan mantereen yksikköön; vertailussa se on oma yksikkönsä.",
    ),
    "option": ("Vaihtoehto", "Koordinoinnin vaihtoehto (aluejako)."),
    "scope": (
        "Alue",
        "whole_country = koko maa (Ahvenanmaa omana yksikkönään), mainland_only = Manner-Suomi.",
    ),
    "mode": (
        "Kulkutapa",
        "straight = linnuntie × kiertokerroin (km), drive = ajoaika autolla tieverkolla (min), "
        "walk = kävelyaika (min).",
    ),
    # unit table
    "unit_code": (
        "Koodi",
        "Yksikön koodi Tilastokeskuksen luokituksessa (AX = erotettu Ahvenanmaa).",
    ),
    "unit_name": ("Yksikkö", "Yksikön nimi suomeksi."),
    "unit_name_sv": ("Enhet", "Yksikön nimi ruotsiksi."),
    "aland": ("Ahvenanmaa", "Yksikkö on Ahvenanmaalla (oma yksikkönsä kaikissa vaihtoehdoissa)."),
    "aland_with_mainland": (
        "Ahvenanmaa ja manner samassa",
        "Yksikössä on sekä Ahvenanmaan että mantereen kuntia (vain ilman erottelua).",
    ),
    "seat_kunta_code": ("Kotipaikan kuntakoodi", "Kotipaikkakunnan koodi."),
    "seat_name": ("Kotipaikka", "Koordinaattorin kotikunta (peruste: sarake Kotipaikan peruste)."),
    "seat_basis": ("Kotipaikan peruste", "Virallinen toimipaikka tai sääntö: väkirikkain kunta."),
    "municipalities": ("Kuntia", "Yksikön kuntien määrä."),
    "population": ("Väestö", "Väestö 31.12.2024."),
    "pop_65plus": ("65+", "65 vuotta täyttäneet."),
    "need": ("Tuen tarve", "Arvioitu tuen tarvitsijoiden määrä (TASO 2–4)."),
    "area_km2": ("Maapinta-ala (km²)", "Kuntien maapinta-alojen summa."),
    "providers": ("Tuen antajia", "Analyysissä mukana olevat tuen antajat yksikön kunnissa."),
    "capacity_h_week": ("Kapasiteetti (h/vko)", "Tuen antajien ohjaustunnit viikossa yhteensä."),
    "need_per_provider": (
        "Tarvitsijoita / tuen antaja",
        "Tuen tarve jaettuna tuen antajien määrällä.",
    ),
    "covered_population": (
        "Katettu väestö",
        "Väestö, jolla on tuen antaja kynnyksen (km tai ajoaika) sisällä.",
    ),
    "covered_need": ("Katettu tuen tarve", "Tuen tarve kynnyksen (km tai ajoaika) sisällä."),
    "median_provider_km": ("Lähimpään tuen antajaan, mediaani (km)", "Väestöpainotettu."),
    "median_provider_min": (
        "Lähimpään tuen antajaan, mediaani (min)",
        "Väestöpainotettu ajoaika tieverkolla lähimpään tuen antajaan.",
    ),
    "e2sfca_h_per_1000_need": (
        "E2SFCA (h/vko / 1000 tarvitsijaa)",
        "Tarpeella painotettu keskiarvo.",
    ),
    "mean_closeness": (
        "Läheisyys, keskiarvo",
        "Tarpeella painotettu 1 / (1 + km lähimpään tuen antajaan); ajoaikatilassa "
        f"1 / (1 + min / {CLOSENESS_SCALE_MIN:g}).",
    ),
    "mean_e2sfca": (
        "E2SFCA-suhde, keskiarvo",
        "Tarpeella painotettu E2SFCA-suhde (h/vko / tarvitsija).",
    ),
    "theil": ("Theil yksikön sisällä", "Yksikön sisäinen saavutettavuuden eriarvoisuus."),
    "theil_between_part": (
        "Osuus välillä-osasta",
        "Yksikön osuus S_g ln(μ_g/μ) yksiköiden välisestä osasta.",
    ),
    "theil_within_part": (
        "Osuus sisällä-osasta",
        "Yksikön osuus S_g T_g yksiköiden sisäisestä osasta.",
    ),
    "cross_border_need": (
        "Rajat ylittävä tarve (henkilöä)",
        "Tuen tarve, jonka lähin tuen antaja on toisessa yksikössä.",
    ),
    "swedish_speaking_kunnat": ("Ruotsinkielisiä kuntia", "Yksikieliset ruotsinkieliset kunnat."),
    "swedish_speaking_population": ("Väestö ruotsinkielisissä kunnissa", "31.12.2024."),
    "bilingual_kunnat": (
        "Kaksikielisiä kuntia",
        "Kaksikieliset kunnat (suomi tai ruotsi enemmistönä).",
    ),
    "bilingual_population": ("Väestö kaksikielisissä kunnissa", "31.12.2024."),
}

UNIT_COLUMNS_HTML: tuple[str, ...] = (
    "unit_code",
    "unit_name",
    "seat_name",
    "seat_basis",
    "municipalities",
    "population",
    "need",
    "area_km2",
    "providers",
    "median_seat_distance_km",
    "need_mean_seat_distance_km",
    "seat_provider_distance_km",
    "median_seat_time_min",
    "need_mean_seat_time_min",
    "seat_provider_time_min",
    "coverage_share",
    "median_provider_min",
    "e2sfca_h_per_1000_need",
    "theil",
    "cross_border_need_share",
    "swedish_speaking_kunnat",
    "bilingual_kunnat",
)
"""Unit-table columns shown on the page when present (the CSV/XLSX have them all): the km
columns in straight mode, the minute columns in drive mode."""

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
 max-width:75rem;padding:0 1rem;color:#1d2733;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}
h2{margin-top:2.2rem;border-bottom:2px solid #d5dde6;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.86rem}
th,td{border:1px solid #d5dde6;padding:.25rem .45rem;vertical-align:top}
th{background:#eef2f6;text-align:left}td.n{text-align:right;white-space:nowrap}
tr:nth-child(even) td{background:#fafbfc}.def{color:#55616e;font-size:.78rem;font-weight:normal}
.note{background:#fff8e1;border-left:4px solid #f2b600;padding:.5rem .8rem}
.scroll{overflow-x:auto}img{max-width:100%;height:auto}figure{margin:1rem 0}
figcaption{color:#55616e;font-size:.85rem}.best{font-weight:bold}
.verdict{border-left:4px solid #2e7d32;padding:.3rem .8rem}.no-winner{border-left-color:#b26a00}
"""


def _progress(progress: Progress | None) -> Progress:
    return progress or (lambda _msg, _frac: None)


# --- formatting ----------------------------------------------------------------------------------

_NBSP = "\u00a0"


def fmt_value(column: str, value: object) -> str:
    """Return `value` formatted the Finnish way for `column` (decimal comma, spaced thousands)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "kyllä" if value else "ei"
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    v = float(value)
    if column.endswith("_share") or column.startswith("coverage_share"):
        text = f"{v * 100:.1f}{_NBSP}%"
    elif column.startswith("theil"):
        text = f"{v:.4f}"
    elif column in ("score", "mean_rank", "mean_closeness", "mean_e2sfca") or column.endswith(
        "_normalised"
    ):
        text = f"{v:.3f}"
    elif column.endswith("_km") or column in MINUTE_COLUMNS or "e2sfca" in column:
        text = f"{v:,.1f}"
    else:
        text = f"{round(v):,}"
    return text.replace(",", _NBSP).replace(".", ",")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def html_table(
    frame: pd.DataFrame,
    *,
    headings: dict[str, tuple[str, str]] | None = None,
    bold_rows: Sequence[int] = (),
) -> str:
    """Return an HTML table of `frame`: every heading and cell escaped, numbers formatted.

    Headings are the words of `headings` (a column without one is shown by its name): the
    reader sees no column identifiers; the CSV files and definitions.csv keep them.
    """
    headings = headings or {}
    head = "".join(f"<th>{_esc(headings.get(c, (c, ''))[0])}</th>" for c in frame.columns)
    rows = []
    for i, (_, row) in enumerate(frame.iterrows()):
        cells = "".join(
            f'<td class="n">{_esc(fmt_value(c, v))}</td>'
            if _is_number(v)
            else f"<td>{_esc(fmt_value(c, v))}</td>"
            for c, v in row.items()
        )
        cls = ' class="best"' if i in bold_rows else ""
        rows.append(f"<tr{cls}>{cells}</tr>")
    return _wrap_table(head, rows)


def _wrap_table(head: str, rows: Sequence[str]) -> str:
    body = "".join(rows)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def options_long(comparison: Comparison) -> pd.DataFrame:
    """Return the option table transposed: one row per measure, one column per option."""
    table = comparison.options.set_index("option")
    measures = [c for c in COLUMNS_FI if c in table.columns]
    measures += [c for c in table.columns if c not in measures and c != "scope"]
    rows = []
    for m in measures:
        heading, definition = COLUMNS_FI.get(m, (m, ""))
        rows.append(
            {
                "measure": m,
                "heading_fi": heading,
                "definition_fi": definition,
                **{o: table.loc[o, m] for o in table.index},
            }
        )
    return pd.DataFrame(rows)


CODED_COLUMNS_FI: dict[str, dict[str, str]] = {
    "scope": {"whole_country": "koko maa (Ahvenanmaa omana yksikkönään)",
              "mainland_only": "Manner-Suomi"},
    "mode": {"straight": "linnuntie × kiertokerroin (km)",
             "drive": "ajoaika autolla tieverkolla (min)", "walk": "kävelyaika (min)"},
}
"""Columns whose values are codes, and the words the report page shows for them."""


def _options_long_html(long: pd.DataFrame, options: Sequence[str], best: str) -> str:
    best_cls = ' class="best"'
    head = "<th>Mittari</th>" + "".join(
        f"<th{best_cls if o == best else ''}>{_esc(OPTION_NAMES_FI.get(o, o))}</th>"
        for o in options
    )
    rows = []
    for _, r in long.iterrows():
        if r["measure"] in CODED_COLUMNS_FI:  # codes (whole_country, drive) in words
            words = CODED_COLUMNS_FI[r["measure"]]
            label = _esc(r["heading_fi"])
            cells = "".join(f"<td>{_esc(words.get(str(r[o]), r[o]))}</td>" for o in options)
        else:
            label = (f'{_esc(r["heading_fi"])}<br>'
                     f'<span class="def">{_esc(r["definition_fi"])}</span>')
            cells = "".join(
                f'<td class="n">{_esc(fmt_value(r["measure"], r[o]))}</td>' for o in options
            )
        rows.append(f"<tr><th>{label}</th>{cells}</tr>")
    return _wrap_table(head, rows)


# --- maps ----------------------------------------------------------------------------------------


def dissolved_units(
    ds: Dataset, unit_of_kunta: Mapping[str, str], *, mainland_only: bool
) -> gpd.GeoDataFrame:
    """Return the municipal polygons dissolved per unit (index unit_code, EPSG:3067).

    `unit_of_kunta` maps kunta_code to unit code (`Comparison.divisions[option].unit_of_kunta`).
    """
    munis = ds.municipalities[["kunta_code", "geometry"]].merge(
        ds.membership[["kunta_code", "maakunta"]], on="kunta_code"
    )
    munis["unit_code"] = munis["kunta_code"].map(unit_of_kunta)
    if mainland_only:
        munis = munis[munis["maakunta"] != ALAND_MAAKUNTA]
    if munis["unit_code"].nunique() == len(munis):
        return munis[["unit_code", "geometry"]].set_index("unit_code")
    out = munis[["unit_code", "geometry"]].dissolve(by="unit_code", method="coverage")
    if not out.is_valid.all():  # polygons that are not a clean coverage: the slow, safe way
        out = munis[["unit_code", "geometry"]].dissolve(by="unit_code")
    return out


def _geometry_path(geom):  # noqa: ANN001, ANN202
    """Return a matplotlib Path for a (Multi)Polygon, holes included."""
    from matplotlib.path import Path as MplPath  # noqa: PLC0415

    polygons = getattr(geom, "geoms", [geom])
    vertices, codes = [], []
    for poly in polygons:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:  # noqa: PLR2004
                continue
            vertices.append(xy)
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0] = MplPath.MOVETO
            ring_codes[-1] = MplPath.CLOSEPOLY
            codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _draw_units(
    ax: Axes,
    shapes: gpd.GeoDataFrame,
    values: pd.Series,
    seats: pd.DataFrame,
    norm: Normalize,
    *,
    cmap: str,
    label_seats: bool,
    title: str,
) -> None:
    from matplotlib import colormaps  # noqa: PLC0415
    from matplotlib.patches import PathPatch  # noqa: PLC0415

    colours = colormaps[cmap]
    for code, geom in shapes.geometry.items():
        value = values.get(code, np.nan)
        face = "#cccccc" if not np.isfinite(value) else colours(norm(value))
        ax.add_patch(
            PathPatch(_geometry_path(geom), facecolor=face, edgecolor="white", linewidth=0.35)
        )
    from matplotlib.patheffects import withStroke  # noqa: PLC0415

    size = 14 if label_seats else (5 if len(seats) <= 50 else 1.5)  # noqa: PLR2004
    ax.scatter(
        seats["seat_x"],
        seats["seat_y"],
        s=size,
        c="black",
        edgecolors="white",
        linewidths=0.5 if size > 2 else 0.0,  # noqa: PLR2004
        zorder=3,
    )
    if label_seats:
        halo = [withStroke(linewidth=2, foreground="white")]
        for _, s in seats.drop_duplicates("seat_name").iterrows():
            # parse_math=False: a "$" in a name is text, never mathtext
            ax.text(
                s["seat_x"] + 6000,
                s["seat_y"] + 4000,
                str(s["seat_name"]),
                fontsize=6.5,
                zorder=4,
                parse_math=False,
                path_effects=halo,
            )
    minx, miny, maxx, maxy = shapes.total_bounds
    pad = 15000
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=9)


def _percent_formatter():  # noqa: ANN202
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    return FuncFormatter(lambda v, _pos: f"{v * 100:.0f} %")


def _png(fig) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def coverage_maps(
    ds: Dataset,
    comparison: Comparison,
    option: str,
    *,
    mainland_only: bool,
    progress: Progress | None = None,
) -> tuple[bytes, bytes]:
    """Return (choropleth of `option`, small multiples of every option) as PNG bytes.

    Colour = population coverage share per unit on one shared scale, black dots = seats.
    """
    from matplotlib.cm import ScalarMappable  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    report = _progress(progress)
    cmap = "RdYlBu"
    options = list(comparison.units)
    norm, extend = _share_scale(comparison)
    shapes = {}
    for i, o in enumerate(options):
        report(f"dissolving municipalities into {o} units", 0.2 + 0.3 * i / len(options))
        shapes[o] = dissolved_units(
            ds, comparison.divisions[o].unit_of_kunta, mainland_only=mainland_only
        )

    def draw(ax: Axes, o: str, *, labels: bool, title: str) -> None:
        units = comparison.units[o].set_index("unit_code")
        seats = comparison.divisions[o].units.reindex(units.index)
        _draw_units(
            ax,
            shapes[o],
            units["coverage_share"],
            seats,
            norm,
            cmap=cmap,
            label_seats=labels,
            title=title,
        )

    report("drawing the map of the chosen option", 0.55)
    fig = Figure(figsize=(6.5, 9.5))
    ax = fig.add_subplot()
    n_units = len(comparison.units[option])
    title = f"{OPTION_NAMES_FI.get(option, option)} ({n_units})"
    draw(ax, option, labels=n_units <= MAX_LABELLED_UNITS, title=title)
    colorbar = {"extend": extend, "label": "väestökattavuus", "format": _percent_formatter()}
    fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, **colorbar)
    single = _png(fig)

    report("drawing all options side by side", 0.65)
    cols = min(4, len(options))
    rows = math.ceil(len(options) / cols)
    fig = Figure(figsize=(3.2 * cols, 5.0 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, o in zip(axes.flat, options, strict=False):
        draw(ax, o, labels=False, title=f"{OPTION_NAMES_FI.get(o, o)} ({len(comparison.units[o])})")
    for ax in list(axes.flat)[len(options) :]:
        ax.set_axis_off()
    fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=axes, shrink=0.4, **colorbar)
    return single, _png(fig)


def _share_scale(comparison: Comparison) -> tuple[Normalize, str]:
    """Return one colour scale of coverage shares for every map, and its colour-bar extension.

    From the 10th percentile of all units (floored to 5 %) to 100 %, so the differences between
    large units stay visible; lower values get the end colour.
    """
    from matplotlib.colors import Normalize  # noqa: PLC0415

    shares = np.concatenate(
        [units["coverage_share"].to_numpy(float) for units in comparison.units.values()]
    )
    shares = shares[np.isfinite(shares)]
    vmin = min(math.floor(np.percentile(shares, 10) * 20) / 20, 0.95) if len(shares) else 0.0
    extend = "min" if len(shares) and shares.min() < vmin else "neither"
    return Normalize(vmin=vmin, vmax=1.0, clip=True), extend


# --- report --------------------------------------------------------------------------------------


def _sources_table(ds: Dataset) -> pd.DataFrame:
    rows = [
        {
            k: s.get(k, "")
            for k in ("file", "publisher", "licence", "reference_date", "rows", "note")
        }
        for s in ds.manifest.get("sources", [])
    ]
    rows.append(
        {
            "file": "data/regions/coordinator_seats.csv",
            "publisher": "this project",
            "licence": "",
            "reference_date": "",
            "rows": "",
            "note": "koordinaattorien kotipaikat; kotipaikan peruste kertoo, mitkä ovat "
                    "tosiasioita ja mitkä säännön mukaan valittuja",
        }
    )
    return pd.DataFrame(rows)


def _definitions_shown(definitions: pd.DataFrame) -> pd.DataFrame:
    """Return the definitions as the page shows them: heading and definition in words."""
    words = {c: "; ".join(f"{w}" for w in v.values()) for c, v in CODED_COLUMNS_FI.items()}
    shown = definitions.assign(definition_fi=[
        f"Vaihtoehdot: {words[c]}." if c in words else d
        for c, d in zip(definitions["column"], definitions["definition_fi"], strict=True)])
    return shown[["heading_fi", "definition_fi"]]


def _definitions_table() -> pd.DataFrame:
    return pd.DataFrame(
        [{"column": c, "heading_fi": h, "definition_fi": d} for c, (h, d) in COLUMNS_FI.items()]
    )


def _scoring_frame(comparison: Comparison) -> pd.DataFrame:
    table = comparison.options.set_index("option")
    rows = []
    for o in table.index:
        row = {"option": o, "option_fi": OPTION_NAMES_FI.get(o, o)}
        for c in comparison.criterion_set:
            row[f"{c.name}_value"] = comparison.criteria.loc[o, c.name]
            row[f"{c.name}_normalised"] = comparison.normalised.loc[o, c.name]
        row |= {k: table.loc[o, k] for k in ("score", "rank", "rank_first_share", "mean_rank")}
        rows.append(row)
    return pd.DataFrame(rows).sort_values("rank", kind="stable").reset_index(drop=True)


def _weights_html(comparison: Comparison) -> str:
    # the criteria by their Finnish names and measures; the weights as given (0.5 stays 0,5)
    rows = "".join(
        f"<tr><td>{_esc(c.label_fi)}</td><td>{_esc(COLUMNS_FI.get(c.column, (c.column,))[0])}"
        f"</td><td>{'pienempi' if c.better == 'lower' else 'suurempi'}"
        f"{' (log-asteikko)' if c.log else ''}</td>"
        f'<td class="n">{_esc(_fmt_weight(getattr(comparison.weights, c.name)))}</td></tr>'
        for c in comparison.criterion_set
    )
    return (
        "<table><thead><tr><th>Kriteeri</th><th>Mittari</th>"
        "<th>Parempi on</th><th>Paino</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )


THEIL_VARIABLES_FI: dict[str, str] = {
    "closeness": "läheisyys lähimpään tuen antajaan, 1 / (1 + km)",
    "e2sfca": "tukitunnit tarvitsijaa kohden (E2SFCA)",
}
"""The variable whose inequality (Theil) the report measures, in words."""
CHANNELS_FI: dict[str, str] = {"walk_in": "asiointipiste", "home_visit": "kotikäynti",
                               "remote": "etäasiointi"}
"""Service channels of the provider filter, in words."""
FILTER_NAMES_FI: dict[str, str] = {
    "types": "tyyppi", "auta_parts": "AUTA-osa", "channels": "palvelukanava",
    "flags": "palvelu", "languages": "kieli", "include_approximate": "likimääräiset pisteet",
}
"""The provider filter's settings, named in words."""


def filter_fi(chosen: Mapping[str, object]) -> str:
    """Return the provider filter's chosen settings in words ("tyyppi: Kirjasto; kieli: sv")."""
    from coverage.data.taxonomy import provider_types  # noqa: PLC0415
    from coverage.maps import POPUP_TEXT  # noqa: PLC0415

    types = provider_types()
    services = POPUP_TEXT["fi"]

    def word(name: str, value: object) -> str:
        if name == "types":
            return types[value].label("fi") if value in types else str(value)
        if name == "flags":
            key = value if str(value).startswith("svc_") else f"svc_{value}"
            return services.get(key, str(value))
        if name == "channels":
            return CHANNELS_FI.get(str(value), str(value))
        return str(value)

    parts = []
    for name, value in chosen.items():
        if name == "include_approximate":
            parts.append("myös likimääräiset pisteet" if value else "")
            continue
        values = value if isinstance(value, (tuple, list)) else (value,)
        parts.append(f"{FILTER_NAMES_FI.get(name, name)}: "
                     + ", ".join(word(name, v) for v in values))
    return "; ".join(p for p in parts if p)


NEED_MODEL_LABELS_FI = {
    "seed2017": "Siemen 2017 (VM:n AUTA-malli, 2017 luvut)",
    "surveys2023": "Kyselyt 2018–2023 (Tilastokeskus, DVV)",
}
"""The need model presets (`defaults.NEED_MODELS`) by name in the report."""
AGE75_NOTE_FI = (
    "arvio 31.12.2024: postinumeroalueiden ikäryhmät 31.12.2017 vanhennettu seitsemällä vuodella "
    "kuolleisuustaulun avulla ja sovitettu kuntien viralliseen 65 vuotta täyttäneiden määrään"
)


def _scenario_html(ds: Dataset, prepared: Prepared, comparison: Comparison) -> str:
    sc = prepared.scenario
    filt = sc.provider_filter
    chosen = {k: v for k, v in vars(filt).items() if v not in ((), False)}
    scope = (
        "Manner-Suomi (Ahvenanmaa jätetty pois)"
        if comparison.scope == SCOPE_MAINLAND
        else "Koko maa (Ahvenanmaa omana yksikkönään)"
    )
    items = [
        ("Alue", scope),
        *_mode_rows(comparison),
        ("Tuen tarpeen tasot", ", ".join(f"TASO {lvl}" for lvl in sc.need_levels)),
        ("Tarvemalli", NEED_MODEL_LABELS_FI.get(need_model_name(sc.need_rates) or "",
                                                "muokatut osuudet")),
        ("75 vuotta täyttäneet", AGE75_NOTE_FI),
        ("Tuen antajien rajaus", filter_fi(chosen) or "kaikki tarkan sijainnin antajat"),
        ("Tuen antajia mukana", fmt_value("n", len(prepared.providers))),
        ("Eriarvoisuuden muuttuja", THEIL_VARIABLES_FI.get(comparison.theil_variable,
                                                         comparison.theil_variable)),
        (
            "Herkkyysanalyysi",
            f"{comparison.draws} satunnaista painotusta, ±{comparison.spread * 100:.0f} %, "
            f"siemen {comparison.seed}",
        ),
        ("Aineisto", f"{ds.dataset_id}, koottu {ds.manifest.get('built_at', '')}"),
        ("Raportti laadittu", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    return (
        "<table><tbody>"
        + "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in items)
        + "</tbody></table>"
    )


MODE_FI: dict[str, str] = {
    "straight": "linnuntie × kiertokerroin (km)",
    "drive": "ajoaika autolla tieverkolla (min)",
    "walk": "kävelyaika (min)",
}
"""How "near" is measured, per mode (the report's Kulkutapa row)."""


def mode_fi(comparison: Comparison) -> str:
    """Return the sentence saying how "near" is measured: km, minutes by car or on foot."""
    meta = comparison.meta
    threshold = f"kynnys {fmt_value('x_km', meta.get('threshold'))} {comparison.unit}"
    if comparison.mode == "drive":
        return (
            "Kulkutapa: ajoaika autolla tieverkkoa pitkin (Maanmittauslaitoksen Yleiskartta "
            f"1:1 000 000, 2013; vapaan liikenteen nopeudet), {threshold}. Kattavuus, E2SFCA, "
            "läheisyys, rajat ylittävä tarve (lähin tuen antaja tietä pitkin) ja kotipaikan "
            "ajoajat lasketaan minuutteina."
        )
    if comparison.mode == "walk":
        return (
            "Kulkutapa: kävelyaika, linnuntie-etäisyys kerrottuna kiertokertoimella "
            f"{fmt_value('x_km', meta.get('circuity'))} nopeudella "
            f"{fmt_value('x_km', meta.get('walk_speed_kmh'))} km/h, {threshold}. Kattavuus, "
            "E2SFCA, läheisyys ja kotipaikan etäisyydet lasketaan kävelyminuutteina."
        )
    return (
        "Kulkutapa: linnuntie-etäisyys kerrottuna kiertokertoimella "
        f"{fmt_value('x_km', meta.get('circuity'))}, {threshold}."
    )


def _mode_rows(comparison: Comparison) -> list[tuple[str, str]]:
    meta, unit = comparison.meta, comparison.unit
    rows = [
        ("Kulkutapa", MODE_FI[comparison.mode]),
        ("Kynnysetäisyys" if unit == "km" else "Kynnysaika",
         f"{fmt_value('x_km', meta['threshold'])} {unit}"),
    ]
    if comparison.mode == "straight":
        return [*rows, ("Kiertokerroin",
                        f"{fmt_value('x_km', meta['circuity'])} (tieetäisyys / linnuntie)")]
    rows.append(("E2SFCA-valuma-alue", f"{fmt_value('x_km', meta['catchment'])} {unit}"))
    if comparison.mode == "drive":
        rows.append((
            "Liityntäosuudet",
            f"linnuntie × {fmt_value('x_km', meta['circuity'])}, "
            f"{fmt_value('x_km', meta['access_speed_kmh'])} km/h (ruutu tai kohde ↔ lähin tie)",
        ))
    else:
        rows.append((
            "Kävely",
            f"linnuntie × {fmt_value('x_km', meta['circuity'])}, "
            f"{fmt_value('x_km', meta['walk_speed_kmh'])} km/h",
        ))
    rows.append(("Läheisyys (Theil)",
                 f"1 / (1 + min / {fmt_value('x_km', meta['closeness_scale_min'])})"))
    return rows


AREA_COLUMNS_HTML: tuple[str, ...] = (
    "option_fi", "unit_code", "unit_name", "seat_name", "municipalities", "population", "need",
    "coverage_share", "need_coverage_share", "need_mean_seat_distance_km",
)


def area_units(ds: Dataset, comparison: Comparison, area: Area) -> pd.DataFrame:
    """Return, per option, the unit(s) holding the area (one row each, the option's figures)."""
    rows = []
    for option, division in comparison.divisions.items():
        codes = units_containing(area, ds, division.unit_of_kunta)
        units = comparison.units[option]
        part = units[units["unit_code"].astype(str).isin(codes)]
        rows.append(part.assign(option_fi=OPTION_NAMES_FI.get(option, option)))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def _area_html(table: pd.DataFrame | None, name: str) -> list[str]:
    if table is None or table.empty:
        return []
    cols = [c for c in AREA_COLUMNS_HTML if c in table.columns]
    return [f"<h2>Oma alue: {_esc(name)}</h2>",
            "<p>Kunkin vaihtoehdon yksikkö (tai yksiköt), johon alue kuuluu, ja sen luvut.</p>",
            html_table(table[cols], headings={"option_fi": ("Vaihtoehto", ""), **COLUMNS_FI})]


def _img(png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{_esc(alt)}">'
        f"<figcaption>{_esc(caption)}</figcaption></figure>"
    )


def report_html(
    ds: Dataset,
    prepared: Prepared,
    comparison: Comparison,
    option: str,
    *,
    maps: tuple[bytes, bytes],
    tables: dict[str, pd.DataFrame],
    ranking: Ranking | None = None,
    area_name: str = "",
) -> str:
    """Return the report page (Finnish), every data string escaped.

    With `tables["area"]` (the units holding the user's area, per option), a section on them.
    """
    ranking = ranking or explain_comparison(comparison)
    option_fi = OPTION_NAMES_FI.get(option, option)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Digituen koordinoinnin vaihtoehdot</title><style>{CSS}</style>",
        "</head><body>",
        "<h1>Digituen alueellisen koordinoinnin vaihtoehdot</h1>",
        f"<p>Vertailu: mikä aluetaso koordinoisi digitukea. "
        f"<strong>{_esc(winner_sentence_fi(ranking))}</strong> Yksityiskohdat: "
        f"<strong>{_esc(option_fi)}</strong>.</p>",
        f'<p class="note">{_esc(weights_sentence_fi(ranking))}</p>',
        f'<p class="note">{_esc(comparison_scope_fi(comparison))}</p>',
        f'<p class="note">{_esc(mode_fi(comparison))}</p>',
        "<h2>Lähtötiedot</h2>",
        _scenario_html(ds, prepared, comparison),
        *_scoring_html(comparison, tables, ranking),
        *_area_html(tables.get("area"), area_name),
        *_units_html(comparison, option_fi, maps, tables),
        *_definitions_html(comparison, tables),
        "</body></html>",
    ]
    return "\n".join(parts)


def _scoring_html(
    comparison: Comparison, tables: dict[str, pd.DataFrame], ranking: Ranking
) -> list[str]:
    """Return the scoring section: method, weights, scores, ranking and the options side by side."""
    scoring = tables["scoring"]
    best = str(scoring.iloc[0]["option"])
    criteria = comparison.criterion_set
    score_cols = ["option_fi", "score", "rank", "rank_first_share", "mean_rank"] + [
        f"{c.name}_normalised" for c in criteria
    ]
    score_head = {"option_fi": ("Vaihtoehto", "")} | {
        c: COLUMNS_FI[c] for c in ("score", "rank", "rank_first_share", "mean_rank")
    }
    score_head |= {f"{c.name}_normalised": (c.label_fi, "0–1, 1 = paras") for c in criteria}
    return [
        "<h2>Pisteytys</h2>",
        "<p>Kukin kriteeri skaalataan vaihtoehtojen kesken välille 0–1 (min–max; 1 = paras), "
        "yksiköiden määrä ja koko log-asteikolla. Kokonaispisteet ovat painotettu keskiarvo. "
        "Herkkyys: jokaista painoa kerrotaan satunnaisesti tasajakaumasta "
        f"[{1 - comparison.spread:.2f}, {1 + comparison.spread:.2f}]; "
        "ykkössijan osuus kertoo, kuinka usein vaihtoehto on paras.</p>",
        _weights_html(comparison),
        # the top row is set in bold only when it is a clear winner
        html_table(scoring[score_cols], headings=score_head,
                   bold_rows=[0] if ranking.clear_winner else []),
        ranking_html(ranking),
        "<h2>Vaihtoehdot rinnakkain</h2>",
        _options_long_html(tables["options_long"], list(comparison.options["option"]),
                           best if ranking.clear_winner else ""),
    ]


def _units_html(
    comparison: Comparison, option_fi: str, maps: tuple[bytes, bytes],
    tables: dict[str, pd.DataFrame],
) -> list[str]:
    """Return the option's units (map and table) and the map of every option."""
    unit_cols = [c for c in UNIT_COLUMNS_HTML if c in tables["units"].columns]
    within = "kynnysajan" if comparison.unit == "min" else "kynnysetäisyyden"
    return [
        f"<h2>{_esc(option_fi)}: kattavuus yksiköittäin</h2>",
        _img(maps[0], f"{option_fi}: kattavuus",
             f"Väestökattavuus yksiköittäin (tuen antaja {within} sisällä); mustat pisteet ovat "
             "kotipaikat."),
        html_table(tables["units"][unit_cols], headings=COLUMNS_FI),
        "<p>Kaikki sarakkeet: units_*.csv ja report.xlsx.</p>",
        "<h2>Kaikki vaihtoehdot kartalla</h2>",
        _img(maps[1], "Kaikki vaihtoehdot",
             "Väestökattavuus yksiköittäin, sama väriasteikko kaikissa."),
    ]


MEASURE_FI: dict[str, str] = {
    "drive": "Ajoajat ovat minuutteja autolla tieverkkoa pitkin (Maanmittauslaitoksen Yleiskartta "
    "1:1 000 000, 2013, CC BY 4.0; vapaan liikenteen nopeudet, ei ruuhkia), ja niihin "
    "lisätään liityntäosuudet ruudun tai kohteen ja lähimmän tien välillä. ",
    "walk": "Kävelyajat ovat minuutteja: linnuntie-etäisyys kerrottuna kiertokertoimella "
    "ja jaettuna kävelynopeudella. ",
    "straight": "Etäisyydet ovat linnuntie-etäisyyksiä (ETRS-TM35FIN) kerrottuna "
    "kiertokertoimella. ",
}
"""How the report's distances or times are measured, per mode (the definitions section)."""


def _definitions_html(comparison: Comparison, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Return the definitions (how reach is measured, every column) and the sources."""
    return [
        "<h2>Määritelmät</h2>",
        "<p>" + MEASURE_FI[comparison.mode]
        + "Theil T lasketaan 1 km ruutujen saavutettavuudesta tuen tarpeella painotettuna; "
        "koko maan arvo jakautuu tarkasti yksiköiden väliseen ja sisäiseen osaan. "
        "Tarkemmin: docs/compare.md.</p>",
        "<p>Sarakkeiden tunnisteet CSV-tiedostoissa ja niiden määritelmät: definitions.csv.</p>",
        html_table(_definitions_shown(tables["definitions"]), headings={
            "heading_fi": ("Otsikko", ""), "definition_fi": ("Määritelmä", ""),
        }),
        "<h2>Lähteet</h2>",
        html_table(tables["sources"], headings={
            "file": ("Tiedosto", ""), "publisher": ("Julkaisija", ""),
            "licence": ("Lisenssi", ""), "reference_date": ("Ajankohta", ""),
            "rows": ("Rivejä", ""), "note": ("Huomio", ""),
        }),
    ]


def comparison_scope_fi(comparison: Comparison) -> str:
    """Return the sentence saying whether Åland is in (its own units) or out."""
    if comparison.scope == SCOPE_MAINLAND:
        return "Manner-Suomi: Ahvenanmaa (16 kuntaa) on jätetty pois kaikista luvuista."
    text = (
        "Koko maa: Ahvenanmaa järjestää palvelunsa itse ja on kaikissa vaihtoehdoissa omana "
        "yksikkönään tai omina yksikköinään (kunnat, seutukunnat), ei koskaan mantereen "
        "kuntien kanssa."
    )
    split = [OPTION_NAMES_FI.get(o, o) for o, d in comparison.divisions.items() if d.aland_split]
    mixed = [
        OPTION_NAMES_FI.get(o, o)
        for o, u in comparison.units.items()
        if u["aland_with_mainland"].any()
    ]
    if split:
        text += (
            f" {', '.join(split)}: luokitus liittää Ahvenanmaan mantereen yksikköön, joten se on "
            "erotettu omaksi yksikökseen (AX, kotipaikka Maarianhamina)."
        )
    if mixed:
        text += (
            f" Huom. {', '.join(mixed)}: Ahvenanmaa on luokituksen mukaisesti mantereen yksikössä."
        )
    return text


def _written_before(out: Path) -> set[str]:
    """Return the names an earlier report wrote into `out` (listed in its marker file).

    A marker of an older version lists only the dataset id: then the names a report writes.
    """
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    if len(lines) > 1:
        return {*lines[1:], MARKER}
    return {n.name for n in out.iterdir() if _REPORT_NAME.fullmatch(n.name) and n.is_file()}


NAMES_SHOWN = 5
"""How many of the user's own files a refusal names."""
_REPORT_NAME = re.compile(r"index\.html|report\.xlsx|[a-z_]+\.csv|\.digituki-report")


def _check_target(out: Path) -> None:
    """Refuse a target the swap would lose the user's files in: a report replaces only itself."""
    if out.exists() and not out.is_dir():
        msg = f"{out} is a file; give a directory for the report"
        raise InputError([Problem("--out", None, "out", msg)])
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MARKER).is_file():
        msg = f"{out} is not empty and holds no earlier report; choose a new or empty directory"
        raise InputError([Problem("--out", None, "out", msg)])
    ours = _written_before(out)
    others = sorted(n.name for n in out.iterdir() if n.name not in ours)
    if others:
        shown = ", ".join(others[:NAMES_SHOWN])
        if len(others) > NAMES_SHOWN:
            shown += f" and {len(others) - NAMES_SHOWN} more"
        msg = (f"{out} holds an earlier report and files it did not write ({shown}); move them "
               "or choose a new or empty directory")
        raise InputError([Problem("--out", None, "out", msg)])


def _swap_into_place(tmp: Path, out: Path) -> None:
    """Rename the finished report into place; an earlier report is removed only afterwards."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
        out.replace(old)
    tmp.replace(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_report(
    ds: Dataset,
    prepared: Prepared,
    comparison: Comparison,
    *,
    option: str,
    out_dir: str | Path,
    progress: Progress | None = None,
    area: Area | None = None,
) -> list[Path]:
    """
    Write the report for `option` into `out_dir` and return the files written.

    `out_dir/index.html` plus every table as CSV and all of them in `report.xlsx`. Built in a
    temporary directory beside `out_dir`, then renamed into place; an existing `out_dir` is
    replaced only if it is empty or an earlier report. With an `area`, a section (and
    `area_units.csv`) on the units of each option that hold it.

    Raises
    ------
    InputError
        If `option` is not in the comparison or `out_dir` is a file / a non-report directory.
    """
    report = _progress(progress)
    if option not in comparison.units:
        compared = ", ".join(comparison.units)
        msg = f"option {option!r} is not in the comparison; compare it too ({compared})"
        raise InputError([Problem("--option", None, "option", msg)])
    out = Path(out_dir)
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        report("tables", 0.1)
        ranking = explain_comparison(comparison)
        tables = {
            "options": ranked_options(comparison, ranking),
            "options_long": options_long(comparison),
            "scoring": _scoring_frame(comparison),
            "units": comparison.units[option],
            "units_all": pd.concat(list(comparison.units.values()), ignore_index=True),
            "definitions": _definitions_table(),
            "sources": _sources_table(ds),
            **ranking_tables(ranking),
        }
        if area is not None and not area.is_country:
            tables["area"] = area_units(ds, comparison, area)
        maps = coverage_maps(
            ds, comparison, option, mainland_only=prepared.scenario.mainland_only, progress=report
        )
        report("writing the page", 0.85)
        files = {
            "index.html": report_html(
                ds, prepared, comparison, option, maps=maps, tables=tables, ranking=ranking,
                area_name="" if area is None else area.name(ds),
            ).encode("utf-8"),
        }
        csv_names = {
            "options": "options.csv",
            "options_long": "options_side_by_side.csv",
            "scoring": "scoring.csv",
            "units": f"units_{option}.csv",
            "units_all": "units_all.csv",
            "definitions": "definitions.csv",
            "sources": "sources.csv",
            **{k: f"{k}.csv" for k in ranking_tables(ranking)},
            "area": "area_units.csv",
        }
        for key, name in csv_names.items():
            if key in tables:
                files[name] = table_bytes(tables[key], "csv")
        report("writing the workbook", 0.9)
        sheets = {("units_" + option if k == "units" else k): v for k, v in tables.items()}
        files["report.xlsx"] = workbook_bytes(sheets)
        # the marker lists what this report wrote: the next one replaces those and nothing else
        files[MARKER] = "\n".join([ds.dataset_id, *files]).encode() + b"\n"
        for name, data in files.items():
            write_atomic(data, tmp / name)
            (tmp / name).chmod(0o644)  # a report is for sharing (mkstemp makes 0600)
        tmp.chmod(0o755)
        report("moving the report into place", 0.97)
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report("done", 1.0)
    return sorted(out / name for name in files if name != MARKER)


# --- Why this order (coverage.ranking) -----------------------------------------------------------

WEIGHT_SET_NAMES_FI: dict[str, str] = {
    "default": "Oletuspainot",
    "user": "Tämän raportin painot",
    "equal": "Kaikki kriteerit yhtä painavia",
    "few_units_first": "Vähän yksiköitä ensin",
    "local_knowledge_first": "Paikallistuntemus ensin",
    "size_first": "Riittävä koko ensin",
    "equal_access_first": "Yhdenvertainen saavutettavuus ensin",
}


def _fmt_weight(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _option_fi(option: str) -> str:
    return OPTION_NAMES_FI.get(option, option)


def weights_sentence_fi(ranking: Ranking) -> str:
    """Return which weights were used, with the criteria's Finnish names (no variable names)."""
    parts = ", ".join(
        f"{c.label_fi} {_fmt_weight(getattr(ranking.weights, c.name))}" for c in CRITERIA
    )
    if ranking.uses_defaults:
        return f"Painot: oletuspainot (docs/compare.md) – {parts}."
    return f"Painot: käyttäjän antamat painot, eivät oletuspainot – {parts}."


def winner_sentence_fi(ranking: Ranking) -> str:
    """Return the verdict: the clear winner, or that there is none, with the rule used."""
    top = _option_fi(ranking.top)
    share = fmt_value("x_share", ranking.top_first_share)
    draws = (
        f"{fmt_value('n', ranking.draws)} satunnaisesta painotuksesta "
        f"(kukin paino ±{ranking.spread * 100:g} %)"
    )
    rule = f"selväksi voittajaksi vaaditaan vähintään {ranking.min_first_share * 100:g} %"
    if ranking.clear_winner:
        return f"Selvä voittaja: {top}, paras {share}:ssa {draws}; {rule}."
    lead = ", ".join(_option_fi(o) for o in ranking.leading)
    return (
        f"Ei selvää voittajaa: korkeimmat pisteet saa {top}, mutta se on paras vain "
        f"{share}:ssa {draws}; {rule}. Kärkivaihtoehtojen ({lead}) ero on painojen "
        "epävarmuuden sisällä."
    )


def ranking_tables(ranking: Ranking) -> dict[str, pd.DataFrame]:
    """Return the ranking explanation as tables for CSV/XLSX (criterion and set names as ids)."""
    sets = ranking.weight_sets.copy()
    sets.insert(1, "weight_set_fi", sets["weight_set"].map(WEIGHT_SET_NAMES_FI))
    return {
        "ranking_tipping_points": ranking.tipping,
        "ranking_separation": ranking.separation,
        "ranking_weight_sets": sets,
        "ranking_dominance": ranking.dominance,
    }


def ranking_html(ranking: Ranking) -> str:
    """Return the section saying why the options rank as they do (Finnish)."""
    label = {c.name: c.label_fi for c in CRITERIA}
    verdict_cls = "verdict" if ranking.clear_winner else "verdict no-winner"
    lead = ", ".join(
        f"{_option_fi(o)} {fmt_value('score', ranking.scores[o])}" for o in ranking.leading
    )
    parts = [
        "<h2>Miksi tämä järjestys</h2>",
        f'<p class="{verdict_cls}"><strong>{_esc(winner_sentence_fi(ranking))}</strong></p>',
        f"<p>{_esc(weights_sentence_fi(ranking))}</p>",
        f"<p>Kärkivaihtoehdot (kokonaispisteet): {_esc(lead)}.</p>",
        "<h3>Mikä erottaa kärkivaihtoehdot</h3>",
        "<p>Kunkin kriteerin osuus pisteiden erosta: paino × normalisoitujen arvojen ero / "
        "painojen summa. Osuudet summautuvat pisteiden eroksi.</p>",
    ]
    rows = []
    for (a, b), sep in ranking.separation.groupby(["leader", "other"], sort=False):
        pro = sep[sep["contribution"] > 0]
        con = sep[sep["contribution"] < 0]

        def listed(frame: pd.DataFrame) -> str:
            return "; ".join(
                f"{label[r.criterion]} {r.contribution:+.4f}".replace(".", ",")
                for r in frame.itertuples()
            ) or "–"

        rows.append(
            f"<tr><td>{_esc(_option_fi(a))} – {_esc(_option_fi(b))}</td>"
            f'<td class="n">{sep["contribution"].sum():+.4f}</td>'.replace(".", ",")
            + f"<td>{_esc(listed(pro))}</td><td>{_esc(listed(con))}</td></tr>"
        )
    parts.append(
        _wrap_table(
            "<tr><th>Pari (edellä – jäljessä)</th><th>Pisteiden ero</th>"
            "<th>Edellä olevan eduksi</th><th>Jäljessä olevan eduksi</th></tr>",
            rows,
        )
    )
    tips = ranking.tipping[ranking.tipping["tipping_weight"].notna()]
    parts += [
        "<h3>Käännepisteet</h3>",
        "<p>Paino, jolla parin järjestys kääntyy, kun muut painot pysyvät ennallaan (painot "
        f"0–{_fmt_weight(TIPPING_WEIGHT_MAX)}). Muilla kriteereillä parin järjestys ei käänny "
        "tällä välillä.</p>",
    ]
    rows = [
        f"<tr><td>{_esc(_option_fi(r.leader))} – {_esc(_option_fi(r.other))}</td>"
        f"<td>{_esc(label[r.criterion])}</td>"
        f'<td class="n">{_esc(_fmt_weight(r.weight))}</td>'
        f'<td class="n">{_esc(f"{r.tipping_weight:.2f}".replace(".", ","))}</td>'
        f"<td>{'laskee alle' if r.direction == 'lower' else 'nousee yli'} – silloin "
        f"{_esc(_option_fi(r.other))} ohittaa</td></tr>"
        for r in tips.sort_values(["leader", "other"], key=lambda s: s.map(
            {o: i for i, o in enumerate(ranking.leading)})).itertuples()
    ]
    parts.append(
        _wrap_table(
            "<tr><th>Pari</th><th>Kriteeri</th><th>Paino nyt</th><th>Käännepiste</th>"
            "<th>Järjestys kääntyy, kun paino</th></tr>",
            rows or ["<tr><td colspan=5>Ei käännepisteitä painoilla 0–10.</td></tr>"],
        )
    )
    sets = ranking.weight_sets
    rows = []
    for name, group in sets.groupby("weight_set", sort=False):
        frame = group.sort_values("rank", kind="stable")
        weights = ", ".join(_fmt_weight(frame.iloc[0][f"w_{c.name}"]) for c in CRITERIA)
        first = ", ".join(_option_fi(o) for o in frame.loc[frame["first"], "option"])
        ranks = frame.set_index("option")["rank"]
        cells = "".join(f'<td class="n">{int(ranks[o])}</td>' for o in ranking.leading)
        rows.append(
            f"<tr><td>{_esc(WEIGHT_SET_NAMES_FI.get(name, name))}</td><td>{_esc(weights)}</td>"
            f"<td>{_esc(first)}</td>{cells}</tr>"
        )
    order = " / ".join(label[c.name] for c in CRITERIA)
    head = "".join(f"<th>Sija: {_esc(_option_fi(o))}</th>" for o in ranking.leading)
    parts += [
        "<h3>Järjestys muilla painotuksilla</h3>",
        f"<p>Painojen järjestys: {_esc(order)}. ”Ensin”-painotuksissa yksi kriteeri saa painon "
        "4 ja muut 1.</p>",
        _wrap_table(
            f"<tr><th>Painotus</th><th>Painot</th><th>Paras</th>{head}</tr>", rows
        ),
    ]
    dominated = ranking.dominance[~ranking.dominance["non_dominated"]]
    if dominated.empty:
        dom = (
            "Dominanssi: mikään vaihtoehto ei ole toista parempi tai yhtä hyvä kaikilla "
            "painotetuilla kriteereillä – jokainen on paras tai toisia parempi jossakin, joten "
            "järjestys riippuu painoista."
        )
    else:
        dom = "Dominoidut vaihtoehdot (toinen on vähintään yhtä hyvä kaikilla kriteereillä): " + (
            "; ".join(
                f"{_option_fi(r.option)} ← "
                + ", ".join(_option_fi(o.strip()) for o in r.dominated_by.split(","))
                for r in dominated.itertuples()
            )
            + ". Dominoitu vaihtoehto ei voi olla paras millään painoilla."
        )
    parts.append(f"<p>{_esc(dom)}</p>")
    return "\n".join(parts)
