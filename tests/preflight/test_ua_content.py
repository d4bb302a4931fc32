"""`sheets preflight --ua`, marked content (ua_content.py): every painting operator of a page,
and of the forms it draws, tagged with an MCID the ParentTree knows or an artifact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from sheets.preflight.ua import check_ua

from support import Change, both, changed, said, struct_elements


def add_content(page: int, operators: bytes, resources: dict | None = None) -> Change:
    """A change drawing `operators` at the end of a page (1-based)."""

    def change(pdf: pikepdf.Pdf) -> None:
        target = pdf.pages[page - 1]
        for kind, named in (resources or {}).items():
            group = target.obj.Resources.get(kind) or pikepdf.Dictionary()
            for name, value in named.items():
                group[name] = value(pdf) if callable(value) else value
            target.obj.Resources[kind] = group
        target.contents_add(pdf.make_stream(operators), prepend=False)

    return change


def form(content: bytes, **extra) -> Callable[[pikepdf.Pdf], pikepdf.Stream]:
    return lambda pdf: pdf.make_stream(
        content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10], **extra
    )


def content_findings(tagged_pdf: Path, tmp_path: Path, change: Change) -> list[str]:
    return said(check_ua(changed(tagged_pdf, tmp_path, change)))


UNMARKED = (
    "2: error: ua-marked-content: {} outside marked content, neither tagged nor an artifact: put "
    "real content in a BDC sequence with an MCID, decoration in /Artifact"
)


def test_a_path_outside_marked_content_is_counted_on_its_page(tagged_pdf, tmp_path):
    changed_pdf = changed(tagged_pdf, tmp_path, add_content(2, b"0 0 m 10 10 l S 5 5 10 10 re f"))
    findings = check_ua(changed_pdf)
    assert said(findings) == [UNMARKED.format("paths")]
    assert findings[0].details["operators"] == 2


def test_decoration_marked_as_an_artifact_passes(tagged_pdf, tmp_path):
    change = add_content(2, b"/Artifact BMC 0 0 m 10 10 l S EMC")
    assert content_findings(tagged_pdf, tmp_path, change) == []


def test_an_artifact_with_properties_passes(tagged_pdf, tmp_path):
    change = add_content(2, b"/Artifact <</Type /Pagination>> BDC 0 0 m 10 10 l S EMC")
    assert content_findings(tagged_pdf, tmp_path, change) == []


def test_a_span_without_an_mcid_does_not_tag_its_content(tagged_pdf, tmp_path):
    change = add_content(2, b"/Span <</Lang (en)>> BDC BT /F1 9 Tf (x) Tj ET EMC")
    assert content_findings(tagged_pdf, tmp_path, change) == [UNMARKED.format("text")]


def test_an_mcid_named_in_the_page_properties_is_tagged(tagged_pdf, tmp_path):
    properties = {"/Properties": {"/MC9": pikepdf.Dictionary(MCID=5)}}
    extend = extend_parent_tree(1, 5)
    change = add_content(2, b"/TD /MC9 BDC 0 0 m 10 10 l S EMC", properties)
    assert content_findings(tagged_pdf, tmp_path, both(change, extend)) == []


def test_images_shadings_and_text_outside_marked_content_are_counted(tagged_pdf, tmp_path):
    resources = {
        "/XObject": {
            "/Im9": lambda pdf: pdf.make_stream(
                b"\x80",
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=1,
                Height=1,
                ColorSpace=pikepdf.Name.DeviceGray,
                BitsPerComponent=8,
            )
        },
        "/Shading": {
            "/Sh9": pikepdf.Dictionary(
                ShadingType=2,
                ColorSpace=pikepdf.Name.DeviceGray,
                Coords=[0, 0, 1, 0],
                Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], N=1),
            )
        },
    }
    operators = (
        b"q 10 0 0 10 0 0 cm /Im9 Do Q /Sh9 sh BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI "
        b"BT /F1 9 Tf (x) Tj [(y)] TJ (z) ' 1 1 (w) \" ET"
    )
    findings = check_ua(changed(tagged_pdf, tmp_path, add_content(2, operators, resources)))
    assert said(findings) == [UNMARKED.format("images, shadings and text")]
    assert findings[0].details["by_kind"] == {"images": 2, "shadings": 1, "text": 4}


def test_a_form_drawn_outside_marked_content_has_its_content_counted(tagged_pdf, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S")}}
    change = add_content(2, b"/Fm9 Do", resources)
    assert content_findings(tagged_pdf, tmp_path, change) == [UNMARKED.format("paths")]


def test_a_form_drawn_inside_an_artifact_is_an_artifact(tagged_pdf, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S BT /F1 9 Tf (x) Tj ET")}}
    change = add_content(2, b"/Artifact BMC /Fm9 Do EMC", resources)
    assert content_findings(tagged_pdf, tmp_path, change) == []


def test_a_form_tagged_as_a_whole_passes(tagged_pdf, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S", StructParent=7)}}
    assert content_findings(tagged_pdf, tmp_path, add_content(2, b"/Fm9 Do", resources)) == []


NESTED = {
    "an MCID inside another MCID": b"/P <</MCID 5>> BDC /Span <</MCID 6>> BDC EMC EMC",
    "an Artifact inside tagged content": b"/P <</MCID 5>> BDC /Artifact BMC EMC EMC",
    "tagged content inside an Artifact": b"/Artifact BMC /P <</MCID 5>> BDC EMC EMC",
}


@pytest.mark.parametrize("what", NESTED)
def test_sequences_nested_the_way_pdf_ua_forbids_are_found(tagged_pdf, tmp_path, what):
    change = both(add_content(2, NESTED[what]), extend_parent_tree(1, 5, 6))
    assert content_findings(tagged_pdf, tmp_path, change) == [
        f"2: error: ua-marked-content: {what}: close the outer marked-content sequence (EMC) "
        "before opening this one"
    ]


def test_marked_content_left_open_is_found(tagged_pdf, tmp_path):
    change = both(add_content(2, b"/P <</MCID 5>> BDC"), extend_parent_tree(1, 5))
    assert content_findings(tagged_pdf, tmp_path, change) == [
        "2: error: ua-marked-content: marked-content sequences do not balance (a BMC/BDC without "
        "its EMC, or the reverse): close each in the stream that opens it"
    ]


def test_an_mcid_the_parent_tree_does_not_know_is_found(tagged_pdf, tmp_path):
    findings = check_ua(changed(tagged_pdf, tmp_path, add_content(2, b"/P <</MCID 9>> BDC EMC")))
    assert said(findings) == [
        "2: error: ua-mcid: MCIDs of the page are not in the ParentTree: readers cannot tell which "
        "element they belong to; list their elements under key 1"
    ]
    assert findings[0].details["missing"] == [9]


def test_a_page_with_mcids_needs_struct_parents(tagged_pdf, tmp_path):
    change = lambda pdf: pdf.pages[1].obj.__delitem__("/StructParents")  # noqa: E731
    assert content_findings(tagged_pdf, tmp_path, change) == [
        "2: error: ua-mcid: the page has MCIDs but no /StructParents: give it one, and a "
        "ParentTree entry listing each MCID's element"
    ]


def test_mcids_in_a_form_belong_to_the_form_struct_parents(tagged_pdf, tmp_path):
    resources = {
        "/XObject": {"/Fm9": form(b"/P <</MCID 0>> BDC 0 0 m 1 1 l S EMC", StructParents=1)}
    }
    assert content_findings(tagged_pdf, tmp_path, add_content(2, b"/Fm9 Do", resources)) == []
    resources = {
        "/XObject": {"/Fm9": form(b"/P <</MCID 7>> BDC 0 0 m 1 1 l S EMC", StructParents=1)}
    }
    assert content_findings(tagged_pdf, tmp_path, add_content(2, b"/Fm9 Do", resources)) == [
        "2: error: ua-mcid: MCIDs of the form /Fm9 are not in the ParentTree: readers cannot tell "
        "which element they belong to; list their elements under key 1"
    ]


def extend_parent_tree(key: int, *mcids: int) -> Change:
    """A change giving `mcids` of ParentTree entry `key` an element (a P of the document)."""

    def change(pdf: pikepdf.Pdf) -> None:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        entry = nums[list(nums).index(key) + 1]
        while len(entry) <= max(mcids):
            entry.append(struct_elements(pdf, "P")[0])

    return change
