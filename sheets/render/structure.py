"""The brochure's structure tree (what a screen reader reads), made of its parts' trees: each
part's elements under the brochure's one `Document`, in the parts' order, and their structure
parents (pages', links') numbered on from the part before."""

from __future__ import annotations

from collections.abc import Callable

import pikepdf

from .pdfwriter import Copier, PdfWriter


class StructureTree:
    def __init__(self, root: int, document: int):
        self.root, self.document = root, document  # the writer's numbers for both
        self.kids: list[bytes] = []
        self.numbers: list[bytes] = []  # the parent tree's keys and values
        self.next_key = 0
        self._offset = 0

    def taking(self, copier: Copier, part: pikepdf.Pdf) -> Callable[[int], int]:
        """Before a part is copied: its tree's root and Document stand for the brochure's,
        and its structure parents are numbered from the next key on (the function returned)."""
        self._offset = offset = self.next_key
        tree = part.Root.get("/StructTreeRoot")
        if tree is not None:
            copier.numbers[tree.objgen] = self.root
            copier.numbers[tree.K.objgen] = self.document
        return lambda key: offset + int(key)

    def take(self, copier: Copier, part: pikepdf.Pdf) -> None:
        """Once a part's pages are copied: its elements and parent tree."""
        tree = part.Root.get("/StructTreeRoot")
        if tree is None:
            return
        self.kids += [copier.syntax(kid) for kid in tree.K.K]
        pairs = list(tree.ParentTree.Nums)
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            # A page's array of elements is copied; a link's element is referred to.
            direct = not value.is_indirect and copier.renumbered(value, part)
            written = direct or copier.syntax(value)
            self.numbers.append(b"%d %s" % (self._offset + int(key), written))
        copier.copy_waiting(lambda obj: copier.renumbered(obj, part))
        self.next_key = self._offset + int(tree.ParentTreeNextKey)

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
