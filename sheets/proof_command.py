"""The `sheets proof` command: the outputs brought up to date, then each brochure's contact sheet
for a customer's sign-off, the sheets' one (--sheets), a PNG of each sheet (--png); what it
wrote said in a few lines (registered by cli.py)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import click

from .build import build as build_catalog
from .console import CATALOG, OUT, WRITTEN, print_problems, refuse
from .editions.previews import DEFAULT_WIDTH
from .editions.proofs import Previews, write_proofs
from .errors import SheetsError, counted
from .pipeline import check_date_epoch
from .progress import ProgressBar


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
    """Proofs of CATALOG (default: ./catalog.yaml) for a customer's sign-off.

    Builds what changed first, as `sheets build` does, then writes OUT/<brochure>.proof.pdf for
    each brochure: its pages twelve to a landscape A4, each with its page number, products and
    section. A catalog with errors is reported as by `sheets check`, exits with 2, and nothing is
    written.
    """
    progress = ProgressBar()
    try:
        check_date_epoch()
        report = build_catalog(catalog, out_dir, on_progress=progress, on_written=_written)
        progress.close()
        previews = Previews(png_dir, width) if png_dir else None
        proofs = write_proofs(catalog, report, out_dir, _today(), sheets, previews)
    except SheetsError as exc:
        progress.close()
        refuse(catalog, exc.problems)
    finally:
        progress.close()  # interrupted too: the terminal's cursor shown again
    print_problems(report.warnings)
    click.echo(report.redrawn_line())
    for proof in proofs.contact_sheets:
        shown = counted(proof.shown, "page")
        click.echo(f"Proof: {proof.path} ({shown} on {counted(proof.pages, 'page')})")
    if png_dir:
        images = counted(len(proofs.previews), "PNG image")
        click.echo(f"Previews: {images} {width} px wide in {png_dir}")


def _written() -> None:
    """The build's outputs are in place: an interrupt from now on says so (the proofs, not yet
    put in place, are not)."""
    click.get_current_context().meta[WRITTEN] = click.get_current_context().params["out_dir"]


def _today() -> date:
    """The proof's date: SOURCE_DATE_EPOCH's when set (reproducible output), else today's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()
