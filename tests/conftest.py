"""Fixtures every test folder may ask for; the helpers behind them are in support.py."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import Result

from support import (
    Inbox,
    free_port,
    run_sheets,
    write_catalog,
    write_catalog_text,
    write_tagged_pdf,
)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str | bytes], Path]:
    """write_yaml(content): `content` written as tmp_path/shop/catalog.yaml by
    support.write_catalog_text, beside the founding product's photo."""
    return lambda content: write_catalog_text(tmp_path / "shop", content)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Result]:
    """(out folder, result) of `sheets build` of support's base catalog, with the default
    options (screen sheets, print brochure): built once, for the tests that only read it."""
    folder = tmp_path_factory.mktemp("shop")
    catalog = write_catalog(folder)
    result = run_sheets("build", catalog, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    return folder / "out", result


@pytest.fixture(scope="session")
def tagged_pdf(tmp_path_factory) -> Path:
    """A two-page PDF tagged for PDF/UA (support.write_tagged_pdf), made once: tests change
    copies of it (support.changed)."""
    return write_tagged_pdf(tmp_path_factory.mktemp("tagged"))


@pytest.fixture
def start_server(tmp_path, monkeypatch):
    """Starts real SMTP servers on localhost that require STARTTLS and a login (unless told
    otherwise), with a certificate from a private CA whose certificate is tmp_path/ca.pem."""
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    # The client trusts the private CA only when the catalog names it ('ca_file').
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    controllers = []

    def start(password: bytes = b"s3cret", handler: Inbox | None = None, **options):
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == b"boutique@example.fr" and auth_data.password == password
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        settings = {
            "tls_context": context,
            "require_starttls": True,
            "auth_required": True,
            "auth_require_tls": True,
            "authenticator": authenticate,
            **options,
        }
        inbox = handler or Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **settings)
        controller.start()
        controllers.append(controller)
        return inbox, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_server):
    """A real SMTP server on localhost that requires STARTTLS and a login."""
    return start_server()
