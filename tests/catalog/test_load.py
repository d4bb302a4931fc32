"""Loading a catalog (load.py and the readers): values mean what was written, and every problem
is found, placed and explained; the same tables through `sheets check`, on stderr with exit 2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sheets.catalog.load import load_catalog
from sheets.errors import Severity, shown
from sheets.model import Spec

from support import (
    BASE_YAML,
    EPOCH,
    FIXTURES,
    PHOTO,
    assert_refused_without_traceback,
    edited,
    load_clean,
    run_sheets,
    write_catalog,
)

SECOND_PRODUCT = """\
  - reference: 7510001
    title: Le sacre de Napoléon
    category: histoire
    price: 45,00
    images: [{file: images/7505634.jpg, alt: Médaille au profil de Napoléon}]
    description: Le 2 décembre 1804, à Notre-Dame.
"""


def messages(path: Path, problems, severity: Severity) -> list[str]:
    return [str(p) for p in problems if p.severity is severity]


def expected_text(template: str, path: Path) -> str:
    return template.format(file=path, folder=path.parent)


# -- the founding example ------------------------------------------------------------------


def test_founding_example_loads_exactly_as_written():
    catalog, problems = load_catalog(FIXTURES / "founding.yaml")

    assert problems == []
    assert (catalog.title, catalog.publisher, catalog.locale, catalog.currency) == (
        "Médailles commémoratives",
        "Trésor du patrimoine",
        "fr_FR",
        "EUR",
    )
    assert [(c.id, c.title) for c in catalog.categories] == [("histoire", "Histoire de France")]
    [product] = catalog.products
    assert product.reference == "7505634" and type(product.reference) is str
    assert product.title == "La Libération de Paris"
    assert product.category == "histoire"
    assert type(product.price.amount) is Decimal
    assert product.price.amount == Decimal("17.80") and str(product.price.amount) == "17.80"
    assert product.price.currency == "EUR"
    assert product.updated == date(2017, 8, 8)
    assert product.specs == (
        Spec("Métal", "métaux communs"),
        Spec("Diamètre", "41 mm"),
        Spec("Poids", "31 g"),
        Spec("Tranche", "cannelée"),
        Spec("Présentation", "sous capsule"),
    )
    assert product.images == (PHOTO,)
    assert product.images[0].is_file()
    assert product.description == (
        "1er août 1944 : la défaite allemande se précise de jour en jour…",
        "Le 25 août au matin, Paris se réveille…",
    )


# -- values mean what was written ----------------------------------------------------------


def test_reference_with_leading_zero_is_kept(write_yaml):
    catalog = load_clean(write_yaml, edited("reference: 7505634", "reference: 0750"))
    assert catalog.products[0].reference == "0750"


def test_title_no_stays_text_not_a_boolean(write_yaml):
    catalog = load_clean(write_yaml, edited("title: La Libération de Paris", "title: NO"))
    assert catalog.products[0].title == "NO"


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("17,80", "17.80"),
        ("1 299,00", "1299.00"),
        ("1\u202f299,00", "1299.00"),  # the narrow no-break space CLDR gives for French
        ("17,80 €", "17.80"),
        ("17,80 EUR", "17.80"),
    ],
)
def test_french_price_is_read_as_written(write_yaml, written, amount):
    catalog = load_clean(write_yaml, edited("price: 17,80", f"price: {written}"))
    price = catalog.products[0].price
    assert type(price.amount) is Decimal
    assert (str(price.amount), price.currency) == (amount, "EUR")


def test_american_catalog_reads_american_prices_and_dates(write_yaml):
    text = edited("locale: fr_FR", "locale: en_US")
    text = edited("currency: EUR", "currency: USD", text)
    text = edited("price: 17,80", "price: 1,299.00", text)
    text = edited("updated: 08/08/2017", "updated: 8/25/2017", text)

    product = load_clean(write_yaml, text).products[0]

    assert (str(product.price.amount), product.price.currency) == ("1299.00", "USD")
    assert product.updated == date(2017, 8, 25)


@pytest.mark.parametrize("locale", ["fr_FR", "en_US", "de_DE"])
def test_iso_date_is_understood_in_any_locale(write_yaml, locale):
    text = edited("locale: fr_FR", f"locale: {locale}")
    text = edited("price: 17,80", "price: 17", text)
    text = edited("updated: 08/08/2017", "updated: 2017-08-25", text)
    assert load_clean(write_yaml, text).products[0].updated == date(2017, 8, 25)


DESCRIBED = """\
    description: |
      Le 25 août au matin,
      Paris se réveille.

      Les chars entrent
      par la porte d'Orléans.


      Von Choltitz signe la reddition.
