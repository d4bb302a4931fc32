"""The brochure put together from its parts, written page after page (`pdfwriter.py`): their
pages in order, the folios laid over them, the contents' links pointed at their pages, one
outline, named destinations, each photo stored once however many parts drew it. One part is
read at a time: the memory it takes is that of the largest part, whatever the brochure's length."""

from __future__ import annotations

import mmap
import zlib
from collections.abc import Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..layout.brochure_parts import ContentsLine
from .pdfwriter import Copier, PdfWriter, SubsetNames
from .prepared import PreparedPart, prepare
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


@dataclass(frozen=True)
class OutlineEntry:
    key: str
    title: str
    level: int  # 0 for a section, 1 for a product
    page: int  # 0-based, in the brochure


def assemble(
    parts: list[tuple[Path, Path | None]],
    folios: list[Path],
    numbered: list[bool],
    outline: list[OutlineEntry],
    lists: dict[int, list[ContentsLine]],
    target: Path,
) -> None:
    """Write the brochure made of `parts` (PDF files, in order, each with the file of its
    prepared form, or None to prepare it here: `prepared.py`; the first gives the document's
    title, language and viewer settings) to `target`.

    `folios` (PDF files, in order) hold a page for each page of the brochure, laid over the
    page when `numbered` says so. `lists` are the lines of the contents and the index, by the
    first page (0-based) of their part: its links, which point at the part itself, are pointed
    at the pages of the lines they name."""
    with target.open("wb") as out:
        writer = PdfWriter(out, max(_version(*part) for part in parts))
        root, tree = writer.allocate(), writer.allocate()
        brochure = _Brochure(writer, tree, numbered)
        first, info, catalog = 0, None, b""
        with closing(_folio_pages(writer, brochure.images, folios)) as layer:
            for index, (path, kept) in enumerate(parts):
                if kept is None:
                    prepared = prepare(path)
                else:
                    prepared = PreparedPart.from_bytes(kept.read_bytes())
                brochure.add(index, path, prepared, first, lists.get(first), layer)
                if index == 0:
                    info, catalog = _document_entries(writer, brochure.images, path)
                first += prepared.pages
        pages, structure = brochure.pages, brochure.structure
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


def _version(path: Path, prepared: Path | None) -> str:
    """The PDF version of a part: said by its prepared form, or read."""
    if prepared is not None:
        with prepared.open("rb") as kept:
            return PreparedPart.version_of(kept.readline())
    with pikepdf.open(path) as part:
        return part.pdf_version


class _Brochure:
    """What the parts of a brochure being written share: its pages' numbers, its structure
    tree, its photos (each written once), and the drawings round a page under its folio."""

    def __init__(self, writer: PdfWriter, tree: int, numbered: list[bool]):
        self.writer, self.tree, self.numbered = writer, tree, numbered
        self.structure = StructureTree(writer.allocate(), writer.allocate())
        self.pages = [writer.allocate() for _ in numbered]
        self.images: dict[bytes, int] = {}
        # Every page saves its state before its own drawing and draws its folio after.
        self.wrap = tuple(
            writer.add(b"<< /Length %d >>" % len(drawing), drawing)
            for drawing in (b"q\n", b"\nQ " + FOLIO_DRAWN)
        )

    def add(self, index, path, prepared, first, lines, folios) -> None:
        """Write part `index` (its PDF at `path`, prepared) from page `first` (0-based) on, its
        `lines` if it is the contents or an index, its pages under the next `folios`."""
        writer, structure = self.writer, self.structure
        numbers, new = self._numbers(prepared)
        filled = prepared.filled(
            numbers,
            self.pages[first : first + prepared.pages],
            (self.tree, structure.root, structure.document),
            structure.next_key,
            None if lines is None else [self.pages[line.page - 1] for line in lines],
            SubsetNames(writer, f"part {index}").renamed,
        )
        _write_objects(writer, path, prepared, filled.objects, numbers, new)
        for at, page in enumerate(filled.pages, start=first):
            folio_copier, folio_page = next(folios)
            folio = _folio(writer, folio_copier, folio_page) if self.numbered[at] else None
            writer.write(self.pages[at], _page(page, folio, self.wrap))
        structure.take(prepared, filled.kids, filled.parents)

    def _numbers(self, prepared: PreparedPart) -> tuple[list[int], list[int]]:
        """A number of the writer's for each object of a prepared part, and the objects it
        writes: an image (or a background) written before keeps its number."""
        numbers, new = [], []
        for index in range(prepared.objects):
            same = prepared.shared.get(index)
            number = self.images.get(same) if same else None
            if number is None:
                number = self.writer.allocate()
                new.append(index)
                if same:
                    self.images[same] = number
            numbers.append(number)
        return numbers, new


