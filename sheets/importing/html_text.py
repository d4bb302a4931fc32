"""HTML descriptions (Shopify's Body, a feed's description) and plain text made the catalog's
little Markdown: paragraphs, line breaks, one-level lists, bold, italic and links. Whatever
else the text holds is escaped, so that it shows as written and never as markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

from .fields import ascii_count, clean_text

# Characters Markdown would read as markup anywhere in a line, and at a line's start.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(?:([-+])(?=\s|$)|(#)|([0-9]{1,9})[.)](?=\s|$))")
_HTML_SPACE = re.compile("[ \t\n\r\f]+")  # no-break spaces are text, not spacing
_TAG = re.compile(r"<[A-Za-z][^<>]*>|</[A-Za-z][A-Za-z0-9]*\s*>")

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "address",
    "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "pre",
    "hr", "dl", "dt", "dd", "form", "fieldset", "center", "details", "summary",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DROPPED = {
    "script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg",
    "math", "canvas", "video", "audio", "select", "textarea", "button",
}  # fmt: skip
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_SAME = (("b", "strong"), ("i", "em"))  # either closes the other


def escape_markdown(text: str) -> str:
    """One line of text as the catalog's Markdown shows it as written."""
    return _escape_line_start(_INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line_start(line: str) -> str:
    """`- `, `+ `, `#` or `3. ` starting a line would make it a list item or a heading."""
    found = _LINE_START.match(line)
    if not found:
        return line
    if found.group(3) is None:
        return "\\" + line
    return found.group(3) + "\\" + line[found.end(3) :]


def looks_like_html(text: str) -> bool:
    return _TAG.search(text) is not None


def text_description(text: str) -> str | None:
    """Plain text as a description: blank lines separate paragraphs, a single line break stays
    one (a line ending in `\\`)."""
    blocks = []
    for paragraph in re.split(r"\n[ ]*\n", clean_text(text)):
        lines = [" ".join(line.split(" ")).strip() for line in paragraph.split("\n")]
        lines = [escape_markdown(line) for line in lines if line]
        if lines:
            blocks.append("\\\n".join(lines))
    return "\n\n".join(blocks) or None


def html_description(html: str) -> str | None:
    """An HTML fragment as a description; None when it says nothing."""
    converter = _Converter()
    for token in _html_tokens(clean_text(html)):
        if isinstance(token, str):
            converter.handle_data(token)
        elif token[0] == "start":
            converter.handle_starttag(token[1], token[2])
        elif token[0] == "startend":
            converter.handle_startendtag(token[1], token[2])
        else:
            converter.handle_endtag(token[1])
    converter.close()
    return converter.markdown() or None


class _Frame:
    """An inline element being read: its Markdown so far, and the elements of a kind already
    open (`<b>` in `<b>`) opened inside it: not opened again, only their end tags counted."""

    def __init__(self, tag: str, href: str | None = None):
        self.tag, self.href, self.parts = tag, href, []
        self.repeated: dict[tuple[str, ...], int] = {}


class _Converter:
    def __init__(self):
        self.blocks: list[tuple[str | None, str]] = []  # (list marker or None, Markdown)
        self.frames = [_Frame("")]
        self.marker: str | None = None  # the list item's marker the open block starts with
        self.lists: list[list] = []  # open lists: [tag, next number]
        self.dropped = 0  # depth inside <script>, <style>…
        self.pre = 0
        self.cells = 0  # cells of the table row read so far

    # -- tags --

    def handle_starttag(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _DROPPED:
            self.dropped += 1
        elif self.dropped:
            return
        elif tag == "br":
            self._append("\n")
        elif tag in ("ul", "ol"):
            self._end_block()
            start = ascii_count(attrs.get("start", ""))
            self.lists.append([tag, 1 if start is None else start])
        elif tag == "li":
            self._end_block()
            kind = self.lists[-1] if self.lists else ["ul", 1]
            self.marker = "-" if kind[0] == "ul" else f"{kind[1]}."
            kind[1] += 1
        elif tag in ("td", "th"):
            if self.cells:
                self._append(" | ")
            self.cells += 1
        elif tag in _BLOCKS or tag in _HEADINGS:
            self._end_block()
            self.pre += tag == "pre"
            self.cells = 0
            if tag in _HEADINGS:
                self._open(_Frame("b"))
        elif tag in _EMPHASIS:
            self._open(_Frame(tag))
        elif tag == "a":
            self._close_inline("a")  # a link in a link ends it, as in a browser
            self._open(_Frame("a", attrs.get("href")))

    def handle_startendtag(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _DROPPED:  # <svg/> opens nothing
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif self.dropped:
            return
        elif tag in ("ul", "ol"):
            self._end_block()
            self.marker = None
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCKS:
            self._end_block()
            self.marker = None if tag == "li" else self.marker
            self.pre -= tag == "pre" and self.pre > 0
        elif tag in _HEADINGS:
            self._close_inline("b")
            self._end_block()
        elif tag in _EMPHASIS or tag == "a":
            self._close_inline(tag)

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        if self.pre:
            for number, line in enumerate(data.split("\n")):
                if number:
                    self._append("\n")
                self._append(_INLINE_SPECIAL.sub(r"\\\1", _HTML_SPACE.sub(" ", line)))
        else:
            self._append(_INLINE_SPECIAL.sub(r"\\\1", _HTML_SPACE.sub(" ", data)))

    # -- inline content --

    def _append(self, text: str) -> None:
        self.frames[-1].parts.append(text)

    def _open(self, frame: _Frame) -> None:
        """Open an inline element, unless one of its kind is open: bold in bold is bold once.
        Open elements are then at most three (bold, italic, a link), and a paragraph costs
        the same however many tags were left unclosed before it."""
        kinds = _kinds(frame.tag)
        if any(open_frame.tag in kinds for open_frame in self.frames):
            innermost = self.frames[-1].repeated
            innermost[kinds] = innermost.get(kinds, 0) + 1
        else:
            self.frames.append(frame)

    def _close_inline(self, tag: str) -> None:
        """Close the innermost open element of this kind, and those opened inside it."""
        kinds = _kinds(tag)
        for index in range(len(self.frames) - 1, 0, -1):
            frame = self.frames[index]
            if frame.repeated.get(kinds):
                frame.repeated[kinds] -= 1
                return
            if frame.tag in kinds:
                while len(self.frames) > index:
                    self._fold()
                return

    def _fold(self) -> None:
        """The innermost open element, made Markdown into its parent's text."""
        frame = self.frames.pop()
        self.frames[-1].parts.append(_made(frame, "".join(frame.parts)))

    # -- blocks --

    def _end_block(self) -> None:
        """The text read since the last block ends a paragraph or list item; bold and italic
        still open go on in the next block, a link does not."""
        text = ""
        for frame in reversed(self.frames[1:]):
            text = _made(frame, "".join(frame.parts) + text)
            frame.parts = []
        text = "".join(self.frames[0].parts) + text
        self.frames[0].parts = []
        self.frames = [frame for frame in self.frames if frame.tag != "a"]
        # Two line breaks in a row (`<br><br>`) end a paragraph.
        for chunk in re.split(r"\n[ ]*\n[ \n]*", text):
            lines = [_escape_line_start(_single_spaced(line)) for line in chunk.split("\n")]
            lines = [line for line in lines if line]
            if lines:
                # An item's marker goes to its first text (`<li><p>text</p></li>`).
                self.blocks.append((self.marker, "\\\n".join(lines)))
                self.marker = None

    def close(self) -> None:
        self._end_block()

    def markdown(self) -> str:
        out = []
        for index, (marker, text) in enumerate(self.blocks):
            if index:
                previous = self.blocks[index - 1][0]
                # Items of one list follow one another; anything else is a paragraph apart.
                out.append("\n" if marker and previous and _same_list(previous, marker) else "\n\n")
            out.append(f"{marker} {text}" if marker else text)
        return "".join(out)


def _made(frame: _Frame, content: str) -> str:
    """An inline element's content as Markdown: bold, italic, a link; the spaces around it
    left outside its marks."""
    core = content.strip(" \n")
    if not core:
        return content
    lead = content[: len(content) - len(content.lstrip(" \n"))]
    trail = content[len(content.rstrip(" \n")) :]
    if frame.tag == "a":
        made = f"[{core}]({_address(frame.href)})" if _is_web(frame.href) else core
    else:
        made = f"{_EMPHASIS[frame.tag]}{core}{_EMPHASIS[frame.tag]}"
    return lead + made + trail


def _kinds(tag: str) -> tuple[str, ...]:
    """The tags that close one another: `b` and `strong`, `i` and `em`."""
    return next((pair for pair in _SAME if tag in pair), (tag,))


# -- HTML read as tags and texts --
#
# In one pass, whatever the markup: no tag reaches past the next '<', so broken markup
# (`<a<a<a…`, `<!--` never closed) costs no more than good markup. Python's html.parser reads
# such text again at each '<' (minutes for 200 KB), and stops on `<![`.

# A comment (one never closed hides the rest, as in a browser), a declaration or processing
# instruction (`<!DOCTYPE …>`, `<?xml …?>`), or a tag, its quoted values without a '<'. No
# two parts of a tag can take the same character: a failed tag is given up in one pass.
_MARKUP = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<(?:[!?]|/(?![A-Za-z]))[^<>]*>"
    r"|<(/?)([A-Za-z][^\s/<>]*)((?:[\s/](?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)?)>",
    re.S,
)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+)))?""")
_SELF_CLOSING = re.compile(r"""(?:^|[\s"'])/\s*$""")
# Elements whose content is not markup: skipped to their end tag, or to the end of the text.
_RAW_TEXT = {
    tag: re.compile(rf"</{tag}(?![A-Za-z0-9])[^<>]*>", re.I) for tag in ("script", "style")
}

_Token = tuple[str, str, dict[str, str]]  # ("start" | "startend" | "end", tag, attributes)


def _html_tokens(html: str) -> Iterator[_Token | str]:
    """The fragment's tags (names and attribute names in lower case) and texts (character
    references read), in order; comments and declarations left out."""
    position, end = 0, len(html)
    while position < end:
        found = _MARKUP.search(html, position)
        stop = found.start() if found else end
        if stop > position:
            yield unescape(html[position:stop])
        if found is None:
            return
        position = found.end()
        closing, name, inside = found.groups()
        if name is None:
            continue  # a comment or a declaration
        tag = name.lower()
        if closing:
            yield "end", tag, {}
        elif _SELF_CLOSING.search(inside):
            yield "startend", tag, _attributes(inside)
        else:
            yield "start", tag, _attributes(inside)
            if tag in _RAW_TEXT:
                closed = _RAW_TEXT[tag].search(html, position)
                position = closed.end() if closed else end
                yield "end", tag, {}


def _attributes(text: str) -> dict[str, str]:
    """A tag's attributes, each value with its character references read (the first of a
    name given twice, as browsers take it)."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found.setdefault(match.group(1).lower(), unescape(value))
    return found


def _single_spaced(line: str) -> str:
    return re.sub(" {2,}", " ", line).strip(" ")


def _same_list(previous: str, marker: str) -> bool:
    return (previous == "-") == (marker == "-")


def _is_web(href: str | None) -> bool:
    return bool(href) and re.match(r"https?://\S", href.strip(), re.I) is not None


def _address(href: str) -> str:
    """An address as a Markdown link holds it: no space, angle bracket or parenthesis."""
    table = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}
    return "".join(table.get(c, c) for c in href.strip())
