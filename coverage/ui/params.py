"""The parameters a page's widgets set, as small frozen dataclasses.

They are the cache keys of `ui.cached` (numbers, strings and tuples only: Streamlit hashes
them field by field) and build the library's own parameter objects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coverage.accessibility import ProviderFilter
from coverage.defaults import (
    AGE_BANDS,
    DEFAULT_CIRCUITY,
    DEFAULT_NEED_MODEL,
    DEFAULT_THRESHOLD_KM,
    DEFAULT_THRESHOLD_MIN,
    LEVELS,
    NEED_MODELS,
)

MODE_STRAIGHT = "straight"
"""Distance as the crow flies x circuity, threshold in km (`Scenario.threshold_km`)."""
MODE_DRIVE = "drive"
"""Minutes by car on the dataset's road network, threshold in minutes (`network`)."""


@dataclass(frozen=True)
class ScenarioParams:
    """What the sidebar's scenario controls set (`coverage.scenario.Scenario`)."""

    threshold_km: float
    circuity: float
    types: tuple[str, ...] = ()
    auta_parts: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    include_approximate: bool = False
    need_levels: tuple[int, ...] = LEVELS
    age_bands: tuple[str, ...] = AGE_BANDS
    need_model: str = DEFAULT_NEED_MODEL  # a key of defaults.NEED_MODELS
    mainland_only: bool = False
    mode: str = MODE_STRAIGHT
    threshold_min: float = DEFAULT_THRESHOLD_MIN  # used in MODE_DRIVE only

    @property
    def by_road(self) -> bool:
        """Whether reach is measured in minutes by road (else km as the crow flies)."""
        return self.mode == MODE_DRIVE

    def preparation(self) -> ScenarioParams:
        """Return the parameters the prepared scenario depends on (the key of its cache).

        The mode and the minutes are left out: the travel-time engine is kept on the prepared
        scenario, so moving the minutes slider must not prepare it again.
        """
        return replace(self, mode=MODE_STRAIGHT, threshold_min=DEFAULT_THRESHOLD_MIN)

    def provider_selection(self) -> ScenarioParams:
        """Return the parameters the scenario's providers depend on (filter and scope only).

        The key of what is drawn per provider: moving the threshold does not redo it.
        """
        return ScenarioParams(
            threshold_km=DEFAULT_THRESHOLD_KM, circuity=DEFAULT_CIRCUITY, types=self.types,
            auta_parts=self.auta_parts, flags=self.flags, languages=self.languages,
            include_approximate=self.include_approximate, mainland_only=self.mainland_only)

    def scenario(self):  # noqa: ANN201 - coverage.scenario.Scenario (imported lazily)
        """Return the library's Scenario."""
        from coverage.figures import need_rates_for_bands  # noqa: PLC0415
        from coverage.scenario import Scenario  # noqa: PLC0415

        return Scenario(
            threshold_km=float(self.threshold_km),
            circuity=float(self.circuity),
            provider_filter=ProviderFilter(
                types=self.types, auta_parts=self.auta_parts, flags=self.flags,
                languages=self.languages, include_approximate=self.include_approximate),
            need_rates=need_rates_for_bands(self.age_bands, NEED_MODELS[self.need_model]),
            need_levels=self.need_levels,
            mainland_only=self.mainland_only,
        )


@dataclass(frozen=True)
class PlanParams:
    """What the new-sites controls set (`coverage.planning.plan_new_sites`)."""

    k: int
    kinds: tuple[str, ...]
    solver: str
    limit_division: str | None = None
    max_per_unit: int | None = None
    min_per_unit: int = 0
    time_limit_s: float = 30.0


@dataclass(frozen=True)
class HomeSupportInputs:
    """What the home-support controls set (`coverage.homesupport.HomeSupportParams`).

    `bases_key` names the bases they apply to (the region's centres or the uploaded file's hash).
    """

    bases_key: str
    staff_hours_week: float
    visit_minutes: float
    speed_kmh: float
    circuity: float
    budget_minutes: float
    visits_per_month: float
    demand_share: float | None = None

    def params(self):  # noqa: ANN201 - coverage.homesupport.HomeSupportParams (lazy import)
        """Return the library's HomeSupportParams."""
        from coverage.homesupport import HomeSupportParams  # noqa: PLC0415

        return HomeSupportParams(
            visit_minutes=self.visit_minutes, speed_kmh=self.speed_kmh, circuity=self.circuity,
            budget_minutes=self.budget_minutes,
            visits_per_client_week=HomeSupportParams.weekly(self.visits_per_month),
            demand_share=self.demand_share)
