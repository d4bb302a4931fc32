"""The brochure's own pages: cover, contents and the opener of each category."""

from __future__ import annotations

from reportlab.platypus import Flowable, Image, Spacer

from ..images import read_image_info
from ..locale_format import format_long_date
from ..markup import link_markup, text_markup
from ..model import Catalog, Category
from .anchors import Anchor
from .context import LayoutContext
from .pages import contents_table

COVER_PHOTO_SHARE = 0.42  # of the text area's height


def cover_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """Publisher, title, subtitle, the first product's photo, then edition, date and address."""
    theme = ctx.theme
    story: list[Flowable] = [
        Spacer(0, theme.layout["gutter"] * 2),
        ctx.paragraph(catalog.publisher, "cover_eyebrow"),
        ctx.paragraph(catalog.title, "cover_title"),
    ]
    if catalog.subtitle:
        story.append(ctx.paragraph(catalog.subtitle, "cover_subtitle"))
    photo = next((p.images[0] for p in catalog.products if p.images), None)
    if photo is not None:
        info = read_image_info(photo)
        height = (theme.page_size[1] - 2 * theme.margin) * COVER_PHOTO_SHARE
        width = min(theme.frame_width, height / info.aspect)
        image = Image(str(photo), width=width, height=width * info.aspect)
        image.hAlign = "CENTER"
        story += [Spacer(0, theme.layout["gutter"]), image, Spacer(0, theme.layout["gutter"] * 2)]
    details = [
        text
        for text in (
            catalog.edition,
            format_long_date(catalog.date, ctx.locale) if catalog.date else None,
        )
        if text
    ]
    if details:
        story.append(ctx.paragraph(" · ".join(details), "cover_meta"))
    if catalog.url:
        story.append(
            ctx.markup_paragraph(
                link_markup(catalog.url.split("://", 1)[-1], catalog.url), "cover_meta"
            )
        )
    return story


def contents_flowables(ctx: LayoutContext) -> list[Flowable]:
    return [ctx.paragraph(ctx.labels["contents"], "contents_title"), contents_table(ctx)]


def section_flowables(
    number: int, category: Category, catalog: Catalog, ctx: LayoutContext
) -> list[Flowable]:
    """The category's number and title, its introduction, and the products it holds."""
    products = catalog.products_in(category)
    story: list[Flowable] = [
        Anchor(f"category-{category.id}", category.title, 0),
        Spacer(0, ctx.theme.layout["gutter"] * 4),
        ctx.paragraph(f"{number:02d}", "section_number"),
        ctx.paragraph(category.title, "section_title"),
    ]
    if category.intro:
        story.append(ctx.paragraph(category.intro, "section_intro"))
    muted = "#" + ctx.theme.colors["muted"].hexval()[2:]
    for product in products:
        story.append(
            ctx.markup_paragraph(
                f"{text_markup(product.title)} <font color='{muted}'>"
                f"· {text_markup(product.reference)}</font>",
                "section_item",
            )
        )
    return story
