"""`sheets proof`: the brochure's contact sheet (its pages twelve to a page, placed as vector and
labelled with page, products and section), the sheets' (--sheets), a PNG of each sheet (--png)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from sheets.catalog.load import load_catalog
from sheets.editions.contact import COLUMNS, GAP_X, HEADER_BAND, MARGIN

from support import (
    EPOCH,
    SAMPLE,
    assert_refused_without_traceback,
    fonts,
    run_sheets,
    subset_programs,
    write_catalog,
)

BROCHURES = {"fr_FR": "medailles-commemoratives.fr_FR", "en_GB": "commemorative-medals.en_GB"}
DPI = 150


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The output folder of `sheets build` then `sheets proof --sheets` of the sample catalog."""
    out = tmp_path_factory.mktemp("proof") / "out"
    assert run_sheets("build", SAMPLE, "-o", out).exit_code == 0
    result = run_sheets("proof", SAMPLE, "-o", out, "--sheets")
    assert result.exit_code == 0, result.output
    return out


def text_of(pdf: Path, page: int | None = None, bbox: bool = False) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    options = ["-bbox"] if bbox else []
    run = subprocess.run(["pdftotext", *pages, *options, pdf, "-"], capture_output=True, text=True)
    return run.stdout


def labels_only(proof: Path, target: Path) -> Path:
    """The proof with its thumbnails emptied: what is left is the contact pages' own text."""
    with pikepdf.open(proof) as pdf:
        for page in pdf.pages:
            for form in page.Resources.XObject.values():
                form.write(b"")
        pdf.save(target)
    return target


def word_boxes(pdf: Path, page: int, word: str) -> list[tuple[float, float, float, float]]:
    """Where `word` is written on the page (pdftotext's boxes: from the top left, in pt)."""
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(word)
    return [
        tuple(map(float, found)) for found in re.findall(pattern + "<", text_of(pdf, page, True))
    ]


@pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
def test_the_contact_sheet_shows_twelve_brochure_pages_to_a_landscape_page(sample, locale):
    brochure = sample / f"{BROCHURES[locale]}.pdf"
    proof = sample / f"{BROCHURES[locale]}.proof.pdf"
    with pikepdf.open(brochure) as pdf:
        pages = len(pdf.pages)
    with pikepdf.open(proof) as pdf:
        assert len(pdf.pages) == math.ceil(pages / 12)
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (842, 595)
        shown = [len(page.Resources.XObject) for page in pdf.pages]
    assert sum(shown) == pages and shown[0] == 12


@pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
def test_the_labels_name_every_product_and_section_and_the_header_the_edition(
    sample, locale, tmp_path
):
    catalog, _ = load_catalog(SAMPLE, locale)
    proof = sample / f"{BROCHURES[locale]}.proof.pdf"
    labels = labels_only(proof, tmp_path / "labels.pdf")
    text = " ".join(text_of(labels).split())
    for product in catalog.products:
        assert product.reference in text
    for category in catalog.categories:
        assert category.title in text
    assert f"{catalog.title} · {catalog.edition} · {locale} · " in text
    with pikepdf.open(proof) as pdf:
        count = len(pdf.pages)
    with pikepdf.open(sample / f"{BROCHURES[locale]}.pdf") as pdf:
        total = len(pdf.pages)
    # The contact sheet's own words in the edition's language.
    pages, of = ("pages 1 à 12 sur", "sur") if locale == "fr_FR" else ("pages 1–12 of", "of")
    assert f"{pages} {total}" in text_of(labels, 1)
    assert f"{of} {total}" in text_of(labels, count)


def test_every_font_of_the_proof_is_embedded(sample):
    for name in BROCHURES.values():
        embedded = fonts(sample / f"{name}.proof.pdf")
        assert embedded and all(embedded.values()), embedded


@pytest.mark.parametrize("name", [*BROCHURES.values(), "sheets.fr_FR"])
def test_every_font_of_the_proof_and_its_thumbnails_is_embedded_under_a_name_of_its_own(
    sample, name
):
    """The sheets' subsets are all tagged AAAAAA by ReportLab: on one contact page, two
    different subsets of one name would be one font to some printers."""
    programs = subset_programs(sample / f"{name}.proof.pdf")
    assert len(programs) > 4
    assert all(len(digests) == 1 for digests in programs.values()), programs


