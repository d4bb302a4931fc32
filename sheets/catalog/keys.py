"""How the catalog format declares a key: its type, whether it is required or what it defaults
to, an example, what it means, the parser of a plain value and the longest text it may hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # how the value is written, as the reference shows it
    doc: str  # what it is for, in a line
    required: bool = False
    default: str | None = None  # as the reference shows it
    example: str | None = None  # as written in a catalog; a missing key's hint quotes it
    parse: Callable[[str], Any] | None = None  # for a plain value: text → value
    expected: str | None = None  # what `parse` wants, in "'margin' '1 inch' is not a length"
    hint: str | None = None  # how to write it, when the value does not parse
    field: str | None = None  # the model's name for it, when not the key's own
    max_length: int | None = None  # characters, in each language: long enough for any real use


@dataclass(frozen=True)
class Section:
    path: str  # as the reference names it: `catalog.theme`
    where: str  # as messages name it: `'theme'`
    keys: tuple[Key, ...]

    def __getitem__(self, name: str) -> Key:
        return next(key for key in self.keys if key.name == name)

    @property
    def names(self) -> list[str]:
        return [key.name for key in self.keys]


# The longest texts accepted, in characters: far more than any real one, and few enough that the
# largest catalog still builds in seconds (`MAX_PARAGRAPH` is in `products.py`).
MAX_NAME = 200  # titles, names
MAX_LINE = 300  # subtitles, a spec's value, an address
MAX_LABEL = 100  # a spec's label, and each of its translations in `spec_labels`
MAX_ALT = 300  # an image's alternative text: a sentence or two, read aloud in one breath
MAX_INTRO = 3_000
MAX_DESCRIPTION = 100_000  # about 15 000 words, or 25 pages
MAX_LETTER = 10_000

TEXT = "text, or one per language"
SECTION = "mapping"
