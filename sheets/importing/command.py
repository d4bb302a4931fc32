"""The `sheets import` command: options in, the import run, what it wrote and every warning
printed, exit status set (registered by cli.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from ..errors import Problem, SheetsError, counted, shown
from ..i18n.formats import known_currencies, parse_locale
from .options import KINDS, ImportOptions

EXIT_BAD_INPUT = 2  # as every command of the tool: bad input, nothing written


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    default="catalog.yaml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The catalog file to write; its images go into the images/ folder beside it.",
)
@click.option("--locale", required=True, metavar="LOCALE", help="The catalog's locale, e.g. fr_FR.")
@click.option("--currency", metavar="CODE", help="The prices' currency (ISO 4217, e.g. EUR).")
@click.option("--title", help="The catalog's title (default: the source file's name).")
@click.option("--publisher", help="The shop's name (default: the export's vendor or channel).")
@click.option(
    "--images",
    "images",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="The folder holding the shop's images, found there by file name (nothing is downloaded).",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.yaml",
    help="spreadsheet: which column gives which catalog key.",
)
@click.option("--sheet", metavar="NAME", help="spreadsheet (.xlsx): the sheet to read.")
@click.option(
    "--encoding", metavar="NAME", help="The CSV file's encoding if not UTF-8, e.g. cp1252."
)
@click.option("--drafts", is_flag=True, help="shopify: import drafts and archived products too.")
@click.option("--force", is_flag=True, help="Replace the catalog file and images already there.")
def import_command(
    kind: str,
    source: Path,
    out: Path,
    locale: str,
    currency: str | None,
    title: str | None,
    publisher: str | None,
    images: Path | None,
    mapping: Path | None,
    sheet: str | None,
    encoding: str | None,
    drafts: bool,
    force: bool,
) -> None:
    """Write a catalog from a shop's export: a Shopify product CSV, a spreadsheet (CSV or
    .xlsx, with a --mapping of its columns) or a Google Merchant feed (XML or TSV).

    Writes OUT (default: ./catalog.yaml) and copies the images found in --images DIR into the
    images/ folder beside it. Refuses to replace an existing catalog (--force does). On any
    error nothing is written and the exit status is 2; warnings are printed, the status 0.
    """
    options = ImportOptions(
        kind=kind,
        source=source,
        out=out,
        locale=_locale(locale),
        currency=_currency(currency),
        title=title,
        publisher=publisher,
        images=images,
        mapping=mapping,
        sheet=sheet,
        encoding=encoding,
        drafts=drafts,
        force=force,
    )
    _check_options(options)
    from .flow import import_catalog  # here: every other command starts without it

    try:
        report = import_catalog(options)
    except SheetsError as exc:
        _print(exc.problems)
        errors = len(exc.errors)
        click.echo(
            f"{source}: {counted(errors, 'error')}, "
            f"{counted(len(exc.problems) - errors, 'warning')}; nothing written",
            err=True,
        )
        raise SystemExit(EXIT_BAD_INPUT) from None
    _print(report.warnings)
    variants = f" ({counted(report.variants, 'variant')})" if report.variants else ""
    copied = (
        f", {counted(len(report.images), 'image')} copied into {out.parent / 'images'}"
        if report.images
        else ""
    )
    click.echo(
        f"Wrote {out}: {counted(report.products, 'product')}{variants} in "
        f"{counted(report.categories, 'category')}{copied}, "
        f"{counted(len(report.warnings), 'warning')}."
    )


def _print(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _refuse(message: str, hint: str) -> None:
    click.echo(f"sheets: error: {message}\n    hint: {hint}", err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def _locale(text: str) -> str:
    try:
        return str(parse_locale(text))
    except ValueError:
        _refuse(f"--locale {shown(text)} is not a locale", "give one such as fr_FR or en_GB")


def _currency(text: str | None) -> str | None:
    if text is None or text.upper() in known_currencies():
        return text and text.upper()
    close = difflib.get_close_matches(text.upper(), sorted(known_currencies()), n=1)
    _refuse(
        f"--currency {shown(text)} is not an ISO 4217 currency code",
        f"did you mean {close[0]}?" if close else "give one such as EUR, USD or GBP",
    )


def _check_options(options: ImportOptions) -> None:
    """Options that only some kinds of source read are refused for the others."""
    only = {
        "--mapping": (options.mapping, "spreadsheet"),
        "--sheet": (options.sheet, "spreadsheet"),
        "--drafts": (options.drafts, "shopify"),
    }
    for name, (given, kind) in only.items():
        if given and options.kind != kind:
            _refuse(f"{name} is for a {kind}, not a {options.kind}", f"leave out {name}")
    if options.images is not None and not options.images.is_dir():
        _refuse(f"--images {options.images}: no such folder", "give the folder of the images")
