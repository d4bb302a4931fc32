"""The catalog format's reference tables, made from the schema so that they cannot drift from it.

    python -m sheets.catalog.reference README.md

rewrites every table between `<!-- schema: SECTION -->` and `<!-- /schema -->` in the file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .keys import Section
from .schema import SECTIONS

_BLOCK = re.compile(r"(<!-- schema: ([\w.]*) -->\n).*?(<!-- /schema -->)", re.S)


def table(section: Section) -> str:
    """The section's keys as a Markdown table: key, how it is written, required or its default,
    an example, what it is for."""
    rows = [
        "| key | written as | default | example | meaning |",
        "|---|---|---|---|---|",
    ]
    for key in section.keys:
        default = "**required**" if key.required else _code(key.default or "")
        example = f"`{key.example}`" if key.example else ""
        rows.append(
            f"| `{key.name}` | {_cell(key.type)} | {_cell(default)} | {_cell(example)} "
            f"| {_cell(key.doc)} |"
        )
    return "\n".join(rows) + "\n"


def update(text: str) -> str:
    """`text` with each schema table made anew."""
    sections = {section.path: section for section in SECTIONS}

    def made(match: re.Match) -> str:
        return match.group(1) + table(sections[match.group(2)]) + match.group(3)

    return _BLOCK.sub(made, text)


def _code(text: str) -> str:
    """A value as code, unless it is already written with some."""
    return f"`{text}`" if text and "`" not in text else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        if update(text) != text:
            path.write_text(update(text), encoding="utf-8")
            print(f"{path}: catalog reference updated")


if __name__ == "__main__":
    main(sys.argv[1:])
