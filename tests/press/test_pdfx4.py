"""PDF/X-4 for the press (pdfx4.py, cmyk.py), written by sheets itself: `sheets build --pdfx`
gives a PDF 1.6 with an output intent embedding the CMYK profile, no RGB left, the photos in
CMYK and looking as they did, text, outlines, /Lang and a tagged PDF's structure kept,
reproducible bytes; Ghostscript and qpdf read it without a word."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from sheets.preflight.checks import check_pages, preflight
from sheets.press.pdfx import default_icc_profile
from sheets.press.pdfx4 import convert_to_pdfx4

from support import EPOCH, brochure, outline, run_sheets, write_catalog

BROWN = (150, 120, 80)  # the generated photos' disc (support.write_image)
needs = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("gs", "qpdf", "pdfinfo", "pdftoppm"))
    or default_icc_profile() is None,
    reason="needs Ghostscript (its CMYK profile), qpdf and poppler-utils",
)


def built(tmp_path: Path, name: str, *options: str) -> Path:
    catalog = tmp_path / "catalog.yaml"
    if not catalog.exists():
        write_catalog(tmp_path)
    result = run_sheets("build", catalog, "-o", tmp_path / name, *options, env=EPOCH)
    assert result.exit_code == 0, result.output
    return brochure(tmp_path / name)


@needs
def test_pdfx_build_is_a_pdfx4_that_tools_read_without_a_word(tmp_path):
    pdf = built(tmp_path, "out", "--pdfx")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"PDF version: +1\.6\n", info) and re.search(r"PDF subtype: +PDF/X-4\n", info)
    ghostscript = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", pdf],
        capture_output=True,
        text=True,
    )
    assert (ghostscript.returncode, ghostscript.stdout, ghostscript.stderr) == (0, "", "")
    assert subprocess.run(["qpdf", "--check", pdf], capture_output=True).returncode == 0
    report = preflight(pdf, pdfx=True)
    assert report.findings == []
    assert run_sheets("preflight", pdf, "--pdfx").exit_code == 0
    with pikepdf.open(pdf) as document:
        assert document.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"
        assert document.docinfo["/Trapped"] == "/False"
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.read_bytes() == default_icc_profile().read_bytes()
        assert intent.DestOutputProfile.N == 4
        assert document.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert document.Root.Lang == "fr-FR"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        assert all("/Annots" not in page.obj for page in document.pages), "links dropped"
        assert "/TrimBox" in document.pages[3].obj and "/BleedBox" in document.pages[3].obj
    assert "La Libération de Paris" in PdfReader(pdf).pages[3].extract_text()
    assert outline(pdf) == outline(built(tmp_path, "rgb", "--no-pdfx"))


@needs
def test_photos_in_cmyk_look_as_they_did_in_rgb(tmp_path):
    """The photos are CMYK JPEGs (Adobe's inverted kind, read right thanks to /Decode): what
    poppler renders is the RGB photo's colour within a few levels, not its negative."""
    rgb, cmyk = built(tmp_path, "rgb", "--no-pdfx"), built(tmp_path, "x4", "--pdfx")
    with pikepdf.open(cmyk) as document:
        images = [
            obj
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert images and all(image.ColorSpace == "/DeviceCMYK" for image in images)
    before, after = (_render(pdf, 4) for pdf in (rgb, cmyk))
    disc = [xy for xy in _pixels(before) if _near(before.getpixel(xy), BROWN, 30)]
    assert len(disc) > 500, "the photo's disc is on page 4"
    for channel in range(3):
        mean_before = sum(before.getpixel(xy)[channel] for xy in disc) / len(disc)
        mean_after = sum(after.getpixel(xy)[channel] for xy in disc) / len(disc)
        # Poppler shows CMYK without the profile (naively): close, not exact; a negative is ~100 off.
        assert abs(mean_before - mean_after) < 25, (channel, mean_before, mean_after)


@needs
def test_two_builds_give_the_same_bytes_and_the_press_profile_is_embedded(tmp_path):
    icc = tmp_path / "profils é" / "Fogra39 (couché).icc"
    icc.parent.mkdir()
    shutil.copy(default_icc_profile(), icc)
    options = ("--pdfx", "--icc", str(icc), "--intent", "perceptual")
    first, second = built(tmp_path, "one", *options), built(tmp_path, "two", *options)
    assert first.read_bytes() == second.read_bytes()
    with pikepdf.open(first) as document:
        (intent,) = document.Root.OutputIntents
        assert intent.OutputConditionIdentifier == "Fogra39 (couché)"
        assert intent.DestOutputProfile.read_bytes() == icc.read_bytes()


@needs
def test_the_imposed_booklet_of_a_pdfx_build_is_pdfx4_too(tmp_path):
    built(tmp_path, "out", "--pdfx", "--impose", "saddle")
    imposed = tmp_path / "out" / "medailles-commemoratives-imposed.pdf"
    assert PdfReader(imposed).metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    assert run_sheets("preflight", imposed, "--pdfx").exit_code == 0


def test_a_tagged_pdf_keeps_its_structure_and_metadata_less_the_links(tmp_path):
    """RGB text, an RGB image and a link, tagged: the link's OBJR and parent tree entry go,
    its element keeps its text; pdfuaid:part stays beside the PDF/X version."""
    source = _tagged_pdf(tmp_path / "tagged.pdf")
    out = io.BytesIO()
    convert_to_pdfx4(source, out, default_icc_profile() or pytest.skip("no CMYK profile"))
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        assert "/Annots" not in pdf.pages[0].obj
        link = pdf.Root.StructTreeRoot.K.K[0]
        assert link.S == "/Link" and link.K == 0, "its text stays, its OBJR goes"
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        assert 0 in parents and 1 not in parents
        metadata = pdf.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.Root.Lang == "fr-FR" and pdf.Root.MarkInfo.Marked
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.ColorSpace == "/DeviceCMYK" and "/SMask" in image
        content = pdf.pages[0].Contents.read_bytes()
        assert b" rg" not in content and b" k" in content
        assert b"/P << /MCID 0 >> BDC" in content, "marked content kept"
    findings, _ = check_pages(out.getvalue(), "print", pdfx=True)
    assert [f for f in findings if f.check == "color-space"] == []


def _tagged_pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    photo = io.BytesIO()
    Image.new("RGB", (8, 8), BROWN).save(photo, "JPEG")
    alpha = pdf.make_stream(b"\x80" * 64, Width=8, Height=8, BitsPerComponent=8)
    alpha.ColorSpace = pikepdf.Name.DeviceGray
    image = pikepdf.Stream(pdf, photo.getvalue())
    image.write(photo.getvalue(), filter=pikepdf.Name.DCTDecode)
    image.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": 8,
                  "/Height": 8, "/BitsPerComponent": 8, "/ColorSpace": pikepdf.Name.DeviceRGB,
                  "/SMask": alpha})  # fmt: skip
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(
        b"/P <</MCID 0>> BDC 0.2 0.4 0.8 rg 0 0 0 RG 10 10 50 50 re B EMC "
        b"q 40 0 0 40 100 100 cm /Im0 Do Q"
    )
    page.obj.StructParents = 0
    link_element = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                        S=pikepdf.Name.Link, Pg=page.obj))  # fmt: skip
    annotation = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                           Rect=[10, 10, 60, 60], StructParent=1,
                           A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.fr"))
    )  # fmt: skip
    link_element.K = pikepdf.Array(
        [0, pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page.obj)]
    )
    page.obj.Annots = pikepdf.Array([annotation])
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document,
                           K=pikepdf.Array([link_element]))
    )  # fmt: skip
    link_element.P = document
    root = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=document, ParentTreeNextKey=2,
            ParentTree=pdf.make_indirect(
                pikepdf.Dictionary(Nums=[0, pikepdf.Array([link_element]), 1, link_element])
            ),
        )
    )  # fmt: skip
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("fr-FR")
    pdf.docinfo["/Title"] = "Étiquettes"
    pdf.docinfo["/CreationDate"] = "D:20231114221320+00'00'"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata["pdfuaid:part"] = "1"
    pdf.save(path, static_id=True)
    return path


