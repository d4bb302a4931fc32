"""The `sheets email` command: options in, the letter written (and sent), what became of it
printed, exit status set (registered by cli.py)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .catalog.mail_sections import PASSWORD_VARIABLE
from .console import print_problems, refuse
from .errors import SheetsError, counted
from .mail import Letter, SmtpLogin, split_addresses
from .pipeline import email_sheets

EXIT_NOT_SENT = 1


@click.command("email")
@click.argument("references", nargs=-1, required=True, metavar="REF...")
@click.option(
    "--to",
    "to",
    required=True,
    multiple=True,
    metavar="ADDRESS",
    help="The customer's email address (repeatable, or several separated by commas).",
)
@click.option(
    "--cc",
    "cc",
    multiple=True,
    metavar="ADDRESS",
    help="An address to send a copy to (repeatable, or several separated by commas).",
)
@click.option("--name", metavar="NAME", help="The customer's name, in the greeting.")
@click.option("--note", metavar="TEXT", help="A paragraph of your own, after the greeting.")
@click.option(
    "--catalog",
    "catalog",
    default="catalog.yaml",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The catalog the products are in.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="out/mail",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the .eml file.",
)
@click.option(
    "--locale",
    metavar="LOCALE",
    help="The language of the sheets and the message (default: the catalog's).",
)
@click.option(
    "--send",
    is_flag=True,
    help=f"Also send it, with the catalog's 'smtp' settings and the password in ${PASSWORD_VARIABLE}.",
)
def email_command(
    references: tuple[str, ...],
    to: tuple[str, ...],
    cc: tuple[str, ...],
    name: str | None,
    note: str | None,
    catalog: Path,
    out_dir: Path,
    send: bool,
    locale: str | None,
) -> None:
    """Write a ready-to-send message carrying the sheets of products REF... (and send it).

    The message (.eml, opens in any mail client as a draft ready to send) has the sheets
    attached, and a subject and a short, polite text in the catalog's language, from the
    catalog's 'email' template when it has one, greeting the customer by --name and with your
    --note after the greeting. With --send it goes out through the catalog's SMTP server,
    encrypted with STARTTLS, to every --to and --cc.
    """
    recipients = split_addresses(to)
    letter = Letter(recipients, split_addresses(cc, besides=recipients), name, note)
    login = SmtpLogin(os.environ.get(PASSWORD_VARIABLE)) if send else None
    try:
        report = email_sheets(catalog, list(references), letter, out_dir, locale, login)
    except SheetsError as exc:
        refuse(catalog, exc.problems)
    print_problems(report.warnings)
    mailed = report.mailed
    attachments = len(list(mailed.message.iter_attachments()))
    size = len(mailed.eml) // 1024
    click.echo(f"Wrote {mailed.path} ({counted(attachments, 'sheet')}, {size} KiB).")
    if mailed.not_sent:
        click.echo(f"error: not sent: {mailed.not_sent}", err=True)
        raise SystemExit(EXIT_NOT_SENT)
    if mailed.sent:
        smtp = report.catalog.smtp
        copies = f" (Cc {', '.join(letter.cc)})" if letter.cc else ""
        click.echo(f"Sent to {', '.join(letter.to)}{copies} through {smtp.host}:{smtp.port}.")
