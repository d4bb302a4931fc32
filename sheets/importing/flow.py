"""`sheets import` as a library call: the source read by its kind's reader, categories and
references settled, images matched, the catalog written and checked, all or nothing. What the
catalog's loader finds is said at the source's rows the products came from (its warnings at
the catalog's lines once it is written): never at a line of a file that is not there."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..catalog.images import check_images
from ..catalog.load import load_catalog
from ..errors import Problem, SheetsError, in_file_order, shown
from .drafts import Draft, Source, Text
from .fields import category_id
from .images import ImageFolder
from .merchant import read_merchant
from .options import ImportOptions
from .problems import At, Findings
from .shopify import read_shopify
from .source_file import decode_text, read_source
from .spreadsheet import read_spreadsheet
from .table import read_csv_table
from .workbook import WORKBOOK_SUFFIXES, read_workbook
from .writing import check_target, write_catalog
from .yaml_out import Inline, dump_catalog, product_entry, text_value

NO_CATEGORY = ("products", "Products")  # the id and title of products the source files nowhere
SOURCES = {"shopify": "a Shopify export", "spreadsheet": "a spreadsheet"}
NO_IMAGE = "no image"  # the loader's warning


@dataclass
class ImportReport:
    out: Path
    products: int
    variants: int
    categories: int
    images: list[Path] = field(default_factory=list)  # copied into the images folder
    warnings: list[Problem] = field(default_factory=list)


def import_catalog(options: ImportOptions) -> ImportReport:
    """Write the catalog `options.out` from the source; SheetsError with every problem when it
    cannot be (nothing written then)."""
    findings = Findings(options.source)
    check_target(options.out, options.force, findings)
    source = _read(options, findings)
    currency = options.currency or source.currency
    if not source.drafts and not findings.errors:
        findings.error("no product to import", hint="check the file is the shop's products export")
    findings.stop_if_errors()
    categories, category_of = _categories(source.drafts, options.locale)
    _check_references(source.drafts, findings)
    folder = ImageFolder(options.images)
    products = [
        product_entry(
            draft,
            category_of[index],
            folder.paths(draft.pictures, findings, draft.reference),
            options.locale,
            currency,
        )
        for index, draft in enumerate(source.drafts)
    ]
    findings.stop_if_errors()
    title = options.title or options.source.stem
    head = {"title": title, "publisher": options.publisher or source.publisher or title}
    head["locale"] = options.locale
    if source.locales:
        head["locales"] = Inline([options.locale, *source.locales])
    head["currency"] = currency
    data = {"catalog": head, "categories": categories, "products": products}
    text = dump_catalog(data, f"Imported by sheets from {options.source.name} ({options.kind}).")
    places = _SourcePlaces(options.source, text, source.drafts, category_of)
    try:
        copied = write_catalog(
            options.out,
            text,
            folder.taken,
            options.force,
            findings,
            lambda staged: _loader_problems(staged, options.out, folder.missed, places),
        )
    except SheetsError as exc:
        problems = _unwritten(exc.problems, options.out, places)
        raise SheetsError(in_file_order(problems, options.source)) from None
    variants = sum(len(d.variants) for d in source.drafts if d.has_variants)
    return ImportReport(
        options.out, len(products), variants, len(categories), copied, findings.ordered()
    )


def _read(options: ImportOptions, findings: Findings) -> Source:
    """The drafts of the source, by its kind's reader."""
    if options.kind == "merchant":
        return read_merchant(read_source(findings), options, findings)
    if options.currency is None:
        findings.stop(
            f"{SOURCES[options.kind]} gives no currency: --currency is needed",
            hint="add --currency and the ISO code of the prices' currency, e.g. --currency EUR",
        )
    if options.kind == "spreadsheet" and options.source.suffix.lower() in WORKBOOK_SUFFIXES:
        read_source(findings)  # its size checked before it is unzipped
        table = read_workbook(options.sheet, findings)
    else:
        table = read_csv_table(
            decode_text(read_source(findings), options.encoding, findings), findings
        )
    if options.kind == "shopify":
        return read_shopify(table, findings, options.currency, options.drafts)
    return read_spreadsheet(table, options, findings)


def _categories(drafts: list[Draft], locale: str) -> tuple[list[dict], list[str]]:
    """The categories in their order of first appearance, each with an id of its own, and
    each draft's category id."""
    ids: dict[str, str] = {}  # a category's title in the catalog's language → its id
    categories: list[dict] = []
    of = []
    for draft in drafts:
        title: Text = draft.category or NO_CATEGORY[1]
        key = _in_language(title, locale)
        if key not in ids:
            made = NO_CATEGORY[0] if draft.category is None else category_id(key)
            unique, number = made, 2
            while unique in ids.values():
                unique, number = f"{made}-{number}", number + 1
            ids[key] = unique
            categories.append({"id": unique, "title": text_value(title, locale)})
        of.append(ids[key])
    return categories, of


