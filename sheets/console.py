"""What the commands print of problems, and the exit status of bad input (shared by cli.py and
the commands in modules of their own)."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click

from .errors import Problem, counted

EXIT_BAD_INPUT = 2
# In the click context's meta: the folder a command has put its outputs in, once it has.
WRITTEN = "sheets.written"
# What the commands that build take: the catalog, and the folder its outputs go into.
CATALOG = click.argument("catalog", default="catalog.yaml", type=click.Path(path_type=Path))
OUT = click.option(
    "-o",
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the PDFs into.",
)


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def refuse(catalog: Path, problems: list[Problem]) -> NoReturn:
    """What stops a build or a message: its errors; the warnings only counted, so that an error
    does not drown in them (`sheets check` lists them all)."""
    errors = [p for p in problems if p.is_error]
    print_problems(errors)
    warnings = len(problems) - len(errors)
    unshown = f", {counted(warnings, 'warning')} (listed by sheets check)" if warnings else ""
    click.echo(f"{catalog}: {counted(len(errors), 'error')}{unshown}", err=True)
    raise SystemExit(EXIT_BAD_INPUT)
