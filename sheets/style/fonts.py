"""The font families shipped in fonts/: finding, registering (embedded, subset) and glyph coverage."""

from __future__ import annotations

import functools
import unicodedata
import zlib
from itertools import groupby
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# file suffix → (bold, italic), as ReportLab's family mapping wants them
FACES = {"Regular": (0, 0), "Bold": (1, 0), "Italic": (0, 1), "BoldItalic": (1, 1)}
# The family that draws what the theme's fonts lack: DejaVu Sans covers Latin, Greek, Cyrillic
# and the common symbols (✓ → ★ © ® ™ № ½); it is also a folder of fonts/ a theme may name.
FALLBACK_FAMILY = "dejavu"

# Binary font streams and no ASCII85: far smaller files, no cost in speed. These must be set
# before the first font or document is made.
rl_config.ttfAsciiReadable = 0
rl_config.useA85 = 0
# Font subsets (most of a sheet's bytes) compressed at zlib's level 3 rather than its default 6:
# half the time, 2 % larger. Pages keep the default: they are most of the brochure's bytes.
FONT_ZLIB_LEVEL = 3
TRUETYPE = (b"\x00\x01\x00\x00", b"true")  # how a TrueType font program starts


def _compressed(data: bytes | str) -> bytes:
    data = data.encode("utf8") if isinstance(data, str) else data
    return _compressed_font(data) if data[:4] in TRUETYPE else zlib.compress(data)


@functools.lru_cache(maxsize=64)  # the same subset (`_subsetting`): the same bytes
def _compressed_font(data: bytes) -> bytes:
    return zlib.compress(data, FONT_ZLIB_LEVEL)


pdfdoc.PDFZCompress.encode = _compressed


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
            pdfmetrics.registerFont(_subsetting(TTFont(name, str(path))))
        addMapping(base, bold, italic, name)
    return base


def _subsetting(font: TTFont) -> TTFont:
    """The font, each of its subsets made once: the sheets' running heads, footers and specs
    use the same characters in the same order, sheet after sheet."""
    make = font.face.makeSubset

    @functools.lru_cache(maxsize=32)
    def made(subset: tuple[int, ...]) -> bytes:
        return make(list(subset))

    font.face.makeSubset = lambda subset: made(tuple(subset))
    return font


@functools.cache
def fallback_face(font_name: str) -> str:
    """The fallback family's face with the weight and slant of `font_name` (a registered face):
    bold text gets bold fallback characters."""
    fallback = register_family(FALLBACK_FAMILY)
    try:
        _, bold, italic = ps2tt(font_name)
    except ValueError:  # a face registered outside register_family: no style to match
        bold = italic = 0
    return tt2ps(fallback, bold, italic)


def font_runs(
    text: str, font_name: str, fallback_font_name: str | None = None
) -> list[tuple[str, str]]:
    """`text` cut into (face, run) pairs, in order: the runs `font_name` cannot draw but the
    fallback face (by default `fallback_face(font_name)`) can are in the fallback face, and a
    character neither has is replaced by its compatibility form when one of them has that
    (`￥`, the full-width yen sign of Japanese prices, is drawn as `¥`).

    Characters no face has, in any form, stay in `font_name` (the coverage check warns about
    them); whitespace and control characters never switch faces.
    """
    lacking = missing_characters(text, font_name)
    if not lacking:  # nearly all text: one run, and no fallback face to register
        return [(font_name, text)] if text else []
    fallback = fallback_font_name or fallback_face(font_name)
    substitutes = compatibility_forms(lacking, font_name, fallback)
    if substitutes:
        text = text.translate(str.maketrans(substitutes))
        lacking = missing_characters(text, font_name)
    drawn_by_fallback = lacking - missing_characters("".join(lacking), fallback)
    if not drawn_by_fallback:
        return [(font_name, text)]
    return [
        (fallback if in_fallback else font_name, "".join(run))
        for in_fallback, run in groupby(text, drawn_by_fallback.__contains__)
    ]


def compatibility_forms(characters: set[str], font_name: str, fallback: str) -> dict[str, str]:
    """For each character neither face draws, its compatibility form (NFKC: full-width and
    other variants of ordinary characters) when one of the faces draws that."""
    forms = {}
    for character in characters:
        form = unicodedata.normalize("NFKC", character)
        if (
            form != character
            and missing_characters(character, fallback)
            and not (missing_characters(form, font_name) and missing_characters(form, fallback))
        ):
            forms[character] = form
    return forms


def missing_characters(text: str, font_name: str) -> set[str]:
    """The characters of `text` that the font cannot draw (they would be empty boxes). Spaces,
    control characters (line breaks) and format characters draw nothing; the format characters
    that would be boxes, and unassigned code points, are left out of the text before it is set
    (`typography.visible_text`). A private-use character is missing unless the font has it."""
    lacking = set(text).difference(_covered_characters(font_name))
    return {ch for ch in lacking if unicodedata.category(ch) not in _DRAWING_NOTHING}


_DRAWING_NOTHING = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cn"))


@functools.cache
def _covered_characters(font_name: str) -> frozenset[str]:
    # As characters: a text's set of characters is then told apart from them at once.
    return frozenset(map(chr, covered_code_points(font_name)))


@functools.cache
def covered_code_points(font_name: str) -> frozenset[int]:
    """The code points the font draws. Those outside the Basic Multilingual Plane (emoji) are
    left out: ReportLab writes a broken ToUnicode entry for them, so they would not copy-paste."""
    return frozenset(
        code for code in pdfmetrics.getFont(font_name).face.charToGlyph if code <= 0xFFFF
    )
