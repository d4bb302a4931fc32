"""Catalog text → ReportLab paragraph markup. User text is always escaped: it is text, never markup."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle

from ..i18n.typography import ordinal_runs
from ..style import fonts


def text_markup(text: str) -> str:
    """Escape `&`, `<` and `>` so that ReportLab draws the text literally."""
    return escape(text)


def text_markup_with_fallback(
    text: str, font_name: str, fallback_font_name: str | None = None
) -> str:
    """Escaped text for a paragraph set in `font_name`, the characters that font lacks set in the
    fallback face (by default the fallback family's face of the same weight and slant), so that
    they are drawn instead of empty boxes. See `fonts.font_runs` for how the text is cut."""
    return "".join(
        escape(run) if face == font_name else f'<font name="{face}">{escape(run)}</font>'
        for face, run in fonts.font_runs(text, font_name, fallback_font_name)
    )


def link_markup(label: str, url: str) -> str:
    """A clickable link whose label and address are both escaped."""
    return f'<a href="{escape(url, {chr(34): "&quot;"})}">{escape(label)}</a>'


def short_url(url: str) -> str:
    """The address as a person reads it: no scheme, no `www.`, no trailing slash."""
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


def markup_with_ordinals(text: str, style: ParagraphStyle, locale: str) -> str:
    """Escaped text (with fallback-font runs) whose ordinals' letters are superscripts
    (`1<super>er</super>`): smaller, not below the style's smallest size (text already near it
    keeps them level), and raised by 0.15 of the text's size, level with old-style figures. Readers (PDFium) take letters raised by a
    fifth or more for another line, and would read `1` and `er` apart."""
    size, rise = max(style.fontSize * 0.7, style.minFontSize), style.fontSize * 0.15
    if size > style.fontSize * 0.85:  # text at its smallest already: raised letters would look big
        return text_markup_with_fallback(text, style.fontName)
    return "".join(
        f'<super rise="{rise:.2f}" size="{size:.2f}">{markup}</super>' if raised else markup
        for run, raised in ordinal_runs(text, locale)
        if (markup := text_markup_with_fallback(run, style.fontName))
    )
