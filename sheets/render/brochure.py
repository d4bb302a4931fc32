"""The brochure: cover, contents, then each category's opener and products, as one PDF document.

One ReportLab document (rather than merged sheets) shares font subsets and images across pages,
which keeps the file several times smaller.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..layout.brochure_parts import (
    back_cover_flowables,
    contents_flowables,
    cover_flowables,
    cover_footer,
    section_flowables,
)
from ..layout.context import LayoutContext
from ..layout.pages import StoryDocument, draw_accent_rule, draw_footer, draw_running_head
from ..layout.product import product_flowables
from ..model import Catalog


def render_brochure(
    catalog: Catalog, ctx: LayoutContext, page_multiple: int = 2
) -> tuple[bytes, int]:
    """The brochure's PDF bytes and its page count, a multiple of `page_multiple`: 2, so that
    the back cover is a back (an even page), or 4 for a saddle-stitched booklet. The blank
    pages this takes go after the last product, before the back cover."""
    data, pages = _render(catalog, ctx, blank_pages=0)
    if pages % page_multiple:
        # Drawn again, knowing how many: blank pages never come inside a product.
        data, pages = _render(catalog, ctx, blank_pages=page_multiple - pages % page_multiple)
    return data, pages


def _render(catalog: Catalog, ctx: LayoutContext, blank_pages: int) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = StoryDocument(
        buffer,
        ctx,
        title=catalog.title,
        author=catalog.publisher,
        subject=catalog.subtitle or catalog.title,
        keywords=[c.title for c in catalog.categories],
    )

    def footer(canvas: Canvas, doc: StoryDocument) -> None:
        page = canvas.getPageNumber()
        left, right = catalog.publisher, ctx.labels["page"].format(number=page)
        # Page numbers sit on the outer edge: right on odd (recto) pages, left on even ones.
        draw_footer(canvas, doc, *((left, right) if page % 2 else (right, left)))

    def cover(canvas: Canvas, doc: StoryDocument) -> None:
        draw_accent_rule(canvas, doc)
        draw_footer(canvas, doc, *cover_footer(catalog, ctx), right_url=catalog.url)

    def back_cover(canvas: Canvas, doc: StoryDocument) -> None:
        draw_accent_rule(canvas, doc)

    def product_page(canvas: Canvas, doc: StoryDocument) -> None:
        product = doc.current.get(1)
        category = doc.current.get(0)
        continued = product is not None and doc.page_started[product.key] < canvas.getPageNumber()
        right = f"{product.title} · {ctx.labels['continued']}" if continued else category.title
        draw_running_head(canvas, doc, catalog.title, right)
        footer(canvas, doc)

    doc.addPageTemplates(
        [
            doc.page_template("cover", cover),
            doc.page_template("contents", footer),
            doc.page_template("section", footer),
            doc.page_template("product", product_page),
            doc.page_template("blank"),
            doc.page_template("back", back_cover),
        ]
    )
    story = _story(catalog, ctx)
    if blank_pages:
        story += [NextPageTemplate("blank")] + [PageBreak(), Spacer(0, 0)] * blank_pages
    story += [NextPageTemplate("back"), PageBreak(), *back_cover_flowables(catalog, ctx)]
    doc.multiBuild(story)
    return buffer.getvalue(), doc.page


def _story(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    story: list[Flowable] = [
        *cover_flowables(catalog, ctx),
        NextPageTemplate("contents"),
        PageBreak(),
        *contents_flowables(catalog, ctx),
    ]
    # Sections are numbered among those the brochure has: a category without products has none.
    published = [category for category in catalog.categories if catalog.products_in(category)]
    for number, category in enumerate(published, start=1):
        products = catalog.products_in(category)
        story += [
            NextPageTemplate("section"),
            PageBreak(),
            *section_flowables(number, category, catalog, ctx),
            NextPageTemplate("product"),
        ]
        for product in products:
            story += [PageBreak(), *product_flowables(product, category, ctx, outline_level=1)]
    return story
