"""An edition's manifest, written beside its brochure (`NAME.manifest.json`): what each page
holds and a digest of what it shows, and each product's pages and the digests of its fields, so
that `sheets diff` can say what changed between two editions. Read back and checked here too."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import pikepdf

from .. import CREATOR
from ..i18n.prices import product_price_text
from ..layout.anchors import category_key, product_key
from ..model import Catalog, Product
from ..names import sheet_filename
from ..output import AtomicBatch, sha256_of
from ..render.brochure import Anchor, Bound, Part
from ..render.cache import file_digest
from ..render.drawing import EditionDrawing
from ..render.page_digests import digest, page_hashes

FORMAT = 1  # the manifest's `manifest` key: its shape's version
SUFFIX = ".manifest.json"
# What a page is, by the part it is in: runs' pages are sections' openers or products.
COVER, CONTENTS, SECTION, PRODUCTS, INDEX, BLANK, BACK = (
    "cover", "contents", "section", "products", "index", "blank", "back-cover"
)  # fmt: skip
UNNUMBERED = (COVER, BLANK, BACK)  # the pages without a footer
# A product's fields, by the group a diff names when they change.
FIELDS = ("price", "text", "photo", "specs")


def manifest_path(brochure: Path) -> Path:
    """`medailles-commemoratives.fr_FR.pdf` → `medailles-commemoratives.fr_FR.manifest.json`."""
    return brochure.with_name(brochure.name.removesuffix(".pdf") + SUFFIX)


@dataclass(frozen=True)
class PartPages:
    """A part of the brochure as the manifest sees it: what kind of pages, their digests, and
    (for a run) its anchors."""

    kind: str
    hashes: tuple[str, ...]
    anchors: tuple[Anchor, ...] = ()


def stage_manifest(
    batch: AtomicBatch,
    brochure: Path,
    dated: Path,
    sha256: str,
    drawing: EditionDrawing,
    runs: Sequence[tuple[Path, Part]],
    bound: Bound,
    known: PageDigests,
    locale: str | None,
) -> tuple[Path, str]:
    """Stage the manifest of the brochure (its digest `sha256`; `dated`, a PDF whose Info
    carries the brochure's date), bound from the runs `runs` (their files and what they hold) as
    `bound` says. Returns its path and its digest."""
    parts = [PartPages(kind, known.of(made.path, made.hashes)) for kind, made in _made(bound)]
    # The runs after the cover and the contents.
    parts[2:2] = [PartPages(SECTION, known.of(path, run.hashes), run.anchors) for path, run in runs]
    catalog = drawing.edition.catalog
    products = {
        product.reference: (
            f"sheets/{sheet_filename(product, locale)}",
            [file_digest(path, drawing.images) for path in product.images],
        )
        for product in catalog.products
    }
    target = manifest_path(brochure)
    staged = batch.reserve(target)
    with staged.open("wb") as out:
        write_manifest(
            out,
            catalog,
            drawing.edition.brochure.labels,
            {"file": brochure.name, "sha256": sha256},
            _pdf_date(dated),
            parts,
            products,
        )
    return target, sha256_of(staged)


def _made(bound: Bound) -> list[tuple[str, object]]:
    """The parts made while binding, by kind: cover, contents, the indexes, the back."""
    made = [made for _, made in bound.made]
    return [
        (COVER, made[0]),
        (CONTENTS, made[1]),
        *((INDEX, index) for index in made[2:-1]),
        (BACK, made[-1]),
    ]


class PageDigests:
    """The page digests of the parts in the cache that were not taken where they were drawn
    (`Part.hashes`), kept from one build to the next in the output folder's state
    (`pages.json`, by the part's file name: the key of what it was drawn from): a part taken
    from the cache is not read again. A fresh build reads every part."""

    def __init__(self, state: Path, fresh: bool = False):
        self.path = state / "pages.json"
        self.known: dict[str, list[str]] = {} if fresh else _read_known(self.path)
        self.used: set[str] = set()

    def of(self, part: Path, hashes: tuple[str, ...] = ()) -> tuple[str, ...]:
        """A part's page digests: `hashes` when they were taken where the part was drawn (and
        kept with it in the cache), those kept here, or else read now."""
        if hashes:
            return hashes
        if part.name not in self.known:
            self.known[part.name] = page_hashes(part)
        self.used.add(part.name)
        return tuple(self.known[part.name])

    def keep(self, whole: bool) -> None:
        """Written once the outputs are (a build of every edition keeps only what it used); one
        that cannot be written only costs the next build the time it saves."""
        kept = {k: v for k, v in self.known.items() if k in self.used or not whole}
        try:
            with AtomicBatch() as batch:
                batch.stage(self.path, json.dumps(kept, sort_keys=True).encode())
        except OSError:
            pass


def _read_known(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {  # anyone may have edited it: what is not a list of digests is read again
        str(name): hashes
        for name, hashes in data.items()
        if isinstance(hashes, list) and all(isinstance(h, str) for h in hashes)
    }


def write_manifest(
    out: BinaryIO,
    catalog: Catalog,
    labels: dict,
    brochure: dict[str, str],
    date: str | None,
    parts: list[PartPages],
    products: dict[str, tuple[str, list[str]]],
) -> None:
    """Write the manifest to `out`: `brochure` its file's name and digest, `date` the one its
    PDF carries; `parts` in the order bound; `products` each product's sheet (relative to the
    output folder) and photos' digests."""
    pages = brochure_pages(catalog, parts)
    # The footer is laid over the pages at binding, their number in it: what else it shows
    # (the publisher, the words round the number) is part of each page it is on.
    footer = digest(repr((catalog.publisher, labels["page"])).encode())
    for page in pages:
        if page["kind"] not in UNNUMBERED:
            page["hash"] = digest(f"{page['hash']}:{footer}".encode())
    standing: dict[str, list[int]] = {}
    for page in pages:
        for reference in page.get("products", ()):
            standing.setdefault(reference, []).append(page["page"])
    manifest = {
        "manifest": FORMAT,
        "tool": CREATOR,
        "edition": catalog.edition,
        "locale": catalog.locale,
        "brochure": brochure,
        "date": date,
        "pages": pages,
        "products": (  # each made as it is written: a long catalog's need not be in memory
            product_entry(product, labels, catalog.locale, *products[product.reference])
            | {"pages": standing.get(product.reference, [])}
            for product in catalog.products
        ),
    }
    _write(out, manifest)


