"""Print production: bleed, crop marks and boxes, CMYK, PDF/X, booklets and imposition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ContentStream

from sheets.cli import main
from sheets.press.impose import saddle_order

from catalogs import BASE, long_description, write_catalog

MM = 72 / 25.4
A4 = (595.28, 841.89)


def build(catalog: Path, out: Path, *args: str):
    result = CliRunner().invoke(main, ["build", str(catalog), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    catalog = write_catalog(folder)
    build(catalog, folder / "out")
    return folder / "out"


def brochure(out: Path) -> Path:
    return out / "medailles-commemoratives.pdf"


def box(page, name: str) -> list[float]:
    return [float(v) for v in page[name]]


def close(a, b, tolerance=0.02) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_every_page_of_the_print_brochure_has_a_3mm_bleed_and_trim_box(shop):
    for page in PdfReader(brochure(shop)).pages:
        trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
        assert (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2)) == A4
        assert [round(t - b, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [
            round(3 * MM, 2)
        ] * 2
        assert [round(b - t, 2) for t, b in zip(trim[2:], bleed[2:], strict=True)] == [
            round(3 * MM, 2)
        ] * 2
        assert media[0] < bleed[0] and media[2] > bleed[2], "room for the crop marks"


def rendered(pdf: Path, index: int):
    return pdfium.PdfDocument(str(pdf))[index].render(scale=1).to_pil().convert("L")


def test_crop_marks_are_drawn_outside_the_bleed_and_nothing_else_is(shop):
    pdf = brochure(shop)
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


def test_full_bleed_panel_runs_into_the_bleed(shop):
    pdf = brochure(shop)
    page = PdfReader(pdf).pages[0]
    trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
    image = rendered(pdf, 0).convert("L")
    x, y = (bleed[0] + trim[0]) / 2, (bleed[1] + trim[1]) / 2
    assert image.getpixel((int(x), int(image.height - y))) < 250, (
        "the cover's tint reaches the bleed"
    )


def operators(pdf: Path, index: int) -> set[bytes]:
    reader = PdfReader(pdf)
    page = reader.pages[index]
    return {operator for _, operator in ContentStream(page.get_contents(), reader).operations}


def test_print_colours_are_cmyk_and_screen_colours_rgb(shop):
    print_ops = operators(brochure(shop), 3)
    assert {b"k", b"K"} & print_ops and not {b"rg", b"RG"} & print_ops
    screen_ops = operators(shop / "sheets" / "7505634-la-liberation-de-paris.pdf", 0)
    assert b"rg" in screen_ops and not {b"k", b"K"} & screen_ops


def test_screen_sheets_have_no_bleed_marks_or_boxes(shop):
    for sheet in (shop / "sheets").iterdir():
        for page in PdfReader(sheet).pages:
            assert "/TrimBox" not in page and "/BleedBox" not in page
            assert close(box(page, "/MediaBox"), [0, 0, *A4])


def test_profiles_can_be_swapped(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out", "--sheets-profile", "print", "--brochure-profile", "screen")
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
    build(catalog, tmp_path / "out", "--only", "0750")
    page = PdfReader(tmp_path / "out" / "sheets" / "0750-tour-eiffel.pdf").pages[0]
    assert close([float(page["/TrimBox"][0]) - float(page["/BleedBox"][0])], [5 * MM])


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


def test_booklet_pads_with_blank_pages_at_the_end_to_a_multiple_of_4(tmp_path):
    catalog = write_catalog(tmp_path)  # 7 pages: cover, contents, 2 sections, 3 products
    build(catalog, tmp_path / "out", "--booklet")
    pages = [page.extract_text() for page in PdfReader(brochure(tmp_path / "out")).pages]
    assert len(pages) == 8
    assert pages[-1].strip() == "", "the added page is blank"
    assert "Tour Eiffel" in pages[-2], "the last product ends before the padding"


def test_imposed_8_page_booklet_is_in_saddle_stitch_order(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out", "--impose", "saddle")
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    reader = PdfReader(imposed)
    assert len(reader.pages) == 4
    assert close(box(reader.pages[0], "/MediaBox"), [0, 0, 2 * A4[0], A4[1]])
    # Page 1 (the cover) and page 8 (blank) print no number.
    assert imposed_numbers(imposed) == [("-", "-"), ("2", "7"), ("6", "3"), ("4", "5")]


def test_imposed_12_page_booklet_is_in_saddle_stitch_order(tmp_path):
    def more_pages(data):
        data["products"][0]["description"] = long_description(paragraphs=22)

    catalog = write_catalog(tmp_path, more_pages)
    build(catalog, tmp_path / "out", "--impose", "saddle")
    brochure_pdf = brochure(tmp_path / "out")
    assert len(PdfReader(brochure_pdf).pages) == 12
    numbers = page_numbers(brochure_pdf)
    assert numbers[1:10] == [str(n) for n in range(2, 11)], numbers
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    assert imposed_numbers(imposed) == expected_sides(brochure_pdf)


needs_ghostscript = pytest.mark.skipif(
    shutil.which("gs") is None, reason="Ghostscript is not installed"
)


@needs_ghostscript
def test_pdfx_brochure_is_pdfx3_with_an_output_intent_and_extractable_text(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out", "--pdfx")
    reader = PdfReader(brochure(tmp_path / "out"))
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-3:2002"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp", "an ICC profile"
    assert "La Libération de Paris" in reader.pages[3].extract_text()
    assert "/TrimBox" in reader.pages[3] and "/BleedBox" in reader.pages[3]


def test_pdfx_without_ghostscript_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    catalog = write_catalog(tmp_path)
    result = CliRunner().invoke(
        main, ["build", str(catalog), "-o", str(tmp_path / "out"), "--pdfx"]
    )
    assert result.exit_code == 2
    assert (
        "--pdfx needs Ghostscript, which is not installed: install it with 'apt-get install ghostscript'"
        in (result.output)
    )
    assert not (tmp_path / "out").exists()


def test_base_catalog_is_seven_pages():
    # The booklet tests above count on it.
    assert len(BASE["products"]) == 3 and len(BASE["categories"]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"vm\n", "is not an ICC profile"),
        (
            b"\0" * 16 + b"RGB " + b"\0" * 16 + b"acsp" + b"\0" * 100,
            "is an ICC profile for RGB, not CMYK",
        ),
    ],
)
def test_pdfx_refuses_a_file_that_is_not_a_cmyk_icc_profile(tmp_path, content, message):
    icc = tmp_path / "press.icc"
    icc.write_bytes(content)
    catalog = write_catalog(tmp_path)
    result = CliRunner().invoke(
        main, ["build", str(catalog), "-o", str(tmp_path / "out"), "--pdfx", "--icc", str(icc)]
    )
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript is not installed")
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


@needs_ghostscript
def test_imposed_pdfx_booklet_does_not_claim_to_be_pdfx(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out", "--pdfx", "--impose", "saddle")
    imposed = PdfReader(tmp_path / "out" / "medailles-commemoratives-imposed.pdf")
    assert "/GTS_PDFXVersion" not in (imposed.metadata or {})
    assert PdfReader(brochure(tmp_path / "out")).metadata["/GTS_PDFXVersion"] == "PDF/X-3:2002"


def test_pdfx_with_a_screen_brochure_is_refused_before_anything_is_drawn(tmp_path):
    catalog = write_catalog(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(catalog),
            "-o",
            str(tmp_path / "out"),
            "--pdfx",
            "--brochure-profile",
            "screen",
        ],
    )
    assert result.exit_code == 2
    assert "PDF/X is for the print profile, and the brochure is set to screen" in result.output
    assert not (tmp_path / "out").exists()


def test_a_section_title_sits_low_on_its_opening_page(shop):
    pdf = brochure(shop)
    page = pdfium.PdfDocument(str(pdf))[2]  # the first section's opening page
    _, y0, _, y1 = page.get_trimbox()
    text = page.get_textpage()
    found = text.search("Histoire de France").get_next()
    assert found
    top = text.get_charbox(found[0])[3]
    assert (y1 - top) > 0.2 * (y1 - y0), "the drop comes above the number and title"
