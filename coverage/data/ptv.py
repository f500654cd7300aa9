"""
Suomi.fi service register (PTV, Palvelutietovaranto) as a provider source: service locations.

Every public body must describe its services in PTV; its Open API gives the *service locations*
(service channels of type ServiceLocation: Kela offices, joint service points, municipal
customer-service points, libraries, ...) with coordinates, languages and opening hours. This
module fetches them, keeps only what the provider layer needs, and writes them as a source file
(`providers/more/ptv_service_locations_<date>.csv`) that the builder reads like the other
provider lists.

The JSON format is that of the PTV Open API v11 (public, no key), as its source defines it
(`vrk-kpa/ptv-releases`: `V11ServiceChannelController`, `V11VmOpenApiServiceLocationChannel`,
`VmOpenApiModelWithPagingBase`, `V3VmOpenApiGuidPage`, `V9VmOpenApiAddressLocation`,
`VmOpenApiAddressStreetWithCoordinates`, `V11VmOpenApiServiceHour`):

* `GET {base}/v11/ServiceChannel/list/area/Municipality/code/{code}` (with
  `includeWholeCountry=false&page=N`) and
  `GET {base}/v11/ServiceChannel/list/organization?organizationId={guid}&page=N`: full channels,
  paged as `{pageNumber, pageSize, pageCount, itemList}`;
* `GET {base}/v11/ServiceChannel/type/ServiceLocation?page=N` (ids and names, same paging) and
  `GET {base}/v11/ServiceChannel/list?guids=a,b,...` (at most 100 ids): the whole country;
* `GET {base}/v11/Service/serviceClass?uri={uri}&page=N`: the ids of the services of a service
  class; a location belongs to the class when one of its `services[].service.id` is among them.

v12 (`version="v12"`) takes the same paths and needs an API key from the environment
(`PTV_API_KEY`, sent in the header named by `PTV_API_KEY_HEADER`, default `x-api-key`; the
header name is not verified against the live v12 service).

**Personal data is dropped at the door.** Channels may carry e-mail addresses and phone numbers
(`emails`, `phoneNumbers`, `supportPhones`, `services[].contactDetails`) and free text that may
hold them (`additionalInformation`, descriptions). Only an allow-list of fields is read (ids,
names, the visiting address, coordinates, languages, weekly opening times, linked service ids and
names), and every kept text is scrubbed of anything shaped like an e-mail address or a phone
number. Nothing else is stored or logged, and PTV replies are never put in the download cache.
"""

from __future__ import annotations

import logging
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from coverage.errors import InputError, Problem, SourceError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

log = logging.getLogger(__name__)

Json = Any

PTV_BASE_URL = "https://api.palvelutietovaranto.suomi.fi/api"
PTV_VERSIONS: tuple[str, ...] = ("v11", "v12")
PTV_API_KEY_ENV = "PTV_API_KEY"
PTV_API_KEY_HEADER_ENV = "PTV_API_KEY_HEADER"
PTV_API_KEY_HEADER = "x-api-key"
PTV_GUIDS_PER_REQUEST = 100
"""`ServiceChannel/list?guids=` takes at most 100 ids (the controller's documentation)."""
PTV_MAX_PAGES = 2000
"""Stop paging after this many pages of one query: a guard against a service that never ends."""
PTV_PUBLISHER = "Digital and Population Data Services Agency DVV (Suomi.fi PTV Open API)"
PTV_LICENCE = "CC BY 4.0 (PTV open data; not verified against the API terms)"
PTV_FILE = "providers/more/ptv_service_locations_{date}.csv"
PTV_PROVIDER_TYPE = "service_point"
"""Provider type of a PTV service location that is not a library (taxonomy: joint or customer
service point, AUTA part A, walk-in)."""

