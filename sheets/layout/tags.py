"""The structure of a tagged PDF: what a flowable is to a reader (a `Tag`: heading, paragraph,
table cell, figure with its alternative text), and the tree of elements a `Tagger` builds as
the pages are drawn (the marked content of each page numbered, link annotations tied to `Link`
elements), written with ReportLab's own objects when the document is saved."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
    pdfdocEnc,
)
from reportlab.pdfgen.canvas import Canvas


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
    "back_title": "H1",
}


def style_tag(style_name: str) -> Tag:
    """The tag of a paragraph in one of the theme's styles: a link's is a paragraph that is
    a link."""
    if style_name == "link":
        return Tag("Link", parent=Tag("P"))
    return Tag(STYLE_ROLES.get(style_name, "P"))


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
        self._headers_seen: dict[int, Tag] = {}  # the tags kept: their ids are not reused
        self._repeated: dict[object, Tag] = {}  # what every page repeats, by what it says
        self._links_to: _Element | None = None  # the Link element of a repeat's links
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
        self._headers_seen[id(tag)] = tag
        return seen

    # -- marked content -----------------------------------------------------------------------

    @contextmanager
    def content(self, canvas: Canvas, tag: Tag) -> Iterator[None]:
        """What is drawn meanwhile is marked content of `tag`'s element (marked content does not
        nest: inside another's, it is that one's)."""
        if self._artifact or self._drawing:
            yield
            return
        innermost = self._open[-1]
        if tag.role == "P" and tag.parent is None and innermost.role in ("TD", "TH"):
            element = innermost  # a table cell's text is the cell's, with no paragraph in it
        else:
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
        """What is drawn meanwhile is not read (inside marked content, it is that content's:
        an artifact does not nest in it)."""
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

    def repeated(self, key: object) -> tuple[Tag, bool]:
        """The tag of what each page repeats (a footer's address, a link), and whether this is
        its first time."""
        first = key not in self._repeated
        if first:
            self._repeated[key] = Tag("Link", parent=Tag("P", parent=DOCUMENT))
        return self._repeated[key], first

    @contextmanager
    def linking_to(self, tag: Tag) -> Iterator[None]:
        """The links drawn meanwhile (in an artifact: a repeat) belong to `tag`'s Link element."""
        self._links_to = self.element(tag)
        try:
            yield
        finally:
            self._links_to = None

    def annotation(self, page: int, reference) -> int | None:
        """A link annotation drawn now (`reference` to it): its StructParent. Its Link element is
        the one being drawn or a new one in it, or the one a repeat links to. None inside an
        artifact otherwise (its link is not read)."""
        element = self._links_to
        if element is None:
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
        bodies = {id(element): _Dictionary() for element in _walk(self.root)}
        references = {key: doc.Reference(body) for key, body in bodies.items()}
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_reference = doc.Reference(root)
        for element in _walk(self.root):
            body = bodies[id(element)]
            body["Type"] = _STRUCT_ELEM
            body["S"] = _role_name(element.role)
            body["P"] = references[id(element.parent)] if element.parent else root_reference
            # The page of its first marked content is the element's: its MCIDs there are
            # numbers alone, those on other pages (a paragraph split) say their page.
            home = next((kid[0] for kid in element.kids if isinstance(kid, tuple)), None)
            if home is not None:
                body["Pg"] = pages[home]
            body["K"] = PDFArray([_kid(kid, references, pages, home) for kid in element.kids])
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


def _kid(kid, references, pages, home: int | None):
    if isinstance(kid, _Element):
        return references[id(kid)]
    if isinstance(kid, _Annotation):
        return PDFDictionary({"Type": PDFName("OBJR"), "Obj": kid.reference, "Pg": pages[kid.page]})
    page, mcid = kid
    if page == home:
        return mcid
    return PDFDictionary({"Type": PDFName("MCR"), "Pg": pages[page], "MCID": mcid})


def _walk(element: _Element) -> Iterator[_Element]:
    yield element
    for kid in element.kids:
        if isinstance(kid, _Element):
            yield from _walk(kid)


class _Dictionary(PDFDictionary):
    """A structure element's dictionary: formatted as ReportLab formats any dictionary, to the
    byte, in a fraction of its time (a page has dozens of elements, each with its kids)."""

    def format(self, document):
        return _dictionary(self.dict, document)


def _dictionary(entries: dict, document) -> bytes:
    items = [_name(key) + b" " + _formatted(entries[key], document) for key in sorted(entries)]
    for index in reversed(range(6, len(items), 6)):  # ReportLab breaks the line every 6
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _array(values: list, document) -> bytes:
    items = [_formatted(value, document) for value in values]
    for index in reversed(range(10, len(items), 10)):  # and an array's every 10
        items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


def _formatted(value, document) -> bytes:
    kind = type(value)
    if kind is str:
        return pdfdocEnc(value)
    if kind is int:
        return pdfdocEnc(fp_str(value))
    if kind is PDFObjectReference:
        return value.format(document)
    if kind is PDFArray:
        return _array(value.sequence, document)
    if kind is PDFDictionary or kind is _Dictionary:
        return _dictionary(value.dict, document)
    return pdfdoc.format(value, document)


_NAMES: dict[str, bytes] = {}
_STRUCT_ELEM = PDFName("StructElem")


@functools.cache
def _role_name(role: str) -> str:
    return PDFName(role)  # ReportLab's escapes a name's characters one at a time


def _name(key: str) -> bytes:
    known = _NAMES.get(key)
    if known is None:
        known = _NAMES[key] = pdfdocEnc(PDFName(key))
    return known
