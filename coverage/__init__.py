"""Digituki coverage: where digital support is given, where people live, and the gaps between.

The public API for an analyst (in a notebook or a script), importable from `coverage`:

- data: `load_dataset`;
- the scenario: `Reach` (straight line, car or walking, threshold in km or minutes),
  `Scenario`, `ProviderFilter`, `prepare` (resolves the reach once), `Memo` (keeps the road
  network and its engines between scenarios);
- tables: `access_table` (coverage per unit of a division), `gaps_table` (gap areas),
  `compare_options` / `CompareSettings` (coordinator options);
- planning: `plan_new_sites`, `before_after_table`, `home_support`.

Names load on first use (PEP 562), so `import coverage` stays light; nothing here imports
streamlit or folium.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_MODULES: dict[str, tuple[str, ...]] = {
    "coverage.data.dataset": ("Dataset", "load_dataset"),
    "coverage.reach": ("MODES", "Memo", "Reach"),
    "coverage.scenario": ("Prepared", "Scenario", "access_table", "gaps_table", "prepare"),
    "coverage.accessibility": ("ProviderFilter",),
    "coverage.compare": ("CompareSettings", "Weights", "compare_options"),
    "coverage.planning": ("before_after_table", "plan_new_sites"),
    "coverage.homesupport": ("HomeSupportParams", "home_support"),
    "coverage.errors": ("InputError",),
}
"""The module that defines each public name."""
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "MODES", "CompareSettings", "Dataset", "HomeSupportParams", "InputError", "Memo",
    "Prepared", "ProviderFilter", "Reach", "Scenario", "Weights", "access_table",
    "before_after_table", "compare_options", "gaps_table", "home_support", "load_dataset",
    "plan_new_sites", "prepare",
]

if TYPE_CHECKING:
    from coverage.accessibility import ProviderFilter
    from coverage.compare import CompareSettings, Weights, compare_options
    from coverage.data.dataset import Dataset, load_dataset
    from coverage.errors import InputError
    from coverage.homesupport import HomeSupportParams, home_support
    from coverage.planning import before_after_table, plan_new_sites
    from coverage.reach import MODES, Memo, Reach
    from coverage.scenario import Prepared, Scenario, access_table, gaps_table, prepare


def __getattr__(name: str) -> Any:  # noqa: ANN401 - any public object
    """Import a public name's module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'coverage' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names with the module's own."""
    return sorted({*globals(), *__all__})
