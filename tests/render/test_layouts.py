"""The brochure's layouts (cards, half pages, price lists) and its indexes, read back from the
PDF: every product on the page its index says, with its title, reference and price."""

from __future__ import annotations

import copy
import re

import pytest
from pypdf import PdfReader

import sheets.render.items
from sheets.layout.context import LayoutContext
from sheets.layout.pages import PrintGeometry
from sheets.pipeline import check_catalog
from sheets.render.brochure import render_brochure

from support import (
    assert_refused_without_traceback,
    brochure,
    outline,
    page_texts,
    placed_texts,
    run_sheets,
    same_line,
    spaces_normalised,
    write_catalog,
)

PRODUCTS = 35
CATEGORIES = [("outils", "Outillage", 20), ("jardin", "Jardin", 15)]  # 20 + 15 products


def hardware(layout: str, index: bool = True, description_words: int = 40):
    """A hardware shop's catalog of 35 products in two categories, in `layout`."""

    def change(data):
        data["catalog"]["theme"] = {"layout": layout, "index": "yes" if index else "no"}
        data["categories"] = [{"id": id_, "title": title} for id_, title, _ in CATEGORIES]
        products, number = [], 0
        for id_, _, count in CATEGORIES:
            for _ in range(count):
                number += 1
                words = " ".join(f"mot{n}" for n in range(description_words))
                products.append(
                    {
                        "reference": f"H{number:03d}",
                        "title": f"Perceuse modèle {number}",
                        "category": id_,
                        "price": f"{number},50",
                        "specs": {"Puissance": f"{number * 10} W", "Poids": "2 kg"},
                        "images": [f"images/h{number % 4}.jpg"],
                        "description": f"Début{number} {words} fin{number}.",
                    }
                )
        data["products"] = products

    return change


def built_brochure(tmp_path, layout: str, **options):
    catalog = write_catalog(tmp_path, hardware(layout, **options))
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return brochure(tmp_path / "out"), result.output


def product_pages(pdf) -> dict[str, int]:
    """Each product's page (1-based), as the brochure's outline says."""
    return {title: page for level, title, page in outline(pdf) if level == 1}


