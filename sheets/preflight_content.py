"""Reading a page's content stream for preflight: fonts used, stroke widths and RGB colour.

The walk follows the page's content and every form XObject it draws (with the form's matrix),
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
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _mean_scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
