"""Catalog text → paragraph markup (markup.py): always escaped, so drawn literally; characters the
font lacks cut into runs of the fallback face."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from sheets.i18n.typography import typeset_text
from sheets.layout.markup import text_markup, text_markup_with_fallback
from sheets.model import ThemeSettings
from sheets.style.theme import make_theme

from support import outline, page_texts, run_sheets, spaces_normalised, write_catalog

# The default theme's families, registered as every test here needs them.
THEME = make_theme(ThemeSettings(), "fr_FR")


def fallback(run: str, face: str = "DejaVuSans") -> str:
    return f'<font name="{face}">{run}</font>'


def test_text_the_font_draws_is_just_escaped():
    assert text_markup_with_fallback("R&D <b>Été</b>", "Vollkorn") == text_markup("R&D <b>Été</b>")
    assert text_markup_with_fallback("", "Vollkorn") == ""


def test_characters_the_font_lacks_are_cut_into_fallback_runs():
    assert text_markup_with_fallback("Qualité ✓ contrôlée ★★★ !", "Vollkorn") == (
        f"Qualité {fallback('✓')} contrôlée {fallback('★★★')} !"
    )


def test_spaces_and_control_characters_never_switch_to_the_fallback():
    # Between two fallback characters the space stays in the paragraph's own font.
    assert text_markup_with_fallback("✓ ✓\u00a0✓\u202f★", "Vollkorn") == (
        f"{fallback('✓')} {fallback('✓')}\u00a0{fallback('✓')}\u202f{fallback('★')}"
    )


def test_markup_characters_are_escaped_beside_and_between_fallback_runs():
    assert text_markup_with_fallback("a<b ✓&★ R&D", "Vollkorn") == (
        f"a&lt;b {fallback('✓')}&amp;{fallback('★')} R&amp;D"
    )


@pytest.mark.parametrize(
    "text", ["a<b ✓&★", "<b>✓</b>", '<img src="/etc/passwd"/>★', "&amp; ✓ <font size=40>★"]
)
def test_paragraph_text_is_the_original_text_with_each_run_in_its_face(text):
    style = THEME.style("body")
    paragraph = Paragraph(text_markup_with_fallback(text, style.fontName), style)
    assert "".join(frag.text for frag in paragraph.frags) == text
    faces = {frag.text: frag.fontName for frag in paragraph.frags}
    assert all(
        faces[run] == ("DejaVuSans" if set(run) <= set("✓★") else "Vollkorn") for run in faces
    )


@pytest.mark.parametrize(
    ("style", "face"),
    [
        ("body", "DejaVuSans"),
        ("title", "DejaVuSans-Bold"),
        ("subtitle", "DejaVuSans-Italic"),
        ("price", "DejaVuSans-Bold"),
        ("spec_label", "DejaVuSans"),
    ],
)
def test_bold_and_italic_styles_get_the_bold_and_italic_fallback(style, face):
    font = THEME.style(style).fontName
    assert text_markup_with_fallback("x ✓", font) == f"x {fallback('✓', face)}"
    paragraph = Paragraph(text_markup_with_fallback("x ✓", font), THEME.style(style))
    assert [frag.fontName for frag in paragraph.frags] == [font, face]


def test_a_chosen_fallback_face_is_used():
    assert text_markup_with_fallback("✓", "Lato", "DejaVuSans-Bold") == fallback(
        "✓", "DejaVuSans-Bold"
    )


def test_characters_no_font_has_stay_in_the_main_font():
    assert text_markup_with_fallback("東京 ✓ 😀", "Vollkorn") == f"東京 {fallback('✓')} 😀"


# -- in the PDFs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["R&D", "a<b", "<b>x</b>", '<img src="/etc/passwd"/>', "&amp; déjà échappé", "<font size=40>x"],
)
def test_catalog_text_is_drawn_literally_never_as_markup(tmp_path, hostile):
    def inject(data):
        product = data["products"][0]
        product["title"] = f"Titre {hostile}"
        product["specs"]["Atelier"] = hostile
        product["description"] = f"Avant {hostile} après."
        data["categories"][0]["title"] = f"Cat {hostile}"

    catalog = write_catalog(tmp_path, inject)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    sheets = sorted((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    text = spaces_normalised(page_texts(sheets[0])[0])
    # Drawn as written, but for French typography (a no-break space before ';' in '&amp;').
    title = spaces_normalised(typeset_text(f"Titre {hostile}", "fr_FR"))
    assert title in text
    assert spaces_normalised(typeset_text(f"Avant {hostile} après.", "fr_FR")) in text
    brochure = tmp_path / "out" / "medailles-commemoratives.pdf"
    assert title in spaces_normalised(page_texts(brochure)[1]), "contents entries are escaped too"
    assert any(entry == f"Titre {hostile}" for _, entry, _ in outline(brochure))
