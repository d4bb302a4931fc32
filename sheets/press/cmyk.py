"""RGB into the press's CMYK with Little CMS (Pillow's ImageCms), for PDF/X-4 (`pdfx4.py`):
images, the colours content streams set (`rg`, `RG`, RGB colour spaces and their `sc`/`scn`),
shadings and transparency groups.

sRGB (or the image's own ICC profile) is converted to the output profile with the rendering
intent asked for: relative colorimetric with black point compensation by default (Adobe's
"convert to destination": colours the press can print stay as they are, the black of the photo
is the press's black), or perceptual (the whole gamut compressed: smoother for photos with
saturated colours the press cannot print). Neutral colours that content streams set (`0 0 0 rg`,
greys) go on black ink alone, as the theme's greys do: text in four inks would blur at the
slightest misregistration. What cannot be converted is left as it is, for the preflight to report:
JPEG 2000 and 16-bit images, images with a colour-key mask, inline images, sampled shading
functions.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image, ImageCms

from ..preflight.content import is_rgb

INTENTS = {
    "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "perceptual": ImageCms.Intent.PERCEPTUAL,
}
DEFAULT_INTENT = "relative"
JPEG_QUALITY = 90  # photos are re-encoded once, for the press: CMYK JPEGs take ~4× the RGB
# Pillow writes CMYK JPEGs inverted, Adobe's way; PDF readers show them right with this /Decode.
ADOBE_CMYK_DECODE = pikepdf.Array([1, 0] * 4)
# A content stream without these operators sets no RGB colour: not parsed (most pages of text).
_MAYBE_RGB = re.compile(rb"(?<![A-Za-z])(?:rg|RG|cs|CS)(?![A-Za-z0-9])")
_IMAGE_KEYS_REDONE = ("/Length", "/Filter", "/DecodeParms", "/Decode", "/ColorSpace")
CMYK = pikepdf.Name.DeviceCMYK


# remembered(name, make): the bytes `make` gives, kept under `name` from one build to the next.
Remembered = Callable[[str, Callable[[], bytes]], bytes]


def _made(name: str, make: Callable[[], bytes]) -> bytes:
    return make()


class CmykConverter:
    """Converts to one output profile, with one intent; each colour and transform made once,
    each image's conversion as `remembered` keeps it (a photo is converted once, not at every
    build nor for every edition)."""

    def __init__(self, icc: Path, intent: str = DEFAULT_INTENT, remembered: Remembered = _made):
        profile = icc.read_bytes()
        self.output = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        self.intent = INTENTS[intent]
        self.remembered = remembered
        # What a converted image depends on besides its own bytes.
        self._settings = hashlib.sha256(profile + intent.encode() + b"%d" % JPEG_QUALITY)
        self._transforms: dict[bytes | None, ImageCms.ImageCmsTransform] = {}
        self._colors: dict[tuple, list[float]] = {}

    def transform(self, source: bytes | None) -> ImageCms.ImageCmsTransform:
        """From an RGB ICC profile's bytes (None: sRGB) to the output profile."""
        if source not in self._transforms:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else _srgb()
            self._transforms[source] = ImageCms.buildTransform(
                profile, self.output, "RGB", "CMYK", self.intent,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )  # fmt: skip
        return self._transforms[source]

    def color(self, rgb: list, source: bytes | None = None) -> list[float]:
        """An RGB colour (0–1 each) in CMYK (0–1 each); a neutral one on black ink alone."""
        values = tuple(min(max(float(v), 0.0), 1.0) for v in rgb)
        key = (values, source)
        if key not in self._colors:
            if values[0] == values[1] == values[2]:
                cmyk = [0.0, 0.0, 0.0, round(1 - values[0], 4)]
            else:
                pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in values))
                converted = self.transform(source).apply(pixel).getpixel((0, 0))
                cmyk = [round(v / 255, 4) for v in converted]
            self._colors[key] = cmyk
        return self._colors[key]

    def image(self, image: pikepdf.Stream) -> tuple[pikepdf.Dictionary, bytes] | None:
        """An RGB image's dictionary and data in CMYK; None when it is not RGB or cannot be
        converted here."""
        space = image.get("/ColorSpace")
        if image.get("/ImageMask") or not is_rgb(space, None):
            return None
        if isinstance(image.get("/Mask"), pikepdf.Array):  # a colour key: RGB values
            return None
        filters = image.get("/Filter")
        filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters] * bool(filters)
        if isinstance(space, pikepdf.Array) and space[0] in ("/Indexed", "/I"):
            return self._indexed(image, space)
        if image.get("/BitsPerComponent") != 8 or "/Decode" in image:
            return None
        size = (int(image["/Width"]), int(image["/Height"]))
        jpeg = filters == ["/DCTDecode"]
        if jpeg:
            pixels = Image.open(io.BytesIO(image.read_raw_bytes()))
            if pixels.mode != "RGB" or pixels.size != size:
                return None
        elif all(name in _DECODED_BY_QPDF for name in filters):
            pixels = Image.frombuffer("RGB", size, image.read_bytes(), "raw", "RGB", 0, 1)
        else:  # JPEG 2000, or a filter qpdf does not decode
            return None

        def converted() -> bytes:
            cmyk = self.transform(_profile(space)).apply(pixels)
            if not jpeg:
                return zlib.compress(cmyk.tobytes())
            out = io.BytesIO()
            cmyk.save(out, "JPEG", quality=JPEG_QUALITY)
            return out.getvalue()

        fields = {k: v for k, v in image.items() if k not in _IMAGE_KEYS_REDONE}
        fields["/ColorSpace"] = CMYK
        if jpeg:
            fields.update({"/Filter": pikepdf.Name.DCTDecode, "/Decode": ADOBE_CMYK_DECODE})
        else:
            fields["/Filter"] = pikepdf.Name.FlateDecode
        # Named by its pixels and their profile, not by the numbers of objects it refers to.
        name = self._settings.copy()
        name.update(b"jpeg %dx%d " % size if jpeg else b"pixels %dx%d " % size)
        name.update(image.read_raw_bytes() if jpeg else pixels.tobytes())
        name.update(_profile(space) or b"sRGB")
        return pikepdf.Dictionary(fields), self.remembered(name.hexdigest(), converted)

    def _indexed(
        self, image: pikepdf.Stream, space: pikepdf.Array
    ) -> tuple[pikepdf.Dictionary, bytes] | None:
        """A palette image: its palette converted, its indices as they are."""
        if len(space) < 4 or not is_rgb(space[1], None) or "/Decode" in image:
            return None
        high = int(space[2])
        lookup = space[3]
        table = lookup.read_bytes() if isinstance(lookup, pikepdf.Stream) else bytes(lookup)
        table = table[: 3 * (high + 1)].ljust(3 * (high + 1), b"\0")
        palette = Image.frombytes("RGB", (high + 1, 1), table)
        converted = self.transform(_profile(space[1])).apply(palette).tobytes()
        fields = {k: v for k, v in image.items() if k != "/Length"}
        fields["/ColorSpace"] = pikepdf.Array(
            [pikepdf.Name.Indexed, CMYK, high, pikepdf.String(converted)]
        )
        return pikepdf.Dictionary(fields), image.read_raw_bytes()

    def content(self, stream: pikepdf.Stream, resources: Any) -> bytes | None:
        """A content stream with its RGB colours set in CMYK; None when it sets none."""
        if not _MAYBE_RGB.search(stream.read_bytes()):
            return None
        changed = False
        fill = stroke = None  # the RGB space the current colour is in (an ICC profile or b"")
        saved: list[tuple] = []
        operations = []
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op == "q":
                saved.append((fill, stroke))
            elif op == "Q" and saved:
                fill, stroke = saved.pop()
            elif op in ("rg", "RG") and len(operands) == 3:
                operands = self.color(list(operands))
                operator = pikepdf.Operator("k" if op == "rg" else "K")
                fill, stroke = (None, stroke) if op == "rg" else (fill, None)
                changed = True
            elif op in ("cs", "CS") and operands:
                rgb = _converted_space(operands[0], resources)
                if rgb is not None:
                    operands, changed = [CMYK], True
                fill, stroke = (rgb, stroke) if op == "cs" else (fill, rgb)
            elif op in ("g", "k"):
                fill = None
            elif op in ("G", "K"):
                stroke = None
            elif op in ("sc", "scn", "SC", "SCN") and len(operands) == 3:
                space = fill if op in ("sc", "scn") else stroke
                if space is not None and all(
                    isinstance(v, int | float | Decimal) for v in operands
                ):
                    operands, changed = self.color(list(operands), space or None), True
            operations.append((operands, operator))
        return pikepdf.unparse_content_stream(operations) if changed else None

    def shading(self, shading: pikepdf.Object) -> None:
        """An RGB axial or radial shading (function type 2, or 3 stitching type 2) in CMYK,
        changed in place; any other left as it is."""
        space = shading.get("/ColorSpace")
        if not is_rgb(space, None) or _indexed(space):
            return
        function = shading.get("/Function")
        parts = function.get("/Functions") if isinstance(function, pikepdf.Dictionary) else None
        functions = list(parts) if function.get("/FunctionType") == 3 and parts else [function]
        if not all(_exponential(f) for f in functions):
            return
        source = _profile(space)
        for part in functions:
            for key in ("/C0", "/C1"):
                default = [0, 0, 0] if key == "/C0" else [1, 1, 1]
                part[key] = pikepdf.Array(self.color(list(part.get(key, default)), source))
        if isinstance(shading.get("/Background"), pikepdf.Array):
            shading["/Background"] = pikepdf.Array(self.color(list(shading["/Background"]), source))
        shading["/ColorSpace"] = CMYK


