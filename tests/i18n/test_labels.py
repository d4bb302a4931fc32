"""The words the tool prints (labels.py): gettext catalogs in five languages, and what
`labels_for` gives."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from sheets.build import build
from sheets.i18n.labels import DOMAIN, LOCALES, labels_for

from support import ROOT, page_texts, spaces_normalised, write_catalog

LANGUAGES = ["de", "en", "es", "fr", "it"]


FRENCH = {
    "price": "Prix",
    "price_included": "Prix TTC",
    "price_excluded": "Prix HT",
    "price_from": "à partir de {price}",
    "on_request": "Sur demande",
    "sold_out": "Épuisé",
    "reference": "Réf.",
    "updated": "Mis à jour le {date}",
    "contents": "Sommaire",
    "page": "Page {number}",
    "continued": "suite",
    "product": "Produit",
    "details": "Caractéristiques",
    "shortened": "Description complète sur la fiche {reference}",
    "index_reference": "Index des références",
    "index_title": "Index alphabétique",
    "image_alt": "{title}, photo {number}",
    "photo_alt": "Photo : {title}",
    "logo_alt": "Logo : {name}",
    "qr_alt": "Code QR : {url}",
    "barcode_alt": "Code-barres EAN-13 : {digits}",
    "proof_cover": "couverture",
    "proof_back_cover": "quatrième de couverture",
    "proof_index": "index",
    "proof_blank": "page blanche",
    "proof_pages": "pages {first} à {last} sur {total}",
    "proof_page": "page {number} sur {total}",
    "products": {"one": "{count} produit", "other": "{count} produits"},
    "email_subject": {
        "one": "{title} : votre fiche produit",
        "other": "Vos fiches produits : {title}",
    },
    "email_greeting": "Bonjour,",
    "email_greeting_name": "Bonjour {name},",
    "email_body": {
        "one": "{greeting}\n\nVoici, comme convenu, la fiche produit de {title} (réf. {reference}),"
        " au prix de {price}. Vous la trouverez en pièce jointe.\n\nNous restons à votre"
        " disposition pour toute question.\n\nBien cordialement,\n\n{shop}\n{phone} {website}",
        "other": "{greeting}\n\nVoici, comme convenu, les fiches produits de {title}"
        " (réf. {reference}), aux prix respectifs de {price}. Vous les trouverez en pièces"
        " jointes.\n\nNous restons à votre disposition pour toute question.\n\nBien"
        " cordialement,\n\n{shop}\n{phone} {website}",
    },
}


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def messages(catalog: Catalog) -> dict:
    """The catalog's messages by id, without the header."""
    return {message.id: message for message in catalog if message.id}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def test_there_is_a_catalog_for_each_language_and_no_other():
    assert sorted(p.name for p in LOCALES.iterdir() if p.is_dir()) == LANGUAGES


def test_template_holds_exactly_the_messages_the_code_marks():
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    extracted = {
        found[2] for found in extract_from_dir(str(ROOT), method_map, options_map) if found[2]
    }
    assert set(messages(read_catalog(LOCALES / f"{DOMAIN}.pot"))) == extracted


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_template_is_translated(language):
    template = messages(read_catalog(LOCALES / f"{DOMAIN}.pot"))
    catalog = read_catalog(po_path(language), language)
    assert catalog.locale == Locale.parse(language)
    translated = messages(catalog)
    assert set(translated) == set(template), "the .po is up to date with the .pot"
    assert not catalog.fuzzy and not catalog.obsolete
    for message in translated.values():
        strings = message.string if message.pluralizable else (message.string,)
        assert "fuzzy" not in message.flags, message.id
        assert len(strings) == (catalog.num_plurals if message.pluralizable else 1), message.id
        assert all(strings), f"{message.id!r} is not translated"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language):
    for message in messages(read_catalog(po_path(language), language)).values():
        if message.pluralizable:
            # Two forms everywhere: [0] translates the singular, [1] the plural.
            pairs = zip(message.id, message.string, strict=True)
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            assert placeholders(translation) == placeholders(source), translation


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_web_pages_translations_format_as_their_messages(language):
    """The staff page's templates fill their messages in with %: a stray % or a misspelt
    %(name)s in one translation would break every page."""
    for message in messages(read_catalog(po_path(language), language)).values():
        if not any(path.endswith(".html") for path, _ in message.locations):
            continue
        sources = message.id if message.pluralizable else (message.id,)
        translations = message.string if message.pluralizable else (message.string,)
        names = {name for source in sources for name in re.findall(r"%\((\w+)\)s", source)}
        values = dict.fromkeys([*names, "num"], "x")
        for translation in translations:
            assert set(re.findall(r"%\((\w+)\)s", translation)) <= names | {"num"}, translation
            translation % values  # a stray % raises, as it would in a page


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_mo_file_holds_the_messages_of_its_po_file(language):
    """The compiled catalog says what its .po says. Compared as messages, not bytes: Babel
    writes its own version into the .mo header, so the bytes change with Babel."""
    with po_path(language).with_suffix(".mo").open("rb") as stream:
        shipped = read_mo(stream)
    source = read_catalog(po_path(language), language)
    translated = {_key(m.id): _key(m.string) for m in source if m.id and not m.fuzzy}
    assert {_key(m.id): _key(m.string) for m in shipped if m.id} == translated, (
        "run `make translations` to compile the .po files"
    )