def test_the_thumbnails_keep_their_text_and_show_it(sample, tmp_path):
    """The placed pages are the brochure's: their text extracted from the contact page, and
    drawn where it says (the same spot without the thumbnails is blank)."""
    catalog, _ = load_catalog(SAMPLE, "fr_FR")
    title = catalog.products[0].title  # on its own page, among the first twelve
    proof = sample / f"{BROCHURES['fr_FR']}.proof.pdf"
    assert title in text_of(proof, 1)
    labels = labels_only(proof, tmp_path / "labels.pdf")
    assert title not in text_of(labels, 1)
    word = title.split()[-1]
    # The title's, the largest: the word is in the contents' small type too.
    left, top, right, bottom = max(word_boxes(proof, 1, word), key=lambda box: box[3] - box[1])
    region = [round(v * DPI / 72) for v in (left, top, right, bottom)]

    def darkest(pdf: Path) -> int:
        page = pdfium.PdfDocument(pdf)[0]
        image = page.render(scale=DPI / 72).to_pil().convert("L")
        return image.crop(region).getextrema()[0]

    assert darkest(proof) < 100
    assert darkest(labels) > 240


def test_the_thumbnails_are_framed_at_the_trim_and_not_bled(sample):
    """Each page placed clipped to its trim box: crop marks and bleed are not shown."""
    with pikepdf.open(sample / f"{BROCHURES['fr_FR']}.proof.pdf") as pdf:
        boxes = [[float(v) for v in form.BBox] for form in pdf.pages[0].Resources.XObject.values()]
    with pikepdf.open(sample / f"{BROCHURES['fr_FR']}.pdf") as pdf:
        trim = [float(v) for v in pdf.pages[0].trimbox]
        media = [float(v) for v in pdf.pages[0].mediabox]
    assert trim != media
    assert boxes[0] == pytest.approx(trim)


def test_each_thumbnail_is_labelled_with_what_the_manifest_says_its_page_holds(sample, tmp_path):
    """The labels come from the build's manifest: each product's reference under the page its
    destination names, each section's title under its opening page."""
    name = BROCHURES["fr_FR"]
    catalog, _ = load_catalog(SAMPLE, "fr_FR")
    with pikepdf.open(sample / f"{name}.pdf") as pdf:
        numbers = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        names = pdf.Root.Names.Dests.Names
        first = {str(names[at]): numbers[names[at + 1][0].objgen] for at in range(0, len(names), 2)}
    labels = labels_only(sample / f"{name}.proof.pdf", tmp_path / "labels.pdf")
    shown = {}  # page number → its label's text
    for contact_page in range(1, 4):
        lines = [line.strip() for line in text_of(labels, contact_page).splitlines()]
        number = None
        for line in lines:
            if match := re.fullmatch(r"(\d+)\s+(\D.*)", line):
                number, shown[int(match[1])] = int(match[1]), match[2]
            elif number is not None:  # its references, on as many lines as they take
                shown[number] += f" {line}"
    assert shown[1].startswith("couverture"), shown
    assert shown[max(shown)].startswith("quatrième de couverture"), shown
    for product in catalog.products:
        assert product.reference in shown[first[f"product-{product.reference}"]], shown
    for category in catalog.categories:
        assert shown[first[f"category-{category.id}"]].startswith(category.title), shown


def test_the_sheets_proof_shows_every_page_of_every_sheet(sample):
    catalog, _ = load_catalog(SAMPLE, "en_GB")
    sheets = sorted((sample / "sheets").glob("*.en_GB.pdf"))
    pages = 0
    for sheet in sheets:
        with pikepdf.open(sheet) as pdf:
            pages += len(pdf.pages)
    proof = sample / "sheets.en_GB.proof.pdf"
    with pikepdf.open(proof) as pdf:
        assert len(pdf.pages) == math.ceil(pages / 12)
    text = " ".join(text_of(proof).split())
    assert all(product.reference in text for product in catalog.products)
    assert f"of {pages}" in text


