"""A page of a new edition beside the old page that held the same thing, for the changes proof:
both drawn by pdfium in their trim boxes, the areas whose pixels differ as boxes in points, and
the words that differ. A page that changed its number is compared without its folio (laid over
it at binding: its number, on the side its parity says), which is not a change of what it
shows."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from ..errors import Problem, Severity, SheetsError
from ..render.assembly import FOLIO
from .differences import changed_areas
from .previews import PDFIUM_LOCK
from .words import changed_words, page_words

DPI = 72  # pages compared at 1 pixel a point: a changed word is several cells wide
STROKE = 1.2  # the boxes' line, in points
AROUND = 3  # points between the changed pixels and their box: the box never covers them

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the page's bottom left
Source = tuple[Path | bytes, int]  # a PDF (its file or its bytes) and a page of it, from 0


@dataclass(frozen=True)
class Pair:
    """The OLD and NEW pages as they are compared."""

    old: Source
    new: Source


def paired(
    old: pikepdf.Pdf, new: pikepdf.Pdf, was: tuple[Path, int | None], now: tuple[Path, int]
) -> Pair | None:
    """The pages to compare: OLD's page `was` (its file and 1-based number) and NEW's `now`;
    None when OLD has none."""
    (old_pdf, old_page), (new_pdf, new_page) = was, now
    if old_page is None:
        return None
    if old_page == new_page:
        return Pair((old_pdf, old_page - 1), (new_pdf, new_page - 1))
    return Pair((_unfoliated(old, old_page - 1), 0), (_unfoliated(new, new_page - 1), 0))


def changed_boxes(
    pair: Pair | None, new_page: pikepdf.Page, old_page: pikepdf.Page | None
) -> tuple[Box, ...]:
    """The boxes round the page's changes: the areas whose pixels differ, or the whole page
    when nothing of OLD is there to compare with. Rendered one page at a time."""
    width, height = shown_size(new_page)
    if pair is None or old_page is None:
        inset = STROKE / 2
        return ((inset, inset, width - inset, height - inset),)
    new = _render(*pair.new, new_page)
    old = _render(*pair.old, old_page)
    scale = DPI / 72
    return tuple(
        (
            max(left / scale - AROUND, STROKE / 2),
            max(height - bottom / scale - AROUND, STROKE / 2),
            min(right / scale + AROUND, width - STROKE / 2),
            min(height - top / scale + AROUND, height - STROKE / 2),
        )
        for left, top, right, bottom in changed_areas(old, new)
    )


def changed_text(pair: Pair, said: str) -> list[str]:
    """The runs of words that differ between the two pages, but those `said` already holds."""
    return changed_words(page_words(*pair.old), page_words(*pair.new), said)


def shown_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page's trim box's width and height as it is seen (turned by its /Rotate)."""
    trim = page.trimbox
    width, height = abs(float(trim[2]) - float(trim[0])), abs(float(trim[3]) - float(trim[1]))
    return (height, width) if _rotation(page) in (90, 270) else (width, height)


def _unfoliated(pdf: pikepdf.Pdf, index: int) -> bytes:
    """Page `index` alone, its folio's form emptied."""
    single = pikepdf.new()
    single.pages.append(pdf.pages[index])
    forms = single.pages[0].obj.get("/Resources", pikepdf.Dictionary()).get("/XObject")
    if isinstance(forms, pikepdf.Dictionary) and FOLIO in forms:
        empty = single.make_stream(b"")
        empty.Type, empty.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        empty.BBox = pikepdf.Array([0, 0, 0, 0])
        forms[FOLIO] = empty
    out = io.BytesIO()
    single.save(out)
    return out.getvalue()


def _render(pdf: Path | bytes, index: int, page: pikepdf.Page) -> Image.Image:
    """The page as shown (its trim box), at DPI."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:  # read by pikepdf, refused by pdfium: rare, but said
            where = pdf if isinstance(pdf, Path) else None
            raise SheetsError([Problem(Severity.ERROR, f"cannot be drawn: {exc}", where)]) from None
        try:
            bitmap = document[index].render(scale=DPI / 72, crop=_crop(page))
            return bitmap.to_pil().convert("RGB")  # its own pixels, not pdfium's buffer
        finally:
            document.close()


def _crop(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """What pdfium, which renders the crop box, must cut off to show the trim box: left,
    bottom, right, top as the page is seen (after its /Rotate)."""
    crop, trim = page.cropbox, page.trimbox
    cut = [
        max(0.0, float(trim[0]) - float(crop[0])),
        max(0.0, float(trim[1]) - float(crop[1])),
        max(0.0, float(crop[2]) - float(trim[2])),
        max(0.0, float(crop[3]) - float(trim[3])),
    ]
    turns = _rotation(page) // 90  # each quarter turn clockwise brings the next side left
    return tuple(cut[(side + 4 - turns) % 4] for side in (0, 1, 2, 3))


def _rotation(page: pikepdf.Page) -> int:
    try:
        return int(page.obj.get("/Rotate", 0)) % 360 // 90 * 90
    except (TypeError, ValueError):
        return 0
