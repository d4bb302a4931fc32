"""What a preflight finds: each finding with its page, and the report that lists them the way
a print shop reads them (the same finding on many pages as one line)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Severity, counted


@dataclass(frozen=True)
class Finding:
    severity: Severity
    check: str  # fonts, boxes, trim-size, resolution, color-space, hairlines, small-text, …
    page: int | None  # 1-based; None for the document as a whole
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            Severity(data["severity"]),
            data["check"],
            data["page"],
            data["message"],
            data["details"],
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "check": self.check,
            "page": self.page,
            "message": self.message,
            "details": self.details,
        }


@dataclass(frozen=True)
class Report:
    path: Path
    profile: str
    pages: int
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "profile": self.profile,
            "pages": self.pages,
            "errors": [f.as_dict() for f in self.errors],
            "warnings": [f.as_dict() for f in self.warnings],
        }

    def grouped(self) -> list[tuple[Severity, str, str, str]]:
        """Each finding once, with the pages it was found on (`pages 1–4, 7`): its severity,
        check, message and pages, so that a problem of every page reads once."""
        pages: dict[tuple[Severity, str, str], list[int | None]] = {}
        for finding in self.findings:
            pages.setdefault((finding.severity, finding.check, finding.message), []).append(
                finding.page
            )
        return [(*found, page_ranges(numbers)) for found, numbers in pages.items()]

    def lines(self) -> list[str]:
        """One line per finding, `page 3: warning: …`, or `pages 1–4, 7: error: …`."""
        return [
            f"{pages}: {severity.value}: {message}"
            for severity, _, message, pages in self.grouped()
        ]

    def summary(self) -> str:
        return (
            f"{counted(len(self.errors), 'error')}, {counted(len(self.warnings), 'warning')}, "
            f"{counted(self.pages, 'page')}"
        )


SHOWN_RANGES = 8  # of the pages a finding is on: the first ones, and the last


def page_ranges(pages: Iterable[int | None]) -> str:
    """`pages 1–4, 7`: the pages named as a reader would, at most a line of them."""
    numbers = sorted({p for p in pages if p is not None})
    if not numbers:
        return "document"
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    if len(shown) > SHOWN_RANGES:  # a finding of every other page reads as a count
        shown = [*shown[: SHOWN_RANGES - 1], f"… {shown[-1]} ({len(numbers)} pages)"]
    text = ", ".join(shown)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"
