"""The work of a build, cut into tasks that any process can do: a few products' sheets, or a run
of the brochure (drawn and preflighted). A task names what to draw; the `Workload` it is done
against holds the editions, so that a task is small to send and its result says all the build
needs: the PDF's bytes and what it holds."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from ..catalog.images import ImageProblem
from ..layout.context import LayoutContext
from ..layout.fitting import ProductLayoutError
from ..model import Catalog, Product
from ..preflight.checks import check_pages
from .brochure import Anchor, render_run
from .items import Item, item_products
from .page_digests import page_hashes
from .prepared import prepare
from .sheet import render_sheet

# What drawing meets when a photo was changed or removed after the catalog was checked: drawing
# only writes into memory, so any file error is one of reading.
UNREADABLE = (ImageProblem, OSError)


@dataclass(frozen=True)
class Edition:
    """One locale's catalog and how its sheets and its brochure are drawn."""

    catalog: Catalog
    sheets: LayoutContext
    brochure: LayoutContext
    runs: tuple[tuple[Item, ...], ...] = ()
    bleed_mm: float = 3.0  # what the brochure's runs are preflighted for

    @functools.cached_property
    def products(self) -> dict[str, Product]:
        """The catalog's products by reference: made once in each process, not for each task."""
        return {product.reference: product for product in self.catalog.products}


@dataclass(frozen=True)
class Workload:
    editions: dict[str, Edition] = field(default_factory=dict)
    # Each photo's SHA-256 by its path, as this machine reads it: another machine's worker must
    # read the same bytes there.
    photos: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetTask:
    locale: str
    references: tuple[str, ...]  # drawn one after the other


@dataclass(frozen=True)
class RunTask:
    locale: str
    run: int  # its place among the edition's runs
    # Sheets of its products drawn after it, by the same process: a product's sheet is measured
    # as its pages are (layout/typeset.py remembers their lines).
    sheets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drawn:
    """What a task drew: a sheet (its reference) or a run (its number), or the layout error
    that stopped it."""

    task: SheetTask | RunTask
    name: str  # the product's reference, or the run's number
    data: bytes = b""
    pages: int = 0
    anchors: tuple[Anchor, ...] = ()
    shortened: tuple[str, ...] = ()  # products whose cards shortened their description
    findings: tuple[dict, ...] = ()  # of the run's preflight, pages counted from 1 in the run
    sizes: tuple[tuple[float, float], ...] = ()  # each page's trim size
    # What the build's process would read of a run, read here in parallel: the run prepared
    # for binding (`prepared.py`) and its pages' digests (`page_digests.py`).
    prepared: bytes = b""
    hashes: tuple[str, ...] = ()
    error: str | None = None
    unreadable: bool = False  # the error is a photo that could not be read while drawing
    product: str | None = None  # the product a run's layout error is about
    hint: str | None = None


def perform(task: SheetTask | RunTask, workload: Workload) -> list[Drawn]:
    """Do a task: the sheets it names, or its run of the brochure, preflighted for the press
    (then the sheets it names, each drawn as a SheetTask's)."""
    edition = workload.editions[task.locale]
    if isinstance(task, SheetTask):
        return _sheets(task, edition)
    drawn = _run(task, edition)
    if task.sheets:
        drawn += _sheets(SheetTask(task.locale, task.sheets), edition)
    return drawn


def _sheets(task: SheetTask, edition: Edition) -> list[Drawn]:
    catalog = edition.catalog
    drawn = []
    for reference in task.references:
        product = edition.products[reference]
        try:
            data, pages = render_sheet(product, catalog.category(product.category), edition.sheets)
        except ProductLayoutError as exc:
            drawn.append(Drawn(task, reference, error=str(exc), hint=exc.hint))
        except LayoutError as exc:
            drawn.append(Drawn(task, reference, error=first_line(exc)))
        except UNREADABLE as exc:
            drawn.append(Drawn(task, reference, error=first_line(exc), unreadable=True))
        else:
            drawn.append(Drawn(task, reference, data, pages))
    return drawn


def _run(task: RunTask, edition: Edition) -> list[Drawn]:
    catalog = edition.catalog
    try:
        part = render_run(catalog, edition.brochure, list(edition.runs[task.run]))
    except ProductLayoutError as exc:
        return [Drawn(task, str(task.run), error=str(exc), product=exc.reference, hint=exc.hint)]
    except LayoutError as exc:
        return [Drawn(task, str(task.run), error=first_line(exc))]
    except UNREADABLE as exc:
        return [Drawn(task, str(task.run), error=first_line(exc), unreadable=True)]
    findings, sizes = preflighted(part.data, edition)
    prepared, hashes = prepare(part.data).to_bytes(), tuple(page_hashes(part.data))
    return [
        Drawn(
            task,
            str(task.run),
            part.data,
            part.pages,
            part.anchors,
            part.shortened,
            findings,
            sizes,
            prepared,
            hashes,
        )
    ]


def task_photos(task: SheetTask | RunTask, workload: Workload) -> list[tuple[str, Path]]:
    """The photos a task draws, each with its product's reference."""
    edition = workload.editions[task.locale]
    if isinstance(task, SheetTask):
        products = [edition.products[reference] for reference in task.references]
    else:
        products = [p for item in edition.runs[task.run] for p in item_products(item)]
        products += [edition.products[reference] for reference in task.sheets]
    return [(product.reference, path) for product in products for path in product.images]


def preflighted(data: bytes, edition: Edition) -> tuple[tuple[dict, ...], tuple]:
    """A part of the print brochure checked as the press will check it: the findings (pages
    counted from 1 in the part) and each page's trim size. Nothing for a screen brochure."""
    if not edition.brochure.profile.bleed:
        return (), ()
    found, sizes = check_pages(data, "print", edition.bleed_mm)
    return tuple(f.as_dict() for f in found), tuple(sizes)


def first_line(exc: Exception) -> str:
    """What went wrong, in one line (a photo named by its file)."""
    said = exc.naming_the_file() if isinstance(exc, ImageProblem) else str(exc)
    return said.splitlines()[0][:160] if said else type(exc).__name__
