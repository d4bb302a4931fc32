"""`sheets import merchant`: a Google Merchant Center feed (RSS 2.0 XML, or its TSV) made a
catalog: items of one group its variants, sale prices, currencies, barcodes."""

from __future__ import annotations

import yaml
from PIL import Image

from support import FIXTURES, assert_refused_without_traceback, run_sheets, write_image

FEED = FIXTURES / "import" / "merchant-feed.xml"


def import_feed(tmp_path, source, *options):
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir(exist_ok=True)
    result = run_sheets("import", "merchant", source, "-o", out, "--locale", "fr_FR", *options)
    return result, out


def test_a_feed_s_groups_become_products_with_variants(tmp_path):
    photos = tmp_path / "photos"
    for name in ("nova-black.jpg", "nova-white.jpg", "shade.jpg"):
        write_image(photos / name, 80)
    Image.new("RGB", (80, 80), (10, 20, 30)).save(photos / "nova-detail.png")
    result, out = import_feed(tmp_path, FEED, "--images", photos)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["catalog"] == {
        "title": "merchant-feed",
        "publisher": "Atelier Lumière",  # the channel's title
        "locale": "fr_FR",
        "currency": "EUR",  # the prices'
    }
    assert data["categories"] == [
        {"id": "lighting", "title": "Lighting"},
        {"id": "shades", "title": "Shades"},
    ]
    nova, shade = data["products"]
    assert nova == {
        "reference": "NOVA",
        "title": "Desk lamp Nova",  # what the items' titles share
        "category": "lighting",
        "url": "https://www.example.com/nova",
        "images": ["images/nova-black.jpg", "images/nova-detail.png", "images/nova-white.jpg"],
        "specs": {"Brand": "Atelier Lumière", "Material": "Steel"},  # the same for all
        "description": "A desk lamp in **steel** & oak.\\\nBulb included.",
        "variants": [
            {
                "reference": "LAMP-01-BLK",
                "price": "69,00",  # the sale price; the price before it the old one
                "old_price": "89,00",
                "ean": "3760123456784",
                "Color": "Black",
            },
            {"reference": "LAMP-01-WHT", "price": "89,00", "available": False, "Color": "White"},
        ],
    }
    assert shade == {
        "reference": "0042",
        "title": "Linen shade, 30 cm",
        "category": "shades",
        "price": "35,50",
        "ean13": "0012345678905",
        "url": "https://www.example.com/shade",
        "images": ["images/shade.jpg"],
        "specs": {"Color": "Natural"},
        "description": "Hand-sewn linen.\n\nFits any E27 lamp: \\*washable\\*.",
    }
    assert (
        f"{FEED}:33:7: warning: product LAMP-01-WHT: g:gtin '3760123456785' has a wrong check "
        "digit: expected 4, found 5" in result.stderr
    )
    assert (out.parent / "images" / "nova-detail.png").is_file()


TSV = (
    "id\ttitle\tdescription\tlink\tprice\tsale_price\tgtin\timage_link\tadditional_image_link"
    "\titem_group_id\tsize\tavailability\tproduct_type\n"
    "TEE-S\tTee - S\tSoft tee\thttps://ex.com/tee\t20.00 USD\t\t\tshots/tee.jpg\t"
    "shots/tee-back.jpg,shots/tee-side.jpg\tTEE\tS\tin stock\tApparel > Tops\n"
    "TEE-M\tTee - M\tSoft tee\thttps://ex.com/tee\t22.00 USD\t\t\tshots/tee.jpg\t\tTEE\tM\t"
    "out of stock\tApparel > Tops\n"
)


def test_a_tsv_feed_is_read_like_the_xml(tmp_path):
    source = tmp_path / "feed.tsv"
    source.write_text(TSV, encoding="utf-8")
    photos = tmp_path / "photos"
    write_image(photos / "tee.jpg", 60)
    write_image(photos / "tee-side.jpg", 60)
    result, out = import_feed(tmp_path, source, "--images", photos)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["catalog"]["currency"] == "USD"
    (tee,) = data["products"]
    assert tee["reference"] == "TEE" and tee["title"] == "Tee"
    assert tee["images"] == ["images/tee.jpg", "images/tee-side.jpg"]
    assert tee["variants"] == [
        {"reference": "TEE-S", "price": "20,00", "Size": "S"},
        {"reference": "TEE-M", "price": "22,00", "available": False, "Size": "M"},
    ]
    assert "image 'tee-back.jpg' not found" in result.stderr


def test_prices_in_two_currencies_are_an_error_naming_the_first(tmp_path):
    source = tmp_path / "feed.tsv"
    source.write_text(TSV.replace("22.00 USD", "22.00 EUR"), encoding="utf-8")
    result, out = import_feed(tmp_path, source)
    assert_refused_without_traceback(result)
    assert (
        f"{source}:3:5: error: product TEE-M: g:price '22.00 EUR' is in EUR; the feed's first "
        "price (line 2) is in USD" in result.stderr
    )
    assert not out.exists()


def test_a_price_without_currency_needs_one_given(tmp_path):
    source = tmp_path / "feed.tsv"
    source.write_text(TSV.replace(" USD", ""), encoding="utf-8")
    result, _ = import_feed(tmp_path, source)
    assert_refused_without_traceback(result)
    assert f"{source}:2:5: error: g:price '20.00' gives no currency" in result.stderr
    result, out = import_feed(tmp_path, source, "--currency", "usd")
    assert result.exit_code == 0, result.output
    assert "currency: USD" in out.read_text(encoding="utf-8")


def test_items_told_apart_by_their_titles_alone_keep_what_differs(tmp_path):
    source = tmp_path / "feed.tsv"
    source.write_text(
        "id\ttitle\tprice\titem_group_id\n"
        "C-250\tCoffee - 250 g\t8.90 EUR\tC\n"
        "C-1000\tCoffee - 1 kg\t30.00 EUR\tC\n"
        "T-1\tTea\t3.00 EUR\tT\n"
        "T-2\tTea\t3.00 EUR\tT\n",
        encoding="utf-8",
    )
    result, out = import_feed(tmp_path, source)
    assert result.exit_code == 0, result.output
    coffee, tea = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    assert coffee["title"] == "Coffee"
    assert coffee["variants"] == [
        {"reference": "C-250", "price": "8,90", "Variant": "250 g"},
        {"reference": "C-1000", "price": "30,00", "Variant": "1 kg"},
    ]
    assert "Variant" not in str(tea)
    assert (
        f"{source}:4: warning: product T: items T-1, T-2 differ by nothing but their ids: their "
        "variants show only their references" in result.stderr
    )
