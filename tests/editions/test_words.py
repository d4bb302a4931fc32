"""The words a page changed, said in the changes proof's margin: the runs that differ with a
word either side, not the lines a paragraph was set in again, nor what the caller noted."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from sheets.editions.changes import ChangedPage, write_changes
from sheets.editions.words import MOST, changed_words, page_words
from sheets.style.fonts import register_family

from support import text_of

TEXT = (
    "Le 26 février 1981, une rame atteint 380 km/h sur la future ligne à grande vitesse "
    "Paris-Sud-Est : c’est un record du monde. Quelques mois plus tard, le 27 septembre, "
    "le TGV entre en service commercial entre Paris et Lyon. Sa livrée orange et son nez "
    "profilé deviennent immédiatement familiers, et le trajet entre les deux villes passe "
    "bientôt à deux heures. Montgolfier, anticonstitutionnellement, extraordinairement."
)


def write_text(path: Path, text: str) -> Path:
    """`text` set in a paragraph on one page."""
    style = ParagraphStyle("body", fontName=register_family("vollkorn"), fontSize=10, leading=13)
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(text, style)])
    return path


def write_lines(path: Path, lines: list[str]) -> Path:
    """Lines drawn one under the other, as a column broken by the layout."""
    canvas = Canvas(str(path), pagesize=A4, initialFontName=register_family("vollkorn"))
    for at, line in enumerate(lines):
        canvas.drawString(72, 700 - 14 * at, line)
    canvas.save()
    return path


def test_a_word_added_is_said_with_its_neighbours():
    old = TEXT.split()
    new = TEXT.replace("380 km/h", "380 km/h (un exploit)").split()
    assert changed_words(old, new) == ["+ “km/h (un exploit) sur”"]


def test_a_word_replaced_and_one_removed_are_said():
    old = TEXT.split()
    new = TEXT.replace("orange", "blanche").replace(" bientôt", "").split()
    assert changed_words(old, new) == ["“orange” → “blanche”", "− “passe bientôt à”"]


def test_words_the_caller_noted_are_not_said_again():
    old = "Prix 17,80 € ce jour".split()
    new = "Prix 18,50 € ce jour".split()
    assert changed_words(old, new, "price 17,80\u00a0€ → 18,50\u00a0€") == []
    assert changed_words(old, new) == ["“17,80” → “18,50”"]


def test_a_word_broken_at_a_line_end_is_the_same_word():
    old = ["le", "Mont-golfier", "vole"]  # as page_words joins `Mont-` and `golfier`
    assert changed_words(old, ["le", "Montgolfier", "vole"]) == []


def test_many_changes_are_counted_past_the_first_ones():
    old = [f"w{n}" for n in range(40)]
    new = [word if int(word[1:]) % 4 else word.upper() for word in old]
    said = changed_words(old, new)
    assert len(said) == MOST and said[-1] == f"and {10 - MOST + 1} more changes of words"


def test_page_words_joins_words_broken_across_lines(tmp_path):
    pdf = write_lines(tmp_path / "text.pdf", ["la Mont-", "golfier et le Sud-", "Est, - tout"])
    assert page_words(pdf, 0) == ["la", "Mont-golfier", "et", "le", "Sud-Est,", "-", "tout"]


def test_the_proof_says_the_words_a_page_changed(tmp_path):
    old = write_text(tmp_path / "old.pdf", TEXT)
    new = write_text(tmp_path / "new.pdf", TEXT.replace("orange", "blanche"))
    target = tmp_path / "changes.pdf"
    write_changes(old, new, [ChangedPage(1, 1, ("7510127: text",))], target)
    said = " ".join(text_of(target).split())
    assert "“orange” → “blanche”" in said and "7510127: text" in said
