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

# --- Seed figures (VM AUTA digituki model, shared/seed/auta-digituki-toimintamalli.txt) ---------
SEED_75PLUS_NO_COMPUTER = 300_000  # "300 000 yli 75-vuotiasta ilman tietokonetta"
SEED_65PLUS_NO_SMARTPHONE = 500_000  # "500 000 yli 65-vuotiasta ilman älypuhelinta"
# "Neljännes yli 65-vuotiasta (242 000) ei ole koskaan käynyt netissä"
SEED_65PLUS_NEVER_ONLINE = 242_000
# "250 000 suomalaisella (5 % väestöstä) ... estää normaalin netin käytön"
SEED_DISABILITY_ALL = 250_000

# Derivation (written out so a reviewer can redo it):
#  TASO 4 (cannot use) = disability share, all adults:   250 000 / 5 513 130            = 0.04535
#  need among 75+ (TASO 2-4) = no computer:               300 000 / 501 800              = 0.59785
#  need among 65-74 (TASO 2-4) = 65+ without smartphone less the 75+ counted above:
#                                                         (500 000 - 300 000) / 677 518  = 0.29519
#  TASO 3 share of the 65+ need beyond TASO 4 = never online beyond TASO 4:
#        (242 000 - 0.04535 * 1 179 318) / (500 000 - 0.04535 * 1 179 318)            = 0.42221
#  TASO 2 = the rest of the need.
#  15-64: TASO 4 only (the seed gives no national figure for working-age TASO 2-3; set your own).
#  0-14: none (children are helped by their guardians).
TASO4_RATE = SEED_DISABILITY_ALL / POP_TOTAL_2017
NEED_75PLUS = SEED_75PLUS_NO_COMPUTER / POP_75PLUS_2017
NEED_65_74 = (SEED_65PLUS_NO_SMARTPHONE - SEED_75PLUS_NO_COMPUTER) / POP_65_74_2017
TASO3_SHARE_OF_65PLUS_NEED = (SEED_65PLUS_NEVER_ONLINE - TASO4_RATE * POP_65PLUS_2017) / (
    SEED_65PLUS_NO_SMARTPHONE - TASO4_RATE * POP_65PLUS_2017
)

AGE_BANDS: tuple[str, ...] = ("15_64", "65_74", "75plus")
LEVELS: tuple[int, ...] = (2, 3, 4)


def _split(total: float) -> dict[int, float]:
    rest = max(total - TASO4_RATE, 0.0)
    return {
        4: TASO4_RATE,
        3: rest * TASO3_SHARE_OF_65PLUS_NEED,
        2: rest * (1 - TASO3_SHARE_OF_65PLUS_NEED),
    }


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

# --- Distances ----------------------------------------------------------------------------------
DEFAULT_THRESHOLD_KM = 10.0
"""Coverage threshold. The seed asks for support "close to the client"; 10 km is a common rural
service-distance norm for municipal basic services. A user setting, not a finding."""

DEFAULT_CIRCUITY = 1.3
"""Road distance / straight-line distance. Finnish rural road networks measure around 1.2-1.4;
1.3 is a common planning value. Measure it on the national road graph (issue 7) before relying on
it. 1.0 = straight line."""

E2SFCA_DECAY = "gaussian"
"""E2SFCA distance decay: Gaussian exp(-(d/sigma)^2/2) with sigma = catchment / 2, zero beyond the
catchment (Luo & Qi 2009 use stepped weights; the Gaussian is the smooth variant used in PySAL
`access`)."""

SECOND_NEAREST = True
"""Compute the second-nearest provider too (redundancy: what if the nearest closes)."""

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

DEFAULT_ACCESS_SPEED_KMH = 30.0
"""Speed of the network path's access legs (point to its snapped node): slow local roads."""

DEFAULT_NEW_SITES = 10
"""Number of new sites to choose when the caller does not say (a user setting, not a finding)."""

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
