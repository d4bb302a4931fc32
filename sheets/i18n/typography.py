"""The typographic rules of a catalog's language, applied to plain text before it becomes markup.

Every space that must not break is U+00A0: ReportLab breaks lines at U+202F, U+2007 and U+2009
(and draws them as ordinary spaces), so the narrow no-break space French asks for cannot be had.

Characters that show nothing, format controls (joiners, bidi controls, a byte order mark) and
unassigned code points, are left out: no font has a glyph for them, and ReportLab would draw
each as an empty box.
"""

from __future__ import annotations

import functools
import re
import unicodedata

NBSP = "\u00a0"
# Format characters kept: the soft hyphen says where a word may be hyphenated, the zero-width
# space where a long token may be cut (layout/typeset.py); every font we ship draws them.
KEPT_FORMATS = frozenset("\u00ad\u200b")

# Spaces that look glued but that ReportLab breaks at; Babel puts U+202F in French numbers.
_BREAKABLE_GLUE = re.compile("[\u202f\u2007\u2009]")
# A straight apostrophe between two letters (l'histoire, aujourd'hui, don't); quotes are left.
# (Each pattern starts with a character to look for rather than a lookbehind: the regular
# expression engine then skips ahead to it, where it would try every position of the text.)
_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")
# Any space but a line break.
_GAP = r"[^\S\r\n]"
_GAPS = re.compile(_GAP + "{2,}")
# `;:!?` as punctuation: followed by a space, the end or closing punctuation. A colon in a URL
# (https://, /a:b), a time (21:20) or a ratio (1:2) is followed by something else.
_HIGH_PUNCTUATION = r"[;:!?]+(?=\s|$|[»›)\].,…'\"’”])"
# A space typed before them is always glued (a line must not start with `;`); one is added only
# before punctuation as above.
_FR_BEFORE_PUNCTUATION = re.compile(
    rf"(?<=[^\s(\[«‹;:!?])(?:{_GAP}+(?=[;:!?])|(?={_HIGH_PUNCTUATION}))"
)
_EN_BEFORE_PUNCTUATION = re.compile(rf"(?<=\S){_GAP}+({_HIGH_PUNCTUATION})")
_FR_AFTER_OPENING_QUOTE = re.compile(rf"([«‹]){_GAP}*(?=\S)")
_FR_BEFORE_CLOSING_QUOTE = re.compile(rf"(?<=\S){_GAP}*([»›])")
# 5 000, 1 299,00: groups of exactly three digits after a first group of one to three.
_DIGIT_GROUPS = re.compile(rf"\d(?<!\d\d)\d{{0,2}}(?:{_GAP}\d{{3}})+(?!\d)")
# 41 mm, 31 g: the space is kept on one line with its number (none is added to `41mm`).
_UNIT = re.compile(rf"{_GAP}(?<=\d{_GAP}){_GAP}*((?:mm|cm|km|mg|kg|ml|cl|m|g|l)[²³]?(?![\w'’]))")
# 17,80 €, 15 %: a symbol is glued to its number, with the space French wants added if missing.
_SYMBOL = re.compile(rf"(?<=\d){_GAP}*([%€$£])")


def glue_spaces(text: str) -> str:
    """U+202F, U+2007 and U+2009 as U+00A0, the one no-break space ReportLab keeps on a line
    (for text Babel made, such as the price `1 299,00 €`)."""
    return _BREAKABLE_GLUE.sub(NBSP, text)


def is_invisible(character: str) -> bool:
    """Whether the character is one `visible_text` leaves out."""
    return unicodedata.category(character) in ("Cf", "Cn") and character not in KEPT_FORMATS


def visible_text(text: str) -> str:
    """`text` without the characters that show nothing (see the module's docstring)."""
    if text.isascii():  # nearly all text: ASCII has no format character
        return text
    left_out = {ord(character): None for character in set(text) if is_invisible(character)}
    return text.translate(left_out) if left_out else text


