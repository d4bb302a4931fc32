"""Output profiles: what a PDF is for decides its page geometry, colours and photos.

`print` (the brochure, for the press) has a bleed with crop marks, TrimBox and BleedBox on every
page, the theme's colours in CMYK and every pixel of the photos. `screen` (sheets that are
emailed) is the trimmed page in RGB, with photos at about 150 ppi of their placed size: enough
for any screen and a desk printer, and small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputProfile:
    name: str
    photo_max_ppi: float | None  # photos above this are downsampled; None keeps them whole
    bleed: bool  # a bleed around the trimmed page, crop marks, TrimBox and BleedBox
    cmyk: bool  # the theme's colours as CMYK (or the spot colours it names)
    jpeg_quality: int = 82


PROFILES = {
    "print": OutputProfile("print", photo_max_ppi=None, bleed=True, cmyk=True),
    "screen": OutputProfile("screen", photo_max_ppi=150, bleed=False, cmyk=False),
}