_NONE = object()  # what an empty list's first item is


def _write(out: BinaryIO, manifest: dict) -> None:
    """The manifest as JSON, its keys sorted, a line for each key and for each page and product
    in its lists (which may be iterators): small, and a line-by-line diff of two manifests
    reads."""

    def line(value) -> bytes:
        return json.dumps(value, sort_keys=True, ensure_ascii=False).encode()

    out.write(b"{\n")
    for number, (name, value) in enumerate(sorted(manifest.items())):
        out.write(b"%s %s: " % (b",\n" if number else b"", json.dumps(name).encode()))
        if not isinstance(value, list | Iterator):
            out.write(line(value))
            continue
        items = iter(value)
        first = next(items, _NONE)
        if first is _NONE:
            out.write(b"[]")
            continue
        out.write(b"[\n  " + line(first))
        for item in items:
            out.write(b",\n  " + line(item))
        out.write(b"\n ]")
    out.write(b"\n}\n")


def brochure_pages(catalog: Catalog, parts: list[PartPages]) -> list[dict]:
    """Every page, numbered from 1: what it is, its digest, and for a run's page the section
    it opens and the products on it. A product stands from its anchor's page to the page
    before the next anchor on a later page (or its run's end): a card or a price list's row
    on one page, a product of the `page` layout on every page it flows onto."""
    pages: list[dict] = []
    for part in parts:
        entries = [{"kind": part.kind, "hash": page} for page in part.hashes]
        if part.kind == BACK:  # blank pages, if the page count asked for them, then the back cover
            for entry in entries[:-1]:
                entry["kind"] = BLANK
            entries[-1]["kind"] = BACK
        if part.kind == SECTION:
            _place_anchors(catalog, part.anchors, entries)
        for entry in entries:
            entry["page"] = len(pages) + 1
            pages.append(entry)
    return pages


def _place_anchors(catalog: Catalog, anchors: tuple[Anchor, ...], entries: list[dict]) -> None:
    for entry in entries:
        entry["kind"] = PRODUCTS
    for number, anchor in enumerate(anchors):
        if anchor.key.startswith(category_key("")):
            category = catalog.category(anchor.key.removeprefix(category_key("")))
            entries[anchor.page] |= {
                "kind": SECTION,
                "category": {"id": category.id, "name": category.title},
            }
        elif anchor.key.startswith(product_key("")):
            later = (a.page for a in anchors[number + 1 :] if a.page > anchor.page)
            end = next(later, len(entries))
            for entry in entries[anchor.page : end]:
                entry.setdefault("products", []).append(anchor.key.removeprefix(product_key("")))


def product_entry(
    product: Product, labels: dict, locale: str, sheet: str, photos: list[str]
) -> dict:
    """A product's entry: who it is, its price as shown, and a digest of each group of its
    fields and of the whole."""
    variants = [replace(variant, line=None) for variant in product.variants]
    fields = {
        "price": (
            product.price,
            product.old_price,
            product.unit_price,
            [(v.reference, v.price, v.old_price) for v in variants],
        ),
        "text": (product.title, product.subtitle, product.description),
        "photo": (photos, product.image_alts),  # the image, and what it says to a reader
        "specs": (
            product.specs,
            [replace(v, price=None, old_price=None) for v in variants],
            product.ean13,
            product.url,
            product.updated,
        ),
    }
    digests = {name: digest(repr(value).encode()) for name, value in fields.items()}
    whole = (product.category, sorted(digests.items()))
    return {
        "reference": product.reference,
        "title": product.title,
        "category": product.category,
        "price": product_price_text(product, locale, labels),
        "sheet": sheet,
        "fields": digests,
        "digest": digest(repr(whole).encode()),
    }


_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?")


def _pdf_date(pdf: Path) -> str | None:
    """The date the PDF carries (its Info's CreationDate: SOURCE_DATE_EPOCH's, when set), in
    ISO 8601; None when it has none that reads as a date."""
    with pikepdf.open(pdf) as document:
        found = _PDF_DATE.match(str(document.docinfo.get("/CreationDate", "")))
    if not found:
        return None
    year, month, day, hour, minute, second, sign, hours, minutes = found.groups()
    offset = datetime.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    zone = datetime.timezone(-offset if sign == "-" else offset)
    numbers = map(int, (year, month, day, hour, minute, second))
    return datetime.datetime(*numbers, tzinfo=zone).isoformat()
