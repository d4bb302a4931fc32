"""`sheets build`: the sheets and the brochure, read back from the PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from sheets.cli import main
from sheets.i18n.typography import typeset_text

from catalogs import LIBERATION, long_description, write_catalog, write_image
from pdfs import (
    drawn_description,
    fonts,
    ink_near_edges,
    line_with,
    link_uris,
    outline,
    page_texts,
    text_outside_the_margins,
    words,
)

A4 = (595.28, 841.89)


def spaces_normalised(text: str) -> str:
    """No-break spaces as plain ones: what matters here is the words, not the space's kind."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def run_build(catalog: Path, out: Path, *args: str, env=None):
    return CliRunner().invoke(main, ["build", str(catalog), "-o", str(out), *args], env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shop")
    catalog = write_catalog(folder)
    result = run_build(catalog, folder / "out")
    assert result.exit_code == 0, result.output
    return folder / "out", result


def test_build_writes_one_named_sheet_per_product_and_the_brochure(built):
    out, result = built
    assert sorted(p.name for p in (out / "sheets").iterdir()) == [
        "0750-tour-eiffel.pdf",
        "7505634-la-liberation-de-paris.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]
    assert (out / "medailles-commemoratives.pdf").is_file()
    assert "Built 3 sheets (3 pages" in result.output
    assert not list(out.rglob(".*.tmp")), "no temporary file is left behind"


def test_sheet_shows_everything_about_the_founding_product(built):
    out, _ = built
    sheet = out / "sheets" / "7505634-la-liberation-de-paris.pdf"
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1
    assert [round(float(v), 2) for v in reader.pages[0].mediabox[2:]] == list(A4)
    text = spaces_normalised(reader.pages[0].extract_text())
    for expected in [
        "La Libération de Paris",
        "HISTOIRE DE FRANCE",
        "17,80 €",
        "7505634",
        "métaux communs",
        "41 mm",
        "31 g",
        "cannelée",
        "sous capsule",
        "Mis à jour le 8 août 2017",
        "Trésor du patrimoine",
        "example.fr",
    ]:
        assert expected in text, expected
    assert words(drawn_description(sheet, LIBERATION)) == words(LIBERATION)


def test_sheet_metadata_and_link(built):
    out, _ = built
    sheet = out / "sheets" / "7505634-la-liberation-de-paris.pdf"
    reader = PdfReader(sheet)
    assert reader.metadata.title == "La Libération de Paris"
    assert reader.metadata.author == "Trésor du patrimoine"
    assert "7505634" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert sorted(link_uris(sheet)) == ["https://www.example.fr", "https://www.example.fr/7505634"]
    open_action = reader.trailer["/Root"]["/OpenAction"]
    assert open_action[1] == "/Fit" and reader.get_page_number(open_action[0].get_object()) == 0


def test_price_of_a_thousand_euros_and_leading_zero_reference(built):
    out, _ = built
    text = spaces_normalised(page_texts(out / "sheets" / "0750-tour-eiffel.pdf")[0])
    assert "1 299,00 €" in text
    assert "0750" in text


def test_brochure_has_cover_contents_sections_and_products_in_catalog_order(built):
    out, _ = built
    brochure = out / "medailles-commemoratives.pdf"
    texts = page_texts(brochure)
    assert "Médailles commémoratives" in " ".join(texts[0].split())
    assert "Édition d'essai" in texts[0]
    assert "Sommaire" in texts[1]
    assert outline(brochure) == [
        (0, "Histoire de France", 3),
        (1, "La Libération de Paris", 4),
        (1, "Le sacre de Napoléon", 5),
        (0, "Patrimoine", 6),
        (1, "Tour Eiffel", 7),
    ]
    assert len(texts) == 7
    assert "La Libération de Paris" in texts[3] and "Le sacre de Napoléon" in texts[4]


def test_outline_counts_the_entries_a_reader_shows_open(built):
    out, _ = built
    reader = PdfReader(out / "medailles-commemoratives.pdf")
    root = reader.trailer["/Root"]["/Outlines"]
    assert root["/Count"] == len(outline(out / "medailles-commemoratives.pdf")) == 5
    first = root["/First"].get_object()
    assert first["/Title"] == "Histoire de France" and first["/Count"] == 2


def test_contents_page_numbers_point_at_the_right_pages(built):
    out, _ = built
    brochure = out / "medailles-commemoratives.pdf"
    for _, title, page in outline(brochure):
        # Each entry's line ends with its page number (after the dot leader, if any).
        assert words(line_with(brochure, 1, title))[-1] == str(page), title
    reader = PdfReader(brochure)
    targets = {
        reader.get_page_number(annotation.get_object()["/Dest"][0].get_object())
        for annotation in reader.pages[1]["/Annots"]
    }
    assert targets == {page - 1 for _, _, page in outline(brochure)}


def test_brochure_pages_are_numbered_in_the_footer(built):
    out, _ = built
    texts = page_texts(out / "medailles-commemoratives.pdf")
    assert "Page 1" not in texts[0], "the cover carries no number"
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number}" in text


def test_brochure_metadata(built):
    out, _ = built
    reader = PdfReader(out / "medailles-commemoratives.pdf")
    assert reader.metadata.title == "Médailles commémoratives"
    assert reader.metadata.author == "Trésor du patrimoine"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_every_font_is_embedded(built):
    out, _ = built
    for pdf in [out / "medailles-commemoratives.pdf", *sorted((out / "sheets").iterdir())]:
        used = fonts(pdf)
        assert used and all(used.values()), (pdf.name, used)
        assert not any("Helvetica" in name for name in used), used


def test_no_text_is_drawn_in_the_outer_margin(built):
    out, _ = built
    for pdf in [out / "medailles-commemoratives.pdf", *sorted((out / "sheets").iterdir())]:
        assert text_outside_the_margins(pdf, margin_pt=36) == [], pdf.name


def test_sheets_draw_nothing_at_all_in_the_outer_margin(built):
    out, _ = built
    for sheet in sorted((out / "sheets").iterdir()):
        assert not ink_near_edges(sheet, 0, border_pt=36), sheet.name


def test_long_description_flows_onto_a_continuation_page_with_every_word(tmp_path):
    text = long_description()

    def make_long(data):
        data["products"][0]["description"] = text

    catalog = write_catalog(tmp_path, make_long)
    assert run_build(catalog, tmp_path / "out", "--only", "7505634").exit_code == 0
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    texts = page_texts(sheet)
    assert len(texts) >= 2
    assert "suite" in texts[1] and "La Libération de Paris" in texts[1], "running header"
    assert words(drawn_description(sheet, text)) == words(text)
    for index in range(len(texts)):
        assert not ink_near_edges(sheet, index, border_pt=36)


def test_description_is_hyphenated_in_french(tmp_path):
    def make_long(data):
        data["products"][0]["description"] = long_description(paragraphs=6)

    catalog = write_catalog(tmp_path, make_long)
    run_build(catalog, tmp_path / "out", "--only", "7505634")
    text = "\n".join(page_texts(tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"))
    hyphenated = [line for line in text.splitlines() if line.rstrip().endswith("-")]
    assert len(hyphenated) >= 3


@pytest.mark.parametrize(
    "hostile",
    ["R&D", "a<b", "<b>x</b>", '<img src="/etc/passwd"/>', "&amp; déjà échappé", "<font size=40>x"],
)
def test_catalog_text_is_drawn_literally_never_as_markup(tmp_path, hostile):
    def inject(data):
        product = data["products"][0]
        product["title"] = f"Titre {hostile}"
        product["specs"]["Atelier"] = hostile
        product["description"] = f"Avant {hostile} après."
        data["categories"][0]["title"] = f"Cat {hostile}"

    catalog = write_catalog(tmp_path, inject)
    result = run_build(catalog, tmp_path / "out")
    assert result.exit_code == 0, result.output
    sheets = sorted((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    text = spaces_normalised(page_texts(sheets[0])[0])
    # Drawn as written, but for French typography (a no-break space before ';' in '&amp;').
    title = spaces_normalised(typeset_text(f"Titre {hostile}", "fr_FR"))
    assert title in text
    assert spaces_normalised(typeset_text(f"Avant {hostile} après.", "fr_FR")) in text
    brochure = tmp_path / "out" / "medailles-commemoratives.pdf"
    assert title in spaces_normalised(page_texts(brochure)[1]), "contents entries are escaped too"
    assert any(entry == f"Titre {hostile}" for _, entry, _ in outline(brochure))


def test_a_character_the_fonts_cannot_draw_is_a_warning_naming_product_and_character(tmp_path):
    def add_cjk(data):
        data["products"][1]["description"] = "Édition spéciale 東京."

    catalog = write_catalog(tmp_path, add_cjk)
    result = run_build(catalog, tmp_path / "out")
    assert result.exit_code == 0
    assert (
        "warning: product 0750: the fonts cannot draw '東' (U+6771), '京' (U+4EAC) in the description"
        in result.output
    )


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
            "is damaged or truncated",
        ),
        (lambda p: p.write_bytes(b"not an image at all"), "is not an image Pillow can read"),
        (lambda p: p.write_bytes(b""), "is not an image Pillow can read"),
    ],
    ids=["truncated", "not-an-image", "empty"],
)
def test_bad_image_fails_with_exit_2_and_leaves_previous_outputs_untouched(
    tmp_path, damage, message
):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    assert run_build(catalog, out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    damage(tmp_path / "images" / "0750.jpg")
    result = run_build(catalog, out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"product 0750: image 'images/0750.jpg' {message}" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before
    state = [out / ".sheets", out / ".sheets" / "lock", out / ".sheets" / "outputs.json"]
    assert sorted(out.rglob("*")) == sorted([*before, out / "sheets", *state])


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    import sheets.catalog.images

    catalog = write_catalog(tmp_path)
    write_image(tmp_path / "images" / "0750.jpg", size=1200)
    monkeypatch.setattr(sheets.catalog.images, "MAX_PIXELS", 1000 * 1000)
    sheets.catalog.images._read_image_info.cache_clear()
    result = run_build(catalog, tmp_path / "out")
    assert result.exit_code == 2
    assert "is 1200×1200 px" in result.output
    assert not (tmp_path / "out").exists()


def test_image_through_a_symlink_leaving_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    write_image(outside / "secret.jpg")
    shop = tmp_path / "shop"
    catalog = write_catalog(shop)
    (shop / "images" / "0750.jpg").unlink()
    (shop / "images" / "0750.jpg").symlink_to(outside / "secret.jpg")
    result = run_build(catalog, shop / "out")
    assert result.exit_code == 2
    assert "image 'images/0750.jpg' is outside the catalog's folder" in result.output


def test_bad_catalog_writes_nothing(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["products"][0].update(price="17,8O"))
    result = run_build(catalog, tmp_path / "out")
    assert result.exit_code == 2
    assert "'price' '17,8O' is not a price in fr_FR" in result.output
    assert not (tmp_path / "out").exists()


def test_only_builds_just_the_named_sheets(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_build(catalog, tmp_path / "out", "--only", "0750,7510001")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.pdf")) == [
        "0750-tour-eiffel.pdf",
        "7510001-le-sacre-de-napoleon.pdf",
    ]


def test_only_with_an_unknown_reference_suggests_the_closest(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_build(catalog, tmp_path / "out", "--only", "7505643")
    assert result.exit_code == 2
    assert "no product has the reference 7505643" in result.output
    assert "did you mean 7505634?" in result.output


def test_two_builds_are_byte_identical(tmp_path):
    catalog = write_catalog(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    for out in ("a", "b"):
        assert run_build(catalog, tmp_path / out, env=env).exit_code == 0
    first = sorted((tmp_path / "a").rglob("*.pdf"))
    assert len(first) == 4
    for pdf in first:
        twin = tmp_path / "b" / pdf.relative_to(tmp_path / "a")
        assert pdf.read_bytes() == twin.read_bytes(), pdf.name
    assert PdfReader(first[0]).metadata["/CreationDate"].startswith("D:20231114")


def test_outputs_are_readable_by_everyone(built):
    out, _ = built
    for pdf in out.rglob("*.pdf"):
        assert os.stat(pdf).st_mode & 0o444 == 0o444


def test_a_product_with_more_specs_than_a_page_holds_flows_on(tmp_path):
    def many_specs(data):
        data["products"][0]["specs"] = {f"Caractéristique {i}": f"valeur {i}" for i in range(90)}

    catalog = write_catalog(tmp_path, many_specs)
    result = run_build(catalog, tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    text = "\n".join(page_texts(sheet))
    assert len(PdfReader(sheet).pages) >= 2
    assert all(f"CARACTÉRISTIQUE {i}\nvaleur {i}\n" in text for i in range(90)), (
        "labels are set in capitals"
    )


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    catalog = write_catalog(tmp_path)
    (tmp_path / "taken").write_text("a file, not a folder")
    result = run_build(catalog, tmp_path / "taken" / "out")
    assert result.exit_code == 2
    assert "error: cannot write the PDFs: Not a directory" in result.output
    assert "Traceback" not in result.output


def test_sheets_drawn_in_parallel_are_the_same_bytes_as_drawn_one_by_one(tmp_path, monkeypatch):
    import sheets.render.parallel

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalog = write_catalog(tmp_path)
    outputs = {}
    for name, threshold in (("serial", 10_000), ("parallel", 2)):
        monkeypatch.setattr(sheets.render.parallel, "PARALLEL_FROM", threshold)
        assert run_build(catalog, tmp_path / name, "--only", "7505634,0750,7510001").exit_code == 0
        outputs[name] = {p.name: p.read_bytes() for p in (tmp_path / name / "sheets").iterdir()}
    assert len(outputs["serial"]) == 3
    assert outputs["parallel"] == outputs["serial"]


def test_a_16_bit_png_is_drawn_not_left_blank(tmp_path):
    import pypdfium2 as pdfium
    from PIL import Image, ImageStat

    def with_16_bit(data):
        data["products"][0]["images"] = ["images/7505634.jpg", "images/grey16.png"]

    (tmp_path / "images").mkdir()
    Image.new("I;16", (500, 500), 3000).save(tmp_path / "images" / "grey16.png")  # a dark grey
    catalog = write_catalog(tmp_path, with_16_bit)
    assert run_build(catalog, tmp_path / "out", "--only", "7505634").exit_code == 0
    page = pdfium.PdfDocument(
        str(tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf")
    )[0]
    images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 2
    thumbnail = min(images, key=lambda image: image.get_px_size()[0])  # the second photo
    pixels = thumbnail.get_bitmap().to_pil().convert("L")
    assert ImageStat.Stat(pixels).mean[0] < 40, "dark grey, not blank white or black-on-nothing"


def test_a_title_without_latin_letters_names_the_sheet_by_its_reference(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["products"][1].update(title="Москва"))
    assert run_build(catalog, tmp_path / "out", "--only", "0750").exit_code == 0
    assert (tmp_path / "out" / "sheets" / "0750.pdf").is_file()


def test_sections_are_numbered_among_the_published_ones(tmp_path):
    def empty_first(data):
        data["categories"].insert(0, {"id": "vide", "title": "Vide"})

    catalog = write_catalog(tmp_path, empty_first)
    assert run_build(catalog, tmp_path / "out").exit_code == 0
    texts = page_texts(tmp_path / "out" / "medailles-commemoratives.pdf")
    assert "01" in texts[2] and "Histoire de France" in texts[2]


def test_a_full_build_removes_the_sheets_of_renamed_or_removed_products(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_build(catalog, tmp_path / "out").exit_code == 0

    def renamed(data):
        data["products"][1]["title"] = "La tour Eiffel"
        del data["products"][2]

    write_catalog(tmp_path, renamed)
    result = run_build(catalog, tmp_path / "out")
    assert result.exit_code == 0
    assert "removed 2 outdated files" in result.output
    assert sorted(p.name for p in (tmp_path / "out" / "sheets").iterdir()) == [
        "0750-la-tour-eiffel.pdf",
        "7505634-la-liberation-de-paris.pdf",
    ]


def test_building_only_some_sheets_removes_nothing(tmp_path):
    catalog = write_catalog(tmp_path)
    assert run_build(catalog, tmp_path / "out").exit_code == 0
    assert run_build(catalog, tmp_path / "out", "--only", "0750").exit_code == 0
    assert len(list((tmp_path / "out" / "sheets").iterdir())) == 3


def test_brochure_options_with_only_are_said_to_be_ignored(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_build(
        catalog, tmp_path / "out", "--only", "0750", "--impose", "saddle", "--booklet"
    )
    assert result.exit_code == 0
    assert (
        "warning: --booklet, --impose concern the brochure, which --only does not build"
        in result.output
    )


def test_only_without_a_reference_is_a_usage_error(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_build(catalog, tmp_path / "out", "--only", ",")
    assert result.exit_code == 2
    assert "--only needs at least one product reference" in result.output
    assert not (tmp_path / "out").exists()
