"""Tagged PDF: what is drawn is marked as content of a structure element (`tags.py`) or as an
artifact (running heads, rules, panels, crop marks), so that a screen reader reads the page in
order and skips its furniture. Open-source ReportLab writes no tags: the marked-content
operators are added with `addLiteral`, and the tree is written in the same pass that writes the
pages (no second pass over the file)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFPage
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .metadata import xmp_stream
from .tags import Tag, Tagger


class TaggingCanvas(Canvas):
    """A canvas that writes a tagged document: every page's marked content numbered, its link
    annotations tied to their elements, its crop marks an artifact, the tree written at the end."""

    def __init__(self, *args, **kwargs):
        # PDF/UA-1 is of PDF 1.7 (ReportLab says 1.4, but page tab orders came with 1.5).
        super().__init__(*args, pdfVersion=(1, 7), **kwargs)
        self.tagger = Tagger()

    def showPage(self):
        if self._cropMarks:  # drawn by ReportLab after the page's own drawing, and closed after
            self.addLiteral("/Artifact <</Type /Page>> BDC")  # production aids, as cut marks
            self._psCommandsAfterPage.append("EMC")
        super().showPage()

    def _setAnnotations(self, page: PDFPage) -> None:
        super()._setAnnotations(page)
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = self.tagger.page_key(self.getPageNumber())
        page.Tabs = PDFName("S")

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        super()._addAnnotation(annotation, name, addtopage)
        name = name or f"NUMBER{self._annotationCount}"
        key = self.tagger.annotation(self.getPageNumber(), self._doc.refAnnotation(name))
        if key is None:
            return
        if isinstance(annotation, PDFDictionary):  # a link to an address (linkURL)
            annotation["StructParent"] = key
            annotation["Contents"] = annotation["A"]["URI"]  # the address
        else:  # a link inside the document (linkAbsolute)
            annotation.permitted = (*annotation.permitted, "StructParent")
            annotation.otherkw["StructParent"] = key
            annotation.Contents = self.tagger.link_text()

    def save(self):
        if len(self._code):
            self.showPage()
        self.tagger.write(self)
        catalog = self._doc.Catalog
        language = getattr(getattr(catalog, "Lang", None), "s", "")  # a PDFString
        catalog.Metadata = xmp_stream(self._doc.info, language)
        super().save()


# What ends a line where a word is cut (a soft hyphen among them): no space follows.
HYPHENS = ("-", "\u2010", "\u2011", "\u00ad")


def readable_lines(para, continued: bool):
    """A paragraph's lines as drawn for a reader: a space after each line's last word (where
    the line breaks, ReportLab draws none, and a reader that takes the text alone would join
    the words), but after the paragraph's last line (unless it is `continued` in another
    column), after a hyphen that cuts a word, and inside a token cut to fit the column (an
    address, a reference: its pieces end in a `nobr` fragment while it goes on). Drawn past
    the line's end, the space moves nothing."""
    lines = list(para.lines)
    for index, line in enumerate(lines if continued else lines[:-1]):
        if para.kind == 0:
            extra, words = line
            if words and not words[-1].endswith(HYPHENS):
                lines[index] = (extra, [*words[:-1], words[-1] + " "])
            continue
        texts = [i for i, frag in enumerate(line.words) if getattr(frag, "text", "")]
        if texts and not getattr(line.words[-1], "nobr", False) and _bare(line.words[texts[-1]]):
            words = list(line.words)
            words[texts[-1]] = words[texts[-1]].clone(text=words[texts[-1]].text + " ")
            lines[index] = line.clone(words=words)
    return para.clone(lines=lines)


def _bare(frag) -> bool:
    """Whether a space may follow a line's last piece of text: not after a hyphen or a space,
    nor under a strike, an underline, a background or a link, which would run on under it."""
    if frag.text.endswith(HYPHENS) or frag.text[-1:].isspace() or getattr(frag, "us_lines", None):
        return False
    return not (getattr(frag, "backColor", None) or getattr(frag, "link", None))


