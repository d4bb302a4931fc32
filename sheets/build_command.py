"""The `sheets build` command: options in, the build run (and run again on every change with
--watch), what it did said in a few lines, exit status set (registered by cli.py)."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import replace
from pathlib import Path

import click

from .build_options import BuildOptions, ask
from .console import CATALOG, OUT, WRITTEN, print_problems, refuse
from .errors import SheetsError, counted
from .press.cmyk import DEFAULT_INTENT, INTENTS
from .progress import ProgressBar
from .signals import ended_at_once_if_interrupted
from .style.profiles import PROFILES
from .uptodate import recorded_photos
from .watch import EVERY as WATCH_EVERY
from .watch import Watched

EXIT_PREFLIGHT = 1  # the files are written, but a press would refuse the brochure


@click.command("build")
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
def build_command(
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
    with ended_at_once_if_interrupted():  # now: a Ctrl-C during a later build stops the watch
        from . import build  # noqa: F401
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
    started = time.perf_counter()
    try:
        asked = ask(catalog, out_dir, options)
        report = asked.done
        if report is None:
            with ended_at_once_if_interrupted():  # ReportLab, the layout, the drawing: a while
                from .build import build

            report = build(catalog, out_dir, options, progress, lambda: _written(out_dir), asked)
        else:
            report.seconds = time.perf_counter() - started
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
