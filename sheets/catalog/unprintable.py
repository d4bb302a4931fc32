"""Characters a catalog's values cannot hold, written as escapes in double quotes: control
characters, which cannot be printed, and lone surrogates, which are no characters at all (UTF-8
and a PDF cannot hold them). Each is an error at the escape that writes it. (YAML itself refuses
them in the file: `source.py` finds those.)"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.error import Mark
from yaml.nodes import ScalarNode

from ..errors import Problem, Severity

# Control characters but the tab and line breaks, which are spaces in a catalog's text.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "v": "\v", "f": "\f", "N": "\x85"}
CONTROL_HINT = (
    "remove the escape that writes it (such as \\a, \\e, \\0 or \\x07); in a path, separate "
    "folders with '/': in double quotes, '\\' starts an escape"
)
SURROGATE_HINT = (
    "write the character itself (the file is UTF-8), or escape its whole code point, "
    "such as \\U0001F600 for 😀"
)


def unprintable_problems(node: ScalarNode, text: str, path: Path) -> list[Problem]:
    """An error for the control characters of the value, and one for its lone surrogates, each
    at the escape in `text` (the file) that writes the first of them; none when it has none."""
    if not UNPRINTABLE.search(node.value):  # every value passes here: the common case first
        return []
    found = list(dict.fromkeys(UNPRINTABLE.findall(node.value)))
    surrogates = [c for c in found if _SURROGATE.match(c)]
    controls = [c for c in found if c not in surrogates]
    problems = []
    if controls:
        message = (
            f"the text holds the control {_listed(controls, 'character')}, which cannot be printed"
        )
        problems.append(_at_escape(node, text, path, controls[0], message, CONTROL_HINT))
    if surrogates:
        message = (
            f"the text holds the lone {_listed(surrogates, 'surrogate')}: half of a character's "
            "UTF-16 code, no character (a PDF cannot hold it)"
        )
        problems.append(_at_escape(node, text, path, surrogates[0], message, SURROGATE_HINT))
    return problems


def without_unprintable(value: str) -> str:
    """The value with spaces for its unprintable characters, for the reading to go on."""
    return UNPRINTABLE.sub(" ", value)


def bad_escape(text: str, mark: Mark) -> tuple[Mark, str, str]:
    """Where an escape LibYAML refuses starts, what is wrong with it and what to write instead:
    `\\ud800` writes half of a surrogate pair, `\\U00110000` lies beyond Unicode."""
    start = text.rfind("\\", 0, mark.index + 1)
    escape = re.match(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", text[start:])
    if start < 0 or not escape:
        return mark, "YAML syntax error: an escape that writes no character", SURROGATE_HINT
    code = int(escape[1][1:], 16)
    what = (
        f"U+{code:04X}, a lone surrogate: half of a character's UTF-16 code, no character"
        if 0xD800 <= code <= 0xDFFF
        else f"U+{code:X}, beyond the last character of Unicode (U+10FFFF)"
    )
    column = mark.column - (mark.index - start)
    at = Mark(mark.name, start, mark.line, column, None, None)
    return at, f"the escape '{escape[0]}' writes {what}", SURROGATE_HINT


def place(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _at_escape(
    node: ScalarNode, text: str, path: Path, character: str, message: str, hint: str
) -> Problem:
    """An error placed at the escape that writes `character` in the node's text as written
    (its start when no escape does)."""
    start = node.start_mark
    written = text[start.index : node.end_mark.index]
    escapes = _ESCAPE.finditer(written)
    offset = next((e.start() for e in escapes if _escaped(e[1]) == character), 0)
    line, column = place(written, offset)
    if line == 1:
        column += start.column
    return Problem(Severity.ERROR, message, path, start.line + line, column, None, hint)


def _escaped(code: str) -> str | None:
    """The character an escape writes, from what follows its backslash: `a`, `x07`, `ud800`."""
    return chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code)


def _listed(characters: list[str], kind: str) -> str:
    """`character U+0007`, `characters U+0007, U+001B and U+0000`."""
    codes = [f"U+{ord(c):04X}" for c in characters]
    if len(codes) == 1:
        return f"{kind} {codes[0]}"
    return f"{kind}s {', '.join(codes[:-1])} and {codes[-1]}"
