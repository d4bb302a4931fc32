"""What a build draws, and what it takes from the cache: each sheet and each run of the brochure
is keyed by everything that shows on it, drawn only when no entry has that key, by as many
processes as there are cores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Problem, Severity, SheetsError, in_file_order, shown
from ..model import BROCHURE_LAYOUT, Catalog, Product, ThemeSettings
from ..preflight.checks import Finding, check_binding, check_trim_sizes
from ..preflight.checks import Report as PreflightReport
from .brochure import Anchor, Bound, Made, Make, Part, bind
from .cache import Cache, Entry, file_digest, key
from .items import Item, Section, item_products
from .page_digests import page_hashes
from .parallel import run_tasks
from .prepared import prepare
from .tasks import (
    UNREADABLE,
    Drawn,
    Edition,
    RunTask,
    SheetTask,
    Workload,
    first_line,
    preflighted,
)

SHEETS_PER_TASK = 4  # fewer round trips between processes, and still an even spread
RUNS_ALONE = 2


@dataclass
class EditionDrawing:
    """One edition's sheets and runs: their cache keys, then their entries once drawn."""

    edition: Edition
    products: list[Product]  # those whose sheets are built
    images: dict[str, list]  # the photos' digests by path (see `file_digest`)
    sheet_keys: dict[str, str] = field(default_factory=dict)  # reference → key
    run_keys: list[str] = field(default_factory=list)
    redrawn_sheets: set[str] = field(default_factory=set)
    redrawn_runs: set[int] = field(default_factory=set)
    redrawn_made: set[str] = field(default_factory=set)  # the parts made while binding


def plan(
    editions: dict[str, Edition],
    products: dict[str, list[Product]],
    brochures: bool,
    images: dict[str, list],
) -> dict[str, EditionDrawing]:
    """Each edition's keys: a sheet's from its product, its category, the shop and the theme;
    a run's from its items and what its running heads show; both from the photos' bytes
    (`images` remembers their digests by size and time)."""
    drawings = {}
    for locale, edition in editions.items():
        catalog = edition.catalog
        drawing = EditionDrawing(edition, products[locale], images)
        # What every sheet shows, said once: the theme's repr is long.
        shop = repr(
            (edition.sheets.profile.name, locale, catalog.publisher, catalog.contact, catalog.taxes)
        )
        shop += repr(_shown(catalog.theme, BROCHURE_LAYOUT, "sheets"))
        # Each product said once, for its sheet and its run: a product's repr is long.
        drawn = _DrawnDigests(catalog, images)
        for product in drawing.products:
            drawing.sheet_keys[product.reference] = key(
                "sheet",
                shop,
                drawn(product),
                replace(catalog.category(product.category), layout=None),
            )
        if brochures:
            drawing.run_keys = [
                key(
                    "run",
                    edition.brochure.profile.name,
                    locale,
                    catalog.title,
                    catalog.taxes,
                    _shown(catalog.theme, MADE_WHILE_BINDING, "brochure"),
                    edition.bleed_mm,
                    [_drawn_item(item, catalog, images, drawn) for item in run],
                )
                for run in edition.runs
            ]
        drawings[locale] = drawing
    return drawings


# The settings of what is made while binding, which runs of the brochure do not show.
MADE_WHILE_BINDING = ("contents", "index")


def _shown(theme: ThemeSettings, unseen: tuple[str, ...], output: str) -> ThemeSettings:
    """The settings a part of `output` ("sheets", "brochure") shows: the `unseen` ones as their
    defaults, and the background only if it is drawn under that output (its digest says its
    bytes)."""
    defaults = {name: getattr(ThemeSettings, name) for name in unseen}
    return replace(theme, **defaults, background=theme.background_of(output))


