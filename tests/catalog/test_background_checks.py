"""The theme's background (catalog/background.py) checked when the catalog is read: each file a
page cannot be drawn on, or a press would refuse, is an error at its key's line with a hint,
exit 2, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

import sheets.catalog.background
from sheets.catalog.load import load_catalog

from support import (
    WITH_BLEED,
    assert_refused_without_traceback,
    edited,
    run_sheets,
    write_background,
    write_catalog_text,
)

SHORT = "    background: images/letterhead.pdf\n"  # line 9, its value at column 17
PAGES = "    background:\n      file: images/letterhead.pdf\n      first: 1\n      other: {}\n"


def encrypted(path: Path, user: str) -> None:
    write_background(path.with_name("plain.pdf"))
    with pikepdf.open(path.with_name("plain.pdf")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user=user))


def turned(path: Path) -> None:
    """The file's pages turned a quarter, as a viewer's 'rotate' saves them."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = 90
        pdf.save(path)


ENCRYPTED = (
    "catalog.yaml:9:17: error: background 'images/letterhead.pdf' is encrypted",
    "save it again without a password or permissions: its pages are copied into every output",
)
REFUSED = {
    "missing": (
        SHORT.replace("letterhead", "nowhere"),
        None,
        "catalog.yaml:9:17: error: background 'images/nowhere.pdf' not found",
        "paths are relative to the catalog's folder",
    ),
    "outside the folder": (
        "    background: ../x.jpg\n",
        None,
        "catalog.yaml:9:17: error: background '../x.jpg' is outside the catalog's folder",
        "copy it into",
    ),
    "not a PDF": (
        SHORT,
        lambda path: path.write_text("a letter", encoding="utf-8"),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' is not a PDF",
        "export it again from the designer's program as a PDF",
    ),
    "a damaged PDF": (
        SHORT,
        lambda path: path.write_bytes(b"%PDF-1.4\nthe rest is lost"),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' is not a readable PDF "
        "(unable to find trailer dictionary while recovering damaged file)",
        "export it again from the designer's program as a PDF",
    ),
    "encrypted": (SHORT, lambda path: encrypted(path, "reader"), *ENCRYPTED),
    "encrypted, opened without a password": (SHORT, lambda path: encrypted(path, ""), *ENCRYPTED),
    "rotated": (
        SHORT,
        lambda path: turned(write_background(path)),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' page 1 is rotated (/Rotate)",
        "save the page upright, unrotated, in the designer's program",
    ),
    "page 3 of 2": (
        PAGES.format(3),
        write_background,
        "catalog.yaml:12:14: error: background 'images/letterhead.pdf' has 2 pages: there is no "
        "page 3",
        "name a page from 1 to 2 in 'first' and 'other'",
    ),
    "a font not embedded": (
        SHORT,
        lambda path: write_background(path, embedded=False),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' page 1 uses a font not "
        "embedded in it: Helvetica",
        "export it with its fonts embedded, or its text turned into outlines: a press refuses "
        "fonts it does not have",
    ),
    "the wrong size": (
        SHORT,
        lambda path: write_background(path, size=(420, 595)),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' page 1 is 148.2 × 209.9 "
        "mm: the pages are 210 × 297 mm, or 216 × 303 mm with the 3 mm bleed",
        "export the page at the pages' size, with its bleed for print",
    ),
    "landscape": (
        SHORT,
        lambda path: write_background(path, size=WITH_BLEED[::-1]),
        "catalog.yaml:9:17: error: background 'images/letterhead.pdf' page 1 is 303 × 216 mm: "
        "the pages are 210 × 297 mm, or 216 × 303 mm with the 3 mm bleed",
        "export the page at the pages' size, with its bleed for print",
    ),
    "a page that is not a number": (
        PAGES.format("two"),
        write_background,
        "catalog.yaml:12:14: error: 'other' 'two' is not a page number",
        "write the number of one of the file's pages, e.g. 'other: 2'",
    ),
    "for no output": (
        "    background:\n      file: images/letterhead.pdf\n      for: cards\n",
        write_background,
        "catalog.yaml:11:12: error: 'for' 'cards' is not what a background is for",
        "use one of: both, sheets, brochure",
    ),
    "a list": (
        "    background: [images/letterhead.pdf]\n",
        write_background,
        "catalog.yaml:9:17: error: 'background' must be a PDF's path, or a mapping, found a list",
        "write 'background: images/letterhead.pdf', or 'file:' and 'other:' lines under it",
    ),
}


@pytest.mark.parametrize(("written", "make", "error", "hint"), REFUSED.values(), ids=REFUSED)
def test_a_background_that_cannot_be_drawn_is_refused_at_its_line(
    tmp_path, written, make, error, hint
):
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + written)
    )
    if make:
        make(tmp_path / "images" / "letterhead.pdf")
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    lines = result.output.replace(f"{tmp_path}/", "").splitlines()
    assert lines[0] == error
    assert lines[1].startswith(f"    hint: {hint}")
    assert lines[2] == "catalog.yaml: 1 error"
    assert not (tmp_path / "out").exists()


