"""The catalog's contact, email template and SMTP settings (mail_sections.py): mistakes in them
are errors of `sheets check`."""

from __future__ import annotations

import pytest

from support import EPOCH, run_sheets, write_catalog, write_shop_catalog


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"email": {"subject": "{titre}", "body": "x"}},
            "the subject of the email uses the unknown field {titre}",
        ),
        (
            {"email": {"subject": "Votre fiche\nBcc: tous@example.com", "body": "x"}},
            "the subject of the email holds a line break: a subject is one line",
        ),
        (
            {"email": {"subject": "{title}", "body": "x", "subject_plural": "{title}\r\nX: y"}},
            "the subject_plural of the email holds a line break: a subject is one line",
        ),
        (
            {"smtp": {"host": "smtp.example.fr", "password": "secret"}},
            "a password does not belong in the catalog",
        ),
        (
            {"smtp": {"host": "smtp.example.fr", "port": "٥٨٧"}},
            "'port' '٥٨٧' holds the digit '٥' (U+0665 ARABIC-INDIC DIGIT FIVE): only the digits "
            "0 to 9 are read",
        ),
        (
            {"smtp": {"host": "smtp.example.fr", "port": "+5_87"}},  # int() reads it as 587
            "'port' '+5_87' is not a port number",
        ),
        (
            {"contact": {"email": "boutique@trésor.fr"}},
            "'email' 'boutique@trésor.fr' has characters beyond ASCII: sheets sends messages "
            "without SMTPUTF8, which such an address needs",
        ),
        (
            {"smtp": {"host": "smtp.example.fr", "from": "trésor@example.fr"}},
            "'from' 'trésor@example.fr' has characters beyond ASCII",
        ),
        (
            {"contact": {"email": "pas une adresse"}},
            "'email' 'pas une adresse' is not an email address",
        ),
    ],
)
def test_bad_mail_settings_are_errors(tmp_path, change, message):
    catalog = write_catalog(tmp_path, lambda data: data["catalog"].update(change))
    result = run_sheets("check", catalog, env=EPOCH)
    assert result.exit_code == 2
    assert message in result.output


def test_ca_file_is_checked_with_the_catalog(tmp_path):
    (tmp_path / "not-a-certificate.pem").write_text("hello\n")
    for written, message, hint in [
        ("ca.pem", "'ca_file' 'ca.pem' not found", "paths are relative to the catalog's folder"),
        ("images", "'ca_file' 'images' cannot be read: Is a directory", "a PEM file"),
        (
            "not-a-certificate.pem",
            "'ca_file' 'not-a-certificate.pem' holds no certificate in PEM form",
            "-----BEGIN CERTIFICATE-----",
        ),
    ]:
        smtp = {"host": "smtp.example.fr", "ca_file": written}
        catalog = write_shop_catalog(tmp_path, smtp=smtp)
        line = catalog.read_text().splitlines().index(f"    ca_file: {written}") + 1
        result = run_sheets("check", catalog, env=EPOCH)
        assert result.exit_code == 2
        assert f"catalog.yaml:{line}:14: error: {message}" in result.output
        assert hint in result.output
