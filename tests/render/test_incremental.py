"""Incremental builds (render/cache.py, render/drawing.py): a build into a folder that holds an
earlier build redraws only what changed, and writes the very bytes a build into an empty folder
writes, whatever the edit; the cache holds one build's worth and a damaged entry is drawn again."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import sheets.render.cache
import sheets.render.items

from support import (
    EPOCH,
    bilingual,
    long_description,
    page_texts,
    run_sheets,
    text_of,
    write_catalog,
    write_image,
    written,
)

RUN_ITEMS = 3  # this shop's brochure has 6 runs (16 items), as some 140 products would have
HISTORY, HERITAGE = 8, 6  # products in the two categories, in that order


@pytest.fixture(autouse=True)
def short_runs(monkeypatch):
    monkeypatch.setattr(sheets.render.items, "RUN_ITEMS", RUN_ITEMS)


def shop_data(data: dict) -> None:
    """A `change` for write_catalog: 14 products, each with a photo of its own, the first 8 in
    'histoire', the others in 'patrimoine'. The brochure's items then fall into runs as
    [section 1, 0–1] [2–4] [5–7] [section 2, 8–9] [10–12] [13]: each section's opener (which
    lists its products) lies in a run before most of its products."""
    data["products"] = [
        {
            "reference": f"75{number:05d}",
            "title": f"Médaille numéro {number}",
            "category": "histoire" if number < HISTORY else "patrimoine",
            "price": f"{10 + number},50",
            "images": [f"images/{number}.jpg"],
            "description": f"La médaille {number}, frappée en bronze florentin.\n\nNumérotée.",
        }
        for number in range(HISTORY + HERITAGE)
    ]


class Shop:
    """A catalog of 14 products built into `out`, as the first build left it; `edit` and
    `restore` rewrite the catalog and its photos, `build` builds it (SOURCE_DATE_EPOCH set)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.out = folder / "out"
        for number in range(HISTORY + HERITAGE):
            # Small photos (a warning each) draw fast.
            write_image(folder / "images" / f"{number}.jpg", 400, (12 * number, 90, 60))
        self.photos = {path: path.read_bytes() for path in (folder / "images").iterdir()}
        self.catalog = self.edit(lambda data: None)
        self.build()
        self.built = files(self.out)  # the bytes of a build into an empty folder

    def edit(self, change: Callable[[dict], None]) -> Path:
        def changed(data):
            shop_data(data)
            change(data)

        return write_catalog(self.folder, changed)

    def restore(self) -> None:
        """The catalog and photos as first built; photos not of the first build removed."""
        self.edit(lambda data: None)
        for path in (self.folder / "images").iterdir():
            if path not in self.photos:
                path.unlink()
        for path, data in self.photos.items():
            if path.read_bytes() != data:
                path.write_bytes(data)

    def build(self, out: Path | None = None):
        return build(self.catalog, out or self.out)


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Shop:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sheets.render.items, "RUN_ITEMS", RUN_ITEMS)
        return Shop(tmp_path_factory.mktemp("shop"))


def build(catalog: Path, out: Path, *options: str):
    """`sheets build` with SOURCE_DATE_EPOCH set: the same inputs, the same bytes."""
    result = run_sheets("build", catalog, "-o", out, *options, env=EPOCH)
    assert result.exit_code == 0, result.output
    return result


def files(out: Path) -> dict[str, bytes]:
    """Every file a build wrote into `out` (its manifests too), by its name in the folder."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in written(out)}


def touch(path: Path) -> None:
    """A second later, the bytes as they were."""
    times = path.stat()
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))


def cache_entries(out: Path) -> set[str]:
    return {path.name for path in (out / ".sheets" / "cache").iterdir()}


def redrawn(result) -> str:
    """The summary's line of what was drawn anew."""
    return next(line for line in result.output.splitlines() if "redrawn" in line)


def preflight_report(result) -> list[str]:
    """The preflight the build reports: its findings, then its summary."""
    lines = result.output.splitlines()
    findings = [
        line.removeprefix("preflight: ") for line in lines if line.startswith("preflight: ")
    ]
    summary = next(line for line in lines if line.startswith("preflight of "))
    return [*findings, summary.partition(": ")[2]]


