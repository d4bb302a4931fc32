"""What the brochure holds, in the order it is printed: each category's opener, then its
products as its layout shows them (a page each, cards, or rows of a price list), cut into the
runs that are drawn as parts."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.cards import cards_per_page
from ..model import Catalog, Category, Product


@dataclass(frozen=True)
class Section:
    """A category's opener, numbered among the categories the brochure has."""

    number: int
    category: Category


@dataclass(frozen=True)
class Entry:
    """A product in the brochure, under its category, starting a page (`page` layout)."""

    product: Product
    category: Category


@dataclass(frozen=True)
class Cards:
    """A page of products as cards (`half`, `grid`, `grid-4` layouts)."""

    category: Category
    products: tuple[Product, ...]


@dataclass(frozen=True)
class Rows:
    """Products as rows of a price list (`list` layout): they follow on from the section's
    opener and from the rows before them."""

    category: Category
    products: tuple[Product, ...]


Item = Section | Entry | Cards | Rows
ROWS_PER_ITEM = 40  # a price list's rows in an item: a run holds up to 24 × 40


def brochure_items(catalog: Catalog) -> list[Item]:
    """The brochure's sections and products in the order they are printed: a category's opener,
    then its products in the catalog's order. Categories without products have no section."""
    items: list[Item] = []
    published = [category for category in catalog.categories if catalog.products_in(category)]
    for number, category in enumerate(published, start=1):
        items.append(Section(number, category))
        products, layout = catalog.products_in(category), catalog.layout_of(category)
        if layout == "page":
            items += [Entry(product, category) for product in products]
            continue
        size, kind = (ROWS_PER_ITEM, Rows) if layout == "list" else (cards_per_page(layout), Cards)
        items += [
            kind(category, tuple(products[start : start + size]))
            for start in range(0, len(products), size)
        ]
    return items


def item_products(item: Item) -> tuple[Product, ...]:
    """The products an item draws (a section's opener only names them)."""
    if isinstance(item, Entry):
        return (item.product,)
    return () if isinstance(item, Section) else item.products


RUN_ITEMS = 24  # sections and products drawn as one part
# A price list goes on in its run past RUN_ITEMS, up to this: a run's end starts a page, and the
# list's last page before it would be part empty.
LONGEST_RUN = 4 * RUN_ITEMS


def runs(items: list[Item]) -> list[list[Item]]:
    """The items cut into the runs drawn as parts: few enough that each part's font subsets do
    not weigh much in the brochure, small enough that an edit redraws little; cut where a page
    starts anyway, but in a very long price list."""
    made: list[list[Item]] = []
    run: list[Item] = []
    for item in items:
        flows_on = isinstance(item, Rows) and run and isinstance(run[-1], Rows | Section)
        if len(run) >= RUN_ITEMS and not (flows_on and len(run) < LONGEST_RUN):
            made.append(run)
            run = []
        run.append(item)
    return [*made, run] if run else made
