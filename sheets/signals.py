"""Ctrl-C and SIGTERM held back through a step that must not be cut short, then delivered."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver those that came.

    Blocking them in this thread is not enough: a signal sent to the process reaches any thread
    that does not block it (the pool's, Dask's), and Python then runs its handler in the main
    thread at once. So the handlers also only note the signal meanwhile. Blocking them too
    keeps them off the system calls of this thread, and out of the handlers Python runs around
    a fork (where an exception is ignored), and a process forked here starts with them held."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs Python's signal handlers
        return
    came: list[int] = []
    handlers = {}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        for number in HELD:  # inside `try`: one raised meanwhile still restores the others
            handlers[number] = signal.signal(number, lambda n, _: came.append(n))
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # those pending go to their handlers
        for number in dict.fromkeys(came):
            signal.raise_signal(number)
