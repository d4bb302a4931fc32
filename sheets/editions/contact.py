"""Contact sheets for a customer's sign-off: a PDF's pages as thumbnails, twelve to a landscape
A4 (six by two: portrait pages larger than four by three shows them), each framed at its trim
and labelled (page, products, section). The pages are placed as they are (Form XObjects), not
as pictures: sharp at any zoom, their text still text."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .. import CREATOR
from ..i18n.typography import visible_text
from ..render.subsets import retag_subsets
from ..style.fonts import font_runs

PAGE_SIZE = landscape(A4)
COLUMNS, ROWS = 6, 2
PER_PAGE = COLUMNS * ROWS
MARGIN, GAP_X, GAP_Y = 20.0, 14.0, 8.0  # pt
HEADER_SIZE, HEADER_BAND = 9.0, 22.0  # the header line's type, and the band it takes
LABEL_SIZE, SMALLEST_LABEL, LABEL_LINES = 7.0, 4.5, 3  # a label's type and its lines' room
LEADING = 1.2  # of the type size
FRAME_WIDTH = 0.5
FRAME_GREY, LABEL_GREY = Color(0.55, 0.55, 0.55), Color(0.3, 0.3, 0.3)


@dataclass(frozen=True)
class Thumbnail:
    """A page to show, and its label: a first line set in bold, then the others."""

    page: pikepdf.Page
    label: tuple[str, ...]


@dataclass(frozen=True)
class Faces:
    regular: str  # registered ReportLab font names (style/fonts.py: embedded, subset)
    bold: str


@dataclass(frozen=True)
class _Cell:
    """Where a thumbnail goes on its contact page: the page's trim box scaled into `box`."""

    box: tuple[float, float, float, float]  # x, y, width, height of the placed trim box
    label_top: float
    centre: float


# A contact page's header line, from the first and last page it shows and their total.
Heading = Callable[[int, int, int], str]


