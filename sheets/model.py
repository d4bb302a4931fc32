"""The catalog as typed, immutable values: what the rest of the tool works from. No I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

STANDARD_BLEED_MM = 3.0  # what presses ask for, unless the theme says otherwise
# How a category's products fill the brochure: one to a page and on (`page`), two to a page
# (`half`), cards six or four to a page (`grid`, `grid-4`), or rows of a price list (`list`).
LAYOUTS = ("page", "half", "grid", "grid-4", "list")
# What the contents lists: every product, only the categories, or the products while the
# catalog has at most `CONTENTS_PRODUCTS_UP_TO` (`auto`).
CONTENTS = ("auto", "products", "categories")
CONTENTS_PRODUCTS_UP_TO = 300
TAXES = ("included", "excluded")  # whether the catalog's prices include VAT (TTC) or not (HT)
ON_REQUEST = "on request"  # a price written so is shown in the locale's words
# A description's block that starts with a bullet, or a number and its dot or parenthesis, is an
# item of a list (Markdown's way).
LIST_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])[ \t]+(?=\S)")


@dataclass(frozen=True, slots=True)
class Price:
    amount: Decimal
    currency: str  # ISO 4217 code, e.g. "EUR"


# A unit price is given per one of these: the EU's price-indication rule (98/6/EC) asks for the
# price per kilogram, litre, metre, square or cubic metre of goods sold by quantity; 100 g and
# 100 ml are allowed where the price is small.
UNITS = ("kg", "100 g", "l", "100 ml", "m", "m²", "m³")


@dataclass(frozen=True, slots=True)
class UnitPrice:
    price: Price  # for one `per`
    per: str  # one of UNITS


@dataclass(frozen=True, slots=True)
class Variant:
    """One of a product's versions (a colour, a size) with its own reference, price and code."""

    reference: str
    price: Price | None  # None: on request
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value) as written: `Taille: M`
    old_price: Price | None = None  # struck through beside the price
    ean: str | None = None  # EAN-13, or the 12 digits of a GTIN-12 (UPC-A)
    available: bool = True
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Spec:
    label: str
    value: str
    group: str | None = None  # the heading it is shown under (`Électrique`, `Dimensions`)


# Where a designer's background is drawn: under the sheets, the brochure, or both.
BACKGROUND_OUTPUTS = ("both", "sheets", "brochure")


@dataclass(frozen=True)
class Background:
    """A designer's PDF drawn under the pages: one of its pages under each output's first page
    (a sheet's page 1, the brochure's cover), one under every other page."""

    file: Path
    data: bytes = field(repr=False, compare=False)  # the file's bytes, as checked
    digest: str  # their SHA-256: what the cache keys say of them
    first: int = 1  # the file's pages, from 1
    other: int = 1
    outputs: str = "both"  # BACKGROUND_OUTPUTS

    def shown_on(self, output: str) -> bool:
        """Whether it is drawn under `output` ("sheets" or "brochure")."""
        return self.outputs in ("both", output)


@dataclass(frozen=True)
class ThemeSettings:
    """The looks a catalog may choose; everything else comes from the theme file."""

    page_size: str = "A4"
    margin_mm: float = 18.0
    bleed_mm: float = STANDARD_BLEED_MM
    accent_color: str = "#7b2d26"
    text_font: str = "vollkorn"
    display_font: str = "lato"
    sheets_profile: str = "screen"  # sheets are emailed
    brochure_profile: str = "print"  # the brochure goes to the press
    pdfx: str = ""  # the print brochure as PDF/X: "x4" or "x3" ("": not)
    layout: str = "page"  # of the categories that do not choose theirs (LAYOUTS)
    contents: str = "auto"  # CONTENTS
    index: bool = False  # indexes by reference and by name at the end of the brochure
    copyfit: bool = True  # a product page that overflows by a few lines is fitted onto its pages
    background: Background | None = None  # a designer's PDF under the pages

    def background_of(self, output: str) -> Background | None:
        """The background drawn under `output` ("sheets" or "brochure"), if any."""
        shown = self.background is not None and self.background.shown_on(output)
        return self.background if shown else None


BROCHURE_LAYOUT = ("layout", "contents", "index")  # the settings sheets do not show


