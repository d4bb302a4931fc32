"""The brochure, drawn in parts that do not depend on where they fall in it: the cover, runs of
section openers and products, the contents, the back cover, and the folios (the page numbers)
laid over the pages. `assembly.py` puts the parts together.

A part is a PDF of its own. Its pages carry no page number, so that a part's bytes are a function
of what it shows alone: a product edited, added or removed leaves the other parts as they were.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..layout.anchors import product_key
from ..layout.brochure_parts import (
    ContentsLine,
    back_cover_flowables,
    contents_flowables,
    contents_pages,
    cover_flowables,
    cover_footer,
    cover_photo,
    section_flowables,
)
from ..layout.context import LayoutContext
from ..layout.pages import (
    PrintGeometry,
    StoryDocument,
    draw_accent_rule,
    draw_footer,
    draw_running_head,
)
from ..layout.product import product_flowables
from ..model import Catalog, Category, Product
from .assembly import OutlineEntry, assemble


@dataclass(frozen=True)
class Section:
    """A category's opener, numbered among the categories the brochure has."""

    number: int
    category: Category


@dataclass(frozen=True)
class Entry:
    """A product in the brochure, under its category."""

    product: Product
    category: Category


Item = Section | Entry


@dataclass(frozen=True)
class Anchor:
    """Where an outline and contents entry points: its key, title, level and page in its part."""

    key: str
    title: str
    level: int
    page: int  # 0-based, within the part


@dataclass(frozen=True)
class Part:
    data: bytes
    pages: int
    anchors: tuple[Anchor, ...] = ()


def brochure_items(catalog: Catalog) -> list[Item]:
    """The brochure's sections and products in the order they are printed: a category's opener,
    then its products in the catalog's order. Categories without products have no section."""
    items: list[Item] = []
    published = [category for category in catalog.categories if catalog.products_in(category)]
    for number, category in enumerate(published, start=1):
        items.append(Section(number, category))
        items += [Entry(product, category) for product in catalog.products_in(category)]
    return items


RUN_ITEMS = 24  # sections and products drawn as one part
# Folios drawn as one part: a long brochure's are made, checked and laid in flat memory.
FOLIOS_PER_PART = 256


def runs(items: list[Item]) -> list[list[Item]]:
    """The items cut into the runs drawn as parts: few enough that each part's font subsets do
    not weigh much in the brochure, small enough that an edit redraws little."""
    return [items[start : start + RUN_ITEMS] for start in range(0, len(items), RUN_ITEMS)]


@dataclass(frozen=True)
class Made:
    """A part made while binding (cover, contents, back cover, folios), as kept: its file, its
    page count, and the press's findings on its pages with their trim sizes (print only)."""

    path: Path
    pages: int
    findings: tuple[dict, ...] = ()
    sizes: tuple[tuple[float, float], ...] = ()
    redrawn: bool = False  # drawn by this build, not taken from an earlier one


# make(name, inputs, draw): the part `draw` makes, which depends on the catalog's head and on
# `inputs` alone (a path among them stands for the file's bytes), drawn when not already made.
Make = Callable[[str, tuple, Callable[[], Part]], Made]


def render_brochure(
    catalog: Catalog, ctx: LayoutContext, page_multiple: int = 2
) -> tuple[bytes, int]:
    """The whole brochure drawn here, part after part: its PDF bytes and its page count."""
    with tempfile.TemporaryDirectory(prefix="sheets-brochure-") as folder:

        def make(name: str, inputs: tuple, draw: Callable[[], Part]) -> Made:
            part = draw()
            path = Path(folder) / f"{name}-{len(list(Path(folder).iterdir()))}.pdf"
            path.write_bytes(part.data)
            return Made(path, part.pages)

        drawn = []
        for number, run in enumerate(runs(brochure_items(catalog))):
            part = render_run(catalog, ctx, run)
            path = Path(folder) / f"run-{number}.pdf"
            path.write_bytes(part.data)
            drawn.append((path, part))
        target = Path(folder) / "brochure.pdf"
        bound = bind(catalog, ctx, drawn, page_multiple, make, target)
        return target.read_bytes(), bound.pages


