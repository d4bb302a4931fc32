"""The paragraph every text is set in: no word wider than its column runs off the page, and no
more than two hyphenated lines in a row where that costs at most a line.

A token wider than the column is cut into pieces that fit (tokens.py): ReportLab's own cutting
gives up on the rest of a word it has hyphenated once, which then runs off the page.

ReportLab hyphenates each line on its own, so narrow columns of French get "ladders" of lines
ending in `-`. After ReportLab has broken the lines, a run of three or more sends the paragraph
through a second wrap without hyphenation, kept if it needs at most one more line and cuts no
word. The second wrap only happens when such a run exists.

A paragraph split between columns or pages keeps its lines: each part takes its share of them,
where ReportLab would break each part's lines again.
"""

from __future__ import annotations

import copy
from collections import OrderedDict

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines

from .tagging import marked, readable_lines, tagger_of
from .tags import Tag, style_tag
from .tokens import fit_tokens

MAX_HYPHENATED_RUN = 2
EXTRA_LINES_ALLOWED = 1
_FUZZ = 1e-6


def overflows(paragraph: Paragraph, width: float) -> bool:
    """Whether a wrapped paragraph has a line wider than `width` (it would run off the page),
    beyond what the spaces of a justified line may shrink."""
    style = paragraph.style
    space = stringWidth(" ", style.fontName, style.fontSize) * style.spaceShrinkage
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):
            extra, words = line[0], len(line[1])
        else:
            extra, words = line.extraSpace, getattr(line, "wordCount", 1)
        if extra < -(0.01 + space * words):
            return True
    return False


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
    """The style without hyphenation: one clone per style, so that it keys the caches alike."""
    known = _UNHYPHENATED.get(id(style))
    if known is None or known[0] is not style:
        clone = style.clone(f"{style.name}-unhyphenated", hyphenationLang="", embeddedHyphenation=0)
        known = _UNHYPHENATED[id(style)] = (style, clone)
    return known[1]


class _Memo(OrderedDict):
    """A dictionary that forgets what was least recently used past `size` entries."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def recall(self, key):
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def keep(self, key, value) -> None:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)


# What a paragraph's text parses into, and the lines it breaks into at a width, by text, style
# (but its colours: `measure_key`) and width: the sheet drawn twice ("page 1 / 2"), balanced
# columns measured again and again, and the same product on its sheet and in the brochure ask
# for the same lines many times. Each entry with the style it was made with.
_PARSED = _Memo(1024)
_WRAPPED = _Memo(1024)
_UNHYPHENATED: dict[int, tuple[ParagraphStyle, ParagraphStyle]] = {}
# What a wrap leaves on a paragraph that another paragraph of the same text takes over.
_WRAP_STATE = (
    "_frags_colour",
    "blPara",
    "frags",
    "style",
    "width",
    "height",
    "_broken_with",
    "_splitLongWordCount",
    "_hyphenations",
    "_width_max",
    "_written_frags",
    "_fitted_to",
    "_tokens_cut",
)


# What a style's lines do not depend on: its colours (and its parent, whose values it holds).
_UNMEASURED = frozenset(
    {"textColor", "backColor", "borderColor", "bulletColor", "strikeColor", "underlineColor"}
    | {"parent"}
)
_MEASURES: dict[int, tuple[ParagraphStyle, int]] = {}
_SIGNATURES: dict[tuple, int] = {}


def measure_key(style: ParagraphStyle) -> int:
    """A number for what a style's lines depend on, the same for styles alike but for their
    colours: the sheets (RGB) and the print brochure (CMYK) set a product's text so."""
    known = _MEASURES.get(id(style))
    if known is None or known[0] is not style:
        signature = tuple(
            sorted(
                (name, repr(value))
                for name, value in vars(style).items()
                if name not in _UNMEASURED
            )
        )
        known = _MEASURES[id(style)] = (style, _SIGNATURES.setdefault(signature, len(_SIGNATURES)))
    return known[1]


