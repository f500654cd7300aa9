"""Need model: people per demand cell likely to need digital support, by seed level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from coverage.defaults import DEFAULT_NEED_RATES, LEVELS, NeedRates

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
