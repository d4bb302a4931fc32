"""Preflight: what a print shop checks in any PDF before printing it, found page by page.

`preflight(path)` reads a PDF made by any tool and returns a `Report` of findings (errors and
warnings, each with its page): fonts not embedded, missing or short TrimBox/BleedBox, pages of
different trim sizes, images under the profile's resolution, RGB colour, hairlines, tiny text, a
page count that does not suit the binding and, for PDF/X (X-3 or X-4), what `pdfx.py` checks:
the version, the output intent and its profile, the metadata, annotations. It never writes or
prints anything.

qpdf (pikepdf) reads the structure (boxes, fonts, content streams: see `content.py`) and PDFium
(pypdfium2) what is placed where: images and characters with their final transformation.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from ..errors import Severity, counted
from ..model import STANDARD_BLEED_MM
from ..style.profiles import PROFILES
from .content import (
    PageContent,
    PreflightError,
    open_pdf,
    page_box,
    read_page_content,
    reason,
    trim_size,
)
from .pdfx import check_pdfx
from .placed import PlacedImage, placed_images, text_sizes
from .report import Finding, Report

__all__ = ["Finding", "PreflightError", "Report", "preflight"]  # what the CLI and tests use

BINDINGS = ("none", "saddle")
HAIRLINE_PT = 0.25
SMALL_TEXT_PT = 6.0
POINTS_PER_MM = 72 / 25.4
BOX_PURPOSES = {"TrimBox": "where to cut", "BleedBox": "how far the bleed reaches"}
SIZE_TOLERANCE_MM = 0.5  # tools round A4 to 595 × 842 pt or 595.276 × 841.89 pt
# Limits are met within a rounding: TeX's 6 pt is 5.978 PDF points, 3 mm may be 8.5 pt.
BLEED_TOLERANCE_MM = 0.05
HAIRLINE_TOLERANCE_PT = 0.005
SMALL_TEXT_TOLERANCE_PT = 0.05
STANDARD_14 = set(
    "Helvetica Helvetica-Bold Helvetica-Oblique Helvetica-BoldOblique Courier Courier-Bold "
    "Courier-Oblique Courier-BoldOblique Times-Roman Times-Bold Times-Italic Times-BoldItalic "
    "Symbol ZapfDingbats".split()
)


def preflight(
    path: Path | str,
    profile: str = "print",
    bleed_mm: float = STANDARD_BLEED_MM,
    pdfx: bool = False,
    binding: str = "none",
) -> Report:
    """Check the PDF at `path`; raises PreflightError when it cannot be read.

    `profile` "print" wants images of 300 ppi, CMYK, and a TrimBox and a BleedBox with `bleed_mm`
    of bleed on every page; "screen" wants 150 ppi and no boxes. `pdfx` makes RGB an error and
    checks the PDF/X rules of `pdfx.py`; `binding` "saddle" wants a multiple of 4 pages.
    """
    if binding not in BINDINGS:
        raise ValueError(f"unknown binding {binding!r}: use one of {', '.join(BINDINGS)}")
    path = Path(path)
    findings, sizes = check_pages(path, profile, bleed_mm, pdfx)
    findings += check_trim_sizes(sizes) + check_binding(len(sizes), binding)
    findings += check_pdfx(path) if pdfx else []
    findings.sort(key=lambda f: f.page or 0)
    return Report(path, profile, len(sizes), findings)


def check_pages(
    source: Path | bytes, profile: str, bleed_mm: float = STANDARD_BLEED_MM, pdfx: bool = False
) -> tuple[list[Finding], list[tuple[float, float]]]:
    """What each page of a PDF (a file, or its bytes) holds that a press would object to, and
    each page's trim size: the checks of `preflight` that look at one page at a time."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    pdf, document = open_pdf(source)
    with pdf:
        try:
            findings: list[Finding] = []
            sizes = []
            for index, page in enumerate(pdf.pages):
                number = index + 1
                sizes.append(trim_size(page))
                if profile == "print":
                    findings += check_boxes(number, page, bleed_mm)
                findings += _check_content(number, page, profile, pdfx)
                if index < len(document):
                    findings += _check_placed(number, document[index], profile)
        finally:
            document.close()
    return findings, sizes


