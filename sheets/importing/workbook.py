"""A spreadsheet workbook (.xlsx) read as a table: its first sheet or the one named, each cell
as the text it shows, formulas refused at their cell."""

from __future__ import annotations

import difflib
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

from .problems import At, Findings
from .table import Table, table_from_records

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def read_workbook(sheet: str | None, findings: Findings) -> Table:
    """The table of the workbook's first sheet, or of `sheet`."""
    # openpyxl is imported here: only a workbook's import pays for loading it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula is read as its text, to be refused, not as a value cached
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
        records = [
            (
                At(number, None),
                [
                    (_shown(cell.value), At(number, column))
                    for column, cell in enumerate(row, start=1)
                ],
            )
            for number, row in enumerate(worksheet.iter_rows(), start=1)
        ]
    finally:
        workbook.close()
    return table_from_records(records, findings)


def _shown(value: object) -> str:
    """A cell's value as text, as the spreadsheet shows it: whole numbers without '.0', other
    numbers by their shortest exact writing (the one typed), dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: what was typed.
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(getattr(value, "text", value))  # an array formula: its text, to be refused
