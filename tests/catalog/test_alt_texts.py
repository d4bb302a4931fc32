"""Alternative texts of images (pictures.py): written as `{file, alt}` or derived, translated,
checked, and the one warning that counts the photos without one."""

from __future__ import annotations

from pathlib import Path

from sheets.catalog.keys import MAX_ALT
from sheets.catalog.load import load_catalog
from sheets.errors import Severity

from support import BASE_YAML, edited, load_clean, run_sheets, write_image

DESCRIBED = "images: [{file: images/7505634.jpg, alt: Médaille à la croix de Lorraine}]"


def with_images(written: str) -> str:
    return edited(f"    {DESCRIBED}\n", written)


def problems_of(path: Path, locale: str | None = None) -> list[str]:
    _, problems = load_catalog(path, locale)
    return [f"{p.line}:{p.column}: {p.severity}: {p.message} | {p.hint}" for p in problems]


def test_a_path_alone_is_read_as_before_and_its_alt_is_derived_in_the_catalogs_language(
    write_yaml,
):
    path = write_yaml(with_images("    images: [images/7505634.jpg]\n"))
    catalog, problems = load_catalog(path)
    (product,) = catalog.products
    assert product.images == (path.parent.resolve() / "images" / "7505634.jpg",)
    assert product.image_alts == ("La Libération de Paris, photo 1",)
    assert [(p.severity, p.message) for p in problems] == [
        (Severity.WARNING, "image 'images/7505634.jpg' has no 'alt' text")
    ]


def test_the_mapping_gives_the_file_and_its_alt(write_yaml):
    catalog = load_clean(write_yaml, BASE_YAML)
    assert catalog.products[0].image_alts == ("Médaille à la croix de Lorraine",)


def test_paths_and_mappings_mix_and_each_photo_gets_its_number(write_yaml, tmp_path):
    write_image(tmp_path / "shop" / "images" / "revers.jpg")
    path = write_yaml(
        with_images(
            "    images:\n"
            "      - images/7505634.jpg\n"
            "      - file: images/revers.jpg\n"
            "        alt: 'Revers : la croix de Lorraine'\n"
        )
    )
    catalog, _ = load_catalog(path)
    assert catalog.products[0].image_alts == (
        "La Libération de Paris, photo 1",
        "Revers : la croix de Lorraine",
    )


BILINGUAL = """\
catalog:
  title: Médailles commémoratives
  publisher: Trésor du patrimoine
  locale: fr_FR
  locales: [fr_FR, de_DE]
  currency: EUR
categories:
  - id: histoire
    title: {fr: Histoire de France, de: Geschichte Frankreichs}
    image: {file: images/7505634.jpg, alt: {fr: Une médaille, de: Eine Medaille}}
products:
  - reference: 7505634
    title: {fr: La Libération de Paris, de: Die Befreiung von Paris}
    category: histoire
    price: 17,80
    images:
      - file: images/7505634.jpg
        alt: {fr: Médaille à la croix de Lorraine, de: Medaille mit dem Lothringerkreuz}
      - images/../images/7505634.jpg
    description: {fr: Paris se réveille., de: Paris erwacht.}
"""


def test_a_translated_alt_is_read_in_the_published_language_and_a_derived_one_too(
    write_yaml, tmp_path
):
    # The second photo is the same file, named otherwise: listed twice, left out. A second
    # file gives the derived text its number.
    write_image(tmp_path / "shop" / "images" / "revers.jpg")
    path = write_yaml(BILINGUAL.replace("images/../images/7505634.jpg", "images/revers.jpg"))
    german, _ = load_catalog(path, "de_DE")
    assert german.products[0].image_alts == (
        "Medaille mit dem Lothringerkreuz",
        "Die Befreiung von Paris, Foto 2",
    )
    assert german.categories[0].image_alt == "Eine Medaille"
    french, _ = load_catalog(path)
    assert french.products[0].image_alts[1] == "La Libération de Paris, photo 2"


