"""Subset fonts named after their own bytes. A subset font's name starts with a tag of six
capitals (`AAAAAA+Lato-Bold`); ReportLab gives every document's subsets the same tags, and two
subsets of one name in a file are one font to some printers. Pages of several PDFs brought
together (a designer's background under a page, a proof's margin beside it, a contact sheet's
thumbnails) keep their fonts apart with tags drawn from each subset's program."""

from __future__ import annotations

import hashlib
import re

import pikepdf

SUBSET_TAG = re.compile(r"^/([A-Z]{6})\+")
_PROGRAMS = ("/FontFile2", "/FontFile", "/FontFile3")


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Every subset font of `pdf` tagged after its program's bytes: two subsets that differ
    never share a name; the same subset keeps the same one."""
    for font in pdf.objects:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
            continue
        descriptor = _descriptor(font)
        program = next((descriptor[key] for key in _PROGRAMS if key in descriptor), None)
        if not isinstance(program, pikepdf.Stream):
            continue
        seed = hashlib.sha256(program.read_raw_bytes()).digest()
        tag = "".join(chr(ord("A") + byte % 26) for byte in seed[:6])
        for holder, key in ((font, "/BaseFont"), (descriptor, "/FontName")):
            name = str(holder.get(key, ""))
            if SUBSET_TAG.match(name):
                holder[key] = pikepdf.Name(f"/{tag}{name[7:]}")


def _descriptor(font: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The font's descriptor: its own, or its descendant's (a composite font's)."""
    if "/FontDescriptor" in font:
        return font.FontDescriptor
    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        return descendants[0].get("/FontDescriptor", pikepdf.Dictionary())
    return pikepdf.Dictionary()
