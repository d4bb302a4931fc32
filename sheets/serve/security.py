"""What keeps the staff's page to the staff: an access token when it listens beyond this
machine, host names checked against DNS rebinding, a token in every form against cross-site
posts, and a limit on the messages it sends."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from typing import ClassVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from starlette.requests import cookie_parser

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
TOKEN_VARIABLE = "SHEETS_SERVE_TOKEN"  # the access token, when not generated at start
TOKEN_COOKIE = "sheets_token_{port}"  # one per port: two pages on one machine keep theirs
FORM_TOKEN_HOURS = 12  # a page left open over a working day still sends
SENDS_PER_MINUTE = 5


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AccessGuard:
    """ASGI middleware. On a local bind: requests must name this machine in their Host header
    (a page elsewhere cannot reach it by rebinding its own name to 127.0.0.1). Otherwise: every
    request must carry the access token, once in the address (`?token=…`, which sets a cookie
    and is taken out of the address) or in that cookie."""

    def __init__(self, app, refusal, token: str | None):
        self.app, self.refusal, self.token = app, refusal, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if self.token is None:
            if not self._local_host(headers.get(b"host", b"").decode("latin-1")):
                return await self.refusal(scope, receive, send, "host")
            return await self.app(scope, receive, send)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        cookie = TOKEN_COOKIE.format(port=scope.get("server", ("", 0))[1])
        given = dict(query).get("token")
        if given is not None and _same(given, self.token):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            # One slash first: `//evil.example` would send the browser to another site.
            location = "/" + quote(scope["path"].lstrip("/")) + (f"?{rest}" if rest else "")
            return await _redirect_with_cookie(send, location, cookie, self.token)
        # Starlette's parser: a cookie of another application that Python's would refuse
        # does not hide this one.
        held = cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(cookie)
        if held is None or not _same(held, self.token):
            return await self.refusal(scope, receive, send, "token")
        return await self.app(scope, receive, send)

    def _local_host(self, host: str) -> bool:
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]") in LOCAL_HOSTS


def same_site(headers) -> bool:
    """Whether a form was posted from this site's own page, as far as the browser says
    (`Sec-Fetch-Site`, `Origin`); a request that says nothing is left to the form's token."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == headers.get("host", "")


class FormTokens:
    """A token per form, tied to what the form is for (`email:7505634`) and when it was made:
    a page of another site cannot post it, as it cannot read it. A token that sent a message
    is spent: the same form posted again sends nothing."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._spent: dict[str, float] = {}  # token → when it was made
        self._lock = threading.Lock()

    def issue(self, form: str, now: float | None = None) -> str:
        issued = f"{int(now if now is not None else time.time())}.{secrets.token_hex(8)}"
        return f"{issued}.{self._mac(form, issued)}"

    def valid(self, form: str, token: str, now: float | None = None) -> bool:
        made, _, rest = token.partition(".")
        nonce, _, mac = rest.partition(".")
        issued = f"{made}.{nonce}"
        if not made.isdigit() or not _same(mac, self._mac(form, issued)) or token in self._spent:
            return False
        age = (now if now is not None else time.time()) - int(made)
        return 0 <= age <= FORM_TOKEN_HOURS * 3600

    def spend(self, token: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            self._spent[token] = now
            for old in [
                t for t, made in self._spent.items() if now - made > FORM_TOKEN_HOURS * 3600
            ]:
                del self._spent[old]

    def _mac(self, form: str, issued: str) -> str:
        return hmac.new(self._key, f"{form}\0{issued}".encode(), hashlib.sha256).hexdigest()


class SendLimit:
    """At most `per_minute` messages sent in any minute, from every form together."""

    def __init__(self, per_minute: int = SENDS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self, now: float | None = None) -> float:
        """0 when a message may go now (and counts it); otherwise the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            while self._sent and now - self._sent[0] >= 60:
                self._sent.popleft()
            if len(self._sent) >= self.per_minute:
                return 60 - (now - self._sent[0])
            self._sent.append(now)
            return 0.0


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


class SecurityHeaders:
    """ASGI middleware: what every answer tells the browser. Scripts and styles come only from
    the page's own address, it is never framed, and its addresses are told to no other site
    (while its forms still say, in `Origin`, that they come from it)."""

    HEADERS: ClassVar = [
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'; "
            b"base-uri 'none'; form-action 'self'",
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


async def _redirect_with_cookie(send, location: str, name: str, token: str) -> None:
    # Lax: a link to the page from an email or a chat carries it; a form from elsewhere not.
    cookie = f"{name}={token}; Path=/; HttpOnly; SameSite=Lax"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1", "replace")),
                (b"set-cookie", cookie.encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
