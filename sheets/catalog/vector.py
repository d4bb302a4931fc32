"""A logo drawn as vectors (SVG, read by svglib into a ReportLab drawing): sharp at any size.
Refused when it holds text, which would need fonts the press may not have, or pictures, which
an SVG may fetch from anywhere on the disk."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from lxml import etree
from reportlab.graphics.shapes import Drawing, Group, Image, String

from ..errors import Problem, Severity, shown
from ..model import Catalog
from .images import ImageProblem, file_stamp, unreadable

MAX_SVG_BYTES = 2 * 1024 * 1024  # a logo's drawing: far more than any real one


def check_logo(catalog: Catalog) -> list[Problem]:
    """An error when the catalog's logo is an SVG that cannot be used."""
    if catalog.logo is None or not is_vector(catalog.logo):
        return []
    try:
        read_svg(catalog.logo)
    except ImageProblem as exc:
        said = f"logo {shown(catalog.logo.name)} {exc}"
        return [Problem(Severity.ERROR, said, catalog.source, hint=exc.hint)]
    return []


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

    # svglib logs what it skips instead of raising: nothing for the user there.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(path)
    except Exception:
        drawing = None
    if drawing is None or not drawing.width or not drawing.height:
        raise ImageProblem("is not an SVG drawing", "export the logo again as SVG, or as a PNG")
    kinds = {type(node) for node in shapes(drawing)} | _elements(path)
    if String in kinds:
        raise ImageProblem(
            "holds text, which needs fonts the press may not have",
            "turn its text into outlines (paths) in the drawing program, or export it as a PNG",
        )
    if Image in kinds:
        raise ImageProblem("holds pictures", "keep only shapes in the logo, or export it as a PNG")
    return drawing


def _elements(path: str) -> set[type]:
    """The shapes the SVG's own elements stand for, of those svglib leaves out when it cannot
    draw them (a picture it cannot find, a text in a font it lacks)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tags = {str(element.tag).rsplit("}", 1)[-1] for element in etree.parse(path, parser).iter()}
    except (etree.XMLSyntaxError, OSError):
        return set()
    return {kind for tag, kind in (("text", String), ("image", Image)) if tag in tags}


def shapes(group: Group):
    """Every shape of a drawing, those in its groups too."""
    for node in group.contents:
        yield node
        if isinstance(node, Group):
            yield from shapes(node)
