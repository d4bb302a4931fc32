"""Placing a photo: as large as its box allows, never larger than its pixels print sharply on the
press, and downsampled when the output profile asks for a small file."""

from __future__ import annotations

import functools
import hashlib
import io
import math
from pathlib import Path

from PIL import Image as PillowImage
from PIL import ImageOps
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

from ..catalog.images import read_image_info
from ..errors import Problem, Severity, shown
from ..model import Catalog
from ..style.profiles import PRINT, OutputProfile
from ..style.theme import Theme
from .tagging import marked
from .tags import Tag

POINTS_PER_INCH = 72
# A main photo printed narrower than this share of its room is worth a warning: it looks lost.
PHOTO_SHORTFALL = 0.8
# What ReportLab draws as it is; anything else (16-bit, floating point) is drawn blank by it.
DRAWABLE_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"}


def fitted_photo(
    path: Path,
    max_width: float,
    max_height: float,
    profile: OutputProfile,
    alt: str,
    align: str = "LEFT",
) -> Photo:
    """The photo scaled to fit the box, keeping its proportions and the press's resolution.

    Its size is the same in every profile (a sheet is laid out like its page in the brochure);
    only the pixels kept differ."""
    info = read_image_info(path)
    sharp_width = info.width / PRINT.ppi * POINTS_PER_INCH
    width = min(max_width, max_height / info.aspect, sharp_width)
    height = width * info.aspect
    source: str | io.BytesIO = str(path)
    # ReportLab draws the file as stored, a turned photo on its side, and ignores colour keys.
    if info.mode not in DRAWABLE_MODES or info.turned or info.keyed:
        source = io.BytesIO(_drawable(path, path.stat().st_mtime_ns))
    if profile.downsample:
        # At least a pixel: a 1 px wide image placed at a fraction of a point rounds to none.
        pixels = max(1, round(width / POINTS_PER_INCH * profile.ppi))
        if pixels < info.width:
            stat = path.stat()
            data = _downsampled(path, stat.st_mtime_ns, pixels, profile.jpeg_quality)
            source = io.BytesIO(data)
    image = Photo(source, width, height, alt)
    image.hAlign = align
    return image


class Photo(Image):
    """A photo: a `Figure` to a reader, described by its alternative text."""

    def __init__(self, source, width: float, height: float, alt: str):
        if isinstance(source, io.BytesIO):
            self._img = _NamedReader(source)
        super().__init__(source, width=width, height=height)
        self.tag = Tag("Figure", alt=alt)

    def drawOn(self, canvas, x, y, _sW=0):
        with marked(canvas, self.tag):
            super().drawOn(canvas, x, y, _sW)


class _NamedReader(ImageReader):
    """A photo in memory that ReportLab names after its bytes: it would decode a JPEG (which it
    embeds as it is) and hash its pixels only to name it."""

    def getRGBData(self):
        if self.jpeg_fh() is None:
            return super().getRGBData()
        self._dataA = None  # no alpha channel: what ReportLab asks next
        return b"jpeg:" + hashlib.sha256(self.fp.getvalue()).digest()


@functools.lru_cache(maxsize=8)
def _drawable(path: Path, _mtime: int) -> bytes:
    """The photo upright and 8-bit, every pixel kept: a JPEG as a JPEG of high quality (a PNG of
    a photo would be several times larger), anything else as a PNG, its transparency as alpha."""
    with PillowImage.open(path) as image:
        buffer = io.BytesIO()
        upright = _eight_bit(ImageOps.exif_transpose(image))
        if "transparency" in upright.info and upright.mode != "P":  # the key as an alpha channel
            upright = upright.convert("LA" if upright.mode in {"1", "L"} else "RGBA")
        if image.format == "JPEG":
            upright.save(buffer, "JPEG", quality=95)
        else:
            upright.save(buffer, "PNG")
    return buffer.getvalue()


@functools.lru_cache(maxsize=32)
def _downsampled(path: Path, _mtime: int, pixels_wide: int, quality: int) -> bytes:
    """The photo `pixels_wide` wide, as a baseline JPEG (fast to decode in every viewer)."""
    with PillowImage.open(path) as image:
        # A JPEG decoded at the smallest of its scales (1/2, 1/4, 1/8) with both sides still
        # the width asked, whichever way it is turned: its decoder scales down well, and the
        # resampling after it then has a few times fewer pixels to go through.
        image.draft("RGB", (pixels_wide, pixels_wide))
        image = _on_white(_eight_bit(ImageOps.exif_transpose(image)))
        size = (pixels_wide, max(1, round(image.height * pixels_wide / image.width)))
        buffer = io.BytesIO()
        image.resize(size, PillowImage.LANCZOS).save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def _on_white(image: PillowImage.Image) -> PillowImage.Image:
    """The image in RGB, what is transparent in it white like the page: JPEG has no alpha, and
    convert("RGB") alone keeps the colour under the transparent pixels, black most often."""
    if image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info:
        image = image.convert("RGBA")  # a palette's or a colour key's transparency into alpha
        white = PillowImage.new("RGBA", image.size, (255, 255, 255, 255))
        image = PillowImage.alpha_composite(white, image)
    return image.convert("RGB")


def _eight_bit(image: PillowImage.Image) -> PillowImage.Image:
    """The image with 8 bits per channel: 16-bit and floating-point greys scaled down."""
    if image.mode in DRAWABLE_MODES:
        return image
    if image.mode.startswith(("I", "F")):
        return image.point(lambda value: value / 256).convert("L")  # 16-bit range into 8 bits
    return image.convert("RGB")


def check_photo_sizes(catalog: Catalog, theme: Theme) -> list[Problem]:
    """A warning for each main photo too small in pixels to fill its place on the page at the
    press's resolution: it is printed smaller than the layout meant (or as a dot)."""
    column = theme.frame_width * theme.product.photo_share
    height = theme.frame_height * theme.product.photo_height_share
    folder = catalog.source.resolve().parent if catalog.source else Path.cwd()
    problems = []
    for product in catalog.products:
        if not product.images:
            continue
        path = product.images[0]
        info = read_image_info(path)
        meant = min(column, height / info.aspect)  # as wide as the layout would place it
        sharp = info.width / PRINT.ppi * POINTS_PER_INCH
        if sharp >= meant * PHOTO_SHORTFALL:
            continue
        needed = math.ceil(meant / POINTS_PER_INCH * PRINT.ppi)
        written = path.relative_to(folder) if path.is_relative_to(folder) else path
        problems.append(
            Problem(
                Severity.WARNING,
                f"image {shown(written)} is {info.width}×{info.height} px: at {PRINT.ppi:g} ppi it "
                f"prints {sharp / mm:.0f} mm wide where the layout has room for "
                f"{meant / mm:.0f} mm",
                catalog.file_of(product),
                product.line,
                None,
                product.reference,
                f"give a photo at least {needed} px wide",
            )
        )
    return problems