@dataclass(frozen=True)
class Contact:
    """How a customer reaches the shop: printed on every sheet."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class EmailTemplate:
    """Subject and body of the message that carries sheets; `{title}`-style fields are filled in."""

    subject: str
    body: str
    subject_plural: str | None = None  # for several sheets; the singular form when not given
    body_plural: str | None = None

    def for_count(self, plural: bool) -> tuple[str, str]:
        if plural:
            return self.subject_plural or self.subject, self.body_plural or self.body
        return self.subject, self.body


@dataclass(frozen=True)
class SmtpSettings:
    """Where `sheets email --send` hands messages over. The password is never in the catalog."""

    host: str
    port: int = 587
    user: str | None = None
    sender: str | None = None  # the From address; the contact email when not given
    ca_file: Path | None = None  # the CA certificates (PEM) to trust instead of the system's


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    intro: str | None = None
    layout: str | None = None  # LAYOUTS; None: the theme's
    image: Path | None = None  # on the section's opening page
    image_alt: str | None = None  # what the image shows, given or derived; None: no image


@dataclass(frozen=True, slots=True)
class Product:
    reference: str
    title: str
    category: str  # the id of a Category of the same catalog
    # None: on request. A product with variants shows their lowest price ("from" when they
    # differ: `price_from`).
    price: Price | None
    subtitle: str | None = None
    specs: tuple[Spec, ...] = ()
    description: tuple[str, ...] = ()  # paragraphs, in order
    images: tuple[Path, ...] = ()  # absolute paths inside the catalog's folder
    # What each of `images` shows, for readers who cannot see it (the tagged PDF's /Alt), in
    # the catalog's language: the given `alt`, else derived (`catalog.pictures.image_alt`).
    # Plain text as written: whoever writes it into markup or a PDF escapes it.
    image_alts: tuple[str, ...] = ()
    updated: date | None = None
    url: str | None = None
    ean13: str | None = None
    old_price: Price | None = None  # struck through beside the price
    unit_price: UnitPrice | None = None  # per kilogram, litre…: given, or from its net quantity
    variants: tuple[Variant, ...] = ()
    line: int | None = None  # where the product starts in its file
    source: Path | None = None  # the products file it is written in; None: the catalog file

    @property
    def price_from(self) -> bool:
        """Whether its variants' prices differ: the price shown is the lowest, "from"."""
        return len({variant.price for variant in self.variants}) > 1

    @property
    def references(self) -> tuple[str, ...]:
        """Its own reference and its variants'."""
        return (self.reference, *(variant.reference for variant in self.variants))


@dataclass(frozen=True)
class Catalog:
    title: str
    publisher: str
    locale: str  # the locale published: texts, prices, dates and hyphenation, e.g. "fr_FR"
    currency: str
    categories: tuple[Category, ...]
    products: tuple[Product, ...]
    subtitle: str | None = None
    tagline: str | None = None  # on the cover, under the subtitle
    edition: str | None = None
    date: date | None = None
    url: str | None = None
    logo: Path | None = None  # a PNG, JPEG or SVG: on the covers
    cover_image: Path | None = None  # the cover's photo; None: the first product's
    cover_image_alt: str | None = None  # what it shows, given or derived; None: no cover_image
    logo_alt: str | None = None  # given or derived; None: no logo
    taxes: str | None = None  # TAXES: whether prices include VAT, said beside them
    locales: tuple[str, ...] = ()  # every locale the catalog publishes
    theme: ThemeSettings = field(default_factory=ThemeSettings)
    contact: Contact = field(default_factory=Contact)
    email: EmailTemplate | None = None  # None: the tool's own wording in the catalog's language
    smtp: SmtpSettings | None = None
    source: Path | None = None  # the catalog file

    @property
    def language(self) -> str:
        """The BCP 47 tag for PDF metadata, e.g. "fr-FR"."""
        return self.locale.replace("_", "-")

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def by_reference(self) -> dict[str, Product]:
        """Every product by its reference and its variants': a variant's names its product."""
        return {reference: p for p in self.products for reference in p.references}

    def file_of(self, product: Product) -> Path | None:
        """The file the product is written in: the catalog, or one of its products files."""
        return product.source or self.source

    def layout_of(self, category: Category) -> str:
        return category.layout or self.theme.layout

    @property
    def contents_products(self) -> bool:
        """Whether the contents lists the products under their categories."""
        if self.theme.contents == "auto":
            return len(self.products) <= CONTENTS_PRODUCTS_UP_TO
        return self.theme.contents == "products"

    def products_in(self, category: Category) -> list[Product]:
        return [p for p in self.products if p.category == category.id]
