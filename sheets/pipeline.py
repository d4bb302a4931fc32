"""The flows that check a catalog and email its sheets: the stages chained, load → validate →
layout → write (the build's flow is `build.py`). The library's entry points."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from .build_options import asked_locale, check_date_epoch
from .catalog.glyphs import check_glyph_coverage, tool_texts
from .catalog.images import check_images
from .catalog.load import read_catalog
from .catalog.mail_sections import PASSWORD_VARIABLE
from .catalog.unprintable import UNPRINTABLE
from .catalog.values import parse_email
from .errors import Problem, Refused, Severity, SheetsError, in_file_order, shown
from .layout.context import LayoutContext
from .layout.pages import check_page_furniture
from .layout.photo import check_photo_sizes
from .mail import Letter, MailError, SmtpLogin, compose_message, draft_bytes, send_message
from .model import Catalog, Product
from .names import check_sheet_names, message_filename
from .output import AtomicBatch
from .render.drawing import layout_problem
from .render.sheet import render_sheet
from .style.theme import make_theme


def check_catalog(path: Path, locale: str | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Everything `sheets build` would refuse or warn about, for the catalog as published in
    `locale` (default: its own), without writing anything. Characters no font draws are found
    even in a catalog with errors: every problem of the file shows in one run."""
    reading = read_catalog(path, locale)
    catalog, problems = reading.catalog, list(reading.problems)
    theme = make_theme(reading.theme, catalog.locale if catalog else "en")
    drawn = reading.drawn + (tool_texts(catalog) if catalog else [])
    problems += check_glyph_coverage(drawn, theme, path)
    if catalog is None:
        return None, in_file_order(problems, path)
    problems += check_images(catalog)
    if not any(p.is_error for p in problems):  # every image decodes: their sizes can be told
        problems += check_photo_sizes(catalog, theme)
    problems += check_page_furniture(catalog, theme)
    problems += check_sheet_names(catalog)
    return (None if any(p.is_error for p in problems) else catalog), in_file_order(problems, path)


def check_translations(
    path: Path, catalog: Catalog, own: list[Problem]
) -> dict[str, tuple[Catalog | None, list[Problem]]]:
    """For each other locale the catalog publishes, the catalog as published in it (None if it
    has errors) and what it lacks beyond the problems `own` to its own locale: texts that fall
    back to the catalog's language, characters no font draws."""
    gaps = {}
    for locale in catalog.locales:
        if locale != catalog.locale:
            edition, problems = check_catalog(path, locale)
            gaps[locale] = (edition, [p for p in problems if p not in own])
    return gaps


@dataclass
class Mailed:
    """A message made, and what became of it."""

    message: EmailMessage  # as sent: without X-Unsent
    eml: bytes  # the .eml file: a draft ready to send (X-Unsent: 1)
    filename: str  # the .eml's name, such as 7505634-la-liberation-de-paris.eml
    path: Path | None = None  # where the .eml was written, when it was
    sent: bool = False
    not_sent: str | None = None  # why not, when it was to be sent: a MailError's words


@dataclass
class EmailReport:
    """What `email_sheets` did, and the catalog's warnings."""

    catalog: Catalog
    mailed: Mailed
    warnings: list[Problem]


def email_sheets(
    path: Path,
    references: list[str],
    letter: Letter,
    out_dir: Path,
    locale: str | None = None,
    send: SmtpLogin | None = None,
) -> EmailReport:
    """Write the letter carrying the sheets of these products, in `locale` (default: the
    catalog's own), as an .eml file in `out_dir`, and send it when `send` is given: the catalog
    checked and the sheets drawn, then `mail_sheets`. Raises SheetsError as it does, having
    written nothing, also when the catalog has errors, a reference is unknown or
    SOURCE_DATE_EPOCH is no date.
    """
    check_date_epoch()
    catalog, problems = check_catalog(path, asked_locale(locale))
    if catalog is None:
        raise SheetsError(problems)
    check_letter(letter)  # before the sheets are drawn, as mail_sheets does after
    if send is not None:
        check_sending(catalog, send)
    products = select_products(catalog, references)
    sheets = render_sheets(catalog, products)
    mailed = mail_sheets(
        catalog, products, sheets, letter, asked=references, send=send, out_dir=out_dir
    )
    return EmailReport(catalog, mailed, problems)


def render_sheets(catalog: Catalog, products: list[Product]) -> list[bytes]:
    """The sheets of these products, as `sheets build` makes them; SheetsError when one cannot
    be laid out."""
    ctx = LayoutContext.for_catalog(catalog, catalog.theme.sheets_profile, "sheets")
    sheets = []
    for product in products:
        try:
            sheets.append(render_sheet(product, catalog.category(product.category), ctx)[0])
        except LayoutError as exc:
            raise layout_problem(catalog, product, str(exc).splitlines()[0][:160]) from None
    return sheets


