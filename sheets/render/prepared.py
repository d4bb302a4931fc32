"""A part of the brochure read once into what its assembly writes (`assembly.py`): the bytes of
each object its pages and its structure tree reach, as qpdf writes them, with a blank wherever
the brochure puts a number of its own (a reference, a structure parent's key, a subset font's
tag). Binding a prepared part is filling in its blanks, not reading its PDF object by object:
a part is prepared once, where it is drawn, and kept beside it in the cache."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf

from .pdfwriter import QPDF_TOKENS, REFERENCE, STRING, image_digest, pdf_name

# What a blank stands for (a token: its number times 8, plus its kind).
LOCAL = 0  # an object of the part's, numbered from 0 in the order they are written
PAGE = 1  # a page of the part's, from 0
TREE = 2  # the brochure's own objects that stand for the part's: its page tree, structure
PAGE_TREE, STRUCTURE, DOCUMENT = 0, 1, 2  # tree and Document
KEY = 3  # a structure parent's key in the part (not a reference), numbered on in the brochure
LINE = 4  # the page of the contents' or index's line N (`render_contents`)
TAG = 5  # the part's subset font tag N (`tags`)
KINDS = 8
# What a page takes from its page tree when it does not say it itself.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

Piece = tuple[bytes, list[int]]  # bytes with blanks (`%d`, `%s`), and their tokens in order


@dataclass(frozen=True)
class PreparedPart:
    """A part's pieces, one a line of `template` (qpdf writes no object across two lines):
    its objects (a stream's entries but its /Length), the links of its objects that name a line
    of the contents or an index pointed at their line's page, four for each page (its entries,
    its /Resources or nothing, its resources' entries then `/XObject << ` and its forms, its
    content streams), its Document's elements, and its parent tree."""

    version: str
    template: bytes
    tokens: list[int]
    objects: int
    # Each stream's number in its PDF, and where its bytes are in its file: their start (-1 when
    # not found: read through its number) and length.
    streams: dict[int, tuple[int, int, int, int]]
    shared: dict[int, bytes]  # what makes an image (or a background) the same as another
    line_links: list[int]  # the objects that are links naming a line
    resources: list[bool]  # whether each page says its resources
    next_key: int | None  # None for a part without a structure tree
    tags: list[bytes]  # its subset fonts' tags
    keys: int  # how many keys its blanks name
    lines: int  # how many lines its links name

    def to_bytes(self) -> bytes:
        """Kept as a line of JSON, then the template."""
        head = {
            **vars(self),
            "template": None,
            "streams": [[number, *found] for number, found in self.streams.items()],
            "shared": [[number, same.hex()] for number, same in self.shared.items()],
            "tags": [tag.decode("ascii") for tag in self.tags],
        }
        return json.dumps(head).encode() + b"\n" + self.template

    @classmethod
    def from_bytes(cls, data: bytes) -> PreparedPart:
        head, _, template = data.partition(b"\n")
        found = json.loads(head)
        return cls(
            **found
            | {
                "template": template,
                "streams": {number: tuple(stream) for number, *stream in found["streams"]},
                "shared": {number: bytes.fromhex(same) for number, same in found["shared"]},
                "tags": [tag.encode("ascii") for tag in found["tags"]],
            }
        )

    @staticmethod
    def version_of(head: bytes) -> str:
        """The version said by a kept prepared part's first line."""
        return json.loads(head)["version"]

    @property
    def pages(self) -> int:
        return len(self.resources)

    def filled(
        self,
        numbers: list[int],
        pages: list[int],
        tree: tuple[int, int, int],
        first_key: int,
        lines: list[int] | None,
        renamed: Callable[[bytes], bytes],
    ) -> Filled:
        """The part's pieces as the brochure writes them: its objects by their `numbers` there,
        its pages by theirs (`pages`), its page tree, structure tree and Document by the
        brochure's (`tree`), its structure parents' keys from `first_key` on, its links to a
        line pointed at their page if it is the contents or an index (`lines`: the line's
        pages; None for another part), its subset fonts' tags `renamed`."""
        tables = (
            numbers,
            pages,
            tree,
            range(first_key, first_key + self.keys),
            lines or [0] * self.lines,
            [renamed(tag) for tag in self.tags],
        )
        values = tuple([tables[token % KINDS][token // KINDS] for token in self.tokens])
        pieces = (self.template % values).split(b"\n")
        objects = pieces[: self.objects]
        if lines is not None:
            for at, index in enumerate(self.line_links, start=self.objects):
                objects[index] = pieces[at]
        at = self.objects + len(self.line_links)
        pages_written = []
        for said in self.resources:
            entries, resources, folio_resources, contents = pieces[at : at + 4]
            pages_written.append((entries, resources if said else None, folio_resources, contents))
            at += 4
        return Filled(objects, pages_written, pieces[-2], pieces[-1])


@dataclass(frozen=True)
class Filled:
    """A prepared part's pieces, as its brochure writes them."""

    objects: list[bytes]  # a stream's: its entries but its /Length
    # Each page's entries, its /Resources (None for none), its resources' entries then
    # `/XObject << ` and its forms, and its content streams.
    pages: list[tuple[bytes, bytes | None, bytes, bytes]]
    kids: bytes  # the part's Document's elements
    parents: bytes  # its parent tree


def prepare(data: bytes | Path) -> PreparedPart:
    """A part's PDF (its bytes or its file) prepared for binding."""
    data = data.read_bytes() if isinstance(data, Path) else data
    with pikepdf.open(io.BytesIO(data)) as source:
        return _Reader(source, data).prepared()


def _stream_bytes(data: bytes, offset: int, raw: bytes) -> int:
    """Where a stream's bytes (`raw`) start in its file (`data`), its object at `offset`; -1
    when they are not found there as they are."""
    keyword = data.find(b"stream", offset)
    start = keyword + len(b"stream")
    start += 2 if data[start : start + 2] == b"\r\n" else 1
    found = keyword >= 0 and data[start : start + len(raw)] == raw
    return start if found else -1


class _Reader:
    def __init__(self, pdf: pikepdf.Pdf, data: bytes):
        self.pdf, self.data = pdf, data
        self.offsets = {
            objgen: entry.offset
            for objgen, entry in pdf.get_xref_table().items()
            if entry.type == 1  # an object of its own in the file, at that offset
        }
        # An object's token in the part, by the way qpdf refers to it (`12 0 R`).
        self.known: dict[bytes, int] = {}
        self.objects: list[Piece] = []
        self.streams: dict[int, tuple[int, int, int, int]] = {}
        self.shared: dict[int, bytes] = {}
        self.line_links: dict[int, Piece] = {}
        self.tags: list[bytes] = []
        self._waiting: list[tuple[int, pikepdf.Object]] = []

    def prepared(self) -> PreparedPart:
        pdf = self.pdf
        self.known[_referred(pdf.Root.Pages)] = PAGE_TREE * KINDS + TREE
        for index, page in enumerate(pdf.pages):
            self.known[_referred(page.obj)] = index * KINDS + PAGE
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            self.known[_referred(tree)] = STRUCTURE * KINDS + TREE
            self.known[_referred(tree.K)] = DOCUMENT * KINDS + TREE
        pages: list[Piece] = []
        resources = []
        for page in pdf.pages:
            pages += self._page(page.obj)
            resources.append(pages[-3] is not None)
            self._read_waiting()
        kids = parents = (b"", [])
        if tree is not None:
            kids = _joined(self.syntax(kid) for kid in tree.K.K)
            pairs = list(tree.ParentTree.Nums)
            # A page's array of elements is written in the parent tree; a link's element is
            # referred to.
            parents = _joined(
                _joined([(b"%d", [int(key) * KINDS + KEY]), self.syntax(value)])
                for key, value in zip(pairs[::2], pairs[1::2], strict=True)
            )
            self._read_waiting()
        pieces = [
            *self.objects,
            *self.line_links.values(),
            *(piece or (b"", []) for piece in pages),
            kids,
            parents,
        ]
        tokens = [token for _, found in pieces for token in found]
        return PreparedPart(
            pdf.pdf_version,
            b"\n".join(text for text, _ in pieces),
            tokens,
            len(self.objects),
            self.streams,
            self.shared,
            list(self.line_links),
            resources,
            None if tree is None else int(tree.ParentTreeNextKey),
            self.tags,
            1 + max((t // KINDS for t in tokens if t % KINDS == KEY), default=-1),
            1 + max((t // KINDS for t in tokens if t % KINDS == LINE), default=-1),
        )

    def syntax(self, obj) -> Piece:
        """A value as PDF syntax, with blanks for what it refers to (read in turn)."""
        if isinstance(obj, pikepdf.Object):
            if obj.is_indirect:
                return b"%d 0 R", [self._reference(obj)]
            return self._blanked(obj.unparse())
        if isinstance(obj, bool):
            return (b"true" if obj else b"false"), []
        if isinstance(obj, int):
            return b"%d" % obj, []
        if isinstance(obj, Decimal | float):
            return (format(Decimal(obj).normalize(), "f").encode() if obj else b"0"), []
        if obj is None:
            return b"null", []
        raise TypeError(f"not a PDF object: {obj!r}")

    def _blanked(self, written: bytes) -> Piece:
        """qpdf's bytes for an object, with blanks for its references and subset tags."""
        tokens: list[int] = []

        def blank(token: re.Match) -> bytes:
            found = token.lastindex
            if found == REFERENCE:
                known = self.known.get(token[0])
                if known is None:
                    known = self._reference(self.pdf.get_object(int(token[4]), int(token[5])))
                tokens.append(known)
                return b"%d 0 R"
            if found == STRING:
                return token[0]
            if token[3] not in self.tags:  # a subset font's name
                self.tags.append(token[3])
            tokens.append(self.tags.index(token[3]) * KINDS + TAG)
            return token[2] + b"%s+"

        return QPDF_TOKENS.sub(blank, written.replace(b"%", b"%%")), tokens

    def _entries(self, fields) -> Piece:
        return _joined(
            _joined([(pdf_name(name), []), self.syntax(value)]) for name, value in fields
        )

    def _reference(self, obj: pikepdf.Object) -> int:
        referred = _referred(obj)
        token = self.known.get(referred)
        if token is None:
            number = len(self.objects)
            self.objects.append((b"", []))
            token = self.known[referred] = number * KINDS + LOCAL
            self._waiting.append((number, obj))
        return token

    def _read_waiting(self) -> None:
        while self._waiting:
            number, obj = self._waiting.pop()
            if isinstance(obj, pikepdf.Stream):
                raw = obj.read_raw_bytes()
                offset = self.offsets.get(obj.objgen)
                start = -1 if offset is None else _stream_bytes(self.data, offset, raw)
                self.streams[number] = (*obj.objgen, start, len(raw))
                if same := image_digest(obj):
                    self.shared[number] = same
                fields = ((name, value) for name, value in obj.items() if name != "/Length")
                self.objects[number] = self._entries(fields)
                continue
            written = obj.unparse(resolved=True)
            # Only an object whose bytes name a link is asked whether it is one.
            if b"/Subtype /Link" in written and obj.get("/Subtype") == "/Link":
                self.objects[number] = self._link(number, obj)
            else:
                self.objects[number] = self._blanked(written)

    def _link(self, number: int, obj: pikepdf.Dictionary) -> Piece:
        """A link, its structure parent numbered on in the brochure. One of the contents or an
        index names its line by the height it points at: pointed at the page of its line
        instead, when the part is one of those."""
        fields = {name: self.syntax(value) for name, value in obj.items()}
        if "/StructParent" in obj:
            fields["/StructParent"] = (b"%d", [int(obj.StructParent) * KINDS + KEY])
        destination = obj.get("/Dest")
        if (
            isinstance(destination, pikepdf.Array)
            and len(destination) >= 4
            and destination[1] == "/XYZ"
        ):
            line = round(float(destination[3])) * KINDS + LINE
            pointed = {**fields, "/Dest": (b"[ %d 0 R /XYZ null null null ]", [line])}
            self.line_links[number] = _dictionary(pointed)
        return _dictionary(fields)

    def _page(self, obj: pikepdf.Dictionary) -> list[Piece | None]:
        """A page's four pieces (None for resources it does not say)."""
        fields = dict(obj.items())
        keys = fields.pop("/StructParents", None)
        for name in _INHERITED:
            if name not in fields and (value := _inherited(obj, name)) is not None:
                fields[name] = value
        drawing = fields.pop("/Contents", None)
        resources = fields.pop("/Resources", None)
        entries = self._entries(fields.items())
        if keys is not None:
            entries = _joined([entries, (b"/StructParents %d", [int(keys) * KINDS + KEY])])
        written = None if resources is None else self.syntax(resources)
        resources = resources if resources is not None else pikepdf.Dictionary()
        forms = resources.get("/XObject") or pikepdf.Dictionary()
        inline = _joined(
            [
                self._entries((k, v) for k, v in resources.items() if k != "/XObject"),
                (b"/XObject <<", []),
                self._entries(forms.items()),
            ]
        )
        drawings = list(drawing) if isinstance(drawing, pikepdf.Array) else [drawing]
        contents = _joined(self.syntax(stream) for stream in drawings if stream is not None)
        return [entries, written, inline, contents]


def _referred(obj: pikepdf.Object) -> bytes:
    return b"%d %d R" % obj.objgen


def _joined(pieces, separator: bytes = b" ") -> Piece:
    texts, tokens = [], []
    for text, found in pieces:
        if text:
            texts.append(text)
            tokens += found
    return separator.join(texts), tokens


def _dictionary(fields: dict[str, Piece]) -> Piece:
    entries = _joined(_joined([(pdf_name(name), []), value]) for name, value in fields.items())
    return _joined([(b"<<", []), entries, (b">>", [])])


def _inherited(obj: pikepdf.Dictionary, name: str):
    parent = obj.get("/Parent")
    while parent is not None:
        if name in parent:
            return parent[name]
        parent = parent.get("/Parent")
    return None
