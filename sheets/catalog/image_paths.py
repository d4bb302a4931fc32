"""Image paths as a catalog writes them: relative to its folder, inside it, naming a file."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from yaml.nodes import Node, ScalarNode

from ..errors import shown
from .images import ImageProblem, read_image_info, unreadable
from .reader import FieldReader
from .vector import is_vector, read_svg


class ImagePaths:
    def __init__(self, folder: Path):
        self.folder = folder
        self._inside = os.path.join(folder, "")  # what paths inside the folder start with
        self._folders: dict[str, str] = {}  # each folder of images as written, resolved

    def read(
        self, reader: FieldReader, node: Node, what: str, product: str | None = None
    ) -> Path | None:
        """The file an image's path names (`what`: "image", "logo"…), or None having said to
        `reader` why it cannot be used."""
        if not isinstance(node, ScalarNode) or not node.value.strip():
            reader.error(node, f"'{what}' must be a file path", product=product)
            return None
        written = node.value.strip()
        try:
            located, found = self.locate(written)
        except OSError as exc:  # a folder it may not open, a name too long
            reason, hint = unreadable(exc)
            reader.error(node, f"{what} {shown(written)} {reason}", hint, product)
            return None
        if os.path.isabs(written) or not (located + os.sep).startswith(self._inside):
            reader.error(
                node,
                f"{what} {shown(written)} is outside the catalog's folder",
                f"copy it into {self.folder.name}/ and give its path from there",
                product,
            )
        elif not found:
            reader.error(
                node,
                f"{what} {shown(written)} not found",
                f"paths are relative to the catalog's folder ({self.folder})",
                product,
            )
        else:
            return Path(located)
        return None

    def picture(
        self, reader: FieldReader, node: Node, what: str, vector: bool = False
    ) -> Path | None:
        """The file of a picture the catalog itself shows (its cover's, a section's, its logo,
        an SVG if `vector`), checked to be one a page can show; None having said why not."""
        if not isinstance(node, ScalarNode):
            reader.error(node, f"'{what}' must be a file path", "write it like 'images/….jpg'")
            return None
        path = self.read(reader, node, what)
        if path is None:
            return None
        try:
            read_svg(path) if vector and is_vector(path) else read_image_info(path)
        except ImageProblem as exc:
            kinds = "a PNG, JPEG or SVG file" if vector else "a sound JPEG or PNG photo"
            said = f"{what} {shown(node.value.strip())} {exc}"
            reader.error(node, said, exc.hint or f"replace it with {kinds}")
            return None
        return path

    def locate(self, written: str) -> tuple[str, bool]:
        """The file an image path names (links followed) and whether it is a file; OSError when
        it cannot be looked at. The folders photos are in are resolved once: a file's own name
        takes a single look, where resolving its whole path takes one for each folder."""
        head, name = os.path.split(written)
        if name in ("", ".", ".."):  # no file's name: resolved in full
            head, name = written, ""
        if head not in self._folders:
            try:
                self._folders[head] = str((self.folder / head).resolve())
            except RuntimeError:  # Python before 3.13 says so of a loop of links
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), head) from None
        path = os.path.join(self._folders[head], name) if name else self._folders[head]
        try:
            mode = os.lstat(path).st_mode
            if S_ISLNK(mode):
                path = os.path.realpath(path)
                mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return path, False
        return path, S_ISREG(mode)
