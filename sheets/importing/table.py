"""A table of rows under a header, from CSV text (any separator) or a workbook, each cell with
its place; formulas refused, a row wider than its header refused, columns found by name."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .problems import At, Findings
from .source_file import MAX_SOURCE_BYTES

SEPARATORS = ",;\t|"
SNIFFED_LINES = 20
MAX_FORMULAS = 20  # formula cells reported; the rest are like them
PASTE_VALUES = (
    "paste values instead: select the cells, copy, and Paste special → Values, then save or "
    "export again"
)
# A CSV cell a spreadsheet would compute, whole: '=' then a function's call (`=SUM(A1:A3)`),
# or cell references and numbers joined by operators, one reference at least (`=C3*2`,
# `=Sheet1!B2`). Any other text starting with '=' (`=== SALE ===`, `=1+1`) is text.
_CALL = re.compile(r"=\s*[A-Za-z_][A-Za-z0-9_.]*\(.*\)\s*", re.S)
_OPERATOR = re.compile(r"\s*[-+*/^&]\s*")
_REFERENCE = re.compile(
    r"(?:[A-Za-z0-9_]+!)?\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?"
)
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
CSV_WIDE_HINT = "a separator too many in the row, or a cell that should be quoted"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # as written, spaces around it removed
    at: At
    name: str  # its column's header


@dataclass(frozen=True, slots=True)
class Row:
    at: At  # where the row starts: its line (CSV) or its number (workbook)
    cells: dict[str, Cell]  # by the header of their column (a workbook's empty cells not there)
    columns: dict[str, int]  # each header's column number, for the place of an empty cell

    def get(self, column: str | None) -> str:
        """The cell's text in `column` ('' when empty or when there is no such column)."""
        cell = self.cells.get(column) if column else None
        return cell.text if cell else ""

    def cell(self, column: str | None) -> Cell | None:
        return self.cells.get(column) if column else None

    def place(self, column: str | None) -> At:
        cell = self.cell(column)
        if cell is not None:
            return cell.at
        return At(self.at.line, self.columns[column]) if column in self.columns else self.at


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]

    def column(self, *names: str) -> str | None:
        """The header naming one of `names` (in any case), the first found."""
        folded = {name.casefold(): name for name in self.header}
        return next((folded[n.casefold()] for n in names if n.casefold() in folded), None)

    def require(self, wanted: dict[str, tuple[str, ...]], findings: Findings) -> dict[str, str]:
        """The header of each wanted column (by the names it may have); stops naming those
        missing and, for each, the header closest to its name."""
        found, missing = {}, []
        for key, names in wanted.items():
            column = self.column(*names)
            if column is None:
                missing.append(names[0])
            else:
                found[key] = column
        if missing:
            for name in missing:
                close = difflib.get_close_matches(name, self.header, n=1, cutoff=0.6)
                findings.error(
                    f"no column {name!r}",
                    At(1, None),
                    f"did you mean {close[0]!r}? rename it {name!r}"
                    if close
                    else f"the columns are: {', '.join(self.header)}",
                )
            findings.stop_if_errors()
        return found


def read_csv_table(text: str, findings: Findings) -> Table:
    """The table a CSV text holds, its separator told by its first lines."""
    lines = text.splitlines()[:SNIFFED_LINES]
    separator = _separator("\n".join(lines), lines[0] if lines else "")
    # A cell may be as long as the file (an image inlined in a description): csv's limit of
    # 128 KiB is raised to the file's.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_SOURCE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records, line = [], 1
    try:
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        findings.stop(f"the file cannot be read as CSV: {exc}", At(reader.line_num or 1, None))
    placed = list(_placed(records))
    _refuse_formulas(placed, findings)
    return table_from_records(placed, findings, CSV_WIDE_HINT)


def is_formula(text: str) -> bool:
    """Whether a CSV cell is a formula a spreadsheet would compute (see _CALL)."""
    text = text.strip()
    if not text.startswith("="):
        return False
    if _CALL.fullmatch(text):
        return True
    operands = _OPERATOR.split(text[1:].strip().removeprefix("-"))
    references = [_REFERENCE.fullmatch(operand) is not None for operand in operands]
    return any(references) and all(
        is_reference or _NUMBER.fullmatch(operand)
        for operand, is_reference in zip(operands, references, strict=True)
    )


def _refuse_formulas(records: list[tuple[At, list[tuple[str, At]]]], findings: Findings) -> None:
    found = [(value, place) for _, cells in records for value, place in cells if is_formula(value)]
    for value, place in found[:MAX_FORMULAS]:
        findings.error(
            f"a formula ({value.strip()[:40]}): its value is wanted", place, PASTE_VALUES
        )


def _separator(sample: str, header: str) -> str:
    """The separator: the Sniffer's when the header holds it, else the one the header holds
    most of."""
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and sniffed in header:
        return sniffed
    return max(SEPARATORS, key=header.count)


def _placed(records: list[tuple[int, list[str]]]) -> Iterable[tuple[At, list[tuple[str, At]]]]:
    """Each record's cells with their places: a cell starts on the line where the newlines of
    the cells before it (inside quotes) lead."""
    for line, record in records:
        placed, current = [], line
        for number, value in enumerate(record, start=1):
            placed.append((value, At(current, number)))
            current += value.count("\n")
        yield At(line, None), placed


def table_from_records(
    records: Iterable[tuple[At, list[tuple[str, At]]]], findings: Findings, wide_hint: str
) -> Table:
    """The table from its records (each cell at its column; a workbook's empty cells may be
    left out), the first non-empty one being the header; `wide_hint` says what a value beyond
    the header's columns may be."""
    header: list[str] | None = None
    columns: dict[str, int] = {}
    rows: list[Row] = []
    unnamed: dict[int, At] = {}  # the columns without a name that hold something: the first
    for at, cells in records:
        if not any(value.strip() for value, _ in cells):
            continue
        if header is None:
            header = _header(cells, findings)
            columns = {name: number for number, name in enumerate(header, start=1) if name}
            continue
        wide = [place for value, place in cells if place.column > len(header) and value.strip()]
        if wide:
            findings.error(
                f"the row has {max(place.column for _, place in cells)} cells; the header has "
                f"{len(header)} columns",
                wide[0],
                wide_hint,
            )
            continue
        cells_by_name = {}
        for value, place in cells:
            name = header[place.column - 1]
            if name:
                cells_by_name[name] = Cell(value.strip(), place, name)
            elif value.strip() and place.column not in unnamed:
                unnamed[place.column] = place
        rows.append(Row(at, cells_by_name, columns))
    for column, place in sorted(unnamed.items()):
        findings.warn(
            f"column {column} has no name in the header: its cells are not imported",
            place,
            "give the column a name in the header row",
        )
    if header is None:
        findings.stop("the file has no header row", hint="export the products again")
    findings.stop_if_errors()
    if not rows:
        findings.stop("the file has a header but no rows", At(1, None))
    return Table([name for name in header if name], rows)


def _header(cells: list[tuple[str, At]], findings: Findings) -> list[str]:
    """The columns' names, by their column number (the first at index 0)."""
    names = [""] * max(place.column for _, place in cells)
    seen: dict[str, At] = {}
    for value, place in cells:
        name = " ".join(value.split())
        if name.casefold() in seen:
            first = seen[name.casefold()]
            findings.error(
                f"the column {name!r} comes twice (first in column {first.column})",
                place,
                "rename one of them",
            )
        if name:
            seen[name.casefold()] = place
        names[place.column - 1] = name
    return names
