"""The product page's email form: the message `sheets email` would make, with the sheet the
build wrote, offered as an .eml to open in a mail client or sent through the catalog's SMTP
server, a few messages a minute at most."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

from starlette.datastructures import FormData
from starlette.responses import Response

from ..errors import SheetsError
from ..mail import Letter, SmtpLogin, split_addresses
from ..model import Product
from ..pipeline import check_letter, mail_sheets
from .security import SendLimit
from .shop import Edition, Shop, read_output

FIELD_LIMIT = 2000  # characters in a form field: a personal line, not a book
FIELDS = {"to": "To", "cc": "Cc", "name": "Customer's name", "note": "A personal line"}


@dataclass
class EmailDesk:
    shop: Shop
    login: SmtpLogin = field(default_factory=SmtpLogin)
    limit: SendLimit = field(default_factory=SendLimit)

    @property
    def can_send(self) -> bool:
        """Whether the page offers to send: the catalog has SMTP settings, and a password when
        it logs in (given to the server at start, never shown)."""
        published = self.shop.published
        smtp = published and published.edition(None).catalog.smtp
        return bool(smtp) and (not smtp.user or bool(self.login.password))

    async def answer(
        self, show, edition: Edition, product: Product, asked: str, form: FormData
    ) -> Response:
        """The .eml to download, or the product page again (`show`) saying what became of the
        message, the form as it was typed. `asked`: the reference the page was opened with (a
        variant's names that variant, at its price)."""
        typed = {key: str(form.get(key, "")) for key in FIELDS}
        letter = Letter(
            to=split_addresses([typed["to"]]),
            cc=split_addresses([typed["cc"]]),
            name=typed["name"].strip() or None,
            note=typed["note"].strip() or None,
        )
        sending = form.get("action") == "send"

        async def again(status: int, problems: list[str] = (), sent: str | None = None):
            return await show(status, form=typed, mail_problems=problems, sent=sent)

        if long := [FIELDS[key] for key, value in typed.items() if len(value) > FIELD_LIMIT]:
            return await again(400, [f"{', '.join(long)}: at most {FIELD_LIMIT} characters."])
        if sending and not self.can_send:
            return await again(400, ["This server cannot send: download the message instead."])
        sheet = edition.sheets.get(product.reference)
        data = await asyncio.to_thread(read_output, sheet) if sheet else None
        if data is None:
            if sheet:
                self.shop.stale()
            return await again(503, ["The sheet is being made again: try in a moment."])
        try:
            check_letter(letter)  # before the limit: a typo costs no message
        except SheetsError as exc:
            return await again(400, _worded(exc))
        if sending and (wait := self.limit.take()):
            return await again(429, [f"Too many messages this minute: try again in {wait:.0f} s."])
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
            return await again(400, _worded(exc))
        if not sending:
            return Response(
                mailed.eml,
                media_type="message/rfc822",
                headers={"Content-Disposition": f'attachment; filename="{mailed.filename}"'},
            )
        if mailed.not_sent:
            return await again(502, [f"Not sent: {mailed.not_sent}"])
        recipients = ", ".join(letter.to + letter.cc)
        return await again(200, sent=f"Sent to {recipients} through {edition.catalog.smtp.host}.")


def _worded(error: SheetsError) -> list[str]:
    """The problems as the form's fields name them: `To 'x' is not an email address`."""
    said = []
    for problem in error.problems:
        message = re.sub(r"^--(to|cc)\b", lambda m: FIELDS[m.group(1)], problem.message)
        said.append(message + (f" ({problem.hint})" if problem.hint else ""))
    return said
