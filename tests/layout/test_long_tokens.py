"""Every character reaches the page: a token wider than its column is cut to fit, never left to
run off the page or be clipped."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
import pyphen
import pytest
from pypdf import PdfReader
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


LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters, in English dictionaries


def _hyphenation_points(word: str) -> list[int]:
    return pyphen.Pyphen(lang="en_GB").positions(word)


@pytest.mark.parametrize("style", ["body", "title", "spec_value"])
def test_a_word_wider_than_its_column_is_cut_at_hyphenation_points_with_a_hyphen(style):
    theme = make_theme(ThemeSettings(), "en_GB")
    paragraph = TypesetParagraph(f"The {LONG_WORD} is long.", theme.style(style))
    paragraph.wrap(90, 1e9)
    lines = line_texts(paragraph)
    assert sum(line.endswith("-") for line in lines) >= 2, lines  # a hyphen drawn at each cut
    written = ""  # the text up to the end of a line, without spaces or the hyphens added
    for line in lines:
        written += line.removesuffix("-").replace(" ", "")
        if line.endswith("-"):
            assert len(written) - len("The") in _hyphenation_points(LONG_WORD), (lines, line)
    assert written == f"The {LONG_WORD} is long.".replace(" ", "")


@pytest.mark.parametrize(
    "token",
    [
        "1234567890" * 6,  # digits
        "https://www.example.com/" + "productsandservices" * 3,  # an address
        "REF_" + "ABCDEFGH" * 6,  # a code
    ],
    ids=["digits", "url", "code"],
)
def test_a_token_that_is_no_word_is_cut_without_an_invented_hyphen(token):
    theme = make_theme(ThemeSettings(), "en_GB")
    paragraph = TypesetParagraph(escape(token), theme.style("body"))
    paragraph.wrap(90, 1e9)
    lines = line_texts(paragraph)
    assert len(lines) >= 2
    assert "".join(lines) == token, lines  # nothing added: no hyphen at the cuts


def test_a_soft_hyphen_is_where_a_long_word_is_cut_first():
    theme = make_theme(ThemeSettings(), "en_GB")
    word = "Zyxwvutsrqponmlkj\u00adihgfedcbazyxw"  # wider than the column
    paragraph = TypesetParagraph(word, theme.style("body"))
    paragraph.wrap(110, 1e9)
    assert line_texts(paragraph) == ["Zyxwvutsrqponmlkj-", "ihgfedcbazyxw"]


def test_a_long_word_in_a_two_column_description_on_a5_is_hyphenated_and_kept_whole(tmp_path):
    def change(data):
        data["catalog"].update(locale="en_GB", theme={"page_size": "A5"})
        for product, price in zip(data["products"], ("17.80", "1,299.00", "45.00"), strict=True):
            product["price"] = price
        data["products"][0]["description"] = (
            f"Miners knew {LONG_WORD} well.\n\nThe reference 0123456789012345678901234567890123"
            "456789 stays whole."
        )

    catalog = write_catalog(tmp_path, change)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(sheet).pages)
    lines = [line.strip() for line in text.splitlines()]
    # The word is cut, in the column, at a place the dictionary allows, and a hyphen drawn.
    heads = [line.split()[-1] for line in lines if line]
    cuts = [head for head in heads if head.endswith("-") and LONG_WORD.startswith(head[:-1])]
    assert cuts, lines
    assert len(cuts[0]) - 1 in _hyphenation_points(LONG_WORD)
    # Every character is there: without the hyphens added and the line breaks, the whole word.
    joined = re.sub(r"-\n", "", "\n".join(lines)).replace("\n", "")
    assert LONG_WORD in joined
    assert "0123456789012345678901234567890123456789" in re.sub(r"\s", "", text)
