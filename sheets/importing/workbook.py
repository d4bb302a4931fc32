"""A spreadsheet workbook (.xlsx) read as a table: its first sheet or the one named, each cell
as the text it shows, formulas refused at their cell, a cell merged over rows read in each.
Only the cells the sheet holds are read: a stray value far away costs one row, not the
rectangle up to it."""

from __future__ import annotations

import difflib
import re
import zipfile
import zlib
from datetime import date, datetime, time
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from .problems import At, Findings
from .table import MAX_FORMULAS, PASTE_VALUES, Table, table_from_records

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MAX_CELLS = 5_000_000  # far beyond a shop's products; a sheet larger is a mistake
# A number format of zeros only (`0000`): a whole number shown with leading zeros (`0750`).
_ZERO_PADDED = re.compile("0{1,30}")
# A cell merged over rows (`<mergeCell ref="D3:D5"/>`), as the sheet's XML writes it.
_MERGED = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^<>]*?\bref\s*=\s*[\"']"
    rb"([A-Za-z]{1,3})([0-9]{1,7}):[A-Za-z]{1,3}([0-9]{1,7})[\"']"
)
_CHUNK = 1 << 20
# What openpyxl raises on a sheet whose XML or styles are damaged.
_DAMAGED = (
    ValueError,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
)

Record = tuple[At, list[tuple[str, At]]]


def read_workbook(sheet: str | None, findings: Findings) -> Table:
    """The table of the workbook's first sheet, or of `sheet`."""
    # openpyxl is imported here: only a workbook's import pays for loading it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula is read as such, to be refused, not as a value cached
        # by whichever program saved the file last.
        workbook = load_workbook(findings.file, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        findings.stop(
            f"cannot be read as an .xlsx workbook ({exc})",
            hint="save it from the spreadsheet program as .xlsx, or export it as CSV",
        )
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            close = difflib.get_close_matches(sheet, workbook.sheetnames, n=1)
            findings.stop(
                f"the workbook has no sheet {sheet!r}",
                hint=f"did you mean {close[0]!r}?"
                if close
                else f"its sheets are: {', '.join(workbook.sheetnames)}",
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        records = _records(worksheet, findings)
        _fill_merged(records, _merged_down(worksheet), findings)
    except _DAMAGED as exc:
        findings.stop(
            f"cannot be read as an .xlsx workbook: its sheet is damaged ({exc})",
            hint="open it in the spreadsheet program and save it again, or export it as CSV",
        )
    finally:
        workbook.close()
    return table_from_records(
        records, findings, "a value beyond the table: delete it, or give its column a name"
    )


def _records(worksheet, findings: Findings) -> list[Record]:
    """The rows holding something, each with its cells that show something."""
    # The dimension a file declares may be anything (A1:XFD1048576): rows are read as stored.
    worksheet.reset_dimensions()
    records, cells, formulas = [], 0, 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        if not row:
            continue  # a row the sheet does not store
        cells += len(row)  # openpyxl fills a row with empty cells up to its last one stored
        if cells > MAX_CELLS:
            findings.stop(
                f"the sheet holds more than {MAX_CELLS:,} cells (up to row {number}); a "
                "sheet of products holds far fewer",
                At(number, None),
                "delete the rows and columns beyond the products' table (a value or a format "
                "left far away makes the sheet this large), or import the products in parts",
            )
        placed = []
        for cell in [cell for cell in row if cell.value is not None]:
            text, at = _shown(cell), At(number, cell.column)
            if cell.data_type == "f":
                formulas += 1
                if formulas <= MAX_FORMULAS:
                    findings.error(
                        f"a formula ({text[:40]}): its value is wanted", at, PASTE_VALUES
                    )
            if text.strip():
                placed.append((text, at))
        if placed:
            records.append((At(number, None), placed))
    return records


def _merged_down(worksheet) -> list[tuple[int, int, int]]:
    """The cells merged over several rows, as (column, first row, last row). Read from the
    sheet's XML, which openpyxl's read-only sheet does not read them from."""
    from openpyxl.utils import column_index_from_string

    merged, rest = [], b""
    with worksheet._get_source() as xml:  # the sheet's XML in the workbook's zip
        while chunk := xml.read(_CHUNK):
            data = rest + chunk
            if b"mergeCell" not in data:
                rest = data[-256:]
                continue
            end = 0
            for found in _MERGED.finditer(data):
                first, last = int(found.group(2)), int(found.group(3))
                if last > first:
                    merged.append(
                        (column_index_from_string(found.group(1).decode().upper()), first, last)
                    )
                end = found.end()
            rest = data[max(end, len(data) - 256) :]  # a tag cut by the chunk's end
    return merged


def _fill_merged(
    records: list[Record], merged: list[tuple[int, int, int]], findings: Findings
) -> None:
    """A value merged over rows (a group's cell spanning its rows) given to each row of it
    that holds something else: the spreadsheet shows it beside each. Merged over columns,
    a value stays in the first."""
    rows = {at.line: cells for at, cells in records}
    width = max((place.column for _, place in records[0][1]), default=0) if records else 0
    filled = 0
    for column, first, last in merged:
        value = next((text for text, at in rows.get(first, []) if at.column == column), None)
        if value is None or column > width:  # beyond the header, a column has no name
            continue
        for line in range(first + 1, last + 1):
            filled += 1  # a merge may span a million rows: each is a cell read
            if filled > MAX_CELLS:
                findings.stop(f"the sheet's merged cells span more than {MAX_CELLS:,} cells")
            cells = rows.get(line)
            if cells is not None and all(at.column != column for _, at in cells):
                cells.append((value, At(line, column)))


def _shown(cell) -> str:
    """A cell's value as text, as the spreadsheet shows it: whole numbers without '.0' (with
    their leading zeros when formatted `0000`), other numbers by their shortest exact writing
    (the one typed, not the format's: `19.9` formatted `0.00 €` is read 19.9), dates in ISO."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        whole = int(value)
        zeros = cell.number_format.split(";")[0]
        if _ZERO_PADDED.fullmatch(zeros):
            return ("-" if whole < 0 else "") + str(abs(whole)).zfill(len(zeros))
        return str(whole)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: what was typed.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(getattr(value, "text", value))  # an array formula: its text, to be refused
