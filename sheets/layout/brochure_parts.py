"""The brochure's own pages: cover, contents, the opener of each category and the back cover."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, HRFlowable, Spacer, tableofcontents
from reportlab.platypus.tableofcontents import TableOfContents

from ..i18n.formats import format_long_date
from ..model import Catalog, Category
from ..style.colors import color_markup
from .anchors import Anchor, category_key
from .bleed import FullBleedPanel
from .codes import qr_code
from .context import LayoutContext
from .markup import short_url
from .photo import fitted_photo
from .typeset import TypesetParagraph


def cover_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """Publisher, title and subtitle, then the first product's photo on a tinted panel.

    The edition, date and address go at the foot of the page (see `cover_footer`).
    """
    theme, sizes = ctx.theme, ctx.theme.brochure
    story: list[Flowable] = [
        Spacer(0, sizes.cover_space),
        ctx.paragraph(catalog.publisher, "cover_eyebrow"),
        ctx.paragraph(catalog.title, "cover_title"),
    ]
    if catalog.subtitle:
        story.append(ctx.paragraph(catalog.subtitle, "cover_subtitle"))
    photo = cover_photo(catalog)
    if photo is not None:
        image = fitted_photo(
            photo,
            theme.frame_width - sizes.cover_photo_inset,
            theme.frame_height * sizes.cover_photo_share,
            ctx.profile,
        )
        image.hAlign = "CENTER"
        panel = FullBleedPanel(
            [image], theme.colors["tint"], ctx.bleed, sizes.cover_panel_padding, extend="down"
        )
        story += [Spacer(0, sizes.cover_panel_space), panel]
    return story


def cover_photo(catalog: Catalog) -> Path | None:
    """The photo the cover shows: the first product's that has one."""
    return next((p.images[0] for p in catalog.products if p.images), None)


def back_cover_flowables(catalog: Catalog, ctx: LayoutContext) -> list[Flowable]:
    """The last page: the shop's name and how to reach it, the edition, and a QR code of its
    site, on a tinted panel that runs to the foot of the page."""
    theme, contact = ctx.theme, ctx.contact
    website = contact.website or catalog.url
    content: list[Flowable] = [
        ctx.paragraph(catalog.publisher, "cover_eyebrow"),
        ctx.paragraph(catalog.title, "back_title"),
    ]
    lines = [contact.address, contact.phone, contact.email, short_url(website) if website else None]
    content += [ctx.paragraph(line, "back_text") for line in lines if line]
    edition = " · ".join(filter(None, cover_footer(catalog, ctx)[:1]))
    if edition:
        content += [Spacer(0, theme.brochure.back_qr_space / 2), ctx.paragraph(edition, "meta")]
    if website:
        content += [Spacer(0, theme.brochure.back_qr_space), qr_code(website, theme)]
    return [
        Spacer(0, theme.frame_height * theme.brochure.back_panel_share),
        FullBleedPanel(
            content,
            theme.colors["tint"],
            ctx.bleed,
            theme.brochure.cover_panel_padding,
            extend="down",
        ),
    ]


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


class Contents(TableOfContents):
    """ReportLab's contents, its entries set as every other text is (a long word in a title is
    cut to fit its line instead of running off the page)."""

    def wrap(self, availWidth, availHeight):
        # ReportLab makes each entry with the Paragraph of its module: ours for the time it does.
        made_with = tableofcontents.Paragraph
        tableofcontents.Paragraph = TypesetParagraph
        try:
            return super().wrap(availWidth, availHeight)
        finally:
            tableofcontents.Paragraph = made_with


def contents_table(ctx: LayoutContext, lines: list[ContentsLine]) -> TableOfContents:
    """Clickable contents: categories, and under each its products, with their page numbers."""
    toc = Contents(dotsMinLevel=1)
    toc.tableStyle = [*ctx.theme.bare_table_style(), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    toc.levelStyles = [ctx.theme.style("contents_1"), ctx.theme.style("contents_2")]
    for line in lines:
        toc.addEntry(line.level, ctx.contents_markup(line.title, line.level), line.page, line.key)
    toc.beforeBuild()  # what a build pass does first: the entries become the ones drawn
    return toc


def section_flowables(
    number: int, category: Category, catalog: Catalog, ctx: LayoutContext
) -> list[Flowable]:
    """The category's number and title, its introduction, and the products it holds."""
    products = catalog.products_in(category)
    theme, sizes = ctx.theme, ctx.theme.brochure
    story: list[Flowable] = [
        Anchor(category_key(category.id), category.title, 0),
        FullBleedPanel(
            [
                ctx.paragraph(f"{number:02d}", "section_number"),
                HRFlowable(
                    width=sizes.section_rule_width,
                    thickness=sizes.section_rule_thickness,
                    color=theme.colors["accent"],
                    hAlign="LEFT",
                    spaceBefore=sizes.section_rule_space,
                    spaceAfter=sizes.section_rule_space,
                ),
                ctx.paragraph(category.title, "section_title"),
            ],
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
    muted = color_markup(theme.colors["muted"])
    for product in products:
        story.append(
            ctx.markup_paragraph(
                f"{ctx.markup(product.title, 'section_item')} <font color='{muted}'>"
                f"· {ctx.markup(product.reference, 'section_item')}</font>",
                "section_item",
            )
        )
    return story