def _in_language(text: Text, locale: str) -> str:
    return text if isinstance(text, str) else text.get(locale) or next(iter(text.values()))


def _check_references(drafts: list[Draft], findings: Findings) -> None:
    """Products and variants share one namespace of references: each is used once."""
    seen: dict[str, At] = {}
    for draft in drafts:
        places = [(draft.reference, draft.at)]
        if draft.has_variants:
            places += [(variant.reference, variant.at) for variant in draft.variants]
        for reference, at in places:
            if reference in seen:
                findings.error(
                    f"the reference {shown(reference)} is used twice (first on line "
                    f"{seen[reference].line})",
                    at,
                    "give each product and variant its own reference (SKU)",
                    reference,
                )
            else:
                seen[reference] = at


# -- the catalog written, read back by the catalog's loader --


class _SourcePlaces:
    """Where each entry of the catalog's text came from: a product's or a variant's row, a
    category's first product's row."""

    def __init__(self, source: Path, text: str, drafts: list[Draft], category_of: list[str]):
        self.source, self.text, self.drafts, self.category_of = source, text, drafts, category_of
        self.rows: dict[str, At] = {}  # a product's or variant's reference → its row
        for draft in drafts:
            self.rows.setdefault(draft.reference, draft.at)
            for variant in draft.variants if draft.has_variants else []:
                self.rows.setdefault(variant.reference, variant.at)
        self._starts: list[int] | None = None  # the first line of each entry, in order
        self._places: list[At] = []

    def moved(self, problem: Problem) -> Problem:
        """The problem said at the source's row its entry came from: the row only, the cell
        its key came from is not known."""
        at = self._at_line(problem.line) if problem.line is not None else None
        if at is None:
            at = self.rows.get(problem.product or "", At())
        return replace(problem, file=self.source, line=at.line, column=None)

    def _at_line(self, line: int) -> At | None:
        if self._starts is None:
            self._index()
        found = bisect.bisect_right(self._starts, line) - 1
        return self._places[found] if found >= 0 else None

    def _index(self) -> None:
        """The first line of each product, variant and category entry of the text."""
        entries: list[tuple[int, At]] = []
        root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        first_of: dict[str, At] = {}
        for draft, category in zip(self.drafts, self.category_of, strict=True):
            first_of.setdefault(category, draft.at)
        for node, category in zip(_items(root, "categories"), first_of.values(), strict=False):
            entries.append((node.start_mark.line + 1, category))
        for node, draft in zip(_items(root, "products"), self.drafts, strict=False):
            entries.append((node.start_mark.line + 1, draft.at))
            variants = draft.variants if draft.has_variants else []
            for item, variant in zip(_items(node, "variants"), variants, strict=False):
                entries.append((item.start_mark.line + 1, variant.at))
        entries.sort(key=lambda entry: entry[0])
        self._starts = [start for start, _ in entries]
        self._places = [place for _, place in entries]


def _items(node: Node | None, key: str) -> list[Node]:
    """The items of the list under `key` in a mapping node."""
    if not isinstance(node, MappingNode):
        return []
    for key_node, value in node.value:
        if key_node.value == key and isinstance(value, SequenceNode):
            return value.value
    return []


def _loader_problems(
    staged: Path, out: Path, said: set[str], places: _SourcePlaces
) -> list[Problem]:
    """What the catalog's loader finds in the catalog written at `staged` (but that products in
    `said` have no image: their missing images were named): its errors at the source's rows,
    its warnings at the lines of `out`."""
    catalog, problems = load_catalog(staged)
    if catalog is not None:
        problems += check_images(catalog)
    found = []
    for problem in problems:
        if problem.message == NO_IMAGE and problem.product in said:
            continue
        if problem.is_error:
            moved = places.moved(problem)
            message = f"the catalog made from it would not load: {problem.message}"
            found.append(replace(moved, message=message))
        else:
            found.append(replace(problem, file=out))
    return found


def _unwritten(problems: list[Problem], out: Path, places: _SourcePlaces) -> list[Problem]:
    """The problems of an import that wrote nothing: none at a line of the catalog not
    written, but at the source's row its entry came from."""
    return [
        places.moved(problem) if problem.file == out and problem.line is not None else problem
        for problem in problems
    ]