def mail_sheets(
    catalog: Catalog,
    products: list[Product],
    sheets: list[bytes],
    letter: Letter,
    *,
    asked: Collection[str] = (),
    send: SmtpLogin | None = None,
    out_dir: Path | None = None,
) -> Mailed:
    """The letter with these sheets attached (one per product, in order), for a catalog
    `check_catalog` passed: composed, written as an .eml into `out_dir` when given, then sent
    when `send` is given. `asked`: the references asked for, a variant's naming it in the text.

    Raises SheetsError, having written and sent nothing, when an address is wrong, the catalog
    has no address to send from, or cannot send as asked, or the .eml cannot be written. A
    server that refuses the message or cannot be reached is no error: `not_sent` says why.
    """
    check_letter(letter)
    if send is not None:
        check_sending(catalog, send)
    try:
        # Dated by the clock, not SOURCE_DATE_EPOCH: that is for the PDFs, and a message sent
        # today is sent today (its Message-ID makes every .eml unique anyway).
        now = datetime.now().astimezone()
        message = compose_message(catalog, products, sheets, letter, now, asked)
    except MailError as exc:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    str(exc),
                    catalog.source,
                    hint="add 'email' under 'contact', or 'from' under 'smtp', in the catalog section",
                )
            ]
        ) from None
    mailed = Mailed(message, draft_bytes(message), message_filename(products))
    if out_dir is not None:
        mailed.path = _write_eml(out_dir / mailed.filename, mailed.eml)
    if send is not None:
        try:
            send_message(message, catalog.smtp, send)
            mailed.sent = True
        except MailError as exc:
            mailed.not_sent = str(exc)
    return mailed


def check_letter(letter: Letter) -> None:
    """SheetsError naming every address of the letter that is not one, a letter to nobody,
    and a name or note holding characters that would show as garbage in the customer's mail."""
    problems = []
    if not letter.to:
        problems.append(
            Problem(Severity.ERROR, "--to: no address", hint="give the customer's email address")
        )
    for option, addresses in (("--to", letter.to), ("--cc", letter.cc)):
        for address in addresses:
            try:
                parse_email(address)
            except ValueError as exc:
                refused = isinstance(exc, Refused)
                said = exc if refused else "is not an email address"
                hint = exc.hint if refused else "write it like 'client@example.fr'"
                problems.append(
                    Problem(Severity.ERROR, f"{option} {shown(address)} {said}", hint=hint)
                )
    for option, text in (("--name", letter.name), ("--note", letter.note)):
        if text and (found := UNPRINTABLE.search(text) or _BIDI_OVERRIDE.search(text)):
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"{option} holds the invisible character U+{ord(found[0]):04X}",
                    hint="type it again: a control character or a direction override would "
                    "show in the customer's mail as garbage, or turn the text around",
                )
            )
    if problems:
        raise SheetsError(problems)


# Unicode's direction overrides and isolates: they turn around the text that follows.
_BIDI_OVERRIDE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _write_eml(target: Path, eml: bytes) -> Path:
    try:
        with AtomicBatch() as batch:
            batch.stage(target, eml)
    except OSError as exc:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"cannot write the message: {exc.strerror or exc}",
                    target,
                    hint="check that the output folder can be written to (-o)",
                )
            ]
        ) from None
    return target


def check_sending(catalog: Catalog, login: SmtpLogin) -> None:
    """SheetsError unless the catalog can send: SMTP settings, and a password for its login."""
    if catalog.smtp is None:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    "--send needs the catalog's 'smtp' settings",
                    catalog.source,
                    hint="add 'smtp:' with 'host', 'port' and 'user' to the catalog section",
                )
            ]
        )
    if catalog.smtp.user and not login.password:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"no password for {catalog.smtp.user}",
                    catalog.source,
                    hint=f"set the environment variable {PASSWORD_VARIABLE}",
                )
            ]
        )


def select_products(catalog: Catalog, only: list[str]) -> list[Product]:
    """The products of these references, each once; every product when none is given.
    SheetsError naming each unknown reference."""
    if not only:
        return list(catalog.products)
    by_reference = catalog.by_reference()  # a variant's sheet is its product's
    unknown = [ref for ref in only if ref not in by_reference]
    if unknown:
        problems = []
        for ref in unknown:
            guess = difflib.get_close_matches(ref, by_reference, n=1)
            problems.append(
                Problem(
                    Severity.ERROR,
                    f"no product has the reference {shown(ref)}",
                    catalog.source,
                    hint=f"did you mean {guess[0]}?"
                    if guess
                    else "run 'sheets check' to list the catalog's products",
                )
            )
        raise SheetsError(problems)
    return list({id(p): p for p in (by_reference[ref] for ref in only)}.values())
