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
    DEFAULT_WALK_SPEED_KMH,
    DEFAULT_WALK_THRESHOLD_MIN,
    LEVELS,
    NEED_MODELS,
)
from coverage.reach import MODE_DRIVE, MODE_STRAIGHT, MODE_WALK, MODES, UNITS, Reach

__all__ = ["MODES", "MODE_DRIVE", "MODE_STRAIGHT", "MODE_WALK", "HomeSupportInputs", "PlanParams",
           "ScenarioParams"]


@dataclass(frozen=True)
class ScenarioParams:
    """What the sidebar's scenario controls set (`coverage.scenario.Scenario`).

    Each mode keeps its own threshold (km, minutes by car, minutes on foot), so switching mode
    and back finds the user's setting again.
    """

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
    threshold_min: float = DEFAULT_THRESHOLD_MIN  # drive
    walk_min: float = DEFAULT_WALK_THRESHOLD_MIN  # walk
    walk_speed_kmh: float = DEFAULT_WALK_SPEED_KMH  # walk

    @property
    def unit(self) -> str:
        """Return the unit of reach: "km" (straight line) or "min" (drive, walk)."""
        return UNITS[self.mode]

    @property
    def threshold(self) -> float:
        """Return the threshold of the chosen mode, in its unit."""
        return {MODE_STRAIGHT: self.threshold_km, MODE_DRIVE: self.threshold_min,
                MODE_WALK: self.walk_min}[self.mode]

    def reach(self) -> Reach:
        """Return the library's Reach."""
        return Reach(mode=self.mode, threshold=float(self.threshold),
                     circuity=float(self.circuity), walk_speed_kmh=float(self.walk_speed_kmh))

    def preparation(self) -> ScenarioParams:
        """Return the parameters the prepared scenario depends on (the key of its cache).

        The other modes' settings are reset, so they do not split the cache.
        """
        return replace(
            self,
            threshold_km=self.threshold_km if self.mode == MODE_STRAIGHT else DEFAULT_THRESHOLD_KM,
            threshold_min=self.threshold_min if self.mode == MODE_DRIVE else DEFAULT_THRESHOLD_MIN,
            walk_min=self.walk_min if self.mode == MODE_WALK else DEFAULT_WALK_THRESHOLD_MIN,
            walk_speed_kmh=(self.walk_speed_kmh if self.mode == MODE_WALK
                            else DEFAULT_WALK_SPEED_KMH),
        )

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
            reach=self.reach(),
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
    at_least_one_per: str | None = None

    def settings(self):  # noqa: ANN201 - coverage.planning.PlanSettings (lazy import)
        """Return the library's PlanSettings."""
        from coverage.planning import PlanSettings  # noqa: PLC0415

        return PlanSettings(
            k=self.k, kinds=self.kinds, solver=self.solver, limit_division=self.limit_division,
            max_per_unit=self.max_per_unit, min_per_unit=self.min_per_unit,
            time_limit_s=self.time_limit_s, at_least_one_per=self.at_least_one_per)


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
