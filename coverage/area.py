"""The user's own area: the whole country, units of any division, or a set of municipalities.

An area is written as a spec: `maakunta:19` (Lappi), `kunta:091` (Helsinki), several joined by
commas (`kunta:091,kunta:049`), or empty / `country` for the whole country. Every division is a
partition of the municipalities, so any area is a set of municipalities, and every 1 km cell
belongs to one of them: the area's cells are those of its municipalities. The CLI (`--area`) and
the app (sidebar "Oma alue", `?area=` in the URL) resolve specs here, so an area means the same
set of cells in both.

Figures for an area are the national run's figures of those cells: distances still reach
providers across the area's border (people cross it), only the cells counted are the area's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from coverage.data.schema import DIVISIONS
from coverage.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from coverage.data.dataset import Dataset

COUNTRY = "country"
"""The spec (and division) of the whole country."""
SEPARATOR = ","
"""Joins the parts of a spec naming several units (`kunta:091,kunta:049`)."""


@dataclass(frozen=True)
class Area:
    """An area as (division, unit code) parts; no parts = the whole country.

    Parts are kept sorted and unique, so equal areas are equal objects (a cache key).
    """

    parts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> Area:
        """Return the area a spec names (`maakunta:19`, `kunta:091,kunta:049`, `country`, "").

        Raises
        ------
        InputError
            If a part is not `DIVISION:CODE` or names an unknown division; the message says
            which part and what is allowed.
        """
        return cls.of(*(spec or "").split(SEPARATOR))

    @classmethod
    def of(cls, *specs: str) -> Area:
        """Return the union of the areas named by `specs` (each may hold several parts)."""
        parts: set[tuple[str, str]] = set()
        for spec in specs:
            for raw in str(spec).split(SEPARATOR):
                part = raw.strip()
                if not part or part.lower() == COUNTRY or part.lower().startswith(f"{COUNTRY}:"):
                    continue
                division, sep, code = part.partition(":")
                division, code = division.strip().lower(), code.strip()
                if not sep or not code:
                    msg = f"area {part!r}: write DIVISION:CODE, e.g. maakunta:19 or kunta:091"
                    raise InputError(msg)
                if division not in DIVISIONS or division == COUNTRY:
                    allowed = ", ".join(d for d in DIVISIONS if d != COUNTRY)
                    msg = f"area {part!r}: unknown division {division!r}; use one of {allowed}"
                    raise InputError(msg)
                parts.add((division, code))
        if not parts:
            return cls()
        return cls(tuple(sorted(parts)))

    @property
    def is_country(self) -> bool:
        """Whether the area is the whole country (no restriction)."""
        return not self.parts

    @property
    def spec(self) -> str:
        """Return the spec that parses back to this area ("" for the whole country)."""
        return SEPARATOR.join(f"{d}:{c}" for d, c in self.parts)

    def resolve(self, ds: Dataset) -> Area:
        """Return the area with each code written as the dataset writes it (`kunta:91` -> `091`).

        Raises
        ------
        InputError
            If a code is not a unit of its division in the dataset.
        """
        out = []
        problems = []
        for division, code in self.parts:
            units = ds.units_of(division)["unit_code"].astype(str).tolist()
            found = _match_code(code, units)
            if found is None:
                problems.append(f"area {division}:{code}: no unit {code!r} in division {division} "
                                f"(codes: {', '.join(_preview(units))})")
            else:
                out.append((division, found))
        if problems:
            raise InputError("; ".join(problems))
        return Area(tuple(sorted(set(out))))

    def kunta_codes(self, ds: Dataset) -> tuple[str, ...]:
        """Return the codes of the area's municipalities, sorted (every one for the country)."""
        members = ds.membership

        def make() -> tuple[str, ...]:
            if self.is_country:
                return tuple(sorted(members["kunta_code"].astype(str)))
            inside = np.zeros(len(members), dtype=bool)
            for division, code in self.resolve(ds).parts:
                inside |= members[division].astype(str).to_numpy() == code
            return tuple(sorted(members.loc[inside, "kunta_code"].astype(str)))

        return ds.derived(f"area_kunnat:{self.spec}", make)

    def cell_mask(self, ds: Dataset, cells: pd.DataFrame) -> npt.NDArray[np.bool_]:
        """Return True for the cells of `cells` (rows with `kunta_code`) inside the area."""
        if self.is_country:
            return np.ones(len(cells), dtype=bool)
        return cells["kunta_code"].astype(str).isin(self.kunta_codes(ds)).to_numpy()

    def unit_codes(self, ds: Dataset, division: str) -> tuple[str, ...]:
        """Return the units of `division` with at least one municipality in the area."""
        members = ds.membership
        inside = members["kunta_code"].astype(str).isin(self.kunta_codes(ds))
        return tuple(sorted(set(members.loc[inside, division].astype(str))))

    def name(self, ds: Dataset, lang: str = "fi") -> str:
        """Return the area's name in `lang` ("Lappi", "Helsinki, Espoo"); "" for the country."""
        if self.is_country:
            return ""
        column = "name_sv" if lang == "sv" else "name_fi"
        names = []
        for division, code in self.resolve(ds).parts:
            units = ds.units_of(division).set_index("unit_code")
            names.append(str(units.at[code, column]) if code in units.index
                         else f"{division}:{code}")
        return ", ".join(names)


def _match_code(code: str, units: list[str]) -> str | None:
    """Return the unit code `code` means: exact, else equal as a number (`91` = `091`)."""
    if code in units:
        return code
    if code.isdigit():
        for unit in units:
            if unit.isdigit() and int(unit) == int(code):
                return unit
    return None


def _preview(codes: list[str], n: int = 8) -> list[str]:
    shown = sorted(codes, key=lambda c: (len(c), c))[:n]
    return [*shown, "..."] if len(codes) > n else shown


def units_containing(area: Area, ds: Dataset, unit_of_kunta: Mapping[str, str]) -> tuple[str, ...]:
    """Return the units (of a municipality -> unit key, e.g. an option's) holding the area."""
    return tuple(sorted({str(unit_of_kunta[k]) for k in area.kunta_codes(ds)
                         if k in unit_of_kunta}))


def area_from_specs(specs: list[str] | tuple[str, ...] | None) -> Area:
    """Return the union of `--area` options (none = the whole country)."""
    return Area.of(*(specs or ()))


class AreaGroups(NamedTuple):
    """Unit rows of a division with the rest of the country as one extra row (see `restrict`)."""

    codes: npt.NDArray[np.object_]  # the division's codes and "" for the rest of the country
    kunta_to_unit: npt.NDArray[np.int64]  # unit row of each municipality (len(codes)-1: outside)
    kept: npt.NDArray[np.int64]  # rows of the units with a municipality in the area, in order


def restrict(area: Area, ds: Dataset, codes: npt.ArrayLike, kunta_codes: npt.ArrayLike,
             kunta_to_unit: npt.ArrayLike) -> AreaGroups:
    """Return unit rows that count only the area's municipalities.

    The municipalities outside the area go to one extra row, which tables drop (`kept`), so a
    unit's figures are those of its part inside the area, summed from the same cells as the
    national run.
    """
    codes = np.asarray(codes, dtype=object)
    inside = np.isin(np.asarray(kunta_codes).astype(str), area.kunta_codes(ds))
    mapped = np.where(inside, np.asarray(kunta_to_unit), len(codes))
    return AreaGroups(np.append(codes, "").astype(object), mapped.astype(np.int64),
                      np.unique(mapped[inside]))
