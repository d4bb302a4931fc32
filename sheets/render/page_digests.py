"""What a page of a PDF shows, as a digest that does not depend on where the page stands: its
drawing with the text read through its fonts (their codes depend on what else the part they were
drawn in shows) and the resources it draws named by their content, images by their bytes."""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import re
from pathlib import Path

import pikepdf

DIGEST_LENGTH = 16  # hex digits: 64 bits, plenty to tell a brochure's pages apart
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # the subset's name before the font's (PDF 9.6.4)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def page_hashes(pdf: Path | bytes) -> list[str]:
    """The digest of each page of `pdf` (its file or its bytes), in order."""
    with pikepdf.open(pdf if isinstance(pdf, Path) else io.BytesIO(pdf)) as document:
        known: dict[tuple[int, int], bytes] = {}  # what an object shared by pages comes to
        return [
            digest(_drawing(page.obj, page.obj.get("/Resources"), known)) for page in document.pages
        ]


# A content stream's tokens that may need reading: strings (literal or hexadecimal) and names.
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]+", re.S)
_RESOURCES = ("/XObject", "/ExtGState", "/Shading", "/ColorSpace", "/Pattern", "/Properties")


def _drawing(holder: pikepdf.Object, resources, known: dict) -> bytes:
    """A page's or a form's drawing, its resources named by their content and its text as
    text. Read as tokens, not parsed: a page costs a fraction of a millisecond."""
    resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
    fonts = resources.get("/Font") or pikepdf.Dictionary()
    named: dict[bytes, bytes] = {}
    for kind in _RESOURCES:
        for name, used in (resources.get(kind) or pikepdf.Dictionary()).items():
            named[name.encode()] = b"/" + _identity(used, known).encode()
    typefaces = {name.encode(): font for name, font in fonts.items()}
    font: _Font | None = None

    def read(token: re.Match) -> bytes:
        nonlocal font
        text = token[0]
        if text[0] == 0x2F:  # a name: a font's, another resource's, or an operand's own
            if text in typefaces:
                font = _Font.of(typefaces[text], known)
                return b"/" + font.name.encode()
            return named.get(text, text)
        return font.read(_string(text)) if font is not None else text

    contents = holder.get("/Contents") if "/Type" in holder and holder.Type == "/Page" else holder
    if isinstance(contents, pikepdf.Array):
        data = b"\n".join(part.read_bytes() for part in contents)
    elif isinstance(contents, pikepdf.Stream):
        data = contents.read_bytes()
    else:
        data = b""
    return _TOKEN.sub(read, data)


def _identity(obj: pikepdf.Object, known: dict, depth: int = 0) -> str:
    """An object's content as a digest: a form's drawing, an image's bytes, a dictionary's
    entries; the same for the same content whatever its number in the file."""
    number = obj.objgen if obj.is_indirect else None
    if number in known:
        return known[number]
    if depth > 32:  # a loop of references: what it is is said above
        return "loop"
    if isinstance(obj, pikepdf.Stream):
        head = {k: v for k, v in obj.items() if k not in ("/Length", "/Resources")}
        data = (
            _drawing(obj, obj.get("/Resources"), known)
            if obj.get("/Subtype") == "/Form"
            else obj.read_raw_bytes()
        )
        found = digest(_plain(pikepdf.Dictionary(head), known, depth) + data)
    else:
        found = digest(_plain(obj, known, depth))
    if number is not None:
        known[number] = found
    return found


def _plain(obj: pikepdf.Object, known: dict, depth: int) -> bytes:
    """An object written out, what it refers to by its content's digest."""
    if isinstance(obj, pikepdf.Dictionary):
        items = sorted(obj.items())
        return (
            b"<<" + b"".join(k.encode() + b" " + _value(v, known, depth) for k, v in items) + b">>"
        )
    if isinstance(obj, pikepdf.Array):
        return b"[" + b" ".join(_value(v, known, depth) for v in obj) + b"]"
    return obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()


def _value(value, known: dict, depth: int) -> bytes:
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return _identity(value, known, depth + 1).encode()
    if isinstance(value, pikepdf.Dictionary | pikepdf.Array):
        return _plain(value, known, depth + 1)
    return value.unparse() if isinstance(value, pikepdf.Object) else repr(value).encode()


class _Font:
    """A font as text is read through it: its name without the subset's tag, and what each
    code stands for (its ToUnicode map)."""

    def __init__(self, name: str, codes: dict[int, str], width: int):
        self.name, self.codes, self.width = name, codes, width

    @classmethod
    def of(cls, font, known: dict) -> _Font:
        if not isinstance(font, pikepdf.Dictionary):
            return cls("unknown", {}, 1)
        number = ("font", font.objgen) if font.is_indirect else None
        if number in known:
            return known[number]
        name = _SUBSET_TAG.sub("", str(font.get("/BaseFont", "unnamed")).lstrip("/"))
        to_unicode = font.get("/ToUnicode")
        codes = _cmap(to_unicode.read_bytes()) if isinstance(to_unicode, pikepdf.Stream) else {}
        made = cls(name, codes, 2 if font.get("/Subtype") == "/Type0" else 1)
        if number is not None:
            known[number] = made
        return made

    def read(self, data: bytes) -> bytes:
        """A string shown, as the text it stands for."""
        if self.width == 1:
            text = data.decode("latin-1").translate(self.table)
        else:
            codes = (int.from_bytes(data[at : at + 2], "big") for at in range(0, len(data), 2))
            text = "".join(self.codes.get(code, f"\\{code:x}") for code in codes)
        return b"(" + text.encode("unicode_escape").replace(b")", b"\\)") + b")"

    @functools.cached_property
    def table(self) -> dict[int, str]:
        return {code: text for code, text in self.codes.items() if code < 256}


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
# What Python's escapes read otherwise than PDF's (`\\x41`, `\\a`, a line continued).
_NOT_PYTHON = re.compile(rb"\\[^0-7nrtbf()\\]")
_ESCAPED = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)


def _string(token: bytes) -> bytes:
    """A string token's bytes: `(literal)` with its escapes, or `<hexadecimal>`."""
    if token[0] == 0x3C:
        digits = bytes(c for c in token[1:-1] if c not in b" \t\r\n\f")
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    body = token[1:-1]
    if not _NOT_PYTHON.search(body):  # PDF's escapes are Python's, but for the parentheses
        octal = body.replace(b"\\\\", b"\\134").replace(b"\\(", b"\\050").replace(b"\\)", b"\\051")
        return codecs.escape_decode(octal)[0]

    def unescaped(match: re.Match) -> bytes:
        char = match[1]
        if char[0] in b"01234567":
            return bytes([int(char, 8) & 0xFF])
        if char in (b"\n", b"\r", b"\r\n"):  # a line continued
            return b""
        return _ESCAPES.get(char, char)

    return _ESCAPED.sub(unescaped, body)


_HEX = rb"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's codes: its bfchar and bfrange entries."""
    codes: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        pairs = re.findall(_HEX, block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=False):
            codes[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(data):
        for first, last, target in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*" + _HEX, block):
            start = int(target, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                codes[code] = chr(start + offset) if start + offset < 0x110000 else ""
    return codes


def _utf16(text: bytes) -> str:
    return bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
