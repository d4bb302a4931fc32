"""The catalog's `theme` section → ThemeSettings: page size, margins and bleed that leave room,
colours, fonts, output profiles."""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from ..model import ThemeSettings
from ..style import fonts
from ..style.colors import check_color
from ..style.profiles import PROFILES
from .reader import FieldReader, parse_length_mm

THEME_KEYS = {
    "page_size": False,
    "margin": False,
    "bleed": False,
    "accent_color": False,
    "text_font": False,
    "display_font": False,
    "sheets_profile": False,
    "brochure_profile": False,
    "pdfx": False,
}
PAGE_SIZES_MM = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}
PAGE_SIZES = tuple(PAGE_SIZES_MM)
MAX_BLEED_MM = 20.0  # presses ask for 3 to 5 mm; beyond this it is a typo
MIN_TEXT_MM = 60  # the narrowest text a sheet's photo, details and codes can be laid out in


class ThemeReader:
    """Reads the theme section, reporting through the catalog's reader."""

    def __init__(self, reader: FieldReader):
        self.reader = reader

    def read(self, node: Node) -> ThemeSettings:
        where = "'theme'"
        entries = self.reader.mapping(node, where, THEME_KEYS) or {}
        settings: dict[str, Any] = {}
        size = self.reader.text(entries, "page_size", where)
        if size is not None:
            match = next((s for s in PAGE_SIZES if s.lower() == size.lower()), None)
            if match:
                settings["page_size"] = match
            else:
                self.reader.error(
                    entries["page_size"].value,
                    f"unknown page size {size!r}",
                    f"use one of {', '.join(PAGE_SIZES)}",
                )
        margin = self.reader.parsed(
            entries,
            "margin",
            where,
            parse_length_mm,
            "a length",
            "write a number and a unit, e.g. '18 mm', '2 cm' or '0.75 in'",
        )
        if margin is not None and (size is None or "page_size" in settings):
            # The margin is checked against the page it is for, when that page is known.
            page = settings.get("page_size", ThemeSettings.page_size)
            width, height = PAGE_SIZES_MM[page]
            if min(width, height) - 2 * margin < MIN_TEXT_MM:
                self.reader.error(
                    entries["margin"].value,
                    f"'margin' {self.reader.text(entries, 'margin', where)!r} leaves less than "
                    f"{MIN_TEXT_MM} mm for the text on {page} ({width:g} × {height:g} mm)",
                    f"use a margin of at most {(min(width, height) - MIN_TEXT_MM) / 2:g} mm "
                    f"on {page}",
                )
            else:
                settings["margin_mm"] = margin
        bleed = self.reader.parsed(
            entries,
            "bleed",
            where,
            parse_length_mm,
            "a length",
            "the press usually asks for '3 mm'",
        )
        if bleed is not None and bleed > MAX_BLEED_MM:
            self.reader.error(
                entries["bleed"].value,
                f"'bleed' '{self.reader.text(entries, 'bleed', where)}' is more than a press needs "
                f"(at most {MAX_BLEED_MM:g} mm)",
                "the press usually asks for '3 mm'",
            )
        elif bleed is not None:
            settings["bleed_mm"] = bleed
        color = self.reader.parsed(
            entries,
            "accent_color",
            where,
            check_color,
            "a colour",
            "write '#7b2d26' (quoted: # starts a comment), 'cmyk(0, 80, 75, 45)' or 'spot(Name, 0, 80, 75, 45)'",
        )
        if color is not None:
            settings["accent_color"] = color
        families = fonts.available_families()
        for name in ("text_font", "display_font"):
            family = self.reader.text(entries, name, where)
            if family is None:
                continue
            if family.lower() in families:
                settings[name] = family.lower()
            else:
                self.reader.error(
                    entries[name].value,
                    f"font family {family!r} is not in fonts/",
                    f"use one of: {', '.join(sorted(families))}",
                )
        for name in ("sheets_profile", "brochure_profile"):
            profile = self.reader.text(entries, name, where)
            if profile is None:
                continue
            if profile in PROFILES:
                settings[name] = profile
            else:
                self.reader.error(
                    entries[name].value,
                    f"unknown profile {profile!r}",
                    f"use one of: {', '.join(PROFILES)}",
                )
        pdfx = self.reader.parsed(
            entries, "pdfx", where, _yes_no, "yes or no", "write 'pdfx: yes' or 'pdfx: no'"
        )
        if pdfx is not None:
            settings["pdfx"] = pdfx
        brochure_profile = settings.get("brochure_profile", ThemeSettings.brochure_profile)
        if pdfx and not PROFILES[brochure_profile].bleed:
            self.reader.error(
                entries["pdfx"].value,
                f"'pdfx: yes' is for the print profile, but 'brochure_profile' is "
                f"'{brochure_profile}'",
                "PDF/X is for the press: set 'brochure_profile: print', or remove 'pdfx: yes'",
            )
        return ThemeSettings(**settings)


def _yes_no(text: str) -> bool:
    answers = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
    if text.lower() not in answers:
        raise ValueError(text)
    return answers[text.lower()]
