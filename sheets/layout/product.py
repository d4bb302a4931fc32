"""One product's flowables: the same code draws a product on its sheet and in the brochure."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
)

from ..i18n.formats import format_long_date
from ..i18n.prices import price_label, unit_price_text
from ..model import Category, Product
from ..style.theme import Theme
from .anchors import Anchor, product_key
from .codes import ean13_barcode, qr_code
from .columns import BalancedText, SideBySide, StackedTable, stack_height
from .context import LayoutContext
from .copyfit import fitted
from .fitting import line_width
from .markup import link_markup, short_url
from .photo import fitted_photo
from .prices import product_price_markup
from .rich_text import description_paragraphs
from .tagging import TableTags
from .tags import Tag
from .variants import common_attributes, variants_table


def product_flowables(
    product: Product, category: Category, ctx: LayoutContext, outline_level: int = 0
) -> list[Flowable]:
    """Heading, photo beside price and specs, then the description in two balanced columns."""
    story = product_head(product, category, ctx, outline_level)
    if product.description:
        paragraphs = description_paragraphs(product.description, ctx)
        theme = ctx.theme
        story.append(BalancedText(paragraphs, theme.text.gutter, min_lines=theme.copyfit.min_lines))
    return story


def product_head(
    product: Product, category: Category, ctx: LayoutContext, outline_level: int = 0
) -> list[Flowable]:
    """All of the product but its description's columns, with the space above them."""
    theme = ctx.theme
    story: list[Flowable] = [Anchor(product_key(product.reference), product.title, outline_level)]
    # The product heads its sheet; in the brochure, it is under its category's heading.
    title = ctx.paragraph(product.title, "title", role=f"H{outline_level + 1}")
    heading = [ctx.paragraph(category.title, "eyebrow"), title]
    if product.subtitle:
        heading.append(ctx.paragraph(product.subtitle, "subtitle"))
    story.append(KeepTogether(heading))
    story.append(Spacer(0, theme.product.heading_space))
    story += _photo_and_details(product, ctx)
    if table := variants_table(product, ctx, theme.frame_width):
        story += [Spacer(0, theme.product.description_space), table]
    if product.description:
        story.append(Spacer(0, theme.product.description_space))
    return story


def fitted_product_flowables(
    product: Product, category: Category, ctx: LayoutContext, outline_level: int = 0
) -> list[Flowable]:
    """The product's flowables, fitted onto one page less when they overflow by a little
    (copyfit.py): on its sheet and on its pages of the brochure alike."""

    def make(theme: Theme) -> list[Flowable]:
        return product_flowables(product, category, replace(ctx, theme=theme), outline_level)

    def head(theme: Theme) -> list[Flowable]:
        # Only measured: its photo is placed at the same size, not downsampled.
        profile = replace(ctx.profile, downsample=False)
        trial = replace(ctx, theme=theme, profile=profile)
        return product_head(product, category, trial, outline_level)

    theme = ctx.theme
    # What its story is made of but the theme, the same on its sheet and on its pages (where it
    # is a level lower in the outline: that changes no size).
    alike = (product, category, ctx.locale, ctx.taxes)
    return fitted(make, head, theme, theme.frame_width, theme.body_height, alike)


def _photo_and_details(product: Product, ctx: LayoutContext) -> list[Flowable]:
    theme = ctx.theme
    gutter = theme.text.gutter
    photo_width = theme.frame_width * theme.product.photo_share
    details_width = theme.frame_width - photo_width - gutter
    details = _details(product, ctx, details_width if product.images else theme.frame_width)
    codes = _codes(product, ctx)
    codes_block = [Spacer(0, theme.product.codes_space), codes] if codes else []
    if not product.images:
        return details + codes_block
    max_height = theme.frame_height * theme.product.photo_height_share
    photos = _photos(product, photo_width, max_height, ctx)
    # The codes go under whichever column is shorter, to keep the pair as low as it can be.
    if stack_height(photos, photo_width) <= stack_height(details, details_width):
        photos += codes_block
    else:
        details += codes_block
    return [SideBySide(photos, details, photo_width, gutter)]


