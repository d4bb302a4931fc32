"""The words a page changed, for the changes proof's margin: `“380 km/h Paris” → “380 km/h (un
exploit) Paris”`. Read from both pages as pdfium extracts them, compared word by word; a word
broken at a line's end is one word, so that text set again in other lines is not a change."""

from __future__ import annotations

import difflib
from pathlib import Path

import pypdfium2 as pdfium

from .previews import PDFIUM_LOCK

MOST = 6  # runs of changed words said on a page; more are counted
LONGEST = 80  # characters of a run said; a longer one is cut in its middle
_DASHES = "-\u2010\u2011\u00ad"  # what a line may end with inside a word


def page_words(pdf: Path | bytes, index: int) -> list[str]:
    """The words of page `index` (from 0), in reading order, a word broken across lines
    joined (`Mont-` `golfier` → `Mont-golfier`)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            # pdfium joins a word broken at a line's end itself, its hyphen made U+FFFE.
            text = document[index].get_textpage().get_text_range().replace("\ufffe", "-")
        finally:
            document.close()
    words: list[str] = []
    joined = False
    for line in text.splitlines():
        for at, word in enumerate(line.split()):
            if joined and at == 0 and words:
                words[-1] += word
            else:
                words.append(word)
        joined = bool(words) and words[-1][-1] in _DASHES and len(words[-1]) > 1
    return words


def changed_words(old: list[str], new: list[str], said: str = "") -> list[str]:
    """Each run of words that differs, with a word either side: `“old” → “new”`, `+ “new”`,
    `− “old”`; runs whose words `said` already holds (a price the caller noted) left out."""
    keys = [_key(word) for word in old], [_key(word) for word in new]
    runs = []
    matcher = difflib.SequenceMatcher(None, *keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        gone, came = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        if _in(gone, said) and _in(came, said):
            continue
        before = old[i1 - 1] if i1 else ""
        after = old[i2] if i2 < len(old) else ""
        if tag == "insert":
            runs.append(f"+ “{_cut(' '.join(filter(None, [before, came, after])))}”")
        elif tag == "delete":
            runs.append(f"− “{_cut(' '.join(filter(None, [before, gone, after])))}”")
        else:
            runs.append(f"“{_cut(gone)}” → “{_cut(came)}”")
    if len(runs) > MOST:
        runs[MOST - 1 :] = [f"and {len(runs) - MOST + 1} more changes of words"]
    return runs


def _key(word: str) -> str:
    """A word as compared: its dashes aside, so that `Mont-golfier` set across two lines is
    the `Montgolfier` of the other page."""
    return word.translate({ord(dash): None for dash in _DASHES})


def _in(words: str, said: str) -> bool:
    return not words or " ".join(words.split()) in " ".join(said.split())


def _cut(text: str) -> str:
    if len(text) <= LONGEST:
        return text
    half = (LONGEST - 1) // 2
    return f"{text[:half]}…{text[-half:]}"
