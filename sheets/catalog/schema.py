"""The catalog format, each key declared once: how it is written, whether it is required or what
it defaults to, an example, what it means, and the parser of a plain value.

The readers check every mapping against these declarations and read plain values with their
parsers; the README's format reference is made from them (`sheets.catalog.reference`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import SmtpSettings, ThemeSettings
from ..style.theme import PAGE_SIZES
from . import values


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # how the value is written, as the reference shows it
    doc: str  # what it is for, in a line
    required: bool = False
    default: str | None = None  # as the reference shows it
    example: str | None = None  # as written in a catalog; a missing key's hint quotes it
    parse: Callable[[str], Any] | None = None  # for a plain value: text → value
    expected: str | None = None  # what `parse` wants, in "'margin' '1 inch' is not a length"
    hint: str | None = None  # how to write it, when the value does not parse
    field: str | None = None  # the model's name for it, when not the key's own
    max_length: int | None = None  # characters, in each language: long enough for any real use


@dataclass(frozen=True)
class Section:
    path: str  # as the reference names it: `catalog.theme`
    where: str  # as messages name it: `'theme'`
    keys: tuple[Key, ...]

    def __getitem__(self, name: str) -> Key:
        return next(key for key in self.keys if key.name == name)

    @property
    def names(self) -> list[str]:
        return [key.name for key in self.keys]


# The longest texts accepted, in characters: far more than any real one, and few enough that the
# largest catalog still builds in seconds (`MAX_PARAGRAPH` is in `products.py`).
MAX_NAME = 200  # titles, names
MAX_LINE = 300  # subtitles, a spec's value, an address
MAX_INTRO = 3_000
MAX_DESCRIPTION = 100_000  # about 15 000 words, or 25 pages
MAX_LETTER = 10_000


def _mm(value: float) -> str:
    return f"{value:g} mm"


_DEFAULTS = ThemeSettings()
_TEXT = "text, or one per language"
_SECTION = "mapping"

FILE = Section(
    "",
    "the file",
    (
        Key("catalog", _SECTION, "the catalog's title, language, currency and settings", True),
        Key("categories", "list", "the sections of the brochure, in order", True),
        Key("products", "list", "the products, in order within each category", True),
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
        Key("edition", _TEXT, "on the cover", example="Édition automne 2026", max_length=MAX_NAME),
        Key("date", "date", "the edition's date, on the cover", example="2026-11-01"),
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
        Key("theme", _SECTION, "the catalog's look: see `catalog.theme`"),
        Key("contact", _SECTION, "the shop's contact line on every sheet: see `catalog.contact`"),
        Key("email", _SECTION, "the message that carries sheets: see `catalog.email`"),
        Key("smtp", _SECTION, "where `sheets email --send` sends: see `catalog.smtp`"),
    ),
)

THEME = Section(
    "catalog.theme",
    "'theme'",
    (
        Key(
            "page_size",
            ", ".join(f"`{name}`" for name in PAGE_SIZES),
            "page size of sheets and brochure",
            default=_DEFAULTS.page_size,
            parse=values.parse_page_size,
        ),
        Key(
            "margin",
            "length",
            "page margins",
            default=_mm(_DEFAULTS.margin_mm),
            example="2 cm",
            parse=values.parse_length_mm,
            expected="a length",
            hint="write a number and a unit, e.g. '18 mm', '2 cm' or '0.75 in'",
            field="margin_mm",
        ),
        Key(
            "accent_color",
            '`"#rrggbb"` (quoted), `cmyk(c, m, y, k)` in %, `spot(Name, c, m, y, k)`',
            "titles of sections, prices, links",
            default=_DEFAULTS.accent_color,
            example="cmyk(0, 80, 75, 45)",
            parse=values.parse_color,
            expected="a colour",
            hint="write '#7b2d26' (quoted: # starts a comment), 'cmyk(0, 80, 75, 45)' or "
            "'spot(Name, 0, 80, 75, 45)'",
        ),
        Key(
            "text_font",
            "a font family of `sheets/style/fonts/`",
            "body text and titles",
            default=_DEFAULTS.text_font,
            parse=values.parse_font_family,
        ),
        Key(
            "display_font",
            "a font family of `sheets/style/fonts/`",
            "labels, prices, running heads",
            default=_DEFAULTS.display_font,
            parse=values.parse_font_family,
        ),
        Key(
            "bleed",
            "length",
            "how far full-bleed panels run past the trim (print profile)",
            default=_mm(_DEFAULTS.bleed_mm),
            parse=values.parse_bleed_mm,
            expected="a length",
            hint="the press usually asks for '3 mm'",
            field="bleed_mm",
        ),
        Key(
            "sheets_profile",
            "`screen`, `print`",
            "what sheets are made for",
            default=_DEFAULTS.sheets_profile,
            parse=values.parse_profile,
        ),
        Key(
            "brochure_profile",
            "`print`, `screen`",
            "what the brochure is made for",
            default=_DEFAULTS.brochure_profile,
            parse=values.parse_profile,
        ),
        Key(
            "pdfx",
            "`yes`, `no`",
            "the print brochure as PDF/X-3 (needs Ghostscript)",
            default="yes" if _DEFAULTS.pdfx else "no",
            parse=values.parse_yes_no,
            expected="yes or no",
            hint="write 'pdfx: yes' or 'pdfx: no'",
        ),
    ),
)

CONTACT = Section(
    "catalog.contact",
    "'contact'",
    (
        Key("phone", "text", "the shop's phone number", example="01 42 60 00 00", max_length=60),
        Key(
            "email",
            "email address",
            "a `mailto:` link on sheets; the sender of messages when `smtp.from` is not given",
            example="contact@example.fr",
            parse=values.parse_email,
            expected="an email address",
            hint="write it like 'contact@example.fr'",
        ),
        Key(
            "address",
            "text",
            "the shop's address",
            example="12 rue de la Monnaie, 75001 Paris",
            max_length=MAX_LINE,
        ),
        Key(
            "website",
            "web address",
            "the header of sheets",
            default="`catalog.url`",
            example="https://www.example.fr",
            parse=values.parse_url,
            expected="a web address",
            hint="write it like 'https://www.example.fr'",
        ),
    ),
)

TEMPLATE_FIELDS = ("title", "reference", "price", "url", "shop", "phone", "email", "website")
_FIELDS = ", ".join(f"`{{{name}}}`" for name in TEMPLATE_FIELDS)

EMAIL = Section(
    "catalog.email",
    "'email'",
    (
        Key(
            "subject",
            "text with fields, or one per language",
            f"the message's subject; the fields are {_FIELDS} (several products: listed as "
            "the language lists, `A et B`)",
            True,
            example="{title} : votre fiche produit",
            max_length=MAX_LINE,
        ),
        Key(
            "body",
            "text with fields, or one per language",
            "the message's text, with the same fields",
            True,
            example="|",
            max_length=MAX_LETTER,
        ),
        Key(
            "subject_plural",
            "text with fields",
            "the subject for several sheets",
            max_length=MAX_LINE,
        ),
        Key(
            "body_plural", "text with fields", "the text for several sheets", max_length=MAX_LETTER
        ),
    ),
)

SMTP = Section(
    "catalog.smtp",
    "'smtp'",
    (
        Key("host", "text", "the SMTP server", True, example="smtp.example.fr"),
        Key(
            "port",
            "number",
            "its port (STARTTLS)",
            default=str(SmtpSettings.port),
            parse=values.parse_port,
            expected="a port number",
            hint="use 587 (STARTTLS)",
        ),
        Key("user", "text", "the login (none for a server that asks for none)"),
        Key(
            "from",
            "email address",
            "the sender's address",
            default="`contact.email`",
            parse=values.parse_email,
            expected="an email address",
            hint="write it like 'boutique@example.fr'",
            field="sender",
        ),
        Key(
            "ca_file",
            "file path",
            "a PEM file of the CA certificate(s) that signed the server's certificate, relative "
            "to the catalog's folder; trusted instead of the system's CAs (a shop's own server)",
        ),
        Key("password", "never", "refused: the password comes from `SHEETS_SMTP_PASSWORD`"),
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
            "amount in the locale's writing",
            "kept as an exact decimal: `17,80`, `1 299,00`, `17,80 €` (fr_FR); `1,299.00` (en_US)",
            True,
            example="17,80",
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
            "shown in order, as a table",
            example="Diamètre: 41 mm",
        ),
        Key(
            "images",
            "list of paths (or one path)",
            "JPEG or PNG inside the catalog's folder; the first is the main photo, the others "
            "thumbnails in rows of four (a warning when there is none)",
            example="[images/7505634.jpg]",
        ),
        Key(
            "description",
            _TEXT,
            "blank lines separate paragraphs; single line breaks are spaces (a warning when "
            "there is none)",
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
    ),
)

SECTIONS = (FILE, CATALOG, THEME, CONTACT, EMAIL, SMTP, CATEGORY, PRODUCT)
