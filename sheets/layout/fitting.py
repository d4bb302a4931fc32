"""Pages that must hold their text on one page whatever its length (the brochure's cover, a
section's opening panel, the back cover): their type shrinks in steps, each style down to its
floor (`min_size` in the theme), and a page that still cannot hold it is a problem naming it.

Platypus cannot do this itself: `KeepInFrame` shrinks with no floor, or clips, or overflows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from ..errors import Problem, Severity, SheetsError
from ..model import Catalog
from .typeset import cuts_a_word

if TYPE_CHECKING:  # the context makes its paragraphs with scaled_style, from here
    from .context import LayoutContext

# The type's scale, largest first: it shrinks in steps of 5 %, each style down to its floor.
SCALES = tuple(1 - step / 20 for step in range(19))
_UNBOUNDED = 1e9
_FUZZ = 0.01

Make = Callable[[float], list[Flowable]]


def scaled_style(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """The style with its type `scale` times as large but no smaller than its floor
    (`minFontSize`, set by the theme), its leading and spaces in proportion. One style per
    style and scale: paragraphs remember their lines by style."""
    key = (id(style), scale)
    known = _SCALED.get(key)
    if known is None or known[0] is not style:
        floor = min(style.fontSize, getattr(style, "minFontSize", style.fontSize))
        ratio = max(style.fontSize * scale, floor) / style.fontSize
        clone = style.clone(
            f"{style.name}@{scale:g}",
            fontSize=style.fontSize * ratio,
            leading=style.leading * ratio,
            spaceBefore=style.spaceBefore * ratio,
            spaceAfter=style.spaceAfter * ratio,
        )
        known = _SCALED[key] = (style, clone)
    return known[1]


_SCALED: dict[tuple[int, float], tuple[ParagraphStyle, ParagraphStyle]] = {}


def stacked_height(flowables: list[Flowable], width: float, height: float = _UNBOUNDED) -> float:
    """How tall the flowables are one under the other at the top of a frame `width` wide and
    `height` tall: the first one's space before and the last one's space after do not count."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.getSpaceBefore() if index else 0.0
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceAfter() if index < len(flowables) - 1 else 0.0
    return total


def whole_words_scale(title: str, style: str, ctx: LayoutContext) -> float:
    """The largest scale at which the title, set in `style` across the page, has no word cut to
    fit its line (a title reads badly cut); 1 when a word is cut at every scale."""
    for scale in SCALES:
        if not cuts_a_word(ctx.paragraph(title, style, scale), ctx.theme.frame_width):
            return scale
    return 1.0


def fitting_scale(make: Make, width: float, height: float, largest: float = 1.0) -> float | None:
    """The largest scale, `largest` at most, at which what `make(scale)` makes is no taller than
    `height`; None if it is taller at every scale."""
    smallest = None
    for scale in (scale for scale in SCALES if scale <= largest):
        flowables = make(scale)
        if stacked_height(flowables, width, height) <= height - _FUZZ:
            return scale
        sizes = [f.style.fontSize for f in flowables if hasattr(f, "style")]
        if sizes == smallest:  # every style is at its floor: smaller scales change nothing
            return None
        smallest = sizes
    return None


class ProductLayoutError(LayoutError):
    """A product that cannot be laid out where its layout puts it, and what to do about it."""

    def __init__(self, reference: str, message: str, hint: str):
        super().__init__(message)
        self.reference, self.hint = reference, hint


def page_problem(catalog: Catalog, message: str, hint: str) -> SheetsError:
    """A brochure page that cannot hold its text even in its smallest type."""
    hint += f", or choose a larger page_size than {catalog.theme.page_size} or smaller margins"
    return SheetsError([Problem(Severity.ERROR, message, catalog.source, hint=hint)])


def line_width(paragraph) -> float:
    """How wide a paragraph is set on one line."""
    return sum(
        stringWidth(frag.text, frag.fontName, frag.fontSize)
        for frag in paragraph.frags
        if hasattr(frag, "text")
    )