def check_boxes(number: int, page: pikepdf.Page, bleed_mm: float) -> list[Finding]:
    """TrimBox and BleedBox present, and the BleedBox (within the MediaBox) outset beyond the
    TrimBox by at least `bleed_mm` on every side."""
    trim, bleed = page_box(page, "/TrimBox"), page_box(page, "/BleedBox")
    missing = [name for name, box in (("TrimBox", trim), ("BleedBox", bleed)) if box is None]
    if missing:
        return [
            Finding(
                Severity.ERROR,
                "boxes",
                number,
                f"no {' and no '.join(missing)}: the print shop cannot tell "
                + " or ".join(BOX_PURPOSES[name] for name in missing),
                {"missing": missing},
            )
        ]
    media = page_box(page, "/MediaBox") or bleed
    # A BleedBox reaching past the MediaBox is clipped to it: that part cannot be printed.
    outsets = {
        "left": trim[0] - max(bleed[0], media[0]),
        "bottom": trim[1] - max(bleed[1], media[1]),
        "right": min(bleed[2], media[2]) - trim[2],
        "top": min(bleed[3], media[3]) - trim[3],
    }
    outsets_mm = {side: round(points / POINTS_PER_MM, 2) for side, points in outsets.items()}
    short = {side: mm for side, mm in outsets_mm.items() if mm < bleed_mm - BLEED_TOLERANCE_MM}
    if not short:
        return []
    sides = ", ".join(f"{side} {_number(mm, 1)} mm" for side, mm in short.items())
    return [
        Finding(
            Severity.ERROR,
            "boxes",
            number,
            f"bleed under {_number(bleed_mm, 2)} mm: {sides}",
            {"bleed_mm": outsets_mm, "expected_mm": bleed_mm},
        )
    ]


def check_trim_sizes(sizes: list[tuple[float, float]]) -> list[Finding]:
    """Every page the size of most pages (the first page's size when there is a tie)."""
    if not sizes:
        return []
    in_mm = [(round(w / POINTS_PER_MM, 1), round(h / POINTS_PER_MM, 1)) for w, h in sizes]
    usual = Counter(in_mm).most_common(1)[0][0]
    return [
        Finding(
            Severity.ERROR,
            "trim-size",
            number,
            f"trim size {_size(size)} differs from the other pages' {_size(usual)}",
            {"size_mm": list(size), "expected_mm": list(usual)},
        )
        for number, size in enumerate(in_mm, start=1)
        if max(abs(size[0] - usual[0]), abs(size[1] - usual[1])) > SIZE_TOLERANCE_MM
    ]


def check_binding(pages: int, binding: str) -> list[Finding]:
    """Saddle stitching folds sheets of four pages: the count must be a multiple of 4."""
    if binding != "saddle" or pages % 4 == 0:
        return []
    missing = 4 - pages % 4
    return [
        Finding(
            Severity.ERROR,
            "binding",
            None,
            f"{counted(pages, 'page')} cannot be saddle-stitched: add {counted(missing, 'page')} "
            "to reach a multiple of 4",
            {"pages": pages, "binding": binding, "pages_to_add": missing},
        )
    ]


def check_fonts(number: int, content: PageContent) -> list[Finding]:
    """Every font program in the file: a standard-14 font is no exception for print."""
    standard = " (a standard-14 font: the printer substitutes its own)"
    return [
        Finding(
            Severity.ERROR,
            "fonts",
            number,
            f"font {name} is not embedded{standard if name in STANDARD_14 else ''}",
            {"font": name},
        )
        for name, embedded in content.fonts.items()
        if not embedded
    ]


def check_color_space(number: int, content: PageContent, profile: str, pdfx: bool) -> list[Finding]:
    """RGB images and colours: fine on screen, a warning for print, an error for PDF/X."""
    if not (content.rgb_images or content.rgb_paints) or (profile == "screen" and not pdfx):
        return []
    # Counts go to the details: the same message on many pages then reads as one line.
    kinds = " and ".join(
        kind for n, kind in ((content.rgb_images, "images"), (content.rgb_paints, "colours")) if n
    )
    return [
        Finding(
            Severity.ERROR if pdfx else Severity.WARNING,
            "color-space",
            number,
            f"RGB {kinds} ({'PDF/X' if pdfx else 'print'} wants CMYK)",
            {"rgb_images": content.rgb_images, "rgb_painting_operations": content.rgb_paints},
        )
    ]


