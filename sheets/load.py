"""Catalog file → validated model, collecting every problem of the file in one pass, each with its place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fonts
from .errors import Problem, Severity, SheetsError
from .locale_format import (
    date_example,
    known_currencies,
    parse_local_date,
    parse_locale,
    parse_price,
    price_example,
)
from .model import Catalog, Category, Price, Product, Spec, ThemeSettings
from .source import SourceError, parse_yaml, read_catalog_text

TOP_KEYS = {"catalog": True, "categories": True, "products": True}
CATALOG_KEYS = {
    "title": True,
    "subtitle": False,
    "publisher": True,
    "edition": False,
    "date": False,
    "locale": True,
    "currency": True,
    "url": False,
    "theme": False,
}
CATEGORY_KEYS = {"id": True, "title": True, "intro": False}
PRODUCT_KEYS = {
    "reference": True,
    "title": True,
    "subtitle": False,
    "category": True,
    "price": True,
    "updated": False,
    "specs": False,
    "images": False,
    "description": False,
    "url": False,
    "ean13": False,
}
THEME_KEYS = {
    "page_size": False,
    "margin": False,
    "accent_color": False,
    "text_font": False,
    "display_font": False,
}
PAGE_SIZES = ("A3", "A4", "A5", "Letter", "Legal")

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_CATEGORY_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LENGTH = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(mm|cm|in|pt)\s*$")
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def load_catalog(path: Path) -> tuple[Catalog | None, list[Problem]]:
    """Read and validate a catalog file: the model (None when there are errors) and every problem."""
    try:
        root = parse_yaml(read_catalog_text(path), path)
    except SourceError as exc:
        return None, exc.problems
    reader = _Reader(path)
    catalog = reader.read(root)
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    return (None if any(p.is_error for p in problems) else catalog), problems


def load_catalog_or_raise(path: Path) -> tuple[Catalog, list[Problem]]:
    """Like load_catalog, but raise SheetsError when there is any error; returns the warnings."""
    catalog, problems = load_catalog(path)
    if catalog is None:
        raise SheetsError(problems)
    return catalog, problems


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Blank lines separate paragraphs; single newlines inside one are spaces. (line offset, text)."""
    paragraphs, current, start = [], [], 0
    for offset, line in enumerate(text.splitlines()):
        if line.strip():
            if not current:
                start = offset
            current.append(line.strip())
        elif current:
            paragraphs.append((start, " ".join(current)))
            current = []
    if current:
        paragraphs.append((start, " ".join(current)))
    return [(offset, re.sub(r"\s+", " ", p)) for offset, p in paragraphs]


