"""The theme's `background`: a designer's PDF drawn under the pages (`render/background.py`),
checked as the press will take it (a PDF, no password, its fonts embedded) and as the pages need
it (the pages named are there, each the size of the trim, or of the trim and the bleed)."""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from reportlab.lib.units import mm
from yaml.nodes import MappingNode, Node, ScalarNode

from ..errors import counted, shown
from ..model import Background
from ..preflight.content import read_page_content, reason
from .image_paths import ImagePaths
from .images import unreadable
from .reader import FieldReader, kind
from .settings_schema import BACKGROUND

MAX_BACKGROUND_BYTES = 20 * 1024 * 1024  # a page of vectors and a photo or two: far less
SIZE_TOLERANCE_PT = 1.0  # tools round A4 to 595 × 842 pt or 595.276 × 841.89 pt
_EXPORT = "export it again from the designer's program as a PDF"
_IN_MEMORY = re.compile(r"^stream <[^>]*>:\s*")


@dataclass(frozen=True)
class _Page:
    """A page of the background the pages use, and where its number is written."""

    number: int
    node: Node


def read_background(
    reader: FieldReader,
    node: Node,
    paths: ImagePaths,
    sizes: tuple[tuple[float, float], float] | None,
) -> Background | None:
    """The background the theme names (a path, or a mapping of `BACKGROUND`), checked for pages
    of `sizes`: their trim size and their bleed, in points (None: not known, not checked); None
    having said to `reader` why it cannot be used."""
    settings: dict = {}
    file_node = node
    if not isinstance(node, MappingNode | ScalarNode):
        reader.error(
            node,
            f"'background' must be a PDF's path, or a mapping, found {kind(node)}",
            "write 'background: images/letterhead.pdf', or 'file:' and 'other:' lines under it",
        )
        return None
    if isinstance(node, MappingNode):
        entries = reader.mapping(node, BACKGROUND)
        if entries is None or "file" not in entries:
            return None
        file_node = entries["file"].value
        for key in BACKGROUND.keys[1:]:
            if key.name in entries:
                settings[key.field or key.name] = reader.value(entries, key, BACKGROUND.where)
        if None in settings.values():
            return None
        number = settings.get("first", 1)
        first = _Page(number, entries["first"].value if "first" in entries else file_node)
        number = settings.get("other", first.number)
        other = _Page(number, entries["other"].value if "other" in entries else first.node)
    else:
        first = other = _Page(1, node)
    path = paths.read(reader, file_node, "background")
    if path is None:
        return None
    written = shown(file_node.value.strip())
    data = _read(reader, file_node, path, written)
    if data is None or not _usable(reader, file_node, written, data, (first, other), sizes):
        return None
    return Background(
        path,
        data,
        hashlib.sha256(data).hexdigest(),
        first.number,
        other.number,
        settings.get("outputs", Background.outputs),
    )


def _read(reader: FieldReader, node: Node, path, written: str) -> bytes | None:
    try:
        size = path.stat().st_size
        if size <= MAX_BACKGROUND_BYTES:
            return path.read_bytes()
    except OSError as exc:
        reader.error(node, f"background {written} {unreadable(exc)[0]}", unreadable(exc)[1])
        return None
    reader.error(
        node,
        f"background {written} is {size / 2**20:.1f} MB, more than a background's "
        f"{MAX_BACKGROUND_BYTES // 2**20} MB",
        "export it again with its photos at 300 ppi of their size on the page",
    )
    return None


