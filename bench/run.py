"""Benchmark of `sheets build` as a user runs it: whole processes, start-up included.

    python bench/run.py [N ...]        (default: 1000)

For each N, a catalog of N products is generated in a temporary folder (5 categories, one
1200 px photo per product, six specs, about 550 words of French), then built four times into
the same folder: clean (`--fresh`), again unchanged, after one product's description is edited,
and after the theme's accent colour changes (everything is drawn again). Each line gives the
wall time, the pages and sheets written per second of a clean build, and the peak memory of the
largest process (the kernel's record of its peak RSS) and of all the build's processes together,
sampled every 0.2 s: their RSS added up (which counts twice the pages a worker shares with the
process it was forked from) and, every second, their PSS (which shares them out).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

SHEETS = [sys.executable, "-m", "sheets"]
WORDS = (
    "la médaille commémore un moment de notre histoire frappée par la Monnaie de Paris son avers "
    "présente le portrait finement gravé tandis que le revers porte la date et la devise de la "
    "République chaque exemplaire est contrôlé à la main puis présenté sous capsule dans un écrin "
    "numéroté le tirage limité garantit sa rareté auprès des collectionneurs avertis"
).split()
SPECS = (
    ("Métal", "bronze florentin"),
    ("Diamètre", "41 mm"),
    ("Poids", "31 g"),
    ("Tranche", "cannelée"),
    ("Qualité", "Belle Épreuve"),
    ("Tirage", "5 000 exemplaires"),
)


def make_catalog(folder: Path, count: int, accent: str = "#8a1c2b", layout: str = "page") -> Path:
    """A catalog of `count` products (the same every time: the random words are seeded)."""
    rng = random.Random(42)
    images = folder / "images"
    images.mkdir(exist_ok=True)
    for number in range(count):
        photo = images / f"{1000000 + number}.jpg"
        if not photo.exists():
            image = Image.new("RGB", (1200, 1200), (236, 230, 220))
            shade = 120 + number % 100
            ImageDraw.Draw(image).ellipse(
                (150, 150, 1050, 1050), fill=(shade, 120, 70), outline=(90, 70, 40), width=12
            )
            image.save(photo, quality=85)
    lines = [
        "catalog:",
        "  title: Catalogue de démonstration",
        "  publisher: Banc d'essai",
        "  locale: fr_FR",
        "  currency: EUR",
        "  theme:",
        f"    accent_color: '{accent}'",
        f"    layout: {layout}",
        "categories:",
    ]
    lines += [f"  - id: c{index}\n    title: Catégorie {index + 1}" for index in range(5)]
    # The products in files of 500 in a folder the catalog names: no file near the 8 MiB limit.
    lines.append("products: products")
    products_folder = folder / "products"
    products_folder.mkdir(exist_ok=True)
    for old in products_folder.glob("*.yaml"):
        old.unlink()
    catalog_lines, lines = lines, []
    for number in range(count):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(110)).capitalize() + "." for _ in range(5)
        ]
        lines += [
            f"  - reference: '{1000000 + number}'",
            f"    title: Médaille numéro {number + 1}",
            f"    category: c{number * 5 // count}",
            f"    price: {rng.randint(10, 300)},{rng.randint(0, 99):02d}",
            "    updated: 08/08/2017",
            "    specs:",
            *[f"      {label}: {value}" for label, value in SPECS],
            f"    images: [images/{1000000 + number}.jpg]",
            "    description: |",
            *["      " + paragraph + "\n" for paragraph in paragraphs],
        ]
        if number % 500 == 499 or number == count - 1:
            products_file = products_folder / f"{number // 500:03d}.yaml"
            products_file.write_text("\n".join(lines), encoding="utf-8")
            lines = []
    path = folder / "catalog.yaml"
    path.write_text("\n".join(catalog_lines), encoding="utf-8")
    return path


@dataclass
class Run:
    seconds: float
    largest_mib: float  # the peak RSS of the largest process
    sum_mib: float  # the peak of the RSS of all the build's processes together
    pss_mib: float  # the same, shared pages shared out
    summary: str  # what the build said it redrew


def timed_build(catalog: Path, out: Path, *options: str) -> Run:
    started = time.monotonic()
    build = subprocess.Popen(
        [*SHEETS, "build", str(catalog), "-o", str(out), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    largest = together = shared_out = 0.0
    samples = 0
    while build.poll() is None:
        pids = [build.pid, *_descendants(build.pid)]
        # The largest process's peak is the kernel's own record of it (VmHWM); the sums are
        # sampled, at a pace that takes little from the build it measures: PSS, which the
        # kernel counts by walking the process's memory, once a second.
        largest = max(largest, *(_memory_mib(pid, "VmHWM:", "status") for pid in pids))
        sizes = [_memory_mib(pid, "VmRSS:", "status") for pid in pids]
        together = max(together, sum(sizes))
        if samples % 5 == 2:
            pss = sum(_memory_mib(pid, "Pss:", "smaps_rollup") for pid in pids)
            shared_out = max(shared_out, pss)
        samples += 1
        time.sleep(0.2)
    seconds = time.monotonic() - started
    output = build.stdout.read()
    if build.returncode not in (0, 1):  # 1: the preflight's findings, the files written
        sys.exit(f"the build failed ({build.returncode})")
    summary = next(
        (line for line in output.splitlines() if "redrawn" in line or "Up to" in line), ""
    )
    return Run(seconds, largest, together, shared_out, summary)


def _memory_mib(pid: int, field: str, table: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/{table}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                children.append(int(entry.name))
    return children + [grandchild for child in children for grandchild in _descendants(child)]


def bench(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sheets-bench-") as tmp:
        folder, out = Path(tmp), Path(tmp) / "out"
        catalog = make_catalog(folder, count)
        clean = timed_build(catalog, out, "--fresh")
        sheet_pages = sum(_pages(path) for path in (out / "sheets").glob("*.pdf"))
        brochure_pages = sum(_pages(path) for path in out.glob("*.pdf"))
        unchanged = timed_build(catalog, out)
        products = folder / "products" / "000.yaml"
        text = products.read_text(encoding="utf-8")
        first = "    description: |\n      "
        products.write_text(text.replace(first, first + "Édition revue. ", 1), encoding="utf-8")
        edited = timed_build(catalog, out)
        make_catalog(folder, count, accent="#1c4e8a")
        themed = timed_build(catalog, out)
        # The same products as a price list: the brochure alone is drawn, the sheets are kept.
        make_catalog(folder, count, accent="#1c4e8a", layout="list")
        listed = timed_build(catalog, out)
        list_pages = sum(_pages(path) for path in out.glob("*.pdf"))
    pages = sheet_pages + brochure_pages
    print(
        f"\nN = {count}: {count} sheets ({sheet_pages} pages) and a brochure of {brochure_pages} pages"
    )
    print("| build | time | largest process | all processes (RSS / PSS) | what was redrawn |")
    print("|---|---|---|---|---|")
    for name, run in (
        ("clean", clean),
        ("unchanged", unchanged),
        ("one description edited", edited),
        ("theme changed", themed),
        (f"brochure as a price list ({list_pages} pages)", listed),
    ):
        print(
            f"| {name} | {run.seconds:.1f} s | {run.largest_mib:.0f} MiB "
            f"| {run.sum_mib:.0f} / {run.pss_mib:.0f} MiB | {run.summary} |"
        )
    print(
        f"clean: {pages / clean.seconds:.0f} pages/s, {count / clean.seconds:.0f} sheets/s "
        f"({os.cpu_count()} cores)"
    )


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000]:
        bench(count)
