"""A build's tasks done on a Dask cluster (`sheets build --scheduler ADDRESS`): the workload sent
once to every worker, the tasks spread over them, their results back as they are done. Workers
draw with the same tool as this process or not at all: the same bytes need the same code, fonts
and libraries. They read the photos by the paths the catalog gives, as this process would, and
draw a task only when its photos have the bytes this process read."""

from __future__ import annotations

import os
import re
import socket
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata

from .. import __version__
from ..errors import Problem, Severity, SheetsError, shown
from ..style.fonts import register_family
from .cache import file_digest, tool_fingerprint
from .tasks import Drawn, RunTask, SheetTask, Workload, perform, task_photos

CONNECT_SECONDS = 10  # for the scheduler to answer, and for a first worker to join it
INSTALL = "pip install 'sheets[dask]'"

Task = SheetTask | RunTask
# ReportLab keeps its state in module globals: one task at a time in a worker process, however
# many threads it was started with.
_drawing = threading.Lock()
_photo_index: dict[str, list] = {}  # the photos' digests this worker took, by their stamps


class OtherTool(Exception):
    """A worker whose tool is not this one; its message lists the differences (`reportlab 5.1.0 →
    4.2.0`: ours, then the worker's)."""


def run_on_cluster(address: str, tasks: list[Task], workload: Workload) -> Iterator[list[Drawn]]:
    """Each task's results, as the cluster's workers finish them (not in order). The work left
    is cancelled when a task fails or the build is interrupted; the connection ends with the
    tasks. SheetsError when the cluster cannot be used."""
    distributed = _distributed()
    ours = tool_identity()
    with _connected(distributed, address) as client:
        _check_workers(client, address, ours)
        shared = client.scatter(workload, broadcast=True, hash=False)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        futures = client.map(
            _perform_on_worker,
            tasks,
            workload=shared,
            tool=ours,
            epoch=epoch,
            pure=False,
        )
        # Only what is not done yet is held here: a result leaves the workers once taken.
        pending = set(futures)
        done = distributed.as_completed(futures, loop=client.loop, with_results=True)
        del futures
        try:
            for future, drawn in done:
                pending.discard(future)
                yield drawn
        except OtherTool as exc:
            raise _other_tool(f"a worker of {address}", str(exc)) from None
        except distributed.KilledWorker as exc:
            raise _refusal(
                f"the workers of {address} died drawing a task ({exc})",
                "look at the workers' logs: a worker short of memory is ended by its nanny",
            ) from None
        finally:
            if pending:  # failed or interrupted: the work left is not wanted
                client.cancel(list(pending), force=True)


@cache
def tool_identity() -> dict[str, str]:
    """What decides the bytes this process draws: the package's files, and the versions of the
    libraries it draws with (the package's requirements) and of zlib, which compresses them."""
    identity = {"sheets": __version__, "sheets files": tool_fingerprint()[:16]}
    try:
        requirements = metadata.requires("sheets") or []
    except metadata.PackageNotFoundError:  # run from a folder of sources: its files tell
        requirements = []
    for requirement in requirements:
        if "extra ==" not in requirement:
            name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
            identity[name] = metadata.version(name)
    identity["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return identity


def _worker_tool() -> dict[str, str]:
    # Sent by name: each worker answers with its own `tool_identity`.
    return tool_identity()


def _perform_on_worker(
    task: Task, workload: Workload, tool: dict[str, str], epoch: str | None
) -> list[Drawn]:
    """A task done on a worker, as the build's own process would do it: with the same tool, and
    the date the build's PDFs carry."""
    if (ours := tool_identity()) != tool:
        raise OtherTool(_differences(tool, ours))
    with _drawing:
        if (other := _other_photo(task, workload)) is not None:
            return [other]
        _register_fonts(workload)
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        _set_epoch(epoch)
        try:
            return perform(task, workload)
        finally:
            _set_epoch(previous)


def _other_photo(task: Task, workload: Workload) -> Drawn | None:
    """A photo of the task that this worker reads as other bytes than the build's machine (or
    cannot read), as the error it is; None when each is the same file."""
    for reference, path in task_photos(task, workload):
        try:
            same = file_digest(path, _photo_index) == workload.photos.get(str(path))
        except OSError as exc:
            same, why = False, exc.strerror
        else:
            why = "other bytes than on the machine of the build"
        if not same:
            name = task.references[0] if isinstance(task, SheetTask) else str(task.run)
            error = (
                f"image {shown(path.name)} of product {reference} on the worker "
                f"{socket.gethostname()}: {why}"
            )
            return Drawn(task, name, error=error, unreadable=True)
    return None


def _register_fonts(workload: Workload) -> None:
    """The themes' fonts, registered with this process's ReportLab: the build's own process did
    it as it made the themes, which reach a worker without it."""
    for edition in workload.editions.values():
        register_family(edition.catalog.theme.text_font)
        register_family(edition.catalog.theme.display_font)


def _set_epoch(epoch: str | None) -> None:
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = epoch


def _differences(ours: dict[str, str], theirs: dict[str, str]) -> str:
    names = [name for name in {**ours, **theirs} if ours.get(name) != theirs.get(name)]
    return ", ".join(
        f"{name} {ours.get(name, '(none)')} → {theirs.get(name, '(none)')}" for name in names
    )


def _distributed():
    try:
        import distributed
    except ImportError:
        raise _refusal(
            "--scheduler needs Dask's distributed package, which is not installed",
            f"{INSTALL}, or build without --scheduler",
        ) from None
    return distributed


@contextmanager
def _connected(distributed, address: str):
    try:
        # A malformed address is said at once (a client made with one hangs as it is dropped).
        distributed.comm.get_address_host_port(address)
    except ValueError as exc:
        raise _refusal(
            f"--scheduler {shown(address)} is not the address of a Dask scheduler ({_reason(exc)})",
            "write it like tcp://HOST:8786",
        ) from None
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise _refusal(
            f"cannot reach the Dask scheduler at {address} ({_reason(exc)})",
            "start one with `dask scheduler`, or check the address (tcp://HOST:8786)",
        ) from None
    try:
        yield client
    finally:
        client.close(timeout=CONNECT_SECONDS)


def _check_workers(client, address: str, ours: dict[str, str]) -> None:
    """Workers are there, each can import this package, and each draws with this same tool."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError:
        raise _refusal(
            f"the Dask scheduler at {address} has no worker",
            f"start some with `dask worker {address} --nthreads 1`",
        ) from None
    try:
        identities = client.run(_worker_tool)
    except Exception as exc:  # the worker's own error, sent back as text (not importable here)
        raise _refusal(
            f"the workers of {address} cannot tell which tool they draw with ({_reason(exc)})",
            "install this same sheets, with the same libraries, on every worker",
        ) from None
    for worker, theirs in sorted(identities.items()):
        if theirs != ours:
            raise _other_tool(f"the worker {worker}", _differences(ours, theirs))


def _other_tool(worker: str, differences: str) -> SheetsError:
    return _refusal(
        f"{worker} draws with another tool: {differences}",
        "install this same sheets, with the same libraries, on every worker: the same bytes "
        "need the same tool",
    )


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def _refusal(message: str, hint: str | None = None) -> SheetsError:
    return SheetsError([Problem(Severity.ERROR, message, hint=hint)])
