"""The brochure (render/brochure.py): cover, contents, then each category's products in the
catalog's order, its metadata, and blank pages to pad a booklet."""

from __future__ import annotations

from pypdf import PdfReader

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
    assert len(texts) == 7
    assert "La Libération de Paris" in texts[3] and "Le sacre de Napoléon" in texts[4]


def test_brochure_metadata(built):
    out, _ = built
    reader = PdfReader(out / "medailles-commemoratives.pdf")
    assert reader.metadata.title == "Médailles commémoratives"
    assert reader.metadata.author == "Trésor du patrimoine"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_booklet_pads_with_blank_pages_at_the_end_to_a_multiple_of_4(tmp_path):
    catalog = write_catalog(tmp_path)  # 7 pages: cover, contents, 2 sections, 3 products
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--booklet")
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(brochure(tmp_path / "out")).pages]
    assert len(pages) == 8
    assert pages[-1].strip() == "", "the added page is blank"
    assert "Tour Eiffel" in pages[-2], "the last product ends before the padding"
