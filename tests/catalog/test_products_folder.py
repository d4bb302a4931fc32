"""A catalog whose `products` names a folder: every .yaml file there holds a list of products,
read in name order with the catalog's own protections; each problem names its file and line."""

from __future__ import annotations

import copy

import pytest
import yaml

import sheets.catalog.source
from sheets.catalog.load import load_catalog

from support import (
    BASE_DATA,
    BASE_YAML,
    HEAD,
    assert_refused_without_traceback,
    image_file,
    product,
    run_sheets,
    text_of,
    write_folder,
    write_image,
)


def errors(problems) -> list[str]:
    return [str(p) for p in problems if p.is_error]


# -- products from every file --------------------------------------------------------------


def test_a_folder_of_three_files_builds_its_products_in_file_name_order(tmp_path):
    """The brochure lists each category's products in the order of the files' names, whatever
    the order they were written in; every product gets its sheet."""
    data = copy.deepcopy(BASE_DATA)
    founding, eiffel, napoleon = data["products"]
    data["products"] = "products"
    shop = tmp_path / "shop"
    (shop / "products").mkdir(parents=True)
    files = {"3-last.yaml": [founding], "1-first.yaml": [napoleon], "2-second.yaml": [eiffel]}
    for name, products in files.items():
        for item in products:
            for image in item["images"]:
                write_image(shop / image_file(image))
        (shop / "products" / name).write_text(yaml.safe_dump(products, allow_unicode=True))
    catalog = shop / "catalog.yaml"
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    result = run_sheets("build", catalog, "-o", shop / "out")

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (shop / "out" / "sheets").glob("*.pdf")) == [
        "0750-tour-eiffel.pdf",
        "7505634-la-liberation-de-paris.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]
    text = text_of(shop / "out" / "medailles-commemoratives.pdf")
    # Napoléon's file comes first by name: the history section lists him first.
    assert "Le sacre de Napoléon · 7510001 La Libération de Paris · 7505634" in text
    assert "Les monuments. Tour Eiffel · 0750" in text


def test_products_remember_the_file_they_are_written_in(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("1"), "b.yaml": product("2")})
    loaded, problems = load_catalog(catalog)
    assert errors(problems) == []
    folder = catalog.parent / "products"
    assert [(p.reference, p.source, p.line) for p in loaded.products] == [
        ("1", folder / "a.yaml", 1),
        ("2", folder / "b.yaml", 1),
    ]
    assert loaded.file_of(loaded.products[1]) == folder / "b.yaml"


def test_hidden_files_other_suffixes_and_subfolders_are_not_read(tmp_path):
    catalog = write_folder(
        tmp_path,
        {"a.yaml": product("1"), ".#a.yaml": "x", "notes.txt": "x", "b.yml": "x"},
    )
    (catalog.parent / "products" / "old.yaml").mkdir()
    loaded, problems = load_catalog(catalog)
    assert errors(problems) == []
    assert [p.reference for p in loaded.products] == ["1"]


# -- problems name their file and line -----------------------------------------------------


def test_an_error_in_the_second_file_names_that_file_and_its_line(tmp_path):
    catalog = write_folder(
        tmp_path, {"a.yaml": product("1"), "b.yaml": product("2", price="17,8O")}
    )
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    b = catalog.parent / "products" / "b.yaml"
    assert (
        f"{b}:4:10: error: product 2: 'price' '17,8O' is not a price in fr_FR\n"
        "    hint: write it like '1 299,80'" in result.output
    )


def test_problems_come_by_file_then_by_line(tmp_path):
    catalog = write_folder(
        tmp_path,
        {
            "a.yaml": product("1", price="x") + product("2", title="''"),
            "b.yaml": product("3", category="nulle"),
        },
    )
    catalog.write_text(catalog.read_text().replace("url: https://www.example.fr", "url: x"))
    _, problems = load_catalog(catalog)
    folder = catalog.parent / "products"
    assert [(p.file, p.line) for p in problems if p.is_error] == [
        (catalog, 6),
        (folder / "a.yaml", 4),
        (folder / "a.yaml", 17),
        (folder / "b.yaml", 3),
    ]


def test_a_reference_used_in_two_files_is_a_duplicate_naming_the_first(tmp_path):
    catalog = write_folder(
        tmp_path,
        {"a.yaml": product("1") + product("7"), "b.yaml": product("2") + product("7")},
    )
    _, problems = load_catalog(catalog)
    folder = catalog.parent / "products"
    assert errors(problems) == [
        f"{folder / 'b.yaml'}:16:3: error: product 7: duplicate reference '7' (first used on "
        f"line 16 of {folder / 'a.yaml'})\n"
        "    hint: each product needs its own reference"
    ]


