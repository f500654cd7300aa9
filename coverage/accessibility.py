"""Accessibility engine: nearest providers, coverage by any division, E2SFCA.

Distance from every demand cell to the nearest providers, coverage by any division, and the
capacity-aware E2SFCA ratio. Whole country in a fraction of a second.

Distances are metres in EPSG:3067: straight line × `circuity` (1.0 = straight line), or any
precomputed cell→provider cost (e.g. network travel time) passed in by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from coverage.data.schema import SERVICE_FLAGS
from coverage.errors import InputError, Problem
from coverage.messages import Count, Term, problem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

FloatArray = npt.NDArray[np.float64]


def _values(frame: pd.DataFrame, column: str) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in frame[column].dropna().unique() if str(v)))


def _none_left(term: str, value: str, before: int, available: tuple[str, ...]) -> Problem:
    return problem(
        "providers", None, None, "providers.none_left",
        filter=Term(term), value=value or "-", before=Count(before, "provider"),
        available=available or Term("none"),
    )


def mainland_left_none(before: int, available: tuple[str, ...]) -> Problem:
    """Return the problem to show when --mainland-only leaves no provider (all on Åland)."""
    return _none_left("filter.mainland", "", before, available)


@dataclass(frozen=True)
class ProviderFilter:
    """Which providers count. Empty tuples mean "any".

    `flags` must all be true (e.g. ("digituki",) → svc_digituki). `auta_parts` "A" matches providers
    serving A or AB. Providers whose point is only approximate (no fixed address) are left out of
    distance analyses unless `include_approximate`.
    """

    types: tuple[str, ...] = ()
    auta_parts: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    include_approximate: bool = False

    def apply(self, providers: pd.DataFrame) -> pd.DataFrame:
        """Return the providers passing the filter (a new frame)."""
        keep = np.ones(len(providers), dtype=bool)
        for _term, _value, _available, mask in self.steps(providers):
            keep &= mask()
        return providers[keep]

    def steps(self, providers: pd.DataFrame) -> list[tuple[str, str, Callable, Callable]]:
        """Return the filter's steps in order: (term, value, values present, mask), lazily.

        `term` is a `messages.TERMS` key naming the filter; `mask()` the rows it keeps;
        `available(frame)` the values a frame has for it (to say what a user could pick).
        """
        out: list[tuple[str, str, Callable, Callable]] = []
        if self.types:
            out.append(("filter.provider_type", ", ".join(self.types),
                        lambda f: _values(f, "provider_type"),
                        lambda: providers["provider_type"].isin(self.types).to_numpy()))
        if self.auta_parts:
            parts = providers["auta_part"].astype(str)
            out.append(("filter.auta_part", ", ".join(self.auta_parts),
                        lambda f: _values(f, "auta_part"),
                        lambda: np.logical_or.reduce(
                            [parts.str.contains(p).to_numpy() for p in self.auta_parts])))
        if self.channels:
            out.append(("filter.channel", ", ".join(self.channels),
                        lambda f: _values(f, "channel"),
                        lambda: providers["channel"].isin(self.channels).to_numpy()))
        for flag in self.flags:
            column = flag if flag.startswith("svc_") else f"svc_{flag}"
            if column not in SERVICE_FLAGS:
                msg = f"unknown service flag {flag!r}; use one of {[f[4:] for f in SERVICE_FLAGS]}"
                raise InputError(msg)
            present = providers.get(column, pd.Series(False, index=providers.index))
            out.append(("filter.flag", flag,
                        lambda f: tuple(c[4:] for c in SERVICE_FLAGS
                                        if c in f and f[c].fillna(False).astype(bool).any()),
                        lambda present=present: present.fillna(False).to_numpy(bool)))
        if self.languages:
            langs = providers["languages"].fillna("").astype(str)
            out.append(("filter.language", ", ".join(self.languages),
                        lambda f: tuple(sorted({code for text in f["languages"].fillna("")
                                                for code in str(text).split(";") if code})),
                        lambda: np.logical_or.reduce(
                            [langs.str.contains(lang).to_numpy() for lang in self.languages])))
        if not self.include_approximate and "location_approximate" in providers:
            out.append(("filter.approximate", "",
                        lambda _f: (),
                        lambda: ~providers["location_approximate"].fillna(False).to_numpy(bool)))
        return out

    def why_empty(self, providers: pd.DataFrame) -> Problem:
        """Return the problem to show when no provider passes: the filter that emptied the set.

        Steps run in order; the first after which nothing is left is named, with how many were
        left before it and the values they have (what the user could choose instead).
        """
        if len(providers) == 0:
            return problem("providers", None, None, "providers.none_at_all")
        keep = np.ones(len(providers), dtype=bool)
        for term, value, available, mask in self.steps(providers):
            before = providers[keep]
            keep &= mask()
            if not keep.any():
                return _none_left(term, value, len(before), available(before))
        return problem("providers", None, None, "providers.none_at_all")


def gaussian_decay(catchment: float) -> Callable[[FloatArray], FloatArray]:
    """Return w(d) = exp(-(d/σ)²/2), σ = catchment/2, and 0 beyond the catchment."""
    sigma = catchment / 2.0

    def weight(d: FloatArray) -> FloatArray:
        d = np.asarray(d, dtype=float)
        return np.where(d <= catchment, np.exp(-0.5 * (d / sigma) ** 2), 0.0)

    return weight


def weighted_quantiles(
    values: FloatArray, weights: FloatArray, groups: npt.NDArray[np.int64], n_groups: int,
    qs: tuple[float, ...], *, value_order: npt.NDArray[np.int64] | None = None,
) -> list[FloatArray]:
    """Return, per group and share q, the smallest value whose cumulative weight reaches q.

    One sort for all groups: by value (pass `value_order = argsort(values)` to reuse it across
    divisions), then a stable sort by group (radix sort when codes fit 16 bits). NaN for groups
    with no weight.
    """
    if value_order is None:
        value_order = np.argsort(values, kind="stable")
    small = groups.astype(np.int16) if n_groups < 2**15 else groups
    by_value = small[value_order]
    perm = np.argsort(by_value, kind="stable")
    order = value_order[perm]
    w, g = weights[order], by_value[perm]  # values only where a quantile falls (below)
    cum = np.cumsum(w)
    totals = np.bincount(g, weights=w, minlength=n_groups)
    counts = np.bincount(g, minlength=n_groups)
    ends = np.cumsum(counts)
    starts = ends - counts
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    has = (ends > starts) & (totals > 0)
    result = []
    for q in qs:
        target = before + q * totals
        # tolerate float noise in the cumulative sum
        idx = np.searchsorted(cum, target - 1e-9 * np.maximum(totals, 1.0), side="left")
        idx = np.clip(idx, starts, np.maximum(ends - 1, starts))
        out = np.full(n_groups, np.nan)
        out[has] = values[order[idx[has]]]
        result.append(out)
    return result


@dataclass(frozen=True)
class RankedCosts:
    """Costs sorted once by (base group, cost): quantiles of any grouping without a new sort.

    Base groups are e.g. municipalities, and a grouping of them any division.
    `weighted_quantiles` sorts all cells for each grouping; at 250 m cells (1.4 M) and nine
    divisions that was most of a recompute. Here a grouping costs a bisection over cost ranks,
    each step one look-up per base group. Same answer as `weighted_quantiles` with the same
    `value_order` (ties by that order); with whole-number weights (people) the sums are exact.
    """

    values_by_rank: FloatArray
    keys: npt.NDArray[np.int64]  # base * cells + rank, ascending
    cum: FloatArray  # cum[i]: weight of the first i cells in `keys` order
    starts: npt.NDArray[np.int64]  # where each base group begins in `keys`
    base_totals: FloatArray

    @classmethod
    def build(cls, values: FloatArray, weights: FloatArray, base: npt.NDArray[np.int64],
              n_base: int, value_order: npt.NDArray[np.int64] | None = None) -> RankedCosts:
        """Sort once: by value (`value_order` if given), then stably by base group."""
        if value_order is None:
            value_order = np.argsort(values, kind="stable")
        base_by_rank = np.asarray(base)[value_order]
        small = base_by_rank.astype(np.int16) if n_base < 2**15 else base_by_rank
        ranks = np.argsort(small, kind="stable")  # radix sort on small codes
        keys = base_by_rank[ranks].astype(np.int64) * len(values) + ranks
        cum = np.concatenate([[0.0], np.cumsum(np.asarray(weights, float)[value_order][ranks])])
        counts = np.bincount(base_by_rank, minlength=n_base)
        starts = np.cumsum(counts) - counts
        return cls(values_by_rank=np.asarray(values, float)[value_order], keys=keys, cum=cum,
                   starts=starts, base_totals=cum[starts + counts] - cum[starts])

    def _weight_upto(self, rank: npt.NDArray[np.int64], base_to_group: npt.NDArray[np.int64],
                     n_groups: int) -> FloatArray:
        """Return per group the weight of its cells of rank <= `rank[group]`."""
        n_base = len(self.starts)
        query = np.arange(n_base, dtype=np.int64) * len(self.values_by_rank) + rank[base_to_group]
        pos = np.searchsorted(self.keys, query, side="right")
        return np.bincount(base_to_group, weights=self.cum[pos] - self.cum[self.starts],
                           minlength=n_groups)

    def quantiles(self, base_to_group: npt.NDArray[np.int64], n_groups: int,
                  qs: tuple[float, ...]) -> list[FloatArray]:
        """Return per group and share q the smallest cost whose cumulative weight reaches q.

        0 < q <= 1; NaN for groups with no weight (as `weighted_quantiles`).
        """
        base_to_group = np.asarray(base_to_group, dtype=np.int64)
        totals = np.bincount(base_to_group, weights=self.base_totals, minlength=n_groups)
        result = []
        for q in qs:
            if not 0 < q <= 1:
                msg = f"quantile share {q} outside (0, 1]"
                raise ValueError(msg)
            target = q * totals - 1e-9 * np.maximum(totals, 1.0)  # float noise, as there
            lo = np.zeros(n_groups, dtype=np.int64)
            hi = np.full(n_groups, len(self.values_by_rank) - 1, dtype=np.int64)
            while (open_ := lo < hi).any():  # the smallest rank whose weight reaches the target
                mid = (lo + hi) // 2
                reached = self._weight_upto(mid, base_to_group, n_groups) >= target
                hi = np.where(open_ & reached, mid, hi)
                lo = np.where(open_ & ~reached, mid + 1, lo)
            out = np.full(n_groups, np.nan)
            has = totals > 0
            out[has] = self.values_by_rank[lo[has]]
            result.append(out)
        return result


@dataclass(frozen=True)
class Accessibility:
    """Prepared inputs (cells, providers) with one method per measure, like PySAL's `Access`.

    Build once per provider set; `coverage()` and `e2sfca()` are then cheap. Never mutates inputs.
    """

    cell_xy: FloatArray
    provider_xy: FloatArray
    capacity: FloatArray | None = None
    circuity: float = 1.0
    cell_tree: cKDTree | None = field(default=None, repr=False, compare=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Check shapes and circuity."""
        if self.cell_xy.ndim != 2 or self.cell_xy.shape[1] != 2:  # noqa: PLR2004
            msg = "cell_xy must be an (n, 2) array of EPSG:3067 metres"
            raise InputError(msg)
        if self.provider_xy.ndim != 2 or self.provider_xy.shape[1] != 2:  # noqa: PLR2004
            msg = "provider_xy must be an (m, 2) array of EPSG:3067 metres"
            raise InputError(msg)
        if not self.circuity >= 1.0:
            msg = f"circuity {self.circuity} < 1: a road is never shorter than the straight line"
            raise InputError(msg)

    @classmethod
    def from_frames(
        cls, demand: pd.DataFrame, providers: pd.DataFrame, *, circuity: float = 1.0,
        cell_xy: FloatArray | None = None, cell_tree: cKDTree | None = None,
    ) -> Accessibility:
        """Build from the dataset's demand and (filtered) provider frames.

        `cell_xy` and `cell_tree` may be passed when the caller keeps them for the same cells (the
        cells do not change between scenarios; building the tree is a third of a recompute).
        """
        cap = (
            providers["capacity_h_week"].to_numpy(float)
            if "capacity_h_week" in providers else None
        )
        return cls(
            cell_xy=demand[["x", "y"]].to_numpy(float) if cell_xy is None else cell_xy,
            provider_xy=providers[["x", "y"]].to_numpy(float).reshape(-1, 2),
            capacity=cap,
            circuity=float(circuity),
            cell_tree=cell_tree,
        )

    @property
    def n_providers(self) -> int:
        """Return the number of providers."""
        return len(self.provider_xy)

    @cached_property
    def _nearest(self) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        return self._k_nearest(3)  # one query gives the nearest, second and third

    def _k_nearest(self, k_max: int) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Return (distances x circuity, rows) of the k_max nearest providers; inf/-1 padded."""
        n = len(self.cell_xy)
        dist = np.full((n, k_max), np.inf)
        idx = np.full((n, k_max), -1, dtype=np.int64)
        k = min(k_max, self.n_providers)
        if k == 0:
            return dist, idx
        d, i = cKDTree(self.provider_xy).query(self.cell_xy, k=k, workers=-1)
        dist[:, :k] = np.asarray(d, dtype=float).reshape(n, k) * self.circuity
        idx[:, :k] = np.asarray(i, dtype=np.int64).reshape(n, k)
        return dist, idx

    @property
    def nearest_m(self) -> FloatArray:
        """Return the distance (m) from each cell to its nearest provider (inf if none)."""
        return self._nearest[0][:, 0]

    @property
    def second_nearest_m(self) -> FloatArray:
        """Return the distance (m) to the second-nearest provider (inf if fewer than two)."""
        return self._nearest[0][:, 1]

    @property
    def third_nearest_m(self) -> FloatArray:
        """Return the distance (m) to the third-nearest provider (inf if fewer than three)."""
        return self._nearest[0][:, 2]

    @property
    def nearest_index(self) -> npt.NDArray[np.int64]:
        """Return the row of each cell's nearest provider (-1 if none)."""
        return self._nearest[1][:, 0]

    def covered(self, threshold_m: float) -> npt.NDArray[np.bool_]:
        """Return whether each cell has a provider within `threshold_m`."""
        return self.nearest_m <= threshold_m

    @cached_property
    def _cell_tree(self) -> cKDTree:
        return self.cell_tree if self.cell_tree is not None else cKDTree(self.cell_xy)

    def pairs_within(
        self, catchment_m: float
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """Return (cell, provider, distance m) for every pair within `catchment_m` (circuity in)."""
        key = ("pairs", float(catchment_m))
        if key not in self._cache:
            if self.n_providers == 0:
                empty = np.zeros(0, dtype=np.int64)
                self._cache[key] = (empty, empty, np.zeros(0))
            else:
                pairs = cKDTree(self.provider_xy).sparse_distance_matrix(
                    self._cell_tree, catchment_m / self.circuity, output_type="ndarray"
                )
                provs = pairs["i"].astype(np.int64)
                cells = pairs["j"].astype(np.int64)
                d = pairs["v"] * self.circuity
                self._cache[key] = (cells, provs, d)
        return self._cache[key]

    def e2sfca(
        self, demand_weight: FloatArray, *, catchment_m: float,
        supply: FloatArray | None = None, decay: Callable[[FloatArray], FloatArray] | None = None,
    ) -> FloatArray:
        """Return the enhanced two-step floating catchment ratio per cell (Luo & Qi 2009).

        Step 1: R_j = S_j / Σ_k P_k w(d_kj); step 2: A_i = Σ_j R_j w(d_ij), over pairs within the
        catchment. Units: supply per person of `demand_weight` (capacity hours/week per person in
        need with the defaults). A provider with no demand in reach contributes nothing.
        """
        supply = self.capacity if supply is None else supply
        if supply is None:
            supply = np.ones(self.n_providers)
        weight = decay or gaussian_decay(catchment_m)
        cells, provs, d = self.pairs_within(catchment_m)
        w = weight(d)
        demand_at = np.bincount(provs, weights=demand_weight[cells] * w, minlength=self.n_providers)
        ratio = np.divide(supply, demand_at, out=np.zeros(self.n_providers), where=demand_at > 0)
        return np.bincount(cells, weights=ratio[provs] * w, minlength=len(self.cell_xy))


MEASURES: tuple[tuple[str, str], ...] = (
    ("population", "population"),
    ("pop_65plus", "population_65plus"),
    ("pop_75plus", "population_75plus"),
    ("need", "need"),
)


def additive_sums(
    inverse: npt.NDArray[np.int64], n: int, weights: Mapping[str, FloatArray], nearest: FloatArray,
    *, covered: npt.NDArray[np.bool_], covered2: npt.NDArray[np.bool_] | None = None,
    access_ratio: FloatArray | None = None,
) -> dict[str, FloatArray]:
    """Return per-group sums of everything in a coverage table that adds up across groups.

    `nearest` is the cost per cell (any unit), `covered` (and `covered2`: at least two
    providers) the cells within the threshold. Sums at one level (e.g. municipalities) regroup to
    any coarser division with `regroup`, so a table per division costs a few hundred additions
    instead of a pass over every cell.
    """
    out: dict[str, FloatArray] = {}
    for key, name in MEASURES:
        w = np.asarray(weights[key], dtype=float)
        out[name] = np.bincount(inverse, weights=w, minlength=n)
        short = name.replace("population_", "") if name != "population" else "population"
        out[f"covered_{short}"] = np.bincount(inverse, weights=w * covered, minlength=n)
    need_w = np.asarray(weights["need"], dtype=float)
    if covered2 is not None:
        pop = np.asarray(weights["population"], dtype=float)
        out["covered2_population"] = np.bincount(inverse, weights=pop * covered2, minlength=n)
        out["covered2_need"] = np.bincount(inverse, weights=need_w * covered2, minlength=n)
    finite = np.isfinite(nearest)
    out["_need_distance"] = np.bincount(
        inverse, weights=need_w * np.where(finite, nearest, 0), minlength=n
    )
    out["_need_reached"] = np.bincount(inverse, weights=need_w * finite, minlength=n)
    if access_ratio is not None:
        out["_need_access"] = np.bincount(inverse, weights=need_w * access_ratio, minlength=n)
    return out


def regroup(
    sums: Mapping[str, FloatArray], group_to_unit: npt.NDArray[np.int64], n: int
) -> dict[str, FloatArray]:
    """Return additive sums regrouped from groups to units (`group_to_unit[g]` = unit row)."""
    return {k: np.bincount(group_to_unit, weights=v, minlength=n) for k, v in sums.items()}


SECOND_PROVIDER_COLUMNS: tuple[str, ...] = (
    "covered2_population", "covered2_need", "coverage2_share", "need_coverage2_share",
)
"""Coverage by at least two providers within the threshold (a choice, and a spare if one closes)."""


CHOICE_RANKS: tuple[str, ...] = ("second", "third")
"""Providers beyond the nearest whose people-weighted median cost the tables give."""


def choice_medians(
    costs: Sequence[FloatArray], population: FloatArray, inverse: npt.NDArray[np.int64], n: int,
    *, unit: str, orders: Sequence[npt.NDArray[np.int64] | None] = (None, None),
) -> dict[str, FloatArray]:
    """Return the people-weighted median cost to the 2nd and 3rd nearest provider per group.

    `costs` are the per-cell costs to the second and third provider (inf: fewer providers); the
    columns are `median_second_<unit>` and `median_third_<unit>` (NaN where most people have
    fewer providers).
    """
    out = {}
    for rank, cost, order in zip(CHOICE_RANKS, costs, orders, strict=False):
        (median,) = weighted_quantiles(cost, population, inverse, n, (0.5,), value_order=order)
        out[f"median_{rank}_{unit}"] = np.where(np.isfinite(median), median, np.nan)
    return out


def unit_table(
    unit_codes: npt.ArrayLike, sums: Mapping[str, FloatArray], median: FloatArray, p90: FloatArray,
    *, unit: str = "km", choice: Mapping[str, FloatArray] | None = None,
) -> pd.DataFrame:
    """Return the coverage table from additive sums and the people-weighted cost quantiles.

    Costs are in `unit` ("km" or "min"), and so are their column names: `median_km`, `p90_min`.
    `choice` adds the `choice_medians` columns.
    """
    out = {k: v for k, v in sums.items() if not k.startswith("_") and not k.startswith("covered2")}
    out["coverage_share"] = _share(out["covered_population"], out["population"])
    out["coverage_share_65plus"] = _share(out["covered_65plus"], out["population_65plus"])
    out["need_coverage_share"] = _share(out["covered_need"], out["need"])
    out[f"median_{unit}"] = np.where(np.isfinite(median), median, np.nan)
    out[f"p90_{unit}"] = np.where(np.isfinite(p90), p90, np.nan)
    out[f"mean_need_{unit}"] = _share(sums["_need_distance"], sums["_need_reached"])
    if "_need_access" in sums:
        out["e2sfca_h_per_1000_need"] = _share(sums["_need_access"], out["need"]) * 1000
    if "covered2_population" in sums:
        out["covered2_population"] = sums["covered2_population"]
        out["covered2_need"] = sums["covered2_need"]
        out["coverage2_share"] = _share(sums["covered2_population"], out["population"])
        out["need_coverage2_share"] = _share(sums["covered2_need"], out["need"])
    return pd.DataFrame({"unit_code": np.asarray(unit_codes), **out, **(choice or {})})


def coverage_by_unit(  # noqa: PLR0913
    inverse: npt.NDArray[np.int64], unit_codes: npt.ArrayLike, weights: Mapping[str, FloatArray],
    nearest: FloatArray, *, covered: npt.NDArray[np.bool_], unit: str = "km",
    covered2: npt.NDArray[np.bool_] | None = None, access_ratio: FloatArray | None = None,
    distance_order: npt.NDArray[np.int64] | None = None, others: Sequence[FloatArray] = (),
) -> pd.DataFrame:
    """Return one row per unit: totals, covered totals, shares and people-weighted costs.

    `inverse[i]` is the row in `unit_codes` of cell i. `weights` maps population, pop_65plus,
    pop_75plus and need to per-cell arrays. `nearest` is each cell's cost in `unit`; median and
    p90 are weighted by population, `mean_need_<unit>` by need. `others`: the costs to the second
    and third provider, for their medians (`choice_medians`).
    """
    n = len(np.asarray(unit_codes))
    sums = additive_sums(inverse, n, weights, nearest, covered=covered, covered2=covered2,
                         access_ratio=access_ratio)
    pop = np.asarray(weights["population"], dtype=float)
    median, p90 = weighted_quantiles(
        nearest, pop, inverse, n, (0.5, 0.9), value_order=distance_order
    )
    choice = choice_medians(others, pop, inverse, n, unit=unit) if len(others) else None
    return unit_table(unit_codes, sums, median, p90, unit=unit, choice=choice)


def _share(part: npt.ArrayLike, whole: npt.ArrayLike) -> FloatArray:
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)
