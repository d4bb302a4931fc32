"""Products as cards, several to a page (`grid`, `grid-4`, `half`): photo, title, price,
reference, main specs and as much of the description as the card holds. A description that
does not fit is shortened in the card only, which then points at the product's own sheet: the
sheet and the `page` layout carry every word."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.platypus import Flowable, Spacer

from ..i18n.prices import unit_price_text
from ..model import Product
from ..style.colors import color_markup
from .anchors import Anchor, product_key
from .columns import SideBySide
from .context import LayoutContext
from .fitting import ProductLayoutError, stacked_height
from .photo import fitted_photo
from .prices import product_price_markup
from .rich_text import plain_text
from .tagging import artifact, within
from .tags import Tag

GRIDS = {"half": (1, 2), "grid": (2, 3), "grid-4": (2, 2)}  # columns, rows of a page of cards
_FUZZ = 0.5  # points: a measured stack this close to its room still fits


def cards_per_page(layout: str) -> int:
    columns, rows = GRIDS[layout]
    return columns * rows


@dataclass(frozen=True)
class CardPage:
    """A page of cards: its flowables (the products' anchors, then the grid), and the products
    whose description the cards shortened."""

    flowables: list[Flowable]
    shortened: list[str]


def card_page(products: list[Product], layout: str, ctx: LayoutContext) -> CardPage:
    theme, sizes = ctx.theme, ctx.theme.cards
    columns, rows = GRIDS[layout]
    width = (theme.frame_width - (columns - 1) * sizes.gap) / columns
    height = (theme.body_height - (rows - 1) * sizes.gap) / rows
    cards, shortened = [], []
    for product in products:
        content, cut = _card_content(product, ctx, width, height - sizes.rule - sizes.padding)
        cards.append(content)
        if cut:
            shortened.append(product.reference)
    anchors: list[Flowable] = [
        Anchor(product_key(p.reference), p.title, 1, section=False) for p in products
    ]
    return CardPage([*anchors, CardGrid(cards, columns, width, height, ctx)], shortened)


def _card_content(
    product: Product, ctx: LayoutContext, width: float, height: float
) -> tuple[list[Flowable], bool]:
    """What a card shows, within `width` × `height`, and whether its description was cut."""
    sizes = ctx.theme.cards
    wide = width > ctx.theme.frame_width / 2  # a half page: the photo beside the text

    share, gutter = sizes.photo_share, ctx.theme.text.gutter / (1 if wide else 2)
    photo = (
        fitted_photo(
            product.images[0], width * share, height * share, ctx.profile, product.image_alts[0]
        )
        if product.images
        else None
    )

    def laid(details: list[Flowable], text: list[Flowable]) -> list[Flowable]:
        """The photo at the left of the details; the text beside them on a half page, under
        them in a smaller card."""
        if photo is None:
            return [*details, *text]
        if wide:
            return [SideBySide([photo], [*details, *text], photo.drawWidth, gutter)]
        return [SideBySide([photo], details, photo.drawWidth, gutter), *text]

    grid = ctx.theme.style("card_text").leading  # the most a text moves down to its grid

    def fits(details: list[Flowable], text: list[Flowable]) -> bool:
        # The text moves down to the grid, but beside a photo on a half page.
        room = height - (grid if text and not (wide and photo) else 0)
        return stacked_height(laid(details, text), width, height) <= room + _FUZZ

    words = " ".join(map(plain_text, product.description)).split()
    whole = [OnGrid(sizes.text_space), ctx.paragraph(" ".join(words), "card_text")]
    details = _details(product, ctx, ctx.theme.cards.specs, subtitle=True)
    if fits(details, whole if words else []):
        return laid(details, whole if words else []), False
    pointer = ctx.paragraph(ctx.labels["shortened"].format(reference=product.reference), "meta")

    def shortened(count: int) -> list[Flowable]:
        kept = [ctx.paragraph(" ".join(words[:count]) + "…", "card_text")] if count else []
        return [OnGrid(sizes.text_space), *kept, pointer]

    # What gives way, in turn: the description, then the specs one by one, then the subtitle;
    # the sheet shows them all. The title, price and reference always stay.
    for specs, subtitle in [(n, True) for n in range(ctx.theme.cards.specs, -1, -1)] + [(0, False)]:
        details = _details(product, ctx, specs, subtitle)
        if not fits(details, shortened(0)):
            continue
        low, high = 0, len(words)  # the most words that fit, by halving
        while low < high:
            middle = (low + high + 1) // 2
            if fits(details, shortened(middle)):
                low = middle
            else:
                high = middle - 1
        return laid(details, shortened(low)), True
    if fits(details, []):  # a card too small even for the pointer: the sheet says it all
        return laid(details, []), True
    raise ProductLayoutError(
        product.reference,
        "its title, price and reference are too long for its card in the brochure",
        "shorten its title, or give its category a layout with more room ('half' or 'page')",
    )


def _details(product: Product, ctx: LayoutContext, specs: int, subtitle: bool) -> list[Flowable]:
    """Title, subtitle (if asked), price, reference and the first `specs` specs."""
    labels = ctx.labels
    flowables: list[Flowable] = [ctx.paragraph(product.title, "card_title")]
    if product.subtitle and subtitle:
        flowables.append(ctx.paragraph(product.subtitle, "card_subtitle"))
    flowables.append(
        ctx.markup_paragraph(product_price_markup(product, ctx, "card_price"), "card_price")
    )
    if product.unit_price:  # wherever a price is shown, the EU asks for its unit price too
        flowables.append(ctx.paragraph(unit_price_text(product.unit_price, ctx.locale), "meta"))
    flowables.append(ctx.paragraph(f"{labels['reference']} {product.reference}", "meta"))
    muted = color_markup(ctx.theme.colors["muted"])
    for spec in product.specs[:specs]:
        label, value = ctx.markup(spec.label, "card_spec"), ctx.markup(spec.value, "card_spec")
        flowables.append(
            ctx.markup_paragraph(f"<font color='{muted}'>{label}</font>  {value}", "card_spec")
        )
    return flowables


class OnGrid(Spacer):
    """The space above a card's description, which then starts on the page's baseline grid:
    the descriptions of a row of cards line up, line for line."""

    def __init__(self, space: float):
        super().__init__(0, space)


class CardGrid(Flowable):
    """Cards in rows across the page, each under an accent rule, the same size whatever it holds."""

    def __init__(
        self,
        cards: list[list[Flowable]],
        columns: int,
        card_width: float,
        card_height: float,
        ctx: LayoutContext,
    ):
        super().__init__()
        self.cards, self.columns = cards, columns
        self.card_width, self.card_height = card_width, card_height
        self.sizes, self.accent = ctx.theme.cards, ctx.theme.colors["accent"]
        self.grid = ctx.theme.style("card_text").leading

    def wrap(self, available_width, available_height):
        rows = -(-len(self.cards) // self.columns)
        self.width = available_width
        self.height = rows * self.card_height + (rows - 1) * self.sizes.gap
        return self.width, self.height

    def draw(self):
        canvas, sizes = self.canv, self.sizes
        for index, card in enumerate(self.cards):
            row, column = divmod(index, self.columns)
            x = column * (self.card_width + sizes.gap)
            top = self.height - row * (self.card_height + sizes.gap)
            with artifact(canvas):
                canvas.saveState()
                canvas.setFillColor(self.accent)
                canvas.rect(x, top - sizes.rule, self.card_width, sizes.rule, stroke=0, fill=1)
                canvas.restoreState()
            with within(canvas, Tag("Sect")):  # a card is a product's section to a reader
                self._draw_card(card, x, top - sizes.rule - sizes.padding)

    def _draw_card(self, card: list[Flowable], x: float, first: float) -> None:
        canvas, y = self.canv, first
        for number, flowable in enumerate(card):
            y -= flowable.getSpaceBefore() if number else 0
            _, height = flowable.wrapOn(canvas, self.card_width, y)
            y -= height
            if isinstance(flowable, OnGrid):
                y = first - math.ceil((first - y) / self.grid - _FUZZ / self.grid) * self.grid
            flowable.drawOn(canvas, x, y)
            y -= flowable.getSpaceAfter()
