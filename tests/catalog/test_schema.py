"""The catalog's schema is the one statement of its format: the README's reference is made from
it, and the readers know no key it does not declare."""

from __future__ import annotations

from sheets.catalog import schema, settings_schema
from sheets.catalog.reference import table, update
from sheets.model import Background, ThemeSettings

from support import ROOT

README = ROOT / "README.md"


def test_readme_reference_tables_are_made_from_the_schema():
    text = README.read_text(encoding="utf-8")
    assert update(text) == text, "run `python -m sheets.catalog.reference README.md`"
    for section in schema.SECTIONS:
        assert f"<!-- schema: {section.path} -->\n{table(section)}<!-- /schema -->" in text


def test_every_key_has_a_meaning_and_required_keys_no_default():
    for section in schema.SECTIONS:
        assert len(set(section.names)) == len(section.names), section.path
        for key in section.keys:
            assert key.doc and key.type, (section.path, key.name)
            assert not (key.required and key.default), (section.path, key.name)


def test_theme_defaults_shown_are_the_ones_applied():
    """The reference's defaults read back through their own parsers give the model's defaults."""
    defaults = ThemeSettings()
    for key in settings_schema.THEME.keys:
        if key.parse is None:  # a file, or a mapping of its own: none unless given
            assert key.default is None and getattr(defaults, key.name) is None, key.name
            continue
        value = key.parse(key.default)
        assert value == getattr(defaults, key.field or key.name), key.name
    for key in settings_schema.BACKGROUND.keys:
        if key.parse and "`" not in key.default:  # not another key's value (`first`)
            assert key.parse(key.default) == getattr(Background, key.field or key.name), key.name
