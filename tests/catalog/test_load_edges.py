"""Edge cases of loading: blank values however quoted, outsize numbers and names, and messages that
give the real reason. Each is refused (or warned about) by `sheets check`, never a traceback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sheets.catalog.load import load_catalog
from sheets.errors import Severity

from support import edited, load_clean, outputs, run_sheets, write_catalog


def placed(template: str, path: Path) -> str:
    """The message with its file; not str.format, since messages may hold braces."""
    return template.replace("{file}", str(path))


OTHER_DIGITS_HINT = (
    "    hint: retype it with the digits 0 to 9 (the digits of another script, or full-width "
    "ones from an input method, look alike but are other characters)"
)
LONG_URL = "https://www.example.fr/" + "a" * (2000 - len("https://www.example.fr/"))


REFUSED = [
    # -- blank required values, however they are quoted ------------------------------------
    pytest.param(
        edited("reference: 7505634", 'reference: ""'),
        "{file}:13:16: error: 'reference' in a product is empty\n"
        "    hint: add a line like 'reference: 7505634'",
        id="empty-quoted-reference",
    ),
    pytest.param(
        edited("reference: 7505634", "reference: [1]"),
        "{file}:13:16: error: 'reference' in a product must be text, found a list\n"
        "    hint: write it like 'reference: 7505634'",
        id="reference-that-is-a-list",
    ),
    pytest.param(
        edited("title: La Libération de Paris", 'title: ""'),
        "{file}:14:12: error: product 7505634: 'title' in the product is empty\n"
        "    hint: add a line like 'title: La Libération de Paris'",
        id="empty-quoted-product-title",
    ),
    pytest.param(
        edited("title: La Libération de Paris", 'title: "  "'),
        "{file}:14:12: error: product 7505634: 'title' in the product is empty\n"
        "    hint: add a line like 'title: La Libération de Paris'",
        id="blank-quoted-product-title",
    ),
    pytest.param(
        edited("title: Médailles commémoratives", 'title: " "'),
        "{file}:2:10: error: 'title' in 'catalog' is empty\n"
        "    hint: add a line like 'title: Médailles commémoratives'",
        id="blank-quoted-catalog-title",
    ),
    pytest.param(
        edited("publisher: Trésor du patrimoine", 'publisher: ""'),
        "{file}:3:14: error: 'publisher' in 'catalog' is empty\n"
        "    hint: add a line like 'publisher: Trésor du patrimoine'",
        id="empty-quoted-publisher",
    ),
    pytest.param(
        edited("title: Histoire de France", "title: ''"),
        "{file}:11:12: error: 'title' in a category is empty\n"
        "    hint: add a line like 'title: Histoire de France'",
        id="empty-quoted-category-title",
    ),
    pytest.param(
        edited("Diamètre: 41 mm", 'Diamètre: "  "'),
        "{file}:22:17: error: product 7505634: spec 'Diamètre' has no value\n"
        "    hint: write 'Diamètre: …' or remove the line",
        id="blank-quoted-spec-value",
    ),
    # -- outsize values ----------------------------------------------------------------------
    pytest.param(
        edited("price: 17,80", 'price: "999999999999999999999999999,99"'),
        "{file}:16:12: error: product 7505634: 'price' '999999999999999999999999999,99' "
        "is not a price in fr_FR\n"
        "    hint: a price must be under a trillion: write it like '1 299,80'",
        id="price-of-28-digits",
    ),
    pytest.param(
        edited("price: 17,80", "price: 1 000 000 000 000"),
        "{file}:16:12: error: product 7505634: 'price' '1 000 000 000 000' is not a price in fr_FR\n"
        "    hint: a price must be under a trillion: write it like '1 299,80'",
        id="price-of-a-trillion",
    ),
    pytest.param(
        edited("url: https://www.example.fr/7505634", f"url: {LONG_URL}b"),
        "{file}:18:10: error: product 7505634: 'url' 'https://www.example.fr/aaaaaaaaaaaaaaaaaaaaa…aaaaaaaaaaaaaab' "
        "is 2001 characters long; a web address may have at most 2000 (it becomes a QR code)\n"
        "    hint: give a shorter address for the same page",
        id="url-over-2000-characters",
    ),
    pytest.param(
        edited("reference: 7505634", "reference: " + "7" * 300),
        "{file}:13:16: error: 'reference' '" + "7" * 44 + "…" + "7" * 15 + "' is 300 "
        "characters long; a reference may have at most 64 (it names the sheet's file)\n"
        "    hint: shorten it",
        id="reference-of-300-characters",
    ),
    pytest.param(
        edited("    page_size: A4", "    margin: 200 mm"),
        "{file}:8:13: error: 'margin' '200 mm' leaves less than 60 mm for the text on A4 "
        "(210 × 297 mm)\n"
        "    hint: use a margin of at most 75 mm on A4",
        id="margin-wider-than-the-page",
    ),
    pytest.param(
        edited("    page_size: A4", "    margin: 99999999999999999999999 mm"),
        "{file}:8:13: error: 'margin' '99999999999999999999999 mm' leaves less than 60 mm for "
        "the text on A4 (210 × 297 mm)\n"
        "    hint: use a margin of at most 75 mm on A4",
        id="margin-of-23-digits",
    ),
    pytest.param(
        edited("    page_size: A4", "    page_size: A5\n    margin: 45 mm"),
        "{file}:9:13: error: 'margin' '45 mm' leaves less than 60 mm for the text on A5 "
        "(148 × 210 mm)\n"
        "    hint: use a margin of at most 44 mm on A5",
        id="margin-too-wide-for-a5",
    ),
    # -- email templates: fields take no format ---------------------------------------------
    pytest.param(
        edited("  theme:", '  email:\n    subject: "{price:.2f}"\n    body: "{title}"\n  theme:'),
        "{file}:8:14: error: the subject of the email gives a format to the field {price:.2f}\n"
        "    hint: fields take no format: write {price}",
        id="email-field-with-a-format-spec",
    ),
    pytest.param(
        edited("  theme:", '  email:\n    subject: "{title}"\n    body: "{title!r}"\n  theme:'),
        "{file}:9:11: error: the body of the email gives a format to the field {title!r}\n"
        "    hint: fields take no format: write {title}",
        id="email-field-with-a-conversion",
    ),
    # -- spot colours whose name would corrupt the PDF --------------------------------------
    pytest.param(
        edited("    page_size: A4", "    accent_color: spot(HKS 43/K, 0,80,0,0)"),
        "{file}:8:19: error: 'accent_color' 'spot(HKS 43/K, 0,80,0,0)' is not a colour\n"
        "    hint: write '#7b2d26' (quoted: # starts a comment), 'cmyk(0, 80, 75, 45)' or "
        "'spot(Name, 0, 80, 75, 45)'",
        id="spot-name-with-a-slash",
    ),
    # -- messages that give the real reason -------------------------------------------------
    pytest.param(
        edited("currency: EUR", "currency: JPY", edited("price: 17,80", 'price: "1299,50"')),
        "{file}:16:12: error: product 7505634: 'price' '1299,50' is not a price in fr_FR\n"
        "    hint: JPY has 0 decimals: write it like '1 299'",
        id="yen-with-decimals",
    ),
    pytest.param(
        edited("currency: EUR", "currency: JPY", edited("price: 17,80", "price: 12O0")),
        "{file}:16:12: error: product 7505634: 'price' '12O0' is not a price in fr_FR\n"
        "    hint: write it like '1 299'",
        id="yen-price-gets-a-yen-example",
    ),
    pytest.param(
        edited("  currency: EUR\n", "  currency: EUR\n  locales: {a: b}\n"),
        "{file}:6:12: error: 'locales' must be a list of locales such as [fr_FR, en_GB]",
        id="locales-as-a-mapping",
    ),
    pytest.param(
        edited("  currency: EUR\n", "  currency: EUR\n  locales: []\n"),
        "{file}:6:12: error: 'locales' must be a list of locales such as [fr_FR, en_GB]",
        id="locales-empty-list",
    ),
    pytest.param(
        edited("    page_size: A4", "    brochure_profile: screen\n    pdfx: yes"),
        "{file}:9:11: error: PDF/X is for the print profile, and the brochure is set to screen\n"
        "    hint: set 'brochure_profile: print', or remove 'pdfx: yes'",
        id="pdfx-with-a-screen-brochure",
    ),
    # -- years are written in full ----------------------------------------------------------
    pytest.param(
        edited(
            "locale: fr_FR", "locale: de_DE", edited("updated: 08/08/2017", "updated: 08.08.99")
        ),
        "{file}:17:14: error: product 7505634: 'updated' '08.08.99' is not a date in de_DE\n"
        "    hint: write it like 25.08.2017 (dd.MM.y) or as 2017-08-25",
        id="german-date-with-a-two-digit-year",
    ),
    pytest.param(
        edited(
            "locale: fr_FR",
            "locale: en_US",
            edited(
                "currency: EUR", "currency: USD", edited("updated: 08/08/2017", "updated: 8/8/99")
            ),
        ).replace("price: 17,80", "price: 17.80"),
        "{file}:17:14: error: product 7505634: 'updated' '8/8/99' is not a date in en_US\n"
        "    hint: write it like 8/25/2017 (M/d/y) or as 2017-08-25",
        id="american-date-with-a-two-digit-year",
    ),
    # -- text that cannot be printed, and text too long to be a name -----------------------
    pytest.param(
        edited("title: La Libération de Paris", 'title: "La Libération\\a de\\e Paris\\0"'),
        "{file}:14:26: error: the text holds the control characters U+0007, U+001B and U+0000, "
        "which cannot be printed\n"
        "    hint: remove the escape that writes it (such as \\a, \\e, \\0 or \\x07); in a "
        "path, separate folders with '/': in double quotes, '\\' starts an escape",
        id="bell-escape-nul-in-a-title",
    ),
    pytest.param(
        edited("title: La Libération de Paris", "title: " + "Libération " * 20),
        "{file}:14:12: error: product 7505634: 'title' is 219 characters long; it may have at "
        "most 200\n"
        "    hint: shorten it",
        id="title-of-219-characters",
    ),
    pytest.param(
        edited("title: La Libération de Paris", "title: " + "L" * 100_000),
        "{file}:14:12: error: product 7505634: 'title' is 100 000 characters long; it may have "
        "at most 200\n"
        "    hint: shorten it",
        id="title-of-100-000-characters",
    ),
    pytest.param(
        edited("      Diamètre: 41 mm", "      " + "Diamètre " * 15 + ": 41 mm"),
        "{file}:22:7: error: product 7505634: spec label 'Diamètre Diamètre Diamètre Diamètre Diamètre…amètre Diamètre' is "
        "134 characters long; a label may have at most 100\n"
        "    hint: shorten it, and put the rest in its value or the description",
        id="spec-label-of-134-characters",
    ),
    pytest.param(
        edited("      Diamètre: 41 mm", "      " + "Diamètre " * 333 + ": 41 mm"),
        "{file}:22:3004: error: a key of 2996 characters: YAML reads at most 1024 characters "
        "before the ':' of a key\n"
        "    hint: shorten it: a label or a name is a few words",
        id="spec-label-of-3000-characters",
    ),
    pytest.param(
        edited("      Le 25 août au matin, Paris se réveille.", "      " + "Paris " * 2000),
        "{file}:25: error: product 7505634: a paragraph of the description is 11 999 characters "
        "long; a paragraph may have at most 10 000\n"
        "    hint: separate its paragraphs with blank lines",
        id="paragraph-of-12000-characters",
    ),
    # -- long values are shortened where a message quotes them ------------------------------
    pytest.param(
        edited("category: histoire", "category: histoire" + "-et-patrimoine" * 3_500),
        "{file}:15:15: error: product 7505634: category 'histoire-et-patrimoine-et-patrimoine-et-"
        "patr…e-et-patrimoine' does not exist\n"
        "    hint: use one of the ids under 'categories': histoire",
        id="category-of-49-000-characters",
    ),
    pytest.param(
        edited("currency: EUR", "currency: " + "EURO" * 12_500),
        "{file}:5:13: error: unknown currency '" + "EURO" * 11 + "…" + "UROEUROEUROEURO'\n"
        "    hint: use an ISO 4217 code such as EUR, USD or GBP",
        id="currency-of-50-000-characters",
    ),
    pytest.param(
        edited("locale: fr_FR", "locale: fr_FR" + "_FR" * 16_000),
        "{file}:4:11: error: unknown locale 'fr_FR" + "_FR" * 13 + "…" + "_FR_FR_FR_FR_FR'\n"
        "    hint: use a language and country code such as fr_FR, en_GB or de_DE",
        id="locale-of-48-000-characters",
    ),
    # -- digits of other scripts: Python reads them as 0 to 9; a code, date or size must not --
    pytest.param(
        edited("ean13: 4006381333931", 'ean13: "٤٠٠٦٣٨١٣٣٣٩٣١"'),
        "{file}:19:12: error: product 7505634: 'ean13' '٤٠٠٦٣٨١٣٣٣٩٣١' holds the digit '٤' "
        "(U+0664 ARABIC-INDIC DIGIT FOUR): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="ean13-in-arabic-indic-digits",
    ),
    pytest.param(
        edited("ean13: 4006381333931", 'ean13: "40063813339３１"'),
        "{file}:19:12: error: product 7505634: 'ean13' '40063813339３１' holds the digit '３' "
        "(U+FF13 FULLWIDTH DIGIT THREE): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="ean13-ending-in-full-width-digits",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: ٠٨/٠٨/٢٠١٧"),
        "{file}:17:14: error: product 7505634: 'updated' '٠٨/٠٨/٢٠١٧' holds the digit '٠' "
        "(U+0660 ARABIC-INDIC DIGIT ZERO): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="date-in-arabic-indic-digits",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: ２０１７-08-08"),
        "{file}:17:14: error: product 7505634: 'updated' '２０１７-08-08' holds the digit '２' "
        "(U+FF12 FULLWIDTH DIGIT TWO): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="iso-date-with-a-full-width-year",
    ),
    pytest.param(
        edited("price: 17,80", "price: １７,８０"),
        "{file}:16:12: error: product 7505634: 'price' '１７,８０' holds the digit '１' "
        "(U+FF11 FULLWIDTH DIGIT ONE): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="price-in-full-width-digits",
    ),
    pytest.param(
        edited("    page_size: A4", "    margin: ١٨ mm"),
        "{file}:8:13: error: 'margin' '١٨ mm' holds the digit '١' "
        "(U+0661 ARABIC-INDIC DIGIT ONE): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="margin-in-arabic-indic-digits",
    ),
    pytest.param(
        edited("    page_size: A4", "    accent_color: cmyk(0, 8०, 75, 45)"),
        "{file}:8:19: error: 'accent_color' 'cmyk(0, 8०, 75, 45)' holds the digit '०' "
        "(U+0966 DEVANAGARI DIGIT ZERO): only the digits 0 to 9 are read\n" + OTHER_DIGITS_HINT,
        id="colour-with-a-devanagari-digit",
    ),
    pytest.param(
        edited("    page_size: A4", "    accent_color: spot(\u212aS 43, 0, 80, 0, 0)"),
        "{file}:8:19: error: 'accent_color' 'spot(\u212aS 43, 0, 80, 0, 0)' is not a colour\n"
        "    hint: write '#7b2d26' (quoted: # starts a comment), 'cmyk(0, 80, 75, 45)' or "
        "'spot(Name, 0, 80, 75, 45)'",
        id="spot-name-with-the-kelvin-sign",
    ),
    pytest.param(
        edited("url: https://www.example.fr/7505634", "url: httpſ://www.example.fr/7505634"),
        "{file}:18:10: error: product 7505634: 'url' 'httpſ://www.example.fr/7505634' is not a "
        "web address\n"
        "    hint: write a full address such as 'https://www.example.com/page'",
        id="url-with-a-long-s-for-its-s",
    ),
    pytest.param(
        edited("reference: 7505634", "reference: Ü-1"),
        "{file}:13:16: error: 'reference' 'Ü-1' may hold only ASCII letters (A to Z, a to z), "
        "digits, '.', '-' and '_' (it names the sheet's file)",
        id="reference-with-a-letter-outside-ascii",
    ),
]


@pytest.mark.parametrize(("content", "expected"), REFUSED)
def test_edge_input_is_refused_with_its_message(write_yaml, content, expected):
    path = write_yaml(content)
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert [str(p) for p in problems if p.is_error] == [placed(expected, path)]


@pytest.mark.parametrize(("content", "expected"), REFUSED)
def test_check_refuses_edge_input_with_exit_2_and_no_traceback(write_yaml, content, expected):
    path = write_yaml(content)
    result = run_sheets("check", path)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{placed(expected, path)}\n" in result.stderr


@pytest.mark.parametrize("reference", ['""', "[1]"], ids=["empty-quoted", "list"])
def test_product_without_a_usable_reference_stops_the_build(write_yaml, tmp_path, reference):
    path = write_yaml(edited("reference: 7505634", f"reference: {reference}"))
    out = tmp_path / "out"
    result = run_sheets("build", path, "-o", out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(outputs(out))


# -- the limits themselves are accepted ----------------------------------------------------


def test_price_just_under_a_trillion_is_read(write_yaml):
    catalog = load_clean(write_yaml, edited("price: 17,80", "price: 999 999 999 999,99"))
    assert catalog.products[0].price.amount == Decimal("999999999999.99")


def test_yen_price_without_decimals_is_read(write_yaml):
    text = edited("currency: EUR", "currency: JPY", edited("price: 17,80", "price: 1 299"))
    assert load_clean(write_yaml, text).products[0].price.amount == Decimal("1299")


def test_url_of_2000_characters_is_kept(write_yaml):
    text = edited("url: https://www.example.fr/7505634", f"url: {LONG_URL}")
    assert load_clean(write_yaml, text).products[0].url == LONG_URL


def test_reference_of_64_characters_is_kept(write_yaml):
    text = edited("reference: 7505634", "reference: " + "7" * 64)
    assert load_clean(write_yaml, text).products[0].reference == "7" * 64


def test_margin_leaving_60_mm_of_text_is_kept(write_yaml):
    catalog = load_clean(write_yaml, edited("    page_size: A4", "    margin: 75 mm"))
    assert catalog.theme.margin_mm == 75


def test_spot_colour_named_with_letters_digits_and_spaces_is_kept(write_yaml):
    text = edited("    page_size: A4", "    accent_color: spot(HKS 43 K, 0, 80, 0, 0)")
    assert load_clean(write_yaml, text).theme.accent_color == "spot(HKS 43 K, 0, 80, 0, 0)"


@pytest.mark.parametrize(
    ("value", "version"), [("yes", "x4"), ("x4", "x4"), ("X3", "x3"), ("no", "")]
)
def test_pdfx_with_the_print_brochure_is_kept(write_yaml, value, version):
    catalog = load_clean(write_yaml, edited("    page_size: A4", f"    pdfx: {value}"))
    assert catalog.theme.pdfx == version


def test_german_date_with_a_four_digit_year_is_read(write_yaml):
    text = edited(
        "locale: fr_FR", "locale: de_DE", edited("updated: 08/08/2017", "updated: 08.08.1999")
    )
    assert load_clean(write_yaml, text).products[0].updated == date(1999, 8, 8)


# -- an empty category is a warning --------------------------------------------------------


EMPTY_CATEGORY = edited("categories:\n", "categories:\n  - id: vide\n    title: Vide\n")


def test_category_without_products_is_a_warning_naming_it(write_yaml):
    path = write_yaml(EMPTY_CATEGORY)
    catalog, problems = load_catalog(path)
    assert catalog is not None
    assert [str(p) for p in problems] == [
        f"{path}:10:5: warning: category 'vide' has no products: it is left out of the brochure\n"
        "    hint: give a product 'category: vide', or remove the category"
    ]
    assert problems[0].severity is Severity.WARNING


def test_check_prints_the_empty_category_and_exits_0(write_yaml):
    path = write_yaml(EMPTY_CATEGORY)
    result = run_sheets("check", path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (
        f"{path}:10:5: warning: category 'vide' has no products: it is left out of the brochure\n"
        in result.stderr
    )


def test_misspelt_category_is_an_error_without_an_empty_category_warning(write_yaml):
    path = write_yaml(edited("category: histoire", "category: histoir"))
    _, problems = load_catalog(path)
    assert [p.message for p in problems] == ["category 'histoir' does not exist"]


def test_a_bleed_beyond_what_a_press_needs_is_refused(tmp_path):

    catalog = write_catalog(
        tmp_path, lambda data: data["catalog"].update(theme={"bleed": "99999999999999999 mm"})
    )
    result = run_sheets("check", catalog)
    assert result.exit_code == 2
    assert (
        "'bleed' '99999999999999999 mm' is more than a press needs (at most 20 mm)" in result.output
    )


def test_no_message_quotes_a_long_value_whole(write_yaml):
    """Values of 50 000 characters where the file has a key, a language code and a list: each
    message quotes them shortened, and stays a line."""
    text = edited("  currency: EUR\n", "  currency: EUR\n  ? " + "k" * 50_000 + "\n  : x\n")
    text = edited(
        "    title: La Libération de Paris",
        "    title:\n      ? " + "z" * 50_000 + "\n      : x",
        text,
    )
    text = text.replace("categories:\n", "categories: " + "c" * 50_000 + "\nnotes:\n")
    path = write_yaml(text)
    result = run_sheets("check", path)
    assert result.exit_code == 2, result.output
    assert max(len(line) for line in result.stderr.splitlines()) < len(str(path)) + 150
    for message in (
        "unknown key '" + "k" * 44 + "…" + "k" * 15 + "' in 'catalog'",
        "'" + "z" * 44 + "…" + "z" * 15 + "' in 'title' of the product is not a language code",
        "'categories' must be a list ('- id: …' items), found the text '" + "c" * 44 + "…",
    ):
        assert message in result.stderr
