"""A coordinator's own provider list, validated and placed in today's municipalities.

The one path used by the CLI and the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from coverage.data.providers import assign_municipality

if TYPE_CHECKING:
    from pathlib import Path

    from coverage.data.dataset import Dataset
    from coverage.errors import Problem


def load_user_providers(
    source: str | Path | bytes, ds: Dataset, *, filename: str | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return (providers ready for analysis, warnings); raise InputError when unusable.

    Municipality: the file's `kunta_code` when given, else the location (the file has no town
    name column to trust over the generalised polygons).
    """
    from coverage.data.uploads import load_provider_file  # noqa: PLC0415

    result = load_provider_file(source, filename=filename)
    frame = pd.DataFrame(result.providers.drop(columns="geometry", errors="ignore"))
    frame["city"] = ""
    placed, _report = assign_municipality(frame, ds.municipalities)
    return placed.drop(columns=["city"]), list(result.warnings)
