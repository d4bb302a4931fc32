"""Output profiles: what a PDF is for decides how its photos are stored.

`screen` (sheets that are emailed) keeps photos at about 150 ppi of their placed size, enough for
any screen and a desk printer, and small; `print` (the brochure) keeps every pixel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputProfile:
    name: str
    photo_max_ppi: float | None  # photos above this are downsampled; None keeps them whole
    jpeg_quality: int = 82


PROFILES = {
    "print": OutputProfile("print", photo_max_ppi=None),
    "screen": OutputProfile("screen", photo_max_ppi=150),
}
