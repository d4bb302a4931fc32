"""A sheet's pages as PNG images for the screen: rendered with pdfium once, then served from a
bounded cache on disk."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ..editions.previews import PDFIUM_LOCK, render_page

KEEP = 500  # cached images (~120 KB each at 900 px): the oldest are deleted past it
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CACHED = re.compile(r"[0-9a-f]{64}-p[0-9]+-w[0-9]+\.png")  # the names `_name` gives
_TEMPORARY = (".preview-", ".tmp")  # prefix and suffix of a file still being written
_STALE_SECONDS = 600  # a temporary file this old was left by a writer that died


class Previews:
    """The pages of sheets as images `width_px` wide, cached in `folder` (made when first
    written to; only the files it names are ever read or deleted there)."""

    def __init__(self, folder: Path, width_px: int = 900, keep: int = KEEP) -> None:
        if width_px < 1 or keep < 1:
            raise ValueError(f"width_px and keep must be positive, not {width_px} and {keep}")
        self.folder = folder
        self.width_px = width_px
        self.keep = keep

    def page_count(self, pdf: bytes | Path) -> int:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
            try:
                return len(document)
            finally:
                document.close()

    def png(self, pdf: bytes | Path, sha256: str, page: int) -> bytes:
        """Page `page` (from 0) of `pdf` (its bytes, or its file), whose bytes' SHA-256 is
        `sha256`, as a PNG image.
        IndexError when the PDF has no such page; ValueError when `sha256` is no digest."""
        if not _DIGEST.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 digest in hexadecimal: {sha256!r}")
        if page < 0:
            raise IndexError(f"no page {page}")
        cached = self.folder / f"{sha256}-p{page}-w{self.width_px}.png"
        data = _read(cached)
        if data is not None:
            return data
        data = encode_png(self.render(pdf, page))
        self._write(cached, data)
        self._prune()
        return data

    def render(self, pdf: bytes | Path, page: int) -> Image.Image:
        """Page `page` of `pdf`, `width_px` wide, its height in proportion."""
        return render_page(pdf, page, self.width_px)

    def _write(self, target: Path, data: bytes) -> None:
        """`data` into `target` at once: a reader sees the whole file or none."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=self.folder, prefix=_TEMPORARY[0], suffix=_TEMPORARY[1]
        )
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _prune(self) -> None:
        """The oldest images deleted past `keep`, and temporary files left by dead writers."""
        cached, now = [], time.time()
        for entry in os.scandir(self.folder):
            try:
                if _CACHED.fullmatch(entry.name):
                    cached.append((entry.stat().st_mtime, entry.path))
                elif _is_temporary(entry.name) and now - entry.stat().st_mtime > _STALE_SECONDS:
                    os.unlink(entry.path)
            except FileNotFoundError:  # deleted meanwhile by another request
                continue
        cached.sort()
        for _, path in cached[: max(0, len(cached) - self.keep)]:
            Path(path).unlink(missing_ok=True)


def _is_temporary(name: str) -> bool:
    return name.startswith(_TEMPORARY[0]) and name.endswith(_TEMPORARY[1])


def _read(cached: Path) -> bytes | None:
    """The cached image's bytes, marked as recently seen (kept longer); None when it is not
    there (not drawn yet, or just deleted by another request's pruning)."""
    try:
        data = cached.read_bytes()
    except FileNotFoundError:
        return None
    with contextlib.suppress(OSError):  # deleted meanwhile: the bytes read are whole all the same
        os.utime(cached)
    return data


def encode_png(image: Image.Image) -> bytes:
    """The image as a PNG of 256 colours, dithered: a sheet's page 900 px wide takes 90-120 KB
    where full colour takes 290-350 KB, for ~60 ms more, once (`bench/serve.py` measures it)."""
    buffer = io.BytesIO()
    image.convert("RGB").quantize(256).save(buffer, "PNG", optimize=False)
    return buffer.getvalue()