@dataclass(frozen=True)
class Bound:
    """A brochure as bound: its page count, where its runs start, and the parts made while
    binding, each with its first page (0-based): the cover, contents and back cover, and the
    folios, which lie over the pages from theirs on."""

    pages: int
    first_run_page: int  # 0-based
    made: list[tuple[int, Made]]
    folios: list[tuple[int, Made]]


def bind(
    catalog: Catalog,
    ctx: LayoutContext,
    drawn: list[tuple[Path, Part]],
    page_multiple: int,
    make: Make,
    target: Path,
) -> Bound:
    """Write the brochure made of the runs `drawn` (each part's file and what it holds) to
    `target`, with its cover, contents, back cover and folios, which `make` makes (or finds
    made); its page count is a multiple of `page_multiple`: the blank pages this takes go before
    the back cover."""
    photo = cover_photo(catalog)
    cover = make("cover", (photo,), lambda: render_cover(catalog, ctx))
    contents, lines = _contents(catalog, ctx, make, cover.pages, [part for _, part in drawn])
    body = cover.pages + contents.pages + sum(part.pages for _, part in drawn)
    blank_pages = -(body + 1) % page_multiple
    back = make("back", (blank_pages,), lambda: render_back(catalog, ctx, blank_pages))
    numbers = [None] * cover.pages + list(range(cover.pages + 1, body + 1)) + [None] * back.pages
    outline = [OutlineEntry(line.key, line.title, line.level, line.page - 1) for line in lines]
    folios = []
    for start in range(0, len(numbers), FOLIOS_PER_PART):
        shown = numbers[start : start + FOLIOS_PER_PART]
        folios.append((start, make("folios", (shown,), lambda: render_folios(catalog, ctx, shown))))  # noqa: B023
    assemble(
        [cover.path, contents.path, *(path for path, _ in drawn), back.path],
        [made.path for _, made in folios],
        [number is not None for number in numbers],
        outline,
        (range(cover.pages, cover.pages + contents.pages), lines),
        target,
    )
    made = [(0, cover), (cover.pages, contents), (body, back)]
    return Bound(body + back.pages, cover.pages + contents.pages, made, folios)


def _contents(
    catalog: Catalog, ctx: LayoutContext, make: Make, before: int, runs: list[Part]
) -> tuple[Made, list[ContentsLine]]:
    """The contents, its page numbers those of the runs after the `before` pages of the cover
    and the contents itself: drawn again if its length is not the one guessed (when titles take
    two lines)."""
    pages = contents_pages(ctx, [anchor.level for part in runs for anchor in part.anchors])
    while True:
        first = before + pages
        lines = []
        for part in runs:
            lines += [
                ContentsLine(anchor.level, anchor.title, first + anchor.page + 1, anchor.key)
                for anchor in part.anchors
            ]
            first += part.pages
        contents = make("contents", (lines,), lambda: render_contents(catalog, ctx, lines))  # noqa: B023
        if contents.pages == pages:
            return contents, lines
        pages = contents.pages


def render_run(catalog: Catalog, ctx: LayoutContext, items: list[Item]) -> Part:
    """Sections and products, each starting a page, the products' pages with running heads."""
    doc = _document(catalog, ctx)
    categories = {
        product_key(item.product.reference): item.category
        for item in items
        if isinstance(item, Entry)
    }

    def product_page(canvas: Canvas, doc: StoryDocument) -> None:
        product = doc.current[1]
        continued = doc.page_started[product.key] < canvas.getPageNumber()
        right = f"{product.title} · {ctx.labels['continued']}" if continued else None
        draw_running_head(canvas, doc, catalog.title, right or categories[product.key].title)

    first = "section" if isinstance(items[0], Section) else "product"
    templates = {
        "section": doc.page_template("section"),
        "product": doc.page_template("product", product_page),
    }
    doc.addPageTemplates([templates[first], *(t for name, t in templates.items() if name != first)])
    story: list[Flowable] = []
    for item in items:
        if isinstance(item, Section):
            story += [NextPageTemplate("section"), PageBreak()] if story else []
            story += [*section_flowables(item.number, item.category, catalog, ctx)]
            story.append(NextPageTemplate("product"))
        else:
            story += [NextPageTemplate("product"), PageBreak()] if story else []
            story += product_flowables(item.product, item.category, ctx, outline_level=1)
    return _built(doc, story)


