"""The `sheets diff` command: two editions compared, what changed printed in words or as JSON,
and a proof of the changed pages on request (registered by cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .console import EXIT_BAD_INPUT, print_problems
from .editions.changes import is_changes_proof, stage_changes
from .editions.diff import EditionDiff, as_json, changed_pages, described, diff_editions
from .editions.reading import Edition, editions_at
from .errors import Problem, Severity, SheetsError, counted
from .output import AtomicBatch

EXIT_DIFFERENT = 1  # as diff(1): 0 the same, 1 different, 2 trouble


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_tool", is_flag=True, help="Print the differences as JSON.")
@click.option(
    "-o",
    "--out",
    "proof",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a PDF of the changed pages (one per edition: the locale before .pdf).",
)
def diff_command(old: Path, new: Path, as_tool: bool, proof: Path | None) -> None:
    """Compare two editions: OLD and NEW are build folders, manifests or brochures.

    Exit status: 0 no differences, 1 differences, 2 bad input."""
    try:
        before, after = editions_at(old), editions_at(new)
        pairs, unpaired = _paired(before, after, old.is_dir() or new.is_dir())
        diffs = [diff_editions(was, now) for was, now in pairs]
        if proof is not None:
            _write_proofs(diffs, proof, before + after)
    except SheetsError as exc:
        print_problems(exc.problems)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if as_tool:
        found = {
            "different": bool(unpaired) or any(diff.different for diff in diffs),
            "editions": [as_json(diff) for diff in diffs],
            "unpaired": unpaired,
        }
        click.echo(json.dumps(found, indent=1, ensure_ascii=False))
    else:
        _say(diffs, unpaired)
    if unpaired or any(diff.different for diff in diffs):
        raise SystemExit(EXIT_DIFFERENT)


def _paired(
    before: list[Edition], after: list[Edition], folders: bool
) -> tuple[list[tuple[Edition, Edition]], list[dict]]:
    """The editions to compare: two files' own, or folders' by locale; and those of one side
    only (their side and locale)."""
    if not folders:
        was, now = before[0], after[0]
        if was.manifest["locale"] != now.manifest["locale"]:
            locales = f"{was.manifest['locale']} and {now.manifest['locale']}"
            message = f"is another locale's edition than {was.path.name} ({locales})"
            hint = "compare two editions of one locale, or the two build folders (paired by locale)"
            raise SheetsError([Problem(Severity.ERROR, message, now.path, hint=hint)])
        return [(was, now)], []
    by_locale = _by_locale(after)
    pairs, unpaired = [], []
    for locale, edition in _by_locale(before).items():
        if locale in by_locale:
            pairs.append((edition, by_locale.pop(locale)))
        else:
            unpaired.append({"side": "old", "locale": locale, "manifest": str(edition.path)})
    unpaired += [
        {"side": "new", "locale": locale, "manifest": str(edition.path)}
        for locale, edition in by_locale.items()
    ]
    return pairs, unpaired


def _by_locale(editions: list[Edition]) -> dict[str, Edition]:
    """A folder's editions by locale; SheetsError for two of one locale: which to compare?"""
    found: dict[str, Edition] = {}
    for edition in editions:
        locale = edition.manifest["locale"]
        if locale in found:
            message = (
                f"is a second {locale} edition in its folder, beside {found[locale].path.name}"
            )
            hint = "remove the one no build of this folder wrote, or compare the manifests"
            raise SheetsError([Problem(Severity.ERROR, message, edition.path, hint=hint)])
        found[locale] = edition
    return found


def _say(diffs: list[EditionDiff], unpaired: list[dict]) -> None:
    for diff in diffs:
        head = f"{diff.old.brochure} → {diff.new.brochure}"
        lines = described(diff)
        click.echo(f"{head}: {'no differences' if not lines else ''}".rstrip(": "))
        for line in lines:
            click.echo(f"  {line}")
    for edition in unpaired:
        click.echo(
            f"{edition['manifest']}: only in {edition['side'].upper()} ({edition['locale']})"
        )


def _write_proofs(diffs: list[EditionDiff], proof: Path, read: list[Edition]) -> None:
    """A proof of each edition's changed pages: `proof`, or with several editions one file each
    with the locale before its suffix. Every edition and target checked first, then all the
    proofs put in place at once: a failed run writes none."""
    planned = []
    for diff in diffs:
        pages = changed_pages(diff)
        if not pages:  # nothing changed on its pages: no proof to sign
            continue
        target = proof
        if len(diffs) > 1:
            target = proof.with_name(f"{proof.stem}.{diff.new.manifest['locale']}{proof.suffix}")
        planned.append((diff, pages, target))
    try:
        for diff, _, target in planned:
            _check_target(target, read)
            for edition in (diff.old, diff.new):
                edition.as_built("the proof shows its pages: keep the build's folder whole")
        with AtomicBatch() as batch:
            for diff, pages, target in planned:
                stage_changes(batch, diff.old.brochure, diff.new.brochure, pages, target)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else proof
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):  # where a folder must be
            reason = "its folder is a file"
        message = f"cannot write the proof: {reason}"
        hint = "name a file (-o) in a folder that can be written to"
        raise SheetsError([Problem(Severity.ERROR, message, where, hint=hint)]) from None
    for _, pages, target in planned:
        click.echo(f"proof of {counted(len(pages), 'changed page')}: {target}", err=True)


def _check_target(target: Path, read: list[Edition]) -> None:
    """SheetsError when the proof would replace a file it is not: one the diff reads, or any
    file there but an earlier changes proof (a build's outputs, a catalog, a photo…)."""
    hint = "name the proof (-o) after a file that is not there yet, or an earlier proof's"
    for edition in read:
        for path, what in ((edition.brochure, "a brochure"), (edition.path, "a manifest")):
            if _same_file(target, path):
                message = f"is {what} this diff compares: the proof would replace it"
                raise SheetsError([Problem(Severity.ERROR, message, target, hint=hint)])
    if target.is_dir():
        message = "is a folder: the proof is a file"
        raise SheetsError([Problem(Severity.ERROR, message, target, hint=hint)])
    if target.exists() and not is_changes_proof(target):
        message = "is there and is not an earlier changes proof: the proof would replace it"
        raise SheetsError([Problem(Severity.ERROR, message, target, hint=hint)])


def _same_file(target: Path, path: Path) -> bool:
    """The same file, by another name too (a link, `..`, a folder linked)."""
    if target.resolve() == path.resolve():
        return True
    return target.exists() and path.exists() and target.samefile(path)
