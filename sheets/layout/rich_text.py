"""A description's blocks, written in a small subset of Markdown, as paragraphs: **bold**,
*italic*, line breaks (a line ending in `\\`), links shown as their text and address, and list
items (`- `, `* `, `1. `) set with their bullet or number. Every piece of text is escaped on its
own: nothing a user writes becomes ReportLab markup (`<font>` is shown as written)."""

from __future__ import annotations

import copy
import functools

from markdown_it import MarkdownIt
from reportlab.lib.styles import ParagraphStyle

from ..i18n.typography import typeset_text
from ..model import LIST_ITEM
from .context import LayoutContext
from .markup import markup_with_ordinals, short_url, text_markup_with_fallback
from .typeset import TypesetParagraph, measure_key

# The inline rules of the subset; no raw HTML: `<b>` is text.
_INLINE = MarkdownIt("zero").enable(["emphasis", "escape", "newline", "link", "autolink", "image"])
_TAGS = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>"}
BULLET = "•"


def description_paragraphs(blocks: tuple[str, ...], ctx: LayoutContext) -> list[TypesetParagraph]:
    """A description's blocks as paragraphs: the first in the `lead` style, the others in
    `body`; the items of a list close together, their bullet or number hanging in the margin
    of the list's indent, the list as far from what follows as a paragraph is."""
    paragraphs = []
    for number, block in enumerate(blocks):
        marker, text = list_marker(block)
        # The lead is the opening paragraph; a list's items are all alike.
        style = ctx.theme.style("lead" if number == 0 and marker is None else "body")
        markup = inline_markup(typeset_text(text, ctx.locale), style, ctx.locale)
        if marker is None:
            paragraphs.append(TypesetParagraph(markup, style))
            continue
        last = number + 1 == len(blocks) or list_marker(blocks[number + 1])[0] is None
        shown = _shown_marker(marker)
        item = _item_style(style, ctx.theme.style("list_item"), last)
        paragraphs.append(TypesetParagraph(markup, item, bulletText=shown))
    return paragraphs


def list_marker(block: str) -> tuple[str | None, str]:
    """The block's list marker (`-`, `3.`) and its text; None for a paragraph."""
    found = LIST_ITEM.match(block)
    return (found.group(1), block[found.end() :]) if found else (None, block)


def plain_text(block: str) -> str:
    """What a block says, without its Markdown: its text, a link's address after its text, a
    list item's bullet or number before it."""
    marker, text = list_marker(block)
    return (f"{_shown_marker(marker)} " if marker else "") + "".join(_pieces(text, escape=None))


def _shown_marker(marker: str) -> str:
    return BULLET if marker in "-*+" else marker.replace(")", ".")


def inline_markup(text: str, style: ParagraphStyle, locale: str) -> str:
    """The markup of a block's text in `style`; in `locale`'s language its ordinals' letters
    raised."""
    # Made once for a product's sheet and its pages: styles alike but for colour make the same.
    key = (text, measure_key(style), locale)
    markup = _MARKUPS.get(key)
    if markup is None:
        markup = _MARKUPS[key] = "".join(_pieces(text, escape=style, locale=locale))
        if len(_MARKUPS) > _MARKUPS_KEPT:
            del _MARKUPS[next(iter(_MARKUPS))]
    return markup


_MARKUPS: dict[tuple[str, int, str], str] = {}
_MARKUPS_KEPT = 512


def _pieces(text: str, escape: ParagraphStyle | None, locale: str = ""):
    """The block's inline content: each text escaped (in runs of `escape`'s font and its
    fallback, ordinals raised), or as it is when `escape` is None; bold and italic as tags."""
    tokens = _INLINE.parseInline(text)[0].children or []
    links: list[str | None] = []  # the addresses of the links open; None: shown as its text
    for token in tokens:
        if token.type in ("text", "code_inline"):
            yield markup_with_ordinals(token.content, escape, locale) if escape else token.content
        elif token.type in _TAGS:
            yield _TAGS[token.type] if escape else ""
        elif token.type == "softbreak":
            yield " "
        elif token.type == "hardbreak":
            yield "<br/>" if escape else " "
        elif token.type == "image":  # shown as its text and address, as a link is
            address = _INLINE.normalizeLinkText(str(token.attrGet("src") or ""))
            shown = f"{token.content} ({short_url(address)})" if address else token.content
            yield text_markup_with_fallback(shown, escape.fontName) if escape else shown
        elif token.type == "link_open":
            autolink = token.markup == "autolink"  # <https://…>: its text is its address
            links.append(None if autolink else str(token.attrGet("href") or ""))
        elif token.type == "link_close" and (address := links.pop()):
            # The address as written, not as markdown-it encodes it (`%C3%A9`, `xn--`).
            shown = f" ({short_url(_INLINE.normalizeLinkText(address))})"
            yield text_markup_with_fallback(shown, escape.fontName) if escape else shown


@functools.cache
def _item_style(style: ParagraphStyle, item: ParagraphStyle, last: bool) -> ParagraphStyle:
    """`style` indented as a list's item, its bullet in the same type; the space after the
    list's last item is the paragraph's."""
    made = copy.copy(style)
    made.name = f"{style.name}-item"
    made.leftIndent = style.leftIndent + item.leftIndent
    made.bulletIndent = style.leftIndent
    made.bulletFontName, made.bulletFontSize = style.fontName, style.fontSize
    made.spaceAfter = style.spaceAfter if last else item.spaceAfter
    return made
