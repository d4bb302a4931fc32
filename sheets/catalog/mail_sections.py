"""The catalog's contact block, email template and SMTP settings → model values, with problems."""

from __future__ import annotations

import ssl
import string
from pathlib import Path

from yaml.nodes import Node

from ..errors import shown
from ..model import Contact, EmailTemplate, SmtpSettings
from .reader import Entry, FieldReader
from .settings_schema import CONTACT, EMAIL, SMTP, TEMPLATE_FIELDS

PASSWORD_VARIABLE = "SHEETS_SMTP_PASSWORD"


def read_contact(reader: FieldReader, node: Node, catalog_url: str | None) -> Contact:
    entries = reader.mapping(node, CONTACT) or {}
    where = CONTACT.where
    for name in ("email", "website"):  # the footer and the header show them as written
        if (text := reader.text(entries, name, where)) is not None:
            reader.record(text, f"shop's {name}", entries[name].value, None)
    return Contact(
        phone=reader.text(entries, "phone", where, drawn="shop's phone"),
        email=reader.value(entries, CONTACT["email"], where),
        address=reader.text(entries, "address", where, drawn="shop's address"),
        website=reader.value(entries, CONTACT["website"], where) or catalog_url,
    )


def read_email_template(reader: FieldReader, node: Node) -> EmailTemplate | None:
    entries = reader.mapping(node, EMAIL)
    if not entries:
        return None
    texts = {}
    for name in EMAIL.names:
        entry = entries.get(name)
        node = reader.translated_node(entry.value, name, EMAIL.where) if entry else None
        if node is None:
            continue
        text = node.value.strip()  # line breaks kept: it is a letter, not a paragraph
        problem = _template_problem(text)
        if name.startswith("subject") and len(text.splitlines()) > 1:
            problem = (
                "holds a line break: a subject is one line",
                "write it on one line (a line break there would start another header of the "
                "message, such as 'Bcc:')",
            )
        if problem:
            message, hint = problem
            reader.error(entry.value, f"the {name} of the email {message}", hint)
        else:
            texts[name] = text
    if "subject" not in texts or "body" not in texts:
        return None
    return EmailTemplate(**texts)


def _template_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with a template's fields, and how to mend it; None when nothing is."""
    try:
        parts = [p for p in string.Formatter().parse(text) if p[1] is not None]
    except ValueError:
        return "has a lone '{' or '}'", "write {{ or }} for a brace that is not a field"
    # The fields are filled with text ("17,80 €"): a format such as :.2f would fail on it.
    formatted = [(f, spec, conv) for _, f, spec, conv in parts if spec or conv]
    if formatted:
        field, spec, conversion = formatted[0]
        written = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        return (
            f"gives a format to the field {{{written}}}",
            f"fields take no format: write {{{field}}}",
        )
    unknown = [field for _, field, _, _ in parts if field not in TEMPLATE_FIELDS]
    if unknown:
        return (
            f"uses the unknown field {{{unknown[0]}}}",
            f"the fields are: {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)}",
        )
    return None


def read_smtp(reader: FieldReader, node: Node) -> SmtpSettings | None:
    entries = reader.mapping(node, SMTP)
    if entries is None:
        return None
    if "password" in entries:
        reader.error(
            entries["password"].key,
            "a password does not belong in the catalog",
            f"remove it, and set the environment variable {PASSWORD_VARIABLE} when sending",
        )
    where = SMTP.where
    host = reader.text(entries, "host", where)
    port = reader.value(entries, SMTP["port"], where)
    sender = reader.value(entries, SMTP["from"], where)
    ca_file = _read_ca_file(reader, entries)
    if host is None:
        return None
    user = reader.text(entries, "user", where)
    return SmtpSettings(host, port or SmtpSettings.port, user, sender, ca_file)


def _read_ca_file(reader: FieldReader, entries: dict[str, Entry]) -> Path | None:
    """The private CA to trust for the SMTP server, loaded now as sending will load it."""
    if reader.text(entries, "ca_file", SMTP.where) is None:
        return None
    node = entries["ca_file"].value
    written = node.value.strip()
    folder = reader.path.resolve().parent
    path = folder / written
    try:
        ssl.create_default_context(cafile=path)
        return path
    except FileNotFoundError:
        reader.error(
            node,
            f"'ca_file' {shown(written)} not found",
            f"paths are relative to the catalog's folder ({folder})",
        )
    except ssl.SSLError:  # before OSError, which it is
        reader.error(
            node,
            f"'ca_file' {shown(written)} holds no certificate in PEM form",
            "give the CA's certificate as text starting with '-----BEGIN CERTIFICATE-----'",
        )
    except (OSError, ValueError) as exc:  # a folder, no permission, a NUL in the path
        reader.error(
            node,
            f"'ca_file' {shown(written)} cannot be read: {getattr(exc, 'strerror', None) or exc}",
            "give the path of a PEM file of the CA's certificates",
        )
    return None
