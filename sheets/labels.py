"""The words the tool itself prints on the pages, per language."""

from __future__ import annotations

_LABELS = {
    "fr": {
        "price": "Prix",
        "reference": "Réf.",
        "updated": "Mis à jour le {date}",
        "contents": "Sommaire",
        "page": "Page {number}",
        "continued": "suite",
        "products": {"one": "{count} produit", "other": "{count} produits"},
    },
    "en": {
        "price": "Price",
        "reference": "Ref.",
        "updated": "Updated {date}",
        "contents": "Contents",
        "page": "Page {number}",
        "continued": "continued",
        "products": {"one": "{count} product", "other": "{count} products"},
    },
}


def labels_for(locale: str) -> dict:
    """The labels for a locale's language, English when the language has none yet."""
    return _LABELS.get(locale.split("_")[0], _LABELS["en"])
