"""One product's flowables (product.py): specs that flow on past a page, and many photos as
thumbnails in rows of at most four."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from sheets.build import build

from support import inside, page_images, page_texts, run_sheets, write_catalog, write_image

SHEET = "sheets/{reference}-{slug}.pdf"
BROCHURE = "medailles-commemoratives.pdf"


def test_a_product_with_more_specs_than_a_page_holds_flows_on(tmp_path):
    def many_specs(data):
        data["products"][0]["specs"] = {f"Caractéristique {i}": f"valeur {i}" for i in range(90)}

    catalog = write_catalog(tmp_path, many_specs)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    text = "\n".join(page_texts(sheet))
    assert len(PdfReader(sheet).pages) >= 2
    assert all(f"CARACTÉRISTIQUE {i}\nvaleur {i}\n" in text for i in range(90)), (
        "labels are set in capitals"
    )


def many_photos(data, count: int = 30) -> None:
    data["products"][0]["images"] = [f"images/many-{number:02}.jpg" for number in range(count)]


def write_many_photos(folder: Path, count: int = 30) -> None:
    """Each photo its own colour, so that no two are the same image in the PDF."""
    for number in range(count):
        write_image(folder / f"many-{number:02}.jpg", 300, (8 * number, 120, 250 - 8 * number))


def test_thirty_photos_are_all_drawn_in_rows_of_at_most_four_inside_the_page(tmp_path):
    write_many_photos(tmp_path / "images")
    catalog = write_catalog(tmp_path, many_photos)
    build(catalog, tmp_path / "out")
    for pdf, expected in (
        (tmp_path / "out" / SHEET.format(reference="7505634", slug="la-liberation-de-paris"), 30),
        (tmp_path / "out" / BROCHURE, 30 + 2 + 1),  # the two other products' photos, the cover
    ):
        placed = [
            (number, page.get_trimbox(), image.get_bounds())
            for number, page in enumerate(pdfium.PdfDocument(str(pdf)))
            for image in page_images(page)
        ]
        assert len(placed) == expected, pdf.name
        assert all(inside(bounds, trim) for _, trim, bounds in placed), pdf.name
        widths = sorted(right - left for _, _, (left, _, right, _) in placed)
        assert widths[0] > 40, f"thumbnails of {widths[0]:.1f} pt are too small to see"
        tops = [(number, round(top)) for number, _, (_, _, _, top) in placed]
        assert max(tops.count(row) for row in tops) <= 4, "a row of more than four photos"


def test_specs_in_groups_show_under_their_headings_and_short_values_leave_labels_whole(tmp_path):
    def grouped(data):
        data["products"][0]["specs"] = {
            "Référence fabricant": "PX-18",
            "Électrique": {"Tension": "18 V", "Batterie": {"fr": "lithium-ion", "en": "Li-ion"}},
            "Dimensions": {"Longueur": "24 cm", "Poids": "1,6 kg"},
        }

    catalog = write_catalog(tmp_path, grouped)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    text = page_texts(sheet)[0]
    lines = [line.strip() for line in text.splitlines()]
    # Each heading before its specs, in the catalog's order; the long label on one line.
    order = ["RÉFÉRENCE FABRICANT", "ÉLECTRIQUE", "TENSION", "BATTERIE", "DIMENSIONS", "POIDS"]
    assert [lines.index(label) for label in order] == sorted(lines.index(label) for label in order)
    assert "lithium-ion" in lines and "1,6 kg" in lines


def test_a_group_of_specs_inside_a_group_is_refused_at_its_line(tmp_path):
    def nested(data):
        data["products"][0]["specs"] = {"Électrique": {"Moteur": {"Tension": "18 V"}}}

    catalog = write_catalog(tmp_path, nested)
    result = run_sheets("check", catalog)
    assert result.exit_code == 2, result.output
    assert "spec group 'Moteur' is inside group 'Électrique'" in result.output
    assert "catalog.yaml:" in result.output and "Traceback" not in result.output


def test_a_title_filling_the_first_page_puts_the_photo_and_details_on_the_next(tmp_path):
    def towering(data):
        data["catalog"]["theme"] = {"page_size": "A5"}
        data["products"][0]["title"] = ("Perceuse " * 22)[:199]

    catalog = write_catalog(tmp_path, towering)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634")
    assert result.exit_code == 0, result.output
    sheet = next((tmp_path / "out" / "sheets").glob("7505634-*.pdf"))
    texts = page_texts(sheet)
    assert " ".join(texts[0].split()).count("Perceuse") == 22
    assert "17,80" in texts[1] and "7505634" in texts[1]
