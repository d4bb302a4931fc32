"""The brochure's own pages: cover, contents, the opener of each category and the back cover."""

from __future__ import annotations

import copy
import html
import re
from ast import literal_eval
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus import Flowable, FrameBreak, HRFlowable, Spacer, Table, tableofcontents
from reportlab.platypus.tableofcontents import TableOfContents

from ..i18n.formats import format_long_date
from ..model import Catalog, Category
from ..style.colors import color_markup
from ..style.theme import Theme
from .anchors import Anchor, category_key
from .bleed import FullBleedPanel
from .codes import qr_code
from .context import LayoutContext
from .fitting import fitting_scale, page_problem, stacked_height, whole_words_scale
from .logo import logo_flowables
from .markup import short_url
from .photo import fitted_photo
from .tagging import Marked
from .tags import Tag
from .typeset import TypesetParagraph


def cover_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """Publisher, title and subtitle, then the first product's photo on a tinted panel; all on
    one page. The title is as large as its longest word allows; when it is long, the photo
    shrinks to leave room for it, down to a floor, then is left out, and the type shrinks.

    The edition, date and address go at the foot of the page (see `cover_footer`).
    """
    theme, sizes = ctx.theme, ctx.theme.brochure
    width, height = theme.frame_width, theme.body_height

    def text(scale: float) -> list[Flowable]:
        story: list[Flowable] = [Spacer(0, sizes.cover_space), *logo_flowables(catalog, ctx)]
        story += [
            ctx.paragraph(catalog.publisher, "cover_eyebrow", scale),
            ctx.paragraph(catalog.title, "cover_title", scale),
        ]
        if catalog.subtitle:
            story.append(ctx.paragraph(catalog.subtitle, "cover_subtitle", scale))
        if catalog.tagline:
            story.append(ctx.paragraph(catalog.tagline, "cover_tagline", scale))
        return story

    scale = whole_words_scale(catalog.title, "cover_title", ctx)
    photo = cover_photo(catalog)
    if photo is not None:
        above = stacked_height([*text(scale), Spacer(0, sizes.cover_panel_space)], width, height)
        room = height - above - 2 * sizes.cover_panel_padding - 1
        if room >= theme.frame_height * sizes.cover_photo_min_share:
            image = fitted_photo(
                photo,
                width - sizes.cover_photo_inset,
                min(theme.frame_height * sizes.cover_photo_share, room),
                ctx.profile,
                cover_photo_alt(catalog),
            )
            image.hAlign = "CENTER"
            panel = FullBleedPanel(
                [image], theme.colors["tint"], ctx.bleed, sizes.cover_panel_padding, extend="down"
            )
            return [*text(scale), Spacer(0, sizes.cover_panel_space), panel]
    fitting = fitting_scale(text, width, height, scale)
    if fitting is None:
        raise page_problem(
            catalog,
            "the brochure's cover cannot hold the publisher, the catalog's title and its subtitle, "
            f"even with the title in {_floor(theme, 'cover_title')} type",
            "shorten the catalog's title or subtitle",
        )
    return text(fitting)


def cover_photo(catalog: Catalog) -> Path | None:
    """The photo the cover shows: the catalog's choice, else the first product's that has one."""
    if catalog.cover_image:
        return catalog.cover_image
    return next((p.images[0] for p in catalog.products if p.images), None)


def cover_photo_alt(catalog: Catalog) -> str:
    """What the cover's photo says to a reader: its alt text."""
    if catalog.cover_image:
        return catalog.cover_image_alt or catalog.title
    return next((p.image_alts[0] for p in catalog.products if p.images), "")


