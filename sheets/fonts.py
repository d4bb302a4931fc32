"""The font families shipped in fonts/: finding, registering (embedded, subset) and glyph coverage."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
# file suffix → (bold, italic), as ReportLab's family mapping wants them
FACES = {"Regular": (0, 0), "Bold": (1, 0), "Italic": (0, 1), "BoldItalic": (1, 1)}

# Binary font streams and no ASCII85: far smaller files, no cost in speed. These must be set
# before the first font or document is made.
rl_config.ttfAsciiReadable = 0
rl_config.useA85 = 0


def available_families() -> dict[str, Path]:
    """Family key (folder name, lower case) → folder, for every folder of fonts/ with a regular face."""
    if not FONTS_DIR.is_dir():
        return {}
    return {
        folder.name.lower(): folder
        for folder in sorted(FONTS_DIR.iterdir())
        if any(folder.glob("*-Regular.ttf"))
    }


@functools.cache
def register_family(family: str) -> str:
    """Register the four faces of a family with ReportLab; returns the regular face's font name."""
    folder = available_families()[family]
    regular = next(folder.glob("*-Regular.ttf"))
    base = regular.name.removesuffix("-Regular.ttf")
    for suffix, (bold, italic) in FACES.items():
        path = folder / f"{base}-{suffix}.ttf"
        name = base if suffix == "Regular" else f"{base}-{suffix}"
        if not path.exists():  # a family without this face falls back to its regular face
            path, name = regular, base
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(base, bold, italic, name)
    return base


def missing_characters(text: str, font_name: str) -> set[str]:
    """The characters of `text` that the font cannot draw (they would be empty boxes)."""
    covered = _covered(font_name)
    return {
        ch
        for ch in set(text)
        if ord(ch) not in covered and not unicodedata.category(ch).startswith(("Z", "C"))
    }


@functools.cache
def _covered(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
