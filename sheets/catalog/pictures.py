"""Images as a catalog writes them: a path, or its `file` and `alt` text (what it shows, for
readers who cannot see it); the alt text of a product photo that has none, and the one warning
that counts them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, Severity, shown
from .image_paths import ImagePaths
from .reader import Entry, FieldReader, is_empty
from .schema import IMAGE

NAMED = 3  # the products the warning on missing alt texts names; it counts the others


@dataclass(frozen=True)
class Written:
    """An image as written: the node of its path, and its alt text in the language published
    (None: not given)."""

    path: Node
    alt: str | None = None


@dataclass(frozen=True)
class Photo:
    """A product's photo, as read: its file, its alt text if given, and where it is written."""

    path: Path
    alt: str | None
    written: ScalarNode


@dataclass(frozen=True)
class MissingAlt:
    """A product photo without alt text, and its place: the warning names the first few."""

    file: Path
    line: int
    column: int
    product: str | None
    written: str


def read_written(reader: FieldReader, node: Node, product: str | None = None) -> Written | None:
    """`node` as an image: a path, or a mapping of its `file` and `alt`; None having said to
    `reader` why not."""
    if not isinstance(node, MappingNode):
        return Written(node)
    entries = reader.mapping(node, IMAGE, product)
    if entries is None or "file" not in entries or is_empty(entries["file"].value):
        return None  # reported
    alt = reader.translated(entries, "alt", IMAGE.where, product)
    return Written(entries["file"].value, alt if alt and _says_something(alt) else None)


def _says_something(text: str) -> bool:
    """Whether a reader would hear anything: not only spaces and invisible characters (a
    zero-width space)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def read_photos(
    reader: FieldReader, paths: ImagePaths, entry: Entry, where: str, product: str | None
) -> list[Photo]:
    """A product's photos under `images` (a list, or one image), each file once."""
    nodes = entry.value.value if isinstance(entry.value, SequenceNode) else [entry.value]
    photos: list[Photo] = []
    for node in nodes:
        written = read_written(reader, node, product)
        if written is None:
            continue
        if not isinstance(written.path, ScalarNode) or not written.path.value.strip():
            reader.error(
                written.path, f"each image of {where} must be a file path", product=product
            )
            continue
        path = paths.read(reader, written.path, "image", product)
        if path is None:
            continue
        if any(photo.path == path for photo in photos):
            reader.warn(
                written.path,
                f"image {shown(written.path.value.strip())} is listed twice",
                "remove the second mention",
                product,
            )
        else:
            photos.append(Photo(path, written.alt, written.path))
    return photos


def image_alt(title: str, number: int, labels: dict) -> str:
    """The alt text of a product's photo given none: its title and the photo's number, from 1
    (`La Libération de Paris, photo 1`)."""
    return labels["image_alt"].format(title=title, number=number)


def missing_alts_warning(missing: list[MissingAlt]) -> list[Problem]:
    """One warning for every product photo without alt text, at the first one's place: a
    catalog of a thousand products gets a line, not a thousand."""
    if not missing:
        return []
    first = missing[0]
    hint = (
        f"describe what each photo shows, as in 'images: [{{file: {first.written}, alt: …}}]'; "
        "until then a screen reader hears the product's title and the photo's number"
    )
    products = list(dict.fromkeys(m.product for m in missing if m.product is not None))
    if len(missing) == 1:
        message = f"image {shown(first.written)} has no 'alt' text"
    else:
        named = ", ".join(products[:NAMED])
        others = len(products) - NAMED
        if others > 0:
            named += f" and {others} other product{'s' if others > 1 else ''}"
        message = f"{len(missing)} product images have no 'alt' text ({named})"
    product = first.product if len(products) == 1 else None
    return [Problem(Severity.WARNING, message, first.file, first.line, first.column, product, hint)]
