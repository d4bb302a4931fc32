"""The brochure put together from its parts with qpdf (pikepdf): their pages in order, the folios
laid over them, the contents' links pointed at their pages, one outline, named destinations,
and each photo stored once however many parts drew it."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..layout.brochure_parts import ContentsLine

FOLIO = "/Folio"  # the name of the folio's form on each page


@dataclass(frozen=True)
class OutlineEntry:
    key: str
    title: str
    level: int  # 0 for a section, 1 for a product
    page: int  # 0-based, in the brochure


def assemble(
    parts: list[Path],
    folios: Path,
    numbered: list[bool],
    outline: list[OutlineEntry],
    contents: tuple[range, list[ContentsLine]],
    target: Path,
) -> None:
    """Write the brochure made of `parts` (PDF files, in order; the first gives the document's
    title, language and viewer settings) to `target`.

    `folios` (a PDF file) holds a page for each page of the brochure, laid over the page when `numbered` says
    so. `contents` is the contents' pages (0-based) and its lines: its links, which point at
    the contents part itself, are pointed at the pages of the lines they name."""
    with pikepdf.open(parts[0]) as brochure:
        for name in ("/Outlines", "/Names", "/PageLabels"):  # the first part's own: made anew
            if name in brochure.Root:
                del brochure.Root[name]
        opened = [pikepdf.open(path) for path in parts[1:]]
        try:
            for part in opened:
                brochure.pages.extend(part.pages)
            with pikepdf.open(folios) as layer:
                # Every page saves its state before its own drawing and draws its folio after.
                wrap = (
                    brochure.make_stream(b"q\n"),
                    brochure.make_stream(b"\nQ q " + FOLIO.encode() + b" Do Q\n"),
                )
                for page, folio, has_number in zip(
                    brochure.pages, layer.pages, numbered, strict=True
                ):
                    if has_number:
                        _lay_over(brochure, page, folio, wrap)
                _point_contents_links(brochure, *contents)
                _write_outline(brochure, outline)
                _share_identical_images(brochure)
                brochure.Root.PageMode = pikepdf.Name.UseOutlines
                # Every part's streams are compressed already, and qpdf, asked to compress,
                # decodes them all to see (8 times longer at 2 000 pages): written as they are.
                brochure.save(
                    target,
                    deterministic_id=True,
                    compress_streams=False,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    object_stream_mode=pikepdf.ObjectStreamMode.generate,
                )
        finally:
            for part in opened:
                part.close()


def _lay_over(
    pdf: pikepdf.Pdf, page: pikepdf.Page, folio: pikepdf.Page, wrap: tuple[pikepdf.Stream, ...]
) -> None:
    """Draw the folio's page over the page, as a form of a fixed name (the same bytes at every
    build): both pages have the same size, so it is drawn as it is. The form's stream is
    compressed here: the assembly writes streams as they are."""
    form = folio.as_form_xobject()
    form.write(zlib.compress(form.read_bytes()), filter=pikepdf.Name.FlateDecode)
    form = pdf.copy_foreign(form)
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    if "/XObject" not in page.obj.Resources:
        page.obj.Resources.XObject = pikepdf.Dictionary()
    page.obj.Resources.XObject[FOLIO] = form
    page.contents_add(wrap[0], prepend=True)
    page.contents_add(wrap[1])


def _point_contents_links(pdf: pikepdf.Pdf, where: range, lines: list[ContentsLine]) -> None:
    """The contents part's links name their line by the height they point at (`render_contents`):
    each is pointed at the page of its line instead."""
    pages = pdf.pages
    for page in pages[where.start : where.stop]:
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        for annotation in annotations:
            destination = annotation.get("/Dest")
            if not isinstance(destination, pikepdf.Array) or len(destination) < 4:
                continue
            if destination[1] != "/XYZ":
                continue
            line = lines[round(float(destination[3]))]
            annotation.Dest = _destination(pages[line.page - 1])


def _write_outline(pdf: pikepdf.Pdf, outline: list[OutlineEntry]) -> None:
    """The outline (sections, their products under them, all open) and a named destination for
    each entry, so that `brochure.pdf#product-7505634` opens on the product."""
    with pdf.open_outline() as tree:
        sections: list[pikepdf.OutlineItem] = []
        for entry in outline:
            item = pikepdf.OutlineItem(entry.title, entry.page)
            if entry.level == 0 or not sections:
                tree.root.append(item)
                sections.append(item)
            else:
                sections[-1].children.append(item)
    for item in tree.root:
        item.is_closed = False
    names = pikepdf.Array()
    for entry in sorted(outline, key=lambda entry: entry.key):
        names.append(pikepdf.String(entry.key))
        names.append(_destination(pdf.pages[entry.page]))
    pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=names))


def _destination(page: pikepdf.Page) -> pikepdf.Array:
    return pikepdf.Array([page.obj, pikepdf.Name.XYZ, None, None, None])


def _share_identical_images(pdf: pikepdf.Pdf) -> None:
    """Each part stores the photos it draws: an image drawn by several parts (or several times)
    is stored once."""
    kept: dict[bytes, pikepdf.Object] = {}
    for page in pdf.pages:
        xobjects = page.obj.get("/Resources", {}).get("/XObject")
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        for name, xobject in list(xobjects.items()):
            if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != "/Image":
                continue
            digest = hashlib.sha256(xobject.read_raw_bytes())
            digest.update(
                repr(sorted((k, str(v)) for k, v in xobject.items() if k != "/Length")).encode()
            )
            key = digest.digest()
            if key in kept:
                xobjects[name] = kept[key]
            else:
                kept[key] = xobject
