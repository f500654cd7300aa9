"""Every tunable number of the analysis, with its source.

Never changed at run time: callers pass overrides as arguments (e.g.
`dataclasses.replace(DEFAULT_NEED_RATES, ...)`), because one app process serves every user.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- National reference populations at the time of the seed's figures (31.12.2017) -------------
# Statistics Finland Paavo 2019 edition, whole-country row (see ../shared/data/population/README.md
# "paavo_postal_agestructure_2017.csv": the dropped "Finland" row).
POP_TOTAL_2017 = 5_513_130
POP_65PLUS_2017 = 1_179_318
POP_75PLUS_2017 = 501_800
POP_65_74_2017 = POP_65PLUS_2017 - POP_75PLUS_2017  # 677 518
# Ages 0-14 on 31.12.2017: the whole-country row's child bands are not in the mirror, so the share
# comes from the 3 026 postal areas of the same file (they hold 5 441 941 of the 5 513 130):
#   he_0_2 + he_3_6 + he_7_12 + 2/3 * he_13_15 = 159 342 + 238 884 + 365 946 + 2/3 * 174 687
#   = 880 630 -> share 0.161823 of 5 441 941 -> 0.161823 * 5 513 130 = 892 150 (2/3: ages 13-14 of
#   the 13-15 band, assumed evenly spread). Adults 15+: 5 513 130 - 892 150 = 4 620 980.
POP_0_14_2017 = 892_150
POP_15PLUS_2017 = POP_TOTAL_2017 - POP_0_14_2017  # 4 620 980

# --- Seed figures (VM AUTA digituki model, shared/seed/auta-digituki-toimintamalli.txt) ---------
SEED_75PLUS_NO_COMPUTER = 300_000  # "300 000 yli 75-vuotiasta ilman tietokonetta"
SEED_65PLUS_NO_SMARTPHONE = 500_000  # "500 000 yli 65-vuotiasta ilman älypuhelinta"
# "Neljännes yli 65-vuotiasta (242 000) ei ole koskaan käynyt netissä"
SEED_65PLUS_NEVER_ONLINE = 242_000
# "250 000 suomalaisella (5 % väestöstä) ... estää normaalin netin käytön"
SEED_DISABILITY_ALL = 250_000

# Derivation, preset "seed2017" (written out so a reviewer can redo it):
#  TASO 4 (cannot use) = the 250 000 with a disability, on the population the rate is applied to
#  (ages 15+; children are helped by their guardians):  250 000 / 4 620 980         = 0.054101
#  (the seed's "5 % of the population" divides by everyone, 250 000 / 5 513 130 = 0.04535, but the
#  model applies the rate to ages 15+ only: 218 373 people nationally instead of about 250 000)
#  need among 75+ (TASO 2-4) = no computer:               300 000 / 501 800              = 0.59785
#  need among 65-74 (TASO 2-4) = 65+ without smartphone less the 75+ counted above:
#                                                         (500 000 - 300 000) / 677 518  = 0.29519
#  TASO 3 share of the 65+ need beyond TASO 4 = never online beyond TASO 4:
#        (242 000 - 0.054101 * 1 179 318) / (500 000 - 0.054101 * 1 179 318)          = 0.40852
#  TASO 2 = the rest of the need.
#  15-64: TASO 4 only (the seed gives no national figure for working-age TASO 2-3; set your own).
#  0-14: none (children are helped by their guardians).
TASO4_RATE = SEED_DISABILITY_ALL / POP_15PLUS_2017
NEED_75PLUS = SEED_75PLUS_NO_COMPUTER / POP_75PLUS_2017
NEED_65_74 = (SEED_65PLUS_NO_SMARTPHONE - SEED_75PLUS_NO_COMPUTER) / POP_65_74_2017
TASO3_SHARE_OF_65PLUS_NEED = (SEED_65PLUS_NEVER_ONLINE - TASO4_RATE * POP_65PLUS_2017) / (
    SEED_65PLUS_NO_SMARTPHONE - TASO4_RATE * POP_65PLUS_2017
)

# --- Later official surveys (preset "surveys2023") ----------------------------------------------
# Found offline with the project's search tool; the primary tables of the 2023/2024 ICT-use survey
# by age could not be opened offline, so the newest figure each source gives is used and its year
# is in the name. Sources:
#  [DVV2023] Digi- ja väestötietovirasto (DVV), "Digitaitoraportti 2023" (published 15.12.2023):
#    "vanhimmassa 75-89-vuotiaiden ikäryhmässä edelleen vain 22 prosentilla on perusdigitaidot
#    hallussa" - as quoted by Vanhustyön keskusliitto, "Ikääntyneiden digisyrjäytymisen
#    estämiseksi tarvitaan valtakunnallisia toimia",
#    https://vtkl.fi/ikaantyneiden-digisyrjaytymisen-estamiseksi-tarvitaan-valtakunnallisia-toimia
#    (an article on the Older People's Ombudsman's proposals). Nationally 73 % of 16-89 have at
#    least basic digital skills (DVV press release 15.12.2023). The report's figure for 65-74 was
#    not found offline.
#  [SF2022] Statistics Finland, "Väestön tieto- ja viestintätekniikan käyttö" 2022: 35 % of people
#    aged 75-89 had never used the internet - as quoted in a Helsingin Sanomat reader's column
#    (English translation: https://pledgetimes.com/readers-opinion-the-upper-age-limits-for-surveys-must-be-removed/);
#    the 2022 table itself was not found offline.
#  [SF2018] Statistics Finland, "Väestön tieto- ja viestintätekniikan käyttö 2018", review
#    "1. Suomalaisten internetin käyttö 2018", table 1 (published 4.12.2018),
#    https://www.stat.fi/til/sutivi/2018/sutivi_2018_2018-12-04_kat_001_fi.html : internet used in
#    the last 3 months by 78 % of 65-74 (so 22 % did not); never used by 18 % of 65-74 and "a
#    little over half" of 75-89 (52 %:
#    https://www.ficom.fi/ict-ala/tilastot/henkil%C3%B6iden-internetin-k%C3%A4ytt%C3%B6 ,
#    summarising the same release). The newest age-group figures for 65-74 found offline.
#  Context, not used in a rate: the Older People's Ombudsman (Vanhusasiavaltuutettu) statement of
#    21.5.2024 on its report to Parliament 2024 quotes THL: only 25 % of people over 79 rate their
#    internet skills good, https://vanhusasia.fi/-/vanhusasiavaltuutetun-kertomus-eduskunnalle-2024-vanhusasiavaltuutetun-lausunto
# Derivation, preset "surveys2023":
#  TASO 4: as in seed2017 (no later national count of people whose disability prevents use found).
#  need among 75+ (TASO 2-4) = without basic digital skills [DVV2023]:  1 - 0.22     = 0.78
#  TASO 3 among 75+ = never online [SF2022] beyond TASO 4:               0.35 - 0.054101 = 0.295899
#  need among 65-74 (TASO 2-4) = not an internet user (3 months) [SF2018]: 1 - 0.78   = 0.22
#    (a lower bound: users without basic skills also need support; the DVV 65-74 figure was not
#    found offline)
#  TASO 3 among 65-74 = never online [SF2018] beyond TASO 4:              0.18 - 0.054101 = 0.125899
#  TASO 2 = the rest of each band's need; 15-64: TASO 4 only, as in seed2017.
SURVEY_75_89_BASIC_SKILLS_2023 = 0.22  # [DVV2023]
SURVEY_75_89_NEVER_ONLINE_2022 = 0.35  # [SF2022]
SURVEY_65_74_INTERNET_USERS_2018 = 0.78  # [SF2018] table 1
SURVEY_65_74_NEVER_ONLINE_2018 = 0.18  # [SF2018]

AGE_BANDS: tuple[str, ...] = ("15_64", "65_74", "75plus")
LEVELS: tuple[int, ...] = (2, 3, 4)


def _split(total: float) -> dict[int, float]:
    rest = max(total - TASO4_RATE, 0.0)
    return {
        4: TASO4_RATE,
        3: rest * TASO3_SHARE_OF_65PLUS_NEED,
        2: rest * (1 - TASO3_SHARE_OF_65PLUS_NEED),
    }


def _levels(total: float, never_online: float) -> dict[int, float]:
    """Split a band's need: TASO 4, TASO 3 (never online beyond TASO 4), TASO 2 (the rest)."""
    taso3 = max(never_online - TASO4_RATE, 0.0)
    return {4: TASO4_RATE, 3: taso3, 2: max(total - TASO4_RATE - taso3, 0.0)}


