"""Placing a photo: as large as its box allows, never larger than its pixels print sharply, and
downsampled when the output profile asks for a small file."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image as PillowImage
from reportlab.platypus import Image

from ..images import read_image_info
from ..profiles import OutputProfile

POINTS_PER_INCH = 72


def fitted_photo(
    path: Path,
    max_width: float,
    max_height: float,
    min_ppi: float,
    profile: OutputProfile,
    align: str = "LEFT",
) -> Image:
    """The photo scaled to fit the box, keeping its proportions and at least `min_ppi`."""
    info = read_image_info(path)
    sharp_width = info.width / min_ppi * POINTS_PER_INCH
    width = min(max_width, max_height / info.aspect, sharp_width)
    height = width * info.aspect
    source: str | io.BytesIO = str(path)
    if profile.photo_max_ppi:
        pixels = round(width / POINTS_PER_INCH * profile.photo_max_ppi)
        if pixels < info.width:
            stat = path.stat()
            data = _downsampled(path, stat.st_mtime_ns, pixels, profile.jpeg_quality)
            source = io.BytesIO(data)
    image = Image(source, width=width, height=height)
    image.hAlign = align
    return image


@functools.lru_cache(maxsize=256)
def _downsampled(path: Path, _mtime: int, pixels_wide: int, quality: int) -> bytes:
    """The photo `pixels_wide` wide, as a baseline JPEG (fast to decode in every viewer)."""
    with PillowImage.open(path) as image:
        image = image.convert("RGB")
        size = (pixels_wide, max(1, round(image.height * pixels_wide / image.width)))
        buffer = io.BytesIO()
        image.resize(size, PillowImage.LANCZOS).save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
