"""What the readers of each source make: products and their variants as the catalog will hold
them, with where each came from, before categories, references and images are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .problems import At

# A text in the catalog's language, or per locale (`{fr_FR: …, en_GB: …}`).
Text = str | dict[str, str]
# Keys a variant writes for itself: an attribute cannot take one of these names.
VARIANT_KEYS = ("reference", "price", "old_price", "ean", "available")


@dataclass
class Picture:
    """An image as the source names it (a URL or a file name), and where; its alt text if the
    source gives one (Shopify's `Image Alt Text`)."""

    written: str
    at: At
    alt: str | None = None


@dataclass
class Variant:
    reference: str
    price: Decimal
    at: At  # the row or item it comes from
    old_price: Decimal | None = None
    ean: str | None = None  # 12 or 13 digits, check digit verified
    available: bool = True
    attributes: list[tuple[str, Text]] = field(default_factory=list)  # in the source's order


@dataclass
class Draft:
    """A product, with its variants: one alone and without attributes is the product itself."""

    reference: str
    title: Text
    at: At
    variants: list[Variant]
    category: Text | None = None  # its category's title; None: the catalog's "products"
    subtitle: Text | None = None
    url: str | None = None
    pictures: list[Picture] = field(default_factory=list)
    specs: list[tuple[str, Text]] = field(default_factory=list)
    description: Text | None = None  # the catalog's Markdown subset, escaped

    @property
    def has_variants(self) -> bool:
        return len(self.variants) > 1 or any(v.attributes for v in self.variants)


@dataclass
class Source:
    """What a source holds, as read: its products, and what it says of the catalog."""

    drafts: list[Draft]
    publisher: str | None = None  # Shopify's first vendor, a feed's channel title
    currency: str | None = None  # the currency its prices carry, if they carry one
    locales: list[str] = field(default_factory=list)  # the other locales its texts are in
