"""The shop's logo on the covers: a photo's pixels, or an SVG's shapes (read by
`catalog/vector.py`) scaled to their place, clipped to it, their colours in CMYK for the press."""

from __future__ import annotations

import copy

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color
from reportlab.platypus import Flowable, Spacer

from ..catalog.vector import is_vector, read_svg, shapes
from ..model import Catalog
from ..style.colors import rgb_to_cmyk
from .context import LayoutContext
from .photo import fitted_photo
from .tagging import Marked
from .tags import Tag


def vector_logo(
    svg: Drawing, width: float, height: float, ctx: LayoutContext, alt: str
) -> Flowable:
    """The logo's drawing scaled to fit and clipped to its box, its colours in CMYK for the
    press, and the theme's font as the one it starts with (ReportLab would name an unembedded
    Helvetica, even unused)."""
    drawing = copy.deepcopy(svg)
    scale = min(width / drawing.width, height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.initialFontName = ctx.theme.text_font
    # Its first colours, which ReportLab would give in RGB (shape checking knows only the font).
    ink = ctx.theme.colors["ink"]
    drawing.__dict__.update(initialFillColor=ink, initialStrokeColor=ink)
    if ctx.profile.cmyk:
        for node in shapes(drawing):
            for name in ("fillColor", "strokeColor"):
                color = getattr(node, name, None)
                if isinstance(color, Color) and not isinstance(color, CMYKColor):
                    setattr(node, name, rgb_to_cmyk(color))
    return Marked(ClippedDrawing(drawing), Tag("Figure", alt=alt))


def logo_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """The shop's logo, as large as the theme lets it be, and the space under it; nothing
    without one. An SVG is drawn as its shapes."""
    if catalog.logo is None:
        return []
    sizes = ctx.theme.brochure
    width, height = ctx.theme.frame_width * sizes.logo_width_share, sizes.logo_height
    if is_vector(catalog.logo):
        logo: Flowable = vector_logo(read_svg(catalog.logo), width, height, ctx, catalog.logo_alt)
    else:
        logo = fitted_photo(catalog.logo, width, height, ctx.profile, catalog.logo_alt)
    return [logo, Spacer(0, sizes.logo_space)]


class ClippedDrawing(Flowable):
    """A drawing that shows nothing outside its box: an SVG's shapes may run past its viewBox,
    which svglib does not clip, across the page."""

    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing, self.hAlign = drawing, "LEFT"
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        box = canvas.beginPath()
        box.rect(0, 0, self.width, self.height)
        canvas.clipPath(box, stroke=0, fill=0)
        renderPDF.draw(self.drawing, canvas, 0, 0)
        canvas.restoreState()
