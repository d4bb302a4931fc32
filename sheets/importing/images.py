"""Images as sources name them (a URL, a file name) matched with the files of the folder given
with --images, by file name: nothing is downloaded. Only JPEG and PNG files are taken."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import shown
from .drafts import Picture
from .problems import Findings

IMAGES = "images"  # the folder beside the catalog the images are copied into
_MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}
_LONGEST_MAGIC = max(len(magic) for magic in _MAGIC)


def file_name(written: str) -> str:
    """The file name an image's URL or path ends with: its path's last segment, without the
    query, percent-decoded (`…/files/T%C3%A9.jpg?v=3` → `Té.jpg`)."""
    text = written.strip()
    path = urlsplit(text).path if "://" in text else text
    return unquote(path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1])


def image_kind(path: Path) -> str | None:
    """JPEG or PNG, as the file's first bytes say; None for anything else."""
    try:
        with path.open("rb") as file:
            start = file.read(_LONGEST_MAGIC)
    except OSError:
        return None
    return next((kind for magic, kind in _MAGIC.items() if start.startswith(magic)), None)


@dataclass
class ImageFolder:
    """The folder of the shop's images (None: no --images), and the files taken from it."""

    folder: Path | None
    taken: dict[str, Path] = field(default_factory=dict)  # name in images/ → the file
    missed: set[str] = field(default_factory=set)  # the products some of whose images were not
    _names: set[str] | None = None  # the folder's entries
    _folded: dict[str, str] = field(default_factory=dict)  # each folded to lower case → itself

    def paths(
        self, pictures: list[Picture], findings: Findings, product: str
    ) -> list[str | dict[str, str]]:
        """A product's images found in the folder as the catalog lists them: a path
        (`images/a.jpg`), or its file and alt text when the source gives one; a warning for
        each of the others, naming its row and file."""
        paths: list[str] = []
        items: list[str | dict[str, str]] = []
        for picture in pictures:
            name = file_name(picture.written)
            found = self._find(name)
            if found is None:
                findings.warn(
                    f"image {shown(name)} not found"
                    + (f" in {self.folder}" if self.folder else ": no --images folder given"),
                    picture.at,
                    "put the shop's images in a folder and give it with --images DIR; the "
                    "product is imported without this image",
                    product,
                )
                self.missed.add(product)
                continue
            kind = image_kind(found)
            if kind is None:
                findings.warn(
                    f"image {shown(found.name)} is not a JPEG or PNG file: left out",
                    picture.at,
                    "convert it to JPEG or PNG, keeping its name",
                    product,
                )
                self.missed.add(product)
                continue
            self.taken[found.name] = found
            path = f"{IMAGES}/{found.name}"
            if path not in paths:
                paths.append(path)
                items.append({"file": path, "alt": picture.alt} if picture.alt else path)
        return items

    def _find(self, name: str) -> Path | None:
        """The file of that name in the folder, or of that name in another case."""
        if self.folder is None or not name or name in (".", "..") or "\0" in name:
            return None
        if self._names is None:
            try:
                entries = sorted(os.listdir(self.folder))
            except OSError:
                entries = []
            self._names = set(entries)
            for entry in entries:
                self._folded.setdefault(entry.casefold(), entry)
        exact = self.folder / name
        if name in self._names and exact.is_file():
            return exact
        other = self._folded.get(name.casefold())
        return self.folder / other if other and (self.folder / other).is_file() else None
