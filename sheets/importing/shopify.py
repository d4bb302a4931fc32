"""A Shopify product CSV export read as drafts: rows grouped by handle, the first carrying the
product, each with a price a variant, the options its attributes, the images in their order.
The classic export's column names and the newer ones are both read."""

from __future__ import annotations

from decimal import Decimal

from ..catalog.values import MAX_REFERENCE_LENGTH
from ..errors import counted, shown
from .drafts import Draft, Picture, Source, Variant
from .fields import ascii_count, dot_amount, one_line, reference
from .html_text import html_description
from .problems import Findings
from .reading import amount, attribute_name, barcode, chosen_reference, old_price
from .table import Row, Table

COLUMNS = {
    "handle": ("Handle", "URL handle"),
    "title": ("Title",),
    "price": ("Variant Price", "Price"),
    "body": ("Body (HTML)", "Description"),
    "vendor": ("Vendor",),
    "product_category": ("Product Category",),
    "type": ("Type",),
    "status": ("Status",),
    "sku": ("Variant SKU", "SKU"),
    "compare_at": ("Variant Compare At Price", "Compare-at price"),
    "barcode": ("Variant Barcode", "Barcode"),
    "image": ("Image Src", "Product image URL"),
    "image_position": ("Image Position",),
    "image_alt": ("Image Alt Text",),
    "variant_image": ("Variant Image", "Variant image URL"),
    "tracker": ("Variant Inventory Tracker", "Inventory tracker"),
    "quantity": ("Variant Inventory Qty", "Inventory quantity"),
    "policy": ("Variant Inventory Policy", "Continue selling when out of stock"),
}
REQUIRED = ("handle", "title", "price")
OPTIONS = 3  # Option1 … Option3
DEFAULT_OPTION = ("Title", "Default Title")  # the option of a product without variants
HIDDEN = ("draft", "archived")
NAMED = 20  # the products left out that a warning names


def read_shopify(table: Table, findings: Findings, currency: str, drafts: bool) -> Source:
    """The drafts of the export's products; drafts and archived products left out (named in
    one warning) unless `drafts`."""
    table.require({key: COLUMNS[key] for key in REQUIRED}, findings)
    columns = {key: table.column(*names) for key, names in COLUMNS.items()}
    options = [
        (table.column(f"Option{n} Name"), table.column(f"Option{n} Value"))
        for n in range(1, OPTIONS + 1)
    ]
    groups: dict[str, list[Row]] = {}
    for row in table.rows:
        handle = row.get(columns["handle"])
        if handle:
            groups.setdefault(handle, []).append(row)
        else:
            findings.error(
                f"a row without a {columns['handle']}",
                row.place(columns["handle"]),
                "each row of a product starts with the product's handle",
            )
    reader = _Reader(columns, options, findings, currency)
    made, left_out = [], []
    for handle, rows in groups.items():
        status = rows[0].get(columns["status"]).lower()
        if status in HIDDEN and not drafts:
            left_out.append(f"{handle} ({status})")
        elif draft := reader.product(handle, rows):
            made.append(draft)
    if left_out:
        named = ", ".join(left_out[:NAMED]) + (
            f" and {len(left_out) - NAMED} more" if len(left_out) > NAMED else ""
        )
        findings.warn(
            f"{counted(len(left_out), 'product')} not active in the shop, left out: {named}",
            hint="--drafts imports drafts and archived products too",
        )
    vendor = next((rows[0].get(columns["vendor"]) for rows in groups.values()), "")
    return Source(made, publisher=one_line(vendor) or None)


