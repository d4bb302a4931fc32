"""Files on disk: writes that never leave a half-made file, and an output folder in which a build
touches only what it wrote."""

from __future__ import annotations

import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import pikepdf

from .errors import Problem, Severity, SheetsError
from .signals import signals_held

STATE_FOLDER = ".sheets"  # in the output folder: the build's own records
RECORD = "outputs.json"  # in STATE_FOLDER: the files builds wrote
# The temporary files AtomicBatch stages beside their targets: `.NAME.pdf.a1b2c3d4.tmp`.
_TEMPORARY = re.compile(r"^\..+\.(pdf|eml|json)\.[a-z0-9_]{8}\.tmp$")
# The Info /Creator (or /Producer) of a PDF made by any version of sheets: see CREATOR.
_MADE_BY_SHEETS = re.compile(r"sheets \d\S*")


class OutputBusy(Exception):
    """Another build holds the output folder."""


class OutputFolder:
    """A build's hold on its output folder, as a context manager: one build at a time (a lock),
    the temporary files of builds that were killed cleared, and the record of the files builds
    wrote there, so that a build removes only outputs of its own that are outdated, and
    overwrites no file it did not write.

    The record (`.sheets/outputs.json`) maps each file, relative to the folder, to the catalog
    whose build wrote it (its path from the folder), the locale of its edition, the digest of
    what was written, and the file's size and time then: a file that still has them need not
    be written again. The record is the folder's, so anyone may have edited it: it is believed
    only about files inside the folder, outside `.sheets`.
    """

    def __init__(self, folder: Path, catalog: Path | None = None):
        self.folder = folder
        self.state = folder / STATE_FOLDER
        self.catalog = catalog  # whose outputs the build writes
        self.warnings: list[Problem] = []  # about the record, for the build's report
        self._lock: int | None = None
        self._recorded: dict[str, dict] | None = None
        self._parents: dict[Path, Path] = {}  # folders of the record's files, links followed

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
        """The files earlier builds wrote here → {"catalog", "locale", "sha256", "size",
        "mtime_ns"}; entries naming a place a build does not write to are left out, with a
        warning. Read once."""
        if self._recorded is None:
            self._recorded = {}
            for name, entry in self._read_record().items():
                if reason := self._refusal(name):
                    self._warn(f"ignored {name!r} in the record of earlier outputs: {reason}")
                else:
                    self._recorded[name] = entry
        return self._recorded

    def holds(self, path: Path, sha256: str) -> bool:
        """Whether the file is one a build wrote with these bytes, untouched since."""
        entry = self.recorded().get(self._name(path))
        if not entry or entry.get("sha256") != sha256:
            return False
        try:
            stat = path.stat()
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == [entry.get("size"), entry.get("mtime_ns")]

    def record(
        self,
        batch: AtomicBatch,
        written: dict[Path, tuple[str, str]],
        replaced_locales: set[str] | None,
        products: dict[Path, str] | None = None,
    ) -> list[Path]:
        """Stage in `batch` the record of the files a build writes (path → locale and digest,
        each staged in `batch` or already in place; `products`: the product of each sheet), and
        the removal of the outputs of earlier builds of the same catalog that it does not write
        again: in `replaced_locales` (None: in every locale, a build of all the catalog publishes,
        whose earlier editions in a locale it no longer publishes are gone), sheets of products
        renamed or gone; elsewhere, the earlier sheets of the products it writes a sheet for
        (renamed). Files the record does not name
        are never removed, nor overwritten unless they are PDFs made by sheets: SheetsError
        names them. Returns the files to be removed."""
        files = dict(self.recorded())
        self._check_overwrites(written, files)
        catalog = self._catalog_name()
        products = products or {}
        written_names = {}
        for path, (locale, sha256) in written.items():
            stat = (batch.staged_file(path) or path).stat()
            written_names[self._name(path)] = {
                "catalog": catalog,
                "locale": locale,
                "sha256": sha256,
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                **({"product": products[path]} if path in products else {}),
            }
        sheets_written = {(written[path][0], product) for path, product in products.items()}
        removed = []
        for name, entry in sorted(files.items()):
            sheet = (entry.get("locale"), entry.get("product"))
            every = replaced_locales is None
            replaced = every or entry.get("locale") in replaced_locales or sheet in sheets_written
            outdated = entry.get("catalog") == catalog and replaced
            if outdated and name not in written_names:
                path = self.folder / name
                if path.is_file() and not path.is_symlink():  # a build writes only files
                    batch.remove(path)
                    removed.append(path)
                del files[name]
        files.update(written_names)
        text = json.dumps({"files": dict(sorted(files.items()))}, indent=1, ensure_ascii=False)
        batch.stage(self.state / RECORD, text.encode("utf-8") + b"\n")
        return removed

    def _check_overwrites(self, written: dict[Path, tuple[str, str]], files: dict) -> None:
        """SheetsError for the files in the way that no build wrote (PDFs made by sheets are
        taken over: their record was lost); a warning for those another catalog's build wrote."""
        catalog, problems = self._catalog_name(), []
        for path in written:
            entry = files.get(self._name(path))
            in_the_way = path.exists() and not path.is_dir()  # a folder: the commit names it
            if entry is None and in_the_way and not (path.is_file() and made_by_sheets(path)):
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "a file of this name is already there, and sheets did not write it: "
                        "the build does not overwrite it",
                        path,
                        hint="move or rename that file, or build into another folder (-o)",
                    )
                )
            elif entry and entry.get("catalog") not in (None, catalog):
                self._warn(f"written by the build of {entry['catalog']}: replaced", path)
        if problems:
            raise SheetsError(problems)

    def _read_record(self) -> dict[str, dict]:
        try:
            data = json.loads((self.state / RECORD).read_text(encoding="utf-8"))
            return {
                str(name): _plain(entry) if isinstance(entry, dict) else {"locale": str(entry)}
                for name, entry in data["files"].items()
            }
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return {}  # none yet, or damaged: nothing is known to be ours

    @functools.cached_property
    def _resolved(self) -> tuple[Path, Path]:
        """The folder and its state folder, links followed."""
        return self.folder.resolve(), self.state.resolve()

    def _refusal(self, name: str) -> str | None:
        """Why a name in the record is not one a build could have written, if it is not."""
        path = PurePosixPath(name)
        folder, state = self._resolved
        try:
            where = self._followed(folder / name)  # a link leading elsewhere is followed
        except (OSError, ValueError, RuntimeError):  # a NUL, a loop of links
            return "it is not a name as builds write them"
        if path.is_absolute() or not where.is_relative_to(folder):
            return f"it is outside {self.folder}"
        if path.as_posix() != name or ".." in path.parts or not path.parts:
            return "it is not a name as builds write them"
        if where.is_relative_to(state):
            return f"it is in {self.state}, which holds the build's own state"
        return None

    def _followed(self, path: Path) -> Path:
        """`path.resolve()`, its folder's links followed once for all the files in it: the
        record names a thousand sheets in one folder."""
        try:
            linked = path.is_symlink()
        except OSError:  # a folder it may not look into: as `resolve` finds it
            linked = True
        if "\0" in str(path) or path.name in ("", ".", "..") or linked:
            return path.resolve()
        parent = self._parents.get(path.parent)
        if parent is None:
            parent = self._parents[path.parent] = path.parent.resolve()
        return parent / path.name

    def _warn(self, message: str, path: Path | None = None) -> None:
        """A warning about a file, or (without one) about the record."""
        hint = "builds record only the files they write into the output folder: the record was "
        hint += "edited or damaged"
        self.warnings.append(
            Problem(
                Severity.WARNING, message, path or self.state / RECORD, hint=None if path else hint
            )
        )

    def _catalog_name(self) -> str | None:
        """The catalog as the record names it: its path from the output folder, which stays
        true when both move together."""
        if self.catalog is None:
            return None
        return Path(os.path.relpath(self.catalog.resolve(), self.folder.resolve())).as_posix()

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()