def back_cover_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """The last page: the shop's name and how to reach it, the edition, and a QR code of its
    site, on a tinted panel that runs to the foot of the page. A panel taller than its place
    rises up the page, then its type shrinks."""
    theme, contact = ctx.theme, ctx.contact
    website = contact.website or catalog.url
    padding = theme.brochure.cover_panel_padding

    def content(scale: float) -> list[Flowable]:
        story: list[Flowable] = [
            *logo_flowables(catalog, ctx),
            ctx.paragraph(catalog.publisher, "cover_eyebrow", scale),
            ctx.paragraph(catalog.title, "back_title", scale),
        ]
        lines = [
            contact.address,
            contact.phone,
            contact.email,
            short_url(website) if website else None,
        ]
        story += [ctx.paragraph(line, "back_text", scale) for line in lines if line]
        edition = " · ".join(filter(None, cover_footer(catalog, ctx)[:1]))
        if edition:
            story += [
                Spacer(0, theme.brochure.back_qr_space / 2),
                ctx.paragraph(edition, "meta", scale),
            ]
        if website:
            story += [Spacer(0, theme.brochure.back_qr_space), qr_code(website, theme, ctx.labels)]
        return story

    width, height = theme.frame_width, theme.body_height
    whole = whole_words_scale(catalog.title, "back_title", ctx)
    scale = fitting_scale(content, width, height - 2 * padding, whole)
    if scale is None:
        raise page_problem(
            catalog,
            "the back cover cannot hold the publisher, the catalog's title, the shop's contact "
            f"details and the edition, even with the title in {_floor(theme, 'back_title')} type",
            "shorten the catalog's title, the publisher, the edition or the shop's address in "
            "'contact'",
        )
    panel = FullBleedPanel(content(scale), theme.colors["tint"], ctx.bleed, padding, extend="down")
    panel_height = stacked_height([panel], width, height)
    above = min(theme.frame_height * theme.brochure.back_panel_share, height - panel_height - 1)
    return [Spacer(0, max(0.0, above)), panel]


def _floor(theme: Theme, style: str) -> str:
    """How small a style's type gets on a page that shrinks it, as a message says it."""
    return f"{theme.style(style).minFontSize:g} pt"


def cover_footer(catalog: Catalog, ctx: LayoutContext) -> tuple[str, str]:
    """The cover's foot line: edition and date on the left, the shop's address on the right."""
    details = [
        catalog.edition,
        format_long_date(catalog.date, ctx.locale) if catalog.date else None,
    ]
    return " · ".join(text for text in details if text), short_url(
        catalog.url
    ) if catalog.url else ""


@dataclass(frozen=True)
class ContentsLine:
    """A line of the contents: what it names, at which level, on which page, and its key."""

    level: int
    title: str
    page: int  # 1-based, in the brochure
    key: str


def contents_flowables(
    catalog: Catalog, ctx: LayoutContext, lines: list[ContentsLine]
) -> list[Flowable]:
    return [ctx.paragraph(ctx.labels["contents"], "contents_title"), contents_table(ctx, lines)]


FEWEST_LAST = 6  # the fewest entries a contents' or index's last page holds, when it has others


