"""A spreadsheet (CSV or .xlsx) read as drafts through its mapping: a row a product, or rows
sharing a `group` column's value one product's variants; texts with their translations."""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import shown
from ..i18n.formats import price_example
from .drafts import Draft, Picture, Source, Text, Variant
from .fields import clean_text, one_line, written_amount
from .html_text import html_description, text_description
from .mapping import Mapping, column_locales, read_mapping, split_locale
from .options import ImportOptions
from .problems import At, Findings
from .reading import (
    amount,
    attribute_name,
    availability,
    barcode,
    chosen_reference,
    old_price,
    web_address,
)
from .table import Row, Table

_IMAGE_SEPARATORS = re.compile(r"[,;|\n]")
NAMED = 10  # the rows a warning names
PRODUCT_TEXTS = ("title", "subtitle", "category", "url", "description")  # one a product


def read_spreadsheet(table: Table, options: ImportOptions, findings: Findings) -> Source:
    mapping = read_mapping(options.mapping, table, findings)
    reader = _Reader(table, mapping, options.locale, options.currency, findings)
    if mapping.lists.get("attributes") and "group" not in mapping.columns:
        findings.stop(
            "'attributes' are the attributes of variants: a 'group' column is needed too",
            file=options.mapping,
            hint="add 'group: <the column whose rows are one product's variants>'",
        )
    for name in mapping.lists.get("attributes", []):
        attribute_name(name, At(), findings)
    groups: dict[str, list[Row]] = {}
    group = mapping.columns.get("group")
    for index, row in enumerate(table.rows):
        key = row.get(group) if group else ""
        groups.setdefault(f"group {key}" if key else f"row {index}", []).append(row)
    drafts = [draft for rows in groups.values() if (draft := reader.product(rows))]
    if options.mapping is None:
        reader.warn_unused()
    return Source(drafts, locales=reader.other_locales())


