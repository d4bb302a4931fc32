"""The `sheets` command: options in, pipeline called, problems printed, exit status set."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import click

from . import EXIT_INTERRUPTED, __version__, interrupted
from .build import BuildOptions
from .build import build as build_catalog
from .console import CATALOG, EXIT_BAD_INPUT, OUT, print_problems, refuse
from .errors import Problem, SheetsError, counted
from .importing.command import import_command
from .mail_command import email_command
from .model import STANDARD_BLEED_MM
from .pipeline import check_catalog, check_date_epoch, check_translations
from .preflight.checks import PreflightError
from .preflight.checks import preflight as run_preflight
from .preflight.ua import with_ua
from .press.cmyk import DEFAULT_INTENT, INTENTS
from .progress import ProgressBar
from .serve.command import serve_command
from .style.profiles import PROFILES
from .uptodate import recorded_photos
from .watch import EVERY as WATCH_EVERY
from .watch import Watched

EXIT_PREFLIGHT = 1  # the files are written, but a press would refuse the brochure
# In the click context's meta: the folder a command has put its outputs in, once it has.
WRITTEN = "sheets.written"


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


@click.group(cls=_Shell, context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@CATALOG
@OUT
@click.option(
    "--only",
    multiple=True,
    metavar="REF",
    help="Build only the sheet of this product reference (repeatable; no brochure).",
)
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    help="Output profile of sheets and brochure alike (default: screen sheets, print brochure).",
)
@click.option(
    "--sheets-profile", type=click.Choice(sorted(PROFILES)), help="Output profile of the sheets."
)
@click.option(
    "--brochure-profile",
    type=click.Choice(sorted(PROFILES)),
    help="Output profile of the brochure.",
)
@click.option(
    "--pdfx/--no-pdfx",
    default=None,
    help="Make the print brochure (and its imposed booklet) a PDF/X-4 "
    "(default: the theme's 'pdfx').",
)
@click.option(
    "--pdfx-version",
    type=click.Choice(["x4", "x3"]),
    help="x3: PDF/X-3, made by Ghostscript, for a press that asks for it (implies --pdfx).",
)
@click.option(
    "--icc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The press's CMYK ICC profile for --pdfx (default: Ghostscript's generic CMYK).",
)
@click.option(
    "--intent",
    type=click.Choice(sorted(INTENTS)),
    default=DEFAULT_INTENT,
    help="How PDF/X-4 turns RGB into CMYK (default: relative colorimetric, or perceptual).",
)
@click.option(
    "--booklet", is_flag=True, help="Pad the brochure with blank pages to a multiple of 4."
)
@click.option(
    "--locale",
    metavar="LOCALE",
    help="Build only this one of the catalog's locales (e.g. en_GB); default: every one it publishes.",
)
@click.option(
    "--impose",
    type=click.Choice(["saddle"]),
    help="Also write the booklet imposed for saddle stitching (implies --booklet).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Draw everything anew, not from the cache of earlier builds (OUT/.sheets/cache).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="The Dask scheduler to draw on (e.g. tcp://HOST:8786); needs pip install 'sheets[dask]'.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Then build again whenever the catalog, a products file or a photo changes, until Ctrl-C.",
)
def build(
    catalog: Path,
    out_dir: Path,
    only: tuple[str, ...],
    profile: str | None,
    sheets_profile: str | None,
    brochure_profile: str | None,
    pdfx: bool | None,
    pdfx_version: str | None,
    icc: Path | None,
    intent: str,
    booklet: bool,
    impose: str | None,
    locale: str | None,
    fresh: bool,
    scheduler: str | None,
    watch: bool,
) -> None:
    """Build CATALOG (default: ./catalog.yaml) into PDFs under OUT.

    Writes OUT/sheets/<reference>-<title>.pdf for every product and the brochure OUT/<title>.pdf.
    Sheets are made for the screen (small, RGB), the brochure for the press (3 mm bleed, crop
    marks, trim and bleed boxes, CMYK), unless told otherwise. A catalog with errors is reported
    as by `sheets check`, exits with 2, and nothing is written.
    """
    references = tuple(ref.strip() for item in only for ref in item.split(",") if ref.strip())
    if only and not references:
        raise click.UsageError("--only needs at least one product reference, e.g. --only 7505634")
    brochure_options = {
        "--booklet": booklet,
        "--impose": impose,
        "--pdfx": pdfx,
        "--pdfx-version": pdfx_version,
        "--icc": icc,
        "--brochure-profile": brochure_profile,
    }
    ignored = [name for name, value in brochure_options.items() if value]
    if references and ignored:
        click.echo(
            f"warning: {', '.join(ignored)} {'concern' if len(ignored) > 1 else 'concerns'} the "
            "brochure, which --only does not build",
            err=True,
        )
    options = BuildOptions(
        only=references,
        locale=locale,
        sheets_profile=sheets_profile or profile,
        brochure_profile=brochure_profile or profile,
        pdfx=pdfx,
        pdfx_version=pdfx_version,
        icc=icc,
        intent=intent,
        booklet=booklet,
        impose=impose,
        fresh=fresh,
        scheduler=scheduler,
    )
    if watch:
        _watching(catalog, out_dir, options)
    else:
        _build_and_say(catalog, out_dir, options)


def _watching(catalog: Path, out_dir: Path, options: BuildOptions) -> None:
    """Build, then build again whenever a file of the catalog changes, saying what was done;
    a catalog with errors says them and keeps the last good outputs. Ctrl-C ends it."""
    watched, first = Watched(catalog, filter(None, [options.icc])), True
    meta = click.get_current_context().meta
    try:
        while True:
            watched.take(map(Path, recorded_photos(out_dir)))  # a change during the build counts
            built = False
            # Errors, or a brochure the press would refuse: said, and the watch goes on.
            with contextlib.suppress(SystemExit):
                _build_and_say(catalog, out_dir, options, brief=not first)
                built = True
            meta.pop(WRITTEN, None)  # waiting, nothing is half done
            watched.add(recorded_photos(out_dir))  # the photos it showed, as it found them
            options = replace(options, fresh=False)  # --fresh: the first build only
            if first:
                click.echo(f"Watching {catalog} and its photos for changes; Ctrl-C stops.")
                first = False
            while not (changed := _changes(watched, out_dir, quiet=built)):
                time.sleep(WATCH_EVERY)
            files = (changed - watched.folders) or changed  # a folder named when it alone changed
            names = sorted(os.path.relpath(name, catalog.parent.resolve()) for name in files)
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            click.echo(f"{time.strftime('%H:%M:%S')} {', '.join(names[:3])}{more} changed")
    except KeyboardInterrupt:
        click.echo("\nsheets build --watch: stopped; the outputs are those of the last build.")


def _changes(watched: Watched, out_dir: Path, quiet: bool) -> set[str]:
    """What changed of the catalog's files. A folder that alone changed (the out folder made
    beside the catalog, an editor's swap file) counts only when a products file came or went,
    or (`quiet` False) the last build stopped on errors: a photo it lacked may have come."""
    changed = watched.changed()
    if changed and changed <= watched.folders and quiet:
        before = dict(watched.stamps)
        watched.take(map(Path, recorded_photos(out_dir)))
        watched.add(recorded_photos(out_dir))
        # A file saved meanwhile is not lost: its stamp is not the one it had.
        saved = {name for name, stamp in watched.stamps.items() if before.get(name, stamp) != stamp}
        came = set(watched.stamps) - set(before)
        return changed | saved | came if saved - watched.folders or came else set()
    return changed


def _build_and_say(
    catalog: Path, out_dir: Path, options: BuildOptions, brief: bool = False
) -> None:
    """One build, and what it did in a few lines (`brief`: in one, and the preflight's count);
    SystemExit when it stops on errors, or when the press would refuse its brochure."""
    progress = ProgressBar()
    try:
        check_date_epoch()
        report = build_catalog(catalog, out_dir, options, progress, lambda: _written(out_dir))
    except SheetsError as exc:
        progress.close()
        refuse(catalog, exc.problems)
    finally:
        progress.close()  # interrupted too: the terminal's cursor shown again
    print_problems(report.warnings)
    if brief:
        removed = (
            f"; removed {counted(len(report.removed), 'outdated file')}" if report.removed else ""
        )
        click.echo(f"{report.redrawn_line()}{removed} ({report.seconds:.1f} s)")
        for brochure_path, checked in report.preflights:
            if checked.findings:
                click.echo(f"preflight of {brochure_path.name}: {checked.summary()}")
        if any(checked.errors for _, checked in report.preflights):
            raise SystemExit(EXIT_PREFLIGHT)
        return
    brochures = ", ".join(str(path) for path in report.brochures)
    brochure = ""
    if len(report.brochures) == 1:
        brochure = f" and the brochure ({counted(report.brochure_pages, 'page')}, {brochures})"
    elif report.brochures:
        brochure = f" and {len(report.brochures)} brochures ({counted(report.brochure_pages, 'page')}: {brochures})"
    if report.imposed:
        brochure += f", imposed in {', '.join(str(path) for path in report.imposed)}"
    if report.removed:
        brochure += f"; removed {counted(len(report.removed), 'outdated file')}"
    click.echo(
        f"Built {counted(len(report.sheets), 'sheet')} ({counted(report.sheet_pages, 'page')}, "
        f"{out_dir / 'sheets'}){brochure} in {report.seconds:.1f} s"
        f"{', ' + counted(len(report.warnings), 'warning') if report.warnings else ''}."
    )
    click.echo(report.redrawn_line())
    for line in report.shortened_lines():
        click.echo(line)
    for brochure_path, checked in report.preflights:
        for line in checked.lines():
            click.echo(f"preflight: {line}")
        click.echo(f"preflight of {brochure_path}: {checked.summary()}")
    if any(checked.errors for _, checked in report.preflights):
        raise SystemExit(EXIT_PREFLIGHT)


def _written(folder: Path) -> None:
    """Say the outputs are in place: an interrupt from now on stops a build that has written."""
    click.get_current_context().meta[WRITTEN] = folder


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


main.add_command(email_command)
main.add_command(import_command)
main.add_command(serve_command)
