"""The brochure, drawn in parts that do not depend on where they fall in it: the cover, runs of
section openers and products (`items.py`), the contents, the indexes, the back cover, and the
folios (the page numbers) laid over the pages. `assembly.py` puts the parts together.

A part is a PDF of its own. Its pages carry no page number, so that a part's bytes are a function
of what it shows alone: a product edited, added or removed leaves the other parts as they were.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    contents_ranges,
    cover_flowables,
    cover_footer,
    cover_photo,
    cover_photo_alt,
    section_flowables,
)
from ..layout.cards import card_page
from ..layout.context import LayoutContext
from ..layout.indexes import index_entries, index_flowables
from ..layout.pages import (
    PrintGeometry,
    StoryDocument,
    draw_accent_rule,
    draw_footer,
    draw_running_head,
)
from ..layout.price_list import PriceList
from ..layout.product import fitted_product_flowables
from ..model import Catalog, Product
from .assembly import OutlineEntry, assemble
from .background import with_background
from .items import Entry, Item, Rows, Section, brochure_items, item_products, runs


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
    shortened: tuple[str, ...] = ()  # the products whose cards shortened their description
    prepared: Path | None = None  # its file prepared for binding (`prepared.py`), if kept
    hashes: tuple[str, ...] = ()  # its pages' digests (`page_digests.py`), if known


# Folios drawn as one part: a long brochure's are made, checked and laid in flat memory.
FOLIOS_PER_PART = 256


@dataclass(frozen=True)
class Made:
    """A part made while binding (cover, contents, indexes, back cover, folios), as kept: its
    file, its page count, and the press's findings on its pages with their trim sizes (print
    only)."""

    path: Path
    pages: int
    findings: tuple[dict, ...] = ()
    sizes: tuple[tuple[float, float], ...] = ()
    redrawn: bool = False  # drawn by this build, not taken from an earlier one
    prepared: Path | None = None  # its file prepared for binding (`prepared.py`), if kept
    hashes: tuple[str, ...] = ()  # its pages' digests (`page_digests.py`), if known


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
    target: Path | None,
) -> Bound:
    """Write the brochure made of the runs `drawn` (each part's file and what it holds) to
    `target`, with its cover, contents, indexes (if the theme asks), back cover and folios, which
    `make` makes (or finds made); its page count is a multiple of `page_multiple`: the blank
    pages this takes go before the back cover. With no `target`, only the parts are made."""
    photo = cover_photo(catalog)
    inputs = (photo, cover_photo_alt(catalog), catalog.logo)
    cover = make("cover", inputs, lambda: render_cover(catalog, ctx))
    parts = [part for _, part in drawn]
    # The indexes' page counts, guessed, then known: the contents names the pages they start on.
    index_pages = [1] * len(INDEXES) if catalog.theme.index else []
    while True:
        contents, placed, lines = _contents(catalog, ctx, make, cover.pages, parts, index_pages)
        body = cover.pages + contents.pages + sum(part.pages for part in parts)
        lists = {cover.pages: lines}
        indexes: list[tuple[int, Made]] = []
        shown = index_entries(catalog, placed) if catalog.theme.index else []
        for label, entries in zip(INDEXES, shown, strict=False):
            index = make(label, (entries,), lambda: render_index(catalog, ctx, label, entries))  # noqa: B023
            lists[body] = entries
            indexes.append((body, index))
            body += index.pages
        if [index.pages for _, index in indexes] == index_pages:
            break
        index_pages = [index.pages for _, index in indexes]
    blank_pages = -(body + 1) % page_multiple
    back = make("back", (blank_pages, catalog.logo), lambda: render_back(catalog, ctx, blank_pages))
    numbers = [None] * cover.pages + list(range(cover.pages + 1, body + 1)) + [None] * back.pages
    shown = placed + [line for line in lines if line.key in INDEXES]
    outline = [OutlineEntry(line.key, line.title, line.level, line.page - 1) for line in shown]
    folios = []
    for start in range(0, len(numbers), FOLIOS_PER_PART):
        shown = numbers[start : start + FOLIOS_PER_PART]
        folios.append((start, make("folios", (shown,), lambda: render_folios(catalog, ctx, shown))))  # noqa: B023
    if target is not None:
        assemble(
            [
                (cover.path, cover.prepared),
                (contents.path, contents.prepared),
                *((path, part.prepared) for path, part in drawn),
                *((index.path, index.prepared) for _, index in indexes),
                (back.path, back.prepared),
            ],
            [made.path for _, made in folios],
            [number is not None for number in numbers],
            outline,
            lists,
            target,
        )
    made = [(0, cover), (cover.pages, contents), *indexes, (body, back)]
    return Bound(body + back.pages, cover.pages + contents.pages, made, folios)


# The indexes at the end, by reference and by name: each one's label, and the key of its line
# in the contents and the outline.
INDEXES = ("index_reference", "index_title")


def _contents(
    catalog: Catalog,
    ctx: LayoutContext,
    make: Make,
    before: int,
    runs: list[Part],
    index_pages: list[int],
) -> tuple[Made, list[ContentsLine], list[ContentsLine]]:
    """The contents, its page numbers those of the runs after the `before` pages of the cover
    and the contents itself: drawn again if its length is not the one guessed (when titles take
    two lines). With it, every anchor of the runs as placed, and the contents' own lines: the
    sections, their products unless the catalog is too long for that, and the indexes (as
    long as `index_pages` says)."""

    def lines_from(first: int) -> tuple[list[ContentsLine], list[ContentsLine]]:
        """Every anchor placed, and the contents' lines, for runs from page `first` on."""
        placed = []
        for part in runs:
            placed += [
                ContentsLine(anchor.level, anchor.title, first + anchor.page + 1, anchor.key)
                for anchor in part.anchors
            ]
            first += part.pages
        lines = list(placed) if catalog.contents_products else contents_ranges(placed)
        for label, length in zip(INDEXES, index_pages, strict=False):
            lines.append(ContentsLine(0, ctx.labels[label], first + 1, label))
            first += length
        return placed, lines

    pages = contents_pages(ctx, [line.level for line in lines_from(before + 1)[1]])
    while True:
        placed, lines = lines_from(before + pages)
        contents = make("contents", (lines,), lambda: render_contents(catalog, ctx, lines))  # noqa: B023
        if contents.pages == pages:
            return contents, placed, lines
        pages = contents.pages


def render_run(catalog: Catalog, ctx: LayoutContext, items: list[Item]) -> Part:
    """Sections and products: each section, product of the `page` layout and page of cards
    starts a page; a price list follows on from what is before it in its section."""
    doc = _document(catalog, ctx)
    categories = {
        product_key(product.reference): item.category
        for item in items
        for product in item_products(item)
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
    shortened: list[str] = []
    rows: list[Product] = []  # a price list's rows, until the list ends
    for index, item in enumerate(items):
        if isinstance(item, Rows):
            if not rows and story and not isinstance(items[index - 1], Section):
                story += [NextPageTemplate("product"), PageBreak()]
            rows += item.products
            if index + 1 == len(items) or not isinstance(items[index + 1], Rows):
                story.append(PriceList(rows, ctx))
                rows = []
        elif isinstance(item, Section):
            story += [NextPageTemplate("section"), PageBreak()] if story else []
            story += [*section_flowables(item.number, item.category, catalog, ctx)]
            story.append(NextPageTemplate("product"))
        else:
            story += [NextPageTemplate("product"), PageBreak()] if story else []
            if isinstance(item, Entry):
                story += fitted_product_flowables(item.product, item.category, ctx, outline_level=1)
            else:
                layout = catalog.layout_of(item.category)
                page = card_page(list(item.products), layout, ctx)
                story += page.flowables
                shortened += page.shortened
    return replace(_built(doc, story), shortened=tuple(shortened))


def render_cover(catalog: Catalog, ctx: LayoutContext) -> Part:
    doc = _document(catalog, ctx)

    def cover(canvas: Canvas, doc: StoryDocument) -> None:
        draw_accent_rule(canvas, doc)
        draw_footer(canvas, doc, *cover_footer(catalog, ctx), right_url=catalog.url)

    doc.addPageTemplates([doc.page_template("cover", cover)])
    return _built(doc, cover_flowables(catalog, ctx), opening=True)


def render_contents(catalog: Catalog, ctx: LayoutContext, lines: list[ContentsLine]) -> Part:
    """The contents, with the page numbers given. Its links point at this part's first page,
    at a height that names their line; the assembly points them at their pages."""
    doc = _document(catalog, ctx)
    doc.addPageTemplates([doc.page_template("contents")])
    return _built(doc, [_LinkTargets(lines), *contents_flowables(catalog, ctx, lines)])


def render_index(
    catalog: Catalog, ctx: LayoutContext, label: str, lines: list[ContentsLine]
) -> Part:
    """An index, in columns. Its links name their line as the contents' do."""
    doc = _document(catalog, ctx)
    doc.addPageTemplates([doc.page_template("index", columns=ctx.theme.cards.index_columns)])
    return _built(doc, [_LinkTargets(lines), *index_flowables(ctx, ctx.labels[label], lines)])


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


def _built(doc: StoryDocument, story: list[Flowable], opening: bool = False) -> Part:
    """The part drawn, on the theme's background (`opening`: the brochure's first part)."""
    doc.build(story)
    anchors = tuple(
        Anchor(anchor.key, anchor.title, anchor.level, page - 1) for anchor, page in doc.anchors
    )
    data = with_background(doc.filename.getvalue(), doc.ctx, opening)
    return Part(data, doc.page, anchors)


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
