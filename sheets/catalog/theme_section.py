"""The catalog's `theme` section → ThemeSettings: each key read by its parser in the schema, then
the rules between keys (a margin that leaves room on its page, PDF/X only for print, a
background of the pages' size)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from yaml.nodes import Node

from ..errors import shown
from ..model import ThemeSettings
from ..style.profiles import pdfx_refusal
from ..style.theme import PAGE_SIZES
from .background import read_background
from .image_paths import ImagePaths
from .reader import FieldReader, is_empty
from .settings_schema import THEME

# The keys that give the pages' size, and their fields.
_SIZES = {"page_size": "page_size", "bleed": "bleed_mm"}
MIN_TEXT_MM = 60  # the narrowest text a sheet's photo, details and codes can be laid out in


def read_theme(reader: FieldReader, node: Node, paths: ImagePaths) -> ThemeSettings:
    """The theme section's settings, the defaults where a key is absent or wrong; the files it
    names found through `paths`."""
    entries = reader.mapping(node, THEME) or {}
    settings: dict[str, Any] = {}
    for key in THEME.keys:
        if key.parse is None:  # a mapping or a file: read below
            continue
        value = reader.value(entries, key, THEME.where)
        if value is not None:
            settings[key.field or key.name] = value
    if "margin_mm" in settings and ("page_size" in settings or "page_size" not in entries):
        # The margin is checked against the page it is for, when that page is known.
        page = settings.get("page_size", ThemeSettings.page_size)
        width, height = (round(length / mm, 1) for length in PAGE_SIZES[page])
        if min(width, height) - 2 * settings["margin_mm"] < MIN_TEXT_MM:
            reader.error(
                entries["margin"].value,
                f"'margin' {shown(reader.text(entries, 'margin', THEME.where))} leaves less than "
                f"{MIN_TEXT_MM} mm for the text on {page} ({width:g} × {height:g} mm)",
                f"use a margin of at most {(min(width, height) - MIN_TEXT_MM) / 2:g} mm on {page}",
            )
            del settings["margin_mm"]
    brochure_profile = settings.get("brochure_profile", ThemeSettings.brochure_profile)
    if settings.get("pdfx") and (refusal := pdfx_refusal(brochure_profile)):
        reader.error(
            entries["pdfx"].value,
            refusal,
            "set 'brochure_profile: print', or remove 'pdfx: yes'",
        )
    if "background" in entries and not is_empty(entries["background"].value):
        # Its size is checked against the pages', when their size and bleed are known.
        known = all(field in settings or key not in entries for key, field in _SIZES.items())
        page = settings.get("page_size", ThemeSettings.page_size)
        size = (PAGE_SIZES[page], settings.get("bleed_mm", ThemeSettings.bleed_mm) * mm)
        node = entries["background"].value
        settings["background"] = read_background(reader, node, paths, size if known else None)
    return ThemeSettings(**settings)
