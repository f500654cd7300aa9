"""Errors users see: one place, so the CLI and the app render them the same way."""

from __future__ import annotations

from dataclasses import dataclass


class CoverageError(Exception):
    """Base class of every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One finding about an input: where it is and what to do about it.

    `row` is numbered as a spreadsheet shows it (header = row 1); None for whole-file problems.
    `message` is English. `code` (a key of `coverage.messages.MESSAGES`) and `params` (the
    values filled into its template, as (name, value) pairs) let `coverage.messages.localized`
    write the same problem in Finnish or Swedish; problems without a code show `message`.
    """

    source: str
    row: int | None
    field: str | None
    message: str
    severity: str = "error"  # "error" makes the input unusable, "warning" does not
    code: str | None = None  # stable message id, e.g. "upload.not_a_number"
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        """Return 'severity: source, row N, field 'F': message' (the CLI prints this)."""
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{self.severity}: {where}: {self.message}"


class InputError(CoverageError, ValueError):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("input", None, None, problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(CoverageError):
    """A source directory or official service is missing, unreachable or corrupt."""


class DatasetMissingError(CoverageError):
    """No working dataset has been built yet."""


class DatasetDamagedError(DatasetMissingError):
    """A working dataset is there but not whole: a layer or the manifest is missing or altered.

    A subclass of DatasetMissingError because the remedy is the same (build it again), so every
    place that explains a missing dataset also explains a damaged one. `layer` names the file.
    """

    def __init__(
        self, path: object, layer: str, problem: str, fix: str = "python -m coverage sync"
    ) -> None:
        self.path = path
        self.layer = layer
        self.problem = problem
        super().__init__(
            f"the working dataset at {path} is damaged: {layer}: {problem}; rebuild it with `{fix}`"
        )
