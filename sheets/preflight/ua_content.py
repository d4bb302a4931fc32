"""Marked content for PDF/UA: which painting operators of a page are tagged (inside a
marked-content sequence with an MCID), which are artifacts (inside /Artifact), and which are
neither, following the page's content stream into the forms it draws.

A form drawn inside a sequence belongs to it: its operators are marked when the `Do` is. MCIDs
in a form's own stream belong to the form's /StructParents, not the page's. The fonts each
stream selects are collected on the way, so that a UA check reads every stream once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from .content import MAX_FORM_DEPTH, font_is_embedded, named_resource

# What each painting operator paints, as the findings name it.
PAINTING = {
    **dict.fromkeys(("Tj", "TJ", "'", '"'), "text"),
    **dict.fromkeys(("f", "F", "f*", "S", "s", "B", "B*", "b", "b*"), "paths"),
    "sh": "shadings",
    "INLINE IMAGE": "images",
}
_WALKED = " ".join(sorted({"BMC", "BDC", "EMC", "Do", "Tf", "BI", "ID", "EI"} | set(PAINTING)))
ARTIFACT, TAGGED, OTHER = "artifact", "tagged", "other"  # the kinds of marked-content sequence
# A sequence opened inside another that PDF/UA forbids: (inner, outer) → what the finding says.
NESTING = {
    (TAGGED, TAGGED): "an MCID inside another MCID",
    (TAGGED, ARTIFACT): "tagged content inside an Artifact",  # Matterhorn 01-004
    (ARTIFACT, TAGGED): "an Artifact inside tagged content",  # Matterhorn 01-003
}


@dataclass
class MarkedContent:
    """What one page's content streams (and the forms they draw) mark and leave unmarked."""

    unmarked: Counter[str] = field(default_factory=Counter)  # "text" → operators painted bare
    nested: Counter[str] = field(default_factory=Counter)  # NESTING's values → occurrences
    unbalanced: int = 0  # EMC without BMC/BDC, or sequences left open at the stream's end
    # (owner, its /StructParents or None) → the MCIDs used; owner is "page" or "form /Fm0".
    mcids: dict[tuple[str, int | None], set[int]] = field(default_factory=dict)
    fonts: dict[str, bool] = field(default_factory=dict)  # font name → its program is embedded

    def add(self, other: MarkedContent) -> None:
        self.unmarked.update(other.unmarked)
        self.nested.update(other.nested)
        self.unbalanced += other.unbalanced
        for owner, mcids in other.mcids.items():
            self.mcids.setdefault(owner, set()).update(mcids)
        for name, embedded in other.fonts.items():
            self.fonts[name] = self.fonts.get(name, True) and embedded


@dataclass
class Seen:
    """What the pages of a document share, read once: a form drawn again in the same context
    gives the same result (a logo on 2000 pages), a font is embedded or not on every page."""

    # (the form's object, the kind of sequence it is drawn in) → what it marks
    forms: dict[tuple[tuple[int, int], str | None], MarkedContent] = field(default_factory=dict)
    fonts: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)


def read_marked_content(page: pikepdf.Page, seen: Seen | None = None) -> MarkedContent:
    """Walk the page's content and the forms it draws; raises on an unreadable stream."""
    found = MarkedContent()
    if "/Contents" not in page.obj:
        return found
    resources = _inherited(page.obj, "/Resources")
    owner = ("page", _struct_parents(page.obj, "/StructParents"))
    operations = pikepdf.parse_content_stream(page.obj, _WALKED)
    _walk(operations, resources, None, owner, found, seen or Seen(), 0)
    return found