def draw(
    drawings: dict[str, EditionDrawing],
    cache: Cache,
    on_progress: Callable[[int, int], None] | None = None,
    scheduler: str | None = None,
) -> None:
    """Draw what the cache lacks, into the cache (on the Dask cluster of `scheduler`, if given).
    Raises SheetsError naming every product (or run) ReportLab cannot lay out, once all is
    drawn that can be, or when the cluster cannot be used."""
    # The brochure's runs first: they are the longest tasks, and the pool ends on short ones.
    runs: list[RunTask] = []
    sheets: list[SheetTask] = []
    total = sum(len(d.products) for d in drawings.values())
    done = 0
    for locale, drawing in drawings.items():
        missing = [
            p.reference
            for p in drawing.products
            if cache.get(drawing.sheet_keys[p.reference]) is None
        ]
        done += len(drawing.products) - len(missing)
        numbers = [n for n, run_key in enumerate(drawing.run_keys) if cache.get(run_key) is None]
        for index, number in enumerate(numbers):
            along: tuple[str, ...] = ()
            # A run's products' sheets drawn after it by the same worker, measured as its pages
            # were; but the last runs', in tasks of their own: the pool ends on short tasks.
            if index < len(numbers) - RUNS_ALONE:
                run = {p.reference for i in drawing.edition.runs[number] for p in item_products(i)}
                along = tuple(r for r in missing if r in run)
                missing = [r for r in missing if r not in run]
            runs.append(RunTask(locale, number, along))
        for start in range(0, len(missing), SHEETS_PER_TASK):
            sheets.append(SheetTask(locale, tuple(missing[start : start + SHEETS_PER_TASK])))
    if on_progress and done:
        on_progress(done, total)
    tasks: list[SheetTask | RunTask] = [*runs, *sheets]
    # The index may hold entries of other shapes for photos no longer drawn (it may be edited).
    photos = {
        path: known[-1]
        for d in drawings.values()
        for path, known in d.images.items()
        if isinstance(known, list) and known
    }
    workload = Workload({locale: d.edition for locale, d in drawings.items()}, photos)
    weights = [
        len(task.references)
        if isinstance(task, SheetTask)
        else len(drawings[task.locale].edition.runs[task.run]) + len(task.sheets)
        for task in tasks
    ]
    problems: list[Problem] = []  # every one, as a compiler says them, not just the first
    runs_left = Counter(task.locale for task in runs)
    for locale, drawing in drawings.items():
        if drawing.run_keys and not runs_left[locale]:
            _bind_ahead(drawing, cache)
    for results in run_tasks(tasks, workload, weights, scheduler):
        for drawn in results:
            drawing = drawings[drawn.task.locale]
            if drawn.error is not None:
                found = _drawing_problem(drawing.edition.catalog, drawn).problems
                problems += [problem for problem in found if problem not in problems]
                continue
            if isinstance(drawn.task, SheetTask):
                cache.put(drawing.sheet_keys[drawn.name], drawn.data, {"pages": drawn.pages})
                drawing.redrawn_sheets.add(drawn.name)
                done += 1
                if on_progress:
                    on_progress(done, total)
            else:
                meta = {
                    "pages": drawn.pages,
                    "anchors": [vars(anchor) for anchor in drawn.anchors],
                    "shortened": list(drawn.shortened),
                    "findings": list(drawn.findings),
                    "sizes": [list(size) for size in drawn.sizes],
                    "hashes": list(drawn.hashes),
                }
                run_key = drawing.run_keys[int(drawn.name)]
                entry = cache.put(run_key, drawn.data, meta)
                keep_prepared(cache, run_key, entry, drawn.prepared)
                drawing.redrawn_runs.add(int(drawn.name))
                runs_left[drawn.task.locale] -= 1
                if not runs_left[drawn.task.locale]:
                    _bind_ahead(drawing, cache)
    if problems:
        first = next(iter(drawings.values())).edition.catalog
        raise SheetsError(in_file_order(problems, first.source))


def _bind_ahead(drawing: EditionDrawing, cache: Cache) -> None:
    """Make the parts of the brochure made while binding (cover, contents, indexes, back cover,
    folios) as soon as its runs are drawn, while the workers draw the sheets: binding it then
    finds them made. For a brochure of an even page count (a booklet's takes a multiple of
    four: its back cover and folios are made again then). A part that cannot be made now is
    made, and its problem said, when the brochure is bound."""
    edition = drawing.edition
    parts = [run_part(cache, run_key) for run_key in drawing.run_keys]
    try:
        bind(edition.catalog, edition.brochure, parts, 2, made_parts(cache, drawing), None)
    except Exception:  # said when the brochure is bound
        return


