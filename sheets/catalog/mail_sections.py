"""The catalog's contact block, email template and SMTP settings → model values, with problems."""

from __future__ import annotations

import ssl
import string
from pathlib import Path

from yaml.nodes import Node

from ..model import Contact, EmailTemplate, SmtpSettings
from .reader import Entry, FieldReader, parse_email, parse_url

CONTACT_KEYS = {"phone": False, "email": False, "address": False, "website": False}
EMAIL_KEYS = {"subject": True, "body": True, "subject_plural": False, "body_plural": False}
SMTP_KEYS = {
    "host": True,
    "port": False,
    "user": False,
    "from": False,
    "ca_file": False,
    "password": False,
}
TEMPLATE_FIELDS = ("title", "reference", "price", "url", "shop", "phone", "email", "website")
PASSWORD_VARIABLE = "SHEETS_SMTP_PASSWORD"


class MailSettingsReader:
    """Reads the sections that concern sending sheets, reporting through the catalog's reader."""

    def __init__(self, reader: FieldReader):
        self.reader = reader

    def read_contact(self, node: Node, catalog_url: str | None) -> Contact:
        where = "'contact'"
        entries = self.reader.mapping(node, where, CONTACT_KEYS) or {}
        email = self.reader.parsed(
            entries,
            "email",
            where,
            parse_email,
            "an email address",
            "write it like 'contact@example.fr'",
        )
        website = self.reader.parsed(
            entries,
            "website",
            where,
            parse_url,
            "a web address",
            "write it like 'https://www.example.fr'",
        )
        return Contact(
            phone=self.reader.text(entries, "phone", where),
            email=email,
            address=self.reader.text(entries, "address", where),
            website=website or catalog_url,
        )

    def read_email_template(self, node: Node) -> EmailTemplate | None:
        where = "'email'"
        entries = self.reader.mapping(
            node,
            where,
            EMAIL_KEYS,
            example={"subject": "{title} : votre fiche produit", "body": "|"},
        )
        if not entries:
            return None
        texts = {}
        for name in EMAIL_KEYS:
            entry = entries.get(name)
            node = self.reader.translated_node(entry.value, name, where) if entry else None
            if node is None:
                continue
            text = node.value.strip()  # line breaks kept: it is a letter, not a paragraph
            try:
                parts = [p for p in string.Formatter().parse(text) if p[1] is not None]
            except ValueError:
                self.reader.error(
                    entry.value,
                    f"the {name} of the email has a lone '{{' or '}}'",
                    "write {{ or }} for a brace that is not a field",
                )
                continue
            fields = [field for _, field, _, _ in parts]
            # The fields are filled with text ("17,80 €"): a format such as :.2f would fail on it.
            formatted = [(f, spec, conv) for _, f, spec, conv in parts if spec or conv]
            if formatted:
                field, spec, conversion = formatted[0]
                as_written = (
                    field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                )
                self.reader.error(
                    entry.value,
                    f"the {name} of the email gives a format to the field {{{as_written}}}",
                    f"fields take no format: write {{{field}}}",
                )
                continue
            unknown = [field for field in fields if field not in TEMPLATE_FIELDS]
            if unknown:
                self.reader.error(
                    entry.value,
                    f"the {name} of the email uses the unknown field {{{unknown[0]}}}",
                    f"the fields are: {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)}",
                )
                continue
            texts[name] = text
        if "subject" not in texts or "body" not in texts:
            return None
        return EmailTemplate(**texts)

    def read_smtp(self, node: Node) -> SmtpSettings | None:
        where = "'smtp'"
        entries = self.reader.mapping(node, where, SMTP_KEYS, example={"host": "smtp.example.fr"})
        if entries is None:
            return None
        if "password" in entries:
            self.reader.error(
                entries["password"].key,
                "a password does not belong in the catalog",
                f"remove it, and set the environment variable {PASSWORD_VARIABLE} when sending",
            )
        host = self.reader.text(entries, "host", where)
        port = self.reader.parsed(
            entries, "port", where, _port, "a port number", "use 587 (STARTTLS)"
        )
        sender = self.reader.parsed(
            entries,
            "from",
            where,
            parse_email,
            "an email address",
            "write it like 'boutique@example.fr'",
        )
        ca_file = self.read_ca_file(entries, where)
        if host is None:
            return None
        user = self.reader.text(entries, "user", where)
        return SmtpSettings(host, port or 587, user, sender, ca_file)

    def read_ca_file(self, entries: dict[str, Entry], where: str) -> Path | None:
        """The private CA to trust for the SMTP server, loaded now as sending will load it."""
        if self.reader.text(entries, "ca_file", where) is None:
            return None
        node = entries["ca_file"].value
        written = node.value.strip()
        folder = self.reader.path.resolve().parent
        path = folder / written
        try:
            ssl.create_default_context(cafile=path)
            return path
        except FileNotFoundError:
            self.reader.error(
                node,
                f"'ca_file' {written!r} not found",
                f"paths are relative to the catalog's folder ({folder})",
            )
        except ssl.SSLError:  # before OSError, which it is
            self.reader.error(
                node,
                f"'ca_file' {written!r} holds no certificate in PEM form",
                "give the CA's certificate as text starting with '-----BEGIN CERTIFICATE-----'",
            )
        except (OSError, ValueError) as exc:  # a folder, no permission, a NUL in the path
            self.reader.error(
                node,
                f"'ca_file' {written!r} cannot be read: {getattr(exc, 'strerror', None) or exc}",
                "give the path of a PEM file of the CA's certificates",
            )
        return None


def _port(text: str) -> int:
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(text)
    return port
