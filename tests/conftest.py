"""Fixtures every test folder may ask for; the helpers behind them are in support.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from support import (
    Inbox,
    run_sheets,
    smtp_servers,
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
    """start(password=b"s3cret", handler=None, **options): a real SMTP server on localhost that
    requires STARTTLS and a login (support.smtp_servers), its CA's certificate tmp_path/ca.pem;
    (its inbox, its port)."""
    # The client trusts the private CA only when the catalog names it ('ca_file').
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with smtp_servers(tmp_path) as start:
        yield start


@pytest.fixture
def smtp_server(start_server) -> tuple[Inbox, int]:
    """A real SMTP server on localhost that requires STARTTLS and a login."""
    return start_server()
