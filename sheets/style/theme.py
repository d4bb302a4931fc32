"""The theme: page geometry, colours, fonts, every size the layout uses and the named paragraph
styles, read from a YAML file (`themes/default.yaml`) into typed values."""

from __future__ import annotations

import dataclasses
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
# The page sizes a catalog may choose, in points (width, height).
PAGE_SIZES = {
    "A3": pagesizes.A3,
    "A4": pagesizes.A4,
    "A5": pagesizes.A5,
    "Letter": pagesizes.LETTER,
    "Legal": pagesizes.LEGAL,
}
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_FACE_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}


@dataclass(frozen=True)
class TextSizes:
    gutter: float
    rule_width: float
    min_size: float
    leading: float
    hyphenation_min_word: int


@dataclass(frozen=True)
class PageSizes:
    header_height: float
    footer_height: float
    head_baseline: float
    head_rule: float
    foot_baseline: float
    foot_rule: float
    band_gap: float
    band_right_share: float
    accent_rule: float


@dataclass(frozen=True)
class ProductSizes:
    photo_share: float
    photo_height_share: float
    heading_space: float
    description_space: float
    price_space: float
    meta_space: float
    codes_space: float
    codes_gap: float
    thumbnail_gap: float
    thumbnails_per_row: int
    spec_label_share: float
    group_space: float
    spec_padding: float
    spec_label_gap: float
    qr_size: float
    qr_border: float
    ean_bar_height: float
    ean_text_size: float


@dataclass(frozen=True)
class CopyfitSizes:
    """How far a product page may tighten to hold its text (layout/copyfit.py)."""

    photo_min_share: float
    space_min_share: float
    leading_cut: float
    min_lines: int


@dataclass(frozen=True)
class BrochureSizes:
    cover_space: float
    cover_photo_share: float
    cover_photo_inset: float
    cover_photo_min_share: float
    cover_panel_space: float
    cover_panel_padding: float
    section_drop: float
    section_padding: float
    section_space: float
    section_rule_width: float
    section_rule_thickness: float
    section_rule_space: float
    back_panel_share: float
    back_qr_space: float
    logo_height: float
    logo_width_share: float
    logo_space: float
    section_image_share: float


@dataclass(frozen=True)
class CardSizes:
    gap: float
    padding: float
    rule: float
    photo_share: float
    specs: int
    text_space: float
    row_padding: float
    cell_gap: float
    reference_share: float
    details_share: float
    price_share: float
    index_columns: int


@dataclass(frozen=True)
class MarkSizes:
    offset: float  # in points, read from the theme's `offset_mm`
    length: float  # in points, from `length_mm`
    width: float


@dataclass(frozen=True)
class Theme:
    page_size: tuple[float, float]
    margin: float
    bleed: float  # how far backgrounds run past the trim, for the press
    colors: dict[str, Color]
    text: TextSizes
    pages: PageSizes
    product: ProductSizes
    copyfit: CopyfitSizes
    brochure: BrochureSizes
    cards: CardSizes
    marks: MarkSizes
    styles: dict[str, ParagraphStyle]
    upper: frozenset[str]  # styles whose text is set in capitals
    text_font: str
    display_font: str
    fits_copy: bool = True  # whether a product page that overflows is fitted (catalog's `copyfit`)

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    @property
    def frame_height(self) -> float:
        """The text area's height, running heads included."""
        return self.page_size[1] - 2 * self.margin

    @property
    def body_height(self) -> float:
        """The height of the frame the text flows in: the text area less the running head's
        and the footer's bands."""
        return self.frame_height - self.pages.header_height - self.pages.footer_height

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
    text = _sizes(TextSizes, data, "text")
    marks = data["marks"]
    return Theme(
        page_size=PAGE_SIZES[settings.page_size],
        margin=settings.margin_mm * mm,
        bleed=settings.bleed_mm * mm,
        colors=colors,
        text=text,
        pages=_sizes(PageSizes, data, "pages"),
        product=_sizes(ProductSizes, data, "product"),
        copyfit=_sizes(CopyfitSizes, data, "copyfit"),
        brochure=_sizes(BrochureSizes, data, "brochure"),
        cards=_sizes(CardSizes, data, "cards"),
        marks=MarkSizes(marks["offset_mm"] * mm, marks["length_mm"] * mm, float(marks["width"])),
        styles=_paragraph_styles(data["styles"], families, colors, text, language),
        upper=frozenset(
            name
            for name, spec in data["styles"].items()
            if _resolve(spec, data["styles"]).get("upper")
        ),
        text_font=families["text"],
        display_font=families["display"],
        fits_copy=settings.copyfit,
    )


def _paragraph_styles(
    specs: dict[str, dict[str, Any]],
    families: dict[str, str],
    colors: dict[str, Color],
    text: TextSizes,
    language: str,
) -> dict[str, ParagraphStyle]:
    # pyphen's patterns for the language, if it has them (Japanese or Arabic: no hyphenation).
    hyphenation = pyphen.language_fallback(language) or ""
    styles = {}
    for name, spec in specs.items():
        spec = _resolve(spec, specs)
        size = max(float(spec["size"]), text.min_size)
        styles[name] = ParagraphStyle(
            name,
            fontName=families[spec["font"]] + _FACE_SUFFIX[spec.get("face", "regular")],
            fontSize=size,
            leading=float(spec.get("leading", size * text.leading)),
            textColor=colors[spec.get("color", "ink")],
            alignment=_ALIGN[spec.get("align", "left")],
            spaceBefore=float(spec.get("space_before", 0)),
            spaceAfter=float(spec.get("space_after", 0)),
            leftIndent=float(spec.get("left_indent", 0)),
            hyphenationLang=hyphenation if spec.get("hyphenate") else "",
            # Every style's: a word too wide for its line is cut where the language allows,
            # with a hyphen, even in a style that is not hyphenated (layout/typeset.py).
            cutHyphenationLang=hyphenation,
            # How small its type may get where a page shrinks it to hold its text (fitting.py).
            minFontSize=max(float(spec.get("min_size", text.min_size)), text.min_size),
            hyphenationMinWordLength=text.hyphenation_min_word,
            allowWidows=0,
            allowOrphans=0,
        )
    return styles


def _sizes(kind: type, data: dict[str, Any], section: str):
    """A section of the theme file as its typed values; a key missing or unknown is a mistake
    in the theme file, named here."""
    values = data[section]
    fields = {f.name: f.type for f in dataclasses.fields(kind)}
    if values.keys() != fields.keys():
        unknown, missing = values.keys() - fields.keys(), fields.keys() - values.keys()
        raise ValueError(
            f"theme section '{section}': unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    return kind(
        **{name: int(v) if fields[name] == "int" else float(v) for name, v in values.items()}
    )


def _resolve(spec: dict[str, Any], all_specs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A style's settings with those of its parents underneath."""
    if "parent" not in spec:
        return spec
    return {**_resolve(all_specs[spec["parent"]], all_specs), **spec}


def _read_theme_file(path: Path) -> dict[str, Any]:
    # The tool's own theme, read at every start: with LibYAML's safe loader when PyYAML has it.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=loader)
