"""Read a catalog file into a YAML node tree that keeps every value's position, refusing hostile input.

Values are kept as the text the person wrote: no YAML 1.1 guessing (`0750` stays "0750", `NO`
stays "NO"). Anchors, aliases, merge keys and custom tags have no use in a catalog and are refused,
which also defeats alias bombs before any expansion happens.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ..errors import Problem, Severity
from .unprintable import (
    UNPRINTABLE,
    bad_escape,
    place,
    unprintable_problems,
    without_unprintable,
)

MAX_CATALOG_BYTES = 8 * 1024 * 1024
MAX_NESTING = 32
MAX_YAML_KEY = 1024  # YAML's own limit on a key written without quotes
MAX_UNPRINTABLE = 20  # control characters reported in a file; more, and it is no text file
_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|map|seq)$")


class SourceError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems[0].message if problems else "")


# What to do with a catalog over the limit: its products are what make it large.
FOLDER_HINT = (
    "move the products into .yaml files of a folder beside the catalog (each file a list of "
    "products, written as under 'products:') and name the folder instead of the list:\n"
    "      products: products"
)


def read_catalog_text(path: Path, what: str = "a catalog", too_large: str = FOLDER_HINT) -> str:
    """The file's text, or a SourceError naming what makes it unreadable as a catalog (or as
    `what` it is; `too_large` says what to do with one over the limit)."""
    give = "give the path of a catalog file, e.g. catalog.yaml"
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
            raise _refused(
                path,
                "is not a file (a pipe or a device): it cannot be read twice, and has no folder "
                "for the photos and products it names",
                "save it as a file in the catalog's folder, e.g. catalog.yaml, and give its path",
            )
        if found.st_size > MAX_CATALOG_BYTES:
            limit = _size_text(MAX_CATALOG_BYTES)
            message = f"file is {_size_text(found.st_size)}; {what} may be at most {limit}"
            raise _refused(path, message, too_large)
        data = path.read_bytes()
    except FileNotFoundError:
        raise _refused(path, "file not found", give) from None
    except IsADirectoryError:
        raise _refused(path, "is a folder, not a catalog file", give) from None
    except OSError as exc:
        raise _refused(path, f"cannot be read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        # Count characters, not bytes: everything before the bad byte is valid UTF-8.
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8-sig")) + 1
        raise SourceError(
            [
                _problem(
                    path,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
                    "save the file as UTF-8 (most editors offer it under 'Save as… / Encoding')",
                )
            ]
        ) from None


def printable_text(
    text: str, path: Path, not_text: str = "give the path of a catalog file, e.g. catalog.yaml"
) -> tuple[str, list[Problem]]:
    """The text with each character YAML does not allow in a file (control characters) made a
    space, and an error at each one's place: the reading goes on to the file's other problems.
    `not_text` says what to do when there are so many that it is no text file."""
    problems = []
    for found in yaml.reader.Reader.NON_PRINTABLE.finditer(text):
        if len(problems) == MAX_UNPRINTABLE:
            raise SourceError(
                [
                    *problems,
                    _problem(
                        path,
                        None,
                        None,
                        f"more than {MAX_UNPRINTABLE} control characters: this is not a text file",
                        not_text,
                    ),
                ]
            )
        line, column = place(text, found.start())
        problems.append(
            _problem(
                path,
                line,
                column,
                f"the file contains the control character U+{ord(found[0]):04X}, "
                "which YAML does not allow",
                "delete it (most editors do not show it: retype the text around this place)",
            )
        )
    return yaml.reader.Reader.NON_PRINTABLE.sub(" ", text) if problems else text, problems


@dataclass(frozen=True)
class Parsed:
    """A catalog's text composed into nodes, with the problems of values found on the way."""

    root: Node | None  # None for an empty document
    problems: list[Problem]  # escapes writing control characters or lone surrogates
    # The values those are in, the characters made spaces: their other errors follow from it.
    unprintable: set[Node]