SERVICE_LOCATION = "ServiceLocation"
STANDARD_HOURS: frozenset[str] = frozenset({"DaysOfTheWeek", "Standard"})
"""`serviceHourType` of the regular weekly hours (the Open API writes Standard as DaysOfTheWeek)."""
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
_DAY_SHORT = dict(zip(WEEKDAYS, ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"), strict=True))

# Coordinates: the fields are called latitude/longitude, but PTV-derived records carry
# ETRS-TM35FIN northing/easting (see ../shared/data/providers/README.md §4.2); both are read.
_TM35_NORTHING = (6_580_000.0, 7_800_000.0)
_TM35_EASTING = (40_000.0, 780_000.0)
_WGS84_LAT = (59.0, 71.0)
_WGS84_LON = (19.0, 32.0)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+|\b0)[\d\s()/-]{6,}\d")
"""A phone number: starts with + or 0 and has at least 8 digits, spaces and dashes between."""

PTV_COLUMNS: tuple[str, ...] = (
    "ptv_id", "name", "name_sv", "organization_id", "source_id", "street_address", "postal_code",
    "post_office", "kunta_code", "x", "y", "coordinate_state", "languages", "opening_hours",
    "opening_h_week", "service_ids", "service_names", "service_classes",
)
"""Columns of the PTV source file (x/y: EPSG:3067 metres). No e-mail or phone column exists."""


@dataclass(frozen=True)
class PtvQuery:
    """Which service locations to fetch: by municipality, organisation and/or service class.

    With neither municipalities nor organisations, the whole country. Service classes (URIs such
    as http://urn.fi/URN:NBN:fi:au:ptvl:v1065) narrow the result to locations that offer a
    service of one of the classes.
    """

    municipalities: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    service_classes: tuple[str, ...] = ()
    version: str = "v11"
    base_url: str = PTV_BASE_URL
    api_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Refuse an unknown version, bad codes, or v12 without a key, naming each problem."""
        problems = []
        if self.version not in PTV_VERSIONS:
            problems.append(Problem("--ptv-version", None, "version",
                                    f"unknown PTV API version {self.version!r}; use v11 or v12"))
        for code in self.municipalities:
            if not re.fullmatch(r"\d{3}", str(code)):
                problems.append(Problem("--municipality", None, "municipality",
                                        f"{code!r} is not a municipality code; give three "
                                        "digits, e.g. 091"))
        for org in self.organisations:
            if not re.fullmatch(r"[0-9a-fA-F-]{36}", str(org)):
                problems.append(Problem("--organisation", None, "organisation",
                                        f"{org!r} is not a PTV organisation id (a GUID)"))
        if self.version == "v12" and not self.key():
            problems.append(Problem(PTV_API_KEY_ENV, None, "api_key",
                                    f"PTV API v12 needs an API key: set {PTV_API_KEY_ENV}"))
        if problems:
            raise InputError(problems)

    def key(self) -> str | None:
        """Return the API key: given, else from the environment (never stored in files)."""
        return self.api_key or os.environ.get(PTV_API_KEY_ENV) or None

    def root(self) -> str:
        """Return the versioned API root, e.g. https://…/api/v11."""
        return f"{self.base_url.rstrip('/')}/{self.version}"


# --- reading the reply (allow-list; personal data never leaves this section) -----------------


def scrub(text: object) -> str:
    """Return `text` without anything shaped like an e-mail address or a phone number."""
    cleaned = _PHONE.sub("", _EMAIL.sub("", str(text or "")))
    return re.sub(r"\s+", " ", cleaned).strip(" ,;")


_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _guid(value: object) -> str:
    """Return `value` if it is a GUID (PTV ids), else "" (an id is never free text)."""
    text = str(value or "").strip()
    return text if _GUID.fullmatch(text) else ""


def _localized(items: object, *, lang: str = "fi", kind: str | None = None) -> str:
    """Return the `value` in `lang` (else fi, sv, en, anything) of a PTV localized list."""
    if not isinstance(items, list):
        return ""
    entries = [i for i in items if isinstance(i, dict) and (kind is None or i.get("type") == kind)]
    by_lang = {str(i.get("language", "")): str(i.get("value") or "") for i in entries}
    for wanted in (lang, "fi", "sv", "en"):
        if by_lang.get(wanted):
            return by_lang[wanted]
    return next((v for v in by_lang.values() if v), "")


def unwrap_channel(item: object) -> dict[str, Json] | None:
    """
    Return the channel of a list item: the object itself, or the member of a wrapper.

    `V11VmOpenApiServiceChannels` holds one of `locationChannel`, `phoneChannel`, ...
    """
    if not isinstance(item, dict):
        return None
    if "serviceChannelType" in item or "id" in item:
        return item
    for value in item.values():
        if isinstance(value, dict) and "serviceChannelType" in value:
            return value
    return None


def _point(street: Mapping[str, Json]) -> tuple[float, float] | None:
    """Return (x, y) in EPSG:3067 from PTV latitude/longitude strings, or None if unusable."""
    try:
        lat = float(str(street.get("latitude")).replace(",", "."))
        lon = float(str(street.get("longitude")).replace(",", "."))
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    tm35 = _TM35_NORTHING[0] <= lat <= _TM35_NORTHING[1]
    if tm35 and _TM35_EASTING[0] <= lon <= _TM35_EASTING[1]:
        return lon, lat  # TM35FIN: "longitude" is the easting
    if _WGS84_LAT[0] <= lat <= _WGS84_LAT[1] and _WGS84_LON[0] <= lon <= _WGS84_LON[1]:
        from pyproj import Transformer  # noqa: PLC0415 - only for degree coordinates

        x, y = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True).transform(lon, lat)
        return float(x), float(y)
    return None


