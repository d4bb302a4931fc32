"""What layout needs besides a product: the theme and the catalog's locale and words."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..i18n.labels import labels_for
from ..i18n.typography import typeset_text
from ..model import Background, Catalog, Contact
from ..style.profiles import PROFILES, OutputProfile
from ..style.theme import Theme, make_theme
from .fitting import scaled_style
from .markup import markup_with_ordinals, text_markup_with_fallback
from .tags import Tag
from .typeset import TypesetParagraph

# Made once per language: a page asks for its labels many times.
_labels = functools.lru_cache(maxsize=None)(labels_for)


@dataclass(frozen=True)
class LayoutContext:
    theme: Theme
    locale: str
    publisher: str
    contact: Contact = field(default_factory=Contact)
    profile: OutputProfile = PROFILES["print"]
    taxes: str | None = None  # whether prices include VAT, said in their heading
    background: Background | None = None  # the designer's PDF drawn under the pages

    @classmethod
    def for_catalog(
        cls, catalog: Catalog, profile: str = "print", output: str = "brochure"
    ) -> LayoutContext:
        """The context of the catalog's `output` ("sheets" or "brochure") in `profile`."""
        return cls(
            make_theme(catalog.theme, catalog.locale, cmyk=PROFILES[profile].cmyk),
            catalog.locale,
            catalog.publisher,
            catalog.contact,
            PROFILES[profile],
            catalog.taxes,
            catalog.theme.background_of(output),
        )

    @property
    def bleed(self) -> float:
        """How far full-bleed panels run past the page's edge: into the bleed on the press."""
        return self.theme.bleed if self.profile.bleed else 0.0

    @property
    def labels(self) -> dict:
        return _labels(self.locale)

    def paragraph(
        self, text: str, style: str, scale: float = 1.0, role: str | None = None
    ) -> TypesetParagraph:
        """User or tool text as a paragraph in a named style: set by the language's typographic
        rules, escaped, capitalised if the style says so, and any character the style's font
        lacks set in the fallback face. With `scale`, the type is shrunk to fit a page (down to
        the style's floor). `role`: what it is to a reader, if not what its style says."""
        text = typeset_text(text, self.locale)
        if style in self.theme.upper:
            text = text.upper()
        paragraph_style = self.theme.style(style)
        if scale != 1.0:
            paragraph_style = scaled_style(paragraph_style, scale)
        paragraph = TypesetParagraph(
            markup_with_ordinals(text, paragraph_style, self.locale), paragraph_style
        )
        if role is not None:
            paragraph.tag = Tag(role)
        return paragraph

    def markup(self, text: str, style: str) -> str:
        """Plain text as markup for a paragraph in `style`: typeset, escaped, with fallback-font runs."""
        return text_markup_with_fallback(
            typeset_text(text, self.locale), self.theme.style(style).fontName
        )

    def contents_markup(self, text: str, level: int) -> str:
        """A contents entry's text (entries are parsed as markup again: it must stay escaped)."""
        return self.markup(text, "contents_1" if level == 0 else "contents_2")

    def markup_paragraph(self, markup: str, style: str) -> TypesetParagraph:
        """A paragraph from markup our own code wrote (every user piece in it already escaped)."""
        return TypesetParagraph(markup, self.theme.style(style))
