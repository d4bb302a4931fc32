"""What an import finds wrong in its source, each problem at its place there (file:row:column):
errors stop the import, warnings are said and the import goes on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ..errors import Problem, Severity, SheetsError, in_file_order

MAX_ERRORS = 50  # an import stopped at this many: the first ones tell what is wrong


@dataclass(frozen=True, slots=True)
class At:
    """A place in a source: a line (a row of a spreadsheet) and a column, 1-based."""

    line: int | None = None
    column: int | None = None


class Findings:
    """The problems of one import, in the order they were found."""

    def __init__(self, file: Path):
        self.file = file
        self.problems: list[Problem] = []

    def _add(self, severity, message, at, hint, product, file) -> None:
        at = at or At()
        self.problems.append(
            Problem(severity, message, file or self.file, at.line, at.column, product, hint)
        )

    def warn(
        self,
        message: str,
        at: At | None = None,
        hint: str | None = None,
        product: str | None = None,
        file: Path | None = None,
    ) -> None:
        self._add(Severity.WARNING, message, at, hint, product, file)

    def error(
        self,
        message: str,
        at: At | None = None,
        hint: str | None = None,
        product: str | None = None,
        file: Path | None = None,
    ) -> None:
        self._add(Severity.ERROR, message, at, hint, product, file)
        if len(self.errors) >= MAX_ERRORS:
            self.stop_if_errors()

    def stop(
        self,
        message: str,
        at: At | None = None,
        hint: str | None = None,
        file: Path | None = None,
    ) -> NoReturn:
        """An error after which nothing more can be read."""
        self._add(Severity.ERROR, message, at, hint, None, file)
        raise SheetsError(self.ordered())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def stop_if_errors(self) -> None:
        if self.errors:
            raise SheetsError(self.ordered())

    def ordered(self) -> list[Problem]:
        return in_file_order(self.problems, self.file)
