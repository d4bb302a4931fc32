"""Translated texts in a catalog: a missing translation falls back to the catalog's language
with a warning; a text without that language, or under an unknown language code, is an error."""

from __future__ import annotations

from sheets.catalog.load import load_catalog

from support import bilingual, run_sheets, write_catalog


def test_a_missing_translation_falls_back_with_a_warning_naming_product_and_field(tmp_path):
    def half_translated(data):
        bilingual(data)
        data["products"][1]["title"] = "Tour Eiffel"  # French only

    catalog = write_catalog(tmp_path, half_translated)
    english, problems = load_catalog(catalog, "en_GB")
    assert english.products[1].title == "Tour Eiffel"
    messages = [str(p) for p in problems]
    assert any(
        "warning: product 0750: 'title' has no en_GB text: the fr_FR text is used" in m
        for m in messages
    )
    _, problems = load_catalog(catalog, "fr_FR")
    assert not any("has no" in str(p) for p in problems), (
        "nothing is missing in the catalog's own language"
    )


def test_a_text_without_the_catalogs_own_language_is_an_error(tmp_path):
    def english_only(data):
        bilingual(data)
        data["products"][1]["title"] = {"en": "Eiffel Tower"}

    catalog = write_catalog(tmp_path, english_only)
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert (
        "product 0750: 'title' in the product has no text in the catalog's language (fr_FR)"
        in result.output
    )
    assert "hint: add a line 'fr: …' under 'title'" in result.output


def test_an_unknown_language_code_is_an_error(tmp_path):
    def typo(data):
        bilingual(data)
        data["products"][1]["title"] = {"fr": "Tour Eiffel", "eng": "Eiffel Tower"}

    catalog = write_catalog(tmp_path, typo)
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert "'eng' in 'title' of the product is not a language code" in result.output
