"""`sheets preflight --ua` (ua.py, ua_document.py): PDF/UA-1's machine-checkable basics of the
whole document, found in a tagged PDF (support.write_tagged_pdf) broken one way at a time and in
an untagged PDF as ReportLab makes it; the command's text and JSON."""

from __future__ import annotations

import json

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from sheets.preflight.checks import PreflightError
from sheets.preflight.ua import check_ua

from support import UA_XMP, Change, changed, run_sheets, said, set_xmp


def test_a_pdf_tagged_right_has_no_findings(tagged_pdf):
    assert said(check_ua(tagged_pdf)) == []


def test_the_bytes_of_a_pdf_are_checked_like_its_file(tagged_pdf, tmp_path):
    broken = changed(tagged_pdf, tmp_path, lambda pdf: pdf.Root.__delitem__("/Lang"))
    assert said(check_ua(broken.read_bytes())) == said(check_ua(broken)) != []


def test_an_untagged_reportlab_pdf_is_reported_untagged(tmp_path):
    canvas = Canvas(str(tmp_path / "untagged.pdf"), pagesize=A4)
    canvas.drawString(72, 700, "Médailles")
    canvas.line(72, 690, 300, 690)
    canvas.showPage()
    canvas.save()
    findings = check_ua(tmp_path / "untagged.pdf")
    assert said(findings) == [
        "document: error: ua-tagged: not marked as tagged: set /MarkInfo << /Marked true >> in the catalog",
        "document: error: ua-tagged: untagged: no structure tree (/StructTreeRoot), so screen readers "
        "get no reading order, headings or alternate text; make the PDF with tagging on",
        "document: error: ua-language: no document language: set /Lang in the catalog (e.g. fr-FR)",
        "document: error: ua-title: the viewer shows the file name, not the title: set "
        "/ViewerPreferences << /DisplayDocTitle true >> in the catalog",
        "document: error: ua-metadata: no XMP metadata: add a metadata stream with the title "
        "(dc:title) and pdfuaid:part 1",
        "1: error: ua-marked-content: paths and text outside marked content, neither tagged nor an "
        "artifact: put real content in a BDC sequence with an MCID, decoration in /Artifact",
        "1: error: fonts: font Helvetica is not embedded (a standard-14 font: the printer "
        "substitutes its own)",
    ]
    assert findings[-2].details == {
        "operators": 2,
        "by_kind": {"text": 1, "paths": 1},
        "matterhorn": "01-005",
    }


def delete(key: str) -> Change:
    return lambda pdf: pdf.Root.__delitem__(key)


def put(key: str, value: object) -> Change:
    return lambda pdf: pdf.Root.__setitem__(key, value)


def xmp(part: str, title: str) -> Change:
    return lambda pdf: set_xmp(pdf, UA_XMP.format(part=part, title=title))


DOCUMENT_FAULTS = {
    "MarkInfo missing": (
        delete("/MarkInfo"),
        "ua-tagged: not marked as tagged: set /MarkInfo << /Marked true >> in the catalog",
    ),
    "Marked false": (
        put("/MarkInfo", pikepdf.Dictionary(Marked=False)),
        "ua-tagged: not marked as tagged: set /MarkInfo << /Marked true >> in the catalog",
    ),
    "Suspects": (
        put("/MarkInfo", pikepdf.Dictionary(Marked=True, Suspects=True)),
        "ua-tagged: the tags are marked suspect (/Suspects true): check and repair the tags, then "
        "remove /Suspects",
    ),
    "no ParentTree": (
        lambda pdf: pdf.Root.StructTreeRoot.__delitem__("/ParentTree"),
        "ua-tagged: the structure tree has no /ParentTree: readers cannot find the element of any "
        "marked content; add one",
    ),
    "no Lang": (
        delete("/Lang"),
        "ua-language: no document language: set /Lang in the catalog (e.g. fr-FR)",
    ),
    "empty Lang": (
        put("/Lang", pikepdf.String(" ")),
        "ua-language: no document language: set /Lang in the catalog (e.g. fr-FR)",
    ),
    "locale for Lang": (
        put("/Lang", pikepdf.String("fr_FR")),
        "ua-language: the document language 'fr_FR' is not a BCP 47 tag: write it like fr-FR (fr-FR)",
    ),
    "no ViewerPreferences": (
        delete("/ViewerPreferences"),
        "ua-title: the viewer shows the file name, not the title: set /ViewerPreferences "
        "<< /DisplayDocTitle true >> in the catalog",
    ),
    "DisplayDocTitle false": (
        put("/ViewerPreferences", pikepdf.Dictionary(DisplayDocTitle=False)),
        "ua-title: the viewer shows the file name, not the title: set /ViewerPreferences "
        "<< /DisplayDocTitle true >> in the catalog",
    ),
    "no XMP": (
        delete("/Metadata"),
        "ua-metadata: no XMP metadata: add a metadata stream with the title (dc:title) and "
        "pdfuaid:part 1",
    ),
    "broken XMP": (
        lambda pdf: set_xmp(pdf, "<x:xmpmeta><rdf:RDF>"),
        "ua-metadata: the XMP metadata cannot be read (unbound prefix: line 1, column 0): write "
        "it anew",
    ),
    "no dc:title": (
        xmp('pdfuaid:part="1"', " "),
        "ua-title: no title in the XMP metadata (dc:title): give the document a title",
    ),
    "no pdfuaid:part": (
        xmp("", "Médailles"),
        "ua-metadata: the XMP metadata has no PDF/UA identifier: add pdfuaid:part 1 (and claim "
        "PDF/UA only once the other findings are fixed)",
    ),
    "pdfuaid:part 2": (
        xmp('pdfuaid:part="2"', "Médailles"),
        "ua-metadata: the XMP metadata says pdfuaid:part 2: add pdfuaid:part 1 (and claim PDF/UA "
        "only once the other findings are fixed)",
    ),
}


