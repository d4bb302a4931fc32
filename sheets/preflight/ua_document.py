"""PDF/UA-1 for the document as a whole: tagged (MarkInfo, a structure tree with a ParentTree),
its language (catalog /Lang), its title shown by the viewer (DisplayDocTitle, XMP dc:title) and
the claim to be PDF/UA (XMP pdfuaid:part 1)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pikepdf

from ..errors import Severity
from .content import reason
from .report import Finding
from .ua_structure import Structure

# A BCP 47 tag as far as a reader cares: a 2–3 letter language (or x-/i-), then subtags.
LANGUAGE_TAG = re.compile(r"(?:[A-Za-z]{2,3}|[A-Za-z]{5,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*")
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"


def check_catalog(pdf: pikepdf.Pdf, structure: Structure | None) -> list[Finding]:
    """Tagged (MarkInfo, a structure tree with a ParentTree, nothing suspect), a language,
    and the title shown in the viewer's title bar."""
    root, findings = pdf.Root, []
    mark_info = root.get("/MarkInfo")
    mark_info = mark_info if isinstance(mark_info, pikepdf.Dictionary) else {}
    if mark_info.get("/Marked") is not True:
        findings.append(
            _document(
                "ua-tagged", "not marked as tagged: set /MarkInfo << /Marked true >> in the catalog"
            )
        )
    if mark_info.get("/Suspects") is True:
        findings.append(
            _document(
                "ua-tagged",
                "the tags are marked suspect (/Suspects true): check and repair the tags, then "
                "remove /Suspects",
                matterhorn="01-007",
            )
        )
    if structure is None:
        findings.append(
            _document(
                "ua-tagged",
                "untagged: no structure tree (/StructTreeRoot), so screen readers get no reading "
                "order, headings or alternate text; make the PDF with tagging on",
            )
        )
    elif structure.parent_tree is None:
        findings.append(
            _document(
                "ua-tagged",
                "the structure tree has no /ParentTree: readers cannot find the element of any "
                "marked content; add one",
            )
        )
    findings += check_language(root.get("/Lang"))
    preferences = root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = {}
    shown = preferences.get("/DisplayDocTitle")  # Matterhorn: 07-001 absent, 07-002 false
    if shown is not True:
        findings.append(
            _document(
                "ua-title",
                "the viewer shows the file name, not the title: set /ViewerPreferences "
                "<< /DisplayDocTitle true >> in the catalog",
                matterhorn="07-001" if shown is None else "07-002",
            )
        )
    return findings


def check_language(lang: object) -> list[Finding]:
    """The catalog's /Lang: present, and a language tag such as fr-FR."""
    if not isinstance(lang, pikepdf.String) or not str(lang).strip():
        return [
            _document("ua-language", "no document language: set /Lang in the catalog (e.g. fr-FR)")
        ]
    tag = str(lang).strip()
    if LANGUAGE_TAG.fullmatch(tag):
        return []
    hint = f" ({tag.replace('_', '-')})" if LANGUAGE_TAG.fullmatch(tag.replace("_", "-")) else ""
    return [
        _document(
            "ua-language",
            f"the document language {tag!r} is not a BCP 47 tag: write it like fr-FR{hint}",
        )
    ]


def check_metadata(pdf: pikepdf.Pdf) -> list[Finding]:
    """XMP metadata that can be read, with a title (dc:title) and pdfuaid:part 1."""
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return [
            _document(
                "ua-metadata",
                "no XMP metadata: add a metadata stream with the title (dc:title) and "
                "pdfuaid:part 1",
                matterhorn="06-001",
            )
        ]
    try:
        xmp = ET.fromstring(stream.read_bytes())
    except Exception as exc:  # undecodable stream or broken XML: the same to the user
        return [
            _document(
                "ua-metadata", f"the XMP metadata cannot be read ({reason(exc)}): write it anew"
            )
        ]
    findings = []
    title = _xmp_value(xmp, DC_TITLE)
    if not title:
        findings.append(
            _document(
                "ua-title",
                "no title in the XMP metadata (dc:title): give the document a title",
                matterhorn="06-003",
            )
        )
    part = _xmp_value(xmp, PDFUA_PART)
    if part != "1":
        said = f"says pdfuaid:part {part}" if part else "has no PDF/UA identifier"
        findings.append(
            _document(
                "ua-metadata",
                f"the XMP metadata {said}: add pdfuaid:part 1 (and claim PDF/UA only once "
                "the other findings are fixed)",
                matterhorn="06-002",
            )
        )
    return findings


def _xmp_value(xmp: ET.Element, name: str) -> str:
    """A property's text, written as an attribute of rdf:Description or as an element
    (for dc:title, the first rdf:li of its rdf:Alt)."""
    for description in xmp.iter(f"{RDF}Description"):
        if name in description.attrib:
            return description.attrib[name].strip()
        for element in description.iter(name):
            texts = [li.text or "" for li in element.iter(f"{RDF}li")] or [element.text or ""]
            return next((t.strip() for t in texts if t.strip()), "")
    return ""


def _document(check: str, message: str, matterhorn: str | None = None) -> Finding:
    """A finding about the document as a whole."""
    return Finding(
        Severity.ERROR, check, None, message, {"matterhorn": matterhorn} if matterhorn else {}
    )
