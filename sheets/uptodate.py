"""Whether a build would only write what its output folder already holds. The last build leaves
what it was made from (the tool, its settings, the bytes of the catalog and of its products
files, its photos' stamps) and what it reported beside its outputs; a build of the same, whose
outputs are still as that build wrote them, reports the same again without reading the
catalog."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalog.images import file_stamp
from .errors import Problem
from .output import STATE_FOLDER, AtomicBatch, OutputFolder, sha256_of
from .preflight.report import Finding
from .render.cache import tool_fingerprint

RECORD = "build.json"


def inputs_key(files: list[Path], settings: str) -> str | None:
    """The key of what a build reads besides its photos: the tool, `settings` (its options,
    said in words), the date reproducible PDFs carry, and `files` (the catalog, its products
    files, a colour profile) where they are and as they are: a file added to the products folder,
    or taken out of it, changes the key as much as an edited one. None when one cannot be read (the build says why)."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    for part in (settings, os.environ.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode() + b"\0")
    for path in files:
        try:
            digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def recorded(out_dir: Path) -> dict[str, Any] | None:
    """The record the last build into `out_dir` left (its key, its photos' stamps, its report),
    as written: None when there is none, or it is no JSON object."""
    try:
        record = json.loads((out_dir / STATE_FOLDER / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def last_report(folder: OutputFolder, key: str) -> dict[str, Any] | None:
    """What the last build into `folder` reported, if it was made from the inputs `key` says
    and its photos, and its outputs are still as it wrote them; None otherwise."""
    if (record := recorded(folder.folder)) is None:
        return None
    try:
        if record["key"] != key or record["files"] != stamps(record["files"]):
            return None
        written = record["report"]["written"].items()
        held = all(folder.holds(folder.folder / name, sha256) for name, (_, sha256) in written)
        # A record of outputs with entries to drop is written anew by a build.
        return record["report"] if held and not folder.warnings and _readable(record) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(
    folder: OutputFolder,
    key: str,
    photos: dict[str, list[int] | None],
    report: dict[str, Any],
    sources: dict[str, str | None],
) -> None:
    """Keep what a build was made from (`key`, its `photos`' stamps and its `sources`'
    digests as it found them: the catalog, its products files) and its report, which says what it wrote
    (`written`: file → locale and digest, relative to the folder), for the next build to
    compare."""
    record = {"key": key, "files": photos, "report": report, "sources": sources}
    try:
        with AtomicBatch() as batch:
            batch.stage(folder.state / RECORD, json.dumps(record, ensure_ascii=False).encode())
    except OSError:
        # The outputs are written: a record that cannot be kept (a folder in its place) only
        # costs the next build its shortcut, as no record does.
        pass


def recorded_photos(out_dir: Path) -> dict[str, list[int] | None]:
    """The photos the last build into `out_dir` showed, with their stamps as it found them
    before drawing, as its record says; {} without one."""
    try:
        return {str(name): stamp for name, stamp in recorded(out_dir)["files"].items()}
    except (KeyError, TypeError, AttributeError):
        return {}


def changed_since_built(out_dir: Path, sources: list[Path]) -> list[str] | None:
    """The files among `sources` (the catalog, its products files) and the photos the last
    build into `out_dir` showed that were changed, added or removed since it read them; None
    when no build left its record there."""
    if (record := recorded(out_dir)) is None:
        return None
    try:
        read, photos = dict(record["sources"]), dict(record["files"])
    except (KeyError, TypeError, ValueError):
        return None  # a record of an earlier version of sheets
    now = {**digests([*read, *sources]), **stamps(photos)}
    return sorted(name for name in now if now[name] != {**read, **photos}.get(name))


def digests(files: Iterable[Path | str]) -> dict[str, str | None]:
    """Each file's SHA-256 by its full path (None if it cannot be read): the catalog's and its
    products files', small, are known by their bytes; a file saved unchanged is unchanged."""
    found: dict[str, str | None] = {}
    for name in files:
        path = Path(name).resolve()
        try:
            found[str(path)] = sha256_of(path)
        except OSError:
            found[str(path)] = None
    return found


def stamps(files: Iterable[str]) -> dict[str, list[int] | None]:
    """Each file's stamp (None if it is gone): a file that keeps it is unchanged. A build takes
    its photos' before it draws them: one saved meanwhile is seen changed by the next build."""
    stats: dict[str, list[int] | None] = {}
    for name in files:
        try:
            stats[name] = file_stamp(os.stat(name))
        except OSError:
            stats[name] = None
    return stats


def _readable(record: dict[str, Any]) -> bool:
    """Whether the recorded report is one a build wrote (`BuildReport.as_record`): the record
    is the folder's, and one edited or damaged is not believed, as no record."""
    report = record["report"]
    names = [*report["sheets"], *report["brochures"], *report["imposed"], *report["locales"]]
    pages = [report["sheet_pages"], report["brochure_pages"]]
    for name, profile, count, findings in report["preflights"]:
        names += [name, profile]
        pages.append(count)
        for finding in map(Finding.from_dict, findings):
            names += [finding.check, finding.message]
            pages += [finding.page] if finding.page is not None else []
    for problem in map(Problem.from_dict, report["warnings"]):
        names.append(problem.message)
    return all(isinstance(name, str) for name in names) and all(type(n) is int for n in pages)
