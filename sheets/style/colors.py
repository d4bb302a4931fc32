"""Colours as a theme writes them, made into ReportLab colours for screen (RGB) or press (CMYK).

A theme colour is `#rrggbb`, `cmyk(c, m, y, k)` in percent, or `spot(Name, c, m, y, k)`: a
named spot ink with its CMYK look-alike.
"""

from __future__ import annotations

import re

from reportlab.lib.colors import CMYKColor, Color, HexColor, PCMYKColor, PCMYKColorSep

from ..i18n.formats import refuse_other_digits

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_CMYK = re.compile(
    r"^cmyk\(\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\)$", re.I | re.A
)
# The ink's name becomes a PDF name: ReportLab escapes spaces in it, but not '/' or '#', and
# garbles letters outside Latin-1, so only plain ASCII names are taken.
_SPOT = re.compile(
    r"^spot\(\s*([A-Za-z0-9][A-Za-z0-9 ._-]*?)\s*,"
    r"\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\)$",
    re.I | re.A,  # ASCII: with re.I alone, [A-Za-z] also takes the Kelvin sign 'K' and 'ſ'
)
NEUTRAL_TOLERANCE = 6  # of 255: greys this close to neutral print with black ink only


def check_color(text: str) -> str:
    """`text` when it is a colour this module reads; raises ValueError otherwise."""
    to_color(refuse_other_digits(text), cmyk=True)
    return text


def to_color(text: str, cmyk: bool) -> Color:
    """The colour for a PDF in CMYK (press) or RGB (screen)."""
    text = text.strip()
    if _HEX.match(text):
        rgb = HexColor(text)
        return rgb_to_cmyk(rgb) if cmyk else rgb
    if match := _CMYK.match(text):
        c, m, y, k = (_percent(v) for v in match.groups())
        color = PCMYKColor(c, m, y, k)
        return color if cmyk else Color(*color.rgb())
    if match := _SPOT.match(text):
        name, *values = match.groups()
        c, m, y, k = (_percent(v) for v in values)
        spot = PCMYKColorSep(c, m, y, k, spotName=name)
        return spot if cmyk else Color(*spot.rgb())
    raise ValueError(f"{text!r} is not a colour")


def rgb_to_cmyk(color: Color) -> CMYKColor:
    """A simple conversion (no colour management: PDF/X output does that); greys use black only,
    so that small grey text is not printed in four inks that may not register."""
    r, g, b = color.red, color.green, color.blue
    if max(r, g, b) - min(r, g, b) <= NEUTRAL_TOLERANCE / 255:
        return CMYKColor(0, 0, 0, 1 - (r + g + b) / 3)
    k = 1 - max(r, g, b)
    return CMYKColor((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def _percent(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise ValueError(value)
    return number


def color_markup(color: Color) -> str:
    """The colour as paragraph markup writes it (`<font color="…">`), CMYK kept as CMYK."""
    if isinstance(color, CMYKColor):
        return f"cmyk({color.cyan:.4f},{color.magenta:.4f},{color.yellow:.4f},{color.black:.4f})"
    return "#" + color.hexval()[2:]
