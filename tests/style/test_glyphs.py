"""Characters no font draws (glyphs.py): a warning naming the product, or the catalog's own text,
and each character; what the fallback face draws is no warning."""

from __future__ import annotations

from support import run_sheets, write_catalog


def test_a_character_the_fonts_cannot_draw_is_a_warning_naming_product_and_character(tmp_path):
    def add_cjk(data):
        data["products"][1]["description"] = "Édition spéciale 東京."

    catalog = write_catalog(tmp_path, add_cjk)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert (
        "warning: product 0750: the fonts cannot draw '東' (U+6771), '京' (U+4EAC) in the description"
        in result.output
    )


def test_what_no_font_draws_is_still_a_warning_but_the_check_mark_is_not(tmp_path):
    def add_cjk(data):
        data["products"][1]["description"] = "Édition spéciale ✓ 東京 😀 ★."

    catalog = write_catalog(tmp_path, add_cjk)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert (
        "warning: product 0750: the fonts cannot draw '東' (U+6771), '京' (U+4EAC), "
        "'😀' (U+1F600) in the description; it would print as an empty box"
    ) in result.output
    assert "✓" not in result.output
    assert "★" not in result.output


def test_characters_no_font_has_in_the_catalogs_own_texts_are_warned_about(tmp_path):
    def cjk_cover(data):
        data["catalog"]["title"] = "Médailles 中文"
        data["categories"][0]["intro"] = "Intro 東京"

    catalog = write_catalog(tmp_path, cjk_cover)
    result = run_sheets("check", catalog)
    assert result.exit_code == 0
    assert (
        "the fonts cannot draw '中' (U+4E2D), '文' (U+6587) in the catalog's title" in result.output
    )
    assert "in the intro of category 'histoire'" in result.output
