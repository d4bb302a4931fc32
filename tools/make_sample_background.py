"""Write images/letterhead.pdf: a designer's page background for the sample catalog, the kind a
catalog names in `catalog.theme.background`.

Run from the repository root (the output is deterministic):

    python tools/make_sample_background.py

Two A4 pages with the 3 mm bleed (216 × 303 mm), in CMYK, their one font embedded: page 1, for
the first page of each output, a band of the accent colour down the left edge with the shop's
name in it and a gold rule beside it; page 2, for the other pages, a narrower band and its rule.
Both stay in the 18 mm margin, clear of the text.
"""

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "images" / "letterhead.pdf"
FONT = ROOT / "sheets" / "style" / "fonts" / "lato" / "Lato-Bold.ttf"
BLEED = 3 * mm
ACCENT = CMYKColor(0, 0.80, 0.75, 0.45)  # the sample theme's accent, as the press inks it
GOLD = CMYKColor(0, 0.22, 0.60, 0.22)
PAPER = CMYKColor(0, 0, 0, 0)
NAME = "TRÉSOR DU PATRIMOINE  ·  FRAPPÉES EN FRANCE DEPUIS 1880"


def page(canvas: Canvas, band: float, name: bool) -> None:
    """A band `band` wide (from the trim's left edge) down the page, its rule beside it."""
    height = canvas._pagesize[1]
    canvas.setFillColor(ACCENT)
    canvas.rect(0, 0, BLEED + band, height, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.75)
    canvas.line(BLEED + band + 1.5 * mm, 0, BLEED + band + 1.5 * mm, height)
    if name:
        canvas.saveState()
        canvas.translate(BLEED + band / 2 + 1.2 * mm, BLEED + 24 * mm)
        canvas.rotate(90)
        canvas.setFillColor(PAPER)
        canvas.setFont("Lato-Bold", 7)
        canvas.drawString(0, 0, NAME, charSpace=1.2)
        canvas.restoreState()
    canvas.showPage()


def main() -> None:
    # Its subset's codes as the glyphs' order, as the tool's own: with ReportLab's "readable"
    # codes, Ghostscript's PDF/X conversion loses the accented letters' text (É).
    rl_config.ttfAsciiReadable = 0
    pdfmetrics.registerFont(TTFont("Lato-Bold", str(FONT)))
    size = (A4[0] + 2 * BLEED, A4[1] + 2 * BLEED)
    # The canvas's own first font would be an unembedded Helvetica: a press refuses it.
    canvas = Canvas(str(TARGET), pagesize=size, invariant=1, initialFontName="Lato-Bold")
    canvas.setTitle("Trésor du patrimoine: letterhead")
    page(canvas, 7 * mm, name=True)
    page(canvas, 4 * mm, name=False)
    canvas.save()
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
