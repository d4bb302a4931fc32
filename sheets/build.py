"""The build: every sheet and brochure of every edition drawn (or taken from the cache when
nothing on it has changed), written all at once, recorded and preflighted. The library's entry
point for `sheets build`."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .build_options import Asked, BuildOptions, ask
from .catalog.images import checked_images, forget_checked, recall_checked, shown_images
from .collector import kept_from_the_collector, passed_over_by_the_collector
from .editions.manifest import PageDigests, stage_manifest
from .errors import Problem, Severity, SheetsError
from .layout.context import LayoutContext
from .model import Catalog
from .names import brochure_filename, imposed_filename, sheet_filename
from .output import STATE_FOLDER, AtomicBatch, OutputFolder, held, sha256_of
from .pipeline import check_catalog, select_products
from .preflight.checks import Report as PreflightReport
from .preflight.checks import preflight
from .press.cmyk import Remembered
from .press.pdfx import PdfxError, check_icc_profile, check_pdfx_tools, convert_to_pdfx
from .press.pdfx4 import convert_to_pdfx4
from .render.brochure import Bound, bind
from .render.cache import Cache, tool_fingerprint
from .render.drawing import EditionDrawing, draw, made_parts, parts_preflight, plan, run_part
from .render.items import brochure_items, runs
from .render.tasks import Edition
from .report import BuildReport
from .style.profiles import imposition_refusal, pdfx_refusal
from .uptodate import remember, stamps

CHECKED_PHOTOS = "photos.json"  # what the photos were found to be (`checked_images`)


def build(
    path: Path,
    out_dir: Path,
    options: BuildOptions = BuildOptions(),
    on_progress: Callable[[int, int], None] | None = None,
    on_written: Callable[[], None] | None = None,
    asked: Asked | None = None,
) -> BuildReport:
    """Write every product's sheet and the brochure (or just the sheets named in `only`), in
    every locale the catalog publishes (or the one asked for).

    Raises SheetsError, having written nothing, when the catalog has errors in any of them.
    `on_written` is called once every output is in place (what follows: the preflight).
    `asked`: what `ask` said of these options, when the caller asked already.
    """
    with passed_over_by_the_collector():  # its rounds took a tenth of a build after an edit
        return _build(path, out_dir, options, on_progress, on_written, asked)


def _build(
    path: Path,
    out_dir: Path,
    options: BuildOptions,
    on_progress: Callable[[int, int], None] | None,
    on_written: Callable[[], None] | None,
    asked: Asked | None,
) -> BuildReport:
    started = time.perf_counter()
    asked = asked or ask(path, out_dir, options)
    if asked.done is not None:
        asked.done.seconds = time.perf_counter() - started
        return asked.done
    options, inputs = asked.options, asked.inputs
    _recall_photos(out_dir, options.fresh)
    with kept_from_the_collector():  # the catalogs live as long as the build
        catalogs, warnings = _checked_editions(path, options)
    shown = {image for catalog in catalogs.values() for image in shown_images(catalog)}
    # Stamped before they are drawn: a photo saved while the build runs is the next build's.
    photos = stamps(sorted(map(str, shown)))
    first = next(iter(catalogs.values()))
    pdfx = _pdfx_version(first, options)
    if not options.only:  # a build of a few sheets makes no brochure
        options = replace(options, icc=_check_press(first, options, pdfx))
    report = BuildReport(locales=list(catalogs), warnings=warnings)
    editions = {locale: _edition(catalog, options) for locale, catalog in catalogs.items()}
    products = {
        locale: select_products(catalog, list(options.only)) for locale, catalog in catalogs.items()
    }
    # The locale goes into file names only when there is more than one edition.
    tagged = len(first.locales) > 1
    checks: list[tuple[Path, PreflightReport | None, dict]] = []  # once the files are written
    # A build of every edition, whole, keeps no more than it used; a build of a few sheets or of
    # one edition keeps the rest of the cache and index for the others.
    whole = not options.only and set(catalogs) == set(first.locales)
    with held(out_dir, path) as folder:
        cache = Cache(folder.state / "cache", fresh=options.fresh)
        images = _read_json(folder.state / "images.json")
        drawings = plan(editions, products, not options.only, images)
        known = PageDigests(folder.state, options.fresh)
        draw(drawings, cache, on_progress, options.scheduler)
        with AtomicBatch(on_commit=on_written) as batch:
            for locale, drawing in drawings.items():
                checks += _write_edition(
                        drawing, options, pdfx, out_dir, batch, folder, cache, known, report,
                        locale if tagged else None,
                    )  # fmt: skip
            # A full build replaces its editions: their outputs it did not write are outdated;
            # a build of all it publishes, those of a locale it no longer publishes too.
            replaced = None if whole else set() if options.only else set(catalogs)
            report.removed = folder.record(batch, report.written, replaced, report.products)
        if whole:
            cache.keep_used()
            images = {name: images[name] for name in map(str, shown) if name in images}
        _write_json(folder.state / "images.json", images)
        known.keep(whole)
        found = {"tool": tool_fingerprint(), "photos": checked_images(sorted(map(str, shown)))}
        _write_json(folder.state / CHECKED_PHOTOS, found)
        for checked, done, settings in checks:
            report.preflights.append((checked, done or preflight(checked, "print", **settings)))
        if inputs.key:
            remember(folder, inputs.key, photos, report.as_record(out_dir), inputs.sources)
        report.warnings += folder.warnings  # of this build alone: the next reads the record anew
    report.seconds = time.perf_counter() - started
    return report


def _recall_photos(out_dir: Path, fresh: bool) -> None:
    """What the last build found of the photos it decoded whole, taken when the same tool made
    it: a photo that keeps its stamp is not decoded again. Fresh, every photo is."""
    if fresh:
        forget_checked()
        return
    found = _read_json(out_dir / STATE_FOLDER / CHECKED_PHOTOS)
    photos = found.get("photos")
    if found.get("tool") == tool_fingerprint() and isinstance(photos, dict):
        recall_checked(photos)


def _checked_editions(
    path: Path, options: BuildOptions
) -> tuple[dict[str, Catalog], list[Problem]]:
    """Every edition to build, checked before anything is drawn, and their warnings."""
    catalog, problems = check_catalog(path, options.locale)
    if catalog is None:
        raise SheetsError(problems)
    locales = [options.locale] if options.locale else list(catalog.locales)
    catalogs, warnings = {}, []
    for locale in locales:
        edition, found = (
            (catalog, problems) if locale == catalog.locale else check_catalog(path, locale)
        )
        if edition is None:
            raise SheetsError(found)
        catalogs[locale] = edition
        warnings += [p for p in found if p not in warnings]
    return catalogs, warnings


def _pdfx_version(catalog: Catalog, options: BuildOptions) -> str:
    """The PDF/X to make ("x4" or "x3"), or "" for none: asked for on the command line, or in
    the theme; X-4 unless one of them says X-3."""
    theme = catalog.theme.pdfx
    wanted = bool(theme or options.pdfx_version) if options.pdfx is None else options.pdfx
    return (options.pdfx_version or theme or "x4") if wanted else ""


def _check_press(catalog: Catalog, options: BuildOptions, pdfx: str) -> Path | None:
    """PDF/X and imposition can be made: the brochure is for print, and for PDF/X the profile
    (and for PDF/X-3 Ghostscript) is there. Returns the profile checked (`--icc`, or
    Ghostscript's), for PDF/X."""
    brochure_profile = options.brochure_profile or catalog.theme.brochure_profile
    asked = (
        (pdfx, pdfx_refusal, "drop --pdfx (or the theme's 'pdfx')"),
        (options.impose, imposition_refusal, "drop --impose"),
    )
    for wanted, refusal_of, drop in asked:
        if wanted and (refusal := refusal_of(brochure_profile)):
            hint = f"{drop}, or build the brochure with --profile print"
            raise SheetsError([Problem(Severity.ERROR, refusal, hint=hint)])
    if not pdfx:
        return options.icc
    try:
        if pdfx == "x3":
            return check_pdfx_tools(options.icc)[1]
        return check_icc_profile(options.icc)
    except PdfxError as exc:
        raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None


def _edition(catalog: Catalog, options: BuildOptions) -> Edition:
    sheets = options.sheets_profile or catalog.theme.sheets_profile
    brochure = options.brochure_profile or catalog.theme.brochure_profile
    return Edition(
        catalog,
        LayoutContext.for_catalog(catalog, sheets, "sheets"),
        LayoutContext.for_catalog(catalog, brochure),
        tuple(tuple(run) for run in runs(brochure_items(catalog))),
        catalog.theme.bleed_mm,
    )


def _write_edition(
    drawing: EditionDrawing,
    options: BuildOptions,
    pdfx: str,
    out_dir: Path,
    batch: AtomicBatch,
    folder: OutputFolder,
    cache: Cache,
    known: PageDigests,
    report: BuildReport,
    locale: str | None,
) -> list[tuple[Path, PreflightReport | None, dict]]:
    """Stage one edition's sheets and brochure (a sheet already holding what it should is left
    as it is). Returns the files to preflight: their report when the parts gave it, and the
    settings to check them with otherwise."""
    edition = drawing.edition
    catalog = edition.catalog
    for product in drawing.products:
        entry = cache.get(drawing.sheet_keys[product.reference])
        target = out_dir / "sheets" / sheet_filename(product, locale)
        if not folder.holds(target, entry.meta["sha256"]):
            batch.stage_copy(target, entry.path)
        report.written[target] = (catalog.locale, entry.meta["sha256"])
        report.products[target] = product.reference
        report.sheets.append(target)
        report.sheet_pages += entry.meta["pages"]
        report.redrawn_sheets += product.reference in drawing.redrawn_sheets
    if options.only:
        return []
    ctx = edition.brochure
    booklet = options.booklet or options.impose == "saddle"
    brochure = out_dir / brochure_filename(catalog, locale)
    staged = batch.reserve(brochure)
    parts = [run_part(cache, run_key) for run_key in drawing.run_keys]
    make = made_parts(cache, drawing)
    bound = bind(catalog, ctx, parts, 4 if booklet else 2, make, staged)
    report.redrawn_pages[brochure] = _redrawn_pages(drawing, parts, bound)
    report.shortened[brochure] = [name for _, part in parts for name in part.shortened]
    # Imposed as it is bound, and each made a PDF/X on its own. Read only then: the brochure
    # is written part by part, and a long one need not be in memory.
    bound_pdf = staged.read_bytes() if options.impose else b""
    if pdfx:
        _make_pdfx(staged, options, pdfx, cache.remembered)
    report.written[brochure] = (catalog.locale, sha256_of(staged))
    # The brochure's date is its cover's (assembly copies the first part's Info), read there:
    # opening the brochure costs the memory of its cross-reference table. Ghostscript writes
    # a PDF/X-3's anew.
    dated = staged if pdfx == "x3" else bound.made[0][1].path
    args = (batch, brochure, dated, report.written[brochure][1], drawing, parts, bound, known)
    manifest, sha256 = stage_manifest(*args, locale)
    report.written[manifest] = (catalog.locale, sha256)
    report.brochures.append(brochure)
    report.brochure_pages += bound.pages
    checks: list[tuple[Path, PreflightReport | None, dict]] = []
    if ctx.profile.bleed:
        settings = {
            "bleed_mm": edition.bleed_mm,
            "pdfx": bool(pdfx),
            "binding": "saddle" if booklet else "none",
        }
        # A PDF/X is checked as it was made; otherwise the parts' checks add up.
        parts_report = None if pdfx else parts_preflight(brochure, cache, drawing, bound, settings)
        checks.append((brochure, parts_report, settings))
    if options.impose == "saddle":
        imposed = out_dir / imposed_filename(catalog, locale)
        # Imported here: pypdf, and the cryptography it loads, are 25 MB in every process.
        from .press.impose import Marks, impose_saddle

        marks = Marks(ctx.theme.marks.length, ctx.theme.marks.width)
        data = impose_saddle(bound_pdf, marks)
        data = _as_pdfx(data, options, pdfx, cache.remembered) if pdfx else data
        batch.stage(imposed, data)
        report.written[imposed] = (catalog.locale, hashlib.sha256(data).hexdigest())
        report.imposed.append(imposed)
        if ctx.profile.bleed:  # its sheets go to the press as they are
            checks.append((imposed, None, {"bleed_mm": edition.bleed_mm, "pdfx": bool(pdfx)}))
    return checks


def _make_pdfx(staged: Path, options: BuildOptions, pdfx: str, remembered: Remembered) -> None:
    """The staged brochure made a PDF/X in its place; PDF/X-4 from file to file, in the memory
    of its largest object, each photo converted as `remembered` keeps it."""
    if pdfx == "x3":
        staged.write_bytes(_as_pdfx(staged.read_bytes(), options, pdfx, remembered))
        return
    converted = staged.with_name(f"{staged.name}.pdfx")
    try:
        with converted.open("wb") as out, _pdfx_problems():
            convert_to_pdfx4(staged, out, options.icc, options.intent, remembered)
        os.replace(converted, staged)
    finally:
        converted.unlink(missing_ok=True)


def _as_pdfx(pdf: bytes, options: BuildOptions, pdfx: str, remembered: Remembered) -> bytes:
    with _pdfx_problems():
        if pdfx == "x3":
            return convert_to_pdfx(pdf, options.icc)
        out = io.BytesIO()
        convert_to_pdfx4(pdf, out, options.icc, options.intent, remembered)
        return out.getvalue()


@contextmanager
def _pdfx_problems() -> Iterator[None]:
    """What kept a PDF/X from being made, said as the user's problem."""
    try:
        yield
    except PdfxError as exc:
        raise SheetsError([Problem(Severity.ERROR, str(exc))]) from None


def _redrawn_pages(drawing: EditionDrawing, parts: list, bound: Bound) -> list[int]:
    """The brochure's pages (1-based) that parts drawn anew by this build hold: runs, cover,
    contents, back cover (not the folios laid over them)."""
    pages, first = [], bound.first_run_page
    for number, (_, part) in enumerate(parts):
        if number in drawing.redrawn_runs:
            pages += range(first + 1, first + part.pages + 1)
        first += part.pages
    for start, made in bound.made:
        if made.redrawn:
            pages += range(start + 1, start + made.pages + 1)
    return sorted(pages)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    """A record for the next build (its photos' digests, the photos checked), written once the
    outputs are: one that cannot be written (a folder in its place) only costs that build the
    time it saves, and does not turn the build into 'cannot write the PDFs'."""
    try:
        with AtomicBatch() as batch:
            batch.stage(path, json.dumps(data, sort_keys=True).encode())
    except OSError:
        pass