@dataclass(frozen=True)
class NeedRates:
    """Share of each age band likely to need digital support, per seed level (TASO 2, 3, 4)."""

    rates: dict[str, dict[int, float]] = field(
        default_factory=lambda: {
            "15_64": {2: 0.0, 3: 0.0, 4: TASO4_RATE},
            "65_74": _split(NEED_65_74),
            "75plus": _split(NEED_75PLUS),
        }
    )

    def __post_init__(self) -> None:
        """Refuse rates outside [0, 1] or a band whose levels add up to more than everyone."""
        for band, levels in self.rates.items():
            if band not in AGE_BANDS:
                msg = f"unknown age band {band!r}; use one of {AGE_BANDS}"
                raise ValueError(msg)
            for level, rate in levels.items():
                if level not in LEVELS or not 0.0 <= rate <= 1.0:
                    msg = f"need rate {band}/TASO {level} = {rate}: levels are 2-4, rates 0..1"
                    raise ValueError(msg)
            if sum(levels.values()) > 1.0 + 1e-12:
                msg = f"need rates of {band} add up to more than 1"
                raise ValueError(msg)

    def rate(self, band: str, levels: tuple[int, ...] = LEVELS) -> float:
        """Return the share of `band` needing support at any of `levels`."""
        return sum(self.rates[band].get(level, 0.0) for level in levels)


