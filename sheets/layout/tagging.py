"""Tagged PDF: what is drawn is marked as content of a structure element (a paragraph, a
heading, a table cell, a figure) or as an artifact (running heads, rules, marks), and the
structure tree is written with the document, so that a screen reader reads the page in order.

Layout says what a flowable is with a `Tag` (its role, its alternative text, the tag it belongs
to); the canvas's `Tagger` turns tags into elements as they are first drawn, numbers the
marked content of each page, and ties link annotations to `Link` elements. Open-source
ReportLab writes no tags: the operators are added with `addLiteral`, the tree with its own
objects, in the same pass that writes the page (no second pass over the file)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .metadata import xmp_stream


@dataclass(eq=False)
class Tag:
    """What a flowable is to a reader: `role` (a standard structure type), `alt` (what a
    figure shows, or a link's description), and the tag it is part of (`parent`; None: the
    element open where it is first drawn). Flowables sharing a tag (the parts of a paragraph
    split across columns) are one element."""

    role: str
    alt: str | None = None
    parent: Tag | None = None
    scope: str | None = None  # a header cell's: "Row" or "Column"
    text: str | None = None  # what is read instead of what is drawn (a contents' dots)


DOCUMENT = Tag("Document")  # the root: running heads with links are read at this level

# The structure type of a paragraph in each of the theme's styles (P for any other).
STYLE_ROLES = {
    "title": "H1",
    "cover_title": "H1",
    "section_title": "H1",
    "contents_title": "H1",
    "index_title": "H1",
    "card_title": "H2",
    "link": "Link",
}


def role_of_style(style_name: str) -> str:
    return STYLE_ROLES.get(style_name, "P")


@dataclass(eq=False)
class _Element:
    role: str
    parent: _Element | None
    tag: Tag | None = None
    kids: list = field(default_factory=list)  # elements, (page, mcid), (page, annotation)


class Tagger:
    """The structure of one document, built as its pages are drawn."""

    def __init__(self):
        self.root = _Element("Document", None, DOCUMENT)
        self._elements: dict[int, tuple[Tag, _Element]] = {id(DOCUMENT): (DOCUMENT, self.root)}
        self._open: list[_Element] = [self.root]  # innermost last
        self._sections: list[tuple[int, _Element | None]] = []  # (level, its element once used)
        self._marked: dict[int, list[_Element]] = {}  # page → the element of each MCID
        self._keys = itertools.count()  # StructParents of pages, StructParent of annotations
        self._annotations: list[tuple[int, _Element]] = []  # key → a Link element
        self._page_keys: dict[int, int] = {}
        self._headers_seen: set[int] = set()
        self._artifact = 0  # inside an artifact: nothing drawn is read
        self._drawing = False  # inside marked content

    # -- elements -----------------------------------------------------------------------------

    def element(self, tag: Tag) -> _Element:
        """The element of `tag`, made under its parent's (or the open one) at its first use."""
        known = self._elements.get(id(tag))
        if known is not None:
            return known[1]
        parent = self.element(tag.parent) if tag.parent is not None else self._container()
        made = _Element(tag.role, parent, tag)
        parent.kids.append(made)
        self._elements[id(tag)] = (tag, made)  # the tag kept: its id is not reused meanwhile
        return made

    def _container(self) -> _Element:
        innermost = self._open[-1]
        if innermost is not self.root or not self._sections:
            return innermost
        level, section = self._sections[-1]
        if section is None:  # a section becomes an element once something is read in it
            parent = next((s for _, s in reversed(self._sections[:-1]) if s), self.root)
            section = _Element("Sect", parent)
            parent.kids.append(section)
            self._sections[-1] = (level, section)
        return section

    def section(self, level: int) -> None:
        """A section (a category, a product) starts: what follows is in it."""
        while self._sections and self._sections[-1][0] >= level:
            self._sections.pop()
        self._sections.append((level, None))

    @contextmanager
    def within(self, tag: Tag) -> Iterator[None]:
        """What is drawn meanwhile belongs to `tag`'s element (a table cell, a card)."""
        self._open.append(self.element(tag))
        try:
            yield
        finally:
            self._open.pop()

    def header_seen(self, tag: Tag) -> bool:
        """Whether a table's header row was read already (a repeat of it is an artifact)."""
        seen = id(tag) in self._headers_seen
        self._headers_seen.add(id(tag))
        return seen

    # -- marked content -----------------------------------------------------------------------

    @contextmanager
    def content(self, canvas: Canvas, tag: Tag) -> Iterator[None]:
        """What is drawn meanwhile is marked content of `tag`'s element (marked content does not
        nest: inside another's, it is that one's)."""
        if self._artifact or self._drawing:
            yield
            return
        element = self.element(tag)
        page = canvas.getPageNumber()
        marked = self._marked.setdefault(page, [])
        element.kids.append((page, len(marked)))
        canvas.addLiteral(f"/{element.role} <</MCID {len(marked)}>> BDC")
        marked.append(element)
        self._open.append(element)
        self._drawing = True
        try:
            yield
        finally:
            self._drawing = False
            self._open.pop()
            canvas.addLiteral("EMC")

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Layout") -> Iterator[None]:
        if self._artifact or self._drawing:
            yield
            return
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        self._artifact += 1
        try:
            yield
        finally:
            self._artifact -= 1
            canvas.addLiteral("EMC")

    def annotation(self, page: int, reference) -> int | None:
        """A link annotation drawn now (`reference` to it): its StructParent. Its Link element is
        the one being drawn or a new one in it. None inside an artifact (its link is not read)."""
        if self._artifact:
            return None
        element = self._open[-1]
        if element.role != "Link":
            element.kids.append(link := _Element("Link", element))
            element = link
        key = next(self._keys)
        element.kids.append(_Annotation(page, key, reference))
        self._annotations.append((key, element))
        return key

    def link_text(self) -> str:
        """What a link inside the document is described by: its element's text, if given."""
        tag = next((e.tag for e in reversed(self._open) if e.tag and e.tag.alt), None)
        return tag.alt if tag else ""

    def page_key(self, page: int) -> int:
        """The StructParents of a page."""
        if page not in self._page_keys:
            self._page_keys[page] = next(self._keys)
        return self._page_keys[page]

    # -- writing ------------------------------------------------------------------------------

    def write(self, canvas: Canvas) -> None:
        """The structure tree and its parent tree, added to the canvas's document once every
        page is shown: the tree refers to the pages and the annotations."""
        doc = canvas._doc
        pages = {n: doc.Reference(page) for n, page in enumerate(doc.Pages.pages, start=1)}
        bodies = {id(element): PDFDictionary() for element in _walk(self.root)}
        references = {key: doc.Reference(body) for key, body in bodies.items()}
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_reference = doc.Reference(root)
        for element in _walk(self.root):
            body = bodies[id(element)]
            body["Type"] = PDFName("StructElem")
            body["S"] = PDFName(element.role)
            body["P"] = references[id(element.parent)] if element.parent else root_reference
            body["K"] = PDFArray([_kid(kid, references, pages) for kid in element.kids])
            tag = element.tag
            if tag is not None and tag.alt:
                body["Alt"] = PDFString(tag.alt)
            if tag is not None and tag.text:
                body["ActualText"] = PDFString(tag.text)
            if tag is not None and tag.scope:
                body["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(tag.scope)})
        entries = [
            (key, PDFArray([references[id(e)] for e in self._marked.get(page, [])]))
            for page, key in self._page_keys.items()
        ]
        entries += [(key, references[id(element)]) for key, element in self._annotations]
        root["K"] = references[id(self.root)]
        numbers = [item for entry in sorted(entries, key=lambda e: e[0]) for item in entry]
        root["ParentTree"] = PDFDictionary({"Nums": PDFArray(numbers)})
        root["ParentTreeNextKey"] = next(self._keys)
        doc.Catalog.StructTreeRoot = root
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


@dataclass(frozen=True)
class _Annotation:
    page: int
    key: int
    reference: object


def _kid(kid, references, pages):
    if isinstance(kid, _Element):
        return references[id(kid)]
    if isinstance(kid, _Annotation):
        return PDFDictionary({"Type": PDFName("OBJR"), "Obj": kid.reference, "Pg": pages[kid.page]})
    page, mcid = kid
    return PDFDictionary({"Type": PDFName("MCR"), "Pg": pages[page], "MCID": mcid})


def _walk(element: _Element) -> Iterator[_Element]:
    yield element
    for kid in element.kids:
        if isinstance(kid, _Element):
            yield from _walk(kid)


# -- on the canvas, and in flowables ---------------------------------------------------------


class TaggingCanvas(Canvas):
    """A canvas that writes a tagged document: every page's marked content numbered, its link
    annotations tied to their elements, its crop marks an artifact, the tree written at the end."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tagger = Tagger()

    def showPage(self):
        if self._cropMarks:  # drawn by ReportLab after the page's own drawing, and closed after
            self.addLiteral("/Artifact <</Type /Pagination /Subtype /Watermark>> BDC")
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
