"""Reading a PDF for preflight: opening it, and measuring what each page draws (fonts,
strokes, colour, images).

qpdf (through pikepdf) reads the content stream (`read_page_content`); PDFium tells where images
and text end up (`placed.py`), every transformation applied.

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

import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
STROKING = {"S", "s", "B", "B*", "b", "b*"}
FILLING = {"f", "F", "f*", "B", "B*", "b", "b*"}
PAINTING = FILLING | STROKING
SHOWING_TEXT = {"Tj", "TJ", "'", '"'}
SETS_FILL = {"rg": True, "g": False, "k": False}  # operator → the fill colour is RGB
SETS_STROKE = {"RG": True, "G": False, "K": False}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
RGB_NAMES = {"/DeviceRGB", "/RGB", "/CalRGB"}
MAX_FORM_DEPTH = 12  # forms drawing forms: deeper than this is a broken or hostile file
_DICTIONARIES = (pikepdf.Dictionary, pikepdf.Stream)
_WALKED = " ".join(
    sorted(
        {"q", "Q", "cm", "w", "gs", "cs", "CS", "Tr", "sh", "Tf", "Do", "BI", "ID", "EI"}
        | STROKING
        | FILLING
        | SHOWING_TEXT
        | set(SETS_FILL)
        | set(SETS_STROKE)
    )
)


class PreflightError(Exception):
    """The file cannot be preflighted: it is not a PDF, or is damaged or locked beyond reading."""


def open_pdf(source: Path | bytes) -> tuple[pikepdf.Pdf, pdfium.PdfDocument]:
    """The file (or its bytes) read by qpdf and by PDFium; PreflightError when it is not a
    readable PDF."""
    try:
        if isinstance(source, bytes):
            start = source[:1024]
        else:
            with source.open("rb") as file:
                start = file.read(1024)
    except OSError as exc:
        raise PreflightError(f"cannot read the file ({exc.strerror})") from None
    if b"%PDF-" not in start:
        raise PreflightError("not a PDF (it does not start with '%PDF-')")
    # Anything a parser raises on a damaged file means the same to the user: unreadable.
    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
        len(pdf.pages)
    except pikepdf.PasswordError:
        raise PreflightError("the PDF is encrypted and needs a password") from None
    except Exception as exc:
        raise PreflightError(f"not a readable PDF ({reason(exc)})") from None
    try:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except Exception as exc:
        pdf.close()
        raise PreflightError(f"not a readable PDF ({reason(exc)})") from None
    return pdf, document


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

    def copied(self) -> _GraphicsState:  # what `q` saves: a page saves it hundreds of times
        return _GraphicsState(
            self.ctm, self.line_width, self.fill_rgb, self.stroke_rgb, self.text_mode
        )


def read_page_content(page: pikepdf.Page) -> PageContent:
    """Walk the page's content (and the forms it draws); raises on an unreadable stream."""
    content = PageContent()
    if "/Contents" in page.obj:
        resources = _inherited(page.obj, "/Resources")
        _walk(_operations(page.obj), resources, _GraphicsState(), content, 0)
    return content


def font_is_embedded(font: pikepdf.Dictionary) -> bool:
    """Whether the font's program is in the file (Type 3 glyphs always are; Type 0 via its
    descendant font's descriptor)."""
    if font.get("/Subtype") == "/Type3":
        return True
    described = font
    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        described = descendants[0]
    descriptor = (
        described.get("/FontDescriptor") if isinstance(described, pikepdf.Dictionary) else None
    )
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in FONT_FILES
    )


def is_rgb(space: Any, resources: pikepdf.Dictionary | None, depth: int = 0) -> bool:
    """Whether a colour space (a name, a named resource or an array) is an RGB one."""
    if depth > 4 or space is None:
        return False
    if isinstance(space, pikepdf.Array):
        if not len(space):
            return False
        family = space[0]
        if family == "/ICCBased":
            profile = space[1] if len(space) > 1 else None
            return isinstance(profile, pikepdf.Stream) and profile.get("/N") == 3
        if family in ("/Indexed", "/I"):
            return len(space) > 1 and is_rgb(space[1], resources, depth + 1)
        return family == "/CalRGB"
    if not isinstance(space, pikepdf.Name):
        return False
    if space in RGB_NAMES:
        return True
    named = named_resource(resources, "/ColorSpace", space, (pikepdf.Array, pikepdf.Name))
    return named is not None and is_rgb(named, resources, depth + 1)


def page_box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float] | None:
    """The page's box (normalised: left, bottom, right, top), inherited for the MediaBox, None
    when absent or broken."""
    value = _inherited(page.obj, name) if name == "/MediaBox" else page.obj.get(name)
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def trim_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page's trim size in points as it is viewed: TrimBox, else MediaBox, after /Rotate."""
    box = page_box(page, "/TrimBox") or page_box(page, "/MediaBox") or (0, 0, 0, 0)
    width, height = box[2] - box[0], box[3] - box[1]
    try:
        rotation = int(_inherited(page.obj, "/Rotate") or 0)
    except (TypeError, ValueError):
        rotation = 0
    return (height, width) if rotation % 180 == 90 else (width, height)


def _operations(drawing: pikepdf.Object) -> list:
    """The operations of a content stream that `_walk` looks at: qpdf leaves out the others
    (moving text, building paths), which are most of a page of text."""
    return pikepdf.parse_content_stream(drawing, _WALKED)