DEFAULT_NEED_RATES = NeedRates()

NEED_MODELS: dict[str, NeedRates] = {
    "seed2017": DEFAULT_NEED_RATES,
    "surveys2023": NeedRates(
        rates={
            "15_64": {2: 0.0, 3: 0.0, 4: TASO4_RATE},
            "65_74": _levels(1 - SURVEY_65_74_INTERNET_USERS_2018, SURVEY_65_74_NEVER_ONLINE_2018),
            "75plus": _levels(1 - SURVEY_75_89_BASIC_SKILLS_2023, SURVEY_75_89_NEVER_ONLINE_2022),
        }
    ),
}
"""Need model presets (`--need-model`, the app's sidebar): the seed's 2017 figures and the later
official surveys; derivations above."""
DEFAULT_NEED_MODEL = "seed2017"


def need_model_name(rates: NeedRates) -> str | None:
    """Return the preset name whose rates equal `rates` (None for edited or filtered rates)."""
    return next((name for name, preset in NEED_MODELS.items() if preset == rates), None)


# --- 75+ today: ageing the 2017 postal cohorts to 31.12.2024 -------------------------------------
AGEING_YEARS = 7
"""Years from the postal age structure (31.12.2017) to the dataset's reference date (31.12.2024)."""
LIFE_TABLE_AGE_START = (55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110)
"""Start of each 5-year age group of LIFE_TABLE_MX (the last one is open: 110+)."""
LIFE_TABLE_MX = (0.00545, 0.00910, 0.01537, 0.02410, 0.03826, 0.06671, 0.12218, 0.21573, 0.34408,
                 0.50160, 0.66055, 0.77707)
"""Death rates m(x) per year, Finland, males, 2024, abridged 5-year period life table: Human
Mortality Database (www.mortality.org, built from Statistics Finland's deaths and population
statistics), as published at https://riski.wiki/wiki/Mortality/Data/FIN
("Male data from year 2024").
Statistics Finland's own life table (StatFin, "Kuolleisuustaulu") could not be opened offline, and
the female table of the same page was cut off in the stored copy. The males' rates overstate the
mortality of a population that is 57 % women at 75+, so they are scaled by one factor solved at
build time so that the aged cohorts match the official 65+ total of 31.12.2024 exactly (a
proportional-hazards calibration; the factor is in the manifest, about 0.80)."""
LIFE_TABLE_LX_OPEN = (161514, 70822, 17642, 2111, 108, 2)
"""Person-years L(x) of the same table for 85-89 ... 110+: the age profile assumed inside the
postal file's open 85+ band."""


