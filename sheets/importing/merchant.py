"""A Google Merchant Center feed (RSS 2.0 XML, or its TSV) read as drafts: items sharing an
`item_group_id` are one product's variants, the attributes that differ between them (colour,
size…) theirs, the others the product's specs."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..errors import shown
from ..i18n.formats import known_currencies
from .drafts import Draft, Picture, Source, Variant
from .fields import dot_amount, one_line
from .html_text import html_description, looks_like_html, text_description
from .merchant_feed import Feed, Item, read_feed_xml
from .options import ImportOptions
from .problems import At, Findings
from .reading import amount, barcode, chosen_reference, old_price, web_address
from .source_file import decode_text
from .table import read_csv_table

# The attributes that tell a group's items apart, in the order they are written.
ATTRIBUTES = {
    "color": "Color",
    "size": "Size",
    "material": "Material",
    "pattern": "Pattern",
    "age_group": "Age group",
    "gender": "Gender",
    "size_type": "Size type",
    "size_system": "Size system",
}
TITLE_PART = "Variant"  # the attribute of items a group's titles alone tell apart
OUT_OF_STOCK = {"out_of_stock", "out of stock"}
_PRICE = re.compile(r"\s*(?:([0-9.,]+)\s*([A-Za-z]{3})?|([A-Za-z]{3})\s*([0-9.,]+))\s*")
_TITLE_SEPARATORS = " -–—,/|:("


def read_merchant(data: bytes, options: ImportOptions, findings: Findings) -> Source:
    """The drafts of a feed, XML or TSV (told by its first character)."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        feed = read_feed_xml(data, findings)
    else:
        feed = _feed_of_table(decode_text(data, options.encoding, findings), findings)
    return _Reader(options.currency, findings).source(feed)


def _feed_of_table(text: str, findings: Findings) -> Feed:
    """The items of a TSV feed: its columns named as the XML's fields, `g:` or not."""
    table = read_csv_table(text, findings)
    names = {
        column: column.lower().removeprefix("g:").strip().replace(" ", "_")
        for column in table.header
    }
    items = []
    for row in table.rows:
        item = Item(row.at)
        for column, cell in row.cells.items():
            if cell.text:
                item.fields[names[column]] = [(cell.text, cell.at)]
        items.append(item)
    return Feed(items)


