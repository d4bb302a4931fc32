"""`sheets preflight` (checks.py): what a print shop checks, found in real PDFs made here by
ReportLab, pypdf, Ghostscript and `sheets build`, each finding with its page."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfWriter
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import registerFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from sheets.build import build
from sheets.errors import Severity
from sheets.preflight.checks import Finding, Report, preflight

from support import ROOT, run_sheets

TEXT_FONT = "PreflightText"
registerFont(
    TTFont(TEXT_FONT, ROOT / "sheets" / "style" / "fonts" / "vollkorn" / "Vollkorn-Regular.ttf")
)
BLACK = CMYKColor(0, 0, 0, 1)

Draw = Callable[[Canvas, int], None]  # draws page n (1-based)


def print_pdf(
    path: Path,
    draw: Draw = lambda canvas, page: None,
    pages: int = 1,
    bleed_mm: float | None = 3.0,
    trim: tuple[float, float] = A4,
) -> Path:
    """A PDF as a print shop wants it: fonts embedded, CMYK, TrimBox and BleedBox with
    `bleed_mm` of bleed (no boxes when None); `draw` adds the page's faults."""
    bleed = (bleed_mm or 0) * mm
    width, height = trim[0] + 2 * bleed, trim[1] + 2 * bleed
    boxes = {}
    if bleed_mm is not None:
        trim_box = (bleed, bleed, width - bleed, height - bleed)
        boxes = {"trimBox": trim_box, "bleedBox": (0, 0, width, height)}
    canvas = Canvas(str(path), pagesize=(width, height), initialFontName=TEXT_FONT, **boxes)
    for number in range(1, pages + 1):
        canvas.setFillColor(BLACK)
        canvas.setStrokeColor(BLACK)
        canvas.setFont(TEXT_FONT, 10)
        canvas.drawString(100, 700, f"Page {number}")
        draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return path


def picture(path: Path, size: tuple[int, int], mode: str = "RGB") -> str:
    Image.new(mode, size, "gray" if mode == "RGB" else (0, 0, 0, 128)).save(path)
    return str(path)


def messages(report: Report, check: str | None = None) -> list[str]:
    return [
        f"page {f.page}: {f.severity.value}: {f.message}"
        for f in report.findings
        if check is None or f.check == check
    ]


def test_a_clean_print_pdf_has_no_findings(tmp_path):
    photo = picture(tmp_path / "photo.jpg", (1200, 1200), "CMYK")

    def draw(canvas: Canvas, page: int) -> None:
        canvas.setLineWidth(0.5)
        canvas.line(100, 600, 300, 600)
        canvas.drawImage(photo, 100, 200, width=2 * inch, height=2 * inch)  # 600 ppi

    pdf = print_pdf(tmp_path / "clean.pdf", draw)
    assert preflight(pdf).findings == []
    result = run_sheets("preflight", pdf)
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings, 1 page\n")


def test_unembedded_helvetica_of_a_bare_canvas_is_an_error(tmp_path):
    canvas = Canvas(str(tmp_path / "bare.pdf"), pagesize=A4)
    canvas.drawString(100, 700, "Bonjour")
    canvas.save()
    report = preflight(tmp_path / "bare.pdf", profile="screen")
    assert messages(report) == [
        "page 1: error: font Helvetica is not embedded "
        "(a standard-14 font: the printer substitutes its own)"
    ]
    result = run_sheets("preflight", tmp_path / "bare.pdf", "--profile", "screen")
    assert result.exit_code == 1
    assert result.output.endswith("1 error, 0 warnings, 1 page\n")


def test_an_unembedded_type0_font_is_found_through_its_descendant(tmp_path):
    registerFont(UnicodeCIDFont("HeiseiMin-W3"))

    def draw(canvas: Canvas, page: int) -> None:
        canvas.setFont("HeiseiMin-W3", 12)
        canvas.drawString(100, 500, "abc")

    report = preflight(print_pdf(tmp_path / "cid.pdf", draw))
    assert messages(report) == ["page 1: error: font HeiseiMin-W3 is not embedded"]


