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
        "email_subject": {
            "one": "{title} : votre fiche produit",
            "other": "Vos fiches produits : {title}",
        },
        "email_body": {
            "one": "Bonjour,\n\nVoici, comme convenu, la fiche produit de {title} (réf. {reference}),"
            " au prix de {price}. Vous la trouverez en pièce jointe.\n\nNous restons à votre"
            " disposition pour toute question.\n\nBien cordialement,\n\n{shop}\n{phone} {website}",
            "other": "Bonjour,\n\nVoici, comme convenu, les fiches produits de {title}"
            " (réf. {reference}), aux prix respectifs de {price}. Vous les trouverez en pièces"
            " jointes.\n\nNous restons à votre disposition pour toute question.\n\nBien"
            " cordialement,\n\n{shop}\n{phone} {website}",
        },
    },
    "en": {
        "price": "Price",
        "reference": "Ref.",
        "updated": "Updated {date}",
        "contents": "Contents",
        "page": "Page {number}",
        "continued": "continued",
        "products": {"one": "{count} product", "other": "{count} products"},
        "email_subject": {
            "one": "{title}: your product sheet",
            "other": "Your product sheets: {title}",
        },
        "email_body": {
            "one": "Hello,\n\nAs promised, please find attached the product sheet of {title}"
            " (ref. {reference}), priced at {price}.\n\nDo not hesitate to contact us with any"
            " question.\n\nKind regards,\n\n{shop}\n{phone} {website}",
            "other": "Hello,\n\nAs promised, please find attached the product sheets of {title}"
            " (ref. {reference}), priced at {price} respectively.\n\nDo not hesitate to contact"
            " us with any question.\n\nKind regards,\n\n{shop}\n{phone} {website}",
        },
    },
}


def labels_for(locale: str) -> dict:
    """The labels for a locale's language, English when the language has none yet."""
    return _LABELS.get(locale.split("_")[0], _LABELS["en"])
