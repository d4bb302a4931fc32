"""The `sheets` command: options in, pipeline called, problems printed, exit status set."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Problem, SheetsError
from .pipeline import build as build_catalog
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


@main.command()
@CATALOG
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the PDFs into.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="REF",
    help="Build only the sheet of this product reference (repeatable; no brochure).",
)
def build(catalog: Path, out_dir: Path, only: tuple[str, ...]) -> None:
    """Build CATALOG (default: ./catalog.yaml) into PDFs under OUT.

    Writes OUT/sheets/<reference>-<title>.pdf for every product and the brochure OUT/<title>.pdf.
    A catalog with errors is reported as by `sheets check`, exits with 2, and nothing is written.
    """
    references = [ref.strip() for item in only for ref in item.split(",") if ref.strip()]
    progress = _ProgressBar()
    try:
        report = build_catalog(catalog, out_dir, references, on_progress=progress)
    except SheetsError as exc:
        progress.close()
        _print_problems(exc.problems)
        _fail(catalog, exc.problems)
    progress.close()
    _print_problems(report.warnings)
    brochure = (
        f" and the brochure ({_count(report.brochure_pages, 'page')}, {report.brochure})"
        if report.brochure
        else ""
    )
    click.echo(
        f"Built {_count(len(report.sheets), 'sheet')} ({_count(report.sheet_pages, 'page')}, "
        f"{out_dir / 'sheets'}){brochure} in {report.seconds:.1f} s"
        f"{', ' + _count(len(report.warnings), 'warning') if report.warnings else ''}."
    )


class _ProgressBar:
    """A progress bar over the products on a terminal; nothing when output goes to a file."""

    def __init__(self) -> None:
        self._stream = sys.stderr
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if not self._stream.isatty():
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Rendering", file=self._stream)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()


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
