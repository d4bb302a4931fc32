"""The import's outputs put in place all at once: the catalog and its images are written into
a temporary folder beside the target, checked by the catalog's own loader, and moved into
place only then. On any problem, nothing is left behind."""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import Problem
from .images import IMAGES
from .problems import Findings

# Checks a catalog written in a folder: the problems the tool's loader finds in it.
Check = Callable[[Path], list[Problem]]


def check_target(out: Path, force: bool, findings: Findings) -> None:
    """Stop before anything is read when the catalog cannot be written where asked."""
    above = next((folder for folder in [out.parent, *out.parents] if folder.exists()), None)
    if above is not None and not above.is_dir():
        findings.stop(f"{above} is a file, not a folder", hint="give another -o", file=out)
    if out.is_dir():
        findings.stop("is a folder", hint="give the path of the catalog file to write", file=out)
    if out.exists() and not force:
        findings.stop(
            "already exists: it is not replaced",
            hint="give another -o, or --force to replace it",
            file=out,
        )


def write_catalog(
    out: Path,
    text: str,
    images: dict[str, Path],
    force: bool,
    findings: Findings,
    check: Check,
) -> list[Path]:
    """Write the catalog's text to `out` and copy `images` (name → file) into the images folder
    beside it, once `check` finds no error in them; the images copied."""
    folder = out.parent / IMAGES
    replaced = _images_in_the_way(folder, images, force, findings)
    findings.stop_if_errors()
    try:
        return _write(out, text, images, replaced, findings, check)
    except OSError as exc:  # a folder not writable, a full disk, an image not readable
        findings.stop(
            f"cannot be written: {exc.strerror}" + (f" ({exc.filename})" if exc.filename else ""),
            hint="check the folder can be written to and has room",
            file=out,
        )


def _write(
    out: Path,
    text: str,
    images: dict[str, Path],
    replaced: set[str],
    findings: Findings,
    check: Check,
) -> list[Path]:
    folder = out.parent / IMAGES
    # The folders made for the catalog go again if it is not written.
    made = next((f for f in reversed([out.parent, *out.parent.parents]) if not f.exists()), None)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    written = False
    try:
        staged = staging / out.name
        staged.write_text(text, encoding="utf-8")
        if images:
            (staging / IMAGES).mkdir()
        for name, source in images.items():
            shutil.copyfile(source, staging / IMAGES / name)
        for problem in check(staged):
            findings.problems.append(problem)
        findings.stop_if_errors()
        copied = []
        if images:
            folder.mkdir(exist_ok=True)
        for name in images:
            target = folder / name
            if target.exists() and name not in replaced:
                continue  # the same bytes are there already
            os.replace(staging / IMAGES / name, target)
            copied.append(target)
        os.replace(staged, out)  # last: a catalog only once its images are in place
        written = True
        return copied
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if made is not None and not written:
            shutil.rmtree(made, ignore_errors=True)


def _images_in_the_way(
    folder: Path, images: dict[str, Path], force: bool, findings: Findings
) -> set[str]:
    """The names of images already in the folder with other bytes: replaced with --force,
    an error without."""
    if folder.exists() and not folder.is_dir():
        findings.error("is not a folder: the images cannot be copied into it", file=folder)
        return set()
    replaced = set()
    for name, source in images.items():
        target = folder / name
        if not target.exists() and not target.is_symlink():
            continue
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            continue
        if force and target.is_file() and not target.is_symlink():
            replaced.add(name)
        else:
            findings.error(
                "is already there, with other content: it is not replaced",
                file=target,
                hint="move it away, or --force to replace it"
                if target.is_file()
                else "move it away",
            )
    return replaced
