"""Characters the theme's fonts lack are drawn in the fallback face (DejaVu Sans), stay text a
reader can copy, and only what no font has is still a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from sheets.cli import main
from sheets.layout.markup import text_markup, text_markup_with_fallback
from sheets.model import ThemeSettings
from sheets.pipeline import build
from sheets.style import fonts
from sheets.style.theme import make_theme

from catalogs import write_catalog
from pdfs import fonts as pdf_fonts
from pdfs import page_texts

SYMBOLS = "✓ № ½ ★ → ©®™"
GREEK, CYRILLIC = "Αθήνα", "Москва"

# The default theme's families, registered as every test here needs them.
THEME = make_theme(ThemeSettings(), "fr_FR")


def fallback(run: str, face: str = "DejaVuSans") -> str:
    return f'<font name="{face}">{run}</font>'


# --- the fallback family -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-Bold", "-Italic", "-BoldItalic"])
def test_every_fallback_face_draws_latin_greek_cyrillic_and_the_common_symbols(suffix):
    face = fonts.register_family(fonts.FALLBACK_FAMILY) + suffix
    assert fonts.missing_characters(f"Éœß {SYMBOLS} {GREEK} {CYRILLIC}", face) == set()


def test_the_theme_fonts_lack_the_check_mark_and_the_star_so_the_fallback_is_needed():
    assert fonts.missing_characters(SYMBOLS, THEME.text_font) >= {"✓", "★"}
    assert fonts.missing_characters(SYMBOLS, THEME.display_font) >= {"✓", "★"}


def test_theme_font_families_are_still_offered_and_the_fallback_may_be_named_too():
    families = fonts.available_families()
    assert {"vollkorn", "lato", fonts.FALLBACK_FAMILY} <= set(families)


@pytest.mark.parametrize(
    ("face", "expected"),
    [
        ("Vollkorn", "DejaVuSans"),
        ("Vollkorn-Bold", "DejaVuSans-Bold"),
        ("Lato-Italic", "DejaVuSans-Italic"),
        ("Lato-BoldItalic", "DejaVuSans-BoldItalic"),
    ],
)
def test_the_fallback_face_has_the_weight_and_slant_of_the_main_face(face, expected):
    assert fonts.fallback_face(face) == expected


def test_emoji_count_as_undrawable_even_where_a_font_has_a_glyph():
    # ReportLab writes a broken ToUnicode entry outside the BMP: such text would not copy-paste.
    assert fonts.missing_characters("😀", "DejaVuSans") == {"😀"}


# --- the markup --------------------------------------------------------------------------------


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


# --- end to end --------------------------------------------------------------------------------


def add_symbols(data):
    product = data["products"][0]
    product["subtitle"] = "Frappe ✓ premium"
    product["specs"]["Garantie"] = f"{SYMBOLS} {GREEK} {CYRILLIC}"
    first = f"Contrôlée {SYMBOLS} à {GREEK} et {CYRILLIC}."
    product["description"] = f"{first}\n\n{product['description']}"


def embedded_font_files(path: Path) -> dict[str, str]:
    """BaseFont → the key of its embedded program (/FontFile2 for TrueType), or '' if none."""
    found = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            keys = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
            found[str(font["/BaseFont"])] = keys[0] if keys else ""
    return found


def test_a_sheet_draws_the_symbols_in_the_embedded_fallback_and_they_copy_paste(tmp_path):
    catalog = write_catalog(tmp_path, add_symbols)
    out = tmp_path / "out"
    report = build(catalog, out)

    assert report.warnings == []
    [sheet] = out.rglob("7505634-*.pdf")
    files = embedded_font_files(sheet)
    dejavu = {name: key for name, key in files.items() if "DejaVu" in name}
    # Regular (description, specs) and italic (subtitle; the PDF names a face by its PostScript
    # name), each a subset embedded as TrueType.
    assert any(name.endswith("+DejaVuSans") for name in dejavu), files
    assert any(name.endswith("+DejaVuSans-Oblique") for name in dejavu), files
    assert set(dejavu.values()) == {"/FontFile2"}
    assert all(pdf_fonts(sheet).values()), "every font is embedded"
    text = page_texts(sheet)[0]
    for expected in ["✓", "№", "½", "★", "→", "©®™", GREEK, CYRILLIC, "Frappe ✓ premium"]:
        assert expected in text
    [brochure] = out.glob("*.pdf")
    assert any("DejaVu" in name for name in embedded_font_files(brochure))
    assert all(pdf_fonts(brochure).values())


def test_what_no_font_draws_is_still_a_warning_but_the_check_mark_is_not(tmp_path):
    def add_cjk(data):
        data["products"][1]["description"] = "Édition spéciale ✓ 東京 😀 ★."

    catalog = write_catalog(tmp_path, add_cjk)
    result = CliRunner().invoke(main, ["build", str(catalog), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert (
        "warning: product 0750: the fonts cannot draw '東' (U+6771), '京' (U+4EAC), "
        "'😀' (U+1F600) in the description; it would print as an empty box"
    ) in result.output
    assert "✓" not in result.output
    assert "★" not in result.output


def test_running_heads_draw_fallback_characters_too(tmp_path):
    from catalogs import long_description

    def checked_title(data):
        data["products"][0]["title"] = "Médaille ✓ № 1"
        data["products"][0]["description"] = long_description()

    catalog = write_catalog(tmp_path, checked_title)
    report = build(catalog, tmp_path / "out")
    sheet = next(path for path in report.sheets if path.name.startswith("7505634-"))
    continuation = " ".join(page_texts(sheet)[1].split())
    assert "Médaille ✓ № 1" in continuation, "the running head of the continuation page"
    assert not [p for p in report.warnings if "cannot draw" in p.message]


def test_running_head_fallback_uses_the_bold_fallback_face(tmp_path):
    from catalogs import long_description

    def checked_title(data):
        data["products"][0]["title"] = "Médaille ✓"
        data["products"][0]["description"] = long_description()

    catalog = write_catalog(tmp_path, checked_title)
    report = build(catalog, tmp_path / "out")
    sheet = next(path for path in report.sheets if path.name.startswith("7505634-"))
    page = PdfReader(sheet).pages[1]  # a continuation page: the title is only in its running head
    faces = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any(face.endswith("DejaVuSans-Bold") for face in faces), faces


def test_characters_no_font_has_in_the_catalogs_own_texts_are_warned_about(tmp_path):
    def cjk_cover(data):
        data["catalog"]["title"] = "Médailles 中文"
        data["categories"][0]["intro"] = "Intro 東京"

    catalog = write_catalog(tmp_path, cjk_cover)
    result = CliRunner().invoke(main, ["check", str(catalog)])
    assert result.exit_code == 0
    assert (
        "the fonts cannot draw '中' (U+4E2D), '文' (U+6587) in the catalog's title" in result.output
    )
    assert "in the intro of category 'histoire'" in result.output
