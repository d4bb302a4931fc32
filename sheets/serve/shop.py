"""What the staff's page shows: the catalog as last checked, the outputs of its last good build,
and the problems found since. Kept up to date by a watcher that re-checks the catalog when a
file of it changes and rebuilds what changed, keeping the last good outputs on show meanwhile."""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..catalog.images import shown_images
from ..errors import Problem
from ..model import Catalog, Product
from ..names import brochure_filename, sheet_filename
from ..pipeline import check_catalog, check_translations
from ..preflight.report import Report as PreflightReport
from ..report import BuildReport
from ..uptodate import recorded
from ..watch import EVERY, Watched
from .search import SearchIndex

RETRY_AFTER = 10  # seconds before a build that did not finish is tried again
BUILD_TIMEOUT = 3600  # seconds: a build that takes longer is stuck


@dataclass(frozen=True)
class Edition:
    """One language of the catalog as its last good build made it."""

    catalog: Catalog
    index: SearchIndex
    sheets: dict[str, tuple[Path, str]]  # a product's reference → its sheet and its SHA-256
    brochure: tuple[Path, str] | None  # the brochure and its SHA-256, if the build made one
    preflight: PreflightReport | None  # what the press's checks found in the brochure

    @functools.cached_property
    def _by_reference(self) -> dict[str, Product]:
        return self.catalog.by_reference()

    def product(self, reference: str) -> Product | None:
        """The product of this reference (or of a variant's)."""
        return self._by_reference.get(reference)


@dataclass(frozen=True)
class Published:
    """Every edition of one good build, in the catalog's order of locales (its own first)."""

    editions: dict[str, Edition]

    @property
    def locale(self) -> str:
        return next(iter(self.editions))

    def edition(self, locale: str | None) -> Edition:
        return self.editions.get(locale or "", self.editions[self.locale])


