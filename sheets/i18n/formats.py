"""Numbers, prices and dates read and written the way the catalog's locale writes them (Babel)."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date
from decimal import ROUND_DOWN, Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format
from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
    parse_decimal,
)

from ..errors import Refused

_SPACES = re.compile("[ \u00a0\u202f\u2009\u2007]")
# A digit of another script ('٣', '３'): Python's `\d`, int() and Decimal read them as 0 to 9.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
_EXAMPLE_DATE = date(2017, 8, 25)  # a day > 12 shows the order of day and month
_EXAMPLE_PRICE = Decimal("1299.80")
MAX_PRICE = Decimal(10) ** 12  # no product costs a trillion; Babel fails on amounts near 28 digits


def parse_locale(identifier: str) -> Locale:
    """`fr_FR` or `fr-FR` → Locale; raises ValueError for an unknown or malformed identifier."""
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from None


def refuse_other_digits(text: str) -> str:
    """`text` when its digits are all 0 to 9; Refused naming the first digit of another script.

    A code, a date or an amount is written with the digits 0 to 9 only: an EAN-13 of
    Arabic-Indic digits must not pass for one, nor a full-width date typed with an input method."""
    if found := _OTHER_DIGIT.search(text):
        digit = found[0]
        raise Refused(
            f"holds the digit '{digit}' (U+{ord(digit):04X} {unicodedata.name(digit, '')}): "
            "only the digits 0 to 9 are read",
            "retype it with the digits 0 to 9 (the digits of another script, or full-width ones "
            "from an input method, look alike but are other characters)",
        )
    return text


@functools.cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@functools.lru_cache(maxsize=64)
def _babel_locale(locale: str) -> Locale:
    """Babel's Locale, made once: Babel makes one anew from a string at every call (a large
    catalog's prices took seconds)."""
    return Locale.parse(locale)


@functools.lru_cache(maxsize=64)
def _price_marks(locale: str, currency: str) -> tuple[str, ...]:
    """The ways a price in `currency` may be marked: its code, and its symbol as the locale, its
    language and CLDR's root write it (`€`; `$`, `US$`; `¥`, `JP¥`), in Unicode's compatibility
    form (the full-width `￥` as `¥`), the longest first."""
    symbols = {get_currency_symbol(currency, locale=where) for where in (locale, "en", "root")}
    marks = {currency, *(unicodedata.normalize("NFKC", symbol) for symbol in symbols)}
    return tuple(sorted(marks, key=len, reverse=True))


def parse_price(text: str, locale: str, currency: str) -> Decimal:
    """A price as written in the locale (`17,80`, `1 299,00`, `17,80 €`); raises ValueError."""
    text = unicodedata.normalize("NFKC", refuse_other_digits(text.strip()))
    for mark in _price_marks(locale, currency):
        text = text.removeprefix(mark).removesuffix(mark).strip()
    if other := _currency_in(text, currency):
        raise Refused(
            f"is written in {other}, and the catalog's prices are in {currency}",
            f"write it in {currency}; a catalog has one currency ('currency' in 'catalog')",
        )
    if any(character.isalpha() for character in text):
        # Decimal would read '1e3' as 1000 and '1e999' as a thousand-digit price.
        raise ValueError(f"{text!r} is not an amount")
    amount = parse_number(text, locale)
    if amount is None:
        raise ValueError(f"{text!r} is not an amount")
    if amount >= MAX_PRICE:
        raise Refused("a price must be under a trillion")
    digits = get_currency_precision(currency)
    if -amount.as_tuple().exponent > digits:
        # `1500.00` yen, as exports write amounts, is 1500 yen; no other decimals are dropped.
        if digits or -amount.as_tuple().exponent != 2 or amount != amount.to_integral_value():
            raise Refused(f"{currency} has {digits} decimals")
        amount = amount.quantize(Decimal(1))
    return amount


