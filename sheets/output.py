"""Files on disk: names customers understand, writes that never leave a half-made file, and an
output folder in which a build touches only what it wrote."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import tempfile
import unicodedata
from pathlib import Path

from .errors import Problem, Severity
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


def check_sheet_names(catalog: Catalog) -> list[Problem]:
    """An error for each product whose sheet would have the file name of an earlier one's: the
    same, or the same but for case (one file on macOS and Windows, or in a zip)."""
    problems: list[Problem] = []
    seen: dict[str, Product] = {}
    for product in catalog.products:
        name = sheet_filename(product)
        other = seen.setdefault(name.casefold(), product)
        if other is not product:
            other_name = sheet_filename(other)
            also = "" if other_name == name else f" ({other_name!r})"
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"its sheet would be named {name!r}, like the sheet of product "
                    f"{other.reference} (line {other.line}){also}: one would overwrite the other",
                    catalog.source,
                    product.line,
                    None,
                    product.reference,
                    "change the reference or the title of one of them",
                )
            )
    return problems


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


STATE_FOLDER = ".sheets"  # in the output folder: the build's own records
# The temporary files AtomicBatch stages beside their targets: `.NAME.pdf.a1b2c3d4.tmp`.
_TEMPORARY = re.compile(r"^\..+\.(pdf|eml|json)\.[a-z0-9_]{8}\.tmp$")


class OutputBusy(Exception):
    """Another build holds the output folder."""


class OutputFolder:
    """A build's hold on its output folder, as a context manager: one build at a time (a lock),
    the temporary files of builds that were killed cleared, and the record of the files builds
    wrote there, so that a build removes only outputs of its own that are outdated.

    The record (`.sheets/outputs.json`) maps each file, relative to the folder, to the locale of
    its edition, the digest of what was written, and the file's size and time then: a file that
    still has them need not be written again.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.state = folder / STATE_FOLDER
        self._lock: int | None = None
        self._recorded: dict[str, dict] | None = None

    def __enter__(self) -> OutputFolder:
        self.state.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            self._lock = None
            raise OutputBusy(str(self.folder)) from None
        for folder in (self.folder, self.folder / "sheets", self.state):
            for path in folder.iterdir() if folder.is_dir() else ():
                if _TEMPORARY.match(path.name) and path.is_file():
                    path.unlink(missing_ok=True)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def recorded(self) -> dict[str, dict]:
        """The files earlier builds wrote here → {"locale", "sha256", "size", "mtime_ns"}."""
        try:
            data = json.loads((self.state / "outputs.json").read_text(encoding="utf-8"))
            files = data["files"]
            return {
                str(name): entry if isinstance(entry, dict) else {"locale": str(entry)}
                for name, entry in files.items()
            }
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return {}  # none yet, or damaged: nothing is known to be ours

    def holds(self, path: Path, sha256: str) -> bool:
        """Whether the file is one a build wrote with these bytes, untouched since."""
        entry = self.recorded().get(self._name(path)) if self._recorded is None else None
        entry = entry or (self._recorded or {}).get(self._name(path))
        if not entry or entry.get("sha256") != sha256:
            return False
        try:
            stat = path.stat()
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == [entry.get("size"), entry.get("mtime_ns")]

    def record(
        self, written: dict[Path, tuple[str, str]], replaced_locales: set[str]
    ) -> list[Path]:
        """Record the files a build wrote (path → locale and digest) and remove the outputs of
        earlier builds in `replaced_locales` that it did not write again: sheets of products
        renamed or gone. Files the record does not name are never touched. Returns those
        removed."""
        files = self.recorded()
        written_names = {}
        for path, (locale, sha256) in written.items():
            stat = path.stat()
            written_names[self._name(path)] = {
                "locale": locale,
                "sha256": sha256,
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
            }
        removed = []
        for name, entry in sorted(files.items()):
            if entry.get("locale") in replaced_locales and name not in written_names:
                path = self.folder / name
                if path.is_file():
                    path.unlink()
                    removed.append(path)
                del files[name]
        files.update(written_names)
        with AtomicBatch() as batch:
            text = json.dumps({"files": dict(sorted(files.items()))}, indent=1, ensure_ascii=False)
            batch.stage(self.state / "outputs.json", text.encode("utf-8") + b"\n")
        return removed

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()


class AtomicBatch:
    """Stage files next to their targets; put them all in place at once, or none of them.

    Used as a context manager: leaving it with an exception removes what was staged and leaves
    every earlier output as it was.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def reserve(self, target: Path) -> Path:
        """A temporary file beside `target`, staged to take its place: the caller writes it."""
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        os.close(handle)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; outputs are meant to be shared
        self._staged.append((Path(temporary), target))
        return Path(temporary)

    def stage(self, target: Path, data: bytes) -> None:
        self.reserve(target).write_bytes(data)

    def stage_copy(self, target: Path, source: Path) -> None:
        """Stage a copy of `source`: a second name for the same file where the file system
        allows it (instant, and no room taken), a copy otherwise."""
        staged = self.reserve(target)
        try:
            staged.unlink()
            os.link(source, staged)
        except OSError:
            shutil.copyfile(source, staged)

    def commit(self) -> None:
        # All or nothing: a signal waits until every file is in place.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for temporary, target in self._staged:
                os.replace(temporary, target)
            self._staged.clear()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

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
