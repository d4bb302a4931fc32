"""Reading a PDF for preflight: opening it, and measuring what each page draws (fonts,
strokes, colour, images and text sizes).

pypdf reads the content stream (`read_page_content`); PDFium tells where images and characters
end up (`placed_images`, `text_sizes`), every transformation applied.

The content-stream walk follows the page's content and every form XObject it draws (with the
form's matrix), keeping the graphics state that matters here (saved by `q`, restored by `Q`): the
current transformation matrix (`cm`), the line width (`w`, or `/LW` in an ExtGState set with
`gs`), whether the fill and stroke colours are RGB, and the text render mode.

Approximations, on purpose:
- a stroke's width on paper is its line width times the square root of the CTM's determinant
  (the mean scale): exact for uniform scales and rotations, an average when x and y are scaled
  differently; a line width of 0 (the thinnest line the device can draw) counts as 0 pt; only
  paths that are stroked and not filled (`S`, `s`) count: a filled shape with a thin outline
  (`B`, `b`, such as bar code bars with `0 w`) cannot vanish on the press;
- tiling patterns, Type 3 glyph procedures, text drawn in a stroking render mode and annotation
  appearances (form fields, comments) are not walked;
- RGB colour is counted where it paints: fills, strokes and text shown while the colour is RGB
  (`rg`/`RG`, or `cs`/`CS` selecting an RGB space), RGB shadings (`sh`) and images (XObjects and
  inline images). A colour set and replaced before anything is painted does not count (ReportLab
  sets `0 0 0 rg` in many places). Separation and DeviceN colours (spot colours) are not RGB
  even when their alternate space is; patterns' own colours are not looked at.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pypdf import PageObject, PasswordType, PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
STROKING = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
FILLING = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
SHOWING_TEXT = {b"Tj", b"TJ", b"'", b'"'}
SETS_FILL = {b"rg": True, b"g": False, b"k": False}  # operator → the fill colour is RGB
SETS_STROKE = {b"RG": True, b"G": False, b"K": False}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
RGB_NAMES = {"/DeviceRGB", "/RGB", "/CalRGB"}
MAX_FORM_DEPTH = 12  # forms drawing forms: deeper than this is a broken or hostile file


class PreflightError(Exception):
    """The file cannot be preflighted: it is not a PDF, or is damaged or locked beyond reading."""


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Foreign files make pypdf warn and log about every oddity it repairs; the report is our
    output, so both are silenced while we read."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def open_pdf(path: Path) -> tuple[PdfReader, pdfium.PdfDocument]:
    """The file read by pypdf and by PDFium; PreflightError when it is not a readable PDF."""
    try:
        with path.open("rb") as file:
            start = file.read(1024)
    except OSError as exc:
        raise PreflightError(f"cannot read the file ({exc.strerror})") from None
    if b"%PDF-" not in start:
        raise PreflightError("not a PDF (it does not start with '%PDF-')")
    # Anything a parser raises on a damaged file means the same to the user: unreadable.
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PreflightError("the PDF is encrypted and needs a password")
        len(reader.pages)
    except PreflightError:
        raise
    except Exception as exc:
        raise PreflightError(f"not a readable PDF ({reason(exc)})") from None
    try:
        document = pdfium.PdfDocument(str(path))
    except Exception as exc:
        raise PreflightError(f"not a readable PDF ({reason(exc)})") from None
    return reader, document


@dataclass
class PageContent:
    """What a page's content stream draws, as far as preflight cares."""

    fonts: dict[str, bool] = field(default_factory=dict)  # font name → its program is embedded
    stroke_widths: list[float] = field(default_factory=list)  # of S and s, in points on the page
    rgb_paints: int = 0  # fills, strokes, text and shadings painted in an RGB colour
    rgb_images: int = 0