def parse_yaml(text: str, path: Path) -> Parsed:
    """Compose printable YAML text into nodes, or raise SourceError when it is not YAML."""
    tabs = [
        _problem(
            path,
            number,
            match.start(1) + 1,
            "tab character in indentation",
            "indent with spaces only (YAML does not allow tabs there)",
        )
        for number, line in enumerate(text.splitlines() if "\t" in text else (), start=1)
        if (match := re.match(r"^ *(\t)", line))
    ]
    if tabs:
        raise SourceError(tabs)
    loader = _CatalogLoader(text, path)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        message, hint = f"YAML syntax error: {message}", _syntax_hint(message)
        if "maximum nesting depth" in message:  # LibYAML's own limit, far deeper than ours
            message, hint = _TOO_DEEP
        elif "invalid Unicode character escape" in message and mark:  # LibYAML's words
            mark, message, hint = bad_escape(text, mark)
        elif mark and (key := _overlong_key(text, mark.line, mark.column)):
            message = (
                f"a key of {key} characters: YAML reads at most {MAX_YAML_KEY} characters "
                "before the ':' of a key"
            )
            hint = "shorten it: a label or a name is a few words"
        raise SourceError(
            [
                *loader.problems,
                _problem(
                    path,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    message,
                    hint,
                ),
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(
            [*loader.problems, _problem(path, None, None, f"YAML syntax error: {exc}")]
        ) from None
    finally:
        loader.dispose()
    return Parsed(node, loader.problems, loader.unprintable)


def top_level_text(text: str, key: str) -> str | None:
    """The value of `key` in the document's top mapping when it is plain text, found by reading
    only as far as that key and building no node; None when it is absent or anything else, or
    when the text is no YAML (reading it through says why)."""
    parsing = _Parsing(text)
    depth, at_key, current = 0, True, None
    try:
        while parsing.check_event():
            event = parsing.get_event()
            if isinstance(event, CollectionEndEvent):
                depth -= 1
            elif depth == 0 and isinstance(event, CollectionStartEvent):
                if not isinstance(event, MappingStartEvent):
                    return None
                depth = 1
            elif depth == 1 and isinstance(event, NodeEvent):
                if not at_key and current == key:
                    return event.value if isinstance(event, ScalarEvent) else None
                current = event.value if at_key and isinstance(event, ScalarEvent) else None
                at_key = not at_key
                depth += isinstance(event, CollectionStartEvent)
            elif isinstance(event, CollectionStartEvent):
                depth += 1
    except yaml.YAMLError:
        return None
    finally:
        parsing.dispose()
    return None


# LibYAML's parser when PyYAML has it (many times faster on a large catalog), PyYAML's own
# otherwise; the nodes are composed here in either case, so that hostile input is refused as it
# is read. A node's text as written is `text[node.start_mark.index : node.end_mark.index]`.
try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML's wheels carry LibYAML
    CParser = None

if CParser is not None:

    class _Parsing(Composer, CParser, Resolver):
        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)

else:

    class _Parsing(
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, Composer, Resolver
    ):
        def __init__(self, text: str):
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            Composer.__init__(self)
            Resolver.__init__(self)


class _CatalogLoader(_Parsing):
    """A safe composer that refuses anchors, aliases, custom tags and deep nesting as it reads.

    It composes every node itself, in one method: PyYAML's composer calls several methods and a
    tag resolver per value, which took most of the time of reading a large catalog. Plain values
    are all text here, so the only tag resolved is that of a merge key, to refuse it."""

    def __init__(self, text: str, path: Path):
        super().__init__(text)
        self._text, self._path = text, path
        self._depth = 0  # the collections the node being read is in
        self.problems: list[Problem] = []  # in values, where the reading goes on
        self.unprintable: set[Node] = set()

    def compose_node(self, parent, index):
        event = self.get_event()
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            self._refuse(
                mark, f"YAML alias '*{event.anchor}' is not allowed in a catalog", _NO_ANCHORS
            )
        if event.anchor:
            self._refuse(
                mark, f"YAML anchor '&{event.anchor}' is not allowed in a catalog", _NO_ANCHORS
            )
        tag = event.tag if event.tag != "!" else None
        if tag and not _STANDARD_TAG.match(tag) and not tag.startswith("!!"):
            self._refuse(
                mark,
                f"YAML tag '{_as_written(tag)}' is not allowed in a catalog",
                "remove the tag; write the value as plain text",
            )
        if self._depth >= MAX_NESTING:
            self._refuse(mark, *_TOO_DEEP)
        if isinstance(event, ScalarEvent):
            return self._scalar(event, tag)
        self._depth += 1
        if isinstance(event, SequenceStartEvent):
            node = SequenceNode(tag or _SEQUENCE, [], mark, None, flow_style=event.flow_style)
            while not self.check_event(SequenceEndEvent):
                node.value.append(self.compose_node(node, None))
        else:
            node = MappingNode(tag or _MAPPING, [], mark, None, flow_style=event.flow_style)
            while not self.check_event(MappingEndEvent):
                key = self.compose_node(node, None)
                if key.tag == _MERGE:
                    self._refuse(
                        key.start_mark,
                        "YAML merge key '<<' is not allowed in a catalog",
                        "write each key out in full",
                    )
                node.value.append((key, self.compose_node(node, key)))
        node.end_mark = self.get_event().end_mark
        self._depth -= 1
        return node

    def _scalar(self, event: ScalarEvent, tag: str | None) -> ScalarNode:
        if tag is None:  # what YAML would resolve: a merge key, or text (nothing is guessed)
            tag = _MERGE if event.implicit[0] and event.value == "<<" else _TEXT
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        # Only escapes in double quotes can write what YAML refuses in a file (printable_text
        # finds those): other values need no search.
        if (
            event.style == '"'
            and UNPRINTABLE.search(node.value)
            and (found := unprintable_problems(node, self._text, self._path))
        ):
            # Escapes in double quotes: the reading goes on, the characters made spaces.
            self.problems += found
            node.value = without_unprintable(node.value)
            self.unprintable.add(node)
        return node

    def _refuse(self, mark, message: str, hint: str) -> NoReturn:
        raise SourceError([_problem(self._path, mark.line + 1, mark.column + 1, message, hint)])


_TEXT, _SEQUENCE, _MAPPING, _MERGE = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge")
)
_TOO_DEEP = (
    f"values are nested more than {MAX_NESTING} levels deep",
    "a catalog needs only a few levels: check the indentation",
)
_NO_ANCHORS = "write each value out in full; anchors and aliases are not supported"


