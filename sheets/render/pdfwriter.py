"""A PDF written object by object as it is made: objects copied from other PDFs (read with
pikepdf, one file at a time) take numbers of their own, and each is on disk once written. What a
writer keeps is where each object starts, so that a document of any length is written in the
memory of one of its parts."""

from __future__ import annotations

import functools
import hashlib
import re
from array import array
from decimal import Decimal
from typing import BinaryIO

import pikepdf

from .background import MARK

# A subset font's name starts with six capitals (`AAAAAA+Lato-Bold`); ReportLab gives every
# document the same ones, and two subsets of one name in a file are one font to some printers.
_SUBSET_TAG = re.compile(rb"^/[A-Z]{6}\+")
_FONT_NAME_KEYS = ("/BaseFont", "/FontName")
# What an object's bytes as qpdf writes them (`unparse`) hold that a copy writes anew: a subset
# font's tag, renamed, and a reference, renumbered. Strings are kept as they are, whatever they
# hold: qpdf escapes every parenthesis in a string, so it ends at its first unescaped one.
QPDF_TOKENS = re.compile(
    rb"(\((?:[^\\)]|\\.)*\)|<[0-9A-Fa-f]*>)|(/BaseFont /|/FontName /)([A-Z]{6})\+|(\d+) (\d+) R",
    re.S,
)
STRING, FONT_NAME, REFERENCE = 1, 3, 5  # the last group each kind of token matches
XREF_LINES = 4096