def test_png_writes_each_sheets_first_page_at_the_width_asked(tmp_path):
    catalog = write_catalog(tmp_path / "shop")
    out, images = tmp_path / "out", tmp_path / "shop-images"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    result = run_sheets("proof", catalog, "-o", out, "--png", images, "--width", 320)
    assert result.exit_code == 0, result.output
    sheets = sorted(path.name for path in (out / "sheets").glob("*.pdf"))
    pngs = sorted(path.name for path in images.iterdir())
    assert pngs == [name.removesuffix(".pdf") + ".png" for name in sheets] and pngs
    for png in images.iterdir():
        with Image.open(png) as image:
            assert image.format == "PNG" and image.width == 320 and image.height > 320
    assert "Previews: 3 PNG images 320 px wide" in result.output


def test_a_build_afterwards_leaves_the_proof_in_place(tmp_path):
    catalog = write_catalog(tmp_path / "shop")
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    assert run_sheets("proof", catalog, "-o", out, "--sheets").exit_code == 0
    proofs = sorted(out.glob("*.proof.pdf"))
    assert [path.name for path in proofs] == [
        "medailles-commemoratives.proof.pdf",
        "sheets.proof.pdf",
    ]
    before = [path.read_bytes() for path in proofs]
    # A build that draws and records anew, then one whose brochure changes name.
    assert run_sheets("build", catalog, "-o", out, "--fresh").exit_code == 0
    write_catalog(tmp_path / "shop", lambda data: data["catalog"].update(title="Médailles"))
    result = run_sheets("build", catalog, "-o", out)
    assert result.exit_code == 0, result.output
    assert not (out / "medailles-commemoratives.pdf").exists()  # the build's own: removed
    assert [path.read_bytes() for path in proofs] == before


@pytest.mark.parametrize(
    "arguments, said",
    [
        (["--width", "0"], "Invalid value for '--width'"),
        (["--png", "{catalog}/images"], "cannot write the proofs"),
    ],
)
def test_bad_options_exit_2_without_a_traceback(tmp_path, arguments, said):
    catalog = write_catalog(tmp_path / "shop")
    arguments = [argument.format(catalog=catalog) for argument in arguments]
    assert run_sheets("build", catalog, "-o", tmp_path / "out").exit_code == 0
    result = run_sheets("proof", catalog, "-o", tmp_path / "out", *arguments)
    assert_refused_without_traceback(result)
    assert said in result.output
    assert not list((tmp_path / "out").glob("*.proof.pdf"))


@pytest.mark.parametrize("change", ["edited", "photo", "none built"])
def test_a_catalog_changed_since_its_build_is_not_proofed(tmp_path, change):
    """A proof is of what was built, with the build's options: one of a catalog edited since
    (a price, a photo) would be signed for what will not be printed. Saving it unchanged is no
    change."""
    catalog = write_catalog(tmp_path / "shop")
    out = tmp_path / "out"
    if change != "none built":
        assert run_sheets("build", catalog, "-o", out).exit_code == 0
        catalog.write_text(catalog.read_text(encoding="utf-8"), encoding="utf-8")  # as it was
        assert run_sheets("proof", catalog, "-o", out).exit_code == 0
        for proof in out.glob("*.proof.pdf"):
            proof.unlink()
    if change == "edited":
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace("17,80", "18,50"), encoding="utf-8")
    elif change == "photo":
        Image.new("RGB", (1200, 1200), "red").save(catalog.parent / "images" / "0750.jpg", "JPEG")
    result = run_sheets("proof", catalog, "-o", out)
    assert_refused_without_traceback(result)
    said = "no build of" if change == "none built" else "changed since the last build"
    assert said in result.output and "run `sheets build`" in result.output
    assert not list(out.glob("*.proof.pdf"))


