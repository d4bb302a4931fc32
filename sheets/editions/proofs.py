"""The proofs of a build for a customer's sign-off: each brochure's contact sheet (and, asked
for, one of every product sheet) written beside the outputs, which builds leave alone."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pikepdf
from reportlab.lib.fonts import tt2ps

from ..catalog.load import read_catalog
from ..errors import Problem, Severity, SheetsError
from ..model import Catalog
from ..names import sheet_filename
from ..output import AtomicBatch, OutputBusy, OutputFolder
from ..report import BuildReport
from ..style.fonts import register_family
from .brochure_pages import brochure_pages
from .contact import Faces, Thumbnail, contact_sheet
from .previews import DEFAULT_WIDTH, stage_previews

SUFFIX = ".proof.pdf"


@dataclass(frozen=True)
class Proof:
    path: Path
    pages: int  # its contact pages
    shown: int  # the pages it shows


def proof_name(brochure: Path) -> str:
    """`medailles-commemoratives.fr_FR.pdf` → `medailles-commemoratives.fr_FR.proof.pdf`."""
    return f"{brochure.stem}{SUFFIX}"


def sheets_proof_name(locale: str | None) -> str:
    """`sheets.proof.pdf`; with a locale (a catalog of several), `sheets.fr_FR.proof.pdf`."""
    return f"sheets{f'.{locale}' if locale else ''}{SUFFIX}"


@dataclass(frozen=True)
class Previews:
    """Each sheet's first page as a PNG image `width` pixels wide, in `folder`."""

    folder: Path
    width: int = DEFAULT_WIDTH


@dataclass
class Proofs:
    """What `write_proofs` wrote."""

    contact_sheets: list[Proof] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)


def write_proofs(
    catalog_path: Path,
    report: BuildReport,
    out_dir: Path,
    day: date,
    sheets: bool = False,
    previews: Previews | None = None,
) -> Proofs:
    """Write the contact sheet of each brochure `report` names (with `sheets`, of each
    edition's product sheets too) into `out_dir`, dated `day`, and the `previews` of its sheets,
    all at once. The output folder is held meanwhile, as a build holds it. SheetsError, having
    written nothing, when they cannot be written."""
    catalogs = {locale: _edition(catalog_path, locale) for locale in report.locales}
    try:
        with OutputFolder(out_dir, catalog_path), ExitStack() as opened, AtomicBatch() as batch:
            proofs = Proofs()
            for brochure in report.brochures:
                catalog = catalogs[report.written[brochure][0]]
                pdf = opened.enter_context(pikepdf.open(brochure))
                thumbnails = [
                    Thumbnail(pdf.pages[page.number - 1], _brochure_label(page))
                    for page in brochure_pages(pdf)
                ]
                target = out_dir / proof_name(brochure)
                made = _write(batch, target, thumbnails, catalog, day, brochure.name)
                proofs.contact_sheets.append(made)
            if sheets:
                for locale, catalog in catalogs.items():
                    tag = locale if len(catalog.locales) > 1 else None
                    thumbnails = _sheet_thumbnails(catalog, report, tag, opened)
                    target = out_dir / sheets_proof_name(tag)
                    made = _write(batch, target, thumbnails, catalog, day, "product sheets")
                    proofs.contact_sheets.append(made)
            if previews:
                proofs.previews = stage_previews(
                    batch, report.sheets, previews.folder, previews.width
                )
            return proofs
    except OutputBusy:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"a sheets build is writing into {out_dir}",
                    hint="wait for it to finish, then make the proof again",
                )
            ]
        ) from None
    except pikepdf.PdfError as exc:  # an output damaged since the build wrote it
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot read a PDF of the build: {exc}",
                    hint="build again with --fresh, then make the proof again",
                )
            ]
        ) from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out_dir
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot write the proofs: {exc.strerror or exc}",
                    where,
                    hint="check that the output folder (-o) and the one given with --png can be written to",
                )
            ]
        ) from None


def _edition(catalog_path: Path, locale: str) -> Catalog:
    """The catalog as published in `locale`, which the build has just checked."""
    reading = read_catalog(catalog_path, locale)
    if reading.catalog is None:  # changed since the build read it
        raise SheetsError(list(reading.problems))
    return reading.catalog


def _brochure_label(page) -> tuple[str, ...]:
    return (f"{page.number}  {page.section}", ", ".join(page.references))


def _sheet_thumbnails(
    catalog: Catalog, report: BuildReport, tag: str | None, opened: ExitStack
) -> list[Thumbnail]:
    """Every page of the edition's sheets, in the catalog's order, labelled with the product's
    reference (and the page, when it has several), title and section."""
    built = {path.name: path for path in report.sheets}
    thumbnails = []
    for product in catalog.products:
        path = built.get(f"{sheet_filename(product, tag)}")
        if path is None:
            continue
        pdf = opened.enter_context(pikepdf.open(path))
        section = catalog.category(product.category).title
        for number, page in enumerate(pdf.pages, start=1):
            which = f" · {number}/{len(pdf.pages)}" if len(pdf.pages) > 1 else ""
            label = (f"{product.reference}{which}", product.title, section)
            thumbnails.append(Thumbnail(page, label))
    return thumbnails


def _write(
    batch: AtomicBatch,
    target: Path,
    thumbnails: list[Thumbnail],
    catalog: Catalog,
    day: date,
    of: str,
) -> Proof:
    heading = " · ".join(
        filter(None, [catalog.title, catalog.edition, catalog.locale, day.isoformat()])
    )
    # The display face: its figures line up, references read at a glance.
    family = register_family(catalog.theme.display_font)
    faces = Faces(family, tt2ps(family, 1, 0))
    pages = contact_sheet(thumbnails, heading, faces, f"Proof: {of}", batch.reserve(target))
    return Proof(target, pages, len(thumbnails))
