"""The brochure (render/brochure.py): cover, contents, then each category's products in the
catalog's order, its metadata, and blank pages to pad a booklet."""

from __future__ import annotations

import copy

from pypdf import PdfReader

import sheets.render.brochure

from support import brochure, outline, page_texts, run_sheets, write_catalog


def test_brochure_has_cover_contents_sections_and_products_in_catalog_order(built):
    out, _ = built
    brochure = out / "medailles-commemoratives.pdf"
    texts = page_texts(brochure)
    assert "Médailles commémoratives" in " ".join(texts[0].split())
    assert "Édition d'essai" in texts[0]
    assert "Sommaire" in texts[1]
    assert outline(brochure) == [
        (0, "Histoire de France", 3),
        (1, "La Libération de Paris", 4),
        (1, "Le sacre de Napoléon", 5),
        (0, "Patrimoine", 6),
        (1, "Tour Eiffel", 7),
    ]
    assert len(texts) == 8
    assert "La Libération de Paris" in texts[3] and "Le sacre de Napoléon" in texts[4]
    # The back cover: the shop, how to reach it, and the edition.
    assert "Trésor du patrimoine".upper() in texts[7] and "example.fr" in texts[7]
    assert "Édition d’essai" in texts[7]


def test_brochure_metadata(built):
    out, _ = built
    reader = PdfReader(out / "medailles-commemoratives.pdf")
    assert reader.metadata.title == "Médailles commémoratives"
    assert reader.metadata.author == "Trésor du patrimoine"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_blank_pages_go_before_the_back_cover_which_is_always_a_back(tmp_path):
    def one_more_product(data):  # 8 pages and the back cover: 9, an odd page
        data["products"].append(
            {**copy.deepcopy(data["products"][1]), "reference": "0751", "title": "Austerlitz"}
        )

    catalog = write_catalog(tmp_path, one_more_product)
    for option, total in (("--no-pdfx", 10), ("--booklet", 12)):
        result = run_sheets("build", catalog, "-o", tmp_path / option, option)
        assert result.exit_code == 0, result.output
        pages = [page.extract_text() for page in PdfReader(brochure(tmp_path / option)).pages]
        assert len(pages) == total, option
        assert "Austerlitz" in pages[7], "the last product ends before the padding"
        assert [page.strip() for page in pages[8:-1]] == [""] * (total - 9), "blank pages"
        assert "example.fr" in pages[-1] and "Page" not in pages[-1], "the back cover is last"


def test_a_contents_of_one_line_entries_is_drawn_once(tmp_path, monkeypatch):
    """Its length is known before it is drawn (each entry on one line): no second drawing to
    put the page numbers right."""

    def many(data):
        first = data["products"][0]
        data["products"] = [
            {**copy.deepcopy(first), "reference": f"{7000 + n}", "title": f"Médaille {n}"}
            for n in range(82)
        ]

    drawn = []
    render = sheets.render.brochure.render_contents

    def counted(catalog, ctx, lines):
        part = render(catalog, ctx, lines)
        drawn.append(part.pages)
        return part

    monkeypatch.setattr(sheets.render.brochure, "render_contents", counted)
    result = run_sheets("build", write_catalog(tmp_path, many), "-o", tmp_path / "out")
    assert result.exit_code in (0, 1), result.output
    assert drawn == [3]
