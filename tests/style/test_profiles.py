"""Output profiles (profiles.py): print has a bleed, crop marks, TrimBox and BleedBox and CMYK
colours; screen has none of them and RGB; chosen per output on the command line or by the theme."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

from support import A4, box, brochure, close, rendered, run_sheets, write_catalog

MM = 72 / 25.4


def test_every_page_of_the_print_brochure_has_a_3mm_bleed_and_trim_box(built):
    out, _ = built
    for page in PdfReader(brochure(out)).pages:
        trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
        assert (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2)) == A4
        assert [round(t - b, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [
            round(3 * MM, 2)
        ] * 2
        assert [round(b - t, 2) for t, b in zip(trim[2:], bleed[2:], strict=True)] == [
            round(3 * MM, 2)
        ] * 2
        assert media[0] < bleed[0] and media[2] > bleed[2], "room for the crop marks"


def test_crop_marks_are_drawn_outside_the_bleed_and_nothing_else_is(built):
    out, _ = built
    pdf = brochure(out)
    page = PdfReader(pdf).pages[3]  # a product page: no full-bleed panel
    trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
    image = rendered(pdf, 3)
    height = image.height

    def inked(x0, y0, x1, y1):  # PDF coordinates, origin bottom left
        crop = image.crop((int(x0), int(height - y1), int(x1), int(height - y0)))
        return crop.getextrema()[0] < 200

    # A mark along the trim line, out in the corner beyond the bleed.
    assert inked(trim[0] - 1, 0, trim[0] + 1, bleed[1] - 1)
    assert inked(0, trim[1] - 1, bleed[0] - 1, trim[1] + 1)
    # The band between trim and bleed stays empty on a page without full-bleed panels.
    assert not inked(bleed[0] + 0.5, bleed[1] + 0.5, trim[0] - 0.5, bleed[3] - 0.5)


def operators(pdf: Path, index: int) -> set[bytes]:
    reader = PdfReader(pdf)
    page = reader.pages[index]
    return {operator for _, operator in ContentStream(page.get_contents(), reader).operations}


def test_print_colours_are_cmyk_and_screen_colours_rgb(built):
    out, _ = built
    print_ops = operators(brochure(out), 3)
    assert {b"k", b"K"} & print_ops and not {b"rg", b"RG"} & print_ops
    screen_ops = operators(out / "sheets" / "7505634-la-liberation-de-paris.pdf", 0)
    assert b"rg" in screen_ops and not {b"k", b"K"} & screen_ops


def test_screen_sheets_have_no_bleed_marks_or_boxes(built):
    out, _ = built
    for sheet in (out / "sheets").iterdir():
        for page in PdfReader(sheet).pages:
            assert "/TrimBox" not in page and "/BleedBox" not in page
            assert close(box(page, "/MediaBox"), [0, 0, *A4])


def test_profiles_can_be_swapped(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build",
        catalog,
        "-o",
        tmp_path / "out",
        "--sheets-profile",
        "print",
        "--brochure-profile",
        "screen",
    )
    assert result.exit_code == 0, result.output
    sheet = PdfReader(tmp_path / "out" / "sheets" / "0750-tour-eiffel.pdf").pages[0]
    assert "/TrimBox" in sheet
    assert "/TrimBox" not in PdfReader(brochure(tmp_path / "out")).pages[0]


def test_theme_sets_the_default_profiles_and_bleed(tmp_path):
    def theme(data):
        data["catalog"]["theme"] = {
            "brochure_profile": "print",
            "sheets_profile": "print",
            "bleed": "5 mm",
        }

    catalog = write_catalog(tmp_path, theme)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "out" / "sheets" / "0750-tour-eiffel.pdf").pages[0]
    assert close([float(page["/TrimBox"][0]) - float(page["/BleedBox"][0])], [5 * MM])
