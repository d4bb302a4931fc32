"""Placing a photo: as large as its box allows, never larger than its pixels print sharply."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Image

from ..images import read_image_info

POINTS_PER_INCH = 72


def fitted_photo(
    path: Path, max_width: float, max_height: float, min_ppi: float, align: str = "LEFT"
) -> Image:
    """The photo scaled to fit the box, keeping its proportions and at least `min_ppi` pixels per inch."""
    info = read_image_info(path)
    sharp_width = info.width / min_ppi * POINTS_PER_INCH
    width = min(max_width, max_height / info.aspect, sharp_width)
    image = Image(str(path), width=width, height=width * info.aspect)
    image.hAlign = align
    return image
