"""Text in balanced columns that flows across pages, every line kept.

ReportLab's BalancedColumns finds its balance by re-wrapping all its paragraphs for every trial
height. Here each paragraph is wrapped once per column width, the balance is found by counting
lines, and a paragraph is cut between columns or pages by ReportLab's own Paragraph.split (done
once per cut and remembered), so the text is never truncated and the brochure is built several
times faster.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

_EPSILON = 0.01
_UNBOUNDED = 1e9

Layout = list[list[Paragraph]]


class BalancedText(Flowable):
    """Paragraphs in `columns` columns of equal height, continued on the next page as needed."""

    def __init__(self, paragraphs: list[Paragraph], gap: float, columns: int = 2):
        super().__init__()
        self.paragraphs = list(paragraphs)
        self.gap, self.columns = gap, columns
        self._column_width = 0.0
        self._line_counts: dict[int, tuple[Paragraph, int]] = {}
        self._splits: dict[tuple[int, int], tuple[Paragraph, Paragraph] | None] = {}
        self._layout: Layout = []

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

    def _fill(self, height: float) -> tuple[Layout, list[Paragraph]]:
        """Fill the columns, each at most `height` tall: what goes in each, and what is left."""
        queue = list(self.paragraphs)
        layout: Layout = []
        for _ in range(self.columns):
            column: list[Paragraph] = []
            used = 0.0
            while queue:
                paragraph = queue[0]
                leading = paragraph.style.leading
                space = column[-1].style.spaceAfter if column else 0.0
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
            total += self._lines(paragraph) * paragraph.style.leading
            if total > height:
                break
        return total

    def _placed(self, layout: Layout) -> PlacedColumns:
        heights = [[self._lines(p) * p.style.leading for p in column] for column in layout]
        return PlacedColumns(layout, heights, self.gap, self._column_width)

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
        layout, rest = self._fill(available_height)
        if not any(layout):
            return []
        return [self._placed(layout), BalancedText(rest, self.gap, self.columns)]

    def draw(self):
        placed = self._placed(self._layout)
        placed.wrap(self.width, self.height)
        placed.drawOn(self.canv, 0, 0)


class PlacedColumns(Flowable):
    """Columns whose content is decided: the part of a BalancedText that fills a page."""

    def __init__(self, layout: Layout, heights: list[list[float]], gap: float, column_width: float):
        super().__init__()
        self.layout, self.heights = layout, heights
        self.gap, self.column_width = gap, column_width

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = max(
            (
                sum(h) + sum(p.style.spaceAfter for p in c[:-1])
                for c, h in zip(self.layout, self.heights, strict=True)
            ),
            default=0.0,
        )
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
