"""Running the renderers: layout failures become problems naming the product, and many sheets
are drawn in parallel, one process per core (ReportLab itself uses one)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from reportlab.platypus.doctemplate import LayoutError

from ..errors import Problem, Severity, SheetsError
from ..layout.context import LayoutContext
from ..model import Catalog, Product
from .sheet import render_sheet

PARALLEL_FROM = 24  # fewer sheets are drawn sooner in this process than a pool of workers starts
MAX_WORKERS = 8
CHUNK = 4  # sheets a worker draws per task: fewer round trips, and still an even spread
_PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for the child when its parent dies

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
    """Each product's sheet (PDF bytes, page count), in order; in parallel for a long list.

    The workers end with the pool: when the sheets are drawn, when a sheet fails, and when the
    build is interrupted (the pool is terminated on the way out); and, on Linux, when this
    process is killed outright."""
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
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_started
    )
    chunks = [products[start : start + CHUNK] for start in range(0, len(products), CHUNK)]
    finished = False
    try:
        # Futures of our own rather than pool.map: its iterator cancels what is pending when
        # interrupted, and the pool's thread then raises on the cancelled futures and hangs.
        futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            for product, drawn in zip(chunk, future.result(), strict=True):
                if isinstance(drawn, LayoutError):
                    raise _layout_problem(catalog, product, drawn)
                yield product, *drawn
        finished = True
    finally:
        _shared = None
        if not finished:  # failed or interrupted: the work left is not wanted
            _kill_workers(pool)
        pool.shutdown(wait=True)


def _worker_started() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers itself. A worker
    # forked with the parent's SIGTERM handler would raise where it should just end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the line above: nobody to work for
            os._exit(1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
        return
    for process in list((pool._processes or {}).values()):
        process.kill()


def _render_chunk(products: list[Product]) -> list[tuple[bytes, int] | LayoutError]:
    """In a worker: each product's sheet, or the layout error that stopped it."""
    catalog, ctx = _shared
    drawn: list[tuple[bytes, int] | LayoutError] = []
    for product in products:
        try:
            drawn.append(_render_one(catalog, ctx, product))
        except LayoutError as exc:
            drawn.append(exc)
    return drawn


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
