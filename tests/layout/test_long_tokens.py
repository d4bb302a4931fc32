"""Every character reaches the page: a token wider than its column is cut to fit, never left to
run off the page or be clipped."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from sheets.layout.typeset import TypesetParagraph, line_texts
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import run_sheets, write_catalog

URL = (
    "https://www.example.com/products/power-tools/cordless/brushless-18v-drill-driver-with-two-"
    "batteries-and-charger-in-carry-case?utm_source=catalogue&utm_medium=print"
    "&utm_campaign=spring-2025"
)
TEXTS = [
    f"Voir {URL} pour les détails.",
    "Un segment : " + "a" * 300 + " fin.",
    "Le porte-avions-hélicoptères-sous-marins-nucléaires-lanceurs-d’engins est long.",
    "Référence CODE_" + "X9" * 80 + " et 17,80 € le tout.",
]
THEME = make_theme(ThemeSettings(), "fr_FR")


def _visible(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("style", ["body", "title", "spec_value", "contents_2"])
@pytest.mark.parametrize("text", TEXTS, ids=["url", "segment", "compound", "code"])
def test_every_line_fits_its_column_and_keeps_every_character(text, style):
    paragraph_style = THEME.style(style)
    shrink = stringWidth(" ", paragraph_style.fontName, paragraph_style.fontSize) * 0.05
    for width in range(60, 330, 9):
        paragraph = TypesetParagraph(escape(text), paragraph_style)
        paragraph.wrap(width, 1e9)
        lines = line_texts(paragraph)
        for line in lines:
            drawn = stringWidth(line, paragraph_style.fontName, paragraph_style.fontSize)
            assert drawn <= width + shrink * (line.count(" ") + 1) + 0.01, (width, line)
        # Hyphenation adds a hyphen at a line's end: the text is the same without them.
        joined = "".join(
            line.removesuffix("-") if line[-2:-1].isalpha() else line for line in lines
        )
        assert _visible(joined).replace("-", "") == _visible(text).replace("-", ""), width


def test_a_long_address_in_a_description_title_and_spec_is_printed_whole(tmp_path):
    long_title = "Perceuse " + "XR" * 40 + "-" + "Z" * 30

    def change(data):
        product = data["products"][0]
        product["title"] = long_title
        product["description"] = (
            f"Voir {URL} pour les détails.\n\nLa suite ✓✓ {URL}/✓✓✓✓✓✓✓✓✓✓✓✓✓✓."
        )
        product["specs"]["Référence fabricant"] = "MFR-" + "0123456789" * 9

    catalog = write_catalog(tmp_path, change)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    document = pdfium.PdfDocument(str(sheet))
    extracted = ""
    for page in document:
        text = page.get_textpage()
        left, bottom, right, top = page.get_trimbox()
        for index in range(text.count_chars()):
            x0, y0, x1, y1 = text.get_charbox(index)
            if x1 > x0:  # a drawn character lies on the page, inside its trimmed edges
                assert left - 0.5 <= x0 and x1 <= right + 0.5, (index, x0, x1)
                assert bottom - 0.5 <= y0 and y1 <= top + 0.5, (index, y0, y1)
        extracted += text.get_text_range()
    # PDFium marks a hyphen at the end of a line (here always one of the text) as U+FFFE.
    visible = _visible(extracted).replace("\ufffe", "-")
    for expected in (URL, long_title, "MFR-" + "0123456789" * 9, f"{URL}/✓✓✓✓✓✓✓✓✓✓✓✓✓✓"):
        assert _visible(expected) in visible, expected[:30]
