"""The brochure bound from many parts (render/assembly.py, render/pdfwriter.py): a sound PDF whose
pages carry their folios, whose contents link to the pages they name, whose fonts keep names of
their own, and whose photos are stored once."""

from __future__ import annotations

import copy
import hashlib
import io

import pikepdf
import pytest

import sheets.render.brochure
import sheets.render.items
from sheets.render import pdfwriter

from support import brochure, outline, page_texts, run_sheets, write_catalog


@pytest.fixture(scope="module")
def many_parts(tmp_path_factory):
    """A brochure of 12 products drawn as runs of 3 items: six parts besides the cover,
    contents and back cover; its folios drawn 5 pages to a part."""
    folder = tmp_path_factory.mktemp("parts")

    def twelve(data):
        first = data["products"][0]
        data["products"] = [
            {**copy.deepcopy(first), "reference": f"{7000 + n}", "title": f"Médaille {n}"}
            for n in range(12)
        ]

    catalog = write_catalog(folder, twelve)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sheets.render.items, "RUN_ITEMS", 3)
        patch.setattr(sheets.render.brochure, "FOLIOS_PER_PART", 5)
        result = run_sheets("build", catalog, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    return brochure(folder / "out")


def test_the_bound_brochure_is_a_sound_pdf(many_parts):
    with pikepdf.open(many_parts) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == len(page_texts(many_parts))


def test_each_page_after_the_cover_carries_its_number(many_parts):
    texts = page_texts(many_parts)
    assert len(texts) > 3 * 5  # folios from several parts
    for number, text in enumerate(texts[1:-1], start=2):
        if text.strip():  # blank pages before the back cover carry none
            assert f"Page {number}" in text or f"{number}" in text.split(), number
    assert "Page" not in texts[0] and "Page" not in texts[-1]


def test_contents_links_and_outline_point_at_the_products_pages(many_parts):
    texts = page_texts(many_parts)
    entries = outline(many_parts)
    products = [(title, page) for level, title, page in entries if level == 1]
    assert [title for title, _ in products] == [f"Médaille {n}" for n in range(12)]
    for title, page in products:  # counted from 1
        assert title in texts[page - 1], (title, page)
    with pikepdf.open(many_parts) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        targets = [
            pages[link.Dest[0].objgen] + 1
            for link in pdf.pages[1].obj.get("/Annots", [])
            if "/Dest" in link
        ]
    assert set(targets) == {page for _, _, page in entries}  # a line may link twice


def test_every_subset_font_has_a_name_of_its_own(many_parts):
    """ReportLab names every document's subsets alike (AAAAAA+…); two different subsets under one
    name are one font to some printers."""
    programs: dict[str, set[bytes]] = {}
    with pikepdf.open(many_parts) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = hashlib.sha256(obj.FontFile2.read_raw_bytes()).digest()
                programs.setdefault(str(obj.FontName), set()).add(program)
    assert len(programs) > 6, "each part has subsets of its own"
    assert all(len(found) == 1 for found in programs.values()), programs.keys()


def test_a_photo_drawn_by_several_parts_is_stored_once(many_parts):
    with pikepdf.open(many_parts) as pdf:
        images = [
            hashlib.sha256(obj.read_raw_bytes()).digest()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
    assert images and len(set(images)) == len(images)


def test_a_face_in_two_subsets_keeps_two_names(tmp_path):
    """More than 256 characters of one face make ReportLab write two subsets of it in one part
    (AAAAAA+, AAAAAB+): renamed in the brochure, they stay two names."""
    many = "".join(chr(code) for code in range(0x21, 0x7F)) + "".join(
        chr(code) for code in range(0xC0, 0x17F) if chr(code).isalpha()
    )
    description = " ".join(many[start : start + 8] for start in range(0, len(many), 8))

    def with_many_characters(data):
        data["products"][0]["description"] = description

    catalog = write_catalog(tmp_path, with_many_characters)
    result = run_sheets("build", catalog, "-o", tmp_path / "out")
    assert result.exit_code in (0, 1), result.output
    programs: dict[str, set[bytes]] = {}
    with pikepdf.open(brochure(tmp_path / "out")) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = hashlib.sha256(obj.FontFile2.read_raw_bytes()).digest()
                programs.setdefault(str(obj.FontName), set()).add(program)
    faces = [name.split("+", 1)[1] for name in programs]
    assert any(faces.count(face) > 1 for face in faces), "a face with two subsets"
    assert all(len(found) == 1 for found in programs.values()), programs.keys()


def test_two_subsets_never_get_one_tag_even_when_their_hashes_meet(monkeypatch):
    """Tags are six capitals from a hash: two that meet are told apart, the second made anew."""
    made = pdfwriter._capitals
    monkeypatch.setattr(
        pdfwriter, "_capitals", lambda seed: made(seed) if seed.endswith(b"\0") else b"SAMEAA"
    )
    writer = pdfwriter.PdfWriter(io.BytesIO())
    first = pdfwriter.Copier(writer, "part 0", {}, None)
    second = pdfwriter.Copier(writer, "part 1", {}, None)
    tags = [
        copier.entry("/BaseFont", pikepdf.Name("/AAAAAA+Lato-Bold")) for copier in (first, second)
    ]
    assert tags[0] == b"/BaseFont /SAMEAA+Lato-Bold"
    assert tags[1] != tags[0] and tags[1].endswith(b"+Lato-Bold")
    # The same subset keeps its tag wherever it is named (the font and its descriptor).
    assert (
        second.entry("/FontName", pikepdf.Name("/AAAAAA+Lato-Bold")) == b"/FontName " + tags[1][10:]
    )
