"""Variants and shop prices as the catalog writes them: read to exact values, and every mistake
found at its line with a hint (`sheets check`: exit 2 for errors, 0 for warnings)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sheets.catalog.load import load_catalog
from sheets.errors import Severity
from sheets.i18n.formats import parse_price
from sheets.model import Price

from support import edited, load_clean, run_sheets

VARIANTS = """\
    price: 17,80
    variants:
      - reference: 7505634-B
        Métal: bronze
        Diamètre: 41 mm
        ean: "3760123002011"
      - reference: 7505634-A
        Métal: argent
        Diamètre: 41 mm
        price: 89,00
        old_price: 99,00
        available: no
      - reference: 7505634-O
        Métal: or
        Diamètre: 41 mm
        price: on request
        ean: "036000291452"
"""


def with_variants(variants: str = VARIANTS) -> str:
    return edited("    price: 17,80\n", variants)


def problems_of(write_yaml, text: str, severity: Severity) -> list[str]:
    path = write_yaml(text)
    _, problems = load_catalog(path)
    return [str(p).replace(f"{path}:", "catalog.yaml:") for p in problems if p.severity is severity]


def test_variants_are_read_with_their_own_or_their_products_price(write_yaml):
    product = load_clean(write_yaml, with_variants()).products[0]
    bronze, silver, gold = product.variants
    assert [v.reference for v in product.variants] == ["7505634-B", "7505634-A", "7505634-O"]
    assert bronze.price == Price(Decimal("17.80"), "EUR")  # the product's
    assert silver.price == Price(Decimal("89.00"), "EUR")
    assert silver.old_price == Price(Decimal("99.00"), "EUR") and not silver.available
    assert gold.price is None  # on request
    assert bronze.attributes == (("Métal", "bronze"), ("Diamètre", "41 mm"))
    assert (bronze.ean, gold.ean) == ("3760123002011", "036000291452")  # EAN-13 and UPC-A
    # The product is offered from its lowest price.
    assert product.price == Price(Decimal("17.80"), "EUR") and product.price_from
    assert product.references == ("7505634", "7505634-B", "7505634-A", "7505634-O")


def test_a_product_whose_variants_give_their_prices_needs_none(write_yaml):
    text = with_variants(
        "    variants:\n"
        "      - {reference: V1, Taille: S, price: '12,00'}\n"
        "      - {reference: V2, Taille: M, price: '12,00'}\n"
    )
    product = load_clean(write_yaml, text).products[0]
    assert product.price == Price(Decimal("12.00"), "EUR") and not product.price_from


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (
            "      - {reference: 7505634, Taille: S}\n",
            "catalog.yaml:{line}:21: error: product 7505634: duplicate reference '7505634' "
            "(first used on line 13)\n    hint: each product and each variant needs its own "
            "reference",
        ),
        (
            "      - {reference: V1, Taille: S}\n      - {reference: V1, Taille: M}\n",
            "catalog.yaml:{next}:21: error: product 7505634: duplicate reference 'V1' "
            "(first used on line {line})\n    hint: each product and each variant needs its "
            "own reference",
        ),
        (
            "      - {reference: V1, Taille: S, price: '12,00 $'}\n",
            "catalog.yaml:{line}:43: error: product 7505634: 'price' '12,00 $' is written in "
            "'$', and the catalog's prices are in EUR\n    hint: write it in EUR; a catalog has "
            "one currency ('currency' in 'catalog')",
        ),
        (
            "      - {reference: V1, Taille: S, price: 12.00 USD}\n",
            "catalog.yaml:{line}:43: error: product 7505634: 'price' '12.00 USD' is written in "
            "USD, and the catalog's prices are in EUR\n    hint: write it in EUR; a catalog has "
            "one currency ('currency' in 'catalog')",
        ),
        (
            "      - {reference: V1, Taille: S, ean: '3760123002012'}\n",
            "catalog.yaml:{line}:41: error: product 7505634: 'ean' '3760123002012' has a wrong "
            "check digit: expected 1, found 2\n    hint: check the code; with these first 12 "
            "digits it is 3760123002011",
        ),
        (
            "      - {reference: V1, Taille: S, available: maybe}\n",
            "catalog.yaml:{line}:47: error: product 7505634: 'available' 'maybe' is not yes or "
            "no\n    hint: write 'available: no' or remove the line",
        ),
    ],
    ids=["variant-named-as-a-product", "variant-twice", "other-sign", "other-code", "ean", "bool"],
)
def test_bad_variants_are_errors_at_their_place(write_yaml, variants, expected):
    text = with_variants("    price: 17,80\n    variants:\n" + variants)
    line = text.splitlines().index(variants.splitlines()[0]) + 1
    errors = problems_of(write_yaml, text, Severity.ERROR)
    assert errors == [expected.format(line=line, next=line + 1)]
    result = run_sheets("check", write_yaml(text))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_variant_without_a_price_names_where_to_give_it(write_yaml):
    text = with_variants("    variants:\n      - {reference: V1, Taille: S}\n")
    line = text.splitlines().index("      - {reference: V1, Taille: S}") + 1
    assert problems_of(write_yaml, text, Severity.ERROR) == [
        f"catalog.yaml:{line}:9: error: product 7505634: variant 'V1' has no price\n"
        "    hint: add 'price: …' to the variant, or to the product for all its variants"
    ]


def test_a_variant_lacking_an_attribute_and_a_misspelt_key_are_warnings(write_yaml):
    text = with_variants(
        "    price: 17,80\n    variants:\n"
        "      - {reference: V1, Taille: S, Couleur: vert}\n"
        "      - {reference: V2, Taille: M, prise: '12,00'}\n"
    )
    lines = text.splitlines()
    second = lines.index("      - {reference: V2, Taille: M, prise: '12,00'}") + 1
    assert problems_of(write_yaml, text, Severity.WARNING) == [
        f"catalog.yaml:{second - 1}: warning: product 7505634: variant 'V1' has no 'prise', "
        "which other variants of the product have\n    hint: add 'prise: …' to it",
        f"catalog.yaml:{second}:36: warning: product 7505634: 'prise' is read as an attribute "
        "of the variant\n    hint: did you mean 'price'?",
        f"catalog.yaml:{second}: warning: product 7505634: variant 'V2' has no 'Couleur', "
        "which other variants of the product have\n    hint: add 'Couleur: …' to it",
    ]


@pytest.mark.parametrize(
    ("lines", "per", "amount"),
    [
        ("    net_quantity: 250 g\n", "kg", "71.20"),
        ("    net_quantity: 0,75 l\n", "l", "23.73"),  # 17,80 / 0,75 = 23,7333…
        ("    net_quantity: 50 cl\n", "l", "35.60"),
        ("    unit_price: {per: 100 g, amount: '7,12'}\n", "100 g", "7.12"),
        ("    unit_price:\n      per: l\n      amount: 7,12\n", "l", "7.12"),
    ],
)
def test_unit_prices_are_given_or_worked_out_to_the_cent(write_yaml, lines, per, amount):
    text = edited("    price: 17,80\n", "    price: 17,80\n" + lines)
    unit = load_clean(write_yaml, text).products[0].unit_price
    assert (unit.per, unit.price.amount) == (per, Decimal(amount))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("    net_quantity: a bit\n", "'net_quantity' 'a bit' is not a quantity"),
        ("    net_quantity: 0 g\n", "'net_quantity' '0 g' is not a quantity"),
        (
            "    net_quantity: 1 kg\n    unit_price: {per: kg, amount: 17,80}\n",
            "the product has both 'unit_price' and 'net_quantity'",
        ),
        ("    unit_price: {per: pound, amount: '3,00'}\n", "'per' 'pound' is not a unit"),
        ("    unit_price: 3,00\n", "'unit_price' must be a mapping, found the text '3,00'"),
        ("    net_quantity: 0,000000000000000000000000001 mg\n", "a trillion or more"),
        # In braces, a comma ends the value: the hint says to quote the amount.
        ("    unit_price: {per: kg, amount: 3,00}\n", "inside braces a comma ends a value"),
        ("    variants:\n      - {reference: V1, price: 12,50}\n", "inside braces a comma"),
    ],
)
def test_bad_unit_prices_are_errors(write_yaml, lines, message):
    text = edited("    price: 17,80\n", "    price: 17,80\n" + lines)
    errors = problems_of(write_yaml, text, Severity.ERROR)
    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize("written", ["on request", "On request", "sur demande", "Sur demande"])
def test_a_price_on_request_is_written_in_english_or_the_catalogs_words(write_yaml, written):
    text = edited("    price: 17,80\n", f"    price: {written}\n")
    product = load_clean(write_yaml, text).products[0]
    assert product.price is None and not product.variants


def test_the_catalog_says_whether_prices_include_vat(write_yaml):
    text = edited("  currency: EUR\n", "  currency: EUR\n  taxes: included\n")
    assert load_clean(write_yaml, text).taxes == "included"
    wrong = edited("  currency: EUR\n", "  currency: EUR\n  taxes: TTC\n")
    assert problems_of(write_yaml, wrong, Severity.ERROR) == [
        "catalog.yaml:6:10: error: 'taxes' 'TTC' is not 'included' or 'excluded'\n"
        "    hint: write 'taxes: included' (prices with VAT) or 'taxes: excluded'"
    ]


def test_check_counts_the_variants(write_yaml):
    result = run_sheets("check", write_yaml(with_variants()))
    assert result.exit_code == 0
    assert ": 1 product (3 variants) in 1 category, no errors, 0 warnings" in result.output


@pytest.mark.parametrize(
    ("written", "locale", "currency", "amount"),
    [
        ("17,80 €", "fr_FR", "EUR", "17.80"),
        ("17,80 EUR", "fr_FR", "EUR", "17.80"),
        ("¥1,299", "ja_JP", "JPY", "1299"),
        ("￥1,299", "ja_JP", "JPY", "1299"),  # the full-width sign Babel writes in ja_JP
        ("US$8.90", "en_US", "USD", "8.90"),
        ("1500.00", "en_US", "JPY", "1500"),  # an export's zero decimals, not yen's
        ("1,000.50", "en_US", "USD", "1000.50"),
    ],
)
def test_prices_are_read_with_the_marks_of_their_own_currency(written, locale, currency, amount):
    assert parse_price(written, locale, currency) == Decimal(amount)


@pytest.mark.parametrize(
    ("written", "currency", "refused"),
    [
        ("17,80 euros", "EUR", None),  # words are no amount, but EUR is no other currency
        ("17,80 $", "EUR", "is written in '$'"),
        ("17,80 USD", "EUR", "is written in USD"),
        ("1500,50", "JPY", "JPY has 0 decimals"),
        # A thousand as other locales write it, or one? Neither is guessed.
        ("1.000", "EUR", None),
        ("1.000", "JPY", None),
        ("1,000", "EUR", "EUR has 2 decimals"),
        ("2.500", "EUR", None),
    ],
)
def test_prices_in_other_currencies_or_with_too_many_decimals_are_refused(
    written, currency, refused
):
    with pytest.raises(ValueError) as caught:
        parse_price(written, "fr_FR", currency)
    if refused:
        assert refused in str(caught.value)
    else:
        assert "is written in" not in str(caught.value)


def test_a_net_quantity_is_read_in_the_locales_writing(write_yaml):
    text = edited("  locale: fr_FR\n  currency: EUR\n", "  locale: en_US\n  currency: USD\n")
    text = edited(
        "    price: 17,80\n", "    price: 8.90\n    net_quantity: 1,000 g\n", text
    ).replace("08/08/2017", "2017-08-08")
    unit = load_clean(write_yaml, text).products[0].unit_price
    assert (unit.per, unit.price.amount) == ("kg", Decimal("8.90"))  # 1,000 g is a kilogram
    # A thousand grams as other locales write them, or one gram? Neither is guessed.
    french = edited("    price: 17,80\n", "    price: 17,80\n    net_quantity: 1.000 g\n")
    errors = problems_of(write_yaml, french, Severity.ERROR)
    assert len(errors) == 1 and "'net_quantity' '1.000 g' is not a quantity in fr_FR" in errors[0]
    wrong = text.replace("1,000 g", "0,75 l")
    errors = problems_of(write_yaml, wrong, Severity.ERROR)
    assert len(errors) == 1 and "'net_quantity' '0,75 l' is not a quantity in en_US" in errors[0]
    assert "write it like '250 g' or '0.75 l'" in errors[0]


@pytest.mark.parametrize(
    "lines",
    [
        "    price: on request\n    unit_price: {per: kg, amount: '10,00'}\n",
        "    price: on request\n    net_quantity: 1 kg\n",
        "    price: 5,00\n    net_quantity: 250 ml\n    variants:\n"
        "      - {reference: V1, Taille: S}\n      - {reference: V2, Taille: M, price: '50,00'}\n",
    ],
    ids=["given-on-request", "worked-out-on-request", "variants-at-other-prices"],
)
def test_a_unit_price_needs_the_one_price_the_product_is_sold_at(write_yaml, lines):
    errors = problems_of(write_yaml, edited("    price: 17,80\n", lines), Severity.ERROR)
    assert (
        len(errors) == 1 and "has no one price that a unit price could be given for" in (errors[0])
    )


@pytest.mark.parametrize(
    ("key", "message", "hint"),
    [
        ("ean13: '3760123456780'", "'ean13' is a product's key, not a variant's", "is 'ean'"),
        ("net_quantity: 1 kg", "'net_quantity' is a product's key", "give it to the product"),
        ("Price: '99,00'", "'Price' is the variant's 'price' in capitals", "write 'price'"),
    ],
)
def test_a_products_key_in_a_variant_is_an_error_not_an_attribute(write_yaml, key, message, hint):
    text = with_variants(f"    price: 17,80\n    variants:\n      - {{reference: V1, {key}}}\n")
    errors = problems_of(write_yaml, text, Severity.ERROR)
    assert len(errors) == 1 and message in errors[0] and hint in errors[0], errors


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        ("    price: 17,80\n    old_price: 17,80\n", "it is not above the price"),
        ("    price: 17,80\n    old_price: 9,00\n", "it is not above the price"),
        ("    price: on request\n    old_price: 20,00\n", "the price is on request"),
        (
            "    price: 17,80\n    variants:\n      - reference: V1\n        Taille: S\n"
            "        price: 30,00\n        old_price: on request\n",
            "it is on request",
        ),
    ],
)
def test_an_old_price_that_would_not_be_shown_is_a_warning(write_yaml, lines, why):
    warnings = problems_of(write_yaml, edited("    price: 17,80\n", lines), Severity.WARNING)
    assert (
        [w for w in warnings if "old_price" in w]
        == [w for w in warnings if f"'old_price' is not shown: {why}" in w]
        != []
    )
