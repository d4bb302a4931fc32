"""Two editions compared by their manifests (`sheets diff`): products added, removed, moved and
changed (which fields), and the pages of the new edition that differ from the old one's."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .changes import ChangedPage
from .manifest import FIELDS
from .reading import Edition

# What a page of the new edition is, compared with the old one; or a page of the old one gone.
CHANGED, MOVED, ADDED, REMOVED = "changed", "moved", "added", "removed"


@dataclass(frozen=True)
class ProductChange:
    reference: str
    title: str
    old_pages: tuple[int, ...]  # empty for a product added
    new_pages: tuple[int, ...]  # empty for a product removed
    fields: tuple[str, ...] = ()  # of FIELDS, or "category"; for a product changed
    old_price: str = ""
    new_price: str = ""
    old_category: str = ""
    new_category: str = ""

    def notes(self) -> tuple[str, ...]:
        """The fields changed in words: `price 17,80 € → 18,50 €`, `text`, `photo`,
        `category histoire → monuments`…"""
        return tuple(self._note(name) for name in self.fields)

    def _note(self, name: str) -> str:
        if name == "price" and self.old_price != self.new_price:
            return f"price {self.old_price} → {self.new_price}"
        if name == "category":
            return f"category {self.old_category} → {self.new_category}"
        return name


@dataclass(frozen=True)
class PageChange:
    new_page: int | None  # None for a page removed
    old_page: int | None  # where it was (moved), or the old page holding the same thing
    change: str  # CHANGED, MOVED, ADDED or REMOVED
    products: tuple[str, ...] = ()


@dataclass
class EditionDiff:
    """What differs between the old edition and the new one."""

    old: Edition
    new: Edition
    added: list[ProductChange] = field(default_factory=list)
    removed: list[ProductChange] = field(default_factory=list)
    moved: list[ProductChange] = field(default_factory=list)
    changed: list[ProductChange] = field(default_factory=list)
    pages: list[PageChange] = field(default_factory=list)

    @property
    def different(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed or self.pages)


def diff_editions(old: Edition, new: Edition) -> EditionDiff:
    """The products and pages of `new` compared with those of `old`."""
    diff = EditionDiff(old, new)
    before = {product["reference"]: product for product in old.manifest["products"]}
    after = {product["reference"]: product for product in new.manifest["products"]}
    for reference, product in after.items():
        was = before.get(reference)
        pages = tuple(product["pages"])
        if was is None:
            diff.added.append(ProductChange(reference, product["title"], (), pages))
            continue
        change = ProductChange(
            reference, product["title"], tuple(was["pages"]), pages, _fields(was, product),
            was["price"], product["price"], was["category"], product["category"],
        )  # fmt: skip
        if was["digest"] != product["digest"]:
            diff.changed.append(change)
        elif change.old_pages != change.new_pages:
            diff.moved.append(change)
    diff.removed = [
        ProductChange(reference, product["title"], tuple(product["pages"]), ())
        for reference, product in before.items()
        if reference not in after
    ]
    diff.pages = _pages(old.manifest["pages"], new.manifest["pages"])
    return diff


def _fields(was: dict, product: dict) -> tuple[str, ...]:
    changed = [name for name in FIELDS if was["fields"].get(name) != product["fields"].get(name)]
    if was["category"] != product["category"]:
        changed.append("category")
    return tuple(changed)


def _pages(old: list[dict], new: list[dict]) -> list[PageChange]:
    """The pages of `new` that are not `old`'s page of the same number: changed when what they
    show is not what the old page holding the same thing showed, moved when it is (or when the
    old edition shows it on another page), added when nothing held it; then the pages of `old`
    no page of `new` stands for, removed."""
    holding = {what: page for page, what in zip(old, _held(old), strict=True)}
    shown_at = {}
    for page in old:
        shown_at.setdefault(page["hash"], page["page"])
    changes, kept = [], set()
    for page, what in zip(new, _held(new), strict=True):
        number, same = page["page"], holding.get(what)
        if same is not None and same["hash"] == page["hash"]:
            was = same["page"]
        else:
            was = shown_at.get(page["hash"])
        kept.update(found for found in (was, same and same["page"]) if found is not None)
        if was == number:
            continue
        products = tuple(page.get("products", ()))
        if was is not None:
            changes.append(PageChange(number, was, MOVED, products))
        else:
            change = CHANGED if same is not None else ADDED
            changes.append(PageChange(number, same and same["page"], change, products))
    changes += [
        PageChange(None, page["page"], REMOVED, tuple(page.get("products", ())))
        for page in old
        if page["page"] not in kept
    ]
    return changes


def _held(pages: list[dict]) -> list[tuple]:
    """What each page holds, the same for the page of one edition and of the next that hold
    the same thing: its kind, its section, its products, and how many pages before it held
    the same (a product's second page, the contents' third)."""
    seen: Counter = Counter()
    held = []
    for page in pages:
        what = (page["kind"], page.get("category", {}).get("id"), tuple(page.get("products", ())))
        held.append((*what, seen[what]))
        seen[what] += 1
    return held


def changed_pages(diff: EditionDiff) -> list[ChangedPage]:
    """The new edition's pages a proof of the changes shows (changed or added, not moved), each
    with the old page holding the same thing and the changes of the products on it."""
    products = {change.reference: change for change in diff.changed}
    pages = []
    for page in diff.pages:
        if page.change in (MOVED, REMOVED):  # NEW has no page to show for them
            continue
        notes: list[str] = []
        for reference in page.products:
            if reference in products:
                said = products[reference].notes()
                several = len(page.products) > 1
                notes += [f"{reference}: {note}" if several else note for note in said]
            elif any(added.reference == reference for added in diff.added):
                notes.append(f"{reference}: new")
        pages.append(ChangedPage(page.new_page, page.old_page, tuple(notes)))
    return pages


def page_ranges(numbers: list[int]) -> str:
    """`5`, `5–7`, `5, 9–12`: pages said as ranges."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def described(diff: EditionDiff) -> list[str]:
    """The differences in words, a line for each product and for each range of pages. What the
    manifests say is shown escaped where it would not show: a line break in a title cannot
    forge a line."""
    lines = []
    for change in diff.changed:
        notes = ", ".join(change.notes())
        lines.append(f"{_named(change)}: {_shown(notes)} ({_on(change.new_pages)})")
    for change in diff.added:
        lines.append(f"{_named(change)}: added ({_on(change.new_pages)})")
    for change in diff.removed:
        lines.append(f"{_named(change)}: removed (was on {_on(change.old_pages)})")
    for change in diff.moved:
        lines.append(
            f"{_named(change)}: moved, {_on(change.old_pages)} → {_on(change.new_pages, 'page')}"
        )
    for kind, run in _runs(diff.pages):
        numbers = page_ranges([_number(page) for page in run])
        said = f"page{'s' if len(run) > 1 else ''} {numbers}"
        if kind == MOVED:
            lines.append(f"{said}: moved, from {page_ranges([p.old_page for p in run])}")
        else:
            lines.append(f"{said}: {kind}")
    return lines


