"""Render the README's pictures of the sample catalog's PDFs into docs/.

python tools/render_docs.py        (after `sheets build`; it writes the proofs of out/ too)

The picture of a designer's background is of a sheet built here, from a copy of the sample
catalog whose theme names images/letterhead.pdf (`tools/make_sample_background.py`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from sheets.build import BuildOptions, build
from sheets.editions.changes import write_changes
from sheets.editions.diff import changed_pages, diff_editions
from sheets.editions.proofs import write_proofs
from sheets.editions.reading import editions_at

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"
SCALE = 80 / 72  # 80 dpi: a page is about 660 px tall, legible in a README

PICTURES = {
    "sheet.png": (OUT / "sheets" / "7505634-la-liberation-de-paris.fr_FR.pdf", 0),
    "continuation.png": (OUT / "sheets" / "7508417-notre-dame-de-paris.fr_FR.pdf", 1),
    "sheet-en.png": (OUT / "sheets" / "7505634-the-liberation-of-paris.en_GB.pdf", 0),
    "cover.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 0),
    "contents.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 1),
    # A print page: bleed, crop marks and a full-bleed panel.
    "print-page.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 2),
    # The layouts a category may choose: cards, a price list; and the index at the end.
    "grid.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 20),
    "list.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 21),
    "index.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 22),
    # A product in several versions: its variants' table, prices with VAT, an old price.
    "variants.png": (OUT / "sheets" / "7512001-le-coq-gaulois.fr_FR.pdf", 0),
}


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    for name, (pdf, page) in PICTURES.items():
        render(pdf, page, name)
    with tempfile.TemporaryDirectory() as folder:
        render(background_sheet(Path(folder)), 0, "background.png")
    with tempfile.TemporaryDirectory() as folder:
        render(changes_proof(Path(folder)), 2, "changes-proof.png")
    proofs = write_proofs(OUT)
    french = next(made.path for made in proofs.contact_sheets if "fr_FR" in made.path.name)
    render(french, 0, "contact-sheet.png")


def render(pdf: Path, page: int, name: str) -> None:
    image = pdfium.PdfDocument(str(pdf))[page].render(scale=SCALE).to_pil()
    image.save(ROOT / "docs" / name, optimize=True)
    print(f"docs/{name}: {pdf.name}, page {page + 1}")


def background_sheet(folder: Path) -> Path:
    """A sheet of the sample catalog drawn on images/letterhead.pdf, built in `folder`."""
    shutil.copytree(ROOT / "images", folder / "images")
    text = (ROOT / "catalog.yaml").read_text(encoding="utf-8")
    theme = "  theme:\n"
    assert text.count(theme) == 1
    text = text.replace(theme, theme + "    background: images/letterhead.pdf\n")
    (folder / "catalog.yaml").write_text(text, encoding="utf-8")
    options = BuildOptions(only=("7505634",), locale="fr_FR")
    report = build(folder / "catalog.yaml", folder / "out", options)
    return report.sheets[0]


def changes_proof(folder: Path) -> Path:
    """The French changes proof of the sample catalog built, then built again with a price
    (two products at 17,80 €) and a description edited and a photo turned round."""
    shutil.copytree(ROOT / "images", folder / "images")
    catalog = folder / "catalog.yaml"
    shutil.copy(ROOT / "catalog.yaml", catalog)
    options = BuildOptions(locale="fr_FR")
    build(catalog, folder / "old", options)
    text = catalog.read_text(encoding="utf-8").replace("17,80", "18,50")
    text = text.replace("atteint 380 km/h", "atteint 380 km/h (un exploit)")
    catalog.write_text(text, encoding="utf-8")
    photo = folder / "images" / "7508301.jpg"
    ImageOps.mirror(Image.open(photo)).save(photo, quality=92)
    build(catalog, folder / "new", options)
    old, new = (editions_at(folder / side)[0] for side in ("old", "new"))
    diff = diff_editions(old, new)
    write_changes(old.brochure, new.brochure, changed_pages(diff), folder / "changes.pdf")
    return folder / "changes.pdf"


if __name__ == "__main__":
    main()
