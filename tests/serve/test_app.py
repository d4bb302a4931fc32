"""The staff's page answered in process (Starlette's test client): what each page says, the
files it serves, and how it keeps the last good outputs when the catalog turns bad."""

from __future__ import annotations

import email
import email.policy
import re
from html import unescape

import pytest
from starlette.testclient import TestClient

from sheets.serve.app import create_app
from sheets.serve.shop import Shop

from support import (
    EPOCH,
    bilingual,
    form_token,
    product,
    write_catalog,
    write_folder,
    write_image,
    write_shop_catalog,
)

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A shop catalog in two languages, built, and the page over it."""
    folder = tmp_path_factory.mktemp("shop")

    def change(data):
        bilingual(data)
        data["catalog"]["contact"] = {"email": "contact@example.fr"}
        data["products"][1]["title"] = "<script>alert(1)</script> & Cie"

    catalog = write_catalog(folder, change)
    shop = Shop(catalog, folder / "out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
        shop.refresh()
    assert shop.published is not None, shop.status
    return shop, TestClient(create_app(shop), base_url=LOCAL)


def text(response) -> str:
    """The page's words, tags taken out."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


def test_the_first_page_lists_the_categories_and_searches_without_accents(served):
    _shop, client = served
    home = client.get("/")
    assert home.status_code == 200
    assert "Histoire de France" in text(home)
    found = client.get("/", params={"q": "LIBERATION"})
    assert "La Libération de Paris" in text(found)
    assert "/product/7505634" in found.text
    assert "Aucun produit ne correspond à « zzzz »" in text(client.get("/", params={"q": "zzzz"}))


def test_search_as_you_type_answers_with_the_results_alone(served):
    _, client = served
    answer = client.get("/search", params={"q": "0750"})
    assert answer.status_code == 200
    assert "<html" not in answer.text
    assert "/product/0750" in answer.text


def test_the_product_page_shows_title_price_reference_and_its_pages(served):
    _shop, client = served
    page = client.get("/product/7505634")
    assert page.status_code == 200
    words = text(page)
    assert "La Libération de Paris" in words and "7505634" in words and "17,80 €" in words
    images = re.findall(r'src="(/product/7505634/page/\d+\.png[^"]*)"', page.text)
    assert images, "the sheet's pages are shown"
    png = client.get(unescape(images[0]))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_the_language_switch_shows_the_other_edition(served):
    _, client = served
    page = client.get("/product/7505634", params={"lang": "en_GB"})
    assert "The Liberation of Paris" in text(page)
    assert 'lang="en-GB"' in page.text
    assert "?lang=fr_FR" in page.text, "a link back to French"


def test_the_download_is_the_very_file_the_build_wrote(served):
    shop, client = served
    for lang in ("fr_FR", "en_GB"):
        answer = client.get("/product/7505634/sheet.pdf", params={"lang": lang})
        path, _ = shop.published.editions[lang].sheets["7505634"]
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.content == path.read_bytes()
        assert f'filename="{path.name}"' in answer.headers["content-disposition"]
    brochure = client.get("/brochure.pdf")
    assert brochure.content == shop.published.editions["fr_FR"].brochure[0].read_bytes()


def test_the_brochure_page_shows_its_preflight_as_a_table(served):
    shop, client = served
    page = client.get("/brochure")
    report = shop.published.editions["fr_FR"].preflight
    assert report is not None
    assert f"{report.pages} pages" in text(page)
    assert "Ce que trouvent les contrôles d’un imprimeur" in text(page)
    assert report.findings, "the test's brochure has RGB photos: print wants CMYK"
    said = {"error": "erreur", "warning": "avertissement"}  # the checks' own words stay English
    for severity, check, message, pages in report.grouped():
        assert f"{pages} {said[severity.value]} {check} {message}" in text(page)