def test_a_low_resolution_image_is_a_warning_naming_the_page_and_ppi(tmp_path):
    small = picture(tmp_path / "small.png", (100, 100))

    def draw(canvas: Canvas, page: int) -> None:
        if page == 2:
            canvas.drawImage(small, 100, 100, width=3 * inch, height=3 * inch)

    pdf = print_pdf(tmp_path / "low.pdf", draw, pages=2)
    assert messages(preflight(pdf), "resolution") == [
        "page 2: warning: image 100×100 px placed at 33 ppi (under 300 ppi for print)"
    ]
    assert messages(preflight(pdf, profile="screen"), "resolution") == [
        "page 2: warning: image 100×100 px placed at 33 ppi (under 150 ppi for screen)"
    ]
    finding = next(f for f in preflight(pdf).findings if f.check == "resolution")
    assert finding.details == {
        "ppi": 33.3,
        "pixels": [100, 100],
        "placed_mm": [76.2, 76.2],
        "minimum_ppi": 300,
    }


def test_resolution_depends_on_the_profile(tmp_path):
    photo = picture(tmp_path / "photo.png", (500, 500))  # 167 ppi at 3 inches

    def draw(canvas: Canvas, page: int) -> None:
        canvas.drawImage(photo, 100, 100, width=3 * inch, height=3 * inch)

    pdf = print_pdf(tmp_path / "mid.pdf", draw)
    assert messages(preflight(pdf), "resolution") == [
        "page 1: warning: image 500×500 px placed at 167 ppi (under 300 ppi for print)"
    ]
    assert messages(preflight(pdf, profile="screen"), "resolution") == []


def test_images_are_measured_as_placed_through_forms_and_rotation(tmp_path):
    photo = picture(tmp_path / "photo.png", (300, 300))  # 300 ppi at 1 inch

    def draw(canvas: Canvas, page: int) -> None:
        canvas.beginForm("logo")
        canvas.drawImage(photo, 0, 0, width=inch, height=inch)
        canvas.endForm()
        canvas.saveState()
        canvas.translate(100, 100)
        canvas.scale(2, 2)  # the form at twice its size: 150 ppi
        canvas.doForm("logo")
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(400, 400)
        canvas.rotate(30)  # rotated, not enlarged: still 300 ppi
        canvas.drawImage(photo, 0, 0, width=inch, height=inch)
        canvas.restoreState()

    assert messages(preflight(print_pdf(tmp_path / "placed.pdf", draw)), "resolution") == [
        "page 1: warning: image 300×300 px placed at 150 ppi (under 300 ppi for print)"
    ]


def test_rgb_is_a_warning_for_print_an_error_for_pdfx_and_fine_on_screen(tmp_path):
    photo = picture(tmp_path / "photo.png", (1000, 1000))

    def draw(canvas: Canvas, page: int) -> None:
        if page == 1:
            canvas.setFillColorRGB(0.8, 0.1, 0.1)
            canvas.rect(100, 100, 50, 50, fill=1)
        elif page == 2:
            canvas.drawImage(photo, 100, 100, width=inch, height=inch)
        else:  # an RGB colour replaced before anything is painted with it: no RGB on paper
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFillColor(BLACK)
            canvas.rect(100, 100, 50, 50, fill=1)

    pdf = print_pdf(tmp_path / "rgb.pdf", draw, pages=3)
    assert messages(preflight(pdf)) == [
        "page 1: warning: RGB colours (print wants CMYK)",
        "page 2: warning: RGB images (print wants CMYK)",
    ]
    assert messages(preflight(pdf, pdfx=True), "color-space") == [
        "page 1: error: RGB colours (PDF/X wants CMYK)",
        "page 2: error: RGB images (PDF/X wants CMYK)",
    ]
    assert preflight(pdf, profile="screen").findings == []
    assert run_sheets("preflight", pdf).exit_code == 0
    assert run_sheets("preflight", pdf, "--pdfx").exit_code == 1