def _render(pdf: Path, page: int) -> Image.Image:
    done = subprocess.run(
        ["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-png", pdf],
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(done.stdout)).convert("RGB")


def _pixels(image: Image.Image):
    return ((x, y) for x in range(image.width) for y in range(image.height))


def _near(color, target, tolerance) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color, target, strict=True))


@needs
def test_a_photo_is_converted_once_and_rebuilds_give_a_fresh_builds_bytes(tmp_path, monkeypatch):
    from sheets.press import cmyk

    converted = []
    transform = cmyk.CmykConverter.transform
    monkeypatch.setattr(
        cmyk.CmykConverter,
        "transform",
        lambda self, source: converted.append(source) or transform(self, source),
    )
    write_catalog(tmp_path)
    built(tmp_path, "out", "--pdfx")
    assert converted, "no photo converted"
    # Each photo once, though the brochure shows some twice (a product's, the cover's).
    assert len(list((tmp_path / "out" / ".sheets" / "cache").glob("*.bin"))) == len(converted)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(catalog.read_text().replace("Le 25 août", "Le 25 août 1944", 1))
    converted.clear()
    again = built(tmp_path, "out", "--pdfx")
    assert converted == []  # the photos as the last build converted them
    fresh = built(tmp_path, "fresh", "--pdfx")
    assert again.read_bytes() == fresh.read_bytes()


@needs
def test_a_cmyk_profile_little_cms_cannot_use_is_refused_before_anything_is_written(tmp_path):
    # A profile Ghostscript ships that Pillow cannot write back (a v4.2 profile).
    unusable = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")
    if not unusable.is_file():
        pytest.skip("Ghostscript's ps_cmyk.icc is not installed")
    write_catalog(tmp_path)
    result = run_sheets(
        "build", tmp_path / "catalog.yaml", "-o", tmp_path / "out", "--pdfx", "--icc", unusable
    )
    assert result.exit_code == 2
    assert "ps_cmyk.icc cannot be used to convert colours" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))
