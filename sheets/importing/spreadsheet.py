"""A spreadsheet (CSV or .xlsx) read as drafts through its mapping: a row a product, or rows
sharing a `group` column's value one product's variants; texts with their translations."""

from __future__ import annotations

import re
from decimal import Decimal

from ..catalog.values import parse_url
from ..errors import shown
from ..i18n.formats import price_example
from .drafts import Draft, Picture, Source, Text, Variant
from .fields import clean_text, one_line, written_amount
from .html_text import html_description, text_description
from .mapping import Mapping, column_locales, read_mapping, split_locale
from .options import ImportOptions
from .problems import At, Findings
from .reading import amount, attribute_name, availability, barcode, chosen_reference, old_price
from .table import Row, Table

_IMAGE_SEPARATORS = re.compile(r"[,;|\n]")


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
        title = self.text(first, "title")
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
        specs = [
            (one_line(column), value)
            for column in self.lists("specs")
            if (value := self.column_text(first, column))
        ]
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
        return Draft(
            reference=reference,
            title=title,
            at=first.at,
            variants=variants,
            category=self.text(first, "category"),
            subtitle=self.text(first, "subtitle"),
            url=self.url(first, reference),
            pictures=self.pictures(rows),
            specs=specs,
            description=self.description(first),
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
        link = row.get(column)
        if not link:
            return None
        try:
            return parse_url(link)
        except ValueError as exc:
            self.findings.warn(
                f"{column} {shown(link)} is not a web address a catalog takes: left out ({exc})",
                row.place(column),
                product=product,
            )
            return None

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