def _overlong_key(text: str, line: int, column: int) -> int | None:
    """The length of the key on this line when it is too long for YAML to read as a key."""
    lines = text.splitlines()
    if line >= len(lines) or column <= MAX_YAML_KEY or lines[line][column : column + 1] != ":":
        return None
    written = lines[line][:column].strip().removeprefix("- ")
    return len(written) if len(written) > MAX_YAML_KEY else None


def _syntax_hint(message: str) -> str | None:
    if "'\\t'" in message:
        return "replace the tab character with spaces, or quote the value"
    if "mapping values are not allowed" in message:  # "here", or "in this context" (LibYAML)
        return "a value containing ': ' must be quoted, or the indentation is off"
    if "could not find expected ':'" in message:
        return "each line of a mapping needs 'key: value'; check the line above for a missing ':'"
    if "found character" in message:
        return "quote values that start with a special character such as @ or `"
    return "check the indentation and quoting around this place"


def _as_written(tag: str) -> str:
    """`tag:yaml.org,2002:binary` is written `!!binary` in the file."""
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


def _size_text(size: int) -> str:
    return f"{size / 1048576:.1f} MiB" if size >= 1048576 else f"{size} bytes"


def _refused(path: Path, message: str, hint: str | None = None) -> SourceError:
    """A file that cannot be read as a catalog, and why."""
    return SourceError([_problem(path, None, None, message, hint)])


def _problem(
    path: Path, line: int | None, column: int | None, message: str, hint: str | None = None
) -> Problem:
    return Problem(Severity.ERROR, message, path, line, column, None, hint)