def _key(text: str | list | tuple) -> str | tuple:
    """A message's id or string, its plural forms as a tuple (.po and .mo differ there)."""
    return text if isinstance(text, str) else tuple(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_plural_rule_agrees_with_cldr(language):
    """Callers choose 'one' or 'other' by CLDR's rule; the catalog's own rule must agree."""
    translations = Translations.load(LOCALES, [language], DOMAIN)
    assert isinstance(translations, Translations), "the .mo file is found"
    cldr = Locale.parse(language)
    for count in range(1001):
        assert (translations.plural(count) == 0) == (cldr.plural_form(count) == "one"), count


def test_french_labels_are_the_french_texts():
    assert labels_for("fr_FR") == FRENCH


def test_every_language_has_the_same_labels_in_the_same_shapes():
    english = labels_for("en_GB")
    for language in LANGUAGES:
        labels = labels_for(language)
        assert labels.keys() == english.keys()
        for key, value in labels.items():
            if isinstance(english[key], dict):
                assert isinstance(value, dict) and value.keys() == {"one", "other"}, key
            else:
                assert isinstance(value, str), key


def test_german_labels_are_german():
    labels = labels_for("de_DE")
    assert labels["price"] == "Preis"
    assert labels["updated"] == "Aktualisiert am {date}"
    assert labels["products"] == {"one": "{count} Produkt", "other": "{count} Produkte"}


def test_french_one_covers_zero_and_one_and_english_only_one():
    assert labels_for("fr_FR")["products"]["one"] == "{count} produit"
    assert Locale.parse("fr_FR").plural_form(0) == "one"
    assert Locale.parse("en_GB").plural_form(0) == "other"


def test_a_language_without_a_catalog_falls_back_to_english():
    labels = labels_for("ja_JP")
    assert labels == labels_for("en_US")
    assert labels["price"] == "Price"
    assert labels["email_subject"]["one"] == "{title}: your product sheet"


def test_a_country_without_its_own_catalog_uses_its_languages():
    assert labels_for("de_AT")["contents"] == "Inhalt"
    assert labels_for("es_MX")["contents"] == "Índice"


@pytest.fixture(scope="module")
def german_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("laden")

    def in_german(data):
        data["catalog"]["locale"] = "de_DE"
        for product, price in zip(data["products"], ["17,80", "1.299,00", "45,00"], strict=True):
            product["price"] = price
        data["products"][0]["updated"] = "2017-08-08"

    return build(write_catalog(folder, in_german), folder / "out")


def test_german_sheet_shows_german_labels(german_build):
    sheet = next(p for p in german_build.sheets if p.name.startswith("7505634-"))
    text = spaces_normalised(page_texts(sheet)[0])
    assert "PREIS" in text  # the theme sets the price label in capitals
    assert "17,80 €" in text
    assert "Aktualisiert am 8. August 2017" in text
    assert "Art.-Nr. 7505634" in text
    assert "Prix" not in text and "Réf." not in text


def test_german_brochure_has_german_contents_and_page_numbers(german_build):
    texts = page_texts(german_build.brochures[0])
    assert "Inhalt" in texts[1]
    assert "Seite 2" in texts[1]
