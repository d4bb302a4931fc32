"""The catalog's plain values as text → typed values: each parser raises ValueError when the text
is not such a value, or `Refused` when it is one but cannot be used (its message says why)."""

from __future__ import annotations

import re

from ..errors import Refused
from ..i18n.formats import refuse_other_digits
from ..model import BACKGROUND_OUTPUTS, CONTENTS, LAYOUTS, TAXES
from ..style import fonts
from ..style.colors import check_color
from ..style.profiles import PROFILES
from ..style.theme import PAGE_SIZES

# Patterns are matched whole (`fullmatch`: `$` also matches before a final newline) and in
# ASCII (with re.I alone, `s` also matches the long s 'ſ').
_URL = re.compile(r"(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)", re.I | re.A)
# An address as a message header and SMTP carry it without SMTPUTF8: ASCII, one address (no
# comma, quote or angle bracket that would make it two, or a name), a domain with a dot.
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_LENGTH = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(mm|cm|in|pt)\s*")
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CATEGORY_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_YES_NO = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
MAX_URL_LENGTH = 2000  # a product's address becomes a QR code, which cannot hold much more
MAX_REFERENCE_LENGTH = 64  # it names the sheet's file, beside the title: file names have a limit
MAX_BLEED_MM = 20.0  # presses ask for 3 to 5 mm; beyond this it is a typo


def parse_url(text: str) -> str:
    if len(text) > MAX_URL_LENGTH:
        raise Refused(
            f"is {len(text)} characters long; a web address may have at most {MAX_URL_LENGTH} "
            "(it becomes a QR code)",
            "give a shorter address for the same page",
        )
    if not _URL.fullmatch(text):
        raise ValueError(text)
    return text


def parse_email(text: str) -> str:
    if not text.isascii():
        raise Refused(
            "has characters beyond ASCII: sheets sends messages without SMTPUTF8, which such "
            "an address needs",
            "give an address written in ASCII; an accented domain has one, in its 'xn--' form",
        )
    if not _EMAIL.fullmatch(text):
        raise ValueError(text)
    return text


def parse_length_mm(text: str) -> float:
    """`18 mm`, `2 cm`, `0.75 in`, `54 pt` → millimetres."""
    match = _LENGTH.fullmatch(refuse_other_digits(text))
    if not match:
        raise ValueError(text)
    return float(match.group(1).replace(",", ".")) * _MM_PER_UNIT[match.group(2)]


def parse_bleed_mm(text: str) -> float:
    bleed = parse_length_mm(text)
    if bleed > MAX_BLEED_MM:
        raise Refused(f"is more than a press needs (at most {MAX_BLEED_MM:g} mm)")
    return bleed


def parse_yes_no(text: str) -> bool:
    if text.lower() not in _YES_NO:
        raise ValueError(text)
    return _YES_NO[text.lower()]


PDFX_VERSIONS = {"x4": "x4", "x3": "x3"}  # the theme's `pdfx`: `yes` is the newer, X-4


def parse_pdfx(text: str) -> str:
    """`yes` or `x4`: PDF/X-4; `x3`: PDF/X-3 (Ghostscript's); `no`: "" (none)."""
    if text.lower() in PDFX_VERSIONS:
        return PDFX_VERSIONS[text.lower()]
    return "x4" if parse_yes_no(text) else ""


def parse_port(text: str) -> int:
    if not re.fullmatch("[0-9]+", refuse_other_digits(text)):  # int() also takes '+5_87'
        raise ValueError(text)
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(text)
    return port


def parse_page_size(text: str) -> str:
    """The page size's name as the theme knows it, whatever its case (`a4` → `A4`)."""
    match = next((name for name in PAGE_SIZES if name.lower() == text.lower()), None)
    if match is None:
        raise Refused("is not a page size", f"use one of {', '.join(PAGE_SIZES)}")
    return match


def parse_font_family(text: str) -> str:
    families = fonts.available_families()
    if text.lower() not in families:
        raise Refused(
            "is not a font family of the fonts folder", f"use one of: {', '.join(sorted(families))}"
        )
    return text.lower()


def parse_profile(text: str) -> str:
    if text not in PROFILES:
        raise Refused("is not an output profile", f"use one of: {', '.join(PROFILES)}")
    return text


def parse_layout(text: str) -> str:
    if text not in LAYOUTS:
        raise Refused("is not a layout", f"use one of: {', '.join(LAYOUTS)}")
    return text


def parse_contents(text: str) -> str:
    if text not in CONTENTS:
        raise Refused("is not a kind of contents", f"use one of: {', '.join(CONTENTS)}")
    return text


def parse_page_number(text: str) -> int:
    if not re.fullmatch("[0-9]{1,6}", refuse_other_digits(text)) or int(text) < 1:
        raise ValueError(text)
    return int(text)


def parse_background_outputs(text: str) -> str:
    if text not in BACKGROUND_OUTPUTS:
        raise Refused(
            "is not what a background is for", f"use one of: {', '.join(BACKGROUND_OUTPUTS)}"
        )
    return text


def parse_color(text: str) -> str:
    return check_color(text)


def parse_reference(text: str) -> str:
    if not _REFERENCE.fullmatch(text):
        raise Refused(
            "may hold only ASCII letters (A to Z, a to z), digits, '.', '-' and '_' "
            "(it names the sheet's file)"
        )
    if len(text) > MAX_REFERENCE_LENGTH:
        raise Refused(
            f"is {len(text)} characters long; a reference may have at most "
            f"{MAX_REFERENCE_LENGTH} (it names the sheet's file)",
            "shorten it",
        )
    return text


def parse_category_id(text: str) -> str:
    if not _CATEGORY_ID.fullmatch(text):
        example = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "histoire"
        raise Refused(
            "may hold only lower-case letters, digits, '-' and '_'", f"for example '{example}'"
        )
    return text


def parse_ean13(text: str) -> str:
    if not re.fullmatch("[0-9]{13}", refuse_other_digits(text)):
        raise Refused(
            "must be exactly 13 digits",
            "quote it ('\"3760123456789\"') and check that no digit is missing",
        )
    return parse_gtin(text)


def parse_gtin(text: str) -> str:
    """An EAN-13, or the 12 digits of a GTIN-12 (UPC-A): its check digit is an EAN-13's once a
    0 is put before it."""
    if not re.fullmatch("[0-9]{12,13}", refuse_other_digits(text)):
        raise Refused(
            "must be 13 digits (EAN-13) or 12 (UPC-A)",
            "quote it ('\"3760123456789\"') and check that no digit is missing",
        )
    expected = ean13_check_digit(text.zfill(13)[:12])
    if int(text[-1]) != expected:
        raise Refused(
            f"has a wrong check digit: expected {expected}, found {text[-1]}",
            f"check the code; with these first {len(text) - 1} digits it is {text[:-1]}{expected}",
        )
    return text


def parse_taxes(text: str) -> str:
    if text not in TAXES:
        raise ValueError(text)
    return text


def ean13_check_digit(first12: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10
