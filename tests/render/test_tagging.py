"""Tagged PDF, read back by independent readers: poppler's `pdfinfo -struct-text` (roles and
their text in order), pikepdf (the tree, the parent tree, annotations, metadata) and the
preflight's PDF/UA check (every painted thing marked)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from sheets.preflight.ua import check_ua

from support import (
    SHOP,
    first_missing,
    long_description,
    outputs,
    run_sheets,
    words,
    write_catalog,
    write_shop_catalog,
)
from support import brochure as brochure_of


@dataclass
class Element:
    role: str
    depth: int
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def structure(pdf: Path) -> list[Element]:
    """The elements of the structure tree in reading order, each with its own text (poppler)."""
    shown = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    elements: list[Element] = []
    for line in shown.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        content = line.strip()
        if content.startswith('"') and elements:
            elements[-1].texts.append(content[1:-1])
        elif match := re.fullmatch(r"([A-Za-z0-9]+)(?: \((?:block|inline)\))?:?", content):
            elements.append(Element(match[1], depth))
    return elements


def letters(text: str) -> str:
    """What a reader must hear, whatever the spaces and hyphens at the ends of lines."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).replace("’", "'"))


def tree(pdf: pikepdf.Pdf):
    """Every structure element (pikepdf), depth first."""
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        yield element
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend(reversed(kids))


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory) -> tuple[Path, str]:
    """A sheet whose description runs over two columns and three pages, with a link, a QR
    code and a bar code."""
    folder = tmp_path_factory.mktemp("tagged")
    description = long_description(paragraphs=16)

    def change(data):
        data["catalog"]["contact"] = dict(SHOP)
        product = data["products"][0]
        product["description"] = description
        product["url"] = "https://www.example.fr/medailles/liberation"
        product["ean13"] = "3760123456784"

    write_catalog(folder, change)
    result = run_sheets("build", folder / "catalog.yaml", "-o", folder / "out", "--no-pdfx")
    assert result.exit_code in (0, 1), result.output
    sheet = next((folder / "out" / "sheets").glob("7505634-*.pdf"))
    return sheet, description


def test_every_word_of_a_description_is_in_a_paragraph_in_reading_order(long_sheet):
    sheet, description = long_sheet
    paragraphs = [e for e in structure(sheet) if e.role == "P"]
    read = "".join(letters(p.text) for p in paragraphs)
    assert letters(description) in read
    # Word by word: a line's last word is not joined to the next line's first.
    assert first_missing(words(description), words(" ".join(p.text for p in paragraphs))) is None
    # One paragraph to a reader, however many columns and pages it runs over.
    described = [
        p for p in paragraphs if letters(p.text) and letters(p.text) in letters(description)
    ]
    assert len(described) == len(description.split("\n\n"))
    assert any(len(p.texts) > 1 for p in described), "no paragraph was split: a longer text"
    assert len(pikepdf.open(sheet).pages) >= 3


def test_a_sheet_reads_as_heading_photo_price_table_and_codes(long_sheet):
    sheet, _ = long_sheet
    roles = [e.role for e in structure(sheet)]
    assert roles[0] == "Document"
    assert roles.count("H1") == 1
    assert roles.index("H1") < roles.index("Figure") < roles.index("Table")
    assert {"TR", "TH", "TD", "Link"} <= set(roles)
    with pikepdf.open(sheet) as pdf:
        figures = {str(e.get("/Alt")) for e in tree(pdf) if e.S == "/Figure"}
        headers = [e for e in tree(pdf) if e.S == "/TH"]
    assert "QR code: https://www.example.fr/medailles/liberation" in figures or any(
        "https://www.example.fr/medailles/liberation" in alt for alt in figures
    )
    assert any("3760123456784" in alt for alt in figures), figures
    assert all(alt.strip() for alt in figures)
    assert headers and all(str(h.A.Scope) == "/Row" for h in headers)


