"""`sheets preflight --ua` (ua.py): PDF/UA-1's machine-checkable basics, found in a tagged PDF
built here (ReportLab draws with marked content, pikepdf adds the structure tree), broken one
way at a time, and in an untagged PDF as ReportLab makes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import registerFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from sheets.preflight.checks import Finding, PreflightError
from sheets.preflight.ua import check_ua

from support import ROOT, run_sheets

FONT = "UAText"
registerFont(
    TTFont(FONT, ROOT / "sheets" / "style" / "fonts" / "vollkorn" / "Vollkorn-Regular.ttf")
)
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" {part}>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""

Change = Callable[[pikepdf.Pdf], None]


def draw_tagged(path: Path, photo: Path) -> None:
    """Two pages, every painting operator in a sequence: page 1 a heading, a paragraph, a
    photo, a link and an artifact footer; page 2 a heading and a table of two rows."""
    canvas = Canvas(str(path), pagesize=A4, initialFontName=FONT)

    def tagged(tag: str, mcid: int, draw: Callable[[], None]) -> None:
        canvas.addLiteral(f"/{tag} <</MCID {mcid}>> BDC")
        draw()
        canvas.addLiteral("EMC")

    canvas.setFont(FONT, 20)
    tagged("H1", 0, lambda: canvas.drawString(72, 760, "Médailles"))
    canvas.setFont(FONT, 11)
    tagged("P", 1, lambda: canvas.drawString(72, 730, "La Libération de Paris, 25 août 1944."))
    tagged("Figure", 2, lambda: canvas.drawImage(str(photo), 72, 500, 200, 200))
    tagged("Link", 3, lambda: canvas.drawString(72, 470, "www.example.fr"))
    canvas.linkURL("https://www.example.fr", (72, 465, 200, 482), relative=0)
    canvas.addLiteral("/Artifact BMC")
    canvas.line(72, 100, 520, 100)
    canvas.drawString(72, 80, "1")
    canvas.addLiteral("EMC")
    canvas.showPage()
    canvas.setFont(FONT, 16)
    tagged("H2", 0, lambda: canvas.drawString(72, 760, "Prix"))
    canvas.setFont(FONT, 11)
    for mcid, (x, y, text) in enumerate(
        [(72, 730, "Référence"), (200, 730, "Prix"), (72, 710, "7505634"), (200, 710, "49,00 €")],
        start=1,
    ):
        tagged(
            "TH" if mcid < 3 else "TD", mcid, lambda x=x, y=y, t=text: canvas.drawString(x, y, t)
        )
    canvas.showPage()
    canvas.save()


def add_structure(pdf: pikepdf.Pdf) -> None:
    """The structure tree of `draw_tagged`'s pages, their ParentTree, and what the catalog
    and the XMP metadata of a PDF/UA document say."""
    page1, page2 = pdf.pages[0].obj, pdf.pages[1].obj
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))

    def element(type_: str, parent, page, kids: list, **extra) -> pikepdf.Dictionary:
        made = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name("/" + type_),
                P=parent,
                Pg=page,
                **extra,
            )
        )
        made.K = pikepdf.Array(kids)
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = made
        return made

    link = page1.Annots[0]
    link.StructParent = 2
    link.Contents = pikepdf.String("The publisher's web site")
    objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=link, Pg=page1)
    first = [
        element("H1", root, page1, [0]),
        element("P", root, page1, [1]),
        element("Figure", root, page1, [2], Alt=pikepdf.String("A bronze medal")),
        element("Link", root, page1, [3, objr]),
    ]
    cells = [element(t, root, page2, [m]) for t, m in (("TH", 1), ("TH", 2), ("TD", 3), ("TD", 4))]
    rows = [element("TR", root, page2, cells[:2]), element("TR", root, page2, cells[2:])]
    heading2 = element("H2", root, page2, [0])
    document = element(
        "Document", root, page1, [*first, heading2, element("Table", root, page2, rows)]
    )
    root.K = document
    root.ParentTree = pdf.make_indirect(
        pikepdf.Dictionary(
            Nums=pikepdf.Array(
                [0, pikepdf.Array(first), 1, pikepdf.Array([heading2, *cells]), 2, first[3]]
            )
        )
    )
    root.ParentTreeNextKey = 3
    page1.StructParents, page2.StructParents = 0, 1
    page1.Tabs = pikepdf.Name.S
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("fr-FR")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    set_xmp(pdf, XMP.format(part='pdfuaid:part="1"', title="Médailles commémoratives"))


def set_xmp(pdf: pikepdf.Pdf, text: str) -> None:
    pdf.Root.Metadata = pdf.make_stream(
        text.encode(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ua")
    Image.new("RGB", (300, 300), "gray").save(folder / "photo.jpg")
    path = folder / "tagged.pdf"
    draw_tagged(path, folder / "photo.jpg")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        add_structure(pdf)
        pdf.save(path, fix_metadata_version=False)
    return path


def changed(tagged: Path, tmp_path: Path, change: Change) -> Path:
    """The tagged PDF with one change made to it."""
    with pikepdf.open(tagged) as pdf:
        change(pdf)
        pdf.save(tmp_path / "changed.pdf", fix_metadata_version=False)  # keep the XMP as written
    return tmp_path / "changed.pdf"


def said(findings: list[Finding]) -> list[str]:
    return [f"{f.page or 'document'}: {f.severity.value}: {f.check}: {f.message}" for f in findings]


def elements(pdf: pikepdf.Pdf, type_: str) -> list[pikepdf.Dictionary]:
    """The structure elements of a type, in reading order."""
    found, pending = [], [pdf.Root.StructTreeRoot.K]
    while pending:
        node = pending.pop(0)
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found += [node] if str(node.S) == "/" + type_ else []
            kids = node.get("/K")
            pending[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


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


# -- the whole document --------------------------------------------------------------------


def test_a_pdf_tagged_right_has_no_findings(tagged):
    assert said(check_ua(tagged)) == []


def test_the_bytes_of_a_pdf_are_checked_like_its_file(tagged, tmp_path):
    broken = changed(tagged, tmp_path, lambda pdf: pdf.Root.__delitem__("/Lang"))
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
    return lambda pdf: set_xmp(pdf, XMP.format(part=part, title=title))


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
def test_a_document_fault_is_found(tagged, tmp_path, fault):
    change, message = DOCUMENT_FAULTS[fault]
    assert said(check_ua(changed(tagged, tmp_path, change))) == [f"document: error: {message}"]


def test_pdfuaid_part_written_as_an_element_is_read(tagged, tmp_path):
    written = XMP.replace("<dc:title>", "<pdfuaid:part>1</pdfuaid:part><dc:title>")
    change = lambda pdf: set_xmp(pdf, written.format(part="", title="Médailles"))  # noqa: E731
    assert said(check_ua(changed(tagged, tmp_path, change))) == []


def test_a_language_tag_with_a_script_and_region_is_valid(tagged, tmp_path):
    change = put("/Lang", pikepdf.String("zh-Hant-TW"))
    assert said(check_ua(changed(tagged, tmp_path, change))) == []


# -- marked content ---------------------------------------------------------------------------


def content_findings(tagged: Path, tmp_path: Path, change: Change) -> list[str]:
    return said(check_ua(changed(tagged, tmp_path, change)))


UNMARKED = (
    "2: error: ua-marked-content: {} outside marked content, neither tagged nor an artifact: put "
    "real content in a BDC sequence with an MCID, decoration in /Artifact"
)


def test_a_path_outside_marked_content_is_counted_on_its_page(tagged, tmp_path):
    changed_pdf = changed(tagged, tmp_path, add_content(2, b"0 0 m 10 10 l S 5 5 10 10 re f"))
    findings = check_ua(changed_pdf)
    assert said(findings) == [UNMARKED.format("paths")]
    assert findings[0].details["operators"] == 2


def test_decoration_marked_as_an_artifact_passes(tagged, tmp_path):
    change = add_content(2, b"/Artifact BMC 0 0 m 10 10 l S EMC")
    assert content_findings(tagged, tmp_path, change) == []


def test_an_artifact_with_properties_passes(tagged, tmp_path):
    change = add_content(2, b"/Artifact <</Type /Pagination>> BDC 0 0 m 10 10 l S EMC")
    assert content_findings(tagged, tmp_path, change) == []


def test_a_span_without_an_mcid_does_not_tag_its_content(tagged, tmp_path):
    change = add_content(2, b"/Span <</Lang (en)>> BDC BT /F1 9 Tf (x) Tj ET EMC")
    assert content_findings(tagged, tmp_path, change) == [UNMARKED.format("text")]


def test_an_mcid_named_in_the_page_properties_is_tagged(tagged, tmp_path):
    properties = {"/Properties": {"/MC9": pikepdf.Dictionary(MCID=5)}}
    extend = extend_parent_tree(1, 5)
    change = add_content(2, b"/TD /MC9 BDC 0 0 m 10 10 l S EMC", properties)
    assert content_findings(tagged, tmp_path, both(change, extend)) == []


def test_images_shadings_and_text_outside_marked_content_are_counted(tagged, tmp_path):
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
    findings = check_ua(changed(tagged, tmp_path, add_content(2, operators, resources)))
    assert said(findings) == [UNMARKED.format("images, shadings and text")]
    assert findings[0].details["by_kind"] == {"images": 2, "shadings": 1, "text": 4}


def test_a_form_drawn_outside_marked_content_has_its_content_counted(tagged, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S")}}
    change = add_content(2, b"/Fm9 Do", resources)
    assert content_findings(tagged, tmp_path, change) == [UNMARKED.format("paths")]


def test_a_form_drawn_inside_an_artifact_is_an_artifact(tagged, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S BT /F1 9 Tf (x) Tj ET")}}
    change = add_content(2, b"/Artifact BMC /Fm9 Do EMC", resources)
    assert content_findings(tagged, tmp_path, change) == []


def test_a_form_tagged_as_a_whole_passes(tagged, tmp_path):
    resources = {"/XObject": {"/Fm9": form(b"0 0 m 10 10 l S", StructParent=7)}}
    assert content_findings(tagged, tmp_path, add_content(2, b"/Fm9 Do", resources)) == []


NESTED = {
    "an MCID inside another MCID": b"/P <</MCID 5>> BDC /Span <</MCID 6>> BDC EMC EMC",
    "an Artifact inside tagged content": b"/P <</MCID 5>> BDC /Artifact BMC EMC EMC",
    "tagged content inside an Artifact": b"/Artifact BMC /P <</MCID 5>> BDC EMC EMC",
}


@pytest.mark.parametrize("what", NESTED)
def test_sequences_nested_the_way_pdf_ua_forbids_are_found(tagged, tmp_path, what):
    change = both(add_content(2, NESTED[what]), extend_parent_tree(1, 5, 6))
    assert content_findings(tagged, tmp_path, change) == [
        f"2: error: ua-marked-content: {what}: close the outer marked-content sequence (EMC) "
        "before opening this one"
    ]


def test_marked_content_left_open_is_found(tagged, tmp_path):
    change = both(add_content(2, b"/P <</MCID 5>> BDC"), extend_parent_tree(1, 5))
    assert content_findings(tagged, tmp_path, change) == [
        "2: error: ua-marked-content: marked-content sequences do not balance (a BMC/BDC without "
        "its EMC, or the reverse): close each in the stream that opens it"
    ]


def test_an_mcid_the_parent_tree_does_not_know_is_found(tagged, tmp_path):
    findings = check_ua(changed(tagged, tmp_path, add_content(2, b"/P <</MCID 9>> BDC EMC")))
    assert said(findings) == [
        "2: error: ua-mcid: MCIDs of the page are not in the ParentTree: readers cannot tell which "
        "element they belong to; list their elements under key 1"
    ]
    assert findings[0].details["missing"] == [9]


def test_a_page_with_mcids_needs_struct_parents(tagged, tmp_path):
    change = lambda pdf: pdf.pages[1].obj.__delitem__("/StructParents")  # noqa: E731
    assert content_findings(tagged, tmp_path, change) == [
        "2: error: ua-mcid: the page has MCIDs but no /StructParents: give it one, and a "
        "ParentTree entry listing each MCID's element"
    ]


def test_mcids_in_a_form_belong_to_the_form_struct_parents(tagged, tmp_path):
    resources = {
        "/XObject": {"/Fm9": form(b"/P <</MCID 0>> BDC 0 0 m 1 1 l S EMC", StructParents=1)}
    }
    assert content_findings(tagged, tmp_path, add_content(2, b"/Fm9 Do", resources)) == []
    resources = {
        "/XObject": {"/Fm9": form(b"/P <</MCID 7>> BDC 0 0 m 1 1 l S EMC", StructParents=1)}
    }
    assert content_findings(tagged, tmp_path, add_content(2, b"/Fm9 Do", resources)) == [
        "2: error: ua-mcid: MCIDs of the form /Fm9 are not in the ParentTree: readers cannot tell "
        "which element they belong to; list their elements under key 1"
    ]


def extend_parent_tree(key: int, *mcids: int) -> Change:
    """A change giving `mcids` of ParentTree entry `key` an element (a P of the document)."""

    def change(pdf: pikepdf.Pdf) -> None:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        entry = nums[list(nums).index(key) + 1]
        while len(entry) <= max(mcids):
            entry.append(elements(pdf, "P")[0])

    return change


def both(*changes: Change) -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        for one in changes:
            one(pdf)

    return change


# -- the structure tree ------------------------------------------------------------------------


def retype(old: str, new: str, index: int = 0) -> Change:
    """A change giving the `index`-th element of type `old` the type `new`."""
    return lambda pdf: elements(pdf, old)[index].__setitem__("/S", pikepdf.Name("/" + new))


def role_map(**mapping: str) -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(
            {f"/{k}": pikepdf.Name("/" + v) for k, v in mapping.items()}
        )

    return change


def structure_findings(tagged: Path, tmp_path: Path, *changes: Change) -> list[str]:
    return said(check_ua(changed(tagged, tmp_path, both(*changes))))


def test_a_custom_type_mapped_to_a_standard_one_passes(tagged, tmp_path):
    assert structure_findings(tagged, tmp_path, retype("P", "Lede"), role_map(Lede="P")) == []


def test_a_custom_type_through_a_chain_of_mappings_passes(tagged, tmp_path):
    changes = retype("P", "Lede"), role_map(Lede="Intro", Intro="P")
    assert structure_findings(tagged, tmp_path, *changes) == []


ROLE_FAULTS = {
    "unmapped": (
        (retype("P", "Lede"),),
        "structure type Lede is not a standard type: map it to a standard one (P, H1, Figure…) in "
        "the RoleMap",
    ),
    "circular": (
        (retype("P", "Lede"), role_map(Lede="Intro", Intro="Lede")),
        "structure type Lede is mapped in a circle: map it to a standard one (P, H1, Figure…) in "
        "the RoleMap",
    ),
    "standard remapped": (
        (role_map(P="Span"),),
        "the RoleMap maps the standard type P to Span: remove that mapping (readers ignore it, so "
        "the tags do not mean what was intended)",
    ),
}


@pytest.mark.parametrize("fault", ROLE_FAULTS)
def test_a_role_fault_is_found(tagged, tmp_path, fault):
    changes, message = ROLE_FAULTS[fault]
    assert structure_findings(tagged, tmp_path, *changes) == [
        f"document: error: ua-roles: {message}"
    ]


FIGURE_WITHOUT_ALT = (
    "1: error: ua-alt-text: a Figure without alternate text: describe the picture in its /Alt "
    "(or mark a decorative one as an Artifact)"
)


@pytest.mark.parametrize("alt", [None, "", "  "])
def test_a_figure_without_alternate_text_is_found_on_its_page(tagged, tmp_path, alt):
    def change(pdf: pikepdf.Pdf) -> None:
        figure = elements(pdf, "Figure")[0]
        del figure["/Alt"]
        if alt is not None:
            figure.Alt = pikepdf.String(alt)

    findings = check_ua(changed(tagged, tmp_path, change))
    assert said(findings) == [FIGURE_WITHOUT_ALT]
    assert findings[0].details["element"].startswith("Figure ")


def test_a_figure_with_actual_text_passes(tagged, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        figure = elements(pdf, "Figure")[0]
        del figure["/Alt"]
        figure.ActualText = pikepdf.String("1944")

    assert structure_findings(tagged, tmp_path, change) == []


def test_a_custom_type_mapped_to_figure_needs_alternate_text(tagged, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        del elements(pdf, "Figure")[0]["/Alt"]

    changes = change, retype("Figure", "Photo"), role_map(Photo="Figure")
    assert structure_findings(tagged, tmp_path, *changes) == [FIGURE_WITHOUT_ALT]


HEADING_FAULTS = {
    "a level skipped": (
        retype("H2", "H3"),
        "2: error: ua-headings: H3 follows H1: a heading level is skipped; make it H2",
    ),
    "not starting at H1": (
        both(retype("H1", "H2"), retype("H2", "H3", 1)),
        "1: error: ua-headings: the first heading is H2, not H1: start the headings at H1",
    ),
    "H and H1 mixed": (
        retype("H2", "H"),
        "2: error: ua-headings: both H and H1–H6 headings: use numbered headings only",
    ),
    "no headings": (
        both(retype("H1", "P"), retype("H2", "P")),
        "document: warning: ua-headings: no headings: tag the titles as H1–H6 so that readers can "
        "navigate by them",
    ),
    "unnumbered headings only": (
        both(retype("H1", "H"), retype("H2", "H")),
        "document: warning: ua-headings: only unnumbered headings (H): tag the titles as H1–H6 so "
        "that readers can navigate by them",
    ),
}


@pytest.mark.parametrize("fault", HEADING_FAULTS)
def test_a_heading_fault_is_found(tagged, tmp_path, fault):
    change, message = HEADING_FAULTS[fault]
    assert structure_findings(tagged, tmp_path, change) == [message]


def test_headings_may_go_back_up_any_number_of_levels(tagged, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:  # H1 H2 H3 (the paragraph) H2 (page 2's)
        elements(pdf, "P")[0].S = pikepdf.Name.H2
        elements(pdf, "Link")[0].S = pikepdf.Name.H3

    findings = check_ua(changed(tagged, tmp_path, change))
    assert [f for f in findings if f.check == "ua-headings"] == []


def test_a_table_row_holding_something_else_than_cells_is_found(tagged, tmp_path):
    assert structure_findings(tagged, tmp_path, retype("TD", "P")) == [
        "2: error: ua-tables: a table row (TR) holds P: put every cell of a row in TH or TD"
    ]


# -- links and annotations ---------------------------------------------------------------------


def link_annotation(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.pages[0].obj.Annots[0]


LINK_FAULTS = {
    "no Contents": (
        lambda pdf: link_annotation(pdf).__delitem__("/Contents"),
        "a link without a description: say where it leads in its /Contents",
    ),
    "no StructParent": (
        lambda pdf: link_annotation(pdf).__delitem__("/StructParent"),
        "a link not in the structure tree (no /StructParent): tag it in a Link element holding an "
        "OBJR to the annotation",
    ),
    "entry not a Link": (
        lambda pdf: link_annotation(pdf).__setitem__("/StructParent", 0),
        "a link whose ParentTree entry (0) is not a Link element: tag it in a Link element "
        "holding an OBJR to the annotation",
    ),
    "no OBJR": (
        lambda pdf: elements(pdf, "Link")[0].__setitem__("/K", pikepdf.Array([3])),
        "a link whose Link element holds no OBJR to it: add an OBJR with /Obj the annotation",
    ),
    "OBJR to another annotation": (
        lambda pdf: (
            elements(pdf, "Link")[0]
            .K[1]
            .__setitem__("/Obj", pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot)))
        ),
        "a link whose Link element holds no OBJR to it: add an OBJR with /Obj the annotation",
    ),
}


@pytest.mark.parametrize("fault", LINK_FAULTS)
def test_a_link_fault_is_found(tagged, tmp_path, fault):
    change, message = LINK_FAULTS[fault]
    findings = check_ua(changed(tagged, tmp_path, change))
    assert said(findings) == [f"1: error: ua-links: {message}"]
    assert findings[0].details["uri"] == "https://www.example.fr"


def test_a_page_with_annotations_needs_the_structure_tab_order(tagged, tmp_path):
    change = lambda pdf: pdf.pages[0].obj.__setitem__("/Tabs", pikepdf.Name.R)  # noqa: E731
    assert structure_findings(tagged, tmp_path, change) == [
        "1: error: ua-tab-order: the page has annotations but no structure tab order: set /Tabs "
        "/S on the page"
    ]


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


def test_the_command_gives_the_ua_findings_as_json(tagged, tmp_path):
    broken = changed(tagged, tmp_path, lambda pdf: pdf.Root.__delitem__("/Lang"))
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


def test_a_tagged_pdf_passes_the_command(tagged):
    result = run_sheets("preflight", tagged, "--profile", "screen", "--ua")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 1 warning, 2 pages\n")  # the photo's resolution


def test_a_file_that_is_no_pdf_is_refused(tmp_path):
    (tmp_path / "x.pdf").write_text("hello")
    with pytest.raises(PreflightError, match="not a PDF"):
        check_ua(tmp_path / "x.pdf")
    assert run_sheets("preflight", tmp_path / "x.pdf", "--ua").exit_code == 2
