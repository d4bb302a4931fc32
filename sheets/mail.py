"""Messages that carry product sheets: composed as RFC 5322 (.eml), sent over SMTP with STARTTLS."""

from __future__ import annotations

import base64
import copy
import re
import smtplib
import ssl
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from babel import Locale
from babel.lists import format_list

from .i18n.labels import labels_for
from .i18n.prices import price_text, product_price_text
from .model import Catalog, EmailTemplate, Product, SmtpSettings
from .names import sheet_filename

SMTP_TIMEOUT = 30  # seconds
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class MailError(Exception):
    """Why a message could not be sent, in words for the person sending it."""


@dataclass(frozen=True)
class SmtpLogin:
    """What `--send` adds to the catalog's SMTP settings: the password from the environment."""

    password: str | None = field(default=None, repr=False)  # None: the variable is not set


@dataclass(frozen=True)
class Letter:
    """Who a message goes to, and what the person sending it adds to the template's words."""

    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    name: str | None = None  # the customer's, in the greeting and the field {name}
    note: str | None = None  # a paragraph of one's own, after the body's first one


def split_addresses(values: Iterable[str], besides: Iterable[str] = ()) -> tuple[str, ...]:
    """The addresses of repeated options or form fields, each of which may list several
    separated by commas; each address once, in order, as first written, and none of `besides`
    (a Cc of someone already in To): case aside, one address is one person. Not checked: see
    pipeline.check_letter."""
    found = (part.strip(" \t") for value in values for part in value.split(","))
    seen = {address.casefold() for address in besides}
    kept = []
    for address in filter(None, found):
        if address.casefold() not in seen:
            seen.add(address.casefold())
            kept.append(address)
    return tuple(kept)


def compose_message(
    catalog: Catalog,
    products: list[Product],
    sheets: list[bytes],
    letter: Letter,
    sent_at: datetime,
    asked: Collection[str] = (),
) -> EmailMessage:
    """A message to the letter's recipients with one sheet attached per product, worded in the
    catalog's language; a variant `asked` for by its reference is the one its text names, at
    its price. The name and note are the sender's text: put in as they are, never formatted."""
    sender = _sender(catalog)
    fields = template_fields(catalog, products, asked, letter.name)
    plural = Locale.parse(catalog.locale).plural_form(len(products)) != "one"
    subject, body = (catalog.email or default_template(catalog.locale)).for_count(plural)
    message = EmailMessage()
    message["Subject"] = subject.format(**fields)
    message["From"] = formataddr((catalog.publisher, sender))
    message["To"] = ", ".join(letter.to)
    if letter.cc:
        message["Cc"] = ", ".join(letter.cc)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message.set_content(with_note(body.format(**fields).strip(), letter.note) + "\n")
    for product, data in zip(products, sheets, strict=True):
        message.add_attachment(
            data, maintype="application", subtype="pdf", filename=sheet_filename(product)
        )
    # Last: set_content and add_attachment move Content-* headers into the parts they make.
    message["Content-Language"] = catalog.language
    return message


def with_note(body: str, note: str | None) -> str:
    """The body with the note as a paragraph of its own after its first paragraph (the
    greeting, in the tool's wording), or at its end when it has only one."""
    note = "\n".join(line.rstrip() for line in (note or "").strip().splitlines())
    if not note:
        return body
    first, *rest = _PARAGRAPH_BREAK.split(body, maxsplit=1)
    return "\n\n".join([first, note, *rest])


def draft_bytes(message: EmailMessage) -> bytes:
    """The message as an .eml file that mail clients open as a draft, ready to send
    (`X-Unsent: 1`); the message itself, as sent, does not carry that header."""
    draft = copy.deepcopy(message)
    draft["X-Unsent"] = "1"
    return bytes(draft)