def _can_lend(frags: list, style: ParagraphStyle) -> bool:
    """Whether fragments parsed in `style` serve a style alike but for colours: nothing in them
    is coloured but by the style's text colour, which drawing changes (`_recolouring`)."""
    return all(
        getattr(frag, "textColor", style.textColor) is style.textColor
        and not getattr(frag, "us_lines", None)
        and not getattr(frag, "link", None)
        and getattr(frag, "backColor", None) is None
        for frag in frags
    )


def _recolouring(text_object, old, new):
    """A paragraph's text object that sets the text colour `old` as `new`: lines of several runs
    of type set their colour run by run on it (one run's lines set it on the canvas)."""
    set_fill = text_object.setFillColor

    def set_fill_colour(colour, alpha=None):
        set_fill(new if colour is old else colour, alpha)

    text_object.setFillColor = set_fill_colour
    return text_object


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

    # The fragments as written, before tokens were cut for a width; and that width.
    _written_frags: list | None = None
    _fitted_to: float | None = None
    _tokens_cut = False  # whether a token had to be cut for that width
    # (markup, style) for a paragraph made from markup; parts of a split have none.
    _source: tuple[str, int] | None = None
    _made_with: ParagraphStyle | None = None
    tag: Tag | None = None  # what it is to a reader (by default, from its style's name)
    _continued = False  # the first part of a split: its last line is not the paragraph's
    # A part of a split: the width and its lines there (its share of the whole's), and height.
    _parted: tuple | None = None
    # The text colour its fragments (and so its lines) were made with: another style's, alike
    # but for colours, when they were lent by a paragraph of that style; drawn in its own.
    _frags_colour = None
    _lendable = False  # whether they may serve such a style (`_can_lend`)
    _recolour: tuple | None = None  # while drawn: (the colour of its lines, the one it draws)

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):
        if frags is not None or not isinstance(text, str) or style is None or bulletText:
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        key = (text, measure_key(style))
        self._made_with = style
        parsed = _PARSED.recall(key)  # (style, style parsed, fragments, lendable)
        if parsed is not None and parsed[0] is style:
            super().__init__(text, parsed[1], frags=parsed[2], **kwargs)
        elif parsed is not None and parsed[3]:
            super().__init__(text, style, frags=parsed[2], **kwargs)
        else:
            super().__init__(text, style, **kwargs)
            lendable = self.style is style and _can_lend(self.frags, style)
            parsed = (style, self.style, self.frags, lendable)
            _PARSED.keep(key, parsed)
        self._frags_colour, self._lendable = parsed[0].textColor, parsed[3]
        self._source = key

    def wrap(self, availWidth, availHeight):
        if self._parted is not None and self._parted[0] == availWidth:
            self.blPara, self.height = self._parted[1:]
            self.width = availWidth
            return self.width, self.height
        if self._lines_decided:
            return super().wrap(availWidth, availHeight)
        key = self._source and (*self._source, availWidth)
        known = _WRAPPED.recall(key) if key else None  # (style, lendable, state)
        styles = self._styles_of(*known) if known is not None else None
        if styles is not None:
            self.__dict__.update(known[2])
            self.style, self._broken_with = styles
            # Its own list of lines: a split takes them apart.
            self.blPara = self.blPara.clone(lines=list(self.blPara.lines))
            return self.width, self.height
        size = self._wrap(availWidth, availHeight)
        if key:
            state = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
            _WRAPPED.keep(key, (self._made_with, self._lendable, state))
        return size

    def _styles_of(self, made_with, lendable: bool, state: dict) -> tuple | None:
        """The paragraph's style and the style it is broken with, taking over the lines that a
        paragraph of style `made_with` left in `state`; None if they cannot be taken over."""
        if made_with is self._made_with:
            return state["style"], state.get("_broken_with")
        if not lendable:
            return None
        own = self._made_with
        mapped = {id(made_with): own, id(_unhyphenated(made_with)): _unhyphenated(own)}
        styles = (mapped.get(id(state["style"])), mapped.get(id(state.get("_broken_with"))))
        if styles[0] is None or (styles[1] is None and state.get("_broken_with") is not None):
            return None
        return styles

    def _wrap(self, availWidth, availHeight):
        self._fit_tokens(availWidth)
        size = super().wrap(availWidth, availHeight)
        self._broken_with = self.style
        if overflows(self, availWidth):
            # A token that fits in each of its runs of type but not whole: ReportLab's own
            # cutting works in a paragraph without hyphenation.
            self.style = self._broken_with = _unhyphenated(self.style)
            return super().wrap(availWidth, availHeight)
        if not self.style.hyphenationLang:
            return size
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

    def _fit_tokens(self, width: float) -> None:
        width -= self.style.leftIndent + self.style.rightIndent + max(0, self.style.firstLineIndent)
        if width == self._fitted_to:
            return
        if self._written_frags is None:
            self._written_frags = self.frags
        language = getattr(self.style, "cutHyphenationLang", "") or self.style.hyphenationLang
        self.frags = fit_tokens(self._written_frags, width - _FUZZ, language)
        self._tokens_cut = self.frags is not self._written_frags
        self._fitted_to = width

    def drawOn(self, canvas, x, y, _sW=0):
        if self.tag is None:
            self.tag = style_tag(self.style.name)
        with marked(canvas, self.tag):
            lines = getattr(self, "blPara", None)
            if lines is None:
                super().drawOn(canvas, x, y, _sW)
                return
            drawn = readable_lines(lines, self._continued) if tagger_of(canvas) else lines
            colour, made = self.style.textColor, self._frags_colour
            if made is not None and made is not colour:  # lines lent in another colour
                self._recolour = (made, colour)
                if drawn.kind == 0 and getattr(drawn, "textColor", None) is made:
                    drawn = drawn.clone(textColor=colour)
            self.blPara = drawn
            try:
                super().drawOn(canvas, x, y, _sW)
            finally:
                self.blPara, self._recolour = lines, None

    def beginText(self, x, y):
        text_object = super().beginText(x, y)
        return _recolouring(text_object, *self._recolour) if self._recolour else text_object

    def split(self, availWidth, availHeight):
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        # The parts are made from self.style: give them the one the lines were broken with.
        style = self.style
        self.style = self._broken_with or style
        whole = self.blPara
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.style = style
        if len(parts) == 2:
            parts[0]._lines_decided = parts[0]._continued = True
            _share_lines(whole, parts, availWidth)
        if self.tag is None:
            self.tag = style_tag(self.style.name)
        for part in parts:
            part.tag = self.tag  # one paragraph to a reader, in however many pieces
            part._frags_colour = self._frags_colour
        return parts


