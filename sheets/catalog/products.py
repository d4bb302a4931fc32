"""A catalog's categories and products → model values, with every problem of each."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import shown, written_on
from ..i18n.formats import price_example
from ..i18n.labels import FALLBACK, labels_for
from ..model import LIST_ITEM, ON_REQUEST, Category, Product, Spec
from .image_paths import ImagePaths
from .keys import MAX_LABEL, MAX_LINE
from .pictures import MissingAlt, image_alt, read_photos
from .prices import check_old_price, read_price, read_unit_price
from .reader import Entry, FieldReader, is_empty, is_group, kind
from .schema import PRODUCT
from .variants import read_variants

_ADD_PRODUCTS = "add at least one product ('- reference: …')"
EARLIEST_YEAR = 1900  # an update before this is a typo (0001-01-01 from a spreadsheet)
# A paragraph is laid out as a whole on every page it runs onto: its length bounds the work.
MAX_PARAGRAPH = 10_000


class ProductsReader(FieldReader):
    """Reads the products of one catalog, whose locale and currency are already known: the list
    under its `products`, or the lists of its products files, one after the other."""

    def __init__(
        self, catalog: FieldReader, spec_labels: dict[str, str], categories: list[Category]
    ):
        super().__init__(catalog.path)
        # Shared with the catalog's reader: one list of each, in one run.
        self.problems, self.drawn = catalog.problems, catalog.drawn
        self.unprintable = catalog.unprintable
        self.source_text = catalog.source_text  # a description is read as written
        self.default_locale, self.output_locale = catalog.default_locale, catalog.output_locale
        self.locale, self.currency = (
            catalog.locale,
            catalog.currency,
        )  # how prices and dates are written
        self.spec_labels = spec_labels
        self.category_ids = [c.id for c in categories]
        self.folder = catalog.path.resolve().parent
        self.image_paths = ImagePaths(self.folder)
        self.labels = labels_for(catalog.output_locale or FALLBACK)  # derived alt texts
        self.missing_alts: list[MissingAlt] = []  # product photos without alt text
        self.source: Path | None = None  # the products file being read; None: the catalog
        self.seen: dict[str, tuple[Path, int]] = {}  # each reference, where it is first given
        self.categories_named: set[str] = set()  # as written, whether the products are valid
        # A list or a file of products could not be read: the categories it names are unknown.
        self.incomplete = False
        self._item: Node | None = None

    def read_list(self, node: Node | None) -> list[Product]:
        """The products of one list: the catalog's `products`, or a products file's."""
        in_file = self.source is not None
        if in_file and (node is None or (isinstance(node, SequenceNode) and not node.value)):
            self.warn(node, "the file holds no products", _ADD_PRODUCTS)  # yet: it may wait
            return []
        if not isinstance(node, SequenceNode):
            what = "a products file" if in_file else "'products'"
            self.error(node, f"{what} must be a list ('- reference: …' items), found {kind(node)}")
            self.incomplete = True
            return []
        if not node.value:
            self.error(node, "'products' is empty: there is nothing to build", _ADD_PRODUCTS)
        products: list[Product] = []
        for item in node.value:
            self.categories_named |= _category_of(item)
            reference = _reference_of(item)
            if reference in self.seen:
                file, line = self.seen[reference]
                self.error(
                    item,
                    f"duplicate reference {shown(reference)} (first used on "
                    f"{written_on(line, file, self.path)})",
                    "each product needs its own reference",
                    reference,
                )
                self.read_product(item, self.category_ids)  # still report its other problems
                continue
            if reference is not None:
                self.seen[reference] = (self.path, item.start_mark.line + 1)
            product = self.read_product(item, self.category_ids)
            if product is not None:
                products.append(product)
        return products

    def forget_file(self) -> None:
        """Let go of the nodes and the text of the file just read."""
        self.source_text, self.unprintable, self._item = "", set(), None

    def read_product(self, node: Node, category_ids: list[str]) -> Product | None:
        where = "a product"
        self._item = node  # the place of warnings about what the product lacks
        reference = _reference_of(node)  # named in every message, even those before its line
        if reference is not None:
            where = "the product"  # every message names the product already
        examples = {"price": price_example(self.locale, self.currency)} if self.locale else {}
        entries = self.mapping(node, PRODUCT, reference, where, examples)
        if entries is None:
            return None
        written = entries.get("reference")
        if written is not None and not isinstance(written.value, ScalarNode):
            self.error(
                written.value,
                f"'reference' in {where} must be text, found {kind(written.value)}",
                "write it like 'reference: 7505634'",
            )
        # A refused reference is quoted in its message, not named as the product.
        ref = reference and self.parse(written.value, reference, PRODUCT["reference"])
        fields: dict[str, Any] = {"line": node.start_mark.line + 1, "source": self.source}
        fields["title"] = self.translated(entries, "title", where, ref, drawn="title")
        fields["subtitle"] = self.translated(entries, "subtitle", where, ref, drawn="subtitle")
        category = self.text(entries, "category", where, ref)
        if category is not None and category_ids and category not in category_ids:
            guess = difflib.get_close_matches(category, category_ids, n=1, cutoff=0.5)
            self.error(
                entries["category"].value,
                f"category {shown(category)} does not exist",
                f"did you mean {shown(guess[0])}?"
                if guess
                else f"use one of the ids under 'categories': {', '.join(category_ids)}",
                ref,
            )
        fields["category"] = category
        if self.locale and self.currency:
            self.prices(entries, fields, where, ref)
        if self.locale:
            fields["updated"] = self.local_date(entries, "updated", where, self.locale, ref)
        if fields.get("updated") and fields["updated"].year < EARLIEST_YEAR:
            self.warn(
                entries["updated"].value,
                f"'updated' is in the year {fields['updated'].year}: the sheet will say so",
                "check the year",
                ref,
            )
        fields["url"] = self.value(entries, PRODUCT["url"], where, ref)
        fields["ean13"] = self.value(entries, PRODUCT["ean13"], where, ref)
        fields["specs"] = self.specs(entries.get("specs"), where, ref)
        fields |= self.images(entries.get("images"), where, ref, fields["title"] or "")
        fields["description"] = self.description(entries.get("description"), where, ref)
        if ref is None or any(fields.get(k) is None for k in ("title", "category")):
            return None
        if "price" not in fields:  # refused, or no price for a variant: reported
            return None
        return Product(reference=ref, **fields)

    def prices(self, entries: dict[str, Entry], fields: dict, where: str, ref: str | None) -> None:
        """The product's price, earlier price, unit price and variants, into `fields`; no
        `price` there when it is missing or refused."""
        price = read_price(self, entries, "price", where, ref)
        old = read_price(self, entries, "old_price", where, ref)
        node = entries["variants"].value if "variants" in entries else None
        # A price refused is reported: its variants are not also said to lack one.
        inherited = ON_REQUEST if price is None and "price" in entries else price
        variants = read_variants(self, node, inherited, old, ref)
        if variants:
            prices = [v.price for v in variants if v.price is not None]
            price = min(prices, key=lambda p: p.amount) if prices else ON_REQUEST
        elif price is None:
            if "price" not in entries and not (node is not None and not is_empty(node)):
                example = price_example(self.locale, self.currency)
                self.error(
                    self._item,
                    f"missing required key 'price' in {where}",
                    f"add a line like 'price: {example}', or its 'variants' with theirs",
                    ref,
                )
            return
        fields["price"] = None if price == ON_REQUEST else price
        if not variants:
            fields["old_price"] = check_old_price(self, entries, old, price, ref)
        single = None if any(v.price != fields["price"] for v in variants) else fields["price"]
        fields["unit_price"] = read_unit_price(self, entries, single, where, ref)
        fields["variants"] = variants

    def specs(self, entry: Entry | None, where: str, product: str | None) -> tuple[Spec, ...]:
        if entry is None or is_empty(entry.value):
            return ()
        if not isinstance(entry.value, MappingNode):
            self.error(
                entry.value,
                f"'specs' of {where} must be 'label: value' lines, found {kind(entry.value)}",
                "for example:\n      Diamètre: 41 mm",
                product,
            )
            return ()
        return tuple(self._specs(entry.value, f"the specs of {where}", product, None))

    def _specs(
        self, node: MappingNode, where: str, product: str | None, group: str | None
    ) -> list[Spec]:
        """The specs of a mapping of `label: value` lines; a label whose value is itself such a
        mapping (not texts per language) is a group's heading, its lines the group's specs."""
        # Not required: an empty spec gets its own message below.
        labels = {k.value: False for k, _ in node.value if isinstance(k, ScalarNode)}
        entries = self.mapping(node, labels, product, where) or {}
        specs = []
        for label, spec in entries.items():
            if len(label) > MAX_LABEL:
                self.error(
                    spec.key,
                    f"spec label {shown(label)} is {len(label)} characters long; a label may "
                    f"have at most {MAX_LABEL}",
                    "shorten it, and put the rest in its value or the description",
                    product,
                )
                continue
            if is_group(spec.value):
                heading = self.spec_labels.get(label, label)
                if group is not None:
                    self.error(
                        spec.key,
                        f"spec group '{label}' is inside group '{group}'",
                        "groups hold 'label: value' lines, not other groups",
                        product,
                    )
                    continue
                self.record(heading, f"spec group '{label}'", spec.key, product)
                specs += self._specs(spec.value, f"spec group '{label}'", product, heading)
                continue
            if not self.check_length(spec.value, f"spec '{label}'", MAX_LINE, product):
                continue
            value = self.translated(entries, label, where, product)
            if value is None:
                self.error(
                    spec.value,
                    f"spec '{label}' has no value",
                    f"write '{label}: …' or remove the line",
                    product,
                )
            else:
                printed_label = self.spec_labels.get(label, label)
                self.record(f"{printed_label} {value}", f"spec '{label}'", spec.key, product)
                # One string for a label or value that every product repeats: less memory.
                specs.append(Spec(sys.intern(printed_label), sys.intern(value), group))
        return specs

    def images(self, entry: Entry | None, where: str, product: str | None, title: str) -> dict:
        """The product's `images` and `image_alts` fields; the photos without alt text noted
        for the one warning that counts them."""
        if entry is None or is_empty(entry.value):
            self.warn(
                entry.value if entry else self._item,
                "no image",
                "add 'images: [images/….jpg]'",
                product,
            )
            return {}
        photos = read_photos(self, self.image_paths, entry, where, product)
        for photo in photos:
            if photo.alt is None:
                mark = photo.written.start_mark
                place = (self.path, mark.line + 1, mark.column + 1)
                self.missing_alts.append(MissingAlt(*place, product, photo.written.value.strip()))
        return {
            "images": tuple(photo.path for photo in photos),
            "image_alts": tuple(
                photo.alt or image_alt(title, number, self.labels)
                for number, photo in enumerate(photos, 1)
            ),
        }

    def description(self, entry: Entry | None, where: str, product: str | None) -> tuple[str, ...]:
        if entry is None or is_empty(entry.value):
            self.warn(
                entry.value if entry else self._item,
                "no description",
                "add 'description: |' followed by indented paragraphs",
                product,
            )
            return ()
        if not isinstance(entry.value, ScalarNode | MappingNode):
            self.error(
                entry.value,
                f"'description' of {where} must be text, found {kind(entry.value)}",
                "write 'description: |' and the text indented "
                "below it, paragraphs separated by blank lines",
                product,
            )
            return ()
        node = self.translated_node(entry.value, "description", where, product)
        if node is None:
            return ()
        as_written = node.style in (None, "|", ">")
        if as_written:
            # Read the lines as written: YAML folds '>' and plain text, turning the blank line
            # between two paragraphs into a mere newline. A block's text starts after its '|'.
            written = self.source_text[node.start_mark.index : node.end_mark.index]
            header = 1 if node.style else 0
            text = "\n".join(written.splitlines()[header:])
            first_line = node.start_mark.line + 1 + header
        else:  # quoted: each newline left after folding stood for a blank line
            text = node.value.replace("\n", "\n\n")
            first_line = node.start_mark.line + 1
        paragraphs: list[str] = []
        seen: dict[str, int] = {}
        for offset, paragraph in split_paragraphs(text):
            line = first_line + offset if as_written else first_line
            if len(paragraph) > MAX_PARAGRAPH:
                self.error(
                    None,
                    f"a paragraph of the description is {len(paragraph):,} characters long; "
                    f"a paragraph may have at most {MAX_PARAGRAPH:,}".replace(",", " "),
                    "separate its paragraphs with blank lines",
                    product,
                    line=line,
                )
                continue
            if paragraph in seen:
                self.warn(
                    None,
                    f"a paragraph of the description repeats the one on line "
                    f"{seen[paragraph]} word for word",
                    "delete the copy",
                    product,
                    line=line,
                )
                continue
            seen[paragraph] = line
            paragraphs.append(paragraph)
            self.record(paragraph, "description", line, product)
        return tuple(paragraphs)


def _category_of(node: Node) -> set[str]:
    """The category a product gives, as written (nothing when it gives none), before it is read."""
    if not isinstance(node, MappingNode):
        return set()
    return {
        value.value.strip()
        for key, value in node.value
        if getattr(key, "value", None) == "category" and isinstance(value, ScalarNode)
    }


def _reference_of(node: Node) -> str | None:
    """A product's reference as written, found before the product is read."""
    if not isinstance(node, MappingNode):
        return None
    value = next((v for k, v in node.value if getattr(k, "value", None) == "reference"), None)
    if isinstance(value, ScalarNode) and value.value.strip():
        return value.value.strip()
    return None


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """The blocks of a description, each with its line offset: blank lines separate paragraphs,
    and a line that starts an item of a list (`- `, `* `, `1. `; a number other than 1 only
    within a list) starts a block of its own. Other single newlines are spaces, but for one
    after a line ending in a backslash: a line break, as Markdown writes it."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for offset, line in enumerate(text.splitlines()):
        line = " ".join(line.split())
        if current and (not line or _starts_item(line, current)):
            blocks.append((start, _joined(current)))
            current = []
        if line:
            start = offset if not current else start
            current.append(line)
    if current:
        blocks.append((start, _joined(current)))
    return blocks


def _starts_item(line: str, current: list[str]) -> bool:
    item = LIST_ITEM.match(line)
    if item is None:
        return False
    marker = item.group(1)
    return marker in "-*+" or marker[:-1] == "1" or LIST_ITEM.match(current[0]) is not None


def _joined(lines: list[str]) -> str:
    return "".join(
        line + ("\n" if line.endswith("\\") else " ") if index < len(lines) - 1 else line
        for index, line in enumerate(lines)
    )
