"""The page's own words (its buttons, labels and messages) in the shop's language: the locale of
the catalog's own edition, English when the tool has no catalog of words for that language.
The edition switch changes the products' texts, not these."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from gettext import NullTranslations

from babel import Locale
from babel.numbers import format_decimal
from jinja2 import pass_context
from markupsafe import Markup

from ..i18n.labels import FALLBACK, translations_for


@dataclass(frozen=True)
class Interface:
    locale: str  # the shop's: fr_FR
    words: NullTranslations  # of its language, or English's

    @functools.cached_property
    def lang(self) -> str:
        """The language the words are in, as HTML names it: `fr-FR`, or `en` for a shop in a
        language without a catalog of words."""
        found = self.words.info().get("language", FALLBACK)
        shown = self.locale if Locale.parse(self.locale).language == found else found
        return shown.replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.words.gettext(message)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def marks(self, locale: str) -> Markup:
        """The `lang` attribute of a text in `locale` (an edition's), when it is not the
        interface's language: screen readers read it in its own voice."""
        tag = locale.replace("_", "-")
        return Markup("") if tag == self.lang else Markup(' lang="{}"').format(tag)

    @functools.cached_property
    def in_templates(self) -> dict:
        """`gettext` and `ngettext` as Jinja2's i18n extension calls them (new style: they fill
        in the %(name)s of a message, each value escaped). Passed in each page's context, never
        installed on the Environment that every request shares. Positional-only: a message's
        values may have any name (`count`, `message`)."""
        words = self.words

        @pass_context
        def gettext(context, message: str, /, **values) -> str:
            said = words.gettext(message)
            return (Markup(said) if context.eval_ctx.autoescape else said) % values

        @pass_context
        def ngettext(context, singular: str, plural: str, number: int, /, **values) -> str:
            said = words.ngettext(singular, plural, number)
            values.setdefault("num", number)
            return (Markup(said) if context.eval_ctx.autoescape else said) % values

        return {"gettext": gettext, "ngettext": ngettext}


@functools.cache
def interface_for(locale: str | None) -> Interface:
    """The interface of a shop whose catalog is in `locale` (None: not read yet, English)."""
    locale = locale or FALLBACK
    return Interface(locale, translations_for(locale))
