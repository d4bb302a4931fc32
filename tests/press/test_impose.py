"""Saddle-stitch imposition (impose.py): two pages per sheet side, in folding order."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from sheets.press.impose import saddle_order

from support import (
    A4,
    BASE_DATA,
    box,
    brochure,
    close,
    long_description,
    rendered,
    run_sheets,
    write_catalog,
)

MM = 72 / 25.4


def page_numbers(pdf: Path) -> list[str]:
    """The number each page prints in its footer ("-" for the cover and blank pages)."""
    return [_page_number(page.extract_text()) for page in PdfReader(pdf).pages]


def imposed_numbers(pdf: Path) -> list[tuple[str, str]]:
    """For each side of an imposed sheet, the page numbers printed in its left and right halves."""
    sides = []
    for page in pdfium.PdfDocument(str(pdf)):
        width, height = page.get_size()
        text = page.get_textpage()
        halves = [text.get_text_bounded(x0, 0, x0 + width / 2, height) for x0 in (0, width / 2)]
        sides.append(tuple(_page_number(half) for half in halves))
    return sides


def _page_number(text: str) -> str:
    words = text.split()
    return words[words.index("Page") + 1] if "Page" in words else "-"


def expected_sides(brochure_pdf: Path) -> list[tuple[str, str]]:
    numbers = page_numbers(brochure_pdf)
    return [(numbers[left], numbers[right]) for left, right in saddle_order(len(numbers))]


def test_saddle_order_for_8_and_12_pages():
    one_based = lambda n: [(left + 1, right + 1) for left, right in saddle_order(n)]  # noqa: E731
    assert one_based(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert one_based(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    with pytest.raises(ValueError):
        saddle_order(10)


def test_imposed_8_page_booklet_is_in_saddle_stitch_order(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--impose", "saddle")
    assert result.exit_code == 0, result.output
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    reader = PdfReader(imposed)
    assert len(reader.pages) == 4
    # Page 1 (the cover) and page 8 (the back cover) print no number.
    assert imposed_numbers(imposed) == [("-", "-"), ("2", "7"), ("6", "3"), ("4", "5")]


def test_imposed_sheets_carry_the_bleed_and_crop_and_fold_marks(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--impose", "saddle")
    assert result.exit_code == 0, result.output
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    bleed, margin = 3 * MM, 3 * MM + 9 * MM  # the pages' own bleed, and their marks beyond it
    for page in PdfReader(imposed).pages:
        trim = [margin, margin, margin + 2 * A4[0], margin + A4[1]]
        assert close(box(page, "/TrimBox"), trim)
        assert close(
            box(page, "/BleedBox"),
            [v + d for v, d in zip(trim, [-bleed, -bleed, bleed, bleed], strict=True)],
        )
        assert close(box(page, "/MediaBox"), [0, 0, 2 * A4[0] + 2 * margin, A4[1] + 2 * margin])
    # The covers' tinted panels run into the bleed: at the foot of the outside sheet, between
    # the trim and the bleed's edge, the paper is tinted on both covers.
    outside = rendered(imposed, 0)
    below_trim = round(A4[1] + margin + bleed / 2)  # rows count from the top
    for x in (margin + A4[0] / 2, margin + A4[0] * 1.5):
        assert outside.getpixel((round(x), below_trim)) < 250, x
    # Crop marks at the corners and fold marks at the middle, beyond the bleed, in black.
    for x, y in [
        (margin - bleed - 3 * MM, margin),  # a crop mark along x, left of the top left corner
        (margin + A4[0], margin - bleed - 3 * MM),  # the fold mark above the sheet
        (margin + A4[0], A4[1] + margin + bleed + 3 * MM),  # and below it
    ]:
        assert outside.getpixel((round(x), round(y))) < 128, (x, y)
    assert f"preflight of {imposed}: 0 errors" in result.output


def test_imposed_12_page_booklet_is_in_saddle_stitch_order(tmp_path):
    def more_pages(data):
        data["products"][0]["description"] = long_description(paragraphs=22)

    catalog = write_catalog(tmp_path, more_pages)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--impose", "saddle")
    assert result.exit_code == 0, result.output
    brochure_pdf = brochure(tmp_path / "out")
    assert len(PdfReader(brochure_pdf).pages) == 12
    numbers = page_numbers(brochure_pdf)
    assert numbers[1:10] == [str(n) for n in range(2, 11)], numbers
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    assert imposed_numbers(imposed) == expected_sides(brochure_pdf)


def test_base_catalog_is_seven_pages():
    # The booklet tests count on it: those above, and render/test_brochure.py's.
    assert len(BASE_DATA["products"]) == 3 and len(BASE_DATA["categories"]) == 2


@pytest.mark.parametrize(
    ("options", "theme"),
    [
        (["--profile", "screen"], None),
        (["--brochure-profile", "screen"], None),
        ([], {"brochure_profile": "screen"}),
    ],
    ids=["profile", "brochure-profile", "theme"],
)
def test_imposing_a_screen_brochure_is_refused_before_anything_is_drawn(tmp_path, options, theme):
    """Imposed sheets are cut and folded by the press, along the print profile's bleed and marks."""
    catalog = write_catalog(tmp_path, theme and (lambda data: data["catalog"].update(theme=theme)))
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--impose", "saddle", *options)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert (
        "sheets: error: imposition is for the print profile, and the brochure is set to screen\n"
        "    hint: drop --impose, or build the brochure with --profile print\n"
    ) in result.stderr
    assert not (tmp_path / "out").exists()
