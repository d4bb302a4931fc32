"""The fonts (fonts.py): every font embedded, and the fallback face (DejaVu Sans) that draws
what the theme's fonts lack, in the same weight and slant, as text a reader can copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from sheets.build import build
from sheets.model import ThemeSettings
from sheets.style import fonts
from sheets.style.theme import make_theme

from support import fonts as pdf_fonts
from support import page_texts, write_catalog

SYMBOLS = "✓ № ½ ★ → ©®™"
GREEK, CYRILLIC = "Αθήνα", "Москва"


# The default theme's families, registered as every test here needs them.
THEME = make_theme(ThemeSettings(), "fr_FR")


# -- the fallback family -------------------------------------------------------------------


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


# -- in the PDFs ---------------------------------------------------------------------------


def test_every_font_is_embedded(built):
    out, _ = built
    for pdf in [out / "medailles-commemoratives.pdf", *sorted((out / "sheets").iterdir())]:
        used = pdf_fonts(pdf)
        assert used and all(used.values()), (pdf.name, used)
        assert not any("Helvetica" in name for name in used), used


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