"""


def test_blank_lines_separate_paragraphs_and_single_newlines_are_spaces(write_yaml):
    text = BASE_YAML[: BASE_YAML.index("    description:")] + DESCRIBED
    catalog = load_clean(write_yaml, text)
    assert catalog.products[0].description == (
        "Le 25 août au matin, Paris se réveille.",
        "Les chars entrent par la porte d'Orléans.",
        "Von Choltitz signe la reddition.",
    )


@pytest.mark.parametrize(
    "written",
    [
        "description: >\n      Le 25 août\n      au matin.\n\n      Paris se réveille.\n",
        "description: Le 25 août\n      au matin.\n\n      Paris se réveille.\n",
        'description: "Le 25 août\n      au matin.\n\n      Paris se réveille."\n',
    ],
    ids=["folded", "plain", "quoted"],
)
def test_paragraphs_survive_every_way_of_writing_a_long_text(write_yaml, written):
    text = BASE_YAML[: BASE_YAML.index("    description:")] + "    " + written
    catalog = load_clean(write_yaml, text)
    assert catalog.products[0].description == ("Le 25 août au matin.", "Paris se réveille.")


# -- bad inputs: each gives one error, placed, worded and with a hint ----------------------


BAD_INPUTS = [
    pytest.param(
        BASE_YAML + "produts: []\n",
        "{file}:28:1: error: unknown key 'produts' in the file\n    hint: did you mean 'products'?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        edited("  currency: EUR\n", "  currency: EUR\n  edtion: 2024\n"),
        "{file}:6:3: error: unknown key 'edtion' in 'catalog'\n    hint: did you mean 'edition'?",
        id="unknown-catalog-key",
    ),
    pytest.param(
        edited("    title: Histoire de France\n", "    title: Histoire de France\n    intor: x\n"),
        "{file}:12:5: error: unknown key 'intor' in a category\n    hint: did you mean 'intro'?",
        id="unknown-category-key",
    ),
    pytest.param(
        edited("    description: |", "    descripton: |"),
        "{file}:24:5: error: product 7505634: unknown key 'descripton' in the product\n"
        "    hint: did you mean 'description'?",
        id="unknown-product-key",
    ),
    pytest.param(
        edited("    page_size: A4", "    pagesize: A4"),
        "{file}:8:5: error: unknown key 'pagesize' in 'theme'\n    hint: did you mean 'page_size'?",
        id="unknown-theme-key",
    ),
    pytest.param(
        edited("  title: Médailles commémoratives\n", ""),
        "{file}:2:3: error: missing required key 'title' in 'catalog'\n"
        "    hint: add a line like 'title: Médailles commémoratives'",
        id="missing-catalog-title",
    ),
    pytest.param(
        edited("    price: 17,80\n", ""),
        "{file}:13:5: error: product 7505634: missing required key 'price' in the product\n"
        "    hint: add a line like 'price: 1 299,80', or its 'variants' with theirs",
        id="missing-product-price",
    ),
    pytest.param(
        edited("    price: 17,80\n", "    price: 17,80\n    price: 18,00\n"),
        "{file}:17:5: error: product 7505634: duplicate key 'price' in the product "
        "(first given on line 16)\n"
        "    hint: remove one of them: YAML would silently keep only the last",
        id="duplicate-key-in-product",
    ),
    pytest.param(
        edited("      Diamètre: 41 mm\n", "      Diamètre: 41 mm\n      Diamètre: 42 mm\n"),
        "{file}:23:7: error: product 7505634: duplicate key 'Diamètre' in the specs of the product "
        "(first given on line 22)\n"
        "    hint: remove one of them: YAML would silently keep only the last",
        id="duplicate-spec",
    ),
    pytest.param(
        BASE_YAML + SECOND_PRODUCT.replace("7510001", "7505634"),
        "{file}:28:5: error: product 7505634: duplicate reference '7505634' (first used on line 13)\n"
        "    hint: each product needs its own reference",
        id="duplicate-reference",
    ),
    pytest.param(
        edited("category: histoire", "category: histoir"),
        "{file}:15:15: error: product 7505634: category 'histoir' does not exist\n"
        "    hint: did you mean 'histoire'?",
        id="unknown-category",
    ),
    pytest.param(
        edited("price: 17,80", "price: 17,8O"),
        "{file}:16:12: error: product 7505634: 'price' '17,8O' is not a price in fr_FR\n"
        "    hint: write it like '1 299,80'",
        id="price-with-letter-o",
    ),
    pytest.param(
        edited("price: 17,80", "price: 1e3"),
        "{file}:16:12: error: product 7505634: 'price' '1e3' is not a price in fr_FR\n"
        "    hint: write it like '1 299,80'",
        id="price-in-scientific-notation",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: 31/02/2017"),
        "{file}:17:14: error: product 7505634: 'updated' '31/02/2017' is not a day of the "
        "calendar: February 2017 has 28 days\n"
        "    hint: check the day and the month",
        id="date-that-does-not-exist",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: 2024-02-30"),
        "{file}:17:14: error: product 7505634: 'updated' '2024-02-30' is not a day of the "
        "calendar: February 2024 has 29 days\n"
        "    hint: check the day and the month",
        id="iso-date-that-does-not-exist",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: hier"),
        "{file}:17:14: error: product 7505634: 'updated' 'hier' is not a date in fr_FR\n"
        "    hint: write it like 25/08/2017 (dd/MM/y) or as 2017-08-25",
        id="date-in-words",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: 8/25/2017"),
        "{file}:17:14: error: product 7505634: 'updated' '8/25/2017' is not a date in fr_FR\n"
        "    hint: write it like 25/08/2017 (dd/MM/y) or as 2017-08-25",
        id="american-date-in-a-french-catalog",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: 8/8/201"),
        "{file}:17:14: error: product 7505634: 'updated' '8/8/201' is not a date in fr_FR\n"
        "    hint: write it like 25/08/2017 (dd/MM/y) or as 2017-08-25",
        id="date-with-a-digit-missing-from-the-year",
    ),
    pytest.param(
        edited("locale: fr_FR", "locale: xx_YY"),
        "{file}:4:11: error: unknown locale 'xx_YY'\n"
        "    hint: use a language and country code such as fr_FR, en_GB or de_DE",
        id="unknown-locale",
    ),
    pytest.param(
        edited("currency: EUR", "currency: EUROS"),
        "{file}:5:13: error: unknown currency 'EUROS'\n"
        "    hint: did you mean 'EUR'? Use an ISO 4217 code such as EUR, USD, GBP",
        id="unknown-currency",
    ),
    pytest.param(
        BASE_YAML[: BASE_YAML.index("products:")] + "products: []\n",
        "{file}:12:11: error: 'products' is empty: there is nothing to build\n"
        "    hint: add at least one product ('- reference: …')",
        id="empty-product-list",
    ),
    pytest.param(
        BASE_YAML[: BASE_YAML.index("products:")] + "products:\n",
        "{file}:12:10: error: 'products' in the file is empty",
        id="products-key-with-nothing",
    ),
    pytest.param(
        edited("      Diamètre: 41 mm", "      Diamètre:"),
        "{file}:22:16: error: product 7505634: spec 'Diamètre' has no value\n"
        "    hint: write 'Diamètre: …' or remove the line",
        id="spec-without-value",
    ),
    pytest.param(
        BASE_YAML.encode("latin-1"),
        "{file}:2:11: error: the file is not UTF-8 text (byte 0xe9 cannot be decoded)\n"
        "    hint: save the file as UTF-8 (most editors offer it under 'Save as… / Encoding')",
        id="latin-1-file",
    ),
    pytest.param(
        # One Latin-1 word in a UTF-8 file: the column counts the characters before it, not bytes.
        edited("de Paris\n", "de Paris @\n").encode().replace(b"@", b"\xe9t\xe9"),
        "{file}:14:35: error: the file is not UTF-8 text (byte 0xe9 cannot be decoded)\n"
        "    hint: save the file as UTF-8 (most editors offer it under 'Save as… / Encoding')",
        id="latin-1-byte-after-accented-letters",
    ),
    pytest.param(
        edited("title: La Libération de Paris", "title: La Libération: de Paris"),
        "{file}:14:25: error: YAML syntax error: mapping values are not allowed in this context\n"
        "    hint: a value containing ': ' must be quoted, or the indentation is off",
        id="yaml-syntax-error",
    ),
    pytest.param(
        edited("    title: La Libération", "  \ttitle: La Libération"),
        "{file}:14:3: error: tab character in indentation\n"
        "    hint: indent with spaces only (YAML does not allow tabs there)",
        id="tab-in-indentation",
    ),
    pytest.param(
        edited("de Paris", "de Pa\x00ris"),
        "{file}:14:31: error: the file contains the control character U+0000, "
        "which YAML does not allow\n"
        "    hint: delete it (most editors do not show it: retype the text around this place)",
        id="control-character",
    ),
    pytest.param(
        edited("images/7505634.jpg", "images/7505635.jpg"),
        "{file}:23:21: error: product 7505634: image 'images/7505635.jpg' not found\n"
        "    hint: paths are relative to the catalog's folder ({folder})",
        id="image-not-found",
    ),
    pytest.param(
        edited("images/7505634.jpg", "../x.jpg"),
        "{file}:23:21: error: product 7505634: image '../x.jpg' is outside the catalog's folder\n"
        "    hint: copy it into shop/ and give its path from there",
        id="image-escaping-the-folder",
    ),
    pytest.param(
        edited("images/7505634.jpg", str(PHOTO)),
        f"{{file}}:23:21: error: product 7505634: image {shown(str(PHOTO))} is outside the "
        "catalog's folder\n"
        "    hint: copy it into shop/ and give its path from there",
        id="image-absolute-path",
    ),
    pytest.param(
        edited("ean13: 4006381333931", "ean13: 4006381333932"),
        "{file}:19:12: error: product 7505634: 'ean13' '4006381333932' has a wrong check digit: "
        "expected 1, found 2\n"
        "    hint: check the code; with these first 12 digits it is 4006381333931",
        id="ean13-wrong-check-digit",
    ),
    pytest.param(
        edited("url: https://www.example.fr/7505634", "url: www.example.fr/7505634"),
        "{file}:18:10: error: product 7505634: 'url' 'www.example.fr/7505634' is not a web address\n"
        "    hint: write a full address such as 'https://www.example.com/page'",
        id="url-without-scheme",
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD_INPUTS)
def test_bad_input_gives_one_error_with_place_and_hint(write_yaml, content, expected):
    path = write_yaml(content)
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert messages(path, problems, Severity.ERROR) == [expected_text(expected, path)]


@pytest.mark.parametrize(("content", "expected"), BAD_INPUTS)
def test_check_prints_each_bad_input_to_stderr_and_exits_2(write_yaml, content, expected):
    path = write_yaml(content)
    result = run_sheets("check", path)
    assert_refused_without_traceback(result)
    assert f"{expected_text(expected, path)}\n" in result.stderr
    # A misspelt 'descripton' also leaves the product without a description: a warning.
    assert result.stderr.endswith(
        (f"{path}: 1 error, 0 warnings\n", f"{path}: 1 error, 1 warning\n")
    )
    assert result.stdout == ""


def test_base_catalog_of_the_table_is_clean(write_yaml):
    """Each bad input differs from this one by its edit only."""
    catalog = load_clean(write_yaml, BASE_YAML + SECOND_PRODUCT)
    assert [p.reference for p in catalog.products] == ["7505634", "7510001"]


def test_wrong_ean13_check_digit_names_product_and_expected_digit(tmp_path):
    def wrong(data):
        data["products"][0]["ean13"] = "3760123456783"

    catalog = write_catalog(tmp_path, wrong)
    result = run_sheets("check", catalog, env=EPOCH)
    assert result.exit_code == 2
    assert (
        "product 7505634: 'ean13' '3760123456783' has a wrong check digit: expected 4, found 3"
        in result.output
    )


# -- all problems in one run ---------------------------------------------------------------


FIVE_ERRORS = """\
catalog:
  title: Médailles commémoratives
  publisher: Trésor du patrimoine
  locale: fr_FR
  currency: EUR