@dataclass(frozen=True)
class Status:
    """What the page says above its content: how the catalog is, and what is being done."""

    problems: tuple[Problem, ...] = ()  # of the last check: errors keep the last good outputs
    building: bool = False
    failure: str | None = None  # why the last build did not finish, in words

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class Shop:
    """The catalog behind the page. `published` and `status` are replaced, never changed, so
    that a request reads one consistent state while the watcher works."""

    catalog: Path
    out_dir: Path
    published: Published | None = None
    status: Status = Status()
    # Counts the changes the page shows: open pages reload when it moves. From the clock, so that
    # a page left open while the server restarted does not take the new count for its own.
    version: int = field(default_factory=lambda: time.time_ns() // 1_000_000)
    _stop: threading.Event = field(default_factory=threading.Event)
    _build: subprocess.Popen | None = None
    _building: threading.Lock = field(default_factory=threading.Lock)  # _build and _stop
    _files: Watched = field(init=False)  # what the catalog is made of, as last checked
    _again: float = 0.0  # when to try again a build that did not finish (monotonic seconds)
    _stale: threading.Event = field(default_factory=threading.Event)  # an output was changed

    def __post_init__(self) -> None:
        self._files = Watched(self.catalog)

    def check(self, again: bool = False) -> dict[str, Catalog] | None:
        """Check the catalog in every language it publishes; the catalogs when none has errors.
        `again`: for a build tried again, the catalog unchanged: the page keeps saying why the
        last one did not finish, rather than flicker."""
        catalogs, problems = self._checked()
        published = self.published
        if published is None and catalogs is not None:
            # Until the first build is done, the products can be found, and the outputs a
            # build of this folder left, if any, are shown.
            published = self._published(catalogs, self._last_report() or BuildReport())
        if again and tuple(problems) == self.status.problems:
            return catalogs
        self._show(published, Status(tuple(problems), building=catalogs is not None))
        return catalogs

    def _checked(self) -> tuple[dict[str, Catalog] | None, list[Problem]]:
        """The catalogs (None when one has errors) and the problems found; the files watched."""
        catalog, problems = check_catalog(self.catalog)
        catalogs = {}
        if catalog is not None:
            catalogs[catalog.locale] = catalog
            for locale, (edition, missing) in check_translations(
                self.catalog, catalog, problems
            ).items():
                problems += missing
                catalogs[locale] = edition
        good = catalog is not None and all(catalogs.values())
        self._files.take(image for c in catalogs.values() if c for image in shown_images(c))
        return (catalogs if good else None), problems

    def refresh(self, again: bool = False) -> None:
        """Check the catalog and, when it is good, build it; what was on show stays until then."""
        catalogs = self.check(again)
        if catalogs is None:
            return
        failure = self._run_build()
        report = None if failure else self._last_report()
        if report is None and failure is None:
            failure = "the build left no record of what it wrote"
        self._again = time.monotonic() + RETRY_AFTER
        published = self._published(catalogs, report) if report else None
        status = replace(self.status, building=False, failure=failure)
        self._show(published or self.published, status)

    def watch(self) -> None:
        """Refresh whenever a file of the catalog changes, until `stop`. Whatever goes wrong is
        said on the page, and the watch goes on."""
        look = self.refresh
        while True:
            try:
                look()
            except Exception as exc:  # a bug's, or the system's: the page says it in words
                self._show(self.published, Status(self.status.problems, failure=_said(exc)))
                self._again = time.monotonic() + RETRY_AFTER
            look = self.look
            if self._stop.wait(EVERY):
                return

    def look(self) -> None:
        """Refresh if a file of the catalog changed, an output was changed by someone else, or
        a build that did not finish is due again. A folder that alone changed (a file beside
        the catalog came or went: the out folder, an editor's swap file) is checked quietly:
        open pages reload only when the check finds something new (a photo it lacked)."""
        changed = self._files.changed()
        due = self.status.failure is not None and time.monotonic() >= self._again
        if not changed and not due and not self._stale.is_set():
            return
        if changed and changed <= self._files.folders and not due and not self._stale.is_set():
            watched = set(self._files.stamps)
            _, problems = self._checked()
            # Nothing new to show unless a file of the catalog came (a products file) or the
            # check says something else (a photo it lacked is there).
            if set(self._files.stamps) == watched and tuple(problems) == self.status.problems:
                return
        self._stale.clear()
        self.refresh(again=not changed)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stale(self) -> None:
        """Say an output is not as the last build wrote it (changed, replaced, gone): the next
        look builds again, which writes it anew."""
        self._stale.set()

    def stop(self) -> None:
        """End the watch, and stop a build under way: its outputs stay the last good ones."""
        with self._building:
            self._stop.set()
            if self._build is not None and self._build.poll() is None:
                self._build.terminate()  # a build cleans up after itself on SIGTERM

    def _run_build(self) -> str | None:
        """`sheets build` in a process of its own (its workers, its signals, its memory), as a
        shop would run it; why it did not finish, in words, or None."""
        command = [sys.executable, "-m", "sheets", "build", str(self.catalog)]
        with self._building:
            if self._stop.is_set():
                return "stopped"
            self._build = build = subprocess.Popen(
                [*command, "-o", str(self.out_dir)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        try:
            _, said = build.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            build.terminate()
            build.communicate()
            return f"the build took more than {BUILD_TIMEOUT // 60} minutes: stopped"
        code = build.returncode
        if code in (0, 1):  # 1: written, but the press's checks found errors (the page shows them)
            return None
        return "stopped" if self._stop.is_set() else (said.strip() or f"status {code}")

    def _last_report(self) -> BuildReport | None:
        """What the last build into the output folder wrote, as its record says."""
        try:
            return BuildReport.from_record(recorded(self.out_dir)["report"], self.out_dir)
        except (KeyError, TypeError, AttributeError, ValueError):
            return None

    def _published(self, catalogs: dict[str, Catalog], report: BuildReport) -> Published:
        """The editions, with the files of them that `report` says were written."""
        tagged = len(catalogs) > 1  # the locale is in file names when there are several

        def written(path: Path) -> tuple[Path, str] | None:
            return (path, report.written[path][1]) if path in report.written else None

        editions = {}
        for locale, catalog in catalogs.items():
            tag = locale if tagged else None
            sheets = {
                product.reference: found
                for product in catalog.products
                if (found := written(self.out_dir / "sheets" / sheet_filename(product, tag)))
            }
            brochure = written(self.out_dir / brochure_filename(catalog, tag))
            checked = dict(report.preflights).get(brochure[0]) if brochure else None
            editions[locale] = Edition(catalog, SearchIndex(catalog), sheets, brochure, checked)
        return Published(editions)

    def _show(self, published: Published | None, status: Status) -> None:
        """What the page shows from now on; open pages reload when it has changed."""
        if published is self.published and status == self.status:
            return
        self.published, self.status = published, status
        self.version += 1


def read_output(file: tuple[Path, str]) -> bytes | None:
    """An output's bytes, if they are still those the last build wrote (its record's digest):
    not a file changed since, a link put in its place, a pipe that would never end."""
    path, digest = file
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as opened:
            if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
                return None
            data = opened.read()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def _said(exc: Exception) -> str:
    """An unexpected error in words, for the page (the console has the rest)."""
    return f"checking or building the catalog failed: {type(exc).__name__}: {exc}"
