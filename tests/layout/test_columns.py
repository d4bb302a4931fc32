"""Text in balanced columns that flows across pages (columns.py), every word kept."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from sheets.i18n.typography import typeset_text
from sheets.layout.columns import BalancedText
from sheets.layout.typeset import TypesetParagraph
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import (
    FRENCH_PARAGRAPHS,
    drawn_description,
    ink_near_edges,
    long_description,
    page_texts,
    run_sheets,
    words,
    write_catalog,
)

BODY = make_theme(ThemeSettings(), "fr_FR").style("body")  # hyphenated in French


def test_long_description_flows_onto_a_continuation_page_with_every_word(tmp_path):
    text = long_description()

    def make_long(data):
        data["products"][0]["description"] = text

    catalog = write_catalog(tmp_path, make_long)
    assert run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634").exit_code == 0
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    texts = page_texts(sheet)
    assert len(texts) >= 2
    assert "suite" in texts[1] and "La Libération de Paris" in texts[1], "running header"
    assert words(drawn_description(sheet, text)) == words(text)
    for index in range(len(texts)):
        assert not ink_near_edges(sheet, index, border_pt=36)


def test_balanced_columns_of_typeset_paragraphs_draw_every_word_across_pages():
    paragraphs = [
        TypesetParagraph(escape(typeset_text(t, "fr_FR")), BODY) for t in FRENCH_PARAGRAPHS * 3
    ]
    out = io.BytesIO()
    page = (50 * mm + 24, 70 * mm + 24)  # one column of about 20 lines: it flows over pages
    document = SimpleDocTemplate(out, pagesize=page, leftMargin=12, rightMargin=12)
    document.topMargin = document.bottomMargin = 12
    document.build([BalancedText(paragraphs, gap=0, columns=1)])
    pages = PdfReader(out).pages
    drawn = words("\n".join(page.extract_text() for page in pages))
    assert len(pages) > 3
    assert drawn == words(" ".join(FRENCH_PARAGRAPHS * 3))
