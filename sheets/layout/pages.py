"""Document templates and what is drawn around the text: running heads, footers, page numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from types import SimpleNamespace

from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase.pdfdoc import PDFOutlines
from reportlab.pdfbase.pdfdoc import count as count_outline_entries
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .. import CREATOR
from ..errors import Problem, Severity, shown
from ..i18n.labels import labels_for
from ..i18n.typography import visible_text
from ..model import Catalog, Contact
from ..style.fonts import font_runs
from ..style.theme import Theme
from .anchors import Anchor
from .context import LayoutContext
from .markup import short_url
from .tagging import TaggingCanvas, artifact, read_once

REGISTRATION = CMYKColor(1, 1, 1, 1)  # marks print on every plate


@dataclass(frozen=True)
class PrintGeometry:
    """The bleed and crop-mark border around the trimmed page (both zero on screen).

    Layout always works in trimmed-page coordinates; ReportLab shifts the drawing by `border`
    and grows the sheet, and the boxes tell the press where to cut.
    """

    bleed: float = 0.0
    border: float = 0.0
    mark_length: float = 0.0
    mark_width: float = 0.0

    @classmethod
    def for_context(cls, ctx: LayoutContext) -> PrintGeometry:
        if not ctx.profile.bleed:
            return cls()
        bleed, marks = ctx.theme.bleed, ctx.theme.marks
        return cls(bleed, bleed + marks.offset, marks.length, marks.width)

    def crop_marks(self) -> SimpleNamespace | None:
        if not self.border:
            return None
        return SimpleNamespace(
            borderWidth=self.border,
            markLength=self.mark_length,
            markWidth=self.mark_width,
            markColor=REGISTRATION,
            markLast=1,
            bleedWidth=0,  # ReportLab would scale the page into the bleed instead of extending it
        )

    def trim_box(self, page_size: tuple[float, float]) -> tuple[float, ...] | None:
        if not self.border:
            return None
        return (self.border, self.border, self.border + page_size[0], self.border + page_size[1])

    def bleed_box(self, page_size: tuple[float, float]) -> tuple[float, ...] | None:
        if not self.border:
            return None
        x0, y0, x1, y1 = self.trim_box(page_size)
        return (x0 - self.bleed, y0 - self.bleed, x1 + self.bleed, y1 + self.bleed)


class StoryDocument(BaseDocTemplate):
    """A document whose Anchors become bookmarks, outline entries and contents lines.

    It remembers which anchor each page ends on, so the running heads drawn at the end of a page
    can name what is on it.
    """

    def __init__(self, target, ctx: LayoutContext, outline: bool = True, **metadata):
        theme = ctx.theme
        self.geometry = PrintGeometry.for_context(ctx)
        super().__init__(
            target,
            pagesize=theme.page_size,
            leftMargin=theme.margin,
            rightMargin=theme.margin,
            topMargin=theme.margin,
            bottomMargin=theme.margin,
            # The canvas's own initial font is an unembedded Helvetica unless told otherwise.
            initialFontName=theme.text_font,
            lang=ctx.locale.replace("_", "-"),
            displayDocTitle=True,
            creator=CREATOR,
            cropMarks=self.geometry.crop_marks(),
            **metadata,
        )
        self.ctx = ctx
        self.outline = outline  # a part of a brochure has none: the brochure's is made whole
        self.current: dict[int, Anchor] = {}  # outline level → the latest anchor of that level
        self.page_started: dict[str, int] = {}  # anchor key → page it starts on
        self.anchors: list[tuple[Anchor, int]] = []  # every anchor met, with its page

    def build(self, flowables, canvasmaker=TaggingCanvas):
        super().build(flowables, canvasmaker=canvasmaker)

    def beforeDocument(self):
        # The document's outline, with an honest count of its open entries.
        outline = _Outlines()
        self.canv._doc.outline = self.canv._doc.Outlines = outline
        self.canv._doc.Catalog.Outlines = outline

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Anchor):
            return
        canvas = self.canv
        canvas.bookmarkPage(flowable.key)
        if self.outline:
            canvas.addOutlineEntry(flowable.title, flowable.key, level=flowable.level, closed=False)
        self.current[flowable.level] = flowable
        self.page_started[flowable.key] = canvas.getPageNumber()
        self.anchors.append((flowable, canvas.getPageNumber()))
        for deeper in [level for level in self.current if level > flowable.level]:
            del self.current[deeper]
        # Contents entries are parsed as markup again: the title must stay escaped.
        self.notify(
            "TOCEntry",
            (
                flowable.level,
                self.ctx.contents_markup(flowable.title, flowable.level),
                canvas.getPageNumber(),
                flowable.key,
            ),
        )

    def text_frames(self, name: str, columns: int = 1) -> list[Frame]:
        """The text area between the running head and the footer, in `columns`."""
        theme = self.ctx.theme
        head, foot = theme.pages.header_height, theme.pages.footer_height
        gutter = theme.text.gutter
        width = (self.width - (columns - 1) * gutter) / columns
        return [
            Frame(
                self.leftMargin + column * (width + gutter),
                self.bottomMargin + foot,
                width,
                self.height - head - foot,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=f"{name}-{column}" if column else name,
            )
            for column in range(columns)
        ]

    def page_template(
        self,
        name: str,
        decorate: Callable[[Canvas, StoryDocument], None] | None = None,
        columns: int = 1,
    ) -> PageTemplate:
        return PageTemplate(
            id=name,
            frames=self.text_frames(name, columns),
            pagesize=self.pagesize,
            trimBox=self.geometry.trim_box(self.pagesize),
            bleedBox=self.geometry.bleed_box(self.pagesize),
            onPageEnd=decorate or (lambda canvas, doc: None),
        )


class _Outlines(PDFOutlines):
    """ReportLab's outline, whose /Count is the number of entries a reader shows open (ReportLab
    adds the number of nested lists to it: 24 for 4 sections of 4 products)."""

    def prepare(self, document, canvas):
        super().prepare(document, canvas)
        if self.ready == 1:
            self.count = count_outline_entries(self.mydestinations, self.closedict)


def draw_running_head(
    canvas: Canvas, doc: StoryDocument, left: str, right: str, right_url: str | None = None
) -> None:
    """Small text above the text area, left (in bold) and right, with a hairline under it."""
    sizes = doc.ctx.theme.pages
    top = doc.pagesize[1] - doc.topMargin
    band = Band(left, right, "header_strong", right_url=right_url)
    _draw_band(
        canvas, doc, band, top - sizes.head_baseline, top - sizes.header_height + sizes.head_rule
    )


def draw_footer(
    canvas: Canvas,
    doc: StoryDocument,
    left: str,
    right: str,
    left_url: str | None = None,
    right_url: str | None = None,
    left_whole: bool = False,
) -> None:
    """Small text below the text area, left and right, with a hairline above it. With
    `left_whole`, the left text (shown nowhere else, such as the shop's contact details) takes
    a second line rather than be shortened."""
    sizes = doc.ctx.theme.pages
    bottom = doc.bottomMargin
    band = Band(left, right, "header", left_url, right_url, left_whole)
    _draw_band(
        canvas,
        doc,
        band,
        bottom + sizes.foot_baseline,
        bottom + sizes.footer_height - sizes.foot_rule,
    )


def contact_line(contact: Contact) -> str:
    """The shop's details as a sheet's footer shows them: phone · email · address."""
    return " · ".join(filter(None, (contact.phone, contact.email, contact.address)))


def check_page_furniture(catalog: Catalog, theme: Theme) -> list[Problem]:
    """Warnings for the shop's details too long for the sheets' footer (two lines beside the
    longest reference) or its website for their header: what does not fit is shortened."""
    style = theme.style("header")
    labels = labels_for(catalog.locale)
    longest = max((p.reference for p in catalog.products), key=len, default="")
    right = f"{labels['reference']} {longest} · " + labels["page"].format(number="10 / 10")
    room = theme.frame_width - _width(right, style) - theme.pages.band_gap
    problems = []
    details = contact_line(catalog.contact)
    if " ".join(band_lines(details, room, style)) != details:
        problems.append(
            Problem(
                Severity.WARNING,
                "the shop's phone, email and address are too long for two lines of the sheets' "
                "footer: the end is cut",
                catalog.source,
                hint="shorten the address in 'contact'",
            )
        )
    website = short_url(catalog.contact.website) if catalog.contact.website else ""
    if _width(website, style) > theme.frame_width * theme.pages.band_right_share:
        problems.append(
            Problem(
                Severity.WARNING,
                f"the shop's website {shown(website)} is too long for the sheets' header: it is cut",
                catalog.source,
                hint="give the address of the shop's home page as 'website' in 'contact'",
            )
        )
    return problems


def draw_accent_rule(canvas: Canvas, doc: StoryDocument) -> None:
    """A bold rule in the accent colour along the top of the text area."""
    theme = doc.ctx.theme
    thickness = theme.pages.accent_rule
    top = doc.pagesize[1] - doc.topMargin
    with artifact(canvas):
        canvas.saveState()
        canvas.setFillColor(theme.colors["accent"])
        canvas.rect(doc.leftMargin, top - thickness, doc.width, thickness, stroke=0, fill=1)
        canvas.restoreState()


@dataclass(frozen=True)
class Band:
    """The text of a running head or footer: left and right, each optionally a link."""

    left: str
    right: str
    left_style: str = "header"
    left_url: str | None = None
    right_url: str | None = None
    left_whole: bool = False  # wrapped onto a second line above the first rather than shortened


MAX_BAND_LINES = 2  # a footer holds two lines under the text area


def band_lines(text: str, width: float, style) -> list[str]:
    """The left text of a band as the lines it takes at most `width` wide (two at most: what
    is left over is shortened with an ellipsis)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(f"{lines[-1]} {word}", style) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > MAX_BAND_LINES:
        lines[MAX_BAND_LINES - 1 :] = [" ".join(lines[MAX_BAND_LINES - 1 :])]
    return [_fit(line, width, style) for line in lines]


def _draw_band(
    canvas: Canvas, doc: StoryDocument, band: Band, text_y: float, rule_y: float
) -> None:
    theme = doc.ctx.theme
    band = replace(band, left=visible_text(band.left), right=visible_text(band.right))
    left_style, right_style = theme.style(band.left_style), theme.style("header")
    x0, x1 = doc.leftMargin, doc.leftMargin + doc.width
    # The right-hand text (a page number, an address) keeps its width; the left one gives way.
    right = _fit(band.right, doc.width * theme.pages.band_right_share, right_style)
    right_width = _width(right, right_style)
    room = doc.width - right_width - theme.pages.band_gap
    lefts = (
        band_lines(band.left, room, left_style)
        if band.left_whole
        else [_fit(band.left, room, left_style)]
    )
    # The last line on the baseline, the others above it; a footer's hairline above them all.
    above = (len(lefts) - 1) * left_style.leading
    if rule_y > text_y:
        rule_y = max(rule_y, text_y + above + left_style.fontSize)
    canvas.saveState()
    with artifact(canvas, "Pagination"):
        canvas.setStrokeColor(theme.colors["rule"])
        canvas.setLineWidth(theme.text.rule_width)
        canvas.line(x0, rule_y, x1, rule_y)
    canvas.setFillColor(right_style.textColor)
    box_top = text_y + above + right_style.fontSize
    left_width = max((_width(left, left_style) for left in lefts), default=0)
    # A side with a link is read where it first shows (where else would a reader find the
    # shop's address?), its repeats are skipped but keep their links; a side without one is a
    # running head, which a reader skips.
    with _band_side(canvas, band.left_url):
        for number, left in enumerate(lefts):
            _draw_runs(canvas, x0, text_y + above - number * left_style.leading, left, left_style)
        if band.left_url and any(lefts):
            canvas.linkURL(band.left_url, (x0, text_y - 2, x0 + left_width, box_top), relative=0)
    with _band_side(canvas, band.right_url):
        _draw_runs(canvas, x1 - right_width, text_y, right, right_style)
        if band.right_url and right:
            canvas.linkURL(band.right_url, (x1 - right_width, text_y - 2, x1, box_top), relative=0)
    canvas.restoreState()


def _band_side(canvas: Canvas, url: str | None):
    # Known by its link: its text may wrap otherwise on a page whose number is wider.
    return read_once(canvas, url) if url else artifact(canvas, "Pagination")


def _draw_runs(canvas: Canvas, x: float, y: float, text: str, style) -> None:
    """Draw a line of text, any character the style's font lacks in the fallback face."""
    for face, run in font_runs(text, style.fontName):
        canvas.setFont(face, style.fontSize)
        canvas.drawString(x, y, run)
        x += stringWidth(run, face, style.fontSize)


def _width(text: str, style) -> float:
    return sum(
        stringWidth(run, face, style.fontSize) for face, run in font_runs(text, style.fontName)
    )


def _fit(text: str, width: float, style) -> str:
    """Shorten a running head with an ellipsis rather than let it run into its neighbour."""
    if _width(text, style) <= width:
        return text
    while text and _width(text + "…", style) > width:
        text = text[:-1]
    return text.rstrip() + "…"
