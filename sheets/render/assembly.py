"""The brochure put together from its parts, written page after page (`pdfwriter.py`): their
pages in order, the folios laid over them, the contents' links pointed at their pages, one
outline, named destinations, each photo stored once however many parts drew it. One part is
read at a time: the memory it takes is that of the largest part, whatever the brochure's length."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..layout.brochure_parts import ContentsLine
from .pdfwriter import Copier, PdfWriter
from .structure import StructureTree

FOLIO = "/Folio"  # the name of the folio's form on each page
# The folio drawn over a page: a page number, which a reader skips.
FOLIO_DRAWN = b"/Artifact <</Type /Pagination>> BDC q " + FOLIO.encode() + b" Do Q EMC\n"
# A part's catalog entries the brochure makes anew (or, for the page tree, has its own).
_MADE_ANEW = {
    "/Pages",
    "/Outlines",
    "/Names",
    "/Dests",
    "/PageLabels",
    "/OpenAction",
    "/StructTreeRoot",
    "/MarkInfo",
}
# What a page takes from its page tree when it does not say it itself.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


@dataclass(frozen=True)
class OutlineEntry:
    key: str
    title: str
    level: int  # 0 for a section, 1 for a product
    page: int  # 0-based, in the brochure


def assemble(
    parts: list[Path],
    folios: list[Path],
    numbered: list[bool],
    outline: list[OutlineEntry],
    lists: dict[int, list[ContentsLine]],
    target: Path,
) -> None:
    """Write the brochure made of `parts` (PDF files, in order; the first gives the document's
    title, language and viewer settings) to `target`.

    `folios` (PDF files, in order) hold a page for each page of the brochure, laid over the
    page when `numbered` says so. `lists` are the lines of the contents and the index, by the
    first page (0-based) of their part: its links, which point at the part itself, are pointed
    at the pages of the lines they name."""
    with target.open("wb") as out:
        versions = []
        for path in parts:
            with pikepdf.open(path) as part:
                versions.append(part.pdf_version)
        writer = PdfWriter(out, max(versions))
        root, tree = writer.allocate(), writer.allocate()
        structure = StructureTree(writer.allocate(), writer.allocate())
        pages = [writer.allocate() for _ in numbered]
        images: dict[bytes, int] = {}
        # Every page saves its state before its own drawing and draws its folio after.
        wrap = tuple(
            writer.add(b"<< /Length %d >>" % len(drawing), drawing)
            for drawing in (b"q\n", b"\nQ " + FOLIO_DRAWN)
        )
        first, info, catalog = 0, None, b""
        with closing(_folio_pages(writer, images, folios)) as layer:
            for index, path in enumerate(parts):
                with pikepdf.open(path) as part:
                    copier = Copier(writer, f"part {index}", images)
                    copier.numbers[part.Root.Pages.objgen] = tree
                    for number, page in zip(pages[first:], part.pages, strict=False):
                        copier.numbers[page.obj.objgen] = number
                    keys = structure.taking(copier, part)
                    links = _links(copier, lists.get(first), pages, keys)
                    for offset, page in enumerate(part.pages):
                        at = first + offset
                        folio_copier, folio_page = next(layer)
                        folio = _folio(writer, folio_copier, folio_page) if numbered[at] else None
                        syntax = _page_syntax(copier, page, folio, wrap, links, keys)
                        copier.copy(pages[at], page.obj, syntax)
                    structure.take(copier, part)
                    if index == 0:
                        info = _copied(copier, part.trailer.get("/Info"))
                        catalog = b" ".join(
                            copier.entry(name, value)
                            for name, value in part.Root.items()
                            if name not in _MADE_ANEW and name != "/PageMode"
                        )
                        copier.copy_waiting()
                    first += len(part.pages)
        kids = b" ".join(b"%d 0 R" % number for number in pages)
        writer.write(tree, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(pages), kids))
        outlines = _write_outline(writer, outline, pages)
        names = _names(outline, pages)
        structure.write(writer)
        writer.write(
            root,
            b"<< %s /Pages %d 0 R /Outlines %d 0 R /Names << /Dests << /Names [ %s ] >> >> "
            b"/PageMode /UseOutlines %s >>" % (catalog, tree, outlines, names, structure.entries()),
        )
        writer.finish(root, info)


def _folio_pages(
    writer: PdfWriter, images: dict[bytes, int], folios: list[Path]
) -> Iterator[tuple[Copier, pikepdf.Page]]:
    """The folio pages in order, each with the copier of its file (which copies that file's
    fonts once): the files are opened one at a time."""
    for index, path in enumerate(folios):
        with pikepdf.open(path) as layer:
            copier = Copier(writer, f"folios {index}", images)
            yield from ((copier, page) for page in layer.pages)


def _copied(copier: Copier, obj) -> int | None:
    """The number of an object copied whole (with what it refers to), None for none."""
    if obj is None:
        return None
    number = copier.writer.allocate()
    copier.copy(number, obj)
    return number


def _folio(writer: PdfWriter, copier: Copier, folio: pikepdf.Page) -> int:
    """The folio's page as a form: its drawing, compressed, with its resources (its fonts are
    the folios' own, copied once for every page)."""
    drawing = folio.obj.Contents
    if isinstance(drawing, pikepdf.Array):
        data = b"\n".join(stream.read_bytes() for stream in drawing)
    else:
        data = drawing.read_bytes()
    data = zlib.compress(data)
    box = copier.syntax(folio.obj.MediaBox)
    resources = copier.syntax(folio.obj.Resources)
    number = writer.add(
        b"<< /Type /XObject /Subtype /Form /BBox %s /Resources %s /Filter /FlateDecode "
        b"/Length %d >>" % (box, resources, len(data)),
        data,
    )
    copier.copy_waiting()
    return number