# --- Limits on a user's uploaded file (the app's uploader, CLI `providers check`, --providers-file)
# One app process serves every user: a file must not be able to take the server's memory. Each
# refusal names its limit (coverage.messages "limit.*"); .streamlit/config.toml
# `server.maxUploadSize` equals UPLOAD_MAX_FILE_MB. Sizes in MiB (2**20 bytes), as Streamlit counts.
UPLOAD_MAX_FILE_MB = 50
"""Largest file accepted. A 200 000-row provider list with the template's nine columns is 16 MB
as CSV and 9 MB as XLSX (measured 2026-12-02), so 50 MB leaves room for long addresses."""

UPLOAD_MAX_ROWS = 200_000
"""Most data rows (or features) in one file. Finland has ~1 000 libraries and a few thousand
support points, so this is far beyond a real list. Measured on a shared 2-core machine
(`python -m coverage providers check`): 200 000 CSV rows in 19 s, peak 860 MB; as XLSX 81 s,
846 MB; the app draws them as a sampled preview map. Rows beyond it are not read."""

UPLOAD_MAX_COLUMNS = 200
"""Most columns in the header row (the template has 9; every `svc_*` flag is one more)."""

UPLOAD_MAX_UNPACKED_MB = 250
"""Largest total unpacked size of an XLSX's (zip's) members, from the zip directory, checked
before any member is read: a 1 MB workbook can unpack to gigabytes. The 200 000-row XLSX above
unpacks to 92 MB. Python's zipfile never inflates a member beyond its declared size (it stops
and reports a bad CRC), so the declared sizes bound the work."""

UPLOAD_MAX_ZIP_MEMBERS = 1_000
"""Most members in an XLSX (a workbook has ~10-30: sheets, styles, relations)."""

UPLOAD_MAX_PROBLEMS_LISTED = 100
"""Problems listed for one file (the first ones by row); the rest are counted in one line, so a
file with 200 000 bad rows gives a readable answer instead of 89 MB of messages."""

MAP_MAX_MARKERS = 5_000
"""Most points a preview map draws; a larger upload is drawn as a random sample of this many
(said under the map), clustered above MAP_UNCLUSTERED_MAX_MARKERS."""

MAP_UNCLUSTERED_MAX_MARKERS = 500
"""Up to this many points a preview map draws each one; more are clustered."""

# Context layers of the maps (branch ctx14): main roads, municipal borders, town names.
CONTEXT_MAIN_ROAD_CLASSES: tuple[int, ...] = (1, 2)
"""Road classes (`tieluokka`) drawn as main roads: valtatiet (national roads, numbers 1-39) and
kantatiet (main roads, 40-99), together Finland's main-road network (päätiet): 13 277 km of
the 78 780 km in the NLS 1:1 000 000 roads (../shared/data/network/README.md, "Road classes")."""

CONTEXT_ROAD_SIMPLIFY_M = 250.0
"""Tolerance of the main roads' simplification, metres: about one screen pixel at zoom 8 in
Finland (156 543 m x cos 62 deg / 2^8 = 287 m a pixel), so the lines look the same up to a
regional view while the browser gets a few thousand vertices instead of 60 000."""

CONTEXT_BORDER_SIMPLIFY_M = 500.0
"""Tolerance of the municipal border lines, metres: the same as the maps' polygons
(`coverage.maps.SIMPLIFY_M`), so a border falls on the coloured municipalities' edges."""

TOWN_LABEL_TIERS: tuple[tuple[int, float], ...] = (
    (100_000, 0.0), (20_000, 5.0), (5_000, 6.0), (1_000, 7.5), (0, 8.5))
