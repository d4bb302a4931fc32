"""The stages chained: load → validate → layout → write. The library's entry points."""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from .catalog.glyphs import check_glyph_coverage, tool_texts
from .catalog.images import check_images
from .catalog.load import read_catalog
from .catalog.mail_sections import PASSWORD_VARIABLE
from .catalog.values import parse_email
from .errors import Problem, Severity, SheetsError
from .i18n.formats import parse_locale
from .layout.context import LayoutContext
from .layout.pages import check_page_furniture
from .layout.photo import check_photo_sizes
from .mail import MailError, SmtpLogin, compose_message, send_message
from .model import Catalog
from .output import (
    AtomicBatch,
    OutputBusy,
    OutputFolder,
    brochure_filename,
    imposed_filename,
    message_filename,
    sheet_filename,
)
from .preflight.checks import Report as PreflightReport
from .preflight.checks import preflight
from .press.impose import Marks, impose_saddle
from .press.pdfx import PdfxError, check_pdfx_tools, convert_to_pdfx
from .render.brochure import render_brochure
from .render.parallel import laid_out, render_sheets
from .render.sheet import render_sheet
from .style.profiles import pdfx_refusal
from .style.theme import make_theme


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


def check_catalog(path: Path, locale: str | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Everything `sheets build` would refuse or warn about, for the catalog as published in
    `locale` (default: its own), without writing anything. Characters no font draws are found
    even in a catalog with errors: every problem of the file shows in one run."""
    reading = read_catalog(path, locale)
    catalog, problems = reading.catalog, list(reading.problems)
    theme = make_theme(reading.theme, catalog.locale if catalog else "en")
    drawn = reading.drawn + (tool_texts(catalog) if catalog else [])
    problems += check_glyph_coverage(drawn, theme, path)
    if catalog is None:
        return None, _in_file_order(problems)
    problems += check_images(catalog)
    if not any(p.is_error for p in problems):  # every image decodes: their sizes can be told
        problems += check_photo_sizes(catalog, theme)
    problems += check_page_furniture(catalog, theme)
    return (None if any(p.is_error for p in problems) else catalog), _in_file_order(problems)


def _asked_locale(locale: str | None) -> str | None:
    """The locale given with --locale, written as the catalog writes locales (`en-gb` is
    `en_GB`); SheetsError when it is no locale at all."""
    if locale is None:
        return None
    try:
        return str(parse_locale(locale))
    except ValueError:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"--locale {locale!r} is not a locale",
                    hint="give a language and country code such as fr_FR or en_GB",
                )
            ]
        ) from None


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.line or 0)


def check_translations(
    path: Path, catalog: Catalog, own: list[Problem]
) -> dict[str, list[Problem]]:
    """For each other locale the catalog publishes, what it lacks beyond the problems `own` to
    its own locale: texts that fall back to the catalog's language, characters no font draws."""
    gaps = {}
    for locale in catalog.locales:
        if locale != catalog.locale:
            _, problems = check_catalog(path, locale)
            gaps[locale] = [p for p in problems if p not in own]
    return gaps


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
    options = replace(options, locale=_asked_locale(options.locale))
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
    total = len(locales) * len(_select(catalog, list(options.only)))
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
    products = _select(catalog, list(options.only))
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


@dataclass
class EmailReport:
    catalog: Catalog
    message: EmailMessage
    path: Path  # where the .eml was written
    warnings: list[Problem]
    sent: bool = False
    not_sent: str | None = None  # why not, when it was to be sent: a MailError's words


def email_sheets(
    path: Path,
    references: list[str],
    to: str,
    out_dir: Path,
    locale: str | None = None,
    send: SmtpLogin | None = None,
) -> EmailReport:
    """Write a message to `to` carrying the sheets of these products, in `locale` (default: the
    catalog's own), as an .eml file in `out_dir`, and send it when `send` is given.

    Raises SheetsError, having written nothing, when the catalog has errors, a reference is
    unknown, an address is wrong, or the catalog cannot send as asked. A server that refuses the
    message or cannot be reached is no error: the report says so, and the .eml is written.
    """
    catalog, problems = check_catalog(path, _asked_locale(locale))
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
    if send is not None:
        check_sending(catalog, send)
    products = _select(catalog, references)
    ctx = LayoutContext.for_catalog(catalog, catalog.theme.sheets_profile)
    sheets = [
        laid_out(catalog, p, lambda p=p: render_sheet(p, catalog.category(p.category), ctx))[0]
        for p in products
    ]
    try:
        # Dated by the clock, not SOURCE_DATE_EPOCH: that is for the PDFs, and a message sent
        # today is sent today (its Message-ID makes every .eml unique anyway).
        message = compose_message(catalog, products, sheets, to, datetime.now().astimezone())
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
    target = out_dir / message_filename(products)
    try:
        with AtomicBatch() as batch:
            batch.stage(target, bytes(message))
    except OSError as exc:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot write the message: {exc.strerror or exc}",
                    target,
                    hint="check that the output folder can be written to (-o)",
                )
            ]
        ) from None
    report = EmailReport(catalog, message, target, problems)
    if send is not None:
        try:
            send_message(message, catalog.smtp, send)
            report.sent = True
        except MailError as exc:
            report.not_sent = str(exc)
    return report


def check_sending(catalog: Catalog, login: SmtpLogin) -> None:
    """SheetsError unless the catalog can send: SMTP settings, and a password for its login."""
    if catalog.smtp is None:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    "--send needs the catalog's 'smtp' settings",
                    catalog.source,
                    hint="add 'smtp:' with 'host', 'port' and 'user' to the catalog section",
                )
            ]
        )
    if catalog.smtp.user and not login.password:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"no password for {catalog.smtp.user}",
                    catalog.source,
                    hint=f"set the environment variable {PASSWORD_VARIABLE}",
                )
            ]
        )


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
                    f"no product has the reference {ref}",
                    catalog.source,
                    hint=f"did you mean {guess[0]}?"
                    if guess
                    else "run 'sheets check' to list the catalog's products",
                )
            )
        raise SheetsError(problems)
    return [by_reference[ref] for ref in dict.fromkeys(only)]