def _with_output_intent(pdf: Path, kind: str) -> Path:
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name(kind),
            OutputConditionIdentifier="FOGRA39",
        )
        document.Root.OutputIntents = pikepdf.Array([document.make_indirect(intent)])
        document.save(pdf)
    return pdf


def test_pdfx_wants_an_output_intent_for_the_press(tmp_path):
    pdf = print_pdf(tmp_path / "cmyk.pdf")
    missing = (
        "page None: error: no PDF/X output intent: the press cannot tell which printing "
        "condition the colours are meant for"
    )
    assert messages(preflight(pdf, pdfx=True), "output-intent") == [missing]
    assert run_sheets("preflight", pdf).exit_code == 0, "only PDF/X asks for one"
    _with_output_intent(pdf, "/GTS_PDFA1")  # an intent for archiving says nothing to a press
    assert messages(preflight(pdf, pdfx=True), "output-intent") == [missing]
    _with_output_intent(pdf, "/GTS_PDFX")
    assert messages(preflight(pdf, pdfx=True), "output-intent") == [
        "page None: error: the PDF/X output intent embeds no ICC profile"
    ]


def test_a_line_under_a_quarter_point_is_a_hairline_warning(tmp_path):
    def draw(canvas: Canvas, page: int) -> None:
        canvas.setLineWidth(0.1)
        canvas.line(100, 600, 300, 600)
        canvas.saveState()
        canvas.scale(0.25, 0.25)  # 0.5 pt drawn at a quarter: 0.125 pt
        canvas.setLineWidth(0.5)
        canvas.line(100, 500, 300, 500)
        canvas.restoreState()
        canvas.setLineWidth(0)
        canvas.rect(400, 400, 20, 50, stroke=1, fill=1)  # filled: the outline cannot vanish
        canvas.saveState()
        canvas.scale(2, 2)  # 0.2 pt drawn twice as large: 0.4 pt, fine
        canvas.setLineWidth(0.2)
        canvas.line(100, 200, 200, 200)
        canvas.restoreState()

    assert messages(preflight(print_pdf(tmp_path / "thin.pdf", draw))) == [
        "page 1: warning: 2 strokes thinner than 0.25 pt (thinnest 0.1 pt): they may not print"
    ]


def test_text_under_6_pt_is_a_warning_with_its_size(tmp_path):
    def draw(canvas: Canvas, page: int) -> None:
        canvas.setFont(TEXT_FONT, 4)
        canvas.drawString(100, 500, "tiny")
        canvas.setFont(TEXT_FONT, 6)
        canvas.drawString(100, 450, "legal")  # 6 pt is the limit, not under it
        canvas.saveState()
        canvas.scale(0.5, 0.5)
        canvas.setFont(TEXT_FONT, 9)
        canvas.drawString(100, 300, "shrunk")  # 4.5 pt on paper
        canvas.restoreState()
        hidden = canvas.beginText(100, 200)
        hidden.setFont(TEXT_FONT, 3)
        hidden.setTextRenderMode(3)  # invisible, like an OCR layer: never printed
        hidden.textLine("hidden")
        canvas.drawText(hidden)

    report = preflight(print_pdf(tmp_path / "small.pdf", draw))
    assert messages(report) == ["page 1: warning: 10 characters of text under 6 pt (smallest 4 pt)"]
    assert report.findings[0].details["sizes_pt"] == [4.0, 4.5]


def test_pages_of_two_sizes_are_an_error_on_the_odd_page(tmp_path):
    canvas = Canvas(str(tmp_path / "mixed.pdf"), initialFontName=TEXT_FONT)
    for size in (A4, A4, A5):
        canvas.setPageSize(size)
        canvas.showPage()
    canvas.save()
    assert messages(preflight(tmp_path / "mixed.pdf", profile="screen")) == [
        "page 3: error: trim size 148 × 210 mm differs from the other pages' 210 × 297 mm"
    ]