@pytest.mark.parametrize("fault", DOCUMENT_FAULTS)
def test_a_document_fault_is_found(tagged_pdf, tmp_path, fault):
    change, message = DOCUMENT_FAULTS[fault]
    assert said(check_ua(changed(tagged_pdf, tmp_path, change))) == [f"document: error: {message}"]


def test_pdfuaid_part_written_as_an_element_is_read(tagged_pdf, tmp_path):
    written = UA_XMP.replace("<dc:title>", "<pdfuaid:part>1</pdfuaid:part><dc:title>")
    change = lambda pdf: set_xmp(pdf, written.format(part="", title="Médailles"))  # noqa: E731
    assert said(check_ua(changed(tagged_pdf, tmp_path, change))) == []


def test_a_language_tag_with_a_script_and_region_is_valid(tagged_pdf, tmp_path):
    change = put("/Lang", pikepdf.String("zh-Hant-TW"))
    assert said(check_ua(changed(tagged_pdf, tmp_path, change))) == []


# -- the command -------------------------------------------------------------------------------


def test_the_command_adds_the_ua_findings_to_the_preflight(tmp_path):
    canvas = Canvas(str(tmp_path / "untagged.pdf"), pagesize=A4)
    canvas.drawString(72, 700, "Médailles")
    canvas.showPage()
    canvas.save()
    plain = run_sheets("preflight", tmp_path / "untagged.pdf", "--profile", "screen")
    result = run_sheets("preflight", tmp_path / "untagged.pdf", "--profile", "screen", "--ua")
    assert plain.exit_code == 1 and result.exit_code == 1, result.output
    assert plain.output.count("Helvetica") == result.output.count("Helvetica") == 1
    assert "document: error: untagged: no structure tree (/StructTreeRoot)" in result.output
    assert "page 1: error: text outside marked content" in result.output
    assert "untagged" not in plain.output


def test_the_command_gives_the_ua_findings_as_json(tagged_pdf, tmp_path):
    broken = changed(tagged_pdf, tmp_path, lambda pdf: pdf.Root.__delitem__("/Lang"))
    result = run_sheets("preflight", broken, "--profile", "screen", "--ua", "--json")
    assert result.exit_code == 1, result.output
    errors = json.loads(result.output)["errors"]
    assert errors == [
        {
            "severity": "error",
            "check": "ua-language",
            "page": None,
            "message": "no document language: set /Lang in the catalog (e.g. fr-FR)",
            "details": {},
        }
    ]


def test_a_tagged_pdf_passes_the_command(tagged_pdf):
    result = run_sheets("preflight", tagged_pdf, "--profile", "screen", "--ua")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 1 warning, 2 pages\n")  # the photo's resolution


def test_a_file_that_is_no_pdf_is_refused(tmp_path):
    (tmp_path / "x.pdf").write_text("hello")
    with pytest.raises(PreflightError, match="not a PDF"):
        check_ua(tmp_path / "x.pdf")
    assert run_sheets("preflight", tmp_path / "x.pdf", "--ua").exit_code == 2
