"""Catalog file → validated model, collecting every problem of the file in one pass, each with its place."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, in_file_order, shown
from ..i18n.formats import known_currencies, parse_locale
from ..i18n.labels import FALLBACK, labels_for
from ..model import Catalog, Category, Contact, Product, ThemeSettings
from .image_paths import ImagePaths
from .keys import MAX_LABEL
from .mail_sections import read_contact, read_email_template, read_smtp
from .pictures import missing_alts_warning, read_written
from .product_files import read_products_folder
from .products import ProductsReader
from .reader import DrawnText, FieldReader, candidate_keys, is_empty, kind
from .schema import CATALOG, CATEGORY, FILE
from .source import SourceError, parse_yaml, printable_text, read_catalog_text
from .theme_section import read_theme


@dataclass(frozen=True)
class CatalogReading:
    """A catalog file as read for one locale: the model (None when there are errors), every
    problem, the texts its pages show and the theme settings, as far as they could be read."""

    catalog: Catalog | None
    problems: list[Problem]
    drawn: list[DrawnText] = field(default_factory=list)
    theme: ThemeSettings = field(default_factory=ThemeSettings)


def read_catalog(path: Path, locale: str | None = None) -> CatalogReading:
    """Read and validate a catalog file, published in `locale` (default: its own)."""
    try:
        text, problems = printable_text(read_catalog_text(path), path)
    except SourceError as exc:
        return CatalogReading(None, exc.problems)
    try:
        parsed = parse_yaml(text, path)
    except SourceError as exc:  # the places of control characters, then why YAML stopped
        return CatalogReading(None, in_file_order(problems + exc.problems, path))
    reader = _Reader(path, locale, text)
    reader.problems += problems + parsed.problems
    reader.unprintable = parsed.unprintable
    with _no_cycle_collection():
        catalog = reader.read(parsed.root)
    problems = in_file_order(reader.problems, path)
    if any(p.is_error for p in problems):
        catalog = None
    return CatalogReading(catalog, problems, reader.drawn, reader.theme)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, paused: as objects pile up it walks every one alive, again and
    again (half the time of reading 100 000 products), and a catalog's nodes and values form
    no cycles for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_catalog(path: Path, locale: str | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Read and validate a catalog file: the model (None when there are errors) and every problem."""
    reading = read_catalog(path, locale)
    return reading.catalog, reading.problems


