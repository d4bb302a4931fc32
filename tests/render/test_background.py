"""A designer's background (`catalog.theme.background`, render/background.py) under every page:
its first page under each output's first page, its other page under the rest, showing only where
the pages draw nothing; the pages' text, boxes and fonts as without it; drawn anew when its
bytes change, and only under the outputs it is for."""

from __future__ import annotations

import email
import email.policy
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from sheets.preflight.checks import preflight
from sheets.preflight.content import font_is_embedded
from sheets.preflight.ua import check_ua

from support import (
    A4,
    EPOCH,
    LETTERHEAD,
    brochure,
    long_description,
    outputs,
    run_sheets,
    words,
    write_background,
    write_catalog,
    write_shop_catalog,
)

SHEET = "sheets/7505634-la-liberation-de-paris.pdf"  # two pages: its description is long
BLUE, GREEN, WHITE = (0, 0, 204), (0, 153, 0), (255, 255, 255)  # the fixture's pages 1 and 2
ON_THE_BACKGROUND = {"file": "images/letterhead.pdf", "other": 2}


def shop(folder: Path, background: dict | None) -> Path:
    """The base catalog, its first product's sheet two pages long, on `background` if given."""

    def change(data):
        data["products"][0]["description"] = long_description(paragraphs=8)
        if background:
            data["catalog"]["theme"] = {"background": background}

    write_background(folder / "images" / "letterhead.pdf")
    return write_catalog(folder, change)


def build(catalog: Path, out: Path, *options: str) -> str:
    result = run_sheets("build", catalog, "-o", out, *options, env=EPOCH)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """The output folder of a build without a background."""
    folder = tmp_path_factory.mktemp("plain")
    build(shop(folder, None), folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> tuple[Path, str]:
    """The output folder of the same build on the background, and what the build said."""
    folder = tmp_path_factory.mktemp("background")
    said = build(shop(folder, ON_THE_BACKGROUND), folder / "out")
    return folder / "out", said


def band(pdf: Path, page: int, at: float = 1.5) -> list[tuple[int, int, int]]:
    """The colours `at` mm into the trimmed page from its left edge (by default in the
    background's band, clear of its word; less than 0: in the bleed), every 4 mm from its foot
    to its head, rendered at 144 dpi."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        shown = document[page]
        x0, y0, _, y1 = shown.get_trimbox()
        image = shown.render(scale=2).to_pil().convert("RGB")
        height, x = shown.get_height(), round(2 * (x0 + at * mm))
        steps = range(int((y1 - y0 - 4 * mm) / (4 * mm)))
        return [image.getpixel((x, round(2 * (height - y0 - (2 + 4 * n) * mm)))) for n in steps]
    finally:
        document.close()


def close(color: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(color, wanted, strict=True))


def pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def page_words(pdf: Path) -> list[list[str]]:
    """The words of each page, in the order PDFium reads them."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [words(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def test_each_outputs_first_page_is_on_the_first_page_of_the_background_the_others_on_its_other(
    drawn,
):
    out, _ = drawn
    for pdf in (out / SHEET, brochure(out)):
        for page in range(pages(pdf)):
            colors = band(pdf, page)
            shown, other = (BLUE, GREEN) if page == 0 else (GREEN, BLUE)
            assert any(close(color, shown) for color in colors), (pdf.name, page)
            assert not any(close(color, other) for color in colors), (pdf.name, page)
    assert pages(out / SHEET) == 2


def test_the_background_shows_only_where_the_pages_draw_nothing(plain, drawn):
    """Under the cover's and the section openers' panels, which run into the bleed, the page
    is as without it: the theme draws on top."""
    out, _ = drawn
    for name in (SHEET, brochure(out).name):
        for page in range(pages(out / name)):
            under = BLUE if page == 0 else GREEN
            for on, off in zip(band(out / name, page), band(plain / name, page), strict=True):
                assert on == off or (off == WHITE and close(on, under)), (name, page, on, off)
    # The panels do hide it somewhere: the cover's, at its foot.
    assert WHITE not in band(plain / brochure(out).name, 0)[:5]


@pytest.mark.parametrize("size", ["trim", "trim and bleed"])
def test_a_background_of_the_trim_leaves_the_bleed_white_one_with_the_bleed_fills_it(
    tmp_path, size
):
    catalog = shop(tmp_path, {**ON_THE_BACKGROUND, "for": "brochure"})
    if size == "trim":
        write_background(tmp_path / "images" / "letterhead.pdf", size=A4)
    build(catalog, tmp_path / "out")
    contents = 1  # a page that draws nothing near its edges
    assert all(close(color, GREEN) for color in band(brochure(tmp_path / "out"), contents))
    bleed = band(brochure(tmp_path / "out"), contents, at=-1.5)
    assert all(close(color, GREEN if size == "trim and bleed" else WHITE) for color in bleed)


def test_the_pages_text_reads_as_without_the_background_but_for_its_own_word(plain, drawn):
    out, _ = drawn
    for name in (SHEET, brochure(out).name):
        with_it, without = page_words(out / name), page_words(plain / name)
        assert len(with_it) == len(without)
        for page, (found, expected) in enumerate(zip(with_it, without, strict=True)):
            assert found.count(LETTERHEAD) == 1, (name, page)
            assert [word for word in found if word != LETTERHEAD] == expected, (name, page)


