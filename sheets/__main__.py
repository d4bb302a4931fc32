"""The `sheets` command's entry point (the console script, and `python -m sheets`).

Loading the tool takes a moment (ReportLab, Babel, Pillow, pikepdf: each command loads what it
needs when it is called): a Ctrl-C (or SIGTERM) meanwhile ends it quietly, exit status 130 (143),
as one during a command does, instead of showing a traceback of whichever import it fell in.
Nothing is imported before the handlers are in place.
"""

from __future__ import annotations

import signal

from .signals import end_at_once


def main() -> None:
    signal.signal(signal.SIGINT, end_at_once)
    signal.signal(signal.SIGTERM, end_at_once)
    import gc

    from .cli import main as command  # each command loads its own modules when called

    # The command's own handling takes over when it starts (cli._Shell); until then, a signal
    # while the options are read ends the program here too.
    try:
        command(prog_name="sheets")
    finally:
        # The process ends here: the cycle collector need not walk every object it holds once
        # more on the way out (a fifth of a second after a build).
        gc.freeze()


if __name__ == "__main__":
    main()
