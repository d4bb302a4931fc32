"""PDF/X-3 for the press (pdfx.py), made by Ghostscript on request (`--pdfx-version x3`, the
theme's `pdfx: x3`): an output intent, text still extractable; refused, with the reason, without
Ghostscript, with a wrong ICC profile or for a screen brochure."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader

from sheets.press.pdfx import default_icc_profile

from support import brochure, run_sheets, write_catalog

needs_ghostscript = pytest.mark.skipif(
    shutil.which("gs") is None, reason="Ghostscript is not installed"
)


@needs_ghostscript
def test_pdfx_brochure_is_pdfx3_with_an_output_intent_and_extractable_text(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--pdfx-version", "x3")
    assert result.exit_code == 0, result.output
    reader = PdfReader(brochure(tmp_path / "out"))
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-3:2002"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp", "an ICC profile"
    assert "La Libération de Paris" in reader.pages[3].extract_text()
    assert "/TrimBox" in reader.pages[3] and "/BleedBox" in reader.pages[3]


def test_pdfx_without_ghostscript_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--pdfx-version", "x3")
    assert result.exit_code == 2
    assert (
        "--pdfx needs Ghostscript, which is not installed: install it with 'apt-get install ghostscript'"
        in (result.output)
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"vm\n", "is not an ICC profile"),
        (
            b"\0" * 16 + b"RGB " + b"\0" * 16 + b"acsp" + b"\0" * 100,
            "is an ICC profile for RGB, not CMYK",
        ),
    ],
)
def test_pdfx_refuses_a_file_that_is_not_a_cmyk_icc_profile(tmp_path, content, message):
    icc = tmp_path / "press.icc"
    icc.write_bytes(content)
    catalog = write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / "out", "--pdfx", "--icc", icc)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


@needs_ghostscript
def test_the_imposed_booklet_of_a_theme_asking_for_x3_is_pdfx3_too(tmp_path):
    catalog = write_catalog(tmp_path, lambda data: data["catalog"].update(theme={"pdfx": "x3"}))
    out = tmp_path / "out"
    result = run_sheets("build", catalog, "-o", out, "--impose", "saddle")
    assert result.exit_code == 0, result.output
    imposed = out / "medailles-commemoratives-imposed.pdf"
    reader = PdfReader(imposed)
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-3:2002"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFX"
    assert "/TrimBox" in reader.pages[0] and "/BleedBox" in reader.pages[0]
    assert "Tour Eiffel" in reader.pages[1].extract_text()
    # The build checked it as PDF/X (RGB would be an error), and so does anyone after it.
    assert f"preflight of {imposed}: 0 errors, 0 warnings, 4 pages" in result.output
    assert run_sheets("preflight", imposed, "--pdfx").exit_code == 0


def test_pdfx_with_a_screen_brochure_is_refused_before_anything_is_drawn(tmp_path):
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build", catalog, "-o", tmp_path / "out", "--pdfx", "--brochure-profile", "screen"
    )
    assert result.exit_code == 2
    assert "PDF/X is for the print profile, and the brochure is set to screen" in result.output
    assert not (tmp_path / "out").exists()


@needs_ghostscript
def test_an_icc_profile_whose_path_is_not_plain_ascii_is_found_by_ghostscript(tmp_path):
    """The path goes into a PostScript string: accents, other scripts, parentheses and a
    backslash are written as octal escapes of its bytes, the output condition as UTF-16."""
    icc = tmp_path / "profils é 日本" / "Fogra39 (couché) \\ v2.icc"
    icc.parent.mkdir()
    shutil.copy(default_icc_profile(), icc)
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build", catalog, "-o", tmp_path / "out", "--pdfx-version", "x3", "--icc", icc
    )
    assert result.exit_code == 0, result.output
    (intent,) = PdfReader(brochure(tmp_path / "out")).trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/OutputCondition"] == "Fogra39 (couché) \\ v2"
    assert intent["/DestOutputProfile"].get_object().get_data() == icc.read_bytes()
