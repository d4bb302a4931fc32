"""Glyph coverage: every character of the catalog's text must be drawable by the theme's fonts or,
where they lack it, by the fallback face that layout sets it in."""

from __future__ import annotations

from ..errors import Problem, Severity
from ..model import Catalog, Product
from .fonts import FACES, fallback_face, missing_characters
from .theme import Theme


def check_glyph_coverage(catalog: Catalog, theme: Theme) -> list[Problem]:
    """A warning per field holding characters that would print as empty boxes: the catalog's
    own texts (cover, section openers) and each product's."""
    faces = [
        base + ("" if suffix == "Regular" else f"-{suffix}")
        for base in (theme.text_font, theme.display_font)
        for suffix in FACES
    ]
    fields = [(None, field, text) for field, text in _catalog_texts(catalog)]
    fields += [
        (product, field, text)
        for product in catalog.products
        for field, text in _texts(product, catalog)
    ]
    problems = []
    for product, field, text in fields:
        missing = set().union(*(_undrawable(text, face) for face in faces))
        if missing:
            in_text_order = dict.fromkeys(ch for ch in text if ch in missing)
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in in_text_order)
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"the fonts cannot draw {shown} in the {field}; it would print as an empty box",
                    catalog.source,
                    product.line if product else None,
                    None,
                    product.reference if product else None,
                    "replace the character, or add a font that has it to fonts/",
                )
            )
    return problems


def _undrawable(text: str, face: str) -> set[str]:
    """What neither the face nor its fallback face can draw."""
    lacking = missing_characters(text, face)
    if not lacking:
        return lacking
    return missing_characters("".join(lacking), fallback_face(face))


def _texts(product: Product, catalog: Catalog) -> list[tuple[str, str]]:
    texts = [
        ("title", product.title),
        ("subtitle", product.subtitle or ""),
    ]
    texts += [(f"spec '{spec.label}'", spec.label + spec.value) for spec in product.specs]
    texts.append(("description", " ".join(product.description)))
    return [(field, text) for field, text in texts if text]


def _catalog_texts(catalog: Catalog) -> list[tuple[str, str]]:
    texts = [
        ("catalog's title", catalog.title),
        ("catalog's subtitle", catalog.subtitle or ""),
        ("catalog's edition", catalog.edition or ""),
        ("publisher", catalog.publisher),
    ]
    for category in catalog.categories:
        texts += [(f"title of category '{category.id}'", category.title)]
        texts += [(f"intro of category '{category.id}'", category.intro or "")]
    return [(field, text) for field, text in texts if text]
