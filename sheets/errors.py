"""The one type for every problem a user can act on: where it is, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """A message about the user's input, with its place in the source file when known."""

    severity: Severity
    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    product: str | None = None  # the product's reference
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "severity": self.severity.value, "file": self.file and str(self.file)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        file = data.get("file")
        return cls(**{**data, "severity": Severity(data["severity"]), "file": file and Path(file)})

    def __str__(self) -> str:
        place = str(self.file) if self.file else "sheets"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        subject = f"product {self.product}: " if self.product else ""
        text = f"{place}: {self.severity.value}: {subject}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class Refused(ValueError):
    """A value written correctly that still cannot be used: the message says why, after the
    value (`'bleed' '30 mm' is more than a press needs`); the hint, if any, what to write."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class SheetsError(Exception):
    """Raised when the input cannot be built; carries every problem found, errors and warnings."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


SHOWN_LENGTH = 60  # a value quoted in a message is shortened to this many characters


def shown(value: object) -> str:
    """A user's value as a message quotes it: `'EUROS'`. A long one keeps its start and its end
    around an ellipsis (the end of a path names the file), so that a 50 000-character value
    makes a message of a line, not of a page."""
    text = str(value)
    if len(text) > SHOWN_LENGTH:
        text = text[: SHOWN_LENGTH - 16] + "…" + text[-15:]
    return repr(text)


def written_on(line: int | None, file: Path | None, here: Path | None) -> str:
    """Where something is written, as a message about a place in `here` says it: `line 12`, or
    `line 12 of products/b.yaml` when that is another file."""
    return f"line {line}" if file == here else f"line {line} of {file}"


def in_file_order(problems: list[Problem], catalog: Path | None) -> list[Problem]:
    """The problems of the catalog file (and those of no file) by line, then those of each
    other file (its products files, by name) by line."""

    def place(problem: Problem) -> tuple[bool, str, int]:
        other = problem.file not in (None, catalog)
        return other, str(problem.file) if other else "", problem.line or 0

    return sorted(problems, key=place)


def counted(n: int, word: str) -> str:
    """`1 error`, `3 warnings`, `2 categories`: counts in the tool's messages."""
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"
