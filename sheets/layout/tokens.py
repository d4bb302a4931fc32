"""Tokens wider than their column (a long web address, a code, a long word in large type) cut
into pieces that fit: after `/`, `?`, `&`, `=` or `-` where it can be; else, in a word the
language's hyphenation patterns know, at a hyphenation point (a soft hyphen or one of pyphen's),
with a hyphen drawn; anywhere else where it cannot, with no hyphen, so that an address or a
reference never gets one it does not have."""

from __future__ import annotations

import functools
import itertools
import re

import pyphen
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import stringWidth

# Where a token too wide for its column is best cut: after these, as in web addresses and paths.
# U+200B, the zero-width space, is there for where a writer allows a break.
BREAK_AFTER = frozenset("/?&=-_.,;:#+~|\u00a0\u200b")
SOFT_HYPHEN = "\u00ad"
# A word pyphen may cut: letters, joined by hyphens or apostrophes (l’extraordinaire, porte-avions),
# between the punctuation around it. Digits, `/`, `.` or `_` make a code or an address.
_WORD = re.compile(r"[«“‘\"'(\[¿¡]*([^\W\d_]+(?:[-’'][^\W\d_]+)*)[»”’\"')\].,;:!?…]*")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"([^\S\u00a0]+)")  # what separates words: any space but the no-break one


def fit_tokens(frags: list, width: float, language: str = "") -> list:
    """The paragraph's fragments with every token wider than `width` cut into pieces that fit,
    words at hyphenation points of `language` (pyphen's name for it; none if empty).

    The pieces are joined by spaces in a fragment of their own marked `nobr`, so that ReportLab
    neither hyphenates them nor sets two on one line: each starts a line. The same list when no
    token is too wide."""
    fitted: list = []
    for frag in _merged(frags):
        text = getattr(frag, "text", "")
        if not text or stringWidth(text, frag.fontName, frag.fontSize) <= width:
            fitted.append(frag)
            continue
        parts = _SPACES.split(text)
        # No token can be wider than its length in the widest of the text's characters: most
        # paragraphs are passed without measuring a single token.
        if max(map(len, parts[::2])) * _widest(text, frag.fontName, frag.fontSize) <= width:
            fitted.append(frag)
            continue
        plain = ""
        for index, part in enumerate(parts):
            pieces = (
                [] if index % 2 else _pieces(part, frag.fontName, frag.fontSize, width, language)
            )
            if len(pieces) < 2:
                plain += part
                continue
            if plain:
                fitted.append(frag.clone(text=plain))
            fitted.append(frag.clone(text=" ".join(pieces), nobr=True))
            plain = ""
        if plain:
            fitted.append(frag.clone(text=plain))
    return fitted if any(getattr(frag, "nobr", False) for frag in fitted) else frags


def _widest(text: str, font: str, size: float) -> float:
    """The width of the widest of the text's characters."""
    widths = _CHARACTER_WIDTHS.setdefault((font, size), {})
    characters = set(text)
    for character in characters.difference(widths):
        widths[character] = stringWidth(character, font, size)
    return max(map(widths.__getitem__, characters))


# Each character's width by font and size: a paragraph's characters are mostly the last one's.
_CHARACTER_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _merged(frags: list) -> list:
    """Neighbouring fragments of the same type joined: ReportLab makes one of each `&amp;`, and a
    web address must be measured whole."""
    merged: list = []
    for frag in frags:
        previous = merged[-1] if merged else None
        if previous is not None and _plain(previous) and _plain(frag) and sameFrag(previous, frag):
            merged[-1] = previous.clone(text=previous.text + frag.text)
        else:
            merged.append(frag)
    return merged


def _plain(frag) -> bool:
    return isinstance(getattr(frag, "text", None), str) and not hasattr(frag, "cbDefn")


def _pieces(token: str, font: str, size: float, width: float, language: str = "") -> list[str]:
    """`token` cut into pieces no wider than `width`, each as long as it can be, or ending after
    a break character when that keeps it over 60 % of the width, or else at the last hyphenation
    point that fits, with a hyphen (two pieces never fit together on a line)."""
    if stringWidth(token.replace(SOFT_HYPHEN, ""), font, size) <= width:
        return [token]
    points, token = _hyphenation_points(token, language)
    hyphen = stringWidth("-", font, size)
    pieces = []
    start = 0  # where the rest of the token starts
    while stringWidth(token[start:], font, size) > width and len(token) - start > 1:
        low, high = start + 1, len(token)  # the longest piece that fits: at least one character
        while low < high:
            middle = (low + high + 1) // 2
            if stringWidth(token[start:middle], font, size) <= width:
                low = middle
            else:
                high = middle - 1
        cut, mark = _break_after(token, start, low, font, size, width), ""
        if cut is None:
            fitting = [
                point
                for point in points
                if start < point <= low
                and stringWidth(token[start:point], font, size) + hyphen <= width
            ]
            cut, mark = (max(fitting), "-") if fitting else (low, "")
        pieces.append(token[start:cut].removesuffix("\u00a0") + mark)
        start = cut
    return [*pieces, token[start:]]


def _break_after(token: str, start: int, end: int, font: str, size: float, width: float):
    """The end of the longest piece `token[start:cut]`, `cut <= end`, that ends after a break
    character and fills 60 % of the width at least; None if there is none."""
    for cut in range(end, start + 1, -1):
        if stringWidth(token[start:cut], font, size) < 0.6 * width:
            return None
        if token[cut - 1] in BREAK_AFTER:
            return cut
    return None


def _hyphenation_points(token: str, language: str) -> tuple[list[int], str]:
    """Where a hyphen may cut `token`, as offsets in the token without its soft hyphens; and
    that token. A writer's soft hyphens say where, as in TeX; else pyphen's points, in a word of
    `language` only."""
    parts = token.split(SOFT_HYPHEN)
    token = "".join(parts)
    if len(parts) > 1:
        return list(itertools.accumulate(len(part) for part in parts[:-1])), token
    word = _WORD.fullmatch(token) if language else None
    if word is None:
        return [], token
    points = []
    # Runs of letters only: a word's own hyphen or apostrophe is no place for another hyphen.
    for run in _LETTER_RUN.finditer(word.group(1)):
        offset = word.start(1) + run.start()
        points += [offset + point for point in _dictionary(language).positions(run.group())]
    return points, token


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language)