def test_two_sheets_of_one_name_in_two_files_name_both_files(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("7a"), "b.yaml": product("7A")})
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    folder = catalog.parent / "products"
    assert (
        f"{folder / 'b.yaml'}:1: error: product 7A: its sheet would be named "
        "'7A-la-liberation-de-paris.pdf', like the sheet of product 7a (line 1 of "
        f"{folder / 'a.yaml'}) ('7a-la-liberation-de-paris.pdf'): one would overwrite the other"
        in result.output
    )


def test_a_character_no_font_draws_is_placed_in_its_products_file(tmp_path):
    catalog = write_folder(
        tmp_path, {"a.yaml": product("1"), "b.yaml": product("2", title="Le 東")}
    )
    result = run_sheets("check", catalog)
    assert result.exit_code == 0, result.output
    b = catalog.parent / "products" / "b.yaml"
    assert f"{b}:2: warning: product 2: the fonts cannot draw '東' (U+6771) in the title" in (
        result.output
    )


def test_a_damaged_photo_is_named_at_its_product_in_its_products_file(tmp_path):
    catalog = write_folder(
        tmp_path, {"a.yaml": product("1"), "b.yaml": product("2", images="[images/bad.jpg]")}
    )
    (catalog.parent / "images" / "bad.jpg").write_bytes(b"not a photo")
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    b = catalog.parent / "products" / "b.yaml"
    assert (
        f"{b}:1: error: product 2: image 'images/bad.jpg' is not an image Pillow can read "
        "(JPEG or PNG expected)" in result.output
    )


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            "reference: 1\n",
            "{file}:1:1: error: a products file must be a list ('- reference: …' items), "
            "found a mapping",
        ),
        (
            "- reference: &r 1\n",
            "{file}:1:14: error: YAML anchor '&r' is not allowed in a catalog\n"
            "    hint: write each value out in full; anchors and aliases are not supported",
        ),
        (
            "- title: a\n\tprice: 1\n",
            "{file}:2:1: error: tab character in indentation\n"
            "    hint: indent with spaces only (YAML does not allow tabs there)",
        ),
        (
            "- title: a\x07\n",
            "{file}:1:11: error: the file contains the control character U+0007, which YAML "
            "does not allow\n"
            "    hint: delete it (most editors do not show it: retype the text around this place)",
        ),
        (
            "- title: [a\n",
            "{file}:2:1: error: YAML syntax error: did not find expected ',' or ']' (while "
            "parsing a flow sequence)\n"
            "    hint: check the indentation and quoting around this place",
        ),
        (
            "\x00" * 21,
            "{file}: error: more than 20 control characters: this is not a text file\n"
            "    hint: remove the file from the folder: each .yaml file there is read as products",
        ),
    ],
    ids=["not-a-list", "anchor", "tab", "control-character", "syntax", "binary"],
)
def test_a_bad_products_file_is_refused_with_the_catalogs_own_protections(
    tmp_path, content, expected
):
    catalog = write_folder(tmp_path, {"a.yaml": product("1"), "b.yaml": content})
    loaded, problems = load_catalog(catalog)
    assert loaded is None
    assert expected.format(file=catalog.parent / "products" / "b.yaml") in errors(problems)


def test_an_empty_products_file_is_a_warning(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("1"), "b.yaml": "# soon\n"})
    loaded, problems = load_catalog(catalog)
    assert [p.reference for p in loaded.products] == ["1"]
    assert [str(p) for p in problems] == [
        f"{catalog.parent / 'products' / 'b.yaml'}: warning: the file holds no products\n"
        "    hint: add at least one product ('- reference: …')"
    ]


# -- the folder itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, expected",
    [
        (
            "../elsewhere",
            "{catalog}:12:11: error: the products folder '../elsewhere' is outside the "
            "catalog's folder\n    hint: move it into shop/ and give its path from there",
        ),
        (
            "/srv/products",
            "{catalog}:12:11: error: the products folder '/srv/products' is outside the "
            "catalog's folder\n    hint: move it into shop/ and give its path from there",
        ),
        (
            "missing",
            "{catalog}:12:11: error: 'products' names 'missing', which is not there\n"
            "    hint: give the products as a list ('- reference: …'), or name a folder of "
            ".yaml files of products (paths are relative to the catalog's folder, {shop})",
        ),
        (
            "images/7505634.jpg",
            "{catalog}:12:11: error: 'products' names 'images/7505634.jpg', a file, not a "
            "folder\n"
            "    hint: give the products as a list ('- reference: …'), or name a folder of "
            ".yaml files of products (paths are relative to the catalog's folder, {shop})",
        ),
        (
            "empty",
            "{catalog}:12:11: error: the products folder 'empty' holds no .yaml file: there is "
            "nothing to build\n"
            "    hint: write the products into .yaml files there, each a list ('- reference: …')",
        ),
    ],
    ids=["outside", "absolute", "missing", "a-file", "empty"],
)
def test_a_folder_that_cannot_hold_the_products_is_refused(tmp_path, written, expected):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.yaml").write_text(product("1"))
    catalog = write_folder(tmp_path, {})
    (catalog.parent / "empty").mkdir()
    (catalog.parent / "empty" / "a.yml").write_text(product("1"))
    catalog.write_text(HEAD + f"products: {written}\n")
    result = run_sheets("check", catalog)
    assert_refused_without_traceback(result)
    shop = catalog.parent
    assert expected.format(catalog=catalog, shop=shop.resolve()) in (result.output)


