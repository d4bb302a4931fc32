"""Prices as paragraph markup: the earlier price struck through, muted, before the price."""

from __future__ import annotations

from ..i18n.prices import old_price_text, price_text, product_price_text
from ..model import Price, Product
from ..style.colors import color_markup
from .context import LayoutContext


def price_markup(price: Price | None, old: Price | None, ctx: LayoutContext, style: str) -> str:
    """`17,80 €`, `Sur demande`, or `~~24,00 €~~ 17,80 €` when the earlier price was higher."""
    return _with_old(
        ctx.markup(price_text(price, ctx.locale, ctx.labels), style), price, old, ctx, style
    )


def product_price_markup(product: Product, ctx: LayoutContext, style: str) -> str:
    """The price a product is offered at (`à partir de 17,80 €` when its variants' differ)."""
    text = ctx.markup(product_price_text(product, ctx.locale, ctx.labels), style)
    return _with_old(text, product.price, product.old_price, ctx, style)


def _with_old(
    text: str, price: Price | None, old: Price | None, ctx: LayoutContext, style: str
) -> str:
    earlier = old_price_text(old, price, ctx.locale, ctx.labels)
    if earlier is None:
        return text
    muted = color_markup(ctx.theme.colors["muted"])
    return f"<font color='{muted}'><strike>{ctx.markup(earlier, style)}</strike></font>  {text}"
