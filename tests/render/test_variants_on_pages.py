"""Variants and shop prices read back from the pages: every variant's reference and price on its
sheet, the table's header on each page it runs to, old prices struck through, prices on request,
unit prices and the catalog's word on taxes wherever a price is shown."""

from __future__ import annotations

import email
import email.policy
import re
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from support import (
    SHOP,
    assert_refused_without_traceback,
    outputs,
    page_texts,
    run_sheets,
    spaces_normalised,
    write_catalog,
)

SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
COLOURS = ["Vert", "Bleu", "Rouge", "Noir", "Blanc", "Gris", "Jaune", "Rose", "Ocre", "Sable"]


def tee_shirts(data):
    """The founding catalog, its first product a T-shirt in 10 colours × 6 sizes, its second
    sold on request, its third by weight and discounted; prices with VAT; cards and a price
    list."""
    data["catalog"]["taxes"] = "included"
    data["catalog"]["theme"] = {"index": "yes"}
    data["categories"][0]["layout"] = "grid"
    data["categories"][1]["layout"] = "list"
    first, second, third = data["products"]
    first["price"] = "25,00"
    first["variants"] = [
        {
            "reference": f"TS-{colour[:3].upper()}-{size}",
            "Couleur": colour,
            "Taille": size,
            "Matière": "coton bio",
            **({"price": f"{25 + index},90"} if size == "XXL" else {}),
            **({"available": "no"} if colour == "Rose" else {}),
        }
        for index, colour in enumerate(COLOURS)
        for size in SIZES
    ]
    second["price"] = "on request"
    third.update(price="8,90", old_price="11,50", net_quantity="250 g")


def prices_of(variant: dict) -> str:
    return variant.get("price", "25,00") + " €"


def test_every_variant_is_on_its_sheet_in_order_under_a_header_on_every_page(tmp_path):
    catalog = write_catalog(tmp_path / "shop", tee_shirts)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    (sheet,) = (out / "sheets").glob("7505634-*.pdf")
    pages = [flat(text) for text in page_texts(sheet)]
    assert len(pages) >= 2, "60 variants run onto another page"
    assert "PRIX TTC à partir de 25,00 €" in pages[0]
    # The attribute all share is a spec; those that differ are the table's columns.
    assert "MATIÈRE coton bio" in pages[0]
    rows = []
    for text in pages:
        found = ROW.findall(text)
        if found:  # the header is repeated above the rows of every page
            header = text.index("COULEUR TAILLE RÉF. PRIX TTC")
            assert header < text.index(found[0][2])
        rows += found
    expected = [
        (
            v["Couleur"],
            v["Taille"],
            v["reference"],
            prices_of(v),
            "Épuisé" if v.get("available") else "",
        )
        for v in tee_shirts_data()
    ]
    assert [(*row[:4], row[4].strip()) for row in rows] == expected


# A row as the text reads back: its attributes, its reference, its price, and "Épuisé" when
# it is sold out.
ROW = re.compile(r"(\S+) (\S+) (TS-\S+) (\S+ €)( Épuisé)?")


