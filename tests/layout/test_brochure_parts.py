"""The brochure's own pages (brochure_parts.py): contents entries that point at their pages, and
each category's opener, numbered among the published ones, its title low on the page."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.platypus import SimpleDocTemplate, Spacer

from sheets.catalog.keys import MAX_INTRO, MAX_LINE, MAX_NAME
from sheets.layout.brochure_parts import FEWEST_LAST, ContentsLine, contents_table
from sheets.layout.context import LayoutContext
from sheets.pipeline import check_catalog

from support import (
    assert_refused_without_traceback,
    brochure,
    first_missing,
    line_with,
    long_description,
    outline,
    page_texts,
    run_sheets,
    words,
    words_filling,
    write_catalog,
)


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


def _a5(data, **theme):
    data["catalog"]["theme"] = {"page_size": "A5", **theme}


def _one_line(text: str) -> str:
    """A page's text with its line breaks as spaces, and a hyphen added at a line's end gone."""
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).split())


def test_on_a5_the_cover_holds_a_title_of_the_longest_length_on_one_page(tmp_path):
    title = words_filling(MAX_NAME)

    def long_title(data):
        _a5(data)
        data["catalog"].update(title=title, subtitle=words_filling(MAX_LINE, seed=4))

    catalog = write_catalog(tmp_path, long_title)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code == 0, result.output
    texts = page_texts(next((tmp_path / "out").glob("*.pdf")))
    assert title in _one_line(texts[0]), "the whole title is on the cover"
    assert words_filling(MAX_LINE, seed=4) in _one_line(texts[0])
    assert texts[1].startswith("Sommaire"), "the page after the cover is the contents"
    assert len(texts) == 8


def test_on_a5_the_cover_photo_shrinks_so_that_the_title_keeps_its_words_whole(tmp_path):
    catalog = write_catalog(tmp_path, _a5)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code == 0, result.output
    reader = PdfReader(brochure(tmp_path / "out"))
    cover = reader.pages[0].extract_text().replace(" \n", "\n")  # the space ending a line
    assert "Médailles\ncommémoratives" in cover, "no word of the title cut"
    assert len(reader.pages[0].images) == 1, "the photo is on the cover"
    assert reader.pages[1].extract_text().startswith("Sommaire")


def test_on_a5_a_section_with_the_longest_title_and_intro_keeps_every_word(tmp_path):
    title, intro = words_filling(MAX_NAME), long_description(1, 600)[:MAX_INTRO]

    def long_section(data):
        _a5(data)
        data["categories"][0].update(title=title, intro=intro)

    catalog = write_catalog(tmp_path, long_section)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code == 0, result.output
    texts = page_texts(brochure(tmp_path / "out"))
    opening = _one_line(texts[2])
    assert opening.startswith("01") and title in opening, "the whole title on its opening page"
    # The introduction flows on to the next pages, every word in order.
    assert first_missing(words(intro), words("\n".join(texts[2:]))) is None
    assert outline(brochure(tmp_path / "out"))[0] == (0, title, 3)


def test_on_a5_the_back_cover_holds_the_longest_texts_on_one_page(tmp_path):
    address, edition, title = words_filling(MAX_LINE), words_filling(MAX_NAME), "Médailles"

    def long_back(data):
        _a5(data)
        data["catalog"].update(edition=edition, title=title, publisher=words_filling(MAX_NAME))
        data["catalog"]["contact"] = {"phone": "0" * 60, "address": address}

    catalog = write_catalog(tmp_path, long_back)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code == 0, result.output
    texts = page_texts(tmp_path / "out" / "medailles.pdf")
    back = _one_line(texts[-1])
    for text in (words_filling(MAX_NAME).upper(), address, edition, "example.fr"):
        assert text in back, text[:30]
    assert "0" * 60 in back.replace(" ", ""), "the phone, cut across lines (no hyphen)"
    assert "Page" not in back


# A title of the longest length, in long words: on a narrow page, lines of one word or two.
LONG_WORDS = " ".join(["commémorations"] * 14)[:MAX_NAME]


@pytest.mark.parametrize(
    ("change", "message", "hint"),
    [
        (
            lambda data: data["categories"][0].update(title=LONG_WORDS),
            "error: the opening page of section 1 (category 'histoire') cannot hold the "
            "section's title, even in 16 pt type",
            "hint: shorten the title of category 'histoire', or choose a larger page_size than "
            "A5 or smaller margins",
        ),
        (
            lambda data: data["catalog"].update(
                title=words_filling(120),
                edition=words_filling(MAX_NAME),
                contact={"phone": "0" * 60, "address": words_filling(MAX_LINE)},
            ),
            "error: the back cover cannot hold the publisher, the catalog's title, the shop's "
            "contact details and the edition, even with the title in 14 pt type",
            "hint: shorten the catalog's title, the publisher, the edition or the shop's address "
            "in 'contact', or choose a larger page_size than A5 or smaller margins",
        ),
    ],
    ids=["section", "back cover"],
)
def test_a_page_that_cannot_hold_its_text_even_in_its_smallest_type_is_named(
    tmp_path, change, message, hint
):
    def narrow(data):
        _a5(data, margin="44 mm")
        data["catalog"].pop("subtitle")
        change(data)

    catalog = write_catalog(tmp_path, narrow)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert_refused_without_traceback(result)
    assert f"{catalog}: {message}\n    {hint}\n" in result.output
    assert "product" not in result.output
    written = [path for path in (tmp_path / "out").rglob("*.pdf") if ".sheets" not in path.parts]
    assert written == [], "nothing written"


def test_contents_where_not_even_its_first_line_fits_starts_on_the_next_page(tmp_path):
    catalog, _ = check_catalog(write_catalog(tmp_path))
    lines = [ContentsLine(1, f"Médaille numéro {n}", 1, f"line{n}") for n in range(60)]
    pdf = io.BytesIO()
    doc = SimpleDocTemplate(pdf, pagesize=A5)
    room = doc.height - 12  # the frame's own padding
    doc.build(
        [Spacer(1, room - 4), contents_table(LayoutContext.for_catalog(catalog), lines)],
        onFirstPage=lambda canvas, _: [canvas.bookmarkPage(line.key) for line in lines],
    )
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf.getvalue())]
    assert "Médaille numéro 0" not in texts[0]
    assert texts[1].startswith("Médaille numéro 0")


def contents_pages_of(ctx, lines, before: float = 0) -> list[list[str]]:
    """The entries each page of a contents of `lines` holds, on A5 after `before` points."""
    pdf = io.BytesIO()
    doc = SimpleDocTemplate(pdf, pagesize=A5)
    story = [Spacer(1, before)] if before else []
    doc.build(
        [*story, contents_table(ctx, lines)],
        onFirstPage=lambda canvas, _: [canvas.bookmarkPage(line.key) for line in lines],
    )
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf.getvalue())]
    return [re.findall(r"Médaille numéro (\d+)", text) for text in pages]


def test_a_contents_last_page_never_holds_a_handful_of_entries_alone(tmp_path):
    catalog, _ = check_catalog(write_catalog(tmp_path))
    ctx = LayoutContext.for_catalog(catalog)
    lines = [ContentsLine(1, f"Médaille numéro {n}", 1, f"line{n}") for n in range(200)]
    per_page = len(contents_pages_of(ctx, lines)[0])
    for extra in range(1, FEWEST_LAST + 2):
        pages = contents_pages_of(ctx, lines[: per_page + extra])
        assert len(pages) == 2 and len(pages[1]) >= min(FEWEST_LAST, per_page + extra), extra
        # Every entry once, in order.
        assert [int(n) for page in pages for n in page] == list(range(per_page + extra))
    assert len(contents_pages_of(ctx, lines[:per_page])) == 1, "a full page stays one page"


def test_a_contents_page_never_ends_with_a_heading_nor_leaves_a_handful_alone(tmp_path):
    catalog, _ = check_catalog(write_catalog(tmp_path))
    ctx = LayoutContext.for_catalog(catalog)
    per_page = len(
        contents_pages_of(
            ctx, [ContentsLine(1, f"Médaille numéro {n}", 1, f"k{n}") for n in range(99)]
        )[0]
    )
    for first in range(per_page - 10, per_page + 2):
        for second in (3, 6):
            lines = [ContentsLine(0, "Rayon A", 1, "a")]
            lines += [ContentsLine(1, f"Médaille numéro {n}", 1, f"k{n}") for n in range(first)]
            lines.append(ContentsLine(0, "Rayon B", 1, "b"))
            lines += [
                ContentsLine(1, f"Médaille numéro {n}", 1, f"k{n}")
                for n in range(first, first + second)
            ]
            lines.append(ContentsLine(0, "Index des références", 1, "index"))
            pages = headed_pages(ctx, lines)
            assert [entry for page in pages for entry in page] == [line.title for line in lines]
            for page in pages[:-1]:
                assert not page[-1].startswith("Rayon"), (first, second, page[-3:])
            if len(pages) > 1:
                assert len(pages[-1]) >= FEWEST_LAST, (first, second, pages[-1])


def headed_pages(ctx, lines) -> list[list[str]]:
    """The entries, headings included, that each page of the contents of `lines` holds."""
    pdf = io.BytesIO()
    SimpleDocTemplate(pdf, pagesize=A5).build(
        [contents_table(ctx, lines)],
        onFirstPage=lambda canvas, _: [canvas.bookmarkPage(line.key) for line in lines],
    )
    return [
        re.findall(
            r"Rayon [AB]|Médaille numéro \d+|Index des références",
            page.get_textpage().get_text_range(),
        )
        for page in pdfium.PdfDocument(pdf.getvalue())
    ]
