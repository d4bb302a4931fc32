"""Running the renderers: layout failures become problems naming the product, and many sheets
are drawn in parallel, one process per core (ReportLab itself uses one)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from reportlab.platypus.doctemplate import LayoutError

from ..errors import Problem, Severity, SheetsError
from ..layout.context import LayoutContext
from ..model import Catalog, Product
from .sheet import render_sheet

PARALLEL_FROM = 24  # fewer sheets are drawn sooner in this process than a pool of workers starts
MAX_WORKERS = 8

# What forked workers draw from: set just before the pool starts, inherited by the fork.
_shared: tuple[Catalog, LayoutContext] | None = None


def laid_out(
    catalog: Catalog, product: Product | None, render: Callable[[], tuple[bytes, int]]
) -> tuple[bytes, int]:
    """Run a rendering; a layout ReportLab cannot resolve becomes a Problem naming the product."""
    try:
        return render()
    except LayoutError as exc:
        raise _layout_problem(catalog, product, exc) from None


def render_sheets(
    catalog: Catalog, ctx: LayoutContext, products: list[Product]
) -> Iterator[tuple[Product, bytes, int]]:
    """Each product's sheet (PDF bytes, page count), in order; in parallel for a long list."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if (
        len(products) < PARALLEL_FROM
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for product in products:
            yield (
                product,
                *laid_out(catalog, product, lambda p=product: _render_one(catalog, ctx, p)),
            )
        return
    global _shared
    _shared = (catalog, ctx)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = pool.map(_render_shared, products, chunksize=4)
            for product in products:
                try:
                    data, pages = next(results)
                except LayoutError as exc:
                    raise _layout_problem(catalog, product, exc) from None
                yield product, data, pages
    finally:
        _shared = None


def _render_shared(product: Product) -> tuple[bytes, int]:
    catalog, ctx = _shared
    return _render_one(catalog, ctx, product)


def _render_one(catalog: Catalog, ctx: LayoutContext, product: Product) -> tuple[bytes, int]:
    return render_sheet(product, catalog.category(product.category), ctx)


def _layout_problem(catalog: Catalog, product: Product | None, exc: LayoutError) -> SheetsError:
    return SheetsError(
        [
            Problem(
                Severity.ERROR,
                f"cannot be laid out on the page ({str(exc).splitlines()[0][:160]})",
                catalog.source,
                product.line if product else None,
                None,
                product.reference if product else None,
                "shorten the longest text or image of this product, or choose a larger page_size",
            )
        ]
    )
