"""The sample catalog.yaml at the root: it checks clean and builds completely, in French and
in English."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from pypdf import PdfReader

from sheets.catalog.load import load_catalog
from sheets.catalog.pictures import image_alt
from sheets.i18n.labels import labels_for
from sheets.names import brochure_filename, sheet_filename

from support import (
    SAMPLE,
    drawn_description,
    first_missing,
    fonts,
    image_resolutions,
    outline,
    run_sheets,
    smallest_font_size,
    text_outside_the_margins,
    words,
)

LOCALES = ("fr_FR", "en_GB")
FOUNDING_SHEET = "sheets/7505634-la-liberation-de-paris.fr_FR.pdf"
BROCHURE = "medailles-commemoratives.fr_FR.pdf"


@pytest.fixture(scope="module")
def editions():
    """The catalog as published in each of its locales."""
    loaded = {}
    for locale in LOCALES:
        catalog, problems = load_catalog(SAMPLE, locale)
        assert catalog is not None, problems
        assert problems == [], problems
        loaded[locale] = catalog
    return loaded


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "out"
    result = run_sheets("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    problems = [line for line in result.output.splitlines() if line.startswith(f"{SAMPLE}:")]
    assert problems == [], "no problem"
    # The press's own check, run at the end of a print build: photos are RGB until --pdfx.
    preflights = [line for line in result.output.splitlines() if line.startswith("preflight of")]
    assert len(preflights) == 2 and all(": 0 errors, 15 warnings" in line for line in preflights)
    return out


def test_sample_catalog_is_rich_enough(editions):
    french = editions["fr_FR"]
    assert french.locales == LOCALES
    assert len(french.products) >= 12 and len(french.categories) >= 3
    first = french.products[0]
    assert (first.reference, first.title, str(first.price.amount)) == (
        "7505634",
        "La Libération de Paris",
        "17.80",
    )
    assert editions["en_GB"].products[0].title == "The Liberation of Paris"
    assert all(product.images and product.description for product in french.products)


def test_check_passes_on_the_sample_catalog_with_every_text_translated():
    result = run_sheets("check", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "no errors, 0 warnings" in result.output
    assert "en_GB: every text translated" in result.output


def test_every_product_photo_is_described_in_each_language(editions):
    french, english = editions["fr_FR"].products, editions["en_GB"].products
    assert french[0].image_alts[0].startswith("Médaille argentée frappée de la croix de Lorraine")
    assert english[0].image_alts[0].startswith("Silver-coloured medal struck with the Cross")
    for locale, catalog in editions.items():
        labels = labels_for(locale)
        for product in catalog.products:
            assert len(product.image_alts) == len(product.images), product.reference
            for number, alt in enumerate(product.image_alts, 1):
                assert alt != image_alt(product.title, number, labels), (locale, product.reference)
    two = next(p for p in english if len(p.images) == 2)
    assert two.image_alts[1].startswith("Reverse of the silver coin, its face value €10")


def test_build_writes_both_editions(editions, out):
    for locale, catalog in editions.items():
        assert (out / brochure_filename(catalog, locale)).is_file()
        for product in catalog.products:
            assert (out / "sheets" / sheet_filename(product, locale)).is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_product_is_in_the_brochure_once_in_catalog_order(editions, out, locale):
    catalog = editions[locale]
    entries = outline(out / brochure_filename(catalog, locale))
    categories = [title for level, title, _ in entries if level == 0]
    products = [title for level, title, _ in entries if level == 1]
    indexes = [labels_for(locale)[name] for name in ("index_reference", "index_title")]
    assert categories == [c.title for c in catalog.categories] + indexes
    expected = [p.title for c in catalog.categories for p in catalog.products_in(c)]
    assert products == expected
    assert Counter(products) == Counter(p.title for p in catalog.products)
    pages = [page for _, _, page in entries]
    assert pages == sorted(pages)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_word_of_every_description_is_on_its_sheet(editions, out, locale):
    for product in editions[locale].products:
        text = "\n\n".join(product.description)
        sheet = out / "sheets" / sheet_filename(product, locale)
        assert words(drawn_description(sheet, text)) == words(text), product.reference


@pytest.mark.parametrize("locale", LOCALES)
def test_every_word_of_every_description_is_in_the_brochure_where_a_page_shows_it(
    editions, out, locale
):
    """Products laid out a page each show their whole description; cards and price lists are
    read in tests/render/test_layouts.py."""
    catalog = editions[locale]
    brochure = out / brochure_filename(catalog, locale)
    entries = outline(brochure)
    page_count = len(PdfReader(brochure).pages)
    starts: dict[str, int] = {}  # a title's first page: a miniature has its big one's title
    for level, title, page in entries:
        if level == 1:
            starts.setdefault(title, page)
    following = sorted(page for _, _, page in entries)
    paged = [
        p for p in catalog.products if catalog.layout_of(catalog.category(p.category)) == "page"
    ]
    assert len(paged) >= 12
    for product in paged:
        first = starts[product.title]
        last = next((page for page in following if page > first), page_count + 1) - 1
        text = "\n\n".join(product.description)
        drawn = drawn_description(brochure, text, range(first - 1, last))
        assert first_missing(words(text), words(drawn)) is None, product.reference


def test_founding_sheet_fits_one_page(out):
    assert len(PdfReader(out / FOUNDING_SHEET).pages) == 1


def test_long_description_runs_onto_a_continuation_page(editions, out):
    lengths = {
        p.reference: len(PdfReader(out / "sheets" / sheet_filename(p, "fr_FR")).pages)
        for p in editions["fr_FR"].products
    }
    assert max(lengths.values()) >= 2


def test_all_fonts_embedded_in_the_sample_brochure(out):
    used = fonts(out / BROCHURE)
    assert {"Vollkorn-Regular", "Vollkorn-Bold", "Lato-Regular", "Lato-Bold"} <= {
        name.split("+")[-1] for name in used
    }
    assert all(used.values()), used


def test_no_text_smaller_than_8_points(out):
    assert smallest_font_size(out / BROCHURE) >= 8
    assert smallest_font_size(out / FOUNDING_SHEET) >= 8


def test_no_text_outside_the_margins_of_any_page(out):
    assert text_outside_the_margins(out / BROCHURE, margin_pt=36) == []


def test_every_photo_prints_at_300_ppi_or_more(out):
    resolutions = image_resolutions(out / BROCHURE)
    assert len(resolutions) >= 17
    assert min(ppi for _, ppi in resolutions) >= 299.5, resolutions


def test_sheets_are_small_with_screen_resolution_photos(out):
    sheet = out / FOUNDING_SHEET
    assert sheet.stat().st_size < 150_000
    resolutions = image_resolutions(sheet)
    assert len(resolutions) == 1 and 140 <= resolutions[0][1] <= 155, resolutions


@pytest.mark.parametrize("locale", LOCALES)
def test_no_line_of_a_description_starts_with_closing_punctuation(editions, out, locale):
    long = [p for p in editions[locale].products if len("".join(p.description)) > 1000]
    assert len(long) >= 10
    for product in long:
        text = "\n\n".join(product.description)
        drawn = drawn_description(out / "sheets" / sheet_filename(product, locale), text)
        lines = [line.strip() for line in re.split(r"[\r\n]+", drawn) if line.strip()]
        assert len(lines) > 5
        assert not [line for line in lines if line[0] in ":;!?»"], product.reference
        assert not [line for line in lines if line.endswith("«")], product.reference


def test_french_text_is_set_with_spaces_before_colons_and_typographic_apostrophes(out):
    # (Extractors give the no-break space back as a space; the laid-out lines keep it:
    # tests/i18n/test_typography.py.)
    text = "\n".join(page.extract_text() for page in PdfReader(out / FOUNDING_SHEET).pages)
    assert "1er août 1944 : la défaite allemande" in text.replace("\u00a0", " ")
    assert "l’heure" in text and "l'heure" not in text
