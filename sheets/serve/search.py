"""The staff's search box: products found by reference, title, subtitle, category or spec value,
accents and case ignored, best matches first."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..model import Catalog, Category, Product

# Letters that no Unicode decomposition takes apart, written as a French or German keyboard
# types them; apostrophes, quotes and dashes as they are typed; every space as a plain one.
_SPELLED_OUT = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "′": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
    }
)
# A query is a few words: more distinct terms than this are not looked for (each term costs a
# pass over every product, and a pasted page of text would cost thousands).
MAX_TERMS = 16


def fold(text: str) -> str:
    """`text` as the search compares it: accents, case, ligatures and typographic variants of
    apostrophes, dashes and spaces ignored (`Œuvre’s` → `oeuvre's`)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold().translate(_SPELLED_OUT)  # casefold can make some of them again


def terms_of(query: str) -> list[str]:
    """The query's distinct terms, folded, in the order typed (at most MAX_TERMS)."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


@dataclass(frozen=True)
class _Entry:
    """A product's texts, folded once: what every search compares its terms with."""

    product: Product
    references: tuple[str, ...]
    title: str
    haystack: str  # every searched text, one per line: a term never spans two of them

    def rank(self, terms: list[str]) -> int:
        """0: a term is one of its references; 1: a term begins one; 2: every term is in its
        title; 3: some term is; 4: otherwise. Lower is shown first."""
        if any(term in self.references for term in terms):
            return 0
        if any(ref.startswith(term) for term in terms for ref in self.references):
            return 1
        in_title = sum(term in self.title for term in terms)
        return 2 if in_title == len(terms) else 3 if in_title else 4


class SearchIndex:
    """A checked catalog's products, ready to be searched: built once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        categories = {category.id: category for category in catalog.categories}
        self._entries = [
            _entry(product, categories[product.category]) for product in catalog.products
        ]
        self._categories = [
            (category, products)
            for category in catalog.categories
            if (products := catalog.products_in(category))
        ]

    def find(self, query: str, limit: int = 50) -> list[Product]:
        """The products whose texts hold every term of `query` (anywhere in a reference,
        title, subtitle, category or spec value), at most `limit`: exact references first,
        references beginning with a term next, then title matches, the catalog's order
        otherwise. No terms: no products."""
        terms = terms_of(query)
        if not terms or limit <= 0:
            return []
        found = [e for e in self._entries if all(term in e.haystack for term in terms)]
        found.sort(key=lambda entry: entry.rank(terms))  # stable: catalog order within a rank
        return [entry.product for entry in found[:limit]]

    def categories(self) -> list[tuple[Category, list[Product]]]:
        """Each category that holds products, with them, in the catalog's order: for browsing."""
        return [(category, list(products)) for category, products in self._categories]


def _entry(product: Product, category: Category) -> _Entry:
    texts = [
        *product.references,
        product.title,
        product.subtitle or "",
        category.title,
        category.id,
        *(spec.value for spec in product.specs),
    ]
    return _Entry(
        product=product,
        references=tuple(fold(reference) for reference in product.references),
        title=fold(product.title),
        haystack="\n".join(fold(text) for text in texts),
    )