@contextmanager
def held(out_dir: Path, catalog: Path) -> Iterator[OutputFolder]:
    """The output folder, held by this build alone; its problems said as the user's."""
    try:
        with OutputFolder(out_dir, catalog) as folder:
            yield folder
    except OutputBusy:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"another sheets build is writing into {out_dir}",
                    hint="wait for it to finish, or build into another folder (-o)",
                )
            ]
        ) from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out_dir
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot write the PDFs: {exc.strerror or exc}",
                    where,
                    hint="check that the output folder can be written to (-o)",
                )
            ]
        ) from None


def sha256_of(path: Path) -> str:
    """The file's SHA-256, as a build records its outputs'."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def made_by_sheets(path: Path) -> bool:
    """Whether the file is a PDF that says sheets made it, or an edition's manifest (JSON whose
    `tool` says so)."""
    try:
        with path.open("rb") as file:
            start = file.read(5)
        if start.startswith(b"{"):
            data = json.loads(path.read_bytes())
            return "manifest" in data and bool(_MADE_BY_SHEETS.fullmatch(str(data.get("tool"))))
        if start != b"%PDF-":
            return False
        with pikepdf.open(path) as pdf:
            info = pdf.docinfo
            return any(
                _MADE_BY_SHEETS.fullmatch(str(info.get(key, "")))
                for key in ("/Creator", "/Producer")
            )
    except Exception:  # whatever it is, it is no file of ours
        return False


def _plain(entry: dict) -> dict:
    """The entry's texts and numbers, what a build writes there: the record is anyone's to edit."""
    return {k: v for k, v in entry.items() if isinstance(v, str | int) and not isinstance(v, bool)}


class AtomicBatch:
    """Stage files next to their targets; put them all in place at once, or none of them.

    Used as a context manager: leaving it with an exception removes what was staged and leaves
    every earlier output as it was. `on_commit` is called once every file is in place, before
    a signal held meanwhile is let through.
    """

    def __init__(self, on_commit: Callable[[], None] | None = None) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._removals: list[Path] = []
        self._on_commit = on_commit

    def reserve(self, target: Path) -> Path:
        """A temporary file beside `target`, staged to take its place: the caller writes it."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
        except OSError as exc:
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None  # name the target
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

    def staged_file(self, target: Path) -> Path | None:
        """The temporary file staged to become `target`, if there is one."""
        return next((temporary for temporary, staged in self._staged if staged == target), None)

    def remove(self, path: Path) -> None:
        """Remove `path` when the batch is committed."""
        self._removals.append(path)

    def commit(self) -> None:
        try:
            self._check_targets()
        except OSError:
            self.discard()
            raise
        # All or nothing: a signal waits until every file is in place. Removals go first: on a
        # file system blind to case, a file removed may be the one a new name is given to.
        with signals_held():
            try:
                for path in self._removals:
                    path.unlink(missing_ok=True)
                for temporary, target in self._staged:
                    os.replace(temporary, target)
                self._staged.clear()
                self._removals.clear()
                if self._on_commit:
                    self._on_commit()
            finally:
                self.discard()  # what could not be put in place, after an error

    def _check_targets(self) -> None:
        """OSError naming the first target that could not be put in place, before any is: a
        folder in its place, or a folder that may not be written to."""
        for path in [target for _, target in self._staged] + self._removals:
            if path.is_dir() and not path.is_symlink():
                raise IsADirectoryError(errno.EISDIR, "a folder is in its place", str(path))
            if not os.access(path.parent, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def discard(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()
        self._removals.clear()

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