def test_the_boxes_are_kept_every_font_is_embedded_and_the_press_finds_no_error(plain, drawn):
    out, said = drawn
    boxes = ("/MediaBox", "/TrimBox", "/BleedBox")
    for name in (SHEET, brochure(out).name):
        with pikepdf.open(out / name) as on, pikepdf.open(plain / name) as off:
            for page, other in zip(on.pages, off.pages, strict=True):
                assert [page.obj.get(b) for b in boxes] == [other.obj.get(b) for b in boxes]
            found = [obj for obj in on.objects if isinstance(obj, pikepdf.Dictionary)]
            fonts = [obj for obj in found if obj.get("/Type") == "/Font" and "/Subtype" in obj]
            assert any("DejaVuSans" in str(font.BaseFont) for font in fonts), "the background's"
            assert all(font_is_embedded(font) for font in fonts)
    # The background is RGB: the print brochure's usual warning, on every page.
    assert "0 errors" in said
    report = preflight(brochure(out), "print")
    warned = {finding.page for finding in report.findings if finding.check == "color-space"}
    assert not report.errors and warned == set(range(1, report.pages + 1))


def test_the_brochure_holds_each_page_of_the_background_once(drawn):
    out, _ = drawn
    with pikepdf.open(brochure(out)) as document:
        forms = [obj for obj in document.objects if isinstance(obj, pikepdf.Stream)]
        marked = sorted(
            str(form.SheetsBackground)[-2:] for form in forms if "/SheetsBackground" in form
        )
    assert marked == [":1", ":2"]


@pytest.mark.parametrize("outputs_for", ["sheets", "brochure"])
def test_a_background_for_one_output_leaves_the_other_as_without_it(tmp_path, outputs_for):
    build(shop(tmp_path, None), tmp_path / "plain")  # in the same folder: the same photos' paths
    build(shop(tmp_path, {**ON_THE_BACKGROUND, "for": outputs_for}), tmp_path / "out")
    for pdf in outputs(tmp_path / "out"):
        name = pdf.relative_to(tmp_path / "out").as_posix()
        on_it = name.startswith("sheets/") == (outputs_for == "sheets")
        assert (LETTERHEAD in page_words(pdf)[0]) == on_it, name
        if not on_it:
            assert pdf.read_bytes() == (tmp_path / "plain" / name).read_bytes(), name


def test_new_background_bytes_redraw_what_they_are_under_the_same_bytes_nothing(tmp_path):
    catalog, out = shop(tmp_path, {**ON_THE_BACKGROUND, "for": "sheets"}), tmp_path / "out"
    build(catalog, out)
    assert "Up to date" in build(catalog, out)
    letterhead = tmp_path / "images" / "letterhead.pdf"
    letterhead.write_bytes(letterhead.read_bytes())  # saved again, as it was
    assert "0 sheets redrawn, 3 up to date; brochure up to date" in build(catalog, out)
    write_background(letterhead, colors=((0.8, 0.0, 0.0), (0.0, 0.6, 0.0)))
    assert "3 sheets redrawn, 0 up to date; brochure up to date" in build(catalog, out)
    assert close(band(out / SHEET, 0)[0], (204, 0, 0))
    # As a build into an empty folder writes them.
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build(catalog, tmp_path / "clean")
    for pdf in outputs(out):
        assert pdf.read_bytes() == (tmp_path / "clean" / pdf.relative_to(out)).read_bytes()


def test_a_new_background_under_the_brochure_redraws_all_its_pages(tmp_path):
    catalog, out = shop(tmp_path, ON_THE_BACKGROUND), tmp_path / "out"
    build(catalog, out)
    write_background(tmp_path / "images" / "letterhead.pdf", colors=((0.8, 0.0, 0.0),) * 2)
    said = build(catalog, out)
    assert (
        f"3 sheets redrawn, 0 up to date; brochure pages 1–{pages(brochure(out))} redrawn" in said
    )


def test_an_emailed_sheet_is_the_built_sheet_on_its_background(tmp_path):
    write_background(tmp_path / "images" / "letterhead.pdf")
    catalog = write_shop_catalog(tmp_path, theme={"background": "images/letterhead.pdf"})
    mail = ["email", "7505634", "--to", "client@example.com", "--catalog", catalog]
    result = run_sheets(*mail, "-o", tmp_path / "mail", env=EPOCH)
    assert result.exit_code == 0, result.output
    eml = (tmp_path / "mail" / "7505634-la-liberation-de-paris.eml").read_bytes()
    (attachment,) = email.message_from_bytes(eml, policy=email.policy.default).iter_attachments()
    build(catalog, tmp_path / "out", "--only", "7505634")
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    assert LETTERHEAD in page_words(sheet)[0]
    assert attachment.get_content() == sheet.read_bytes()


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
def test_a_pdfx_brochure_on_the_background_is_cmyk_with_its_text(tmp_path):
    catalog = shop(tmp_path, {**ON_THE_BACKGROUND, "for": "brochure"})
    said = build(catalog, tmp_path / "out", "--pdfx")
    assert "0 errors" in said and "warning: RGB" not in said
    found = page_words(brochure(tmp_path / "out"))
    assert all(LETTERHEAD in page for page in found)
    # Its green, converted into the press's inks, still shows on the pages after the cover.
    assert any(
        g > 100 and g > r + 40 and g > b + 40 for r, g, b in band(brochure(tmp_path / "out"), 1)
    )


def test_the_background_is_an_artifact_of_tagged_pages(drawn):
    out, _ = drawn
    for pdf in outputs(out):
        assert check_ua(pdf) == [], pdf.name