def _page_syntax(copier: Copier, page: pikepdf.Page, folio: int | None, wrap, links, keys):
    """How a page is written: its parent the brochure's page tree, what it inherits said on
    it, and its folio drawn over it; its links pointed at their pages (`links`)."""
    obj = page.obj

    def replace(written: pikepdf.Object) -> bytes | None:
        if written.objgen == obj.objgen:
            return _page(copier, obj, folio, wrap, keys)
        return links(written)

    return replace


def _page(copier: Copier, obj: pikepdf.Dictionary, folio: int | None, wrap, keys) -> bytes:
    fields = {name: value for name, value in obj.items()}
    if "/StructParents" in fields:
        fields["/StructParents"] = keys(fields["/StructParents"])
    for name in _INHERITED:
        if name not in fields and (value := _inherited(obj, name)) is not None:
            fields[name] = value
    written = [copier.entry(name, value) for name, value in fields.items() if name != "/Contents"]
    drawing = fields.get("/Contents")
    drawings = list(drawing) if isinstance(drawing, pikepdf.Array) else [drawing]
    if folio is None:
        contents = b" ".join(copier.syntax(stream) for stream in drawings)
    else:
        resources = fields.get("/Resources") or pikepdf.Dictionary()
        written = [entry for entry in written if not entry.startswith(b"/Resources ")]
        written.append(b"/Resources " + _with_folio(copier, resources, folio))
        contents = b"%d 0 R " % wrap[0]
        contents += b" ".join(copier.syntax(stream) for stream in drawings)
        contents += b" %d 0 R" % wrap[1]
    written.append(b"/Contents [ " + contents + b" ]")
    return b"<< " + b" ".join(written) + b" >>"


