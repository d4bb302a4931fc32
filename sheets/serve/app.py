"""The staff's web application: the routes, each answering from the shop's last good build.
No address reaches the file system: files are found by product reference among the build's
own outputs, and the page's style and script are held in memory."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode

from babel import Locale
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ..i18n.labels import labels_for
from ..i18n.prices import product_price_text
from ..model import Product
from ..output import STATE_FOLDER
from .interface import Interface, interface_for
from .mailing import EmailDesk, Sent
from .previews import Previews
from .security import AccessGuard, FormTokens, SecurityHeaders, same_site
from .shop import Edition, Published, Shop, read_output

STATIC = {"style.css": "text/css", "live.js": "text/javascript"}
LIVE_POLL = 0.25  # seconds between two looks at the shop's version, per open page
RESULTS = 50  # search results shown at most
FORM_FIELDS = 8  # the email form's six, and room


def create_app(shop: Shop, token: str | None = None, desk: EmailDesk | None = None) -> Starlette:
    """The application for `shop`; `token`: the access token every request must carry (None on
    a local bind); `desk`: how messages are written and sent."""
    environment = Environment(
        loader=PackageLoader("sheets.serve", "templates"),
        autoescape=select_autoescape(),
        extensions=["jinja2.ext.i18n"],
    )
    # A {% trans %} block's message with its lines joined, as babel.cfg extracts it.
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_null_translations(newstyle=True)  # each page brings its language's
    templates = Jinja2Templates(env=environment)
    static = {
        name: resources.files("sheets.serve").joinpath("static", name).read_bytes()
        for name in STATIC
    }
    previews = Previews(shop.out_dir / STATE_FOLDER / "previews")
    forms = FormTokens()
    desk = desk or EmailDesk(shop)

    def interface() -> Interface:
        """The page's words: in the shop's language, whichever edition is shown."""
        return interface_for(shop.published.locale if shop.published else None)

    def page(request: Request, name: str, status_code: int = 200, **context) -> Response:
        published = shop.published
        lang = request.query_params.get("lang")
        edition = published.edition(lang) if published else None
        words = interface()
        context = {
            **words.in_templates,
            "interface": words,
            "in_edition": words.marks(edition.catalog.locale) if edition else "",
            "shop": shop,
            "status": shop.status,
            "version": shop.version,
            "edition": edition,
            "lang": edition.catalog.locale if edition else None,
            "languages": _languages(published),
            "price": _price,
            **context,
        }
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def edition_of(request: Request) -> Edition:
        if shop.published is None:
            gettext = interface().gettext
            if shop.status.errors:  # nothing is being built until they are mended
                said = gettext("The catalog has errors: once they are mended, this page shows it.")
            else:
                said = gettext("The catalog is being built: this page shows it in a moment.")
            raise HTTPException(503, said)
        return shop.published.edition(request.query_params.get("lang"))

    def product_of(request: Request) -> tuple[Edition, Product]:
        edition = edition_of(request)
        product = edition.product(request.path_params["reference"])
        if product is None:
            said = interface().gettext("No product has this reference in the catalog.")
            raise HTTPException(404, said)
        return edition, product

    async def verified(file: tuple[Path, str] | None) -> bytes:
        """An output as the last build wrote it; otherwise a page saying it is being made
        again (the shop builds again: that writes it anew)."""
        data = await asyncio.to_thread(read_output, file) if file else None
        if data is None:
            if file:
                shop.stale()
            said = interface().gettext("This file is being made again: it is here in a moment.")
            raise HTTPException(503, said)
        return data

    async def output(file: tuple[Path, str] | None, media_type: str) -> Response:
        """The file as the build wrote it, with its name for the browser to save."""
        data = await verified(file)
        name = file[0].name.encode("ascii", "replace").decode().replace('"', "")
        disposition = f'attachment; filename="{name}"'
        return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})

    async def home(request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        edition = shop.published and shop.published.edition(request.query_params.get("lang"))
        found = _found(edition, query) if edition else {}
        browse = edition.index.categories() if edition else []
        return page(request, "home.html", query=query, browse=browse, **found)

    async def search(request: Request) -> Response:
        """The results alone, for the page's search as you type."""
        query = request.query_params.get("q", "").strip()
        return page(request, "results.html", query=query, **_found(edition_of(request), query))

    async def category(request: Request) -> Response:
        edition = edition_of(request)
        for found, products in edition.index.categories():
            if found.id == request.path_params["id"]:
                return page(request, "category.html", category=found, products=products)
        raise HTTPException(404, interface().gettext("The catalog has no such category."))

    async def product_page(
        request: Request, edition: Edition, found: Product, status_code: int = 200, **form
    ) -> Response:
        sheet = edition.sheets.get(found.reference)
        data = await asyncio.to_thread(read_output, sheet) if sheet else None
        if sheet and data is None:
            shop.stale()  # changed or gone since the build: it is built again
        pages = await asyncio.to_thread(previews.page_count, data) if data else 0
        # A page answering a form is not reloaded (that would post it again): its notice of a
        # change leads to the product's own address.
        here = f"/product/{quote(request.path_params['reference'])}"
        lang = request.query_params.get("lang")
        return page(
            request,
            "product.html",
            status_code,
            product=found,
            category=edition.catalog.category(found.category),
            pages=pages,
            form_token=forms.issue(f"email:{found.reference}"),
            can_send=desk.can_send,
            here=here + (f"?{urlencode({'lang': lang})}" if lang else ""),
            **form,
        )

    async def product(request: Request) -> Response:
        sent = desk.noticed(request.query_params.get("sent"))
        return await product_page(request, *product_of(request), sent=sent)

    async def sheet_pdf(request: Request) -> Response:
        edition, found = product_of(request)
        sheet = edition.sheets.get(found.reference)
        return await output(sheet, "application/pdf")

    async def sheet_page(request: Request) -> Response:
        edition, found = product_of(request)
        sheet = edition.sheets.get(found.reference)
        data = await verified(sheet)
        number = request.path_params["number"]
        try:
            png = await asyncio.to_thread(previews.png, data, sheet[1], number - 1)
        except IndexError:
            raise HTTPException(404, interface().gettext("The sheet has no such page.")) from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})

    async def email(request: Request) -> Response:
        edition, found = product_of(request)
        if not same_site(request.headers):
            said = interface().gettext("This form comes from another site: it is not sent.")
            raise HTTPException(403, said)
        # The page's form is a few short fields: no files, nothing larger is read.
        form = await request.form(max_files=0, max_fields=FORM_FIELDS, max_part_size=16_384)
        if not forms.valid(f"email:{found.reference}", str(form.get("form_token", ""))):
            said = interface().gettext(
                "This form has expired or comes from another page: open the product again."
            )
            raise HTTPException(403, said)

        async def show(status_code: int, **context) -> Response:
            return await product_page(request, edition, found, status_code, posted=True, **context)

        asked = request.path_params["reference"]
        answer = await desk.answer(show, interface(), edition, found, asked, form)
        if not isinstance(answer, Sent):
            return answer
        # Sent: the browser is sent on to the product's page, which says so. Reloaded, that
        # page sends nothing again (nor would this form: its token is spent).
        forms.spend(str(form.get("form_token")))
        query = {**request.query_params, "sent": desk.notice(answer.said)}
        return RedirectResponse(f"/product/{quote(asked)}?{urlencode(query)}", 303)

    async def brochure(request: Request) -> Response:
        return page(request, "brochure.html")

    async def brochure_pdf(request: Request) -> Response:
        edition = edition_of(request)
        return await output(edition.brochure, "application/pdf")

    async def health(request: Request) -> Response:
        return page(request, "health.html")

    async def events(request: Request) -> Response:
        """Server-sent events: the shop's version each time it moves, for open pages to update."""

        async def versions():
            seen = shop.version
            yield f"retry: 2000\ndata: {seen}\n\n"
            # Until the page is left, or the server stops: it waits for no open page.
            while not shop.stopping and not await request.is_disconnected():
                await asyncio.sleep(LIVE_POLL)
                if shop.version != seen:
                    seen = shop.version
                    yield f"data: {seen}\n\n"

        return StreamingResponse(
            versions(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            raise HTTPException(404, interface().gettext("No such file."))
        return Response(
            static[name], media_type=STATIC[name], headers={"Cache-Control": "no-cache"}
        )

    async def refused(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", None) if code != 500 else None
        if detail == HTTPStatus(code).phrase:  # Starlette's own ("Not Found"): said in words
            detail = None
        return page(
            request, "error.html", code, code=code, detail=detail or _said(code, interface())
        )

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/search", search),
            Route("/category/{id}", category),
            Route("/product/{reference}", product),
            Route("/product/{reference}/sheet.pdf", sheet_pdf),
            Route("/product/{reference}/page/{number:int}.png", sheet_page),
            Route("/product/{reference}/email", email, methods=["POST"]),
            Route("/brochure", brochure),
            Route("/brochure.pdf", brochure_pdf),
            Route("/health", health),
            Route("/events", events),
            Route("/static/{name}", asset),
        ],
        exception_handlers={HTTPException: refused, Exception: refused},
    )

    async def refusal(scope, receive, send, why: str) -> None:
        words = interface()
        gettext = words.gettext
        if why == "token":
            detail = gettext(
                "This page needs the access token printed when `sheets serve` started: open"
                " the address it printed, with ?token=…"
            )
        else:
            detail = gettext(
                "This page answers only to the address it printed (127.0.0.1 or localhost)."
            )
        html = environment.get_template("error.html").render(
            **words.in_templates,
            interface=words,
            code=403,
            detail=detail,
            status=None,
            shop=None,
            edition=None,
            languages=[],
        )
        await HTMLResponse(html, 403)(scope, receive, send)

    return SecurityHeaders(AccessGuard(app, refusal, token))


def _found(edition: Edition, query: str) -> dict:
    """The products a search finds: the first RESULTS of them, and how many in all."""
    found = edition.index.find(query, len(edition.catalog.products)) if query else []
    return {"results": found[:RESULTS], "total": len(found)}


def _languages(published: Published | None) -> list[tuple[str, str]]:
    """Each edition's locale and its name in its own language: `English (United Kingdom)`."""
    if published is None or len(published.editions) < 2:
        return []
    names = {loc: Locale.parse(loc).display_name for loc in published.editions}
    return [(loc, name[:1].upper() + name[1:]) for loc, name in names.items()]


def _price(product: Product, locale: str) -> str:
    return product_price_text(product, locale, labels_for(locale))


def _said(code: int, words: Interface) -> str:
    gettext = words.gettext
    if code == 404:
        return gettext("There is nothing at this address.")
    if code == 405:
        return gettext("This address does not take that kind of request.")
    return gettext("Something went wrong on the server; the catalog and its outputs are untouched.")