class _Reader:
    def __init__(self, currency: str | None, findings: Findings):
        self.asked = currency  # --currency
        self.currency: tuple[str, At] | None = None  # the first price's, and its place
        self.findings = findings

    def source(self, feed: Feed) -> Source:
        groups: dict[str, list[Item]] = {}
        for index, item in enumerate(feed.items):
            for name in ("id", "title", "price"):
                if not item.get(name):
                    self.findings.error(
                        f"an item without g:{name}",
                        item.at,
                        "every item of a feed has an id, a title and a price",
                    )
            group = item.get("item_group_id")
            groups.setdefault(f"group {group}" if group else f"item {index}", []).append(item)
        self.findings.stop_if_errors()
        drafts = [draft for items in groups.values() if (draft := self.product(items))]
        currency = self.asked or (self.currency[0] if self.currency else None)
        return Source(drafts, publisher=feed.title, currency=currency)

    def product(self, items: list[Item]) -> Draft | None:
        first = items[0]
        variants = [self.variant(item) for item in items]
        if any(variant is None for variant in variants):
            return None
        labels = {name: label for name, label in ATTRIBUTES.items() if first.get(name)}
        varying = [
            name for name in ATTRIBUTES
            if len({one_line(item.get(name)) for item in items}) > 1
        ]  # fmt: skip
        for variant, item in zip(variants, items, strict=True):
            variant.attributes = [
                (ATTRIBUTES[name], one_line(item.get(name))) for name in varying if item.get(name)
            ]
        specs = [("Brand", one_line(first.get("brand")))] if first.get("brand") else []
        specs += [
            (label, one_line(first.get(name)))
            for name, label in labels.items()
            if name not in varying
        ]
        if len(items) > 1:
            reference = chosen_reference(
                first.get("item_group_id"),
                first.place("item_group_id"),
                "g:item_group_id",
                self.findings,
            )
        else:
            reference = variants[0].reference
        if reference is None:
            return None
        titles = [one_line(item.get("title")) for item in items]
        self.tell_apart(variants, titles, reference)
        return Draft(
            reference=reference,
            title=_common_title(titles),
            at=first.at,
            variants=variants,
            category=one_line(re.split(r"[>,]", first.get("product_type"))[0]) or None,
            url=self.url(first, reference),
            pictures=_pictures(items),
            specs=specs,
            description=_description(
                next((i.get("description") for i in items if i.get("description")), "")
            ),
        )

    def tell_apart(self, variants: list[Variant], titles: list[str], product: str) -> None:
        """Items no attribute tells apart (`Coffee 250 g`, `Coffee 1 kg`) get what their
        titles do not share as an attribute (`Variant: 250 g`); a warning names those that
        nothing tells apart."""
        if _distinct(variants):
            return
        parts = _title_parts(titles)
        if any(parts):
            for variant, part in zip(variants, parts, strict=True):
                if part:
                    variant.attributes.append((TITLE_PART, part))
        if not _distinct(variants):
            counts = Counter(tuple(variant.attributes) for variant in variants)
            alike = [v.reference for v in variants if counts[tuple(v.attributes)] > 1]
            self.findings.warn(
                f"items {', '.join(alike)} differ by nothing but their ids: their variants "
                "show only their references",
                variants[0].at,
                "give the items the g:color, g:size… that tells them apart",
                product,
            )

    def variant(self, item: Item) -> Variant | None:
        reference = chosen_reference(item.get("id"), item.place("id"), "g:id", self.findings)
        price = self.price(item, "price", reference)
        sale = self.price(item, "sale_price", reference) if item.get("sale_price") else None
        if reference is None or price is None:
            return None
        return Variant(
            reference=reference,
            price=sale if sale is not None else price,
            at=item.at,
            old_price=old_price(sale, price),
            ean=barcode(item.get("gtin"), item.place("gtin"), "g:gtin", self.findings, reference),
            available=item.get("availability").lower() not in OUT_OF_STOCK,
        )

    def price(self, item: Item, name: str, product: str | None) -> Decimal | None:
        """An item's price (`15.00 USD`), its currency the same as every other's."""
        text, at = item.get(name), item.place(name)
        found = _PRICE.fullmatch(text)
        number, code = (
            (found.group(1) or found.group(4), found.group(2) or found.group(3))
            if found
            else (text, None)
        )
        code = code.upper() if code else self.asked
        if code is None:
            self.findings.stop(
                f"g:{name} {shown(text)} gives no currency",
                at,
                "write prices like '15.00 EUR', or give --currency",
            )
        if code not in known_currencies():
            self.findings.error(
                f"g:{name} {shown(text)}: {code!r} is not a currency code",
                at,
                "write prices like '15.00 EUR'",
                product,
            )
            return None
        if not self._same_currency(code, text, name, at, product):
            return None
        return amount(
            number, at, f"g:{name}", self.findings, dot_amount, code, "'15.00 EUR'", product, text
        )

    def _same_currency(self, code: str, text: str, name: str, at: At, product) -> bool:
        if self.asked and code != self.asked:
            self.findings.error(
                f"g:{name} {shown(text)} is in {code}, not in --currency {self.asked}",
                at,
                "a catalog has one currency",
                product,
            )
            return False
        if self.currency is None:
            self.currency = (code, at)
        elif code != self.currency[0]:
            first, where = self.currency
            self.findings.error(
                f"g:{name} {shown(text)} is in {code}; the feed's first price (line "
                f"{where.line}) is in {first}",
                at,
                "a catalog has one currency: import the items of each currency apart",
                product,
            )
            return False
        return True

    def url(self, item: Item, product: str) -> str | None:
        return web_address(item.get("link"), item.place("link"), "g:link", self.findings, product)


def _pictures(items: list[Item]) -> list[Picture]:
    pictures: list[Picture] = []
    seen = set()
    for item in items:
        for name in ("image_link", "additional_image_link"):
            for value, at in item.all(name):
                for written in value.split(",") if name != "image_link" else [value]:
                    if written.strip() and written.strip() not in seen:
                        seen.add(written.strip())
                        pictures.append(Picture(written.strip(), at))
    return pictures


def _description(text: str) -> str | None:
    return html_description(text) if looks_like_html(text) else text_description(text)


def _distinct(variants: list[Variant]) -> bool:
    """Whether each variant has attributes of its own (one alone needs none)."""
    told = {tuple(variant.attributes) for variant in variants}
    return len(variants) == 1 or len(told) == len(variants)


def _title_parts(titles: list[str]) -> list[str]:
    """What each title has after the words all of them start with (`250 g` of `Coffee 250 g`
    beside `Coffee 1 kg`)."""
    words = [title.split(" ") for title in titles]
    shared = 0
    for column in zip(*words, strict=False):
        if len(set(column)) > 1:
            break
        shared += 1
    return [" ".join(split[shared:]).strip(_TITLE_SEPARATORS) for split in words]


def _common_title(titles: list[str]) -> str:
    """A group's title: the words its items' titles start with (`Shirt` of `Shirt - Blue - S`
    and `Shirt - Red - M`), else the first item's."""
    if len(titles) == 1:
        return titles[0]
    words = [title.split(" ") for title in titles]
    common = []
    for column in zip(*words, strict=False):
        if len(set(column)) > 1:
            break
        common.append(column[0])
    shared = " ".join(common).rstrip(_TITLE_SEPARATORS)
    return shared or titles[0]
