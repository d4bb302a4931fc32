"""The structure tree of a tagged PDF, read for PDF/UA, and the checks made on it: roles that
end in standard types, alternate text on figures, heading levels, table rows.

`read_structure` walks the tree once, in reading order (depth first), into `Element`s; each
check then looks at that list. Elements are named by their object number (`12 0 R`) and the
page their /Pg names, so that a finding can be found in any PDF editor's tag tree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pikepdf

from ..errors import Severity
from .report import Finding

# ISO 32000-1, 14.8.4: the standard structure types PDF/UA-1 knows.
STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 "
    "H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference "
    "BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
NUMBERED_HEADINGS = {f"H{level}": level for level in range(1, 7)}
TABLE_CELLS = {"TH", "TD"}
MAX_ELEMENTS = 2_000_000  # a tree bigger than this is a broken or hostile file
MAX_TREE_DEPTH = 64


@dataclass(frozen=True)
class Element:
    type: str  # as written: "Figure", or a custom type such as "Heading1"
    role: str | None  # the standard type it maps to; None when it maps to none
    obj: pikepdf.Dictionary
    page: int | None  # from its /Pg (or its ancestors'); None when no page is named
    kids: tuple[str | None, ...]  # the roles of its child elements

    @property
    def name(self) -> str:
        number, generation = self.obj.objgen
        return f"{self.type} {number} {generation} R" if number else self.type


@dataclass(frozen=True)
class Structure:
    role_map: dict[str, str]
    parent_tree: dict[int, Any] | None  # None when the tree has no /ParentTree
    elements: list[Element]


def read_structure(pdf: pikepdf.Pdf) -> Structure | None:
    """The document's structure tree, or None when it has none (an untagged PDF)."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return None
    role_map = {}
    if isinstance(mapping := root.get("/RoleMap"), pikepdf.Dictionary):
        role_map = {
            str(k)[1:]: str(v)[1:] for k, v in mapping.items() if isinstance(v, pikepdf.Name)
        }
    parent_tree = root.get("/ParentTree")
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    return Structure(
        role_map,
        number_tree(parent_tree) if isinstance(parent_tree, pikepdf.Dictionary) else None,
        _elements(root, role_map, pages),
    )


def number_tree(node: pikepdf.Dictionary) -> dict[int, Any]:
    """A number tree's keys and values (/Nums pairs, in its /Kids too)."""
    found: dict[int, Any] = {}
    pending, seen = [node], set()
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            items = list(nums)
            for key, value in zip(items[::2], items[1::2], strict=False):
                if isinstance(key, int):
                    found[int(key)] = value
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            pending += list(kids)
    return found


def standard_role(type_: str, role_map: dict[str, str]) -> str | None:
    """The standard type a structure type ends in through the RoleMap; None when the chain
    ends elsewhere or loops. A standard type is itself, whatever the RoleMap says of it."""
    seen = set()
    while type_ not in STANDARD_TYPES:
        if type_ in seen or type_ not in role_map:
            return None
        seen.add(type_)
        type_ = role_map[type_]
    return type_


def check_roles(structure: Structure) -> list[Finding]:
    """Every type used ends in a standard one (Matterhorn 02-001, 02-003); no standard type
    is mapped to another (02-004)."""
    findings = [
        Finding(
            Severity.ERROR,
            "ua-roles",
            None,
            f"the RoleMap maps the standard type {standard} to {target}: remove that mapping "
            "(readers ignore it, so the tags do not mean what was intended)",
            {"type": standard, "mapped_to": target, "matterhorn": "02-004"},
        )
        for standard, target in structure.role_map.items()
        if standard in STANDARD_TYPES
    ]
    unmapped = Counter(e.type for e in structure.elements if e.role is None)
    for type_, count in unmapped.items():
        circular = _is_circular(type_, structure.role_map)
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-roles",
                None,
                f"structure type {type_} "
                + ("is mapped in a circle" if circular else "is not a standard type")
                + ": map it to a standard one (P, H1, Figure…) in the RoleMap",
                {
                    "type": type_,
                    "elements": count,
                    "matterhorn": "02-003" if circular else "02-001",
                },
            )
        )
    return findings


def check_alternate_text(structure: Structure) -> list[Finding]:
    """Every Figure says what it shows, in /Alt or /ActualText (Matterhorn 13-004)."""
    return [
        Finding(
            Severity.ERROR,
            "ua-alt-text",
            element.page,
            "a Figure without alternate text: describe the picture in its /Alt "
            "(or mark a decorative one as an Artifact)",
            {"element": element.name, "matterhorn": "13-004"},
        )
        for element in structure.elements
        if element.role == "Figure"
        and not (_text(element, "/Alt") or _text(element, "/ActualText"))
    ]