class Contents(TableOfContents):
    """ReportLab's contents, its entries set as every other text is (a long word in a title is
    cut to fit its line instead of running off the page), a page at a time.

    ReportLab makes one table of every entry and splits it page after page, measuring every row
    left again on each: time and memory grew with the square of a long catalog's contents. Here
    the rows of a page are made and measured as it is filled (one table each, as ReportLab's
    rows), and the rest goes on to the next page."""

    _first = 0  # the first entry not set yet

    def wrap(self, availWidth, availHeight):
        if self._first >= len(self._lastEntries):
            return availWidth, 0
        return availWidth, availHeight + 1  # always split: the rows are made by `split`

    def drawOn(self, canvas, x, y, _sW=0):
        """Nothing: only a contents without entries is drawn whole (ReportLab's draws its table)."""

    def split(self, availWidth, availHeight):
        self.canv.setNamedCB("drawTOCEntryEnd", self._page_number_drawer(availWidth))
        rows: list[list[Table]] = []  # each entry's rows
        room, entry, count = availHeight, self._first, len(self._lastEntries)
        while entry < count:
            made = self._rows(self._lastEntries[entry], availWidth)
            height = sum(row.wrapOn(self.canv, availWidth, availHeight)[1] for row in made)
            if height > room:
                break
            rows.append(made)
            room -= height
            entry += 1
        if entry == self._first:  # not even the first fits here: all of it on the next page
            return []
        keep = entry
        if 0 < count - entry < FEWEST_LAST and entry - self._first > FEWEST_LAST:
            # Not a handful of entries alone on the last page (or column): a few more go too.
            keep = entry - (FEWEST_LAST - (count - entry))
        while keep < count and keep - self._first > 1 and self._heads(keep - 1):
            keep -= 1  # a heading goes on with what it heads
        made_here: list[Flowable] = [row for made in rows[: keep - self._first] for row in made]
        if keep < entry:  # and this page (or column) ends here, with room left
            made_here.append(FrameBreak())
            entry = keep
        if entry == count:
            return made_here
        rest = copy.copy(self)
        rest._first = entry
        rest.__dict__.pop("_postponed", None)  # ReportLab's mark of one put off a page already
        return [*made_here, rest]

    def _heads(self, index: int) -> bool:
        """Whether the entry is a heading with entries under it (a category's, not an index's)."""
        entries = self._lastEntries
        return entries[index][0] == 0 and index + 1 < len(entries) and entries[index + 1][0] > 0

    def _rows(self, entry: tuple, width: float) -> list[Table]:
        """An entry's rows: its line (its page number drawn after it), below a spacer row when
        its style has space before."""
        level, text, page, key = entry
        style = self.getLevelStyle(level)
        label = "None"
        if key:
            text = f'<a href="#{key}">{text}</a>'
            label = repr(key).replace(",", "\\x2c").replace('"', "\\x2c")
        drawn = f'{text}<onDraw name="drawTOCEntryEnd" label="{page},{level},{label}"/>'
        cells = [[Spacer(1, style.spaceBefore)]] if style.spaceBefore else []
        entry = TypesetParagraph(drawn, style)
        line = Tag("TOCI" if self.tag.role == "TOC" else "P", parent=self.tag)
        title = _plain(text)
        # Read as its title and page, not as the dots drawn between them.
        entry.tag = Tag("Link" if key else "P", title, line, text=f"{title} {page}")
        cells.append([entry])
        return [Table([cell], colWidths=(width,), style=self.tableStyle) for cell in cells]

    def _page_number_drawer(self, width: float):
        """What draws an entry's dots and page number after its text (ReportLab's own)."""

        def draw(canvas, kind, label):
            page, level, key = label.split(",")
            level = int(level)
            dots = " . " if 0 <= self.dotsMinLevel <= level else ""
            style = self.getLevelStyle(level)
            tableofcontents.drawPageNumbers(
                canvas, style, [(int(page), literal_eval(key))], width, 0, dots
            )

        return draw


def _plain(markup: str) -> str:
    """A contents entry's text as a reader says it: its markup's text."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def contents_pages(ctx: LayoutContext, levels: list[int]) -> int:
    """The pages a contents of entries at these levels fills if each entry holds on one line:
    its rows (a spacer row before an entry whose style has space before) laid page after page,
    below the title on the first."""
    theme = ctx.theme
    title = theme.style("contents_title")
    styles = [theme.style("contents_1"), theme.style("contents_2")]
    pages, room = 1, theme.body_height - title.leading - title.spaceAfter
    for level in levels:
        style = styles[min(level, len(styles) - 1)]
        for height in (style.spaceBefore, style.leading):
            if height > room:
                pages, room = pages + 1, theme.body_height
            room -= height
    return pages


RANGE = 25  # the products a line names, first to last, in a contents of categories


def contents_ranges(placed: list[ContentsLine]) -> list[ContentsLine]:
    """A contents too long to name every product: each category, and under it its products
    in ranges (`Bague 1 – Bague 25 .... 12`), as a dictionary's guide words."""
    lines: list[ContentsLine] = []
    products: list[ContentsLine] = []
    for line in [*placed, None]:
        if line is None or not line.level:
            for start in range(0, len(products), RANGE):
                first, last = products[start], products[min(start + RANGE, len(products)) - 1]
                named = first.title if first is last else f"{first.title} – {last.title}"
                lines.append(replace(first, title=named))
            products = []
            lines += [line] if line else []
        else:
            products.append(line)
    return lines


