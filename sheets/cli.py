"""The `sheets` command: options in, pipeline called, problems printed, exit status set."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .errors import Problem
from .pipeline import check_catalog

EXIT_BAD_INPUT = 2
CATALOG = click.argument("catalog", default="catalog.yaml", type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sheets")
def main() -> None:
    """Turn a YAML product catalog into print-ready PDFs: one sheet per product and a brochure."""


@main.command()
@CATALOG
def check(catalog: Path) -> None:
    """Validate CATALOG (default: ./catalog.yaml) and list every error and warning.

    Each problem names the file, line and column, the product and what to change. Exits with 0
    when the catalog is clean or has only warnings, 2 when it has errors.
    """
    result, problems = check_catalog(catalog)
    _print_problems(problems)
    errors = sum(p.is_error for p in problems)
    if errors:
        _fail(catalog, problems)
    click.echo(
        f"{catalog}: {len(result.products)} products in {len(result.categories)} categories, "
        f"no errors, {_count(len(problems), 'warning')}"
    )


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(catalog: Path, problems: list[Problem]) -> None:
    errors = sum(p.is_error for p in problems)
    click.echo(
        f"{catalog}: {_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}",
        err=True,
    )
    raise SystemExit(EXIT_BAD_INPUT)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
