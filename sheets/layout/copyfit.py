"""Copyfitting: a product whose page overflows by a few lines is fitted onto one page less.

In this order, each step as far as the theme's limit (`copyfit` in the theme file) before the
next one starts: a smaller photo, tighter spaces, tighter leading in the description; the type's
size never changes. The product is laid out as it is first, and fitted only when its description
runs onto a page it could spare: one trial layout, at every limit at once, says whether fitting
can work at all, and a few more find the smallest change that does. A trial only measures and
splits flowables, it draws nothing.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from ..style.theme import CopyfitSizes, Theme
from .columns import BalancedText, tighter_leading
from .typeset import measure_key

# The styles of a description, whose spaces and leading tighten.
DESCRIPTION_STYLES = ("lead", "body", "list_item")
# The product's own spaces, around the photo and the details, which tighten with the paragraphs'.
PRODUCT_SPACES = ("heading_space", "description_space", "price_space", "meta_space", "codes_space")
_STEPS = 4  # in each of the three moves: photo, spaces, leading


@dataclass(frozen=True)
class Fit:
    """How far a product's page is tightened, each from 0 (as the theme has it) to 1 (its
    limit): the photo's column, the spaces, the leading."""

    photo: float = 0.0
    space: float = 0.0
    leading: float = 0.0

    def space_share(self, limits: CopyfitSizes) -> float:
        """How large the spaces are kept, as a share of the theme's."""
        return 1 - self.space * (1 - limits.space_min_share)

    def leading_cut(self, limits: CopyfitSizes) -> float:
        """How much tighter the description's leading is, in points."""
        return self.leading * limits.leading_cut


AS_IS = Fit()
STEPS = tuple(
    [Fit(photo=step / _STEPS) for step in range(1, _STEPS + 1)]
    + [Fit(1.0, step / _STEPS) for step in range(1, _STEPS + 1)]
    + [Fit(1.0, 1.0, step / _STEPS) for step in range(1, _STEPS + 1)]
)


def fitted_theme(theme: Theme, fit: Fit) -> Theme:
    """The theme with a product's page tightened as `fit` says, within the theme's limits. One
    theme per theme and fit: paragraphs remember their lines by style."""
    if fit == AS_IS:
        return theme
    key = (id(theme), fit)
    known = _FITTED.get(key)
    if known is None or known[0] is not theme:
        limits, sizes = theme.copyfit, theme.product
        photo = sizes.photo_share - fit.photo * max(0.0, sizes.photo_share - limits.photo_min_share)
        space, cut = fit.space_share(limits), fit.leading_cut(limits)
        product = dataclasses.replace(
            sizes,
            photo_share=photo,
            # The photo's height shrinks with its width: a tall photo shrinks as a square one.
            photo_height_share=sizes.photo_height_share * photo / sizes.photo_share,
            **{name: getattr(sizes, name) * space for name in PRODUCT_SPACES},
        )
        styles = dict(theme.styles)
        for name in DESCRIPTION_STYLES:
            styles[name] = _tightened(styles[name], space, cut, fit)
        known = _FITTED[key] = (theme, dataclasses.replace(theme, product=product, styles=styles))
    return known[1]


_FITTED: dict[tuple[int, Fit], tuple[Theme, Theme]] = {}


def _tightened(style: ParagraphStyle, space: float, cut: float, fit: Fit) -> ParagraphStyle:
    return style.clone(
        f"{style.name}@{fit.photo:g},{fit.space:g},{fit.leading:g}",
        leading=tighter_leading(style, cut),
        spaceBefore=style.spaceBefore * space,
        spaceAfter=style.spaceAfter * space,
    )


def fitted(
    make: Callable[[Theme], list[Flowable]],
    head: Callable[[Theme], list[Flowable]],
    theme: Theme,
    width: float,
    height: float,
    alike: Hashable = None,
) -> list[Flowable]:
    """What `make(theme)` makes (a product's story, its description's columns last), fitted
    onto one page less when it needs more than one of pages `width` × `height` and can be
    fitted; as it is otherwise. `head(theme)` makes the story but the columns, to be measured.

    A trial measures the head made with the trial's theme, and the description's columns as
    made already, measured tighter: its lines break as they do (same width, same type).

    `alike`, if given, names what else the story is made of (a product): the fit found is then
    remembered for a theme alike but for its colours (a product's sheet, after its pages)."""
    key = alike is not None and (alike, _colourless(theme), width, height)
    fit = _FITS.get(key) if key else None
    if fit is not None:
        return make(fitted_theme(theme, fit))
    story = make(theme)
    fit = _fit(story, head, theme, width, height)
    if key:
        _FITS[key] = fit
        if len(_FITS) > _FITS_KEPT:
            del _FITS[next(iter(_FITS))]
    return story if fit == AS_IS else make(fitted_theme(theme, fit))


