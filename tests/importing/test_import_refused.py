"""Bad sources refused by `sheets import`: each with a message at its row and column (its line
for XML), exit status 2, and nothing written: no catalog, no images folder, no temporary file."""

from __future__ import annotations

import pytest

from support import assert_refused_without_traceback, run_sheets, write_image

SHOPIFY_HEADER = "Handle,Title,Body (HTML),Variant SKU,Variant Price,Image Src\n"
GOOD_ROW = "mug,Mug,<p>Big.</p>,MUG-1,9.90,https://cdn.example.com/mug.jpg\n"
FEED = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">
  <channel>
    <title>Shop</title>
    <item>
      <g:id>A1</g:id>
      <title>Lamp{entity}</title>
      <g:price>{price}</g:price>
      <g:image_link>https://cdn.example.com/mug.jpg</g:image_link>
    </item>
  </channel>
</rss>
"""


def feed(doctype: str = "", entity: str = "", price: str = "15.00 EUR") -> str:
    return FEED.format(doctype=doctype, entity=entity, price=price)


# kind, file name, content (text is written as UTF-8), extra options, the message expected at
# its place in the source ('{source}' stands for its path).
CASES = {
    "cp1252 without --encoding": (
        "shopify",
        "export.csv",
        (SHOPIFY_HEADER + "mug,Mug en céramique,,MUG-1,9.90,\n").encode("cp1252"),
        [],
        "{source}:2:13: error: the file is not UTF-8 text: the byte 0xe9 cannot be decoded\n"
        "    hint: save it as UTF-8 (CSV UTF-8 in Excel), or name its encoding: "
        "--encoding cp1252",
    ),
    "missing required columns": (
        "shopify",
        "export.csv",
        "Handle,Title,Variant Prices\nmug,Mug,9.90\n",
        [],
        "{source}:1: error: no column 'Variant Price'\n"
        "    hint: did you mean 'Variant Prices'? rename it 'Variant Price'",
    ),
    "a row wider than its header": (
        "shopify",
        "export.csv",
        SHOPIFY_HEADER + GOOD_ROW + "mug,,,MUG-2,9.90,,extra\n",
        [],
        "{source}:3:7: error: the row has 7 cells; the header has 6 columns",
    ),
    "a formula in a CSV cell": (
        "shopify",
        "export.csv",
        SHOPIFY_HEADER + 'mug,Mug,,MUG-1,"=SUM(A1:A3)",\n',
        [],
        "{source}:2:5: error: a formula (=SUM(A1:A3)): its value is wanted\n"
        "    hint: paste values instead",
    ),
    "a price that is not a number": (
        "shopify",
        "export.csv",
        SHOPIFY_HEADER + GOOD_ROW + "mug,,,MUG-2,9;90,\n",
        [],
        "{source}:3:5: error: product mug: Variant Price '9;90' is not a price\n"
        "    hint: write it like 19.99",
    ),
    "a price with more decimals than its currency": (
        "shopify",
        "export.csv",
        SHOPIFY_HEADER + "mug,Mug,,MUG-1,9.999,\n",
        [],
        "{source}:2:5: error: product mug: Variant Price '9.999' has more decimals than EUR's 2",
    ),
    "an old Excel workbook": (
        "spreadsheet",
        "prices.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        [],
        "{source}: error: is a workbook, not a CSV text file\n    hint: save it as .xlsx",
    ),
    "an empty file": ("shopify", "export.csv", "", [], "{source}: error: the file is empty"),
    "a header and no rows": (
        "shopify",
        "export.csv",
        SHOPIFY_HEADER,
        [],
        "{source}:1: error: the file has a header but no rows",
    ),
    "a feed with a DOCTYPE": (
        "merchant",
        "feed.xml",
        feed(doctype='<!DOCTYPE rss [<!ENTITY x "lamp">]>\n'),
        [],
        "{source}:2: error: the feed declares a DOCTYPE",
    ),
    "a feed with an external entity": (
        "merchant",
        "feed.xml",
        feed(doctype='<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n'),
        [],
        "{source}:2: error: the feed declares a DOCTYPE",
    ),
    "a feed with an HTML entity": (
        "merchant",
        "feed.xml",
        feed(entity="&nbsp;"),
        [],
        "{source}:7:18: error: the feed is not well-formed XML: undefined entity",
    ),
    "a feed that is no RSS": (
        "merchant",
        "feed.xml",
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>\n',
        [],
        "{source}:1: error: not an RSS 2.0 feed: its root element is <feed>",
    ),
    "a feed in another currency": (
        "merchant",
        "feed.xml",
        feed(price="15.00 EUR").replace(
            "</channel>",
            "<item><g:id>A2</g:id><title>Shade</title><g:price>9.00 USD</g:price></item></channel>",
        ),
        [],
        "{source}:11:44: error: product A2: g:price '9.00 USD' is in USD, not in --currency EUR",
    ),
    "a feed's price without a dot": (
        "merchant",
        "feed.xml",
        feed(price="15,00 EUR"),
        [],
        "{source}:8:7: error: product A1: g:price '15,00 EUR' is not a price",
    ),
    "a spreadsheet without a price column": (
        "spreadsheet",
        "prices.csv",
        "reference;title;prix\nA1;Lamp;12,00\n",
        [],
        "{source}:1: error: no column 'price'\n    hint: name the column 'price', or give a "
        "--mapping file with a line 'price: prix'",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_source_is_refused_at_its_place_and_nothing_is_written(tmp_path, case):
    kind, name, content, options, expected = CASES[case]
    source = tmp_path / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    photos = tmp_path / "photos"
    write_image(photos / "mug.jpg", 60)
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir()
    result = run_sheets(
        "import", kind, source, "-o", out, "--locale", "fr_FR", "--currency", "EUR",
        "--images", photos, *options,
    )  # fmt: skip
    assert_refused_without_traceback(result)
    assert expected.format(source=source) in result.stderr
    assert "nothing written" in result.stderr
    assert list(out.parent.iterdir()) == []  # no catalog, no images, no temporary folder


def test_a_cp1252_file_is_read_with_its_encoding_named(tmp_path):
    source = tmp_path / "export.csv"
    source.write_bytes((SHOPIFY_HEADER + "mug,Mug en céramique,,MUG-1,9.90,\n").encode("cp1252"))
    out = tmp_path / "catalog.yaml"
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR",
        "--encoding", "cp1252",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "title: Mug en céramique\n" in out.read_text(encoding="utf-8")


def test_a_byte_order_mark_is_accepted_silently(tmp_path):
    source = tmp_path / "export.csv"
    source.write_bytes(b"\xef\xbb\xbf" + (SHOPIFY_HEADER + GOOD_ROW).encode())
    out = tmp_path / "catalog.yaml"
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR"
    )
    assert result.exit_code == 0, result.output
    assert "reference: MUG-1" in out.read_text(encoding="utf-8")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    source = tmp_path / "export.csv"
    with source.open("wb") as file:  # sparse: no disk space taken
        file.truncate(257 * 2**20)
    out = tmp_path / "catalog.yaml"
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR"
    )
    assert_refused_without_traceback(result)
    assert f"{source}: error: file is 257 MiB; a source may be at most 256 MiB" in result.stderr
    assert not out.exists()


def test_a_missing_source_and_bad_options_are_refused(tmp_path):
    out = tmp_path / "catalog.yaml"
    result = run_sheets("import", "shopify", tmp_path / "none.csv", "-o", out, "--locale", "fr_FR",
                        "--currency", "EUR")  # fmt: skip
    assert_refused_without_traceback(result)
    assert "none.csv: error: file not found" in result.stderr
    source = tmp_path / "export.csv"
    source.write_text(SHOPIFY_HEADER + GOOD_ROW, encoding="utf-8")
    for options, said in [
        (["--locale", "xx_XX"], "--locale 'xx_XX' is not a locale"),
        (["--locale", "fr_FR", "--currency", "EUROS"], "--currency 'EUROS' is not an ISO 4217"),
        (["--locale", "fr_FR", "--currency", "EUR", "--mapping", "m.yaml"], "--mapping is for"),
        (["--locale", "fr_FR", "--currency", "EUR", "--images", tmp_path / "no"], "no such folder"),
        (["--locale", "fr_FR", "--currency", "EUR", "--encoding", "klingon"], "not an encoding"),
    ]:
        result = run_sheets("import", "shopify", source, "-o", out, *options)
        assert_refused_without_traceback(result)
        assert said in result.stderr
        assert not out.exists()


def test_the_target_s_folders_are_made_and_made_only_for_a_catalog_written(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(SHOPIFY_HEADER + GOOD_ROW, encoding="utf-8")
    out = tmp_path / "new" / "shop" / "catalog.yaml"
    options = ("-o", out, "--locale", "fr_FR", "--currency", "EUR")
    result = run_sheets("import", "shopify", source, *options)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    # A catalog the loader refuses: the folders made for it go with it.
    refused = tmp_path / "other" / "shop" / "catalog.yaml"
    source.write_text(SHOPIFY_HEADER + f"mug,{'M' * 300},,MUG-1,9.90,\n", encoding="utf-8")
    result = run_sheets("import", "shopify", source, "-o", refused, *options[2:])
    assert_refused_without_traceback(result)
    assert not (tmp_path / "other").exists()


def test_a_product_the_loader_refuses_stops_the_import_at_its_row(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(
        "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value,Option2 Name,"
        "Option2 Value\n"
        "tee,Tee,TEE-S,5.00,Size,S,Colour,Red\n"
        "tee,,TEE-M,5.00,,M,,\n"
        f"odd,{'M' * 300},ODD-1,9.90,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir()
    result = run_sheets(
        "import", "shopify", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR"
    )
    assert_refused_without_traceback(result)
    assert (
        f"{source}:4: error: product ODD-1: the catalog made from it would not load: 'title' is "
        "300 characters long" in result.stderr
    )
    # The loader's warnings too are said at the rows of the source, a variant's at its own:
    # the catalog whose lines they were at is not written.
    assert f"{source}:2: warning: product tee: no description" in result.stderr
    assert f"{source}:3: warning: product tee: variant 'TEE-M' has no 'Colour'" in result.stderr
    assert str(out) not in result.stderr
    assert list(out.parent.iterdir()) == []
