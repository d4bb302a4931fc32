"""What PDFium says a page places where, every transformation applied: the images with their
pixels and their size on the page, and the size of the text as printed.

The page's objects are walked with PDFium's own functions, not pypdfium2's objects: a page of
text holds a few hundred objects, and an object of pypdfium2 costs more than reading it."""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium

from .content import Matrix, multiply

_LIB = pdfium.raw
MAX_DEPTH = 15  # forms in forms looked into, as pypdfium2's get_objects does by default


@dataclass(frozen=True)
class PlacedImage:
    pixels: tuple[int, int]
    placed_pt: tuple[float, float]  # width and height on the page

    @property
    def ppi(self) -> float:
        """Pixels per inch at the placed size, along the less dense axis."""
        return min(px / (pt / 72) for px, pt in zip(self.pixels, self.placed_pt, strict=True))


def placed_images(page: pdfium.PdfPage) -> list[PlacedImage]:
    """Every image drawn on the page (inside forms too), with its size from its full matrix:
    the bounding box would overstate a rotated image, and PDFium gives objects inside a form
    in the form's own space."""
    found = []
    for image, (a, b, c, d, _, _) in _objects(page, _LIB.FPDF_PAGEOBJ_IMAGE):
        size = (math.hypot(a, b), math.hypot(c, d))
        if min(size) >= 0.5:  # smaller is invisible: nothing to print
            width, height = ctypes.c_uint(), ctypes.c_uint()
            if not _LIB.FPDFImageObj_GetImagePixelSize(image, width, height):
                raise pdfium.PdfiumError("Failed to get image size.")
            found.append(PlacedImage((width.value, height.value), size))
    return found


def text_sizes(page: pdfium.PdfPage, under: float) -> list[float]:
    """The size in points, as placed, of every visible character smaller than `under`: each text
    object's font size times the vertical scale of its full matrix (the font size alone ignores
    `cm` and `Tm`), once for each character it shows but spaces."""
    sizes: list[float] = []
    textpage = None
    for text, (_, b, _, d, _, _) in _objects(page, _LIB.FPDF_PAGEOBJ_TEXT):
        # Render mode 3 (an OCR layer over a scan, for instance) is never printed.
        if _LIB.FPDFTextObj_GetTextRenderMode(text) == _LIB.FPDF_TEXTRENDERMODE_INVISIBLE:
            continue
        size = ctypes.c_float(0)
        if not _LIB.FPDFTextObj_GetFontSize(text, size):
            continue
        placed = size.value * math.hypot(b, d)
        if placed >= under:
            continue
        textpage = textpage or page.get_textpage()
        sizes += [placed] * sum(not ch.isspace() for ch in _object_text(text, textpage))
    if textpage is not None:
        textpage.close()
    return sizes


def _objects(page: pdfium.PdfPage, kind: int) -> Iterator[tuple[object, Matrix]]:
    """The page's objects of a kind (`FPDF_PAGEOBJ_…`), inside forms too, each with its full
    matrix (its own, then its forms', innermost first)."""
    yield from _walk(page.raw, _LIB.FPDFPage_CountObjects, _LIB.FPDFPage_GetObject, kind, [], 0)


def _walk(parent, count, get, kind: int, forms: list[Matrix], level: int):
    number = count(parent)
    if number < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for index in range(number):
        handle = get(parent, index)
        if not handle:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        found = _LIB.FPDFPageObj_GetType(handle)
        if found == _LIB.FPDF_PAGEOBJ_UNKNOWN:
            raise pdfium.PdfiumError("Failed to determine pageobject type.")
        if found == kind:
            matrix = _matrix(handle)
            for form in forms:
                matrix = multiply(matrix, form)
            yield handle, matrix
        if found == _LIB.FPDF_PAGEOBJ_FORM and level < MAX_DEPTH - 1:
            inside = [_matrix(handle), *forms]
            count_inside, get_inside = _LIB.FPDFFormObj_CountObjects, _LIB.FPDFFormObj_GetObject
            yield from _walk(handle, count_inside, get_inside, kind, inside, level + 1)


def _matrix(handle) -> Matrix:
    raw = _LIB.FS_MATRIX()
    if not _LIB.FPDFPageObj_GetMatrix(handle, raw):
        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
    return (raw.a, raw.b, raw.c, raw.d, raw.e, raw.f)


def _object_text(text, textpage: pdfium.PdfTextPage) -> str:
    """The characters a text object shows (PDFium's own reading of its string)."""
    length = _LIB.FPDFTextObj_GetText(text, textpage.raw, None, 0)
    if length <= 2:
        return ""
    buffer = (ctypes.c_ushort * (length // 2))()
    _LIB.FPDFTextObj_GetText(text, textpage.raw, buffer, length)
    return bytes(buffer)[: length - 2].decode("utf-16-le", errors="ignore")