class _Reader(FieldReader):
    """Walks the catalog's node tree once, building the model and recording every problem."""

    def __init__(self, path: Path, requested_locale: str | None, text: str):
        super().__init__(path)
        self.source_text = text  # the file as written
        self.requested_locale = requested_locale
        self.locale: str | None = None  # how prices and dates are written in the file
        self.currency: str | None = None
        self.spec_labels: dict[str, str] = {}
        self.category_nodes: dict[str, Node] = {}  # where each category is, for its warnings
        self.theme = ThemeSettings()  # the catalog's, once read
        self.image_paths = ImagePaths(path.resolve().parent)

    # -- the catalog -----------------------------------------------------------------------

    def read(self, root: Node | None) -> Catalog | None:
        if root is None:
            self.error(
                None, "the file is empty", "start from the sample catalog.yaml in the README"
            )
            return None
        top = self.mapping(root, FILE)
        if top is None:
            return None
        # An empty section is already reported by `mapping`: read only what is there.
        present = {name: e.value for name, e in top.items() if not is_empty(e.value)}
        head = self.read_head(present["catalog"]) if "catalog" in present else None
        categories = self.read_categories(present["categories"]) if "categories" in present else []
        products = (
            self.read_products(present["products"], categories) if "products" in present else []
        )
        if head is None:
            return None
        try:
            return Catalog(
                categories=tuple(categories), products=tuple(products), source=self.path, **head
            )
        except TypeError:  # a required field was missing: already reported
            return None

    def read_products(self, node: Node, categories: list[Category]) -> list[Product]:
        """The products listed under `products`, or written in the files of the folder it names."""
        reader = ProductsReader(self, self.spec_labels, categories)
        if isinstance(node, ScalarNode):
            products = read_products_folder(reader, node)
        else:
            products = reader.read_list(node)
        if reader.categories_named and not reader.incomplete:
            self.warn_empty_categories(reader.categories_named)
        self.problems += missing_alts_warning(reader.missing_alts)
        return products

    def read_head(self, node: Node) -> dict[str, Any] | None:
        where = CATALOG.where
        entries = self.mapping(node, CATALOG)
        if entries is None:
            return None
        head: dict[str, Any] = {}
        # The languages first: every text below is read in the one being published.
        self.read_locales(entries, where, head)
        for name in ("title", "subtitle", "tagline", "edition"):
            if value := self.translated(entries, name, where, drawn=f"catalog's {name}"):
                head[name] = value
        if (value := self.text(entries, "publisher", where, drawn="publisher")) is not None:
            head["publisher"] = value
        if "spec_labels" in entries:
            self.spec_labels = self.read_spec_labels(entries["spec_labels"].value)
        currency = self.text(entries, "currency", where)
        if currency is not None:
            if currency in known_currencies():
                self.currency = head["currency"] = currency
            else:
                guess = difflib.get_close_matches(currency.upper(), known_currencies(), n=1)
                self.error(
                    entries["currency"].value,
                    f"unknown currency {shown(currency)}",
                    f"did you mean '{guess[0]}'? Use an ISO 4217 code such as EUR, USD, GBP"
                    if guess
                    else "use an ISO 4217 code such as EUR, USD or GBP",
                )
        if self.locale and (value := self.local_date(entries, "date", where, self.locale)):
            head["date"] = value
        for name in ("url", "taxes"):
            if (value := self.value(entries, CATALOG[name], where)) is not None:
                head[name] = value
        labels = labels_for(self.output_locale or FALLBACK)
        derived = {
            "logo": labels["logo_alt"].format(name=head.get("publisher") or ""),
            "cover_image": labels["photo_alt"].format(title=head.get("title") or ""),
        }
        for name in ("logo", "cover_image"):
            if name in entries and not is_empty(entries[name].value):
                written = read_written(self, entries[name].value)
                if written is not None:
                    picture = self.image_paths.picture(self, written.path, name, name == "logo")
                    head[name], head[f"{name}_alt"] = picture, written.alt or derived[name]
        if "theme" in entries:
            head["theme"] = self.theme = read_theme(self, entries["theme"].value, self.image_paths)
        if "contact" in entries:
            head["contact"] = read_contact(self, entries["contact"].value, head.get("url"))
        elif "url" in head:
            head["contact"] = Contact(website=head["url"])
        if "email" in entries:
            head["email"] = read_email_template(self, entries["email"].value)
        if "smtp" in entries:
            head["smtp"] = read_smtp(self, entries["smtp"].value)
        return head

    def read_locales(self, entries: dict, where: str, head: dict[str, Any]) -> None:
        """The catalog's own locale, the locales it publishes, and the one being read now."""
        locale = self.text(entries, "locale", where)
        if locale is not None:
            try:
                self.locale = str(parse_locale(locale))
            except ValueError:
                self.error(
                    entries["locale"].value,
                    f"unknown locale {shown(locale)}",
                    "use a language and country code such as fr_FR, en_GB or de_DE",
                )
        if self.locale is None:
            return
        published = [self.locale]
        node = entries["locales"].value if "locales" in entries else None
        if node is not None and not _is_locale_list(node):
            self.error(node, "'locales' must be a list of locales such as [fr_FR, en_GB]")
        elif node is not None:
            items = node.value if isinstance(node, SequenceNode) else [node]
            published = []
            for item in items:
                try:
                    published.append(str(parse_locale(item.value)))
                except ValueError:
                    self.error(
                        item,
                        f"unknown locale {shown(item.value)} in 'locales'",
                        "list locales such as [fr_FR, en_GB]",
                    )
        wanted = self.requested_locale or self.locale
        if self.requested_locale and self.requested_locale not in published:
            self.error(
                node or entries["locale"].value,
                f"the catalog does not publish {wanted}",
                f"publish it by adding it to 'locales' (now: {', '.join(published)})",
            )
            # The rest is read in the catalog's own language: the texts an unpublished
            # language lacks are no news.
            wanted = self.locale
        self.default_locale, self.output_locale = self.locale, wanted
        head["locale"], head["locales"] = wanted, tuple(dict.fromkeys(published))

    def read_spec_labels(self, node: Node) -> dict[str, str]:
        """The glossary of spec labels: each label as written → its text in the publishing language."""
        where = "'spec_labels'"
        if not isinstance(node, MappingNode):
            self.error(
                node,
                f"{where} must map each spec label to its translations, found {kind(node)}",
                "for example:  Diamètre: {en: Diameter, de: Durchmesser}",
            )
            return {}
        labels = {key.value: True for key, _ in node.value if isinstance(key, ScalarNode)}
        entries = self.mapping(node, labels, where=where) or {}
        glossary = {}
        wanted = self.output_locale or ""
        for label, entry in entries.items():
            # The label as written is in the catalog's own language: only translations follow it.
            texts = self.language_texts(entry.value, label, where)
            named = f"spec label {shown(label)}"
            if not self._label_fits(entry.key, label, named) or not all(
                self._label_fits(text, text.value.strip(), f"the {code} text of {named}")
                for code, text in texts.items()
            ):
                continue
            chosen = next((texts[c] for c in candidate_keys(wanted) if c in texts), None)
            if chosen is not None:
                glossary[label] = " ".join(chosen.value.split())
            elif wanted.split("_")[0] != (self.locale or "").split("_")[0]:
                self.warn(
                    entry.value,
                    f"spec label {shown(label)} has no {wanted} text: it is shown as written",
                    f"add '{wanted.split('_')[0]}: …' to it in {where}",
                )
        return glossary

    def _label_fits(self, node: Node, label: str, named: str) -> bool:
        """Whether a label of 'spec_labels', or one of its translations (`named` so), is as
        short as a spec's label must be; an error when it is not."""
        if len(label) <= MAX_LABEL:
            return True
        self.error(
            node,
            f"{named} in 'spec_labels' is {len(label)} characters long; a label may have at "
            f"most {MAX_LABEL}",
            "shorten it: a label is a word or two",
        )
        return False

    def warn_empty_categories(self, named: set[str]) -> None:
        """A warning for each category no product names (`named`: those the products name)."""
        if not named <= self.category_nodes.keys():
            return  # a product names a category that does not exist: that error comes first
        for category_id, node in self.category_nodes.items():
            if category_id not in named:
                self.warn(
                    node,
                    f"category {shown(category_id)} has no products: it is left out of the brochure",
                    f"give a product 'category: {category_id}', or remove the category",
                )

    def read_categories(self, node: Node) -> list[Category]:
        if not isinstance(node, SequenceNode):
            self.error(node, f"'categories' must be a list ('- id: …' items), found {kind(node)}")
            return []
        categories: list[Category] = []
        seen: dict[str, int] = {}
        for item in node.value:
            entries = self.mapping(item, CATEGORY)
            if entries is None:
                continue
            category_id = self.text(entries, "id", CATEGORY.where)
            title = self.translated(
                entries, "title", CATEGORY.where, drawn=f"title of category '{category_id}'"
            )
            if category_id is None or title is None:
                continue
            self.parse(entries["id"].value, category_id, CATEGORY["id"])
            if category_id in seen:
                self.error(
                    entries["id"].value,
                    f"duplicate category id {shown(category_id)} (first on line {seen[category_id]})",
                    "give each category its own id",
                )
                continue
            seen[category_id] = item.start_mark.line + 1
            self.category_nodes[category_id] = item
            categories.append(
                Category(
                    category_id,
                    title,
                    self.translated(
                        entries, "intro", CATEGORY.where, drawn=f"intro of category '{category_id}'"
                    ),
                    self.value(entries, CATEGORY["layout"], CATEGORY.where),
                    **self.category_image(entries, title),
                )
            )
        if not node.value:
            self.error(node, "'categories' is empty", "add at least one category")
        return categories

    def category_image(self, entries: dict, title: str) -> dict[str, Any]:
        """A category's `image` and `image_alt` fields: none when it has no image."""
        node = entries["image"].value if "image" in entries else None
        written = read_written(self, node) if node is not None and not is_empty(node) else None
        if written is None:
            return {}
        labels = labels_for(self.output_locale or FALLBACK)
        return {
            "image": self.image_paths.picture(self, written.path, "image"),
            "image_alt": written.alt or labels["photo_alt"].format(title=title),
        }


def _is_locale_list(node: Node) -> bool:
    """A list of texts (`[fr_FR, en_GB]`), or one text for a single locale."""
    if isinstance(node, SequenceNode):
        return bool(node.value) and all(isinstance(item, ScalarNode) for item in node.value)
    return isinstance(node, ScalarNode) and not is_empty(node)
