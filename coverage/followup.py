"""The register and saved scenarios as analysis input.

Which providers an analysis uses, saved scenarios run again, before/after differences per unit
and per cell, coverage over time.

Analysis layer: it combines the store (data) with `coverage.scenario`; the CLI and the app call
these functions, so a saved scenario means the same in both.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coverage.accessibility import ProviderFilter
from coverage.defaults import DEFAULT_CIRCUITY, NeedRates
from coverage.errors import InputError
from coverage.reach import Reach
from coverage.scenario import Scenario, access_table, prepare
from coverage.store import register, scenarios
from coverage.store.scenarios import PROVIDER_SOURCES

if TYPE_CHECKING:
    from coverage.data.dataset import Dataset
    from coverage.store.db import Store

DIFF_FIGURES: tuple[str, ...] = (
    "covered_population",
    "covered_65plus",
    "covered_75plus",
    "covered_need",
    "coverage_share",
    "coverage_share_65plus",
    "need_coverage_share",
)
"""Per-unit figures compared by `diff_tables` (plus every distance column: median_*, p90_*,
mean_need_*), each as <figure>_a, <figure>_b and <figure>_delta (= b - a)."""

_DISTANCE_PREFIXES = ("median_", "p90_", "mean_need_")

MAX_TREND_DATES = 24
"""The trend table covers at most this many dates (the latest ones): one analysis per date."""


# -- parameters (one place to change when the Scenario model grows) ---------------------------


def scenario_params(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario's parameters as JSON-able data (`Scenario.to_dict` when it exists)."""
    if hasattr(scenario, "to_dict"):
        return {"format": "scenario.to_dict", "scenario": scenario.to_dict()}
    fields = {}
    for f in dataclasses.fields(scenario):
        value = getattr(scenario, f.name)
        if isinstance(value, ProviderFilter):
            value = {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in dataclasses.asdict(value).items()
            }
        elif isinstance(value, NeedRates):
            value = {
                band: {str(level): rate for level, rate in levels.items()}
                for band, levels in value.rates.items()
            }
        elif isinstance(value, tuple):
            value = list(value)
        fields[f.name] = value
    return {"format": "fields", "scenario": fields}


def scenario_from_params(params: dict[str, Any]) -> Scenario:
    """Return the Scenario saved by `scenario_params` (exactly: a re-run gives the same numbers)."""
    data = params["scenario"]
    if params.get("format") == "scenario.to_dict":
        return Scenario.from_dict(data)
    if "threshold_km" in data:  # saved before the Reach model: straight-line reach in km
        data = dict(data)
        reach = Reach(
            threshold=data.pop("threshold_km"),
            circuity=data.pop("circuity", DEFAULT_CIRCUITY),
            catchment=data.pop("catchment_km", None),
        )
        params = {"format": "scenario.to_dict", "scenario": {**data, "reach": reach.to_dict()}}
        return scenario_from_params(params)
    known = {f.name for f in dataclasses.fields(Scenario)}
    unknown = sorted(set(data) - known)
    if unknown:
        msg = f"saved parameters {unknown} are unknown to this version of the program"
        raise InputError(msg)
    kwargs = dict(data)
    if "provider_filter" in kwargs:
        kwargs["provider_filter"] = ProviderFilter(
            **{
                k: tuple(v) if isinstance(v, list) else v
                for k, v in kwargs["provider_filter"].items()
            }
        )
    if "need_rates" in kwargs:
        kwargs["need_rates"] = NeedRates(
            {
                band: {int(level): rate for level, rate in levels.items()}
                for band, levels in kwargs["need_rates"].items()
            }
        )
    if "need_levels" in kwargs:
        kwargs["need_levels"] = tuple(kwargs["need_levels"])
    return Scenario(**kwargs)


def manifest_sha256(ds: Dataset) -> str:
    """Return the SHA-256 of the dataset's manifest (names every source file by its hash)."""
    path = ds.path / "manifest.json"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


