"""Need model: people per demand cell likely to need digital support, by seed level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from coverage.defaults import DEFAULT_NEED_RATES, LEVELS, NEED_MODELS, NeedRates

if TYPE_CHECKING:
    from collections.abc import Mapping

if TYPE_CHECKING:
    import numpy as np


def band_populations(demand: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the populations of the need model's age bands per cell."""
    p75 = demand["pop_75plus"].to_numpy(float)
    return {
        "15_64": demand["pop_15_64"].to_numpy(float),
        "65_74": demand["pop_65plus"].to_numpy(float) - p75,
        "75plus": p75,
    }


def need_by_level(demand: pd.DataFrame, rates: NeedRates = DEFAULT_NEED_RATES) -> pd.DataFrame:
    """Return need per cell split into columns taso2, taso3, taso4 (people, floats)."""
    bands = band_populations(demand)
    out = {}
    for level in LEVELS:
        out[f"taso{level}"] = sum(bands[b] * rates.rates[b].get(level, 0.0) for b in bands)
    return pd.DataFrame(out, index=demand.index)


def need(
    demand: pd.DataFrame, *, rates: NeedRates = DEFAULT_NEED_RATES, levels: tuple[int, ...] = LEVELS
) -> np.ndarray:
    """Return the people per cell needing support at any of `levels`."""
    bands = band_populations(demand)
    return sum(bands[b] * rates.rate(b, levels) for b in bands)


def need_by_model(
    demand: pd.DataFrame,
    unit_of_kunta: Mapping[str, str],
    unit_names: Mapping[str, str],
    *,
    levels: tuple[int, ...] = LEVELS,
    models: Mapping[str, NeedRates] | None = None,
    country_name: str = "Suomi",
) -> pd.DataFrame:
    """Return need per need model for the country and each unit, with the relative change.

    Rows: the country (`unit_code` "FI") first, then the units in code order. Columns
    `need_<model>` (people) per model and `change_share` = last model / first model - 1, so a
    reader sees how much the choice of preset moves national and regional need.
    """
    models = dict(models or NEED_MODELS)
    unit = demand["kunta_code"].map(unit_of_kunta).to_numpy(object)
    out: dict[str, pd.Series] = {}
    for name, rates in models.items():
        values = pd.Series(need(demand, rates=rates, levels=levels), index=demand.index)
        per_unit = values.groupby(unit).sum()
        out[f"need_{name}"] = pd.concat([pd.Series({"FI": values.sum()}), per_unit])
    table = pd.DataFrame(out)
    table.index.name = "unit_code"
    table = table.reset_index()
    order = [(0, 0, "")] + [(1, int(c) if str(c).isdigit() else 10**9, str(c))
                            for c in table["unit_code"].iloc[1:]]
    table = table.iloc[sorted(range(len(table)), key=lambda i: order[i])].reset_index(drop=True)
    names = {"FI": country_name, **unit_names}
    table.insert(1, "unit_name", [names.get(c, c) for c in table["unit_code"]])
    first, last = (f"need_{n}" for n in (next(iter(models)), list(models)[-1]))
    table["change_share"] = table[last] / table[first].where(table[first] > 0) - 1
    return table