def render_cover(catalog: Catalog, ctx: LayoutContext) -> Part:
    doc = _document(catalog, ctx)

    def cover(canvas: Canvas, doc: StoryDocument) -> None:
        draw_accent_rule(canvas, doc)
        draw_footer(canvas, doc, *cover_footer(catalog, ctx), right_url=catalog.url)

    doc.addPageTemplates([doc.page_template("cover", cover)])
    return _built(doc, cover_flowables(catalog, ctx))


def render_contents(catalog: Catalog, ctx: LayoutContext, lines: list[ContentsLine]) -> Part:
    """The contents, with the page numbers given. Its links point at this part's first page,
    at a height that names their line; the assembly points them at their pages."""
    doc = _document(catalog, ctx)
    doc.addPageTemplates([doc.page_template("contents")])
    return _built(doc, [_LinkTargets(lines), *contents_flowables(catalog, ctx, lines)])


def render_back(catalog: Catalog, ctx: LayoutContext, blank_pages: int) -> Part:
    """Blank pages, as many as asked, then the back cover."""
    doc = _document(catalog, ctx)
    back = doc.page_template("back", lambda canvas, doc: draw_accent_rule(canvas, doc))
    doc.addPageTemplates([doc.page_template("blank"), back] if blank_pages else [back])
    story: list[Flowable] = []
    for _ in range(blank_pages):
        story += [PageBreak()] if story else []
        story.append(Spacer(0, 0))
    story += [NextPageTemplate("back"), PageBreak()] if blank_pages else []
    story += back_cover_flowables(catalog, ctx)
    return _built(doc, story)


def render_folios(catalog: Catalog, ctx: LayoutContext, numbers: list[int | None]) -> Part:
    """One page for each page of the brochure, holding its footer: the publisher, and the page
    number on the outer edge (right on odd pages, left on even ones); nothing for a page without
    a number. The assembly lays them over the brochure's pages."""
    theme, geometry = ctx.theme, PrintGeometry.for_context(ctx)
    width, height = theme.page_size
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(width + 2 * geometry.border, height + 2 * geometry.border),
        initialFontName=theme.text_font,
        invariant=1,
    )
    # What the footer needs of a document: where the text area is, and the theme.
    page = SimpleNamespace(
        ctx=ctx, leftMargin=theme.margin, bottomMargin=theme.margin, width=theme.frame_width
    )
    for number in numbers:
        if number is not None:
            canvas.saveState()
            canvas.translate(geometry.border, geometry.border)
            label = ctx.labels["page"].format(number=number)
            draw_footer(
                canvas,
                page,
                *((catalog.publisher, label) if number % 2 else (label, catalog.publisher)),
            )
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return Part(buffer.getvalue(), len(numbers))


def link_targets(lines: list[ContentsLine]) -> dict[int, ContentsLine]:
    """The contents line each link of the contents part points at, by the height it names."""
    return dict(enumerate(lines))


def _document(catalog: Catalog, ctx: LayoutContext) -> StoryDocument:
    return StoryDocument(
        io.BytesIO(),
        ctx,
        outline=False,
        title=catalog.title,
        author=catalog.publisher,
        subject=catalog.subtitle or catalog.title,
        keywords=[c.title for c in catalog.categories],
    )


def _built(doc: StoryDocument, story: list[Flowable]) -> Part:
    doc.build(story)
    anchors = tuple(
        Anchor(anchor.key, anchor.title, anchor.level, page - 1) for anchor, page in doc.anchors
    )
    return Part(doc.filename.getvalue(), doc.page, anchors)


class _LinkTargets(Flowable):
    """A bookmark for every key the contents links to, on its first page, at a height that
    names the line (ReportLab wants each link's destination in the document)."""

    _ZEROSIZE = 1

    def __init__(self, lines: list[ContentsLine]):
        super().__init__()
        self.lines = lines

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        for index, line in enumerate(self.lines):
            self.canv.bookmarkPage(line.key, fit="XYZ", left=0, top=index, zoom=0)
