"""The catalog's `theme` section → ThemeSettings: each key read by its parser in the schema, then
the rules between keys (a margin that leaves room on its page, PDF/X only for print)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from yaml.nodes import Node

from ..errors import shown
from ..model import ThemeSettings
from ..style.profiles import pdfx_refusal
from ..style.theme import PAGE_SIZES
from .reader import FieldReader
from .settings_schema import THEME

MIN_TEXT_MM = 60  # the narrowest text a sheet's photo, details and codes can be laid out in


def read_theme(reader: FieldReader, node: Node) -> ThemeSettings:
    """The theme section's settings, the defaults where a key is absent or wrong."""
    entries = reader.mapping(node, THEME) or {}
    settings: dict[str, Any] = {}
    for key in THEME.keys:
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
    return ThemeSettings(**settings)
