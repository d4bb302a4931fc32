"""Panels that run off the page's edge (bleed.py): into the bleed on a print page."""

from __future__ import annotations

from pypdf import PdfReader

from support import box, brochure, rendered


def test_full_bleed_panel_runs_into_the_bleed(built):
    out, _ = built
    pdf = brochure(out)
    page = PdfReader(pdf).pages[0]
    trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
    image = rendered(pdf, 0).convert("L")
    x, y = (bleed[0] + trim[0]) / 2, (bleed[1] + trim[1]) / 2
    assert image.getpixel((int(x), int(image.height - y))) < 250, (
        "the cover's tint reaches the bleed"
    )
