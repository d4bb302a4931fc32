"""The PDF/X rules of preflight that concern the document (`preflight(..., pdfx=True)`), for
PDF/X-3 and PDF/X-4 alike, the version read from the file: its GTS_PDFXVersion, the PDF version
it allows (X-3: 1.3 to 1.4 or later readers; X-4: at least 1.6), an output intent embedding a
CMYK profile, the XMP metadata naming the same version (required by X-4), Trapped set, and no
annotation inside a page's bleed box but trap networks and printer's marks. What each page
draws (fonts, RGB) is checked page by page in `checks.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

from ..errors import Severity
from .content import page_box
from .report import Finding

ALLOWED_ANNOTATIONS = ("/TrapNet", "/PrinterMark")
XMP_VERSION = "pdfxid:GTS_PDFXVersion"


def check_pdfx(path: Path) -> list[Finding]:
    """The document's PDF/X findings (none when it is a PDF/X as far as these go)."""
    with pikepdf.open(path) as pdf:
        version = str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
        findings = check_output_intent(pdf, version) + check_version(pdf, version)
        findings += check_metadata(pdf, version) + check_annotations(pdf)
    return findings


def check_output_intent(pdf: pikepdf.Pdf, version: str = "") -> list[Finding]:
    """PDF/X names the printing condition its CMYK is for: an output intent `/S /GTS_PDFX`,
    with the CMYK profile of that condition embedded (or, X-3 only, a registered name)."""
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if isinstance(i, pikepdf.Dictionary)]
    kinds = [str(intent.get("/S", "")) for intent in intents]
    pdfx = [intent for intent, kind in zip(intents, kinds, strict=True) if kind == "/GTS_PDFX"]
    if not pdfx:
        return [
            _error(
                "output-intent",
                "no PDF/X output intent: the press cannot tell which printing condition the "
                "colours are meant for",
                {"output_intents": kinds},
            )
        ]
    profile = pdfx[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        if version.startswith("PDF/X-3"):
            return []
        return [_error("output-intent", "the PDF/X output intent embeds no ICC profile")]
    header = profile.read_bytes()[:40]
    if len(header) < 40 or header[36:40] != b"acsp" or header[16:20] != b"CMYK":
        space = header[16:20].decode("ascii", "replace").strip() if len(header) >= 20 else "?"
        return [
            _error(
                "output-intent",
                f"the output intent's profile is not a CMYK ICC profile ({space or '?'})",
                {"color_space": space},
            )
        ]
    return []


def check_version(pdf: pikepdf.Pdf, version: str) -> list[Finding]:
    """The document info names the PDF/X version, one the PDF version allows."""
    if not version.startswith(("PDF/X-3", "PDF/X-4")):
        shown = f"'{version}'" if version else "none"
        return [
            _error(
                "pdfx-version",
                f"no PDF/X-3 or PDF/X-4 version in the document info (GTS_PDFXVersion: {shown})",
                {"GTS_PDFXVersion": version},
            )
        ]
    if version.startswith("PDF/X-4") and _version(pdf.pdf_version) < (1, 6):
        return [
            _error(
                "pdfx-version",
                f"PDF/X-4 needs PDF 1.6 or later; the file says PDF {pdf.pdf_version}",
                {"pdf_version": pdf.pdf_version},
            )
        ]
    return []


def check_metadata(pdf: pikepdf.Pdf, version: str) -> list[Finding]:
    """Trapped said (True or False), and the XMP metadata's PDF/X version the document info's
    (X-4 requires the XMP; X-3 only if it has one)."""
    findings = []
    trapped = str(pdf.docinfo.get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        findings.append(
            _error(
                "trapped",
                "the document info does not say whether the file is trapped (Trapped True "
                "or False)",
                {"Trapped": trapped.lstrip("/")},
            )
        )
    xmp = _xmp_version(pdf)
    if version.startswith("PDF/X-4") and xmp is None:
        findings.append(_error("metadata", "PDF/X-4 needs XMP metadata naming its version"))
    elif xmp is not None and version and xmp != version:
        findings.append(
            _error(
                "metadata",
                f"the XMP metadata says {xmp}, the document info {version}",
                {"xmp": xmp, "info": version},
            )
        )
    return findings


def check_annotations(pdf: pikepdf.Pdf) -> list[Finding]:
    """No annotation (a link, a comment, a form field) inside a page's bleed box, where it
    would print or confuse: only trap networks and printer's marks are allowed there."""
    findings = []
    for number, page in enumerate(pdf.pages, start=1):
        box = page_box(page, "/BleedBox") or page_box(page, "/MediaBox")
        inside = [
            str(annotation.get("/Subtype", "?")).lstrip("/")
            for annotation in page.obj.get("/Annots", [])
            if isinstance(annotation, pikepdf.Dictionary)
            and annotation.get("/Subtype") not in ALLOWED_ANNOTATIONS
            and _overlaps(annotation.get("/Rect"), box)
        ]
        if inside:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "annotations",
                    number,
                    f"annotations inside the bleed box ({', '.join(sorted(set(inside)))}): "
                    "PDF/X allows none there",
                    {"annotations": len(inside)},
                )
            )
    return findings


def _xmp_version(pdf: pikepdf.Pdf) -> str | None:
    if not isinstance(pdf.Root.get("/Metadata"), pikepdf.Stream):
        return None
    try:
        metadata = pdf.open_metadata()
        return str(metadata[XMP_VERSION]) if XMP_VERSION in metadata else None
    except Exception:  # unreadable XML: as if there were none
        return None


def _overlaps(rect: Any, box: tuple[float, float, float, float] | None) -> bool:
    try:
        x0, y0, x1, y1 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return True  # a broken rectangle may be anywhere
    if box is None:
        return True
    left, right, bottom, top = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return left < box[2] and right > box[0] and bottom < box[3] and top > box[1]


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return (0,)


def _error(check: str, message: str, details: dict | None = None) -> Finding:
    return Finding(Severity.ERROR, check, None, message, details or {})
