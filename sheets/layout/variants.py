"""A product's variants as a table on its sheet: a row each, the attributes whose values differ as
columns, then reference, bar code number and price; the header repeated on every page it runs to."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

from ..i18n.prices import price_label
from ..model import Product
from ..style.colors import color_markup
from .context import LayoutContext
from .fitting import ProductLayoutError, line_width
from .prices import price_markup
from .tagging import TableTags
from .tags import Tag

MIN_ATTRIBUTE = 36.0  # points: the narrowest an attribute's column gets (half an inch)
MISSING = "—"  # the cell of an attribute a variant does not give (`sheets check` warns of it)


def varying_attributes(product: Product) -> list[str]:
    """The attributes whose values are not the same for every variant: the table's columns."""
    names = dict.fromkeys(name for v in product.variants for name, _ in v.attributes)
    values = [dict(v.attributes) for v in product.variants]
    return [name for name in names if len({given.get(name) for given in values}) > 1]


def common_attributes(product: Product) -> list[tuple[str, str]]:
    """The attributes every variant gives alike (`Matière: coton`): shown with the specs."""
    varying = varying_attributes(product)
    first = product.variants[0].attributes if product.variants else ()
    return [(name, value) for name, value in first if name not in varying]


def variants_table(product: Product, ctx: LayoutContext, width: float) -> Flowable | None:
    if not product.variants:
        return None
    labels, theme = ctx.labels, ctx.theme
    names = varying_attributes(product)
    with_ean = any(v.ean for v in product.variants)
    head = [*names, labels["reference"], *(["EAN"] if with_ean else [])]
    header = [ctx.paragraph(name, "list_head") for name in head]
    header.append(ctx.paragraph(price_label(ctx.taxes, labels), "list_head_price"))
    rows = [header]
    for variant in product.variants:
        given = dict(variant.attributes)
        cells = [ctx.paragraph(given.get(name, MISSING), "list_cell") for name in names]
        cells.append(ctx.paragraph(variant.reference, "list_cell"))
        if with_ean:
            cells.append(ctx.paragraph(variant.ean or "", "list_cell"))
        price = price_markup(variant.price, variant.old_price, ctx, "list_price")
        if not variant.available:
            muted = color_markup(theme.colors["muted"])
            sold_out = ctx.markup(labels["sold_out"], "list_price")
            price += f"<br/><font color='{muted}'>{sold_out}</font>"
        cells.append(ctx.markup_paragraph(price, "list_price"))
        rows.append(cells)
    sizes = theme.cards
    gap = sizes.cell_gap
    widths = _widths(rows, width, gap, len(names), product.reference)
    tags = TableTags(Tag("Table"), header_rows=1)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", renderCB=tags)
    rule = (theme.text.rule_width, theme.colors["rule"])
    table.setStyle(
        [
            *theme.bare_table_style(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), sizes.row_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), sizes.row_padding),
            ("RIGHTPADDING", (0, 0), (-2, -1), gap),
            ("LINEBELOW", (0, 0), (-1, 0), theme.text.rule_width * 2, theme.colors["ink"]),
            ("LINEBELOW", (0, 1), (-1, -1), *rule),
        ]
    )
    table.wrap(width, theme.frame_height)  # a row runs onto no other page: measure them
    if max(table._rowHeights) > theme.frame_height:
        raise ProductLayoutError(
            product.reference,
            "a row of its variants' table is taller than a page",
            "shorten its variants' attributes, or give what they share to the product's specs",
        )
    return table


def _widths(rows: list[list], width: float, gap: float, attributes: int, reference: str):
    """Each column as wide as its widest cell set on one line, the price's taking what is left.
    When they do not fit, the attributes' columns narrow, the widest first, and their text
    wraps: references, bar code numbers and prices are never broken."""
    columns = range(len(rows[0]) - 1)
    # A point to spare: a paragraph breaks a line its width matches to the last decimal.
    natural = [max(line_width(row[column]) for row in rows) + gap + 1 for column in columns]
    price = max(line_width(row[-1]) for row in rows) + 1
    room = width - price - sum(natural[attributes:])
    if room < max(MIN_ATTRIBUTE * attributes, 0):
        raise ProductLayoutError(
            reference,
            f"its variants' table is wider than its page ({attributes} attributes that differ "
            "beside their references, bar code numbers and prices)",
            "give fewer attributes to its variants, or split it into products"
            if attributes
            else "shorten its variants' references, or choose a larger page_size",
        )
    columns = [*_levelled(natural[:attributes], room), *natural[attributes:]]
    return [*columns, width - sum(columns)]


def _levelled(wanted: list[float], room: float) -> list[float]:
    """The widths, the widest cut to one level so that they fill `room` at most."""
    if sum(wanted) <= room:
        return wanted
    level, left = 0.0, room
    for index, width in enumerate(sorted(wanted)):
        if width * (len(wanted) - index) > left:
            level = left / (len(wanted) - index)
            break
        left -= width
    return [min(width, level) for width in wanted]
