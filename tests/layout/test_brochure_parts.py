"""The brochure's own pages (brochure_parts.py): contents entries that point at their pages, and
each category's opener, numbered among the published ones, its title low on the page."""

from __future__ import annotations

import pypdfium2 as pdfium
from pypdf import PdfReader

from support import brochure, line_with, outline, page_texts, run_sheets, words, write_catalog


def test_contents_page_numbers_point_at_the_right_pages(built):
    out, _ = built
    brochure = out / "medailles-commemoratives.pdf"
    for _, title, page in outline(brochure):
        # Each entry's line ends with its page number (after the dot leader, if any).
        assert words(line_with(brochure, 1, title))[-1] == str(page), title
    reader = PdfReader(brochure)
    targets = {
        reader.get_page_number(annotation.get_object()["/Dest"][0].get_object())
        for annotation in reader.pages[1]["/Annots"]
    }
    assert targets == {page - 1 for _, _, page in outline(brochure)}


def test_sections_are_numbered_among_the_published_ones(tmp_path):
    def empty_first(data):
        data["categories"].insert(0, {"id": "vide", "title": "Vide"})

    catalog = write_catalog(tmp_path, empty_first)
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0
    texts = page_texts(tmp_path / "out" / "medailles-commemoratives.pdf")
    assert "01" in texts[2] and "Histoire de France" in texts[2]


def test_a_section_title_sits_low_on_its_opening_page(built):
    out, _ = built
    pdf = brochure(out)
    page = pdfium.PdfDocument(str(pdf))[2]  # the first section's opening page
    _, y0, _, y1 = page.get_trimbox()
    text = page.get_textpage()
    found = text.search("Histoire de France").get_next()
    assert found
    top = text.get_charbox(found[0])[3]
    assert (y1 - top) > 0.2 * (y1 - y0), "the drop comes above the number and title"
