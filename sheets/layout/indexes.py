"""The brochure's indexes: its products by reference (A2 before A10) and by name (as a reader
looks a name up), each line a link to the product's page."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from reportlab.platypus import Flowable

from ..model import Catalog, Product
from .anchors import product_key
from .brochure_parts import ContentsLine, contents_table
from .context import LayoutContext


def index_entries(catalog: Catalog, placed: list[ContentsLine]) -> list[list[ContentsLine]]:
    """The lines of the indexes: every product by reference (and its variants' references
    where its page shows their table), and every product by name."""
    by_key = {product_key(p.reference): p for p in catalog.products}
    products = [line for line in placed if line.key in by_key]
    references = [
        (reference, line)
        for line in products
        for reference in _listed_references(catalog, by_key[line.key])
    ]
    by_reference = sorted(references, key=lambda pair: _natural(pair[0]))
    by_name = sorted(
        products, key=lambda line: (_collated(line.title), _natural(by_key[line.key].reference))
    )
    return [
        [replace(line, title=f"{reference} · {line.title}") for reference, line in by_reference],
        [replace(line, title=f"{line.title} · {by_key[line.key].reference}") for line in by_name],
    ]


def _listed_references(catalog: Catalog, product: Product) -> tuple[str, ...]:
    """A product's reference, and its variants' where its layout shows them (a page each)."""
    if catalog.layout_of(catalog.category(product.category)) == "page":
        return product.references
    return (product.reference,)


def _natural(text: str) -> list[tuple[int, int | str]]:
    """`A2` before `A10`: runs of digits compared as numbers."""
    return [
        (0, int(run)) if run.isdigit() else (1, run.casefold()) for run in re.split(r"(\d+)", text)
    ]


def _collated(text: str) -> list[tuple[int, int | str]]:
    """Sorted as a reader looks it up: `Élan` among the E, `Œuvre` as `oeuvre`, case and
    leading quotes ignored, `n° 2` before `n° 10`."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return _natural(plain.lstrip("«»“”‘’\"'([¿¡ \u00a0\u202f"))


def index_flowables(ctx: LayoutContext, title: str, lines: list[ContentsLine]) -> list[Flowable]:
    return [ctx.paragraph(title, "index_title"), contents_table(ctx, lines, "index_entry")]
