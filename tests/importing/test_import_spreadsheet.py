"""`sheets import spreadsheet`: CSV (any separator) or .xlsx through a mapping of its columns;
rows grouped into variants, translations from locale-suffixed columns, formulas refused."""

from __future__ import annotations

import re
import zipfile

import yaml
from openpyxl import Workbook, load_workbook

from support import assert_refused_without_traceback, run_sheets, write_image

SHEET = (
    "Ref;Nom-fr_FR;Nom-en_GB;Famille;Prix;Ancien prix;EAN;Texte-fr_FR;Texte-en_GB;Photo;"
    "Matière;Modèle;Couleur;Taille;Stock\n"
    '0750;Tour Eiffel;Eiffel Tower;Patrimoine;1 299,00;;3760123456784;"La dame de fer.\n\n'
    'Trois cents mètres.";The iron lady.;0750.jpg;argent 999;;;;oui\n'
    "TS-B-S;T-shirt Océan;Ocean T-shirt;Textile;25,00;30,00;;Coton bio *doux*;Organic cotton;"
    "ts-bleu.jpg, ts-dos.jpg;coton;TS;Bleu;S;yes\n"
    "TS-B-M;T-shirt Océan;Ocean T-shirt;Textile;25.00;;;;;;coton;TS;Bleu;M;non\n"
    "1.0;Yes;;Textile;3;;;;;;;1.0;Rouge;S;\n"
)
MAPPING = """\
reference: Ref
title: Nom
category: Famille
price: Prix
old_price: Ancien prix
ean: EAN
description: Texte
images: Photo
specs: [Matière]
group: Modèle
attributes: [Couleur, Taille]
available: Stock
"""


def import_sheet(tmp_path, source, *options):
    out = tmp_path / "shop" / "catalog.yaml"
    out.parent.mkdir(exist_ok=True)
    result = run_sheets(
        "import", "spreadsheet", source, "-o", out, "--locale", "fr_FR", "--currency", "EUR",
        *options,
    )  # fmt: skip
    return result, out


def test_a_mapped_spreadsheet_with_translations_and_variants(tmp_path):
    source = tmp_path / "tarifs.csv"
    source.write_bytes(b"\xef\xbb\xbf" + SHEET.encode("utf-8"))  # Excel's 'CSV UTF-8'
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    photos = tmp_path / "photos"
    write_image(photos / "ts-bleu.jpg", 60)
    result, out = import_sheet(tmp_path, source, "--mapping", mapping, "--images", photos)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["catalog"]["locales"] == ["fr_FR", "en_GB"]
    assert data["catalog"]["locale"] == "fr_FR"
    eiffel, tshirt, single = data["products"]
    assert eiffel == {
        "reference": "0750",
        "title": {"fr_FR": "Tour Eiffel", "en_GB": "Eiffel Tower"},
        "category": "patrimoine",
        "price": "1299,00",
        "ean13": "3760123456784",
        "specs": {"Matière": "argent 999"},
        "description": {
            "fr_FR": "La dame de fer.\n\nTrois cents mètres.",
            "en_GB": "The iron lady.",
        },
    }
    assert tshirt["reference"] == "TS"  # the group's
    assert tshirt["images"] == ["images/ts-bleu.jpg"]
    assert tshirt["description"]["fr_FR"] == "Coton bio \\*doux\\*"
    assert tshirt["variants"] == [
        {"reference": "TS-B-S", "price": "25,00", "old_price": "30,00", "Couleur": "Bleu",
         "Taille": "S"},
        {"reference": "TS-B-M", "price": "25,00", "available": False, "Couleur": "Bleu",
         "Taille": "M"},
    ]  # fmt: skip
    # A group of one row is a product of its own, its attributes among its specs; what YAML
    # would read as another type stays text.
    assert single == {
        "reference": "1.0",
        "title": "Yes",
        "category": "textile",
        "price": "3,00",
        "specs": {"Couleur": "Rouge", "Taille": "S"},
    }
    text = out.read_text(encoding="utf-8")
    assert "  - reference: '1.0'\n    title: 'Yes'\n" in text
    assert "    locales: [fr_FR, en_GB]\n" in text.replace("  locales", "    locales")
    assert f"{source}:5:10: warning: product TS: image 'ts-dos.jpg' not found" in result.stderr


def test_without_a_mapping_the_columns_named_like_keys_are_taken(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        'SKU,Name,Price,Category,Colour\nA-1,Lamp,12.50,Lights,red\nA-2,Shade,"1,5",,\n',
        encoding="utf-8",
    )
    result, out = import_sheet(tmp_path, source)
    assert result.exit_code == 0, result.output
    products = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    assert [(p["reference"], p["title"], p["price"], p["category"]) for p in products] == [
        ("A-1", "Lamp", "12,50", "lights"),
        ("A-2", "Shade", "1,50", "products"),
    ]
    assert f"{source}: warning: columns not imported: Colour" in result.stderr


