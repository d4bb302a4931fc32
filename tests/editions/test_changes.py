"""The changes proof: only the changed pages of NEW, each boxed where its pixels changed, with its
page numbers and notes beside it, fonts embedded, written whole or not at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from sheets.editions.changes import ChangedPage, write_changes
from sheets.errors import SheetsError
from sheets.style.fonts import register_family

from support import brochure, page_texts, run_sheets, text_of, write_catalog

FONT = register_family("vollkorn")
PRICE_AT = (72, 700)  # where each page's price line starts, in points from the bottom left
SQUARE = (100, 80)  # the blue rectangle's size


def write_pdf(path: Path, price: str, square_x: float, pages: int = 3, size=A4) -> Path:
    """`pages` pages, each with a heading that never changes, a price line and a rectangle."""
    canvas = Canvas(str(path), pagesize=size, initialFontName=FONT)
    for number in range(1, pages + 1):
        canvas.setFont(FONT, 14)
        canvas.drawString(72, size[1] - 80, f"Heading of page {number}")
        canvas.drawString(*PRICE_AT, f"Médaille {number}: {price} today")
        canvas.setFillColorRGB(0.2, 0.4, 0.8)
        canvas.rect(square_x, 300, *SQUARE, fill=1, stroke=0)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    """OLD and NEW: the same three pages but for the price and where the rectangle stands."""
    return (
        write_pdf(tmp_path / "old.pdf", "17,80 €", square_x=100),
        write_pdf(tmp_path / "new.pdf", "18,50 €", square_x=300),
    )


def covers(box, area, slack: float = 8) -> bool:
    """Whether the box holds the area (x0, y0, x1, y1) and is no more than `slack` larger."""
    x0, y0, x1, y1 = box
    a0, b0, a1, b1 = area
    inside = x0 <= a0 and y0 <= b0 and x1 >= a1 and y1 >= b1
    return inside and a0 - x0 <= slack and b0 - y0 <= slack and x1 - a1 <= slack


def magenta(pdf: Path, index: int) -> set[tuple[int, int]]:
    """The proof's page rendered at 72 dpi: the pixels in the boxes' colour, (x, y) in points
    from the bottom left."""
    image = pdfium.PdfDocument(str(pdf))[index].render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    pixels = image.load()
    return {
        (x, height - 1 - y)
        for y in range(height)
        for x in range(width)
        if (lambda r, g, b: r > 150 and g < 90 and b > 60 and r - b > 40)(*pixels[x, y])
    }


def test_the_proof_holds_the_changed_pages_only_in_the_new_editions_order(editions, tmp_path):
    old, new = editions
    target = tmp_path / "changes.pdf"
    marked = write_changes(
        old,
        new,
        [ChangedPage(3, 3, ("price 17,80 € → 18,50 €",)), ChangedPage(1, 1, ("photo",))],
        target,
    )
    assert [page.new_page for page in marked] == [1, 3]
    texts = page_texts(target)
    assert len(texts) == 2
    assert "Heading of page 1" in texts[0] and "photo" in texts[0]
    assert "Heading of page 3" in texts[1] and "price 17,80 € → 18,50 €" in texts[1]


def test_the_margin_says_the_page_in_both_editions_and_the_notes_as_written(editions, tmp_path):
    old, new = editions
    notes = ("7505634 La Libération de Paris", "text: <b>R&D</b> & Cie", "Ελληνικά — Кириллица")
    write_changes(old, new, [ChangedPage(2, 1, notes)], tmp_path / "changes.pdf")
    text = text_of(tmp_path / "changes.pdf")
    assert "Page 2" in text and "page 1 in the old edition" in text
    for note in notes:  # markup is text, and what Lato lacks is drawn by the fallback face
        assert note in text
    assert "Médaille 2: 18,50 € today" in text  # the page itself, still text


def test_boxes_are_drawn_where_the_pixels_changed_and_nowhere_else(editions, tmp_path):
    old, new = editions
    target = tmp_path / "changes.pdf"
    (marked,) = write_changes(old, new, [ChangedPage(2, 2, ("price",))], target)
    price, moved_from, moved_to = sorted(marked.boxes, key=lambda box: (-box[1], box[0]))
    assert price[1] > 690 and price[3] < 720  # the price's line: the figures and what moved
    assert price[0] > PRICE_AT[0] + 40  # "Médaille 2: " did not change
    assert covers(moved_from, (100, 300, 100 + SQUARE[0], 300 + SQUARE[1]))
    assert covers(moved_to, (300, 300, 300 + SQUARE[0], 300 + SQUARE[1]))
    drawn = {(x, y) for x, y in magenta(target, 0) if x < A4[0] - 1}  # the page, not its margin
    assert drawn, "no box drawn"
    for x, y in drawn:  # every magenta pixel on a box's outline: nothing else is coloured
        assert any(
            x0 - 3 <= x <= x1 + 3 and y0 - 3 <= y <= y1 + 3 for x0, y0, x1, y1 in marked.boxes
        )
    heading = [(x, y) for x, y in drawn if y > A4[1] - 100]
    assert not heading  # the heading is the same in both: no box there


def test_a_page_the_old_edition_did_not_have_is_boxed_whole(editions, tmp_path):
    old, new = editions
    target = tmp_path / "changes.pdf"
    (marked,) = write_changes(old, new, [ChangedPage(3, None, ("added",))], target)
    (box,) = marked.boxes
    assert covers(box, (2, 2, A4[0] - 2, A4[1] - 2), slack=2)
    assert "new page: not in the old edition" in text_of(target)


def test_a_moved_page_compared_with_the_page_that_held_it_shows_no_change(tmp_path):
    old = write_pdf(tmp_path / "old.pdf", "17,80 €", square_x=100)
    new = write_pdf(tmp_path / "new.pdf", "17,80 €", square_x=100, pages=4)
    (marked,) = write_changes(old, new, [ChangedPage(1, 1, ("moved",))], tmp_path / "c.pdf")
    assert marked.boxes == ()
    assert "no visible change found" in text_of(tmp_path / "c.pdf")


def test_pages_of_different_sizes_are_compared_from_their_top_left_corner(tmp_path):
    old = write_pdf(tmp_path / "old.pdf", "17,80 €", square_x=100, size=LETTER)
    new = write_pdf(tmp_path / "new.pdf", "17,80 €", square_x=100, size=A4)
    target = tmp_path / "changes.pdf"
    (marked,) = write_changes(old, new, [ChangedPage(1, 1, ())], target)
    assert "page size 216 × 279 mm → 210 × 297 mm" in text_of(target)
    for x0, y0, x1, y1 in marked.boxes:  # inside the page, and not around the heading
        assert 0 <= x0 < x1 <= A4[0] and 0 <= y0 < y1 <= A4[1]
    width, height = (float(side) for side in PdfReader(target).pages[0].mediabox[2:])
    assert width > A4[0] + 150 and height == pytest.approx(A4[1])  # the page and its margin


def test_every_note_is_kept_however_many_there_are(editions, tmp_path):
    old, new = editions
    notes = tuple(f"note {n}: {'long words ' * 12}end {n}" for n in range(60))
    write_changes(old, new, [ChangedPage(1, 1, notes)], tmp_path / "changes.pdf")
    text = text_of(tmp_path / "changes.pdf")
    for n in range(60):
        assert f"end {n}" in text
    width = float(PdfReader(tmp_path / "changes.pdf").pages[0].mediabox[2])
    assert width > A4[0] + 2 * 150  # the margin grew columns


def test_every_font_of_the_proof_is_embedded(editions, tmp_path):
    old, new = editions
    target = tmp_path / "changes.pdf"
    write_changes(old, new, [ChangedPage(2, 2, ("Ελληνικά",)), ChangedPage(3, None, ())], target)
    listed = subprocess.run(["pdffonts", target], capture_output=True, text=True, check=True)
    rows = listed.stdout.splitlines()[2:]
    assert len(rows) >= 3  # the page's face, and the margin's regular and bold
    assert all(row.split()[-5] == "yes" for row in rows), listed.stdout
    names = [row.split()[0] for row in rows]
    assert len(names) == len(set(names))  # no two subsets of one name


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ([ChangedPage(9, 2, ())], "new.pdf: error: there is no page 9: the PDF has 3"),
        ([ChangedPage(1, 0, ())], "old.pdf: error: there is no page 0: the PDF has 3"),
        ([ChangedPage(1, 1, ()), ChangedPage(1, 1, ())], "error: page 1 is named twice"),
        ([], "error: no changed pages: a proof needs at least one"),
    ],
)
def test_pages_the_pdfs_lack_are_refused_and_nothing_is_written(editions, tmp_path, pages, message):
    old, new = editions
    target = tmp_path / "out" / "changes.pdf"
    with pytest.raises(SheetsError) as raised:
        write_changes(old, new, pages, target)
    assert message in str(raised.value)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_an_unreadable_pdf_is_refused_and_the_earlier_proof_kept(editions, tmp_path):
    old, _ = editions
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    target = tmp_path / "changes.pdf"
    target.write_bytes(b"the earlier proof")
    with pytest.raises(SheetsError) as raised:
        write_changes(old, broken, [ChangedPage(1, 1, ())], target)
    assert "broken.pdf: error: cannot be read: not a PDF" in str(raised.value)
    with pytest.raises(SheetsError, match=r"missing\.pdf: error: cannot be read"):
        write_changes(tmp_path / "missing.pdf", old, [ChangedPage(1, 1, ())], target)
    assert target.read_bytes() == b"the earlier proof"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "broken.pdf",
        "changes.pdf",
        "new.pdf",
        "old.pdf",
    ]


def test_a_price_changed_in_the_catalog_is_boxed_on_the_brochure_page(built, tmp_path):
    """Two builds of the same catalog, one price changed: the box is round the new price on its
    page of the print brochure, whose pages are compared as trimmed."""
    out, _ = built
    folder = tmp_path / "shop"
    folder.mkdir()
    catalog = write_catalog(folder, lambda data: data["products"][0].update(price="18,50"))
    result = run_sheets("build", catalog, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    old, new = brochure(out), brochure(folder / "out")
    number = next(n for n, text in enumerate(page_texts(new), 1) if "18,50" in text)
    target = tmp_path / "changes.pdf"
    (marked,) = write_changes(old, new, [ChangedPage(number, number, ("price",))], target)
    text_page = pdfium.PdfDocument(str(new))[number - 1].get_textpage()
    start, count = text_page.search("18,50").get_next()
    # "17,80" → "18,50": the "1", "," and "0" are drawn as before; the box holds "8,5"
    charboxes = [text_page.get_charbox(index) for index in range(start + 1, start + count - 1)]
    trim = [float(side) for side in PdfReader(new).pages[number - 1].trimbox]
    left, right = charboxes[0][0] - trim[0], charboxes[-1][2] - trim[0]
    middle = (charboxes[0][1] + charboxes[0][3]) / 2 - trim[1]
    assert len(marked.boxes) == 1, marked.boxes  # nothing else on the page changed
    x0, y0, x1, y1 = marked.boxes[0]
    assert x0 <= left and right <= x1 and y0 < middle < y1, (marked.boxes, left, right, middle)
    assert x1 - x0 < right - left + 12 and y1 - y0 < 30  # drawn close round it
