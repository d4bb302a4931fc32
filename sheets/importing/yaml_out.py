"""The catalog as YAML text: keys in the catalog's order, amounts in the locale's writing,
descriptions as `|` blocks, every other value quoted only when YAML would read it as another
type (`0750`, `yes`, `1.0`). The same drafts always give the same bytes."""

from __future__ import annotations

import re
from decimal import Decimal

import yaml
from babel.numbers import get_currency_precision, get_decimal_symbol

from .drafts import Draft, Text, Variant
from .fields import as_ean13

LINE_WIDTH = 1_000_000  # a long title or value stays on its line
# Numbers as YAML 1.2 reads them: PyYAML (YAML 1.1) writes `012345678905` bare, which other
# tools would read as a number; a barcode or reference is quoted like any other number.
_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+")


class YesNo:
    """A yes/no value, written `yes` or `no` as the catalog's own files write them."""

    def __init__(self, value: bool):
        self.value = value


class Inline(list):
    """A short list written on one line: `images: [images/a.jpg, images/b.jpg]`."""


class _Dumper(yaml.SafeDumper):
    """Plain YAML a catalog reads: no anchors or aliases (the loader refuses them)."""

    def ignore_aliases(self, data) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # a list's items indented under its key


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Several lines as a `|` block, as a person writes a description.
    style = "|" if "\n" in text else "'" if _NUMBER.fullmatch(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _yes_no(dumper: yaml.SafeDumper, value: YesNo) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:bool", "yes" if value.value else "no")


def _inline(dumper: yaml.SafeDumper, items: Inline) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(YesNo, _yes_no)
_Dumper.add_representer(Inline, _inline)


def dump_catalog(data: dict, origin: str) -> str:
    """The catalog's YAML text, after a comment saying where it came from: PyYAML's own
    emitter's, the same bytes whether or not libyaml is installed."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=LINE_WIDTH,
        indent=2,
    )
    return f"# {origin}\n{body}"


def amount_text(amount: Decimal, locale: str, currency: str) -> str:
    """`50,00` in fr_FR, `50.00` in en_US: the currency's decimals, no digit grouping."""
    places = get_currency_precision(currency)
    written = f"{amount.quantize(Decimal(1).scaleb(-places)):f}"
    return written.replace(".", get_decimal_symbol(locale))


def text_value(text: Text, locale: str) -> str | dict[str, str]:
    """A text in the catalog's language alone as a string; per locale as a mapping."""
    if isinstance(text, str):
        return text
    if locale in text and len(set(text.values())) == 1:
        return text[locale]
    return dict(text)


def product_entry(
    draft: Draft, category: str, images: list[str | dict[str, str]], locale: str, currency: str
) -> dict:
    """A product as the catalog writes it: with its variants' prices when it has variants,
    with its own price, old price and EAN-13 otherwise."""
    entry: dict = {"reference": draft.reference, "title": text_value(draft.title, locale)}
    if draft.subtitle:
        entry["subtitle"] = text_value(draft.subtitle, locale)
    entry["category"] = category
    single = draft.variants[0]
    if not draft.has_variants:
        entry["price"] = amount_text(single.price, locale, currency)
        if single.old_price is not None:
            entry["old_price"] = amount_text(single.old_price, locale, currency)
        if single.ean:
            entry["ean13"] = as_ean13(single.ean)
    if draft.url:
        entry["url"] = draft.url
    if images:  # on one line but for images with their alt text, one to a line
        described = any(isinstance(image, dict) for image in images)
        entry["images"] = images if described else Inline(images)
    if draft.specs:
        entry["specs"] = {label: text_value(value, locale) for label, value in draft.specs}
    if draft.description:
        entry["description"] = text_value(draft.description, locale)
    if draft.has_variants:
        entry["variants"] = [_variant_entry(v, locale, currency) for v in draft.variants]
    return entry


def _variant_entry(variant: Variant, locale: str, currency: str) -> dict:
    entry: dict = {
        "reference": variant.reference,
        "price": amount_text(variant.price, locale, currency),
    }
    if variant.old_price is not None:
        entry["old_price"] = amount_text(variant.old_price, locale, currency)
    if variant.ean:
        entry["ean"] = variant.ean
    if not variant.available:
        entry["available"] = YesNo(False)
    for name, value in variant.attributes:
        entry[name] = text_value(value, locale)
    return entry