def preflight_of_brochure(out: Path) -> list[str]:
    """What `sheets preflight` finds in the brochure in `out`, as a press would check it."""
    (brochure,) = out.glob("*.pdf")
    result = run_sheets("preflight", brochure, "--profile", "print")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def assert_same_files(out: Path, clean: Path) -> None:
    built, expected = files(out), files(clean)
    assert sorted(built) == sorted(expected)
    differing = [name for name in expected if built[name] != expected[name]]
    assert differing == [], f"not as a clean build writes them: {differing}"


def photo_replaced(shop: Shop) -> None:
    # The first product's: its sheet, its brochure page and the cover show it.
    write_image(shop.folder / "images" / "0.jpg", 400, (20, 120, 200))


def product_added(data: dict) -> None:
    data["products"].insert(
        HISTORY,  # the first category's last
        {
            "reference": "7600000",
            "title": "Médaille nouvelle",
            "category": "histoire",
            "price": "99,00",
            "images": ["images/new.jpg"],
            "description": "Ajoutée à la fin de la première catégorie.",
        },
    )


def products_reordered(data: dict) -> None:
    # The last product first: the first category's order is kept, the cover's photo changes.
    data["products"].insert(0, data["products"].pop())


def catalog_edit(change: Callable[[dict], None]) -> Callable[[Shop], None]:
    return lambda shop: shop.edit(change)


def product_edit(number: int, **values) -> Callable[[Shop], None]:
    return catalog_edit(lambda data: data["products"][number].update(values))


def head_edit(**values) -> Callable[[Shop], None]:
    return catalog_edit(lambda data: data["catalog"].update(values))


ALL = HISTORY + HERITAGE


# What is edited → the edit, how many sheets it redraws, whether it redraws pages of the brochure.
def cover_alt_edited(data: dict) -> None:
    shown = next(product for product in data["products"] if product.get("images"))
    shown["images"][0] = {"file": photo_file(shown["images"][0]), "alt": "Une autre médaille"}


def photo_file(image) -> str:
    return image["file"] if isinstance(image, dict) else image


EDITS = {
    "description": (product_edit(4, description="Refrappée."), 1, True),
    "price": (product_edit(11, price="1 299,00"), 1, True),
    "variants given": (
        product_edit(
            7,
            variants=[
                {"reference": "V7-A", "Taille": "S"},
                {"reference": "V7-B", "Taille": "M", "price": "99,00"},
            ],
        ),
        1,
        True,
    ),
    "taxes": (head_edit(taxes="excluded"), ALL, True),
    # The title is also listed on the opener of its section, two runs before.
    "title": (product_edit(13, title="Médaille dernière"), 1, True),
    "product added": (catalog_edit(product_added), 1, True),
    "product removed": (catalog_edit(lambda data: data["products"].pop(3)), 0, True),
    "category title": (
        catalog_edit(lambda data: data["categories"][1].update(title="Monuments")),
        HERITAGE,
        True,
    ),
    "catalog title": (head_edit(title="Médailles et jetons"), 0, True),
    # On the sheets, the cover, the back cover and the folios; a run's own PDF names the
    # publisher, but its pages do not.
    "publisher": (head_edit(publisher="Monnaie de Paris"), ALL, True),
    "theme colour": (head_edit(theme={"accent_color": "#225588"}), ALL, True),
    "photo replaced": (photo_replaced, 1, True),
    "products reordered": (catalog_edit(products_reordered), 0, True),
    # Each section's opener moves to the other's run, its number changes.
    "categories swapped": (catalog_edit(lambda data: data["categories"].reverse()), 0, True),
    "product moved": (product_edit(2, category="patrimoine"), 1, True),
    # The first photo is the cover's, which a reader hears by its alt text.
    "cover photo's alt": (catalog_edit(cover_alt_edited), 1, True),
}