def test_links_are_tied_to_link_elements_and_described(long_sheet):
    sheet, _ = long_sheet
    with pikepdf.open(sheet) as pdf:
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
        links = 0
        for page in pdf.pages:
            assert page.obj.Tabs == "/S"
            for annotation in page.obj.get("/Annots", []):
                links += 1
                assert str(annotation.Contents)
                element = by_key[int(annotation.StructParent)]
                assert element.S == "/Link"
                objects = [k for k in element.K if isinstance(k, pikepdf.Dictionary)]
                objects = [k for k in objects if k.get("/Type") == "/OBJR"]
                assert any(k.Obj.objgen == annotation.objgen for k in objects)
        assert links >= 2  # the product's address, the shop's


def test_sheet_metadata_declares_pdf_ua_and_its_language(long_sheet):
    sheet, _ = long_sheet
    with pikepdf.open(sheet) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "fr-FR"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == "La Libération de Paris"


def test_no_untagged_content_on_any_page_of_sheets_and_brochure(tmp_path):
    write_shop_catalog(tmp_path)
    result = run_sheets("build", tmp_path / "catalog.yaml", "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code in (0, 1), result.output
    pdfs = outputs(tmp_path / "out")
    assert len(pdfs) > 2
    for pdf in pdfs:
        assert check_ua(pdf) == [], pdf.name


def test_the_brochure_reads_as_one_document_of_sections_contents_and_indexes(tmp_path):
    def change(data):
        data["catalog"].setdefault("theme", {})["index"] = True

    write_catalog(tmp_path, change)
    result = run_sheets("build", tmp_path / "catalog.yaml", "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code in (0, 1), result.output
    brochure = brochure_of(tmp_path / "out")
    elements = structure(brochure)
    roles = [e.role for e in elements]
    assert roles.count("Document") == 1
    assert roles.count("TOC") == 1 and roles.count("Index") == 2
    assert roles.count("TOCI") >= 2
    # Each category a section headed H1, its products sections headed H2 within it.
    sections = [e for e in elements if e.role == "Sect"]
    assert sections and all(e.depth > elements[0].depth for e in sections)
    assert "H2" in roles and roles.index("H1") < roles.index("H2")
    with pikepdf.open(brochure) as pdf:
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert len(set(keys)) == len(keys)
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree_keys = [int(numbers[i]) for i in range(0, len(numbers), 2)]
        assert tree_keys == sorted(set(tree_keys)) and set(keys) <= set(tree_keys)
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) > max(tree_keys)
    assert check_ua(brochure) == []


def test_the_brochures_links_are_tied_to_their_elements_in_the_tree(tmp_path):
    write_shop_catalog(tmp_path, url="https://www.example.fr")
    result = run_sheets("build", tmp_path / "catalog.yaml", "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code in (0, 1), result.output
    with pikepdf.open(brochure_of(tmp_path / "out")) as pdf:
        elements = {element.objgen for element in tree(pdf)}
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        links = 0
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                links += 1
                element = by_key[int(annotation.StructParent)]
                assert element.is_indirect and element.objgen in elements
                kids = [k for k in element.K if isinstance(k, pikepdf.Dictionary)]
                assert any(
                    k.get("/Obj") is not None and k.Obj.objgen == annotation.objgen for k in kids
                )
    assert links >= 2


def test_a_title_with_a_character_xml_cannot_hold_leaves_the_metadata_readable(tmp_path):
    def change(data):
        data["catalog"]["title"] = "Médailles \ufffe commémoratives"

    write_catalog(tmp_path, change)
    result = run_sheets("build", tmp_path / "catalog.yaml", "-o", tmp_path / "out", "--no-pdfx")
    assert result.exit_code in (0, 1), result.output
    for pdf in outputs(tmp_path / "out"):
        assert check_ua(pdf) == [], pdf.name  # the XMP among the rest


def test_a_footer_with_a_link_is_read_once_and_its_links_on_every_page_tied_to_it(long_sheet):
    sheet, _ = long_sheet
    footers = [e for e in structure(sheet) if e.role == "Link" and SHOP["email"] in e.text]
    assert len(footers) == 1
    with pikepdf.open(sheet) as pdf:
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        mailto = [
            annotation
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if str(annotation.A.URI).startswith("mailto:")
        ]
        assert len(mailto) == len(pdf.pages) >= 3
        assert len({by_key[int(a.StructParent)].objgen for a in mailto}) == 1
    assert check_ua(sheet) == []
