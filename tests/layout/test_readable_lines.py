"""How a tagged paragraph's lines are drawn for a reader (tagging.readable_lines): a space at
the end of each line but the last, none after a hyphen, nor under a strike or a link."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from sheets.layout.tagging import readable_lines
from sheets.layout.typeset import TypesetParagraph

from support import wrapped

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)


def line_ends(paragraph, continued: bool = False) -> list[str]:
    para = readable_lines(paragraph.blPara, continued)
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return [
        "".join(frag.text for frag in line.words if hasattr(frag, "text")) for line in para.lines
    ]


def test_each_line_but_the_last_ends_with_a_space():
    paragraph = wrapped(TypesetParagraph("un deux trois quatre cinq six sept huit", STYLE), 60)
    ends = line_ends(paragraph)
    assert len(ends) > 2
    assert all(end.endswith(" ") for end in ends[:-1]) and not ends[-1].endswith(" ")
    assert all(end.endswith(" ") for end in line_ends(paragraph, continued=True))


def test_no_space_after_a_hyphen_nor_under_a_strike_or_a_link():
    cut = wrapped(TypesetParagraph("porte-monnaie porte-monnaie porte-monnaie", STYLE), 40)
    assert any(end.endswith("-") for end in line_ends(cut))
    struck = "<strike>24,90 €</strike> <b>19,90 €</b> <a href='https://a.fr'>lien ici</a> fin"
    ends = line_ends(wrapped(TypesetParagraph(struck, STYLE), 45))
    assert ends[0] == "24,90 €", ends  # the strike would run on under a space
    assert not any(end.endswith("ici ") for end in ends), ends


def test_a_token_cut_to_fit_reads_whole_and_a_space_is_never_doubled():
    address = "https://www.example.fr/collections/medailles/commemoratives/automne"
    ends = line_ends(wrapped(TypesetParagraph(f"Adresse\u00a0: {address} fin", STYLE), 120))
    assert len(ends) > 3
    assert "".join(ends).replace("\u00a0", " ") == f"Adresse : {address} fin"