def check_hairlines(number: int, content: PageContent) -> list[Finding]:
    """Strokes thinner than 0.25 pt on paper (see `preflight_content` for the approximation)."""
    thin = [width for width in content.stroke_widths if width < HAIRLINE_PT - HAIRLINE_TOLERANCE_PT]
    if not thin:
        return []
    return [
        Finding(
            Severity.WARNING,
            "hairlines",
            number,
            f"{counted(len(thin), 'stroke')} thinner than {HAIRLINE_PT} pt "
            f"(thinnest {_number(min(thin), 2)} pt): they may not print",
            {"strokes": len(thin), "thinnest_pt": round(min(thin), 3), "minimum_pt": HAIRLINE_PT},
        )
    ]


def check_image_resolution(number: int, images: list[PlacedImage], profile: str) -> list[Finding]:
    """Each image's pixels per inch at the size it is placed (the lower of its two axes)."""
    minimum_ppi = PROFILES[profile].ppi
    findings = []
    for image in images:
        if image.ppi >= minimum_ppi - 0.5:
            continue
        width, height = image.pixels
        findings.append(
            Finding(
                Severity.WARNING,
                "resolution",
                number,
                f"image {width}×{height} px placed at {round(image.ppi)} ppi "
                f"(under {minimum_ppi} ppi for {profile})",
                {
                    "ppi": round(image.ppi, 1),
                    "pixels": [width, height],
                    "placed_mm": [round(v / POINTS_PER_MM, 1) for v in image.placed_pt],
                    "minimum_ppi": minimum_ppi,
                },
            )
        )
    return findings


def check_small_text(number: int, sizes: list[float]) -> list[Finding]:
    """Visible characters under 6 pt as placed."""
    small = [size for size in sizes if size < SMALL_TEXT_PT - SMALL_TEXT_TOLERANCE_PT]
    if not small:
        return []
    return [
        Finding(
            Severity.WARNING,
            "small-text",
            number,
            f"{counted(len(small), 'character')} of text under {_number(SMALL_TEXT_PT, 1)} pt "
            f"(smallest {_number(min(small), 1)} pt)",
            {
                "characters": len(small),
                "smallest_pt": round(min(small), 2),
                "sizes_pt": sorted({round(s, 1) for s in small}),
                "minimum_pt": SMALL_TEXT_PT,
            },
        )
    ]


def _check_content(number: int, page: pikepdf.Page, profile: str, pdfx: bool) -> list[Finding]:
    try:
        content = read_page_content(page)
    except Exception as exc:  # a damaged stream spoils this page's checks, not the report
        return [_unreadable(number, "content stream", "fonts, colours and hairlines", exc)]
    return (
        check_fonts(number, content)
        + check_color_space(number, content, profile, pdfx)
        + check_hairlines(number, content)
    )


def _check_placed(number: int, page: pdfium.PdfPage, profile: str) -> list[Finding]:
    try:
        small = text_sizes(page, under=SMALL_TEXT_PT - SMALL_TEXT_TOLERANCE_PT)
        return check_image_resolution(number, placed_images(page), profile) + check_small_text(
            number, small
        )
    except pdfium.PdfiumError as exc:
        return [_unreadable(number, "images and text", "resolution and text sizes", exc)]
    finally:
        page.close()


def _unreadable(number: int, what: str, checks: str, exc: Exception) -> Finding:
    return Finding(
        Severity.WARNING,
        "unreadable",
        number,
        f"could not read the page's {what} ({reason(exc)}): {checks} not checked",
    )


def _size(size_mm: tuple[float, float]) -> str:
    return f"{_number(size_mm[0], 1)} × {_number(size_mm[1], 1)} mm"


def _number(value: float, decimals: int) -> str:
    return f"{round(value, decimals):g}"