def _usable(
    reader: FieldReader,
    node: Node,
    written: str,
    data: bytes,
    pages: tuple[_Page, _Page],
    sizes: tuple[tuple[float, float], float] | None,
) -> bool:
    """Whether the file is a PDF the pages can be drawn on; an error for each reason it is not."""
    if not data.lstrip(b"\0\t\n\f\r ").startswith(b"%PDF-"):
        reader.error(node, f"background {written} is not a PDF", _EXPORT)
        return False
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        pdf = None
    except Exception as exc:  # anything qpdf raises on a damaged file means: unreadable
        said = _IN_MEMORY.sub("", reason(exc))  # qpdf names the stream it read the bytes from
        reader.error(node, f"background {written} is not a readable PDF ({said})", _EXPORT)
        return False
    if pdf is None or pdf.is_encrypted:
        reader.error(
            node,
            f"background {written} is encrypted",
            "save it again without a password or permissions: its pages are copied into every "
            "output",
        )
        return False
    with pdf:
        count = len(pdf.pages)
        usable = True
        if _hidden_layers(pdf):
            reader.error(
                node,
                f"background {written} has layers hidden in it (a die line, notes): drawn under "
                "the pages, they would show",
                "delete its hidden layers, or flatten it, in the designer's program",
            )
            usable = False
        for page in {page.number: page for page in pages}.values():
            if page.number > count:
                reader.error(
                    page.node,
                    f"background {written} has {counted(count, 'page')}: there is no page "
                    f"{page.number}",
                    f"name a page from 1 to {count} in 'first' and 'other'",
                )
                usable = False
                continue
            problem = _page_problem(pdf.pages[page.number - 1], sizes)
            if problem is not None:
                message, hint = problem
                reader.error(page.node, f"background {written} page {page.number} {message}", hint)
            elif _transparent(pdf.pages[page.number - 1].obj):
                reader.warn(
                    page.node,
                    f"background {written} page {page.number} uses transparency: PDF/X-3 has "
                    "none, so with --pdfx every page it is under is turned into an image",
                    "flatten its transparency in the designer's program (a PDF/X-1a or X-3 "
                    "export does)",
                )
                usable = False
    return usable


def _page_problem(
    page: pikepdf.Page, sizes: tuple[tuple[float, float], float] | None
) -> tuple[str, str] | None:
    """Why a page of the background cannot be drawn under pages of these `sizes` (trim, bleed),
    with what to do about it; None when it can."""
    if _rotation(page.obj) % 360:
        return "is rotated (/Rotate)", "save the page upright, unrotated, in the designer's program"
    try:
        if _drawing_too_large(page.obj):
            return (
                f"draws more than {MAX_DRAWING // 2**20} MB once decompressed",
                "simplify it, or flatten its drawing to an image, in the designer's program",
            )
        fonts = read_page_content(page).fonts
        size = _size(page.trimbox)  # its CropBox, or MediaBox, when it has no TrimBox
    except Exception as exc:  # a damaged drawing or box: qpdf's reasons are all one to the user
        return f"cannot be read ({reason(exc)})", _EXPORT
    missing = sorted(name for name, embedded in fonts.items() if not embedded)
    if missing:
        return (
            f"uses {'fonts' if len(missing) > 1 else 'a font'} not embedded in it: "
            f"{', '.join(missing)}",
            "export it with its fonts embedded, or its text turned into outlines: a press "
            "refuses fonts it does not have",
        )
    if sizes is None:
        return None
    (trim, bleed), has_trim = sizes, "/TrimBox" in page.obj
    with_bleed = (trim[0] + 2 * bleed, trim[1] + 2 * bleed)
    if _close(size, trim) or (not has_trim and _close(size, with_bleed)):
        return None
    what = "has a TrimBox of" if has_trim else "is"
    also = "" if has_trim else f", or {_mm(with_bleed)} with the {bleed / mm:g} mm bleed"
    return (
        f"{what} {_mm(size)}: the pages are {_mm(trim)}{also}",
        "export the page at the pages' size, with its bleed for print"
        if not has_trim
        else "give it the pages' trim size in the designer's program",
    )


MAX_OBJECTS = 100_000  # read of a background's resources, at most: its pages are drawn whole
MAX_DRAWING = 20 * 1024 * 1024  # decompressed bytes of a page's drawing: a letterhead has kilobytes
_NONE, _OFF = pikepdf.Name("/None"), pikepdf.Name("/OFF")


