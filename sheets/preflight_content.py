"""What a page draws, measured for preflight: fonts, strokes, colour, images and text sizes.

pypdf reads the content stream (`read_page_content`); PDFium tells where images and characters
end up (`placed_images`, `text_sizes`), every transformation applied.

The content-stream walk follows the page's content and every form XObject it draws (with the form's matrix),
keeping the graphics state that matters here: the current transformation matrix (`cm`, `q`/`Q`)
and the line width (`w`, or `/LW` in an ExtGState set with `gs`).

Approximations, on purpose:
- a stroke's width on paper is its line width times the square root of the CTM's determinant
  (the mean scale): exact for uniform scales and rotations, an average when x and y are scaled
  differently; a line width of 0 (the thinnest line the device can draw) counts as 0 pt;
- tiling patterns, Type 3 glyph procedures, text drawn in a stroking render mode and annotation
  appearances (form fields, comments) are not walked;
- RGB colour is noticed where it is chosen: `rg`/`RG`, `cs`/`CS` selecting an RGB space, shadings
  (`sh`) and images (XObjects and inline images) in an RGB space. Separation and DeviceN colours
  (spot colours) are not RGB even when their alternate space is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
STROKING_OPERATORS = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
RGB_NAMES = {"/DeviceRGB", "/RGB", "/CalRGB"}
MAX_FORM_DEPTH = 12  # forms drawing forms: deeper than this is a broken or hostile file


@dataclass
class PageContent:
    """What a page's content stream draws, as far as preflight cares."""

    fonts: dict[str, bool] = field(default_factory=dict)  # font name → its program is embedded
    stroke_widths: list[float] = field(default_factory=list)  # in points, as placed on the page
    rgb_operators: int = 0  # rg, RG, cs/CS selecting RGB, sh with an RGB shading
    rgb_images: int = 0


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
    for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
        a, b, c, d, _, _ = _placed_matrix(image)
        size = (math.hypot(a, b), math.hypot(c, d))
        if min(size) >= 0.5:  # smaller is invisible: nothing to print
            found.append(PlacedImage(image.get_px_size(), size))
    return found


def text_sizes(page: pdfium.PdfPage) -> list[float]:
    """The size in points of every visible character as placed: PDFium's font size times the
    vertical scale of the character's matrix (the font size alone ignores `cm` and `Tm`)."""
    text = page.get_textpage()
    raw, lib = text.raw, pdfium.raw
    matrix = lib.FS_MATRIX()
    sizes = []
    for index in range(text.count_chars()):
        if (
            lib.FPDFText_IsGenerated(raw, index)
            or chr(lib.FPDFText_GetUnicode(raw, index)).isspace()
        ):
            continue
        scale = math.hypot(matrix.c, matrix.d) if lib.FPDFText_GetMatrix(raw, index, matrix) else 1
        text_object = lib.FPDFText_GetTextObject(raw, index)
        # Render mode 3 (an OCR layer over a scan, for instance) is never printed.
        if text_object and (
            lib.FPDFTextObj_GetTextRenderMode(text_object) == lib.FPDF_TEXTRENDERMODE_INVISIBLE
        ):
            continue
        sizes.append(lib.FPDFText_GetFontSize(raw, index) * scale)
    text.close()
    return sizes


def read_page_content(page: PageObject, reader: PdfReader) -> PageContent:
    """Walk the page's content (and the forms it draws); raises on an unreadable stream."""
    content = PageContent()
    stream = page.get_contents()
    if stream is not None:
        _walk(stream.operations, _resolve(page.get("/Resources")), IDENTITY, content, reader, 0)
    return content


def font_is_embedded(font: DictionaryObject) -> bool:
    """Whether the font's program is in the file (Type 3 glyphs always are; Type 0 via its
    descendant font's descriptor)."""
    if font.get("/Subtype") == "/Type3":
        return True
    described = font
    descendants = _resolve(font.get("/DescendantFonts"))
    if descendants:
        described = _resolve(descendants[0])
    descriptor = _resolve(described.get("/FontDescriptor")) or {}
    return any(key in descriptor for key in FONT_FILES)


