"""A source file's bytes, read only when it is a file of a sane size, and its text, decoded
as UTF-8 (a BOM or not) or as the encoding the user names: never guessed."""

from __future__ import annotations

import codecs

from .problems import At, Findings

MAX_SOURCE_BYTES = 256 * 1024 * 1024  # far beyond any shop's export; a mistake beyond it
# The first bytes of .xlsx/.ods (zip) and .xls (OLE) files.
WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
ENCODING_HINT = (
    "save it as UTF-8 (CSV UTF-8 in Excel), or name its encoding: --encoding cp1252 for a file "
    "saved by Excel on Windows in Western Europe"
)


def read_source(findings: Findings) -> bytes:
    """The source's bytes; stops the import when it is missing, a folder, too large or empty."""
    path = findings.file
    try:
        size = path.stat().st_size
        if path.is_dir():
            findings.stop("is a folder, not a file", hint="give the path of the exported file")
        if size > MAX_SOURCE_BYTES:
            findings.stop(
                f"file is {size / 2**20:,.0f} MiB; a source may be at most "
                f"{MAX_SOURCE_BYTES // 2**20} MiB",
                hint="export the products in several files and import them one by one",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        findings.stop("file not found", hint="give the path of the exported file")
    except OSError as exc:
        findings.stop(f"cannot be read: {exc.strerror}")
    if not data.strip():
        findings.stop("the file is empty", hint="export the products again")
    return data


def decode_text(data: bytes, encoding: str | None, findings: Findings) -> str:
    """The bytes as text: UTF-8 with or without a BOM, or `encoding`. A byte that does not
    decode stops the import at its line and column; a workbook is not taken for text."""
    if data.startswith(WORKBOOKS):
        findings.stop(
            "is a workbook, not a CSV text file",
            hint="save it as .xlsx and import it as a spreadsheet (sheets import spreadsheet "
            "FILE.xlsx), or save it as CSV UTF-8",
        )
    name = encoding or "utf-8-sig"
    try:
        codecs.lookup(name)
    except LookupError:
        findings.stop(
            f"--encoding {encoding!r} is not an encoding Python knows",
            hint="give one such as cp1252, latin-1, utf-16 or mac-roman",
        )
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        # Count characters, not bytes: what comes before the bad byte decodes.
        column = len(data[start : exc.start].decode(name, errors="replace")) + 1
        said = f"is not {encoding} text" if encoding else "is not UTF-8 text"
        findings.stop(
            f"the file {said}: the byte 0x{data[exc.start]:02x} cannot be decoded",
            At(line, column),
            ENCODING_HINT if not encoding else "check which encoding the file was saved in",
        )
    return text.removeprefix("\ufeff")  # a BOM kept by a named encoding (utf-16 drops its own)
