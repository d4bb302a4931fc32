"""The `sheets proof` command: each brochure's contact sheet for a customer's sign-off, the
sheets' one (--sheets), a PNG of each sheet (--png), made from what the last build wrote; what it
wrote said in a few lines (registered by cli.py)."""

from __future__ import annotations

from pathlib import Path

import click

from .catalog.product_files import product_files
from .console import CATALOG, EXIT_BAD_INPUT, OUT, print_problems
from .editions.previews import DEFAULT_WIDTH
from .editions.proofs import Previews, write_proofs
from .errors import Problem, Severity, SheetsError, counted
from .uptodate import changed_since_built


@click.command("proof")
@CATALOG
@OUT
@click.option("--sheets", is_flag=True, help="Also a contact sheet of every product sheet.")
@click.option(
    "--png",
    "png_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also each sheet's first page as a PNG image in DIR, named like the sheet (a web shop's).",
)
@click.option(
    "--width",
    type=click.IntRange(16, 10_000),
    default=DEFAULT_WIDTH,
    show_default=True,
    metavar="PX",
    help="The width of the --png images, in pixels.",
)
def proof_command(
    catalog: Path, out_dir: Path, sheets: bool, png_dir: Path | None, width: int
) -> None:
    """Proofs of what `sheets build` last wrote into OUT, for a customer's sign-off.

    Writes OUT/<brochure>.proof.pdf for each brochure: its pages twelve to a landscape A4,
    each with its page number, products and section. The brochure is proofed as it was built
    (with the build's options): when CATALOG (default: ./catalog.yaml), its products files or
    photos changed since, nothing is written and the exit status is 2: build first.
    """
    try:
        _check_built(catalog, out_dir)
        previews = Previews(png_dir, width) if png_dir else None
        proofs = write_proofs(out_dir, sheets, previews)
    except SheetsError as exc:
        print_problems(exc.problems)
        raise SystemExit(EXIT_BAD_INPUT) from None
    for brochure in proofs.unbuilt:
        click.echo(f"Not proofed: {brochure} (the last build did not write it)", err=True)
    for proof in proofs.contact_sheets:
        shown = counted(proof.shown, "page")
        click.echo(f"Proof: {proof.path} ({shown} on {counted(proof.pages, 'page')})")
    if png_dir:
        images = counted(len(proofs.previews), "PNG image")
        click.echo(f"Previews: {images} {width} px wide in {png_dir}")


def _check_built(catalog: Path, out_dir: Path) -> None:
    """That OUT holds a build of CATALOG as it is now: a proof of an earlier one would be
    signed for what will not be printed."""
    changed = changed_since_built(out_dir, [catalog, *product_files(catalog)])
    if changed is None:
        message, changed = f"no build of {catalog} in {out_dir}", []
    elif changed:
        shown = ", ".join(changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        )
        message = f"{shown} changed since the last build into {out_dir}"
    else:
        return
    hint = f"run `sheets build` (with the options you print with) into {out_dir}, then the proof"
    raise SheetsError([Problem(Severity.ERROR, message, hint=hint)])
