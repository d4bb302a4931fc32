"""File names customers understand: a sheet's from its reference and title, a brochure's from
the catalog's title, an email's from its products; names that would collide are errors."""

from __future__ import annotations

import re
import unicodedata

from .errors import Problem, Severity, written_on
from .model import Catalog, Product

_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def slugify(text: str, max_length: int = 60) -> str:
    """`La Libération de Paris` → `la-liberation-de-paris` (ASCII, safe on every file system)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")  # empty for a title in another script (Москва)


def sheet_filename(product: Product, locale: str | None = None) -> str:
    """`7505634-la-liberation-de-paris.pdf`; with a locale, `….en_GB.pdf`; just the reference
    when the title has no Latin letters to name it by."""
    slug = slugify(product.title)
    return f"{product.reference}{'-' + slug if slug else ''}{_tag(locale)}.pdf"


def check_sheet_names(catalog: Catalog) -> list[Problem]:
    """An error for each product whose sheet would have the file name of an earlier one's: the
    same, or the same but for case (one file on macOS and Windows, or in a zip)."""
    problems: list[Problem] = []
    seen: dict[str, Product] = {}
    for product in catalog.products:
        name = sheet_filename(product)
        other = seen.setdefault(name.casefold(), product)
        if other is not product:
            other_name = sheet_filename(other)
            also = "" if other_name == name else f" ({other_name!r})"
            here = catalog.file_of(product)
            where = written_on(other.line, catalog.file_of(other), here)
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"its sheet would be named {name!r}, like the sheet of product "
                    f"{other.reference} ({where}){also}: one would overwrite the other",
                    here,
                    product.line,
                    None,
                    product.reference,
                    "change the reference or the title of one of them",
                )
            )
    return problems


def message_filename(products: list[Product]) -> str:
    """One sheet: named like the sheet; several: their references joined."""
    if len(products) == 1:
        return sheet_filename(products[0]).removesuffix(".pdf") + ".eml"
    name = "-".join(p.reference for p in products)
    # Past a few dozen references the name would outgrow what file systems allow.
    return (name if len(name) <= 120 else f"{name[:120]}-and-{len(products)}-sheets") + ".eml"


def brochure_filename(catalog: Catalog, locale: str | None = None) -> str:
    return f"{slugify(catalog.title) or 'brochure'}{_tag(locale)}.pdf"


def imposed_filename(catalog: Catalog, locale: str | None = None) -> str:
    return f"{slugify(catalog.title) or 'brochure'}-imposed{_tag(locale)}.pdf"


def _tag(locale: str | None) -> str:
    return f".{locale}" if locale else ""
