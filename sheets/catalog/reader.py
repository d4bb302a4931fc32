"""Reading typed values out of YAML nodes that know their place, reporting every problem found.

The catalog's readers build on this: `FieldReader` checks a mapping's keys against the schema
(unknown, missing, duplicated), reads text, translated text and parsed values, and turns each
problem into a `Problem` with its file, line and column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, Refused, Severity, shown
from ..i18n.formats import date_example, parse_local_date, parse_locale
from .keys import Key, Section

_LANGUAGE = re.compile(r"[a-z]{2}(_[A-Z]{2})?")
_UNIT_OR_SIGN = re.compile(r"[\d\s\W_]+|\b(mm|cm|m|km|g|kg|mg|ml|cl|l|oz|in|pt|px|ct)\b")


@dataclass
class Entry:
    key: ScalarNode
    value: Node


@dataclass(frozen=True, slots=True)  # one or more per text of every product: kept small
class DrawnText:
    """A text of the catalog that the pages show, with where it comes from: what the glyph
    check reads, whether or not the catalog has errors elsewhere."""

    text: str
    field: str  # as messages name it: "title", "catalog's title", "spec 'Diamètre'"
    line: int | None
    product: str | None = None
    file: Path | None = None  # the file it is written in; None: the catalog


class FieldReader:
    """Collects problems against one file instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.drawn: list[DrawnText] = []  # the texts the pages show, as they are read
        self.default_locale: str | None = None  # the language plain strings are written in
        self.output_locale: str | None = None  # the language being published
        # Values whose unprintable characters are already errors: nothing more is said of them.
        self.unprintable: set[Node] = set()

    # -- reporting -------------------------------------------------------------------------

    def report(
        self,
        severity: Severity,
        node: Node | None,
        message: str,
        hint: str | None = None,
        product: str | None = None,
        line: int | None = None,
    ) -> None:
        if severity is Severity.ERROR and node in self.unprintable:
            return  # it follows from the characters made spaces ('image not found')
        mark = node.start_mark if node is not None else None
        self.problems.append(
            Problem(
                severity,
                message,
                self.path,
                line if line is not None else (mark.line + 1 if mark else None),
                None if line is not None else (mark.column + 1 if mark else None),
                product,
                hint,
            )
        )

    def error(self, node, message, hint=None, product=None, line=None) -> None:
        self.report(Severity.ERROR, node, message, hint, product, line)

    def warn(self, node, message, hint=None, product=None, line=None) -> None:
        self.report(Severity.WARNING, node, message, hint, product, line)

    # -- generic shapes --------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        section: Section | dict[str, bool],
        product: str | None = None,
        where: str | None = None,
        examples: dict[str, str] | None = None,
    ) -> dict[str, Entry] | None:
        """The entries of a mapping node, after reporting duplicate, unknown and missing keys.

        `section` is a schema section, or the keys a mapping of free labels may hold (with
        whether each is required)."""
        if isinstance(section, Section):
            keys = {key.name: key.required for key in section.keys}
            examples = {
                **{key.name: key.example for key in section.keys if key.example},
                **(examples or {}),
            }
            where = where or section.where
        else:
            keys = section
        where = where or "the mapping"
        if not isinstance(node, MappingNode):
            self.error(
                node,
                f"{where} must be a mapping of 'key: value' lines, found {kind(node)}",
                product=product,
            )
            return None
        entries: dict[str, Entry] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error(key, f"{where} has a key that is not text", product=product)
                continue
            name = key.value
            if name in entries:
                self.error(
                    key,
                    f"duplicate key {shown(name)} in {where} (first given on line "
                    f"{entries[name].key.start_mark.line + 1})",
                    "remove one of them: YAML would silently keep only the last",
                    product,
                )
                continue
            entries[name] = Entry(key, value)
            if name not in keys:
                guess = difflib.get_close_matches(name, keys, n=1, cutoff=0.6)
                hint = (
                    COMMA_IN_BRACES
                    if split_by_comma(node, key)
                    else f"did you mean {shown(guess[0])}?"
                    if guess
                    else f"the keys of {where} are: {', '.join(keys)}"
                )
                self.error(key, f"unknown key {shown(name)} in {where}", hint, product)
        if isinstance(section, Section):
            for key in section.keys:
                if key.max_length and key.name in entries:
                    self.check_length(entries[key.name].value, key.name, key.max_length, product)
        for name, required in keys.items():
            if required and (name not in entries or is_empty(entries[name].value)):
                place = entries[name].value if name in entries else node
                sample = (examples or {}).get(name)
                self.error(
                    place,
                    f"missing required key '{name}' in {where}"
                    if name not in entries
                    else f"{shown(name)} in {where} is empty",
                    f"add a line like '{name}: {sample}'" if sample else None,
                    product,
                )
        return {name: e for name, e in entries.items() if name in keys}

    def check_length(self, node: Node, name: str, limit: int, product: str | None = None) -> bool:
        """Whether the text (or each of its translations) is at most `limit` characters long;
        an error for each that is longer. Limits keep every build to seconds."""
        texts = [value for _, value in node.value] if isinstance(node, MappingNode) else [node]
        fits = True
        for text in texts:
            # Without its surrounding spaces: `strip` copies, so only a long text is stripped.
            long = isinstance(text, ScalarNode) and len(text.value) > limit
            if long and len(text.value.strip()) > limit:
                self.error(
                    text,
                    f"'{name}' is {len(text.value.strip()):,} characters long; it may have at "
                    f"most {limit:,}".replace(",", " "),
                    "shorten it",
                    product,
                )
                fits = False
        return fits

    def text(
        self,
        entries: dict[str, Entry],
        name: str,
        where: str,
        product: str | None = None,
        drawn: str | None = None,
    ) -> str | None:
        """A plain text value, whitespace-normalised; None when absent or empty. With `drawn`,
        it is recorded as a text the pages show, under that name."""
        entry = entries.get(name)
        if entry is None or is_empty(entry.value):
            return None
        if not isinstance(entry.value, ScalarNode):
            self.error(
                entry.value,
                f"'{name}' in {where} must be text, found {kind(entry.value)}",
                "write it on one line, or as a block after '|'",
                product,
            )
            return None
        text = " ".join(entry.value.value.split())
        if drawn:
            self.record(text, drawn, entry.value, product)
        return text

    def translated(
        self,
        entries: dict[str, Entry],
        name: str,
        where: str,
        product: str | None = None,
        drawn: str | None = None,
    ) -> str | None:
        """Text that may be given per language: the publishing language's, whitespace-normalised.
        With `drawn`, it is recorded as a text the pages show, under that name."""
        entry = entries.get(name)
        node = self.translated_node(entry.value, name, where, product) if entry else None
        if node is None:
            return None
        text = " ".join(node.value.split())
        if drawn:
            self.record(text, drawn, node, product)
        return text

    def record(self, text: str, field: str, place: Node | int, product: str | None) -> None:
        """Note a text the pages will show, found at `place` (a node, or a line number)."""
        line = place if isinstance(place, int) else place.start_mark.line + 1
        self.drawn.append(DrawnText(text, field, line, product, self.path))

    def _translating(self) -> bool:
        """Whether the language being published differs from the one plain text is written in."""
        default, wanted = self.default_locale or "", self.output_locale or ""
        return bool(wanted) and wanted.split("_")[0] != default.split("_")[0]

    def translated_node(
        self, node: Node, name: str, where: str, product: str | None = None
    ) -> ScalarNode | None:
        """The text node for the publishing language, from plain text or a `{fr: …, en: …}` mapping.

        A missing translation falls back to the catalog's language with a warning; a text missing
        in the catalog's own language is an error.
        """
        if isinstance(node, ScalarNode):
            if is_empty(node):
                return None
            if self._translating() and not _language_neutral(node.value):
                self.warn(
                    node,
                    f"'{name}' has no {self.output_locale} text: the {self.default_locale} text is used",
                    f"write it as '{self.default_locale.split('_')[0]}: …' and "
                    f"'{self.output_locale.split('_')[0]}: …' lines",
                    product,
                )
            return node
        if not isinstance(node, MappingNode):
            self.error(
                node,
                f"'{name}' in {where} must be text, or one text per language, found {kind(node)}",
                "write it on one line, or as 'fr: …' and 'en: …' lines below it",
                product,
            )
            return None
        texts = self.language_texts(node, name, where, product)
        default, wanted = self.default_locale or "", self.output_locale or self.default_locale or ""
        original = next((texts[c] for c in candidate_keys(default) if c in texts), None)
        if original is None:
            self.error(
                node,
                f"'{name}' in {where} has no text in the catalog's language ({default})",
                f"add a line '{default.split('_')[0]}: …' under '{name}'",
                product,
            )
            return None
        chosen = next((texts[c] for c in candidate_keys(wanted) if c in texts), None)
        if chosen is None:
            self.warn(
                node,
                f"'{name}' has no {wanted} text: the {default} text is used",
                f"add a line '{wanted.split('_')[0]}: …' under '{name}'",
                product,
            )
            return original
        return chosen

    def language_texts(
        self, node: Node, name: str, where: str, product: str | None = None
    ) -> dict[str, ScalarNode]:
        """The texts of a `{fr: …, en: …}` mapping by language code, reporting malformed entries."""
        texts: dict[str, ScalarNode] = {}
        if not isinstance(node, MappingNode):
            self.error(
                node,
                f"'{name}' in {where} must give one text per language, found {kind(node)}",
                "write 'en: …' lines below it",
                product,
            )
            return texts
        for key, value in node.value:
            code = getattr(key, "value", "")
            if not isinstance(key, ScalarNode) or not _is_language(code):
                self.error(
                    key,
                    f"{shown(code)} in '{name}' of {where} is not a language code",
                    "use a language code such as fr, en, de or en_GB",
                    product,
                )
            elif not isinstance(value, ScalarNode) or is_empty(value):
                self.error(
                    value,
                    f"the {code} text of '{name}' in {where} is empty or not text",
                    product=product,
                )
            else:
                texts[code] = value
        return texts

    def value(
        self,
        entries: dict[str, Entry],
        key: Key,
        where: str,
        product: str | None = None,
    ) -> Any:
        """A plain value read by its key's parser; None (and a problem) when it does not parse."""
        text = self.text(entries, key.name, where, product)
        if text is None:
            return None
        return self.parse(entries[key.name].value, text, key, product)

    def parse(self, node: Node, text: str, key: Key, product: str | None = None) -> Any:
        """`text` (found at `node`) read by `key`'s parser, reporting what it refuses."""
        assert key.parse is not None, key.name
        try:
            return key.parse(text)
        except Refused as exc:
            self.error(node, f"'{key.name}' {shown(text)} {exc}", exc.hint or key.hint, product)
        except ValueError:
            self.error(node, f"'{key.name}' {shown(text)} is not {key.expected}", key.hint, product)
        return None

    def local_date(
        self,
        entries: dict[str, Entry],
        name: str,
        where: str,
        locale: str,
        product: str | None = None,
    ) -> date | None:
        """A date in the locale's short form (08/08/2017 in fr_FR) or ISO (2017-08-08)."""
        key = Key(
            name,
            "date",
            "",
            parse=lambda text: parse_local_date(text, locale),
            expected=f"a date in {locale}",
            hint=f"write it like {date_example(locale)} or as 2017-08-25",
        )
        return self.value(entries, key, where, product)


