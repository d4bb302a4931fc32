"""The product page's email form: the message `sheets email` would make, with the sheet the
build wrote, offered as an .eml to open in a mail client or sent through the catalog's SMTP
server, a few messages a minute at most."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass, field

from starlette.datastructures import FormData
from starlette.responses import Response

from ..errors import SheetsError
from ..mail import Letter, SmtpLogin, split_addresses
from ..model import Product
from ..pipeline import check_letter, mail_sheets
from .interface import Interface
from .security import SendLimit
from .shop import Edition, Shop, read_output

NOTICES = 100  # what became of the last messages sent, kept for the pages that say it
FIELD_LIMIT = 2000  # characters in a form field: a personal line, not a book
FIELDS = ("to", "cc", "name", "note")


def field_names(words: Interface) -> dict[str, str]:
    """The form's fields as its labels name them."""
    gettext = words.gettext
    return {
        # TRANSLATORS: the label of the email form's field of recipients' addresses.
        "to": gettext("To"),
        # TRANSLATORS: the label of the email form's field of copies' addresses (carbon copy).
        "cc": gettext("Cc"),
        # TRANSLATORS: the label of the email form's field for the customer's name, which the
        # message's greeting uses.
        "name": gettext("Customer's name"),
        # TRANSLATORS: the label of the email form's field for a sentence of the staff's own,
        # added to the message.
        "note": gettext("A personal line"),
    }


@dataclass
class EmailDesk:
    shop: Shop
    login: SmtpLogin = field(default_factory=SmtpLogin)
    limit: SendLimit = field(default_factory=SendLimit)
    _notices: dict[str, str] = field(default_factory=dict)  # what `notice` keeps

    @property
    def can_send(self) -> bool:
        """Whether the page offers to send: the catalog has SMTP settings, and a password when
        it logs in (given to the server at start, never shown)."""
        published = self.shop.published
        smtp = published and published.edition(None).catalog.smtp
        return bool(smtp) and (not smtp.user or bool(self.login.password))

    async def answer(
        self, show, words: Interface, edition: Edition, product: Product, asked: str, form: FormData
    ) -> Response | Sent:
        """The .eml to download, `Sent`, or the product page again (`show`) saying what became
        of the message in `words`, the form as it was typed. `asked`: the reference the page was
        opened with (a variant's names that variant, at its price)."""
        gettext, names = words.gettext, field_names(words)
        typed = {key: str(form.get(key, "")) for key in FIELDS}
        recipients = split_addresses([typed["to"]])
        letter = Letter(
            to=recipients,
            cc=split_addresses([typed["cc"]], besides=recipients),
            name=typed["name"].strip() or None,
            note=typed["note"].strip() or None,
        )
        sending = form.get("action") == "send"

        async def again(status: int, problems: list[str]):
            return await show(status, form=typed, mail_problems=problems)

        if long := [names[key] for key, value in typed.items() if len(value) > FIELD_LIMIT]:
            # TRANSLATORS: {fields} names one field of the email form or several ("To, Cc").
            said = gettext("{fields}: at most {limit} characters.")
            fields = ", ".join(long)
            return await again(400, [said.format(fields=fields, limit=words.number(FIELD_LIMIT))])
        if sending and not self.can_send:
            said = gettext("This server cannot send: download the message instead.")
            return await again(400, [said])
        sheet = edition.sheets.get(product.reference)
        data = await asyncio.to_thread(read_output, sheet) if sheet else None
        if data is None:
            if sheet:
                self.shop.stale()
            return await again(503, [gettext("The sheet is being made again: try in a moment.")])
        try:
            check_letter(letter)  # before the limit: a typo costs no message
        except SheetsError as exc:
            return await again(400, _worded(exc, words))
        if sending and (wait := self.limit.take()):
            # TRANSLATORS: {seconds} is a number of seconds, "s" their symbol.
            said = gettext("Too many messages this minute: try again in {seconds} s.")
            return await again(429, [said.format(seconds=words.number(round(wait)))])
        try:
            mailed = await asyncio.to_thread(
                mail_sheets,
                edition.catalog,
                [product],
                [data],
                letter,
                asked=[asked],
                send=self.login if sending else None,
            )
        except SheetsError as exc:
            return await again(400, _worded(exc, words))
        if not sending:
            return Response(
                mailed.eml,
                media_type="message/rfc822",
                headers={"Content-Disposition": f'attachment; filename="{mailed.filename}"'},
            )
        if mailed.not_sent:
            # TRANSLATORS: {reason} is what went wrong, in English, as `sheets email` says it
            # ("127.0.0.1 refused the login of boutique@example.fr: ...").
            return await again(502, [gettext("Not sent: {reason}").format(reason=mailed.not_sent)])
        # TRANSLATORS: {recipients} are email addresses; {server} the SMTP server's name.
        said = gettext("Sent to {recipients} through {server}.")
        recipients = ", ".join(letter.to + letter.cc)
        return Sent(said.format(recipients=recipients, server=edition.catalog.smtp.host))

    def notice(self, text: str) -> str:
        """A key under which `text` (what became of a message) is kept for the page the browser
        is sent to next; the last few are kept."""
        key = secrets.token_urlsafe(12)
        self._notices[key] = text
        while len(self._notices) > NOTICES:
            del self._notices[next(iter(self._notices))]
        return key

    def noticed(self, key: str | None) -> str | None:
        return self._notices.get(key or "")


@dataclass(frozen=True)
class Sent:
    """A message that went: what the page says of it, once the browser has left the form."""

    said: str


def _worded(error: SheetsError, words: Interface) -> list[str]:
    """The problems as the form's fields name them: `To: 'x' is not an email address`. The
    problems are said as `sheets email` says them, in English; the field in the page's words."""
    names = field_names(words)
    # TRANSLATORS: {field} is a field of the email form ("To"); {problem} what is wrong with
    # it, in English, as `sheets email` says it.
    shape = words.gettext("{field}: {problem}")
    said = []
    for problem in error.problems:
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        if field := re.match(r"--(to|cc|name|note):? ", message):
            message = shape.format(field=names[field[1]], problem=message[field.end() :])
        said.append(message)
    return said
