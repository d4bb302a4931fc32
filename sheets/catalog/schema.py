"""The catalog format, each key declared once (see `keys.py`): the file's sections, the catalog's
head, categories and products here, its settings in `settings_schema.py`.

The readers check every mapping against these declarations and read plain values with their
parsers; the README's format reference is made from them (`sheets.catalog.reference`).
"""

from __future__ import annotations

from ..model import UNITS
from . import values
from .keys import (
    MAX_ALT,
    MAX_DESCRIPTION,
    MAX_INTRO,
    MAX_LINE,
    MAX_NAME,
    SECTION,
    TEXT,
    Key,
    Section,
)
from .settings_schema import BACKGROUND, CONTACT, EMAIL, SMTP, THEME

_TEXT, _SECTION = TEXT, SECTION

FILE = Section(
    "",
    "the file",
    (
        Key("catalog", _SECTION, "the catalog's title, language, currency and settings", True),
        Key("categories", "list", "the sections of the brochure, in order", True),
        Key(
            "products",
            "list, or a folder's path",
            "the products, in order within each category; or the folder (inside the catalog's) "
            "whose `.yaml` files hold them, read in name order: see `products` below",
            True,
        ),
    ),
)

CATALOG = Section(
    "catalog",
    "'catalog'",
    (
        Key(
            "title",
            _TEXT,
            "the brochure's title and file name",
            True,
            example="Médailles commémoratives",
            max_length=MAX_NAME,
        ),
        Key(
            "subtitle",
            _TEXT,
            "under the title on the cover",
            example="Histoire et patrimoine",
            max_length=MAX_LINE,
        ),
        Key(
            "publisher",
            "text",
            "cover, running heads, PDF author",
            True,
            example="Trésor du patrimoine",
            max_length=MAX_NAME,
        ),
        Key(
            "tagline",
            _TEXT,
            "a line on the cover, under the subtitle",
            example="Frappées à Paris depuis 1880",
            max_length=MAX_LINE,
        ),
        Key("edition", _TEXT, "on the cover", example="Édition automne 2026", max_length=MAX_NAME),
        Key("date", "date", "the edition's date, on the cover", example="2026-11-01"),
        Key(
            "logo",
            "path of a PNG, JPEG or SVG, or an image (see `products.images`)",
            "the shop's logo, at the top of the cover and the back cover; an SVG stays sharp at "
            "any size (its text turned into outlines: a press wants no font it does not have)",
            example="images/logo.svg",
        ),
        Key(
            "cover_image",
            "path of a JPEG or PNG, or an image (see `products.images`)",
            "the cover's photo",
            default="the first product's photo",
            example="images/couverture.jpg",
        ),
        Key(
            "locale",
            "locale",
            "language and country: how prices, dates and numbers are read and written, hyphenation",
            True,
            example="fr_FR",
        ),
        Key(
            "currency",
            "ISO 4217 code",
            "the currency of every price",
            True,
            example="EUR",
        ),
        Key(
            "url",
            "web address",
            "the shop's site, a link on the cover",
            example="https://www.example.fr",
            parse=values.parse_url,
            expected="a web address",
            hint="write a full address such as 'https://www.example.com/page'",
        ),
        Key(
            "locales",
            "list of locales",
            "the editions to publish",
            default="`locale` alone",
            example="[fr_FR, en_GB]",
        ),
        Key(
            "spec_labels",
            _SECTION,
            "spec labels in the other languages",
            example="Diamètre: {en: Diameter}",
        ),
        Key(
            "taxes",
            "`included` or `excluded`",
            "whether the prices include VAT: said in their heading (`Prix TTC`, `Prix HT`)",
            example="included",
            parse=values.parse_taxes,
            expected="'included' or 'excluded'",
            hint="write 'taxes: included' (prices with VAT) or 'taxes: excluded'",
        ),
        Key("theme", _SECTION, "the catalog's look: see `catalog.theme`"),
        Key("contact", _SECTION, "the shop's contact line on every sheet: see `catalog.contact`"),
        Key("email", _SECTION, "the message that carries sheets: see `catalog.email`"),
        Key("smtp", _SECTION, "where `sheets email --send` sends: see `catalog.smtp`"),
    ),
)

CATEGORY = Section(
    "categories",
    "a category",
    (
        Key(
            "id",
            "lower-case letters, digits, `-`, `_`",
            "what products name in their `category`",
            True,
            example="histoire",
            parse=values.parse_category_id,
        ),
        Key(
            "title",
            _TEXT,
            "the section's title",
            True,
            example="Histoire de France",
            max_length=MAX_NAME,
        ),
        Key(
            "intro",
            _TEXT,
            "a few sentences on the section's opening page",
            max_length=MAX_INTRO,
        ),
        Key(
            "image",
            "path of a JPEG or PNG, or an image (see `products.images`)",
            "a photo on the section's opening page",
            example="images/histoire.jpg",
        ),
        Key(
            "layout",
            "a layout, as `catalog.theme.layout`",
            "how the brochure shows this category's products",
            default="`catalog.theme.layout`",
            example="grid",
            parse=values.parse_layout,
        ),
    ),
)