categories:
  - id: histoire
    title: Histoire de France
products:
  - reference: A1
    title: Un
    category: histore
    price: 1,00
    images: [images/7505634.jpg]
    description: Un.
  - reference: A2
    title: Deux
    category: histoire
    images: [images/absente.jpg]
    price: 2,0O
    description: Deux.
  - reference: A3
    title: Trois
    category: histoire
    price: 3,00
    updated: hier
    images: [images/7505634.jpg]
    description: Trois.
  - reference: A4
    title: Quatre
    category: histoire
    price: 4,00
    images: [images/7505634.jpg]
    description: Quatre.
    couleur: bleu
"""


def test_every_error_of_the_file_is_reported_in_line_order(write_yaml):
    path = write_yaml(FIVE_ERRORS)
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert [(p.line, p.product, p.message) for p in problems] == [
        (12, "A1", "category 'histore' does not exist"),
        (14, None, "3 product images have no 'alt' text (A1, A3, A4)"),
        (19, "A2", "image 'images/absente.jpg' not found"),
        (20, "A2", "'price' '2,0O' is not a price in fr_FR"),
        (26, "A3", "'updated' 'hier' is not a date in fr_FR"),
        (35, "A4", "unknown key 'couleur' in the product"),
    ]


# -- warnings: the catalog still loads -----------------------------------------------------


WARNINGS = [
    pytest.param(
        edited(
            "      Les chars de la 2e DB entrent par la porte d'Orléans.\n",
            "      Les chars de la 2e DB entrent par la porte d'Orléans.\n\n"
            "      Le 25 août au matin,\n      Paris se réveille.\n",
        ),
        "{file}:29: warning: product 7505634: a paragraph of the description repeats the one on "
        "line 25 word for word\n"
        "    hint: delete the copy",
        id="repeated-paragraph",
    ),
    pytest.param(
        edited(
            "alt: Médaille à la croix de Lorraine}]",
            "alt: Médaille à la croix de Lorraine}, images/../images/7505634.jpg]",
        ),
        "{file}:23:80: warning: product 7505634: image 'images/../images/7505634.jpg' is listed "
        "twice\n"
        "    hint: remove the second mention",
        id="image-listed-twice",
    ),
    pytest.param(
        edited(
            "    images: [{file: images/7505634.jpg, alt: Médaille à la croix de Lorraine}]\n", ""
        ),
        "{file}:13:5: warning: product 7505634: no image\n    hint: add 'images: [images/….jpg]'",
        id="no-image",
    ),
    pytest.param(
        BASE_YAML[: BASE_YAML.index("    description:")],
        "{file}:13:5: warning: product 7505634: no description\n"
        "    hint: add 'description: |' followed by indented paragraphs",
        id="no-description",
    ),
    pytest.param(
        edited("price: 17,80", "price: 0,00"),
        "{file}:16:12: warning: product 7505634: 'price' is 0,00: the sheet will show a price of "
        "nothing\n"
        "    hint: write the product's price",
        id="price-of-nothing",
    ),
    pytest.param(
        edited("updated: 08/08/2017", "updated: 0001-01-01"),
        "{file}:17:14: warning: product 7505634: 'updated' is in the year 1: the sheet will say "
        "so\n"
        "    hint: check the year",
        id="updated-in-the-year-1",
    ),
]


@pytest.mark.parametrize(("content", "expected"), WARNINGS)
def test_warning_is_placed_and_the_catalog_still_loads(write_yaml, content, expected):
    path = write_yaml(content)
    catalog, problems = load_catalog(path)
    assert catalog is not None
    assert [str(p) for p in problems] == [expected_text(expected, path)]


@pytest.mark.parametrize(("content", "expected"), WARNINGS)
def test_check_prints_warnings_and_exits_0(write_yaml, content, expected):
    path = write_yaml(content)
    result = run_sheets("check", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == expected_text(expected, path) + "\n"
    assert result.stdout == f"{path}: 1 product in 1 category, no errors, 1 warning\n"


def test_repeated_paragraph_is_dropped_from_the_description(write_yaml):
    content = WARNINGS[0].values[0]
    catalog, _ = load_catalog(write_yaml(content))
    assert catalog.products[0].description == (
        "Le 25 août au matin, Paris se réveille.",
        "Les chars de la 2e DB entrent par la porte d'Orléans.",
    )


def test_duplicate_reference_is_found_even_when_the_copy_has_other_errors(write_yaml):
    copy = SECOND_PRODUCT.replace("7510001", "7505634").replace("45,00", "45,0O")
    path = write_yaml(BASE_YAML + copy)
    _, problems = load_catalog(path)
    errors = messages(path, problems, Severity.ERROR)
    assert any("duplicate reference '7505634' (first used on line 13)" in e for e in errors), errors
    assert any("'price' '45,0O' is not a price in fr_FR" in e for e in errors), errors


def test_price_with_more_decimals_than_the_currency_has_is_refused(write_yaml):
    path = write_yaml(edited("price: 17,80", "price: 17,805"))
    _, problems = load_catalog(path)
    assert [p.message for p in problems] == ["'price' '17,805' is not a price in fr_FR"]


def test_a_tab_inside_a_value_reads_as_a_space(write_yaml):
    path = write_yaml(edited("title: La Libération de Paris", "title: La Libération\tde Paris"))
    catalog, problems = load_catalog(path)
    assert problems == []
    assert catalog.products[0].title == "La Libération de Paris"