def made_parts(cache: Cache, drawing: EditionDrawing) -> Make:
    """How binding makes its parts (cover, contents, back cover, folios) in this build: kept in
    the cache by the key of the catalog's head and their inputs, preflighted as they are drawn."""
    edition, images = drawing.edition, drawing.images
    # What every part may show.
    theme = _shown(edition.catalog.theme, (), "brochure")
    head = replace(edition.catalog, products=(), source=None, theme=theme)

    def make(name: str, inputs: tuple, draw_part: Callable[[], Part]) -> Made:
        drawn_from = [
            _photo_digest(v, images, edition.catalog, None) if isinstance(v, Path) else v
            for v in inputs
        ]
        made_key = key(
            "made", name, edition.brochure.profile.name, edition.bleed_mm, head, drawn_from
        )
        entry = cache.get(made_key)
        if entry is None:
            drawing.redrawn_made.add(made_key)  # binding may ask again for a part it drew
            try:
                part = draw_part()
            except UNREADABLE as exc:
                raise unreadable_problem(edition.catalog, None, first_line(exc)) from None
            findings, sizes = preflighted(part.data, edition)
            meta = {"pages": part.pages, "findings": findings, "sizes": sizes}
            if name != "folios":  # for the manifest (folios have none of their own)
                meta["hashes"] = page_hashes(part.data)
            entry = cache.put(made_key, part.data, meta)
        sizes = tuple(tuple(size) for size in entry.meta["sizes"])
        redrawn = made_key in drawing.redrawn_made
        # The folios are laid over the pages, not bound as parts.
        prepared = keep_prepared(cache, made_key, entry) if name != "folios" else None
        found = tuple(entry.meta["findings"])
        hashes = tuple(entry.meta.get("hashes", ()))
        return Made(entry.path, entry.meta["pages"], found, sizes, redrawn, prepared, hashes)

    return make


def run_part(cache: Cache, run_key: str) -> tuple[Path, Part]:
    """A drawn run: its file in the cache, and what it holds."""
    entry = cache.get(run_key)
    anchors = tuple(Anchor(**anchor) for anchor in entry.meta["anchors"])
    shortened = tuple(entry.meta["shortened"])
    prepared = keep_prepared(cache, run_key, entry)
    hashes = tuple(entry.meta.get("hashes", ()))
    return entry.path, Part(b"", entry.meta["pages"], anchors, shortened, prepared, hashes)


def keep_prepared(cache: Cache, part_key: str, part: Entry, prepared: bytes = b"") -> Path:
    """The file of a part prepared for binding (`prepared`, or else prepared here if the cache
    does not hold it for the part's very bytes), kept in the cache beside the part."""
    name = f"{part_key}-prepared"
    entry = None if prepared else cache.get(name, PREPARED)
    if entry is None or entry.meta.get("part") != part.meta["sha256"]:
        data = prepared or prepare(part.path).to_bytes()
        entry = cache.put(name, data, {"part": part.meta["sha256"]}, PREPARED)
    return entry.path


PREPARED = ".bind"  # the suffix of a part prepared for binding, in the cache


def _drawn(product: Product, catalog: Catalog, images: dict[str, list]) -> tuple:
    """A product as it is drawn: its values but where it is written, and its photos' bytes."""
    variants = tuple(replace(variant, line=None) for variant in product.variants)
    return replace(product, line=None, source=None, variants=variants), [
        _photo_digest(path, images, catalog, product) for path in product.images
    ]


class _DrawnDigests:
    """The digest of each product as it is drawn (`_drawn`), taken once by reference."""

    def __init__(self, catalog: Catalog, images: dict[str, list]):
        self.catalog, self.images = catalog, images
        self.known: dict[str, str] = {}

    def __call__(self, product: Product) -> str:
        digest = self.known.get(product.reference)
        if digest is None:
            digest = self.known[product.reference] = key(_drawn(product, self.catalog, self.images))
        return digest


