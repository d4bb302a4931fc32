"""Shared by the loader and `sheets check` tests: catalog files written into a fresh folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[[str | bytes], Path]:
    """Write text (or raw bytes) as shop/catalog.yaml, beside images/7505634.jpg.

    A real photo also lies just outside the shop folder, at x.jpg, so that a path escaping the
    folder is refused for where it points, not because nothing is there.
    """
    folder = tmp_path / "shop"
    (folder / "images").mkdir(parents=True)
    photo = FIXTURES / "images" / "7505634.jpg"
    shutil.copy(photo, folder / "images" / photo.name)
    shutil.copy(photo, tmp_path / "x.jpg")

    def write(content: str | bytes) -> Path:
        path = folder / "catalog.yaml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write
