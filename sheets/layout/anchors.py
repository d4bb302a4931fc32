"""Invisible markers in the story that become bookmarks, outline entries and contents lines."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..i18n.typography import visible_text
from .tagging import tagger_of


class Anchor(Flowable):
    """Zero-size flowable; the document template turns it into an outline and contents entry."""

    _ZEROSIZE = 1

    def __init__(self, key: str, title: str, level: int, section: bool = True):
        super().__init__()
        self.section = section  # whether what follows is the section it names, to a reader
        # The title as the outline shows it: a bidi control would turn it around there.
        self.key, self.title, self.level = key, visible_text(title), level
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        tagger = tagger_of(self.canv)
        if tagger is not None and self.section:
            tagger.section(self.level)


def category_key(category_id: str) -> str:
    return f"category-{category_id}"


def product_key(reference: str) -> str:
    return f"product-{reference}"
