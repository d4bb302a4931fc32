"""The `sheets` command's entry point (the console script, and `python -m sheets`).

Loading the tool takes a moment (ReportLab, Babel, Pillow, pikepdf): a Ctrl-C meanwhile ends it
quietly, exit status 130, as one during a command does, instead of showing a traceback of
whichever import it fell in. Nothing heavy is imported before the handler is in place.
"""

from __future__ import annotations

import os
import signal

from . import EXIT_INTERRUPTED, interrupted


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    from .cli import main as command  # the heavy imports

    # The command's own handling takes over when it starts (cli._Shell); until then, a Ctrl-C
    # while the options are read ends the program here too.
    command(prog_name="sheets")


def _interrupted_while_starting(signal_number: int, frame) -> None:
    # At once, whatever runs: an exception raised inside an import could be caught there.
    os.write(2, f"\n{interrupted(signal.Signals(signal_number).name)}\n".encode())
    os._exit(EXIT_INTERRUPTED + signal_number)


if __name__ == "__main__":
    main()
