"""Saddle-stitch imposition: two trimmed pages side by side per sheet side, in folding order."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, FloatObject, NameObject, RectangleObject


def saddle_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) 0-based page numbers of each sheet side, front then back, sheet by sheet.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5) in 1-based numbers: folded and nested, the
    sheets read 1 to 8.
    """
    if page_count % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {page_count}")
    sides = []
    for sheet in range(page_count // 4):
        outer_left, outer_right = page_count - 1 - 2 * sheet, 2 * sheet
        sides.append((outer_left, outer_right))  # front
        sides.append((outer_right + 1, outer_left - 1))  # back
    return sides


def impose_saddle(pdf: bytes) -> bytes:
    """The booklet's pages, cut to their TrimBox, two by two on double-width sheet sides."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    trim = pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    writer = PdfWriter()
    for left, right in saddle_order(len(pages)):
        side = writer.add_blank_page(width * 2, height)
        for position, number in enumerate((left, right)):
            page = _trimmed(pages[number], writer)
            box = page.trimbox
            move = Transformation().translate(
                position * width - float(box.left), -float(box.bottom)
            )
            side.merge_transformed_page(page, move)
        # Imposed sides are cut at their edges: no bleed beyond them.
        side.trimbox = side.bleedbox = RectangleObject([0, 0, width * 2, height])
    # The document's title and author, but not a PDF/X claim: the imposed file has no output intent.
    info = {
        k: v
        for k, v in (reader.metadata or {}).items()
        if isinstance(k, str) and k != "/GTS_PDFXVersion"
    }
    writer.add_metadata(info)
    # The clipped copies leave their originals unreferenced, and share fonts and photos.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _trimmed(page, writer: PdfWriter):
    """The page's drawing clipped to its TrimBox: the bleed and marks stay off the neighbour."""
    copy = writer.add_page(page)  # a copy that the clip may change without touching the source
    writer.remove_page(copy)
    box = copy.trimbox
    content = ContentStream(copy.get_contents(), writer)
    clip = [
        ([], b"q"),
        (
            [
                FloatObject(box.left),
                FloatObject(box.bottom),
                FloatObject(box.width),
                FloatObject(box.height),
            ],
            b"re",
        ),
        ([], b"W"),
        ([], b"n"),
    ]
    content.operations = clip + content.operations + [([], b"Q")]
    copy.replace_contents(content)
    if NameObject("/Annots") in copy:
        del copy[NameObject("/Annots")]  # links point at pages of the unimposed file
    return copy
