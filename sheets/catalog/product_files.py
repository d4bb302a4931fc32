"""Products written in the files of a folder the catalog names (`products: products`), for a
catalog too large for one file: the folder's files found, and each read with the catalog's own
protections, its nodes dropped as soon as its products are read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from yaml.nodes import ScalarNode

from ..errors import shown
from .images import unreadable
from .source import SourceError, parse_yaml, printable_text, read_catalog_text, top_level_text

if TYPE_CHECKING:  # what reads the products loads ReportLab: a build's record needs none of it
    from ..model import Product
    from .products import ProductsReader

SUFFIX = ".yaml"
_TOO_LARGE = "move some of its products into another file of the folder"
_NOT_TEXT = f"remove the file from the folder: each {SUFFIX} file there is read as products"


def folder_files(folder: Path, catalog: Path) -> list[Path]:
    """The files of the folder read as products, in name order: its `.yaml` files, but for
    hidden ones (an editor's or a system's) and the catalog itself. OSError when the folder
    cannot be listed."""
    return sorted(
        (
            path
            for path in folder.iterdir()
            if path.suffix == SUFFIX
            and not path.name.startswith(".")
            and path.is_file()
            and not path.samefile(catalog)
        ),
        key=lambda path: path.name,
    )


def product_files(catalog: Path) -> list[Path]:
    """The products files of a catalog that names a folder, found without reading the catalog
    through (what a build's record of its inputs covers); [] when the catalog lists its
    products, or when they cannot be found (reading the catalog then says why)."""
    folder = products_folder(catalog)
    try:
        return folder_files(folder, catalog) if folder else []
    except OSError:
        return []


def products_folder(catalog: Path) -> Path | None:
    """The folder a catalog names for its products (which may lack, or hold no file); None when
    it lists them, or cannot be read."""
    try:
        written = top_level_text(catalog.read_text(encoding="utf-8-sig"), "products")
    except (OSError, UnicodeDecodeError):
        return None
    return catalog.parent / written.strip() if written and written.strip() else None


def read_products_folder(reader: ProductsReader, node: ScalarNode) -> list[Product]:
    """The products of every file of the folder `node` names, in the files' name order."""
    written = node.value.strip()
    catalog = reader.path
    folder = catalog.parent / written
    inside = reader.folder  # the catalog's folder, where images are too
    if Path(written).is_absolute() or not folder.resolve().is_relative_to(inside):
        reader.error(
            node,
            f"the products folder {shown(written)} is outside the catalog's folder",
            f"move it into {inside.name}/ and give its path from there",
        )
        return []
    try:
        files = folder_files(folder, catalog)
    except (FileNotFoundError, NotADirectoryError):
        is_file = folder.is_file()
        reader.error(
            node,
            f"'products' names {shown(written)}, "
            + ("a file, not a folder" if is_file else "which is not there"),
            "give the products as a list ('- reference: …'), or name a folder of "
            f"{SUFFIX} files of products (paths are relative to the catalog's folder, {inside})",
        )
        return []
    except OSError as exc:
        reason, hint = unreadable(exc)
        reader.error(node, f"the products folder {shown(written)} {reason}", hint)
        return []
    if not files:
        reader.error(
            node,
            f"the products folder {shown(written)} holds no {SUFFIX} file: there is nothing to "
            "build",
            f"write the products into {SUFFIX} files there, each a list ('- reference: …')",
        )
        return []
    products: list[Product] = []
    for path in files:
        products += _read_file(reader, path)
    reader.path, reader.source = catalog, None
    return products


def _read_file(reader: ProductsReader, path: Path) -> list[Product]:
    """The products of one file; its text and nodes live only while it is read."""
    reader.path = reader.source = path  # what its problems name
    if not path.resolve().is_relative_to(reader.folder):  # a link to a file elsewhere
        reader.error(
            None,
            "the file is a link to a file outside the catalog's folder",
            f"copy the file into {reader.folder.name}/ instead of linking to it",
        )
        reader.incomplete = True
        return []
    problems = []
    try:
        text, problems = printable_text(
            read_catalog_text(path, "a products file", _TOO_LARGE), path, _NOT_TEXT
        )
        parsed = parse_yaml(text, path)
    except SourceError as exc:  # the places of control characters, then why YAML stopped
        reader.problems += problems + exc.problems
        reader.incomplete = True
        return []
    reader.problems += problems + parsed.problems
    reader.source_text, reader.unprintable = text, parsed.unprintable
    try:
        return reader.read_list(parsed.root)
    finally:
        reader.forget_file()