def _walk(
    operations: list,
    resources: pikepdf.Dictionary | None,
    state: _GraphicsState,
    content: PageContent,
    depth: int,
) -> None:
    stack: list[_GraphicsState] = []
    fonts: dict[str, tuple[str, bool]] = {}  # a font resource's name and whether it is embedded
    # An instruction's attributes, not the instruction unpacked: that is several times slower.
    for instruction in operations:
        operator = str(instruction.operator)
        if operator == "q":
            stack.append(state.copied())
        elif operator == "Q":
            state = stack.pop() if stack else state
        elif operator in SHOWING_TEXT:
            content.rgb_paints += (state.text_mode in (0, 2) and state.fill_rgb) or (
                state.text_mode in (1, 2) and state.stroke_rgb
            )
        elif operator in SETS_FILL:
            state.fill_rgb = SETS_FILL[operator]
        elif operator in SETS_STROKE:
            state.stroke_rgb = SETS_STROKE[operator]
        elif not (operands := instruction.operands) and operator not in PAINTING:
            continue  # an operator that wants operands, without them
        elif operator == "cm" and len(operands) == 6:
            state.ctm = multiply(tuple(float(x) for x in operands), state.ctm)
        elif operator == "w":
            state.line_width = float(operands[0])
        elif operator == "gs":
            extgstate = named_resource(resources, "/ExtGState", operands[0])
            if extgstate is not None and "/LW" in extgstate:
                state.line_width = float(extgstate["/LW"])
        elif operator == "cs":
            state.fill_rgb = is_rgb(operands[0], resources)
        elif operator == "CS":
            state.stroke_rgb = is_rgb(operands[0], resources)
        elif operator == "Tr":
            state.text_mode = int(operands[0]) % 4
        elif operator in FILLING or operator in STROKING:
            if operator in ("S", "s"):  # filled and stroked, the fill carries the shape
                content.stroke_widths.append(state.line_width * _mean_scale(state.ctm))
            content.rgb_paints += (operator in FILLING and state.fill_rgb) or (
                operator in STROKING and state.stroke_rgb
            )
        elif operator == "sh":
            shading = named_resource(resources, "/Shading", operands[0])
            if shading is not None:
                content.rgb_paints += is_rgb(shading.get("/ColorSpace"), resources)
        elif operator == "Tf" and isinstance(operands[0], pikepdf.Name):
            key = str(operands[0])
            if key not in fonts:  # a page sets its few fonts again and again
                fonts[key] = _font(resources, operands[0])
            if fonts[key] is not None:
                name, embedded = fonts[key]
                content.fonts[name] = content.fonts.get(name, True) and embedded
        elif operator == "INLINE IMAGE":
            settings = operands[0].obj
            stencil = settings.get("/IM", settings.get("/ImageMask"))
            _paint_image(settings, stencil, "/CS", resources, state, content)
        elif operator == "Do":
            _draw_xobject(operands[0], resources, state, content, depth)


def _font(resources: pikepdf.Dictionary | None, name: Any) -> tuple[str, bool] | None:
    """A font resource's name and whether its program is embedded; None if there is none."""
    font = named_resource(resources, "/Font", name)
    if font is None:
        return None
    return str(font.get("/BaseFont") or name).lstrip("/"), font_is_embedded(font)


def _draw_xobject(
    name: Any,
    resources: pikepdf.Dictionary | None,
    state: _GraphicsState,
    content: PageContent,
    depth: int,
) -> None:
    xobject = named_resource(resources, "/XObject", name)
    if not isinstance(xobject, pikepdf.Stream):
        return
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        _paint_image(xobject, xobject.get("/ImageMask"), "/ColorSpace", resources, state, content)
    elif subtype == "/Form" and depth < MAX_FORM_DEPTH:
        matrix = xobject.get("/Matrix")
        form_matrix = (
            tuple(float(x) for x in matrix)
            if isinstance(matrix, pikepdf.Array) and len(matrix) == 6
            else IDENTITY
        )
        form_resources = xobject.get("/Resources")
        if not isinstance(form_resources, pikepdf.Dictionary):
            form_resources = resources
        inside = replace(state, ctm=multiply(form_matrix, state.ctm))  # a form is drawn in q…Q
        _walk(_operations(xobject), form_resources, inside, content, depth + 1)


def _paint_image(
    image: pikepdf.Dictionary,
    stencil: Any,
    space_key: str,
    resources: pikepdf.Dictionary | None,
    state: _GraphicsState,
    content: PageContent,
) -> None:
    """An image in RGB; a stencil mask is painted in the current fill colour instead."""
    if stencil:
        content.rgb_paints += state.fill_rgb
    else:
        space = image.get(space_key, image.get("/ColorSpace"))
        content.rgb_images += is_rgb(space, resources)


def named_resource(
    resources: Any, kind: str, name: Any, types: tuple[type, ...] = _DICTIONARIES
) -> Any:
    """The resource `name` of `kind` (/Font, /XObject…) in a resource dictionary, if it is one of
    `types` (a dictionary or a stream, unless told otherwise); None otherwise."""
    if not isinstance(resources, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
        return None
    group = resources.get(kind)
    found = group.get(name) if isinstance(group, pikepdf.Dictionary) else None
    return found if isinstance(found, types) else None


def _inherited(page: pikepdf.Dictionary, key: str) -> Any:
    """A page attribute, from the page or the page tree above it (MediaBox, Resources, Rotate)."""
    node, seen = page, 0
    while isinstance(node, pikepdf.Dictionary) and seen < 64:
        if key in node:
            return node[key]
        node, seen = node.get("/Parent"), seen + 1
    return None


def multiply(m: Matrix, n: Matrix) -> Matrix:
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