@pytest.mark.parametrize(("edit", "sheets", "pages"), EDITS.values(), ids=EDITS.keys())
def test_an_edit_built_into_the_folder_gives_the_bytes_of_a_clean_build(
    shop, tmp_path, edit, sheets, pages
):
    # Back to the first build's catalog: a build over the last test's edit.
    shop.restore()
    shop.build()
    assert files(shop.out) == shop.built
    edit(shop)
    result = shop.build()
    clean = tmp_path / "clean"
    shop.build(clean)
    assert_same_files(shop.out, clean)
    # Bounded: the folder's cache holds what a build of this catalog uses, no more.
    assert cache_entries(shop.out) == cache_entries(clean)
    assert preflight_report(result) == preflight_of_brochure(clean)
    line = redrawn(result)
    kept = len(list((clean / "sheets").iterdir())) - sheets
    assert line.startswith(
        f"{sheets} sheet{'' if sheets == 1 else 's'} redrawn, {kept} up to date;"
    )
    assert line.endswith(" redrawn" if pages else "; brochure up to date")
    if edit is EDITS["description"][0]:
        # Cover, contents, then the runs: [section 1, 0–1] on pages 3–5, [2–4] on 6–8.
        assert line == "1 sheet redrawn, 13 up to date; brochure pages 6–8 redrawn"


def contents(pdf: Path) -> list[tuple[str, int]]:
    """The brochure's contents (its second page) as read: each line's title and page."""
    text = pdfium.PdfDocument(str(pdf))[1].get_textpage().get_text_range()
    lines = [re.fullmatch(r"(.+?)[ .]* (\d+)", line.strip()) for line in text.splitlines()[1:]]
    return [(line[1], int(line[2])) for line in lines if line]


def folios(pdf: Path) -> list[list[str]]:
    """Each page's folios (`Page 7`) as read, in order."""
    document = pdfium.PdfDocument(str(pdf))
    return [re.findall(r"\bPage \d+\b", page.get_textpage().get_text_range()) for page in document]


def test_a_product_grown_by_pages_shifts_the_pages_after_it_without_redrawing_them(shop, tmp_path):
    shop.restore()
    shop.build()
    shop.edit(lambda data: data["products"][1].update(description=long_description()))
    result = shop.build()
    pdf = shop.out / "medailles-commemoratives.pdf"
    listed = contents(pdf)
    assert [title for title, _ in listed] == [
        "Histoire de France",
        *(f"Médaille numéro {number}" for number in range(HISTORY)),
        "Patrimoine",
        *(f"Médaille numéro {number}" for number in range(HISTORY, HISTORY + HERITAGE)),
    ]
    pages = dict(listed)
    assert pages["Médaille numéro 2"] - pages["Médaille numéro 1"] >= 3  # it grew
    # Only the first run ([section 1, 0–1]) is drawn anew, and the contents (page 2), whose
    # page numbers moved; the other runs just moved.
    assert redrawn(result) == (
        f"1 sheet redrawn, {HISTORY + HERITAGE - 1} up to date; "
        f"brochure pages 2–{pages['Médaille numéro 2'] - 1} redrawn"
    )
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(pdf))]
    for title, page in listed:
        assert title in texts[page - 1].splitlines()[:2], (title, page)
    # Every page numbered by its place, but the cover, and the back cover and the blank page
    # that may come before it (the page count is even).
    last = pages[f"Médaille numéro {HISTORY + HERITAGE - 1}"]
    numbered = [[f"Page {number}"] for number in range(2, last + 1)]
    assert folios(pdf) == [[], *numbered, *[[]] * (len(texts) - last)]
    assert len(texts) - last in (1, 2) and texts[last:-1] in ([], [""])
    clean = tmp_path / "clean"
    shop.build(clean)
    assert_same_files(shop.out, clean)


# -- the cache: damaged, emptied, holding what is not its own ------------------------------------


def cache_meta(out: Path) -> dict[str, dict]:
    """Each entry's metadata, by the entry's name."""
    folder = out / ".sheets" / "cache"
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")
    }


def sheet_entry(out: Path) -> str:
    """The entry of the Eiffel Tower's sheet: the same bytes as the sheet."""
    sha256 = hashlib.sha256((out / "sheets" / "0750-tour-eiffel.pdf").read_bytes()).hexdigest()
    return next(name for name, meta in cache_meta(out).items() if meta["sha256"] == sha256)


def run_entry(out: Path) -> str:
    """The entry of the brochure's run that holds the Eiffel Tower."""
    return next(
        name
        for name, meta in cache_meta(out).items()
        if any(anchor["title"] == "Tour Eiffel" for anchor in meta.get("anchors", ()))
    )


