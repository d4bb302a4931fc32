"""Benchmark of what the staff's web page (`sheets serve`) does per request: search and preview.

    python bench/serve.py [N ...]        (default: 1000)

For each N, the catalog of bench/run.py (N products in 5 categories, six specs, about 550 words
of French and a 1200 px photo each) is generated in a temporary folder and checked; then it
prints the time to build the search index, the median and 95th percentile of a search for each
kind of query, and the time to show one sheet's first page as an image: drawn the first time
(cold), served from the cache after (warm), and what each PNG encoding would cost.
"""

from __future__ import annotations

import hashlib
import io
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from run import SHEETS, make_catalog
from starlette.testclient import TestClient

from sheets.pipeline import check_catalog
from sheets.serve.app import create_app
from sheets.serve.previews import Previews, encode_png
from sheets.serve.search import SearchIndex
from sheets.serve.shop import Shop

SEARCHES = 200  # runs of each query
QUERIES = (  # (what it is, query) for make_catalog's products: references from 1000000
    ("a reference", "1000123"),
    ("a reference's beginning (100 products)", "10005"),
    ("a title word without its accent (all)", "numero"),
    ("two terms", "numero 42"),
    ("a spec value", "florentin"),
    ("nothing", "platine"),
)


def timings_ms(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def median_p95(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return f"{statistics.median(times):.2f} ms | {p95:.2f} ms"


def bench_search(catalog_path: Path) -> None:
    started = time.perf_counter()
    catalog, problems = check_catalog(catalog_path)
    checked = time.perf_counter() - started
    if catalog is None:
        sys.exit("the generated catalog has errors: " + "; ".join(map(str, problems[:3])))
    builds = timings_ms(lambda: SearchIndex(catalog), 5)
    index = SearchIndex(catalog)
    print(f"catalog checked in {checked:.1f} s; search index built in {min(builds):.1f} ms")
    print("| query | found | median | p95 |")
    print("|---|---|---|---|")
    for what, query in QUERIES:
        found = len(index.find(query, limit=len(catalog.products)))
        times = timings_ms(lambda query=query: index.find(query), SEARCHES)
        print(f"| {what}: `{query}` | {found} | {median_p95(times)} |")
    bench_search_page(catalog_path)


def bench_search_page(catalog_path: Path) -> None:
    """The answer to the page's search as you type, its HTML made (up to 50 results), through
    the application in this process (no network)."""
    shop = Shop(catalog_path, catalog_path.parent / "out")
    shop.check()  # what the page shows before the first build: every product can be found
    client = TestClient(create_app(shop), base_url="http://127.0.0.1")
    print("| the page's answer, HTML made | found | median | p95 |")
    print("|---|---|---|---|")
    for what, query in QUERIES:
        answer = client.get("/search", params={"q": query}).text
        found = answer.count('<li><a href="/product/')
        times = timings_ms(lambda query=query: client.get("/search", params={"q": query}), 50)
        print(f"| {what}: `{query}` | {found} shown | {median_p95(times)} |")


def bench_preview(catalog_path: Path, out: Path) -> None:
    build = [*SHEETS, "build", str(catalog_path), "-o", str(out), "--only", "1000000"]
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (sheet,) = (out / "sheets").glob("1000000-*.pdf")
    digest = hashlib.sha256(sheet.read_bytes()).hexdigest()
    previews = Previews(out / "previews")
    pages = previews.page_count(sheet)
    cold = timings_ms(lambda: previews.png(sheet, digest, 0), 1)
    data = previews.png(sheet, digest, 0)
    warm = timings_ms(lambda: previews.png(sheet, digest, 0), 100)
    drawn = timings_ms(lambda: previews.render(sheet, 0), 10)
    print(f"\nPreview of a sheet's page 1 ({pages} pages), {previews.width_px} px wide:")
    print(
        f"cold (drawn, encoded, written): {cold[0]:.0f} ms; warm: median | p95 {median_p95(warm)}"
    )
    print(f"pdfium's drawing alone: {statistics.median(drawn):.0f} ms")
    image = previews.render(sheet, 0)
    print("| PNG encoding | time | size |")
    print("|---|---|---|")
    encodings = (
        ("256 colours, dithered (used)", encode_png),
        ("full colour, zlib level 6", lambda image: _png(image, compress_level=6)),
        ("full colour, zlib level 1", lambda image: _png(image, compress_level=1)),
        ("full colour, optimize=True", lambda image: _png(image, optimize=True)),
    )
    for what, encode in encodings:
        times = timings_ms(lambda encode=encode: encode(image), 5)
        print(
            f"| {what} | {statistics.median(times):.0f} ms | {len(encode(image)) / 1024:.0f} KiB |"
        )
    print(f"cached PNG: {len(data) / 1024:.0f} KiB")


def _png(image, **options) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG", **options)
    return buffer.getvalue()


def bench_start(runs: int = 3) -> None:
    """From `sheets serve` started on the repo's sample catalog to the first page with search
    results, and to the founding product's page with its sheet: into an empty folder (the first
    build drawn), then into the folder it left (nothing to draw)."""
    sample = Path(__file__).resolve().parent.parent / "catalog.yaml"
    print("\nsheets serve on the sample catalog (27 products, French and English)")
    print("| output folder | first page with results | the product's page with its sheet |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="sheets-bench-start-") as tmp:
        for run in range(runs):
            out = Path(tmp) / f"out{run}"
            for state in ("empty", "built"):
                first, sheet = _start(sample, out)
                print(f"| {state} | {first:.2f} s | {sheet:.2f} s |")


def _start(catalog: Path, out: Path) -> tuple[float, float]:
    started = time.perf_counter()
    command = [*SHEETS, "serve", str(catalog), "--port", "0", "-o", str(out)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        address = server.stdout.readline().split(" at ", 1)[1].strip()
        first = _until(f"{address}?q=liberation", "7505634", started)
        sheet = _until(f"{address}product/7505634", "page/1.png", started)
        server.send_signal(signal.SIGINT)
        server.wait()
    return first, sheet


def _until(address: str, text: str, started: float) -> float:
    """Seconds from `started` until the page at `address` holds `text`."""
    while True:
        try:
            with urllib.request.urlopen(address, timeout=5) as answer:
                if text in answer.read().decode():
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)


def bench(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sheets-bench-serve-") as tmp:
        catalog_path = make_catalog(Path(tmp), count)
        print(f"\nN = {count}")
        bench_search(catalog_path)
        bench_preview(catalog_path, Path(tmp) / "out")


if __name__ == "__main__":
    bench_start()
    for count in [int(arg) for arg in sys.argv[1:]] or [1000]:
        bench(count)
