"""Python's cycle collector kept off what lives as long as a command (its modules, a build's
catalogs): its collections walked each of their objects again and again, and a collection in a
forked worker writes into every object it walks, copying into the worker the memory it shares
with the process it was forked from."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def kept_from_the_collector() -> Iterator[None]:
    """What is made meanwhile, to be kept: the collector does not walk it as it is made (again
    and again, as it grows), and passes over it after (`gc.freeze`)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


@contextmanager
def passed_over_by_the_collector() -> Iterator[None]:
    """The collector passes over what is alive as this starts, and over what is kept meanwhile;
    all of it is let go at the end, for a process that goes on (`sheets build --watch`)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
