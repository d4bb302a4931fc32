"""The changes proof: the pages of a new edition that changed, each kept as it is (vector, text
stays text) with its changes boxed, and a margin beside it saying what changed, for a customer
to sign off."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from .. import CREATOR
from ..errors import Problem, Severity, SheetsError
from ..i18n.typography import visible_text
from ..layout.markup import text_markup_with_fallback
from ..output import AtomicBatch
from ..render.subsets import retag_subsets
from ..style.fonts import register_family
from .compared import STROKE, Box, changed_boxes, changed_text, paired, shown_size
from .contact import add_form

FAMILY = "lato"  # the margin's face: the default theme's sans serif, embedded as every font is
MARGIN = 62 * mm  # the column beside each page that says what changed
PADDING = 5 * mm  # inside the margin
MARK = Color(0.86, 0.0, 0.47)  # magenta: no catalog's ink is taken for it
INK, MUTED, PANEL = Color(0.13, 0.13, 0.13), Color(0.42, 0.42, 0.42), Color(0.955, 0.955, 0.955)
# In a changes proof's document information: what tells it from the PDFs a build writes, which
# `sheets diff -o` never replaces.
_KIND_KEY, _KIND = pikepdf.Name("/SheetsProof"), "changes"


@dataclass(frozen=True)
class ChangedPage:
    new_page: int  # 1-based page of NEW that changed
    old_page: int | None  # 1-based page of OLD that held the same thing; None: all new
    notes: tuple[str, ...]  # what changed, in words, for the margin


@dataclass(frozen=True)
class MarkedPage:
    """A page of the proof: which page of NEW (and of OLD) it shows, and the boxes drawn round
    its changes, in points from the bottom left of the page as shown (its trim box)."""

    new_page: int
    old_page: int | None
    boxes: tuple[Box, ...]


def write_changes(
    old_pdf: Path, new_pdf: Path, pages: Sequence[ChangedPage], target: Path
) -> tuple[MarkedPage, ...]:
    """Write the proof of `pages` (in NEW's order) to `target`, whole or not at all.
    SheetsError, before anything is written, for a PDF that cannot be read or a page it lacks."""
    with AtomicBatch() as batch:
        return stage_changes(batch, old_pdf, new_pdf, pages, target)


def stage_changes(
    batch: AtomicBatch, old_pdf: Path, new_pdf: Path, pages: Sequence[ChangedPage], target: Path
) -> tuple[MarkedPage, ...]:
    """Stage the proof of `pages` in `batch`, to become `target` with the batch's other files.
    SheetsError, before anything is staged, for a PDF that cannot be read or a page it lacks."""
    pages = _checked(old_pdf, new_pdf, pages)
    return _write(old_pdf, new_pdf, pages, batch.reserve(target))


def is_changes_proof(path: Path) -> bool:
    """Whether `path` is a changes proof sheets wrote (its document information says so)."""
    try:
        with pikepdf.open(path) as pdf:
            return str(pdf.docinfo.get(_KIND_KEY, "")) == _KIND
    except (OSError, pikepdf.PdfError):
        return False


def _write(
    old_pdf: Path, new_pdf: Path, pages: list[ChangedPage], temporary: Path
) -> tuple[MarkedPage, ...]:
    """The proof written to `temporary`: the boxes and margins drawn first (ReportLab), one
    page's renderings at a time, then NEW's pages placed under them (pikepdf)."""
    overlay = io.BytesIO()
    marked, sizes = [], []
    with pikepdf.open(old_pdf) as old, pikepdf.open(new_pdf) as new:
        canvas = _canvas(old_pdf, new_pdf, str(new.docinfo.get("/Author", "")), overlay)
        for page in pages:
            new_page = new.pages[page.new_page - 1]
            old_page = None if page.old_page is None else old.pages[page.old_page - 1]
            pair = paired(old, new, (old_pdf, page.old_page), (new_pdf, page.new_page))
            boxes = changed_boxes(pair, new_page, old_page)
            size = shown_size(new_page)
            notes = list(page.notes)
            was = None if old_page is None else _in_mm(shown_size(old_page))
            if was and was != _in_mm(size):  # a size the margin would write the same is the same
                notes.insert(0, f"page size {was} → {_in_mm(size)}")
            if pair is not None:
                notes += changed_text(pair, " ".join(notes))
            _draw_page(canvas, size, page, boxes, notes, _names(old_pdf, new_pdf))
            marked.append(MarkedPage(page.new_page, page.old_page, boxes))
            sizes.append(size)
        canvas.save()
        with pikepdf.open(overlay) as proof:
            for page, shown, (width, height) in zip(pages, proof.pages, sizes, strict=True):
                _place_under(proof, shown, new.pages[page.new_page - 1], width, height)
            retag_subsets(proof)
            proof.docinfo[_KIND_KEY] = _KIND
            proof.save(temporary, deterministic_id=True)
    return tuple(marked)


def _checked(old_pdf: Path, new_pdf: Path, pages: Sequence[ChangedPage]) -> list[ChangedPage]:
    """The pages in NEW's order, every one of them in the PDFs; SheetsError naming each problem."""
    counts = {pdf: _page_count(pdf) for pdf in (old_pdf, new_pdf)}
    problems = []
    if not pages:
        problems.append(_problem(new_pdf, "no changed pages: a proof needs at least one"))
    seen = set()
    for page in pages:
        if page.new_page in seen:
            problems.append(_problem(new_pdf, f"page {page.new_page} is named twice"))
        seen.add(page.new_page)
        for pdf, number in ((new_pdf, page.new_page), (old_pdf, page.old_page)):
            if number is not None and not 1 <= number <= counts[pdf]:
                message = f"there is no page {number}: the PDF has {counts[pdf]}"
                problems.append(_problem(pdf, message))
    if problems:
        raise SheetsError(problems)
    return sorted(pages, key=lambda page: page.new_page)


def _page_count(pdf: Path) -> int:
    try:
        with pikepdf.open(pdf) as document:
            return len(document.pages)
    except (OSError, pikepdf.PdfError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a PDF"
        hint = "name a PDF that sheets built" if not isinstance(exc, OSError) else None
        raise SheetsError([_problem(pdf, f"cannot be read: {reason}", hint)]) from None


def _problem(pdf: Path, message: str, hint: str | None = None) -> Problem:
    return Problem(Severity.ERROR, message, pdf, hint=hint)


def _in_mm(size: tuple[float, float]) -> str:
    return " × ".join(f"{side / mm:.0f}" for side in size) + " mm"


# -- the proof's pages -------------------------------------------------------------------------


def _place_under(
    proof: pikepdf.Pdf, shown: pikepdf.Page, source: pikepdf.Page, width: float, height: float
) -> None:
    """NEW's page as a Form XObject (vector: its text stays text) under the boxes and margin."""
    form = proof.copy_foreign(source.as_form_xobject())
    name = add_form(shown, form)
    placing = shown.calc_form_xobject_placement(form, name, pikepdf.Rectangle(0, 0, width, height))
    shown.contents_add(pikepdf.Stream(proof, b"q\n" + placing + b"\nQ\n"), prepend=True)


def _names(old_pdf: Path, new_pdf: Path) -> tuple[str, str]:
    """The two files as the margin names them: their names, with as many of their folders as
    tell them apart (`2024/out/brochure.pdf`, `2025/out/brochure.pdf`)."""
    old, new = old_pdf.resolve().parts, new_pdf.resolve().parts
    kept = 1
    while kept < min(len(old), len(new)) and old[-kept:] == new[-kept:]:
        kept += 1
    return "/".join(old[-kept:]), "/".join(new[-kept:])


def _canvas(old_pdf: Path, new_pdf: Path, author: str, overlay: io.BytesIO) -> Canvas:
    """The canvas of the boxes and margins, in the margin's face from its first page: no
    unembedded Helvetica. Its author is the brochure's (the catalog's publisher)."""
    canvas = Canvas(overlay, initialFontName=register_family(FAMILY), initialFontSize=9)
    canvas.setTitle(f"Changes: {new_pdf.name}")
    old, new = _names(old_pdf, new_pdf)
    canvas.setSubject(f"Changes from {old} to {new}")
    canvas.setAuthor(author)
    canvas.setCreator(CREATOR)
    return canvas


def _draw_page(
    canvas: Canvas,
    size: tuple[float, float],
    page: ChangedPage,
    boxes: tuple[Box, ...],
    notes: list[str],
    files: tuple[str, str],
) -> None:
    """One page of the proof: room for NEW's page (placed under it afterwards), its boxes, and
    the margin; columns are added to the margin while its notes need them."""
    width, height = size
    columns = _columns(_margin_flowables(page, boxes, notes), height - 2 * PADDING - 14)
    column_width = MARGIN - 2 * PADDING
    canvas.setPageSize((width + len(columns) * MARGIN, height))
    canvas.setFillColor(PANEL)
    canvas.rect(width, 0, len(columns) * MARGIN, height, stroke=0, fill=1)
    canvas.setStrokeColor(MARK)
    canvas.setLineWidth(STROKE)
    for x0, y0, x1, y1 in boxes:
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        if page.old_page is not None:  # a change bar beside it, to find it from the margin
            canvas.line(width + 2, y0, width + 2, y1)
    for number, column in enumerate(columns):
        y = height - PADDING
        for flowable in column:
            _, used = flowable.wrapOn(canvas, column_width, y)
            y -= used
            flowable.drawOn(canvas, width + number * MARGIN + PADDING, y)
            y -= flowable.getSpaceAfter()
    footer = Paragraph(" → ".join(_markup(name) for name in files), _style(6.5, MUTED))
    footer.wrapOn(canvas, column_width, height)
    footer.drawOn(canvas, width + PADDING, PADDING)
    canvas.showPage()


def _margin_flowables(page: ChangedPage, boxes: tuple[Box, ...], notes: list[str]) -> list:
    """The margin's text: the page, where it was, what is marked, then the notes."""
    if page.old_page is None:
        was, marked = "new page: not in the old edition", "all new: the whole page is boxed"
    else:
        was = f"page {page.old_page} in the old edition"
        count = len(boxes)
        marked = (
            "no visible change found"
            if not count
            else f"{count} change{'s' if count > 1 else ''} boxed in magenta"
        )
    return [
        Paragraph(f"Page {page.new_page}", _style(15, INK, bold=True, after=1)),
        Paragraph(was, _style(8.5, MUTED, after=6)),
        Paragraph(marked, _style(8.5, MARK, bold=True, after=8)),
        *(Paragraph(_markup(note), _style(9, INK, bullet=True)) for note in notes),
    ]


def _columns(flowables: list[Flowable], height: float) -> list[list[Flowable]]:
    """The flowables cut into columns `height` points tall, a paragraph split between two
    where it must: however many notes there are, none is left out."""
    width, columns, room = MARGIN - 2 * PADDING, [[]], height
    queue = list(flowables)
    while queue:
        flowable = queue.pop(0)
        _, used = flowable.wrap(width, room)
        if used <= room:
            columns[-1].append(flowable)
            room -= used + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, room)
        if parts:  # as much as fits here, the rest in the next column
            columns[-1].append(parts[0])
            queue[:0] = parts[1:]
        elif not columns[-1]:  # taller than a column and cannot be cut: it stands alone
            columns[-1].append(flowable)
        else:
            queue.insert(0, flowable)
        columns.append([])
        room = height
    return [column for column in columns if column]


def _markup(text: str) -> str:
    """User text as escaped markup, what the margin's face lacks in the fallback face."""
    return text_markup_with_fallback(visible_text(text), _face())


def _face(bold: bool = False) -> str:
    base = register_family(FAMILY)
    return f"{base}-Bold" if bold else base


def _style(
    size: float, color: Color, *, bold: bool = False, after: float = 3, bullet: bool = False
) -> ParagraphStyle:
    return ParagraphStyle(
        "margin",
        fontName=_face(bold),
        fontSize=size,
        leading=size * 1.25,
        textColor=color,
        spaceAfter=after,
        leftIndent=9 if bullet else 0,
        bulletIndent=0,
        bulletText="•" if bullet else None,
        bulletFontName=_face(),
    )
