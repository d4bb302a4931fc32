"""What the staff's page refuses: paths that try to leave its outputs, strangers' host names,
requests without the access token, forms posted from elsewhere, floods of messages."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from sheets.mail import SmtpLogin
from sheets.serve.app import create_app
from sheets.serve.mailing import EmailDesk
from sheets.serve.security import FormTokens, SendLimit
from sheets.serve.shop import Shop

from support import form_token, smtp_section, write_shop_catalog

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shop")
    (folder / "secret.txt").write_text("not for the web")
    shop = Shop(write_shop_catalog(folder), folder / "out")
    shop.refresh()
    assert shop.published is not None, shop.status
    return shop


TRAVERSALS = [
    "/../catalog.yaml",
    "/%2e%2e/catalog.yaml",
    "/static/../catalog.yaml",
    "/static/%2e%2e%2fcatalog.yaml",
    "/static/..%2f..%2fsecret.txt",
    "/static//etc/passwd",
    "/product/..%2f..%2fsecret.txt/sheet.pdf",
    "/product/%2e%2e/sheet.pdf",
    "/product/%2Fetc%2Fpasswd/sheet.pdf",
    "/product/7505634/page/..%2f1.png",
    "/product/7505634/page/99.png",
    "/product/7505634/../../secret.txt",
    "/sheets/7505634-la-liberation-de-paris.pdf",
    "/out/sheets/7505634-la-liberation-de-paris.pdf",
]


@pytest.mark.parametrize("address", TRAVERSALS)
def test_no_address_reaches_a_file_outside_the_outputs(shop, address):
    client = TestClient(create_app(shop), base_url=LOCAL)
    answer = client.get(address)
    assert answer.status_code == 404, (address, answer.status_code)
    assert "not for the web" not in answer.text and "catalog:" not in answer.text


def test_a_symlink_in_place_of_a_sheet_is_not_followed_out(shop, tmp_path):
    path, _ = shop.published.editions["fr_FR"].sheets["7505634"]
    kept = path.read_bytes()
    path.unlink()
    path.symlink_to(shop.catalog.parent / "secret.txt")
    try:
        answer = TestClient(create_app(shop), base_url=LOCAL).get("/product/7505634/sheet.pdf")
        assert b"not for the web" not in answer.content
        assert answer.status_code in (404, 503)
    finally:
        path.unlink()
        path.write_bytes(kept)


def test_a_local_page_answers_only_to_this_machines_names(shop):
    app = create_app(shop)
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert TestClient(app, base_url=f"http://{host}").get("/").status_code == 200, host
    rebound = TestClient(app, base_url="http://attacker.example:8000").get("/")
    assert rebound.status_code == 403
    assert "ne répond qu’à l’adresse affichée au lancement" in rebound.text


def test_beyond_this_machine_every_request_needs_the_token(shop):
    app = create_app(shop, token="s3cret-token")
    client = TestClient(app, base_url="http://shop.lan:8000", follow_redirects=False)
    for address in ("/", "/product/7505634/sheet.pdf", "/events", "/static/style.css"):
        refused = client.get(address)
        assert refused.status_code == 403, address
        assert "jeton d’accès" in refused.text
    assert client.get("/", params={"token": "wrong"}).status_code == 403
    welcomed = client.get("/product/7505634", params={"token": "s3cret-token", "lang": "fr_FR"})
    assert welcomed.status_code == 303
    assert welcomed.headers["location"] == "/product/7505634?lang=fr_FR", (
        "the token leaves the address"
    )
    assert "HttpOnly" in welcomed.headers["set-cookie"]
    assert client.get("/product/7505634").status_code == 200, "the cookie carries it on"
    elsewhere = client.get("http://shop.lan:8000//evil.example/x?token=s3cret-token")
    assert elsewhere.headers["location"] == "/evil.example/x", "no redirect to another site"


def test_a_form_posted_without_its_token_is_refused(shop):
    client = TestClient(create_app(shop), base_url=LOCAL)
    fields = {"to": "client@example.com", "action": "draft"}
    for token in (None, "", "123.abc", "9999999999.0"):
        data = fields | ({"form_token": token} if token is not None else {})
        answer = client.post("/product/7505634/email", data=data)
        assert answer.status_code == 403, token
        assert "a expiré ou vient d’une autre page" in answer.text
    page = client.get("/product/0750").text
    other = form_token(page)
    answer = client.post("/product/7505634/email", data=fields | {"form_token": other})
    assert answer.status_code == 403, "a token is for its own form"


def test_form_tokens_expire():
    tokens = FormTokens()
    token = tokens.issue("email:1", now=1_000_000)
    assert tokens.valid("email:1", token, now=1_000_000 + 3600)
    assert not tokens.valid("email:1", token, now=1_000_000 + 13 * 3600)
    assert not tokens.valid("email:2", token, now=1_000_000)
    assert not FormTokens().valid("email:1", token, now=1_000_000), "another server's token"


def test_the_send_limit_counts_a_sliding_minute():
    limit = SendLimit(per_minute=3)
    assert [limit.take(now=t) for t in (0, 1, 2)] == [0, 0, 0]
    assert limit.take(now=30) == pytest.approx(30)
    assert limit.take(now=60.5) == 0, "the first has left the minute"


def test_every_answer_forbids_framing_and_foreign_scripts(shop):
    answer = TestClient(create_app(shop), base_url=LOCAL).get("/")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "same-origin"


def sending_client(tmp_path, port: int, password: str) -> TestClient:
    shop = Shop(write_shop_catalog(tmp_path, smtp=smtp_section(port)), tmp_path / "out")
    shop.refresh()
    desk = EmailDesk(shop, SmtpLogin(password))
    return TestClient(create_app(shop, desk=desk), base_url=LOCAL)


def send_form(client: TestClient) -> dict:
    page = client.get("/product/7505634").text
    assert 'value="send"' in page, "the page offers to send"
    token = form_token(page)
    return {"form_token": token, "to": "client@example.com", "action": "send"}


def test_a_flood_of_sends_is_held_back(tmp_path, smtp_server):
    inbox, port = smtp_server
    client = sending_client(tmp_path, port, "s3cret")
    answers = [client.post("/product/7505634/email", data=send_form(client)) for _ in range(7)]
    assert [answer.status_code for answer in answers] == [200] * 5 + [429] * 2
    assert "Envoyé à client@example.com par 127.0.0.1" in answers[0].text
    assert "Trop de messages en une minute\u202f: réessayez dans " in answers[-1].text
    assert len(inbox.messages) == 5


def test_the_smtp_password_is_never_shown(tmp_path, smtp_server):
    inbox, port = smtp_server
    client = sending_client(tmp_path, port, "wr0ng-passw0rd")
    answer = client.post("/product/7505634/email", data=send_form(client))
    assert answer.status_code == 502
    assert "Non envoyé\u202f: 127.0.0.1 refused the login of boutique@example.fr" in answer.text
    assert "wr0ng-passw0rd" not in answer.text
    assert inbox.messages == []


def test_a_sheet_replaced_by_a_link_is_not_attached_either(shop):
    client = TestClient(create_app(shop), base_url=LOCAL)
    token = form_token(client.get("/product/7505634").text)
    path, _ = shop.published.editions["fr_FR"].sheets["7505634"]
    kept = path.read_bytes()
    path.unlink()
    path.symlink_to(shop.catalog.parent / "secret.txt")
    try:
        fields = {"form_token": token, "to": "a@example.com", "action": "draft"}
        answer = client.post("/product/7505634/email", data=fields)
        assert answer.status_code == 503 and b"not for the web" not in answer.content
        assert "La fiche est en cours de régénération" in answer.text
    finally:
        path.unlink()
        path.write_bytes(kept)


def test_a_field_too_long_is_refused_not_cut(shop):
    client = TestClient(create_app(shop), base_url=LOCAL)
    token = form_token(client.get("/product/7505634").text)
    to = "a@example.com, " * 133 + "boss@example.community.fr"  # 2 020 characters
    fields = {"form_token": token, "to": to, "action": "draft"}
    answer = client.post("/product/7505634/email", data=fields)
    assert answer.status_code == 400
    assert "À\u202f: 2\u202f000 caractères au maximum" in answer.text


def test_a_form_posted_from_another_site_is_refused_before_it_is_read(shop):
    client = TestClient(create_app(shop), base_url=LOCAL)
    token = form_token(client.get("/product/7505634").text)
    fields = {"form_token": token, "to": "a@example.com", "action": "draft"}
    elsewhere = [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1"},
    ]
    for headers in elsewhere:
        answer = client.post("/product/7505634/email", data=fields, headers=headers)
        assert answer.status_code == 403, headers
        assert "vient d’un autre site" in answer.text
    here = {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/product/7505634/email", data=fields, headers=here).status_code == 200
    attached = client.post(
        "/product/7505634/email", data=fields, files={"f": ("x.bin", b"0" * 100_000)}
    )
    assert attached.status_code == 400, "no file is read"


def test_a_message_sent_is_not_sent_again_by_a_reload_or_the_same_form(tmp_path, smtp_server):
    inbox, port = smtp_server
    client = sending_client(tmp_path, port, "s3cret")
    fields = send_form(client)
    sent = client.post("/product/7505634/email", data=fields, follow_redirects=False)
    assert sent.status_code == 303, "the browser is sent on to the product's page"
    page = client.get(sent.headers["location"])
    assert "Envoyé à client@example.com" in page.text
    assert "data-posted" not in page.text, "a page that may reload itself"
    client.get(sent.headers["location"])  # reloaded, by the staff or by a change of the catalog
    again = client.post("/product/7505634/email", data=fields)
    assert again.status_code == 403, "the form's token is spent"
    assert len(inbox.messages) == 1


def test_a_page_answering_a_form_is_not_reloaded_by_itself(shop):
    client = TestClient(create_app(shop), base_url=LOCAL)
    token = form_token(client.get("/product/7505634").text)
    fields = {"form_token": token, "to": "marie.dupont", "action": "send"}
    answer = client.post("/product/7505634/email", data=fields)
    assert "data-posted" in answer.text
    notice = re.search(r'id="update" hidden>.*?<a href="([^"]*)"', answer.text, re.DOTALL)
    assert notice.group(1) == "/product/7505634", "its notice leads to the product's own page"
