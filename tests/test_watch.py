"""`sheets build --watch`: built again when the catalog changes on disk, its errors said and the
last good outputs kept, stopped by Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sheets.watch import Watched

from support import EPOCH, product, text_of, write_folder, write_shop_catalog

WAIT = 60  # seconds: a build on a loaded machine


class Watching:
    """`sheets build --watch` in a process of its own, what it printed read as it comes."""

    def __init__(self, catalog: Path, out: Path, log: Path):
        self.log = log
        with log.open("wb") as said:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sheets", "build", str(catalog), "-o", str(out), "--watch"],
                stdout=said,
                stderr=subprocess.STDOUT,
                env={**os.environ, **EPOCH},
            )

    def said(self) -> str:
        return self.log.read_text()

    def until(self, times: int, text: str) -> str:
        """What it printed once `text` shows `times` times."""
        deadline = time.monotonic() + WAIT
        while self.said().count(text) < times:
            assert time.monotonic() < deadline and self.process.poll() is None, self.said()
            time.sleep(0.05)
        return self.said()


def test_a_watched_catalog_is_built_again_when_it_changes(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    out = tmp_path / "out"
    watching = Watching(catalog, out, tmp_path / "watch.log")
    try:
        watching.until(1, "Watching ")
        sheet = out / "sheets" / "7505634-la-liberation-de-paris.pdf"
        assert "La Libération de Paris" in text_of(sheet)
        (tmp_path / ".catalog.yaml.swp").write_bytes(b"")  # an editor opens it: nothing to do
        text = catalog.read_text("utf-8")
        catalog.write_text(text.replace("Tour Eiffel", "La tour Eiffel"), "utf-8")
        said = watching.until(1, "1 sheet redrawn, 2 up to date; brochure pages")
        assert said.count(" changed") == 1, "the swap file built nothing"
        assert re.search(r"\n\d\d:\d\d:\d\d catalog.yaml changed\n", said), said
        assert "La tour Eiffel" in text_of(out / "sheets" / "0750-la-tour-eiffel.pdf")
        built = sheet.read_bytes()
        catalog.write_text(text.replace("price:", "prix:", 1), "utf-8")
        said = watching.until(2, " catalog.yaml changed")
        said = watching.until(1, "unknown key 'prix'")
        assert sheet.read_bytes() == built, "the last good outputs kept"
    finally:
        watching.process.send_signal(signal.SIGINT)
        status = watching.process.wait(timeout=WAIT)
    assert status == 0, watching.said()
    assert "sheets build --watch: stopped" in watching.said()
    assert "Traceback" not in watching.said()
    assert list(out.rglob("*.tmp")) == []


def test_a_photo_is_watched_with_the_stamp_the_build_found_it_with(tmp_path):
    """A photo saved while the build drew it is seen changed afterwards."""
    catalog = write_shop_catalog(tmp_path)
    photo = tmp_path / "images" / "7505634.jpg"
    watched = Watched(catalog)
    watched.take([])
    watched.add({str(photo.resolve()): [0, 0, 0]})  # as the build found it: since saved
    assert str(photo.resolve()) in watched.changed()


def test_an_emptied_products_folder_is_still_watched(tmp_path):
    catalog = write_folder(tmp_path, {"a.yaml": product("A-1")})
    products = catalog.parent / "products"
    (products / "a.yaml").rename(tmp_path / "a.yaml")  # the folder holds no file
    watched = Watched(catalog)
    watched.take([])
    (tmp_path / "a.yaml").rename(products / "a.yaml")
    assert str(products.resolve()) in watched.changed()