@functools.lru_cache(maxsize=4096)  # a product's texts are typeset for its sheet and its pages
def typeset_text(text: str, locale: str) -> str:
    """`text` with the typographic rules of `locale`'s language (`fr_FR`, `en_GB`, `de`…), and
    without the characters that show nothing.

    Plain text in, plain text out: the caller escapes it into markup afterwards.
    """
    language = locale.replace("-", "_").partition("_")[0].lower()
    text = _APOSTROPHE.sub("’", glue_spaces(visible_text(text)))
    if language == "fr":
        return _french(text)
    if language == "en":
        return _EN_BEFORE_PUNCTUATION.sub(r"\1", text)
    return text


def _french(text: str) -> str:
    # A run of spaces becomes one, no-break if any of them was.
    text = _GAPS.sub(lambda gap: NBSP if NBSP in gap[0] else " ", text)
    text = _DIGIT_GROUPS.sub(lambda number: re.sub(_GAP, NBSP, number[0]), text)
    text = _UNIT.sub(NBSP + r"\1", text)
    # The rules for characters most texts lack are passed over in those.
    if _has_any(text, "%€$£"):
        text = _SYMBOL.sub(NBSP + r"\1", text)
    if _has_any(text, "«‹"):
        text = _FR_AFTER_OPENING_QUOTE.sub(r"\1" + NBSP, text)
    if _has_any(text, "»›"):
        text = _FR_BEFORE_CLOSING_QUOTE.sub(NBSP + r"\1", text)
    if _has_any(text, ";:!?"):
        text = _FR_BEFORE_PUNCTUATION.sub(NBSP, text)
    return text


def _has_any(text: str, characters: str) -> bool:
    return any(character in text for character in characters)


# Ordinals whose letters are set as superscripts: 1er, 1re, 2e, 2nde, 3es, XIXe, Ier in French
# (also the common 1ère, 2ème); 1st, 22nd, 13th in English. The letters must agree with the
# number (`Vers`, `Inde`, `DIVers` are words: `ers` follows only 1 or I, `nd` only 2), a Roman
# numeral holds an I, V or X (`Le`, `Ce`, `De` are words), and an ordinal is never inside a word
# or a number (`A2e`, `1,5e`, `1e5`), nor a code with a leading zero (`0750e`).
_NUMBER = r"(?<![\w.,])([1-9]\d*|[IVXLCDM]*[IVX][IVXLCDM]*)"
_ORDINALS = {
    "fr": re.compile(_NUMBER + r"(ers?|res?|ères?|es?|èmes?|nde?s?|de?s?)(?!\w)"),
    "en": re.compile(_NUMBER + r"(st|nd|rd|th)(?!\w)"),
}


def _agrees(language: str, number: str, letters: str) -> bool:
    """Whether `letters` make an ordinal of `number` in `language`."""
    if language == "en":
        if not number.isdigit():
            return False
        last, teen = int(number) % 10, int(number) % 100 in (11, 12, 13)
        expected = "th" if teen or last > 3 or last == 0 else ("st", "nd", "rd")[last - 1]
        return letters == expected
    first = number in ("1", "I")
    if letters.startswith(("er", "re", "ère")):
        return first
    if letters.startswith(("nd", "d")):
        return number in ("2", "II")
    return not first  # e, es, ème: 2e, XIXe, but not 1e


def ordinal_runs(text: str, locale: str) -> list[tuple[str, bool]]:
    """`text` in runs, each with whether it is an ordinal's letters, to be set as a superscript;
    the letters stay the letters (`1er` is read and found as `1er`)."""
    language = locale.replace("-", "_").partition("_")[0].lower()
    pattern = _ORDINALS.get(language)
    if pattern is None:
        return [(text, False)]
    runs, start = [], 0
    for found in pattern.finditer(text):
        if _agrees(language, found[1], found[2]):
            runs += [(text[start : found.start(2)], False), (found[2], True)]
            start = found.end()
    runs.append((text[start:], False))
    return [(run, raised) for run, raised in runs if run]