def test_a_title_with_a_script_shows_as_text(served):
    _, client = served
    page = client.get("/", params={"q": "cie"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in page.text


def test_unknown_addresses_are_pages_in_words(served):
    _, client = served
    for address in ("/product/nope", "/product/nope/sheet.pdf", "/nowhere", "/category/x"):
        answer = client.get(address)
        assert answer.status_code == 404, address
        assert "Traceback" not in answer.text and "<h1>Page introuvable</h1>" in answer.text
    assert "Il n’y a rien à cette adresse." in text(client.get("/nowhere"))


def test_a_catalog_that_turns_bad_keeps_the_last_outputs_with_its_errors_above(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    shop = Shop(catalog, tmp_path / "out")
    shop.refresh()
    client = TestClient(create_app(shop), base_url=LOCAL)
    good = client.get("/product/7505634/sheet.pdf").content
    catalog.write_text(catalog.read_text("utf-8").replace("price:", "prix:", 1), "utf-8")
    shop.refresh()
    page = client.get("/product/7505634")
    words = text(page)
    assert (
        "Le catalogue a 2 erreurs : les fichiers ci-dessous sont ceux de la dernière génération"
        " réussie" in words
    )
    assert "'prix'" in words, "the unknown key is named"
    assert "catalog.yaml:" in words, "the error says where"
    assert "La Libération de Paris" in words, "the last good outputs stay on show"
    assert client.get("/product/7505634/sheet.pdf").content == good
    health = text(client.get("/health"))
    assert "prix" in health


def token_of(client, reference: str) -> str:
    return form_token(client.get(f"/product/{reference}").text)


def test_the_email_form_gives_a_draft_ready_to_send(served):
    shop, client = served
    fields = {
        "form_token": token_of(client, "7505634"),
        "to": "a@example.com, b@example.com",
        "cc": "c@example.com",
        "name": "Marie Dupont",
        "note": "Comme convenu, {voici} la fiche.",
        "action": "draft",
    }
    answer = client.post("/product/7505634/email", data=fields)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("message/rfc822")
    assert 'filename="7505634-la-liberation-de-paris.eml"' in answer.headers["content-disposition"]
    message = email.message_from_bytes(answer.content, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "a@example.com, b@example.com" and message["Cc"] == "c@example.com"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Bonjour Marie Dupont,") and "Comme convenu, {voici} la fiche." in body
    (attachment,) = message.iter_attachments()
    sheet, _ = shop.published.editions["fr_FR"].sheets["7505634"]
    assert attachment.get_content() == sheet.read_bytes(), "the sheet the build wrote"


def test_a_wrong_address_is_said_in_words_and_what_was_typed_is_kept(served):
    _, client = served
    fields = {"form_token": token_of(client, "7505634"), "to": "marie.dupont", "name": "Marie"}
    answer = client.post("/product/7505634/email", data=fields | {"action": "draft"})
    assert answer.status_code == 400
    assert "À : 'marie.dupont' is not an email address" in text(answer), "sheets email's words"
    assert 'value="marie.dupont"' in answer.text and 'value="Marie"' in answer.text


def test_only_a_change_to_the_catalog_reloads_open_pages_not_a_file_beside_it(tmp_path):
    def without_the_photo(data):
        data["products"][2]["images"] = [{"file": "images/sacre.jpg", "alt": "Le sacre"}]

    catalog = write_catalog(tmp_path, without_the_photo)
    (tmp_path / "images" / "sacre.jpg").unlink()
    shop = Shop(catalog, tmp_path / "out")  # the out folder made beside the catalog
    shop.refresh()
    version = shop.version
    (tmp_path / ".catalog.yaml.swp").write_bytes(b"")  # an editor opens the catalog
    shop.look()
    assert shop.version == version, "nothing open pages show has changed"
    write_image(tmp_path / "images" / "sacre.jpg")  # the photo the catalog lacked
    shop.look()
    assert shop.version > version and shop.status.errors == []
    version = shop.version
    catalog.write_text(catalog.read_text("utf-8").replace("Tour Eiffel", "La tour Eiffel"), "utf-8")
    shop.look()
    assert shop.version > version
    assert shop.published.edition(None).product("0750").title == "La tour Eiffel"


def test_an_email_from_a_variants_page_names_that_variant_at_its_price(tmp_path):
    def with_variants(data):
        product = data["products"][0]
        product["variants"] = [
            {"reference": "7505634-BR", "Métal": "bronze"},
            {"reference": "7505634-AG", "Métal": "argent", "price": "89,00"},
        ]
        product["specs"].pop("Métal")

    shop = Shop(write_shop_catalog(tmp_path, then=with_variants), tmp_path / "out")
    shop.refresh()
    assert shop.published is not None, shop.status
    client = TestClient(create_app(shop), base_url=LOCAL)
    fields = {"form_token": token_of(client, "7505634-AG"), "to": "a@b.fr", "action": "draft"}
    answer = client.post("/product/7505634-AG/email", data=fields)
    message = email.message_from_bytes(answer.content, policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "7505634-AG" in body and "89,00\u00a0€" in body


def test_an_output_changed_by_hand_is_refused_then_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])  # the same bytes again
    shop = Shop(write_shop_catalog(tmp_path), tmp_path / "out")
    shop.refresh()
    client = TestClient(create_app(shop), base_url=LOCAL)
    path, _ = shop.published.edition(None).sheets["7505634"]
    built = path.read_bytes()
    path.write_bytes(built.replace(b"%%EOF", b"%%EOF\n% edited"))
    refused = client.get("/product/7505634/sheet.pdf")
    assert refused.status_code == 503
    shop.look()  # the watcher's next look: the shop builds again
    answer = client.get("/product/7505634/sheet.pdf")
    assert answer.status_code == 200 and answer.content == built


def test_a_name_with_a_control_character_is_refused_in_the_forms_words(served):
    _, client = served
    fields = {"form_token": token_of(client, "7505634"), "to": "a@b.fr", "name": "Zoë\x07"}
    answer = client.post("/product/7505634/email", data=fields | {"action": "draft"})
    assert answer.status_code == 400
    assert "Nom du client : holds the invisible character U+0007" in text(answer)


def test_a_build_that_keeps_failing_is_tried_again_without_reloading_pages(tmp_path, monkeypatch):
    catalog = write_shop_catalog(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "sheets").write_text("a file where the sheets' folder goes")
    shop = Shop(catalog, out)
    shop.refresh()
    assert shop.status.failure and "sheets" in shop.status.failure
    version = shop.version
    monkeypatch.setattr("sheets.serve.shop.RETRY_AFTER", 0)
    shop._again = 0
    shop.look()  # tried again: the same failure, nothing new to show
    assert shop.version == version and shop.status.failure
    (out / "sheets").unlink()
    shop.look()  # tried again, and it works
    assert shop.version > version and shop.status.failure is None
    assert shop.published.edition(None).sheets


def test_a_catalog_with_errors_from_the_start_says_so_rather_than_a_moment(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    catalog.write_text(catalog.read_text("utf-8").replace("price:", "prix:", 1), "utf-8")
    shop = Shop(catalog, tmp_path / "out")
    shop.refresh()
    client = TestClient(create_app(shop), base_url=LOCAL)
    answer = client.get("/product/7505634")
    assert answer.status_code == 503
    assert "The catalog has errors: once they are mended, this page shows it." in text(answer)
    assert "'prix'" in text(answer), "the errors above it"
    assert "once they are mended, the brochure shows here" in text(client.get("/brochure"))


def test_a_products_file_added_to_the_folder_shows_its_products(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("A-1")})
    shop = Shop(catalog, tmp_path / "out")
    shop.refresh()
    assert shop.published.edition(None).product("B-2") is None
    (catalog.parent / "products" / "b.yaml").write_text(product("B-2"), encoding="utf-8")
    shop.look()
    assert shop.published.edition(None).product("B-2") is not None
    assert "B-2" in shop.published.edition(None).sheets
