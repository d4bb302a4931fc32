"""The README's pictures of the staff's page (docs/serve-*.png), taken with headless Chromium from
`sheets serve` on the sample catalog, and on a copy of it with a typo for the errors' picture.

    .venv/bin/python tools/serve_pictures.py
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--window-size=1280,860",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def serve(catalog: Path, out: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sheets", "serve", str(catalog), "--port", "0", "-o", str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = process.stdout.readline().split(" at ", 1)[1].strip()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the first build done: the sheet's pages show
        page = urllib.request.urlopen(f"{address}product/7505634").read().decode()
        if "page/1.png" in page and "banner busy" not in page:
            return process, address
        time.sleep(0.2)
    raise SystemExit("the sample catalog was not built in two minutes")


def shoot(driver: webdriver.Chrome, address: str, name: str) -> None:
    driver.get(address)
    time.sleep(1.0)  # the images in
    driver.save_screenshot(str(DOCS / name))
    print(DOCS / name)


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "images", work / "images")
        catalog = work / "catalog.yaml"
        shutil.copy(ROOT / "catalog.yaml", catalog)
        process, address = serve(catalog, work / "out")
        driver = browser()
        try:
            shoot(driver, f"{address}?q=paris", "serve-search.png")
            shoot(driver, f"{address}product/7505634", "serve-product.png")
            shoot(driver, f"{address}brochure", "serve-brochure.png")
            text = catalog.read_text("utf-8")
            catalog.write_text(text.replace("  - reference:", "  - referense:", 1), "utf-8")
            time.sleep(3)  # checked again
            shoot(driver, f"{address}product/7505634", "serve-errors.png")
        finally:
            driver.quit()
            process.send_signal(signal.SIGINT)
            process.wait()


if __name__ == "__main__":
    main()
