"""The proofs of a build for a customer's sign-off: each brochure's contact sheet (and, asked
for, one of every product sheet) written beside the outputs, which builds leave alone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from reportlab.lib.fonts import tt2ps

from ..errors import Problem, Severity, SheetsError
from ..i18n.labels import labels_for
from ..output import AtomicBatch, OutputBusy, OutputFolder, sha256_of
from ..style.fonts import register_family
from ..uptodate import recorded
from .changes import FAMILY
from .contact import Faces, Heading, Thumbnail, contact_sheet
from .previews import DEFAULT_WIDTH, stage_previews
from .reading import Edition, editions_at

SUFFIX = ".proof.pdf"
_BUILD_AGAIN = "build the catalog again (`sheets build`), then make the proof"


@dataclass(frozen=True)
class Proof:
    path: Path
    pages: int  # its contact pages
    shown: int  # the pages it shows


def proof_name(brochure: Path) -> str:
    """`medailles-commemoratives.fr_FR.pdf` → `medailles-commemoratives.fr_FR.proof.pdf`."""
    return f"{brochure.stem}{SUFFIX}"


def sheets_proof_name(edition: Edition, tagged: bool) -> str:
    """`sheets.proof.pdf`; `tagged` (a catalog of several locales), `sheets.fr_FR.proof.pdf`."""
    locale = edition.manifest["locale"]
    return f"sheets{f'.{locale}' if tagged else ''}{SUFFIX}"


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
    unbuilt: list[Path] = field(default_factory=list)  # brochures the last build did not write


def write_proofs(out_dir: Path, sheets: bool = False, previews: Previews | None = None) -> Proofs:
    """Write the contact sheet of each brochure built into `out_dir` (with `sheets`, of each
    edition's product sheets too) and the `previews` of its sheets, all at once, from what the
    build's manifests say of them. The output folder is held meanwhile, as a build holds it.
    SheetsError, having written nothing, when they cannot be written."""
    built = LastBuild.of(out_dir)
    editions = []
    proofs = Proofs()
    for edition in editions_at(out_dir):
        if edition.brochure.name in built.brochures:
            editions.append(edition)
        else:  # an edition an earlier build wrote: not what the catalog publishes now
            proofs.unbuilt.append(edition.brochure)
    if not editions:
        raise _refused(out_dir, "the last build into it wrote no brochure", _BUILD_AGAIN)
    try:
        with OutputFolder(out_dir), ExitStack() as opened, AtomicBatch() as batch:
            for edition in editions:
                # As the last build wrote it, and the brochure its manifest describes: one reading.
                brochure = built.as_written(edition.brochure)
                edition.as_built(_BUILD_AGAIN, built.written[brochure.name])
                pdf = opened.enter_context(pikepdf.open(brochure))
                labels = labels_for(edition.manifest["locale"])
                thumbnails = [
                    Thumbnail(pdf.pages[number - 1], label)
                    for number, label in _brochure_labels(edition.manifest, labels)
                ]
                target = out_dir / proof_name(edition.brochure)
                heading = _heading(edition, pdf, labels)
                author = str(pdf.docinfo.get("/Author", ""))  # the catalog's publisher
                made = _write(batch, target, thumbnails, heading, edition.brochure.name, author)
                proofs.contact_sheets.append(made)
                if sheets:
                    thumbnails = _sheet_thumbnails(edition, built, opened)
                    target = out_dir / sheets_proof_name(edition, len(editions) > 1)
                    made = _write(batch, target, thumbnails, heading, "product sheets", author)
                    proofs.contact_sheets.append(made)
            if previews:
                shown = [
                    built.as_written(out_dir / product["sheet"])
                    for edition in editions
                    for product in edition.manifest["products"]
                ]
                proofs.previews = stage_previews(batch, shown, previews.folder, previews.width)
            return proofs
    except OutputBusy:
        raise _refused(
            out_dir,
            "a sheets build is writing into this folder",
            "wait for it to finish, then make the proof again",
        ) from None
    except pikepdf.PdfError as exc:  # an output damaged since the build wrote it
        raise _refused(
            out_dir,
            f"cannot read a PDF of the build: {exc}",
            "build again with --fresh, then make the proof again",
        ) from None
    except OSError as exc:
        raise _refused(
            Path(exc.filename) if exc.filename else out_dir,
            f"cannot write the proofs: {exc.strerror or exc}",
            "check that the output folder (-o) and the one given with --png can be written to",
        ) from None


@dataclass(frozen=True)
class LastBuild:
    """What the last build into a folder wrote, as its record says: its brochures, and each
    file's SHA-256 (by its name in the folder)."""

    folder: Path
    brochures: frozenset[str]
    written: dict[str, str]
    checked: set[str] = field(default_factory=set)  # found as written: not read again

    @classmethod
    def of(cls, out_dir: Path) -> LastBuild:
        try:
            report = recorded(out_dir)["report"]
            written = {str(name): str(entry[1]) for name, entry in report["written"].items()}
            return cls(out_dir, frozenset(map(str, report["brochures"])), written)
        except (TypeError, KeyError, IndexError, AttributeError):
            raise _refused(out_dir, "holds no record of a build", _BUILD_AGAIN) from None

    def as_written(self, path: Path) -> Path:
        """`path`, checked to be as the last build wrote it: a proof shows what was built."""
        name = path.relative_to(self.folder).as_posix()
        if name in self.checked:
            return path
        try:
            same = sha256_of(path) == self.written.get(name)
        except OSError:
            same = False
        if not same:
            message = "is not as the last build wrote it: changed or removed since"
            raise _refused(path, message, _BUILD_AGAIN)
        self.checked.add(name)
        return path


def _brochure_labels(manifest: dict, labels: dict) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each page's number and label: its number and section (or what it is: cover, contents,
    index, blank, back cover, in the edition's language), then the references of the products
    on it."""
    named = {
        "cover": labels["proof_cover"],
        "contents": labels["contents"],
        "index": labels["proof_index"],
        "blank": labels["proof_blank"],
        "back-cover": labels["proof_back_cover"],
    }
    section = ""
    for page in manifest["pages"]:
        kind = page["kind"]
        if kind == "section":
            section = page.get("category", {}).get("name", "")
        shown = section if kind in ("section", "products") else named.get(kind, kind)
        yield page["page"], (f"{page['page']}  {shown}", ", ".join(page.get("products", ())))


def _sheet_thumbnails(edition: Edition, built: LastBuild, opened: ExitStack) -> list[Thumbnail]:
    """Every page of the edition's sheets, in the brochure's order, labelled with the product's
    reference (and the page, when it has several), title and section."""
    sections = {
        page["category"]["id"]: page["category"].get("name", "")
        for page in edition.manifest["pages"]
        if "id" in page.get("category", {})
    }
    thumbnails = []
    for product in edition.manifest["products"]:
        sheet = built.as_written(edition.path.parent / product["sheet"])
        pdf = opened.enter_context(pikepdf.open(sheet))
        for number, page in enumerate(pdf.pages, start=1):
            which = f" · {number}/{len(pdf.pages)}" if len(pdf.pages) > 1 else ""
            label = (
                f"{product['reference']}{which}",
                product["title"],
                sections.get(product["category"], ""),
            )
            thumbnails.append(Thumbnail(page, label))
    return thumbnails


def _heading(edition: Edition, pdf: pikepdf.Pdf, labels: dict) -> Heading:
    """A contact page's header: the catalog's title (the brochure's), its edition, locale and
    build date, and the pages it shows, in the edition's language."""
    manifest = edition.manifest
    title = str(pdf.docinfo.get("/Title", "")) or None
    parts = [title, manifest.get("edition"), manifest["locale"], manifest.get("date", "")[:10]]
    head = " · ".join(part for part in parts if part)

    def said(first: int, last: int, total: int) -> str:
        if last > first:
            return f"{head} · {labels['proof_pages'].format(first=first, last=last, total=total)}"
        return f"{head} · {labels['proof_page'].format(number=first, total=total)}"

    return said


def _write(
    batch: AtomicBatch,
    target: Path,
    thumbnails: list[Thumbnail],
    heading: Heading,
    of: str,
    author: str,
) -> Proof:
    faces = Faces(register_family(FAMILY), tt2ps(register_family(FAMILY), 1, 0))
    pages = contact_sheet(thumbnails, heading, faces, f"Proof: {of}", batch.reserve(target), author)
    return Proof(target, pages, len(thumbnails))


def _refused(path: Path, message: str, hint: str) -> SheetsError:
    return SheetsError([Problem(Severity.ERROR, message, path, hint=hint)])
