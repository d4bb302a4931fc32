"""A Paragraph that avoids more than two hyphenated lines in a row when that costs at most a line.

ReportLab hyphenates each line on its own, so narrow columns of French get "ladders" of lines
ending in `-`. After ReportLab has broken the lines, a run of three or more sends the paragraph
through a second wrap without hyphenation, kept if it needs at most one more line and cuts no
word. The second wrap only happens when such a run exists.
"""

from __future__ import annotations

import copy

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

MAX_HYPHENATED_RUN = 2
EXTRA_LINES_ALLOWED = 1


def line_texts(paragraph: Paragraph) -> list[str]:
    """The text of each line ReportLab broke a wrapped paragraph into (what it draws), stripped."""
    return [_line_text(line).strip() for line in paragraph.blPara.lines]


def _line_text(line) -> str:
    # A paragraph of one plain run of text has lines (unused width, [words]); one with several
    # runs (or the first part of a split) has FragLines whose words are fragments with a .text.
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(fragment, "text", "") for fragment in line.words)


def longest_hyphenated_run(lines: list[str]) -> int:
    """How many lines in a row at most end with a hyphen.

    ReportLab marks a word it hyphenated by adding `-` to the head it leaves on the line (a word
    already holding a hyphen may be cut just after it): either way the line's text ends in `-`.
    """
    longest = run = 0
    for text in lines:
        run = run + 1 if len(text) > 1 and text.endswith("-") else 0
        longest = max(longest, run)
    return longest


def _cut_words(paragraph: Paragraph) -> int:
    # How many words breakLines cut anywhere for being wider than a line (splitLongWords).
    return getattr(paragraph, "_splitLongWordCount", 0)


def _unhyphenated(style: ParagraphStyle) -> ParagraphStyle:
    return style.clone(f"{style.name}-unhyphenated", hyphenationLang="", embeddedHyphenation=0)


class TypesetParagraph(Paragraph):
    """A Paragraph with at most two hyphenated lines in a row, where avoidable.

    Its `blPara` always holds the lines it draws, so it measures, splits and draws like any
    Paragraph.
    """

    # The style the current lines were broken with: the paragraph's own or its unhyphenated clone.
    _broken_with: ParagraphStyle | None = None
    # True for the first part of a split: its lines were chosen with the whole paragraph's, and
    # wrapping it again must give them back, not choose again on a part of the text.
    _lines_decided = False

    def wrap(self, availWidth, availHeight):
        if self._lines_decided:
            return super().wrap(availWidth, availHeight)
        size = super().wrap(availWidth, availHeight)
        self._broken_with = self.style
        if longest_hyphenated_run(line_texts(self)) <= MAX_HYPHENATED_RUN:
            return size
        # A copy tries again: ReportLab keeps its line state on the paragraph (blPara, frags…),
        # so the copy's is taken over whole, or dropped whole.
        trial = copy.copy(self)
        trial.style = _unhyphenated(self.style)
        trial_size = Paragraph.wrap(trial, availWidth, availHeight)
        if len(trial.blPara.lines) > len(self.blPara.lines) + EXTRA_LINES_ALLOWED or (
            # Without hyphenation a word wider than the column is cut with no hyphen at all.
            _cut_words(trial) > _cut_words(self)
        ):
            return size
        style = self.style
        self.__dict__.update(trial.__dict__)
        self.style, self._broken_with = style, trial.style
        return trial_size

    def split(self, availWidth, availHeight):
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        # The parts are made from self.style: give them the one the lines were broken with.
        style = self.style
        self.style = self._broken_with or style
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.style = style
        if len(parts) == 2:
            parts[0]._lines_decided = True
        return parts