def _visiting_address(channel: Mapping[str, Json]) -> Mapping[str, Json] | None:
    """Return the street address of the first visiting (Location/Visiting) address."""
    addresses = [a for a in channel.get("addresses") or [] if isinstance(a, dict)]
    ordered = sorted(addresses, key=lambda a: a.get("type") not in ("Location", "Visiting"))
    for address in ordered:
        street = address.get("streetAddress")
        if isinstance(street, dict):
            return street
    return None


def _clock_h(text: object) -> float | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", str(text or "").strip())
    if not match:
        return None
    return int(match.group(1)) + int(match.group(2)) / 60


def opening_hours(channel: Mapping[str, Json]) -> tuple[str, float]:
    """Return the regular weekly opening times as text ("Mo 09:00-16:00; ...") and hours/week.

    Read from `serviceHours` entries of the standard type that are valid now (or have no end);
    closed entries and exceptions are left out. Times are read, free text is not.
    """
    spans: dict[str, list[tuple[float, float, str]]] = {}
    for entry in channel.get("serviceHours") or []:
        if not isinstance(entry, dict) or entry.get("serviceHourType") not in STANDARD_HOURS:
            continue
        if entry.get("isClosed") or (entry.get("validTo") and not entry.get("validForNow")):
            continue
        for hour in entry.get("openingHour") or []:
            if not isinstance(hour, dict) or hour.get("dayFrom") not in _DAY_SHORT:
                continue
            start, end = _clock_h(hour.get("from")), _clock_h(hour.get("to"))
            if start is None or end is None:
                continue
            end = end if end > start else end + 24  # over midnight
            label = f"{str(hour['from'])[:5]}-{str(hour['to'])[:5]}"
            spans.setdefault(hour["dayFrom"], []).append((start, end, label))
    text = "; ".join(
        f"{_DAY_SHORT[day]} {', '.join(s[2] for s in sorted(spans[day]))}"
        for day in WEEKDAYS if day in spans
    )
    week_h = sum(e - s for day in spans.values() for s, e, _ in set(day))
    return text, round(week_h, 2)


