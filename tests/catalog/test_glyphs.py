"""Characters no font draws (glyphs.py): a warning naming the product, or the catalog's own text,
and each character; what the fallback face draws is no warning."""

from __future__ import annotations

from support import page_texts, run_sheets, write_catalog


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


def test_a_text_lacking_many_characters_names_the_first_ten_and_counts_the_others(tmp_path):
    chinese = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 3_000))

    def add_chinese(data):
        data["products"][1]["description"] = chinese

    catalog = write_catalog(tmp_path, add_chinese)
    result = run_sheets("check", catalog)
    assert result.exit_code == 0, result.output
    named = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in chinese[:10])
    assert (
        f"warning: product 0750: the fonts cannot draw {named} and 2990 more in the description; "
        "it would print as an empty box\n"
    ) in result.output


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


def test_the_full_width_yen_of_japanese_prices_is_printed_as_the_yen_sign(tmp_path):
    def japanese(data):
        data["catalog"].update(locale="ja_JP", currency="JPY")
        data["products"] = data["products"][:1]
        data["products"][0].update(price="1299", updated="2017/08/08")

    catalog = write_catalog(tmp_path, japanese)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "in the price" not in result.output
    # The date the tool writes in Japanese is checked too: no embedded face has its characters.
    assert (
        "warning: product 7505634: the fonts cannot draw '年' (U+5E74), '月' (U+6708), "
        "'日' (U+65E5) in the date"
    ) in result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634*.pdf"))
    # Babel writes ￥ (U+FFE5), which no embedded face has; its compatibility form ¥ is drawn.
    assert "¥1,299" in page_texts(sheet)[0]


def test_the_tools_own_words_are_checked_in_the_editions_language(tmp_path):
    def egyptian(data):
        data["catalog"].update(locale="ar_EG", currency="EGP")
        data["products"] = data["products"][:1]
        data["products"][0].update(price="17.80", updated="2017-08-08")

    catalog = write_catalog(tmp_path, egyptian)
    result = run_sheets("check", catalog)
    assert result.exit_code == 0, result.output
    assert (
        "warning: product 7505634: the price is written in Arabic, which this tool cannot set"
        in result.output
    )
    assert "warning: product 7505634: the date is written in Arabic" in result.output


def test_arabic_text_is_named_as_a_script_the_tool_cannot_set_not_as_empty_boxes(tmp_path):
    catalog = write_catalog(
        tmp_path, lambda data: data["products"][1].update(title="مرحبا Tour Eiffel")
    )
    result = run_sheets("check", catalog)
    assert result.exit_code == 0
    assert (
        "warning: product 0750: the title is written in Arabic, which this tool cannot set: its "
        "letters would print unjoined, in the wrong order or as empty boxes"
    ) in result.output
    assert "cannot draw" not in result.output


def test_characters_no_font_draws_are_found_in_a_catalog_with_errors_too(tmp_path):
    def two_problems(data):
        data["products"][1].update(title="Tour Eiffel 東京", price="douze")

    catalog = write_catalog(tmp_path, two_problems)
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert "error: product 0750: 'price' 'douze' is not a price in fr_FR" in result.output
    assert "warning: product 0750: the fonts cannot draw '東' (U+6771)" in result.output


def test_invisible_format_characters_are_left_out_of_the_pages_without_a_warning(tmp_path):
    # A zero-width joiner, a right-to-left override and a byte order mark inside the texts.
    def invisible(data):
        data["catalog"]["title"] = "Médailles\u200d commé\u202emoratives"
        data["products"][0]["title"] = "La Libé\u200dration\u202e de\ufeff Paris"
        data["products"][0]["description"] = "Le 25\u200d août\u202e au\ufeff matin."

    catalog = write_catalog(tmp_path, invisible)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code == 0, result.output
    assert "U+" not in result.output and "cannot" not in result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    for pdf in (sheet, tmp_path / "out" / "medailles-commemoratives.pdf"):
        text = "\n".join(page_texts(pdf))
        assert "\x00" not in text, "an empty box (.notdef) is drawn"
        assert "La Libération de Paris" in text
    assert "Le 25 août au matin." in "\n".join(page_texts(sheet))
    # The running heads of the brochure's product pages show the catalog's title.
    assert (
        "Médailles commémoratives"
        in page_texts(tmp_path / "out" / "medailles-commemoratives.pdf")[3]
    )


def test_a_private_use_character_the_fonts_lack_is_a_warning(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["products"][1].update(title="Tour \ue000"))
    result = run_sheets("check", catalog)
    assert result.exit_code == 0
    assert "the fonts cannot draw '\ue000' (U+E000) in the title" in result.output
