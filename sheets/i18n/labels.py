"""The words the tool itself prints on the pages and in messages, per language (gettext catalogs).

The messages are written here in English; their translations live in
`locales/<language>/LC_MESSAGES/sheets.po`, compiled to `sheets.mo` (`make translations`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "sheets"
FALLBACK = "en"

# Callers pick a form by CLDR plural category ("one" or "other"); gettext picks it by a count.
# 1 is "one" and 2 is "other" in every language we have a catalog for (tests/test_labels.py
# checks that each catalog's Plural-Forms agree with CLDR).
_COUNT_IN = {"one": 1, "other": 2}


def labels_for(locale: str) -> dict:
    """The labels for a locale's language, English when the language has no catalog."""
    translations = translations_for(locale)
    gettext, ngettext = translations.gettext, translations.ngettext
    return {
        "price": gettext("Price"),
        # TRANSLATORS: the heading of prices that include value-added tax (French: "Prix TTC").
        "price_included": gettext("Price incl. VAT"),
        # TRANSLATORS: the heading of prices before value-added tax (French: "Prix HT").
        "price_excluded": gettext("Price excl. VAT"),
        # TRANSLATORS: {price} is the lowest price of a product's versions, as in "from €17.80".
        "price_from": gettext("from {price}"),
        # TRANSLATORS: in place of the price of a product priced on request.
        "on_request": gettext("On request"),
        # TRANSLATORS: beside a version of a product that cannot be ordered.
        "sold_out": gettext("Sold out"),
        # TRANSLATORS: before a product's reference number, as in "Ref. 7505634".
        "reference": gettext("Ref."),
        # TRANSLATORS: {date} is a long date, as in "August 8, 2017".
        "updated": gettext("Updated {date}"),
        # TRANSLATORS: the title of the brochure's table of contents.
        "contents": gettext("Contents"),
        # TRANSLATORS: {number} is a page number, or "2 / 3" on a sheet.
        "page": gettext("Page {number}"),
        # TRANSLATORS: after a product's title in the running head of the
        # pages that continue its text, as in "La Libération de Paris · continued".
        "continued": gettext("continued"),
        # TRANSLATORS: the heading of a price list's column of product names.
        "product": gettext("Product"),
        # TRANSLATORS: the heading of a price list's column of main characteristics.
        "details": gettext("Details"),
        # TRANSLATORS: under a description shortened to fit a product's card in the
        # brochure; {reference} is the product's reference number.
        "shortened": gettext("Full description on sheet {reference}"),
        # TRANSLATORS: the title of the brochure's index of products by reference number.
        "index_reference": gettext("Index by reference"),
        # TRANSLATORS: the title of the brochure's alphabetical index of products.
        "index_title": gettext("Index by name"),
        # TRANSLATORS: what a screen reader says of a product's photo
        # that has no description of its own; {title} is the product's
        # title, {number} the photo's (1 for the first).
        "image_alt": gettext("{title}, photo {number}"),
        # TRANSLATORS: what a screen reader says of a photo on the cover
        # or on a section's opening page; {title} is their title.
        "photo_alt": gettext("Photo: {title}"),
        # TRANSLATORS: what a screen reader says of the shop's logo;
        # {name} is the shop's name.
        "logo_alt": gettext("Logo: {name}"),
        # TRANSLATORS: what a screen reader says of a product's QR code;
        # {url} is the web address it holds.
        "qr_alt": gettext("QR code: {url}"),
        # TRANSLATORS: what a screen reader says of a product's bar code;
        # {digits} are its 13 digits.
        "barcode_alt": gettext("EAN-13 bar code: {digits}"),
        # TRANSLATORS: under a page's thumbnail on a proof's contact sheet: the
        # brochure's cover, its first page.
        "proof_cover": gettext("cover"),
        # TRANSLATORS: under a page's thumbnail on a proof's contact sheet: the
        # brochure's last page.
        "proof_back_cover": gettext("back cover"),
        # TRANSLATORS: under a page's thumbnail on a proof's contact sheet: a page
        # of the brochure's indexes of products.
        "proof_index": gettext("index"),
        # TRANSLATORS: under a page's thumbnail on a proof's contact sheet: a page
        # left blank so that the brochure has an even number of pages.
        "proof_blank": gettext("blank page"),
        # TRANSLATORS: in the heading of a proof's contact sheet: the pages it
        # shows, as in "pages 13–24 of 26".
        "proof_pages": gettext("pages {first}–{last} of {total}"),
        # TRANSLATORS: in the heading of a proof's contact sheet that shows one
        # page, as in "page 25 of 25".
        "proof_page": gettext("page {number} of {total}"),
        # TRANSLATORS: {count} is a number of products.
        "products": _by_category(lambda n: ngettext("{count} product", "{count} products", n)),
        # TRANSLATORS: the subject of a message carrying product sheets.
        # {title} is the product's title, or several listed as "A, B and C".
        "email_subject": _by_category(
            lambda n: ngettext("{title}: your product sheet", "Your product sheets: {title}", n)
        ),
        # TRANSLATORS: the first line of a message carrying product sheets
        # when the customer's name is not given.
        "email_greeting": gettext("Hello,"),
        # TRANSLATORS: the first line of a message carrying product sheets;
        # {name} is the customer's name, as in "Hello Marie Dupont,".
        "email_greeting_name": gettext("Hello {name},"),
        # TRANSLATORS: the text of a message carrying product sheets.
        # {greeting} is its first line ("Hello," or "Hello Marie Dupont,");
        # {title}, {reference} and {price} are one product's, or several
        # listed as "A, B and C"; {shop} is the shop's name, {phone} and
        # {website} its contact details.
        "email_body": _by_category(
            lambda n: ngettext(
                "{greeting}\n\nAs promised, please find attached the product sheet of {title}"
                " (ref. {reference}), priced at {price}.\n\nDo not hesitate to contact us with"
                " any question.\n\nKind regards,\n\n{shop}\n{phone} {website}",
                "{greeting}\n\nAs promised, please find attached the product sheets of {title}"
                " (ref. {reference}), priced at {price} respectively.\n\nDo not hesitate to"
                " contact us with any question.\n\nKind regards,\n\n{shop}\n{phone} {website}",
                n,
            )
        ),
    }


@functools.cache
def translations_for(locale: str) -> NullTranslations:
    """The catalog of `fr_FR`'s language (fr_FR, else fr), else the English one; also the words
    of `sheets serve`'s page."""
    return Translations.load(dirname=LOCALES, locales=[locale, FALLBACK], domain=DOMAIN)


def _by_category(forms: Callable[[int], str]) -> dict[str, str]:
    return {category: forms(count) for category, count in _COUNT_IN.items()}