def location_row(channel: Mapping[str, Json], class_of_service: Mapping[str, str]) -> dict | None:
    """Return the kept fields of one ServiceLocation channel, or None if it is not one.

    `class_of_service` maps service id -> service class URI (empty: no class filter). Only
    allow-listed fields are read; every text is scrubbed (`scrub`).
    """
    if channel.get("serviceChannelType") != SERVICE_LOCATION or not _guid(channel.get("id")):
        return None
    street = _visiting_address(channel) or {}
    point = _point(street)
    services = [
        s["service"] for s in channel.get("services") or []
        if isinstance(s, dict) and isinstance(s.get("service"), dict)
    ]
    service_ids = [_guid(s.get("id")) for s in services if _guid(s.get("id"))]
    classes = sorted({class_of_service[i] for i in service_ids if i in class_of_service})
    hours_text, week_h = opening_hours(channel)
    municipality = street.get("municipality") if isinstance(street, dict) else None
    names = channel.get("serviceChannelNames")
    number = scrub(street.get("streetNumber"))
    return {
        "ptv_id": _guid(channel.get("id")),
        "name": scrub(_localized(names, kind="Name") or _localized(names)),
        "name_sv": scrub(_localized(names, lang="sv", kind="Name")),
        "organization_id": _guid(channel.get("organizationId")),
        "source_id": str(channel.get("sourceId") or "")
        if re.fullmatch(r"kirkanta--\d+", str(channel.get("sourceId") or "")) else "",
        "street_address": " ".join(p for p in (scrub(_localized(street.get("street"))), number)
                                   if p),
        "postal_code": str(street.get("postalCode") or "")
        if re.fullmatch(r"\d{5}", str(street.get("postalCode") or "")) else "",
        "post_office": scrub(_localized(street.get("postOffice"))),
        "kunta_code": str(municipality.get("code")).zfill(3)
        if isinstance(municipality, dict)
        and re.fullmatch(r"\d{1,3}", str(municipality.get("code") or "")) else "",
        "x": round(point[0], 1) if point else None,
        "y": round(point[1], 1) if point else None,
        "coordinate_state": str(street.get("coordinateState") or "")
        if re.fullmatch(r"[A-Za-z]{1,40}", str(street.get("coordinateState") or "")) else "",
        "languages": ";".join(lang for lang in channel.get("languages") or []
                              if isinstance(lang, str) and re.fullmatch(r"[a-z]{2}", lang)),
        "opening_hours": hours_text,
        "opening_h_week": week_h,
        "service_ids": ";".join(service_ids),
        "service_names": "; ".join(scrub(_localized(s.get("name"))) if isinstance(s.get("name"),
                                   list) else scrub(s.get("name")) for s in services),
        "service_classes": ";".join(classes),
    }