def test_the_same_proof_is_the_same_bytes_and_says_whose_it_is(tmp_path):
    catalog = write_catalog(tmp_path / "shop")
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out, env=EPOCH).exit_code == 0
    proof = out / "medailles-commemoratives.proof.pdf"
    made = []
    for _ in range(2):
        assert run_sheets("proof", catalog, "-o", out, env=EPOCH).exit_code == 0
        made.append(proof.read_bytes())
    assert made[0] == made[1]
    with pikepdf.open(proof) as pdf:
        assert str(pdf.docinfo["/Author"]) == "Trésor du patrimoine"  # the catalog's publisher
        subject = str(pdf.docinfo["/Subject"])
        assert subject.startswith("Proof: medailles-commemoratives.pdf · Médailles")
        assert subject.endswith(" · pages 1 à 8 sur 8")  # the whole sheet's pages
        names = set(map(str, pdf.pages[0].resources.XObject.keys()))
        assert names == {f"/Page{number}" for number in range(1, len(names) + 1)}


def test_only_the_editions_the_last_build_wrote_are_proofed(sample, tmp_path):
    """After a build of one locale, the other's brochure is an earlier build's: not proofed,
    and said so."""
    out = tmp_path / "out"
    shutil.copytree(sample, out)
    for proof in out.glob("*.proof.pdf"):
        proof.unlink()
    assert run_sheets("build", SAMPLE, "-o", out, "--locale", "en_GB").exit_code == 0
    result = run_sheets("proof", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert [path.name for path in out.glob("*.proof.pdf")] == [f"{BROCHURES['en_GB']}.proof.pdf"]
    assert f"Not proofed: {out / BROCHURES['fr_FR']}.pdf (the last build did not write it)" in (
        result.output
    )


@pytest.mark.parametrize("spoil", ["only", "swapped sheet", "removed sheet"])
def test_what_the_last_build_did_not_write_is_not_proofed(tmp_path, spoil):
    catalog = write_catalog(tmp_path / "shop")
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    sheets = sorted((out / "sheets").glob("*.pdf"))
    if spoil == "only":
        assert run_sheets("build", catalog, "-o", out, "--only", "7505634").exit_code == 0
        said = "the last build into it wrote no brochure"
    elif spoil == "swapped sheet":
        shutil.copy(sheets[0], sheets[1])
        said = f"{sheets[1]}: error: is not as the last build wrote it"
    else:
        sheets[1].unlink()
        said = f"{sheets[1]}: error: is not as the last build wrote it"
    result = run_sheets("proof", catalog, "-o", out, "--sheets", "--png", tmp_path / "png")
    assert_refused_without_traceback(result)
    assert said in result.output
    assert not list(out.glob("*.proof.pdf")) and not (tmp_path / "png").exists()


def test_a_label_too_long_for_its_cell_stays_in_it(tmp_path):
    """A reference of 64 characters and a title of one long word: set smaller, then cut, but
    never running into the next thumbnail's label."""
    reference = "R" + "0123456789" * 6 + "XYZ"

    def long_names(data: dict) -> None:
        data["products"][0].update(reference=reference, title="Médaille" + "commémorative" * 4)

    catalog = write_catalog(tmp_path / "shop", long_names)
    out = tmp_path / "out"
    assert run_sheets("build", catalog, "-o", out).exit_code == 0
    assert run_sheets("proof", catalog, "-o", out, "--sheets").exit_code == 0
    labels = labels_only(out / "sheets.proof.pdf", tmp_path / "labels.pdf")
    width = (842 - 2 * MARGIN - (COLUMNS - 1) * GAP_X) / COLUMNS
    boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', text_of(labels, 1, True))
    header = MARGIN + HEADER_BAND  # the header line runs across the page, above the cells
    words = [(float(left), float(right)) for left, top, right in boxes if float(top) > header]
    assert len(words) > 10
    for left, right in words:
        column = min(int((left - MARGIN) // (width + GAP_X)), COLUMNS - 1)
        cell = MARGIN + column * (width + GAP_X)
        assert cell - 0.5 <= left and right <= cell + width + 0.5, (left, right, cell)
    assert reference[:10] in " ".join(text_of(labels, 1).split())
