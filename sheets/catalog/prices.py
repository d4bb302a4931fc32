"""A product's or a variant's prices: its price (or `on request`), its earlier price, and its
price per unit, given or worked out from its net quantity."""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_currency_precision
from yaml.nodes import MappingNode

from ..errors import Refused, shown
from ..i18n.formats import MAX_PRICE, parse_number, parse_price, price_example, refuse_other_digits
from ..i18n.labels import labels_for
from ..model import ON_REQUEST, UNITS, Price, UnitPrice
from .reader import Entry, FieldReader, kind

# A net quantity's unit → the unit its price is given per, and how many of those it makes.
_PER_UNIT = {
    "mg": ("kg", Decimal("0.000001")),
    "g": ("kg", Decimal("0.001")),
    "kg": ("kg", Decimal(1)),
    "ml": ("l", Decimal("0.001")),
    "cl": ("l", Decimal("0.01")),
    "l": ("l", Decimal(1)),
    "mm": ("m", Decimal("0.001")),
    "cm": ("m", Decimal("0.01")),
    "m": ("m", Decimal(1)),
    "m²": ("m²", Decimal(1)),
    "m2": ("m²", Decimal(1)),
    "m³": ("m³", Decimal(1)),
    "m3": ("m³", Decimal(1)),
}
_QUANTITY = re.compile(r"([0-9][0-9.,\s]*?)\s*(" + "|".join(_PER_UNIT) + r")", re.I)


def read_price(
    reader: FieldReader, entries: dict[str, Entry], name: str, where: str, product: str | None
) -> Price | str | None:
    """The price under `name`: a Price, ON_REQUEST, or None when absent or refused (reported)."""
    value = reader.text(entries, name, where, product)
    if value is None:
        return None
    node = entries[name].value
    if value.casefold() in _on_request_words(reader.locale):
        return ON_REQUEST
    currency, locale = reader.currency, reader.locale
    try:
        price = Price(parse_price(value, locale, currency), currency)
    except ValueError as exc:
        if isinstance(exc, Refused) and exc.hint:  # it says what to write: other digits
            reader.error(node, f"'{name}' {shown(value)} {exc}", exc.hint, product)
            return None
        # A well-written amount can still be refused: say why, or the hint points elsewhere.
        reason = f"{exc}: " if isinstance(exc, Refused) else ""
        reader.error(
            node,
            f"'{name}' {shown(value)} is not a price in {locale}",
            f"{reason}write it like '{price_example(locale, currency)}'",
            product,
        )
        return None
    if price.amount == 0:
        reader.warn(
            node,
            f"'{name}' is {value}: the sheet will show a price of nothing",
            "write the product's price",
            product,
        )
    return price


def check_old_price(
    reader: FieldReader,
    entries: dict[str, Entry],
    old: Price | str | None,
    price: Price | str | None,
    product: str | None,
) -> Price | None:
    """The earlier price, when it is one above the price; a warning when it would not be shown."""
    if old is None or price is None:  # a price missing or refused is reported already
        return None
    if isinstance(old, Price) and isinstance(price, Price) and old.amount > price.amount:
        return old
    why = (
        "it is on request"
        if old == ON_REQUEST
        else "the price is on request"
        if price == ON_REQUEST
        else "it is not above the price"
    )
    reader.warn(
        entries["old_price"].value,
        f"'old_price' is not shown: {why}",
        "remove it, or correct the price",
        product,
    )
    return None


@functools.lru_cache(maxsize=16)  # asked for every price of the catalog
def _on_request_words(locale: str) -> frozenset[str]:
    """`on request`, or the locale's words for it (`sur demande`), in any case."""
    return frozenset({ON_REQUEST, labels_for(locale)["on_request"].casefold()})


def read_unit_price(
    reader: FieldReader,
    entries: dict[str, Entry],
    price: Price | None,
    where: str,
    product: str | None,
) -> UnitPrice | None:
    """The price per unit: given (`unit_price`), or worked out from `net_quantity` and `price`,
    the one price the product is sold at (None: on request, or its variants' prices differ)."""
    given, quantity = entries.get("unit_price"), entries.get("net_quantity")
    if given is not None and quantity is not None:
        reader.error(
            quantity.key,
            f"{where} has both 'unit_price' and 'net_quantity'",
            "keep one: the unit price is worked out from the net quantity",
            product,
        )
        return None
    if (given or quantity) is not None and price is None:
        reader.error(
            (given or quantity).key,
            f"{where} has no one price that a unit price could be given for: it is on request, "
            "or its variants' prices differ",
            f"remove '{(given or quantity).key.value}', or say the prices per unit in the "
            "description",
            product,
        )
        return None
    if given is not None:
        return _given_unit_price(reader, given, product)
    text = reader.text(entries, "net_quantity", where, product)
    if text is None or price is None:
        return None
    node = entries["net_quantity"].value
    hint = f"write it like '250 g' or '{format_decimal(Decimal('0.75'), locale=reader.locale)} l'"
    try:
        match = _QUANTITY.fullmatch(refuse_other_digits(text))
        number = parse_number(match[1], reader.locale) if match else None
    except Refused as exc:
        reader.error(node, f"'net_quantity' {shown(text)} {exc}", exc.hint, product)
        return None
    if number is None or number == 0:
        reader.error(
            node,
            f"'net_quantity' {shown(text)} is not a quantity in {reader.locale}",
            hint,
            product,
        )
        return None
    per, factor = _PER_UNIT[match[2].lower()]
    cents = Decimal(1).scaleb(-get_currency_precision(price.currency))
    try:
        amount = (price.amount / (number * factor)).quantize(cents, rounding=ROUND_HALF_UP)
    except ArithmeticError:  # a quantity so small that the division has no place to go
        amount = MAX_PRICE
    if amount >= MAX_PRICE:
        reader.error(
            node,
            f"'net_quantity' {shown(text)} makes a unit price of a trillion or more",
            "check the quantity and its unit",
            product,
        )
        return None
    return UnitPrice(Price(amount, price.currency), per)


def _given_unit_price(reader: FieldReader, entry: Entry, product: str | None) -> UnitPrice | None:
    where = "'unit_price'"
    node = entry.value
    if not isinstance(node, MappingNode):
        reader.error(
            node,
            f"{where} must be a mapping, found {kind(node)}",
            "write it like 'unit_price: {per: kg, amount: \"71,20\"}'",
            product,
        )
        return None
    entries = reader.mapping(node, {"per": True, "amount": True}, product, where) or {}
    per = reader.text(entries, "per", where, product)
    if per is not None and per not in UNITS:
        reader.error(
            entries["per"].value,
            f"'per' {shown(per)} is not a unit a price is given per",
            f"use one of: {', '.join(UNITS)}",
            product,
        )
        return None
    amount = read_price(reader, entries, "amount", where, product)
    if amount == ON_REQUEST:
        reader.error(entries["amount"].value, "a unit price cannot be on request", None, product)
    if per is None or not isinstance(amount, Price):
        return None
    return UnitPrice(amount, per)