def test_category_cover_and_logo_images_get_derived_alts(write_yaml):
    path = write_yaml(
        edited(
            "  currency: EUR\n",
            "  currency: EUR\n  cover_image: images/7505634.jpg\n",
            edited("    title: Histoire de France\n", "    title: Histoire de France\n"
                   "    image: images/7505634.jpg\n"),
        )
    )  # fmt: skip
    catalog = load_clean(lambda text: path, "")
    assert catalog.cover_image_alt == "Photo : Médailles commémoratives"
    assert catalog.categories[0].image_alt == "Photo : Histoire de France"
    assert catalog.logo is None and catalog.logo_alt is None


def test_an_unknown_key_of_an_image_is_an_error_with_a_guess(write_yaml):
    path = write_yaml(edited("alt: Médaille", "atl: Médaille"))
    assert problems_of(path)[0] == (
        "23:41: error: unknown key 'atl' in an image | did you mean 'alt'?"
    )


def test_an_image_without_its_file_is_an_error(write_yaml):
    path = write_yaml(edited("file: images/7505634.jpg, ", ""))
    assert problems_of(path) == [
        "23:14: error: missing required key 'file' in an image "
        "| add a line like 'file: images/7505634.jpg'",
    ]


def test_an_alt_too_long_is_an_error_naming_the_limit(write_yaml):
    path = write_yaml(edited("alt: Médaille à la croix de Lorraine", "alt: " + "m" * (MAX_ALT + 1)))
    assert problems_of(path) == [
        f"23:46: error: 'alt' is {MAX_ALT + 1} characters long; it may have at most {MAX_ALT} "
        "| shorten it",
    ]


def test_an_alt_that_is_not_text_is_an_error(write_yaml):
    path = write_yaml(edited("alt: Médaille à la croix de Lorraine", "alt: [Médaille]"))
    assert problems_of(path)[0].startswith(
        "23:46: error: 'alt' in an image must be text, or one text per language, found a list"
    )


def test_an_alt_is_kept_as_written_markup_and_all(write_yaml):
    """Plain text: whatever writes it into a page or a PDF escapes it."""
    path = write_yaml(edited("alt: Médaille à la croix de Lorraine", 'alt: "R&D <b>  x</b>"'))
    catalog = load_clean(lambda text: path, "")
    assert catalog.products[0].image_alts == ("R&D <b> x</b>",)


def many_products(count: int) -> str:
    head = BASE_YAML[: BASE_YAML.index("  - reference:")]
    products = "".join(
        f"  - reference: P{number:04}\n"
        f"    title: Produit {number}\n"
        "    category: histoire\n"
        "    price: 1,00\n"
        "    images: [images/7505634.jpg]\n"
        "    description: Un.\n"
        for number in range(1, count + 1)
    )
    return head + products


def test_a_thousand_photos_without_alt_make_one_warning_naming_the_first_three(write_yaml):
    path = write_yaml(many_products(1000))
    catalog, problems = load_catalog(path)
    assert catalog is not None and len(catalog.products) == 1000
    assert [str(p).replace(str(path), "catalog.yaml") for p in problems] == [
        "catalog.yaml:17:14: warning: 1000 product images have no 'alt' text (P0001, P0002, "
        "P0003 and 997 other products)\n"
        "    hint: describe what each photo shows, as in 'images: [{file: images/7505634.jpg, "
        "alt: …}]'; until then a screen reader hears the product's title and the photo's number"
    ]


def test_check_prints_the_one_warning_and_passes(write_yaml):
    result = run_sheets("check", write_yaml(many_products(40)))
    assert result.exit_code == 0, result.output
    assert result.output.count("have no 'alt' text") == 1
    assert "40 product images have no 'alt' text (P0001, P0002, P0003 and 37 other" in (
        result.output
    )
    assert "no errors, 1 warning" in result.output


def test_an_alt_of_invisible_characters_is_no_alt(write_yaml):
    path = write_yaml(
        with_images('    images: [{file: images/7505634.jpg, alt: "\\u200b\\u00a0"}]\n')
    )
    catalog, problems = load_catalog(path)
    assert catalog.products[0].image_alts == ("La Libération de Paris, photo 1",)
    assert [p.message for p in problems] == ["image 'images/7505634.jpg' has no 'alt' text"]
