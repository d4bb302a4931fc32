"""What earlier builds drew, kept by what it was drawn from: a sheet or a part of the brochure is
drawn again only when something that shows on it has changed.

Each entry is a PDF named by the key of its inputs (`key`), with a small JSON file of what the
build needs to know about it (its page count, anchors, preflight findings) and the PDF's digest,
so that a damaged entry is noticed and drawn again. A build keeps the entries it used and removes
the others: the cache holds one build's worth.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog.images import file_stamp

PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def tool_fingerprint() -> str:
    """The tool as it draws: its version, every file of the package (code, theme, words,
    fonts) and the libraries it draws with. Any change to them changes every key."""
    digest = hashlib.sha256(__version__.encode())
    digest.update("\0".join(_libraries()).encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".mo", ".ttf", ".ps"}:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _libraries() -> list[str]:
    """Python's version and those of the packages `sheets` requires, as installed: what they
    draw (ReportLab, Pillow, pikepdf…) may change from one version to the next."""
    try:
        required = metadata.requires("sheets") or []
    except metadata.PackageNotFoundError:  # run from its sources, not installed
        required = []
    found = [sys.version]
    for requirement in required:
        if "extra ==" not in requirement:  # the tests' own
            name = re.match(r"[\w.-]+", requirement)[0]
            try:
                found.append(f"{name} {metadata.version(name)}")
            except metadata.PackageNotFoundError:
                found.append(f"{name} missing")
    return found


def key(*inputs: Any) -> str:
    """The key of what is drawn from `inputs`: their repr (the model's values are frozen
    dataclasses, whose repr says every field), with the tool's fingerprint and the date the
    PDFs carry when builds are reproducible."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for value in inputs:
        digest.update(repr(value).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    path: Path  # the PDF
    meta: dict[str, Any]


class Cache:
    """The entries under a folder (`OUT/.sheets/cache`)."""

    def __init__(self, folder: Path, fresh: bool = False):
        self.folder = folder
        self.fresh = fresh  # every entry drawn anew: none of earlier builds is taken
        self.used: dict[str, Entry] = {}  # the entries this build has checked or made

    def get(self, name: str, suffix: str = ".pdf") -> Entry | None:
        """The entry, if it is there and whole: its PDF (or other file, by its `suffix`) as it
        was written (same size, time and inode), or else with the digest its metadata says."""
        if name in self.used:
            return self.used[name]
        if self.fresh:
            return None
        pdf, meta = self.folder / f"{name}{suffix}", self.folder / f"{name}.json"
        try:
            recorded = json.loads(meta.read_text(encoding="utf-8"))
            # Read only when touched since: a build would otherwise read the whole cache.
            touched = _stamp(pdf) != recorded.get("stamp")
            if touched and hashlib.sha256(pdf.read_bytes()).hexdigest() != recorded["sha256"]:
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        self.used[name] = Entry(pdf, recorded)
        return self.used[name]

    def put(self, name: str, data: bytes, meta: dict[str, Any], suffix: str = ".pdf") -> Entry:
        self.folder.mkdir(parents=True, exist_ok=True)
        pdf = self.folder / f"{name}{suffix}"
        _write(pdf, data)
        recorded = {**meta, "sha256": hashlib.sha256(data).hexdigest(), "stamp": _stamp(pdf)}
        _write(self.folder / f"{name}.json", json.dumps(recorded).encode())
        self.used[name] = Entry(pdf, recorded)
        return self.used[name]

    def remembered(self, name: str, make: Callable[[], bytes]) -> bytes:
        """Bytes kept from one build to the next (a photo converted for the press), made by
        `make` when not kept yet."""
        name = key("bytes", name)
        entry = self.get(name, ".bin") or self.put(name, make(), {}, ".bin")
        return entry.path.read_bytes()

    def keep_used(self) -> None:
        """Remove what this build did not use: the cache never grows past one build's worth."""
        if not self.folder.is_dir():
            return
        kept = {f"{name}.json" for name in self.used}
        kept |= {entry.path.name for entry in self.used.values()}
        for path in self.folder.iterdir():
            if path.name not in kept and path.is_file():
                path.unlink(missing_ok=True)


def file_digest(path: Path, index: dict[str, list]) -> str:
    """The SHA-256 of a file's bytes, taken from `index` (path → stamp, digest) while the file
    keeps its stamp: a photo is read once, not at every build."""
    stamp = file_stamp(path.stat())
    known = index.get(str(path))
    if isinstance(known, list) and known[:-1] == stamp:  # the index may have been edited
        return known[-1]
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    index[str(path)] = [*stamp, digest]
    return digest


def _stamp(path: Path) -> list[int]:
    """What changes when a file is written to, without reading it. Not its change time, which
    linking the file into the output folder changes."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all: a build killed while writing leaves no half entry. Whatever
    is in the way (a folder made there) goes: the cache is the tool's own."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
