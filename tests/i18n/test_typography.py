"""Typographic rules of the catalog's language (typography.py), and how ReportLab then breaks
the lines of text they were applied to."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from sheets.i18n.typography import glue_spaces, ordinal_runs, typeset_text
from sheets.layout.typeset import line_texts
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import COLUMN_WIDTHS, wrapped

NB = "\u00a0"
NARROW_NB = "\u202f"  # what Babel writes in French numbers, and ReportLab breaks at
BODY = make_theme(ThemeSettings(), "fr_FR").style("body")  # hyphenated in French


TYPOGRAPHY = [
    # French: a no-break space before ; : ! ? » and after «, replacing a space or added.
    ("fr_FR", "« Paris »", f"«{NB}Paris{NB}»"),
    ("fr_FR", "«Paris»", f"«{NB}Paris{NB}»"),
    ("fr_FR", "Paris !", f"Paris{NB}!"),
    ("fr_FR", "Paris!", f"Paris{NB}!"),
    ("fr_FR", "Quoi?", f"Quoi{NB}?"),
    ("fr_FR", "Quoi ?!", f"Quoi{NB}?!"),
    ("fr_FR", "«Vrai?»", f"«{NB}Vrai{NB}?{NB}»"),
    ("fr_FR", "Note : ceci ;cela", f"Note{NB}: ceci{NB};cela"),
    ("fr_FR", f"Paris {NB} !", f"Paris{NB}!"),
    # ...but not a colon or a question mark inside a time, a ratio or an address.
    ("fr_FR", "à 21:20", "à 21:20"),
    ("fr_FR", "un rapport 1:2", "un rapport 1:2"),
    ("fr_FR", "https://x.fr/a:b", "https://x.fr/a:b"),
    ("fr_FR", "voir https://x.fr/?q=1", "voir https://x.fr/?q=1"),
    # Numbers: units, currency symbols and groups of three digits stay with their number.
    ("fr_FR", "17,80 €", f"17,80{NB}€"),
    ("fr_FR", "17,80€", f"17,80{NB}€"),
    ("fr_FR", f"1{NARROW_NB}299,00{NB}€", f"1{NB}299,00{NB}€"),  # as Babel formats it
    ("fr_FR", "2\u2009000 et 3\u2007000", f"2{NB}000 et 3{NB}000"),
    ("fr_FR", "41 mm", f"41{NB}mm"),
    ("fr_FR", "31 g, 2 kg, 75 cl, 3 m.", f"31{NB}g, 2{NB}kg, 75{NB}cl, 3{NB}m."),
    ("fr_FR", "15%", f"15{NB}%"),
    ("fr_FR", "5 000 exemplaires", f"5{NB}000 exemplaires"),
    ("fr_FR", "1 000 000", f"1{NB}000{NB}000"),
    ("fr_FR", "en 1944 250 soldats", "en 1944 250 soldats"),  # a year is not a digit group
    ("fr_FR", "41mm", "41mm"),  # a unit typed against its number is left so
    ("fr_FR", "3 grammes", "3 grammes"),
    ("fr_FR", "2 l'eau", "2 l’eau"),
    # Apostrophes, ordinals, spaces.
    ("fr_FR", "l'histoire", "l’histoire"),
    ("fr_FR", "aujourd'hui", "aujourd’hui"),
    ("fr_FR", "1er août", "1er août"),
    ("fr_FR", "le 2e jour", "le 2e jour"),
    ("fr_FR", "XIXe siècle", "XIXe siècle"),
    ("fr_FR", "Paris  et   Lyon", "Paris et Lyon"),
    ("fr", "Paris !", f"Paris{NB}!"),
    ("fr_CA", "Prix : 5 $", f"Prix{NB}: 5{NB}$"),
    ("fr-BE", "Paris !", f"Paris{NB}!"),
    # English: no space before : ; ! ?, typographic apostrophes, nothing else.
    ("en_GB", "Note : this", "Note: this"),
    ("en_GB", "Really ?!", "Really?!"),
    ("en_GB", "Stop ; go", "Stop; go"),
    ("en_GB", "don't", "don’t"),
    ("en_GB", "at 21:20", "at 21:20"),
    ("en_GB", "https://x.uk/a : b", "https://x.uk/a: b"),
    ("en_GB", "« Paris »", "« Paris »"),
    ("en_GB", "41 mm", "41 mm"),
    ("en_US", f"1{NARROW_NB}299.00", f"1{NB}299.00"),
    # Other languages: only the apostrophe and the spaces ReportLab would break at.
    ("de_DE", "l'ami  ! 1\u202f000", f"l’ami  ! 1{NB}000"),
    ("it", "l'amico : sì", "l’amico : sì"),
]


@pytest.mark.parametrize(("locale", "text", "expected"), TYPOGRAPHY)
def test_typeset_text_applies_the_rules_of_the_language(locale, text, expected):
    assert typeset_text(text, locale) == expected


@pytest.mark.parametrize(("locale", "text", "expected"), TYPOGRAPHY)
def test_typeset_text_applied_twice_changes_nothing_more(locale, text, expected):
    assert typeset_text(expected, locale) == expected


def test_glue_spaces_only_turns_breakable_narrow_spaces_into_no_break_spaces():
    assert glue_spaces(f"1{NARROW_NB}299,00{NB}€ et 2\u2009000 ou 3\u2007000 ; l'eau ") == (
        f"1{NB}299,00{NB}€ et 2{NB}000 ou 3{NB}000 ; l'eau "
    )


# -- the lines ReportLab breaks French text into -------------------------------------------


DENSE = (
    "Prix : 17,80 € ! Diamètre : 41 mm ; poids : 31 g. « Paris libéré ! » dit-on ; « Vrai ? » "
    "Oui : 5 000 exemplaires à 17,80 € pièce, 41 mm de diamètre ; rendez-vous à 21:20 ! "
    "Quoi ? « Liberté » : voilà le mot. Frappe limitée : 5 000 exemplaires ! Le revers ? Un coq ; "
    "le droit ? L'Hôtel de Ville : « Paris outragé ! Paris brisé ! » Tirage : 1 299 pièces à "
    "17,80 € ; module : 41 mm ; masse : 31 g ! Commande ? Appelez ! Délai : trois jours ; "
)


def bad_breaks(text: str) -> list[tuple[int, str]]:
    """(width, line) for each line, at each width, that starts or ends where French forbids it."""
    found = []
    for width in COLUMN_WIDTHS:
        for line in line_texts(wrapped(Paragraph(escape(text), BODY), width)):
            if (
                line[0] in ":;!?»€%"
                or line.startswith(("mm", "g ", "000"))
                or line.endswith(("«", "17,80", "41", " 5"))
            ):
                found.append((width, line))
    return found


def test_every_glued_group_of_the_dense_text_fits_the_narrowest_column():
    # Wider than its line, a group would be cut anywhere by ReportLab's splitLongWords.
    groups = typeset_text(DENSE * 2, "fr_FR").split(" ")
    widest = max(stringWidth(group, BODY.fontName, BODY.fontSize) for group in groups)
    assert widest < min(COLUMN_WIDTHS)


def test_french_lines_never_start_with_high_punctuation_nor_split_a_price_or_measure():
    assert bad_breaks(typeset_text(DENSE * 2, "fr_FR")) == []


def test_the_same_lines_break_badly_with_ordinary_or_narrow_spaces():
    typeset = typeset_text(DENSE * 2, "fr_FR")
    assert len(bad_breaks(DENSE * 2)) > 20
    assert len(bad_breaks(typeset.replace(NB, NARROW_NB))) > 20


def test_a_price_and_a_measure_always_end_on_the_line_they_start():
    for width in COLUMN_WIDTHS:
        paragraph = wrapped(Paragraph(escape(typeset_text(DENSE, "fr_FR")), BODY), width)
        for line in line_texts(paragraph):
            assert line.count("17,80") == line.count(f"17,80{NB}€"), (width, line)
            assert line.count("41") == line.count(f"41{NB}mm"), (width, line)


def test_characters_that_show_nothing_are_left_out_but_soft_hyphens_and_zero_width_spaces_kept():
    # A zero-width joiner, a right-to-left override, a byte order mark, an unassigned code point.
    text = "Li\u200dbé\u202eration\ufeff de\u0378 Pa\u00adris, www.\u200bexample.fr"
    assert typeset_text(text, "en_GB") == "Libération de Pa\u00adris, www.\u200bexample.fr"


@pytest.mark.parametrize(
    ("locale", "text", "raised"),
    [
        (
            "fr_FR",
            "le 1er août, la 2e DB, les 1res, le XIXe siècle, Napoléon Ier",
            ["er", "e", "res", "e", "er"],
        ),
        ("fr_FR", "Le Ce De Les Mes Vie Ile", []),  # a Roman numeral holds I, V or X
        ("fr_FR", "Vers 1827, l’Inde, les Indes, DIVers, MIXer, Xer", []),  # letters agree
        (
            "fr_FR",
            "la 1ère, le 2ème, le XIXème, la 2nde, le 2d, 1ers, IIIe",
            ["ère", "ème", "ème", "nde", "d", "ers", "e"],
        ),
        ("fr_FR", "A2e 1,5e 1e5 0750e", []),  # in a code or a number: not an ordinal
        ("en_GB", "the 1st, 22nd and 3rd of May; 4th", ["st", "nd", "rd", "th"]),
        ("en_GB", "the 11th, 12th, 13th, 111th; not 11st, 2th, 1nd", ["th", "th", "th", "th"]),
        ("de_DE", "der 1. Mai, 2e", []),
    ],
)
def test_ordinals_letters_are_found_in_their_language(locale, text, raised):
    runs = ordinal_runs(text, locale)
    assert "".join(run for run, _ in runs) == text, "every character kept"
    assert [run for run, up in runs if up] == raised
