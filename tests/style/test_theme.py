"""The theme's paragraph styles (theme.py): hyphenated in the catalog's language where pyphen has
its patterns, and built unhyphenated where it has none."""

from __future__ import annotations

from support import run_sheets, write_catalog


def test_a_language_pyphen_cannot_hyphenate_builds_unhyphenated(tmp_path):
    def japanese(data):
        data["catalog"]["locale"] = "ja_JP"
        data["catalog"]["currency"] = "JPY"
        for product in data["products"]:
            product["price"] = "1780"
            product.pop("updated", None)

    catalog = write_catalog(tmp_path, japanese)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
