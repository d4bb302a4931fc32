"""One product's sheet: a short PDF a shop can email, drawn with the brochure's product layout."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfgen.canvas import Canvas

from ..layout.context import LayoutContext
from ..layout.markup import short_url
from ..layout.pages import StoryDocument, contact_line, draw_footer, draw_running_head
from ..layout.product import fitted_product_flowables
from ..layout.tagging import TaggingCanvas
from ..model import Category, Product
from .background import with_background


def render_sheet(product: Product, category: Category, ctx: LayoutContext) -> tuple[bytes, int]:
    """The sheet's PDF bytes and its page count."""
    buffer = io.BytesIO()
    doc = StoryDocument(
        buffer,
        ctx,
        title=product.title,
        author=ctx.publisher,
        subject=f"{category.title} · {ctx.labels['reference']} {product.reference}",
        keywords=[product.reference, category.title, ctx.publisher],
    )
    contact = ctx.contact

    def running_head(canvas: Canvas, doc: StoryDocument) -> None:
        if canvas.getPageNumber() == 1:
            # Opens showing the whole first page, whatever the viewer's default zoom.
            canvas._doc.Catalog.OpenAction = PDFArray([canvas._doc.thisPageRef(), PDFName("Fit")])
            website = short_url(contact.website) if contact.website else ""
            draw_running_head(canvas, doc, ctx.publisher, website, right_url=contact.website)
        else:
            draw_running_head(canvas, doc, product.title, ctx.labels["continued"])

    def footer(canvas: Canvas, total: int) -> None:
        reference = f"{ctx.labels['reference']} {product.reference}"
        if total > 1:
            page = f"{canvas.getPageNumber()} / {total}"
            reference += " · " + ctx.labels["page"].format(number=page)
        mailto = f"mailto:{contact.email}" if contact.email else None
        draw_footer(canvas, doc, contact_line(contact), reference, left_url=mailto, left_whole=True)

    doc.addPageTemplates([doc.page_template("sheet", running_head)])
    doc.build(
        fitted_product_flowables(product, category, ctx),
        canvasmaker=functools.partial(_FooterLastCanvas, footer=footer),
    )
    return with_background(buffer.getvalue(), ctx, opening=True), doc.page


class _FooterLastCanvas(TaggingCanvas):
    """A canvas that keeps its pages until the last one is laid out, and then draws each page's
    footer knowing how many there are ("page 2 / 3"): the sheet is laid out once.

    Nothing may point at a page but the first while the pages are kept (their objects are made
    at the end): a sheet has one bookmark, on its first page."""

    def __init__(self, *args, footer: Callable[[Canvas, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._kept: list[dict] = []

    def showPage(self):
        self._kept.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._kept)
        for state in self._kept:
            # A page's state, but the document's count of annotations, which names them.
            count = self._annotationCount
            self.__dict__.update(state)
            self._annotationCount = max(count, self._annotationCount)
            self._footer(self, total)
            super().showPage()
        super().save()
