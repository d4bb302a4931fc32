"""A product's prices as its sheet, cards, price lists and messages say them, in the locale's words."""

from __future__ import annotations

from ..model import Price, Product, UnitPrice
from .formats import format_price


def price_text(price: Price | None, locale: str, labels: dict) -> str:
    """`17,80 €`, or the locale's words for a price on request."""
    if price is None:
        return labels["on_request"]
    return format_price(price.amount, price.currency, locale)


def product_price_text(product: Product, locale: str, labels: dict) -> str:
    """The price a product is offered at: `from 17,80 €` when its variants' prices differ."""
    text = price_text(product.price, locale, labels)
    return labels["price_from"].format(price=text) if product.price_from else text


def old_price_text(old: Price | None, price: Price | None, locale: str, labels: dict) -> str | None:
    """The earlier price, struck through beside the price: only when it was higher."""
    if old is None or price is None or old.amount <= price.amount:
        return None
    return price_text(old, locale, labels)


def unit_price_text(unit: UnitPrice, locale: str) -> str:
    """`98,00 €/kg`: what the EU's price-indication rule asks beside the price of goods sold by
    weight, volume, length or area."""
    return f"{format_price(unit.price.amount, unit.price.currency, locale)}/{unit.per}"


def price_label(taxes: str | None, labels: dict) -> str:
    """`Price`, or `Price incl. VAT` / `Price excl. VAT` when the catalog says which."""
    return labels[f"price_{taxes}"] if taxes else labels["price"]
