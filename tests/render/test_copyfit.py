"""Copyfitting (layout/copyfit.py, layout/columns.py), read back from the sample's PDFs: a sheet
that overflows by a few lines is fitted onto one page less; one that cannot be leaves its last
page a few lines per column at least; no page ends on a word cut by a hyphen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from sheets.i18n.labels import labels_for
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import (
    SAMPLE,
    drawn_description,
    long_description,
    run_sheets,
    words,
    write_catalog,
)

THEME = make_theme(ThemeSettings(), "fr_FR")
MIN_LINES = THEME.copyfit.min_lines
LIBERATION_EN = "sheets/7505634-the-liberation-of-paris.en_GB.pdf"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("copyfit") / "out"
    result = run_sheets("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def body_lines(path: Path, page_index: int) -> list[list[tuple[float, str]]]:
    """The lines of text between a page's running head and footer, by column (left half, right
    half), each as (height from the page's foot, text), top line first."""
    page = PdfReader(path).pages[page_index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    # A page with a bleed has its trim inset: the text area is measured from the trim.
    inset = (width - THEME.page_size[0]) / 2
    bottom = inset + THEME.margin + THEME.pages.footer_height
    top = height - inset - THEME.margin - THEME.pages.header_height
    pieces: dict[tuple[int, int], list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            if bottom < y < top:
                column = int(x >= width / 2)
                pieces.setdefault((column, round(y * 2)), []).append((x, text.strip()))

    page.extract_text(visitor_text=visit)
    columns: list[list[tuple[float, str]]] = [[], []]
    for (column, y), parts in sorted(pieces.items(), key=lambda item: -item[0][1]):
        columns[column].append((y / 2, " ".join(text for _, text in sorted(parts))))
    return columns


def ends_hyphenated(line: str) -> bool:
    return len(line) > 1 and line.endswith("-") and line[-2].isalpha()


def sheets_of(out: Path) -> list[Path]:
    return sorted((out / "sheets").glob("*.pdf"))


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_the_english_liberation_sheet_is_fitted_onto_one_page(out):
    assert pages(out / LIBERATION_EN) == 1


def test_fitting_can_be_turned_off_and_the_sheet_then_runs_on(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    assert "  theme:\n" in text
    catalog.write_text(text.replace("  theme:\n", "  theme:\n    copyfit: no\n", 1), "utf-8")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    args = ("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert run_sheets(*args).exit_code == 0
    assert pages(tmp_path / "out" / LIBERATION_EN) == 2


def test_no_sheet_ends_with_fewer_lines_per_column_than_the_theme_asks(out):
    continued = [sheet for sheet in sheets_of(out) if pages(sheet) > 1]
    assert continued, "the sample has a sheet too long for one page"
    for sheet in continued:
        columns = body_lines(sheet, pages(sheet) - 1)
        counts = [len(column) for column in columns]
        assert all(count == 0 or count >= MIN_LINES for count in counts), (sheet.name, counts)


def test_no_brochure_page_ends_a_product_with_fewer_lines_per_column(out):
    for brochure in sorted(out.glob("*.pdf")):
        locale = brochure.stem.rsplit(".", 1)[1]
        mark = f"· {labels_for(locale)['continued']}"
        texts = [page.extract_text() for page in PdfReader(brochure).pages]
        last_continued = [
            index
            for index, text in enumerate(texts)
            if mark in text and (index + 1 == len(texts) or mark not in texts[index + 1])
        ]
        for index in last_continued:
            counts = [len(column) for column in body_lines(brochure, index)]
            assert all(count == 0 or count >= MIN_LINES for count in counts), (
                brochure.name,
                index + 1,
                counts,
            )


def test_no_page_of_the_sample_ends_on_a_word_cut_by_a_hyphen(out):
    documents = [*sheets_of(out), *sorted(out.glob("*.pdf"))]
    checked = 0
    for document in documents:
        for index in range(pages(document) - 1):
            left, right = body_lines(document, index)
            last = (right or left)[-1:]
            checked += bool(last)
            assert not (last and ends_hyphenated(last[0][1])), (document.name, index + 1, last)
    assert checked > 30


@pytest.mark.parametrize(
    "words_long, pages_taken",
    [(280, 1), (400, 1), (420, 2), (470, 2)],  # fits; fitted; only just not, and not
)
def test_a_description_fitted_or_not_keeps_every_word_and_its_pages_end_well(
    tmp_path, words_long, pages_taken
):
    text = long_description(paragraphs=4, words_per_paragraph=words_long // 4)

    def make_long(data):
        data["products"][0]["description"] = text

    catalog = write_catalog(tmp_path, make_long)
    assert run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634").exit_code == 0
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    assert words(drawn_description(sheet, text)) == words(text)
    assert pages(sheet) == pages_taken
    for index in range(pages_taken - 1):
        left, right = body_lines(sheet, index)
        assert not ends_hyphenated((right or left)[-1][1])
    if pages_taken > 1:
        counts = [len(column) for column in body_lines(sheet, pages_taken - 1)]
        assert all(count >= MIN_LINES for count in counts), counts