@dataclass
class _GraphicsState:
    ctm: Matrix = IDENTITY
    line_width: float = 1.0
    fill_rgb: bool = False  # the initial colours are DeviceGray black
    stroke_rgb: bool = False
    text_mode: int = 0  # the render mode modulo 4: 0 fill, 1 stroke, 2 both, 3 invisible


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
        resources = _resolve(page.get("/Resources"))
        _walk(stream.operations, resources, _GraphicsState(), content, reader, 0)
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
    state: _GraphicsState,
    content: PageContent,
    reader: PdfReader,
    depth: int,
) -> None:
    resources = resources or DictionaryObject()
    stack: list[_GraphicsState] = []
    for operands, operator in operations:
        if operator == b"q":
            stack.append(replace(state))
        elif operator == b"Q":
            state = stack.pop() if stack else state
        elif operator == b"cm" and len(operands) == 6:
            state.ctm = _multiply(tuple(float(x) for x in operands), state.ctm)
        elif operator == b"w" and operands:
            state.line_width = float(operands[0])
        elif operator == b"gs" and operands:
            extgstate = _named_resource(resources, "/ExtGState", operands[0])
            if extgstate is not None and "/LW" in extgstate:
                state.line_width = float(extgstate["/LW"])
        elif operator in SETS_FILL:
            state.fill_rgb = SETS_FILL[operator]
        elif operator in SETS_STROKE:
            state.stroke_rgb = SETS_STROKE[operator]
        elif operator == b"cs" and operands:
            state.fill_rgb = is_rgb(operands[0], resources)
        elif operator == b"CS" and operands:
            state.stroke_rgb = is_rgb(operands[0], resources)
        elif operator == b"Tr" and operands:
            state.text_mode = int(operands[0]) % 4
        elif operator in FILLING or operator in STROKING:
            if operator in (b"S", b"s"):  # filled and stroked, the fill carries the shape
                content.stroke_widths.append(state.line_width * _mean_scale(state.ctm))
            content.rgb_paints += (operator in FILLING and state.fill_rgb) or (
                operator in STROKING and state.stroke_rgb
            )
        elif operator in SHOWING_TEXT:
            content.rgb_paints += (state.text_mode in (0, 2) and state.fill_rgb) or (
                state.text_mode in (1, 2) and state.stroke_rgb
            )
        elif operator == b"sh" and operands:
            shading = _named_resource(resources, "/Shading", operands[0])
            if shading is not None:
                content.rgb_paints += is_rgb(shading.get("/ColorSpace"), resources)
        elif operator == b"Tf" and operands:
            font = _named_resource(resources, "/Font", operands[0])
            if font is not None:
                name = str(font.get("/BaseFont") or operands[0]).lstrip("/")
                content.fonts[name] = content.fonts.get(name, True) and font_is_embedded(font)
        elif operator == b"INLINE IMAGE":
            settings = operands.get("settings", {})
            _paint_image(
                settings,
                settings.get("/IM", settings.get("/ImageMask")),
                "/CS",
                resources,
                state,
                content,
            )
        elif operator == b"Do" and operands:
            _draw_xobject(operands[0], resources, state, content, reader, depth)


def _draw_xobject(
    name: Any,
    resources: DictionaryObject,
    state: _GraphicsState,
    content: PageContent,
    reader: PdfReader,
    depth: int,
) -> None:
    xobject = _named_resource(resources, "/XObject", name)
    if xobject is None:
        return
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        _paint_image(xobject, xobject.get("/ImageMask"), "/ColorSpace", resources, state, content)
    elif subtype == "/Form" and depth < MAX_FORM_DEPTH:
        matrix = _resolve(xobject.get("/Matrix"))
        form_matrix = tuple(float(x) for x in matrix) if matrix and len(matrix) == 6 else IDENTITY
        form_resources = _resolve(xobject.get("/Resources")) or resources
        operations = ContentStream(xobject, reader).operations
        inside = replace(state, ctm=_multiply(form_matrix, state.ctm))  # a form is drawn in q…Q
        _walk(operations, form_resources, inside, content, reader, depth + 1)


def _paint_image(
    image: DictionaryObject,
    stencil: Any,
    space_key: str,
    resources: DictionaryObject,
    state: _GraphicsState,
    content: PageContent,
) -> None:
    """An image in RGB; a stencil mask is painted in the current fill colour instead."""
    if stencil:
        content.rgb_paints += state.fill_rgb
    else:
        space = image.get(space_key, image.get("/ColorSpace"))
        content.rgb_images += is_rgb(space, resources)


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


def reason(exc: Exception) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__