def check_headings(structure: Structure) -> list[Finding]:
    """Numbered headings start at H1 (Matterhorn 14-002) and go down one level at a time
    (14-003); H and H1–H6 are not mixed (14-007). Without numbered headings, a warning:
    nothing to navigate by, or levels nobody can check."""
    headings = [e for e in structure.elements if e.role in NUMBERED_HEADINGS]
    plain = [e for e in structure.elements if e.role == "H"]
    findings = []
    if not headings:
        said = "only unnumbered headings (H)" if plain else "no headings"
        return [
            Finding(
                Severity.WARNING,
                "ua-headings",
                None,
                f"{said}: tag the titles as H1–H6 so that readers can navigate by them",
                {"numbered_headings": 0, "unnumbered_headings": len(plain)},
            )
        ]
    if plain:
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-headings",
                plain[0].page,
                "both H and H1–H6 headings: use numbered headings only",
                {"element": plain[0].name, "matterhorn": "14-007"},
            )
        )
    first = headings[0]
    if first.role != "H1":
        findings.append(
            Finding(
                Severity.ERROR,
                "ua-headings",
                first.page,
                f"the first heading is {first.role}, not H1: start the headings at H1",
                {"element": first.name, "matterhorn": "14-002"},
            )
        )
    for before, heading in pairwise(headings):
        level, previous = NUMBERED_HEADINGS[heading.role], NUMBERED_HEADINGS[before.role]
        if level > previous + 1:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "ua-headings",
                    heading.page,
                    f"{heading.role} follows {before.role}: a heading level is skipped; make it "
                    f"H{previous + 1}",
                    {"element": heading.name, "previous": before.name, "matterhorn": "14-003"},
                )
            )
    return findings


def check_tables(structure: Structure) -> list[Finding]:
    """A table row (TR) holds cells (TH or TD) and nothing else."""
    return [
        Finding(
            Severity.ERROR,
            "ua-tables",
            row.page,
            f"a table row (TR) holds {', '.join(sorted({str(k) for k in strays}))}: put every "
            "cell of a row in TH or TD",
            {"element": row.name, "children": [str(k) for k in strays]},
        )
        for row in structure.elements
        if row.role == "TR" and (strays := [k for k in row.kids if k not in TABLE_CELLS])
    ]


def _elements(
    root: pikepdf.Dictionary, role_map: dict[str, str], pages: dict[tuple[int, int], int]
) -> list[Element]:
    """The structure elements below `root` in reading order (preorder)."""
    found: list[Element] = []
    seen: set[tuple[int, int]] = set()
    # (node, the page its ancestors name, depth); reversed kids: popped in their order
    pending: list[tuple[Any, int | None, int]] = [
        (k, None, 0) for k in reversed(element_kids(root))
    ]
    while pending and len(found) < MAX_ELEMENTS:
        node, page, depth = pending.pop()
        if not _is_element(node) or depth > MAX_TREE_DEPTH:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        pg = node.get("/Pg")
        page = pages.get(pg.objgen, page) if isinstance(pg, pikepdf.Dictionary) else page
        kids = [k for k in element_kids(node) if _is_element(k)]
        type_ = str(node.get("/S"))[1:]
        found.append(
            Element(
                type_,
                standard_role(type_, role_map),
                node,
                page,
                tuple(standard_role(str(k.get("/S"))[1:], role_map) for k in kids),
            )
        )
        pending += [(kid, page, depth + 1) for kid in reversed(kids)]
    return found


def element_kids(node: pikepdf.Dictionary) -> list:
    """A structure element's kids (its /K: one, an array of them, or none) as a list."""
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]


def _is_element(node: Any) -> bool:
    """A structure element: a dictionary with a structure type; not a marked-content or
    object reference (/Type /MCR, /OBJR) nor an MCID (an integer)."""
    return isinstance(node, pikepdf.Dictionary) and isinstance(node.get("/S"), pikepdf.Name)


def _text(element: Element, key: str) -> str:
    value = element.obj.get(key)
    return str(value).strip() if isinstance(value, pikepdf.String) else ""


def _is_circular(type_: str, role_map: dict[str, str]) -> bool:
    seen = set()
    while type_ in role_map and type_ not in STANDARD_TYPES:
        if type_ in seen:
            return True
        seen.add(type_)
        type_ = role_map[type_]
    return False
