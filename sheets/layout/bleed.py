"""Panels that run off the page's edge: into the bleed for the press, to the edge on screen."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from .tagging import artifact


class FullBleedPanel(Flowable):
    """A colour panel behind some flowables, running to the page's edges.

    It spans the page's full width, and from its content to the page's foot (`extend="down"`)
    or head (`extend="up"`), plus `bleed` beyond each edge so that a trimming error leaves no
    white line.
    """

    def __init__(
        self,
        content: list[Flowable],
        color: Color,
        bleed: float,
        padding: float,
        extend: str,
        drop: float = 0.0,
    ):
        super().__init__()
        self.content, self.color, self.bleed = content, color, bleed
        self.padding, self.extend = padding, extend
        # Room above the content, given up as far as needed to keep the panel on its page (a
        # spacer would stay behind on a page of its own, with the bookmark pointing at it).
        self.drop = drop

    def wrap(self, available_width, available_height):
        self.width = available_width
        self._sizes = [f.wrap(available_width, available_height) for f in self.content]
        spaces = [f.getSpaceBefore() for f in self.content[1:]] + [
            f.getSpaceAfter() for f in self.content[:-1]
        ]
        content = sum(height for _, height in self._sizes) + sum(spaces) + 2 * self.padding
        self._drop = max(0.0, min(self.drop, available_height - content))
        self.height = content + self._drop
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        left, bottom = canvas.absolutePosition(0, 0)
        page_width, page_height = canvas._pagesize
        x0 = -left - self.bleed
        y0 = -bottom - self.bleed if self.extend == "down" else 0
        y1 = self.height if self.extend == "down" else page_height - bottom + self.bleed
        with artifact(canvas):
            canvas.saveState()
            canvas.setFillColor(self.color)
            canvas.rect(x0, y0, page_width + 2 * self.bleed, y1 - y0, stroke=0, fill=1)
            canvas.restoreState()
        top = self.height - self._drop - self.padding  # the drop is room above the content
        for index, (flowable, (width, height)) in enumerate(
            zip(self.content, self._sizes, strict=True)
        ):
            top -= height + (flowable.getSpaceBefore() if index else 0)
            centered = getattr(flowable, "hAlign", "LEFT") == "CENTER"
            flowable.drawOn(canvas, (self.width - width) / 2 if centered else 0, top)
            top -= flowable.getSpaceAfter()
