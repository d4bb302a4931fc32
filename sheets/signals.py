"""Ctrl-C and SIGTERM held back through a step that must not be cut short, then delivered; and
both while the tool loads its libraries, which end it at once and quietly."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from . import EXIT_INTERRUPTED, interrupted

HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver those that came.

    Blocking them in this thread is not enough: a signal sent to the process reaches any thread
    that does not block it (the pool's, Dask's), and Python then runs its handler in the main
    thread at once. So the handlers also only note the signal meanwhile. Blocking them too
    keeps them off the system calls of this thread, and out of the handlers Python runs around
    a fork (where an exception is ignored), and a process forked here starts with them held.

    Python runs a pending signal's handler inside `signal.signal` and `pthread_sigmask`: each
    step is made so that a handler raising there still leaves the mask and handlers restored."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs Python's signal handlers
        return
    came: list[int] = []
    handlers = {}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])  # as it is: nothing changed yet
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
        for number in HELD:
            handlers[number] = signal.signal(number, lambda n, _: came.append(n))
        yield
    finally:
        raised = _restored(handlers, mask)
        if raised is not None:
            raise raised
        for number in dict.fromkeys(came):
            signal.raise_signal(number)


def _restored(handlers: dict, mask: set) -> BaseException | None:
    """Put back the handlers and the mask, whatever a pending signal's handler raises on the
    way (it runs first, and the step is then done again); the first such exception."""
    raised = None
    steps = [lambda n=n, h=h: signal.signal(n, h) for n, h in handlers.items()]
    steps.append(lambda: signal.pthread_sigmask(signal.SIG_SETMASK, mask))  # pending ones run
    for step in steps:
        while True:
            try:
                step()
                break
            except BaseException as exc:  # a pending signal's handler, run before the step
                raised = raised or exc
                if step is steps[-1]:
                    break  # the mask is set before its pending signals are handled
    return raised


@contextmanager
def ended_at_once_if_interrupted() -> Iterator[None]:
    """A Ctrl-C or SIGTERM meanwhile (libraries are loading, nothing is written yet) ends the
    program at once, quietly, exit status 128 + the signal's number: an exception raised inside
    an import could be caught there, or abort a compiled library half-made (pikepdf's does)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, end_at_once) for number in HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def end_at_once(signal_number: int, frame) -> None:
    """A signal's handler that ends the program where it is, saying so in one line."""
    os.write(2, f"\n{interrupted(signal.Signals(signal_number).name)}\n".encode())
    os._exit(EXIT_INTERRUPTED + signal_number)
