"""Files on disk: names customers understand, and writes that never leave a half-made file."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .model import Catalog, Product

_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def slugify(text: str, max_length: int = 60) -> str:
    """`La Libération de Paris` → `la-liberation-de-paris` (ASCII, safe on every file system)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")  # empty for a title in another script (Москва)


def sheet_filename(product: Product, locale: str | None = None) -> str:
    """`7505634-la-liberation-de-paris.pdf`; with a locale, `….en_GB.pdf`; just the reference
    when the title has no Latin letters to name it by."""
    slug = slugify(product.title)
    return f"{product.reference}{'-' + slug if slug else ''}{_tag(locale)}.pdf"


def message_filename(products: list[Product]) -> str:
    """One sheet: named like the sheet; several: their references joined."""
    if len(products) == 1:
        return sheet_filename(products[0]).removesuffix(".pdf") + ".eml"
    name = "-".join(p.reference for p in products)
    # Past a few dozen references the name would outgrow what file systems allow.
    return (name if len(name) <= 120 else f"{name[:120]}-and-{len(products)}-sheets") + ".eml"


def brochure_filename(catalog: Catalog, locale: str | None = None) -> str:
    return f"{slugify(catalog.title) or 'brochure'}{_tag(locale)}.pdf"


def imposed_filename(catalog: Catalog, locale: str | None = None) -> str:
    return f"{slugify(catalog.title) or 'brochure'}-imposed{_tag(locale)}.pdf"


def _tag(locale: str | None) -> str:
    return f".{locale}" if locale else ""


def remove_outdated_sheets(folder: Path, written: list[Path], locale: str | None) -> list[Path]:
    """Delete the sheets in `folder` that this full build did not write (a product renamed or
    removed), so that nobody emails an outdated one. With `locale`, only that edition's."""
    keep = set(written)
    removed = []
    for path in sorted(folder.glob("*.pdf")) if folder.is_dir() else []:
        tag = _EDITION.search(path.name)
        if path in keep or (locale and (tag is None or tag.group(1) != locale)):
            continue
        path.unlink()
        removed.append(path)
    return removed


_EDITION = re.compile(r"\.([a-z]{2}_[A-Z]{2})\.pdf$")


class AtomicBatch:
    """Stage files next to their targets; put them all in place at once, or none of them.

    Used as a context manager: leaving it with an exception removes what was staged and leaves
    every earlier output as it was.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def stage(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; outputs are meant to be shared
        self._staged.append((Path(temporary), target))

    def commit(self) -> None:
        for temporary, target in self._staged:
            os.replace(temporary, target)
        self._staged.clear()

    def discard(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