def flat(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces."""
    return " ".join(spaces_normalised(text).split())


def tee_shirts_data() -> list[dict]:
    data = {"catalog": {}, "categories": [{}, {}], "products": [{}, {}, {}]}
    tee_shirts(data)
    return data["products"][0]["variants"]


def test_prices_on_request_old_and_per_unit_everywhere_a_price_is_shown(tmp_path):
    catalog = write_catalog(tmp_path / "shop", tee_shirts)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    tower = flat(page_texts(next((out / "sheets").glob("0750-*.pdf")))[0])
    assert "PRIX TTC Sur demande" in tower
    napoleon_pdf = next((out / "sheets").glob("7510001-*.pdf"))
    napoleon = flat(page_texts(napoleon_pdf)[0])
    # The earlier price first, struck through; then the price and its price per kilogram.
    assert "11,50 € 8,90 € 35,60 €/kg" in napoleon
    assert_struck_through(napoleon_pdf, "11,50")
    assert not_struck_through(napoleon_pdf, "8,90")
    brochure = flat(" ".join(page_texts(next(out.glob("*.pdf")))))
    # The cards of the T-shirt and of the coins by weight, then the price list's header and its
    # row of the tower.
    assert "La Libération de Paris à partir de 25,00 € Réf. 7505634" in brochure
    assert "Le sacre de Napoléon 11,50 € 8,90 € 35,60 €/kg Réf. 7510001" in brochure
    assert "0750 Tour Eiffel argent 999 Sur demande" in brochure
    assert "RÉF. PRODUIT CARACTÉRISTIQUES PRIX TTC" in brochure


@pytest.mark.parametrize("layout", ["page", "grid"])
def test_the_index_by_reference_lists_the_variants_where_their_table_is_shown(tmp_path, layout):
    def change(data):
        tee_shirts(data)
        data["categories"][0]["layout"] = layout

    catalog = write_catalog(tmp_path / "shop", change)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    pages = [flat(text) for text in page_texts(next(out.glob("*.pdf")))]
    shown = 1 + next(i for i, text in enumerate(pages) if "à partir de 25,00 €" in text)
    first = next(i for i, text in enumerate(pages) if text.startswith("Index des références"))
    after = next(i for i, text in enumerate(pages) if text.startswith("Index alphabétique"))
    index = " ".join(pages[first:after])
    listed = re.findall(r"(TS-\S+) · La Libération de Paris", index)
    if layout == "grid":  # a card shows no variant: the index names none
        assert listed == [] and "7505634 · La Libération de Paris" in index
        return
    assert sorted(listed) == sorted(v["reference"] for v in tee_shirts_data())
    # (A column's last number may be read out of its line's order.)
    numbers = re.findall(r"TS-\S+ · La Libération de Paris[ .]+(\d+)", index)
    assert len(numbers) >= len(listed) - 2 and {int(page) for page in numbers} == {shown}


def test_a_variants_reference_emails_its_products_sheet(tmp_path):
    def with_contact(data):
        tee_shirts(data)
        data["catalog"]["contact"] = dict(SHOP)

    catalog = write_catalog(tmp_path / "shop", with_contact)
    out = tmp_path / "mail"
    result = run_sheets(
        "email", "--catalog", catalog, "TS-VER-M", "--to", "client@example.fr", "-o", out
    )
    assert result.exit_code == 0, result.output
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    (attachment,) = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_filename().startswith("7505634-")
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    # The message names the variant asked for, at its price.
    text = spaces_normalised(body.get_content())
    assert "(réf. TS-VER-M), au prix de 25,00 €." in " ".join(text.split())
    # Two variants of one product: one sheet, both named at their prices, in their order.
    assert "(réf. TS-VER-M et TS-VER-XXL), au prix de 25,00 € et 25,90 €" in mailed(
        tmp_path / "two", catalog, "TS-VER-XXL", "TS-VER-M"
    )
    # The product's own reference: its price is its lowest.
    body = mailed(tmp_path / "own", catalog, "7505634")
    assert "(réf. 7505634)" in body and "à partir de 25,00 €." in body


def mailed(out, catalog, *references: str) -> str:
    """The text of the message `sheets email` writes for these references, its spaces plain;
    it carries one sheet."""
    result = run_sheets(
        "email", "--catalog", catalog, *references, "--to", "a@example.fr", "-o", out
    )
    assert result.exit_code == 0, result.output
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert len([part for part in message.walk() if part.get_filename()]) == 1
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()
    return " ".join(spaces_normalised(body).split())


def _price_box(pdf, text: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points of the first run of `text` on page 1, measured by pdfium."""
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    searcher = textpage.search(text)
    index, count = searcher.get_next()
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _ink_across(pdf, text: str) -> float:
    """The largest share of `text`'s width that one row of pixels through its middle third
    inks without a break: a line struck through it inks it all."""
    x0, y0, x1, y1 = _price_box(pdf, text)
    scale = 4
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    best = 0.0
    for y in range(
        int((height - y1 + (y1 - y0) / 3) * scale), int((height - y0 - (y1 - y0) / 3) * scale)
    ):
        run = longest = 0
        for x in range(int(x0 * scale), int(x1 * scale)):
            run = run + 1 if image.getpixel((x, y)) < 200 else 0
            longest = max(longest, run)
        best = max(best, longest / ((x1 - x0) * scale))
    return best


def assert_struck_through(pdf, text: str) -> None:
    assert _ink_across(pdf, text) > 0.9


def not_struck_through(pdf, text: str) -> bool:
    return _ink_across(pdf, text) < 0.5


assert Decimal  # prices in the tests are written as the catalog writes them


def long_attributes(count: int, length: int):
    """The founding product in 3 variants, with `count` attributes of `length` characters that
    differ from one to the next."""

    def change(data):
        data["products"][0]["variants"] = [
            {
                "reference": f"LONG-REFERENCE-{n}",
                "ean": "3760123002011",
                **{f"A{a}": f"{n}{'x' * (length - 1)}" for a in range(count)},
            }
            for n in range(3)
        ]

    return change


@pytest.mark.parametrize(("count", "length"), [(2, 150), (5, 60), (3, 80)])
def test_long_attributes_wrap_and_references_codes_and_prices_stay_whole(tmp_path, count, length):
    catalog = write_catalog(tmp_path / "shop", long_attributes(count, length))
    out = tmp_path / "out"
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    (sheet,) = (out / "sheets").glob("7505634-*.pdf")
    lines = [
        line.strip() for text in page_texts(sheet) for line in spaces_normalised(text).splitlines()
    ]
    for n in range(3):
        assert f"LONG-REFERENCE-{n}" in lines  # each on a line of its own cell, unbroken
    assert lines.count("3760123002011") == 3 and lines.count("17,80 €") == 4
    # Every character of the attributes is on the page, on as many lines as they need.
    drawn = sum(line.count("x") for line in lines if re.fullmatch(r"[0-9]?x+-?", line))
    assert drawn == 3 * count * (length - 1)


def test_a_variants_table_too_wide_for_its_page_is_an_error_naming_the_product(tmp_path):
    catalog = write_catalog(tmp_path / "shop", long_attributes(40, 8))
    out = tmp_path / "out"
    result = run_sheets("build", catalog, "-o", out)
    assert_refused_without_traceback(result)
    assert "product 7505634: cannot be laid out on its sheet: its variants' table is wider" in (
        result.stderr
    )
    assert outputs(out) == []  # the cache may keep what was drawn


def test_variants_moved_down_their_file_redraw_nothing(tmp_path):
    catalog = write_catalog(tmp_path / "shop", tee_shirts)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    catalog.write_text("# Prices of 2027\n" + catalog.read_text(encoding="utf-8"), "utf-8")
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0
    assert "0 sheets redrawn, 3 up to date; brochure up to date" in result.output


def test_a_variants_row_taller_than_a_page_is_an_error_naming_the_product(tmp_path):
    def change(data):
        long_attributes(3, 300)(data)
        data["catalog"]["theme"] = {"page_size": "A5"}

    result = run_sheets("build", write_catalog(tmp_path / "shop", change), "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    assert "7505634: cannot be laid out on its sheet: a row of its variants' table is taller" in (
        result.stderr
    )
