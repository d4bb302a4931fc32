"""Reading the PDFs we make, the way a test (or a print shop) looks at them."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from sheets.model import ThemeSettings
from sheets.style.theme import make_theme


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def description_text(
    path: Path, first_words: str, text_top: float, text_bottom: float, pages: range | None = None
) -> str:
    """A sheet's description in reading order: on each page the left column, then the right.

    The text is read inside the text area (`text_top`/`text_bottom` in PDF points from the
    page's foot), below the line where `first_words` start on the first of `pages` (default: all),
    so that running heads and the price block do not come between the end of a column and the
    next one.
    (Extractors read a two-column page line by line across both columns.)
    """
    document = pdfium.PdfDocument(str(path))
    parts = []
    for number in pages if pages is not None else range(len(document)):
        page = document[number]
        # Trimmed-page coordinates: a print PDF's page sits inside its bleed and marks.
        x0, y0, x1, _ = page.get_trimbox()
        width = x1 - x0
        text = page.get_textpage()
        top = text_top + y0
        if not parts:
            # The lowest occurrence: a title may begin with the same words, never lower down.
            searcher = text.search(first_words)
            tops = [text.get_charbox(found[0])[3] for found in iter(searcher.get_next, None)]
            assert tops, f"{first_words!r} not on the first page"
            top = min(tops) + 1
        bottom, middle = text_bottom + y0, x0 + width / 2
        parts.append(text.get_text_bounded(x0, bottom, middle, top))
        parts.append(text.get_text_bounded(middle, bottom, x1, top))
    return "\n".join(parts)


def drawn_description(pdf: Path, description: str, pages: range | None = None) -> str:
    """A product's description as drawn with the default theme, in reading order."""
    theme = make_theme(ThemeSettings(), "fr_FR")
    top = theme.page_size[1] - theme.margin - theme.pages.header_height
    bottom = theme.margin + theme.pages.footer_height
    return description_text(pdf, " ".join(description.split()[:3]), top, bottom, pages)


def words(text: str) -> list[str]:
    """The words of a text, with words hyphenated at a line's end joined again."""
    text = re.sub(r"\x02\s*", "", text)  # PDFium's mark for a hyphen it saw at a line's end
    # A compound's own hyphen may fall at a line's end too, where it cannot be told from one
    # added by hyphenation: compounds count as one word, on both sides of a comparison.
    text = re.sub(r"(\w)-\s*(\w)", r"\1\2", text)
    return re.findall(r"\w+", text)


def first_missing(needle: list[str], haystack: list[str]) -> str | None:
    """None when every word of `needle` is in `haystack` in order (other words may come between);
    otherwise the first word not found, with the words around it."""
    remaining = iter(haystack)
    for index, word in enumerate(needle):
        if word not in remaining:
            return f"{word!r} at word {index}: …{' '.join(needle[max(0, index - 6) : index + 6])}…"
    return None


def line_with(path: Path, page_index: int, needle: str) -> str:
    """The whole line of the page on which `needle` is drawn, read left to right."""
    page = pdfium.PdfDocument(str(path))[page_index]
    text = page.get_textpage()
    searcher = text.search(needle)
    found = searcher.get_next()
    assert found, f"{needle!r} not on page {page_index + 1}"
    _, bottom, _, top = text.get_charbox(found[0])
    return text.get_text_bounded(0, bottom - 1, page.get_size()[0], top + 1)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, in order."""
    reader = PdfReader(path)
    entries = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return entries


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page → whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    return uris


def ink_near_edges(path: Path, page_index: int, border_pt: float) -> bool:
    """Whether anything is drawn within `border_pt` of the page's edges (rendered at 72 dpi)."""
    document = pdfium.PdfDocument(str(path))
    image = document[page_index].render(scale=1).to_pil().convert("L")
    width, height = image.size
    border = int(border_pt)
    strips = [
        (0, 0, width, border),
        (0, height - border, width, height),
        (0, 0, border, height),
        (width - border, 0, width, height),
    ]
    return any(image.crop(box).getextrema()[0] < 250 for box in strips)


def text_outside_the_margins(path: Path, margin_pt: float) -> list[tuple[int, str]]:
    """(1-based page, character) for any character drawn within `margin_pt` of the trimmed
    page's edges, or beyond them."""
    document = pdfium.PdfDocument(str(path))
    outside = []
    for number, page in enumerate(document, start=1):
        x0, y0, x1, y1 = page.get_trimbox()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            character = text.get_text_range(index, 1)
            if character.strip() and (
                left < x0 + margin_pt
                or right > x1 - margin_pt
                or bottom < y0 + margin_pt
                or top > y1 - margin_pt
            ):
                outside.append((number, character))
    return outside


def smallest_font_size(path: Path) -> float:
    """The smallest font size of any character on any page, as PDFium reads it."""
    document = pdfium.PdfDocument(str(path))
    smallest = float("inf")
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            size = pdfium.raw.FPDFText_GetFontSize(text.raw, index)
            char = chr(pdfium.raw.FPDFText_GetUnicode(text.raw, index))
            if size and not char.isspace():
                smallest = min(smallest, size)
    return smallest


def image_resolutions(path: Path) -> list[tuple[int, float]]:
    """(1-based page, effective pixels per inch) of every image as placed on the page."""
    document = pdfium.PdfDocument(str(path))
    found = []
    for number, page in enumerate(document, start=1):
        for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = image.get_bounds()
            pixels_wide, _ = image.get_px_size()
            found.append((number, pixels_wide / ((right - left) / 72)))
    return found
