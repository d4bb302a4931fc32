"""One product's sheet: a short PDF a shop can email, drawn with the brochure's product layout."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from .layout.context import LayoutContext
from .layout.pages import StoryDocument, draw_footer, draw_running_head
from .layout.product import product_flowables
from .markup import short_url
from .model import Category, Product


def render_sheet(product: Product, category: Category, ctx: LayoutContext) -> tuple[bytes, int]:
    """The sheet's PDF bytes and its page count."""
    data, pages = _render(product, category, ctx, total_pages=None)
    if pages > 1:  # "page 2 / 3" needs the total: a long sheet is drawn again, knowing it
        data, pages = _render(product, category, ctx, total_pages=pages)
    return data, pages


def _render(
    product: Product, category: Category, ctx: LayoutContext, total_pages: int | None
) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = StoryDocument(
        buffer,
        ctx,
        title=product.title,
        author=ctx.publisher,
        subject=f"{category.title} · {ctx.labels['reference']} {product.reference}",
        keywords=[product.reference, category.title, ctx.publisher],
    )

    def decorate(canvas: Canvas, doc: StoryDocument) -> None:
        page = canvas.getPageNumber()
        if page == 1:
            draw_running_head(canvas, doc, ctx.publisher, short_url(ctx.url) if ctx.url else "")
        else:
            draw_running_head(canvas, doc, product.title, ctx.labels["continued"])
        number = ctx.labels["page"].format(number=f"{page} / {total_pages}") if total_pages else ""
        draw_footer(canvas, doc, f"{ctx.labels['reference']} {product.reference}", number)

    doc.addPageTemplates([doc.page_template("sheet", decorate)])
    doc.build(product_flowables(product, category, ctx))
    return buffer.getvalue(), doc.page
