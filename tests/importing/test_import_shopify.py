"""`sheets import shopify`: a product CSV export, modelled on Shopify's own sample file, made a
catalog with variants, old prices, verified barcodes and the images found."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from support import (
    FIXTURES,
    assert_refused_without_traceback,
    page_texts,
    run_sheets,
    write_image,
)

EXPORT = FIXTURES / "import" / "shopify-products.csv"
SHIRT_DESCRIPTION = (
    "**Ocean blue** cotton shirt with a narrow collar & buttons down the front.\n"
    "\n"
    "- 100% organic cotton\n"
    "- Machine wash at 30°\n"
    "\n"
    "Size \\*guide\\*: see [our sizes](https://example.com/sizes).\\\n"
    "Made in Portugal."
)


@pytest.fixture
def photos(tmp_path):
    """The shop's images, as downloaded from it: all but the napkins'."""
    folder = tmp_path / "photos"
    write_image(folder / "ocean-blue-shirt.jpg", 120)
    write_image(folder / "ocean-blue-shirt-back.jpg", 120, (20, 40, 160))
    write_image(folder / "mug blanc.jpg", 120, (200, 200, 200))
    return folder


def import_shopify(tmp_path, *options, source=EXPORT):
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir(exist_ok=True)
    result = run_sheets("import", "shopify", source, "-o", out, "--locale", "fr_FR", *options)
    return result, out


def products_of(out) -> dict:
    return {p["reference"]: p for p in yaml.safe_load(out.read_text(encoding="utf-8"))["products"]}


def test_the_export_becomes_a_catalog_with_its_variants_and_images(tmp_path, photos):
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["catalog"] == {
        "title": "shopify-products",
        "publisher": "Maison Océan",
        "locale": "fr_FR",
        "currency": "EUR",
    }
    assert data["categories"] == [
        {"id": "t-shirts", "title": "T-shirts"},
        {"id": "mugs", "title": "Mugs"},  # the last level of its Product Category
        {"id": "products", "title": "Products"},  # neither Type nor Product Category
        {"id": "linen", "title": "Linen"},
    ]
    products = products_of(out)
    assert list(products) == ["ocean-blue-shirt", "0750", "canvas-tote", "linen-napkins"]
    shirt = products["ocean-blue-shirt"]
    assert "price" not in shirt
    assert shirt["images"] == [  # Shopify's alt text carried over where the export gives one
        {"file": "images/ocean-blue-shirt.jpg", "alt": "The shirt"},
        "images/ocean-blue-shirt-back.jpg",
    ]
    assert shirt["description"] == SHIRT_DESCRIPTION
    small, medium, large = shirt["variants"]
    assert small == {
        "reference": "SHIRT-BLUE-S",
        "price": "50,00",
        "old_price": "65,00",
        "ean": "3760123456784",
        "Colour": "Blue",
        "Size": "S",
    }
    assert list(small) == ["reference", "price", "old_price", "ean", "Colour", "Size"]
    assert "ean" not in medium  # its check digit is wrong
    # A compare-at price no higher than the price is no old price; none left of a tracked
    # quantity that may not be oversold: not available.
    assert large == {
        "reference": "SHIRT-BLUE-L",
        "price": "52,00",
        "ean": "012345678905",
        "available": False,
        "Colour": "Blue",
        "Size": "L",
    }
    mug = products["0750"]  # its SKU: one variant, with the default option
    assert (mug["price"], mug["old_price"], mug["ean13"]) == ("12,50", "15,00", "0012345678905")
    assert mug["images"] == ["images/mug blanc.jpg"]
    assert "variants" not in mug
    assert (out.parent / "images" / "mug blanc.jpg").read_bytes() == (
        photos / "mug blanc.jpg"
    ).read_bytes()
    assert "Wrote" in result.stdout and "3 images copied" in result.stdout


def test_the_written_text_keeps_references_and_barcodes_as_text(tmp_path, photos):
    _, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by sheets from shopify-products.csv (shopify).\n")
    assert "  - reference: '0750'\n" in text
    assert "    ean13: '0012345678905'\n" in text
    assert "    price: 12,50\n" in text
    assert "    description: |-\n      **Ocean blue** cotton shirt" in text
    assert (
        "    images:\n      - file: images/ocean-blue-shirt.jpg\n        alt: The shirt\n"
        "      - images/ocean-blue-shirt-back.jpg\n"
    ) in text


def test_a_wrong_barcode_is_left_out_with_a_warning_naming_its_row_and_the_digit_expected(
    tmp_path, photos
):
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert result.exit_code == 0
    assert (
        f"{EXPORT}:3:25: warning: product ocean-blue-shirt: Variant Barcode '3760123456785' has "
        "a wrong check digit: expected 4, found 5" in result.stderr
    )
    assert f"{EXPORT}:10:25: warning: product linen-napkins: Variant Barcode '4006381333932'" in (
        result.stderr
    )
    text = out.read_text(encoding="utf-8")
    assert "3760123456785" not in text and "4006381333932" not in text


def test_an_image_not_found_is_a_warning_and_the_product_is_kept(tmp_path, photos):
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert (
        f"{EXPORT}:10:26: warning: product linen-napkins: image 'napkins.jpg' not found in "
        f"{photos}" in result.stderr
    )
    napkins = products_of(out)["linen-napkins"]
    assert "images" not in napkins and napkins["price"] == "18,00"
    assert sorted(p.name for p in (out.parent / "images").iterdir()) == [
        "mug blanc.jpg",
        "ocean-blue-shirt-back.jpg",
        "ocean-blue-shirt.jpg",
    ]


def test_without_an_images_folder_every_image_is_reported_and_no_folder_made(tmp_path):
    result, out = import_shopify(tmp_path, "--currency", "EUR")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("not found: no --images folder given") == 4
    assert not (out.parent / "images").exists()
    assert all("images" not in p for p in products_of(out).values())


def test_a_file_that_is_no_jpeg_or_png_is_not_copied(tmp_path, photos):
    (photos / "ocean-blue-shirt.jpg").write_bytes(b"GIF89a" + bytes(100))
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert "image 'ocean-blue-shirt.jpg' is not a JPEG or PNG file: left out" in result.stderr
    assert products_of(out)["ocean-blue-shirt"]["images"] == ["images/ocean-blue-shirt-back.jpg"]
    assert not (out.parent / "images" / "ocean-blue-shirt.jpg").exists()


def test_drafts_and_archived_products_are_left_out_in_one_warning_unless_asked(tmp_path):
    result, out = import_shopify(tmp_path, "--currency", "EUR")
    assert (
        "warning: 2 products not active in the shop, left out: example-pants (draft), "
        "example-hat (archived)" in result.stderr
    )
    assert "example-pants" not in products_of(out)
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--drafts", "--force")
    assert result.exit_code == 0, result.output
    products = products_of(out)
    # An option other than 'Title: Default Title' makes a variant of a single row.
    assert products["example-pants"]["variants"] == [
        {"reference": "PANTS-1", "price": "49,99", "old_price": "57,99", "Title": "Jeans, W32H34"}
    ]
    assert products["example-hat"]["variants"][0]["Title"] == "Grey"


def test_variants_without_a_sku_are_numbered_after_the_handle_with_a_warning(tmp_path):
    result, out = import_shopify(tmp_path, "--currency", "EUR")
    tote = products_of(out)["canvas-tote"]
    assert [v["reference"] for v in tote["variants"]] == ["canvas-tote-1", "canvas-tote-2"]
    assert tote["description"] == "Plain text body, no tags"
    assert (
        f"{EXPORT}:8: warning: product canvas-tote: a variant without a SKU: 'canvas-tote-1' "
        "is its reference" in result.stderr
    )


def test_prices_are_written_the_locale_s_way(tmp_path):
    out = tmp_path / "catalog.yaml"
    result = run_sheets(
        "import", "shopify", EXPORT, "-o", out, "--locale", "en_US", "--currency", "USD"
    )
    assert result.exit_code == 0, result.output
    assert products_of(out)["0750"]["price"] == "12.50"
    assert "    price: '12.50'\n" in out.read_text(encoding="utf-8")


def test_the_same_export_gives_the_same_bytes(tmp_path, photos):
    first = tmp_path / "a" / "catalog.yaml"
    second = tmp_path / "b" / "catalog.yaml"
    for out in (first, second):
        out.parent.mkdir()
        result = run_sheets(
            "import", "shopify", EXPORT, "-o", out, "--locale", "fr_FR", "--currency", "EUR",
            "--images", photos,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()


def test_an_existing_catalog_is_not_replaced_without_force(tmp_path):
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir()
    out.write_text("mine\n", encoding="utf-8")
    result, _ = import_shopify(tmp_path, "--currency", "EUR")
    assert_refused_without_traceback(result)
    assert f"{out}: error: already exists: it is not replaced" in result.stderr
    assert "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    result, _ = import_shopify(tmp_path, "--currency", "EUR", "--force")
    assert result.exit_code == 0, result.output
    assert "Ocean Blue Shirt" in out.read_text(encoding="utf-8")


def test_an_image_of_the_same_name_with_other_bytes_is_not_replaced_without_force(tmp_path, photos):
    theirs = tmp_path / "shop" / "images" / "mug blanc.jpg"
    write_image(theirs, 60, (0, 0, 0))
    kept = theirs.read_bytes()
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert_refused_without_traceback(result)
    assert f"{theirs}: error: is already there, with other content" in result.stderr
    assert theirs.read_bytes() == kept and not out.exists()
    assert sorted(p.name for p in theirs.parent.iterdir()) == ["mug blanc.jpg"]
    assert list((tmp_path / "shop").glob(".*")) == []  # no temporary folder left
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos, "--force")
    assert result.exit_code == 0, result.output
    assert theirs.read_bytes() == (photos / "mug blanc.jpg").read_bytes()


SINGLE_PRODUCTS = """\
Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price,\
Variant Compare At Price,Variant Barcode,Image Src,Image Position,Image Alt Text,Status
liberation,La Libération de Paris,"<p>Le 25 août au matin, <b>Paris</b> se réveille.</p>",\
Trésor du patrimoine,Histoire,Title,Default Title,7505634,17.80,,3760123456784,\
https://cdn.example.com/files/7505634.jpg?v=1,1,"Médaille à la croix de Lorraine, 1944",active
tour-eiffel,Tour Eiffel,<p>La dame de fer.</p>,Trésor du patrimoine,Patrimoine,Title,\
Default Title,0750,1299.00,,,https://cdn.example.com/files/0750.jpg,1,Médaille à la tour Eiffel,active
"""


def test_sheets_check_passes_on_an_imported_catalog_without_variants(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(SINGLE_PRODUCTS, encoding="utf-8")
    photos = tmp_path / "photos"
    write_image(photos / "7505634.jpg")
    write_image(photos / "0750.jpg", color=(20, 40, 160))
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir()
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR",
        "--images", photos, "--title", "Médailles",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing missing: not even a warning
    products = products_of(out)
    assert products["7505634"]["images"] == [
        {"file": "images/7505634.jpg", "alt": "Médaille à la croix de Lorraine, 1944"}
    ]
    assert products["7505634"]["description"] == "Le 25 août au matin, **Paris** se réveille."
    checked = run_sheets("check", out)
    assert checked.exit_code == 0, checked.output
    assert "2 products in 2 categories, no errors, 0 warnings" in checked.stdout


def test_the_newer_export_s_column_names_are_read(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(
        "Title,URL handle,Description,Vendor,Type,SKU,Barcode,Option1 name,Option1 value,"
        "Price,Compare-at price,Product image URL,Image position,Status\n"
        "Mug,mug,<p>Big.</p>,Shop,Mugs,MUG-1,012345678905,Title,Default Title,9.90,12.00,,,active\n",
        encoding="utf-8",
    )
    out = tmp_path / "catalog.yaml"
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR"
    )
    assert result.exit_code == 0, result.output
    assert products_of(out)["MUG-1"] == {
        "reference": "MUG-1",
        "title": "Mug",
        "category": "mugs",
        "price": "9,90",
        "old_price": "12,00",
        "ean13": "0012345678905",
        "description": "Big.",
    }


def test_a_shopify_export_needs_a_currency(tmp_path):
    result, out = import_shopify(tmp_path)
    assert_refused_without_traceback(result)
    assert "--currency is needed" in result.stderr
    assert not out.exists()


def test_two_variants_with_one_sku_are_an_error_naming_both_rows(tmp_path):
    source = tmp_path / "export.csv"
    shutil.copy(EXPORT, source)
    text = source.read_text(encoding="utf-8").replace("SHIRT-BLUE-M", "SHIRT-BLUE-S")
    source.write_text(text, encoding="utf-8")
    result, out = import_shopify(tmp_path, "--currency", "EUR", source=source)
    assert_refused_without_traceback(result)
    assert (
        f"{source}:3: error: product SHIRT-BLUE-S: the reference 'SHIRT-BLUE-S' is used twice "
        "(first on line 2)" in result.stderr
    )
    assert not out.exists()


def test_an_imported_export_builds_and_its_sheets_show_every_variant_at_its_price(tmp_path, photos):
    result, out = import_shopify(tmp_path, "--currency", "EUR", "--images", photos)
    assert result.exit_code == 0, result.output
    check = run_sheets("check", out)
    assert check.exit_code == 0, check.output
    assert "(5 variants)" in check.output  # the shirt's 3 and the tote's 2
    build = run_sheets("build", out, "-o", tmp_path / "out")
    assert build.exit_code == 0, build.output
    expected = {
        "ocean-blue-shirt": [
            ("SHIRT-BLUE-S", "65,00 € 50,00 €"),  # the compare-at price struck through before it
            ("SHIRT-BLUE-M", "65,00 € 50,00 €"),
            ("SHIRT-BLUE-L", "52,00 € Épuisé"),  # out of stock, and its price unchanged
        ],
        "canvas-tote": [("canvas-tote-1", "25,00 €"), ("canvas-tote-2", "29,00 €")],
    }
    for product, variants in expected.items():
        (sheet,) = (tmp_path / "out" / "sheets").glob(f"{product}-*.pdf")
        text = " ".join(" ".join(page_texts(sheet)).replace("\u202f", " ").split())
        text = text.replace("\u00a0", " ")
        assert "à partir de" in text
        if product == "ocean-blue-shirt":  # the colour all its variants share, with its specs
            assert "COLOUR Blue" in text
        for reference, price in variants:  # its EAN between them, when it has one
            assert re.search(rf"{reference} ([0-9]{{12,13}} )?{price}", text), (reference, text)


def import_rows(tmp_path, rows: str, *options, header: str = "") -> tuple:
    """An export of `rows` under Shopify's first columns (and `header`'s) imported."""
    source = tmp_path / "export.csv"
    source.write_text(
        "Handle,Title,Body (HTML),Variant SKU,Variant Price" + header + "\n" + rows,
        encoding="utf-8",
    )
    result, out = import_shopify(tmp_path, *options, source=source)
    return result, out, source


def test_two_options_of_one_name_keep_both_with_a_warning(tmp_path):
    result, out, source = import_rows(
        tmp_path,
        "a,Tee,,A1,1.00,Size,S,Size,Red\na,,,A2,1.00,,M,,Blue\n",
        "--currency", "EUR",
        header=",Option1 Name,Option1 Value,Option2 Name,Option2 Value",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [(v["Size"], v["Size 2"]) for v in products_of(out)["a"]["variants"]] == [
        ("S", "Red"),
        ("M", "Blue"),
    ]
    assert (
        f"{source}:2:8: warning: product a: Option2 Name 'Size' is Option1 Name's too: this "
        "option's values are written as 'Size 2'" in result.stderr
    )


def test_texts_starting_with_an_equals_sign_are_text(tmp_path):
    body = "=== SALE === <b>now</b>"
    result, out, _ = import_rows(tmp_path, f"a,=== SALE ===,{body},A1,1.00\n", "--currency", "EUR")
    assert result.exit_code == 0, result.output
    assert products_of(out)["A1"] == {
        "reference": "A1",
        "title": "=== SALE ===",
        "category": "products",
        "price": "1,00",
        "description": "=== SALE === **now**",
    }


def test_a_body_over_csv_s_field_limit_is_read(tmp_path):
    # An image inlined in the body: a field of 200 KB, over the csv module's 128 KiB.
    body = '"<p>Look:</p><img src=""data:image/png;base64,' + "A" * 200_000 + '""><p>Nice.</p>"'
    result, out, _ = import_rows(tmp_path, f"a,Mug,{body},A1,1.00\n", "--currency", "EUR")
    assert result.exit_code == 0, result.output
    assert products_of(out)["A1"]["description"] == "Look:\n\nNice."


def test_an_image_position_in_other_digits_is_no_position(tmp_path):
    write_image(tmp_path / "a.jpg", 60)
    write_image(tmp_path / "b.jpg", 60)
    result, out, _ = import_rows(
        tmp_path,
        "a,Mug,,A1,1.00,https://cdn.example.com/b.jpg,²\na,,,,,https://cdn.example.com/a.jpg,1\n",
        "--currency", "EUR", "--images", tmp_path,
        header=",Image Src,Image Position",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert products_of(out)["A1"]["images"] == ["images/a.jpg", "images/b.jpg"]


def test_yen_written_with_zero_decimals_are_whole_yen(tmp_path):
    result, out, source = import_rows(
        tmp_path, "a,Tea,,A1,1500.00\nb,Pot,,B1,1500.50\n", "--currency", "JPY"
    )
    assert_refused_without_traceback(result)
    assert (
        f"{source}:3:5: error: product b: Variant Price '1500.50' has more decimals than JPY's 0"
        in result.stderr
    )
    result, out, _ = import_rows(tmp_path, "a,Tea,,A1,1500.00\n", "--currency", "JPY")
    assert result.exit_code == 0, result.output
    assert products_of(out)["A1"]["price"] == "1500"
    assert run_sheets("check", out).exit_code == 0
