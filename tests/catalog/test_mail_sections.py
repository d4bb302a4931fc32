"""The catalog's contact, email template and SMTP settings (mail_sections.py): mistakes in them
are errors of `sheets check`."""

from __future__ import annotations

import pytest

from support import EPOCH, run_sheets, write_catalog


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"email": {"subject": "{titre}", "body": "x"}},
            "the subject of the email uses the unknown field {titre}",
        ),
        (
            {"smtp": {"host": "smtp.example.fr", "password": "secret"}},
            "a password does not belong in the catalog",
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