def contents_table(
    ctx: LayoutContext, lines: list[ContentsLine], entry_style: str = "contents_2"
) -> TableOfContents:
    """Clickable contents: categories, and under each its products, with their page numbers."""
    toc = Contents(dotsMinLevel=1)
    # To a reader, a contents (`TOC`) of linked entries; an index (`Index`) of linked lines.
    toc.tag = Tag("TOC" if entry_style == "contents_2" else "Index")
    toc.tableStyle = [*ctx.theme.bare_table_style(), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    toc.levelStyles = [ctx.theme.style("contents_1"), ctx.theme.style(entry_style)]
    for line in lines:
        toc.addEntry(line.level, ctx.contents_markup(line.title, line.level), line.page, line.key)
    toc.beforeBuild()  # what a build pass does first: the entries become the ones drawn
    return toc


def section_flowables(
    number: int, category: Category, catalog: Catalog, ctx: LayoutContext
) -> list[Flowable]:
    """The category's number and title on a panel that holds on the opening page (its type
    shrinks for a long title), then its introduction and the products it holds, which flow on
    to the next pages as they need."""
    products = catalog.products_in(category)
    theme, sizes = ctx.theme, ctx.theme.brochure

    def heading(scale: float) -> list[Flowable]:
        return [
            ctx.paragraph(f"{number:02d}", "section_number", scale),
            Marked(
                HRFlowable(
                    width=sizes.section_rule_width,
                    thickness=sizes.section_rule_thickness,
                    color=theme.colors["accent"],
                    hAlign="LEFT",
                    spaceBefore=sizes.section_rule_space,
                    spaceAfter=sizes.section_rule_space,
                ),
                None,  # a rule, which a reader skips
            ),
            ctx.paragraph(category.title, "section_title", scale),
        ]

    width, room = theme.frame_width, theme.body_height - 2 * sizes.section_padding
    whole = whole_words_scale(category.title, "section_title", ctx)
    scale = fitting_scale(heading, width, room, whole)
    if scale is None:
        raise page_problem(
            catalog,
            f"the opening page of section {number} (category '{category.id}') cannot hold the "
            f"section's title, even in {_floor(theme, 'section_title')} type",
            f"shorten the title of category '{category.id}'",
        )
    story: list[Flowable] = [
        Anchor(category_key(category.id), category.title, 0),
        FullBleedPanel(
            heading(scale),
            theme.colors["tint"],
            ctx.bleed,
            padding=sizes.section_padding,
            extend="up",
            drop=theme.page_size[1] * sizes.section_drop,
        ),
        Spacer(0, sizes.section_space),
    ]
    if category.intro:
        story.append(ctx.paragraph(category.intro, "section_intro"))
    if category.image:
        share = sizes.section_image_share
        image = fitted_photo(
            category.image, width, theme.body_height * share, ctx.profile, category.image_alt
        )
        story += [image, Spacer(0, sizes.section_space)]
    muted = color_markup(theme.colors["muted"])
    # Cards and price lists show their products at once; an opener lists those that follow
    # it a page each.
    for product in products if catalog.layout_of(category) == "page" else []:
        story.append(
            ctx.markup_paragraph(
                f"{ctx.markup(product.title, 'section_item')} <font color='{muted}'>"
                f"· {ctx.markup(product.reference, 'section_item')}</font>",
                "section_item",
            )
        )
    return story