def test_3_mm_of_bleed_passes_and_1_mm_is_an_error(tmp_path):
    assert preflight(print_pdf(tmp_path / "three.pdf", bleed_mm=3)).findings == []
    one = print_pdf(tmp_path / "one.pdf", bleed_mm=1)
    assert messages(preflight(one)) == [
        "page 1: error: bleed under 3 mm: left 1 mm, bottom 1 mm, right 1 mm, top 1 mm"
    ]
    assert messages(preflight(one, bleed_mm=1)) == []
    result = run_sheets("preflight", tmp_path / "three.pdf", "--bleed", "5")
    assert result.exit_code == 1
    assert "page 1: error: bleed under 5 mm: left 3 mm, bottom 3 mm, right 3 mm, top 3 mm\n" in (
        result.output
    )


def test_a_bleed_box_beyond_the_media_box_counts_only_up_to_the_media_box(tmp_path):
    width, height = A4[0] + 2 * mm, A4[1] + 2 * mm  # paper for 1 mm of bleed only
    canvas = Canvas(
        str(tmp_path / "clipped.pdf"),
        pagesize=(width, height),
        initialFontName=TEXT_FONT,
        trimBox=(mm, mm, width - mm, height - mm),
        bleedBox=(-2 * mm, -2 * mm, width + 2 * mm, height + 2 * mm),
    )
    canvas.showPage()
    canvas.save()
    assert messages(preflight(tmp_path / "clipped.pdf")) == [
        "page 1: error: bleed under 3 mm: left 1 mm, bottom 1 mm, right 1 mm, top 1 mm"
    ]


def test_missing_boxes_are_an_error_for_print_and_nothing_for_screen(tmp_path):
    pdf = print_pdf(tmp_path / "noboxes.pdf", bleed_mm=None, pages=3)
    result = run_sheets("preflight", pdf)
    assert result.exit_code == 1
    # One line for the same finding on every page; each page counts.
    assert result.output == (
        "pages 1–3: error: no TrimBox and no BleedBox: the print shop cannot tell where to cut "
        "or how far the bleed reaches\n"
        "3 errors, 0 warnings, 3 pages\n"
    )
    assert preflight(pdf, profile="screen").findings == []


def test_a_trim_box_without_a_bleed_box_is_an_error(tmp_path):
    canvas = Canvas(str(tmp_path / "trim.pdf"), initialFontName=TEXT_FONT, trimBox=(0, 0, *A4))
    canvas.showPage()
    canvas.save()
    assert messages(preflight(tmp_path / "trim.pdf")) == [
        "page 1: error: no BleedBox: the print shop cannot tell how far the bleed reaches"
    ]


def test_blank_pages_made_by_pypdf_are_checked(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=A4[0], height=A4[1])
    writer.add_blank_page(width=A4[0], height=A4[1])
    writer.write(tmp_path / "blank.pdf")
    report = preflight(tmp_path / "blank.pdf")
    assert report.pages == 2
    assert {f.check for f in report.findings} == {"boxes"}
    assert preflight(tmp_path / "blank.pdf", profile="screen").findings == []


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
def test_a_pdf_made_by_ghostscript_is_checked(tmp_path):
    (tmp_path / "page.ps").write_text(
        "%!PS\n/Helvetica findfont 4 scalefont setfont 100 700 moveto (tiny) show\n"
        "0.1 setlinewidth 0 0 0 1 setcmykcolor 100 600 moveto 300 600 lineto stroke showpage\n"
    )
    pdf, source = tmp_path / "gs.pdf", tmp_path / "page.ps"
    options = ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sPAPERSIZE=a4"]
    subprocess.run(["gs", *options, "-o", str(pdf), str(source)], check=True, timeout=30)
    assert messages(preflight(pdf, profile="screen")) == [
        "page 1: error: font Helvetica is not embedded "
        "(a standard-14 font: the printer substitutes its own)",
        "page 1: warning: 1 stroke thinner than 0.25 pt (thinnest 0.1 pt): they may not print",
        "page 1: warning: 4 characters of text under 6 pt (smallest 4 pt)",
    ]


