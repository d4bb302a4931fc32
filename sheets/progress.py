"""A long build's progress, as the place it is shown allows."""

from __future__ import annotations

import sys
import time

import click


class ProgressBar:
    """A progress bar over the products on a terminal; off a terminal (a log, CI), a line every
    few seconds, so that a long build shows it is alive."""

    LOG_EVERY = 5.0  # seconds

    def __init__(self) -> None:
        self._stream = sys.stderr
        self._bar = None
        self._logged = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self._stream.isatty():
            if time.monotonic() - self._logged >= self.LOG_EVERY:
                self._logged = time.monotonic()
                click.echo(f"rendered {done} of {total} sheets", err=True)
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Rendering", file=self._stream)
        self._bar.update(1)

    def close(self) -> None:
        """End the bar (once: closing it again does nothing)."""
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None