def contact_sheet(
    thumbnails: list[Thumbnail],
    heading: Heading,
    faces: Faces,
    title: str,
    target: Path,
    author: str = "",
) -> int:
    """Write the contact sheet of `thumbnails` into `target`, each page headed by what `heading`
    says of the pages it shows (`… · pages 13–24 of 26`); `author` in its document information (the
    brochure's: the catalog's publisher). Returns its number of pages. The thumbnails' PDF
    must stay open until then."""
    chunks = [thumbnails[at : at + PER_PAGE] for at in range(0, len(thumbnails), PER_PAGE)]
    cells = [[_cell(index, _trim(t.page)) for index, t in enumerate(chunk)] for chunk in chunks]
    drawn = _labels_and_frames(chunks, cells, heading, faces, (title, author), len(thumbnails))
    with pikepdf.open(io.BytesIO(drawn)) as contact:
        for page, chunk, placed in zip(contact.pages, chunks, cells, strict=True):
            page.contents_add(_placed(contact, page, chunk, placed), prepend=True)
        retag_subsets(contact)  # the sheets' subsets, each tagged AAAAAA by ReportLab
        contact.save(
            target,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return len(contact.pages)


def _trim(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The page's trim box (its crop box when it has none) as x0, y0, x1, y1."""
    x0, y0, x1, y1 = (float(v) for v in page.trimbox)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _cell(index: int, trim: tuple[float, float, float, float]) -> _Cell:
    """The `index`th cell of a page (rows from the top, left to right): the trim box scaled
    to fit above its label, centred."""
    width, height = PAGE_SIZE
    cell_width = (width - 2 * MARGIN - (COLUMNS - 1) * GAP_X) / COLUMNS
    cell_height = (height - 2 * MARGIN - HEADER_BAND - (ROWS - 1) * GAP_Y) / ROWS
    label_room = LABEL_LINES * LABEL_SIZE * LEADING + 4
    row, column = divmod(index, COLUMNS)
    left = MARGIN + column * (cell_width + GAP_X)
    top = height - MARGIN - HEADER_BAND - row * (cell_height + GAP_Y)
    trim_width, trim_height = trim[2] - trim[0], trim[3] - trim[1]
    scale = min(cell_width / trim_width, (cell_height - label_room) / trim_height)
    shown_width, shown_height = trim_width * scale, trim_height * scale
    centre = left + cell_width / 2
    box = (centre - shown_width / 2, top - shown_height, shown_width, shown_height)
    return _Cell(box, top - shown_height - 3, centre)


def _labels_and_frames(
    chunks: list[list[Thumbnail]],
    cells: list[list[_Cell]],
    heading: Heading,
    faces: Faces,
    title_and_author: tuple[str, str],
    total: int,
) -> bytes:
    """The contact pages without their thumbnails: header, frames, labels."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=PAGE_SIZE, initialFontName=faces.regular, initialFontSize=LABEL_SIZE
    )
    title, author = title_and_author
    canvas.setTitle(title)
    canvas.setSubject(f"{title} · {heading(1, total, total)}")  # what the whole sheet shows
    canvas.setAuthor(author)
    canvas.setCreator(CREATOR)
    first = 1
    for chunk, placed in zip(chunks, cells, strict=True):
        last = first + len(chunk) - 1
        _text(canvas, heading(first, last, total), MARGIN, PAGE_SIZE[1] - MARGIN - HEADER_SIZE,
              faces.bold, HEADER_SIZE)  # fmt: skip
        canvas.setLineWidth(FRAME_WIDTH)
        for thumbnail, cell in zip(chunk, placed, strict=True):
            canvas.setStrokeColor(FRAME_GREY)
            canvas.rect(*cell.box, stroke=1, fill=0)
            _label(canvas, thumbnail.label, cell, faces)
        canvas.showPage()
        first = last + 1
    canvas.save()
    return buffer.getvalue()


def _label(canvas: Canvas, label: tuple[str, ...], cell: _Cell, faces: Faces) -> None:
    """The label under a thumbnail, centred, each line wrapped to the cell's width; set
    smaller when it needs more lines than there is room for, or holds a word wider than the
    cell (at the smallest size such a word is cut): nothing is left out, nothing overlaps."""
    width = (PAGE_SIZE[0] - 2 * MARGIN - (COLUMNS - 1) * GAP_X) / COLUMNS
    size = LABEL_SIZE
    while True:
        lines = [
            (faces.bold if index == 0 else faces.regular, line)
            for index, text in enumerate(label)
            for line in _wrapped(
                text,
                faces.bold if index == 0 else faces.regular,
                size,
                width,
                size <= SMALLEST_LABEL,
            )
        ]
        fits = all(_width(line, face, size) <= width for face, line in lines)
        if size <= SMALLEST_LABEL or (fits and len(lines) * size <= LABEL_LINES * LABEL_SIZE):
            break
        size = max(SMALLEST_LABEL, size - 0.5)
    canvas.setFillColor(LABEL_GREY)
    y = cell.label_top - size
    for face, line in lines:
        _text(canvas, line, cell.centre - _width(line, face, size) / 2, y, face, size)
        y -= size * LEADING


def _wrapped(text: str, face: str, size: float, width: float, cut: bool) -> Iterator[str]:
    """`text` in lines at most `width` wide, broken at spaces; a word wider than that on a line
    of its own, or, with `cut`, cut where it must."""
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, face, size) > width:
            yield line
            line = word
        else:
            line = candidate
        while cut and len(line) > 1 and _width(line, face, size) > width:
            fitting = 1
            while _width(line[: fitting + 1], face, size) <= width:
                fitting += 1
            yield line[:fitting]
            line = line[fitting:]
    if line:
        yield line


def _width(text: str, face: str, size: float) -> float:
    return sum(stringWidth(run, f, size) for f, run in font_runs(text, face))


def _text(canvas: Canvas, text: str, x: float, y: float, face: str, size: float) -> None:
    """Text drawn as text (no markup: user text stays as it is), each character in a face that
    has it."""
    writing = canvas.beginText(x, y)
    for run_face, run in font_runs(visible_text(text), face):
        writing.setFont(run_face, size)
        writing.textOut(run)
    canvas.drawText(writing)


def _placed(
    contact: pikepdf.Pdf, page: pikepdf.Page, chunk: list[Thumbnail], cells: list[_Cell]
) -> bytes:
    """The content that draws each thumbnail's page into its cell, as a Form XObject copied
    into `contact` (what pages share, fonts and photos, copied once)."""
    content = b""
    for thumbnail, cell in zip(chunk, cells, strict=True):
        form = contact.copy_foreign(thumbnail.page.as_form_xobject())
        name = add_form(page, form)
        x0, y0, x1, _ = _trim(thumbnail.page)
        x, y, width, _ = cell.box
        scale = width / (x1 - x0)
        matrix = b" ".join(_number(v) for v in (scale, 0, 0, scale, x - scale * x0, y - scale * y0))
        content += b"q %s cm %s Do Q\n" % (matrix, name.unparse())
    return content


def add_form(page: pikepdf.Page, form: pikepdf.Object) -> pikepdf.Name:
    """`form` in the page's resources under the first free name of /Page1, /Page2…: the same
    name at every run (pikepdf's prefix adds random letters), so the same proof's bytes."""
    taken = set(page.obj.get("/Resources", {}).get("/XObject", {}).keys())
    number = 1
    while f"/Page{number}" in taken:
        number += 1
    name = pikepdf.Name(f"/Page{number}")
    page.add_resource(form, pikepdf.Name.XObject, name)
    return name


def _number(value: float) -> bytes:
    return f"{value:.5f}".rstrip("0").rstrip(".").encode() or b"0"
