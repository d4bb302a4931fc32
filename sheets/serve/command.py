"""The `sheets serve` command: the staff's page started on this machine, its address printed,
its catalog watched until Ctrl-C (registered by cli.py)."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path

import click

from ..catalog.mail_sections import PASSWORD_VARIABLE
from ..console import CATALOG, EXIT_BAD_INPUT, OUT
from .security import TOKEN_VARIABLE, is_local, new_token

SHUTDOWN_SECONDS = 2  # open pages hold a connection for live updates: they are not waited for


@click.command("serve")
@CATALOG
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on (0: any free one, printed).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. Any other than this machine's needs the access token.",
)
@OUT
def serve_command(catalog: Path, port: int, host: str, out_dir: Path) -> None:
    """A web page for shop staff: find a product, see its sheet, download it, email it.

    The catalog is built into the output folder as `sheets build` would, and built again when
    one of its files changes; open pages update themselves. Listening beyond this machine
    (--host 0.0.0.0) needs an access token: the one in $SHEETS_SERVE_TOKEN, or one made up and
    printed now. Messages are sent when the catalog has 'smtp' settings and its password is in
    $SHEETS_SMTP_PASSWORD; otherwise the page offers them as .eml files.
    """
    # Imported here: the web server's libraries are not needed by the other commands.
    import uvicorn

    from ..mail import SmtpLogin
    from .app import create_app
    from .mailing import EmailDesk
    from .shop import Shop

    if not catalog.is_file():
        click.echo(f"{catalog}: error: no such catalog file", err=True)
        click.echo("    hint: give the path of a catalog.yaml, or run from its folder", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    token = None if is_local(host) else (os.environ.get(TOKEN_VARIABLE) or new_token())
    shop = Shop(catalog.resolve(), out_dir.resolve())
    started = time.perf_counter()
    shop.check()  # the first page shows the products at once; the build follows
    desk = EmailDesk(shop, SmtpLogin(os.environ.get(PASSWORD_VARIABLE)))
    app = create_app(shop, token, desk)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listening = socket.create_server((host, port), family=family)
    except OSError as exc:
        click.echo(f"sheets serve: error: cannot listen on {host}:{port}: {exc.strerror}", err=True)
        click.echo("    hint: give another --port, or stop what uses this one", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=SHUTDOWN_SECONDS
    )
    watcher = threading.Thread(target=shop.watch, name="catalog watcher", daemon=True)
    watcher.start()
    shown = host if is_local(host) or host not in ("0.0.0.0", "::") else socket.gethostname()
    shown = f"[{shown}]" if ":" in shown else shown
    address = f"http://{shown}:{listening.getsockname()[1]}/"
    click.echo(f"sheets serve: {catalog} at {address}{f'?token={token}' if token else ''}")
    click.echo(f"Ready in {time.perf_counter() - started:.1f} s; Ctrl-C stops it.")
    # Ctrl-C and SIGTERM alike stop the server, once open pages are told (uvicorn's handlers
    # first, then this one's, as KeyboardInterrupt).
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            shop.stop()  # open pages let go, a build under way stops: nothing is waited for
            super().handle_exit(sig, frame)

    try:
        Server(config).run(sockets=[listening])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        shop.stop()
        watcher.join()
    click.echo("sheets serve: stopped; the outputs in the folder are those of the last build.")