def _write_objects(writer, path: Path, prepared, objects, numbers, new) -> None:
    """Write the `new` objects of a prepared part (as filled in: `objects`; its PDF at
    `path`), a stream's bytes as they are in its file."""
    streams = prepared.streams
    plain = [index for index in new if index not in streams]
    writer.write_many([numbers[index] for index in plain], [objects[index] for index in plain])
    unfound = any(streams[index][2] < 0 for index in new if index in streams)
    with (
        path.open("rb") as file,
        mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data,
        pikepdf.open(path) if unfound else nullcontext() as part,
    ):
        for index in new:
            if index not in streams:
                continue
            number, generation, start, length = streams[index]
            if start >= 0:
                raw = data[start : start + length]
            else:
                raw = part.get_object((number, generation)).read_raw_bytes()
            head = b"<< %s /Length %d >>" % (objects[index], len(raw))
            writer.write(numbers[index], head, raw)


def _document_entries(writer: PdfWriter, images, path: Path) -> tuple[int | None, bytes]:
    """The first part's document information and catalog entries, copied."""
    with pikepdf.open(path) as part:
        copier = Copier(writer, "document", images, part)
        info = _copied(copier, part.trailer.get("/Info"))
        catalog = b" ".join(
            copier.entry(name, value)
            for name, value in part.Root.items()
            if name not in _MADE_ANEW and name != "/PageMode"
        )
        copier.copy_waiting()
        return info, catalog


def _folio_pages(
    writer: PdfWriter, images: dict[bytes, int], folios: list[Path]
) -> Iterator[tuple[Copier, pikepdf.Page]]:
    """The folio pages in order, each with the copier of its file (which copies that file's
    fonts once): the files are opened one at a time."""
    for index, path in enumerate(folios):
        with pikepdf.open(path) as layer:
            copier = Copier(writer, f"folios {index}", images, layer)
            yield from ((copier, page) for page in layer.pages)


def _compressed(stream: pikepdf.Stream) -> bool:
    """Whether a stream's bytes are compressed as a folio's form says (Flate, nothing else)."""
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array) and len(filters) == 1:
        filters = filters[0]
    return filters == pikepdf.Name.FlateDecode and "/DecodeParms" not in stream


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
    if isinstance(drawing, pikepdf.Stream) and _compressed(drawing):
        data = drawing.read_raw_bytes()  # as it is: compressed already
    else:
        streams = drawing if isinstance(drawing, pikepdf.Array) else [drawing]
        data = zlib.compress(b"\n".join(stream.read_bytes() for stream in streams))
    box = copier.syntax(folio.obj.MediaBox)
    resources = copier.syntax(folio.obj.Resources)
    number = writer.add(
        b"<< /Type /XObject /Subtype /Form /BBox %s /Resources %s /Filter /FlateDecode "
        b"/Length %d >>" % (box, resources, len(data)),
        data,
    )
    copier.copy_waiting()
    return number


def _page(pieces: tuple, folio: int | None, wrap: tuple[int, int]) -> bytes:
    """A page as written (its pieces: `Filled`), its folio drawn over it."""
    entries, resources, folio_resources, contents = pieces
    written = [entries]
    if folio is None:
        if resources is not None:
            written.append(b"/Resources " + resources)
    else:
        forms = b"%s %s %d 0 R >> >>" % (folio_resources, FOLIO.encode(), folio)
        written.append(b"/Resources << " + forms)
        contents = b"%d 0 R %s %d 0 R" % (wrap[0], contents, wrap[1])
    written.append(b"/Contents [ " + contents + b" ]")
    return b"<< " + b" ".join(written) + b" >>"


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
