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


def test_a_spec_label_and_its_translations_are_held_to_a_labels_length(tmp_path):
    """`spec_labels` are labels too: at most 100 characters, in every language, in every edition."""

    def long_labels(data):
        bilingual(data)
        data["catalog"]["spec_labels"]["Diamètre"] = {"en": "D" * 101}
        data["catalog"]["spec_labels"]["Poids" + "s" * 96] = {"en": "Weight"}
        data["catalog"]["spec_labels"]["Métal"] = {"en": "M" * 100}  # just fits

    catalog = write_catalog(tmp_path, long_labels)
    for locale in ("fr_FR", "en_GB"):
        _, problems = load_catalog(catalog, locale)
        assert [p.message for p in problems if p.is_error] == [
            "the en text of spec label 'Diamètre' in 'spec_labels' is 101 characters long; a "
            "label may have at most 100",
            f"spec label 'Poids{'s' * 39}…{'s' * 15}' in 'spec_labels' is 101 characters long; "
            "a label may have at most 100",
        ]
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert "hint: shorten it: a label is a word or two" in result.output
