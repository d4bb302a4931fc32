"""The stages chained: load → validate → layout → write. The library's entry points."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .load import load_catalog
from .model import Catalog


def check_catalog(path: Path) -> tuple[Catalog | None, list[Problem]]:
    """Everything `sheets build` would refuse or warn about, without writing anything."""
    return load_catalog(path)