def _with_folio(copier: Copier, resources: pikepdf.Dictionary, folio: int) -> bytes:
    """A page's resources, written on the page, with the folio's form among its forms."""
    entries = [copier.entry(name, value) for name, value in resources.items() if name != "/XObject"]
    forms = resources.get("/XObject")
    named = [copier.entry(name, value) for name, value in forms.items()] if forms else []
    named.append(FOLIO.encode() + b" %d 0 R" % folio)
    entries.append(b"/XObject << " + b" ".join(named) + b" >>")
    return b"<< " + b" ".join(entries) + b" >>"


def _inherited(obj: pikepdf.Dictionary, name: str):
    parent = obj.get("/Parent")
    while parent is not None:
        if name in parent:
            return parent[name]
        parent = parent.get("/Parent")
    return None


def _links(copier: Copier, lines: list[ContentsLine] | None, pages, keys):
    """A part's links, numbered among the brochure's structure parents (`keys`). Those of a
    contents or index part name their line by the height they point at (`render_contents`):
    each is pointed at the page of its line instead (`lines`; None for another part)."""

    def link(obj: pikepdf.Object) -> bytes | None:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Subtype") != "/Link":
            return None
        fields = dict(obj.items())
        if "/StructParent" in fields:
            fields["/StructParent"] = keys(fields["/StructParent"])
        destination = obj.get("/Dest")
        if lines is not None and _names_a_line(destination):
            line = lines[round(float(destination[3]))]
            fields["/Dest"] = _destination(pages[line.page - 1])
        kept = [
            pikepdf.Name(name).unparse() + b" " + value
            if isinstance(value, bytes)
            else copier.entry(name, value)
            for name, value in fields.items()
        ]
        return b"<< " + b" ".join(kept) + b" >>"

    return link


def _names_a_line(destination) -> bool:
    return (
        isinstance(destination, pikepdf.Array)
        and len(destination) >= 4
        and destination[1] == "/XYZ"
    )


def _destination(page: int) -> bytes:
    return b"[ %d 0 R /XYZ null null null ]" % page


def _write_outline(writer: PdfWriter, outline: list[OutlineEntry], pages: list[int]) -> int:
    """The outline: sections, their products under them, all open. Returns its number."""
    tree: list[tuple[OutlineEntry, list[OutlineEntry]]] = []
    for entry in outline:
        if entry.level == 0 or not tree:
            tree.append((entry, []))
        else:
            tree[-1][1].append(entry)
    root = writer.allocate()
    numbers = [writer.allocate() for _ in tree]
    for place, ((section, products), number) in enumerate(zip(tree, numbers, strict=True)):
        children = [writer.allocate() for _ in products]
        for at, (product, child) in enumerate(zip(products, children, strict=True)):
            writer.write(child, _item(product, number, children, at, pages))
        body = _item(section, root, numbers, place, pages)
        if children:
            body = body[:-2] + b"/First %d 0 R /Last %d 0 R /Count %d >>" % (
                children[0],
                children[-1],
                len(children),
            )
        writer.write(number, body)
    count = len(outline)
    ends = b"/First %d 0 R /Last %d 0 R " % (numbers[0], numbers[-1]) if numbers else b""
    writer.write(root, b"<< /Type /Outlines %s/Count %d >>" % (ends, count))
    return root


def _item(entry: OutlineEntry, parent: int, siblings: list[int], at: int, pages) -> bytes:
    links = b"/Parent %d 0 R " % parent
    if at > 0:
        links += b"/Prev %d 0 R " % siblings[at - 1]
    if at + 1 < len(siblings):
        links += b"/Next %d 0 R " % siblings[at + 1]
    title = pikepdf.String(entry.title).unparse()
    return b"<< /Title %s %s/Dest %s >>" % (title, links, _destination(pages[entry.page]))


def _names(outline: list[OutlineEntry], pages: list[int]) -> bytes:
    """Each outline entry's named destination (`brochure.pdf#product-7505634`), in key order."""
    return b" ".join(
        pikepdf.String(entry.key).unparse() + b" " + _destination(pages[entry.page])
        for entry in sorted(outline, key=lambda entry: entry.key)
    )
