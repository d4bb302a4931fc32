"""The brochure's structure tree (what a screen reader reads), made of its parts' trees: each
part's elements under the brochure's one `Document`, in the parts' order, and their structure
parents (pages', links') numbered on from the part before."""

from __future__ import annotations

from .pdfwriter import PdfWriter
from .prepared import PreparedPart


class StructureTree:
    def __init__(self, root: int, document: int):
        self.root, self.document = root, document  # the writer's numbers for both
        self.kids: list[bytes] = []
        self.numbers: list[bytes] = []  # the parent tree's keys and values
        self.next_key = 0

    def take(self, part: PreparedPart, kids: bytes, parents: bytes) -> None:
        """Once a part's pages are written: its elements under the Document and its parent
        tree (written in the brochure: `PreparedPart`), the next part's keys after its own."""
        if part.next_key is None:
            return
        if kids:
            self.kids.append(kids)
        if parents:
            self.numbers.append(parents)
        self.next_key += part.next_key

    def write(self, writer: PdfWriter) -> None:
        kids = b" ".join(self.kids)
        writer.write(
            self.document,
            b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>" % (self.root, kids),
        )
        writer.write(
            self.root,
            b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree << /Nums [ %s ] >> "
            b"/ParentTreeNextKey %d >>" % (self.document, b" ".join(self.numbers), self.next_key),
        )

    def entries(self) -> bytes:
        """The document catalog's entries of a tagged document."""
        return b"/StructTreeRoot %d 0 R /MarkInfo << /Marked true >>" % self.root
