"""The build: every sheet and brochure of every edition drawn, written all at once, recorded and
preflighted. The library's entry point for `sheets build`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problem, Severity, SheetsError
from .layout.context import LayoutContext
from .model import Catalog
from .output import (
    AtomicBatch,
    OutputBusy,
    OutputFolder,
    brochure_filename,
    imposed_filename,
    sheet_filename,
)
from .pipeline import asked_locale, check_catalog, select_products
from .preflight.checks import Report as PreflightReport
from .preflight.checks import preflight
from .press.impose import Marks, impose_saddle
from .press.pdfx import PdfxError, check_pdfx_tools, convert_to_pdfx
from .render.brochure import render_brochure
from .render.parallel import laid_out, render_sheets
from .style.profiles import pdfx_refusal


@dataclass
class BuildReport:
    locales: list[str] = field(default_factory=list)
    sheets: list[Path] = field(default_factory=list)
    sheet_pages: int = 0
    brochures: list[Path] = field(default_factory=list)
    brochure_pages: int = 0
    imposed: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # earlier outputs now outdated
    written: dict[Path, str] = field(default_factory=dict)  # each file → its edition's locale
    # Each print brochure checked as the press would check it.
    preflights: list[tuple[Path, PreflightReport]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class BuildOptions:
    """What to build and for whom; None leaves the choice to the catalog's theme."""

    only: tuple[str, ...] = ()  # just these sheets, no brochure
    locale: str | None = None  # one of the catalog's locales; None: every one it publishes
    sheets_profile: str | None = None  # "screen" unless the theme says otherwise
    brochure_profile: str | None = None  # "print" unless the theme says otherwise
    pdfx: bool | None = None  # the print brochure as PDF/X-3
    icc: Path | None = None  # the output intent's CMYK profile (default: Ghostscript's)
    booklet: bool = False  # pad the brochure with blank pages to a multiple of 4
    impose: str | None = None  # "saddle": also write the imposed booklet


def build(
    path: Path,
    out_dir: Path,
    options: BuildOptions = BuildOptions(),
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Write every product's sheet and the brochure (or just the sheets named in `only`), in
    every locale the catalog publishes (or the one asked for).

    Raises SheetsError, having written nothing, when the catalog has errors in any of them.
    """
    started = time.perf_counter()
    options = replace(options, locale=asked_locale(options.locale))
    catalog, problems = check_catalog(path, options.locale)
    if catalog is None:
        raise SheetsError(problems)
    locales = [options.locale] if options.locale else list(catalog.locales)
    editions = {catalog.locale: (catalog, problems)}
    for locale in locales:  # every edition is checked before anything is drawn
        if locale not in editions:
            editions[locale] = check_catalog(path, locale)
            if editions[locale][0] is None:
                raise SheetsError(editions[locale][1])
    pdfx = catalog.theme.pdfx if options.pdfx is None else options.pdfx
    if pdfx and not options.only:  # checked before anything is drawn
        brochure_profile = options.brochure_profile or catalog.theme.brochure_profile
        if refusal := pdfx_refusal(brochure_profile):
            raise SheetsError(
                [
                    Problem(
                        Severity.ERROR,
                        refusal,
                        hint="drop --pdfx (or the theme's 'pdfx'), or build the brochure with "
                        "--profile print",
                    )
                ]
            )
        try:
            check_pdfx_tools(options.icc)
        except PdfxError as exc:
            raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None
    report = BuildReport(locales=locales)
    for _, warnings in (editions[locale] for locale in locales):
        report.warnings += [p for p in warnings if p not in report.warnings]
    # The locale goes into file names only when there is more than one edition.
    tagged = len(catalog.locales) > 1
    total = len(locales) * len(select_products(catalog, list(options.only)))
    print_runs: list[tuple[Path, dict]] = []  # brochures to preflight once they are written
    try:
        with OutputFolder(out_dir) as folder:
            with AtomicBatch() as batch:
                for locale in locales:
                    edition = editions[locale][0]
                    print_runs += _build_edition(
                        edition, options, pdfx, out_dir, batch, report, tagged, on_progress, total
                    )
            # A full build replaces its editions: their outputs it did not write are outdated.
            replaced = set() if options.only else set(locales)
            report.removed = folder.record(report.written, replaced)
    except OutputBusy:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"another sheets build is writing into {out_dir}",
                    hint="wait for it to finish, or build into another folder (-o)",
                )
            ]
        ) from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out_dir
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot write the PDFs: {exc.strerror or exc}",
                    where,
                    hint="check that the output folder can be written to (-o)",
                )
            ]
        ) from None
    for brochure, print_run in print_runs:
        report.preflights.append((brochure, preflight(brochure, "print", **print_run)))
    report.seconds = time.perf_counter() - started
    return report


def _build_edition(
    catalog: Catalog,
    options: BuildOptions,
    pdfx: bool,
    out_dir: Path,
    batch: AtomicBatch,
    report: BuildReport,
    tagged: bool,
    on_progress: Callable[[int, int], None] | None,
    total: int,
) -> list[tuple[Path, dict]]:
    """One locale's sheets and brochure, staged in `batch`; the print runs to preflight."""
    locale = catalog.locale if tagged else None
    sheet_ctx = LayoutContext.for_catalog(
        catalog, options.sheets_profile or catalog.theme.sheets_profile
    )
    products = select_products(catalog, list(options.only))
    for product, data, pages in render_sheets(catalog, sheet_ctx, products):
        target = out_dir / "sheets" / sheet_filename(product, locale)
        batch.stage(target, data)
        report.written[target] = catalog.locale
        report.sheets.append(target)
        report.sheet_pages += pages
        if on_progress:
            on_progress(len(report.sheets), total)
    if options.only:
        return []
    ctx = LayoutContext.for_catalog(
        catalog, options.brochure_profile or catalog.theme.brochure_profile
    )
    booklet = options.booklet or options.impose == "saddle"
    data, pages = laid_out(
        catalog, None, lambda: render_brochure(catalog, ctx, page_multiple=4 if booklet else 2)
    )
    if pdfx:
        try:
            data = convert_to_pdfx(data, options.icc)
        except PdfxError as exc:
            raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None
    brochure = out_dir / brochure_filename(catalog, locale)
    batch.stage(brochure, data)
    report.written[brochure] = catalog.locale
    report.brochures.append(brochure)
    report.brochure_pages += pages
    if options.impose == "saddle":
        imposed = out_dir / imposed_filename(catalog, locale)
        marks = Marks(ctx.theme.marks.length, ctx.theme.marks.width)
        batch.stage(imposed, impose_saddle(data, marks))
        report.written[imposed] = catalog.locale
        report.imposed.append(imposed)
    if not ctx.profile.bleed:
        return []
    binding = "saddle" if booklet else "none"
    runs = [(brochure, {"bleed_mm": catalog.theme.bleed_mm, "pdfx": pdfx, "binding": binding})]
    if options.impose == "saddle":  # its sheets go to the press as they are
        runs.append((imposed, {"bleed_mm": catalog.theme.bleed_mm}))
    return runs
