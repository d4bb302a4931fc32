"""The `sheets diff` command: two editions compared, what changed printed in words or as JSON,
and a proof of the changed pages on request (registered by cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .console import EXIT_BAD_INPUT, print_problems
from .editions.changes import write_changes
from .editions.diff import EditionDiff, as_json, changed_pages, described, diff_editions
from .editions.reading import Edition, editions_at
from .errors import Problem, Severity, SheetsError, counted

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
        pairs, unpaired = _paired(old, new)
        diffs = [diff_editions(before, after) for before, after in pairs]
        if proof is not None:
            _write_proofs(diffs, proof)
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


def _paired(old: Path, new: Path) -> tuple[list[tuple[Edition, Edition]], list[dict]]:
    """The editions to compare: two files' own, or a folder's by locale; and those of one side
    only (their side and locale)."""
    before, after = editions_at(old), editions_at(new)
    if not old.is_dir() and not new.is_dir():
        return [(before[0], after[0])], []
    by_locale = {edition.manifest["locale"]: edition for edition in after}
    pairs, unpaired = [], []
    for edition in before:
        locale = edition.manifest["locale"]
        if locale in by_locale:
            pairs.append((edition, by_locale.pop(locale)))
        else:
            unpaired.append({"side": "old", "locale": locale, "manifest": str(edition.path)})
    unpaired += [
        {"side": "new", "locale": locale, "manifest": str(edition.path)}
        for locale, edition in by_locale.items()
    ]
    return pairs, unpaired


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


def _write_proofs(diffs: list[EditionDiff], proof: Path) -> None:
    """A proof of each edition's changed pages: `proof`, or with several editions one file each
    with the locale before its suffix."""
    for diff in diffs:
        pages = changed_pages(diff)
        if not pages:  # nothing changed on its pages: no proof to sign
            continue
        target = proof
        if len(diffs) > 1:
            target = proof.with_name(f"{proof.stem}.{diff.new.manifest['locale']}{proof.suffix}")
        for edition in (diff.old, diff.new):
            if not edition.brochure.is_file():
                message = f"the brochure {edition.brochure.name} is not beside its manifest"
                hint = "the proof shows its pages: keep the build's folder whole"
                raise SheetsError([Problem(Severity.ERROR, message, edition.path, hint=hint)])
        write_changes(diff.old.brochure, diff.new.brochure, pages, target)
        click.echo(f"proof of {counted(len(pages), 'changed page')}: {target}", err=True)