# -- providers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderChoice:
    """The providers an analysis uses and where they came from (saved with a scenario)."""

    providers: pd.DataFrame | None  # None = the dataset's own frame
    source: str
    register_revision: int | None
    on_date: str | None
    register_rows: int = 0
    register_twins: int = 0

    def info(self) -> dict[str, Any]:
        """Return the provenance as JSON-able data."""
        return {
            "provider_source": self.source,
            "register_revision": self.register_revision,
            "on_date": self.on_date,
            "register_rows": self.register_rows,
            "register_twins_of_dataset": self.register_twins,
        }


def choose_providers(
    ds: Dataset,
    source: str = "dataset",
    *,
    store: Store | None = None,
    revision: int | None = None,
    on: str | None = None,
) -> ProviderChoice:
    """Return the providers for `source`: dataset, register or both (the sync's twin rule).

    `on` (ISO date): the register as it was recorded by the end of that day, with the providers
    valid on it; `revision` pins an exact register revision (a saved scenario's).
    """
    if source not in PROVIDER_SOURCES:
        msg = f"--providers {source!r}: use one of {', '.join(PROVIDER_SOURCES)}"
        raise InputError(msg)
    if on is not None and register.parse_date(on) is None:
        msg = f"--on {on!r}: give a date such as 2026-06-30"
        raise InputError(msg)
    if on is not None:
        on = register.parse_date(on)
    if source == "dataset":
        return ProviderChoice(None, source, None, None)
    if store is None:
        msg = f"--providers {source} needs a store (--store URL or $DIGITUKI_STORE)"
        raise InputError(msg)
    day = on or register._today(store)
    if revision is None:
        revision = register.revision_on(store, day) if on else store.revision()
    reg = register.providers_at(store, revision=revision, on=day)
    if source == "register":
        return ProviderChoice(reg, source, revision, day, len(reg), 0)
    both, twins = register.combine(ds.providers, reg)
    return ProviderChoice(both, source, revision, day, len(reg), twins)


# -- running and comparing -----------------------------------------------------------------


def run_table(
    ds: Dataset, scenario: Scenario, choice: ProviderChoice, division: str
) -> pd.DataFrame:
    """Return the per-unit coverage table of `scenario` with the chosen providers."""
    return access_table(ds, prepare(ds, scenario, choice.providers), division)


def summary(ds: Dataset, scenario: Scenario, choice: ProviderChoice) -> dict[str, Any]:
    """Return the national figures of a run (saved with a scenario, shown in lists)."""
    row = run_table(ds, scenario, choice, "country").iloc[0]
    keep = [c for c in row.index if c not in ("unit_code", "unit_name", "unit_name_sv")]
    out = {c: (None if pd.isna(row[c]) else float(row[c])) for c in keep}
    out["providers"] = int(len(ds.providers) if choice.providers is None else len(choice.providers))
    return out


def save_scenario(
    store: Store,
    ds: Dataset,
    name: str,
    scenario: Scenario,
    choice: ProviderChoice,
    *,
    replace: bool = False,
) -> dict[str, Any]:
    """Save `scenario` as the CLI and the app do; return the saved record.

    With it: its providers' source, register revision and date, the dataset it ran on and its
    national figures.
    """
    return scenarios.save(
        store,
        name,
        params=scenario_params(scenario),
        provider_source=choice.source,
        register_revision=choice.register_revision,
        on_date=choice.on_date,
        dataset_id=ds.dataset_id,
        manifest_sha256=manifest_sha256(ds),
        summary={**summary(ds, scenario, choice), **choice.info()},
        replace=replace,
    )


def saved_choice(ds: Dataset, store: Store, saved: dict[str, Any]) -> ProviderChoice:
    """Return the providers a saved scenario used (its register revision and date)."""
    return choose_providers(
        ds,
        saved["provider_source"],
        store=store,
        revision=saved["register_revision"],
        on=saved["on_date"],
    )


def run_saved(ds: Dataset, store: Store, saved: dict[str, Any], division: str) -> pd.DataFrame:
    """Return the per-unit table of a saved scenario, computed again from what it saved."""
    return run_table(
        ds, scenario_from_params(saved["params"]), saved_choice(ds, store, saved), division
    )


