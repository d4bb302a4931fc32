"""What a build did: the outputs it wrote, what it drew anew, the descriptions its cards
shortened, its preflights and warnings; recorded for the next build of the same inputs
(`uptodate.py`), and said in a few lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, counted
from .preflight.checks import Finding
from .preflight.checks import Report as PreflightReport
from .preflight.report import page_ranges


@dataclass
class BuildReport:
    locales: list[str] = field(default_factory=list)
    sheets: list[Path] = field(default_factory=list)
    sheet_pages: int = 0
    brochures: list[Path] = field(default_factory=list)
    brochure_pages: int = 0
    imposed: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # earlier outputs now outdated
    # Each file written → its edition's locale and the digest of its bytes.
    written: dict[Path, tuple[str, str]] = field(default_factory=dict)
    products: dict[Path, str] = field(default_factory=dict)  # each sheet written → its product
    redrawn_sheets: int = 0  # the others were up to date
    # Each brochure → its pages drawn anew (the others were up to date).
    redrawn_pages: dict[Path, list[int]] = field(default_factory=dict)
    # Each print brochure checked as the press would check it.
    preflights: list[tuple[Path, PreflightReport]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Each brochure's products whose cards show part of their description.
    shortened: dict[Path, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    unchanged: bool = False  # the catalog and its photos as the last build found them

    def as_record(self, out_dir: Path) -> dict:
        """What the next build of the same inputs reports again (paths within `out_dir`)."""

        def name(path: Path) -> str:
            return path.relative_to(out_dir).as_posix()

        return {
            "locales": self.locales,
            "sheets": [name(path) for path in self.sheets],
            "sheet_pages": self.sheet_pages,
            "brochures": [name(path) for path in self.brochures],
            "brochure_pages": self.brochure_pages,
            "imposed": [name(path) for path in self.imposed],
            "written": {name(path): list(entry) for path, entry in self.written.items()},
            "preflights": [
                [
                    name(path),
                    checked.profile,
                    checked.pages,
                    [f.as_dict() for f in checked.findings],
                ]
                for path, checked in self.preflights
            ],
            "warnings": [problem.as_dict() for problem in self.warnings],
            "shortened": {name(path): names for path, names in self.shortened.items()},
        }

    @classmethod
    def from_record(cls, record: dict, out_dir: Path) -> BuildReport:
        """The report of a build found up to date: the last one's, nothing drawn or written."""
        brochures = [out_dir / name for name in record["brochures"]]
        return cls(
            locales=record["locales"],
            sheets=[out_dir / name for name in record["sheets"]],
            sheet_pages=record["sheet_pages"],
            brochures=brochures,
            brochure_pages=record["brochure_pages"],
            imposed=[out_dir / name for name in record["imposed"]],
            written={out_dir / name: tuple(entry) for name, entry in record["written"].items()},
            redrawn_pages={path: [] for path in brochures},
            preflights=[
                (
                    out_dir / name,
                    PreflightReport(
                        out_dir / name, profile, pages, [Finding.from_dict(f) for f in findings]
                    ),
                )
                for name, profile, pages, findings in record["preflights"]
            ],
            warnings=[Problem.from_dict(problem) for problem in record["warnings"]],
            shortened={out_dir / name: names for name, names in record["shortened"].items()},
            unchanged=True,
        )

    def redrawn_line(self) -> str:
        """What this build drew anew, and what it found up to date (`3 sheets redrawn, 997 up
        to date; brochure pages 41–44 redrawn`)."""
        if self.unchanged:
            return "Up to date: the catalog and its photos are as the last build found them."
        kept = len(self.sheets) - self.redrawn_sheets
        line = f"{counted(self.redrawn_sheets, 'sheet')} redrawn, {kept} up to date"
        for brochure, pages in self.redrawn_pages.items():
            name = "brochure" if len(self.redrawn_pages) == 1 else brochure.name
            line += f"; {name} " + (f"{page_ranges(pages)} redrawn" if pages else "up to date")
        return line

    def shortened_lines(self) -> list[str]:
        """For each brochure whose cards show part of some descriptions, which ones."""
        lines = []
        for brochure, names in self.shortened.items():
            named = ", ".join(names[:SHORTENED_NAMED])
            if len(names) > SHORTENED_NAMED:
                named += f" and {len(names) - SHORTENED_NAMED} more"
            if names:
                lines.append(
                    f"cards: {counted(len(names), 'description')} shortened in {brochure.name} "
                    f"(the sheets show every word): {named}"
                )
        return lines


SHORTENED_NAMED = 12  # the products a line names; it counts the others
