"""The source files a working dataset is built from.

Where they lie in a source directory, who publishes them, under which licence, and their
reference date.

A source directory is laid out like `../shared/data` (the offline mirror) or like the staging
directory that `sync --online` fills from the official services. Files are found by glob, so a
refreshed file with a newer date in its name is picked up (the newest name wins).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from coverage.errors import SourceError


@dataclass(frozen=True)
class SourceSpec:
    """One input layer of the working dataset."""

    key: str
    pattern: str  # glob relative to the source directory
    publisher: str
    licence: str
    reference_date: str  # default; a date in the file name overrides it
    note: str = ""


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec(
        "municipalities", "regions/kunta_vaki*_statfi.geojson",
        "Statistics Finland (WFS vaestoalue:kunta_vaki2024)", "CC BY 4.0", "2024-12-31",
        "population 31.12.2024, regional division 1.1.2025, polygons 1:4.5M land only",
    ),
    SourceSpec(
        "key_2025", "regions/municipality_key_2025_statfi.csv",
        "Statistics Finland classifications (via rOpenGov/geofi)", "CC BY 4.0", "2025-01-01",
        "municipality -> maakunta, AVI, ELY, hyvinvointialue, seutukunta, language",
    ),
    SourceSpec(
        "key_2026", "regions/municipality_key_2026_statfi.csv",
        "Statistics Finland classifications (via rOpenGov/geofi)", "CC BY 4.0", "2026-01-01",
        "municipality -> elinvoimakeskus",
    ),
    SourceSpec(
        "maistraatit", "regions/maistraatit_kuntaluettelo_2018-01-01_vrk.csv",
        "Väestörekisterikeskus VRK (now DVV)", "open data (avoindata.fi); not verified",
        "2018-01-01", "the 10 register offices of 1.1.2018, mapped onto 2025 municipalities",
    ),
    SourceSpec(
        "admin_centres", "regions/kunnanhallintokeskukset_nls_mtk*.csv",
        "National Land Survey of Finland (Maastotietokanta)", "CC BY 4.0", "2025-04-15",
        "municipal administrative-centre label points",
    ),
    SourceSpec(
        "grid", "population/grid/fi_census2021_grid1km.csv",
        "Eurostat Census 2021 grid (data for Finland from Statistics Finland)",
        "Eurostat reuse policy (attribution)", "2021-12-31", "1 km cells, EPSG:3035 grid",
    ),
    SourceSpec(
        "postal_areas", "population/paavo_postal_population_*.gpkg",
        "Statistics Finland (Paavo)", "CC BY 4.0", "2019-04-23", "postal-area polygons 2019",
    ),
    SourceSpec(
        "postal_ages", "population/paavo_postal_agestructure_*.csv",
        "Statistics Finland (Paavo)", "CC BY 4.0", "2017-12-31",
        "age structure per postal area, used for the 75+ share of 65+",
    ),
    SourceSpec(
        "settlements", "population/taajamat_ykr*_pop*.csv",
        "Finnish Environment Institute SYKE (YKR Taajamat 2022)", "CC BY 4.0", "2021-12-31",
        "urban settlements with population 2021",
    ),
    SourceSpec(
        "settlement_polygons", "population/taajamat_ykr*_pop*.gpkg",
        "Finnish Environment Institute SYKE (YKR Taajamat 2022)", "CC BY 4.0", "2021-12-31",
        "urban settlement polygons: built-up areas for seat points and road speeds",
    ),
    SourceSpec(
        "libraries", "providers/libraries_kirkanta_municipal_*.csv",
        "Kirjastot.fi / Kirjastohakemisto (Kirkanta API v4)", "CC BY 4.0 (not verified)",
        "2026-08-16", "public libraries, type=municipal",
    ),
    SourceSpec(
        "seniorsurf", "providers/more/digital_guidance_points_seniorsurf_2*.csv",
        "SeniorSurf (Vanhus- ja lähimmäispalvelun liitto VTKL)", "not stated", "2026-04-30",
        "digital guidance points for seniors",
    ),
    SourceSpec(
        "police", "providers/more/police_licence_service_points_*.csv",
        "Poliisi (Finnish Police) booking API", "not stated", "2021-12-06",
        "police licence desks (passport and ID card)",
    ),
)

OPTIONAL_SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec(
        "ptv", "providers/more/ptv_service_locations_*.csv",
        "Digital and Population Data Services Agency DVV (Suomi.fi PTV Open API)",
        "CC BY 4.0 (not verified)", "2026-12-01",
        "service locations from the Suomi.fi service register (sync --online --ptv)",
    ),
)
"""Layers read when the source directory has them (never required, never copied as fallback)."""

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def locate_sources(source_dir: Path) -> dict[str, Path]:
    """Return the file of each layer in `source_dir`, or raise one SourceError naming all missing.

    Raises
    ------
    SourceError
        If the directory or any layer is missing.
    """
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        msg = (
            f"source directory {source_dir} does not exist; pass --source DIR (a copy of the "
            "official data laid out like ../shared/data) or use --online"
        )
        raise SourceError(msg)
    found: dict[str, Path] = {}
    missing: list[str] = []
    for spec in SOURCES:
        matches = sorted(source_dir.glob(spec.pattern))
        if not matches:
            missing.append(f"{spec.key}: {spec.pattern}")
        else:
            found[spec.key] = matches[-1]
    if missing:
        msg = f"source directory {source_dir} lacks: " + "; ".join(missing)
        raise SourceError(msg)
    for spec in OPTIONAL_SOURCES:
        matches = sorted(source_dir.glob(spec.pattern))
        if matches:
            found[spec.key] = matches[-1]
    return found


def reference_date(spec: SourceSpec, path: Path) -> str:
    """Return the date in the file name when it has one, else the layer's documented date."""
    match = _DATE_IN_NAME.search(path.name)
    return match.group(1) if match else spec.reference_date


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


SPEC_BY_KEY = {spec.key: spec for spec in (*SOURCES, *OPTIONAL_SOURCES)}
