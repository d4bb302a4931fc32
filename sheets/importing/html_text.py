"""HTML descriptions (Shopify's Body, a feed's description) and plain text made the catalog's
little Markdown: paragraphs, line breaks, one-level lists, bold, italic and links. Whatever
else the text holds is escaped, so that it shows as written and never as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .fields import clean_text

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
    converter.feed(clean_text(html))
    converter.close()
    return converter.markdown() or None


class _Frame:
    """An inline element being read: its Markdown so far."""

    def __init__(self, tag: str, href: str | None = None):
        self.tag, self.href, self.parts = tag, href, []


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str | None, str]] = []  # (list marker or None, Markdown)
        self.frames = [_Frame("")]
        self.marker: str | None = None  # the list item's marker the open block starts with
        self.lists: list[list] = []  # open lists: [tag, next number]
        self.dropped = 0  # depth inside <script>, <style>…
        self.pre = 0
        self.cells = 0  # cells of the table row read so far

    # -- tags --

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self.dropped += 1
        elif self.dropped:
            return
        elif tag == "br":
            self._append("\n")
        elif tag in ("ul", "ol"):
            self._end_block()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
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
                self.frames.append(_Frame("b"))
        elif tag in _EMPHASIS:
            self.frames.append(_Frame(tag))
        elif tag == "a":
            self.frames.append(_Frame("a", dict(attrs).get("href")))

    def handle_startendtag(self, tag, attrs):
        if tag in _DROPPED:  # <svg/> opens nothing
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
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

    def handle_data(self, data):
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

    def _close_inline(self, tag: str) -> None:
        """Close the innermost open element of this kind, and those opened inside it."""
        names = [frame.tag for frame in self.frames]
        kinds = next((pair for pair in _SAME if tag in pair), (tag,))
        if not any(name in kinds for name in names[1:]):
            return  # a closing tag that opened nothing
        while self.frames[-1].tag not in kinds:
            self._fold()
        self._fold()

    def _fold(self) -> None:
        """The innermost open element, made Markdown into its parent's text."""
        frame = self.frames.pop()
        content = "".join(frame.parts)
        core = content.strip(" \n")
        if not core:
            self.frames[-1].parts.append(content)
            return
        lead = content[: len(content) - len(content.lstrip(" \n"))]
        trail = content[len(content.rstrip(" \n")) :]
        if frame.tag == "a":
            made = f"[{core}]({_address(frame.href)})" if _is_web(frame.href) else core
        else:
            mark = _EMPHASIS[frame.tag]
            inside = [f.tag for f in self.frames if _EMPHASIS.get(f.tag) == mark]
            made = core if inside else f"{mark}{core}{mark}"  # <b> in <b>: bold once
        self.frames[-1].parts.append(lead + made + trail)

    # -- blocks --

    def _end_block(self) -> None:
        """The text read since the last block ends a paragraph or list item."""
        reopened = [_Frame(frame.tag, frame.href) for frame in self.frames[1:]]
        while len(self.frames) > 1:
            self._fold()
        text = "".join(self.frames[0].parts)
        self.frames[0].parts = []
        self.frames.extend(reopened)
        # Two line breaks in a row (`<br><br>`) end a paragraph.
        for chunk in re.split(r"\n[ ]*\n[ \n]*", text):
            lines = [_escape_line_start(_single_spaced(line)) for line in chunk.split("\n")]
            lines = [line for line in lines if line]
            if lines:
                # An item's marker goes to its first text (`<li><p>text</p></li>`).
                self.blocks.append((self.marker, "\\\n".join(lines)))
                self.marker = None

    def close(self):
        super().close()
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