def test_a_background_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets.catalog.background, "MAX_BACKGROUND_BYTES", 2**20)
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + SHORT)
    )
    (tmp_path / "images" / "letterhead.pdf").write_bytes(b"%PDF-1.4\n" + b" " * 1_200_000)
    (problem,) = load_catalog(catalog)[1]
    assert (problem.line, problem.column) == (9, 17)
    assert problem.message == (
        "background 'images/letterhead.pdf' is 1.1 MB, more than a background's 1 MB"
    )
    assert problem.hint == "export it again with its photos at 300 ppi of their size on the page"


SIZES = {
    "the trim and the bleed": WITH_BLEED,
    "the trim": (595.28, 841.89),
    "the trim, rounded": (595, 842),
    "the trim and a bleed of 5 mm, with a TrimBox": None,
}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
def test_a_background_of_the_pages_size_is_taken(tmp_path, size):
    letterhead = tmp_path / "images" / "letterhead.pdf"
    if size is None:  # as a designer's program exports it with its bleed and marks
        write_background(letterhead, size=(595.28 + 28.35, 841.89 + 28.35))
        with pikepdf.open(letterhead, allow_overwriting_input=True) as pdf:
            for page in pdf.pages:
                page.trimbox = [14.17, 14.17, 14.17 + 595.28, 14.17 + 841.89]
            pdf.save(letterhead)
    else:
        write_background(letterhead, size=size)
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + PAGES.format(2))
    )
    loaded, problems = load_catalog(catalog)
    assert problems == []
    background = loaded.theme.background
    assert (background.file, background.first, background.other) == (letterhead, 1, 2)
    assert background.outputs == "both" and background.data == letterhead.read_bytes()


def test_the_size_is_the_themes_page_size_and_bleed(tmp_path):
    write_background(tmp_path / "images" / "letterhead.pdf", size=(420 + 28.35, 595 + 28.35))
    theme = "    page_size: A5\n    bleed: 5 mm\n" + SHORT
    catalog = write_catalog_text(tmp_path, edited("    page_size: A4\n", theme))
    assert load_catalog(catalog)[1] == []
    write_background(tmp_path / "images" / "letterhead.pdf")  # A4's size: refused for A5
    (problem,) = load_catalog(catalog)[1]
    assert problem.message.endswith(
        "is 216 × 303 mm: the pages are 148 × 210 mm, or 158 × 220 mm with the 5 mm bleed"
    )


def test_a_background_drawn_with_transparency_is_a_warning_for_pdfx(tmp_path):
    """PDF/X-3 has no transparency: Ghostscript would turn every page it is under into an
    image, its text lost."""
    letterhead = write_background(tmp_path / "images" / "letterhead.pdf")
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + SHORT)
    )
    assert load_catalog(catalog)[1] == []  # opaque: nothing said
    with pikepdf.open(letterhead, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        page.Resources.ExtGState = pikepdf.Dictionary(
            GS1=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.3)
        )
        page.contents_add(pdf.make_stream(b"q /GS1 gs 0 0 10 10 re f Q"))
        pdf.save(letterhead)
    (problem,) = load_catalog(catalog)[1]
    assert problem.severity.name == "WARNING" and problem.line == 9
    assert "page 1 uses transparency: PDF/X-3 has none" in problem.message
    result = run_sheets("check", catalog)
    assert result.exit_code == 0 and "uses transparency" in result.output


def test_a_background_with_a_hidden_layer_is_refused(tmp_path):
    """Its pages are copied as drawings, which show every layer: a die line off by default
    would be drawn under every page."""
    letterhead = write_background(tmp_path / "images" / "letterhead.pdf")
    with pikepdf.open(letterhead, allow_overwriting_input=True) as pdf:
        layer = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Die line"))
        pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[layer], D=pikepdf.Dictionary(OFF=[layer]))
        pdf.save(letterhead)
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + SHORT)
    )
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    assert "has layers hidden in it (a die line, notes)" in result.stderr


def test_a_background_that_inflates_past_the_limit_is_refused_without_being_read(
    tmp_path, monkeypatch
):
    """A few kilobytes of Flate can inflate to gigabytes of drawing: it is measured as it
    inflates, and refused past the limit (made small here)."""
    monkeypatch.setattr(sheets.catalog.background, "MAX_DRAWING", 2 * 2**20)
    letterhead = write_background(tmp_path / "images" / "letterhead.pdf")
    catalog = write_catalog_text(
        tmp_path, edited("    page_size: A4\n", "    page_size: A4\n" + SHORT)
    )
    assert load_catalog(catalog)[1] == []
    with pikepdf.open(letterhead, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(b"q Q\n" * 800_000))  # 3.2 MB, 3 KB packed
        pdf.save(letterhead, compress_streams=True)
    assert letterhead.stat().st_size < 20_000
    (problem,) = load_catalog(catalog)[1]
    assert "page 1 draws more than 2 MB once decompressed" in problem.message
