"""Column contracts of the working dataset: one place, so every layer agrees on names and units."""

from __future__ import annotations

DIVISIONS: tuple[str, ...] = (
    "country",
    "kunta",
    "maakunta",
    "avi",
    "maistraatti",
    "hyvinvointialue",
    "elinvoimakeskus",
    "ely",
    "seutukunta",
)
"""Division ids used everywhere (CLI, code, app). `country` is the single unit "FI"."""

CRS = "EPSG:3067"

# Provider frame: one row per support point. x/y in EPSG:3067 metres.
PROVIDER_COLUMNS: tuple[str, ...] = (
    "provider_id",  # str, unique within the dataset, e.g. "kirkanta:84750", "upload:12"
    "name",
    "provider_type",  # one of data/providers/provider_types.csv
    "auta_part",  # "A", "B" or "AB"
    "channel",  # "walk_in", "home_visit", "remote"
    "capacity_h_week",  # float, staffed support hours per week
    "kunta_code",  # 3-digit text, "" until assigned
    "x",
    "y",
    "address",
    "languages",  # ";"-separated ISO 639-1 codes, e.g. "fi;sv"; "" = unknown
    "source",  # short provenance
    "reference_date",  # ISO date of the source snapshot
    "location_approximate",  # bool: point is only a town centre / "by arrangement"
)
"""Required provider columns. Service flags are extra boolean columns named `svc_*`."""

SERVICE_FLAGS: tuple[str, ...] = (
    "svc_digituki",
    "svc_enter_ry",
    "svc_kela_etapalvelu",
    "svc_kaupungin_asiointipiste",
    "svc_tietotekniikkaopastus",
    "svc_digitalkkari",
    "svc_opastukset",
    "svc_tietokoneet",
    "svc_seniorsurf",
)
"""Boolean service flags. `svc_seniorsurf`: listed as a SeniorSurf digital-guidance point."""


LAYER_FILES: dict[str, str] = {
    "municipalities": "municipalities.parquet",
    "membership": "membership.parquet",
    "units": "units.parquet",
    "demand": "demand.parquet",
    "providers": "providers.parquet",
    "settlements": "settlements.parquet",
}
"""The working dataset's layers and their files (written by `build`, read by `dataset`)."""

LAYER_COLUMNS: dict[str, dict[str, str]] = {
    "municipalities": {
        "kunta_code": "string", "name_fi": "string", "name_sv": "string",
        "population": "integer", "pop_0_14": "integer", "pop_15_64": "integer",
        "pop_65plus": "integer", "geometry": "binary",
    },
    "membership": {"kunta_code": "string", **dict.fromkeys(DIVISIONS, "string")},
    "units": {
        "division": "string", "unit_code": "string", "name_fi": "string", "name_sv": "string",
        "seat_kunta_code": "string", "seat_x": "float", "seat_y": "float",
    },
    "demand": {
        "cell_id": "string", "grid_col": "integer", "grid_row": "integer",
        "x": "float", "y": "float", "kunta_code": "string", "population": "integer",
        "pop_0_14": "number", "pop_15_64": "number", "pop_65plus": "number",
        "pop_75plus": "number",
    },
    "providers": {
        **dict.fromkeys(PROVIDER_COLUMNS, "string"),
        "capacity_h_week": "float", "x": "float", "y": "float", "location_approximate": "bool",
    },
    "settlements": {
        "name_fi": "string", "name_sv": "string", "population_2021": "integer",
        "x": "float", "y": "float", "kunta_code": "string",
    },
}
"""Columns every layer must have, with their kind (string, integer, float, number, bool, binary).

`load_dataset` checks them from the parquet schema before reading, so a layer copied over
another (settlements over providers) is refused by name. Extra columns are allowed.
"""
