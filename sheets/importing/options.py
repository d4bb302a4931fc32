"""What `sheets import` is asked to do: the source, its kind, the target and the choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KINDS = ("shopify", "spreadsheet", "merchant")


@dataclass(frozen=True)
class ImportOptions:
    kind: str  # KINDS
    source: Path
    out: Path
    locale: str
    currency: str | None = None
    title: str | None = None
    publisher: str | None = None
    images: Path | None = None
    mapping: Path | None = None
    sheet: str | None = None
    encoding: str | None = None
    drafts: bool = False
    force: bool = False