def _photo_digest(
    path: Path, images: dict[str, list], catalog: Catalog, product: Product | None
) -> str:
    try:
        return file_digest(path, images)
    except OSError as exc:
        raise unreadable_problem(catalog, product, f"{shown(path.name)}: {exc.strerror}") from None


def _drawn_item(
    item: Item, catalog: Catalog, images: dict[str, list], drawn: _DrawnDigests
) -> tuple:
    if not isinstance(item, Section):
        products = [drawn(product) for product in item_products(item)]
        return type(item).__name__, products, item.category
    # A section's opener lists its products (`section_flowables`), wherever their runs are.
    image = item.category.image
    shown = [_photo_digest(image, images, catalog, None)] if image else []
    return item, [(p.title, p.reference) for p in catalog.products_in(item.category)], shown


def layout_problem(catalog: Catalog, product: Product | None, message: str) -> SheetsError:
    """A layout ReportLab cannot resolve, as a problem naming the product when there is one."""
    return _product_problem(
        catalog,
        product,
        f"cannot be laid out on the page ({message})",
        "shorten the longest text or image of this product, or choose a larger page_size",
    )


def unreadable_problem(catalog: Catalog, product: Product | None, message: str) -> SheetsError:
    """A photo that could not be read while it was drawn, though it could when checked."""
    return _product_problem(
        catalog,
        product,
        f"a photo could not be read during the build ({message})",
        "it was changed or removed during the build, or a worker reads another file there: "
        "build again once the photo is in place on every machine",
    )


def _product_problem(
    catalog: Catalog, product: Product | None, message: str, hint: str
) -> SheetsError:
    """An error at the product (where it is written), or at the catalog when there is none."""
    where = catalog.file_of(product) if product else catalog.source
    line, reference = (product.line, product.reference) if product else (None, None)
    return SheetsError([Problem(Severity.ERROR, message, where, line, None, reference, hint)])


def _drawing_problem(catalog: Catalog, drawn: Drawn) -> SheetsError:
    product = None
    if isinstance(drawn.task, SheetTask) or drawn.product:
        name = drawn.product or drawn.name
        product = next(p for p in catalog.products if p.reference == name)
    if drawn.unreadable:
        return unreadable_problem(catalog, product, drawn.error or "")
    if drawn.hint:
        where = "on its sheet" if isinstance(drawn.task, SheetTask) else "in the brochure"
        message = f"cannot be laid out {where}: {drawn.error}"
        return _product_problem(catalog, product, message, drawn.hint)
    return layout_problem(catalog, product, drawn.error or "")


def parts_preflight(
    brochure: Path, cache: Cache, drawing: EditionDrawing, bound: Bound, settings: dict
) -> PreflightReport:
    """The brochure's preflight from its parts': each run was checked when it was drawn, the
    parts made while binding are checked now, and so are the folios laid over the pages (but
    for boxes, which they do not carry); then the checks of the whole (one trim size, the
    binding)."""
    findings: list[Finding] = []
    sizes: dict[int, tuple[float, float]] = {}
    first = bound.first_run_page
    for run_key in drawing.run_keys:
        meta = cache.get(run_key).meta
        findings += [_moved(Finding.from_dict(found), first) for found in meta["findings"]]
        sizes.update((first + index, tuple(size)) for index, size in enumerate(meta["sizes"]))
        first += meta["pages"]
    for start, made in bound.made:
        findings += [_moved(Finding.from_dict(finding), start) for finding in made.findings]
        sizes.update((start + index, size) for index, size in enumerate(made.sizes))
    for start, made in bound.folios:  # they lie over the pages, whose boxes count
        found = [_moved(Finding.from_dict(finding), start) for finding in made.findings]
        findings += [finding for finding in found if finding.check != "boxes"]
    findings += check_trim_sizes([sizes[page] for page in sorted(sizes)])
    findings += check_binding(bound.pages, settings["binding"])
    findings.sort(key=lambda finding: finding.page or 0)
    return PreflightReport(brochure, "print", bound.pages, findings)


def _moved(finding: Finding, pages: int) -> Finding:
    return replace(finding, page=finding.page + pages) if finding.page else finding