def _named(change: ProductChange) -> str:
    return _shown(f"{change.reference} {change.title}")


def _shown(text: str) -> str:
    """`text` with what would not show escaped as Python writes it (`\\n`, `\\x1b`, `\\u202e`):
    control and format characters, line and paragraph separators."""
    return "".join(
        ascii(character)[1:-1] if unicodedata.category(character) in _UNSHOWN else character
        for character in text
    )


_UNSHOWN = {"Cc", "Cf", "Zl", "Zp"}


def _on(pages: tuple[int, ...], word: str = "page") -> str:
    if not pages:
        return "no page"
    return f"{word}{'s' if len(pages) > 1 else ''} {page_ranges(list(pages))}"


def _number(page: PageChange) -> int:
    """The page's number in NEW, or in OLD for a page removed."""
    return page.old_page if page.new_page is None else page.new_page


def _runs(pages: list[PageChange]) -> list[tuple[str, list[PageChange]]]:
    """The pages in runs of consecutive pages changed alike (moved ones by as many pages)."""
    runs: list[tuple[str, list[PageChange]]] = []
    for page in pages:
        if runs:
            kind, run = runs[-1]
            last = run[-1]
            follows = _number(page) == _number(last) + 1 and page.change == kind
            shifted = kind != MOVED or page.old_page == (last.old_page or 0) + 1
            if follows and shifted:
                run.append(page)
                continue
        runs.append((page.change, [page]))
    return runs


def as_json(diff: EditionDiff) -> dict:
    """The differences for tools: see the README's `sheets diff` for its shape."""

    def product(change: ProductChange) -> dict:
        found = {
            "reference": change.reference,
            "title": change.title,
            "old_pages": list(change.old_pages),
            "new_pages": list(change.new_pages),
        }
        if change.fields:
            found["fields"] = list(change.fields)
        if "price" in change.fields:
            found["price"] = {"old": change.old_price, "new": change.new_price}
        return found

    return {
        "locale": diff.new.manifest["locale"],
        "old": str(diff.old.path),
        "new": str(diff.new.path),
        "products": {
            kind: [product(change) for change in getattr(diff, kind)]
            for kind in ("added", "removed", "moved", "changed")
        },
        "pages": [
            {
                "new_page": page.new_page,
                "old_page": page.old_page,
                "change": page.change,
                "products": list(page.products),
            }
            for page in diff.pages
        ],
        "pages_before": len(diff.old.manifest["pages"]),
        "pages_after": len(diff.new.manifest["pages"]),
    }