COMMA_IN_BRACES = "inside braces a comma ends a value: quote an amount like '17,80' (\"17,80\")"


def split_by_comma(mapping: Node, key: Node) -> bool:
    """Whether `key` is likely the decimals of an amount that a comma cut in two: in a mapping
    written in braces, `{price: 17,80}` reads as `price: 17` and a key `80`."""
    return bool(getattr(mapping, "flow_style", False)) and key.value.strip().isdigit()


def candidate_keys(locale: str) -> list[str]:
    """The keys that can hold a locale's text: `en_GB`, then `en`."""
    return [locale, locale.split("_")[0]] if "_" in locale else [locale]


def is_group(node: Node) -> bool:
    """Whether a spec's value is a group of specs: a mapping whose keys are not all language
    codes (those give the spec's text per language)."""
    return isinstance(node, MappingNode) and not all(
        isinstance(key, ScalarNode) and _is_language(key.value) for key, _ in node.value
    )


def _is_language(code: str) -> bool:
    """`fr`, `en` or `en_GB`: two-letter ISO 639-1 codes, as CLDR names its locales."""
    if not _LANGUAGE.fullmatch(code):
        return False
    try:
        parse_locale(code)
    except ValueError:
        return False
    return True


def _language_neutral(text: str) -> bool:
    """Text that reads the same in every language: `41 mm`, `31 g`, `999/1000`, `7,78 g`."""
    return not _UNIT_OR_SIGN.sub("", text).strip()


def is_empty(node: Node) -> bool:
    """Blank text, however it is written: `title:`, `title: ""` and `title: "  "` alike."""
    return isinstance(node, ScalarNode) and node.value.strip() == ""


def kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the text {shown(node.value)}" if node.value else "nothing"
