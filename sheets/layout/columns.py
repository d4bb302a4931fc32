"""Text in balanced columns that flows across pages, every line kept.

ReportLab's BalancedColumns finds its balance by re-wrapping all its paragraphs for every trial
height. Here each paragraph is wrapped once per column width, the balance is found by counting
lines, and a paragraph is cut between columns or pages by ReportLab's own Paragraph.split (done
once per cut and remembered), so the text is never truncated and the brochure is built several
times faster.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from .typeset import line_texts

_EPSILON = 0.01
_UNBOUNDED = 1e9

Layout = list[list[Paragraph]]


class BalancedText(Flowable):
    """Paragraphs in `columns` columns of equal height, continued on the next page as needed."""

    def __init__(
        self, paragraphs: list[Paragraph], gap: float, columns: int = 2, min_lines: int = 1
    ):
        super().__init__()
        self.paragraphs = list(paragraphs)
        self.gap, self.columns = gap, columns
        self.min_lines = min_lines  # in each column of the page the text ends on
        self._column_width = 0.0
        self._line_counts: dict[int, tuple[Paragraph, int]] = {}
        self._splits: dict[tuple[int, int], tuple[Paragraph, Paragraph] | None] = {}
        self._layout: Layout = []
        # Set on a trial of the text set tighter (copyfit.py): measured, never drawn.
        self.leading_cut, self.space_share = 0.0, 1.0

    def tightened(self, leading_cut: float, space_share: float) -> BalancedText:
        """The text as it would measure with its leading `leading_cut` tighter (down to its type's
        size) and its spaces `space_share` as large: its lines break as they do now, so it
        measures without wrapping a paragraph again. For measuring only: it draws as it is."""
        trial = self._sharing(self.paragraphs)
        trial.leading_cut, trial.space_share = leading_cut, space_share
        return trial

    def rest_after(self, available_width: float, available_height: float) -> BalancedText | None:
        """The text left once a page `available_height` tall is filled; None when none is. For
        measuring how many pages the text takes: the next page's minimum of lines is not kept."""
        self._set_width(available_width)
        rest = self._fill(available_height, page_end=True)[1]
        return self._sharing(rest) if rest else None

    def _sharing(self, paragraphs: list[Paragraph]) -> BalancedText:
        """A text of some of these paragraphs (or parts of them), measured with the same caches."""
        text = BalancedText(paragraphs, self.gap, self.columns, self.min_lines)
        text._column_width, text._line_counts, text._splits = (
            self._column_width,
            self._line_counts,
            self._splits,
        )
        text.leading_cut, text.space_share = self.leading_cut, self.space_share
        return text

    def _leading(self, paragraph: Paragraph) -> float:
        return tighter_leading(paragraph.style, self.leading_cut)

    # -- measuring ----------------------------------------------------------------------------

    def _set_width(self, available_width: float) -> None:
        width = (available_width - self.gap * (self.columns - 1)) / self.columns
        if width != self._column_width:
            self._column_width = width
            self._line_counts.clear()
            self._splits.clear()

    def _lines(self, paragraph: Paragraph) -> int:
        known = self._line_counts.get(id(paragraph))
        if known is None:
            paragraph.wrap(self._column_width, _UNBOUNDED)
            # The paragraph is kept in the entry so that its id cannot be reused meanwhile.
            known = self._line_counts[id(paragraph)] = (paragraph, len(paragraph.blPara.lines))
        return known[1]

    def _split(self, paragraph: Paragraph, lines: int) -> tuple[Paragraph, Paragraph] | None:
        key = (id(paragraph), lines)
        if key not in self._splits:
            paragraph.wrap(self._column_width, _UNBOUNDED)
            parts = paragraph.split(self._column_width, lines * paragraph.style.leading + _EPSILON)
            self._splits[key] = (parts[0], parts[1]) if len(parts) == 2 else None
            self._line_counts.pop(id(paragraph), None)  # split() may drop the wrapped lines
        return self._splits[key]

    # -- planning -----------------------------------------------------------------------------

    def _fill(self, height: float, page_end: bool = False) -> tuple[Layout, list[Paragraph]]:
        """Fill the columns, each at most `height` tall: what goes in each, and what is left.
        `page_end`: the last column ends a page, so not on a word cut by a hyphen."""
        queue = list(self.paragraphs)
        layout: Layout = []
        for number in range(self.columns):
            column: list[Paragraph] = []
            used = 0.0
            while queue:
                paragraph = queue[0]
                leading = self._leading(paragraph)
                space = column[-1].style.spaceAfter * self.space_share if column else 0.0
                lines = self._lines(paragraph)
                fit = int((height - used - space + _EPSILON) // leading)
                if fit >= lines:
                    column.append(queue.pop(0))
                    used += space + lines * leading
                    continue
                # Not a first line alone at a column's foot, nor a last line alone at its head.
                take = min(fit, lines - 2)
                if take < 2 and not column:
                    take = fit  # a column too short for the rules still takes what it can
                parts = self._split(paragraph, take) if take >= 1 else None
                if page_end and number == self.columns - 1:
                    # A reader turning the page should not have to find the rest of a word.
                    while parts and _ends_hyphenated(parts[0]):
                        take -= 1
                        parts = self._split(paragraph, take) if take >= 1 + bool(column) else None
                if parts:
                    column.append(parts[0])
                    queue[0] = parts[1]
                break
            layout.append(column)
        return layout, queue

    def _height_past(self, height: float) -> float:
        """The text's height in one column, measured only as far as it passes `height`: that is
        all a frame needs to know to split it, and measuring the rest on every page would make
        a long text's layout time grow with the square of its length."""
        total = 0.0
        for paragraph in self.paragraphs:
            total += self._lines(paragraph) * self._leading(paragraph)
            if total > height:
                break
        return total

    def _placed(self, layout: Layout, room: float = 0.0) -> PlacedColumns:
        heights = [[self._lines(p) * p.style.leading for p in column] for column in layout]
        return PlacedColumns(layout, heights, self.gap, self._column_width, room)

    # -- the Flowable protocol ----------------------------------------------------------------

    def wrap(self, available_width, available_height):
        self._set_width(available_width)
        self.width = available_width
        if self._fill(available_height)[1]:  # taller than the space: the frame will ask for a split
            self._layout = []
            self.height = self._height_past(available_height)
            return self.width, self.height
        low, high = 0.0, available_height
        while high - low > 0.5:
            middle = (low + high) / 2
            if self._fill(middle)[1]:
                low = middle
            else:
                high = middle
        self._layout = self._fill(high)[0]
        self.height = self._placed(self._layout).wrap(self.width, available_height)[1]
        return self.width, self.height

    def split(self, available_width, available_height):
        self._set_width(available_width)
        layout, rest = self._fill(available_height, page_end=True)
        if not any(layout):
            return []
        # A page the text ends on with a line or two per column looks like a mistake: it gets
        # lines from this one, whose columns end a line or more higher. The next page is taken
        # to be at least as tall as this one's space, which holds for the pages of a product.
        if rest and self._short_ending(rest, available_height):
            step = min(paragraph.style.leading for paragraph in self.paragraphs)
            height = available_height - step
            while height > 0:
                fewer, more = self._fill(height, page_end=True)
                if not any(fewer) or not self._fits_a_page(more, available_height):
                    break
                if not self._short_ending(more, available_height):
                    layout, rest = fewer, more
                    break
                height -= step
        # The columns take the rest of the page, shorter as they may be: the text goes on on
        # the next page, not in the line or two left under them.
        return [self._placed(layout, room=available_height), self._continued(rest)]

    def _continued(self, rest: list[Paragraph]) -> BalancedText:
        return BalancedText(rest, self.gap, self.columns, self.min_lines)

    def _short_ending(self, rest: list[Paragraph], page_height: float) -> bool:
        """Whether `rest`, the text left for the next page, ends there with fewer lines than
        `min_lines` in one of its columns."""
        if self.min_lines <= 1 or self._lines_past(rest, self.columns * (self.min_lines + 2)):
            return False  # plenty of lines: the cheap answer, asked on every page
        if not self._fits_a_page(rest, page_height):
            return False
        continued = self._continued(rest)
        width = self._column_width * self.columns + self.gap * (self.columns - 1)
        continued.wrap(width, page_height)
        counts = [sum(continued._lines(p) for p in column) for column in continued._layout]
        return any(0 < count < self.min_lines for count in counts)

    def lines_more_than(self, count: int) -> bool:
        """Whether the text has more than `count` lines, counted only that far."""
        return self._lines_past(self.paragraphs, count)

    def _lines_past(self, paragraphs: list[Paragraph], count: int) -> bool:
        """Whether the paragraphs have more than `count` lines, counted only that far."""
        total = 0
        for paragraph in paragraphs:
            total += self._lines(paragraph)
            if total > count:
                return True
        return False

    def _fits_a_page(self, rest: list[Paragraph], page_height: float) -> bool:
        """Whether `rest` would all fit on a page `page_height` tall (the text ends there)."""
        continued = self._continued(rest)
        continued._column_width = self._column_width
        return not continued._fill(page_height)[1]

    def draw(self):
        placed = self._placed(self._layout)
        placed.wrap(self.width, self.height)
        placed.drawOn(self.canv, 0, 0)


def tighter_leading(style, cut: float) -> float:
    """The style's leading `cut` tighter, but not below its type's size: lines would touch."""
    return min(style.leading, max(style.leading - cut, style.fontSize))


def _ends_hyphenated(part: Paragraph) -> bool:
    """Whether the first part of a split paragraph ends on a word cut by a hyphen."""
    lines = line_texts(part)
    return bool(lines) and len(lines[-1]) > 1 and lines[-1].endswith("-")


class PlacedColumns(Flowable):
    """Columns whose content is decided: the part of a BalancedText that fills a page."""

    def __init__(
        self,
        layout: Layout,
        heights: list[list[float]],
        gap: float,
        column_width: float,
        room: float = 0.0,
    ):
        super().__init__()
        self.layout, self.heights = layout, heights
        self.gap, self.column_width = gap, column_width
        self.room = room  # the height it takes at least: the rest of its page, if it ends one

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = max(
            (
                sum(h) + sum(p.style.spaceAfter for p in c[:-1])
                for c, h in zip(self.layout, self.heights, strict=True)
            ),
            default=0.0,
        )
        self.height = max(self.height, min(self.room, available_height))
        return self.width, self.height

    def draw(self):
        for number, (column, heights) in enumerate(zip(self.layout, self.heights, strict=True)):
            x = number * (self.column_width + self.gap)
            top = self.height
            for paragraph, height in zip(column, heights, strict=True):
                if getattr(paragraph, "width", None) != self.column_width or not hasattr(
                    paragraph, "blPara"
                ):
                    paragraph.wrap(self.column_width, _UNBOUNDED)
                top -= height
                paragraph.drawOn(self.canv, x, top)
                top -= paragraph.style.spaceAfter


class SideBySide(Flowable):
    """Two stacks of flowables side by side, top-aligned (a photo beside its details).

    When the pair is taller than a whole page, it gives way to the two stacks one under the
    other, where the tall one can split across pages like any other content.
    """

    def __init__(self, left: list[Flowable], right: list[Flowable], left_width: float, gap: float):
        super().__init__()
        self.left, self.right = left, right
        self.left_width, self.gap = left_width, gap

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.right_width = available_width - self.left_width - self.gap
        self.height = max(
            stack_height(self.left, self.left_width),
            stack_height(self.right, self.right_width),
        )
        return self.width, self.height

    def split(self, available_width, available_height):
        stacked = [*self.left, Spacer(0, self.gap), *self.right]
        for flowable in stacked:
            # A table keeps the column widths of its first measure (the narrow column's):
            # set one under the other, it must measure itself again at the full width.
            flowable.__dict__.pop("_width_calculated_once", None)
        if stacked[0].wrap(available_width, available_height)[1] > available_height:
            return []  # not even the photo here (under a long title): the pair on the next page
        return stacked

    def draw(self):
        for stack, x, width in (
            (self.left, 0, self.left_width),
            (self.right, self.left_width + self.gap, self.right_width),
        ):
            top = self.height
            for flowable in stack:
                top -= flowable.getSpaceBefore()
                _, height = flowable.wrap(width, _UNBOUNDED)
                top -= height
                flowable.drawOn(self.canv, x, top)
                top -= flowable.getSpaceAfter()


def stack_height(flowables: list[Flowable], width: float) -> float:
    """The height of flowables set one under the other in a column `width` wide."""
    return sum(
        f.wrap(width, _UNBOUNDED)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables
    )


class StackedTable(Table):
    """A table in a stack beside another (SideBySide), which measures it again and again in
    the same room: measured once for each room in a row, as a paragraph is."""

    _measured_in: tuple[float, float] | None = None

    def wrap(self, availWidth, availHeight):
        room = (availWidth, availHeight)
        # Its column widths, once set, are kept until SideBySide stacks it under the other.
        if room == self._measured_in and getattr(self, "_width_calculated_once", None):
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        self._measured_in = room
        return size

    def split(self, availWidth, availHeight):
        self._measured_in = None  # splitting measures it again, in the room it is split in
        return super().split(availWidth, availHeight)
