"""French text hyphenated, without ladders (typeset.py): TypesetParagraph avoids three hyphenated
lines in a row where one line pays for it, and its split parts keep every word."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pytest
from reportlab.platypus import Paragraph

from sheets.i18n.typography import typeset_text
from sheets.layout.typeset import TypesetParagraph, line_texts
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import (
    COLUMN_WIDTHS,
    FRENCH_PARAGRAPHS,
    long_description,
    page_texts,
    run_sheets,
    wrapped,
    write_catalog,
)

BODY = make_theme(ThemeSettings(), "fr_FR").style("body")  # hyphenated in French
UNHYPHENATED = BODY.clone("body-unhyphenated", hyphenationLang="")
LONG = " ".join(FRENCH_PARAGRAPHS * 3)


def hyphenated_flags(paragraph: Paragraph) -> list[bool]:
    """For each line: does it end with a hyphen?"""
    return [len(line) > 1 and line.endswith("-") for line in line_texts(paragraph)]


def longest_run(flags: list[bool]) -> int:
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest


LADDER_CASES = [escape(typeset_text(text, "fr_FR")) for text in [*FRENCH_PARAGRAPHS, LONG]] + [
    # With markup, ReportLab lays out fragments (FragLines) instead of plain words.
    "<i>Note :</i> " + escape(typeset_text(text, "fr_FR"))
    for text in FRENCH_PARAGRAPHS
]


def test_typeset_paragraph_avoids_three_hyphenated_lines_in_a_row_where_one_line_pays_for_it():
    ladders_removed = hyphenated_lines = 0
    for markup in LADDER_CASES:
        for width in COLUMN_WIDTHS:
            paragraph = wrapped(TypesetParagraph(markup, BODY), width)
            hyphenated = wrapped(Paragraph(markup, BODY), width)
            unhyphenated = wrapped(Paragraph(markup, UNHYPHENATED), width)
            lines, where = line_texts(paragraph), (width, markup[:30])
            assert paragraph.height == len(lines) * BODY.leading, where
            if unhyphenated._splitLongWordCount:
                continue  # a word wider than the column: cut by our own rule, tested on its own
            hyphenated_lines += sum(hyphenated_flags(paragraph))
            if longest_run(hyphenated_flags(hyphenated)) < 3:
                assert lines == line_texts(hyphenated), where  # nothing to avoid: left alone
            elif len(unhyphenated.blPara.lines) <= len(hyphenated.blPara.lines) + 1 and (
                # ReportLab's count of words it had to cut anywhere for being wider than a line
                unhyphenated._splitLongWordCount <= hyphenated._splitLongWordCount
            ):
                assert lines == line_texts(unhyphenated), where
                ladders_removed += 1
            else:  # avoiding the ladder costs two lines or more, or cuts a word: it stays
                assert lines == line_texts(hyphenated), where
    assert ladders_removed >= 10
    assert hyphenated_lines >= 100, "French text in narrow columns is hyphenated"


def split_into_columns(paragraph: Paragraph, width: float, lines_per_column: int):
    """Cut a paragraph the way BalancedText does: wrap, count lines, split, until it fits."""
    parts = []
    while True:
        whole = line_texts(wrapped(paragraph, width))
        if len(whole) <= lines_per_column:
            return [*parts, paragraph]
        pieces = paragraph.split(width, lines_per_column * BODY.leading + 0.01)
        assert len(pieces) == 2
        head, paragraph = pieces
        assert isinstance(head, Paragraph) and isinstance(paragraph, Paragraph)
        # Wrapped again, the head gives back the lines it was measured with.
        head_lines = line_texts(wrapped(head, width))
        assert head_lines == whole[: len(head_lines)]
        assert len(head_lines) in (lines_per_column, lines_per_column - 1)  # no widow
        parts.append(head)


def drawn_characters(parts: list[Paragraph], width: float) -> str:
    """The parts' text without spaces, and without the hyphens ReportLab added at lines' ends.

    Characters rather than words: in very narrow columns ReportLab cuts a word wider than the
    line without a hyphen (splitLongWords).
    """
    text = "\n".join(line for part in parts for line in line_texts(wrapped(part, width)))
    return re.sub(r"\s", "", re.sub(r"(\w)-\n", r"\1", text))


@pytest.mark.parametrize("markup", LADDER_CASES)
def test_split_parts_keep_every_word_and_the_lines_they_were_measured_with(markup):
    decided_unhyphenated = 0
    for width in COLUMN_WIDTHS:
        for lines_per_column in (3, 5, 8):
            parts = split_into_columns(TypesetParagraph(markup, BODY), width, lines_per_column)
            plain_text = re.sub(r"<[^>]+>", "", markup).replace("&amp;", "&")
            expected = re.sub(r"\s", "", plain_text)
            assert drawn_characters(parts, width) == expected, (width, lines_per_column)
            decided_unhyphenated += len(parts) > 1 and parts[0].style.hyphenationLang == ""
    if markup.startswith("Le 25 août"):
        assert decided_unhyphenated > 0, "the case where the ladder is avoided is split too"


def test_description_is_hyphenated_in_french(tmp_path):
    def make_long(data):
        data["products"][0]["description"] = long_description(paragraphs=6)

    catalog = write_catalog(tmp_path, make_long)
    run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    text = "\n".join(page_texts(tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"))
    hyphenated = [line for line in text.splitlines() if line.rstrip().endswith("-")]
    assert len(hyphenated) >= 3
