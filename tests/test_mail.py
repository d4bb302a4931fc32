"""Sheets that staff email (mail.py, `sheets email`): the .eml with the very sheets attached,
its wording and language, and sending it over SMTP with STARTTLS and a login."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from support import (
    EPOCH,
    Inbox,
    assert_refused_without_traceback,
    bilingual,
    free_port,
    run_sheets,
    smtp_section,
    write_catalog,
    write_shop_catalog,
)


def read_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


# -- the message ---------------------------------------------------------------------------


def test_email_writes_an_eml_that_the_email_package_reads_with_the_sheet_attached(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    out = tmp_path / "mail"
    result = run_sheets(
        "email", "7505634", "--to", "client@example.com", "--catalog", catalog, "-o", out, env=EPOCH
    )
    assert result.exit_code == 0, result.output
    message = read_eml(out / "7505634-la-liberation-de-paris.eml")
    assert message["To"] == "client@example.com"
    assert message["From"] == "Trésor du patrimoine <contact@example.fr>"
    assert message["Subject"] == "La Libération de Paris : votre fiche produit"
    assert message["Content-Language"] == "fr-FR"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Bonjour,")
    assert "réf. 7505634" in body and "17,80\u00a0€" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "7505634-la-liberation-de-paris.pdf"
    assert attachment.get_content_type() == "application/pdf"
    run_sheets("build", catalog, "-o", tmp_path / "out", "--only", "7505634", env=EPOCH)
    built = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    assert attachment.get_content() == built.read_bytes(), "the very sheet `sheets build` makes"


def test_email_with_several_sheets_uses_the_plural_wording(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    result = run_sheets(
        "email",
        "7505634",
        "0750",
        "--to",
        "a@example.com",
        "--catalog",
        catalog,
        "-o",
        tmp_path,
        env=EPOCH,
    )
    assert result.exit_code == 0, result.output
    message = read_eml(tmp_path / "7505634-0750.eml")
    assert message["Subject"] == "Vos fiches produits : La Libération de Paris et Tour Eiffel"
    assert len(list(message.iter_attachments())) == 2


def test_email_template_from_the_catalog(tmp_path):
    template = {
        "subject": "Fiche {reference}",
        "body": "Madame, Monsieur,\n\n{title} : {price}.\n\n{shop}",
    }
    catalog = write_shop_catalog(tmp_path, email=template)
    run_sheets(
        "email", "0750", "--to", "a@example.com", "--catalog", catalog, "-o", tmp_path, env=EPOCH
    )
    message = read_eml(tmp_path / "0750-tour-eiffel.eml")
    assert message["Subject"] == "Fiche 0750"
    assert message.get_body(("plain",)).get_content() == (
        "Madame, Monsieur,\n\nTour Eiffel : 1\u202f299,00\u00a0€.\n\nTrésor du patrimoine\n"
    )


def test_email_in_english(tmp_path):
    def with_contact(data):
        bilingual(data)
        data["catalog"]["contact"] = {"email": "contact@example.fr"}

    catalog = write_catalog(tmp_path, with_contact)
    result = run_sheets(
        "email",
        "7505634",
        "--to",
        "a@example.com",
        "--catalog",
        catalog,
        "-o",
        tmp_path / "m",
        "--locale",
        "en_GB",
    )
    assert result.exit_code == 0, result.output
    (eml,) = (tmp_path / "m").iterdir()
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "The Liberation of Paris: your product sheet"
    assert message["Content-Language"] == "en-GB"
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "7505634-the-liberation-of-paris.pdf"


def test_email_to_a_wrong_address_or_unknown_reference_is_refused(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    bad_address = run_sheets(
        "email", "0750", "--to", "client", "--catalog", catalog, "-o", tmp_path / "m", env=EPOCH
    )
    assert (
        bad_address.exit_code == 2 and "--to 'client' is not an email address" in bad_address.output
    )
    unknown = run_sheets(
        "email", "0751", "--to", "a@b.fr", "--catalog", catalog, "-o", tmp_path / "m", env=EPOCH
    )
    assert unknown.exit_code == 2 and "did you mean 0750?" in unknown.output
    assert not (tmp_path / "m").exists()


NOT_ASCII = (
    "has characters beyond ASCII: sheets sends messages without SMTPUTF8, which such an address "
    "needs\n"
    "    hint: give an address written in ASCII; an accented domain has one, in its 'xn--' form"
)


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("client@example.fr\n", "--to 'client@example.fr\\n' is not an email address"),
        ("a,client@example.fr", "--to 'a' is not an email address"),  # a list, cut at commas
        ("a@example.fr;b@example.fr", "--to 'a@example.fr;b@example.fr' is not an email address"),
        ("Client <client@example.fr>", "--to 'Client <client@example.fr>' is not an email address"),
        ("clé@exemple.fr", f"--to 'clé@exemple.fr' {NOT_ASCII}"),
        ("client@exemplé.fr", f"--to 'client@exemplé.fr' {NOT_ASCII}"),
    ],
    ids=["final-newline", "comma", "semicolon", "with-a-name", "accented-user", "accented-domain"],
)
def test_to_must_be_one_ascii_address_and_nothing_more(tmp_path, to, message):
    catalog = write_shop_catalog(tmp_path)
    result = run_sheets(
        "email", "0750", "--to", to, "--catalog", catalog, "-o", tmp_path / "m", env=EPOCH
    )
    assert_refused_without_traceback(result)
    assert f"sheets: error: {message}\n" in result.stderr
    assert not (tmp_path / "m").exists()


def test_a_subject_of_two_lines_is_refused_before_any_message_is_written(tmp_path):
    """A line break in a subject would start another header (`Bcc:`): refused as bad input."""
    template = {"subject": "Votre fiche\nBcc: tous@example.com", "body": "Bonjour"}
    catalog = write_shop_catalog(tmp_path, email=template)
    result = run_sheets(
        "email", "0750", "--to", "a@b.fr", "--catalog", catalog, "-o", tmp_path / "m", env=EPOCH
    )
    assert_refused_without_traceback(result)
    assert "the subject of the email holds a line break: a subject is one line" in result.stderr
    assert not (tmp_path / "m").exists()


# -- sending -------------------------------------------------------------------------------


def send(catalog: Path, out: Path, password: str | None = "s3cret"):
    """`sheets email 7505634 --send`, with this password (None: the variable unset)."""
    env = {**EPOCH, "SHEETS_SMTP_PASSWORD": password}  # None removes it from the environment
    return run_sheets(
        "email",
        "7505634",
        "--to",
        "client@example.com",
        "--catalog",
        str(catalog),
        "-o",
        str(out),
        "--send",
        env=env,
    )


def test_send_delivers_the_message_over_starttls_with_login(tmp_path, smtp_server):
    inbox, port = smtp_server
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    result = send(catalog, tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert f"Sent to client@example.com through 127.0.0.1:{port}." in result.output
    (mail_from, recipients, content) = inbox.messages[0]
    assert (mail_from, recipients) == ("boutique@example.fr", ["client@example.com"])
    received = email.message_from_bytes(content, policy=email.policy.default)
    (attachment,) = list(received.iter_attachments())
    written = read_eml(tmp_path / "m" / "7505634-la-liberation-de-paris.eml")
    assert attachment.get_content() == next(written.iter_attachments()).get_content()
    assert attachment.get_content().startswith(b"%PDF-")


def test_send_with_a_wrong_password_fails_with_exit_1(tmp_path, smtp_server):
    _, port = smtp_server
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port, **{"from": None}))
    result = send(catalog, tmp_path / "m", password="wrong")
    assert result.exit_code == 1
    assert "error: not sent: 127.0.0.1 refused the login of boutique@example.fr" in result.output
    assert (tmp_path / "m" / "7505634-la-liberation-de-paris.eml").exists(), "written, not sent"


def test_send_without_the_password_variable_is_refused_before_anything_is_written(tmp_path):
    smtp = {"host": "127.0.0.1", "port": "2525", "user": "boutique@example.fr"}
    catalog = write_shop_catalog(tmp_path, smtp=smtp)
    result = send(catalog, tmp_path / "m", password=None)
    assert result.exit_code == 2
    assert "hint: set the environment variable SHEETS_SMTP_PASSWORD" in result.output
    assert not (tmp_path / "m").exists()


def test_server_without_starttls_gets_nothing(tmp_path):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        catalog = write_shop_catalog(tmp_path, smtp={"host": "127.0.0.1", "port": str(port)})
        result = send(catalog, tmp_path, password=None)
    finally:
        controller.stop()
    assert result.exit_code == 1
    assert "does not offer STARTTLS: nothing was sent unencrypted" in result.output
    assert inbox.messages == []


def test_a_private_ca_is_trusted_only_through_ca_file(tmp_path, start_server):
    inbox, port = start_server()
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port, ca_file=None))
    result = send(catalog, tmp_path / "m")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    # OpenSSL's reason in brackets: "unable to get local issuer certificate" here.
    assert "error: not sent: the certificate of 127.0.0.1 is not trusted (" in result.output
    assert "give that CA's certificate as 'ca_file'" in result.output
    assert inbox.messages == []
    assert (tmp_path / "m" / "7505634-la-liberation-de-paris.eml").exists()
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))  # ca_file: ca.pem
    assert send(catalog, tmp_path / "m").exit_code == 0
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_password_with_accents_is_sent_as_utf8(tmp_path, start_server, mechanism):
    password = "mot-de-passé-1"
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[mechanism]
    inbox, port = start_server(password.encode("utf-8"), auth_exclude_mechanism=[other])
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    result = send(catalog, tmp_path / "m", password)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    assert password not in result.output


def test_a_sent_message_is_dated_when_it_is_sent_not_by_source_date_epoch(tmp_path, smtp_server):
    inbox, port = smtp_server
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    result = send(catalog, tmp_path / "m")  # with SOURCE_DATE_EPOCH=1700000000 (November 2023)
    assert result.exit_code == 0, result.output
    received = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    age = datetime.now(tz=UTC) - parsedate_to_datetime(received["Date"])
    assert abs(age.total_seconds()) < 60


class InboxWithoutLogin(Inbox):
    """A server that offers no SMTP AUTH: it takes mail from whoever speaks TLS."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [line for line in responses if not line.startswith("250-AUTH")]


def test_a_server_that_offers_no_login_is_named_as_such(tmp_path, start_server):
    inbox, port = start_server(handler=InboxWithoutLogin(), auth_required=False)
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    result = send(catalog, tmp_path / "m")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "error: not sent: 127.0.0.1 offers no login (SMTP AUTH): nothing was sent" in (
        result.output
    )
    assert "remove 'user' from the catalog's 'smtp' section" in result.output
    assert inbox.messages == []
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port, user=None))  # as the error says
    result = send(catalog, tmp_path / "m", password=None)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1


class InboxWithCramMd5Only(Inbox):
    """A server whose only login is CRAM-MD5, which hashes the password as ASCII."""

    async def auth_CRAM__MD5(self, server, args):  # aiosmtpd names it CRAM-MD5
        return AuthResult(success=False)


def test_a_password_with_accents_and_no_plain_or_login_is_not_sent(tmp_path, start_server):
    handler = InboxWithCramMd5Only()
    inbox, port = start_server(handler=handler, auth_exclude_mechanism=["PLAIN", "LOGIN"])
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    result = send(catalog, tmp_path / "m", "mot-de-passé-1")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "error: not sent: 127.0.0.1 offers only CRAM-MD5 logins" in result.output
    assert inbox.messages == []
