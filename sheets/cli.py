"""The `sheets` command: options in, pipeline called, problems printed, exit status set."""

from __future__ import annotations

import importlib
import json
import signal
from pathlib import Path

import click

from . import EXIT_INTERRUPTED, __version__, interrupted
from .build_options import check_date_epoch
from .collector import kept_from_the_collector
from .console import CATALOG, EXIT_BAD_INPUT, WRITTEN, print_problems
from .errors import Problem, SheetsError, counted
from .model import STANDARD_BLEED_MM
from .signals import ended_at_once_if_interrupted
from .style.profiles import PROFILES

# The commands of modules of their own, each loaded when it is called (or listed by --help):
# `sheets build` of an unchanged catalog is done sooner than the others would take to load.
_COMMANDS = {
    "build": "build_command:build_command",
    "diff": "diff_command:diff_command",
    "proof": "proof_command:proof_command",
    "email": "mail_command:email_command",
    "import": "importing.command:import_command",
    "serve": "serve.command:serve_command",
}


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that it unwinds like Ctrl-C does: temporary
    files removed, workers stopped, earlier outputs left as they were."""


def _terminated(signal_number, frame) -> None:
    raise Terminated


class _Shell(click.Group):
    """The command group: an interrupted command leaves nothing half-made behind and exits as
    shells expect (128 + the signal's number), with a line saying so."""

    def invoke(self, ctx: click.Context):
        previous = signal.signal(signal.SIGTERM, _terminated)
        previous_int = signal.getsignal(signal.SIGINT)
        try:
            # Ctrl-C as KeyboardInterrupt, which unwinds the command (__main__ ends the program
            # at once until here).
            signal.signal(signal.SIGINT, signal.default_int_handler)
            return super().invoke(ctx)
        except (KeyboardInterrupt, Terminated) as exc:
            stopped_by = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
            if written := ctx.meta.get(WRITTEN):
                said = (
                    f"sheets: interrupted ({stopped_by.name}); the outputs were written before "
                    f"it: the files in {written} are complete and recorded, but the rest "
                    "(preflight, summary) was not done"
                )
            else:
                said = interrupted(stopped_by.name)
            click.echo(f"\n{said}", err=True)
            raise SystemExit(EXIT_INTERRUPTED + stopped_by) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, previous_int)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_COMMANDS])

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as exc:  # its suggestions: among the commands not loaded too
            raise click.NoSuchCommand(
                exc.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return super().get_command(ctx, name)
        module, command = _COMMANDS[name].split(":")
        # What a command loads lives as long as the process.
        with kept_from_the_collector(), ended_at_once_if_interrupted():
            loaded = importlib.import_module(f".{module}", __package__)
        return getattr(loaded, command)


@click.group(cls=_Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sheets")
def main() -> None:
    """Turn a YAML product catalog into print-ready PDFs: one sheet per product and a brochure."""
    try:  # before any command: ReportLab reads it deep inside a drawing, or a check's
        check_date_epoch()
    except SheetsError as exc:
        print_problems(exc.problems)
        raise SystemExit(EXIT_BAD_INPUT) from None


@main.command()
@CATALOG
def check(catalog: Path) -> None:
    """Validate CATALOG (default: ./catalog.yaml) and list every error and warning.

    Each problem names the file, line and column, the product and what to change. Exits with 0
    when the catalog is clean or has only warnings, 2 when it has errors.
    """
    with ended_at_once_if_interrupted():
        from .pipeline import check_catalog, check_translations

    result, problems = check_catalog(catalog)
    gaps = check_translations(catalog, result, list(problems)) if result else {}
    problems += [p for _, locale_problems in gaps.values() for p in locale_problems]
    print_problems(problems)
    errors = sum(p.is_error for p in problems)
    if errors:
        _fail(catalog, problems)
    variants = sum(len(product.variants) for product in result.products)
    click.echo(
        f"{catalog}: {counted(len(result.products), 'product')}"
        + (f" ({counted(variants, 'variant')})" if variants else "")
        + f" in {counted(len(result.categories), 'category')}, "
        f"no errors, {counted(len(problems), 'warning')}"
    )
    # The translation coverage of each locale the catalog publishes besides its own.
    for locale, (_, missing) in gaps.items():
        click.echo(
            f"{locale}: {counted(len(missing), 'text')} missing, shown in {result.locale} (listed above)"
            if missing
            else f"{locale}: every text translated"
        )


def _fail(catalog: Path, problems: list[Problem]) -> None:
    errors = sum(p.is_error for p in problems)
    click.echo(
        f"{catalog}: {counted(errors, 'error')}, {counted(len(problems) - errors, 'warning')}",
        err=True,
    )
    raise SystemExit(EXIT_BAD_INPUT)


@main.command("preflight")
@click.argument("pdf", metavar="FILE.pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    default="print",
    show_default=True,
    help=f"What the PDF is for: print wants {PROFILES['print'].ppi} ppi, boxes with bleed and "
    f"CMYK; screen {PROFILES['screen'].ppi} ppi.",
)
@click.option(
    "--bleed",
    "bleed_mm",
    type=click.FloatRange(min=0),
    default=STANDARD_BLEED_MM,
    show_default=True,
    metavar="MM",
    help="The bleed expected beyond the TrimBox on every side (print).",
)
@click.option("--pdfx", is_flag=True, help="For PDF/X: RGB is an error, an output intent needed.")
@click.option(
    "--binding",
    type=click.Choice(["none", "saddle"]),
    default="none",
    show_default=True,
    help="saddle: saddle stitching, the page count must be a multiple of 4.",
)
@click.option("--ua", is_flag=True, help="Also check PDF/UA-1's basics (accessibility).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON object.")
def preflight_pdf(
    pdf: Path, profile: str, bleed_mm: float, pdfx: bool, binding: str, ua: bool, as_json: bool
) -> None:
    """Check FILE.pdf (made by sheets or any other tool) the way a print shop does: fonts,
    boxes and bleed, trim size, image resolution, RGB, hairlines, tiny text, page count; with
    --ua, tags, language, title, alternate text and links. Exits with 1 when there are errors,
    0 otherwise, 2 when FILE is not a readable PDF."""
    with ended_at_once_if_interrupted():
        from .preflight.checks import PreflightError
        from .preflight.checks import preflight as run_preflight
        from .preflight.ua import with_ua

    try:
        report = run_preflight(pdf, profile, bleed_mm=bleed_mm, pdfx=pdfx, binding=binding)
        report = with_ua(report) if ua else report
    except PreflightError as exc:
        click.echo(f"{pdf}: error: {exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
        click.echo(report.summary())
    if report.errors:
        raise SystemExit(1)  # findings that stop the print job; 2 is for unreadable input
