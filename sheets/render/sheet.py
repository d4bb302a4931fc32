"""One product's sheet: a short PDF a shop can email, drawn with the brochure's product layout."""

from __future__ import annotations

import io

from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfgen.canvas import Canvas

from ..layout.context import LayoutContext
from ..layout.markup import short_url
from ..layout.pages import StoryDocument, contact_line, draw_footer, draw_running_head
from ..layout.product import product_flowables
from ..model import Category, Product


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
        contact = ctx.contact
        if page == 1:
            # Opens showing the whole first page, whatever the viewer's default zoom.
            canvas._doc.Catalog.OpenAction = PDFArray([canvas._doc.thisPageRef(), PDFName("Fit")])
            website = short_url(contact.website) if contact.website else ""
            draw_running_head(canvas, doc, ctx.publisher, website, right_url=contact.website)
        else:
            draw_running_head(canvas, doc, product.title, ctx.labels["continued"])
        reference = f"{ctx.labels['reference']} {product.reference}"
        if total_pages:
            reference += " · " + ctx.labels["page"].format(number=f"{page} / {total_pages}")
        mailto = f"mailto:{contact.email}" if contact.email else None
        draw_footer(canvas, doc, contact_line(contact), reference, left_url=mailto, left_whole=True)

    doc.addPageTemplates([doc.page_template("sheet", decorate)])
    doc.build(product_flowables(product, category, ctx))
    return buffer.getvalue(), doc.page