def contents_entry(out: Path) -> str:
    folder = out / ".sheets" / "cache"
    pdfs = [folder / f"{name}.pdf" for name in cache_meta(out)]
    return next(pdf.stem for pdf in pdfs if pdf.is_file() and "Sommaire" in text_of(pdf))


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garbage(path: Path) -> None:
    path.write_text('{"pages": 1, "sha2', encoding="utf-8")


def folder_in_place(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


# What is damaged → which entry, how, and what the build after it redraws.
DAMAGES = {
    # The sheet in OUT is the same file as its entry where the file system allows: damaged too.
    "sheet's PDF truncated": (sheet_entry, ".pdf", truncated, "1 sheet redrawn, 2 up to date"),
    "sheet's metadata garbage": (sheet_entry, ".json", garbage, "1 sheet redrawn, 2 up to date"),
    "run's PDF truncated": (run_entry, ".pdf", truncated, "0 sheets redrawn, 3 up to date"),
    "run's metadata garbage": (run_entry, ".json", garbage, "0 sheets redrawn, 3 up to date"),
    "sheet's PDF a folder": (sheet_entry, ".pdf", folder_in_place, "1 sheet redrawn, 2 up to date"),
    "run's PDF a folder": (run_entry, ".pdf", folder_in_place, "0 sheets redrawn, 3 up to date"),
    "contents' PDF truncated": (
        contents_entry,
        ".pdf",
        truncated,
        "0 sheets redrawn, 3 up to date",
    ),
}


@pytest.mark.parametrize(
    ("entry", "suffix", "damage", "redraws"), DAMAGES.values(), ids=DAMAGES.keys()
)
def test_a_damaged_cache_entry_is_drawn_again(tmp_path, entry, suffix, damage, redraws):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    built, names = files(out), cache_entries(out)
    damage(out / ".sheets" / "cache" / f"{entry(out)}{suffix}")
    touch(tmp_path / "images" / "0750.jpg")  # so that the build is not found up to date
    result = build(catalog, out)
    assert redrawn(result).startswith(redraws)
    assert files(out) == built
    assert cache_entries(out) == names
    assert not list((out / ".sheets" / "cache").glob(".*.part"))
    for name, meta in cache_meta(out).items():  # every entry whole again
        kept = next(
            path for path in (out / ".sheets" / "cache").glob(f"{name}.*") if path.suffix != ".json"
        )
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == meta["sha256"]


def test_an_entry_as_it_was_written_is_not_read_again_to_be_trusted(tmp_path, monkeypatch):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    cache = out / ".sheets" / "cache"
    read = Path.read_bytes
    hashed = []

    def counted(path):
        if path.parent == cache and path.suffix == ".pdf":
            hashed.append(path.name)
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    touch(tmp_path / "images" / "0750.jpg")  # so that the build is not found up to date
    assert redrawn(build(catalog, out)).startswith("0 sheets redrawn, 3 up to date")
    assert hashed == []
    # Written again with the same bytes: its time has changed, its digest is checked.
    entry = cache / f"{sheet_entry(out)}.pdf"
    entry.write_bytes(read(entry))
    touch(tmp_path / "images" / "0750.jpg")
    assert redrawn(build(catalog, out)).startswith("0 sheets redrawn, 3 up to date")
    assert hashed == [entry.name]


def test_a_damaged_index_of_photos_is_read_again(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    built = files(out)
    index = out / ".sheets" / "images.json"
    damaged = dict.fromkeys(json.loads(index.read_text()), 5)
    # And entries for photos no longer drawn, which no build reads again.
    damaged.update({str(tmp_path / "gone.jpg"): 5, str(tmp_path / "old.jpg"): []})
    index.write_text(json.dumps(damaged))
    touch(tmp_path / "images" / "0750.jpg")
    result = build(catalog, out)
    assert redrawn(result) == "0 sheets redrawn, 3 up to date; brochure up to date"
    assert files(out) == built


def test_a_fresh_build_empties_the_cache_and_draws_everything_anew(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    built, names = files(out), cache_entries(out)
    (out / ".sheets" / "cache" / "notes.txt").write_text("not an entry", encoding="utf-8")
    result = build(catalog, out, "--fresh")
    pages = len(page_texts(out / "medailles-commemoratives.pdf"))
    assert redrawn(result) == f"3 sheets redrawn, 0 up to date; brochure pages 1–{pages} redrawn"
    assert files(out) == built
    assert cache_entries(out) == names


def test_a_build_of_one_edition_keeps_the_cache_of_the_others(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    out = tmp_path / "out"
    build(catalog, out)
    built = files(out)
    result = build(catalog, out, "--locale", "en_GB", "--fresh")
    assert redrawn(result).startswith("3 sheets redrawn, 0 up to date;")
    # Nothing changed: each edition is taken from the cache, the French one kept meanwhile.
    catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")
    result = build(catalog, out)
    assert redrawn(result) == (
        "0 sheets redrawn, 6 up to date; medailles-commemoratives.fr_FR.pdf up to date; "
        "commemorative-medals.en_GB.pdf up to date"
    )
    assert files(out) == built


def test_a_fresh_build_of_a_few_sheets_draws_them_and_keeps_the_rest(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    built, names = files(out), cache_entries(out)
    result = build(catalog, out, "--only", "0750", "--fresh")
    assert redrawn(result) == "1 sheet redrawn, 0 up to date"
    catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")
    result = build(catalog, out)
    assert redrawn(result) == "0 sheets redrawn, 3 up to date; brochure up to date"
    assert files(out) == built
    assert cache_entries(out) == names


def test_a_full_build_removes_from_the_cache_what_is_not_an_entry_it_used(tmp_path):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    names = cache_entries(out)
    folder = out / ".sheets" / "cache"
    entry = sheet_entry(out)
    strangers = {
        "notes.txt": b"not an entry",
        f".{entry}.pdf.4242.part": b"%PDF-1.4 half written by a build that was killed",
        f"{'0' * 32}.pdf": (folder / f"{entry}.pdf").read_bytes(),  # an entry no build uses
        f"{'0' * 32}.json": (folder / f"{entry}.json").read_bytes(),
    }
    for name, data in strangers.items():
        (folder / name).write_bytes(data)
    # A build of one sheet keeps the rest of the cache: the next full build may use it.
    build(catalog, out, "--only", "0750")
    assert cache_entries(out) == names | set(strangers)
    build(catalog, out)
    assert cache_entries(out) == names


@pytest.fixture
def fingerprint_taken_anew():
    """The tool's fingerprint computed again in this test, and again after it."""
    sheets.render.cache.tool_fingerprint.cache_clear()
    yield
    sheets.render.cache.tool_fingerprint.cache_clear()


def test_another_version_of_a_library_draws_everything_anew(
    tmp_path, monkeypatch, fingerprint_taken_anew
):
    catalog = write_catalog(tmp_path)
    out = tmp_path / "out"
    build(catalog, out)
    names = cache_entries(out)
    installed = metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "reportlab" else installed(name)

    monkeypatch.setattr(sheets.render.cache.metadata, "version", upgraded)
    sheets.render.cache.tool_fingerprint.cache_clear()
    result = build(catalog, out)
    pages = len(page_texts(out / "medailles-commemoratives.pdf"))
    assert redrawn(result) == f"3 sheets redrawn, 0 up to date; brochure pages 1–{pages} redrawn"
    assert not cache_entries(out) & names  # what the other version drew is gone


def test_an_edit_in_one_language_redraws_only_that_edition(tmp_path):
    catalog = write_catalog(tmp_path, bilingual)
    out = tmp_path / "out"
    build(catalog, out)
    french = {name: data for name, data in files(out).items() if ".fr_FR." in name}

    def english_edited(data):
        bilingual(data)
        data["products"][0]["description"]["en"] = "Reminted in 1994."

    write_catalog(tmp_path, english_edited)
    result = build(catalog, out)
    assert redrawn(result).startswith(
        "1 sheet redrawn, 5 up to date; medailles-commemoratives.fr_FR.pdf up to date; "
        "commemorative-medals.en_GB.pdf pages "
    )
    build(catalog, tmp_path / "clean")
    assert_same_files(out, tmp_path / "clean")
    assert {name: files(out)[name] for name in french} == french
