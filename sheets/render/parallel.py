"""Doing a build's tasks: here for a few, in worker processes (one per core; ReportLab itself
uses one) for many, or on a Dask cluster when one is named. Results come back as they are done."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from ..signals import signals_held
from .cluster import run_on_cluster
from .tasks import Drawn, RunTask, SheetTask, Workload, perform

PARALLEL_FROM = 24  # fewer sheets are drawn sooner in this process than a pool of workers starts
MAX_WORKERS = 8
_PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for the child when its parent dies

Task = SheetTask | RunTask

# What forked workers work from: set just before the pool starts, inherited by the fork.
_shared: Workload | None = None


def run_tasks(
    tasks: list[Task], workload: Workload, weights: list[int], scheduler: str | None = None
) -> Iterator[list[Drawn]]:
    """Each task's results, as tasks are done (not in order). `weights` say how many sheets
    each task draws, a run counting for its products: little work, or one task and little
    else, is done here at once. With the address of a Dask `scheduler`, all of it is done on
    that cluster (render/cluster.py).

    The workers end with the pool: when the tasks are done, when one fails, and when the build
    is interrupted (the workers are killed on the way out); and, on Linux, when this process
    is killed outright."""
    if scheduler is not None and tasks:
        yield from run_on_cluster(scheduler, tasks, workload)
        return
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if (
        sum(weights) - max(weights, default=0) < PARALLEL_FROM  # nothing to share out
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for task in tasks:
            yield perform(task, workload)
        return
    global _shared
    _shared = workload
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_started
    )
    finished = False
    try:
        # Futures of our own rather than pool.map: its iterator cancels what is pending when
        # interrupted, and the pool's thread then raises on the cancelled futures and hangs.
        with signals_held():  # the first submission forks the workers
            pending = {pool.submit(_perform_shared, task) for task in tasks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
        finished = True
    finally:
        _shared = None
        if not finished:  # failed or interrupted: the work left is not wanted
            _kill_workers(pool)
        # Not cancelling the futures: the pool's own thread fails them once their workers are
        # gone, and one it finds cancelled makes it raise.
        pool.shutdown(wait=True)


def _perform_shared(task: Task) -> list[Drawn]:
    return perform(task, _shared)


def _worker_started() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers itself. A worker
    # forked with the parent's SIGTERM handler would raise where it should just end; and it
    # was forked with both signals held back (`signals_held`).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
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