def _share_lines(whole, parts: list[TypesetParagraph], width: float) -> None:
    """Each part of a split paragraph given its share of the whole's lines: ReportLab would
    break each part's lines again (the rest once for each split tried), to the same lines."""
    if any(getattr(part.style, "autoLeading", "") not in ("", "off") for part in parts):
        return  # the height is not lines × leading
    count = len(parts[0].blPara.lines)
    if whole.kind == 0:  # one run of type: its lines are (unused width, words)
        shares = [
            part.frags[0].clone(
                kind=0,
                lines=lines,
                ascent=whole.ascent,
                descent=whole.descent,
                fontSize=whole.fontSize,
            )
            for part, lines in zip(parts, (whole.lines[:count], whole.lines[count:]), strict=True)
        ]
    else:  # FragLines, each naming its first word by its place in the part's fragments
        start = whole.lines[count].sFW
        rest = [line.clone(sFW=line.sFW - start) for line in whole.lines[count:]]
        shares = [ParaLines(kind=1, lines=whole.lines[:count]), ParaLines(kind=1, lines=rest)]
    for part, lines in zip(parts, shares, strict=True):
        part._parted = (width, lines, len(lines.lines) * part.style.leading)


def cuts_a_word(flowable, width: float) -> bool:
    """Whether a paragraph set `width` wide has a word cut to fit a line (no other flowable
    has)."""
    if not isinstance(flowable, TypesetParagraph):
        return False
    flowable.wrap(width, 1e9)
    return flowable._tokens_cut or _cut_words(flowable) > 0
