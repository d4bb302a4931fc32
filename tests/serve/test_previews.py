"""A sheet's pages as images for the staff's screen: their size, their pixels, their cache."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from sheets.serve.previews import Previews


@pytest.fixture(scope="module")
def sheet(built) -> Path:
    """The founding product's sheet, as `sheets build` wrote it for support's base catalog."""
    out, _ = built
    (found,) = (out / "sheets").glob("7505634-*.pdf")
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image


def test_a_page_is_a_png_of_the_width_asked_its_height_in_proportion(sheet, tmp_path):
    for width in (900, 400, 111, 123):  # the last two 1 px over at a scale of width / A4 width
        image = decoded(Previews(tmp_path / "cache", width).png(sheet, digest(sheet), 0))
        page = PdfReader(sheet).pages[0].mediabox
        assert image.width == width
        assert abs(image.height - width * float(page.height) / float(page.width)) <= 1


def test_a_page_shows_what_the_sheet_draws(sheet, tmp_path):
    image = decoded(Previews(tmp_path / "cache").png(sheet, digest(sheet), 0)).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20  # not a blank page: text and a photo
    assert image.getextrema()[0] < 60  # black text on it
    assert image.getpixel((5, 5)) > 240  # a white margin


def test_the_page_count_is_the_sheets(sheet, tmp_path):
    assert Previews(tmp_path / "cache").page_count(sheet) == len(PdfReader(sheet).pages)


def test_the_cache_folder_is_made_when_first_written_to(sheet, tmp_path):
    previews = Previews(tmp_path / "cache")
    previews.page_count(sheet)
    assert not (tmp_path / "cache").exists()
    previews.png(sheet, digest(sheet), 0)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{digest(sheet)}-p0-w900.png"]


def test_a_page_seen_before_is_served_from_the_cache_without_pdfium(sheet, tmp_path, monkeypatch):
    previews = Previews(tmp_path / "cache")
    first = previews.png(sheet, digest(sheet), 0)

    def not_again(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(Previews, "render", not_again)
    assert previews.png(sheet, digest(sheet), 0) == first
    assert Previews(tmp_path / "cache").png(sheet, digest(sheet), 0) == first  # a new process


def test_a_page_past_the_last_or_before_the_first_is_an_index_error(sheet, tmp_path):
    previews = Previews(tmp_path / "cache")
    for page in (previews.page_count(sheet), 99, -1):
        with pytest.raises(IndexError):
            previews.png(sheet, digest(sheet), page)
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "a" * 63, "a" * 64 + "/x", ""])
def test_a_digest_that_is_not_one_is_refused_nothing_written(sheet, tmp_path, bad):
    with pytest.raises(ValueError, match="not a SHA-256 digest"):
        Previews(tmp_path / "cache").png(sheet, bad, 0)
    assert not (tmp_path / "cache").exists()


def test_the_cache_keeps_the_most_recently_seen_images_and_deletes_only_its_own(sheet, tmp_path):
    folder = tmp_path / "cache"
    previews = Previews(folder, keep=2)
    previews.png(sheet, "a" * 64, 0)
    previews.png(sheet, "b" * 64, 0)
    now = time.time()
    os.utime(folder / f"{'a' * 64}-p0-w900.png", (now - 100, now - 100))
    os.utime(folder / f"{'b' * 64}-p0-w900.png", (now - 50, now - 50))
    (folder / "notes.txt").write_text("the staff's", encoding="utf-8")
    os.utime(folder / "notes.txt", (now - 9999, now - 9999))
    stale = folder / ".preview-died.tmp"  # left by a writer that died an hour ago
    stale.write_bytes(b"half a PNG")
    os.utime(stale, (now - 3600, now - 3600))
    previews.png(sheet, "a" * 64, 0)  # seen again: now the most recent
    previews.png(sheet, "c" * 64, 0)
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{'a' * 64}-p0-w900.png",
        f"{'c' * 64}-p0-w900.png",
        "notes.txt",
    ]


def test_requests_at_once_each_get_the_whole_image(sheet, tmp_path):
    previews = Previews(tmp_path / "cache")
    expected = Previews(tmp_path / "alone").png(sheet, digest(sheet), 0)
    results: list[bytes] = []

    def request(key: str) -> None:
        results.append(previews.png(sheet, key, 0))

    threads = [threading.Thread(target=request, args=(k * 64,)) for k in "abcdabcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8
    assert sorted(p.name[0] for p in (tmp_path / "cache").iterdir()) == list("abcd")
