"""Numbers, prices and dates written the way each locale writes them (formats.py)."""

from __future__ import annotations

from datetime import date

from sheets.i18n.formats import format_long_date

from support import bilingual, run_sheets, text_of, write_catalog


def test_the_first_of_the_month_is_an_ordinal_in_french():
    assert format_long_date(date(2026, 11, 1), "fr_FR") == "1er novembre 2026"
    assert format_long_date(date(2026, 11, 11), "fr_FR") == "11 novembre 2026"
    assert format_long_date(date(2026, 11, 1), "en_GB") == "1 November 2026"


def test_the_same_price_reads_the_way_each_locale_writes_it(tmp_path):
    prices = {}
    for locale in ("fr_FR", "en_US"):
        catalog = write_catalog(
            tmp_path / locale, lambda data, loc=locale: bilingual(data, ("fr_FR", loc))
        )
        run_sheets(
            "build",
            catalog,
            "-o",
            tmp_path / locale / "out",
            "--locale",
            locale,
            "--only",
            "7505634",
        )
        (sheet,) = (tmp_path / locale / "out" / "sheets").iterdir()
        prices[locale] = text_of(sheet)
    assert "17,80 €" in prices["fr_FR"].replace("\u00a0", " ").replace("\u202f", " ")
    assert "€17.80" in prices["en_US"]
    assert "8 août 2017" in prices["fr_FR"].replace("\u00a0", " ")
    assert "August 8, 2017" in prices["en_US"]
