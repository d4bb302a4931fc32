"""A designer's background (`catalog.theme.background`) laid under the pages ReportLab drew: a
page of the background's PDF, as a form drawn first on each page, so that everything the theme
draws stays on top and the page's text stays the page's own.

The background's trim (its TrimBox, or the middle of its page) is laid on the page's trim; it
shows as far as the page's bleed box (the page itself on screen) and its own bleed box reach.
The catalog's reader checked its size, fonts and pages (`catalog/background.py`)."""

from __future__ import annotations

import functools
import io

import pikepdf

from ..layout.context import LayoutContext
from ..layout.pages import PrintGeometry
from ..model import Background
from .subsets import retag_subsets

# Set on each form with its file's digest and page: the brochure's assembly stores one form for
# all the parts that draw it (`pdfwriter.py`).
MARK = pikepdf.Name("/SheetsBackground")


def with_background(data: bytes, ctx: LayoutContext, opening: bool) -> bytes:
    """`data` (a PDF drawn for `ctx`) with the context's background, if any, under every page:
    its `first` page under the first page if the PDF is `opening` an output (a sheet, the
    brochure's cover), its `other` page under the rest."""
    background = ctx.background
    if background is None:
        return data
    geometry = PrintGeometry.for_context(ctx)
    width, height = ctx.theme.page_size
    # The page's bleed box (its trim, on screen), and its trim's middle.
    reach = geometry.border - geometry.bleed
    clip = (reach, reach, width + 2 * geometry.bleed, height + 2 * geometry.bleed)
    middle = (geometry.border + width / 2, geometry.border + height / 2)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        forms: dict[int, pikepdf.Object] = {}
        for index, page in enumerate(pdf.pages):
            number = background.first if opening and index == 0 else background.other
            if number not in forms:
                forms[number] = pdf.copy_foreign(_form(background, number))
            name = page.add_resource(
                forms[number], pikepdf.Name.XObject, pikepdf.Name(f"/SheetsBackground{number}")
            )
            centre = _trim_middle(background, number)
            shift = (middle[0] - centre[0], middle[1] - centre[1])
            # Marked as an artifact: what reads the page for its text may pass it over.
            drawing = b"/Artifact BMC q %s re W n 1 0 0 1 %s cm %s Do Q EMC\n" % (
                _numbers(clip),
                _numbers(shift),
                name.unparse(),
            )
            page.contents_add(pdf.make_stream(drawing), prepend=True)
        out = io.BytesIO()
        version = max(pdf.pdf_version, _source(background).pdf_version)
        pdf.save(out, min_version=version, deterministic_id=True)
        return out.getvalue()


@functools.lru_cache(maxsize=4)
def _source(background: Background) -> pikepdf.Pdf:
    """The background's PDF, opened once in each process, its subset fonts tagged after their
    bytes: a subset of the same name as one of the page's own would be one font to some
    printers."""
    pdf = pikepdf.open(io.BytesIO(background.data))
    retag_subsets(pdf)
    return pdf


@functools.lru_cache(maxsize=8)
def _form(background: Background, number: int) -> pikepdf.Object:
    """Page `number` of the background as a form, clipped to its own bleed box (or page)."""
    page = _source(background).pages[number - 1]
    form = page.as_form_xobject()
    form.BBox = pikepdf.Array(_box(page.bleedbox))
    form[MARK] = pikepdf.String(f"{background.digest}:{number}")
    return form


@functools.lru_cache(maxsize=8)
def _trim_middle(background: Background, number: int) -> tuple[float, float]:
    """The middle of the background page's trim: its TrimBox's, or its page's."""
    x0, y0, x1, y1 = _box(_source(background).pages[number - 1].trimbox)
    return (x0 + x1) / 2, (y0 + y1) / 2


def _box(box: pikepdf.Array) -> list[float]:
    """A box normalised (pikepdf gives a page's CropBox, or MediaBox, for a box it has not)."""
    x0, y0, x1, y1 = (float(value) for value in box)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _numbers(values: tuple[float, ...]) -> bytes:
    return b" ".join(b"%.3f" % value for value in values)