def tagger_of(canvas: Canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


@contextmanager
def marked(canvas: Canvas, tag: Tag) -> Iterator[None]:
    """What is drawn meanwhile is the content of `tag`'s element (on a tagging canvas)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
    else:
        with tagger.content(canvas, tag):
            yield


@contextmanager
def artifact(canvas: Canvas, kind: str = "Layout") -> Iterator[None]:
    """What is drawn meanwhile is not read: a rule, a panel, a running head."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
    else:
        with tagger.artifact(canvas, kind):
            yield


@contextmanager
def read_once(canvas: Canvas, key: object) -> Iterator[None]:
    """What every page repeats with a link (a footer's address): read where it first shows, a
    link in a paragraph; its repeats artifacts, whose links belong to that Link element."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    tag, first = tagger.repeated(key)
    if first:
        with tagger.content(canvas, tag):
            yield
    else:
        with tagger.artifact(canvas, "Pagination"), tagger.linking_to(tag):
            yield


@contextmanager
def within(canvas: Canvas, tag: Tag) -> Iterator[None]:
    """What is drawn meanwhile belongs to `tag`'s element (a card, a table cell)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
    else:
        with tagger.within(tag):
            yield


class Marked(Flowable):
    """A flowable that is drawn whole as the content of its tag's element: a photo or a code
    (a `Figure` with its alternative text); with no tag, as an artifact (a rule)."""

    def __init__(self, flowable: Flowable, tag: Tag | None):
        super().__init__()
        self.flowable, self.tag = flowable, tag
        self.hAlign = getattr(flowable, "hAlign", "LEFT")
        self.width, self.height = flowable.width, flowable.height
        self.spaceBefore, self.spaceAfter = flowable.getSpaceBefore(), flowable.getSpaceAfter()

    def wrap(self, available_width, available_height):
        self.width, self.height = self.flowable.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self):
        with marked(self.canv, self.tag) if self.tag else artifact(self.canv):
            self.flowable.drawOn(self.canv, 0, 0)


class TableTags:
    """The tags of a table's cells, given to ReportLab's Table as its `renderCB`: rows `TR`,
    cells `TH` (in the first `header_rows` rows, or the first `header_columns` columns) or
    `TD`, backgrounds and rules artifacts. A header row drawn again atop a table's next page is
    an artifact. Without a `tag`, a table that only places things side by side: its content is
    read in order, and nothing of its own."""

    def __init__(self, tag: Tag | None, header_rows: int = 0, header_columns: int = 0):
        self.tag, self.header_rows, self.header_columns = tag, header_rows, header_columns
        self._row, self._cell, self._drawing = ExitStack(), ExitStack(), ExitStack()
        self._repeated = False
        self._row_tag: Tag | None = None  # None in a row that is not read

    def __call__(self, table, event: str, *args) -> None:
        tagger = tagger_of(table.canv)
        if tagger is None:
            return
        canvas = table.canv
        if event in ("startBG", "startLines"):
            self._drawing.enter_context(tagger.artifact(canvas))
        elif event in ("endBG", "endLines"):
            self._drawing.close()
        elif self.tag is None:
            return
        elif event == "startTable":
            self._repeated = bool(self.header_rows) and tagger.header_seen(self.tag)
        elif event == "startRow":
            self._row_tag = Tag("TR", parent=self.tag)
            if self._repeated and args[0] < self.header_rows:
                self._row.enter_context(tagger.artifact(canvas, "Pagination"))
                self._row_tag = None
        elif event == "startCell" and self._row_tag is not None:
            row, column, value = args[:3]
            if row < self.header_rows:
                cell = Tag("TH", parent=self._row_tag, scope="Column")
            elif column < self.header_columns:
                cell = Tag("TH", parent=self._row_tag, scope="Row")
            else:
                cell = Tag("TD", parent=self._row_tag)
            self._cell.enter_context(tagger.within(cell))
            if isinstance(value, str) and value:  # drawn by the table itself
                self._cell.enter_context(tagger.content(canvas, cell))
        elif event == "endCell":
            self._cell.close()
        elif event == "endRow":
            self._row.close()