def is_rgb(space: Any, resources: DictionaryObject | None, depth: int = 0) -> bool:
    """Whether a colour space (a name, a named resource or an array) is an RGB one."""
    space = _resolve(space)
    if depth > 4 or space is None:
        return False
    if isinstance(space, ArrayObject):
        if not space:
            return False
        family = space[0]
        if family == "/ICCBased":
            return len(space) > 1 and _resolve(_resolve(space[1]).get("/N")) == 3
        if family in ("/Indexed", "/I"):
            return len(space) > 1 and is_rgb(space[1], resources, depth + 1)
        return family == "/CalRGB"
    if space in RGB_NAMES:
        return True
    named = _resolve(_resolve((resources or {}).get("/ColorSpace")) or {}).get(space)
    return named is not None and is_rgb(named, resources, depth + 1)


def page_box(page: PageObject, name: str) -> tuple[float, float, float, float] | None:
    """The page's own box (normalised: left, bottom, right, top), None when absent or broken."""
    value = page.get(name)
    value = value.get_object() if value is not None else None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def trim_size(page: PageObject) -> tuple[float, float]:
    """The page's trim size in points as it is viewed: TrimBox, else MediaBox, after /Rotate."""
    box = page_box(page, "/TrimBox") or page_box(page, "/MediaBox") or (0, 0, 0, 0)
    width, height = box[2] - box[0], box[3] - box[1]
    return (height, width) if page.rotation % 180 == 90 else (width, height)


def _walk(
    operations: list,
    resources: DictionaryObject | None,
    ctm: Matrix,
    content: PageContent,
    reader: PdfReader,
    depth: int,
) -> None:
    resources = resources or DictionaryObject()
    stack: list[tuple[Matrix, float]] = []
    line_width = 1.0
    for operands, operator in operations:
        if operator == b"q":
            stack.append((ctm, line_width))
        elif operator == b"Q":
            if stack:
                ctm, line_width = stack.pop()
        elif operator == b"cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(x) for x in operands), ctm)
        elif operator == b"w" and operands:
            line_width = float(operands[0])
        elif operator == b"gs" and operands:
            state = _named_resource(resources, "/ExtGState", operands[0])
            if state is not None and "/LW" in state:
                line_width = float(state["/LW"])
        elif operator in STROKING_OPERATORS:
            content.stroke_widths.append(line_width * _mean_scale(ctm))
        elif operator in (b"rg", b"RG"):
            content.rgb_operators += 1
        elif operator in (b"cs", b"CS") and operands:
            content.rgb_operators += is_rgb(operands[0], resources)
        elif operator == b"sh" and operands:
            shading = _named_resource(resources, "/Shading", operands[0])
            if shading is not None:
                content.rgb_operators += is_rgb(shading.get("/ColorSpace"), resources)
        elif operator == b"Tf" and operands:
            font = _named_resource(resources, "/Font", operands[0])
            if font is not None:
                name = str(font.get("/BaseFont") or operands[0]).lstrip("/")
                content.fonts[name] = content.fonts.get(name, True) and font_is_embedded(font)
        elif operator == b"INLINE IMAGE":
            settings = operands.get("settings", {})
            space = settings.get("/CS", settings.get("/ColorSpace"))
            content.rgb_images += is_rgb(space, resources)
        elif operator == b"Do" and operands:
            _draw_xobject(operands[0], resources, ctm, content, reader, depth)


def _draw_xobject(
    name: Any,
    resources: DictionaryObject,
    ctm: Matrix,
    content: PageContent,
    reader: PdfReader,
    depth: int,
) -> None:
    xobject = _named_resource(resources, "/XObject", name)
    if xobject is None:
        return
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        if not xobject.get("/ImageMask"):  # a stencil mask is painted in the fill colour
            content.rgb_images += is_rgb(xobject.get("/ColorSpace"), resources)
    elif subtype == "/Form" and depth < MAX_FORM_DEPTH:
        matrix = _resolve(xobject.get("/Matrix"))
        form_matrix = tuple(float(x) for x in matrix) if matrix and len(matrix) == 6 else IDENTITY
        form_resources = _resolve(xobject.get("/Resources")) or resources
        operations = ContentStream(xobject, reader).operations
        _walk(operations, form_resources, _multiply(form_matrix, ctm), content, reader, depth + 1)


def _placed_matrix(page_object: pdfium.PdfObject) -> tuple[float, ...]:
    matrix = page_object.get_matrix()
    container = page_object.container
    while container is not None:
        matrix = matrix.multiply(container.get_matrix())
        container = container.container
    return matrix.get()


def _named_resource(resources: DictionaryObject, kind: str, name: Any) -> DictionaryObject | None:
    found = _resolve(_resolve(resources.get(kind)) or {}).get(name)
    found = _resolve(found)
    return found if isinstance(found, DictionaryObject) else None


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: m applied first, then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _mean_scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
