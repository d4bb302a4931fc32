"""Benchmark: build a generated catalog of N products and report speed and peak memory.

    python bench/run.py [N]        (default N=200)

The catalog is generated in a temporary folder: N products in 5 categories, each with a
1200 px JPEG photo, six specs and a description of about 350 words in French.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from sheets.build import build
from sheets.layout.context import LayoutContext
from sheets.pipeline import check_catalog
from sheets.preflight.checks import preflight
from sheets.render.brochure import render_brochure
from sheets.render.parallel import render_sheets
from sheets.render.sheet import render_sheet

WORDS = (
    "la médaille commémore un moment de notre histoire frappée par la Monnaie de Paris son avers "
    "présente le portrait finement gravé tandis que le revers porte la date et la devise de la "
    "République chaque exemplaire est contrôlé à la main puis présenté sous capsule dans un écrin "
    "numéroté le tirage limité garantit sa rareté auprès des collectionneurs avertis"
).split()


def make_catalog(folder: Path, count: int) -> Path:
    rng = random.Random(42)
    (folder / "images").mkdir()
    for index in range(5):
        image = Image.new("RGB", (1200, 1200), (236, 230, 220))
        draw = ImageDraw.Draw(image)
        draw.ellipse(
            (150, 150, 1050, 1050), fill=(150 + index * 15, 120, 70), outline=(90, 70, 40), width=12
        )
        image.save(folder / "images" / f"photo{index}.jpg", quality=85)
    lines = [
        "catalog:",
        "  title: Catalogue de démonstration",
        "  publisher: Banc d'essai",
        "  locale: fr_FR",
        "  currency: EUR",
        "categories:",
    ]
    lines += [f"  - id: c{index}\n    title: Catégorie {index + 1}" for index in range(5)]
    lines.append("products:")
    for number in range(count):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(88)).capitalize() + "." for _ in range(4)
        ]
        lines += [
            f"  - reference: '{1000000 + number}'",
            f"    title: Médaille numéro {number + 1}",
            f"    category: c{number * 5 // count}",
            f"    price: {rng.randint(10, 300)},{rng.randint(0, 99):02d}",
            "    updated: 08/08/2017",
            "    specs:",
            *[
                f"      {label}: {value}"
                for label, value in (
                    ("Métal", "bronze florentin"),
                    ("Diamètre", "41 mm"),
                    ("Poids", "31 g"),
                    ("Tranche", "cannelée"),
                    ("Qualité", "Belle Épreuve"),
                    ("Tirage", "5 000 exemplaires"),
                )
            ],
            f"    images: [images/photo{number % 5}.jpg]",
            "    description: |",
            *["      " + p + "\n" for p in paragraphs],
        ]
    path = folder / "catalog.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        catalog_path = make_catalog(Path(tmp), count)
        started = time.perf_counter()
        catalog, problems = check_catalog(catalog_path)
        assert catalog is not None, problems
        checked = time.perf_counter()
        ctx = LayoutContext.for_catalog(catalog)
        sheet_pages = 0
        for product in catalog.products:
            sheet_pages += render_sheet(product, catalog.category(product.category), ctx)[1]
        sheets_done = time.perf_counter()
        parallel = list(render_sheets(catalog, ctx, list(catalog.products)))
        parallel_done = time.perf_counter()
        data, brochure_pages = render_brochure(catalog, ctx)
        brochure_done = time.perf_counter()
        brochure_seconds = brochure_done - parallel_done
        report = build(catalog_path, Path(tmp) / "out")
        built = time.perf_counter()
        preflight(report.brochures[0])
        preflighted = time.perf_counter()
        sheet_sizes = sorted(path.stat().st_size for path in report.sheets)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sheet_seconds = sheets_done - checked
    parallel_seconds = parallel_done - sheets_done
    print(f"products:          {count}")
    print(f"load + check:      {checked - started:.2f} s")
    print(
        f"sheets:            {count / sheet_seconds:.1f} sheets/s ({sheet_pages} pages in {sheet_seconds:.2f} s)"
    )
    print(
        f"sheets, parallel:  {count / parallel_seconds:.1f} sheets/s ({len(parallel)} sheets in "
        f"{parallel_seconds:.2f} s, {os.cpu_count()} cores)"
    )
    print(
        f"brochure:          {brochure_pages / brochure_seconds:.1f} pages/s ({brochure_pages} pages in "
        f"{brochure_seconds:.2f} s, {len(data) / 1024:.0f} KiB)"
    )
    print(
        f"whole build:       {built - brochure_done:.2f} s ({len(report.sheets)} sheets + brochure, written, "
        f"preflight included)"
    )
    print(f"preflight alone:   {preflighted - built:.2f} s")
    print(
        f"sheet size:        median {sheet_sizes[len(sheet_sizes) // 2] / 1024:.0f} KiB, largest {sheet_sizes[-1] / 1024:.0f} KiB"
    )
    print(f"peak memory (RSS): {peak_mib:.0f} MiB (each sheet worker: {worker_peak_mib:.0f} MiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
