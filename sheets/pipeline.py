"""The stages chained: load → validate → layout → write. The library's entry points."""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from .brochure import render_brochure
from .coverage import check_glyph_coverage
from .errors import Problem, Severity, SheetsError
from .fields import parse_email
from .images import check_images
from .impose import impose_saddle
from .layout.context import LayoutContext
from .load import load_catalog
from .mail import MailError, compose_message
from .model import Catalog, Product
from .output import AtomicBatch, brochure_filename, imposed_filename, sheet_filename
from .pdfx import PdfxError, check_pdfx_tools, convert_to_pdfx
from .preflight import Report as PreflightReport
from .preflight import preflight
from .sheet import render_sheet
from .theme import make_theme


@dataclass
class BuildReport:
    sheets: list[Path] = field(default_factory=list)
    sheet_pages: int = 0
    brochure: Path | None = None
    brochure_pages: int = 0
    imposed: Path | None = None
    preflight: PreflightReport | None = None  # of a print brochure, as the press would check it
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def check_catalog(path: Path) -> tuple[Catalog | None, list[Problem]]:
    """Everything `sheets build` would refuse or warn about, without writing anything."""
    catalog, problems = load_catalog(path)
    if catalog is None:
        return None, problems
    problems += check_images(catalog)
    problems += check_glyph_coverage(catalog, make_theme(catalog.theme, catalog.locale))
    return (None if any(p.is_error for p in problems) else catalog), problems


@dataclass(frozen=True)
class BuildOptions:
    """What to build and for whom; None leaves the choice to the catalog's theme."""

    only: tuple[str, ...] = ()  # just these sheets, no brochure
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
    """Write every product's sheet and the brochure (or just the sheets named in `only`).

    Raises SheetsError, having written nothing, when the catalog has errors.
    """
    started = time.perf_counter()
    catalog, problems = check_catalog(path)
    if catalog is None:
        raise SheetsError(problems)
    products = _select(catalog, list(options.only))
    pdfx = catalog.theme.pdfx if options.pdfx is None else options.pdfx
    if pdfx and not options.only:
        try:  # before anything is drawn: a missing tool should not cost a whole build
            check_pdfx_tools(options.icc)
        except PdfxError as exc:
            raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None
    sheet_ctx = LayoutContext.for_catalog(
        catalog, options.sheets_profile or catalog.theme.sheets_profile
    )
    brochure_ctx = LayoutContext.for_catalog(
        catalog, options.brochure_profile or catalog.theme.brochure_profile
    )
    report = BuildReport(warnings=problems)
    try:
        with AtomicBatch() as batch:
            for done, product in enumerate(products, start=1):
                data, pages = _laid_out(
                    catalog,
                    product,
                    lambda p=product: render_sheet(p, catalog.category(p.category), sheet_ctx),
                )
                target = out_dir / "sheets" / sheet_filename(product)
                batch.stage(target, data)
                report.sheets.append(target)
                report.sheet_pages += pages
                if on_progress:
                    on_progress(done, len(products))
            if not options.only:
                _build_brochure(catalog, brochure_ctx, options, out_dir, batch, report)
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
    if report.brochure and brochure_ctx.profile.bleed:
        report.preflight = preflight(
            report.brochure,
            "print",
            bleed_mm=catalog.theme.bleed_mm,
            pdfx=pdfx,
            binding="saddle" if options.booklet or options.impose else "none",
        )
    report.seconds = time.perf_counter() - started
    return report


def _build_brochure(
    catalog: Catalog,
    ctx: LayoutContext,
    options: BuildOptions,
    out_dir: Path,
    batch: AtomicBatch,
    report: BuildReport,
) -> None:
    booklet = options.booklet or options.impose == "saddle"
    data, report.brochure_pages = _laid_out(
        catalog, None, lambda: render_brochure(catalog, ctx, page_multiple=4 if booklet else 1)
    )
    pdfx = catalog.theme.pdfx if options.pdfx is None else options.pdfx
    if pdfx:
        if not ctx.profile.bleed:
            raise SheetsError(
                [
                    Problem(
                        Severity.ERROR,
                        "--pdfx is for the print profile",
                        hint="drop --pdfx, or build the brochure with --profile print",
                    )
                ]
            )
        try:
            data = convert_to_pdfx(data, options.icc)
        except PdfxError as exc:
            raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None
    report.brochure = out_dir / brochure_filename(catalog)
    batch.stage(report.brochure, data)
    if options.impose == "saddle":
        report.imposed = out_dir / imposed_filename(catalog)
        batch.stage(report.imposed, impose_saddle(data))


def email_sheets(
    path: Path, references: list[str], to: str, sent_at: datetime
) -> tuple[Catalog, EmailMessage, list[Problem]]:
    """A message to `to` carrying the sheets of these products, and the catalog's warnings.

    Raises SheetsError when the catalog has errors, a reference is unknown or an address is wrong.
    """
    catalog, problems = check_catalog(path)
    if catalog is None:
        raise SheetsError(problems)
    try:
        parse_email(to)
    except ValueError:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"--to {to!r} is not an email address",
                    hint="write it like 'client@example.fr'",
                )
            ]
        ) from None
    products = _select(catalog, references)
    ctx = LayoutContext.for_catalog(catalog, "screen")
    sheets = [
        _laid_out(catalog, p, lambda p=p: render_sheet(p, catalog.category(p.category), ctx))[0]
        for p in products
    ]
    try:
        message = compose_message(catalog, products, sheets, to, sent_at)
    except MailError as exc:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    str(exc),
                    catalog.source,
                    hint="add 'email' under 'contact', or 'from' under 'smtp', in the catalog section",
                )
            ]
        ) from None
    return catalog, message, problems


def _laid_out(catalog: Catalog, product: Product | None, render: Callable[[], tuple[bytes, int]]):
    """Run a rendering; a layout ReportLab cannot resolve becomes a Problem naming the product."""
    try:
        return render()
    except LayoutError as exc:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot be laid out on the page ({str(exc).splitlines()[0][:160]})",
                    catalog.source,
                    product.line if product else None,
                    None,
                    product.reference if product else None,
                    "shorten the longest text or image of this product, or choose a larger page_size",
                )
            ]
        ) from None


def _select(catalog: Catalog, only: list[str]):
    if not only:
        return list(catalog.products)
    by_reference = {p.reference: p for p in catalog.products}
    unknown = [ref for ref in only if ref not in by_reference]
    if unknown:
        problems = []
        for ref in unknown:
            guess = difflib.get_close_matches(ref, by_reference, n=1)
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"--only {ref}: no product has this reference",
                    catalog.source,
                    hint=f"did you mean {guess[0]}?"
                    if guess
                    else "run 'sheets check' to list the catalog's products",
                )
            )
        raise SheetsError(problems)
    return [by_reference[ref] for ref in dict.fromkeys(only)]
