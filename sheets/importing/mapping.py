"""Which spreadsheet column gives which catalog key: a small YAML file (`--mapping`), or the
columns named like the keys. A text's translations are its column suffixed with their locale
(`Name-en_GB` beside `Name`)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import shown
from ..i18n.formats import parse_locale
from .problems import At, Findings
from .table import Table

ONE_COLUMN = ("reference", "title", "subtitle", "category", "price", "old_price", "ean",
              "description", "url", "group", "available")  # fmt: skip
COLUMN_LISTS = ("images", "specs", "attributes")
FORMATS = ("text", "html", "markdown")
REQUIRED = ("reference", "title", "price")
# The columns taken without a mapping file: named like a key, or like one of these.
ALIASES = {
    "reference": ("reference", "ref", "sku"),
    "title": ("title", "name"),
    "subtitle": ("subtitle",),
    "category": ("category",),
    "price": ("price",),
    "old_price": ("old_price", "old price"),
    "ean": ("ean", "ean13", "gtin", "barcode"),
    "description": ("description",),
    "url": ("url", "link"),
    "available": ("available",),
    "images": ("images", "image"),
}
_SUFFIX = re.compile(r"(.+)-([a-z]{2,3}_[A-Z]{2})")


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # a key → its column
    lists: dict[str, list[str]] = field(default_factory=dict)  # images, specs, attributes
    description_format: str = "text"


def column_locales(table: Table) -> dict[str, dict[str, str]]:
    """Each column's name without its locale → {locale or '': the column}."""
    found: dict[str, dict[str, str]] = {}
    for column in table.header:
        base, locale = split_locale(column)
        found.setdefault(base, {})[locale] = column
    return found


def split_locale(column: str) -> tuple[str, str]:
    """`Name-en_GB` → (`Name`, `en_GB`); a column without a locale's suffix → (it, '')."""
    suffixed = _SUFFIX.fullmatch(column)
    if suffixed and _is_locale(suffixed.group(2)):
        return suffixed.group(1), suffixed.group(2)
    return column, ""


def _is_locale(code: str) -> bool:
    try:
        parse_locale(code)
    except ValueError:
        return False
    return True


def read_mapping(path: Path | None, table: Table, findings: Findings) -> Mapping:
    """The mapping of `path`, or the one the table's column names make."""
    names = column_locales(table)
    if path is None:
        return _by_names(names, findings)
    mapping = Mapping()
    root = _compose(path, findings)
    seen: dict[str, At] = {}
    for key_node, value in root.value:
        key, at = str(key_node.value), _at(key_node)
        if key in seen:
            findings.error(
                f"the key {key!r} comes twice (first on line {seen[key].line})",
                at,
                "keep one of them: a key gives one column (a list for images, specs and "
                "attributes: [A, B])",
                file=path,
            )
            continue
        if key not in ONE_COLUMN + COLUMN_LISTS + ("description_format",):
            close = difflib.get_close_matches(key, ONE_COLUMN + COLUMN_LISTS, n=1)
            findings.error(
                f"unknown key {key!r}",
                at,
                f"did you mean {close[0]!r}?" if close else _KEYS_HINT,
                file=path,
            )
            continue
        seen[key] = at
        if key == "description_format":
            if not isinstance(value, ScalarNode) or value.value not in FORMATS:
                findings.error(
                    f"'description_format' must be one of {', '.join(FORMATS)}",
                    _at(value),
                    file=path,
                )
            else:
                mapping.description_format = value.value
        elif key in ONE_COLUMN:
            if _column(value, names, findings, path):
                mapping.columns[key] = value.value
        else:
            nodes = value.value if isinstance(value, SequenceNode) else [value]
            mapping.lists[key] = [n.value for n in nodes if _column(n, names, findings, path)]
    for key in REQUIRED:
        if key not in seen:
            findings.error(
                f"no column is given for {key!r}",
                At(1, None),
                f"add a line '{key}: <the column's name>'",
                file=path,
            )
    findings.stop_if_errors()
    return mapping


_KEYS_HINT = f"the keys are: {', '.join(ONE_COLUMN + COLUMN_LISTS)}, description_format"


def _compose(path: Path, findings: Findings) -> MappingNode:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        findings.stop(f"cannot be read: {exc.strerror}", file=path)
    except UnicodeDecodeError:
        findings.stop("is not UTF-8 text", file=path, hint="save it as UTF-8")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = At(mark.line + 1, mark.column + 1) if mark else At()
        findings.stop(f"is not valid YAML: {getattr(exc, 'problem', exc)}", at, file=path)
    if not isinstance(root, MappingNode):
        findings.stop(
            "must be a mapping of catalog keys to column names",
            At(1, 1),
            "write lines such as 'reference: SKU'",
            file=path,
        )
    return root


def _column(node: Node, names: dict, findings: Findings, path: Path) -> bool:
    """Whether `node` names a column of the table (in its own name or with locales)."""
    if not isinstance(node, ScalarNode) or not node.value.strip():
        findings.error("a column's name is wanted here", _at(node), file=path)
        return False
    if node.value not in names:
        close = difflib.get_close_matches(node.value, list(names), n=1)
        findings.error(
            f"the spreadsheet has no column {shown(node.value)}",
            _at(node),
            f"did you mean {close[0]!r}?" if close else f"its columns are: {', '.join(names)}",
            file=path,
        )
        return False
    return True


def _at(node: Node) -> At:
    return At(node.start_mark.line + 1, node.start_mark.column + 1)


def _by_names(names: dict[str, dict[str, str]], findings: Findings) -> Mapping:
    folded = {name.casefold().replace("_", " "): name for name in names}
    mapping = Mapping()
    for key, aliases in ALIASES.items():
        found = next(
            (folded[a.replace("_", " ")] for a in aliases if a.replace("_", " ") in folded), None
        )
        if found is None:
            continue
        if key == "images":
            mapping.lists[key] = [found]
        else:
            mapping.columns[key] = found
    for key in REQUIRED:
        if key not in mapping.columns:
            close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.5)
            findings.error(
                f"no column {key!r}",
                At(1, None),
                f"name the column {key!r}, or give a --mapping file with a line "
                f"'{key}: {close[0] if close else '<the column>'}'",
            )
    findings.stop_if_errors()
    return mapping