class _Reader:
    def __init__(self, table, mapping: Mapping, locale: str, currency: str, findings: Findings):
        self.table, self.mapping, self.locale = table, mapping, locale
        self.currency, self.findings = currency, findings
        self.names = column_locales(table)
        self.used: set[str] = set()  # the columns' names without locale, read

    def product(self, rows: list[Row]) -> Draft | None:
        first, columns = rows[0], self.mapping.columns
        given = {key: self.given(rows, key) for key in PRODUCT_TEXTS}
        title = self.text(given["title"][0], "title")
        if title is None or (isinstance(title, dict) and self.locale not in title):
            self.findings.error(
                f"no title in {self.locale}",
                first.place(columns["title"]),
                "every product needs a title in the catalog's language",
            )
            return None
        variants = [self.variant(row) for row in rows]
        if any(variant is None for variant in variants):
            return None
        specs = self.specs(rows, variants)
        if len(rows) > 1:
            reference = chosen_reference(
                first.get(columns["group"]),
                first.place(columns["group"]),
                columns["group"],
                self.findings,
            )
        else:  # one row: a product of its own, its attributes among its specs
            reference = variants[0].reference
            specs += variants[0].attributes
            variants[0].attributes = []
        if reference is None:
            return None
        for key, (row, others) in given.items():
            self.warn_differing(key, row, others, reference)
        return Draft(
            reference=reference,
            title=title,
            at=first.at,
            variants=variants,
            category=self.text(given["category"][0], "category"),
            subtitle=self.text(given["subtitle"][0], "subtitle"),
            url=self.url(given["url"][0], reference),
            pictures=self.pictures(rows),
            specs=specs,
            description=self.description(given["description"][0]),
        )

    def variant(self, row: Row) -> Variant | None:
        columns, findings = self.mapping.columns, self.findings
        written = row.get(columns["reference"])
        if not written:
            findings.error(
                f"no {columns['reference']}",
                row.place(columns["reference"]),
                "give every row a reference",
            )
            return None
        reference = chosen_reference(
            written, row.place(columns["reference"]), columns["reference"], findings
        )
        price = self.amount(row, "price", reference, required=True)
        before = self.amount(row, "old_price", reference)
        if reference is None or price is None:
            return None
        ean = columns.get("ean")
        available = columns.get("available")
        return Variant(
            reference=reference,
            price=price,
            at=row.at,
            old_price=old_price(price, before),
            ean=barcode(row.get(ean), row.place(ean), ean or "", findings, reference),
            available=availability(
                row.get(available), row.place(available), available or "", findings, reference
            ),
            attributes=[
                (one_line(column), value)
                for column in self.lists("attributes")
                if (value := self.column_text(row, column))
            ],
        )

    def specs(self, rows: list[Row], variants: list[Variant]) -> list[tuple[str, Text]]:
        """The product's specs; a spec whose rows give different values is an attribute of
        each variant instead (`Poids: 150 g`, `Poids: 180 g`)."""
        specs = []
        for column in self.lists("specs"):
            values = [self.column_text(row, column) for row in rows]
            given = [value for value in values if value]
            name = one_line(column)
            if len({_comparable(value) for value in given}) < 2:
                specs += [(name, given[0])] if given else []
            elif attribute_name(name, rows[0].place(column), self.findings):
                for variant, value in zip(variants, values, strict=True):
                    if value and all(name != taken for taken, _ in variant.attributes):
                        variant.attributes.append((name, value))
        return specs

    def given(self, rows: list[Row], key: str) -> tuple[Row, list[Row]]:
        """The row giving the product's `key` (the first that gives it), and the rows that give
        another: a product, whatever its variants, has one title, one description…"""
        texts = [(row, self.text(row, key)) for row in rows]
        row, kept = next(((row, text) for row, text in texts if text), (rows[0], None))
        others = [row for row, text in texts if text and _comparable(text) != _comparable(kept)]
        return row, others

    def warn_differing(self, key: str, kept: Row, others: list[Row], product: str) -> None:
        """The rows giving another text than the one kept, named."""
        if not others:
            return
        column, text = self.mapping.columns[key], self.text(kept, key)
        if isinstance(text, dict):  # its translations: the one in the catalog's language
            text = text.get(self.locale) or next(iter(text.values()))
        lines = ", ".join(str(row.at.line) for row in others[:NAMED])
        more = f" and {len(others) - NAMED} more" if len(others) > NAMED else ""
        self.findings.warn(
            f"{column} differs between the rows of the group (line{'s' * (len(others) > 1)} "
            f"{lines}{more}): the product has one, line {kept.at.line}'s {shown(text)}",
            others[0].place(column),
            f"give the rows of a group the same {column}, or put what differs in a column of "
            "'attributes'",
            product,
        )

    def amount(self, row: Row, key: str, product, required: bool = False) -> Decimal | None:
        column = self.mapping.columns.get(key)
        text = row.get(column)
        if not text:
            if required:
                self.findings.error(
                    f"no {column}", row.place(column), "give every row a price", product
                )
            return None
        return amount(
            text,
            row.place(column),
            column,
            self.findings,
            lambda t: written_amount(t, self.locale, self.currency),
            self.currency,
            price_example(self.locale, self.currency),
            product,
        )

    def text(self, row: Row, key: str) -> Text | None:
        """The text of a mapped key, None when the key is not mapped."""
        column = self.mapping.columns.get(key)
        return self.column_text(row, column, key == "description") if column else None

    def column_text(self, row: Row, column: str, lines: bool = False) -> Text | None:
        """A column's text in the catalog's language and its translations (`Name-en_GB`
        beside `Name`); on one line unless `lines`."""
        self.used.add(column)
        values = {}
        for locale, name in self.names.get(column, {}).items():
            value = clean_text(row.get(name)).strip() if lines else one_line(row.get(name))
            if value:
                values[locale or self.locale] = value
        if not values:
            return None
        return values[self.locale] if set(values) == {self.locale} else values

    def description(self, row: Row) -> Text | None:
        text = self.text(row, "description")
        made = {"text": text_description, "html": html_description, "markdown": lambda t: t}[
            self.mapping.description_format
        ]
        if isinstance(text, dict):
            converted = {locale: made(value) for locale, value in text.items()}
            return {locale: value for locale, value in converted.items() if value} or None
        return made(text) if text else None

    def url(self, row: Row, product: str) -> str | None:
        column = self.mapping.columns.get("url")
        return web_address(row.get(column), row.place(column), column, self.findings, product)

    def pictures(self, rows: list[Row]) -> list[Picture]:
        pictures, seen = [], set()
        for row in rows:
            for column in self.lists("images"):
                for locale_column in self.names.get(column, {}).values():
                    for written in _IMAGE_SEPARATORS.split(row.get(locale_column)):
                        if written.strip() and written.strip() not in seen:
                            seen.add(written.strip())
                            pictures.append(Picture(written.strip(), row.place(locale_column)))
        return pictures

    def lists(self, key: str) -> list[str]:
        self.used.update(self.mapping.lists.get(key, []))
        return self.mapping.lists.get(key, [])

    def other_locales(self) -> list[str]:
        """The locales the texts read are translated into, in the order of their columns."""
        found = []
        for column in self.table.header:
            base, locale = split_locale(column)
            if locale and locale != self.locale and base in self.used and locale not in found:
                found.append(locale)
        return found

    def warn_unused(self) -> None:
        self.used.update(self.mapping.columns.values())
        unused = [name for name in self.names if name not in self.used]
        if unused:
            self.findings.warn(
                f"columns not imported: {', '.join(unused)}",
                hint="a --mapping file imports them, e.g. as specs: "
                f"'specs: [{', '.join(unused[:3])}]'",
            )


def _comparable(text: Text | None) -> object:
    """A text as compared with another: its translations too."""
    return tuple(sorted(text.items())) if isinstance(text, dict) else text