# What qpdf's read_bytes() decodes: every filter but the image codecs.
_DECODED_BY_QPDF = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCIIHexDecode", "/AHx",
                    "/ASCII85Decode", "/A85", "/RunLengthDecode", "/RL"}  # fmt: skip


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _profile(space: Any) -> bytes | None:
    """An ICCBased RGB space's profile (None for DeviceRGB and CalRGB: taken as sRGB)."""
    if isinstance(space, pikepdf.Array) and len(space) > 1 and space[0] == "/ICCBased":
        return space[1].read_bytes()
    return None


def _indexed(space: Any) -> bool:
    return isinstance(space, pikepdf.Array) and len(space) > 0 and space[0] in ("/Indexed", "/I")


def _converted_space(name: Any, resources: Any) -> bytes | None:
    """For an RGB colour space that `cs` selects (not a palette): its profile, b"" for sRGB;
    None when it is no RGB space or one left as it is."""
    if not is_rgb(name, resources):
        return None
    space = name
    group = resources.get("/ColorSpace") if isinstance(resources, pikepdf.Dictionary) else None
    if isinstance(group, pikepdf.Dictionary) and name in group:
        space = group[name]
    return None if _indexed(space) else (_profile(space) or b"")


def _exponential(function: Any) -> bool:
    return isinstance(function, pikepdf.Dictionary) and function.get("/FunctionType") == 2
