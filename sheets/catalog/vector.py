"""A logo drawn as vectors (SVG, read by svglib into a ReportLab drawing): sharp at any size.
Refused when it holds text, which would need fonts the press may not have, or pictures, which
an SVG may fetch from anywhere on the disk."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from lxml import etree
from reportlab.graphics.shapes import Drawing, Group, Image, String

from .images import ImageProblem, file_stamp, unreadable

MAX_SVG_BYTES = 512 * 1024  # a logo's drawing: far more than any real one


def is_vector(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def read_svg(path: Path) -> Drawing:
    """The SVG as a drawing; ImageProblem when it cannot be used."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ImageProblem(*unreadable(exc)) from None
    if stat.st_size > MAX_SVG_BYTES:
        raise ImageProblem(
            f"is {stat.st_size // 1024} KB, more than a logo's {MAX_SVG_BYTES // 1024} KB",
            "simplify the drawing, or export the logo as a PNG",
        )
    return _drawing(str(path), tuple(file_stamp(stat)))


@functools.lru_cache(maxsize=16)
def _drawing(path: str, stamp: tuple[int, ...]) -> Drawing:
    from svglib.svglib import svg2rlg  # only a catalog with an SVG logo pays for loading it

    _check_elements(path)
    # svglib logs what it skips instead of raising: nothing for the user there.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(path)
    except Exception:
        drawing = None
    if drawing is None or not all(0 < size < MAX_SIZE for size in (drawing.width, drawing.height)):
        raise ImageProblem(
            "is not an SVG drawing of a size a page can hold",
            "give the SVG a width and a height (or a viewBox), or export the logo as a PNG",
        )
    kinds = {type(node) for node in shapes(drawing)}
    if String in kinds:
        raise _text()
    if Image in kinds:
        raise _pictures()
    return drawing


MAX_ELEMENTS = 5000  # a logo's shapes: far more than any real one
MAX_SIZE = 14400  # points, the largest page a PDF reader shows (200 inches)


def _text() -> ImageProblem:
    return ImageProblem(
        "holds text, which needs fonts the press may not have",
        "turn its text into outlines (paths) in the drawing program, or export it as a PNG",
    )


def _pictures() -> ImageProblem:
    return ImageProblem("holds pictures", "keep only shapes in the logo, or export it as a PNG")


def _check_elements(path: str) -> None:
    """Refuse, before svglib draws it, an SVG that is not one, holds text or pictures (which
    svglib may leave out silently), refers to other files, or repeats its shapes so often that
    a few lines would take minutes to draw."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(path, parser).getroot()
    except (etree.XMLSyntaxError, OSError, ValueError):
        raise ImageProblem(
            "is not an SVG drawing", "export the logo again as SVG, or as a PNG"
        ) from None
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if len(elements) > MAX_ELEMENTS:
        raise ImageProblem(
            f"holds more than {MAX_ELEMENTS} shapes", "simplify it, or export it as a PNG"
        )
    names = {e.tag.rsplit("}", 1)[-1] for e in elements}
    if names & {"text", "tspan", "textPath"}:
        raise _text()
    if names & {"image", "foreignObject"}:
        raise _pictures()
    links = [(e, value) for e in elements for k, value in e.attrib.items() if k.endswith("href")]
    if any(not value.startswith("#") for _, value in links):
        raise ImageProblem(
            "refers to other files", "keep every shape in the logo's own file, or export a PNG"
        )
    if root.getroottree().docinfo.internalDTD is not None:  # entities may hide text there
        raise ImageProblem(
            "declares its own entities", "save the logo as plain SVG, or export it as a PNG"
        )
    if any(_name(e) == "symbol" and e.get("viewBox") for e in elements):
        raise ImageProblem(  # svglib draws them unscaled
            "draws symbols scaled by their own viewBox",
            "save the logo as plain SVG (symbols expanded), or export it as a PNG",
        )
    if _drawn_shapes(root, elements) > MAX_ELEMENTS:
        raise ImageProblem(
            f"draws more than {MAX_ELEMENTS} shapes once its repeats (<use>) are counted",
            "simplify it, or export the logo as a PNG",
        )


def _drawn_shapes(root, elements: list) -> int:
    """How many elements the drawing holds with every `<use>` standing for what it repeats; a
    repeat that comes back to itself counts as too many."""
    by_id = {e.get("id"): e for e in elements if e.get("id")}
    counted: dict[int, int] = {}
    open_: set[int] = set()

    def size(element) -> int:
        known = counted.get(id(element))
        if known is not None:
            return known
        if id(element) in open_:
            return MAX_ELEMENTS + 1  # a cycle
        open_.add(id(element))
        total = 1 + sum(size(child) for child in element if isinstance(child.tag, str))
        if _name(element) == "use":
            href = next((v for k, v in element.attrib.items() if k.endswith("href")), "")
            target = by_id.get(href[1:])
            total += size(target) if target is not None else 0
        open_.discard(id(element))
        counted[id(element)] = total = min(total, MAX_ELEMENTS + 1)
        return total

    return size(root)


def _name(element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def shapes(group: Group):
    """Every shape of a drawing, those in its groups too."""
    for node in group.contents:
        yield node
        if isinstance(node, Group):
            yield from shapes(node)
