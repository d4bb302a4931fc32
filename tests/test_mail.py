"""Sheets that staff email (mail.py, `sheets email`): the .eml with the very sheets attached,
its wording and language, and sending it over SMTP with STARTTLS and a login."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from support import EPOCH, bilingual, run_sheets, write_catalog, write_shop_catalog


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


# -- sending -------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path, monkeypatch):
    """A real SMTP server on localhost that requires STARTTLS and a login."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # the client trusts our test authority

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"boutique@example.fr" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticate,
    )
    controller.start()
    yield inbox, port
    controller.stop()


def test_send_delivers_the_message_over_starttls_with_login(tmp_path, smtp_server):
    inbox, port = smtp_server
    smtp = {
        "host": "127.0.0.1",
        "port": str(port),
        "user": "boutique@example.fr",
        "from": "boutique@example.fr",
    }
    catalog = write_shop_catalog(tmp_path, smtp=smtp)
    result = run_sheets(
        "email",
        "7505634",
        "--to",
        "client@example.com",
        "--catalog",
        catalog,
        "-o",
        tmp_path / "m",
        "--send",
        env={**EPOCH, "SHEETS_SMTP_PASSWORD": "s3cret"},
    )
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
    smtp = {"host": "127.0.0.1", "port": str(port), "user": "boutique@example.fr"}
    catalog = write_shop_catalog(tmp_path, smtp=smtp)
    result = run_sheets(
        "email",
        "0750",
        "--to",
        "a@example.com",
        "--catalog",
        catalog,
        "-o",
        tmp_path / "m",
        "--send",
        env={**EPOCH, "SHEETS_SMTP_PASSWORD": "wrong"},
    )
    assert result.exit_code == 1
    assert "error: not sent: 127.0.0.1 refused the login of boutique@example.fr" in result.output


def test_send_without_the_password_variable_is_refused_before_anything_is_written(tmp_path):
    smtp = {"host": "127.0.0.1", "port": "2525", "user": "boutique@example.fr"}
    catalog = write_shop_catalog(tmp_path, smtp=smtp)
    result = run_sheets(
        "email",
        "0750",
        "--to",
        "a@example.com",
        "--catalog",
        catalog,
        "-o",
        tmp_path / "m",
        "--send",
        env=EPOCH,
    )
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
        result = run_sheets(
            "email",
            "0750",
            "--to",
            "a@example.com",
            "--catalog",
            catalog,
            "-o",
            tmp_path,
            "--send",
            env=EPOCH,
        )
    finally:
        controller.stop()
    assert result.exit_code == 1
    assert "does not offer STARTTLS: nothing was sent unencrypted" in result.output
    assert inbox.messages == []
