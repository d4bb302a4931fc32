"""Products as rows of a price list (`list`): reference, title, main specs and price, one row a
product, under a header repeated on every page, every other row tinted."""

from __future__ import annotations

import copy

from reportlab.platypus import Flowable, Table

from ..i18n.prices import price_label, unit_price_text
from ..model import Product
from ..style.colors import color_markup
from .anchors import Anchor, product_key
from .context import LayoutContext
from .fitting import ProductLayoutError
from .prices import product_price_markup
from .tagging import TableTags
from .tags import Tag

DETAILS = 2  # the specs a row shows, at most


class PriceList(Flowable):
    """The rows of a page are made and measured as the page is filled (one table each, under the
    page's header), and the rest goes on to the next page: each row is measured once."""

    def __init__(self, products: list[Product], ctx: LayoutContext, first: int = 0):
        super().__init__()
        self.products, self.ctx, self.first = products, ctx, first
        self.tag = Tag("Table")  # one table to a reader, over all its pages

    def wrap(self, available_width, available_height):
        if self.first >= len(self.products):
            return available_width, 0
        return available_width, available_height + 1  # always split: rows are made by `split`

    def draw(self):
        """Nothing: the rows are drawn as the flowables `split` gives."""

    def split(self, available_width, available_height):
        header = self._table(self._header_cells(), available_width, None)
        header_height = header.wrap(available_width, available_height)[1]
        room = available_height - header_height
        made: list[Flowable] = []
        index = self.first
        while index < len(self.products):
            product = self.products[index]
            row = self._table(self._cells(product), available_width, index % 2 == 1)
            height = row.wrap(available_width, available_height)[1]
            if height > room:
                if height > self.ctx.theme.body_height - header_height:  # even on a page of its own
                    raise ProductLayoutError(
                        product.reference,
                        "its row in the price list is taller than a page",
                        "shorten its title, subtitle or first two specs, or give its category "
                        "another layout",
                    )
                break
            made += [Anchor(product_key(product.reference), product.title, 1, section=False), row]
            room -= height
            index += 1
        if index == self.first:  # not even one row here: all of it on the next page
            return []
        if index == len(self.products):
            return [header, *made]
        rest = copy.copy(self)
        rest.first = index
        rest.__dict__.pop("_postponed", None)  # ReportLab's mark of one put off a page already
        return [header, *made, rest]

    def _header_cells(self) -> list[Flowable]:
        labels, ctx = self.ctx.labels, self.ctx
        price = price_label(ctx.taxes, labels)
        names = [labels["reference"], labels["product"], labels["details"]]
        return [
            *(ctx.paragraph(name, "list_head") for name in names),
            ctx.paragraph(price, "list_head_price"),
        ]

    def _cells(self, product: Product) -> list[Flowable]:
        ctx = self.ctx
        title = ctx.markup(product.title, "list_cell")
        if product.subtitle:
            muted = color_markup(ctx.theme.colors["muted"])
            subtitle = ctx.markup(product.subtitle, "list_muted")
            title += f"<br/><font color='{muted}'><i>{subtitle}</i></font>"
        details = " · ".join(spec.value for spec in product.specs[:DETAILS])
        price = product_price_markup(product, ctx, "list_price")
        if product.unit_price:  # wherever a price is shown, the EU asks for its unit price too
            unit = ctx.markup(unit_price_text(product.unit_price, ctx.locale), "list_cell")
            price += f"<br/><font name='{ctx.theme.style('list_cell').fontName}'>{unit}</font>"
        return [
            ctx.paragraph(product.reference, "list_cell"),
            ctx.markup_paragraph(title, "list_cell"),
            ctx.paragraph(details, "list_cell"),
            ctx.markup_paragraph(price, "list_price"),
        ]

    def _table(self, cells: list[Flowable], width: float, tinted: bool | None) -> Table:
        """One row: the header's (`tinted` None, a rule under it) or a product's."""
        theme, sizes = self.ctx.theme, self.ctx.theme.cards
        gap = sizes.cell_gap
        shares = [sizes.reference_share, 0.0, sizes.details_share, sizes.price_share]
        shares[1] = 1 - sum(shares)
        widths = [width * share for share in shares]
        style = [
            *theme.bare_table_style(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), sizes.row_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), sizes.row_padding),
            ("LEFTPADDING", (0, 0), (-1, -1), gap / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), gap / 2),
        ]
        if tinted is None:
            style.append(
                ("LINEBELOW", (0, 0), (-1, 0), theme.text.rule_width * 2, theme.colors["ink"])
            )
        elif tinted:
            style.append(("BACKGROUND", (0, 0), (-1, 0), theme.colors["tint"]))
        tags = TableTags(self.tag, header_rows=1 if tinted is None else 0)
        return Table([cells], colWidths=widths, style=style, renderCB=tags)