def location_table(
    channels: Iterable[object], class_of_service: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Return the service locations of `channels` (one row each) and counts of what was left.

    With `class_of_service`, only locations offering a service of those classes are kept.
    Locations without usable coordinates are left out (counted, not guessed).
    """
    rows, seen = [], set()
    counts = {"channels": 0, "not_service_location": 0, "no_coordinates": 0,
              "other_service_class": 0, "repeated": 0}
    wanted = dict(class_of_service or {})
    for item in channels:
        channel = unwrap_channel(item)
        if channel is None:
            continue
        counts["channels"] += 1
        row = location_row(channel, wanted)
        if row is None:
            counts["not_service_location"] += 1
        elif row["ptv_id"] in seen:
            counts["repeated"] += 1
        elif wanted and not row["service_classes"]:
            counts["other_service_class"] += 1
        elif row["x"] is None:
            counts["no_coordinates"] += 1
        else:
            seen.add(row["ptv_id"])
            rows.append(row)
    return pd.DataFrame(rows, columns=list(PTV_COLUMNS)), counts


# --- fetching --------------------------------------------------------------------------------


def _check_page(url: str, doc: Json) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get("itemList", []), list | None):
        msg = f"{url}: not a PTV page (expected pageNumber, pageCount and itemList)"
        raise SourceError(msg)
    if not isinstance(doc.get("pageCount"), int) or doc["pageCount"] < 0:
        msg = f"{url}: the page has no pageCount"
        raise SourceError(msg)


def _check_list(url: str, doc: Json) -> None:
    if not isinstance(doc, list):
        msg = f"{url}: expected a list of service channels"
        raise SourceError(msg)


def _pages(http: Any, url: str, params: list[tuple[str, object]], label: str) -> list[Json]:  # noqa: ANN401
    """Return the items of every page of a paged PTV query (`page` = 1, 2, …, pageCount)."""
    items: list[Json] = []
    page, count = 1, 1
    while page <= count:
        if page > PTV_MAX_PAGES:
            msg = f"{url}: more than {PTV_MAX_PAGES} pages; narrow the query"
            raise SourceError(msg)
        doc, _, _ = http.get_json(url, [*params, ("page", page)], label=f"{label} p{page}",
                                  check=_check_page)
        count = int(doc["pageCount"])
        items.extend(doc.get("itemList") or [])
        if not doc.get("itemList"):
            break
        page += 1
    return items


def _http(query: PtvQuery, **settings: Any) -> Any:  # noqa: ANN401
    from coverage.data._online import _Http  # noqa: PLC0415 - the shared downloader

    http = _Http(**settings)
    key = query.key()
    if key:  # v12; the key goes in a header, never in a URL (URLs are cache keys and logged)
        header = os.environ.get(PTV_API_KEY_HEADER_ENV) or PTV_API_KEY_HEADER
        http.session.headers[header] = key
    return http


def fetch_channels(query: PtvQuery, http: Any) -> tuple[list[Json], dict[str, str], str]:  # noqa: ANN401
    """Return (raw channels, service id -> class URI, first URL) for `query` via `http`."""
    root = query.root()
    class_of_service: dict[str, str] = {}
    for uri in query.service_classes:
        for item in _pages(http, f"{root}/Service/serviceClass", [("uri", uri)], "services"):
            if isinstance(item, dict) and item.get("id"):
                class_of_service.setdefault(str(item["id"]), uri)
    channels: list[Json] = []
    first = ""
    for code in query.municipalities:
        url = f"{root}/ServiceChannel/list/area/Municipality/code/{code}"
        first = first or url
        channels += _pages(http, url, [("includeWholeCountry", "false")], f"PTV {code}")
    for org in query.organisations:
        url = f"{root}/ServiceChannel/list/organization"
        first = first or url
        channels += _pages(http, url, [("organizationId", org)], "PTV organisation")
    if not (query.municipalities or query.organisations):
        url = f"{root}/ServiceChannel/type/{SERVICE_LOCATION}"
        first = url
        ids = [str(i["id"]) for i in _pages(http, url, [], "PTV locations")
               if isinstance(i, dict) and i.get("id")]
        for start in range(0, len(ids), PTV_GUIDS_PER_REQUEST):
            batch = ",".join(ids[start:start + PTV_GUIDS_PER_REQUEST])
            doc, _, _ = http.get_json(f"{root}/ServiceChannel/list", [("guids", batch)],
                                      label=f"PTV channels {start + 1}", check=_check_list)
            channels += doc
    return channels, class_of_service, first


def service_locations(
    query: PtvQuery, *, timeout_s: float = 60, retries: int = 3, backoff_s: float = 1.0,
    progress: bool = False,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """
    Fetch the service locations of `query`; return them and notes (counts, URL, version).

    The replies are never cached on disk: they may hold personal e-mail addresses and phone
    numbers, and only the allow-listed fields may leave this module.

    Raises
    ------
    SourceError
        If the service is unreachable or answers something that is not the PTV format (the
        message names the URL).
    """
    http = _http(query, timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
                 cache_dir=None, cache_max_age_s=0.0, progress=progress)
    try:
        channels, class_of_service, url = fetch_channels(query, http)
    finally:
        http.close()
    table, counts = location_table(channels, class_of_service if query.service_classes else None)
    if counts["no_coordinates"]:
        log.info("PTV: %d service locations without usable coordinates left out",
                    counts["no_coordinates"])
    notes = {"url": url, "version": query.version, **counts, "kept": len(table)}
    return table, notes


def write_source_file(
    staging: Path, query: PtvQuery, *, today: str | None = None, **settings: Any  # noqa: ANN401
) -> dict[str, object]:
    """
    Fetch `query` into `staging/providers/more/ptv_service_locations_<today>.csv`.

    Returns the source record for the manifest (`sync --online --ptv`).
    """
    from coverage.data._online import _atomic_write_bytes, _csv_bytes, _record  # noqa: PLC0415

    today = today or date.today().isoformat()
    table, notes = service_locations(query, **settings)
    rel = PTV_FILE.format(date=today)
    rows = table[list(PTV_COLUMNS)].itertuples(index=False, name=None)
    _atomic_write_bytes(Path(staging) / rel, _csv_bytes(PTV_COLUMNS, rows))
    return _record(rel, str(notes["url"]), PTV_PUBLISHER, PTV_LICENCE, today, len(table),
                   note=f"PTV Open API {query.version}: {notes['kept']} service locations "
                   f"({notes['no_coordinates']} without coordinates left out)",
                   skipped_without_coordinates=notes["no_coordinates"])


# --- into the provider layer -----------------------------------------------------------------


def read_source_file(path: Path, reference_date: str) -> pd.DataFrame:
    """Return the PTV source file as provider rows (columns of `schema.PROVIDER_COLUMNS`)."""
    from coverage.data.providers import _defaults  # noqa: PLC0415
    from coverage.data.schema import SERVICE_FLAGS  # noqa: PLC0415

    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in PTV_COLUMNS if c not in raw.columns]
    if missing:
        msg = f"{path}: missing columns {missing}"
        raise SourceError(msg)
    return as_providers(raw, reference_date, _defaults(PTV_PROVIDER_TYPE), SERVICE_FLAGS)


def as_providers(
    raw: pd.DataFrame, reference_date: str, defaults: Mapping[str, object],
    flags: Iterable[str],
) -> pd.DataFrame:
    """Return PTV location rows (`PTV_COLUMNS`) as provider rows with source and date."""
    address = [
        ", ".join(p for p in (s, f"{c} {o}".strip()) if p)
        for s, c, o in zip(raw["street_address"], raw["postal_code"], raw["post_office"],
                           strict=True)
    ]
    out = pd.DataFrame({
        "provider_id": "ptv:" + raw["ptv_id"].astype(str),
        "name": raw["name"],
        **dict(defaults),
        "kunta_code": [str(c).zfill(3) if c else "" for c in raw["kunta_code"]],
        "x": pd.to_numeric(raw["x"]).astype(float),
        "y": pd.to_numeric(raw["y"]).astype(float),
        "address": address,
        "languages": raw["languages"],
        "source": "Suomi.fi PTV Open API",
        "reference_date": reference_date,
        "location_approximate": False,
        "city": raw["post_office"],
        "institutional": False,
        "homepage": "",
        "seniorsurf_organizers": "",
        "ptv_channel_id": raw["ptv_id"].astype(str),
        "ptv_service_classes": raw["service_classes"],
        "opening_hours": raw["opening_hours"],
        "opening_h_week": pd.to_numeric(raw["opening_h_week"], errors="coerce"),
        "kirkanta_source_id": raw["source_id"].str.extract(r"^kirkanta--(\d+)$")[0].fillna(""),
    })
    for flag in flags:
        out[flag] = False
    return out


PREVIEW_COLUMNS: tuple[str, ...] = (
    "action", "name", "address", "kunta_code", "languages", "opening_hours", "opening_h_week",
    "service_classes", "linked_library", "provider_id",
)


def preview(locations: pd.DataFrame, providers: pd.DataFrame | None, reference_date: str
            ) -> pd.DataFrame:
    """
    Return what `sync --online --ptv` would do with `locations` (`PTV_COLUMNS` rows).

    `action` is "add" (a new provider) or "link" (the location is a library already in
    `providers`, by Kirkanta id or the SeniorSurf rule; `linked_library` names it). Without a
    dataset (`providers` None) every location is "add".
    """
    from coverage.data.providers import _defaults, library_match  # noqa: PLC0415
    from coverage.data.schema import SERVICE_FLAGS  # noqa: PLC0415

    rows = as_providers(locations, reference_date, _defaults(PTV_PROVIDER_TYPE), SERVICE_FLAGS)
    linked = [""] * len(rows)
    if providers is not None and len(rows):
        libraries = providers[providers["provider_type"] == "library"].reset_index(drop=True)
        position = {pid: i for i, pid in enumerate(libraries["provider_id"])}
        near, idx = library_match(libraries, rows)
        for i, kirkanta in enumerate(rows["kirkanta_source_id"]):
            at = position.get(f"kirkanta:{kirkanta}", -1) if kirkanta else -1
            at = at if at >= 0 else (int(idx[i]) if near[i] else -1)
            if at >= 0:
                lib = libraries.iloc[at]
                linked[i] = f"{lib['name']} ({lib['provider_id']})"
    out = rows.assign(
        action=["link" if name else "add" for name in linked],
        linked_library=linked,
        service_classes=rows["ptv_service_classes"],
    )
    return out[list(PREVIEW_COLUMNS)]