def _reached(page: pikepdf.Dictionary, *roots: str) -> Iterator[pikepdf.Object]:
    """The dictionaries and streams the page's `roots` reach (its resources: fonts, forms,
    patterns, graphics states), each once, at most MAX_OBJECTS of them."""
    stack, seen = [page.get(root) for root in roots], set()
    while stack and len(seen) < MAX_OBJECTS:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack += list(item)
            continue
        if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        yield item
        keys = list(item.keys())  # a stream's dictionary's too
        stack += [item.get(key) for key in keys if key not in ("/Parent", "/P")]


def _transparent(page: pikepdf.Dictionary) -> bool:
    """Whether the page draws with transparency: an opacity below 1, a soft mask, a blend mode
    but Normal, or a transparency group, in the page or anything its resources reach."""
    for item in _reached(page, "/Group", "/Resources"):
        if any(float(item.get(key, 1)) < 1 for key in ("/CA", "/ca")):
            return True
        if item.get("/SMask", _NONE) != _NONE:
            return True
        if item.get("/BM", pikepdf.Name.Normal) not in (
            pikepdf.Name.Normal,
            pikepdf.Name.Compatible,
        ):
            return True
        if item.get("/S") == pikepdf.Name.Transparency:
            return True
    return False


def _drawing_too_large(page: pikepdf.Dictionary) -> bool:
    """Whether the page's drawing (its content, and the forms and patterns it draws: what is
    read to check its fonts, not the fonts' or images' data) is over MAX_DRAWING decompressed: a
    few kilobytes can inflate to gigabytes. Measured as it inflates, never held whole."""
    drawings = [*_reached(page, "/Contents")] + [
        item
        for item in _reached(page, "/Resources")
        if item.get("/Subtype") == pikepdf.Name.Form or "/PatternType" in item
    ]
    left = MAX_DRAWING
    for item in drawings:
        if isinstance(item, pikepdf.Stream):
            left -= _inflated_size(item, left + 1)
            if left < 0:
                return True
    return False


def _inflated_size(stream: pikepdf.Stream, at_most: int) -> int:
    """The stream's decoded size, counted up to `at_most`: a Flate stream inflated a piece at a
    time, any other as qpdf decodes it."""
    if stream.get("/Filter") not in (
        pikepdf.Name.FlateDecode,
        pikepdf.Array([pikepdf.Name.FlateDecode]),
    ):
        return len(stream.read_bytes())
    inflater, data, size = zlib.decompressobj(), stream.read_raw_bytes(), 0
    while data and size < at_most:
        size += len(inflater.decompress(data, 1 << 20))
        data = inflater.unconsumed_tail
    return size


def _hidden_layers(pdf: pikepdf.Pdf) -> bool:
    """Whether the file has optional content off by default, or off in print: its pages are
    copied as drawings, which show every layer."""
    properties = pdf.Root.get("/OCProperties")
    if not isinstance(properties, pikepdf.Dictionary):
        return False
    default = properties.get("/D")
    if isinstance(default, pikepdf.Dictionary) and len(default.get("/OFF", [])) > 0:
        return True
    for layer in properties.get("/OCGs", []):
        usage = layer.get("/Usage", {}) if isinstance(layer, pikepdf.Dictionary) else {}
        printing = usage.get("/Print", {}) if isinstance(usage, pikepdf.Dictionary) else {}
        if isinstance(printing, pikepdf.Dictionary) and printing.get("/PrintState") == _OFF:
            return True
    return False


def _rotation(page: pikepdf.Dictionary) -> int:
    """The page's /Rotate, which it may inherit from its page tree."""
    node, depth = page, 0
    while isinstance(node, pikepdf.Dictionary) and depth < 64:
        if "/Rotate" in node:
            try:
                return int(node.Rotate)
            except (TypeError, ValueError):
                return 0
        node, depth = node.get("/Parent"), depth + 1
    return 0


def _size(box) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(value) for value in box)
    return abs(x1 - x0), abs(y1 - y0)


def _close(size: tuple[float, float], wanted: tuple[float, float]) -> bool:
    return all(abs(a - b) <= SIZE_TOLERANCE_PT for a, b in zip(size, wanted, strict=True))


def _mm(size: tuple[float, float]) -> str:
    width, height = (round(length / mm, 1) for length in size)
    return f"{width:g} × {height:g} mm"