def diff_figures(columns: list[str]) -> list[str]:
    """Return the compared figures present in a coverage table's columns."""
    return [c for c in columns if c in DIFF_FIGURES or c.startswith(_DISTANCE_PREFIXES)]


def diff_tables(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Return per unit <figure>_a, <figure>_b and <figure>_delta (b - a) of two coverage tables."""
    names = [c for c in ("unit_name", "unit_name_sv") if c in a.columns]
    figures = [c for c in diff_figures(list(a.columns)) if c in b.columns]
    merged = a[["unit_code", *names, "population", *figures]].merge(
        b[["unit_code", *names, "population", *figures]],
        on="unit_code",
        how="outer",
        suffixes=("_a", "_b"),
        sort=False,
    )
    order: dict[object, int] = {}
    for code in [*a["unit_code"], *b["unit_code"]]:  # a's order, then units only b has
        order.setdefault(code, len(order))
    merged = merged.sort_values("unit_code", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )
    out = pd.DataFrame({"unit_code": merged["unit_code"]})
    for n in names:
        out[n] = merged[f"{n}_a"].fillna(merged[f"{n}_b"])
    for f in ["population", *figures]:
        out[f"{f}_a"] = merged[f"{f}_a"]
        out[f"{f}_b"] = merged[f"{f}_b"]
        out[f"{f}_delta"] = merged[f"{f}_b"] - merged[f"{f}_a"]
    return out


def covered_cells(ds: Dataset, scenario: Scenario, choice: ProviderChoice) -> pd.DataFrame:
    """Return cell_id, x, y and whether each cell is covered in the run."""
    prepared = prepare(ds, scenario, choice.providers)
    covered = prepared.covered()  # nearest cost within the reach's threshold
    return pd.DataFrame(
        {
            "cell_id": prepared.cells["cell_id"].to_numpy(),
            "x": prepared.cells["x"].to_numpy(float),
            "y": prepared.cells["y"].to_numpy(float),
            "population": prepared.cells["population"].to_numpy(float),
            "covered": np.asarray(covered, dtype=bool),
        }
    )


def cell_change(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Return the cells whose coverage differs: change +1 gains coverage in B, -1 loses it."""
    merged = a.merge(b[["cell_id", "covered"]], on="cell_id", how="outer", suffixes=("_a", "_b"))
    merged = merged.fillna({"covered_a": False, "covered_b": False})
    merged["change"] = merged["covered_b"].astype(int) - merged["covered_a"].astype(int)
    return merged[merged["change"] != 0].reset_index(drop=True)


def saved_cell_change(
    ds: Dataset, store: Store, a: dict[str, Any], b: dict[str, Any]
) -> pd.DataFrame:
    """Return `cell_change` of saved scenarios A and B, each computed again from what it saved."""
    return cell_change(
        *[
            covered_cells(ds, scenario_from_params(s["params"]), saved_choice(ds, store, s))
            for s in (a, b)
        ]
    )


def trend_table(
    ds: Dataset,
    store: Store,
    scenario: Scenario,
    division: str,
    *,
    source: str = "both",
) -> pd.DataFrame:
    """Return coverage per unit at every date the register changed (its follow-up over time).

    Dates: each day a revision was recorded or a provider's validity began or ended, up to
    today; the latest `MAX_TREND_DATES`. Each date uses the register as it was on that day.
    """
    days = register.change_days(store)
    rows = []
    for day in days[-MAX_TREND_DATES:]:
        choice = choose_providers(ds, source, store=store, on=day)
        table = run_table(ds, scenario, choice, division)
        table.insert(0, "date", day)
        table.insert(1, "register_revision", choice.register_revision)
        table.insert(2, "register_providers", choice.register_rows)
        rows.append(table)
    if not rows:
        return pd.DataFrame(
            columns=["date", "register_revision", "register_providers", "unit_code"]
        )
    return pd.concat(rows, ignore_index=True)