def template_fields(
    catalog: Catalog, products: list[Product], asked: Collection[str] = (), name: str | None = None
) -> dict[str, str]:
    """The values of `{title}`, `{price}`… for these products (or the variants `asked` for by
    their references): lists read as the language lists; `{name}` the customer's (one line),
    `{greeting}` the language's greeting, with that name when there is one."""

    def listed(values: list[str]) -> str:
        return format_list(values, locale=catalog.locale)

    contact, labels = catalog.contact, labels_for(catalog.locale)
    references, prices = [], []
    for product in products:
        if variants := [v for v in product.variants if v.reference in asked]:
            references += [variant.reference for variant in variants]
            prices += [price_text(v.price, catalog.locale, labels) for v in variants]
        else:
            references.append(product.reference)
            prices.append(product_price_text(product, catalog.locale, labels))
    name = " ".join((name or "").split())  # on one line: the subject may show it
    greeting = labels["email_greeting_name"] if name else labels["email_greeting"]
    return {
        "name": name,
        "greeting": greeting.format(name=name),  # a value: never formatted again
        "title": listed([p.title for p in products]),
        "reference": listed(references),
        "price": listed(prices),
        "url": listed([p.url for p in products if p.url]) or (contact.website or ""),
        "shop": catalog.publisher,
        "phone": contact.phone or "",
        "email": contact.email or "",
        "website": contact.website or "",
    }


def default_template(locale: str) -> EmailTemplate:
    """The tool's own wording in the catalog's language."""
    labels = labels_for(locale)
    return EmailTemplate(
        labels["email_subject"]["one"],
        labels["email_body"]["one"],
        labels["email_subject"]["other"],
        labels["email_body"]["other"],
    )


def send_message(message: EmailMessage, smtp: SmtpSettings, login: SmtpLogin) -> None:
    """Hand the message to the SMTP server, encrypted with STARTTLS before anything else is said."""
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT) as server:
            server.ehlo()
            if not server.has_extn("starttls"):
                raise MailError(
                    f"{smtp.host} does not offer STARTTLS: nothing was sent unencrypted"
                )
            server.starttls(context=ssl.create_default_context(cafile=smtp.ca_file))
            server.ehlo()
            if smtp.user:
                _login(server, smtp, login.password or "")
            server.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"{smtp.host} refused the login of {smtp.user}: {_reply(exc)}") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"{smtp.host} refused the message: {_reply(exc)}") from None
    except ssl.SSLCertVerificationError as exc:
        advice = (
            ""
            if smtp.ca_file
            else "; if it comes from a private CA, give that CA's certificate as 'ca_file' "
            "in the catalog's 'smtp' section"
        )
        raise MailError(
            f"the certificate of {smtp.host} is not trusted ({exc.verify_message}){advice}"
        ) from None
    except ssl.SSLError as exc:
        raise MailError(f"no secure connection to {smtp.host}: {exc.reason or exc}") from None
    except OSError as exc:
        raise MailError(f"cannot reach {smtp.host}:{smtp.port}: {exc.strerror or exc}") from None


def _login(server: smtplib.SMTP, smtp: SmtpSettings, password: str) -> None:
    """AUTH PLAIN or LOGIN with the credentials in UTF-8 (RFC 4616): smtplib encodes them as
    ASCII, and a password such as 'mot-de-passé' would raise. Other mechanisms: smtplib's."""
    if not server.has_extn("auth"):
        raise MailError(
            f"{smtp.host} offers no login (SMTP AUTH): nothing was sent; if the server needs "
            "none, remove 'user' from the catalog's 'smtp' section"
        )
    user, offered = smtp.user or "", server.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        code, reply = server.docmd("AUTH", "PLAIN " + _base64(f"\0{user}\0{password}"))
    elif "LOGIN" in offered:
        code, reply = server.docmd("AUTH", "LOGIN " + _base64(user))
        if code == 334:  # the server asks for the password
            code, reply = server.docmd(_base64(password))
    elif password.isascii():
        server.login(user, password)
        return
    else:
        raise MailError(
            f"{smtp.host} offers only {', '.join(offered)} logins, which cannot carry a "
            "password with characters beyond ASCII: nothing was sent"
        )
    if code not in (235, 503):  # as smtplib: 503 means already logged in
        raise smtplib.SMTPAuthenticationError(code, reply)


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _sender(catalog: Catalog) -> str:
    sender = (catalog.smtp.sender if catalog.smtp else None) or catalog.contact.email
    if not sender:
        raise MailError("the catalog gives no address to send from")
    return sender


def _reply(exc: smtplib.SMTPException) -> str:
    error = getattr(exc, "smtp_error", b"")
    return error.decode("utf-8", "replace") if isinstance(error, bytes) and error else str(exc)
