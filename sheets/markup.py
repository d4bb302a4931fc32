"""Catalog text → ReportLab paragraph markup. User text is always escaped: it is text, never markup."""

from __future__ import annotations

from xml.sax.saxutils import escape


def text_markup(text: str) -> str:
    """Escape `&`, `<` and `>` so that ReportLab draws the text literally."""
    return escape(text)


def link_markup(label: str, url: str) -> str:
    """A clickable link whose label and address are both escaped."""
    return f'<a href="{escape(url, {chr(34): "&quot;"})}">{escape(label)}</a>'


def short_url(url: str) -> str:
    """The address as a person reads it: no scheme, no `www.`, no trailing slash."""
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
