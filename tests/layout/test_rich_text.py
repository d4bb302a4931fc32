"""Descriptions in a little Markdown (rich_text.py): bold and italic drawn in their faces, lists
with their bullets and numbers, line breaks, links shown with their address; and everything
else, ReportLab's and HTML's tags included, shown as written."""

from __future__ import annotations

import pypdfium2 as pdfium
from pypdf import PdfReader

from sheets.catalog.products import split_paragraphs
from sheets.layout.context import LayoutContext
from sheets.pipeline import check_catalog

from support import BASE_YAML, edited, run_sheets, spaces_normalised, write_catalog_text

DESCRIPTION = """\
    description: |
      Une perceuse **sans fil** pour l'atelier, *légère* et <font color=red>robuste</font>
      <script>alert(1)</script> &amp; 5 * 3 = 15 \\*sic\\*.

      Ses points forts :
      - moteur **Brushless**, 18 V
      - deux vitesses,
        de 0 à 1 800 tr/min

      1. Chargez la batterie.
      2. Choisissez la vitesse\\
         puis serrez le foret.

      Voir [notre site](https://www.example.fr/perceuse) et [l'été](https://exemple.fr/été).
"""


def drawn_runs(pdf) -> list[tuple[str, str]]:
    """(font, text) of every piece of text the first page draws, in order."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            runs.append((str(font["/BaseFont"]).split("+")[-1], text.strip()))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def test_markdown_is_drawn_and_markup_is_shown_as_text(tmp_path):
    old = BASE_YAML[BASE_YAML.index("    description: |") :]
    catalog = write_catalog_text(tmp_path, edited(old, DESCRIPTION))
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    page = spaces_normalised(" ".join(PdfReader(sheet).pages[0].extract_text().split()))
    # User text is text: tags, entities and stars are shown as written (with the space French
    # puts before a semicolon).
    shown = "<font color=red>robuste</font> <script>alert(1)</script> &amp ; 5 * 3 = 15 *sic*."
    assert shown in page
    assert "**" not in page and "[notre site]" not in page
    assert "Voir notre site (example.fr/perceuse) et l’été (exemple.fr/été)." in page
    assert "• moteur Brushless, 18 V" in page
    assert "• deux vitesses, de 0 à 1 800 tr/min" in page
    assert "1. Chargez la batterie. 2. Choisissez la vitesse puis serrez le foret." in page
    runs = drawn_runs(sheet)
    faces = {text: font for font, text in runs}
    assert faces["sans fil"].endswith("-Bold") and faces["Brushless"].endswith("-Bold")
    assert faces["légère"].endswith("-Italic")
    # The line break: "puis serrez le foret." starts a line of its own, under its item's text.
    lines = [text for _, text in runs]
    assert "puis serrez le foret." in lines


def test_blocks_are_paragraphs_and_list_items():
    written = (
        "Le général entre dans Paris le 25 août\n1944. Il descend les Champs.\n\n"
        "Au programme :\n- le défilé\n- la messe,\n  à Notre-Dame\n3. pas une liste\n\n"
        "1. un\n2. deux\nsuite de deux\\\naprès le saut"
    )
    assert [block for _, block in split_paragraphs(written)] == [
        # A year at a line's start is no list: only 1 starts a numbered list.
        "Le général entre dans Paris le 25 août 1944. Il descend les Champs.",
        "Au programme :",
        "- le défilé",
        "- la messe, à Notre-Dame",
        "3. pas une liste",  # within a list, any number starts an item
        "1. un",
        "2. deux suite de deux\\\naprès le saut",
    ]


ORDINALS = """    description: |
      Le 1er août 1944, la 2e DB entre dans Paris, au XIXe siècle près de Napoléon Ier ; Le Ce De
      restent des mots, comme A2e et 1,5e.
"""


def test_ordinals_letters_are_raised_and_read_back_as_letters(tmp_path):
    old = BASE_YAML[BASE_YAML.index("    description: |") :]
    catalog = write_catalog_text(tmp_path, edited(old, ORDINALS))
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    page = pdfium.PdfDocument(sheet)[0].get_textpage()
    text = page.get_text_range()
    # PDFium (Chrome's reader) reads each ordinal whole, on its line.
    for ordinal in ("Le 1er août", "la 2e DB", "XIXe siècle", "Napoléon Ier", "A2e et 1,5e"):
        assert ordinal in " ".join(text.split()), ordinal
    start = text.index("1er août")
    digit, letters = page.get_charbox(start), page.get_charbox(start + 1)
    size = pdfium.raw.FPDFText_GetFontSize
    assert size(page.raw, start + 1) < size(page.raw, start), "the letters smaller"
    assert letters[1] > digit[1], "and raised"
    for word in ("Le Ce De", "A2e"):  # words and codes stay as they are
        index = text.index(word)
        sizes = {size(page.raw, index + n) for n in range(len(word)) if word[n] != " "}
        assert len(sizes) == 1, word


def test_every_paragraph_raises_ordinals_but_text_at_its_smallest(tmp_path):
    catalog = write_catalog_text(tmp_path, BASE_YAML)
    ctx = LayoutContext.for_catalog(check_catalog(catalog)[0])
    assert "2<super" in ctx.paragraph("au 2e rang", "spec_value").text
    assert "<super" not in ctx.paragraph("Vers 1827", "spec_value").text
    # A card's text is at the theme's smallest size: its letters could not be smaller.
    assert ctx.paragraph("au 2e rang", "card_text").text == "au 2e rang"
