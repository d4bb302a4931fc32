"""A product's variants: each with its reference (unique among all the catalog's), its price
(the product's when it gives none), its code, and its attributes (`Couleur: Vert`)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import shown, written_on
from ..model import ON_REQUEST, Price, Variant
from .keys import MAX_LINE
from .prices import check_old_price, read_price
from .reader import COMMA_IN_BRACES, is_empty, kind, split_by_comma
from .schema import PRODUCT, VARIANT

if TYPE_CHECKING:
    from .products import ProductsReader

# A variant's own keys; every other key is an attribute, but a product's.
OWN_KEYS = {key.name: key.required for key in VARIANT.keys if not key.name.startswith("(")}
PRODUCT_ONLY = set(PRODUCT.names) - set(OWN_KEYS)


def read_variants(
    reader: ProductsReader,
    node: Node | None,
    price: Price | str | None,
    old_price: Price | str | None,
    product: str | None,
) -> tuple[Variant, ...]:
    """The variants listed under a product's `variants`; `price` and `old_price` are the
    product's, which they default to."""
    if node is None or is_empty(node):
        return ()
    if not isinstance(node, SequenceNode):
        reader.error(
            node,
            f"'variants' must be a list ('- reference: …' items), found {kind(node)}",
            "write each variant as '- reference: …' with its price and attributes below it",
            product,
        )
        return ()
    variants = []
    for item in node.value:
        variant = _read_variant(reader, item, price, old_price, product)
        if variant is not None:
            variants.append(variant)
    _check_attributes(reader, node, variants, product)
    return tuple(variants)


def _read_variant(
    reader: ProductsReader,
    node: Node,
    price: Price | str | None,
    old_price: Price | str | None,
    product: str | None,
) -> Variant | None:
    where = "a variant"
    if not isinstance(node, MappingNode):
        reader.error(node, f"{where} must be a mapping, found {kind(node)}", None, product)
        return None
    names = [key.value for key, _ in node.value if isinstance(key, ScalarNode)]
    keys = {**{name: False for name in names}, **OWN_KEYS}
    entries = reader.mapping(node, keys, product, where) or {}
    names = [name for name in names if _an_attribute(reader, name, entries, product)]
    reference = reader.value(entries, VARIANT["reference"], where, product)
    if reference is None:
        return None
    where = f"variant {shown(reference)}"
    line = node.start_mark.line + 1
    seen = reader.seen  # every reference given so far, products' and variants'
    if reference in seen:
        file, first = seen[reference]
        reader.error(
            entries["reference"].value,
            f"duplicate reference {shown(reference)} (first used on "
            f"{written_on(first, file, reader.path)})",
            "each product and each variant needs its own reference",
            product,
        )
        return None
    seen[reference] = (reader.path, line)
    own_price = read_price(reader, entries, "price", where, product)
    own_price = own_price if "price" in entries else price
    if own_price is None:
        if "price" not in entries:
            reader.error(
                node,
                f"{where} has no price",
                "add 'price: …' to the variant, or to the product for all its variants",
                product,
            )
        return None
    if "old_price" in entries:
        own_old = read_price(reader, entries, "old_price", where, product)
        own_old = check_old_price(reader, entries, own_old, own_price, product)
    else:  # the product's, where it is above this variant's price
        own_old = old_price
    attributes = []
    for name in names:
        if not reader.check_length(entries[name].value, name, MAX_LINE, product):
            continue
        value = reader.translated(entries, name, where, product, drawn=f"attribute '{name}'")
        if value is None:
            key = entries[name].key
            comma = split_by_comma(node, key)
            hint = COMMA_IN_BRACES if comma else f"write '{name}: …' or remove the line"
            reader.error(key, f"attribute '{name}' of {where} has no value", hint, product)
            continue
        label = reader.spec_labels.get(name, name)
        reader.record(label, f"attribute '{name}'", entries[name].key, product)
        attributes.append((label, value))
    available = reader.value(entries, VARIANT["available"], where, product)
    return Variant(
        reference=reference,
        price=None if own_price == ON_REQUEST else own_price,
        attributes=tuple(attributes),
        old_price=own_old if isinstance(own_old, Price) else None,
        ean=reader.value(entries, VARIANT["ean"], where, product),
        available=available is not False,
        line=line,
    )


def _an_attribute(reader: ProductsReader, name: str, entries: dict, product: str | None) -> bool:
    """Whether the key `name` of a variant is an attribute: not one of its own keys, nor a
    product's (`ean13`, `net_quantity`), nor one of its own in other capitals. A near miss of
    its own keys is an attribute, with a warning."""
    if name in OWN_KEYS:
        return False
    key, lower = entries[name].key, name.lower()
    if lower in OWN_KEYS:
        reader.error(
            key,
            f"{shown(name)} is the variant's '{lower}' in capitals",
            f"write '{lower}'",
            product,
        )
        return False
    if name in PRODUCT_ONLY:  # (`Title`, as Shopify names an only option, is an attribute)
        reader.error(
            key,
            f"{shown(name)} is a product's key, not a variant's",
            "a variant's bar code is 'ean'"
            if name == "ean13"
            else "give it to the product, or name the attribute otherwise",
            product,
        )
        return False
    guess = difflib.get_close_matches(name, list(OWN_KEYS), n=1, cutoff=0.8)
    if guess and guess[0] not in entries:
        reader.warn(
            key,
            f"{shown(name)} is read as an attribute of the variant",
            f"did you mean {shown(guess[0])}?",
            product,
        )
    return True


def _check_attributes(
    reader: ProductsReader, node: SequenceNode, variants: list[Variant], product: str | None
) -> None:
    """Each variant should give every attribute the others give: its cell would be empty."""
    names = list(dict.fromkeys(name for v in variants for name, _ in v.attributes))
    for variant in variants:
        given = {name for name, _ in variant.attributes}
        for name in names:
            if name not in given:
                reader.warn(
                    None,
                    f"variant {shown(variant.reference)} has no {shown(name)}, which other "
                    "variants of the product have",
                    f"add '{name}: …' to it",
                    product,
                    line=variant.line,
                )