def test_a_workbook_s_numbers_and_texts_are_read_as_shown(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Produits")
    sheet.append(["reference", "title", "price", "ean"])
    sheet.append(["0750", "Tour Eiffel", 1299, 3760123456784])
    sheet.append([7505634, "La Libération\nde Paris", 17.8, None])
    source = tmp_path / "tarifs.xlsx"
    workbook.save(source)
    result, out = import_sheet(tmp_path, source, "--sheet", "Produits")
    assert result.exit_code == 0, result.output
    products = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    assert [(p["reference"], p["title"], p["price"]) for p in products] == [
        ("0750", "Tour Eiffel", "1299,00"),
        ("7505634", "La Libération de Paris", "17,80"),
    ]
    assert products[0]["ean13"] == "3760123456784"
    result, _ = import_sheet(tmp_path, source, "--sheet", "Produit", "--force")
    assert_refused_without_traceback(result)
    assert "the workbook has no sheet 'Produit'\n    hint: did you mean 'Produits'?" in (
        result.stderr
    )


def test_a_formula_in_a_workbook_is_refused_at_its_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([])
    sheet.append(["reference", "title", "price"])
    sheet.append(["A-1", "Lamp", 10])
    sheet.append(["A-2", "Shade", "=C3*2"])
    source = tmp_path / "tarifs.xlsx"
    workbook.save(source)
    result, out = import_sheet(tmp_path, source)
    assert_refused_without_traceback(result)
    assert f"{source}:4:3: error: a formula (=C3*2): its value is wanted" in result.stderr
    assert "Paste special → Values" in result.stderr
    assert list(out.parent.iterdir()) == []


def test_a_mapping_s_mistakes_are_named_at_their_line(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text('Ref,Nom,Prix\nA-1,Lampe,"12,50"\n', encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("reference: Ref\ntitle: Noms\nprice: Prix\ncategorie: Nom\n", "utf-8")
    result, out = import_sheet(tmp_path, source, "--mapping", mapping)
    assert_refused_without_traceback(result)
    assert (
        f"{mapping}:2:8: error: the spreadsheet has no column 'Noms'\n    hint: did you mean 'Nom'?"
        in result.stderr
    )
    assert (
        f"{mapping}:4:1: error: unknown key 'categorie'\n    hint: did you mean 'category'?"
        in result.stderr
    )
    assert not out.exists()


def test_a_row_without_a_reference_or_a_price_is_an_error_at_its_cell(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("reference\ttitle\tprice\n\tLamp\t10\nA-2\tShade\t\n", encoding="utf-8")
    result, _ = import_sheet(tmp_path, source)
    assert_refused_without_traceback(result)
    assert f"{source}:2:1: error: no reference" in result.stderr
    assert f"{source}:3:3: error: product A-2: no price" in result.stderr


def test_a_column_without_a_name_is_named_in_a_warning(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("reference,title,,price\nA-1,Lamp,a note,10\n", encoding="utf-8")
    result, out = import_sheet(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert (
        f"{source}:2:3: warning: column 3 has no name in the header: its cells are not imported"
        in result.stderr
    )
    assert "a note" not in out.read_text(encoding="utf-8")


def with_sheet_xml(path, edit) -> None:
    """The workbook at `path` with its first sheet's XML changed by `edit` (bytes → bytes)."""
    with zipfile.ZipFile(path) as old:
        parts = [(item, old.read(item.filename)) for item in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item, data in parts:
            new.writestr(item, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)


def small_workbook(path, *rows) -> None:
    workbook = Workbook()
    for row in [["reference", "title", "price"], ["A-1", "Lamp", 10], *rows]:
        workbook.active.append(row)
    workbook.save(path)


def test_a_cell_far_away_costs_one_row_not_the_rectangle_up_to_it(tmp_path):
    # A few kilobytes: a space left at the sheet's last cell, a dimension declaring all of it.
    source = tmp_path / "far.xlsx"
    small_workbook(source)
    workbook = load_workbook(source)
    workbook.active["XFD1048576"] = " "
    workbook.save(source)
    with_sheet_xml(
        source,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml),
    )
    assert source.stat().st_size < 10_000
    result, out = import_sheet(tmp_path, source)
    assert result.exit_code == 0, result.output
    products = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    assert [(p["reference"], p["price"]) for p in products] == [("A-1", "10,00")]
    # A value there is a cell beyond the table, said at its place.
    workbook = load_workbook(source)
    workbook.active["XFD1048576"] = "x"
    workbook.save(source)
    result, _ = import_sheet(tmp_path, source, "--force")
    assert_refused_without_traceback(result)
    assert (
        f"{source}:1048576:16384: error: the row has 16384 cells; the header has 3 columns\n"
        "    hint: a value beyond the table" in result.stderr
    )


def test_a_sheet_of_more_than_five_million_cells_is_refused(tmp_path):
    # 310 rows reaching the last column: 5 078 040 cells, in a file of a few kilobytes.
    source = tmp_path / "wide.xlsx"
    small_workbook(source, *[[f"A-{n}", "Lamp", 10] for n in range(2, 311)])
    workbook = load_workbook(source)
    for row in range(1, 312):
        workbook.active.cell(row, 16384, "x")
    workbook.save(source)
    result, out = import_sheet(tmp_path, source)
    assert_refused_without_traceback(result)
    assert (
        f"{source}:306: error: the sheet holds more than 5,000,000 cells (up to row 306)"
        in result.stderr
    )
    assert "delete the rows and columns beyond the products' table" in result.stderr
    assert not out.exists()


def test_a_workbook_s_zero_padded_numbers_merged_groups_and_text_formulas(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reference", "title", "price", "group", "Couleur", "ean"])
    sheet.append([750, "=== Mug ===", 19.99, None, None, 12345])
    sheet["A2"].number_format = "0000"  # Excel shows 0750
    sheet["F2"].number_format = "0.00"  # shown 12345.00: other formats are not applied
    sheet["B2"].data_type = "s"  # a text typed with a leading '=', not a formula
    sheet.append(["TS-R", "T-shirt", 25, "TS", "Rouge"])
    sheet.append(["TS-B", "T-shirt", 25, None, "Bleu"])
    sheet.append(["TS-V", "T-shirt", 25, None, "Vert"])
    sheet.merge_cells("D3:D5")  # the group's cell spans its three rows
    source = tmp_path / "w.xlsx"
    workbook.save(source)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "reference: reference\ntitle: title\nprice: price\ngroup: group\nattributes: [Couleur]\n"
        "specs: [ean]\n",
        encoding="utf-8",
    )
    result, out = import_sheet(tmp_path, source, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    mug, tshirt = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    assert (mug["reference"], mug["title"], mug["specs"]) == (
        "0750",
        "=== Mug ===",
        {"ean": "12345"},
    )
    assert tshirt["reference"] == "TS"
    assert [(v["reference"], v["Couleur"]) for v in tshirt["variants"]] == [
        ("TS-R", "Rouge"),
        ("TS-B", "Bleu"),
        ("TS-V", "Vert"),
    ]


def test_what_differs_between_a_group_s_rows_is_kept(tmp_path):
    source = tmp_path / "s.csv"
    source.write_text(
        "Ref;Nom;Prix;Modèle;Couleur;Poids;Matière\n"
        "TS-R;T-shirt rouge;25,00;TS;Rouge;150 g;coton\n"
        "TS-B;T-shirt bleu;25,00;TS;Bleu;180 g;\n"
        "TS-V;;25,00;TS;Vert;;coton\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "reference: Ref\ntitle: Nom\nprice: Prix\ngroup: Modèle\nattributes: [Couleur]\n"
        "specs: [Poids, Matière]\n",
        encoding="utf-8",
    )
    result, out = import_sheet(tmp_path, source, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    (tshirt,) = yaml.safe_load(out.read_text(encoding="utf-8"))["products"]
    # A spec the rows give differently is each variant's attribute; one they share, a spec.
    assert tshirt["specs"] == {"Matière": "coton"}
    assert tshirt["variants"] == [
        {"reference": "TS-R", "price": "25,00", "Couleur": "Rouge", "Poids": "150 g"},
        {"reference": "TS-B", "price": "25,00", "Couleur": "Bleu", "Poids": "180 g"},
        {"reference": "TS-V", "price": "25,00", "Couleur": "Vert"},
    ]
    # A product has one title: the others are named.
    assert tshirt["title"] == "T-shirt rouge"
    assert (
        f"{source}:3:2: warning: product TS: Nom differs between the rows of the group (line 3): "
        "the product has one, line 2's 'T-shirt rouge'\n"
        "    hint: give the rows of a group the same Nom, or put what differs in a column of "
        "'attributes'"
    ) in result.stderr


def test_a_key_given_twice_in_a_mapping_is_an_error_at_its_line(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text('Ref,Nom,Titre,Prix\nA-1,Lampe,Lampe bleue,"12,50"\n', encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("reference: Ref\ntitle: Nom\nprice: Prix\ntitle: Titre\n", "utf-8")
    result, out = import_sheet(tmp_path, source, "--mapping", mapping)
    assert_refused_without_traceback(result)
    assert f"{mapping}:4:1: error: the key 'title' comes twice (first on line 2)" in result.stderr
    assert not out.exists()
