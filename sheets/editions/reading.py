"""Editions found where `sheets diff` is pointed: a build's folder (its manifests), a manifest,
or a brochure (the manifest beside it); each manifest checked before it is believed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import Problem, Severity, SheetsError
from ..output import made_by_sheets, sha256_of
from .manifest import FIELDS, FORMAT, SUFFIX, manifest_path

_REBUILD = (
    "build the catalog again with this version of sheets (`sheets build`): it writes the manifest"
)
_COMPARE_AGAIN = "compare the build's folders, or build the catalog again"


@dataclass(frozen=True)
class Edition:
    path: Path  # the manifest
    manifest: dict

    @property
    def brochure(self) -> Path:
        return self.path.with_name(self.manifest["brochure"]["file"])

    def as_built(self, hint: str, sha256: str | None = None) -> Path:
        """The brochure, checked to be the one the manifest describes (its SHA-256, read unless
        `sha256` says it): the pages the manifest speaks of. SheetsError naming the manifest
        otherwise."""
        brochure = self.brochure
        if not brochure.is_file():
            raise _refused(self.path, f"describes {brochure.name}, which is not beside it", hint)
        if (sha256 or sha256_of(brochure)) != self.manifest["brochure"]["sha256"]:
            raise _refused(
                self.path,
                f"is not the manifest of {brochure.name} as it is now: the brochure was written "
                "by another build or changed since",
                hint,
            )
        return brochure


def editions_at(path: Path) -> list[Edition]:
    """The editions `path` names: every manifest of a build's folder, a manifest, or the one
    beside a brochure. SheetsError when there is none, or one is not ours or is damaged."""
    if path.is_dir():
        found = sorted(path.glob(f"*{SUFFIX}"))
        if not found:
            raise _refused(path, "holds no edition's manifest (*.manifest.json)", _REBUILD)
        return [read_manifest(manifest) for manifest in found]
    if not path.is_file():
        raise _refused(
            path, "no such file or folder", "name a build's folder, a manifest or a brochure"
        )
    if path.name.endswith(SUFFIX):
        return [read_manifest(path)]
    if not made_by_sheets(path) or path.suffix.lower() != ".pdf":
        raise _refused(
            path,
            "is not a brochure sheets made, nor a manifest or a build's folder",
            "name a build's folder, a manifest or a brochure sheets built",
        )
    beside = manifest_path(path)
    if not beside.is_file():
        if (sheet_of := _sheet_of(path)) is not None:
            hint = f"name the brochure ({sheet_of.brochure}) or the build's folder"
            raise _refused(path, "is a product sheet, not a brochure", hint)
        raise _refused(path, f"has no manifest beside it ({beside.name})", _REBUILD)
    edition = read_manifest(beside)
    if edition.brochure.name != path.name:
        raise _refused(
            beside,
            f"is the manifest of {edition.brochure.name}, not of {path.name}",
            _COMPARE_AGAIN,
        )
    edition.as_built(_COMPARE_AGAIN)
    return [edition]


def _sheet_of(pdf: Path) -> Edition | None:
    """The edition whose manifest lists `pdf` as a product's sheet (in the build's `sheets/`
    folder), if one does."""
    folder = pdf.parent.parent
    for manifest in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            edition = read_manifest(manifest)
        except SheetsError:  # a damaged manifest is said when it is compared, not here
            continue
        if any(folder / p["sheet"] == pdf for p in edition.manifest["products"]):
            return edition
    return None


def read_manifest(path: Path) -> Edition:
    """The manifest at `path`, checked: the shape `sheets build` writes (`FORMAT`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise _refused(path, f"cannot be read: {reason}", _REBUILD) from None
    try:
        manifest = json.loads(text)
    except RecursionError:  # nested deeper than any manifest: no line to point at
        raise _refused(path, "is not a manifest: its JSON is nested too deeply", _REBUILD) from None
    except ValueError as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        message = f"is not a manifest: its JSON is damaged ({getattr(exc, 'msg', exc)})"
        raise _refused(path, message, _REBUILD, line, column) from None
    if not isinstance(manifest, dict) or manifest.get("manifest") != FORMAT:
        version = manifest.get("manifest") if isinstance(manifest, dict) else None
        found = f"format {version!r}" if version is not None else "no 'manifest' key"
        raise _refused(path, f"is not a manifest of format {FORMAT} ({found})", _REBUILD)
    if (trouble := _shape_trouble(manifest)) is not None:
        raise _refused(path, f"is a damaged manifest: {trouble}", _REBUILD)
    return Edition(path, manifest)


def _shape_trouble(manifest: dict) -> str | None:
    """What is not as a build writes it, if anything: every key a diff or a proof reads, with
    the type it reads it as."""
    if not isinstance(manifest.get("locale"), str) or not _LOCALE.fullmatch(manifest["locale"]):
        return "'locale' is not a locale's name (fr_FR)"
    if not all(isinstance(manifest.get(key), str | None) for key in ("date", "edition")):
        return "'date' or 'edition' is not a text"
    brochure = manifest.get("brochure")
    if not isinstance(brochure, dict) or not all(
        isinstance(brochure.get(key), str) for key in ("file", "sha256")
    ):
        return "'brochure' lacks its file or sha256"
    if not _a_pdf_beside(brochure["file"]):
        return "'brochure' names no PDF in the manifest's folder"
    pages = manifest.get("pages")
    if not isinstance(pages, list):
        return "'pages' is not a list"
    for number, page in enumerate(pages, start=1):
        if not _page_as_built(page, number):
            return f"page {number} is not as a build writes it"
    products = manifest.get("products")
    if not isinstance(products, list):
        return "'products' is not a list"
    for index, product in enumerate(products):
        if not _product_as_built(product, len(pages)):
            return f"product {index + 1} is not as a build writes it"
    return None


# What a build writes as a locale (`fr_FR`, `sr_Latn_RS`): it goes into the proofs' file names.
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
_PRODUCT_TEXTS = ("reference", "title", "category", "price", "digest", "sheet")


def _a_pdf_beside(name: str) -> bool:
    return (
        Path(name).name == name
        and name.lower().endswith(".pdf")
        and name.isprintable()
        and name.strip(".") != ""
    )


def _inside(name: str) -> bool:
    """A path in the build's folder (`sheets/…pdf`): `sheets proof` reads the file."""
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name.isprintable()


def _page_as_built(page, number: int) -> bool:
    if not isinstance(page, dict):
        return False
    category = page.get("category", {})
    return (
        _number(page.get("page"), number, number)
        and isinstance(page.get("hash"), str)
        and isinstance(page.get("kind"), str)
        and _texts(page.get("products", []))
        and isinstance(category, dict)
        and all(isinstance(category.get(key, ""), str) for key in ("id", "name"))
    )


def _product_as_built(product, pages: int) -> bool:
    return (
        isinstance(product, dict)
        and all(isinstance(product.get(k), str) for k in _PRODUCT_TEXTS)
        and _inside(product["sheet"])
        and isinstance(product.get("fields"), dict)
        and _texts([product["fields"].get(name) for name in FIELDS])
        and isinstance(product.get("pages"), list)
        and all(_number(page, 1, pages) for page in product["pages"])
    )


def _number(value, lowest: int, highest: int) -> bool:
    """An int from `lowest` to `highest`: not a float, nor True (which Python counts as 1)."""
    return type(value) is int and lowest <= value <= highest


def _texts(values) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)


def _refused(
    path: Path, message: str, hint: str, line: int | None = None, column: int | None = None
) -> SheetsError:
    return SheetsError([Problem(Severity.ERROR, message, path, line, column, hint=hint)])
