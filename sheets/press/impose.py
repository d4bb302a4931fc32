"""Saddle-stitch imposition: the booklet's pages two by two on sheet sides, in folding order,
each side with the bleed and crop marks of the pages it is made of, and fold marks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, FloatObject, NameObject, RectangleObject

REGISTRATION = "1 1 1 1 K"  # marks print on every plate


@dataclass(frozen=True)
class Marks:
    """How crop and fold marks are drawn, in points: like the pages' own."""

    length: float
    width: float


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


def impose_saddle(pdf: bytes, marks: Marks) -> bytes:
    """The booklet's pages two by two on sheet sides twice their width.

    Each side keeps the pages' bleed on its four outer edges (where the sheet is cut) and none
    at the fold, where the two pages meet; beyond the bleed, crop marks at its corners and fold
    marks at the fold, as far out as the pages had theirs. A page without a bleed (made for the
    screen) gives a side cut at its edges, without marks.
    """
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    trim, bleed, media = (_box(pages[0], name) for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    bleed_width = max(0.0, min(trim[0] - bleed[0], trim[1] - bleed[1]))
    margin = max(0.0, min(trim[0] - media[0], trim[1] - media[1]))  # the bleed and the marks
    writer = PdfWriter()
    for left, right in saddle_order(len(pages)):
        side = writer.add_blank_page(width * 2 + 2 * margin, height + 2 * margin)
        for position, number in enumerate((left, right)):
            # The page cut at its trim along the fold, at its bleed everywhere else.
            clip = (
                trim[0] - (bleed_width if position == 0 else 0),
                trim[1] - bleed_width,
                trim[2] + (bleed_width if position == 1 else 0),
                trim[3] + bleed_width,
            )
            page = _clipped(pages[number], clip, writer)
            move = Transformation().translate(margin + position * width - trim[0], margin - trim[1])
            side.merge_transformed_page(page, move)
        side_trim = (margin, margin, margin + 2 * width, margin + height)
        side.trimbox = RectangleObject(side_trim)
        side.bleedbox = RectangleObject(
            [
                side_trim[0] - bleed_width,
                side_trim[1] - bleed_width,
                side_trim[2] + bleed_width,
                side_trim[3] + bleed_width,
            ]
        )
        if margin > bleed_width:
            _draw_marks(side, side_trim, bleed_width, marks, writer)
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


def _box(page: PageObject, name: str) -> tuple[float, float, float, float]:
    box = page.get(name) or page.mediabox
    x0, y0, x1, y1 = (float(value) for value in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _clipped(page: PageObject, clip: tuple[float, ...], writer: PdfWriter) -> PageObject:
    """A copy of the page whose drawing is clipped to `clip`: the marks and what lies beyond
    stay off the neighbouring page."""
    copy = writer.add_page(page)  # a copy that the clip may change without touching the source
    writer.remove_page(copy)
    content = ContentStream(copy.get_contents(), writer)
    x0, y0, x1, y1 = clip
    rectangle = [FloatObject(x0), FloatObject(y0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
    content.operations = [
        ([], b"q"),
        (rectangle, b"re"),
        ([], b"W"),
        ([], b"n"),
        *content.operations,
        ([], b"Q"),
    ]
    copy.replace_contents(content)
    if NameObject("/Annots") in copy:
        del copy[NameObject("/Annots")]  # links point at pages of the unimposed file
    return copy


def _draw_marks(
    side: PageObject,
    trim: tuple[float, float, float, float],
    bleed: float,
    marks: Marks,
    writer: PdfWriter,
) -> None:
    """Crop marks at the side's four corners and fold marks at its middle, each starting
    beyond the bleed so that none shows on the trimmed sheet."""
    x0, y0, x1, y1 = trim
    fold = (x0 + x1) / 2
    lines = []
    for x, outward_x in ((x0, -1), (x1, 1)):
        for y, outward_y in ((y0, -1), (y1, 1)):
            start_x, start_y = x + outward_x * bleed, y + outward_y * bleed
            lines.append((start_x, y, start_x + outward_x * marks.length, y))  # crop: along x
            lines.append((x, start_y, x, start_y + outward_y * marks.length))  # crop: along y
    for y, outward in ((y0, -1), (y1, 1)):
        lines.append((fold, y + outward * bleed, fold, y + outward * (bleed + marks.length)))
    drawn = [f"q {REGISTRATION} {marks.width:g} w"]
    drawn += [f"{ax:.3f} {ay:.3f} m {bx:.3f} {by:.3f} l S" for ax, ay, bx, by in lines]
    drawn.append("Q")
    # Drawn on a page of their own, merged on top: the side's content is left as merged.
    layer = PageObject.create_blank_page(width=side.mediabox.width, height=side.mediabox.height)
    stream = ContentStream(None, writer)
    stream.set_data("\n".join(drawn).encode("ascii"))
    layer.replace_contents(stream)
    side.merge_page(layer)