def ean13_check_digit(first12: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


@dataclass
class _Entry:
    key: ScalarNode
    value: Node


class _Reader:
    """Walks the node tree once; records problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.folder = path.resolve().parent
        self.problems: list[Problem] = []
        self.locale: str | None = None
        self.currency: str | None = None
        self._item: Node | None = None

    # -- reporting -------------------------------------------------------------------------

    def report(
        self,
        severity: Severity,
        node: Node | None,
        message: str,
        hint: str | None = None,
        product: str | None = None,
        line: int | None = None,
    ) -> None:
        mark = node.start_mark if node is not None else None
        self.problems.append(
            Problem(
                severity,
                message,
                self.path,
                line if line is not None else (mark.line + 1 if mark else None),
                None if line is not None else (mark.column + 1 if mark else None),
                product,
                hint,
            )
        )

    def error(self, node, message, hint=None, product=None, line=None) -> None:
        self.report(Severity.ERROR, node, message, hint, product, line)

    def warn(self, node, message, hint=None, product=None, line=None) -> None:
        self.report(Severity.WARNING, node, message, hint, product, line)

    # -- generic shapes --------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        where: str,
        keys: dict[str, bool],
        product: str | None = None,
        example: dict[str, str] | None = None,
    ) -> dict[str, _Entry] | None:
        """The entries of a mapping node, after reporting duplicate, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.error(
                node,
                f"{where} must be a mapping of 'key: value' lines, found {_kind(node)}",
                product=product,
            )
            return None
        entries: dict[str, _Entry] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error(key, f"{where} has a key that is not text", product=product)
                continue
            name = key.value
            if name in entries:
                self.error(
                    key,
                    f"duplicate key '{name}' in {where} (first given on line "
                    f"{entries[name].key.start_mark.line + 1})",
                    "remove one of them: YAML would silently keep only the last",
                    product,
                )
                continue
            entries[name] = _Entry(key, value)
            if name not in keys:
                guess = difflib.get_close_matches(name, keys, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{guess[0]}'?"
                    if guess
                    else f"the keys of {where} are: {', '.join(keys)}"
                )
                self.error(key, f"unknown key '{name}' in {where}", hint, product)
        for name, required in keys.items():
            if required and (name not in entries or _is_empty(entries[name].value)):
                place = entries[name].value if name in entries else node
                sample = (example or {}).get(name)
                self.error(
                    place,
                    f"missing required key '{name}' in {where}"
                    if name not in entries
                    else f"'{name}' in {where} is empty",
                    f"add a line like '{name}: {sample}'" if sample else None,
                    product,
                )
        return {name: e for name, e in entries.items() if name in keys}

    def text(
        self, entries: dict[str, _Entry], name: str, where: str, product: str | None = None
    ) -> str | None:
        """A plain text value, whitespace-normalised; None when absent or empty."""
        entry = entries.get(name)
        if entry is None or _is_empty(entry.value):
            return None
        if not isinstance(entry.value, ScalarNode):
            self.error(
                entry.value,
                f"'{name}' in {where} must be text, found {_kind(entry.value)}",
                "write it on one line, or as a block after '|'",
                product,
            )
            return None
        return re.sub(r"\s+", " ", entry.value.value).strip()

    def parsed(
        self,
        entries: dict[str, _Entry],
        name: str,
        where: str,
        parse: Callable[[str], Any],
        expected: str,
        hint: str | None = None,
        product: str | None = None,
    ) -> Any:
        """A text value turned into something else by `parse`, which raises ValueError."""
        value = self.text(entries, name, where, product)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:
            self.error(entries[name].value, f"'{name}' {value!r} is not {expected}", hint, product)
            return None

    # -- the catalog -----------------------------------------------------------------------

    def read(self, root: Node | None) -> Catalog | None:
        if root is None:
            self.error(
                None, "the file is empty", "start from the sample catalog.yaml in the README"
            )
            return None
        top = self.mapping(root, "the file", TOP_KEYS)
        if top is None:
            return None
        head = self.read_head(top["catalog"].value) if "catalog" in top else None
        categories = self.read_categories(top["categories"].value) if "categories" in top else []
        products = (
            self.read_products(top["products"].value, categories) if "products" in top else []
        )
        if head is None:
            return None
        try:
            return Catalog(
                categories=tuple(categories), products=tuple(products), source=self.path, **head
            )
        except TypeError:  # a required field was missing: already reported
            return None

    def read_head(self, node: Node) -> dict[str, Any] | None:
        where = "'catalog'"
        entries = self.mapping(
            node,
            where,
            CATALOG_KEYS,
            example={
                "title": "Médailles commémoratives",
                "publisher": "Trésor du patrimoine",
                "locale": "fr_FR",
                "currency": "EUR",
            },
        )
        if entries is None:
            return None
        head: dict[str, Any] = {}
        for name in ("title", "subtitle", "publisher", "edition"):
            if (value := self.text(entries, name, where)) is not None:
                head[name] = value
        locale = self.text(entries, "locale", where)
        if locale is not None:
            try:
                self.locale = head["locale"] = str(parse_locale(locale))
            except ValueError:
                self.error(
                    entries["locale"].value,
                    f"unknown locale {locale!r}",
                    "use a language and country code such as fr_FR, en_GB or de_DE",
                )
        currency = self.text(entries, "currency", where)
        if currency is not None:
            if currency in known_currencies():
                self.currency = head["currency"] = currency
            else:
                guess = difflib.get_close_matches(currency.upper(), known_currencies(), n=1)
                self.error(
                    entries["currency"].value,
                    f"unknown currency {currency!r}",
                    f"did you mean '{guess[0]}'? Use an ISO 4217 code such as EUR, USD, GBP"
                    if guess
                    else "use an ISO 4217 code such as EUR, USD or GBP",
                )
        if self.locale and (value := self.local_date(entries, "date", where)):
            head["date"] = value
        if (value := self.url(entries, where)) is not None:
            head["url"] = value
        if "theme" in entries:
            head["theme"] = self.read_theme(entries["theme"].value)
        return head

    def read_theme(self, node: Node) -> ThemeSettings:
        where = "'theme'"
        entries = self.mapping(node, where, THEME_KEYS) or {}
        settings: dict[str, Any] = {}
        size = self.text(entries, "page_size", where)
        if size is not None:
            match = next((s for s in PAGE_SIZES if s.lower() == size.lower()), None)
            if match:
                settings["page_size"] = match
            else:
                self.error(
                    entries["page_size"].value,
                    f"unknown page size {size!r}",
                    f"use one of {', '.join(PAGE_SIZES)}",
                )
        margin = self.parsed(
            entries,
            "margin",
            where,
            _length_mm,
            "a length",
            "write a number and a unit, e.g. '18 mm', '2 cm' or '0.75 in'",
        )
        if margin is not None:
            settings["margin_mm"] = margin
        color = self.parsed(
            entries,
            "accent_color",
            where,
            _color,
            "a colour",
            "write a hex colour such as '#7b2d26' (quoted: # starts a comment)",
        )
        if color is not None:
            settings["accent_color"] = color
        families = fonts.available_families()
        for name in ("text_font", "display_font"):
            family = self.text(entries, name, where)
            if family is None:
                continue
            if family.lower() in families:
                settings[name] = family.lower()
            else:
                self.error(
                    entries[name].value,
                    f"font family {family!r} is not in fonts/",
                    f"use one of: {', '.join(sorted(families))}",
                )
        return ThemeSettings(**settings)

    def read_categories(self, node: Node) -> list[Category]:
        if not isinstance(node, SequenceNode):
            self.error(node, f"'categories' must be a list ('- id: …' items), found {_kind(node)}")
            return []
        categories: list[Category] = []
        seen: dict[str, int] = {}
        for item in node.value:
            entries = self.mapping(
                item,
                "a category",
                CATEGORY_KEYS,
                example={"id": "histoire", "title": "Histoire de France"},
            )
            if entries is None:
                continue
            category_id = self.text(entries, "id", "a category")
            title = self.text(entries, "title", "a category")
            if category_id is None or title is None:
                continue
            if not _CATEGORY_ID.match(category_id):
                self.error(
                    entries["id"].value,
                    f"category id {category_id!r} may hold only lower-case "
                    "letters, digits, '-' and '_'",
                    f"for example '{_slug_hint(category_id)}'",
                )
            if category_id in seen:
                self.error(
                    entries["id"].value,
                    f"duplicate category id {category_id!r} (first on line {seen[category_id]})",
                    "give each category its own id",
                )
                continue
            seen[category_id] = item.start_mark.line + 1
            categories.append(
                Category(category_id, title, self.text(entries, "intro", "a category"))
            )
        if not node.value:
            self.error(node, "'categories' is empty", "add at least one category")
        return categories

    def read_products(self, node: Node, categories: list[Category]) -> list[Product]:
        if not isinstance(node, SequenceNode):
            self.error(
                node, f"'products' must be a list ('- reference: …' items), found {_kind(node)}"
            )
            return []
        if not node.value:
            self.error(
                node,
                "'products' is empty: there is nothing to build",
                "add at least one product ('- reference: …')",
            )
        products: list[Product] = []
        seen: dict[str, int] = {}
        category_ids = [c.id for c in categories]
        for item in node.value:
            product = self.read_product(item, category_ids)
            if product is None:
                continue
            if product.reference in seen:
                self.error(
                    item,
                    f"duplicate reference {product.reference!r} (first used on line "
                    f"{seen[product.reference]})",
                    "each product needs its own reference",
                    product.reference,
                )
                continue
            seen[product.reference] = product.line or 0
            products.append(product)
        return products

    def read_product(self, node: Node, category_ids: list[str]) -> Product | None:
        where = "a product"
        reference = None
        self._item = node  # the place of warnings about what the product lacks
        if isinstance(node, MappingNode):  # name the product in every message, even the first ones
            ref_node = next(
                (v for k, v in node.value if getattr(k, "value", None) == "reference"), None
            )
            if isinstance(ref_node, ScalarNode) and ref_node.value.strip():
                reference = ref_node.value.strip()
                where = "the product"  # every message names the product already
        entries = self.mapping(
            node,
            where,
            PRODUCT_KEYS,
            reference,
            example={
                "reference": "7505634",
                "title": "La Libération de Paris",
                "category": "histoire",
                "price": price_example(self.locale) if self.locale else "17,80",
            },
        )
        if entries is None:
            return None
        ref = reference
        if ref is not None and not _REFERENCE.match(ref):
            self.error(
                entries["reference"].value,
                f"reference {ref!r} may hold only letters, digits, "
                "'.', '-' and '_' (it names the sheet's file)",
                product=ref,
            )
            ref = None
        fields: dict[str, Any] = {"line": node.start_mark.line + 1}
        fields["title"] = self.text(entries, "title", where, ref)
        fields["subtitle"] = self.text(entries, "subtitle", where, ref)
        category = self.text(entries, "category", where, ref)
        if category is not None and category_ids and category not in category_ids:
            guess = difflib.get_close_matches(category, category_ids, n=1, cutoff=0.5)
            self.error(
                entries["category"].value,
                f"category {category!r} does not exist",
                f"did you mean '{guess[0]}'?"
                if guess
                else f"use one of the ids under 'categories': {', '.join(category_ids)}",
                ref,
            )
        fields["category"] = category
        if self.locale and self.currency:
            amount = self.parsed(
                entries,
                "price",
                where,
                lambda text: parse_price(text, self.locale, self.currency),
                f"a price in {self.locale}",
                f"write it like '{price_example(self.locale)}'",
                ref,
            )
            fields["price"] = Price(amount, self.currency) if amount is not None else None
        if self.locale:
            fields["updated"] = self.local_date(entries, "updated", where, ref)
        fields["url"] = self.url(entries, where, ref)
        fields["ean13"] = self.ean13(entries, where, ref)
        fields["specs"] = self.specs(entries.get("specs"), where, ref)
        fields["images"] = self.images(entries.get("images"), where, ref)
        fields["description"] = self.description(entries.get("description"), where, ref)
        if ref is None or any(fields.get(k) is None for k in ("title", "category", "price")):
            return None
        return Product(reference=ref, **fields)

    # -- product fields --------------------------------------------------------------------

    def local_date(self, entries, name, where, product=None):
        return self.parsed(
            entries,
            name,
            where,
            lambda text: parse_local_date(text, self.locale),
            f"a date in {self.locale}",
            f"write it like {date_example(self.locale)} or as 2017-08-25",
            product,
        )

    def url(self, entries, where, product=None):
        return self.parsed(
            entries,
            "url",
            where,
            _url,
            "a web address",
            "write a full address such as 'https://www.example.com/page'",
            product,
        )

    def ean13(self, entries, where, product):
        code = self.text(entries, "ean13", where, product)
        if code is None:
            return None
        if not re.fullmatch(r"\d{13}", code):
            self.error(
                entries["ean13"].value,
                f"'ean13' {code!r} must be exactly 13 digits",
                "quote it ('\"3760123456789\"') and check that no digit is missing",
                product,
            )
            return None
        expected = ean13_check_digit(code[:12])
        if int(code[12]) != expected:
            self.error(
                entries["ean13"].value,
                f"'ean13' {code} has a wrong check digit: expected {expected}, found {code[12]}",
                f"check the code; with these first 12 digits it is {code[:12]}{expected}",
                product,
            )
            return None
        return code

    def specs(self, entry: _Entry | None, where: str, product: str | None) -> tuple[Spec, ...]:
        if entry is None or _is_empty(entry.value):
            return ()
        if not isinstance(entry.value, MappingNode):
            self.error(
                entry.value,
                f"'specs' of {where} must be 'label: value' lines, found {_kind(entry.value)}",
                "for example:\n      Diamètre: 41 mm",
                product,
            )
            return ()
        labels = {k.value: True for k, _ in entry.value.value if isinstance(k, ScalarNode)}
        entries = self.mapping(entry.value, f"the specs of {where}", labels, product) or {}
        specs = []
        for label, spec in entries.items():
            value = self.text(entries, label, f"the specs of {where}", product)
            if value is None:
                self.error(
                    spec.value,
                    f"spec '{label}' has no value",
                    f"write '{label}: …' or remove the line",
                    product,
                )
            else:
                specs.append(Spec(label, value))
        return tuple(specs)

    def images(self, entry: _Entry | None, where: str, product: str | None) -> tuple[Path, ...]:
        if entry is None or _is_empty(entry.value):
            self.warn(
                entry.value if entry else self._item,
                "no image",
                "add 'images: [images/….jpg]'",
                product,
            )
            return ()
        nodes = entry.value.value if isinstance(entry.value, SequenceNode) else [entry.value]
        images: list[Path] = []
        for node in nodes:
            if not isinstance(node, ScalarNode) or not node.value.strip():
                self.error(node, f"each image of {where} must be a file path", product=product)
                continue
            written = node.value.strip()
            path = (self.folder / written).resolve()
            if Path(written).is_absolute() or not path.is_relative_to(self.folder):
                self.error(
                    node,
                    f"image {written!r} is outside the catalog's folder",
                    f"copy it into {self.folder.name}/ and give its path from there",
                    product,
                )
            elif not path.is_file():
                self.error(
                    node,
                    f"image {written!r} not found",
                    f"paths are relative to the catalog's folder ({self.folder})",
                    product,
                )
            elif path in images:
                self.warn(
                    node, f"image {written!r} is listed twice", "remove the second mention", product
                )
            else:
                images.append(path)
        return tuple(images)

    def description(self, entry: _Entry | None, where: str, product: str | None) -> tuple[str, ...]:
        if entry is None or _is_empty(entry.value):
            self.warn(
                entry.value if entry else self._item,
                "no description",
                "add 'description: |' followed by indented paragraphs",
                product,
            )
            return ()
        if not isinstance(entry.value, ScalarNode):
            self.error(
                entry.value,
                f"'description' of {where} must be text, found {_kind(entry.value)}",
                "write 'description: |' and the text indented "
                "below it, paragraphs separated by blank lines",
                product,
            )
            return ()
        node = entry.value
        # A block scalar's text starts on the line after its '|' or '>'.
        first_line = node.start_mark.line + (2 if node.style in ("|", ">") else 1)
        paragraphs: list[str] = []
        seen: dict[str, int] = {}
        for offset, paragraph in split_paragraphs(node.value):
            line = first_line + offset if node.style in ("|", ">") else first_line
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
        return tuple(paragraphs)


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value.strip() == "" and node.style is None


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the text {node.value!r}" if node.value else "nothing"


def _url(text: str) -> str:
    if not _URL.match(text):
        raise ValueError(text)
    return text


def _color(text: str) -> str:
    if not _COLOR.match(text):
        raise ValueError(text)
    return text.lower()


def _length_mm(text: str) -> float:
    match = _LENGTH.match(text)
    if not match:
        raise ValueError(text)
    return float(match.group(1).replace(",", ".")) * _MM_PER_UNIT[match.group(2)]


def _slug_hint(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "histoire"
