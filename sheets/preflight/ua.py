"""PDF/UA-1 (ISO 14289-1): the machine-checkable basics of an accessible PDF, in any PDF.

`check_ua(pdf)` returns findings like the print preflight's, each with its page and what to do:
the document is tagged (MarkInfo, a structure tree with a ParentTree), says its language and
title (catalog /Lang, DisplayDocTitle, XMP dc:title) and that it is PDF/UA (pdfuaid:part 1)
(`ua_document.py`);
every painting operator is tagged or an artifact, every MCID is in the ParentTree
(`ua_content.py`); the structure uses standard roles, figures have alternate text, headings
do not skip levels, table rows hold cells (`ua_structure.py`); links are tagged and described,
pages with annotations have a structure tab order; fonts are embedded.

Where the Matterhorn Protocol (PDF/UA's list of failure conditions) names a condition, the
finding's details give its number. This is a subset of what veraPDF checks, not a
conformance claim.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pikepdf

from ..errors import Severity
from .checks import check_fonts
from .content import PageContent, open_pdf, reason
from .report import Finding, Report
from .ua_content import MarkedContent, Seen, read_marked_content
from .ua_document import check_catalog, check_metadata
from .ua_structure import (
    Structure,
    check_alternate_text,
    check_headings,
    check_roles,
    check_tables,
    read_structure,
    standard_role,
)

__all__ = ["check_ua", "with_ua"]

SHOWN_MCIDS = 20  # of the MCIDs missing from the ParentTree, in the details


def check_ua(pdf: Path | str | bytes, fonts: bool = True) -> list[Finding]:
    """The PDF/UA findings of a PDF (a path or its bytes), by page; raises PreflightError
    when it is not a readable PDF. `fonts=False` leaves out the fonts, which the print
    preflight checks already."""
    qpdf, document = open_pdf(pdf if isinstance(pdf, bytes) else Path(pdf))
    document.close()
    with qpdf:
        structure = read_structure(qpdf)
        findings = check_catalog(qpdf, structure) + check_metadata(qpdf)
        if structure is not None:
            findings += check_roles(structure) + check_alternate_text(structure)
            findings += check_headings(structure) + check_tables(structure)
        findings += check_pages(qpdf, structure, fonts)
    findings.sort(key=lambda f: f.page or 0)
    return findings


def with_ua(report: Report) -> Report:
    """The print preflight's report with the PDF/UA findings added (fonts are in it already)."""
    findings = report.findings + check_ua(report.path, fonts=False)
    return replace(report, findings=sorted(findings, key=lambda f: f.page or 0))


def check_pages(pdf: pikepdf.Pdf, structure: Structure | None, fonts: bool) -> list[Finding]:
    """Each page's marked content, MCIDs, links, tab order and (if `fonts`) fonts."""
    findings: list[Finding] = []
    seen = Seen()
    for number, page in enumerate(pdf.pages, start=1):
        try:
            content = read_marked_content(page, seen)
        except Exception as exc:  # a damaged stream spoils this page's checks, not the report
            findings.append(
                Finding(
                    Severity.WARNING,
                    "unreadable",
                    number,
                    f"could not read the page's content stream ({reason(exc)}): marked content "
                    "not checked",
                )
            )
        else:
            findings += check_marking(number, content) + check_mcids(number, content, structure)
            if fonts:
                findings += check_fonts(number, PageContent(fonts=content.fonts))
        findings += check_annotations(number, page.obj, structure)
    return findings


def check_marking(number: int, content: MarkedContent) -> list[Finding]:
    """Every painting operator tagged or an artifact (Matterhorn 01-005), sequences not
    nested the way PDF/UA forbids (01-003, 01-004), and balanced."""
    findings = []
    if content.unmarked:
        *others, last = sorted(content.unmarked)  # counts in the details: one line a run
        kinds = f"{', '.join(others)} and {last}" if others else last
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-marked-content",
                number,
                f"{kinds} outside marked content, neither tagged nor an artifact: put real "
                "content in a BDC sequence with an MCID, decoration in /Artifact",
                {
                    "operators": content.unmarked.total(),
                    "by_kind": dict(content.unmarked),
                    "matterhorn": "01-005",
                },
            )
        )
    for what, count in content.nested.items():
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-marked-content",
                number,
                f"{what}: close the outer marked-content sequence (EMC) before opening this one",
                {"occurrences": count},
            )
        )
    if content.unbalanced:
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-marked-content",
                number,
                "marked-content sequences do not balance (a BMC/BDC without its EMC, or the "
                "reverse): close each in the stream that opens it",
                {"unbalanced": content.unbalanced},
            )
        )
    return findings


