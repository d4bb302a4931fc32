"""Values as shops' exports write them, made the catalog's: amounts, barcodes (their check
digits verified), references, category ids and texts a catalog can hold."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import yaml
from babel.numbers import get_currency_precision, get_decimal_symbol, get_group_symbol

from ..catalog.values import MAX_REFERENCE_LENGTH, parse_reference
from ..errors import Refused
from ..i18n.formats import MAX_PRICE, parse_price

_DOT_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+")
# Characters YAML refuses in a file, and a byte order mark: they show nothing on a page.
_UNSHOWN = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|\ufeff")
_SPACES = re.compile("[ \n]+")  # after clean_text; no-break spaces are kept
_LINE_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
# A number a source writes for a count or a rank: ASCII digits (`str.isdigit` takes `²`, which
# `int` refuses), few enough for any list (and for `int`'s limit on long numbers).
_COUNT = re.compile("[0-9]{1,9}")


def ascii_count(text: str) -> int | None:
    """`3` → 3; None for anything else (`²`, `٣`, `-1`, a 40-digit number)."""
    text = text.strip()
    return int(text) if _COUNT.fullmatch(text) else None


def dot_amount(text: str) -> Decimal:
    """An amount as machines write it (`19.99`, `1250`); ValueError for anything else."""
    text = text.strip()
    if not _DOT_AMOUNT.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


def written_amount(text: str, locale: str, currency: str) -> Decimal:
    """An amount as a person types it in a spreadsheet: in the locale's writing (`1 299,80`,
    `17,80 €`), or with a dot before the decimals (`19.99`); ValueError for anything else."""
    try:
        return parse_price(_zero_decimals_cut(text, locale, currency), locale, currency)
    except Refused as exc:
        raise ValueError(str(exc)) from None
    except ValueError:
        return dot_amount(text)


def _zero_decimals_cut(text: str, locale: str, currency: str) -> str:
    """The amount without the zeros beyond its currency's decimals (`1 500,00` for yen is
    `1 500`): shops write every price with two decimals. The decimals follow the locale's
    decimal mark, or a dot where the locale does not group digits with dots."""
    places = get_currency_precision(currency)
    symbol = get_decimal_symbol(locale)
    if symbol not in text and get_group_symbol(locale) != ".":
        symbol = "."
    head, found, tail = text.rpartition(symbol)
    digits = re.match("[0-9]*", tail).group()
    if not found or len(digits) <= places or digits[places:].strip("0"):
        return text
    kept = digits[:places]
    return head + (symbol + kept if kept else "") + tail[len(digits) :]


def amount_problem(amount: Decimal, currency: str) -> str | None:
    """Why a catalog cannot hold this amount as a price in `currency`, if it cannot."""
    if not amount.is_finite():  # pragma: no cover - Decimal from digits is always finite
        return "is not a number"
    if amount >= MAX_PRICE:
        return "is over a trillion"
    places = get_currency_precision(currency)
    # `1500.00` in yen is 1500: only decimals that are not zeros are refused.
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        return f"has more decimals than {currency}'s {places}"
    return None


def gtin(text: str) -> tuple[str | None, str | None]:
    """A barcode as a catalog keeps it (13-digit EAN-13 or 12-digit UPC-A), or None and why
    not (`has a wrong check digit: expected 5, found 4`)."""
    digits = "".join(text.split())
    if not digits.isascii() or not digits.isdigit():
        return None, "is not a barcode: it holds other characters than digits"
    if len(digits) == 14 and digits.startswith("0"):  # a GTIN-14 padding an EAN-13
        digits = digits[1:]
    if len(digits) not in (12, 13):
        return None, f"has {len(digits)} digits; an EAN-13 has 13, a UPC-A 12"
    expected = check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        return None, (
            f"has a wrong check digit: expected {expected}, found {digits[-1]} "
            f"({digits[:-1]}{expected} would be valid)"
        )
    return digits, None


def check_digit(body: str) -> int:
    """The GS1 check digit: weights 3 and 1 from the right, whatever the code's length."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def as_ean13(code: str) -> str:
    """A UPC-A is the EAN-13 with a leading 0."""
    return code.zfill(13)


def reference(text: str) -> tuple[str, bool]:
    """A reference a catalog accepts, and whether it had to be changed to one: other
    characters made '-' (accents dropped), cut to the longest allowed."""
    try:
        return parse_reference(text), False
    except Refused:
        pass
    folded = ascii_folded(text)
    made = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).lstrip("._-")
    return made[:MAX_REFERENCE_LENGTH].rstrip("-") or "", True


def category_id(title: str) -> str:
    """`T-shirts & Tops` → `t-shirts-tops`: lower-case ASCII letters, digits, '-' and '_'."""
    made = re.sub(r"[^a-z0-9_]+", "-", ascii_folded(title).lower()).strip("-_")
    return made[:64].rstrip("-_") or "products"


def ascii_folded(text: str) -> str:
    """The text with its accents dropped (`Éléphant` → `Elephant`), other non-ASCII kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_text(text: str) -> str:
    """Text a catalog file can hold: every line break a newline, tabs spaces, and without the
    characters that show nothing and that YAML refuses (control characters, BOMs)."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ").replace("\f", " ").replace("\v", " ")
    return _UNSHOWN.sub("", text)


def one_line(text: str) -> str:
    """A title, a name, a value: its spaces and line breaks made single spaces."""
    return _SPACES.sub(" ", clean_text(text)).strip(" ")
