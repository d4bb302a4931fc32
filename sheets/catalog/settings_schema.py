"""The catalog's settings sections, each key declared once: `catalog.theme`, `catalog.contact`,
`catalog.email` and `catalog.smtp` (see `keys.py` for what a declaration holds)."""

from __future__ import annotations

from ..model import (
    BACKGROUND_OUTPUTS,
    CONTENTS,
    CONTENTS_PRODUCTS_UP_TO,
    LAYOUTS,
    SmtpSettings,
    ThemeSettings,
)
from ..style.theme import PAGE_SIZES
from . import values
from .keys import MAX_LETTER, MAX_LINE, Key, Section

_DEFAULTS = ThemeSettings()


def _mm(value: float) -> str:
    return f"{value:g} mm"


def _yes_no(name: str, doc: str) -> Key:
    return Key(
        name,
        "`yes`, `no`",
        doc,
        default="yes" if getattr(_DEFAULTS, name) else "no",
        parse=values.parse_yes_no,
        expected="yes or no",
        hint=f"write '{name}: yes' or '{name}: no'",
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
            "`yes` (`x4`), `x3`, `no`",
            "the print brochure as PDF/X-4; `x3`: as PDF/X-3, through Ghostscript",
            default="no",
            parse=values.parse_pdfx,
            expected="yes, no, x4 or x3",
            hint="write 'pdfx: yes' (PDF/X-4), 'pdfx: x3' or 'pdfx: no'",
        ),
        Key(
            "layout",
            ", ".join(f"`{name}`" for name in LAYOUTS),
            "how the brochure shows a category's products: one to a page and on, two to a page, "
            "cards six or four to a page, or rows of a price list; a category may choose its own",
            default=_DEFAULTS.layout,
            parse=values.parse_layout,
        ),
        Key(
            "contents",
            ", ".join(f"`{name}`" for name in CONTENTS),
            "what the brochure's contents lists under the categories: `auto` lists the products "
            f"of a catalog of up to {CONTENTS_PRODUCTS_UP_TO}",
            default=_DEFAULTS.contents,
            parse=values.parse_contents,
        ),
        _yes_no(
            "index",
            "indexes by reference and by name, with page numbers, at the end of the brochure",
        ),
        _yes_no(
            "copyfit",
            "a product's page that overflows by a few lines is fitted onto its pages: a smaller "
            "photo, tighter spaces, tighter leading, within the theme file's limits, the type's "
            "size unchanged",
        ),
        Key(
            "background",
            "path of a PDF, or a mapping",
            "a designer's page (a letterhead) drawn under every page of the sheets and the "
            "brochure, its page 1 (or as `catalog.theme.background` says); the size of the "
            "trim, or of the trim and the bleed",
            example="images/letterhead.pdf",
        ),
    ),
)

BACKGROUND = Section(
    "catalog.theme.background",
    "'background'",
    (
        Key(
            "file",
            "path of a PDF",
            "the designer's PDF, inside the catalog's folder: its fonts embedded, no password",
            True,
            example="images/letterhead.pdf",
        ),
        Key(
            "first",
            "page number",
            "the file's page under each output's first page: a sheet's page 1, the brochure's "
            "cover",
            default="1",
            parse=values.parse_page_number,
            expected="a page number",
            hint="write the number of one of the file's pages, e.g. 'first: 1'",
        ),
        Key(
            "other",
            "page number",
            "the file's page under every other page",
            default="`first`",
            example="2",
            parse=values.parse_page_number,
            expected="a page number",
            hint="write the number of one of the file's pages, e.g. 'other: 2'",
        ),
        Key(
            "for",
            ", ".join(f"`{name}`" for name in BACKGROUND_OUTPUTS),
            "the outputs drawn on it",
            default=BACKGROUND_OUTPUTS[0],
            parse=values.parse_background_outputs,
            field="outputs",
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

TEMPLATE_FIELDS = (
    "title",
    "reference",
    "price",
    "url",
    "shop",
    "phone",
    "email",
    "website",
    "name",
    "greeting",
)
_FIELDS = ", ".join(f"`{{{name}}}`" for name in TEMPLATE_FIELDS)

EMAIL = Section(
    "catalog.email",
    "'email'",
    (
        Key(
            "subject",
            "text with fields, or one per language",
            f"the message's subject; the fields are {_FIELDS} (several products: listed as "
            "the language lists, `A et B`; `{name}` is the customer's name, from `--name`, "
            "empty without; `{greeting}` is `Bonjour,` or, with a name, `Bonjour Marie Dupont,` "
            "in the catalog's language)",
            True,
            example="{title} : votre fiche produit",
            max_length=MAX_LINE,
        ),
        Key(
            "body",
            "text with fields, or one per language",
            "the message's text, with the same fields; `--note` adds a paragraph after its "
            "first one",
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
