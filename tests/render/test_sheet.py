"""A product's sheet (render/sheet.py): one A4 page showing everything about the product, with
its metadata and links."""

from __future__ import annotations

from pypdf import PdfReader

from support import (
    A4,
    LIBERATION,
    drawn_description,
    link_uris,
    page_texts,
    spaces_normalised,
    words,
)


def test_sheet_shows_everything_about_the_founding_product(built):
    out, _ = built
    sheet = out / "sheets" / "7505634-la-liberation-de-paris.pdf"
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1
    assert [round(float(v), 2) for v in reader.pages[0].mediabox[2:]] == list(A4)
    text = spaces_normalised(reader.pages[0].extract_text())
    for expected in [
        "La Libération de Paris",
        "HISTOIRE DE FRANCE",
        "17,80 €",
        "7505634",
        "métaux communs",
        "41 mm",
        "31 g",
        "cannelée",
        "sous capsule",
        "Mis à jour le 8 août 2017",
        "Trésor du patrimoine",
        "example.fr",
    ]:
        assert expected in text, expected
    assert words(drawn_description(sheet, LIBERATION)) == words(LIBERATION)


def test_sheet_metadata_and_link(built):
    out, _ = built
    sheet = out / "sheets" / "7505634-la-liberation-de-paris.pdf"
    reader = PdfReader(sheet)
    assert reader.metadata.title == "La Libération de Paris"
    assert reader.metadata.author == "Trésor du patrimoine"
    assert "7505634" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert sorted(link_uris(sheet)) == ["https://www.example.fr", "https://www.example.fr/7505634"]
    open_action = reader.trailer["/Root"]["/OpenAction"]
    assert open_action[1] == "/Fit" and reader.get_page_number(open_action[0].get_object()) == 0


def test_price_of_a_thousand_euros_and_leading_zero_reference(built):
    out, _ = built
    text = spaces_normalised(page_texts(out / "sheets" / "0750-tour-eiffel.pdf")[0])
    assert "1 299,00 €" in text
    assert "0750" in text