def _fit(
    story: list[Flowable],
    head: Callable[[Theme], list[Flowable]],
    theme: Theme,
    width: float,
    height: float,
) -> Fit:
    if not theme.fits_copy or not story or not isinstance(story[-1], BalancedText):
        return AS_IS
    text: BalancedText = story[-1]
    flowed = flow(story[:-1], text, width, height)
    if flowed is None or flowed[0] == 1 or not _within_reach(text, *flowed, theme):
        return AS_IS
    pages = flowed[0]

    def fits(fit: Fit) -> bool:
        trial = fitted_theme(theme, fit)
        tight = text.tightened(fit.leading_cut(theme.copyfit), fit.space_share(theme.copyfit))
        return (flow(head(trial), tight, width, height) or (pages,))[0] < pages

    if not fits(STEPS[-1]):  # not even at every limit: the page is needed
        return AS_IS
    low, high = -1, len(STEPS) - 1  # STEPS[high] fits; STEPS[low] does not (-1: as it is)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(STEPS[middle]):
            high = middle
        else:
            low = middle
    best = STEPS[high]
    # A smaller photo that does not help (beside taller details) is given back its size.
    if best.photo and (best.space or best.leading):
        for photo in (0.0, 0.5):
            if fits(dataclasses.replace(best, photo=photo)):
                return dataclasses.replace(best, photo=photo)
    return best


# The fits found, by what the story is made of and the theme but its colours.
_FITS: dict[tuple, Fit] = {}
_FITS_KEPT = 1024
_THEMES: dict[int, tuple[Theme, tuple]] = {}
_LAID_OUT = {f.name for f in dataclasses.fields(Theme)} - {"colors", "styles"}  # styles: below


def _colourless(theme: Theme) -> tuple:
    """All of the theme that a layout depends on: all of it but its colours."""
    known = _THEMES.get(id(theme))
    if known is None or known[0] is not theme:
        fields = [getattr(theme, f.name) for f in dataclasses.fields(theme) if f.name in _LAID_OUT]
        styles = sorted((name, measure_key(style)) for name, style in theme.styles.items())
        known = _THEMES[id(theme)] = (theme, (*fields, *styles))
    return known[1]


def _within_reach(text: BalancedText, pages: int, last: BalancedText, theme: Theme) -> bool:
    """Whether the `last` page of the text could be emptied at every limit, by a generous
    count (the tallest photo the theme allows, every paragraph's space in one column): a page
    that is surely needed is spared the trials."""
    limits, sizes = theme.copyfit, theme.product
    leading = min(paragraph.style.leading for paragraph in text.paragraphs)
    photo = theme.frame_height * sizes.photo_height_share
    photo *= max(0.0, 1 - limits.photo_min_share / sizes.photo_share)
    spaces = sum(getattr(sizes, name) for name in PRODUCT_SPACES)
    spaces += sum(paragraph.style.spaceAfter for paragraph in text.paragraphs)
    tighter = max(leading - limits.leading_cut, 1.0)
    lines = (photo + spaces * (1 - limits.space_min_share)) / leading
    lines += (pages - 1) * theme.body_height * (1 / tighter - 1 / leading)
    return not last.lines_more_than(int(lines) * text.columns)


def flow(
    head: list[Flowable], text: BalancedText, width: float, height: float
) -> tuple[int, BalancedText] | None:
    """How many pages `width` × `height` a product's story takes, its head on the first page,
    then its description's columns flowing on; and the text its last page holds. None when the
    head is taller than a page, or a page holds no line of the text."""
    used = 0.0
    for flowable in head:
        used += flowable.getSpaceBefore() if used else 0.0
        used += _height(flowable, width, height) + flowable.getSpaceAfter()
    if used > height:
        return None
    pages, room = 1, height - used
    while (rest := text.rest_after(width, room)) is not None:
        if rest.paragraphs == text.paragraphs and room == height:
            return None
        text, pages, room = rest, pages + 1, height
    return pages, text


def _height(flowable: Flowable, width: float, height: float) -> float:
    measured = flowable.wrapOn(_MEASURE, width, height)[1]
    # A KeepTogether says it is taller than any page, to be asked to split: its real height.
    return flowable._H if isinstance(flowable, KeepTogether) else measured


# A canvas to measure on: a KeepTogether asks for one.
_MEASURE = Canvas(io.BytesIO())