PRODUCT = Section(
    "products",
    "a product",
    (
        Key(
            "reference",
            "letters, digits, `.`, `-`, `_`",
            "unique; names the sheet's file (`0750` stays `0750`)",
            True,
            example="7505634",
            parse=values.parse_reference,
        ),
        Key(
            "title",
            _TEXT,
            "the product's name",
            True,
            example="La Libération de Paris",
            max_length=MAX_NAME,
        ),
        Key(
            "subtitle",
            _TEXT,
            "under the title",
            example="Bronze florentin",
            max_length=MAX_LINE,
        ),
        Key("category", "a category `id`", "its section of the brochure", True, example="histoire"),
        Key(
            "price",
            "amount in the locale's writing, or `on request`",
            "kept as an exact decimal: `17,80`, `1 299,00`, `17,80 €` (fr_FR); `1,299.00` "
            "(en_US); `on request` is shown in the locale's words (`Sur demande`); required "
            "but with `variants`, which give theirs",
            default="with `variants`, the lowest of theirs (`from …`)",
            example="17,80",
        ),
        Key(
            "old_price",
            "amount, as `price`",
            "the earlier price, struck through beside the price when it was higher",
            example="95,00",
        ),
        Key(
            "unit_price",
            "mapping of `per` (one of " + ", ".join(f"`{u}`" for u in UNITS) + ") and `amount`",
            "the price per unit of goods sold by weight, volume, length or area (the EU's "
            "price-indication rule), beside the price",
            example='{per: kg, amount: "71,20"}',
        ),
        Key(
            "net_quantity",
            "a quantity and its unit: g, kg, ml, cl, l, cm, m, m², m³",
            "what the product holds: its unit price is worked out from it (a price of "
            "`17,80` for `250 g` shows `71,20 €/kg`)",
            example="250 g",
        ),
        Key(
            "updated",
            "date in the locale's short form, or ISO",
            "when the product's details were last checked, on its sheet: `08/08/2017` (fr_FR), "
            "`8/25/2017` (en_US), `2017-08-08`",
            example="08/08/2017",
        ),
        Key(
            "specs",
            "mapping of label: value (values: text, or one per language)",
            "shown in order, as a table; a label whose value is itself a mapping of "
            "`label: value` lines is a group's heading (`Dimensions:` then its specs, indented)",
            example="Diamètre: 41 mm",
        ),
        Key(
            "images",
            "list of paths or images (see `products.images`), or one",
            "JPEG or PNG inside the catalog's folder; the first is the main photo, the others "
            "thumbnails in rows of four (a warning when there is none, and one for all those "
            "without `alt`)",
            example="[images/7505634.jpg]",
        ),
        Key(
            "description",
            _TEXT,
            "blank lines separate paragraphs; single line breaks are spaces, but after a line "
            "ending in `\\`; a little Markdown: `**bold**`, `*italic*`, lists (lines starting "
            "`- ` or `1. `), `[links](https://…)` shown with their address; anything else, "
            "`<tags>` included, is shown as written (a warning when there is none)",
            example="|",
            max_length=MAX_DESCRIPTION,
        ),
        Key(
            "url",
            "web address",
            "a working link on the sheet, and its QR code",
            example="https://www.example.fr/7505634",
            parse=values.parse_url,
            expected="a web address",
            hint="write a full address such as 'https://www.example.com/page'",
        ),
        Key(
            "ean13",
            "13 digits, quoted",
            "the bar code; its check digit is verified",
            example='"3760123456785"',
            parse=values.parse_ean13,
        ),
        Key(
            "variants",
            "list of variants: see `products.variants`",
            "the product's versions (colours, sizes), each with its reference and price: a "
            "table on the sheet",
        ),
    ),
)

IMAGE = Section(
    "products.images",
    "an image",
    (
        Key(
            "file",
            "path of a JPEG or PNG",
            "the photo, inside the catalog's folder",
            True,
            example="images/7505634.jpg",
        ),
        Key(
            "alt",
            _TEXT,
            "what the photo shows, for readers who cannot see it (the accessible PDF's "
            "alternative text); plain text, not Markdown",
            default="the product's title and the photo's number (`La Libération de Paris, "
            "photo 1`); for a category's or the cover's photo, its title; for the logo, "
            "the publisher",
            example="Médaille frappée de la croix de Lorraine et du millésime 1944",
            max_length=MAX_ALT,
        ),
    ),
)

VARIANT = Section(
    "products.variants",
    "a variant",
    (
        Key(
            "reference",
            "as a product's",
            "unique among the products' and variants' references; `sheets email` and "
            "`--only` accept it for its product",
            True,
            example="7505634-B",
            parse=values.parse_reference,
        ),
        Key(
            "price",
            "as a product's",
            "the variant's price",
            default="the product's",
            example="17,80",
        ),
        Key("old_price", "as a product's", "its earlier price, struck through", example="24,00"),
        Key(
            "ean",
            "13 digits, or the 12 of a UPC-A, quoted",
            "its bar code's number, shown in the table; the check digit is verified",
            example='"3760123456785"',
            parse=values.parse_gtin,
        ),
        Key(
            "available",
            "yes or no",
            "`no` marks it sold out in the table",
            default="yes",
            parse=values.parse_yes_no,
            expected="yes or no",
            hint="write 'available: no' or remove the line",
        ),
        Key(
            "(any other key)",
            TEXT,
            "an attribute (`Couleur: Vert`, `Taille: M`): the attributes whose values differ "
            "are the table's columns, the others are shown with the specs",
            example="Taille: M",
            max_length=MAX_LINE,
        ),
    ),
)

SECTIONS = (
    FILE,
    CATALOG,
    THEME,
    BACKGROUND,
    CONTACT,
    EMAIL,
    SMTP,
    CATEGORY,
    PRODUCT,
    IMAGE,
    VARIANT,
)