"""(least population, first zoom) of town names: a settlement is named from the first zoom of
the first tier its population (2021) reaches. The 2021 settlements (SYKE YKR taajamat) have 6
places of 100 000+, 31 of 20 000+, 97 of 5 000+ and 310 of 1 000+ of 705; a whole-country map
is at zoom 4.5-5.5 and a region at 5-7.5 on a laptop screen. Names that would overlap another
are left out in the browser (largest first)."""

PREVIEW_MAX_ROWS = 1_000
"""Rows of an uploaded file shown in its preview table (the first ones; the count is said)."""

# --- Distances ----------------------------------------------------------------------------------
DEFAULT_THRESHOLD_KM = 10.0
"""Coverage threshold. The seed asks for support "close to the client"; 10 km is a common rural
service-distance norm for municipal basic services. A user setting, not a finding."""

DEFAULT_CIRCUITY = 1.3
"""Road distance / straight-line distance. Finnish rural road networks measure around 1.2-1.4;
1.3 is a common planning value (docs/network.md compares it with the national road graph).
1.0 = straight line."""

DEFAULT_WALK_SPEED_KMH = 3.4
"""Walking speed of the people who most need support (older people), km/h. Bohannon & Williams
Andrews, "Normal walking speed: a descriptive meta-analysis", Physiotherapy 97(3):182-189, 2011
(doi:10.1016/j.physio.2010.12.004): mean comfortable gait speed of healthy women aged 80-99 is
94.3 cm/s (the slowest age and sex stratum; 41 studies, 23 111 people), i.e. 3.39 km/h. The 75+
band of the need model is mostly this age; people with walking aids are slower still."""

DEFAULT_WALK_THRESHOLD_MIN = 20.0
"""Coverage threshold on foot, minutes (`--mode walk`). A user setting, not a finding: a walk of
15-20 minutes is what "support near home" means to an older person without a car."""

# --- Limits of what a user may ask for (checked at the door: CLI arguments, Reach/Scenario) ----
MAX_THRESHOLD_KM = 1200.0
"""No threshold larger than the country: the longest straight line between two populated cells
of the dataset is 1 190 km (Hanko area to Utsjoki, measured on the demand grid's convex hull).
A larger threshold covers nothing more and only costs time and memory (issue 11 reports 16-19 s
and 4.5 GB for 1e9 km)."""
MAX_THRESHOLD_MIN = 1440.0
"""No road threshold beyond a day's drive: the longest drive within Finland is under 20 hours
(about 1 200 km straight x circuity at road speeds)."""
FINLAND_BBOX_3067: tuple[float, float, float, float] = (
    50_000.0,
    6_600_000.0,
    760_000.0,
    7_800_000.0,
)
"""(xmin, ymin, xmax, ymax) in EPSG:3067: a generous box around Finland including Åland."""
FINLAND_LAT: tuple[float, float] = (59.3, 70.2)
FINLAND_LON: tuple[float, float] = (19.0, 31.6)
"""The same box in WGS84 degrees, checked before projecting lat/lon columns."""
MIN_CIRCUITY = 1.0
"""A road is never shorter than the straight line."""
MAX_CIRCUITY = 3.0
"""More than twice the 1.2-1.4 measured on Finnish rural roads: beyond that the figure is a typo."""
MAX_WALK_SPEED_KMH = 10.0
"""Faster than anyone walks (a brisk walk is 5-6 km/h; the default is 3.4 for older people)."""
MAX_SPEED_KMH = 130.0
"""Faster than any Finnish speed limit (120 km/h on motorways, Tieliikennelaki 729/2018)."""
MAX_NEW_SITES = 1000
"""Sites per plan: more than every library of the country (720); a larger plan is a typo."""
MAX_SOLVER_SECONDS = 3600.0
"""Time limit of the exact planner: an hour at most (one run of a shared server)."""
MAX_DRAWS = 100_000
"""Random weightings of the sensitivity analysis (1 000 by default; each takes about 1 ms)."""
MAX_SEED = 2**32 - 1
"""Largest random seed (NumPy's legacy seeding range; non-negative)."""
MAX_VISITS_PER_WEEK = 100.0
"""Home visits per client per week (a bound on typos, far beyond any real schedule)."""
MAX_STAFF_HOURS_WEEK = 10_000.0
"""Staff hours per base per week (a bound on typos: about 270 full-time staff)."""

