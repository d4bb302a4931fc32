"""`sheets diff` (editions/diff.py, diff_command.py): the sample catalog built, edited (a price,
a description, a photo) and built again names exactly those products, their fields and their
pages; a product inserted moves the pages after it without changing them; an unchanged rebuild
has no differences; bad inputs are refused with a clear error."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

import sheets.render.drawing
import sheets.render.parallel
import sheets.render.tasks
from sheets.output import sha256_of
from sheets.render.page_digests import page_hashes

from support import (
    EPOCH,
    ROOT,
    SAMPLE,
    assert_refused_without_traceback,
    page_texts,
    run_sheets,
    write_catalog,
    write_image,
)

PRICE, TEXT, PHOTO = "7506112", "7510127", "7508301"  # a page, a card, a page of the sample
FR = "medailles-commemoratives.fr_FR"


def build(catalog: Path, out: Path, *options: str) -> None:
    result = run_sheets("build", catalog, "-o", out, *options, env=EPOCH)
    assert result.exit_code == 0, result.output


def edit(catalog: Path, old: str, new: str) -> None:
    text = catalog.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    catalog.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    """The sample built into `old`, then edited and built again into `new` (the folder of the
    first build, copied: an incremental build), and into `clean` from nothing."""
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(SAMPLE, folder / "catalog.yaml")
    shutil.copytree(ROOT / "images", folder / "images")
    catalog = folder / "catalog.yaml"
    build(catalog, folder / "new")
    shutil.copytree(folder / "new", folder / "old")
    edit(catalog, "category: histoire\n    price: 24,90", "category: histoire\n    price: 25,90")
    edit(catalog, "une rame atteint 380 km/h", "une rame atteint 381 km/h")
    write_image(folder / "images" / "autre.jpg", 600, (40, 90, 160))
    edit(catalog, "file: images/7508301.jpg", "file: images/autre.jpg")
    build(catalog, folder / "new")
    build(catalog, folder / "clean")
    return folder


def manifest(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def diff_json(old: Path, new: Path) -> dict:
    result = run_sheets("diff", old, new, "--json")
    assert result.exit_code == 1, result.output  # different, as diff(1) says
    return json.loads(result.output)


def test_a_diff_names_the_products_edited_their_fields_and_their_pages(editions):
    found = diff_json(editions / "old", editions / "new")
    assert found["unpaired"] == []
    french = next(e for e in found["editions"] if e["locale"] == "fr_FR")
    products = french["products"]
    assert products["added"] == products["removed"] == products["moved"] == []
    changed = {product["reference"]: product["fields"] for product in products["changed"]}
    assert changed == {PRICE: ["price"], TEXT: ["text"], PHOTO: ["photo"]}
    stands = {
        p["reference"]: p["pages"]
        for p in manifest(editions / "new" / f"{FR}.manifest.json")["products"]
    }
    pages = sorted(page for reference in changed for page in stands[reference])
    assert [page["new_page"] for page in french["pages"]] == pages
    assert {page["change"] for page in french["pages"]} == {"changed"}
    assert all(page["old_page"] == page["new_page"] for page in french["pages"])
    price = next(p for p in products["changed"] if p["reference"] == PRICE)
    assert price["price"] == {"old": "24,90\u00a0€", "new": "25,90\u00a0€"}
    # The description was edited in French only.
    english = next(e for e in found["editions"] if e["locale"] == "en_GB")
    changed = {p["reference"]: p["fields"] for p in english["products"]["changed"]}
    assert changed == {PRICE: ["price"], PHOTO: ["photo"]}


def test_the_proof_holds_exactly_the_changed_pages_marked_where_they_changed(editions, tmp_path):
    """`-o`: one page of the proof for each page the diff names, its margin saying what
    changed, and magenta boxes drawn on the page itself (left of the margin)."""
    proof = tmp_path / "changes.pdf"
    result = run_sheets("diff", editions / "old", editions / "new", "-o", proof)
    assert result.exit_code == 1, result.output
    french = next(
        e
        for e in diff_json(editions / "old", editions / "new")["editions"]
        if e["locale"] == "fr_FR"
    )
    numbers = [page["new_page"] for page in french["pages"]]
    target = tmp_path / "changes.fr_FR.pdf"
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == len(numbers) == 3
    texts = page_texts(target)
    for number, text in zip(numbers, texts, strict=True):
        assert f"Page {number}" in text
    assert "24,90 € → 25,90 €" in " ".join(texts[numbers.index(price_page(editions))].split())
    document = pdfium.PdfDocument(str(target))
    for index in range(len(numbers)):
        page = document[index]
        image = page.render(scale=1).to_pil().convert("RGB")
        shown = image.crop(
            (0, 0, int(image.width * 0.75), image.height)
        )  # the page, not its margin
        pixels = shown.load()
        marks = [
            (x, y)
            for y in range(shown.height)
            for x in range(shown.width)
            if (lambda r, g, b: r > 150 and g < 90 and b > 60 and r - b > 40)(*pixels[x, y])
        ]
        assert len(marks) > 20, f"no box on proof page {index + 1}"
    document.close()


def price_page(editions: Path) -> int:
    products = manifest(editions / "new" / f"{FR}.manifest.json")["products"]
    return next(p["pages"][0] for p in products if p["reference"] == PRICE)


def test_the_terminal_says_each_change_on_a_line(editions):
    old, new = editions / "old" / f"{FR}.pdf", editions / "new" / f"{FR}.pdf"
    result = run_sheets("diff", old, new)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{old} → {new}"
    stands = {
        p["reference"]: p["pages"]
        for p in manifest(editions / "new" / f"{FR}.manifest.json")["products"]
    }
    (price,) = stands[PRICE]
    assert (
        f"  {PRICE} Le Sacre de Napoléon Ier: price 24,90\u00a0€ → 25,90\u00a0€ (page {price})"
        in lines
    )
    assert f"  {TEXT} Le TGV: text (page {stands[TEXT][0]})" in lines
    assert sum(line.startswith(f"  {PHOTO} ") and ": photo (" in line for line in lines) == 1
    assert len(lines) == 1 + 3 + 3  # the head, three products, three single pages changed


def test_the_manifest_of_an_incremental_build_is_that_of_a_clean_build(editions):
    for name in (f"{FR}.manifest.json", "commemorative-medals.en_GB.manifest.json"):
        assert (editions / "new" / name).read_bytes() == (editions / "clean" / name).read_bytes()


def test_an_unchanged_rebuild_has_no_differences(editions, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(editions / "new", again)
    build(editions / "catalog.yaml", again, "--fresh")
    result = run_sheets("diff", editions / "new", again)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{editions / 'new' / name}.pdf → {again / name}.pdf: no differences"
        for name in ("commemorative-medals.en_GB", FR)
    ]


def test_the_manifest_says_what_each_page_holds(editions):
    found = manifest(editions / "new" / f"{FR}.manifest.json")
    assert found["manifest"] == 1 and found["locale"] == "fr_FR"
    assert found["date"] == "2023-11-14T22:13:20+00:00"  # SOURCE_DATE_EPOCH's
    assert found["edition"] == "Édition automne 2026"
    assert found["brochure"]["file"] == f"{FR}.pdf"
    with pikepdf.open(editions / "new" / f"{FR}.pdf") as pdf:
        assert len(found["pages"]) == len(pdf.pages)
    kinds = [page["kind"] for page in found["pages"]]
    assert kinds[:3] == ["cover", "contents", "section"] and kinds[-1] == "back-cover"
    assert found["pages"][2]["category"] == {"id": "histoire", "name": "Histoire de France"}
    cards = next(page for page in found["pages"] if TEXT in page.get("products", []))
    assert len(cards["products"]) == 4  # a page of cards holds four
    product = next(p for p in found["products"] if p["reference"] == PRICE)
    assert product["sheet"] == "sheets/7506112-le-sacre-de-napoleon-ier.fr_FR.pdf"
    assert (editions / "new" / product["sheet"]).is_file()
    assert sorted(product["fields"]) == ["photo", "price", "specs", "text"]
    assert product["price"] == "25,90\u00a0€"


def small_shop(data: dict) -> None:
    """Three products, a page each, in one category."""
    first = data["products"][0]
    data["products"] = [
        {**copy.deepcopy(first), "reference": f"75{number:05d}", "title": f"Médaille {number}"}
        for number in range(3)
    ]


def test_a_product_inserted_moves_the_pages_after_it_without_changing_them(tmp_path):
    catalog = write_catalog(tmp_path, small_shop)
    build(catalog, tmp_path / "old")

    def inserted(data: dict) -> None:
        small_shop(data)
        data["products"].insert(
            1, {**copy.deepcopy(data["products"][0]), "reference": "7600000", "title": "Nouvelle"}
        )

    write_catalog(tmp_path, inserted)
    build(catalog, tmp_path / "new")
    found = diff_json(tmp_path / "old", tmp_path / "new")["editions"][0]
    assert found["products"]["changed"] == []
    assert [p["reference"] for p in found["products"]["added"]] == ["7600000"]
    moved = {p["reference"]: (p["old_pages"], p["new_pages"]) for p in found["products"]["moved"]}
    (added,) = found["products"]["added"][0]["new_pages"]
    assert moved == {"7500001": ([added], [added + 1]), "7500002": ([added + 1], [added + 2])}
    pages = {page["new_page"]: (page["change"], page["old_page"]) for page in found["pages"]}
    assert pages[added] == ("added", None)
    assert pages[added + 1] == ("moved", added) and pages[added + 2] == ("moved", added + 1)


def damaged(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda out: shutil.rmtree(out), "no such file or folder"),
        (lambda out: next(out.glob("*.manifest.json")).unlink(), "holds no edition's manifest"),
        (lambda out: damaged(next(out.glob("*.manifest.json"))), "its JSON is damaged"),
        (
            lambda out: next(out.glob("*.manifest.json")).write_text('{"manifest": 7}'),
            "is not a manifest of format 1 (format 7)",
        ),
        (
            lambda out: next(out.glob("*.manifest.json")).write_text('{"manifest": 1}'),
            "is a damaged manifest: 'locale' is not a locale's name (fr_FR)",
        ),
    ],
    ids=["missing", "no-manifest", "damaged", "other-format", "not-its-shape"],
)
def test_a_folder_that_holds_no_edition_is_refused(tmp_path, spoil, message):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out")
    shutil.copytree(tmp_path / "out", tmp_path / "spoilt")
    spoil(tmp_path / "spoilt")
    result = run_sheets("diff", tmp_path / "out", tmp_path / "spoilt")
    assert_refused_without_traceback(result)
    assert f"{tmp_path / 'spoilt'}" in result.output and message in result.output
    assert "hint: " in result.output


def test_a_pdf_that_is_not_a_brochure_of_ours_is_refused(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out")
    other = tmp_path / "other.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(other)
    result = run_sheets("diff", tmp_path / "out" / "medailles-commemoratives.pdf", other)
    assert_refused_without_traceback(result)
    assert f"{other}: error: is not a brochure sheets made" in result.output


def test_a_brochure_without_its_manifest_is_refused(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "out")
    (tmp_path / "out" / "medailles-commemoratives.manifest.json").unlink()
    brochure = tmp_path / "out" / "medailles-commemoratives.pdf"
    result = run_sheets("diff", brochure, brochure)
    assert_refused_without_traceback(result)
    assert "has no manifest beside it (medailles-commemoratives.manifest.json)" in result.output


@pytest.mark.parametrize("change", ["publisher", "alt"])
def test_a_change_drawn_outside_the_parts_or_unseen_is_still_a_change(tmp_path, change):
    """The footer is laid over the pages at binding: its publisher changed changes every page
    with a footer. A photo's alt text, which a reader hears, changes its product's photo."""
    catalog = write_catalog(tmp_path, small_shop)
    build(catalog, tmp_path / "old")

    def changed(data: dict) -> None:
        small_shop(data)
        if change == "publisher":
            data["catalog"]["publisher"] = "Monnaie de Lyon"
        else:
            data["products"][0]["images"][0]["alt"] = "Une autre médaille"

    write_catalog(tmp_path, changed)
    build(catalog, tmp_path / "new")
    found = diff_json(tmp_path / "old", tmp_path / "new")["editions"][0]
    pages = manifest(tmp_path / "new" / "medailles-commemoratives.manifest.json")["pages"]
    if change == "publisher":
        footed = [
            page["page"] for page in pages if page["kind"] not in ("cover", "blank", "back-cover")
        ]
        assert {page["new_page"] for page in found["pages"] if page["change"] == "changed"} >= set(
            footed
        )
        assert footed
    else:
        (product,) = found["products"]["changed"]
        assert product["fields"] == ["photo"]


def test_the_pages_of_old_that_are_gone_are_said_removed(tmp_path):
    catalog = write_catalog(tmp_path, small_shop)
    build(catalog, tmp_path / "old")
    write_catalog(tmp_path, lambda data: (small_shop(data), data["products"].pop()))
    build(catalog, tmp_path / "new")
    found = diff_json(tmp_path / "old", tmp_path / "new")["editions"][0]
    (gone,) = found["products"]["removed"]
    (page,) = gone["old_pages"]
    removed = [p for p in found["pages"] if p["change"] == "removed"]
    # Its page, and the blank page that had made the page count even.
    assert removed == [
        {"new_page": None, "old_page": page, "change": "removed", "products": ["7500002"]},
        {"new_page": None, "old_page": page + 1, "change": "removed", "products": []},
    ]
    assert found["pages_after"] == found["pages_before"] - 2
    result = run_sheets("diff", tmp_path / "old", tmp_path / "new")
    assert f"  pages {page}–{page + 1}: removed" in result.output.splitlines()


def test_a_new_edition_without_pages_is_not_the_same(tmp_path):
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "old")
    shutil.copytree(tmp_path / "old", tmp_path / "new")
    path = next((tmp_path / "new").glob("*.manifest.json"))
    data = manifest(path)
    pages = len(data["pages"])
    data["pages"] = []
    for product in data["products"]:
        product["pages"] = []
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_sheets("diff", tmp_path / "old", tmp_path / "new")
    assert result.exit_code == 1, result.output
    assert f"  pages 1–{pages}: removed" in result.output.splitlines()


def test_a_page_moved_and_changed_is_marked_for_its_change_not_for_its_number(tmp_path):
    """A product whose page moved (a longer one before it) and whose price changed: its proof
    page boxes the price and says no word of its folio (its number, on the other side)."""
    catalog = write_catalog(tmp_path, small_shop)
    build(catalog, tmp_path / "old")

    def changed(data: dict) -> None:
        small_shop(data)
        words = data["products"][0]["description"].split()
        data["products"][0]["description"] += "".join(
            "\n\n" + " ".join(words[shift:] + words[:shift]) for shift in range(3, 40, 4)
        )  # a page more
        data["products"][2]["price"] = "18,50"

    write_catalog(tmp_path, changed)
    build(catalog, tmp_path / "new")
    proof = tmp_path / "changes.pdf"
    assert run_sheets("diff", tmp_path / "old", tmp_path / "new", "-o", proof).exit_code == 1
    found = diff_json(tmp_path / "old", tmp_path / "new")["editions"][0]
    last = next(p for p in found["pages"] if "7500002" in p["products"])
    assert last["change"] == "changed" and last["old_page"] != last["new_page"]
    texts = page_texts(proof)
    margin = " ".join(texts[-1].split())
    assert "17,80 € → 18,50 €" in margin
    assert "“" not in margin  # no words but the price's, already said
    document = pdfium.PdfDocument(str(proof))
    image = document[len(document) - 1].render(scale=1).to_pil().convert("RGB")
    document.close()
    pixels = image.load()
    low = [
        y
        for y in range(image.height)
        for x in range(int(image.width * 0.7))
        if (lambda r, g, b: r > 150 and g < 90 and b > 60 and r - b > 40)(*pixels[x, y])
    ]
    assert low and max(low) < image.height * 0.8  # boxes, none in the footer's band


def test_the_page_digests_taken_where_the_parts_are_drawn_are_those_read_from_the_parts(
    tmp_path, monkeypatch
):
    """The manifest's digests come from the workers that drew the runs (and from binding for the
    parts it makes), kept in the cache: the manifest is the one made by reading every part."""
    monkeypatch.setattr(sheets.render.parallel, "PARALLEL_FROM", 2)  # the runs drawn in workers
    catalog = write_catalog(tmp_path)
    build(catalog, tmp_path / "taken")
    cache = tmp_path / "taken" / ".sheets" / "cache"
    kept = [json.loads(path.read_text(encoding="utf-8")) for path in cache.glob("*.json")]
    parts = [meta for meta in kept if "hashes" in meta]
    assert len(parts) >= 4  # cover, contents, runs, back cover
    for meta in parts:
        part = next(path for path in cache.glob("*.pdf") if sha256_of(path) == meta["sha256"])
        assert meta["hashes"] == page_hashes(part)
    monkeypatch.setattr(sheets.render.tasks, "page_hashes", lambda data: [])
    monkeypatch.setattr(sheets.render.drawing, "page_hashes", lambda data: [])
    build(catalog, tmp_path / "read")
    manifests = sorted((tmp_path / "taken").glob("*.manifest.json"))
    assert manifests
    for taken in manifests:
        assert taken.read_bytes() == (tmp_path / "read" / taken.name).read_bytes()
