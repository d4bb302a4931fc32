"""HTML descriptions and plain text made the catalog's little Markdown: the markup kept that the
format has, everything else its text, and every character that Markdown would read escaped, so
that the page shows it as written."""

from __future__ import annotations

import pytest

from sheets.catalog.products import split_paragraphs
from sheets.importing.html_text import html_description, text_description
from sheets.layout.rich_text import list_marker, plain_text


def shown(markdown: str) -> list[str]:
    """What the layout shows of a description: its blocks' text, markup read."""
    return [plain_text(block) for _, block in split_paragraphs(markdown)]


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<div>Line one<br>line two<br/><br>Next</div>", "Line one\\\nline two\n\nNext"),
        ("<p><b>Bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em>.</p>",
         "**Bold**, **strong**, *it*, *em*."),
        ("<p><b> spaced </b>words</p>", "**spaced** words"),
        ("<p><b>bold <i>both</i></b></p>", "**bold *both***"),
        ('<p>See <a href="https://example.com/a b">our page</a>.</p>',
         "See [our page](https://example.com/a%20b)."),
        ('<p><a href="javascript:alert(1)">click</a> <a href="/local">here</a></p>',
         "click here"),
        ("<ul><li>One</li><li>Two</li></ul><ol><li>First</li><li>Second</li></ol>",
         "- One\n- Two\n\n1. First\n2. Second"),
        ("<ul><li>Outer<ul><li>Inner</li></ul></li></ul>", "- Outer\n- Inner"),
        ("<ul><li><p>Pasted</p></li><li></li></ul><p>After</p>", "- Pasted\n\nAfter"),
        ("<h2>Care</h2><p>Wash cold.</p>", "**Care**\n\nWash cold."),
        ("<table><tr><th>Size</th><th>cm</th></tr><tr><td>S</td><td>36</td></tr></table>",
         "Size | cm\n\nS | 36"),
        ("<p>R&amp;D &lt;b&gt;not bold&lt;/b&gt; &#42; &eacute;t&eacute;&nbsp;!</p>",
         "R&D \\<b>not bold\\</b> \\* été\u00a0!"),
        ("<p>Kept</p><script>var a = '<p>x</p>';</script><style>p {color: red}</style>",
         "Kept"),
        ("<p>a*b_c `code` [x] back\\slash</p>", "a\\*b\\_c \\`code\\` \\[x\\] back\\\\slash"),
        ("<p>- not a list</p><p>2015. A year</p><p># not a heading</p><p>+ plus</p>",
         "\\- not a list\n\n2015\\. A year\n\n\\# not a heading\n\n\\+ plus"),
        ("<span>Unknown <blink>tags</blink> keep their text</span>",
         "Unknown tags keep their text"),
        ("   <p> </p><br>  ", None),
    ],
)  # fmt: skip
def test_html_becomes_the_descriptions_markdown(html, markdown):
    assert html_description(html) == markdown


def test_escaped_text_shows_as_written():
    written = "a*b*c _d_ `e` [f](g) \\ <https://h.example> ![i](j)"
    assert shown(html_description(f"<p>{written.replace('<', '&lt;')}</p>")) == [written]
    for line in ("- dash", "1. one", "2) two", "# hash", "+ plus", "* star"):
        (block,) = shown(html_description(f"<p>{line}</p>"))
        assert block == line
        assert list_marker(split_paragraphs(html_description(f"<p>{line}</p>"))[0][1])[0] is None


def test_markup_reaches_the_layout_as_the_format_reads_it():
    markdown = html_description(
        "<p><b>Bold</b> and <a href='https://ex.com'>link</a></p><ul><li>item</li></ul>"
    )
    assert shown(markdown) == ["Bold and link (ex.com)", "• item"]


def test_plain_text_keeps_its_paragraphs_and_line_breaks():
    text = "First line\nsecond line\n\n\nA *new* paragraph\n- not an item\r\n3. nor this"
    markdown = text_description(text)
    assert markdown == (
        "First line\\\nsecond line\n\nA \\*new\\* paragraph\\\n\\- not an item\\\n3\\. nor this"
    )
    assert shown(markdown) == [
        "First line second line",
        "A *new* paragraph - not an item 3. nor this",
    ]
    assert text_description(" \n\n ") is None


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ('<ol start="²"><li>a</li></ol>', "1. a"),  # not a number to Python's int
        ('<ol start="7"><li>a</li></ol>', "7. a"),
        ("<p>a <![CDATA[b]]> c<!-- note --> d</p>", "a c d"),
        ("<p>a</p><!-- never closed <p>b</p>", "a"),  # hidden, as in a browser
        ("<p>x <y z</p>", "x \\<y z"),
        ("<b>a<b>b</b>c</b>d", "**abc**d"),  # bold in bold: bold once, closed by the outer
        ('<p><a href="https://a.example">x<a href="https://b.example">y</a></p>',
         "[x](https://a.example)[y](https://b.example)"),  # a link in a link ends it
        ('<p><b>x<a href="https://a.example">y<p>z</b>w', "**x[y](https://a.example)**\n\n**z**w"),
    ],
)  # fmt: skip
def test_broken_markup_reads_as_a_browser_shows_it(html, markdown):
    assert html_description(html) == markdown


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        ("<i>" * 1000 + "<p>x" * 50_000, ["*x*"] * 50_000),  # 200 KB of unclosed tags
        ("<b>" * 16_000 + "<p>x" * 40_000, ["**x**"] * 40_000),
        ("<a<a" * 50_000 + "<p>end", ["\\<a" * 100_000, "end"]),
        ("</" * 100_000 + "<p>end", ["\\</" * 100_000, "end"]),
        ("<!--" * 50_000 + "<p>end", []),
        ("<![" * 60_000 + "<p>end", ["\\<!\\[" * 60_000, "end"]),
    ],
)
def test_hostile_markup_is_read_in_one_pass(html, paragraphs):
    # Each took from seconds to minutes when every '<' or paragraph re-read what came before.
    assert (html_description(html) or "").split("\n\n") == (paragraphs or [""])
