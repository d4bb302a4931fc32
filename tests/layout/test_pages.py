"""What is drawn around the text (pages.py): running heads, footers with the page number and the
shop's contact, the outline, and margins where nothing is drawn."""

from __future__ import annotations

from pypdf import PdfReader

from sheets.build import build

from support import (
    EPOCH,
    ink_near_edges,
    link_uris,
    long_description,
    outline,
    page_texts,
    run_sheets,
    text_outside_the_margins,
    write_catalog,
    write_shop_catalog,
)

# -- the outline ---------------------------------------------------------------------------


def test_outline_counts_the_entries_a_reader_shows_open(built):
    out, _ = built
    reader = PdfReader(out / "medailles-commemoratives.pdf")
    root = reader.trailer["/Root"]["/Outlines"]
    assert root["/Count"] == len(outline(out / "medailles-commemoratives.pdf")) == 5
    first = root["/First"].get_object()
    assert first["/Title"] == "Histoire de France" and first["/Count"] == 2


# -- footers and running heads -------------------------------------------------------------


def test_brochure_pages_are_numbered_in_the_footer(built):
    out, _ = built
    texts = page_texts(out / "medailles-commemoratives.pdf")
    assert "Page 1" not in texts[0], "the cover carries no number"
    assert "Page" not in texts[-1], "nor the back cover"
    for number, text in enumerate(texts[1:-1], start=2):
        assert f"Page {number}" in text


def test_sheet_footer_carries_the_shops_contact_with_a_mailto_link(tmp_path):

    catalog = write_shop_catalog(tmp_path)
    run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750", env=EPOCH)
    sheet = tmp_path / "out" / "sheets" / "0750-tour-eiffel.pdf"
    text = page_texts(sheet)[0]
    assert "01 42 60 00 00 · contact@example.fr · 12 rue de la Monnaie, 75001 Paris" in text
    assert "mailto:contact@example.fr" in link_uris(sheet)


def test_running_heads_draw_fallback_characters_too(tmp_path):

    def checked_title(data):
        data["products"][0]["title"] = "Médaille ✓ № 1"
        data["products"][0]["description"] = long_description()

    catalog = write_catalog(tmp_path, checked_title)
    report = build(catalog, tmp_path / "out")
    sheet = next(path for path in report.sheets if path.name.startswith("7505634-"))
    continuation = " ".join(page_texts(sheet)[1].split())
    assert "Médaille ✓ № 1" in continuation, "the running head of the continuation page"
    assert not [p for p in report.warnings if "cannot draw" in p.message]


def test_running_head_fallback_uses_the_bold_fallback_face(tmp_path):

    def checked_title(data):
        data["products"][0]["title"] = "Médaille ✓"
        data["products"][0]["description"] = long_description()

    catalog = write_catalog(tmp_path, checked_title)
    report = build(catalog, tmp_path / "out")
    sheet = next(path for path in report.sheets if path.name.startswith("7505634-"))
    page = PdfReader(sheet).pages[1]  # a continuation page: the title is only in its running head
    faces = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any(face.endswith("DejaVuSans-Bold") for face in faces), faces


# -- margins -------------------------------------------------------------------------------


def test_no_text_is_drawn_in_the_outer_margin(built):
    out, _ = built
    for pdf in [out / "medailles-commemoratives.pdf", *sorted((out / "sheets").iterdir())]:
        assert text_outside_the_margins(pdf, margin_pt=36) == [], pdf.name


def test_sheets_draw_nothing_at_all_in_the_outer_margin(built):
    out, _ = built
    for sheet in sorted((out / "sheets").iterdir()):
        assert not ink_near_edges(sheet, 0, border_pt=36), sheet.name


def test_the_shops_details_take_a_second_footer_line_rather_than_be_cut(tmp_path):
    address = "12 rue de la Monnaie, bâtiment B, 75001 Paris"

    def a5_shop(data):
        data["catalog"]["theme"] = {"page_size": "A5"}
        data["catalog"]["contact"] = {
            "phone": "01 42 60 00 00",
            "email": "contact@tresor-du-patrimoine.fr",
            "address": address,
        }

    catalog = write_catalog(tmp_path, a5_shop)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "0750")
    assert result.exit_code == 0, result.output
    assert "footer" not in result.output, "no warning: it fits on two lines"
    text = " ".join(page_texts(tmp_path / "out" / "sheets" / "0750-tour-eiffel.pdf")[0].split())
    assert f"01 42 60 00 00 · contact@tresor-du-patrimoine.fr · {address}" in text

    def longer(data):
        a5_shop(data)
        data["catalog"]["contact"]["address"] = address * 3

    write_catalog(tmp_path, longer)
    result = run_sheets("check", catalog)
    assert (
        "warning: the shop's phone, email and address are too long for two lines of the sheets' "
        "footer: the end is cut"
    ) in result.output
