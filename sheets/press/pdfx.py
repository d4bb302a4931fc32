"""PDF/X-3 for the press, made by Ghostscript (`--pdfx=x3`; `pdfx4.py` writes the default,
PDF/X-4, itself): CMYK throughout, an output intent from an ICC profile, fonts embedded, text
still extractable. Also the profile both use: the press's, or Ghostscript's generic CMYK."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from string import Template

import pikepdf
from PIL import Image, ImageCms

DEFINITIONS = Path(__file__).parent / "pdfx_def.ps"
# Ghostscript's own generic CMYK profile, installed with it.
GHOSTSCRIPT_CMYK = [
    Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
    *sorted(Path("/usr/share/ghostscript").glob("*/iccprofiles/default_cmyk.icc")),
]
TIMEOUT = 600  # seconds


class PdfxError(Exception):
    """Why no PDF/X could be made, with what to do about it."""


def default_icc_profile() -> Path | None:
    return next((path for path in GHOSTSCRIPT_CMYK if path.is_file()), None)


def convert_to_pdfx(pdf: bytes, icc: Path | None) -> bytes:
    """The same document as PDF/X-3, its colours converted to CMYK for the `icc` output intent."""
    ghostscript, icc = check_pdfx_tools(icc)
    with tempfile.TemporaryDirectory(prefix="sheets-pdfx-") as folder:
        work = Path(folder)
        (work / "in.pdf").write_bytes(_without_annotations(pdf))
        (work / "pdfx_def.ps").write_text(
            Template(DEFINITIONS.read_text(encoding="utf-8")).substitute(
                icc_path=_ps_string(os.fsencode(icc.resolve())),
                condition=_ps_string(_pdf_text(icc.stem)),
            ),
            encoding="ascii",
        )
        command = [
            ghostscript, "-q", "-dPDFX", "-dBATCH", "-dNOPAUSE", "-dNOSAFER", "-sDEVICE=pdfwrite",
            "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
            "-dPDFXCompatibilityPolicy=2",  # stop rather than quietly write something that is not PDF/X
            # Pages as they are: by default a page whose text runs upwards (a background's
            # vertical line, alone on a blank page) is turned into a landscape one.
            "-dAutoRotatePages=/None",
            f"-sOutputFile={work / 'out.pdf'}", str(work / "pdfx_def.ps"), str(work / "in.pdf"),
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfxError(f"Ghostscript took more than {TIMEOUT} s") from None
        output = work / "out.pdf"
        if done.returncode != 0 or not output.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise PdfxError(
                f"Ghostscript could not make a PDF/X: {detail[-1] if detail else done.returncode}"
            )
        return output.read_bytes()


def check_pdfx_tools(icc: Path | None) -> tuple[str, Path]:
    """Ghostscript and the ICC profile to use, or PdfxError saying what to install or give."""
    ghostscript = shutil.which("gs")
    if ghostscript is None:
        raise PdfxError(
            "--pdfx needs Ghostscript, which is not installed: install it with "
            "'apt-get install ghostscript' (Debian, Ubuntu), 'brew install ghostscript' (macOS)"
        )
    return ghostscript, check_icc_profile(icc)


def check_icc_profile(icc: Path | None) -> Path:
    """The CMYK ICC profile to use (`icc`, else Ghostscript's), or PdfxError saying what to give."""
    icc = icc or default_icc_profile()
    if icc is None or not icc.is_file():
        raise PdfxError(
            f"no CMYK ICC profile found{f' at {icc}' if icc else ''}: give one with --icc"
        )
    header = icc.read_bytes()[:40]
    if len(header) < 40 or header[36:40] != b"acsp":
        raise PdfxError(
            f"{icc} is not an ICC profile: give the press's CMYK profile (.icc) with --icc"
        )
    if header[16:20] != b"CMYK":
        space = header[16:20].decode("ascii", "replace").strip()
        raise PdfxError(
            f"{icc} is an ICC profile for {space}, not CMYK: PDF/X wants the press's CMYK profile"
        )
    try:  # what PDF/X-4 will do with it: convert a pixel of sRGB
        output = ImageCms.ImageCmsProfile(io.BytesIO(icc.read_bytes()))
        srgb = ImageCms.createProfile("sRGB")
        ImageCms.profileToProfile(Image.new("RGB", (1, 1)), srgb, output, outputMode="CMYK")
    except (OSError, ImageCms.PyCMSError) as exc:
        raise PdfxError(
            f"{icc} cannot be used to convert colours ({exc}): give another CMYK profile with --icc"
        ) from None
    return icc


def _without_annotations(pdf: bytes) -> bytes:
    """Links are not allowed in PDF/X (and mean nothing on paper): the print copy drops them."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def _ps_string(data: bytes) -> str:
    """Bytes inside a PostScript (string), written in ASCII: printable ASCII as it is but for
    the parentheses and the backslash, every other byte as an octal escape (`é` in UTF-8 is
    `\\303\\251`), so that Ghostscript opens the file of exactly that name."""
    return "".join(
        chr(byte) if 0x20 <= byte < 0x7F and byte not in b"()\\" else f"\\{byte:03o}"
        for byte in data
    )


def _pdf_text(text: str) -> bytes:
    """A PDF text string's bytes: ASCII as it is, anything else in UTF-16 after its byte order
    mark (the output condition is named after the profile: `Fogra39-couché`)."""
    if text.isascii():
        return text.encode("ascii")
    return b"\xfe\xff" + text.encode("utf-16-be", "replace")  # a file name's stray bytes: '?'
