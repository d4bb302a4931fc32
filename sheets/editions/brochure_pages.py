"""What each page of a brochure holds, read from the PDF itself: its sections from the outline,
its products from the named destinations (`product-<ref>`) the brochure is written with."""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

from ..layout.anchors import product_key

PRODUCT_PREFIX = product_key("")
# Where the binding puts them (render/brochure.py `bind`): the cover first, the contents after
# it until the first section, the back cover last.
COVER, CONTENTS, BACK_COVER = "cover", "contents", "back cover"
BLANK = "blank"  # a page padding the brochure to an even count (or a multiple of 4)
# What shows on a page: text, images, forms, shadings (crop marks are mere strokes).
_SHOWING = frozenset({"BT", "Do", "sh", "BI"})


@dataclass(frozen=True)
class BrochurePage:
    number: int  # from 1, as the folios count
    references: tuple[str, ...]  # the products shown, in the order they start
    section: str  # the outline's title of the section, or COVER, CONTENTS, BLANK, BACK_COVER


def brochure_pages(pdf: pikepdf.Pdf) -> list[BrochurePage]:
    """Each page's products and section. A product runs from the page its destination names
    until the next anchor (another product's, a section's or an index's); a section from its
    outline entry until the next one; the last page is the back cover, a page showing no text
    nor picture a blank."""
    count = len(pdf.pages)
    numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    destinations = _named_destinations(pdf, numbers)
    sections = _sections(pdf, numbers, destinations)
    # Where something else begins: an anchor, a section, the back cover.
    starts = sorted({*destinations.values(), *(page for page, _ in sections), count - 1})
    shown: list[list[str]] = [[] for _ in range(count)]
    for name, first in sorted(destinations.items(), key=lambda item: (item[1], item[0])):
        if name.startswith(PRODUCT_PREFIX):
            end = next((start for start in starts if start > first), count)
            for page in range(first, max(first + 1, end)):
                shown[page].append(name.removeprefix(PRODUCT_PREFIX))
    pages = []
    for index, page in enumerate(pdf.pages):
        # Only a page with no product or section on it may be blank: few are looked into.
        if not shown[index] and index not in starts and _shows_nothing(page):
            section = BLANK
        else:
            section = _section_of(index, count, sections)
        pages.append(BrochurePage(index + 1, tuple(shown[index]), section))
    return pages


def _shows_nothing(page: pikepdf.Page) -> bool:
    return not any(str(operator) in _SHOWING for _, operator in pikepdf.parse_content_stream(page))


def _section_of(index: int, count: int, sections: list[tuple[int, str]]) -> str:
    if index == 0:
        return COVER
    if index == count - 1:
        return BACK_COVER
    titles = [title for first, title in sections if first <= index]
    return titles[-1] if titles else CONTENTS


def _named_destinations(pdf: pikepdf.Pdf, numbers: dict) -> dict[str, int]:
    """Each named destination → its page (from 0); those naming no page left out."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
    if not isinstance(dests, pikepdf.Dictionary):
        return {}
    found = {}
    for name, destination in pikepdf.NameTree(dests).items():
        page = _page_of(destination, numbers, {})
        if page is not None:
            found[str(name)] = page
    return found


def _sections(pdf: pikepdf.Pdf, numbers: dict, named: dict[str, int]) -> list[tuple[int, str]]:
    """The outline's top entries (sections, indexes) as (first page, title), by page."""
    with pdf.open_outline() as outline:
        entries = [
            (page, str(item.title))
            for item in outline.root
            if (page := _page_of(item.destination or _action_destination(item), numbers, named))
            is not None
        ]
    return sorted(entries, key=lambda entry: entry[0])


def _action_destination(item: pikepdf.OutlineItem):
    action = item.action
    return action.get("/D") if isinstance(action, pikepdf.Dictionary) else None


def _page_of(destination, numbers: dict, named: dict[str, int]) -> int | None:
    """The page (from 0) a destination names: an array starting with the page, or a name."""
    if isinstance(destination, pikepdf.Dictionary):  # a destination in the name tree: /D
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].is_indirect:
        return numbers.get(destination[0].objgen)
    if isinstance(destination, pikepdf.String | pikepdf.Name | str):
        return named.get(str(destination).lstrip("/"))
    return None