# --- Planning: new sites and home-delivered support --------------------------------------------
DEFAULT_VISIT_MINUTES = 45.0
"""One home visit. Seed (VM AUTA model), Helsinki + Lasipalatsin Mediakeskus "Luokse" trial:
"Puhelimella varattava 45 min sessio"."""

DEFAULT_STAFF_HOURS_WEEK = 37.5
"""Staff hours per base per week when a base gives none: one full-time employee (Finnish municipal
general collective agreement, 37.5 h/week; data/providers/provider_types.csv home_support_base)."""

DEFAULT_SPEED_KMH = 50.0
"""Average driving speed of the straight-line estimate (mixed roads; a planning value)."""

DEFAULT_BUDGET_MINUTES = 60.0
"""One-way travel-time budget from a base to a client (a planning value, not a finding)."""

DEFAULT_VISITS_PER_CLIENT_PER_MONTH = 1.0
"""Visits each client gets per month (a planning value; the seed gives no frequency)."""

WEEKS_PER_MONTH = 52.0 / 12.0
"""Weeks in an average month (52 weeks / 12 months ≈ 4.33): converts the visit frequency people
plan in (visits per client per month) to the period staff hours are planned in (h/week), so
every comparison of visits with staff time is made per week. A calendar month averages 30.44
days = 4.35 weeks; 52/12 ignores the extra day or two of a year (under 0.5 %)."""

MIN_UNMET_NEED_PEOPLE = 0.5
"""Unmet need (people) from which a unit counts as having unmet need for "at least one new site
per region": what rounds to one whole person, as every table shows people whole."""

DEFAULT_NEW_SITES = 10
"""Number of new sites to choose when the caller does not say (a user setting, not a finding)."""

DEFAULT_SOLVER = "greedy-swap"  # one of planning.SOLVERS
"""The solver used when the caller names none: the best quality for the time nationwide.
Measured (tests/benchmarks/bench_planning.py --solvers-only; straight 10 km, drive 20 min and
walk 20 min x all providers, libraries, digituki points x k = 5, 10, 20; 27 cases): greedy
0.058 % below the optimum on average (max 0.83 %), greedy-swap 0.005 % (max 0.09 %, optimal in
25 of 27) in at most 0.05 s, exact always optimal in 0.1-6.3 s (mean 1.4 s). See
docs/planning.md."""

# --- Travel time on the national road graph (NLS General Map 1:1M, 2013) -------------------------
# Free-flow car speeds, km/h: documented assumptions; nothing in the data gives speeds. Sources:
# general limits 80 km/h outside and 50 km/h inside built-up areas (Tieliikennelaki 729/2018);
# motorways 120/100 and main two-lane roads mostly 100/80 km/h summer/winter (Väylävirasto).
# `tieluokka` is inferred from road numbers by the mirror's author, not an official code.
ROAD_CLASS_KPH: dict[int, float] = {
    12111: 100.0, 12112: 80.0, 12121: 80.0, 12122: 80.0, 12131: 70.0, 12132: 60.0,
}
"""Rural speed per NLS kohdeluokka (Ia 12111 ... IIIb 12132)."""
ROAD_MAIN_ROAD_KPH: dict[int, float] = {12112: 90.0, 12121: 90.0}
"""Valtatie/kantatie (tieluokka 1-2) of classes Ib and IIa: 90, the year-round mean of 100/80."""
ROAD_MINOR_ROAD_KPH: dict[int, float] = {12122: 70.0}
"""Yhdystie and unnumbered roads (tieluokka 4-5) of class IIb: 70 (narrow, often gravel)."""
ROAD_BUILT_UP_KPH = 50.0
"""Cap inside urban settlements (SYKE taajama polygons as the built-up proxy)."""
ROAD_BUILT_UP_MOTORWAY_KPH = 80.0
"""Cap for class Ia inside urban settlements (ring roads and urban motorways, 60-80)."""
FERRY_KPH = 15.0
"""Road ferries: cable ferries (lossi) ~10 km/h, connecting vessels ~20 km/h."""
FERRY_BOARDING_MIN = 10.0
"""Waiting and loading when boarding from a road: on-demand ferries run every 15-30 min."""

