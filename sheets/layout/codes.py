"""Machine-readable codes: a QR code of the product's page and its EAN-13 bar code."""

from __future__ import annotations

from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.shapes import Drawing

from ..style.theme import Theme
from .tagging import Marked
from .tags import Tag


def qr_code(url: str, theme: Theme, labels: dict) -> Marked:
    """A QR code of `url`, the theme's `qr_size` square including its quiet zone; to a reader,
    a figure that says the address it holds."""
    black = theme.colors["black"]
    drawing = createBarcodeDrawing(
        "QR",
        value=url,
        width=theme.product.qr_size,
        height=theme.product.qr_size,
        barBorder=theme.product.qr_border,
        barFillColor=black,
        barStrokeColor=black,
    )
    alt = labels["qr_alt"].format(url=url)
    return Marked(_with_theme_font(drawing, theme), Tag("Figure", alt=alt))


def ean13_barcode(code: str, theme: Theme, labels: dict) -> Marked:
    """An EAN-13 bar code with its 13 digits under it; to a reader, a figure that says them."""
    # The digits would be set in ReportLab's own Helvetica, which is never embedded.
    drawing = createBarcodeDrawing(
        "EAN13",
        value=code[:12],
        barHeight=theme.product.ean_bar_height,
        fontName=theme.display_font,
        fontSize=theme.product.ean_text_size,
        humanReadable=1,
        barFillColor=theme.colors["black"],
        barStrokeColor=theme.colors["black"],
        textColor=theme.colors["black"],
    )
    alt = labels["barcode_alt"].format(digits=code)
    return Marked(_with_theme_font(drawing, theme), Tag("Figure", alt=alt))


def _with_theme_font(drawing: Drawing, theme: Theme) -> Drawing:
    # A drawing starts from Helvetica (unembedded) unless given an initial font of its own.
    drawing.initialFontName = theme.display_font
    drawing.initialFontSize = theme.product.ean_text_size
    # Nor would it start from the theme's black (RGB on the press); its attribute map does not
    # list these two, which the renderer reads all the same.
    drawing.__dict__.update(
        initialFillColor=theme.colors["black"], initialStrokeColor=theme.colors["black"]
    )
    return drawing
