"""Machine-readable codes on the sheet (codes.py): a QR code of the product's page and its EAN-13,
both read back by a scanner."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from support import EPOCH, run_sheets, write_shop_catalog


def test_sheet_has_a_qr_code_of_its_url_and_an_ean13_that_scan(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    assert (
        run_sheets(
            "build", catalog, "-o", tmp_path / "out", "--only", "7505634", env=EPOCH
        ).exit_code
        == 0
    )
    sheet = tmp_path / "out" / "sheets" / "7505634-la-liberation-de-paris.pdf"
    page = pdfium.PdfDocument(str(sheet))[0].render(scale=4).to_pil()
    found = {(str(code.format), code.text) for code in zxingcpp.read_barcodes(page)}
    assert ("QR Code", "https://www.example.fr/7505634") in found
    assert ("EAN-13", "3760123456784") in found