class PdfWriter:
    """Objects written as they come, then the cross-reference table and the trailer."""

    def __init__(self, out: BinaryIO, version: str = "1.7"):
        self.out = out
        # Where object n starts (object 0 heads the free list): 8 bytes an object, where a list
        # of ints takes 36, for the hundreds of thousands of objects of a long brochure.
        self.offsets = array("q", [0])
        self.subset_tags: set[bytes] = set()  # the subset fonts' tags given so far (`Copier`)
        self._written = 0
        self._digest = hashlib.md5()  # of every byte: the file's ID, the same for the same file
        self._put(f"%PDF-{version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))

    def allocate(self) -> int:
        """A number for an object to be written later."""
        self.offsets.append(-1)
        return len(self.offsets) - 1

    def write_many(self, numbers: list[int], bodies: list[bytes]) -> None:
        """Objects (none a stream) at once: many small ones cost much less than one by one."""
        written = [b"%d 0 obj\n%s\nendobj\n" % pair for pair in zip(numbers, bodies, strict=True)]
        at, offsets = self._written, self.offsets
        for number, data in zip(numbers, written, strict=True):
            offsets[number] = at
            at += len(data)
        self._put(b"".join(written))

    def write(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        """Object `number`: `body`, and the stream's bytes after it if it is a stream."""
        self.offsets[number] = self._written
        if stream is None:
            self._put(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        else:
            self._put(b"%d 0 obj\n%s\nstream\n" % (number, body))
            self._put(stream)
            self._put(b"\nendstream\nendobj\n")

    def add(self, body: bytes, stream: bytes | None = None) -> int:
        number = self.allocate()
        self.write(number, body, stream)
        return number

    def finish(self, root: int, info: int | None) -> None:
        if min(self.offsets) < 0:
            unwritten = [number for number, offset in enumerate(self.offsets) if offset < 0]
            raise ValueError(f"objects allocated and never written: {unwritten[:5]}")
        start = self._written
        self._put(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for first in range(1, len(self.offsets), XREF_LINES):  # the table's lines a few at a time
            chunk = self.offsets[first : first + XREF_LINES]
            self._put(b"".join([b"%010d 00000 n \n" % offset for offset in chunk]))
        identity = self._digest.hexdigest().encode()
        trailer = b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.offsets), root)
        trailer += b" /Info %d 0 R" % info if info else b""
        trailer += b" /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (identity, identity, start)
        self.out.write(trailer)

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self._digest.update(data)
        self._written += len(data)


class Copier:
    """Copies objects of one source PDF (`source`) into a writer: each indirect object once,
    under a number of the writer's; an image met before (the same bytes, from any source) is
    not copied again. `numbers` may be set in advance: for pages, which others refer to before
    they are copied, and for objects that stand for one of the writer's (a part's page tree:
    the document's). Subset fonts are renamed (`SubsetNames`)."""

    def __init__(
        self, writer: PdfWriter, tag: str, images: dict[bytes, int], source: pikepdf.Pdf | None
    ):
        self.writer = writer
        self.source = source
        self.numbers: dict[tuple[int, int], int] = {}
        self.images = images  # shared by every copier of a document
        self.subsets = SubsetNames(writer, tag)
        self._waiting: list[tuple[int, pikepdf.Object]] = []

    def copy(self, number: int, obj: pikepdf.Object) -> None:
        """Write `obj` as object `number`, then what it refers to that is not written yet."""
        self._waiting.append((number, obj))
        while self._waiting:
            number, obj = self._waiting.pop()
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_raw_bytes()
                fields = b" ".join(
                    self.entry(name, item) for name, item in obj.items() if name != "/Length"
                )
                self.writer.write(number, b"<< %s /Length %d >>" % (fields, len(data)), data)
            else:
                self.writer.write(number, self.syntax(obj, top=True))

    def copy_waiting(self) -> None:
        """Write the objects referred to (by `syntax`) and not written yet."""
        while self._waiting:
            self.copy(*self._waiting.pop())

    def syntax(self, obj, top: bool = False) -> bytes:
        """An object as PDF syntax, the indirect objects it holds referred to by the writer's
        numbers (and copied by the `copy` under way); `top`: an indirect object's own body.
        Written from qpdf's bytes for it, renumbered: many times faster than item by item."""
        if isinstance(obj, pikepdf.Object):
            if obj.is_indirect and not top:
                return b"%d 0 R" % self._number(obj)
            return QPDF_TOKENS.sub(self._written_anew, obj.unparse(resolved=True))
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if obj is None:
            return b"null"
        if isinstance(obj, int):
            return b"%d" % obj
        if isinstance(obj, Decimal | float):
            return format(Decimal(obj).normalize(), "f").encode() if obj else b"0"
        raise TypeError(f"not a PDF object: {obj!r}")

    def entry(self, name: str, item) -> bytes:
        """`/Name value`: a dictionary's entry as PDF syntax."""
        value = self.syntax(item)
        if name in _FONT_NAME_KEYS and _SUBSET_TAG.match(value):
            value = b"/" + self.subsets.renamed(value[1:7]) + value[7:]
        return pdf_name(name) + b" " + value

    def _written_anew(self, token: re.Match) -> bytes:
        """A token of `QPDF_TOKENS` as this copy writes it."""
        found = token.lastindex
        if found == STRING:
            return token[0]
        if found == FONT_NAME:
            return token[2] + self.subsets.renamed(token[3]) + b"+"
        objgen = (int(token[4]), int(token[5]))
        number = self.numbers.get(objgen)
        if number is None:
            number = self._number(self.source.get_object(objgen))
        return b"%d 0 R" % number

    def _number(self, obj: pikepdf.Object) -> int:
        number = self.numbers.get(obj.objgen)
        if number is None:
            same = image_digest(obj)
            number = self.images.get(same) if same else None
            if number is None:
                number = self.writer.allocate()
                self._waiting.append((number, obj))
                if same:
                    self.images[same] = number
            self.numbers[obj.objgen] = number
        return number


class SubsetNames:
    """The subset fonts of a source renamed in a writer: from `tag` (the source's name in the
    writer), so that two subsets never share a name."""

    def __init__(self, writer: PdfWriter, tag: str):
        self.writer = writer
        self.tag = tag.encode()
        self._renamed: dict[bytes, bytes] = {}  # a subset's tag in the source → in the writer

    def renamed(self, tag: bytes) -> bytes:
        """Six capitals for a subset of the source, its own among the writer's: a face with
        more than 256 characters has several subsets in one source (AAAAAA+, AAAAAB+…)."""
        renamed = self._renamed.get(tag)
        if renamed is None:
            seed = self.tag + b"\0" + tag
            renamed = _capitals(seed)
            while renamed in self.writer.subset_tags:  # never one given before
                seed += b"\0"
                renamed = _capitals(seed)
            self._renamed[tag] = renamed
            self.writer.subset_tags.add(renamed)
        return renamed


@functools.cache
def pdf_name(name: str) -> bytes:
    return pikepdf.Name(name).unparse()


def _capitals(seed: bytes) -> bytes:
    return bytes(ord("A") + byte % 26 for byte in hashlib.sha256(seed).digest()[:6])


def image_digest(obj: pikepdf.Object) -> bytes | None:
    """What makes two images the same (their bytes and dictionary), or two copies of a page of
    the background (its mark: `background.py`); None for anything else."""
    if isinstance(obj, pikepdf.Stream) and isinstance(mark := obj.get(MARK), pikepdf.String):
        return b"background " + bytes(mark)
    if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
        return None
    digest = hashlib.sha256(obj.read_raw_bytes())
    digest.update(repr(sorted((k, str(v)) for k, v in obj.items() if k != "/Length")).encode())
    return digest.digest()
