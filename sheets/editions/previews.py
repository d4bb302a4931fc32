"""Pages of PDFs as images, drawn by pdfium: a sheet's first page as a PNG for a web shop
(`sheets proof --png`), and the one lock every caller of pdfium takes (the staff's page too)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ..output import AtomicBatch

# pdfium is not thread-safe, whichever document it works on: one lock for every caller.
PDFIUM_LOCK = threading.Lock()
DEFAULT_WIDTH = 800  # px: a shop's product image, sharp on a phone, light on a page


def render_page(pdf: bytes | Path, page: int, width_px: int) -> Image.Image:
    """Page `page` (from 0) of `pdf` (its bytes, or its file), `width_px` wide, its height in
    proportion. IndexError when the PDF has no such page."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            if not 0 <= page < len(document):
                raise IndexError(f"no page {page} in {len(document)}")
            drawn = document[page]
            # render() makes the bitmap ceil(width × scale) wide: just under, not just over.
            bitmap = drawn.render(scale=(width_px - 0.001) / drawn.get_width())
            return bitmap.to_pil().copy()  # its own pixels, not pdfium's buffer
        finally:
            document.close()


def preview_name(sheet: Path) -> str:
    """The image's file name: the sheet's, `.png` for `.pdf`."""
    return sheet.with_suffix(".png").name


def stage_previews(
    batch: AtomicBatch, sheets: list[Path], folder: Path, width_px: int
) -> list[Path]:
    """Stage in `batch` each sheet's first page as a full-colour PNG `width_px` wide in
    `folder`, named like the sheet. Returns the images' paths."""
    staged = []
    for sheet in sheets:
        buffer = io.BytesIO()
        # Level 3: as small as the default's for pages with photos, in two thirds of the time.
        render_page(sheet, 0, width_px).convert("RGB").save(buffer, "PNG", compress_level=3)
        target = folder / preview_name(sheet)
        batch.stage(target, buffer.getvalue())
        staged.append(target)
    return staged