ACCESS_SPEED_KMH = 30.0
"""Speed of the access and egress legs (cell centre or provider <-> nearest graph point). The 1:1M
graph has no streets, private or forest roads: the leg stands for them. Residential streets are
commonly signed 30-40 km/h and a short leg includes starting and stopping. Assumption."""

DEFAULT_THRESHOLD_MIN = 20.0
"""Coverage threshold by road, minutes (`--max-minutes`). A user setting, not a finding: 20 minutes
by car is a common planning threshold for everyday local services."""

# --- Street networks of the user's own area (OpenStreetMap files) --------------------------------
MAX_STREET_FILE_BYTES = 200 * 2**20
"""Largest OSM file (`--network FILE`) read: a municipality's or region's extract is a few to a few
tens of MB as .pbf (Uusimaa ~40 MB in 2024); a country file is refused before parsing."""

STREET_EXTENT_MARGIN_M = 500.0
"""How far beyond the convex hull of a file's streets a demand cell may lie and still be routed (its
access leg): half a 1 km cell, so the cells along the file's edge are kept."""

DIRECT_TRIP_MAX_KM = 3.0
"""Trips up to this straight-line length may go directly (straight line x circuity at the access
speed) when that is quicker than via the 1:1M road graph, which has no streets: without it a
short trip is sent out to the nearest main road and back, and trips to the nearest library came
out about twice the published road distances. Calibrated against Statistics Finland's road-network
distances to the nearest public library (half of the population within 1.5 km, 72.4 % within
3 km; Piela 2016, cited in ISI World Statistics Congress 2019, CPS1485): see docs/network.md."""

# --- Why the option ranking is what it is (coverage/ranking.py) ----------------------------------
LEADING_OPTIONS = 3
"""How many top-scoring coordinator options the ranking explanation looks at pairwise. Three: the
seed weighs four options and the first three scores of the 2025 comparison lie within 0.03."""

CLEAR_WINNER_MIN_FIRST_SHARE = 0.9
"""The top-scoring option is a *clear winner* only if it ranks first in at least this share of
the sensitivity's random weightings (±25 % per weight by default). Below it, the top scores are
within the noise of the weights and page and report name no winner. 0.9, nine draws in ten, the
level of a two-sided 90 % interval: a convention, not a finding."""

TIPPING_WEIGHT_MAX = 10.0
"""Upper end of the weight range scanned for tipping points (0 .. 10): the app's weight sliders
span 0-10 and the largest default weight is 4."""

NAMED_WEIGHT_SETS: dict[str, dict[str, float]] = {
    "equal": {"units": 1.0, "seat_distance": 1.0, "size": 1.0, "equal_access": 1.0,
              "cross_border": 1.0},
    "few_units_first": {"units": 4.0, "seat_distance": 1.0, "size": 1.0, "equal_access": 1.0,
                        "cross_border": 1.0},
    "local_knowledge_first": {"units": 1.0, "seat_distance": 4.0, "size": 1.0,
                              "equal_access": 1.0, "cross_border": 1.0},
    "size_first": {"units": 1.0, "seat_distance": 1.0, "size": 4.0, "equal_access": 1.0,
                   "cross_border": 1.0},
    "equal_access_first": {"units": 1.0, "seat_distance": 1.0, "size": 1.0, "equal_access": 4.0,
                           "cross_border": 1.0},
}
"""Named weightings the ranking is also checked under (besides the defaults and the user's):
every criterion equal, and one criterion first (weight 4, as the largest default, the others 1,
so it carries half of the total). Policy viewpoints, not findings."""
