"""Output profiles: what a PDF is for decides its page geometry, colours and photos.

`print` (the brochure, for the press) has a bleed with crop marks, TrimBox and BleedBox on every
page, the theme's colours in CMYK and every pixel of the photos, which are never placed under
300 ppi. `screen` (sheets that are emailed) is the trimmed page in RGB, with photos downsampled
to 150 ppi of their placed size: enough for any screen and a desk printer, and small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputProfile:
    name: str
    ppi: float  # the resolution photos need: preflight warns under it
    downsample: bool  # photos above `ppi` are downsampled to it; otherwise kept whole
    bleed: bool  # a bleed around the trimmed page, crop marks, TrimBox and BleedBox
    cmyk: bool  # the theme's colours as CMYK (or the spot colours it names)
    jpeg_quality: int = 82  # of downsampled photos


PRINT = OutputProfile("print", ppi=300, downsample=False, bleed=True, cmyk=True)
SCREEN = OutputProfile("screen", ppi=150, downsample=True, bleed=False, cmyk=False)
PROFILES = {profile.name: profile for profile in (PRINT, SCREEN)}


def pdfx_refusal(brochure_profile: str) -> str | None:
    """Why a brochure in this profile cannot be PDF/X, or None when it can."""
    return _for_the_press("PDF/X", brochure_profile)


def imposition_refusal(brochure_profile: str) -> str | None:
    """Why a brochure in this profile cannot be imposed, or None when it can: imposed sheets
    are cut and folded by the press, along the bleed and marks of the print profile."""
    return _for_the_press("imposition", brochure_profile)


def _for_the_press(what: str, brochure_profile: str) -> str | None:
    """None when the profile is the press's, with the bleed and the boxes; why not otherwise."""
    if PROFILES[brochure_profile].bleed:
        return None
    return f"{what} is for the print profile, and the brochure is set to {brochure_profile}"
