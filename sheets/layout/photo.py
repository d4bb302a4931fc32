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
# What ReportLab draws as it is; anything else (16-bit, floating point) is drawn blank by it.
DRAWABLE_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"}


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
    if info.mode not in DRAWABLE_MODES:
        source = io.BytesIO(_as_8_bit(path, path.stat().st_mtime_ns))
    if profile.photo_max_ppi:
        pixels = round(width / POINTS_PER_INCH * profile.photo_max_ppi)
        if pixels < info.width:
            stat = path.stat()
            data = _downsampled(path, stat.st_mtime_ns, pixels, profile.jpeg_quality)
            source = io.BytesIO(data)
    image = Image(source, width=width, height=height)
    image.hAlign = align
    return image


@functools.lru_cache(maxsize=64)
def _as_8_bit(path: Path, _mtime: int) -> bytes:
    """A 16-bit or floating-point image as an 8-bit PNG, every pixel kept."""
    with PillowImage.open(path) as image:
        buffer = io.BytesIO()
        _eight_bit(image).save(buffer, "PNG")
    return buffer.getvalue()


@functools.lru_cache(maxsize=256)
def _downsampled(path: Path, _mtime: int, pixels_wide: int, quality: int) -> bytes:
    """The photo `pixels_wide` wide, as a baseline JPEG (fast to decode in every viewer)."""
    with PillowImage.open(path) as image:
        image = _eight_bit(image).convert("RGB")
        size = (pixels_wide, max(1, round(image.height * pixels_wide / image.width)))
        buffer = io.BytesIO()
        image.resize(size, PillowImage.LANCZOS).save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def _eight_bit(image: PillowImage.Image) -> PillowImage.Image:
    """The image with 8 bits per channel: 16-bit and floating-point greys scaled down."""
    if image.mode in DRAWABLE_MODES:
        return image
    if image.mode.startswith(("I", "F")):
        return image.point(lambda value: value / 256).convert("L")  # 16-bit range into 8 bits
    return image.convert("RGB")
