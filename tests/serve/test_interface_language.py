"""The page's own words (buttons, labels, messages) in the shop's language, the locale of the
catalog's own edition, whichever edition is shown; the products' texts in the edition's, marked
with their language."""

from __future__ import annotations

import re
from html import unescape

import pytest
from starlette.testclient import TestClient

from sheets.serve.app import create_app
from sheets.serve.interface import interface_for
from sheets.serve.shop import Shop

from support import EPOCH, bilingual, write_catalog

LOCAL = "http://127.0.0.1"
PRICES = {
    "de_DE": ["17,80", "1.299,00", "45,00"],
    "en_GB": ["17.80", "1,299.00", "45.00"],
    "nl_NL": ["17,80", "1.299,00", "45,00"],
}


def text(response) -> str:
    """The page's words, tags taken out, every kind of space a plain one."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.text).group(1)


def title_lang(response) -> str | None:
    found = re.search(r'<h1 id="title"(?: lang="([^"]+)")?>', response.text)
    return found.group(1)


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The base catalog (fr_FR) with an English edition, built."""
    folder = tmp_path_factory.mktemp("boutique")
    shop = Shop(write_catalog(folder, bilingual), folder / "out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
        shop.refresh()
    assert shop.published is not None, shop.status
    return TestClient(create_app(shop), base_url=LOCAL)


def checked_shop(folder, locale: str, build: bool = False) -> TestClient:
    """The base catalog in `locale` (its prices written as there), checked: its products can
    be found at once; `build`: its sheets built too."""

    def in_locale(data):
        data["catalog"]["locale"] = locale
        for product, price in zip(data["products"], PRICES[locale], strict=True):
            product["price"] = price

    shop = Shop(write_catalog(folder, in_locale), folder / "out")
    if build:
        shop.refresh()
    else:
        shop.check()
    assert shop.published is not None, shop.status
    return TestClient(create_app(shop), base_url=LOCAL)


def test_a_french_shop_searches_in_french(french):
    page = french.get("/")
    assert html_lang(page) == "fr-FR"
    words = text(page)
    assert "Trouver un produit" in words and "Rechercher" in words and "Catégories" in words
    assert 'placeholder="Référence, titre, catégorie, matière…"' in page.text
    assert "Find a product" not in words and "Search" not in words
    found = text(french.get("/", params={"q": "liberation"}))
    assert "1 produit pour « liberation »" in found
    assert "2 produits pour « histoire »" in text(french.get("/", params={"q": "histoire"}))


def test_a_french_shops_product_page_has_french_buttons_and_form(french):
    page = french.get("/product/7505634")
    words = text(page)
    assert re.search(r"Télécharger la fiche \(PDF, \d pages?\)", words)
    for label in ("Envoyer cette fiche par e-mail", "À", "Cc", "Nom du client", "Un mot personnel"):
        assert f"{label} " in words, label
    assert "Télécharger le message (.eml)" in words
    assert "une ou plusieurs adresses, séparées par des virgules" in words
    assert 'alt="Page 1 de la fiche «\u202fLa Libération de Paris\u202f»"' in page.text
    assert "Download" not in words and "Email this sheet" not in words
    assert title_lang(page) is None, "French text on a French page"


def test_the_english_edition_keeps_the_shops_french_buttons_and_marks_its_english_texts(french):
    page = french.get("/product/7505634", params={"lang": "en_GB"})
    assert html_lang(page) == "fr-FR"
    words = text(page)
    assert "The Liberation of Paris" in words
    assert title_lang(page) == "en-GB"
    assert re.search(r"Télécharger la fiche \(PDF, \d pages?\)", words)
    assert "Nom du client" in words and "Download" not in words
    assert '<a href="/category/histoire?lang=en_GB" lang="en-GB">French history</a>' in page.text
    home = french.get("/", params={"lang": "en_GB", "q": "liberation"})
    assert "1 produit pour « liberation »" in text(home)
    assert '<ul class="products" lang="en-GB">' in home.text


def test_a_french_shops_error_pages_are_french(french):
    missing = french.get("/product/nope")
    assert missing.status_code == 404 and html_lang(missing) == "fr-FR"
    words = text(missing)
    assert "Page introuvable" in words
    assert "Aucun produit du catalogue n’a cette référence." in words
    assert "Retour aux produits" in words
    wrong = french.get("/search", params={"q": "x"}, headers={"Host": "evil.example"})
    assert wrong.status_code == 403
    assert "Accès refusé" in text(wrong) and "ne répond qu’à l’adresse affichée" in text(wrong)


def test_a_query_with_markup_stays_text_inside_the_translated_sentence(french):
    page = french.get("/", params={"q": "<b>x</b>"})
    assert "Aucun produit ne correspond à «\u202f&lt;b&gt;x&lt;/b&gt;\u202f»." in page.text


def test_an_english_shop_reads_english(tmp_path):
    client = checked_shop(tmp_path, "en_GB")
    page = client.get("/")
    assert html_lang(page) == "en-GB"
    assert "Find a product" in text(page) and "Trouver" not in text(page)
    product = client.get("/product/7505634")
    assert "Email this sheet" in text(product) and "Customer's name" in text(product)
    assert title_lang(product) is None
    assert "<h1>Not found</h1>" in client.get("/nowhere").text


def test_a_german_shop_reads_german(tmp_path):
    client = checked_shop(tmp_path, "de_DE", build=True)
    page = client.get("/product/7505634")
    assert html_lang(page) == "de-DE"
    words = text(page)
    assert re.search(r"Datenblatt herunterladen \(PDF, \d Seiten?\)", words)
    assert "Dieses Datenblatt per E-Mail senden" in words and "Name des Kunden" in words
    assert "Produkt suchen" in text(client.get("/"))
    assert "Zustand des Katalogs" in text(client.get("/health"))


def test_a_shop_in_a_language_without_words_reads_english_its_texts_marked(tmp_path):
    client = checked_shop(tmp_path, "nl_NL")
    page = client.get("/product/7505634")
    assert html_lang(page) == "en"
    assert "Email this sheet" in text(page)
    assert title_lang(page) == "nl-NL", "a screen reader reads the title in Dutch"


def test_a_country_without_words_of_its_own_reads_its_languages():
    assert interface_for("de_AT").lang == "de-AT", "Austria reads the German words"
    assert interface_for("de_AT").gettext("Send") == "Senden"
    assert interface_for(None).lang == "en", "a catalog not read yet: English"