class _Reader:
    def __init__(self, columns, options, findings: Findings, currency: str):
        self.columns, self.options = columns, options
        self.findings, self.currency = findings, currency

    def product(self, handle: str, rows: list[Row]) -> Draft | None:
        c, first = self.columns, rows[0]
        title = one_line(first.get(c["title"]))
        if not title:
            self.findings.error(
                f"product {shown(handle)} has no {c['title']}",
                first.place(c["title"]),
                "the first row of a product gives its title",
            )
            return None
        names = self._option_names(first, handle)
        variant_rows = [first] + [row for row in rows[1:] if self._is_variant(row, names)]
        handle_reference, changed = reference(handle)
        if not handle_reference:
            handle_reference = chosen_reference(
                handle, first.place(c["handle"]), "handle", self.findings
            )  # says why it cannot be one
            return None
        variants = [
            self._variant(row, number, handle_reference, names)
            for number, row in enumerate(variant_rows, start=1)
        ]
        draft = Draft(
            reference=handle_reference,
            title=title,
            at=first.at,
            variants=[variant for variant, _ in variants],
            category=self._category(first),
            description=html_description(first.get(c["body"])),
            pictures=self._pictures(rows),
        )
        if draft.has_variants:
            for variant, sku_given in variants:
                if not sku_given:
                    self.findings.warn(
                        f"a variant without a SKU: {shown(variant.reference)} is its reference",
                        variant.at,
                        "give each variant a SKU in the shop",
                        handle,
                    )
        if not draft.has_variants and variants[0][1]:  # one variant with a SKU: the product's
            draft.reference = variants[0][0].reference
        elif changed:
            chosen_reference(handle, first.place(c["handle"]), c["handle"], self.findings)
        return draft

    def _option_names(self, first: Row, handle: str) -> list[tuple[str, str | None]]:
        """The product's options: each name (from its first row) with the column of its
        values. A name given twice (`Size` and `Size`) is numbered the second time (`Size 2`):
        both options' values are kept."""
        names: list[tuple[str, str | None]] = []
        taken: dict[str, str] = {}  # a name in any case → the column that gave it
        for column, values in self.options:
            name = one_line(first.get(column))
            if name and name.casefold() in taken:
                made = next(
                    f"{name} {n}"
                    for n in range(2, OPTIONS + 2)
                    if f"{name} {n}".casefold() not in taken
                )
                self.findings.warn(
                    f"{column} {shown(name)} is {taken[name.casefold()]}'s too: this option's "
                    f"values are written as {shown(made)}",
                    first.place(column),
                    "give each option of a product its own name in the shop",
                    handle,
                )
                name = made
            if name:
                taken[name.casefold()] = column
                if name != DEFAULT_OPTION[0]:
                    attribute_name(name, first.place(column), self.findings)
            names.append((name, values))
        return names

    def _is_variant(self, row: Row, names) -> bool:
        """Whether a row after the first is a variant (not only one more image)."""
        c = self.columns
        given = [row.get(c[key]) for key in ("price", "sku", "barcode", "compare_at")]
        return any(given) or any(row.get(value) for _, value in names)

    def _variant(self, row: Row, number: int, handle: str, names) -> tuple[Variant, bool]:
        c, findings = self.columns, self.findings
        sku = row.get(c["sku"])
        made = (
            chosen_reference(sku, row.place(c["sku"]), c["sku"] or "SKU", findings) if sku else None
        )
        reference = made or f"{handle[: MAX_REFERENCE_LENGTH - 4]}-{number}"
        price_text = row.get(c["price"])
        if not price_text:
            findings.error(
                f"no {c['price']}", row.place(c["price"]), "give the variant a price", handle
            )
        price = self._amount(row, "price", handle) if price_text else None
        before = self._amount(row, "compare_at", handle) if row.get(c["compare_at"]) else None
        attributes = [
            (name, value)
            for name, column in names
            if name and (value := one_line(row.get(column))) and (name, value) != DEFAULT_OPTION
        ]
        return Variant(
            reference=reference,
            price=price or Decimal(0),
            at=row.at,
            old_price=old_price(price, before),
            ean=barcode(
                row.get(c["barcode"]), row.place(c["barcode"]), c["barcode"] or "", findings, handle
            ),
            available=self._available(row),
            attributes=attributes,
        ), bool(made)

    def _amount(self, row: Row, key: str, product: str) -> Decimal | None:
        column = self.columns[key]
        return amount(
            row.get(column),
            row.place(column),
            column,
            self.findings,
            dot_amount,
            self.currency,
            "19.99",
            product,
        )

    def _available(self, row: Row) -> bool:
        """Out of stock: a tracked quantity of none, and no selling beyond the stock."""
        c = self.columns
        quantity, policy = row.get(c["quantity"]), row.get(c["policy"]).lower()
        tracked = c["tracker"] is None or bool(row.get(c["tracker"]))
        try:
            none_left = Decimal(quantity) <= 0
        except ArithmeticError:
            return True
        return not (none_left and tracked and policy in ("deny", "false", "no"))

    def _category(self, first: Row) -> str | None:
        """The product's Type, else the last level of its Product Category."""
        kind = one_line(first.get(self.columns["type"]))
        path = first.get(self.columns["product_category"])
        return kind or one_line(path.split(">")[-1]) or None

    def _pictures(self, rows: list[Row]) -> list[Picture]:
        """The product's images in their position's order, then its variants' own."""
        c = self.columns
        ordered = []
        for index, row in enumerate(rows):
            if written := row.get(c["image"]):
                rank = ascii_count(row.get(c["image_position"]))
                rank = 1 << 30 if rank is None else rank
                alt = one_line(row.get(c["image_alt"])) or None
                ordered.append((rank, index, Picture(written, row.place(c["image"]), alt)))
        pictures = [picture for _, _, picture in sorted(ordered, key=lambda p: p[:2])]
        written = {picture.written for picture in pictures}
        for row in rows:
            image = row.get(c["variant_image"])
            if image and image not in written:
                written.add(image)
                pictures.append(Picture(image, row.place(c["variant_image"])))
        return pictures
