"""Render the README's pictures of the sample catalog's PDFs into docs/.

python tools/render_docs.py        (after `sheets build`)
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

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
    "grid.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 21),
    "list.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 22),
    "index.png": (OUT / "medailles-commemoratives.fr_FR.pdf", 23),
    # A product in several versions: its variants' table, prices with VAT, an old price.
    "variants.png": (OUT / "sheets" / "7512001-le-coq-gaulois.fr_FR.pdf", 0),
}


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    for name, (pdf, page) in PICTURES.items():
        image = pdfium.PdfDocument(str(pdf))[page].render(scale=SCALE).to_pil()
        image.save(ROOT / "docs" / name, optimize=True)
        print(f"docs/{name}: {pdf.name}, page {page + 1}")


if __name__ == "__main__":
    main()