def test_a_products_file_linking_outside_the_catalogs_folder_is_refused(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("1")})
    (tmp_path / "b.yaml").write_text(product("2"))
    (catalog.parent / "products" / "b.yaml").symlink_to(tmp_path / "b.yaml")
    _, problems = load_catalog(catalog)
    assert errors(problems) == [
        f"{catalog.parent / 'products' / 'b.yaml'}: error: the file is a link to a file "
        "outside the catalog's folder\n"
        "    hint: copy the file into shop/ instead of linking to it"
    ]


# -- size ----------------------------------------------------------------------------------


def test_a_catalog_over_the_size_limit_is_told_to_name_a_folder(write_yaml, monkeypatch):
    monkeypatch.setattr(sheets.catalog.source, "MAX_CATALOG_BYTES", 1000)
    path = write_yaml(BASE_YAML + "#" * (2000 - len(BASE_YAML.encode()) - 1) + "\n")
    catalog, problems = load_catalog(path)
    assert catalog is None
    assert [str(p) for p in problems] == [
        f"{path}: error: file is 2000 bytes; a catalog may be at most 1000 bytes\n"
        "    hint: move the products into .yaml files of a folder beside the catalog (each file "
        "a list of products, written as under 'products:') and name the folder instead of the "
        "list:\n"
        "      products: products"
    ]


def test_each_products_file_has_the_size_limit_of_a_catalog(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets.catalog.source, "MAX_CATALOG_BYTES", 1000)
    big = product("2") + product("3") + product("4")
    catalog = write_folder(tmp_path, {"a.yaml": product("1"), "b.yaml": big})
    _, problems = load_catalog(catalog)
    size = len(big.encode())
    assert errors(problems) == [
        f"{catalog.parent / 'products' / 'b.yaml'}: error: file is {size} bytes; a products "
        "file may be at most 1000 bytes\n"
        "    hint: move some of its products into another file of the folder"
    ]


def test_a_folder_larger_than_one_catalog_file_may_be_loads(tmp_path):
    """12 MiB of products in three files, each under the limit of one file, are checked."""
    phrase = "médaille commémorative frappée en bronze florentin, numérotée et certifiée"
    files = {}
    for number in range(3):
        items = []
        while sum(map(len, items)) < 4 * 1024 * 1024:
            reference = f"{number}-{len(items)}"
            # Ten paragraphs of 2 000 characters, each its own (a copy would be a warning).
            paragraphs = [f"{part} {reference} " + " ".join([phrase] * 26) for part in range(10)]
            description = "|\n" + "\n\n".join(f"    {text}" for text in paragraphs)
            items.append(product(reference, description=description))
        files[f"{number}.yaml"] = "".join(items)
    size = sum(len(text.encode()) for text in files.values())
    assert size > 12 * 1024 * 1024 and size > sheets.catalog.source.MAX_CATALOG_BYTES
    catalog = write_folder(tmp_path, files)

    result = run_sheets("check", catalog)

    assert result.exit_code == 0, result.output
    count = sum(text.count("- reference:") for text in files.values())
    assert f"{count} products in 1 category, no errors, 0 warnings" in result.output


# -- building again ------------------------------------------------------------------------


def test_a_build_is_redone_when_a_products_file_changes_is_added_or_removed(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("1"), "b.yaml": product("2")})
    out = catalog.parent / "out"
    folder = catalog.parent / "products"

    def build() -> str:
        result = run_sheets("build", catalog, "-o", out)
        assert result.exit_code == 0, result.output
        return result.output

    build()
    assert "Up to date" in build()
    (folder / "b.yaml").write_text(product("2", title="Le sacre"))
    assert "1 sheet redrawn" in build()
    (folder / "c.yaml").write_text(product("3"))
    assert "1 sheet redrawn" in build()
    (folder / "c.yaml").unlink()
    output = build()
    assert "Up to date" not in output
    assert not list((out / "sheets").glob("3-*.pdf"))