def _walk(
    operations: list,
    resources: Any,
    inherited: str | None,
    owner: tuple[str, int | None],
    found: MarkedContent,
    seen: Seen,
    depth: int,
) -> None:
    """`inherited` is the kind of sequence (TAGGED or ARTIFACT) a form is drawn in, if any.
    Operands are read only where needed: reading them costs more than the rest of the loop."""
    stack: list[str] = []
    open_kinds = Counter({inherited: 1} if inherited else {})
    for instruction in operations:
        operator = str(instruction.operator)
        kind = PAINTING.get(operator)
        if kind is not None:
            if not (open_kinds[TAGGED] or open_kinds[ARTIFACT]):
                found.unmarked[kind] += 1
        elif operator == "EMC":
            if stack:
                open_kinds[stack.pop()] -= 1
            else:
                found.unbalanced += 1
        elif operator in ("BDC", "BMC"):
            sequence, mcid = _sequence(instruction.operands, resources)
            for outer in (TAGGED, ARTIFACT):
                if open_kinds[outer] and (sequence, outer) in NESTING:
                    found.nested[NESTING[sequence, outer]] += 1
            if mcid is not None:
                found.mcids.setdefault(owner, set()).add(mcid)
            stack.append(sequence)
            open_kinds[sequence] += 1
        elif operator == "Do" and (operands := instruction.operands):
            context = TAGGED if open_kinds[TAGGED] else ARTIFACT if open_kinds[ARTIFACT] else None
            _draw(operands[0], resources, context, found, seen, depth)
        elif operator == "Tf" and (operands := instruction.operands):
            font = named_resource(resources, "/Font", operands[0])
            if font is not None:
                name, embedded = _font(font, operands[0], seen)
                found.fonts[name] = found.fonts.get(name, True) and embedded
    found.unbalanced += len(stack)


def _font(font: pikepdf.Dictionary, name: pikepdf.Name, seen: Seen) -> tuple[str, bool]:
    """The font's name and whether its program is embedded, read once for a shared font."""
    if font.is_indirect and font.objgen in seen.fonts:
        return seen.fonts[font.objgen]
    read = (str(font.get("/BaseFont") or name).lstrip("/"), font_is_embedded(font))
    if font.is_indirect:
        seen.fonts[font.objgen] = read
    return read


def _sequence(operands: list, resources: Any) -> tuple[str, int | None]:
    """The kind of sequence a BMC/BDC opens, and its MCID if it has one. The properties are
    inline or named in the resources' /Properties."""
    tag = operands[0] if operands else None
    if tag == "/Artifact":
        return ARTIFACT, None
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Name):
        properties = named_resource(resources, "/Properties", properties)
    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
    if isinstance(mcid, int) and not isinstance(mcid, bool):
        return TAGGED, int(mcid)
    return OTHER, None


def _draw(
    name: Any,
    resources: Any,
    context: str | None,
    found: MarkedContent,
    seen: Seen,
    depth: int,
) -> None:
    xobject = named_resource(resources, "/XObject", name)
    if not isinstance(xobject, pikepdf.Stream):
        return
    if xobject.get("/Subtype") == "/Image":
        if context is None:
            found.unmarked["images"] += 1
        return
    if xobject.get("/Subtype") != "/Form" or depth >= MAX_FORM_DEPTH:
        return
    if context is None and "/StructParent" in xobject:  # the whole form is one tagged item
        context = TAGGED
    key = (xobject.objgen, context)
    if key not in seen.forms:
        form_resources = xobject.get("/Resources")
        if not isinstance(form_resources, pikepdf.Dictionary):
            form_resources = resources
        owner = (f"form {name}", _struct_parents(xobject, "/StructParents"))
        seen.forms[key] = inside = MarkedContent()
        operations = pikepdf.parse_content_stream(xobject, _WALKED)
        _walk(operations, form_resources, context, owner, inside, seen, depth + 1)
    found.add(seen.forms[key])


def _struct_parents(holder: pikepdf.Object, key: str) -> int | None:
    value = holder.get(key)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _inherited(page: pikepdf.Dictionary, key: str) -> Any:
    node, seen = page, 0
    while isinstance(node, pikepdf.Dictionary) and seen < 64:
        if key in node:
            return node[key]
        node, seen = node.get("/Parent"), seen + 1
    return None