def _photos(
    product: Product, width: float, max_height: float, ctx: LayoutContext
) -> list[Flowable]:
    """The first photo large; any others as thumbnails under it, in rows of at most four."""
    sizes = ctx.theme.product
    main, *others = product.images
    alts = product.image_alts
    flowables: list[Flowable] = [fitted_photo(main, width, max_height, ctx.profile, alts[0])]
    if others:
        gap = sizes.thumbnail_gap
        # One row for all would shrink them out of sight, and below zero from 25 images on A4.
        count = min(max(len(others), 3), sizes.thumbnails_per_row)
        thumb = (width - gap * (count - 1)) / count
        cells = [
            fitted_photo(path, thumb, thumb, ctx.profile, alt)
            for path, alt in zip(others, alts[1:], strict=True)
        ]
        columns = min(len(cells), count)
        rows = [cells[start : start + columns] for start in range(0, len(cells), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))  # a table's rows are all as long
        thumbs = StackedTable(
            rows,
            colWidths=[thumb + (gap if i < columns - 1 else 0) for i in range(columns)],
            hAlign="LEFT",
        )
        thumbs.setStyle(
            [
                *ctx.theme.bare_table_style(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -2), gap),  # between rows, not under the last
            ]
        )
        flowables += [Spacer(0, gap), thumbs]
    return flowables


def _details(product: Product, ctx: LayoutContext, width: float) -> list[Flowable]:
    """Price, specs table, reference, date and link: what a customer scans for first."""
    labels, theme = ctx.labels, ctx.theme
    flowables: list[Flowable] = [
        ctx.paragraph(price_label(ctx.taxes, labels), "price_label"),
        ctx.markup_paragraph(product_price_markup(product, ctx, "price"), "price"),
    ]
    if product.unit_price:
        flowables.append(ctx.paragraph(unit_price_text(product.unit_price, ctx.locale), "meta"))
    flowables.append(Spacer(0, theme.product.price_space))
    flowables.append(_specs_table(product, ctx, width))
    meta = []
    if product.updated:
        meta.append(
            ctx.paragraph(
                labels["updated"].format(date=format_long_date(product.updated, ctx.locale)), "meta"
            )
        )
    if product.url:
        meta.append(ctx.markup_paragraph(link_markup(short_url(product.url), product.url), "link"))
    if meta:
        flowables += [Spacer(0, theme.product.meta_space), *meta]
    return flowables


def _specs_table(product: Product, ctx: LayoutContext, width: float) -> Table:
    """The reference and the specs, label beside value, each group under its heading. The
    labels' column is as wide as the longest label, up to the theme's share of the table, or
    further when the values leave it room: a label wraps only when its value needs the room."""
    theme, sizes = ctx.theme, ctx.theme.product
    pairs = [(ctx.labels["reference"], product.reference, None)]
    pairs += [(spec.label, spec.value, spec.group) for spec in product.specs]
    pairs += [(name, value, None) for name, value in common_attributes(product)]
    rows: list[list] = []
    style: list[tuple] = []
    group = None
    for label, value, in_group in pairs:
        if in_group != group and in_group is not None:
            at = len(rows)
            rows.append([ctx.paragraph(in_group, "spec_group"), ""])
            style += [
                ("SPAN", (0, at), (1, at)),
                ("TOPPADDING", (0, at), (1, at), sizes.group_space),
            ]
        group = in_group
        rows.append([ctx.paragraph(label, "spec_label"), ctx.paragraph(value, "spec_value")])
    gap = sizes.spec_label_gap
    # A point to spare: a paragraph breaks a line its width matches to the last decimal.
    labels = max(line_width(row[0]) for row in rows if row[1] != "") + gap + 1
    values = max(line_width(row[1]) for row in rows if row[1] != "")
    share = min(labels / width, max(sizes.spec_label_share, 1 - values / width))
    rule = (theme.text.rule_width, theme.colors["rule"])
    table = StackedTable(
        rows,
        colWidths=[f"{share * 100:.3f}%", f"{100 - share * 100:.3f}%"],
        hAlign="LEFT",
        renderCB=TableTags(Tag("Table"), header_columns=1),  # each label heads its row
    )
    table.setStyle(
        [
            *theme.bare_table_style(),
            ("VALIGN", (0, 0), (-1, -1), "BASELINE"),
            ("TOPPADDING", (0, 0), (-1, -1), sizes.spec_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), sizes.spec_padding),
            ("RIGHTPADDING", (0, 0), (0, -1), gap),
            ("LINEBELOW", (0, 0), (-1, -1), *rule),
            ("LINEABOVE", (0, 0), (-1, 0), *rule),
            *style,
        ]
    )
    return table


def _codes(product: Product, ctx: LayoutContext) -> Table | None:
    """The QR code of the product's page beside its EAN-13 bar code, whichever it has."""
    cells = []
    if product.url:
        cells.append(qr_code(product.url, ctx.theme, ctx.labels))
    if product.ean13:
        cells.append(ean13_barcode(product.ean13, ctx.theme, ctx.labels))
    if not cells:
        return None
    gap = ctx.theme.product.codes_gap
    table = StackedTable([cells], colWidths=[cell.width + gap for cell in cells], hAlign="LEFT")
    table.setStyle([*ctx.theme.bare_table_style(), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    return table