def check_mcids(number: int, content: MarkedContent, structure: Structure | None) -> list[Finding]:
    """Every MCID of the page (and of its forms) has its element in the ParentTree, under the
    stream's /StructParents. Without a ParentTree, the document's finding says it all."""
    if structure is None or structure.parent_tree is None:
        return []
    findings = []
    for (owner, key), mcids in content.mcids.items():
        if key is None:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "ua-mcid",
                    number,
                    f"the {owner} has MCIDs but no /StructParents: give it one, and a ParentTree "
                    "entry listing each MCID's element",
                    {"stream": owner},
                )
            )
            continue
        entry = structure.parent_tree.get(key)
        elements = list(entry) if isinstance(entry, pikepdf.Array) else []
        missing = sorted(m for m in mcids if m >= len(elements) or not _is_dictionary(elements[m]))
        if missing:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "ua-mcid",
                    number,
                    f"MCIDs of the {owner} are not in the ParentTree: readers cannot tell which "
                    f"element they belong to; list their elements under key {key}",
                    {
                        "stream": owner,
                        "struct_parents": key,
                        "missing": missing[:SHOWN_MCIDS],
                        "missing_count": len(missing),
                    },
                )
            )
    return findings


def check_annotations(
    number: int, page: pikepdf.Dictionary, structure: Structure | None
) -> list[Finding]:
    """A page with annotations tabs through them in structure order (/Tabs /S); each link is
    described (/Contents) and tagged: a Link element holding an OBJR to it (Matterhorn 28-011,
    28-012)."""
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        annotations = []
    annotations = [a for a in annotations if isinstance(a, pikepdf.Dictionary)]
    findings = []
    if annotations and page.get("/Tabs") != "/S":
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-tab-order",
                number,
                "the page has annotations but no structure tab order: set /Tabs /S on the page",
                {"tabs": str(page.get("/Tabs", "")), "matterhorn": "28-008"},
            )
        )
    for link in (a for a in annotations if a.get("/Subtype") == "/Link"):
        findings += _check_link(number, link, structure)
    return findings


def _check_link(
    number: int, link: pikepdf.Dictionary, structure: Structure | None
) -> list[Finding]:
    name = f"{link.objgen[0]} {link.objgen[1]} R" if link.is_indirect else "direct"
    details = {"annotation": name}
    uri = link.get("/A", {}).get("/URI") if isinstance(link.get("/A"), pikepdf.Dictionary) else None
    if isinstance(uri, pikepdf.String):
        details["uri"] = str(uri)
    findings = []
    contents = link.get("/Contents")
    if not (isinstance(contents, pikepdf.String) and str(contents).strip()):
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-links",
                number,
                "a link without a description: say where it leads in its /Contents",
                {**details, "matterhorn": "28-012"},
            )
        )
    problem = _link_tagging(link, structure)
    if problem:
        findings.append(
            Finding(
                Severity.ERROR, "ua-links", number, problem, {**details, "matterhorn": "28-011"}
            )
        )
    return findings


def _link_tagging(link: pikepdf.Dictionary, structure: Structure | None) -> str | None:
    """What is wrong with the way a link annotation is tagged, if anything."""
    key = link.get("/StructParent")
    if not isinstance(key, int) or isinstance(key, bool):
        return (
            "a link not in the structure tree (no /StructParent): tag it in a Link element "
            "holding an OBJR to the annotation"
        )
    if structure is None or structure.parent_tree is None:
        return None  # the document's findings say so
    element = structure.parent_tree.get(int(key))
    role = (
        standard_role(str(element.get("/S"))[1:], structure.role_map)
        if _is_dictionary(element)
        else None
    )
    if role != "Link":
        return (
            f"a link whose ParentTree entry ({key}) is not a Link element: tag it in a Link "
            "element holding an OBJR to the annotation"
        )
    if not element.is_indirect:
        return (
            f"a link whose ParentTree entry ({key}) is a copy of an element, not the element in "
            "the tree: refer to the Link element itself"
        )
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    if not any(
        _is_dictionary(kid)
        and isinstance(kid.get("/Obj"), pikepdf.Dictionary)
        and link.is_indirect
        and kid["/Obj"].objgen == link.objgen
        for kid in kids
    ):
        return "a link whose Link element holds no OBJR to it: add an OBJR with /Obj the annotation"
    return None


def _is_dictionary(value: object) -> bool:
    return isinstance(value, pikepdf.Dictionary)
