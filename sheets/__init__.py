"""sheets: a YAML product catalog → print-ready PDF product sheets and a brochure."""

__version__ = "0.1.0"
# Every PDF's Info /Creator: how a build knows the files of builds whose record was lost.
CREATOR = f"sheets {__version__}"

EXIT_INTERRUPTED = 128  # + the signal's number, as shells report it: 130 for Ctrl-C, 143 for TERM


def interrupted(signal_name: str) -> str:
    """What an interrupted run says, whether the signal came while it loaded or while it worked.
    (Here, where the entry point reads it before anything heavy is loaded.)"""
    return (
        f"sheets: interrupted ({signal_name}); nothing was written, and the earlier files are as "
        "they were"
    )
