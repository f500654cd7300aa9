"""Provider taxonomy (authored in data/providers/provider_types.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from coverage.data.paths import authored_file

TAXONOMY_CSV = authored_file("providers/provider_types.csv")


@dataclass(frozen=True)
class ProviderType:
    """One provider type with its defaults and display names."""

    provider_type: str
    auta_part: str
    channel: str
    capacity_h_week: float
    label_fi: str
    label_sv: str
    label_en: str
    aliases: tuple[str, ...]

    def label(self, lang: str = "fi") -> str:
        """Return the display name in `lang` (fi, sv, en)."""
        return {"fi": self.label_fi, "sv": self.label_sv}.get(lang, self.label_en)


@cache
def provider_types() -> dict[str, ProviderType]:
    """Return the taxonomy keyed by provider_type id."""
    out: dict[str, ProviderType] = {}
    with TAXONOMY_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["provider_type"]] = ProviderType(
                provider_type=row["provider_type"],
                auta_part=row["auta_part"],
                channel=row["channel"],
                capacity_h_week=float(row["capacity_h_week"]),
                label_fi=row["label_fi"],
                label_sv=row["label_sv"],
                label_en=row["label_en"],
                aliases=tuple(a.strip().lower() for a in row["aliases"].split(";") if a.strip()),
            )
    return out


def resolve_provider_type(value: str) -> str | None:
    """Map a type id, label or alias (any case, fi/sv/en) to its id; None when unknown."""
    key = value.strip().lower()
    for pt in provider_types().values():
        names = {pt.provider_type, pt.label_fi.lower(), pt.label_sv.lower(), pt.label_en.lower()}
        if key in names or key in pt.aliases:
            return pt.provider_type
    return None
