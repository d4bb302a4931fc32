"""Glyph coverage: every character the pages will show, the catalog's texts and the tool's own
words (prices, dates, labels), must be drawable by the theme's fonts, by the fallback face that
layout sets it in, or in the compatibility form layout replaces it with (`￥` as `¥`).

Scripts the tool cannot set at all, those written right to left and those whose letters join
or combine (Arabic, Hebrew, Devanagari…), are named as such: their letters would print
unjoined and in the wrong order even where a font has them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from ..errors import Problem, Severity
from ..i18n.formats import format_long_date
from ..i18n.labels import labels_for
from ..i18n.prices import (
    old_price_text,
    price_label,
    price_text,
    product_price_text,
    unit_price_text,
)
from ..model import Catalog, Product
from ..style.fonts import (
    FACES,
    compatibility_forms,
    covered_code_points,
    fallback_face,
    missing_characters,
)
from ..style.theme import Theme
from .reader import DrawnText

SHOWN_CHARACTERS = 10  # characters a warning names; it counts the others
# Scripts that need shaping (joined or reordered letters) besides the right-to-left ones.
_SHAPED_RANGES = [(0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x17FF), (0xA980, 0xA9DF)]
# Where letters of those scripts, or of right-to-left ones, may be: most text has none, and is
# passed over at the speed of a regular expression.
_MAYBE_UNSET_RANGES = [
    *[(0x0590, 0x08FF), (0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x17FF), (0xA980, 0xA9DF)],
    *[(0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF)],
]
_MAYBE_UNSET = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _MAYBE_UNSET_RANGES) + "]"
)
_MAYBE_UNSET_CODES = frozenset(
    code for low, high in _MAYBE_UNSET_RANGES for code in range(low, high + 1)
)


def check_glyph_coverage(
    texts: list[DrawnText], theme: Theme, source: Path | None
) -> list[Problem]:
    """A warning per field holding characters that would print as empty boxes, or in a script
    the tool cannot set; one per field of a product (its description is one field)."""
    faces = [
        base + ("" if suffix == "Regular" else f"-{suffix}")
        for base in (theme.text_font, theme.display_font)
        for suffix in FACES
    ]
    # What every face draws: most texts hold nothing else, and need no closer look.
    everywhere = frozenset.intersection(*(covered_code_points(face) for face in faces))
    # One pass over each text: a character no face has, or one of a script the tool may not set.
    elsewhere = _outside(everywhere - _MAYBE_UNSET_CODES)
    flagged = {(drawn.product, drawn.field) for drawn in texts if elsewhere.search(drawn.text)}
    fields: dict[tuple[str | None, str], list[DrawnText]] = {}
    for drawn in texts if flagged else ():  # each flagged field read whole, in the texts' order
        if (key := (drawn.product, drawn.field)) in flagged:
            fields.setdefault(key, []).append(drawn)
    problems = []
    for (product, field), parts in fields.items():
        text = " ".join(part.text for part in parts)
        line, file = parts[0].line, parts[0].file or source
        scripts = _unset_scripts(text)
        if scripts:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"the {field} is written in {' and '.join(scripts)}, which this tool "
                    "cannot set: its letters would print unjoined, in the wrong order or as "
                    "empty boxes",
                    file,
                    line,
                    None,
                    product,
                    "give this text in a script written left to right without joined letters "
                    "(Latin, Greek, Cyrillic…)",
                )
            )
            text = "".join(ch for ch in text if _script_of(ch) is None)
        if all(ord(ch) in everywhere for ch in set(text)):
            continue
        missing = set().union(*(_undrawable(text, face) for face in faces))
        if missing:
            in_text_order = list(dict.fromkeys(ch for ch in text if ch in missing))
            shown = ", ".join(
                f"'{ch}' (U+{ord(ch):04X})" for ch in in_text_order[:SHOWN_CHARACTERS]
            )
            if len(in_text_order) > SHOWN_CHARACTERS:  # a text in Chinese lacks thousands
                shown += f" and {len(in_text_order) - SHOWN_CHARACTERS} more"
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"the fonts cannot draw {shown} in the {field}; it would print as an empty box",
                    file,
                    line,
                    None,
                    product,
                    "replace the character, or add a font that has it to sheets/style/fonts/",
                )
            )
    return problems


def tool_texts(catalog: Catalog) -> list[DrawnText]:
    """The words the tool itself puts on the pages of this catalog's edition: its labels, and
    each product's price and date as the locale writes them."""
    labels = labels_for(catalog.locale)
    words = " ".join(
        labels[name] for name in ("reference", "contents", "continued", "page", "sold_out")
    )
    words += " " + price_label(catalog.taxes, labels)
    texts = [DrawnText(words, "tool's own words", None)]
    if catalog.date:
        texts.append(DrawnText(format_long_date(catalog.date, catalog.locale), "date", None))
    for product in catalog.products:
        file = catalog.file_of(product)
        for price in _prices(product, catalog.locale, labels):
            texts.append(DrawnText(price, "price", product.line, product.reference, file))
        if product.updated:
            date = format_long_date(product.updated, catalog.locale)
            updated = labels["updated"].format(date=date)
            texts.append(DrawnText(updated, "date", product.line, product.reference, file))
    return texts


def _prices(product: Product, locale: str, labels: dict) -> list[str]:
    """The prices a product's pages show: its own, earlier and per unit, and its variants'."""
    prices = [product_price_text(product, locale, labels)]
    if old := old_price_text(product.old_price, product.price, locale, labels):
        prices.append(old)
    if product.unit_price:
        prices.append(unit_price_text(product.unit_price, locale))
    for variant in product.variants:
        prices.append(price_text(variant.price, locale, labels))
        if old := old_price_text(variant.old_price, variant.price, locale, labels):
            prices.append(old)
    return prices


@functools.lru_cache(maxsize=8)
def _outside(code_points: frozenset[int]) -> re.Pattern:
    """A pattern finding any character but these: a text's characters are checked at the speed
    of a regular expression (a catalog's texts run to hundreds of megabytes)."""
    ranges: list[list[int]] = []
    for code in sorted(code_points):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    listed = "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)
    return re.compile(f"[^{listed}]" if listed else "(?s).")


def _undrawable(text: str, face: str) -> set[str]:
    """What neither the face nor its fallback face can draw, in any form."""
    lacking = missing_characters(text, face)
    if not lacking:
        return lacking
    fallback = fallback_face(face)
    substituted = compatibility_forms(lacking, face, fallback)
    return missing_characters("".join(lacking - substituted.keys()), fallback)


def _unset_scripts(text: str) -> list[str]:
    """The scripts of `text` the tool cannot set, by name, in the order they come."""
    if not _MAYBE_UNSET.search(text):
        return []
    return list(dict.fromkeys(script for ch in text if (script := _script_of(ch))))


def _script_of(character: str) -> str | None:
    """The script of a letter the tool cannot set (`Arabic`), None for any other character."""
    if not unicodedata.category(character).startswith(("L", "M")):
        return None  # a direction mark, a digit or a space reads the same in any script
    code = ord(character)
    shaped = any(low <= code <= high for low, high in _SHAPED_RANGES)
    if not shaped and unicodedata.bidirectional(character) not in ("R", "AL"):
        return None
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0].title() if name else None