def parse_number(text: str, locale: str) -> Decimal | None:
    """A positive number as the locale writes it (`0,75`, `1 000` in fr_FR; `1,000` in en_US);
    None when it is not one."""
    text = text.strip()
    group = get_group_symbol(locale=_babel_locale(locale))
    own = re.escape(get_decimal_symbol(locale=_babel_locale(locale)) + group)
    if re.search(rf"[^0-9\s{own}][0-9]{{3}}$", text):
        return None  # `1.000` in fr_FR: a thousand as other locales write it, or one? Refused.
    if _SPACES.fullmatch(group):
        # People type an ordinary space where CLDR says narrow no-break space.
        text = _SPACES.sub(group, text)
    try:
        number = parse_decimal(text, locale=_babel_locale(locale), strict=True)
    except NumberFormatError:
        return None
    return number if number.is_finite() and number >= 0 else None


def _currency_in(text: str, currency: str) -> str | None:
    """Another currency's mark in a price: a currency sign (`$`, `£`) or the ISO code of
    another currency, as a word."""
    for character in text:
        if unicodedata.category(character) == "Sc":
            return f"'{character}'"
    for word in re.findall(r"\b[A-Za-z]{3}\b", text):
        if word.upper() in known_currencies() and word.upper() != currency:
            return word.upper()
    return None


@functools.cache
def price_example(locale: str, currency: str | None = None) -> str:
    """How this locale writes a price in this currency, for hints: `1 299,80` in fr_FR, `1 299`
    for yen (which have no decimals)."""
    digits = get_currency_precision(currency) if currency else 2
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    example = _EXAMPLE_PRICE.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)
    amount = format_currency(example, "XXX", format=pattern, locale=locale, currency_digits=False)
    return _SPACES.sub(" ", amount).replace("XXX", "").strip()


def parse_local_date(text: str, locale: str) -> date:
    """An ISO date (2017-08-08) or the locale's short form (08/08/2017 in fr_FR); raises ValueError."""
    text = refuse_other_digits(text.strip())
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if iso:
        year, month, day = (int(number) for number in iso.groups())
        return _calendar_day(year, month, day)
    # Babel's parser is lenient (it ignores trailing words): accept only three numbers.
    numbers = re.findall(r"[0-9]+", text)
    if len(numbers) != 3 or re.search(r"[^0-9\s./-]", text):
        raise ValueError(f"{text!r} is not a date")
    # Babel also swaps day and month when the month is over 12 (8/25/2017 in fr_FR), and takes
    # '8/8/201' for the year 201: refuse both rather than guess.
    pattern = (
        get_date_format("short", locale=_babel_locale(locale)).pattern.lower().replace("l", "m")
    )
    order = sorted("dmy", key=pattern.find)
    # A two-digit year is refused too: '99' would be read as 2099.
    if int(numbers[order.index("m")]) > 12 or len(numbers[order.index("y")]) != 4:
        raise ValueError(f"{text!r} is not a date in the order {pattern}")
    day, month, year = (int(numbers[order.index(part)]) for part in "dmy")
    return _calendar_day(year, month, day)


def _calendar_day(year: int, month: int, day: int) -> date:
    """The date, or Refused naming the month's last day when the month has no such day."""
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"{year}-{month}-{day} is not a date")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise Refused(
            f"is not a day of the calendar: {calendar.month_name[month]} {year} has {last} days",
            "check the day and the month",
        )
    return date(year, month, day)


@functools.cache
def date_example(locale: str) -> str:
    """`25/08/2017 (dd/MM/y)` in fr_FR, for hints; the year always in full (`yy` becomes `y`)."""
    pattern = re.sub(r"(?<!y)yy(?!y)", "y", get_date_format("short", locale=locale).pattern)
    return f"{format_date(_EXAMPLE_DATE, format=pattern, locale=locale)} ({pattern})"


@functools.lru_cache(maxsize=4096)  # a catalog's prices repeat; Babel takes 20 µs for each
def format_price(amount: Decimal, currency: str, locale: str) -> str:
    """`17,80 €` in fr_FR, `€17.80` in en_US, with the locale's own (no-break) spaces."""
    return format_currency(amount, currency, locale=_babel_locale(locale))


@functools.lru_cache(maxsize=4096)  # a catalog's products are often updated on the same days
def format_long_date(value: date, locale: str) -> str:
    """`8 août 2017` in fr_FR (but `1er novembre 2026`), `August 8, 2017` in en_US."""
    text = format_date(value, format="long", locale=_babel_locale(locale))
    if locale.split("_")[0] == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text
