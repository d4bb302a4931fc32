"""`sheets preflight --ua`, the structure tree (ua_structure.py) and links (ua.py): standard
roles, figures' alternate text, heading levels, table rows, links tagged and described."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from sheets.preflight.ua import check_ua

from support import Change, both, changed, said, struct_elements


def retype(old: str, new: str, index: int = 0) -> Change:
    """A change giving the `index`-th element of type `old` the type `new`."""
    return lambda pdf: struct_elements(pdf, old)[index].__setitem__("/S", pikepdf.Name("/" + new))


def role_map(**mapping: str) -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(
            {f"/{k}": pikepdf.Name("/" + v) for k, v in mapping.items()}
        )

    return change


def structure_findings(tagged_pdf: Path, tmp_path: Path, *changes: Change) -> list[str]:
    return said(check_ua(changed(tagged_pdf, tmp_path, both(*changes))))


def test_a_custom_type_mapped_to_a_standard_one_passes(tagged_pdf, tmp_path):
    assert structure_findings(tagged_pdf, tmp_path, retype("P", "Lede"), role_map(Lede="P")) == []


def test_a_custom_type_through_a_chain_of_mappings_passes(tagged_pdf, tmp_path):
    changes = retype("P", "Lede"), role_map(Lede="Intro", Intro="P")
    assert structure_findings(tagged_pdf, tmp_path, *changes) == []


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
def test_a_role_fault_is_found(tagged_pdf, tmp_path, fault):
    changes, message = ROLE_FAULTS[fault]
    assert structure_findings(tagged_pdf, tmp_path, *changes) == [
        f"document: error: ua-roles: {message}"
    ]


FIGURE_WITHOUT_ALT = (
    "1: error: ua-alt-text: a Figure without alternate text: describe the picture in its /Alt "
    "(or mark a decorative one as an Artifact)"
)


@pytest.mark.parametrize("alt", [None, "", "  "])
def test_a_figure_without_alternate_text_is_found_on_its_page(tagged_pdf, tmp_path, alt):
    def change(pdf: pikepdf.Pdf) -> None:
        figure = struct_elements(pdf, "Figure")[0]
        del figure["/Alt"]
        if alt is not None:
            figure.Alt = pikepdf.String(alt)

    findings = check_ua(changed(tagged_pdf, tmp_path, change))
    assert said(findings) == [FIGURE_WITHOUT_ALT]
    assert findings[0].details["element"].startswith("Figure ")


def test_a_figure_with_actual_text_passes(tagged_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        figure = struct_elements(pdf, "Figure")[0]
        del figure["/Alt"]
        figure.ActualText = pikepdf.String("1944")

    assert structure_findings(tagged_pdf, tmp_path, change) == []


def test_a_custom_type_mapped_to_figure_needs_alternate_text(tagged_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        del struct_elements(pdf, "Figure")[0]["/Alt"]

    changes = change, retype("Figure", "Photo"), role_map(Photo="Figure")
    assert structure_findings(tagged_pdf, tmp_path, *changes) == [FIGURE_WITHOUT_ALT]


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
def test_a_heading_fault_is_found(tagged_pdf, tmp_path, fault):
    change, message = HEADING_FAULTS[fault]
    assert structure_findings(tagged_pdf, tmp_path, change) == [message]


def test_headings_may_go_back_up_any_number_of_levels(tagged_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:  # H1 H2 H3 (the paragraph) H2 (page 2's)
        struct_elements(pdf, "P")[0].S = pikepdf.Name.H2
        struct_elements(pdf, "Link")[0].S = pikepdf.Name.H3

    findings = check_ua(changed(tagged_pdf, tmp_path, change))
    assert [f for f in findings if f.check == "ua-headings"] == []


def test_a_table_row_holding_something_else_than_cells_is_found(tagged_pdf, tmp_path):
    assert structure_findings(tagged_pdf, tmp_path, retype("TD", "P")) == [
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
        lambda pdf: struct_elements(pdf, "Link")[0].__setitem__("/K", pikepdf.Array([3])),
        "a link whose Link element holds no OBJR to it: add an OBJR with /Obj the annotation",
    ),
    "OBJR to another annotation": (
        lambda pdf: (
            struct_elements(pdf, "Link")[0]
            .K[1]
            .__setitem__("/Obj", pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot)))
        ),
        "a link whose Link element holds no OBJR to it: add an OBJR with /Obj the annotation",
    ),
}


@pytest.mark.parametrize("fault", LINK_FAULTS)
def test_a_link_fault_is_found(tagged_pdf, tmp_path, fault):
    change, message = LINK_FAULTS[fault]
    findings = check_ua(changed(tagged_pdf, tmp_path, change))
    assert said(findings) == [f"1: error: ua-links: {message}"]
    assert findings[0].details["uri"] == "https://www.example.fr"


def test_a_page_with_annotations_needs_the_structure_tab_order(tagged_pdf, tmp_path):
    change = lambda pdf: pdf.pages[0].obj.__setitem__("/Tabs", pikepdf.Name.R)  # noqa: E731
    assert structure_findings(tagged_pdf, tmp_path, change) == [
        "1: error: ua-tab-order: the page has annotations but no structure tab order: set /Tabs "
        "/S on the page"
    ]