@pytest.mark.parametrize(("layout", "per_page"), [("grid", 6), ("grid-4", 4), ("half", 2)])
def test_cards_put_every_product_on_its_page_with_its_title_reference_and_price(
    tmp_path, layout, per_page
):
    pdf, _ = built_brochure(tmp_path, layout)
    texts = [spaces_normalised(" ".join(text.split())) for text in page_texts(pdf)]
    pages = product_pages(pdf)
    assert len(pages) == PRODUCTS
    for number in range(1, PRODUCTS + 1):
        text = texts[pages[f"Perceuse modèle {number}"] - 1]
        assert f"Perceuse modèle {number}" in text
        assert f"Réf. H{number:03d}" in text
        assert f"{number},50 €" in text
    # A page of cards holds `per_page` products, and each category starts a page of its own.
    card_pages = [sum(1 for page in pages.values() if page == n) for n in set(pages.values())]
    assert max(card_pages) == per_page
    expected = sum(-(-count // per_page) for _, _, count in CATEGORIES)
    assert len(set(pages.values())) == expected
    # Cover, contents, an opener a category, the cards, an index page each, then the back
    # cover after a blank page if need be: an even count.
    contents = min(page for level, _, page in outline(pdf) if level == 0) - 2
    assert contents in (1, 2)
    body = 1 + contents + len(CATEGORIES) + expected + 2
    assert len(texts) == body + 1 + (body + 1) % 2


def index_lines(pdf, page_index: int) -> list[tuple[str, int, float, float]]:
    """An index page's entries, each with the page number printed on its line, and where."""
    placed = placed_texts(pdf, page_index)
    entries = []
    for x, y, text in sorted(placed, key=lambda item: (item[0] > 300, -item[1])):
        if "·" in text:
            numbers = [t.strip(" .") for t in same_line(placed, x, y)]
            entries.append((text, int(next(n for n in numbers if n.isdigit())), x, y))
    return entries


def test_index_page_numbers_and_links_point_at_the_products_pages(tmp_path):
    pdf, _ = built_brochure(tmp_path, "grid")
    texts = [spaces_normalised(text) for text in page_texts(pdf)]
    pages = product_pages(pdf)
    by_reference = next(i for i, text in enumerate(texts) if text.startswith("Index des réf"))
    by_name = next(i for i, text in enumerate(texts) if text.startswith("Index alphabétique"))
    entries = index_lines(pdf, by_reference)
    assert [text for text, *_ in entries] == [
        f"H{n:03d} · Perceuse modèle {n}" for n in range(1, PRODUCTS + 1)
    ]
    for text, page, *_ in entries:
        title = text.split(" · ")[1]
        assert page == pages[title], text
        assert title in texts[page - 1] and text.split(" · ")[0] in texts[page - 1]
    # The index by name, numbers in their order: modèle 1, 2 … 9, 10 …
    names = [text for text, *_ in index_lines(pdf, by_name)]
    assert names == [f"Perceuse modèle {n} · H{n:03d}" for n in range(1, PRODUCTS + 1)]
    assert all(page == pages[text.split(" · ")[0]] for text, page, *_ in index_lines(pdf, by_name))
    # Every line is a link to its product's page: its text and its number.
    reader = PdfReader(pdf)
    page_numbers = {page.indirect_reference.idnum: n + 1 for n, page in enumerate(reader.pages)}
    linked = []
    for annotation in reader.pages[by_reference]["/Annots"]:
        annotation = annotation.get_object()
        x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
        middle = (y0 + y1) / 2
        column = [entry for entry in entries if x0 - 300 < entry[2] < x1]
        # The line it stands on: the nearest baseline under the box's middle.
        text, page, *_ = min(
            (entry for entry in column if entry[3] <= middle), key=lambda e: middle - e[3]
        )
        assert page_numbers[annotation["/Dest"][0].idnum] == page, text
        linked.append(text)
    assert set(linked) == {text for text, *_ in entries}
    # The contents and the outline name the indexes, at their pages.
    assert "Index des références" in texts[1] + texts[2]
    assert (0, "Index des références", by_reference + 1) in outline(pdf)
    assert (0, "Index alphabétique", by_name + 1) in outline(pdf)


def test_a_card_shortens_a_long_description_and_points_at_the_sheet_which_has_every_word(tmp_path):
    pdf, output = built_brochure(tmp_path, "grid", description_words=400)
    texts = [spaces_normalised(" ".join(text.split())) for text in page_texts(pdf)]
    pages = product_pages(pdf)
    card = texts[pages["Perceuse modèle 7"] - 1]
    assert "Début7 mot0" in card and "fin7." not in card
    assert "Description complète sur la fiche H007" in card
    assert "cards: 35 descriptions shortened in" in " ".join(output.split())
    sheet = " ".join(
        " ".join(text.split())
        for text in page_texts(tmp_path / "out" / "sheets" / "H007-perceuse-modele-7.pdf")
    )
    assert "mot399 fin7." in sheet


def test_short_descriptions_fit_their_cards_whole_and_nothing_is_said(tmp_path):
    pdf, output = built_brochure(tmp_path, "grid", description_words=10)
    text = spaces_normalised(" ".join(" ".join(page_texts(pdf)).split()))
    assert "fin7." in text and "Description complète" not in text
    assert "shortened" not in output


def test_a_price_list_holds_every_product_in_rows_under_a_header_on_every_page(tmp_path):
    pdf, _ = built_brochure(tmp_path, "list", index=False)
    texts = [spaces_normalised(" ".join(text.split())) for text in page_texts(pdf)]
    pages = product_pages(pdf)
    # Each category's list starts on its opener's page, and flows on.
    assert "01 Outillage" in texts[pages["Perceuse modèle 1"] - 1]
    assert "02 Jardin" in texts[pages["Perceuse modèle 21"] - 1]
    for number in range(1, PRODUCTS + 1):
        row = re.search(
            rf"H{number:03d} Perceuse modèle {number} (\S+ W) · 2 kg {number},50 €",
            texts[pages[f"Perceuse modèle {number}"] - 1],
        )
        assert row and row.group(1) == f"{number * 10} W", number
    for page in set(pages.values()):
        assert "RÉF. PRODUIT CARACTÉRISTIQUES PRIX" in texts[page - 1]
    # Cover, contents, the lists (on three pages), the back cover: no page for a blank.
    assert len(texts) == 6


def test_a_card_whose_details_are_too_long_drops_specs_then_subtitle_and_stays_in_its_place(
    tmp_path,
):
    long = "Une phrase assez longue pour remplir la ligne entière, et plus encore. " * 4

    def crowded(data):
        hardware("grid", description_words=40)(data)
        data["products"][0]["specs"] = {"Métal": long[:290], "Finition": long[:290]}
        data["products"][1]["title"] = ("Perceuse au titre très long " * 8)[:199]
        data["products"][1]["subtitle"] = ("Un sous-titre plus long encore que le titre " * 7)[:300]

    catalog = write_catalog(tmp_path, crowded)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "shortened in" in result.output and "H001, H002" in result.output
    pdf = brochure(tmp_path / "out")
    page = product_pages(pdf)["Perceuse modèle 3"] - 1
    text = " ".join(page_texts(pdf)[page].split())
    assert ("Perceuse au titre très long " * 8)[:199].strip() in text, "a title is never cut"
    assert texts_outside_cards(pdf, page, catalog, rows=3) == []


def texts_outside_cards(pdf, page: int, catalog, rows: int) -> list[tuple[str, float]]:
    """The texts of a page of cards that stand in a gap between rows of cards, or under them
    in the footer (but the footer's own)."""
    ctx = LayoutContext.for_catalog(check_catalog(catalog)[0])
    theme, gap, border = ctx.theme, ctx.theme.cards.gap, PrintGeometry.for_context(ctx).border
    top = theme.page_size[1] - theme.margin - theme.pages.header_height + border
    card = (theme.body_height - (rows - 1) * gap) / rows
    gaps = [
        (top - (n + 1) * card - n * gap - gap, top - (n + 1) * card - n * gap) for n in range(rows)
    ]
    outside = []
    for _, y, piece in placed_texts(pdf, page):
        if y < theme.margin + theme.pages.footer_height + border:  # only the footer there
            if piece not in ("Trésor du patrimoine", f"Page {page + 1}"):
                outside.append((piece, y))
        elif y < top and any(low < y < high for low, high in gaps):
            outside.append((piece, y))
    return outside


def test_a_half_page_card_without_a_photo_keeps_its_text_inside(tmp_path):
    def bare(data):
        hardware("half", description_words=600)(data)
        for product in data["products"]:
            del product["images"]

    catalog = write_catalog(tmp_path, bare)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = brochure(tmp_path / "out")
    for page in sorted(set(product_pages(pdf).values())):
        assert texts_outside_cards(pdf, page - 1, catalog, rows=2) == [], page


def test_a_price_list_row_taller_than_a_page_names_its_product(tmp_path):
    def towering(data):
        hardware("list")(data)
        data["catalog"]["theme"]["page_size"] = "A5"
        data["products"][4]["specs"] = {"A": "Y" * 290 + " z", "B": "mot " * 70}
        data["products"][4]["subtitle"] = "long " * 55

    result = run_sheets("build", write_catalog(tmp_path, towering), "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    assert "product H005: cannot be laid out in the brochure: its row in the price list" in (
        result.output
    )
    assert "catalog.yaml:" in result.output and "Flowable" not in result.output


def test_a_thousand_products_in_a_price_list_take_under_forty_pages_every_row_kept(tmp_path):
    def thousand(data):
        data["catalog"]["theme"] = {"layout": "list", "index": "yes"}
        data["categories"] = [{"id": f"c{n}", "title": f"Rayon {n}"} for n in range(5)]
        data["products"] = [
            {
                "reference": f"P{n:04d}",
                "title": f"Vis à bois numéro {n}",
                "category": f"c{n * 5 // 1000}",
                "price": f"{n % 90 + 1},20",
                "specs": {"Longueur": f"{n % 80 + 10} mm", "Tête": "fraisée"},
                "description": "Une vis.",
            }
            for n in range(1000)
        ]

    catalog, problems = check_catalog(write_catalog(tmp_path, thousand))
    assert catalog is not None, problems
    data, _ = render_brochure(catalog, LayoutContext.for_catalog(catalog))
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(data)
    texts = [spaces_normalised(text) for text in page_texts(pdf)]
    sections = [page for level, _, page in outline(pdf) if level == 0]
    products = sections[-2] - sections[0]  # from the first opener to the first index
    assert products < 40, products
    # Every row, in order, each page of rows under the list's header.
    shown = re.findall(r"\bP\d{4}\b", " ".join(texts[sections[0] - 1 : sections[-2] - 1]))
    assert shown == [f"P{n:04d}" for n in range(1000)]
    for text in texts[sections[0] - 1 : sections[-2] - 1]:
        assert "RÉF.\nPRODUIT" in text or "RÉF. PRODUIT" in " ".join(text.split())
    # The contents names the categories and ranges of their products, not each of them.
    contents = " ".join(" ".join(texts[1 : sections[0] - 1]).split())
    assert "Vis à bois numéro 0 – Vis à bois numéro 24" in contents
    assert "Vis à bois numéro 30 " not in contents


def test_the_summary_counts_every_page_a_fresh_build_draws_the_indexes_too(tmp_path):
    def many(data):
        hardware("list")(data)
        data["catalog"]["theme"]["page_size"] = "A5"
        first = data["products"][0]
        data["products"] += [
            {**copy.deepcopy(first), "reference": f"X{n:03d}", "title": f"Rivet {n}"}
            for n in range(150)
        ]

    catalog = write_catalog(tmp_path, many)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--fresh")
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(brochure(tmp_path / "out")).pages)
    sections = [page for level, _, page in outline(brochure(tmp_path / "out")) if level == 0]
    assert sections[-1] - sections[-2] > 1, "an index of more than a page"
    assert f"brochure pages 1–{pages} redrawn" in result.output


def test_a_card_with_room_for_its_details_alone_is_built_without_its_description(tmp_path):
    def tight(data):
        hardware("grid", description_words=2)(data)
        data["catalog"]["theme"]["page_size"] = "A5"
        data["products"][0]["title"] = "Cathédrale frappée anticonstitutionnellement en or"
        data["products"][0]["specs"] = {}

    catalog = write_catalog(tmp_path, tight)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_texts(brochure(tmp_path / "out"))).split())
    assert "Cathédrale frappée anticonstitutionnellement en or" in spaces_normalised(text)


def test_every_product_a_card_cannot_hold_is_named_in_one_build(tmp_path, monkeypatch):
    def crowded(data):
        hardware("grid")(data)
        data["catalog"]["theme"]["page_size"] = "A5"
        for index in (2, 30):
            data["products"][index]["title"] = ("Perceuse " * 22)[:199]

    monkeypatch.setattr(sheets.render.items, "RUN_ITEMS", 2)  # the two in runs of their own
    result = run_sheets("build", write_catalog(tmp_path, crowded), "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    assert "product H003: cannot be laid out in the brochure: its title" in result.output
    assert "product H031: cannot be laid out in the brochure: its title" in result.output
    assert "catalog.yaml: 2 errors" in result.output, "their sheets are laid out"