def test_json_output_lists_errors_and_warnings_with_their_pages(tmp_path):
    def draw(canvas: Canvas, page: int) -> None:
        canvas.setFont("Helvetica", 4)
        canvas.drawString(100, 500, "tiny")

    result = run_sheets("preflight", print_pdf(tmp_path / "faults.pdf", draw), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["pages"] == 1
    assert report["errors"] == [
        {
            "severity": "error",
            "check": "fonts",
            "page": 1,
            "message": "font Helvetica is not embedded "
            "(a standard-14 font: the printer substitutes its own)",
            "details": {"font": "Helvetica"},
        }
    ]
    assert [(w["check"], w["page"], w["details"]["smallest_pt"]) for w in report["warnings"]] == [
        ("small-text", 1, 4.0)
    ]


def test_seven_pages_cannot_be_saddle_stitched(tmp_path):
    pdf = print_pdf(tmp_path / "seven.pdf", pages=7)
    result = run_sheets("preflight", pdf, "--binding", "saddle")
    assert result.exit_code == 1
    assert result.output == (
        "document: error: 7 pages cannot be saddle-stitched: add 1 page to reach a multiple of 4\n"
        "1 error, 0 warnings, 7 pages\n"
    )
    assert run_sheets("preflight", pdf).output == "0 errors, 0 warnings, 7 pages\n"
    eight = print_pdf(tmp_path / "eight.pdf", pages=8)
    assert preflight(eight, binding="saddle").findings == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name: not a pdf\n", "not a PDF (it does not start with '%PDF-')"),
        (b"", "not a PDF (it does not start with '%PDF-')"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Cat", "not a readable PDF ("),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_exits_2_without_traceback(tmp_path, content, message):
    path = tmp_path / "notes.pdf"
    path.write_bytes(content)
    result = run_sheets("preflight", path)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"{path}: error: {message}")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_pdf_locked_with_a_password_exits_2(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=A4[0], height=A4[1])
    writer.encrypt("secret")
    writer.write(tmp_path / "locked.pdf")
    result = run_sheets("preflight", tmp_path / "locked.pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'locked.pdf'}: error: the PDF is encrypted and needs a password\n"
    )


def test_a_missing_file_exits_2(tmp_path):
    result = run_sheets("preflight", tmp_path / "nowhere.pdf")
    assert result.exit_code == 2
    missing = tmp_path / "nowhere.pdf"
    assert result.stderr == f"{missing}: error: cannot read the file (No such file or directory)\n"


def test_the_sample_brochure_is_ready_for_print_but_for_rgb(tmp_path):
    brochures = build(ROOT / "catalog.yaml", tmp_path / "out").brochures
    assert brochures
    report = preflight(brochures[0])
    # RGB is left: the photos are RGB JPEGs until --pdfx converts them.
    assert [f for f in report.findings if f.check != "color-space"] == []
    assert report.pages > 20


def test_findings_keep_their_order_by_page_with_document_findings_first():
    report = Report(
        Path("x.pdf"),
        "print",
        3,
        [
            Finding(Severity.ERROR, "binding", None, "odd"),
            Finding(Severity.WARNING, "small-text", 1, "tiny"),
            Finding(Severity.WARNING, "small-text", 3, "tiny"),
        ],
    )
    assert report.lines() == ["document: error: odd", "pages 1, 3: warning: tiny"]
    assert report.summary() == "1 error, 2 warnings, 3 pages"
