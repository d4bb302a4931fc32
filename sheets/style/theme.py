"""The theme: page geometry, colours, fonts and named paragraph styles, read from a YAML file."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyphen
import yaml
from reportlab.lib import pagesizes
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ..model import ThemeSettings
from . import fonts
from .colors import to_color

DEFAULT_THEME = Path(__file__).parent / "themes" / "default.yaml"
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_FACE_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}


@dataclass(frozen=True)
class Theme:
    page_size: tuple[float, float]
    margin: float
    bleed: float  # how far backgrounds run past the trim, for the press
    colors: dict[str, Color]
    layout: dict[str, float]
    styles: dict[str, ParagraphStyle]
    upper: frozenset[str]  # styles whose text is set in capitals
    text_font: str
    display_font: str

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def bare_table_style(self) -> list[tuple]:
        """No padding, and the theme's own font and ink: a table style without FONT and TEXTCOLOR
        would bring ReportLab's unembedded Helvetica and an RGB black into the file."""
        return [
            ("FONT", (0, 0), (-1, -1), self.text_font, 10),
            ("TEXTCOLOR", (0, 0), (-1, -1), self.colors["ink"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]


def make_theme(settings: ThemeSettings, language: str, cmyk: bool = False) -> Theme:
    """The theme for a catalog's settings; `language` (e.g. fr_FR) drives hyphenation, `cmyk`
    gives colours for the press."""
    return _make_theme(settings, language, cmyk)


@functools.cache
def _make_theme(settings: ThemeSettings, language: str, cmyk: bool) -> Theme:
    data = _read_theme_file(DEFAULT_THEME)
    families = {
        "text": fonts.register_family(settings.text_font),
        "display": fonts.register_family(settings.display_font),
    }
    colors = {name: to_color(value, cmyk) for name, value in data["colors"].items()}
    colors["accent"] = to_color(settings.accent_color, cmyk)
    layout = {name: float(value) for name, value in data["layout"].items()}
    styles: dict[str, ParagraphStyle] = {}
    upper = set()
    # pyphen's patterns for the language, if it has them (Japanese or Arabic: no hyphenation).
    hyphenation = pyphen.language_fallback(language) or ""
    for name, spec in data["styles"].items():
        spec = _resolve(spec, data["styles"])
        size = max(float(spec["size"]), layout["min_text_size"])
        styles[name] = ParagraphStyle(
            name,
            fontName=families[spec["font"]] + _FACE_SUFFIX[spec.get("face", "regular")],
            fontSize=size,
            leading=float(spec.get("leading", size * 1.2)),
            textColor=colors[spec.get("color", "ink")],
            alignment=_ALIGN[spec.get("align", "left")],
            spaceBefore=float(spec.get("space_before", 0)),
            spaceAfter=float(spec.get("space_after", 0)),
            leftIndent=float(spec.get("left_indent", 0)),
            hyphenationLang=hyphenation if spec.get("hyphenate") else "",
            # Short words are never split: a hyphen in them reads as a typo.
            hyphenationMinWordLength=6,
            allowWidows=0,
            allowOrphans=0,
        )
        if spec.get("upper"):
            upper.add(name)
    width, height = getattr(pagesizes, settings.page_size.upper(), pagesizes.A4)
    return Theme(
        page_size=(width, height),
        margin=settings.margin_mm * mm,
        bleed=settings.bleed_mm * mm,
        colors=colors,
        layout=layout,
        styles=styles,
        upper=frozenset(upper),
        text_font=families["text"],
        display_font=families["display"],
    )


def _resolve(spec: dict[str, Any], all_specs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A style's settings with those of its parents underneath."""
    if "parent" not in spec:
        return spec
    return {**_resolve(all_specs[spec["parent"]], all_specs), **spec}


def _read_theme_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)
